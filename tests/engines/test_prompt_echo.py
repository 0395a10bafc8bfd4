"""Prompt echoes: a run of the prompt's words in the model's prose, unless the article has it."""

from __future__ import annotations

from bot.engines.llm.prompt_echo import ECHO_WORDS, PromptEcho, _prompt_windows

RUN = " ".join(sorted(_prompt_windows())[0])
"""Some run of ECHO_WORDS words of the prompts, whichever comes first."""


def test_a_prompt_run_is_an_echo_unless_the_article_has_it_too() -> None:
    assert len(RUN.split()) == ECHO_WORDS
    prose = f"The council met on Tuesday. It said {RUN} today."
    elsewhere = PromptEcho("The council met on Tuesday and voted on the ferry budget.")
    assert elsewhere.echoes(prose)
    assert elsewhere.without_echo(prose) == "The council met on Tuesday."
    quoting = PromptEcho(f"A reader wrote in: {RUN}, and the council agreed.")
    assert not quoting.echoes(prose)
    assert quoting.without_echo(prose) == prose


def test_prose_without_a_prompt_run_is_left_as_it_is() -> None:
    echo = PromptEcho("The ferry runs twice a day from the northern pier.")
    prose = "The ferry will run three times a day from June."
    assert not echo.echoes(prose)
    assert echo.without_echo(prose) == prose

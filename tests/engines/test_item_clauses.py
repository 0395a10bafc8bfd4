"""An item is a statement: never an object and its label, a bare noun phrase, a date, or a
compound noun read as material showing something."""

import pytest

from bot.engines.offline.clauses import stands_alone
from bot.engines.offline.engine import write_brief
from bot.engines.offline.material import material_source, shows_material
from bot.models import Article


def brief_of(*paragraphs: str) -> list[str]:
    article = Article(
        title="Harbour row",
        paragraphs=list(paragraphs),
        text="\n\n".join(paragraphs),
        content_hash="h",
    )
    brief = write_brief(article)
    return [item.text for item in [*brief.claims, *brief.denials, *brief.evidence]]


@pytest.mark.parametrize(
    ("cue", "content", "alone"),
    [
        ("said", "the ferry would resume on Friday.", True),
        ("called", "the tariff plan a betrayal of the fishing towns.", False),
        ("branded", "him a coward.", False),
        ("described", "the leaked memo as a forgery.", False),
        ("described", "how the ferry sank.", True),
        ("called", "“a betrayal”, the mayor added.", True),
        ("reported", "its fourth outbreak of the fever this month.", False),
        ("reported", "the outbreak had spread to two villages.", True),
        ("announced", "the closure of the northern terminal in spring.", False),
        ("found", "the missing crates in a warehouse near the docks.", False),
        ("found", "their samples were contaminated before testing.", True),
        ("found", "that the crates were never inspected.", True),
        ("confirmed", "he had resigned.", True),
        # an object with a relative clause or an infinitive after it is no statement
        ("reported", "quarterly profits that beat forecasts.", False),
        ("revealed", "ambitious plans to double the fleet.", False),
        ("announced", "details of the timetable that starts in May.", False),
        ("added", "a second ferry to the winter route.", False),
        ("added", "the second ferry was late too.", True),
        ("announced", "it will close two offices.", True),
        ("reports", "the man who hid the crates was fined.", True),
        # the one urged and what they are urged to do
        ("urged", "the islanders and their council to reject the plan.", False),
        ("urged", "that the plan be rejected.", True),
        # a demand without "that": the one asked and what they must do
        ("demanding", "the harbour board close the pier.", False),
        ("asked", "the court to delay its ruling.", False),
        ("asked", "whether the pier would reopen.", True),
        ("demanded", "that the pier be closed.", True),
    ],
)
def test_words_after_a_cue_stand_alone_only_as_a_statement(
    cue: str, content: str, alone: bool
) -> None:
    assert stands_alone(cue, content) is alone


def test_a_label_is_briefed_as_the_whole_sentence() -> None:
    texts = brief_of(
        "The fishermen's union on Monday called the new quota rules an attack on coastal towns.",
        "The ministry said the quotas were needed to let cod stocks recover.",
    )
    assert (
        "The fishermen's union on Monday called the new quota rules an attack on coastal towns."
        in texts
    )
    assert not any(text.startswith("The new quota rules an attack") for text in texts)


def test_an_announcement_dated_before_that_keeps_only_what_was_announced() -> None:
    texts = brief_of(
        "The port authority announced Nov. 4 that it would close the north terminal for repair.",
        "Dock workers said the closure would cost hundreds of jobs.",
    )
    assert "It would close the north terminal for repair." in texts


@pytest.mark.parametrize(
    ("text", "shows"),
    [
        ("Start by growing your email list.", False),
        ("The video record of the hearing is kept in the archive.", False),
        ("The emails list every payment made to the firm.", True),
        ("The data show a sharp rise in complaints.", True),
        ("The log records each door opened after midnight.", True),
    ],
)
def test_a_noun_before_a_showing_verb_in_its_base_form_is_a_compound(
    text: str, shows: bool
) -> None:
    assert shows_material(text) is shows


def test_a_linking_phrase_before_the_material_is_not_its_source() -> None:
    assert material_source("For example, one survey shows that tenants pay more.") == "one survey"
    assert material_source("However, the audit shows a gap in the accounts.") == "the audit"


@pytest.mark.parametrize("dateline", ["TARNBY, Norland (Wire) — ", "LOMAR — ", "Port Tarn, NL – "])
def test_a_dateline_is_no_part_of_an_item(dateline: str) -> None:
    texts = brief_of(
        f"{dateline}The fishermen's union on Monday accused the ministry of rigging the quota "
        "auction, its leaders said.",
        "The ministry said the auction had been run by an independent panel.",
    )
    assert texts
    assert not any(text.startswith(dateline.split()[0].rstrip(",")) for text in texts)


def test_a_name_set_off_by_dashes_stays_in_an_item() -> None:
    texts = brief_of(
        "Jane Roe — the union's leader — accused the ministry of rigging the quota auction, "
        "union members said.",
    )
    assert any(text.startswith("Jane Roe") for text in texts)


def test_a_participle_words_away_from_a_noun_is_no_material_showing() -> None:
    assert not shows_material(
        "The lights pass messages from the dashboard and the other systems, such as "
        "suggesting a rest stop."
    )
    assert shows_material("Videos showing the raid were posted online.")
    assert shows_material("The party posted a video on social media containing a doctored clip.")


def test_a_dateline_before_words_attributed_after_them_is_no_part_of_the_item() -> None:
    texts = brief_of(
        "LOMAR — The quota auction was rigged in favour of two trawler firms, according to an "
        "audit by the fishermen's union.",
    )
    assert texts
    assert not any(text.startswith("LOMAR") for text in texts)


@pytest.mark.parametrize(
    ("paragraph", "item"),
    [
        # "that" followed by a verb is the words' subject, not the word that opens them
        (
            "In the north, the carmaker estimates that could be more like 300 miles a charge.",
            "That could be more like 300 miles a charge.",
        ),
        # the speaker set off inside the words: their opening stays with them
        (
            "That, the carmaker says, allows the ferry to steer around rocks with extra care.",
            "That allows the ferry to steer around rocks with extra care.",
        ),
        # what was explained is the account itself, not "how …"
        (
            "Edda Quint spent a minute explaining how she could not have been at the pier, "
            "because the gate was shut.",
            "She could not have been at the pier, because the gate was shut.",
        ),
    ],
)
def test_an_item_keeps_the_opening_of_the_reported_words(paragraph: str, item: str) -> None:
    assert item in brief_of(paragraph)


def test_a_relative_clause_before_the_reported_words_is_no_place_to_cut_the_item() -> None:
    paragraph = (
        "In a sign of the muddle, the Ferry Board, which licenses the boats, issued a statement "
        'warning that "passengers are entitled to clear timetables."'
    )
    texts = brief_of(paragraph)
    assert "In a sign of the muddle, the Ferry Board." not in texts
    assert any("clear timetables" in text for text in texts)


@pytest.mark.parametrize("mark", ["'", "‘"])
def test_a_quotation_closed_after_a_comma_ends_with_a_period_inside_it(mark: str) -> None:
    closing = "’" if mark == "‘" else "'"
    paragraph = (
        f'"My first thought was, {mark}Oh no, they will draw a crowd and, maybe, not a kind '
        f'one,{closing} " Ilse Varga said of the new ferry timetable.'
    )
    texts = brief_of(paragraph)
    said = "My first thought was, {}Oh no, they will draw a crowd and, maybe, not a kind one.{}"
    assert said.format(mark, closing) in texts

"""The command line: `briefbot extract | brief | ask | run | worker`; errors become one line on
stderr."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, Literal

from pydantic import ValidationError

from bot.config import Settings, is_postgres_url
from bot.errors import BotConfigError, BriefError
from bot.ingest.source import load_source
from bot.models import Article
from bot.render.text import render_answer_text, render_article_text, render_brief_text
from bot.text.display import display_safe

log = logging.getLogger("briefbot")

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
_PAGE_LIBRARIES = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefbot",
        description="Grounded briefs of contested news: claims, denials, evidence, unverified.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    source_help = "a URL, a .html/.htm/.txt file, or - for standard input"
    extract = commands.add_parser("extract", help="fetch, extract and clean an article")
    extract.add_argument("source", metavar="SOURCE", help=source_help)
    extract.add_argument("--json", action="store_true", help="print one JSON object")

    brief = commands.add_parser("brief", help="write a brief of an article")
    brief.add_argument("source", metavar="SOURCE", help=source_help)
    brief.add_argument("--json", action="store_true", help="print one JSON object")
    brief.add_argument(
        "--full", action="store_true", help="every claim, denial and piece of evidence"
    )
    brief.add_argument("--engine", choices=["offline", "llm"], help="override BRIEFBOT_ENGINE")

    ask = commands.add_parser("ask", help="answer a question about an article")
    ask.add_argument("source", metavar="SOURCE", help=source_help)
    ask.add_argument("question", metavar="QUESTION")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--engine", choices=["offline", "llm"], help="override BRIEFBOT_ENGINE")

    commands.add_parser(
        "run", help="start the Telegram bot (the ingress when BRIEFBOT_DB is PostgreSQL)"
    )
    commands.add_parser("worker", help="run queued jobs (BRIEFBOT_DB a postgresql:// URL)")
    return parser


def postgres_url(settings: Settings) -> str | None:
    """The database URL when BRIEFBOT_DB names a PostgreSQL server (several processes)."""
    if isinstance(settings.db, Path):
        return None
    url = settings.db.get_secret_value()
    return url if is_postgres_url(url) else None


def _article_json(article: Article) -> dict[str, object]:
    data = article.model_dump(mode="json")
    data["url"] = article.final_url or article.url
    data["requested_url"] = article.url
    return data


def _stdin() -> BinaryIO | None:
    """None when the process was started with standard input closed."""
    return sys.stdin.buffer if sys.stdin is not None else None


def _emit(text: str) -> None:
    sys.stdout.write(display_safe(text))
    sys.stdout.flush()


async def _extract(args: argparse.Namespace, settings: Settings) -> None:
    article = await load_source(args.source, settings, stdin=_stdin())
    if args.json:
        _emit(json.dumps(_article_json(article), ensure_ascii=False) + "\n")
    else:
        _emit(render_article_text(article))


async def _brief(args: argparse.Namespace, settings: Settings) -> None:
    from bot.engines.select import build_engine, close_engine
    from bot.service import brief_article

    choice: Literal["offline", "llm"] | None = args.engine
    engine = build_engine(settings, choice)
    try:
        article = await load_source(args.source, settings, stdin=_stdin())
        brief = await brief_article(article, engine)
    finally:
        await close_engine(engine)
    if args.json:
        _emit(brief.model_dump_json() + "\n")
    else:
        _emit(render_brief_text(brief, article, full=args.full))


async def _ask(args: argparse.Namespace, settings: Settings) -> None:
    from bot.engines.select import build_engine, close_engine
    from bot.service import answer_question

    question = args.question.strip()
    if not question:
        raise BriefError(
            "the question is empty: write it in quotes after the source, "
            'as in ask story.html "Who denied it?"'
        )
    choice: Literal["offline", "llm"] | None = args.engine
    engine = build_engine(settings, choice)
    try:
        article = await load_source(args.source, settings, stdin=_stdin())
        answer = await answer_question(article, question, engine)
    finally:
        await close_engine(engine)
    if args.json:
        _emit(answer.model_dump_json() + "\n")
    else:
        _emit(render_answer_text(answer))


def _run_bot(settings: Settings) -> None:
    url = postgres_url(settings)
    if url is not None:
        from bot.scale.processes import run_ingress_process

        run_ingress_process(settings, url)
        return
    from bot.telegram.app import run_bot

    run_bot(settings)


def _run_worker(settings: Settings) -> None:
    url = postgres_url(settings)
    if url is None:
        raise BotConfigError(
            "briefbot worker needs BRIEFBOT_DB to be a postgresql:// URL; "
            "with SQLite, briefbot run does all the work in one process"
        )
    from bot.scale.processes import run_worker_process

    run_worker_process(settings, url)


def _quiet_level(command: str) -> int:
    """A running bot reports what it does; one-shot commands keep stderr for errors."""
    return logging.INFO if command in ("run", "worker") else logging.WARNING


def _one_line(text: str) -> str:
    return " ".join(text.split())


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else _quiet_level(args.command),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every request at INFO: a polling bot would log each getUpdates.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if not args.verbose:
        # Their warnings about a page come before, and say less than, the one line of failure.
        for name in _PAGE_LIBRARIES:
            logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        settings = Settings()
        if args.command == "run":
            _run_bot(settings)
            return 0
        if args.command == "worker":
            _run_worker(settings)
            return 0
        handler = {"extract": _extract, "brief": _brief, "ask": _ask}[args.command]
        asyncio.run(handler(args, settings))
    except BriefError as exc:
        print(f"briefbot: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "settings"
        print(f"briefbot: invalid setting {where}: {first['msg']}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("briefbot: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_FAILURE
    except Exception as exc:  # the edge: never a traceback for a person
        log.debug("unexpected failure", exc_info=True)
        reason = _one_line(str(exc)) or "no details"
        print(f"briefbot: unexpected error ({type(exc).__name__}): {reason}", file=sys.stderr)
        return EXIT_FAILURE
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

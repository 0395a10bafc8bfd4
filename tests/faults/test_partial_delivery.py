"""A brief in several messages: each part is recorded as it goes out, not after the last."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.testing.pages import Route, serve_pages
from bot.testing.telegram import TelegramStandIn
from tests.faults.test_telegram_faults import LONG_PARAGRAPHS, ManyClaimsEngine
from tests.telegram.harness import CHAT, close_harness, open_harness


async def test_parts_sent_before_a_failure_can_be_replied_to(
    telegram: TelegramStandIn, tmp_path: Path
) -> None:
    name, send_message = telegram._methods["sendmessage"]

    sent: list[int] = []

    async def fail_after_the_second_part(params: dict[str, Any]) -> Any:
        # The first sendMessage is the status message, which part 1 is edited into.
        result = await send_message(params)
        sent.append(result["message_id"])
        if len(sent) == 2:
            telegram.fail_next(
                "sendMessage", error_code=403, description="Forbidden: bot was blocked by the user"
            )
        return result

    telegram._methods["sendmessage"] = (name, fail_after_the_second_part)
    body = "".join(f"<p>{p}</p>" for p in LONG_PARAGRAPHS)
    page = f"<html><head><title>Carrow inquiry</title></head><body><article>{body}</article>"
    with serve_pages({"/long": Route(body=page.encode())}) as pages:
        bot = await open_harness(telegram, pages, tmp_path / "db.sqlite3", ManyClaimsEngine())
        try:
            await bot.send(bot.link(pages.url("/long")))
            shown = [m for m in telegram.sent_messages(CHAT) if not m.deleted]
            assert len(shown) == 2  # the status message became part 1; part 3 never went out
            assert shown[-1].reply_markup is None
            for message in shown:
                assert await bot.store.brief_for_message(CHAT, message.message_id) is not None
        finally:
            await close_harness(bot)

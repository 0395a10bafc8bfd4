"""A brief in several messages: each part is recorded as it goes out, not after the last."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.testing.pages import Route, serve_pages
from bot.testing.telegram import TelegramStandIn
from tests.faults.test_telegram_faults import LONG_PARAGRAPHS, ManyClaimsEngine
from tests.telegram.harness import CHAT, close_harness, open_harness
from tests.telegram.test_bot_flow import press


async def test_parts_sent_before_a_failure_can_be_replied_to(
    telegram: TelegramStandIn, tmp_path: Path
) -> None:
    """A section too long for one message goes out in parts; each is recorded as it is sent."""
    body = "".join(f"<p>{p}</p>" for p in LONG_PARAGRAPHS)
    page = f"<html><head><title>Carrow inquiry</title></head><body><article>{body}</article>"
    with serve_pages({"/long": Route(body=page.encode())}) as pages:
        bot = await open_harness(telegram, pages, tmp_path / "db.sqlite3", ManyClaimsEngine())
        try:
            await bot.send(bot.link(pages.url("/long")))
            before = {m.message_id for m in telegram.sent_messages(CHAT)}
            send_message = telegram.methods.handler("sendMessage")
            sent: list[int] = []

            async def fail_after_the_second_part(params: dict[str, Any]) -> Any:
                result = await send_message(params)
                sent.append(result["message_id"])
                if len(sent) == 2:
                    telegram.fail_next(
                        "sendMessage",
                        error_code=403,
                        description="Forbidden: bot was blocked by the user",
                    )
                return result

            telegram.methods.replace("sendMessage", fail_after_the_second_part)
            await press(bot, "Claims")
            parts = [
                m
                for m in telegram.sent_messages(CHAT)
                if m.message_id not in before and not m.deleted
            ]
            assert len(parts) == 2  # the third part never went out
            assert parts[-1].reply_markup is None  # the keyboard was to go under the last
            for message in parts:
                assert await bot.store.brief_for_message(CHAT, message.message_id) is not None
        finally:
            await close_harness(bot)

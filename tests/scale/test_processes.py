"""The bot as several processes: one ingress and two workers over one PostgreSQL database.

Everything is real and on loopback: the processes are `briefbot run` and `briefbot worker`
subprocesses, PostgreSQL is a throwaway server, Telegram is the Bot API stand-in and the model
the OpenAI stand-in. What is checked is what the people in the chats see.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from pathlib import Path

import pytest

from bot.testing.pages import Route
from bot.testing.scale_cluster import ScaleRig, doubled, running_scale_rig, verdict
from bot.testing.synthetic_articles import article_html

pytestmark = pytest.mark.slow

ENGINE_CAP = 3
QUESTIONS = ("Who denied the account?", "What do the internal documents show?")


def stories(count: int) -> dict[str, Route]:
    return {f"/story/{i}": Route(body=article_html(i).encode()) for i in range(count)}


def first_brief(rig: ScaleRig, chat_id: int) -> int:
    briefs = [r for r in rig.driver.by_chat[chat_id] if r.outcome == "brief"]
    assert briefs, f"chat {chat_id} got no brief"
    found = briefs[0].reply_message_id
    assert found is not None
    return found


def briefings_sent(rig: ScaleRig, chat_id: int) -> list[str]:
    return [
        m.visible_text
        for m in rig.telegram.sent_messages(chat_id)
        if m.visible_text.startswith("Your briefing")
    ]


async def test_every_message_is_answered_once_in_order_across_two_workers(
    postgres_db: str, tmp_path: Path
) -> None:
    chats, links = 50, 4
    async with running_scale_rig(
        db_url=postgres_db,
        workdir=tmp_path,
        routes=stories(chats * links),
        latency=0.05,
        engine_cap=ENGINE_CAP,
    ) as bot:
        await bot.start(workers=2)
        daily_chat = 900
        # A daily briefing due in one to two minutes, set through the ingress and a worker.
        due = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)
        for i in range(2):
            bot.driver.send_link(daily_chat, bot.pages.url(f"/story/{i}"))
        bot.telegram.queue_update(bot.telegram.command(daily_chat, f"/daily {due:%H:%M} UTC"))
        for chat in range(chats):
            for i in range(links):
                bot.driver.send_link(1000 + chat, bot.pages.url(f"/story/{chat * links + i}"))
        assert await bot.driver.wait_all(600, bot.cluster), bot.cluster.logs()
        for chat in range(chats):
            bot.driver.send_question(
                1000 + chat, QUESTIONS[chat % 2], first_brief(bot, 1000 + chat)
            )
        assert await bot.driver.wait_all(300, bot.cluster), bot.cluster.logs()

        seen = verdict(bot.driver)
        assert seen == {
            "requests": chats * links + chats + 2,
            "lost": 0,
            "duplicates": 0,
            "errors": 0,
            "chats_out_of_order": 0,
        }, bot.cluster.logs()
        assert 1 <= bot.llm.peak_in_flight <= ENGINE_CAP

        await bot.telegram.wait_for(lambda: bool(briefings_sent(bot, daily_chat)), timeout=150)
        await asyncio.sleep(12)  # a second scan (every 10 s) must not send it again
        assert len(briefings_sent(bot, daily_chat)) == 1, bot.cluster.logs()


async def test_a_killed_worker_s_jobs_are_finished_and_a_restart_loses_nothing(
    postgres_db: str, tmp_path: Path
) -> None:
    chats, links = 12, 3
    async with running_scale_rig(
        db_url=postgres_db,
        workdir=tmp_path,
        routes=stories(chats * links + 20),
        latency=1.0,
        engine_cap=ENGINE_CAP,
    ) as bot:
        await bot.start(workers=2)
        for chat in range(chats):
            for i in range(links):
                bot.driver.send_link(2000 + chat, bot.pages.url(f"/story/{chat * links + i}"))
        # Mid-run: some replies are out, most are not.
        deadline = time.monotonic() + 120
        while sum(1 for r in bot.driver.tracker.requests.values() if r.finals) < 4:
            assert time.monotonic() < deadline, bot.cluster.logs()
            await asyncio.sleep(0.05)
        # Killed while its sends wait at Telegram, not carried out: a worker killed between
        # Telegram's answer and its journal entry sends that message again (delivery is at
        # least once), and the instant a reply is seen is just that moment for its sender. The
        # sends answered before the hold are journalled in the second it lasts.
        bot.telegram.hold("sendMessage")
        await asyncio.sleep(1.0)
        bot.cluster.kill("worker0")
        await bot.cluster.processes["worker0"].wait()
        bot.cluster.processes.pop("worker0")
        bot.telegram.release("sendMessage")
        assert await bot.driver.wait_all(240, bot.cluster), bot.cluster.logs()
        assert verdict(bot.driver)["lost"] == 0
        # The killed worker was cut off mid-job, and the other ran those jobs again.
        survivor = (tmp_path / "worker1.1.log").read_text()
        assert "(briefbot.handle_update) of a stopped worker is run again" in survivor

        # Everything stops; messages sent meanwhile wait in Telegram; everything starts again.
        await bot.cluster.stop_all()
        for chat in range(5):
            bot.driver.send_link(2000 + chat, bot.pages.url(f"/story/{chats * links + chat}"))
        await bot.start(workers=2)
        assert await bot.driver.wait_all(240, bot.cluster), bot.cluster.logs()
        seen = verdict(bot.driver)
        assert seen == {
            "requests": chats * links + 5,
            "lost": 0,
            "duplicates": 0,
            "errors": 0,
            "chats_out_of_order": 0,
        }, f"{doubled(bot.driver)}\n{bot.cluster.logs()}"
        assert bot.llm.peak_in_flight <= ENGINE_CAP

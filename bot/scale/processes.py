"""The entry points of `briefbot run` (the ingress) and `briefbot worker` with PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from bot.config import Settings
from bot.scale.ingress import run_ingress
from bot.scale.worker import run_worker

log = logging.getLogger(__name__)

KEEP_UPDATE_IDS = dt.timedelta(days=2)


def run_ingress_process(settings: Settings, conninfo: str) -> None:
    asyncio.run(_ingress(settings, conninfo))


async def _ingress(settings: Settings, conninfo: str) -> None:
    from bot.store.postgres import PostgresStore

    # Migrated under the store's advisory lock.
    store = await PostgresStore.open(conninfo, pool_size=settings.db_pool_size)
    try:
        # Telegram sends an update again for a day at most: older ids need not be kept.
        await store.prune(dt.datetime.now(dt.UTC) - KEEP_UPDATE_IDS)
        await run_ingress(settings, conninfo, store.record_update_then)
    finally:
        await store.close()


def run_worker_process(settings: Settings, conninfo: str) -> None:
    asyncio.run(run_worker(settings, conninfo))

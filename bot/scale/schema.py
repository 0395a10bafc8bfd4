"""The scale processes' tables are migrations of the store (bot.store.postgres_migrations):
2 is the sent-message journal, the user rate-limit events and the flood-limit reservations,
3 is procrastinate's schema. Whichever process opens the store first applies them, under the
store's migration lock; the ingress and the workers open the store before they queue or run a
job.

`apply_queue_schema` stays only because `bot.scale.ingress.run_ingress` still calls it at
start-up, after its process has opened (and so migrated) the store: it finds nothing to do.
Remove the two together.
"""

from __future__ import annotations

from bot.store.postgres import migrate


async def apply_queue_schema(conninfo: str) -> None:
    """The store's migrations, as `PostgresStore.open` applies them."""
    await migrate(conninfo)

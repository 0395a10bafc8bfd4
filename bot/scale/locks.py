"""The PostgreSQL advisory locks the processes share, in one two-number key space of their own.

Session locks (held by a connection) are released by the server when the process holding them
dies, which is what makes them fit for "one poller" and "N engine slots". A process that dies
closes its connections at once; a machine that vanishes (power, network) closes nothing, and
the server would hold its locks until TCP gives up, two hours by default. The connections that
hold locks therefore ask for TCP keepalives (libpq's `keepalives_*` and `tcp_user_timeout`), so
the server drops a vanished holder's locks in about half a minute.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

NAMESPACE = 0x62726966
"""The first half of every key ("brif"); the second names what is locked."""
USER_NAMESPACE = NAMESPACE + 1
"""The first half of the per-user keys; the second is a hash of the user's id."""
SENDER_NAMESPACE = NAMESPACE + 2
"""The first half of the keys each sent-message journal holds while its process lives."""


class LockKey(IntEnum):
    POLLING = 2
    SEND_SLOTS = 3
    ENGINE_SLOT_BASE = 1000
    """Engine slot `i` is ENGINE_SLOT_BASE + i."""


HOLDER_KEEPALIVES: dict[str, Any] = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,
}
"""The client's side: probes after 10 s of silence, every 5 s, dead after three missed; data
unacknowledged for 30 s closes the connection too."""
SERVER_KEEPALIVES = (
    "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3"
    " -c tcp_user_timeout=30000"
)
"""The server's side, the one that releases the locks, set for the session in its startup
options."""


async def connect_holder(conninfo: str) -> psycopg.AsyncConnection[Any]:
    """An autocommit connection fit to hold session locks: both ends notice a vanished peer."""
    given = conninfo_to_dict(conninfo).get("options")
    options = f"{given} {SERVER_KEEPALIVES}" if given else SERVER_KEEPALIVES
    return await psycopg.AsyncConnection.connect(
        conninfo, autocommit=True, options=options, **HOLDER_KEEPALIVES
    )

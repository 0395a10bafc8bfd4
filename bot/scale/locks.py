"""The PostgreSQL advisory locks the processes share, in one two-number key space of their own.

Session locks (held by a connection) are released by the server when the process holding them
dies, which is what makes them fit for "one poller" and "N engine slots".
"""

from __future__ import annotations

from enum import IntEnum

NAMESPACE = 0x62726966
"""The first half of every key ("brif"); the second names what is locked."""
USER_NAMESPACE = NAMESPACE + 1
"""The first half of the per-user keys; the second is a hash of the user's id."""
SENDER_NAMESPACE = NAMESPACE + 2
"""The first half of the keys each sent-message journal holds while its process lives."""


class LockKey(IntEnum):
    SCHEMA = 1
    POLLING = 2
    SEND_SLOTS = 3
    ENGINE_SLOT_BASE = 1000
    """Engine slot `i` is ENGINE_SLOT_BASE + i."""

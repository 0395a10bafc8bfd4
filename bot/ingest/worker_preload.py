"""What the extraction workers' fork server loads before it forks them: the extraction stack
and py3langid's model. Loaded once there, it is shared by every worker, and no page waits for it
(the model alone takes more CPU to load than a dozen pages take to read)."""

from __future__ import annotations

import contextlib

from bot.ingest import extract, source
from bot.ingest.language import load_model

__all__ = ["extract", "source"]

# A model that cannot load is reported by the first page that needs a guess, not by the server.
with contextlib.suppress(Exception):
    load_model()

"""Imported by the fork server of a long-lived extraction pool (the bot's) before it forks the
workers: py3langid's model, loaded once there, is shared by every worker, and no page waits for
it (loading it takes more CPU than a dozen pages take to read). A one-off pool (a command-line
brief) does not import this: most pages declare their language, and need no model at all."""

from __future__ import annotations

import contextlib

from bot.ingest.language import load_model

# A model that cannot load is reported by the first page that needs a guess, not by the server.
with contextlib.suppress(Exception):
    load_model()

"""Without the scale extra these tests cannot even be imported: they skip then, except in CI."""

from __future__ import annotations

import importlib.util
import os

_MISSING = [name for name in ("psycopg", "procrastinate") if importlib.util.find_spec(name) is None]

if _MISSING and os.environ.get("CI", "").lower() != "true":
    collect_ignore_glob = ["test_*.py"]

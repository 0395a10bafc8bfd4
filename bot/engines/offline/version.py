"""The offline engine's version: a digest of its rule sources, so a changed rule is a new key.

Nobody has to remember to bump a number: any edit to a file the rules are made of (the offline
engine's modules and the shared text and intake pieces they read) gives briefs a new cache key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[2]
# The intake's boilerplate families are read too: they tell the engine what page furniture is.
RULE_SOURCES: tuple[Path, ...] = (
    _PACKAGE / "engines" / "offline",
    _PACKAGE / "text",
    _PACKAGE / "ingest",
)
_DIGEST_CHARS = 12


def rules_version(roots: Sequence[Path] = RULE_SOURCES) -> str:
    """`rules-<digest>` over every file under `roots` (code, word lists, trained weights)."""
    digest = hashlib.sha256()
    for root in (Path(root).resolve() for root in roots):
        for path in sorted(root.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return f"rules-{digest.hexdigest()[:_DIGEST_CHARS]}"

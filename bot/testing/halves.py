"""A fixed split of an eval set into a half to tune rules on and a half to report.

Why: rules written while reading an eval set fit it; the figure that counts comes from files the
rules were not tuned on. The half is decided by a hash of the file's name, so it never changes
with the order of files or the machine, and new files fall into a half of their own.
"""

from __future__ import annotations

import hashlib
from typing import Literal

Split = Literal["tune", "report", "all"]
SPLITS: tuple[Split, ...] = ("tune", "report", "all")


def half_of(name: str) -> Split:
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return "tune" if digest[0] % 2 == 0 else "report"


def in_split(name: str, split: Split) -> bool:
    return split == "all" or half_of(name) == split

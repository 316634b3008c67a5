"""Sharding: which DAG files one of N CI jobs checks, decided per file, before any is parsed.

A file belongs to shard ``sha256(name) mod N``, where ``name`` is the project-relative
name dag.json records: stable across machines, checkouts and runs, and independent of
the other files, so a job never parses a file of another shard to decide. All DAGs of a
file stay in one shard (the file is parsed once).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .exceptions import UsageError

_SPEC = re.compile(r"(\d+)/(\d+)")


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as CI matrices count
    count: int

    @classmethod
    def parse(cls, text: str, given_by: str) -> Shard:
        match = _SPEC.fullmatch(text.strip())
        if match is None or not 1 <= int(match[1]) <= int(match[2]):
            raise UsageError(f"{given_by} {text!r}: write K/N with 1 <= K <= N, e.g. 2/4")
        return cls(int(match[1]), int(match[2]))

    def holds(self, name: str) -> bool:
        digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

"""Validation reports kept on disk by the hash of everything that made them: `.cache/<kind>/<key>.json`, written
atomically, safe to delete. A report is a pure function of its inputs (files, settings, the code, the date the
checks compare with), so a report kept for the same inputs is the report validating them again would give; a
no-op rebuild of 1,000 indicators spent most of its time making it again."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from generator.issues import Issue
from generator.layout import Layout


def code_hash(*files: Path) -> str:
    """Part of a key: the code that makes a report (and its texts)."""
    return hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()


def key_of(parts: Iterable[str], files: Iterable[tuple[str, Path]]) -> str:
    """The hash of `parts` and of each (label, file)'s bytes, every piece with its length."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(f"{len(part)}\0{part}".encode("utf-8"))
    for label, path in files:
        data = path.read_bytes()
        digest.update(f"{label}\0{len(data)}\0".encode("utf-8"))
        digest.update(data)
    return digest.hexdigest()


def _file(layout: Layout, kind: str, key: str) -> Path:
    return layout.cache / kind / f"{key}.json"


def read(layout: Layout, kind: str, key: str) -> list[Issue] | None:
    try:
        rows = json.loads(_file(layout, kind, key).read_text(encoding="utf-8"))
        return [Issue(**row) for row in rows]
    except (OSError, ValueError, TypeError):  # not kept yet, deleted, or not readable: validate again
        return None


def keep(layout: Layout, kind: str, key: str, issues: list[Issue]) -> None:
    from generator.write import write_atomically
    try:
        write_atomically(_file(layout, kind, key), json.dumps([dataclasses.asdict(i) for i in issues],
                                                              ensure_ascii=False).encode("utf-8"))
    except OSError:  # a cache that cannot be written only costs time
        pass

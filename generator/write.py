"""The only module that writes into site_src/ and site/."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.layout import GENERATED_DIRS, Layout


def write_generated(layout: Layout, files: dict[str, bytes]) -> int:
    """Make site_src/'s generated folders hold exactly `files`. Unchanged files are left alone, so
    `mkdocs serve` does not see a change (and rebuild again) when nothing changed. Returns files written."""
    written = 0
    for rel, data in sorted(files.items()):
        target = layout.site_src / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    for folder in GENERATED_DIRS:
        base = layout.site_src / folder
        for path in sorted(base.rglob("*")) if base.is_dir() else []:
            if path.is_file() and path.relative_to(layout.site_src).as_posix() not in files:
                path.unlink()
        for path in sorted(base.rglob("*"), reverse=True) if base.is_dir() else []:
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written


def replace_site(new_site: Path, site: Path) -> None:
    """Swap a finished build into place; the old site stays until the new one is complete."""
    old = site.with_name(site.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if site.exists():
        os.replace(site, old)
    os.replace(new_site, site)
    if old.exists():
        shutil.rmtree(old)

"""The only module that writes into site_src/ and site/."""
from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

from generator.layout import GENERATED_DIRS, Layout


def write_generated(layout: Layout, files) -> int:
    """Make site_src/'s generated folders hold exactly `files`. Unchanged files are left alone, so
    `mkdocs serve` does not see a change (and rebuild again) when nothing changed. Returns files written."""
    written, paths = 0, set(files)  # the paths first: a spooled file moved into place leaves `files`
    for rel in sorted(paths):  # one file's bytes at a time (files may be spooled on disk: generator/spool.py)
        target = layout.site_src / rel
        spooled = files.spooled_path(rel) if hasattr(files, "spooled_path") else None
        if spooled is not None:  # compared and copied a block at a time: the whole site's JSON is 0.5 GB at scale
            if target.is_file() and filecmp.cmp(spooled, target, shallow=False):
                continue
            if not files.move_to(rel, target):  # renamed into place when it can be (the spool is under .cache/)
                copy_atomically(spooled, target)
        else:
            data = files[rel]
            if target.is_file() and target.read_bytes() == data:
                continue
            write_atomically(target, data)
        written += 1
    for folder in GENERATED_DIRS:
        base = layout.site_src / folder
        for path in sorted(base.rglob("*")) if base.is_dir() else []:
            if path.is_file() and path.relative_to(layout.site_src).as_posix() not in paths:
                path.unlink()
        for path in sorted(base.rglob("*"), reverse=True) if base.is_dir() else []:
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written


def write_atomically(target: Path, data: bytes) -> None:
    """Write a temporary file beside the target, then rename it into place: a kill or a full disk leaves the old
    file or none, never half a file that a later build would take for a finished one."""
    _replace(target, lambda temporary: temporary.write_bytes(data))


def copy_atomically(source: Path, target: Path) -> None:
    """write_atomically(target, source.read_bytes()), without holding the file."""
    _replace(target, lambda temporary: shutil.copyfile(source, temporary))


def _replace(target: Path, fill) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        fill(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def readable_by_all(folder: Path) -> None:
    """Folders 0755 and files 0644 (the site is public: a web server running as another user must read it)."""
    os.chmod(folder, 0o755)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o755)
        for name in files:
            os.chmod(os.path.join(root, name), 0o644)


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


STAGING_PREFIX = ".site-"  # staging folders are named .site-<pid of the build>-<random>


def remove_stale_staging(parent: Path) -> list[Path]:
    """Staging folders whose build is gone (killed before it could clean up) are removed by the next build.
    A folder whose build process still runs is left alone."""
    removed = []
    for path in sorted(parent.glob(STAGING_PREFIX + "*")):
        owner = path.name[len(STAGING_PREFIX):].partition("-")[0]
        if path.is_dir() and not (owner.isdigit() and _alive(int(owner))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True

"""What MkDocs reads, as one hash: when it matches the last build's, the built site/ is already what MkDocs would
make, so the build skips MkDocs and rewrites nothing (a no-op rebuild)."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from generator.layout import Layout

# The packages whose code turns site_src/ into site/.
MKDOCS_PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "jieba")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _add_files(digest, paths: list[Path], base: Path, known: "FileDigests") -> None:
    """Each file's path (relative to base), length and content: a renamed, edited or deleted file changes the hash."""
    for path in paths:
        _add_file(digest, path.relative_to(base).as_posix(), path, known)


def _add_file(digest, label: str, path: Path, known: "FileDigests") -> None:
    size, content = known.of(path)
    digest.update(f"{label}\0{size}\0{content}\0".encode("utf-8"))


class FileDigests:
    """Each file's sha256, kept in .cache/file-digests.json beside its size, modification and change times and
    inode: a file whose stat is the same is not read again, as git's index does (a large site's site_src/ is
    gigabytes, hashed twice by a no-op rebuild). A file modified less than RACY_NS before its digest was taken is
    read again: a file system's clock may not tell apart two writes that close (git's "racy" files). Safe to delete."""

    RACY_NS = 2_000_000_000

    def __init__(self, layout: Layout):
        self.path = layout.cache / "file-digests.json"
        try:
            self.known = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        if not isinstance(self.known, dict):
            self.known = {}
        self.changed = False

    def of(self, path: Path) -> tuple[int, str]:
        """(size, sha256 of the content) of the file."""
        stat = path.stat()
        key, seen = os.path.abspath(path), [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        entry = self.known.get(key)
        if isinstance(entry, list) and len(entry) == 6 and entry[:4] == seen and seen[1] < entry[4] - self.RACY_NS:
            return stat.st_size, entry[5]
        digest = hashlib.sha256()
        with path.open("rb") as file:
            while block := file.read(BLOCK):
                digest.update(block)
        self.known[key] = [*seen, time.time_ns(), digest.hexdigest()]
        self.changed = True
        return stat.st_size, digest.hexdigest()

    def save(self) -> None:
        if not self.changed:
            return
        from generator.write import write_atomically
        live = {key: entry for key, entry in self.known.items() if os.path.exists(key)}
        try:
            write_atomically(self.path, json.dumps(live, sort_keys=True).encode("utf-8"))
        except OSError:  # without it the next build reads the files again
            pass


BLOCK = 1 << 20


def mkdocs_inputs(layout: Layout, site: Path, settings: dict[str, str]) -> str:
    """The hash of every file MkDocs reads (site_src/, mkdocs.yml, the generator whose hooks it runs), the
    versions of the packages it runs, the settings passed to it and where it writes."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode("utf-8"))
        digest.update(data)

    for name in (*MKDOCS_PACKAGES, "python"):
        add(f"version:{name}", (_version(name) if name != "python" else sys.version).encode("utf-8"))
    for key, value in sorted(settings.items()):
        add(f"setting:{key}", value.encode("utf-8"))
    add("site", str(site.resolve()).encode("utf-8"))
    add("mkdocs.yml", layout.mkdocs_yml.read_bytes())
    known = FileDigests(layout)
    for folder in (layout.site_src, layout.root / "generator"):
        for path in _files(folder):
            _add_file(digest, path.relative_to(layout.root).as_posix(), path, known)
    known.save()
    return digest.hexdigest()


def stamp_file(layout: Layout, site: Path) -> Path:
    """Where the inputs' hash of the site now at `site` is kept (one per site folder)."""
    name = hashlib.sha256(str(site.resolve()).encode("utf-8")).hexdigest()[:16]
    return layout.cache / "mkdocs" / f"{name}.inputs"


def is_current(layout: Layout, site: Path, key: str) -> bool:
    stamp = stamp_file(layout, site)
    try:
        return site.is_dir() and (site / "index.html").is_file() and stamp.read_text(encoding="ascii") == key
    except (OSError, UnicodeDecodeError):
        return False


def _installed() -> str:
    """Every installed package and its version: the generator's output depends on pandas, Altair, vl-convert…"""
    return "\n".join(sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()))


def _release_tags(layout: Layout) -> str:
    """The data release tags and what they point at: earlier releases' packages are rebuilt from them."""
    try:
        done = subprocess.run(["git", "for-each-ref", "--format=%(refname) %(objectname)", "refs/tags/"],
                              cwd=layout.root, capture_output=True, text=True, encoding="utf-8")
    except OSError:
        return "no git"
    return f"{done.returncode}\n{done.stdout}"


def generate_inputs(layout: Layout, settings: dict[str, str]) -> str:
    """The hash of what `generate` reads: the data, schemas and code lists, the generator and its templates,
    mkdocs.yml (the publisher's settings), the git tags of earlier releases, the installed packages, and its settings
    (site URL, whether PNGs are made)."""
    digest = hashlib.sha256()
    for key, value in [("python", sys.version), ("packages", _installed()), ("tags", _release_tags(layout)),
                       *sorted(settings.items())]:
        digest.update(f"{key}\0{value}\0".encode("utf-8"))
    known = FileDigests(layout)
    settings_file = [layout.mkdocs_yml] if layout.mkdocs_yml.is_file() else []
    for paths in (settings_file, *(_files(f) for f in (layout.datasets, layout.schemas, layout.root / "generator"))):
        _add_files(digest, paths, layout.root, known)
    known.save()
    return digest.hexdigest()


def generated_files(layout: Layout) -> str:
    """The hash of the generated part of site_src/ as it is on disk (a hand edit or a deleted file shows)."""
    from generator.layout import GENERATED_DIRS, GENERATED_FILES, JIEBA_FILE, NAV_FILE

    digest = hashlib.sha256()
    paths = [p for d in GENERATED_DIRS for p in _files(layout.site_src / d)]
    paths += [layout.site_src / f for f in (*GENERATED_FILES, NAV_FILE, JIEBA_FILE) if (layout.site_src / f).is_file()]
    known = FileDigests(layout)
    _add_files(digest, sorted(paths), layout.site_src, known)
    known.save()
    return digest.hexdigest()


def generate_stamp(layout: Layout) -> Path:
    return layout.cache / "generate.json"

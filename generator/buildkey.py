"""What MkDocs reads, as one hash: when it matches the last build's, the built site/ is already what MkDocs would
make, so the build skips MkDocs and rewrites nothing (a no-op rebuild)."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
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


def _add_files(digest, paths: list[Path], base: Path) -> None:
    """Each file's path (relative to base), length and bytes: a renamed, edited or deleted file changes the hash."""
    for path in paths:
        _add_file(digest, path.relative_to(base).as_posix(), path)


BLOCK = 1 << 20


def _add_file(digest, label: str, path: Path) -> None:
    """The label, the file's length and its bytes, read a block at a time (a large site's downloads are 0.5 GB)."""
    with path.open("rb") as file:
        digest.update(f"{label}\0{os.fstat(file.fileno()).st_size}\0".encode("utf-8"))
        while block := file.read(BLOCK):
            digest.update(block)


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
    for folder in (layout.site_src, layout.root / "generator"):
        for path in _files(folder):
            _add_file(digest, path.relative_to(layout.root).as_posix(), path)
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
    the git tags of earlier releases, the installed packages, and its settings (site URL, whether PNGs are made)."""
    digest = hashlib.sha256()
    for key, value in [("python", sys.version), ("packages", _installed()), ("tags", _release_tags(layout)),
                       *sorted(settings.items())]:
        digest.update(f"{key}\0{value}\0".encode("utf-8"))
    for folder in (layout.datasets, layout.schemas, layout.root / "generator"):
        _add_files(digest, _files(folder), layout.root)
    return digest.hexdigest()


def generated_files(layout: Layout) -> str:
    """The hash of the generated part of site_src/ as it is on disk (a hand edit or a deleted file shows)."""
    from generator.layout import GENERATED_DIRS, GENERATED_FILES, JIEBA_FILE, NAV_FILE

    digest = hashlib.sha256()
    paths = [p for d in GENERATED_DIRS for p in _files(layout.site_src / d)]
    paths += [layout.site_src / f for f in (*GENERATED_FILES, NAV_FILE, JIEBA_FILE) if (layout.site_src / f).is_file()]
    _add_files(digest, sorted(paths), layout.site_src)
    return digest.hexdigest()


def generate_stamp(layout: Layout) -> Path:
    return layout.cache / "generate.json"

"""Where everything lives in a project tree. Passed in explicitly; nothing reads cwd deep inside."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

# Folders of site_src/ that the generator owns and rewrites; everything else there is hand-written.
GENERATED_DIRS = ("indicators", "sources", "themes", "places", "targets", "downloads", "api", "changelog",
                  "assets/charts", "assets/vendor", ".snippets")
EDITION_DIR = "en"  # the English edition's pages: site_src/en/ (its own MkDocs docs_dir), published under /en/
GENERATED_DIRS += tuple(f"{EDITION_DIR}/{d}" for d in GENERATED_DIRS if not d.startswith("assets/"))
GENERATED_FILES = ("catalog.jsonld", "robots.txt")  # generated files at the root of site_src/
NAV_FILE = ".nav.json"  # dotfiles are not published by MkDocs
JIEBA_FILE = ".jieba_user_dict.txt"
EN_MKDOCS_YML = ".mkdocs-en.yml"  # the English edition's MkDocs configuration, written by the build (inherits mkdocs.yml)  # named in mkdocs.yml (search: jieba_dict_user)


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def datasets(self) -> Path:
        return self.root / "datasets"

    @property
    def schemas(self) -> Path:
        return self.root / "schemas"

    @property
    def codelists(self) -> Path:
        return self.root / "schemas" / "codelists"

    @property
    def site_src(self) -> Path:
        return self.root / "site_src"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def cache(self) -> Path:
        """Content-addressed build caches (rendered charts, the last MkDocs build's inputs): git-ignored and safe
        to delete at any time; the next build is only slower."""
        return self.root / ".cache"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def nav_file(self) -> Path:
        return self.site_src / NAV_FILE

    @property
    def search_terms(self) -> Path:
        return self.schemas / "search-terms.txt"

    def rel(self, path: Path) -> str:
        """Path as shown to contributors: relative to the project root, with forward slashes."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def copy_project(source: Path, target: Path) -> Layout:
    """A fresh project tree (data, schemas, hand-written pages, code, config) without generated files:
    what a clone holds. Tests and the benchmark build in such copies, never in the working tree."""
    generated = {(source / "site_src" / d).resolve() for d in GENERATED_DIRS}

    def ignore(folder, names):
        return {n for n in names if (Path(folder) / n).resolve() in generated
                or n in ("__pycache__", NAV_FILE, JIEBA_FILE, EN_MKDOCS_YML, *GENERATED_FILES)}

    for name in ("datasets", "schemas", "site_src", "generator"):
        shutil.copytree(source / name, target / name, ignore=ignore)
    shutil.copy2(source / "mkdocs.yml", target / "mkdocs.yml")
    return Layout(target)

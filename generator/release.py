"""Data releases: CalVer versions, their history in datasets/releases.json, and `release` (bump, changelog, tag).

datasets/releases.json is the release history: newest first, each release with its version, date, counts of
figures added/changed/removed since the previous release, the changes themselves, and the sources it added.
A release is also a git tag `data-v<version>`, from which earlier releases' packages are rebuilt.
"""
from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from datetime import date

from generator.datadiff import DiffError, diff, observations_now, sources_at, sources_now
from generator.layout import Layout

RELEASES_FILE = "releases.json"
TAG_PREFIX = "data-v"


class ReleaseError(RuntimeError):
    pass


@dataclass(frozen=True)
class Release:
    version: str
    date: str  # ISO
    summary: dict = field(default_factory=dict)  # added / changed / removed counts; baseline: true for the first
    changes: list = field(default_factory=list)
    new_sources: list = field(default_factory=list)  # [{id, title, package}]

    @property
    def tag(self) -> str:
        return TAG_PREFIX + self.version

    def as_dict(self) -> dict:
        return {"version": self.version, "date": self.date, "summary": self.summary, "changes": self.changes,
                "new_sources": self.new_sources}


def releases_path(layout: Layout):
    return layout.datasets / RELEASES_FILE


def read_releases(layout: Layout) -> list[Release]:
    """Newest first; [] before the first release."""
    path = releases_path(layout)
    if not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Release(r["version"], r["date"], r.get("summary", {}), r.get("changes", []), r.get("new_sources", []))
            for r in data.get("releases", [])]


def next_version(releases: list[Release], today: date) -> str:
    """CalVer YYYY.M.N: the Nth release of that month (2026.11.1, 2026.11.2, 2026.12.1)."""
    prefix = f"{today.year}.{today.month}."
    same_month = [int(r.version[len(prefix):]) for r in releases if r.version.startswith(prefix)]
    return f"{prefix}{max(same_month, default=0) + 1}"


def _git(layout: Layout, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=layout.root, capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        raise ReleaseError(done.stderr.strip() or f"git {' '.join(args)} failed")
    return done.stdout


def has_tag(layout: Layout, tag: str) -> bool:
    done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}"], cwd=layout.root,
                          capture_output=True, text=True)
    return done.returncode == 0


def changes_since(layout: Layout, previous: Release | None) -> tuple[dict, list, list]:
    """Counts, changes and new sources since the previous release's tag (all figures are new for the first)."""
    if previous is None:
        rows = sum(len(r) for r in observations_now(layout).values())
        sources = [{**s, "package": p} for p, found in sources_now(layout).items() for s in found.values()]
        return {"baseline": True, "added": rows, "changed": 0, "removed": 0}, [], _source_rows(sources)
    if not has_tag(layout, previous.tag):
        raise ReleaseError(f"the previous release's tag {previous.tag} is missing (fetch tags: git fetch --tags)")
    try:
        found = diff(layout, previous.tag)
    except DiffError as exc:
        raise ReleaseError(str(exc)) from exc
    changes = [{"status": c.status, "package": c.package, **c.key, "fields": c.fields,
                "old": (c.old or {}).get("value", ""), "new": (c.new or {}).get("value", "")} for c in found]
    summary = {s: sum(1 for c in changes if c["status"] == s) for s in ("added", "changed", "removed")}
    before, after = sources_at(layout, previous.tag), sources_now(layout)
    new = [{**s, "package": p} for p, found_now in after.items() for sid, s in found_now.items()
           if sid not in before.get(p, {})]
    return summary, changes, _source_rows(new)


def _source_rows(sources: list[dict]) -> list[dict]:
    rows = [{"id": s["id"], "title": s.get("title", ""), "package": s["package"], "published": s.get("published", "")}
            for s in sources]
    return sorted(rows, key=lambda s: (s["package"], s["id"]))


def stamp_descriptors(layout: Layout, version: str, released: str) -> list[str]:
    """Write version and created into every package descriptor, keeping its other keys and their order."""
    written = []
    for path in sorted(layout.datasets.glob("*/datapackage.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["version"], data["created"] = version, f"{released}T00:00:00Z"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n")
        written.append(layout.rel(path))
    return written


def write_releases(layout: Layout, releases: list[Release]) -> None:
    text = json.dumps({"releases": [r.as_dict() for r in releases]}, ensure_ascii=False, indent=1) + "\n"
    releases_path(layout).write_text(text, encoding="utf-8", newline="\n")


def make_release(layout: Layout, today: date, tag: bool = True, citation_text=None) -> Release:
    """Bump the version, record what changed since the last release, stamp every descriptor, commit and tag.

    `citation_text(version, date) -> str` renders CITATION.cff (written at the root when given)."""
    if tag and _git(layout, "status", "--porcelain", "--", "datasets", "schemas").strip():
        raise ReleaseError("datasets/ or schemas/ has uncommitted changes: commit the data first, then release")
    releases = read_releases(layout)
    version = next_version(releases, today)
    summary, changes, new_sources = changes_since(layout, releases[0] if releases else None)
    release = Release(version, today.isoformat(), summary, changes, new_sources)
    write_releases(layout, [release, *releases])
    paths = [layout.rel(releases_path(layout)), *stamp_descriptors(layout, version, release.date)]
    if citation_text is not None:
        (layout.root / "CITATION.cff").write_text(citation_text(version, release.date), encoding="utf-8", newline="\n")
        paths.append("CITATION.cff")
    if tag:
        _git(layout, "add", "--", *paths)
        _git(layout, "commit", "-q", "-m", f"Data release {version}")
        _git(layout, "tag", "-a", release.tag, "-m", f"Data release {version} ({release.date})")
    return release


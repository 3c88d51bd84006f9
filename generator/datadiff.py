"""`diff BASE`: what changed in the figures between a git ref and the working tree, for reviewers."""
from __future__ import annotations

import csv
import io
import subprocess
from dataclasses import dataclass

from generator.layout import Layout

KEY = ("indicator", "entity", "period", "kind", "source")
COMPARED = ("value", "unit", "qualifier", "quote", "note", "deadline", "locator")


class DiffError(RuntimeError):
    pass


@dataclass(frozen=True)
class Change:
    package: str
    key: dict
    old: dict | None
    new: dict | None

    @property
    def status(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    @property
    def fields(self) -> list[str]:
        return [f for f in COMPARED if self.old and self.new and self.old.get(f, "") != self.new.get(f, "")]


def _git(layout: Layout, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=layout.root, capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        raise DiffError(done.stderr.strip() or f"git {' '.join(args)} failed")
    return done.stdout


def _rows(text: str) -> dict[tuple, dict]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return {tuple(row.get(k, "") for k in KEY): row for row in reader}


def _tables_at(layout: Layout, ref: str, name: str, parse) -> dict:
    """{package id: parse(text)} for every package's data/<name> as it was at a git ref."""
    names = _git(layout, "ls-tree", "-r", "--name-only", ref, "--", "datasets").splitlines()
    paths = [n for n in names if n.endswith(f"/data/{name}")]
    return {p.split("/")[1]: parse(_git(layout, "show", f"{ref}:{p}")) for p in paths}


def _tables_now(layout: Layout, name: str, parse) -> dict:
    """{package id: parse(text)} for every package's data/<name> in the working tree."""
    paths = sorted(layout.datasets.glob(f"*/data/{name}"))
    return {p.parent.parent.name: parse(p.read_text(encoding="utf-8-sig")) for p in paths}


def observations_at(layout: Layout, ref: str) -> dict[str, dict[tuple, dict]]:
    return _tables_at(layout, ref, "observations.csv", _rows)


def observations_now(layout: Layout) -> dict[str, dict[tuple, dict]]:
    return _tables_now(layout, "observations.csv", _rows)


def diff(layout: Layout, ref: str) -> list[Change]:
    _git(layout, "rev-parse", "--verify", f"{ref}^{{commit}}")
    before, after = observations_at(layout, ref), observations_now(layout)
    changes = []
    for package in sorted(set(before) | set(after)):
        old, new = before.get(package, {}), after.get(package, {})
        for key in sorted(set(old) | set(new)):
            change = Change(package, dict(zip(KEY, key)), old.get(key), new.get(key))
            if change.status != "changed" or change.fields:
                changes.append(change)
    return changes


def _sources(text: str) -> dict[str, dict]:
    return {row["id"]: row for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))) if row.get("id")}


def sources_at(layout: Layout, ref: str) -> dict[str, dict[str, dict]]:
    return _tables_at(layout, ref, "sources.csv", _sources)


def sources_now(layout: Layout) -> dict[str, dict[str, dict]]:
    return _tables_now(layout, "sources.csv", _sources)

"""`new-dataset NAME`: a new package with the shared schemas' columns, valid from the first minute."""
from __future__ import annotations

import json
import re

from generator.layout import Layout
from generator.load import load_schema

NAME_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LICENSES = [
    {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 (data)", "path": "https://creativecommons.org/licenses/by/4.0/"},
    {"name": "MIT", "title": "MIT License (generator code and Table Schemas)", "path": "https://opensource.org/licenses/MIT"},
]


class ScaffoldError(ValueError):
    pass


def new_dataset(layout: Layout, name: str, title: str = "") -> list[str]:
    """Create datasets/NAME/ and return the files written (relative to the root)."""
    if not NAME_PATTERN.match(name):
        raise ScaffoldError(f"'{name}' is not a package name; expected lowercase words joined by '-', e.g. cq-patents")
    folder = layout.datasets / name
    if folder.exists():
        raise ScaffoldError(f"{layout.rel(folder)} already exists")
    descriptor = {
        "name": name,
        "title": title or name,
        "description": "What these figures are and where they come from (one or two sentences).",
        "version": "0.1.0",
        "licenses": LICENSES,
        "resources": [
            {"name": r, "path": f"data/{r}.csv", "schema": f"../../schemas/{r}.schema.json"}
            for r in ("observations", "sources")
        ],
    }
    files = {"datapackage.json": json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"}
    for resource in ("observations", "sources"):
        try:
            header = ",".join(f["name"] for f in load_schema(layout, resource)["fields"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ScaffoldError(f"schemas/{resource}.schema.json cannot be read ({exc}); run `make validate` to see why") from None
        files[f"data/{resource}.csv"] = header + "\n"
    written = []
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(layout.rel(path))
    return written

"""`new-dataset NAME`: a new package with the shared schemas' columns, valid from the first minute."""
from __future__ import annotations

import json
import re

from generator import licences
from generator.layout import Layout
from generator.load import load_schema

NAME_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ScaffoldError(ValueError):
    pass


def new_dataset(layout: Layout, name: str, title: str = "", license: str = licences.DEFAULT) -> list[str]:
    """Create datasets/NAME/ under a data licence (an id from licences.KNOWN) and return the files written."""
    if license in licences.CODE_LICENCES or license not in licences.KNOWN:
        raise ScaffoldError(f"'{license}' is not a data licence this project knows; expected one of "
                            + ", ".join(sorted(licences.KNOWN)) + " (code licences such as MIT do not apply to data)")
    if not NAME_PATTERN.match(name):
        raise ScaffoldError(f"'{name}' is not a package name; expected lowercase words joined by '-', e.g. cq-patents")
    folder = layout.datasets / name
    if folder.exists():
        raise ScaffoldError(f"{layout.rel(folder)} already exists")
    descriptor = {
        "name": name,
        "title": title or name,
        "description": "What these figures are and where they come from (one or two sentences).",
        "licenses": [licences.licence(license).descriptor()],
        "contributors": [{"title": "重庆科技创新开放数据", "roles": ["creator"]}],
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

"""`new-dataset NAME`: a new package with the shared schemas' columns, valid from the first minute."""
from __future__ import annotations

import json
import re

from generator import licences
from generator.issues import Issue
from generator.layout import Layout
from generator.load import load_schema
from generator.settings import SiteSettings

NAME_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# What the scaffold writes until the contributor says what the package is: never to be published as is.
PLACEHOLDER_DESCRIPTION = "What these figures are and where they come from (one or two sentences)."


class ScaffoldError(ValueError):
    pass


def placeholder_issues(layout: Layout, name: str, metadata: dict) -> list[Issue]:
    """A package whose title is still its id (the scaffold's title without --title) or whose description is still
    the scaffold's placeholder: a warning, so `validate --strict` (CI) never lets it be published by accident."""
    shown = layout.rel(layout.datasets / name / "datapackage.json")
    issues = []
    title = metadata.get("title")
    if not isinstance(title, str) or title.strip() in ("", name):
        issues.append(Issue(shown, None, "title", "placeholder-title", "数据包标题仍是占位内容（与数据包编号相同或为空）",
                            "请写一个读者看得懂的标题，如 \"title\": \"专利统计\"", severity="warning",
                            message_en="the package title is still a placeholder (empty, or the package id)",
                            hint_en='write a title readers understand, e.g. "title": "Patent statistics"'))
    if str(metadata.get("description", "")).strip() == PLACEHOLDER_DESCRIPTION:
        issues.append(Issue(shown, None, "description", "placeholder-description", "数据包说明仍是 new-dataset 写入的占位文字",
                            "请用一两句话说明这些数字是什么、来自哪里", severity="warning",
                            message_en="the package description is still the placeholder new-dataset wrote",
                            hint_en="say in one or two sentences what these figures are and where they come from"))
    return issues


def new_dataset(layout: Layout, name: str, title: str = "", license: str = "",
                settings: SiteSettings = SiteSettings()) -> list[str]:
    """Create datasets/NAME/ under a data licence (an id from licences.KNOWN; default: the settings') and return
    the files written."""
    license = license or settings.licence
    if license in licences.CODE_LICENCES or license not in licences.KNOWN:
        raise ScaffoldError(f"'{license}' is not a data licence this project knows; expected one of "
                            + ", ".join(sorted(licences.KNOWN)) + " (code licences such as MIT do not apply to data)")
    if not NAME_PATTERN.match(name):
        raise ScaffoldError(f"'{name}' is not a package name; expected lowercase words joined by '-', e.g. cq-patents")
    folder = layout.datasets / name
    if folder.exists():
        raise ScaffoldError(f"{layout.rel(folder)} already exists")
    english = {"title_en": "", "description_en": ""} if "en" in settings.languages else {}  # to fill in: validate asks
    descriptor = {
        "name": name,
        "title": title or name,
        "description": PLACEHOLDER_DESCRIPTION,
        **english,
        "licenses": [licences.licence(license).descriptor()],
        "contributors": [{"title": settings.site_name_zh, "roles": ["creator"]}],
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

"""The English edition's translations (issue 13): when the site publishes English (settings' `languages` holds
"en"), every English field beside a Chinese one must be filled. A gap is a warning, so a contributor can add a
figure before its translation; `validate --strict` and `build --strict` make it fatal.

Translations are data next to what they translate; the English columns are listed here once, per table."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from generator.issues import Issue

if TYPE_CHECKING:  # checks.py imports this module to register the rule
    from generator.checks import CheckContext

# table → (English field, the field it translates); a translation is asked for only where its original is set.
ENGLISH_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "indicators": (("name_en", "name_zh"), ("definition_en", "definition_zh")),
    "themes": (("name_en", "name_zh"), ("description_en", "description_zh")),
    "units": (("symbol_en", "symbol_zh"),),
    "entities": (("name_en", "name_zh"),),
    "sources": (("title_en", "title"), ("note_en", "note")),
    "observations": (("note_en", "note"),),
    "corrections": (("reason_en", "reason"), ("evidence_en", "evidence")),
}
# The package descriptor's English texts (custom properties beside Frictionless's title and description).
DESCRIPTOR_FIELDS = (("title_en", "title"), ("description_en", "description"))


def publishes_english(languages) -> bool:
    return "en" in (languages or ())


def _missing(file: str, row: int | None, field: str, original: str) -> Issue:
    return Issue(file, row, field, "english-missing", f"缺少英文：{field} 为空（{original} 已填写）",
                 f"网站发布英文版（mkdocs.yml 的 extra.publisher.languages 含 en）：请在 {field} 写 {original} 的英文翻译"
                 "（原文引文不译；术语见 schemas/codelists/GLOSSARY.md）",
                 severity="warning",
                 message_en=f"the English {field} is missing or empty ({original} is set)",
                 hint_en=f"the site publishes English (extra.publisher.languages in mkdocs.yml holds en): expected an "
                         f"English translation of {original} in {field} (quotes are never translated; terms: "
                         "schemas/codelists/GLOSSARY.md)")


def check_english_present(ctx: CheckContext) -> Iterator[Issue]:
    """Every English field of the tables is filled where the text it translates is. A field the schema requires
    (name_en of the code lists) is an error on every site already, reported by the schema check, so it is not
    repeated here; a column the header lacks is the header check's to report."""
    if not publishes_english(ctx.languages):
        return
    for name, pairs in ENGLISH_FIELDS.items():
        table = ctx.tables.get(name)
        if table is None:
            continue
        required = {f["name"] for f in ctx.fields(name) if (f.get("constraints") or {}).get("required")}
        asked = [(field, original) for field, original in pairs if field not in required]
        for number, row in table.rows:
            for field, original in asked:
                if original in row and field in row and row.get(original, "").strip() and not row[field].strip():
                    yield _missing(table.file, number, field, original)


def descriptor_english_issues(shown: str, metadata: dict, languages) -> list[Issue]:
    """A package's title_en and description_en, for a site that publishes English."""
    if not publishes_english(languages):
        return []
    return [_missing(shown, None, field, original) for field, original in DESCRIPTOR_FIELDS
            if str(metadata.get(original) or "").strip()
            and not (isinstance(metadata.get(field), str) and metadata[field].strip())]


ENGLISH_CHECKS = (check_english_present,)

__all__ = ["ENGLISH_FIELDS", "ENGLISH_CHECKS", "descriptor_english_issues", "publishes_english"]

"""The site's own settings: who publishes it and what it is called, read from the `extra: publisher:` block of
mkdocs.yml (the one configuration file a publisher edits). Every key is optional; the defaults below are a
neutral site, so the generator carries no publisher's name, place or ids in its code.

    extra:
      publisher:
        name: Example Open Data Project        # the publisher (citations, catalogues, JSON-LD, xlsx creator)
        site_name: {zh: 示例开放数据, en: Example Open Data}
        description: {zh: 一句话说明, en: One sentence}   # CITATION.cff abstract, catalogue
        licence: CC-BY-4.0                     # the default data licence (an id of generator/licences.py)
        home_place: ""                         # entity id shown first and in the main colour ('' = the first place)
        comparison_place: ""                   # entity id shown second, for comparison (e.g. the country)
        headline_indicators: []                # indicator ids on the home page, in order
        combined_package: {id: all-data, title: ..., description: ...}   # the all-in-one download package
        citation_prefix: open-data             # the start of BibTeX keys
        keywords: {zh: [...], citation: [...]} # catalogue keywords; CITATION.cff keywords
        pages: {targets: ..., places: ...}     # descriptions (meta) of the targets and places index pages
        period_years: [1949, 2100]             # a period outside these years is an error (a typo); default: any year
        languages: [zh, en]                    # the editions built, Chinese first at the site root, the others
                                               # under /<code>/; with en every English field of the data must be
                                               # filled (validate warns; --strict fails)

Settings are read once by the CLI or the build (`read_settings(layout)`) and passed down explicitly.
A wrong type or an unknown key is a SettingsError naming the file, the key and what was expected.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import yaml

from generator import licences

BLOCK = ("extra", "publisher")


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class SiteSettings:
    name: str = "开放数据项目"  # the publisher
    site_name_zh: str = "开放数据"
    site_name_en: str = "Open Data"
    description_zh: str = "开放数据：每个数字都注明出处。"
    description_en: str = "Open data: every figure cites its source."
    licence: str = licences.DEFAULT
    home_place: str = ""
    comparison_place: str = ""
    headline_indicators: tuple[str, ...] = ()
    combined_id: str = "all-data"
    combined_title: str = ""  # '' = "<site name>：全部数据包合一"
    combined_description: str = ""  # '' = the site's description
    citation_prefix: str = "open-data"
    keywords_zh: tuple[str, ...] = ("开放数据",)
    keywords_citation: tuple[str, ...] = ("open data",)
    targets_description: str = "各项目标与最新实际值的对照，以及按规则计算的进展。"
    places_description: str = "按地区与机构浏览全部数据。"
    period_years: tuple[int, int] | None = None
    languages: tuple[str, ...] = ("zh",)  # the editions built: zh at the root, en adds the English edition at /en/
    site_url: str = "https://example.org/"  # mkdocs.yml site_url (its !ENV default); $SITE_URL overrides it

    @property
    def all_title(self) -> str:
        return self.combined_title or f"{self.site_name_zh}：全部数据包合一"

    @property
    def all_description(self) -> str:
        return self.combined_description or self.description_zh

    def lead_places(self) -> tuple[str, ...]:
        """The places listed first on every page, in order (home, then comparison)."""
        return tuple(p for p in (self.home_place, self.comparison_place) if p)


# key in the YAML block → (field, expected type, what to say when it is not)
_STR = (str, "a string")
_LIST = (list, "a list of strings")
_KEYS = {
    "name": ("name", *_STR),
    "licence": ("licence", *_STR),
    "home_place": ("home_place", *_STR),
    "comparison_place": ("comparison_place", *_STR),
    "headline_indicators": ("headline_indicators", *_LIST),
    "citation_prefix": ("citation_prefix", *_STR),
    "period_years": ("period_years", tuple, "a list of two years, first and last, e.g. [1949, 2100]"),
    "languages": ("languages", "languages", "a list of language codes, zh first, e.g. [zh, en]"),
}
LANGUAGES = ("zh", "en")  # the editions the generator can publish
_NESTED = {  # key → {sub-key: field}
    "site_name": {"zh": "site_name_zh", "en": "site_name_en"},
    "description": {"zh": "description_zh", "en": "description_en"},
    "combined_package": {"id": "combined_id", "title": "combined_title", "description": "combined_description"},
    "keywords": {"zh": "keywords_zh", "citation": "keywords_citation"},
    "pages": {"targets": "targets_description", "places": "places_description"},
}


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's own tags: !ENV [VAR, default] gives its default (the environment is read by the build, not
    here); Python object tags (a slugify function) are not settings and read as None."""


_Loader.add_constructor("!ENV", lambda loader, node: (loader.construct_sequence(node) or [None])[-1]
                        if isinstance(node, yaml.SequenceNode) else None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _check(value, kind, expected: str, where: str):
    if kind == "languages":
        if (not isinstance(value, list) or not value or value[0] != "zh" or len(set(value)) != len(value)
                or not all(isinstance(v, str) and v in LANGUAGES for v in value)):
            raise SettingsError(f"{where}: expected {expected} (known: {', '.join(LANGUAGES)}), got {value!r}")
        return tuple(value)
    if kind is tuple:  # period_years
        if value is None:
            return None
        if (not isinstance(value, list) or len(value) != 2 or not all(type(v) is int for v in value)
                or value[0] > value[1]):
            raise SettingsError(f"{where}: expected {expected}, got {value!r}")
        return tuple(value)
    if kind is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SettingsError(f"{where}: expected {expected}, got {value!r}")
        return tuple(value)
    if not isinstance(value, str):
        raise SettingsError(f"{where}: expected {expected}, got {value!r}")
    return value


def parse_settings(config: dict, file: str = "mkdocs.yml") -> SiteSettings:
    """SiteSettings from a parsed mkdocs.yml; a SettingsError names the file, the key and what was expected."""
    values: dict = {}
    if isinstance(config.get("site_url"), str):
        values["site_url"] = config["site_url"]
    extra = config.get("extra") or {}
    block = extra.get("publisher") if isinstance(extra, dict) else None
    if block is None:
        return SiteSettings(**values)
    prefix = f"{file}: {'.'.join(BLOCK)}"
    if not isinstance(block, dict):
        raise SettingsError(f"{prefix}: expected a mapping of settings, got {block!r}")
    types = {f.name: f.type for f in fields(SiteSettings)}
    for key, value in block.items():
        if key in _KEYS:
            name, kind, expected = _KEYS[key]
            values[name] = _check(value, kind, expected, f"{prefix}.{key}")
        elif key in _NESTED:
            if not isinstance(value, dict):
                raise SettingsError(f"{prefix}.{key}: expected a mapping with keys {', '.join(_NESTED[key])}, got {value!r}")
            for sub, sub_value in value.items():
                if sub not in _NESTED[key]:
                    raise SettingsError(f"{prefix}.{key}.{sub}: unknown key; expected one of {', '.join(_NESTED[key])}")
                name = _NESTED[key][sub]
                is_list = types[name].startswith("tuple")
                values[name] = _check(sub_value, list if is_list else str,
                                      "a list of strings" if is_list else "a string", f"{prefix}.{key}.{sub}")
        else:
            raise SettingsError(f"{prefix}.{key}: unknown key; expected one of "
                                + ", ".join(sorted([*_KEYS, *_NESTED])))
    settings = SiteSettings(**values)
    if settings.licence not in licences.KNOWN or settings.licence in licences.CODE_LICENCES:
        raise SettingsError(f"{prefix}.licence: '{settings.licence}' is not a data licence this project knows; "
                            f"expected one of {', '.join(sorted(licences.KNOWN))}")
    return settings


def read_settings(root: Path) -> SiteSettings:
    """The settings in <root>/mkdocs.yml; the defaults where there is no such file."""
    path = Path(root) / "mkdocs.yml"
    if not path.is_file():
        return SiteSettings()
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SettingsError(f"mkdocs.yml cannot be read: {exc}") from None
    if not isinstance(config, dict):
        raise SettingsError("mkdocs.yml: expected a mapping at the top level")
    return parse_settings(config)


def settings_issues(root: Path) -> list:
    """The settings as validation problems: [] when mkdocs.yml's `extra: publisher:` block reads well."""
    from generator.issues import Issue
    try:
        read_settings(root)
    except SettingsError as exc:
        return [Issue("mkdocs.yml", None, "extra.publisher", "settings", f"网站设置有误：{exc}",
                      "请按 generator/settings.py 的说明修改 mkdocs.yml 的 extra: publisher: 部分",
                      message_en=f"the site settings are wrong: {exc}",
                      hint_en="fix the extra: publisher: block of mkdocs.yml as generator/settings.py describes")]
    return []


# Settings that name ids of the code lists: (key as written in mkdocs.yml, attribute, code list).
_ID_SETTINGS = (("home_place", "home_place", "entities"), ("comparison_place", "comparison_place", "entities"),
                ("headline_indicators", "headline_indicators", "indicators"))


def settings_id_issues(settings: SiteSettings, codelists: dict) -> list:
    """Ids in the settings that no code list knows (a typo would silently drop a place or a headline):
    errors with the key and the nearest known ids. `codelists` maps a code list's name to its load.Table."""
    from generator.frictionless_check import closest_ids
    from generator.issues import Issue
    issues = []
    for key, attribute, name in _ID_SETTINGS:
        table = codelists.get(name)
        if table is None:
            continue
        known = [row.get("id", "") for _, row in table.rows]
        value = getattr(settings, attribute)
        for item in (value if isinstance(value, tuple) else (value,) if value else ()):
            if item in known:
                continue
            near = closest_ids(item, known)
            hint_zh = ("是不是：" + "、".join(near) + "？") if near else f"应为 {table.file} 中的编号"
            hint_en = ("did you mean " + ", ".join(near) + "?") if near else f"expected an id of {table.file}"
            issues.append(Issue("mkdocs.yml", None, f"{'.'.join(BLOCK)}.{key}", "settings-unknown-id",
                                f"网站设置 {key} 中的 '{item}' 不是 {table.file} 中的编号", hint_zh,
                                message_en=f"'{item}' in the setting {key} is not an id of {table.file}",
                                hint_en=hint_en))
    return issues


__all__ = ["SettingsError", "SiteSettings", "parse_settings", "read_settings", "replace"]

"""The project's vocabulary for jieba, so the search index keeps terms such as 高新技术企业 whole."""
from __future__ import annotations

import re
from pathlib import Path

from generator.model import SiteModel

# jieba prefers higher-frequency words; this outranks its built-in dictionary for our terms.
FREQUENCY = 200000


def read_terms(path: Path) -> list[list[str]]:
    """Lines of synonyms from schemas/search-terms.txt, comments dropped."""
    if not path.is_file():
        return []
    lines = (line.split("#", 1)[0].split() for line in path.read_text(encoding="utf-8").splitlines())
    return [words for words in lines if words]


SHORT_NAME = re.compile(r"^[\u4e00-\u9fff]{2,5}$")


def jieba_user_dict(model: SiteModel, terms_file: Path) -> bytes:
    """The curated terms, the theme names and short place names (重庆市, 两江新区, 金凤实验室). Long names are left
    out on purpose: as one token, 科学城江津片区 or 高新技术企业数量 would hide the words 科学城 and 高新技术企业
    that readers type; those words are in schemas/search-terms.txt instead."""
    words = {word for line in read_terms(terms_file) for word in line}
    words |= set(model.themes["name_zh"])
    words |= {name for name in model.entities["name_zh"] if SHORT_NAME.match(name)}
    return user_dict(words)


def user_dict(words) -> bytes:
    """jieba's dictionary format is "word frequency"; words with spaces cannot be entries."""
    entries = sorted(w for w in set(words) if w and " " not in w)
    return "".join(f"{w} {FREQUENCY}\n" for w in entries).encode("utf-8")


def generic_user_dict(terms_file: Path, titles) -> bytes:
    """A site of generic packages alone: the curated terms (if any) and the short Chinese titles of its packages."""
    return user_dict({w for line in read_terms(terms_file) for w in line} | {t for t in titles if SHORT_NAME.match(t)})


def synonyms_for(text: str, terms_file: Path) -> list[str]:
    """Synonym groups that mention `text`'s terms, for a page's keyword line."""
    return [word for line in read_terms(terms_file) if any(w in text for w in line) for word in line if word not in text]

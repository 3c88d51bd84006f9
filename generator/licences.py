"""Data licences, read from the packages: labels for readers, code licences kept apart, combinations checked.

A package's `licenses` list names the licence of its data. Code licences (MIT …) belong to the repository's
LICENSE file, never to a data package; they are ignored here if a descriptor still lists one.
"""
from __future__ import annotations

from dataclasses import dataclass

# Known data licences: a short label readers recognise and the canonical URL.
KNOWN = {
    "CC-BY-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("CC0 1.0（公有领域贡献）", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "PDDL-1.0": ("ODC PDDL 1.0（公有领域）", "https://opendatacommons.org/licenses/pddl/1-0/"),
    "ODC-BY-1.0": ("ODC-By 1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    "ODbL-1.0": ("ODbL 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
}
CODE_LICENCES = {"MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "GPL-3.0", "GPL-3.0-only", "MPL-2.0"}
# Share-alike licences oblige derived data to carry the same licence: they cannot be stacked with others.
SHARE_ALIKE = {"CC-BY-SA-4.0", "ODbL-1.0"}
DEFAULT = "CC-BY-4.0"


@dataclass(frozen=True)
class Licence:
    name: str  # SPDX-style id, e.g. CC-BY-4.0
    label: str  # as readers see it, e.g. CC BY 4.0
    url: str

    def descriptor(self) -> dict:
        return {"name": self.name, "path": self.url, "title": self.label}


def licence(name: str, url: str = "", title: str = "") -> Licence:
    label, known_url = KNOWN.get(name, (title or name, url))
    return Licence(name, label, url or known_url)


def data_licences(metadata: dict) -> list[Licence]:
    """The data licences a package descriptor declares, in its order; code licences dropped."""
    found = []
    for entry in metadata.get("licenses") or []:
        if isinstance(entry, dict) and entry.get("name") and entry["name"] not in CODE_LICENCES:
            found.append(licence(entry["name"], entry.get("path", ""), entry.get("title", "")))
        elif isinstance(entry, dict) and not entry.get("name") and entry.get("path"):
            found.append(Licence(entry.get("title") or entry["path"], entry.get("title") or entry["path"], entry["path"]))
    return found


def label(licences: list[Licence]) -> str:
    """'CC BY 4.0' or 'CC BY 4.0、CC0 1.0（公有领域贡献）'; '未声明' when a package declares none."""
    return "、".join(dict.fromkeys(l.label for l in licences)) or "未声明许可"


def combinable(by_package: dict[str, list[Licence]]) -> bool:
    """Packages may be stacked into one table when no share-alike licence meets a different licence."""
    names = {l.name for licences in by_package.values() for l in licences}
    return not (names & SHARE_ALIKE) or len(names) == 1


def package_licence_rows(by_package: dict[str, list[Licence]]) -> list[dict]:
    """One row per package for a combined descriptor: which licence covers which package's rows."""
    return [{"package": package, "licenses": [l.descriptor() for l in licences]} for package, licences in by_package.items()]

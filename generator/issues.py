"""Problems are data: every check yields Issues; a Report collects them."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Issue:
    file: str
    row: int | None
    field: str | None
    code: str
    message: str
    hint: str = ""  # what to do; starts with "expected …" where there is a form to aim for
    severity: str = "error"  # error | warning
    message_en: str = ""
    hint_en: str = ""

    def sort_key(self) -> tuple:
        """File, then row, then field; a missing row or field sorts first (None does not compare with values)."""
        return (self.file, self.row or 0, self.field or "", self.code, self.message)

    @property
    def place(self) -> str:
        return ":".join(str(p) for p in (self.file, self.row, self.field) if p not in (None, ""))

    def __str__(self) -> str:
        text = f"{self.place}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text

    def github(self) -> str:
        """A GitHub Actions workflow command: the problem shows as an annotation on the file's line."""
        where = f"file={self.file}" + (f",line={self.row}" if self.row else "")
        level = "warning" if self.severity == "warning" else "error"
        text = (f"{self.field}: " if self.field else "") + self.message + (f"; {self.hint}" if self.hint else "")
        return f"::{level} {where},title={self.code}::{text.replace('%', '%25').replace(chr(10), '%0A')}"

    def flat(self) -> tuple:
        """Stable shape for tests: compare places and codes, not wording."""
        return (self.file, self.row, self.field, self.code)


@dataclass
class Report:
    issues: list[Issue] = field(default_factory=list)

    def extend(self, issues) -> None:
        for issue in issues:
            if issue not in self.issues:
                self.issues.append(issue)

    @property
    def errors(self) -> list[Issue]:
        return sorted((i for i in self.issues if i.severity == "error"), key=Issue.sort_key)

    @property
    def warnings(self) -> list[Issue]:
        return sorted((i for i in self.issues if i.severity == "warning"), key=Issue.sort_key)

    @property
    def ok(self) -> bool:
        return not self.errors

    def flatten(self) -> list[tuple]:
        return [i.flat() for i in sorted(self.issues, key=Issue.sort_key)]


class BuildError(Exception):
    """Cannot go on (not a data problem): carries what failed and where."""

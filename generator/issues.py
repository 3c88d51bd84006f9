"""Problems are data: every check yields Issues; a Report collects them."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Issue:
    file: str
    row: int | None
    field: str | None
    code: str
    message: str  # in Chinese: contributors are Chinese analysts
    hint: str = ""  # what to do, in Chinese; says what to aim for (应为 …) where there is a form
    severity: str = "error"  # error | warning
    message_en: str = ""  # the same in English, for `validate --lang en`; empty: the Chinese is shown
    hint_en: str = ""

    def sort_key(self) -> tuple:
        """File, then row, then field; a missing row or field sorts first (None does not compare with values)."""
        return (self.file, self.row or 0, self.field or "", self.code, self.message)

    @property
    def place(self) -> str:
        return ":".join(str(p) for p in (self.file, self.row, self.field) if p not in (None, ""))

    def text(self, lang: str = "zh") -> str:
        """`file:row:field: message; hint`, in Chinese, or in English where an English text exists."""
        message, hint = self.message, self.hint
        if lang == "en":
            message, hint = self.message_en or message, self.hint_en or hint
        text = f"{self.place}: {message}"
        return f"{text}; {hint}" if hint else text

    def __str__(self) -> str:
        return self.text()

    def github(self) -> str:
        """A GitHub Actions workflow command: the problem shows as an annotation on the file's line.
        Everything from the data is escaped, so a cell cannot end the command and start another."""
        where = f"file={_property(self.file)}" + (f",line={self.row}" if self.row else "")
        level = "warning" if self.severity == "warning" else "error"
        text = (f"{self.field}: " if self.field else "") + self.message + (f"; {self.hint}" if self.hint else "")
        return f"::{level} {where},title={_property(self.code)}::{_data(text)}"

    def flat(self) -> tuple:
        """Stable shape for tests: compare places and codes, not wording."""
        return (self.file, self.row, self.field, self.code)


def shown(cell, limit: int = 60) -> str:
    """A cell as messages quote it: in quotes, control characters visible (\\n, \\x00), long text cut."""
    text = "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in str(cell))
    return f"'{text[:limit]}…'" if len(text) > limit else f"'{text}'"


def _data(text: str) -> str:
    """Escape a workflow command's message (as GitHub's toolkit does: %, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a workflow command's property value: the message's escapes plus ':' and ','."""
    return _data(str(text)).replace(":", "%3A").replace(",", "%2C")


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

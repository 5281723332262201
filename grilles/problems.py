"""Problems found in a grid file, told in French with file, line and field."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable
from dataclasses import dataclass

ERROR = "erreur"
WARNING = "avertissement"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    code: str
    message: str
    field: str = ""
    element: str = ""
    severity: str = dataclasses.field(default=ERROR, compare=False)

    def render(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        what = f" [{self.field}]" if self.field else ""
        who = f" ({self.element})" if self.element else ""
        return f"{where}: {self.severity} {self.code}{what}{who} : {self.message}"


class GridFileError(Exception):
    """A grid or glossary file that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.render() for p in self.problems))


def close_to(word: str, known: Iterable[str]) -> str | None:
    """The known word `word` was probably meant to be (a typo), if one is close enough."""
    found = difflib.get_close_matches(str(word), [str(k) for k in known], n=1, cutoff=0.6)
    return found[0] if found else None

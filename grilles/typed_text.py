"""What a text people type (a title, a name, a note, an opinion) must be to be recorded.

The journal keeps these texts for good and every document shows them: a title made only of
zero-width spaces reads as no title, a control character or a bidirectional override changes
what the next reader sees, a lone surrogate cannot even be written. Pure functions, used by
the answers file's checks (located messages) and by the dialogue's acts (any other source).
"""

from __future__ import annotations

import unicodedata

LINE_MAX = 300  # a title, a service, a name, a role: one line
TEXT_MAX = 20_000  # a description, a note, a justification, an opinion, a rationale

# Characters drawn as nothing: formatting and control characters, separators, unassigned code
# points, and the letters and marks that fonts leave blank (Hangul fillers, the blank braille
# pattern, the combining grapheme joiner…). Shared with the language model's guard.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Cs", "Zl", "Zp", "Me"})
INVISIBLE_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u034f\u17b4\u17b5")
# Controls that reorder what is drawn (a right-to-left override shows « fdp.exe » as « exe.pdf »).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def visible(text: str) -> bool:
    """Whether the text shows at least one character: letters, digits, signs."""
    return any(not ch.isspace() and ch not in INVISIBLE_FILLERS
               and unicodedata.category(ch) not in INVISIBLE_CATEGORIES and unicodedata.category(ch) != "Mn"
               for ch in text)


def text_problem(text: str, multiline: bool = False, limit: int | None = None) -> str | None:
    """Why this text cannot be recorded, in French, to follow its field's name (None: it can).

    `multiline`: new lines and tabs are allowed (a note), otherwise one line (a name)."""
    limit = limit or (TEXT_MAX if multiline else LINE_MAX)
    if len(text) > limit:
        return f"est trop long ({len(text):,} caractères ; {limit:,} au plus)".replace(",", "\u202f")
    allowed = "\n\t\r" if multiline else ""
    controls = [ch for ch in dict.fromkeys(text) if unicodedata.category(ch) == "Cc" and ch not in allowed]
    if controls:
        if not multiline and set(controls) <= set("\n\r"):
            return "tient sur une ligne : retirez le retour à la ligne"
        return (f"contient un caractère de contrôle invisible ({', '.join(_code(c) for c in controls[:4])}) : "
                "retirez-le (collé depuis un autre logiciel ?)")
    broken = [ch for ch in dict.fromkeys(text) if unicodedata.category(ch) == "Cs"]
    if broken:
        return f"contient un caractère impossible à enregistrer ({', '.join(_code(c) for c in broken[:4])})"
    reordering = [ch for ch in dict.fromkeys(text) if ch in BIDI_CONTROLS]
    if reordering:
        return (f"contient un caractère invisible qui change le sens d'écriture "
                f"({', '.join(_code(c) for c in reordering[:4])}) : retirez-le")
    if not visible(text):
        shown = ", ".join([_code(c) for c in dict.fromkeys(text) if c != " "][:4])
        return "est vide" + (f" : il n'a que des caractères invisibles ({shown})" if shown else "")
    return None


__all__ = ["BIDI_CONTROLS", "INVISIBLE_CATEGORIES", "INVISIBLE_FILLERS", "LINE_MAX", "TEXT_MAX", "text_problem",
           "visible"]

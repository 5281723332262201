"""Characters a rephrasing may not bring: invisible ones, and letters that only look Latin.

The guard reads words; a person reads glyphs. A Cyrillic « а » in « pаs », a zero-width space
in « p​as », a soft hyphen in « o­ui » show the team a negation or an answer that the word
patterns never see. What the original does not contain is refused: invisible and formatting
characters (zero-width, joiners, bidirectional controls, soft hyphen, tags, variation
selectors, private use), letters of other alphabets (Cyrillic, Greek, Armenian…), Latin
letters drawn like others (dotless ı, long ſ, small capitals) and compatibility forms
(fullwidth ｏｕｉ, mathematical 𝐨𝐮𝐢) that normalisation would silently turn into letters, and
symbols (a tick ✅, a sign ≥) that the word patterns do not read.
"""

from __future__ import annotations

import unicodedata

from grilles.typed_text import INVISIBLE_CATEGORIES, INVISIBLE_FILLERS

_INVISIBLE_CATEGORIES = INVISIBLE_CATEGORIES | {"Co"}  # and private use: no two fonts draw it alike
_INVISIBLE = INVISIBLE_FILLERS  # fillers drawn as nothing
_ALLOWED = set("\n\u00a0\u202f\u2009")  # new lines are refused elsewhere; French spaces are fine
_LATIN_LOOKALIKES = set("ıȷſĸ")
_COMPATIBLE = set("²³₂¹½¼¾ºª°")  # units, fractions and ordinals French text uses


def _latin(ch: str) -> bool:
    code = ord(ch)
    return (code < 0x250 or 0x1E00 <= code < 0x1F00) and ch not in _LATIN_LOOKALIKES


def _alphabet(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ")[0].capitalize() if name else f"U+{ord(ch):04X}"


_ALPHABETS = {"Cyrillic": "cyrillique", "Greek": "grec", "Armenian": "arménien", "Cherokee": "cherokee",
              "Coptic": "copte", "Georgian": "géorgien", "Hebrew": "hébreu", "Arabic": "arabe", "Latin": "latin"}


def character_problems(text: str, original: str) -> list[str]:
    """French reasons, one per kind of character `text` holds and `original` does not."""
    invisible, foreign, compatible, symbols = [], [], [], []
    for ch in dict.fromkeys(text):
        if ch in original or ch in _ALLOWED or ch in _COMPATIBLE or ch.isascii() and ch.isprintable():
            continue
        category = unicodedata.category(ch)
        if (category in _INVISIBLE_CATEGORIES or ch in _INVISIBLE
                or category.startswith("Z") and unicodedata.normalize("NFKC", ch) != " "
                or category == "Mn" and ch in unicodedata.normalize("NFC", text)):
            invisible.append(f"U+{ord(ch):04X}")
        elif category in ("So", "Sk", "Sm"):  # ✅, ☑, ≥…: a tick or a sign the patterns do not read
            symbols.append(ch)
        elif ch.isalnum() and unicodedata.normalize("NFKC", ch) != ch:
            compatible.append(ch)
        elif ch.isalpha() and not _latin(ch):
            foreign.append(ch)
    reasons = []
    if invisible:
        reasons.append(f"caractère invisible ou de mise en forme ajouté ({', '.join(invisible)})")
    if foreign:
        names = sorted({_ALPHABETS.get(_alphabet(ch), _alphabet(ch).lower()) for ch in foreign})
        shown = ", ".join(f"« {ch} » U+{ord(ch):04X}" for ch in foreign[:4])
        reasons.append(f"lettre d'un autre alphabet ({', '.join(names)}) qui peut ressembler à une lettre latine : "
                       f"{shown}")
    if compatible:
        reasons.append(f"forme de lettre ou de chiffre inhabituelle (pleine chasse, mathématique…) : "
                       f"{', '.join(compatible[:4])}")
    if symbols:
        reasons.append(f"symbole ajouté : {', '.join(symbols[:4])}")
    return reasons


__all__ = ["character_problems"]

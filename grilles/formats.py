"""How the grids' objects read as French text and as plain data, written once for every room:
numbers, source references, a grid's version, a flag.

Pure functions, no I/O: the dialogue, the journal's documents and the screens all call these,
so that "17 520" reads the same on screen, in the report and in the JSON result.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from grilles.schema import ROLE_LABELS, Role, SourceRef

if TYPE_CHECKING:  # grilles.rules imports grilles.answers, which imports this module
    from grilles.bundle import Entry
    from grilles.loader import LoadedGrid
    from grilles.rules import Flag

THOUSANDS = "\u202f"  # the narrow no-break space that French typography puts between thousands


def french_number(value: float, decimals: int = 6) -> str:
    """17520.0 → « 17 520 » ; 12.5 → « 12,5 » ; 2.25 → « 2,25 ».

    Thousands apart by a narrow no-break space, a decimal comma, and the decimals the value has
    (trailing zeros dropped), at most `decimals` of them: a number reads as it was typed."""
    rounded = round(float(value), decimals)
    if rounded.is_integer():
        return f"{int(rounded):,}".replace(",", THOUSANDS)
    whole, _, fraction = f"{rounded:,.{decimals}f}".rstrip("0").partition(".")
    return whole.replace(",", THOUSANDS) + ("," + fraction if fraction else "")


def french_date(iso: str) -> str:
    """« 2027-01-15 » → « 15/01/2027 » (what is not an ISO date is returned as it is)."""
    year, _, rest = str(iso).partition("-")
    month, _, day = rest.partition("-")
    if len(year) == 4 and len(month) == 2 and len(day) == 2 and (year + month + day).isdigit():
        return f"{day}/{month}/{year}"
    return str(iso)


def shortened(text: str, limit: int = 60) -> str:
    """A text on one line, cut at `limit` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def question_ref(entry: Entry, limit: int = 60) -> str:
    """A question as people name it in a sentence: « la question n° 3 (La boussole de l'IA) « … » »,
    never its id. A number is said with its grid's title: several grids have a question n° 3."""
    number = f" n° {entry.question.number} ({entry.grid.title})" if entry.question.number else ""
    return f"la question{number} « {shortened(entry.question.text, limit)} »"


def question_number(entry: Entry) -> str:
    """The question's number in its grid, as its source numbers it ("" for an unnumbered one)."""
    return str(entry.question.number) if entry.question.number else ""


def role_label(role: str) -> str:
    """A participant's role as people read it: the label of a role code (« metier » → « équipe
    métier »), or the role as it was typed."""
    try:
        label = ROLE_LABELS[Role(role)]
    except ValueError:
        return role
    for article in ("le ou la ", "les ", "la ", "le ", "l'"):
        if label.startswith(article):
            return label[len(article):]
    return label


def role_code(text: str) -> str:
    """The role code a typed role names (« DPO / juriste », « dpo_juriste »), or the text as typed."""
    typed = " ".join(text.split()).lower()
    for role in Role:
        if typed in (role.value, role_label(role.value).lower()):
            return role.value
    return text.strip()


def to_role(role: Role) -> str:
    """« au fournisseur », « aux élus », « à la direction du projet »: à + the role's label."""
    label = ROLE_LABELS[role]
    if label.startswith("le ou la "):
        return "au ou à la " + label[len("le ou la "):]
    if label.startswith("le "):
        return "au " + label[3:]
    if label.startswith("les "):
        return "aux " + label[4:]
    return "à " + label


def person(name: str, role: str = "") -> str:
    """« Alice Martin (équipe métier) »: a name and the words of its role."""
    words = role_label(role) if role else ""
    if not words:
        return name
    return f"{name}, {words}" if "(" in words else f"{name} ({words})"


def source_text(source: dict | SourceRef | None, default_document: str | None = None) -> str:
    """« Document, section, n° 3, p. 4 (note) », from a rule's or a question's reference."""
    if source is None:
        return default_document or ""
    if isinstance(source, SourceRef):
        source = source.model_dump(exclude_none=True)
    parts = [source.get("document") or default_document or ""]
    if source.get("section"):
        parts.append(str(source["section"]))
    if source.get("number"):
        parts.append(f"n° {source['number']}")
    if source.get("page"):
        parts.append(f"p. {source['page']}")
    text = ", ".join(p for p in parts if p)
    if source.get("note"):
        text = f"{text} ({source['note']})" if text else str(source["note"])
    return text


def version_tag(loaded: LoadedGrid) -> str:
    """« 2025@0123456789ab »: the grid's version and the start of its file's digest, as the journal
    records it (two files with the same version number but different contents are told apart)."""
    return f"{loaded.grid.version}@{loaded.digest[:12]}"


def flag_json(flag: Flag) -> dict:
    """A raised (or uncertain) red line or warning as plain data: the journal's event payload, from
    which the reports and the JSON result take what they show."""
    rule = flag.rule.rule
    return {"rule": flag.id, "severity": rule.severity.value, "title": rule.title, "message": rule.message,
            "source": rule.source.model_dump(exclude_none=True),
            "causes": [{"question": c.question, "answer": c.shown} for c in flag.causes]}


# Words whose h is aspirated (no elision: « de Hollande », « du Havre ») that begin names of places,
# bodies or people; before any other h, as before a vowel, « de » elides (« d'Hélène », « d'Hugo »).
# Written without accents: they are compared with the name's first word, accents removed.
_ASPIRATED_H = ("haut", "hollande", "hongrie", "havre", "hague", "hainaut", "hambourg", "hanovre", "honduras",
                "hamel", "hache", "hall", "huit")


def of_name(name: str) -> str:
    """« de » and a name, elided the French way: « d'Alice Martin », « d'Hélène », « d'Yves »,
    but « de Karim », « de Yann » (a y before a vowel is a consonant), « de Hollande ».

    For people's and bodies' names as typed: an article in the name (« Le Mans ») is kept as is."""
    text = " ".join(str(name).split())
    return f"d'{text}" if text and _elides(text) else f"de {text}"


def _elides(text: str) -> bool:
    word = text.split(" ", 1)[0].split("-", 1)[0].lower()
    letters = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    first = letters[:1]
    if first in ("a", "e", "i", "o", "u", "æ", "œ"):
        return True
    if first == "y":  # « Yves », « Yvonne » : a vowel; « Yann », « Yolande » : a consonant
        return len(letters) > 1 and letters[1] not in "aeiouy"
    if first == "h":
        return not any(letters.startswith(w) for w in _ASPIRATED_H)
    return False


__all__ = ["THOUSANDS", "flag_json", "french_date", "french_number", "of_name", "person", "question_number",
           "question_ref", "role_code", "role_label", "shortened", "source_text", "to_role", "version_tag"]

"""Answers, as the rules see them, and their validation against a question's type."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from grilles.formats import french_number
from grilles.schema import DONT_KNOW, NOT_APPLICABLE, AnswerType, Question, Scale

Value = str | float | tuple[str, ...] | None

YES_NO = {"oui": "Oui", "non": "Non"}
DONT_KNOW_LABEL = "Je ne sais pas"
NOT_APPLICABLE_LABEL = "Non applicable"


class AnswerError(ValueError):
    """An answer that does not fit its question; the message is French and says what would."""


@dataclass(frozen=True)
class Answer:
    kind: str  # "valeur", "nsp" (je ne sais pas) or "na" (non applicable, declared by a participant)
    value: Value = None
    justification: str | None = None  # required for "na"

    @staticmethod
    def dont_know() -> Answer:
        return Answer(DONT_KNOW)

    @staticmethod
    def not_applicable(justification: str) -> Answer:
        if not justification or not justification.strip():
            raise AnswerError("« non applicable » demande une justification")
        return Answer(NOT_APPLICABLE, None, justification.strip())

    @property
    def is_value(self) -> bool:
        return self.kind == "valeur"

    def to_json(self) -> dict:
        out: dict = {"kind": self.kind}
        if self.kind == "valeur":
            out["value"] = list(self.value) if isinstance(self.value, tuple) else self.value
        if self.justification:
            out["justification"] = self.justification
        return out

    @staticmethod
    def from_json(data: dict) -> Answer:
        value = data.get("value")
        if isinstance(value, list):
            value = tuple(value)
        return Answer(data["kind"], value, data.get("justification"))


def scale_labels(question: Question, grid_scale: Scale | None) -> dict[int, str]:
    scale = question.scale or grid_scale
    return dict(scale.labels) if scale else {i: str(i) for i in range(1, 5)}


def option_values(question: Question) -> list[str]:
    if question.type is AnswerType.yes_no:
        return list(YES_NO)
    return [o.value for o in question.options]


def parse_answer(question: Question, raw: object, justification: str | None = None) -> Answer:
    """Turn a raw value (from a file, a form, a test) into a checked Answer.

    `nsp` and `na` are accepted for every question; `na` needs a justification.
    """
    if raw == DONT_KNOW:
        return Answer.dont_know()
    if raw == NOT_APPLICABLE:
        return Answer.not_applicable(justification or "")
    t = question.type
    if t in (AnswerType.yes_no, AnswerType.single):
        if isinstance(raw, bool):  # YAML read yes/no as a boolean
            raw = "oui" if raw else "non"
        allowed = option_values(question)
        if not isinstance(raw, str) or raw not in allowed:
            permitted = ", ".join([*allowed, DONT_KNOW, NOT_APPLICABLE])
            raise AnswerError(f"réponse « {raw} » impossible ; choix permis : {permitted}")
        return Answer("valeur", raw)
    if t is AnswerType.multiple:
        values = [raw] if isinstance(raw, str) else raw
        if not isinstance(values, (list, tuple)) or not values or not all(isinstance(v, str) for v in values):
            raise AnswerError("une liste d'au moins un choix est attendue (ex. [a, b])")
        allowed = option_values(question)
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise AnswerError(f"choix inconnu(s) : {', '.join(unknown)} ; choix permis : {', '.join(allowed)}")
        exclusive = [o.value for o in question.options if o.exclusive and o.value in values]
        if exclusive and len(set(values)) > 1:
            raise AnswerError(f"« {exclusive[0]} » ne peut pas être combiné avec d'autres choix")
        ordered = tuple(v for v in allowed if v in values)  # canonical order: the grid's
        return Answer("valeur", ordered)
    if t is AnswerType.scale:
        if isinstance(raw, str) and raw.strip().isdigit():
            raw = int(raw.strip())
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw not in (1, 2, 3, 4):
            raise AnswerError("un niveau de 1 à 4 est attendu")
        return Answer("valeur", float(int(raw)))
    if t is AnswerType.number:
        if isinstance(raw, str):
            raw = parse_number(raw, _unit(question))
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise AnswerError(f"un nombre est attendu{_unit(question)}")
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise AnswerError("un nombre fini est attendu")
        return Answer("valeur", float(raw))
    # free text
    if not isinstance(raw, (str, int, float)) or isinstance(raw, bool) or not str(raw).strip():
        raise AnswerError("un texte non vide est attendu")
    return Answer("valeur", str(raw).strip())


# --- numbers and dates as people type them, the French way -------------------------------

SPACES = " \u00a0\u202f\u2009"  # space, no-break space, narrow no-break space, thin space
_GROUPED = re.compile(rf"[0-9]{{1,3}}(?:[{SPACES}][0-9]{{3}})+")
_PLAIN = re.compile(r"[0-9]+")
EXAMPLES = "par exemple 3,5, 17 520 ou 1 234,5"


def parse_number(text: str, unit: str = "") -> float:
    """A number typed the French way: « 3,5 », « 17 520 » (thousands apart by a space, a no-break
    or a thin space), « 1 234,5 », « -2 ». Anything a person could read two ways is refused with
    a French sentence that says how to write it: « 1e3 », « 1_000 », « 3,5,1 », « 17.520 »."""
    typed = text.strip()
    shown = f"« {typed} »"
    if not typed:
        raise AnswerError(f"un nombre est attendu{unit}")
    body = typed[1:].lstrip(SPACES) if typed[0] in "-+\u2212" else typed
    negative = typed[0] in "-\u2212"
    if re.search(r"[eE]", body) and re.fullmatch(r"[0-9.,]+[eE][-+]?[0-9]+", body):
        raise AnswerError(f"{shown} : la notation scientifique n'est pas acceptée ; écrivez le nombre en "
                          f"chiffres ({EXAMPLES})")
    if "_" in body:
        raise AnswerError(f"{shown} : le tiret bas ne sépare pas les milliers ; séparez-les par une espace "
                          f"({EXAMPLES})")
    if body.count(",") > 1:
        raise AnswerError(f"{shown} : un nombre n'a qu'une virgule, celle des décimales ({EXAMPLES})")
    whole, comma, decimals = body.partition(",")
    if not comma and whole.count(".") == 1:  # a decimal point, where it cannot be a thousands mark
        head, _, tail = whole.partition(".")
        if len(tail) == 3 and head not in ("", "0", "-0") and _PLAIN.fullmatch(head + tail):
            raise AnswerError(f"{shown} est ambigu : écrivez {head} {tail} pour des milliers, ou "
                              f"{head},{tail} pour des décimales")
        whole, comma, decimals = head, ".", tail
    if comma and not _PLAIN.fullmatch(decimals):
        raise AnswerError(f"{shown} : après la virgule, des chiffres seulement ({EXAMPLES})")
    if _PLAIN.fullmatch(whole) is None and _GROUPED.fullmatch(whole) is None:
        if whole and all(c.isdigit() or c in SPACES for c in whole):
            raise AnswerError(f"{shown} : les milliers se séparent par groupes de trois chiffres ({EXAMPLES})")
        raise AnswerError(f"{shown} n'est pas un nombre{unit} ; écrivez-le en chiffres ({EXAMPLES})")
    digits = "".join(c for c in whole if c.isdigit())
    value = float(f"{digits}.{decimals}" if comma else digits)
    return -value if negative else value


_FRENCH_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_date(text: str) -> date:
    """A date typed the French way (« 15/01/2027 ») or as the files write it (« 2027-01-15 »)."""
    typed = str(text).strip()
    french, iso = _FRENCH_DATE.fullmatch(typed), _ISO_DATE.fullmatch(typed)
    if french is None and iso is None:
        raise AnswerError(f"« {typed} » n'est pas une date : écrivez-la JJ/MM/AAAA (ex. 15/01/2027) ou "
                          "AAAA-MM-JJ (ex. 2027-01-15)")
    parts = french.groups() if french is not None else tuple(reversed(iso.groups())) if iso is not None else ()
    day, month, year = (int(x) for x in parts)
    try:
        return date(year, month, day)
    except ValueError:
        raise AnswerError(f"la date « {typed} » n'existe pas (jour ou mois impossible)") from None


def _unit(question: Question) -> str:
    return f" (en {question.unit})" if question.unit else ""


def display(question: Question, answer: Answer, grid_scale: Scale | None = None) -> str:
    """The answer as a person reads it, in French."""
    if answer.kind == DONT_KNOW:
        return DONT_KNOW_LABEL
    if answer.kind == NOT_APPLICABLE:
        return f"{NOT_APPLICABLE_LABEL} ({answer.justification})"
    v = answer.value
    if question.type is AnswerType.yes_no:
        return YES_NO.get(str(v), str(v))
    if question.type is AnswerType.single:
        opt = question.option(str(v))
        return opt.label if opt else str(v)
    if question.type is AnswerType.multiple:
        # parse_answer and from_json give a tuple of choices; anything else is shown as it is
        chosen = v if isinstance(v, tuple) else () if v is None else (str(v),)
        return " ; ".join(opt.label if (opt := question.option(x)) else x for x in chosen)
    if question.type is AnswerType.scale and isinstance(v, (int, float)):  # a level, 1.0 to 4.0
        level = int(v)
        return f"{level} – {scale_labels(question, grid_scale).get(level, '')}".rstrip(" –")
    if question.type is AnswerType.number:
        number = french_number(v) if isinstance(v, (int, float)) else str(v)
        return f"{number} {question.unit}" if question.unit else number
    return str(v)

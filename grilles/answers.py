"""Answers, as the rules see them, and their validation against a question's type."""

from __future__ import annotations

from dataclasses import dataclass

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
            try:
                raw = float(raw.strip().replace(",", ".").replace("\u202f", "").replace(" ", ""))
            except ValueError:
                raise AnswerError(f"un nombre est attendu{_unit(question)}") from None
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise AnswerError(f"un nombre est attendu{_unit(question)}")
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise AnswerError("un nombre fini est attendu")
        return Answer("valeur", float(raw))
    # free text
    if not isinstance(raw, (str, int, float)) or isinstance(raw, bool) or not str(raw).strip():
        raise AnswerError("un texte non vide est attendu")
    return Answer("valeur", str(raw).strip())


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

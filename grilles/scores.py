"""Axis scores where the source scores (radar quadrants, girouet items).

An axis score is the mean of the scores of the applicable, answered, scored questions
on that axis. A skipped question, a "je ne sais pas", a "non applicable" or an
explicitly unscored option is never a 0: they are left out, and the coverage says how
much of the axis the number rests on. Below the grid's threshold no number is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from grilles.rules import ANSWERED, DECLARED_NA, SKIPPED, Evaluation
from grilles.schema import AnswerType, Grid


@dataclass(frozen=True)
class AxisScore:
    grid: str
    axis: str
    title: str
    group: str | None
    mean: float | None  # None when nothing was scored
    scored: int  # questions that gave a score
    applicable: int  # questions on the axis that apply (skips and declared "non applicable" excluded)
    threshold: float

    @property
    def coverage(self) -> float:
        return self.scored / self.applicable if self.applicable else 0.0

    @property
    def shown(self) -> float | None:
        """The score to show, or None when the coverage is below the threshold."""
        if self.mean is None or self.coverage < self.threshold:
            return None
        return self.mean


def question_score(question, value) -> int | None:
    if question.type is AnswerType.scale:
        return int(value)
    if question.type in (AnswerType.single, AnswerType.yes_no):
        opt = question.option(str(value))
        return opt.score if opt else None
    if question.type is AnswerType.multiple:
        scores = [o.score for o in question.options if o.value in (value or ()) and o.score is not None]
        return min(scores) if scores else None  # the least favourable choice speaks for the axis
    return None


def axis_scores(evaluation: Evaluation, grid: Grid) -> list[AxisScore]:
    out = []
    for axis in grid.axes:
        total, scored, applicable = 0, 0, 0
        for entry in evaluation.bundle.entries:
            if entry.grid.id != grid.id or entry.question.axis != axis.id:
                continue
            status = evaluation.statuses[entry.id]
            if status.status in (SKIPPED, DECLARED_NA):
                continue
            applicable += 1
            if status.status == ANSWERED and status.answer is not None:
                score = question_score(entry.question, status.answer.value)
                if score is not None:
                    total += score
                    scored += 1
        mean = total / scored if scored else None
        out.append(AxisScore(grid.id, axis.id, axis.title, axis.group, mean, scored, applicable, grid.min_coverage))
    return out

"""The radar and the girouet drawn with characters: readable without colour, on a projector too."""

from __future__ import annotations

from grilles.formats import french_number

WIDTH = 20


def bar(value: float | None, maximum: float = 4.0, width: int = WIDTH) -> str:
    if value is None:
        return "·" * width
    filled = round(value / maximum * width)
    return "█" * filled + "░" * (width - filled)


def score_lines(scores) -> list[str]:
    """One line per axis, grouped by quadrant or sheet: bar, mean /4 and coverage."""
    lines: list[str] = []
    group = object()
    label_width = max((len(s.title) for s in scores), default=10)
    for s in scores:
        if s.group != group:
            group = s.group
            if group:
                lines.append(f"{group}")
        if s.shown is None:
            reason = "non applicable" if s.applicable == 0 else f"insuffisant pour conclure ({s.coverage:.0%} couvert)"
            lines.append(f"  {s.title:<{label_width}} {bar(None)} {reason}")
        else:
            lines.append(f"  {s.title:<{label_width}} {bar(s.shown)} {french_number(s.shown, 2)}/4  "
                         f"({s.coverage:.0%} couvert)")
    return lines

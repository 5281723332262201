"""The radar and the girouet drawn with characters: readable without colour, on a projector too."""

from __future__ import annotations

from grilles.formats import french_number

WIDTH = 20
COLUMNS = 74  # what the summary's text has at 80 columns, once its margins and scroll bar are drawn


def bar(value: float | None, maximum: float = 4.0, width: int = WIDTH) -> str:
    if value is None:
        return "·" * width
    filled = round(value / maximum * width)
    return "█" * filled + "░" * (width - filled)


def covered(coverage: float) -> str:
    """« 100 % couvert », the French way (a no-break space before the sign)."""
    return f"{round(coverage * 100)}\u00a0% couvert"


def score_lines(scores, columns: int = COLUMNS) -> list[str]:
    """One line per axis, grouped by quadrant or sheet: bar, mean /4 and coverage. The bar gives way
    so that a score fits in `columns`; what still does not fit goes on the line below, never cut."""
    label_width = max((len(s.title) for s in scores), default=10)
    width = max(4, min(WIDTH, columns - 2 - label_width - 2 - len("3,33/4  (100\u00a0% couvert)")))
    lines: list[str] = []
    group = object()
    for s in scores:
        if s.group != group:
            group = s.group
            if group:
                lines.append(f"{group}")
        line, tail = f"  {s.title:<{label_width}} {bar(s.shown, width=width)}", _tail(s)
        lines += [f"{line} {tail}"] if len(line) + 1 + len(tail) <= columns else [line, f"    {tail}"]
    return lines


def _tail(s) -> str:
    if s.shown is None:
        return "non applicable" if s.applicable == 0 else f"insuffisant pour conclure ({covered(s.coverage)})"
    return f"{french_number(s.shown, 2)}/4  ({covered(s.coverage)})"

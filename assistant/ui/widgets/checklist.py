"""A selection list whose ticks are visible without colour (✓ or blank), for projectors and
monochrome terminals alike."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist


class CheckList(SelectionList[str]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset[1] + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) >= 2:
            segments[1] = Segment("✓" if selection.value in self._selected else " ", segments[1].style)
        return Strip(segments, strip.cell_length)

"""A list of choices to tick, whose ticks are visible without colour ([✓] or [ ]), for projectors
and monochrome terminals alike; long choices wrap instead of being cut."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class CheckList(OptionList):
    """Space, Entrée or a click ticks or unticks the highlighted choice; `selected` lists the ticked
    values in the list's order."""

    BINDINGS = [Binding("space", "toggle_highlighted", "Cocher", show=False)]

    def __init__(self, *items, **kwargs):
        """`items`: (label, value) or (label, value, ticked) tuples; a label is text, never markup."""
        self._labels: dict[str, Text] = {}
        self._ticked: set[str] = set()
        for item in items:
            label, value = item[0], item[1]
            self._labels[value] = label if isinstance(label, Text) else Text(str(label))
            if len(item) > 2 and item[2]:
                self._ticked.add(value)
        super().__init__(*[Option(self._prompt(v), id=v) for v in self._labels], markup=False, **kwargs)

    def _prompt(self, value: str) -> Text:
        return Text.assemble(("[✓] " if value in self._ticked else "[ ] ", "bold"), self._labels[value])

    @property
    def selected(self) -> list[str]:
        return [v for v in self._labels if v in self._ticked]

    def toggle(self, value: str) -> None:
        self._ticked.symmetric_difference_update({value})
        self.replace_option_prompt(value, self._prompt(value))

    def action_toggle_highlighted(self) -> None:
        if self.highlighted is not None:
            option = self.get_option_at_index(self.highlighted)
            if option.id is not None:
                self.toggle(option.id)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is self:
            event.stop()
            if event.option.id is not None:
                self.toggle(event.option.id)

"""The answer control that fits the question's type. It only reports what was chosen."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, OptionList, SelectionList, TextArea

from assistant.ui.widgets.checklist import CheckList
from textual.widgets.option_list import Option

from grilles.answers import scale_labels
from grilles.schema import AnswerType


class AnswerPanel(Vertical):
    """Rebuilt for each question; posts `Chosen` with a raw value the dialogue validates."""

    @dataclass
    class Chosen(Message):
        value: object

    @dataclass
    class NotApplicable(Message):
        pass

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.entry = None

    async def show(self, entry, focus: bool = True) -> None:
        """Replace the controls (awaited: the old ones must be gone before the new ones mount)."""
        self.entry = entry
        await self.remove_children()
        await self.mount_all(list(self._controls(entry)))
        if focus:
            self.focus_first()

    async def clear(self) -> None:
        self.entry = None
        await self.remove_children()

    def focus_first(self) -> None:
        for widget in self.query("Button, OptionList, SelectionList, TextArea, Input"):
            if widget.focusable and not widget.disabled:
                widget.focus()
                return

    def set_busy(self, busy: bool) -> None:
        self.disabled = busy

    def _controls(self, entry):
        q = entry.question
        if q.type is AnswerType.yes_no:
            yield Horizontal(Button("Oui (o)", id="v-oui", variant="success"),
                             Button("Non (n)", id="v-non", variant="error"),
                             Button("Je ne sais pas (?)", id="v-nsp"),
                             Button("Non applicable… (a)", id="v-na"), classes="choices")
            return
        if q.type is AnswerType.single:
            yield OptionList(*[Option(f"{o.label}", id=o.value) for o in q.options], id="single")
        elif q.type is AnswerType.multiple:
            yield CheckList(*[(o.label, o.value) for o in q.options], id="multiple")
            yield Label("Espace coche ou décoche ; puis « Valider ».", classes="hint")
        elif q.type is AnswerType.scale:
            labels = scale_labels(q, entry.grid.scale)
            yield Vertical(*[Button(f"{level} · {label}", id=f"v-{level}", classes="scale-level")
                             for level, label in sorted(labels.items())], classes="scale")
        elif q.type is AnswerType.text:
            yield TextArea(id="text", tab_behavior="focus")
        elif q.type is AnswerType.number:
            yield Horizontal(Input(type="number", placeholder="nombre", id="number"),
                             Label(q.unit or "", classes="unit"), classes="number-row")
        buttons = []
        if q.type in (AnswerType.multiple, AnswerType.text, AnswerType.number):
            buttons.append(Button("Valider (Ctrl+S)", id="submit", variant="primary"))
        buttons += [Button("Je ne sais pas (?)", id="v-nsp"), Button("Non applicable… (a)", id="v-na")]
        yield Horizontal(*buttons, classes="choices")

    # --- reporting what was chosen --------------------------------------------------------

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        bid = event.button.id or ""
        if bid == "v-na":
            self.post_message(self.NotApplicable())
        elif bid == "submit":
            self.submit()
        elif bid.startswith("v-"):
            value = bid[2:]
            self.post_message(self.Chosen(int(value) if value.isdigit() else value))

    @on(OptionList.OptionSelected, "#single")
    def single(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.option.id))

    @on(Input.Submitted, "#number")
    def number(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        if self.entry is None:
            return
        t = self.entry.question.type
        if t is AnswerType.multiple:
            chosen = list(self.query_one("#multiple", SelectionList).selected)
            if not chosen:
                self.app.notify("Cochez au moins un choix, ou répondez « je ne sais pas ».", severity="warning")
                return
            self.post_message(self.Chosen(chosen))
        elif t is AnswerType.text:
            text = self.query_one("#text", TextArea).text.strip()
            if not text:
                self.app.notify("Écrivez une réponse, ou répondez « je ne sais pas ».", severity="warning")
                return
            self.post_message(self.Chosen(text))
        elif t is AnswerType.number:
            raw = self.query_one("#number", Input).value.strip()
            if not raw:
                self.app.notify("Indiquez un nombre, ou répondez « je ne sais pas ».", severity="warning")
                return
            self.post_message(self.Chosen(raw))

"""The answer control that fits the question's type. It only reports what was chosen.

Every choice is numbered and chosen by its digit; « je ne sais pas » and « non applicable » have
keys that work from every control (F7 and F8, and ? and a wherever they type nothing), and the
buttons show the keys that work from the control the team is in.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option, OptionDoesNotExist

from assistant.ui.widgets.checklist import CheckList
from grilles.answers import AnswerError, parse_number, scale_labels
from grilles.formats import french_number
from grilles.schema import AnswerType

SHORTCUT_CHARACTERS = ("?", "a", "p")  # never part of a number: in a number field they stay shortcuts


@dataclass(frozen=True)
class Keys:
    """The keys that answer from the control the team is in (a text area types ? and a)."""

    dont_know: str
    not_applicable: str
    offer: str

    @staticmethod
    def for_type(answer_type: AnswerType) -> Keys:
        if answer_type is AnswerType.text:
            return Keys("F7", "F8", "Ctrl+P")
        return Keys("?", "a", "p")


class NumberInput(Input):
    """A number typed the French way (« 3,5 », « 17 520 »): any character may be typed, so that a
    refused value stays as typed beside its message; ?, a (and p, an offer) stay shortcuts."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character not in SHORTCUT_CHARACTERS and super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        if event.character in SHORTCUT_CHARACTERS:
            # Textual calls every class's handler in turn: prevent Input's (which would type it); the
            # key still bubbles up to the screen's bindings
            event.prevent_default()


def _shape(entry, offer: str | None, deferrable: int) -> tuple | None:
    """What a question's controls look like: two questions of one shape share their controls.
    None: always built afresh (the ticks of a multiple choice)."""
    q = entry.question
    if q.type is AnswerType.multiple:
        return None
    if q.type is AnswerType.scale:
        choices: tuple = tuple(sorted(scale_labels(q, entry.grid.scale).items()))
    else:
        choices = tuple((o.value, o.label) for o in q.options) if q.type is AnswerType.single else ()
    return q.type, choices, q.unit or "", offer, deferrable


def numbered(index: int, label: str) -> Text:
    return Text.assemble((f"{index} ", "bold"), label) if index <= 9 else Text(f"  {label}")


def starting_on(options: OptionList, value: str | None) -> OptionList:
    """A list highlighting the answer being changed (else its first option, as Textual does)."""
    if value is not None:
        with suppress(OptionDoesNotExist):  # an option no longer in the grid: start at the top
            options.highlighted = options.get_option_index(value)
    return options


class AnswerPanel(Vertical):
    """Rebuilt for each question; posts `Chosen` with a raw value the dialogue validates."""

    @dataclass
    class Chosen(Message):
        value: object

    @dataclass
    class NotApplicable(Message):
        pass

    @dataclass
    class ConfirmOffer(Message):
        pass

    @dataclass
    class DeferAll(Message):
        pass

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.entry = None
        self._shape: tuple | None = None  # what the controls on screen look like, when they can serve again

    async def show(self, entry, focus: bool = True, offer: str | None = None, deferrable: int = 0,
                   list_room: int | None = None, current=None) -> None:
        """Replace the controls (awaited: the old ones must be gone before the new ones mount).
        `offer`: the answer the grids offer, as people read it; `deferrable`: how many questions
        one act can put to the supplier; `list_room`: the rows a list of choices starts with;
        `current`: the answer being changed, which the controls start on (Entrée keeps it).

        The next question's controls are often the very same (yes or no, a grid's scale, a text):
        then they are reset, not rebuilt, which a long instruction feels at every answer."""
        self.entry = entry
        shape = None if current is not None else _shape(entry, offer, deferrable)
        if shape is not None and shape == self._shape and self.children:
            self._reset(list_room)
            if focus:
                self.focus_first()
            return
        self._shape = shape
        await self._remove_controls()
        controls = list(self._controls(entry, offer, deferrable, current))
        for control in controls:
            if isinstance(control, OptionList) and list_room is not None:
                control.styles.max_height = list_room
        await self.mount_all(controls)
        if focus:
            self.focus_first()

    async def clear(self) -> None:
        self.entry = None
        self._shape = None
        await self._remove_controls()

    async def _remove_controls(self) -> None:
        """Remove the controls, and let them go. Textual (8.2) keeps a removed control alive, with its
        rendered lines, in three places: its screen's text selection signal (a text field's callback
        holds the field), the app's theme watchers (a TextArea's, dropped only when the theme next
        changes) and the `query_one` caches of the nodes that looked it up (1 024 entries each, keyed
        by the DOM's version). Over a long instruction memory grew by half, and the collector's full passes, which
        stop the screen, with it."""
        screen = self.screen
        for field in self.query("Input, TextArea"):
            screen.text_selection_started_signal.unsubscribe(field)
        await self.remove_children()
        for watchers in getattr(self.app, "__watchers", {}).values():  # as Reactive._check_watchers does
            watchers[:] = [(node, callback) for node, callback in watchers if not node._closing]
        for node in self.ancestors_with_self:
            node._query_one_cache.clear()

    def _reset(self, list_room: int | None) -> None:
        """The controls as a fresh build would start them: nothing typed, the first choice highlighted."""
        self.clear_error()
        for options in self.query(OptionList):
            options.highlighted = 0 if options.option_count else None
            options.scroll_home(animate=False)
            if list_room is not None:
                options.styles.max_height = list_room
        for area in self.query(TextArea):
            area.text = ""
            area.styles.height = None  # the height the fit gave it on the last question: the stylesheet's again
        for field in self.query(NumberInput):
            field.value = ""

    def focus_first(self) -> None:
        """The control that answers (the list, the field, the first choice), never an offer's button:
        Entrée then answers what the team chose, not what the grids offer."""
        for selector in ("OptionList", "TextArea", "Input", ".choices Button"):
            for widget in self.query(selector):
                if widget.focusable and not widget.disabled:
                    widget.focus()
                    return

    @property
    def choice_list(self) -> OptionList | None:
        """The list of choices, whose height gives way first when the screen is short."""
        found = self.query("OptionList")
        return found.first() if found else None

    def show_error(self, message: str) -> None:
        """A refused value: the message beside what was typed, which stays as it is."""
        for error in self.query("#answer-error"):
            error.update(Text(f"⚠ {message}"))
            error.display = True

    def clear_error(self) -> None:
        for error in self.query("#answer-error"):
            error.display = False

    def _controls(self, entry, offer: str | None, deferrable: int, current=None):
        q = entry.question
        keys = Keys.for_type(q.type)
        given = current.value if current is not None and current.kind == "valeur" else None
        if offer is not None:
            row = [Button(Text(f"Confirmer « {offer} » ({keys.offer})"), id="v-offer", variant="primary")]
            if deferrable > 1:
                row.append(Button(Text(f"Reporter les {deferrable} (Ctrl+R)"), id="v-defer-all"))
            yield Horizontal(*row, classes="offer")
        if q.type is AnswerType.yes_no:
            yield Horizontal(Button("Oui (o)", id="v-oui", variant="success"),
                             Button("Non (n)", id="v-non", variant="error"),
                             Button(f"Je ne sais pas ({keys.dont_know})", id="v-nsp"),
                             Button(f"Non applicable… ({keys.not_applicable})", id="v-na"), classes="choices")
            return
        if q.type is AnswerType.single:
            options = [Option(numbered(i, o.label), id=o.value) for i, o in enumerate(q.options, 1)]
            yield starting_on(OptionList(*options, id="single", markup=False), given)
        elif q.type is AnswerType.multiple:
            ticked = set(given) if isinstance(given, (list, tuple)) else set()
            yield CheckList(*[(numbered(i, o.label), o.value, o.value in ticked) for i, o in enumerate(q.options, 1)],
                            id="multiple")
            yield Label("Espace ou le chiffre coche ou décoche ; puis « Valider ».", classes="hint")
        elif q.type is AnswerType.scale:
            labels = scale_labels(q, entry.grid.scale)
            options = [Option(numbered(level, label), id=str(level)) for level, label in sorted(labels.items())]
            yield starting_on(OptionList(*options, id="scale", markup=False), None if given is None else str(given))
        elif q.type is AnswerType.text:
            yield TextArea(given if isinstance(given, str) else "", id="text", tab_behavior="focus")
        elif q.type is AnswerType.number:
            typed = french_number(given) if isinstance(given, (int, float)) else ""
            yield Horizontal(NumberInput(typed, placeholder="ex. 3,5 ou 17 520", id="number"),
                             Label(Text(q.unit or ""), classes="unit"), classes="number-row")
            error = Static("", id="answer-error", markup=False)
            error.display = False
            yield error
        buttons = []
        if q.type in (AnswerType.multiple, AnswerType.text, AnswerType.number):
            buttons.append(Button("Valider (Ctrl+S)", id="submit", variant="primary"))
        buttons += [Button(f"Je ne sais pas ({keys.dont_know})", id="v-nsp"),
                    Button(f"Non applicable… ({keys.not_applicable})", id="v-na")]
        yield Horizontal(*buttons, classes="choices")

    # --- reporting what was chosen --------------------------------------------------------

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        bid = event.button.id or ""
        if bid == "v-na":
            self.post_message(self.NotApplicable())
        elif bid == "v-offer":
            self.post_message(self.ConfirmOffer())
        elif bid == "v-defer-all":
            self.post_message(self.DeferAll())
        elif bid == "submit":
            self.submit()
        elif bid.startswith("v-"):
            self.post_message(self.Chosen(bid[2:]))

    @on(OptionList.OptionSelected, "#single, #scale")
    def single(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        value = event.option.id
        self.post_message(self.Chosen(int(value) if self.entry.question.type is AnswerType.scale else value))

    def choose(self, digit: int) -> bool:
        """The option numbered `digit`: chosen (a single choice, a scale) or ticked (a multiple one)."""
        if self.entry is None:
            return False
        t = self.entry.question.type
        if t is AnswerType.scale:
            if digit in scale_labels(self.entry.question, self.entry.grid.scale):
                self.post_message(self.Chosen(digit))
                return True
            return False
        options = self.entry.question.options
        if not 1 <= digit <= len(options):
            return False
        if t is AnswerType.single:
            self.post_message(self.Chosen(options[digit - 1].value))
            return True
        if t is AnswerType.multiple:
            checklist = self.query_one("#multiple", CheckList)
            checklist.toggle(options[digit - 1].value)
            checklist.highlighted = digit - 1
            return True
        return False

    @on(Input.Submitted, "#number")
    def number(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    @on(Input.Changed, "#number")
    def typing(self) -> None:
        self.clear_error()

    def submit(self) -> None:
        if self.entry is None:
            return
        t = self.entry.question.type
        if t is AnswerType.multiple:
            chosen = list(self.query_one("#multiple", CheckList).selected)
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
            unit = f" (en {self.entry.question.unit})" if self.entry.question.unit else ""
            try:
                parse_number(raw, unit)  # said at once, beside what was typed; the dialogue checks again
            except AnswerError as exc:
                self.show_error(str(exc) if raw else "Indiquez un nombre, ou répondez « je ne sais pas ».")
                return
            self.post_message(self.Chosen(raw))

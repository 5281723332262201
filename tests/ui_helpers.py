"""Driving the Textual app in tests: a small grid, keyboard answers per type."""

from __future__ import annotations

from pathlib import Path

from assistant.config import Settings
from assistant.ui.app import build_app
from grilles.catalog import load_catalog
from grilles.schema import AnswerType

MINI = Path(__file__).parent / "fixtures" / "grilles_mini"


def mini_catalog():
    return load_catalog([MINI])


def make_app(tmp_path, catalog=None):
    catalog = catalog or mini_catalog()
    return build_app(Settings(tmp_path), catalog, tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite")


async def settle(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def answer_with_keys(app, pilot, entry, value):
    """Answer the question on screen with the keys a person would press."""
    q = entry.question
    if value == "nsp":
        await pilot.press("question_mark")
    elif q.type is AnswerType.yes_no:
        await pilot.press("o" if value == "oui" else "n")
    elif q.type is AnswerType.single:
        index = [o.value for o in q.options].index(value)
        await pilot.press(*(["down"] * index), "enter")
    elif q.type is AnswerType.multiple:
        values = [o.value for o in q.options]
        position = 0
        for v in value:
            target = values.index(v)
            await pilot.press(*(["down"] * (target - position)), "space")
            position = target
        await pilot.press("ctrl+s")
    elif q.type is AnswerType.scale:
        await pilot.press(str(value))
    elif q.type is AnswerType.number:
        await pilot.press(*str(value), "enter")
    else:
        await pilot.press(*str(value), "ctrl+s")
    await settle(app, pilot)


async def type_text(pilot, text: str):
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def screen_text(app) -> str:
    """What the screen shows now, as text (the compositor's lines: what a person reads)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def on_screen(app) -> str:
    """The screen's text, lines joined, spaces squeezed: a phrase wrapped over two lines is found."""
    return " ".join(" ".join(line.replace("▎", " ").replace("▊", " ").replace("█", " ").split())
                    for line in screen_text(app).splitlines())

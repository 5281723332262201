"""The home screen as people first see it: what they typed shown as typed, a broken journal said at once."""

import sqlite3

from textual.geometry import Region
from textual.widgets import OptionList, Static
from ui_helpers import make_app, mini_catalog, settle

from dialogues.store import Store
from journal.log import Actor

TITLE = "Essai [@click=app.quit]"
SERVICE = "Léa [/]"


def recorded(tmp_path, title=TITLE, service=SERVICE, person="Karim Benali [DPO]"):
    store = Store.open(tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite", mini_catalog(), load_graph=False)
    store.start(title, Actor(person, "metier"), ["mini"], service=service)
    store.close()


def painted(widget) -> str:
    """The lines the widget paints, as text."""
    width, height = widget.size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def tamper(path):
    conn = sqlite3.connect(path)
    conn.isolation_level = None
    last = conn.execute("SELECT max(seq) FROM events").fetchone()[0]
    conn.execute("UPDATE events SET actor_name = ? WHERE seq = ?", ("Quelqu'un d'autre", last))
    conn.close()


async def test_markup_in_a_title_or_a_service_shows_literally_in_the_home_list(tmp_path):
    recorded(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#instructions", OptionList)
        assert table.option_count == 1
        shown = painted(table)
        assert TITLE in shown and SERVICE in shown
        await pilot.click("#instructions")  # a click on the title runs no action (the app stays)
        await settle(app, pilot)
        assert app.is_running
        assert not app.screen.query("#chain-notice") or not app.screen.query_one("#chain-notice").display


async def test_a_broken_chain_is_said_on_opening_and_people_can_still_work(tmp_path):
    recorded(tmp_path, "Chatbot RH", "DRH", "Alice Martin")
    tamper(tmp_path / "journal.sqlite")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        notice = app.screen.query_one("#chain-notice", Static)
        assert notice.display
        text = painted(notice)
        assert "JOURNAL ALTÉRÉ" in text and "chaîne d'empreintes est rompue" in text
        assert "instruire journal verifier" in " ".join(text.split())
        table = app.screen.query_one("#instructions", OptionList)
        assert "Chatbot RH" in painted(table)  # still listed
        await pilot.press("enter")  # and still opened
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ConversationScreen"


async def test_an_intact_journal_says_nothing_about_its_chain(tmp_path):
    recorded(tmp_path, "Chatbot RH", "DRH", "Alice Martin")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert not app.screen.query_one("#chain-notice", Static).display

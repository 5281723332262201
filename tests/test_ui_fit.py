"""The conversation's rows at 80×24: the question waiting in full above its control, the banners
kept to a few rows however many flags are raised."""

from ui_helpers import make_app, mini_catalog, on_screen, settle

from dialogues.store import Store
from journal.log import Actor

ALICE = Actor("Alice Martin", "metier")


async def test_ten_flags_to_check_take_one_line_and_leave_the_history_its_rows(tmp_path):
    catalog = mini_catalog()
    store = Store.open(tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite", catalog)
    session = store.start("Tout inconnu", ALICE, ["mini"])
    while (turn := session.turn()).question.grid.id == "profil":  # « je ne sais pas » to the whole profile
        session.answer(turn.question.id, "nsp", ALICE)
    flags = len(turn.evaluation.to_check)
    store.close()
    assert flags >= 5
    app = make_app(tmp_path, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause(0.1)
        screen = app.screen
        banner, card, answer = (screen.query_one(f"#{name}") for name in ("banner", "card", "answer"))
        assert banner.outer_size.height == 1 and f"? {flags} à vérifier" in on_screen(app)
        assert screen.query_one("#chat").outer_size.height >= 5  # the history keeps rows to read
        assert card.region.bottom <= answer.region.y  # the question in full, above its control
        assert "Une AIPD a-t-elle été réalisée ?" in on_screen(app)


async def test_the_history_shows_the_red_line_just_raised_in_full(tmp_path):
    catalog = mini_catalog()
    store = Store.open(tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite", catalog)
    session = store.start("Biométrie", ALICE, ["mini"])
    while (turn := session.turn()).question.id != "profil.donnees_biometriques":
        session.answer(turn.question.id, "nsp" if turn.question.id != "profil.type_ia" else ["generative"], ALICE)
    store.close()
    app = make_app(tmp_path, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("o")  # a red line, told in the history while the next question's card fits below
        await settle(app, pilot)
        await pilot.pause(0.1)
        chat = app.screen.query_one("#chat")
        assert chat.scroll_y == chat.max_scroll_y  # the history's end in view, once the card has its rows
        assert "examiner par les personnes qui instruisent le projet." in on_screen(app)

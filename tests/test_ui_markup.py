"""What people type reaches the screen as text, never as Textual markup: a name holding « [/] »
neither crashes the app nor locks its instruction, « [DPO] » keeps its brackets, and a title
holding « [@click=app.quit] » runs nothing when clicked."""

from ui_helpers import make_app, on_screen, settle, type_text

from journal import kinds
from journal.log import Journal

TITLE = "Essai [@click=app.quit]"
ME = "Léa [/]"
OTHER = "Karim Benali [DPO]"
NOTE = "Voir [b]la DPO[/b] et [@click=app.quit]"


async def create(app, pilot):
    await settle(app, pilot)
    await pilot.press("n")
    await settle(app, pilot)
    await type_text(pilot, TITLE)
    await pilot.press("tab")
    await type_text(pilot, "DRH [bis]")
    await pilot.press("tab", "tab")
    await type_text(pilot, f"{ME} (métier)")
    await pilot.press("tab")
    await type_text(pilot, OTHER)
    await pilot.press("tab")
    await pilot.press("down", "space", "down", "down", "down", "space")  # the small grid only
    await pilot.press("ctrl+s")
    await settle(app, pilot)


async def click_the_title(app, pilot):
    """Click every cell of the header's title: a markup action there would run (app.quit)."""
    header = app.screen.query_one("HeaderTitle")
    for x in range(header.region.width):
        await pilot.click(header, offset=(x, 0))
    await settle(app, pilot)
    assert app.is_running and app.return_code is None


async def test_names_and_a_title_holding_markup_play_through_and_show_literally(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await create(app, pilot)
        screen = app.screen
        assert type(screen).__name__ == "ConversationScreen"
        shown = on_screen(app)
        assert TITLE in shown and "DRH [bis]" in shown  # the header and the history
        assert f"Répond : {ME}" in shown
        await click_the_title(app, pilot)
        for _ in range(3):  # the profile's first questions: a multiple choice, then single ones
            entry = screen.step.turn.question
            await pilot.press("question_mark")
            await settle(app, pilot)
            assert screen.step.turn.question is not entry
        assert on_screen(app).count(f"{ME} (métier) : Je ne sais pas") == 3  # the history names who answered
        await pilot.press("f4")  # a note, markup and all
        await settle(app, pilot)
        await type_text(pilot, NOTE)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert f"✎ Note de {ME} : {NOTE}" in on_screen(app)
        await pilot.press("f3")  # who answers: the other participant, brackets kept
        await settle(app, pilot)
        assert OTHER in on_screen(app)
        await pilot.press("down", "enter")  # Karim answers now
        await settle(app, pilot)
        assert f"Répond : {OTHER} — F3 pour changer" in on_screen(app)
        await pilot.press("n")
        await settle(app, pilot)
        assert f"{OTHER} : Non" in on_screen(app)
        session = screen.session
        await pilot.press("escape")  # home, then open it again
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ConversationScreen"
        shown = on_screen(app)
        # reopened: who gave the last answer still answers
        assert f"Instruction « {TITLE} » — DRH [bis]." in shown and f"Répond : {OTHER}" in shown
        chat_line = app.screen.query_one("#chat").children[0]  # the title, in the history's first line
        for x in range(chat_line.region.width):
            await pilot.click(chat_line, offset=(x, 0))
        await settle(app, pilot)
        assert app.is_running and app.return_code is None
        await click_the_title(app, pilot)
    with Journal(tmp_path / "journal.sqlite") as journal:
        events = journal.events(session.id)
    assert [e.payload["text"] for e in events if e.kind == kinds.NOTE] == [NOTE]
    assert [e.actor_name for e in events if e.kind == kinds.ANSWERED] == [ME, ME, ME, OTHER]

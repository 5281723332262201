"""A trainer's demonstration, played headless as on a projector: the chatbot case plays through to
the decision it promises (postponed, with its rationale), pre-filled for the trainer to confirm,
recorded in a journal of its own that is removed when the demonstration closes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Select, TextArea
from ui_helpers import settle

from assistant.config import Settings
from assistant.ui.app import build_app
from assistant.ui.screens.demo import examples
from journal import kinds
from journal.log import Journal


async def test_the_chatbot_case_ends_on_its_postponed_decision_and_leaves_no_journal(catalog, tmp_path):
    app = build_app(Settings(tmp_path), catalog, tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        while app.store is None:
            await pilot.pause(0.05)
        await pilot.press("d")
        await settle(app, pilot)
        cases = app.screen.query_one("#examples", OptionList)
        index = [p.name for p in examples()].index("chatbot-rh.yaml")
        cases.highlighted = index
        await pilot.press("enter")
        await settle(app, pilot)
        conversation = app.screen
        assert type(conversation).__name__ == "ConversationScreen"
        demo_folder = Path(conversation.session.store.journal.path).parent
        for _ in range(400):  # a step per Espace, as the trainer does
            if type(app.screen).__name__ == "SummaryScreen":
                break
            await pilot.press("space")
            await settle(app, pilot)
        assert type(app.screen).__name__ == "SummaryScreen", "the case stopped before its end"
        session = app.screen.session
        await pilot.press("d")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DecisionScreen"
        assert app.screen.query_one("#decision", Select).value == "ajourne"  # pre-filled, for the trainer to confirm
        rationale = app.screen.query_one("#rationale", TextArea).text
        assert "ajourné, pas refusé" in " ".join(rationale.split())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SummaryScreen"
        with Journal(session.store.journal.path) as journal:
            decided = journal.events(session.id, [kinds.DECISION])
        assert [e.payload["decision"] for e in decided] == ["ajourne"]
        assert "ajourné, pas refusé" in " ".join(decided[0].payload["rationale"].split())
        await pilot.press("escape")  # back to the questions, then out of the demonstration
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DemoPickScreen"
    assert not demo_folder.exists()  # its temporary journal is gone with it
    if (tmp_path / "journal.sqlite").exists():  # and the organisation's journal never saw it
        with Journal(tmp_path / "journal.sqlite") as journal:
            assert journal.events() == []

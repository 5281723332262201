"""The Textual interface, driven with the keyboard as a person would (Pilot)."""


from ui_helpers import answer_with_keys, make_app, mini_catalog, settle, type_text

from journal import kinds
from journal.log import Journal

PROFILE = {
    "profil.type_ia": ["generative"],
    "profil.entrainement": "modele_preentraine", "profil.donnees_personnelles": "non",
    "profil.donnees_biometriques": "oui",  # a red line
    "profil.donnees_critiques": "non", "profil.utilisateurs": "agents", "profil.decisions_individuelles": "aide",
    "profil.information_personnes": "oui",
    "profil.pratiques_interdites": ["aucune"], "profil.domaine_haut_risque": ["aucun"],
    "profil.hebergement": "france", "profil.garantie_confidentialite": "oui", "profil.stade": "idee",
    "profil.fournisseur_connu": "nsp",  # an open point
    "profil.alternative_etudiee": "oui",
    "mini.q01": "non",  # q02 becomes irrelevant
    "mini.q03": "limite", "mini.q04": ["agents", "usagers"], "mini.q05": 40, "mini.q06": 3,
}


async def start_instruction(app, pilot, title="Chatbot RH"):
    await settle(app, pilot)
    await pilot.press("n")
    await settle(app, pilot)
    await type_text(pilot, title)
    await pilot.press("tab")
    await type_text(pilot, "DRH")
    await pilot.press("tab")
    await type_text(pilot, "Un assistant")
    await pilot.press("tab")
    await type_text(pilot, "Alice Martin (metier)")
    await pilot.press("tab")
    await type_text(pilot, "Karim Benali (dpo_juriste)")
    await pilot.press("tab")
    # grids, in catalog order: girouet, nantes (ticked by default), radar, tours, then the user's mini
    await pilot.press("down", "space", "down", "down", "down", "space")
    await pilot.press("ctrl+s")
    await settle(app, pilot)


def current(app):
    """The turn on screen: the conversation's, or the summary's once the questions are over."""
    screen = app.screen
    return screen.step.turn if hasattr(screen, "step") else screen.turn


async def test_a_whole_instruction_with_the_keyboard(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_instruction(app, pilot)
        screen = app.screen
        assert type(screen).__name__ == "ConversationScreen"
        session = screen.session
        assert session.view.grids == ["profil", "mini"]
        seen = []
        while current(app).kind == "question":
            entry = current(app).question
            seen.append(entry.id)
            await answer_with_keys(app, pilot, entry, PROFILE[entry.id])
            if entry.id == "profil.donnees_biometriques":
                banner = app.screen.query_one("#banner")
                assert banner.display and "LIGNE ROUGE" in str(banner.render())
            if entry.id == "mini.q03":
                break
        assert "mini.q02" not in seen  # skipped: q01 = non
        assert "profil.donnees_sensibles" not in seen
        # Going back with the keyboard: F2, then the profile's "Données traitées", first question.
        await pilot.press("f2")
        await pilot.press("home", "enter", "down", "down", "enter", "down", "enter")
        await settle(app, pilot)
        assert app.screen.revisit == "profil.donnees_personnelles"
        await pilot.press("o")  # personal data after all
        await settle(app, pilot)
        assert current(app).question.id == "profil.base_juridique"  # newly relevant, asked next
        await answer_with_keys(app, pilot, current(app).question, "oui")
        assert current(app).question.id == "profil.donnees_sensibles"
        await answer_with_keys(app, pilot, current(app).question, "non")
        while current(app).kind == "question":
            entry = current(app).question
            await answer_with_keys(app, pilot, entry, PROFILE[entry.id])
        # The summary, then the people's decision (a red line: the rationale is required).
        assert type(app.screen).__name__ == "SummaryScreen"
        await pilot.press("d")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DecisionScreen"
        await pilot.press("enter", "down", "down", "down", "enter")  # « Avis défavorable »
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DecisionScreen"  # refused: no rationale yet
        assert app.focused.id == "rationale"  # and the cursor waits where the rationale goes
        await type_text(pilot, "Biométrie exclue par la boussole.")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SummaryScreen"
    with Journal(tmp_path / "journal.sqlite") as journal:
        events = journal.events(session.id)
    decision = [e for e in events if e.kind == kinds.DECISION][0]
    assert decision.payload["decision"] == "defavorable" and decision.payload["red_lines"] == ["biometrie"]
    assert decision.payload["rationale"] == "Biométrie exclue par la boussole."
    assert "profil.fournisseur_connu" in decision.payload["open_points"]
    changed = [e.payload["question"] for e in events if e.kind == kinds.CHANGED]
    assert changed == ["profil.donnees_personnelles"]
    answers = [e for e in events if e.kind == kinds.ANSWERED]
    assert all(e.actor_name == "Alice Martin" for e in answers)


async def test_resume_after_the_app_was_closed(tmp_path):
    catalog = mini_catalog()
    app = make_app(tmp_path, catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_instruction(app, pilot, "Reprise")
        for _ in range(3):
            entry = current(app).question
            await answer_with_keys(app, pilot, entry, PROFILE[entry.id])
        waiting = current(app).question.id
    app = make_app(tmp_path, catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#instructions")
        assert table.option_count == 1
        assert "Reprise" in str(table.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ConversationScreen"
        assert current(app).question.id == waiting
        chat = app.screen.query_one("#chat")
        assert waiting.split(".")[1] or chat


async def test_help_explains_the_question_and_its_glossary(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_instruction(app, pilot)
        await pilot.press("f1")
        await settle(app, pilot)
        text = app.screen.markdown
        assert "Pourquoi cette question ?" in text and "Source" in text
        assert "Ce que chaque choix ouvre ou écarte" not in text  # a multiple choice: no per-choice effect
        await pilot.press("escape")
        await answer_with_keys(app, pilot, current(app).question, ["generative"])
        await pilot.press("f1")
        await settle(app, pilot)
        assert "Ce que chaque choix ouvre ou écarte" in app.screen.markdown


async def test_an_invalid_answer_is_refused_in_french_and_nothing_is_lost(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start_instruction(app, pilot)
        while current(app).question.id != "mini.q05":
            entry = current(app).question
            await answer_with_keys(app, pilot, entry, PROFILE[entry.id])
        assert current(app).question.id == "mini.q05"
        await pilot.press("ctrl+s")  # nothing typed
        await settle(app, pilot)
        assert current(app).question.id == "mini.q05"
        error = app.screen.query_one("#answer-error")
        assert error.display and "nombre" in str(error.render())
        await pilot.press(*"3,5,1", "enter")  # refused: said beside what was typed, which stays
        await settle(app, pilot)
        assert current(app).question.id == "mini.q05"
        assert app.screen.query_one("#number").value == "3,5,1"
        assert "qu'une virgule" in str(app.screen.query_one("#answer-error").render())
        await pilot.press("backspace", "backspace", "enter")  # « 3,5 »: three and a half, never 35
        await settle(app, pilot)
        assert app.screen.session.view.answers["mini.q05"].answer.value == 3.5


async def test_export_from_the_summary_writes_the_report_and_logs_it(tmp_path):
    app = make_app(tmp_path)
    app.settings.raw["rapports"] = str(tmp_path / "rapports")
    async with app.run_test(size=(120, 40)) as pilot:
        await start_instruction(app, pilot, "Export")
        while current(app).kind == "question":
            entry = current(app).question
            await answer_with_keys(app, pilot, entry, PROFILE[entry.id])
        session = app.screen.session
        await pilot.press("e")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ExportScreen"
        await pilot.press("1", "enter")  # HTML, the first of the list (« 1 » alone waits for a second digit)
        await settle(app, pilot)
    written = list((tmp_path / "rapports").glob("*-rapport.html"))
    assert len(written) == 1
    html = written[0].read_text(encoding="utf-8")
    assert "Export" in html and "aucune décision" in html
    with Journal(tmp_path / "journal.sqlite") as journal:
        reports = journal.events(session.id, [kinds.REPORT])
    assert reports and reports[0].payload["format"] == "html"


async def test_rephrased_question_with_the_original_one_key_away(tmp_path):
    import threading
    from http.server import ThreadingHTTPServer

    from test_llm_server import FakeModel, Handler  # the chat-completions server the LLM tests use

    from assistant.llm.config import LLMSettings, check_endpoint
    from assistant.ui.app import build_app

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.fake = FakeModel()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        llm = LLMSettings(check_endpoint(f"http://127.0.0.1:{server.server_address[1]}/v1"), "modele-test",
                          "falc", 2.0, cache_dir=tmp_path / "cache")
        app = build_app(make_app(tmp_path).settings, mini_catalog(), tmp_path / "journal.sqlite",
                        tmp_path / "reprises.sqlite", llm=llm)
        async with app.run_test(size=(120, 40)) as pilot:
            await start_instruction(app, pilot, "Reformulations")
            turn = current(app)
            assert turn.rephrased and turn.text.startswith("Pour ce projet, ")
            session = app.screen.session
            await pilot.press("ctrl+o")
            await settle(app, pilot)
            await answer_with_keys(app, pilot, turn.question, ["generative"])
        with Journal(tmp_path / "journal.sqlite") as journal:
            shown = [e.payload for e in journal.events(session.id, [kinds.SHOWN])]
            answer = journal.events(session.id, [kinds.ANSWERED])[0]
            llm_events = journal.events(session.id, [kinds.LLM])
        assert shown[0]["rephrased"] and shown[0]["original"] == turn.question.question.text
        assert shown[1] == {"question": "profil.type_ia", "text": turn.question.question.text, "rephrased": False}
        assert answer.payload["question"] == "profil.type_ia"
        assert llm_events and llm_events[0].payload["verdict"] == "accepte"
    finally:
        server.shutdown()
        server.server_close()


async def test_from_the_summary_an_open_point_gets_an_owner_and_a_follow_up_opens_a_round(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_instruction(app, pilot, "Suivi")
        while current(app).kind == "question":
            entry = current(app).question
            await answer_with_keys(app, pilot, entry, PROFILE[entry.id])
        session = app.screen.session
        await pilot.press("p")
        await settle(app, pilot)
        await pilot.press("enter")  # the only open point: profil.fournisseur_connu
        await settle(app, pilot)
        await type_text(pilot, "Service achats")
        await pilot.press("tab")
        await type_text(pilot, "31/02/2027")  # refused in the dialog, beside what was typed
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "AssignPoint" and app.screen.query_one("#due").value == "31/02/2027"
        assert "n'existe pas" in str(app.screen.query_one(".dialog-error").render())
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "01/03/2027")  # the French way
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert session.view.open_points["profil.fournisseur_connu"]["owner"] == "Service achats"
        assert session.view.open_points["profil.fournisseur_connu"]["due"] == "2027-03-01"
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press("enter", "down", "enter", "tab", "tab")
        await type_text(pilot, "Motif")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("down", "down", "down", "enter")  # « En production »
        await settle(app, pilot)
    assert session.view.round == 2 and session.view.stage == "production"


async def test_an_implied_answer_is_offered_and_p_confirms_it_as_the_teams(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_instruction(app, pilot)
        while current(app).question.id != "profil.hebergement":
            entry = current(app).question
            await answer_with_keys(app, pilot, entry, PROFILE[entry.id])
        await pilot.press("f1")
        await settle(app, pilot)
        assert "Cette réponse sert aussi à" in app.screen.markdown and "L'outil garantit-il" in app.screen.markdown
        await pilot.press("escape")
        await answer_with_keys(app, pilot, current(app).question, "collectivite")
        assert current(app).question.id == "profil.garantie_confidentialite"
        card = app.screen.query_one("#card")
        assert "Réponse proposée : « Oui »" in str(card.render())  # on the question itself, with its key
        assert "Confirmer « Oui » (p)" in str(app.screen.query_one("#v-offer").label)
        await pilot.press("p")
        await settle(app, pilot)
        assert current(app).question.id == "profil.stade"
        session = app.screen.session
        assert session.view.answers["profil.garantie_confidentialite"].answer.value == "oui"

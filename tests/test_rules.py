"""The pure rules on the bundled grids: what is asked, skipped (and why), flagged, left open."""

import pytest
from conftest import CALM_PROFILE, answers_of

from grilles.answers import Answer, AnswerError, parse_answer
from grilles.declared import follow_up_questions
from grilles.prefill import offer_for
from grilles.rules import ANSWERED, DECLARED_NA, SKIPPED, TO_ASK, UNKNOWN, WAITING, effects_of_choice, evaluate


def status(ev, qid):
    return ev.statuses[qid].status


def test_profile_comes_first_and_questions_follow_grid_order(bundle_for):
    bundle = bundle_for("nantes")
    ev = evaluate(bundle, {})
    assert ev.next_question.id == "profil.type_ia"
    assert bundle.entries[0].grid.id == "profil"
    numbers = [e.question.number for e in bundle.entries if e.grid.id == "nantes" and e.question.number]
    assert numbers == list(range(1, 85))


def test_next_question_is_first_applicable_unanswered(bundle_for):
    bundle = bundle_for("nantes")
    ev = evaluate(bundle, answers_of(bundle, CALM_PROFILE))
    assert ev.next_question.id == "nantes.q01"
    ev = evaluate(bundle, answers_of(bundle, {**CALM_PROFILE, "nantes.q01": "oui", "nantes.q02": "oui"}))
    # q03 (GDPR conformity) is skipped: no personal data. q04 comes next.
    assert ev.next_question.id == "nantes.q04"


def test_skip_carries_the_answer_that_made_it_irrelevant(bundle_for):
    bundle = bundle_for("nantes")
    ev = evaluate(bundle, answers_of(bundle, CALM_PROFILE))
    st = ev.statuses["nantes.q03"]
    assert st.status == SKIPPED
    assert st.reason.condition == "profil.donnees_personnelles = 'oui'"
    assert [(c.question, c.shown) for c in st.reason.causes] == [("profil.donnees_personnelles", "Non")]
    # said in words, citing the question the team answered: never an id, never the condition's source
    assert st.reason.message.startswith("sans objet parce que vous avez répondu « Non » à la question « Le "
                                        "système traite-t-il des données personnelles")
    assert "donnees_personnelles" not in st.reason.message and "'oui'" not in st.reason.message


def test_a_skip_cites_the_question_the_team_was_asked_not_the_grids_copy(bundle_for):
    bundle = bundle_for("nantes", "radar")
    ev = evaluate(bundle, answers_of(bundle, {**CALM_PROFILE, "profil.alternative_etudiee": "non"}))
    skipped = [e for e in ev.skipped if any(c.question == "nantes.q82" for c in ev.statuses[e.id].reason.causes)]
    assert skipped  # q82's description
    for entry in skipped:  # nantes.q82 is the profile's question, answered once: the profile's words are cited
        assert "82" not in ev.statuses[entry.id].reason.message


@pytest.mark.parametrize("stage", ["idee", "experimentation", "achat", "production", "revue", "nsp"])
def test_effects_on_work_q16_to_q20_are_asked_at_every_stage(bundle_for, stage):
    """Guide p. 12: one grid for criterion 4, instructed upstream: expected effects before the AI,
    observed effects at a follow-up. The stage never skips them."""
    bundle = bundle_for("nantes")
    after = [e for e in bundle.entries if e.sections[-1].id == "c4_apres"]
    assert [e.question.number for e in after] == [16, 17, 18, 19, 20]
    ev = evaluate(bundle, answers_of(bundle, {**CALM_PROFILE, "profil.stade": stage}))
    assert all(status(ev, e.id) == TO_ASK for e in after)
    assert {e.id for e in after} <= set(follow_up_questions(bundle))  # asked again, as observed effects


def test_public_reached_through_an_agent_keeps_the_usagers_questions(bundle_for):
    bundle = bundle_for("nantes", "radar", "tours")
    usagers = ["nantes.q08", "tours.p01_relation_humaine"]
    for who in ("par_les_agents", "public", "les_deux", "nsp"):
        ev = evaluate(bundle, answers_of(bundle, {**CALM_PROFILE, "profil.utilisateurs": who}))
        assert all(status(ev, q) != SKIPPED for q in usagers), who
        assert offer_for(bundle, ev, "radar.utilite_usagers") is None  # the public is concerned
    ev = evaluate(bundle, answers_of(bundle, CALM_PROFILE))  # agents only, nothing reaches the public
    assert all(status(ev, q) == SKIPPED for q in usagers)
    assert offer_for(bundle, ev, "radar.utilite_usagers").answer.value == "non_concerne"
    labels = {o.value: o.label for o in bundle.by_id["profil.utilisateurs"].question.options}
    assert "courrier" in labels["par_les_agents"] and "guichet" in labels["par_les_agents"]


def test_a_question_declared_not_applicable_takes_its_supplement_with_it(bundle_for):
    bundle = bundle_for("nantes")
    ev = evaluate(bundle, answers_of(bundle, {**CALM_PROFILE, "nantes.q01": "oui", "nantes.q02": "oui",
                                              "nantes.q04": ("na", "Aucun texte sur l'IA ne s'applique")}))
    st = ev.statuses["nantes.q04_niveau"]
    assert st.status == SKIPPED and st.reason.causes[0].question == "nantes.q04"
    assert "non applicable" in st.reason.message


def test_the_gpu_part_is_skipped_when_no_gpu_hour_is_counted(bundle_for):
    bundle = bundle_for("nantes")
    gpu = [f"nantes.q{n}" for n in range(47, 52)]
    for hours, expected in ((0, SKIPPED), (120, None), ("nsp", None)):
        ev = evaluate(bundle, answers_of(bundle, {**CALM_PROFILE, "nantes.q46": hours}))
        for q in gpu:
            assert (status(ev, q) == SKIPPED) == (expected == SKIPPED), (hours, q)
    ev = evaluate(bundle, answers_of(bundle, {**CALM_PROFILE, "nantes.q46": 0}))
    assert ev.statuses["nantes.q47"].reason.causes[0].shown == "0 heures par an"


def test_no_supplement_restates_its_question(bundle_for):
    bundle = bundle_for("nantes")
    assert not [e for e in bundle.entries if e.question.supplement_of == "q34"]
    assert "architecture" in bundle.by_id["nantes.q34"].question.text


def test_dont_know_never_skips_it_keeps_the_branch_open(bundle_for):
    bundle = bundle_for("nantes")
    profile = {**CALM_PROFILE, "profil.donnees_personnelles": "nsp", "profil.stade": "nsp",
               "profil.utilisateurs": "nsp"}
    ev = evaluate(bundle, answers_of(bundle, profile))
    for qid in ["nantes.q03", "nantes.q08", "nantes.q16"]:
        assert status(ev, qid) == TO_ASK, qid
    assert status(ev, "nantes.q03_niveau") == WAITING  # a supplement waits for the question it details
    assert "profil.donnees_personnelles" in ev.statuses["nantes.q03"].uncertain
    # and "je ne sais pas" becomes an open point, with who can answer
    points = {p.subject: p for p in ev.open_points if p.kind == "nsp"}
    assert "profil.donnees_personnelles" in points
    assert points["profil.donnees_personnelles"].who


def test_dont_know_inside_a_grid_keeps_the_follow_up(bundle_for):
    bundle = bundle_for("nantes")
    base = {**CALM_PROFILE}
    ev = evaluate(bundle, answers_of(bundle, {**base, "nantes.q05": "non"}))
    assert status(ev, "nantes.q05_conclusions") == SKIPPED
    ev = evaluate(bundle, answers_of(bundle, {**base, "nantes.q05": "nsp"}))
    assert status(ev, "nantes.q05_conclusions") == TO_ASK


def test_questions_depending_on_unanswered_ones_wait(bundle_for):
    bundle = bundle_for("nantes")
    ev = evaluate(bundle, {})
    assert status(ev, "nantes.q03") == WAITING
    assert status(ev, "nantes.q01") == TO_ASK  # no condition: known to apply
    ahead = [e.id for e in ev.ahead]
    assert ahead[0] == "profil.type_ia" and "nantes.q03" in ahead


def test_declared_not_applicable_needs_a_justification_and_is_the_participants(bundle_for):
    bundle = bundle_for("nantes")
    q = bundle.by_id["nantes.q06"].question
    with pytest.raises(AnswerError):
        parse_answer(q, "na")
    answers = answers_of(bundle, {**CALM_PROFILE, "nantes.q06": ("na", "Aucune donnée stockée")})
    st = evaluate(bundle, answers).statuses["nantes.q06"]
    assert st.status == DECLARED_NA and st.reason is None
    assert st.answer.justification == "Aucune donnée stockée"


RED_LINE_CASES = [
    ("biometrie", {"profil.donnees_biometriques": "oui"}),
    ("biometrie", {"profil.pratiques_interdites": ["identification_temps_reel"]}),
    ("decision_automatisee", {"profil.decisions_individuelles": "automatique"}),
    ("ria_interdit", {"profil.pratiques_interdites": ["notation_sociale"]}),
    ("ria_interdit", {"profil.pratiques_interdites": ["emotions_travail_ecole", "manipulation"]}),
    ("confidentialite", {"profil.donnees_personnelles": "oui", "profil.donnees_sensibles": "non",
                         "profil.garantie_confidentialite": "non"}),
    ("confidentialite", {"profil.donnees_critiques": "oui", "profil.garantie_confidentialite": "non"}),
]
WARNING_CASES = [
    ("ria_haut_risque", {"profil.domaine_haut_risque": ["emploi"]}),
    ("hors_ue", {"profil.hebergement": "hors_ue"}),
    ("sans_alternative", {"profil.alternative_etudiee": "non"}),
]


@pytest.mark.parametrize("rule_id, change", RED_LINE_CASES)
def test_each_red_line_fires_with_message_and_source(bundle_for, rule_id, change):
    bundle = bundle_for("nantes")
    ev = evaluate(bundle, answers_of(bundle, {**CALM_PROFILE, **change}))
    fired = {f.id: f for f in ev.red_lines}
    assert rule_id in fired
    flag = fired[rule_id]
    assert flag.rule.rule.message and flag.rule.rule.source.document
    assert {c.question for c in flag.causes} <= set(change)
    assert not ev.warnings


@pytest.mark.parametrize("rule_id, change", WARNING_CASES)
def test_each_warning_fires_and_is_not_a_red_line(bundle_for, rule_id, change):
    bundle = bundle_for("nantes")
    ev = evaluate(bundle, answers_of(bundle, {**CALM_PROFILE, **change}))
    assert [f.id for f in ev.warnings] == [rule_id]
    assert not ev.red_lines


def test_a_calm_profile_raises_nothing(bundle_for):
    bundle = bundle_for("nantes", "radar", "girouet", "tours")
    ev = evaluate(bundle, answers_of(bundle, CALM_PROFILE))
    assert ev.flags == []


def test_red_line_hanging_on_a_dont_know_is_to_check_not_raised(bundle_for):
    bundle = bundle_for("nantes")
    answers = answers_of(bundle, {**CALM_PROFILE, "profil.donnees_personnelles": "oui",
                                  "profil.donnees_sensibles": "non", "profil.garantie_confidentialite": "nsp"})
    ev = evaluate(bundle, answers)
    assert not ev.red_lines
    assert [f.id for f in ev.to_check] == ["confidentialite"]
    point = next(p for p in ev.open_points if p.kind == "a_verifier")
    assert point.questions == ("profil.garantie_confidentialite",)


def test_red_lines_fire_the_moment_their_answer_is_given(bundle_for):
    bundle = bundle_for("nantes")
    partial = answers_of(bundle, {"profil.type_ia": ["discriminative"],
                                  "profil.entrainement": "pas_defini", "profil.donnees_personnelles": "oui",
                                  "profil.base_juridique": "oui", "profil.donnees_sensibles": "non",
                                  "profil.donnees_biometriques": "oui"})
    ev = evaluate(bundle, partial)
    assert [f.id for f in ev.red_lines] == ["biometrie"]
    assert not ev.complete


def test_equivalent_question_is_answered_once_for_both_grids(bundle_for):
    bundle = bundle_for("nantes")
    assert "nantes.q82" in bundle.equivalents.get("profil.alternative_etudiee", ())
    ev = evaluate(bundle, answers_of(bundle, CALM_PROFILE))
    st = ev.statuses["nantes.q82"]
    assert st.status == ANSWERED and st.via == "profil.alternative_etudiee"
    assert st.answer.value == "oui"


def test_unknown_answer_values_are_refused_in_french(bundle_for):
    bundle = bundle_for("nantes")
    q = bundle.by_id["profil.utilisateurs"].question
    with pytest.raises(AnswerError, match="choix permis"):
        parse_answer(q, "martiens")
    with pytest.raises(AnswerError, match="nombre"):
        parse_answer(bundle.by_id["nantes.q25"].question, "beaucoup")
    multi = bundle.by_id["profil.pratiques_interdites"].question
    with pytest.raises(AnswerError, match="combiné"):
        parse_answer(multi, ["aucune", "notation_sociale"])
    assert parse_answer(bundle.by_id["nantes.q25"].question, "12,5").value == 12.5


def test_effects_of_a_profile_choice_explain_what_it_opens_and_skips(bundle_for):
    bundle = bundle_for("nantes")
    answers = answers_of(bundle, {k: v for k, v in CALM_PROFILE.items() if k != "profil.donnees_personnelles"})
    q = bundle.by_id["profil.donnees_personnelles"].question
    yes = effects_of_choice(bundle, answers, "profil.donnees_personnelles", parse_answer(q, "oui"))
    no = effects_of_choice(bundle, answers, "profil.donnees_personnelles", parse_answer(q, "non"))
    assert "nantes.q03" in yes["ouvre"] and "nantes.q03" in no["ecarte"]
    dont_know = effects_of_choice(bundle, answers, "profil.donnees_personnelles", Answer.dont_know())
    assert dont_know["ecarte"] == []


def test_progress_counts_per_criterion(bundle_for):
    bundle = bundle_for("nantes")
    ev = evaluate(bundle, answers_of(bundle, {**CALM_PROFILE, "nantes.q01": "oui", "nantes.q02": "nsp"}))
    c1 = ev.progress("nantes", "c1")
    assert c1[ANSWERED] == 1 and c1[UNKNOWN] == 1
    c2 = ev.progress("nantes", "c2")
    assert c2[SKIPPED] == 2  # q03 and its risk level: no personal data


def test_numbers_read_the_french_way(bundle_for):
    from grilles.answers import display

    bundle = bundle_for("nantes")
    q = bundle.by_id["nantes.q40"].question  # hours of CPU per year
    assert display(q, parse_answer(q, "17520")) == "17\u202f520 heures par an"
    assert display(q, parse_answer(q, "12,5")) == "12,5 heures par an"


# --- less to answer: one answer, many grids ------------------------------------------------


def test_an_answer_the_profile_implies_is_offered_in_the_grids(bundle_for):
    from grilles.prefill import IMPLIED

    bundle = bundle_for("nantes", "radar", "girouet", "tours")
    ev = evaluate(bundle, answers_of(bundle, {**CALM_PROFILE, "profil.hebergement": "ue"}))
    offer = offer_for(bundle, ev, "nantes.q29")  # « L'infrastructure est-elle localisée en France ? »
    assert (offer.answer.value, offer.kind) == ("non", IMPLIED)
    assert [c.question for c in offer.because] == ["profil.hebergement"]
    assert ev.statuses["nantes.q29"].status == TO_ASK  # offered, never answered on the team's behalf


def test_help_lists_the_other_grid_questions_an_answer_serves(bundle_for):
    from grilles.prefill import OFFERED, SAME, uses, uses_text

    bundle = bundle_for("nantes", "radar", "girouet", "tours")
    served = {u.question: u.how for u in uses(bundle, "profil.alternative_etudiee")}
    assert served == {"nantes.q82": SAME, "radar.frugale_besoin_ia": OFFERED}
    lines = uses_text(bundle, "profil.alternative_etudiee")
    assert lines[0] == "« La boussole de l'IA », question 82 (même question, répondue une seule fois)"
    assert "profil." not in " ".join(lines)  # people read titles and numbers, never ids
    assert uses(bundle, "profil.hebergement") and uses_text(bundle, "profil.fournisseur_connu")


def test_no_supplier_yet_puts_its_questions_to_it_as_open_points(bundle_for):
    from grilles.prefill import DEFERRED, offers

    bundle = bundle_for("nantes", "radar")
    ev = evaluate(bundle, answers_of(bundle, {**CALM_PROFILE, "profil.fournisseur_connu": "non"}))
    found = {q: o for q, o in offers(bundle, ev).items() if o.kind == DEFERRED}
    assert {"nantes.q28", "nantes.q40", "nantes.q46", "radar.biais_donnees_apprentissage"} <= set(found)
    assert all(o.answer.kind == "nsp" and "fournisseur" in o.note for o in found.values())
    assert "nantes.q12" not in found  # the agents' needs are the team's to answer
    ev = evaluate(bundle, answers_of(bundle, CALM_PROFILE))  # the supplier is known: nothing deferred
    assert not any(o.kind == DEFERRED for o in offers(bundle, ev).values())


def test_effects_of_a_profile_choice_name_the_red_line_it_raises(bundle_for, catalog):
    # the help (F1) said « Oui : ouvre 0 question(s), en écarte 0 » on the biometrics question
    from assistant.ui.helptext import help_markdown

    bundle = bundle_for("nantes")
    answers = answers_of(bundle, {k: v for k, v in CALM_PROFILE.items() if k != "profil.donnees_biometriques"})
    q = bundle.by_id["profil.donnees_biometriques"].question
    yes = effects_of_choice(bundle, answers, "profil.donnees_biometriques", parse_answer(q, "oui"))
    no = effects_of_choice(bundle, answers, "profil.donnees_biometriques", parse_answer(q, "non"))
    assert "biometrie" in yes["signale"] and no["signale"] == []

    class Session:  # what the help reads of a session
        view = type("View", (), {"answers_for_rules": staticmethod(lambda: answers)})()

        def __init__(self):
            self.bundle = bundle

        def offer(self, _):
            return None

    text = help_markdown(Session(), bundle.by_id["profil.donnees_biometriques"], catalog.glossary)
    assert "**Oui** : ouvre" in text and "signale la ligne rouge « " in text

"""Every red line and warning the sources draw, from the answers that must raise it and from those
that must not (a self-hosted tool, an internal tool that touches no one). None decides anything."""

import pytest
from conftest import CALM_PROFILE, answers_of

from grilles.prefill import offer_for
from grilles.rules import evaluate

FOUR = ("nantes", "radar", "girouet", "tours")
PERSONAL = {"profil.donnees_personnelles": "oui", "profil.base_juridique": "oui", "profil.donnees_sensibles": "non"}


def flags(bundle_for, answers, grids=FOUR):
    bundle = bundle_for(*grids)
    ev = evaluate(bundle, answers_of(bundle, {**CALM_PROFILE, **answers}))
    return ({f.id: f for f in ev.red_lines}, {f.id: f for f in ev.warnings}, {f.id: f for f in ev.to_check})


# (rule, answers that raise it, answers that must not, grids)
RAISED = [
    ("donnees_sensibles", {**PERSONAL, "profil.donnees_sensibles": "oui"}, PERSONAL),
    ("base_juridique", {**PERSONAL, "profil.base_juridique": "non"}, PERSONAL),
    ("biometrie", {"profil.pratiques_interdites": ["emotions_travail_ecole"]}, {}),
    ("biometrie", {"profil.donnees_biometriques": "oui"}, {"profil.donnees_biometriques": "non"}),
    ("non_discrimination", {"nantes.q69": "Biais d'âge", "nantes.q69_discriminatoires": "identifies"},
     {"nantes.q01": "oui", "nantes.q69": "Testé sur 3 ans de données",
      "nantes.q69_discriminatoires": "absence_verifiee"}),
    ("confidentialite", {**PERSONAL, "tours.p05_confidentialite": "non_engage"},
     {**PERSONAL, "tours.p05_confidentialite": "engage"}),
    ("confidentialite", {**PERSONAL, "profil.garantie_confidentialite": "non"},
     {**PERSONAL, "profil.hebergement": "collectivite", "profil.garantie_confidentialite": "oui"}),
    ("decision_humaine", {"tours.p04_decision_humaine": "non_engage"}, {"tours.p04_decision_humaine": "engage"}),
    ("relation_humaine", {"profil.utilisateurs": "par_les_agents", "tours.p01_relation_humaine": "non_engage"},
     {"profil.utilisateurs": "par_les_agents", "tours.p01_relation_humaine": "engage"}),
]
WARNINGS = [
    ("information_decision", {"profil.decisions_individuelles": "aide", "profil.information_personnes": "non"},
     {"profil.decisions_individuelles": "aide", "profil.information_personnes": "oui"}),
    ("ria_haut_risque", {"profil.domaine_haut_risque": ["infrastructures_critiques"]}, {}),
]


@pytest.mark.parametrize("rule_id, raising, calm", RAISED, ids=[r[0] for r in RAISED])
def test_each_red_line_is_raised_by_its_answers_and_only_by_them(bundle_for, rule_id, raising, calm):
    red, _, check = flags(bundle_for, raising)
    assert rule_id in red
    rule = red[rule_id].rule.rule
    assert rule.source.document and rule.message
    red, _, check = flags(bundle_for, calm)
    assert rule_id not in red and rule_id not in check


@pytest.mark.parametrize("rule_id, raising, calm", WARNINGS, ids=[r[0] for r in WARNINGS])
def test_each_warning_is_raised_by_its_answers_and_only_by_them(bundle_for, rule_id, raising, calm):
    red, warn, _ = flags(bundle_for, raising)
    assert rule_id in warn and rule_id not in red
    _, warn, _ = flags(bundle_for, calm)
    assert rule_id not in warn


@pytest.mark.parametrize("answers, rule_id, because", [
    ({"nantes.q02": "non"}, "biometrie", "nantes.q02"),  # « not established », not a red line crossed
    ({"nantes.q01": "non"}, "non_discrimination", "nantes.q01"),
    ({"nantes.q69": "—", "nantes.q69_discriminatoires": "non_verifie"}, "non_discrimination",
     "nantes.q69_discriminatoires"),
    ({**PERSONAL, "tours.p05_confidentialite": "partiel"}, "confidentialite", "tours.p05_confidentialite"),
    ({"tours.p04_decision_humaine": "partiel"}, "decision_humaine", "tours.p04_decision_humaine"),
    ({**PERSONAL, "profil.base_juridique": "nsp"}, "base_juridique", "profil.base_juridique"),
])
def test_a_fact_not_established_is_to_check_never_silent_never_raised(bundle_for, answers, rule_id, because):
    red, _, check = flags(bundle_for, answers)
    assert rule_id not in red
    assert rule_id in check and check[rule_id].causes[0].question == because


def test_biometrics_confirmed_outweighs_a_question_left_to_check(bundle_for):
    red, _, check = flags(bundle_for, {"profil.donnees_biometriques": "oui", "nantes.q02": "non"})
    assert "biometrie" in red and "biometrie" not in check
    assert red["biometrie"].rule.grid.id == "profil"


def test_the_profile_offers_nantes_q02_not_established_when_biometrics_are_declared(bundle_for):
    bundle = bundle_for("nantes")
    ev = evaluate(bundle, answers_of(bundle, {**CALM_PROFILE, "profil.donnees_biometriques": "oui",
                                              "nantes.q01": "oui"}))
    assert offer_for(bundle, ev, "nantes.q02").answer.value == "non"


def test_a_self_hosted_tool_is_offered_confidentiality_by_design(bundle_for):
    bundle = bundle_for("nantes")
    partial = {k: v for k, v in {**CALM_PROFILE, **PERSONAL, "profil.hebergement": "collectivite"}.items()
               if k not in ("profil.garantie_confidentialite", "profil.stade", "profil.fournisseur_connu",
                            "profil.alternative_etudiee")}
    ev = evaluate(bundle, answers_of(bundle, partial))
    assert ev.next_question.id == "profil.garantie_confidentialite"
    offer = offer_for(bundle, ev, "profil.garantie_confidentialite")
    assert offer.answer.value == "oui" and "conception" in offer.note
    assert "par contrat ou par conception" in ev.next_question.question.text
    ev = evaluate(bundle, answers_of(bundle, {**partial, "profil.garantie_confidentialite": "oui"}))
    assert not ev.red_lines


def test_an_internal_tool_that_touches_no_one_raises_nothing(bundle_for):
    red, warn, check = flags(bundle_for, {})
    assert red == warn == check == {}


def test_the_high_risk_warning_says_what_falls_on_the_collectivite(bundle_for):
    _, warn, _ = flags(bundle_for, {"profil.domaine_haut_risque": ["services_essentiels"]})
    message = warn["ria_haut_risque"].rule.rule.message
    for part in ("déployeur", "art. 26", "art. 27", "49", "enregistr", "journaux", "contrôle humain",
                 "droits fondamentaux", "art. 6 (3)"):
        assert part in message, part


def test_labels_are_the_ria_s(bundle_for):
    bundle = bundle_for("nantes")
    practices = {o.value: o.label for o in bundle.by_id["profil.pratiques_interdites"].question.options}
    assert "à des fins répressives" in practices["identification_temps_reel"]
    assert "préjudice important" in practices["manipulation"]
    domains = {o.value: o.label for o in bundle.by_id["profil.domaine_haut_risque"].question.options}
    assert "composant de sécurité" in domains["infrastructures_critiques"]


def test_the_q69_help_names_a_red_line_that_exists(bundle_for):
    bundle = bundle_for("nantes")
    help_text = bundle.by_id["nantes.q69"].question.help
    assert "ligne rouge" in help_text
    assert any(r.id == "non_discrimination" and r.grid.id == "nantes" for r in bundle.rules)

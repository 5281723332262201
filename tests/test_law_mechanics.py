"""The law's mechanics on small grids: red lines drawn by several grids, facts not established,
supplements that follow their parent, answers offered pre-filled, deferred questions, and what the
grids declare about themselves."""

import textwrap

import pytest

from grilles import declared
from grilles.answers import Answer, parse_answer
from grilles.bundle import build_or_raise
from grilles.checks import check_bundle, check_replacements
from grilles.loader import load_grid
from grilles.prefill import COPIED, DEFERRED, IMPLIED, OFFERED, offer_for, offers, uses, uses_text
from grilles.rules import SKIPPED, TO_ASK, WAITING, evaluate

HEAD = """\
version: "1"
source: {document: Document d'essai, author: Essai}
licence: Licence Ouverte
attribution: Essai
"""

PROFILE = HEAD + """\
id: profil
title: Profil d'essai
kind: profil
stage_question: stade
sections:
  - id: s
    title: Profil
    questions:
      - {id: perso, text: Données personnelles ?, type: oui_non}
      - id: lieu
        text: Où sont les serveurs ?
        type: choix_unique
        options: [{value: chez_nous, label: Chez nous}, {value: ailleurs, label: Ailleurs}]
      - {id: fournisseur, text: Fournisseur choisi ?, type: oui_non}
      - id: stade
        text: Stade ?
        type: choix_unique
        options: [{value: idee, label: Idée}, {value: production, label: Production}]
defer:
  - when: fournisseur = 'non'
    role: fournisseur
    note: Fournisseur pas encore choisi, question reportée.
rules:
  - id: danger
    severity: ligne_rouge
    title: Danger (profil)
    when: perso = 'oui' et lieu = 'ailleurs'
    message: Données personnelles ailleurs.
    source: {document: Essai}
"""

GRID = HEAD + """\
id: essai
title: Grille d'essai
default_selected: true
chart: radar
axes: [{id: ax, title: Axe}]
sections:
  - id: c1
    title: Critère 1
    questions:
      - {id: q01, number: 1, text: A-t-il été établi que rien ne se passe ?, type: oui_non}
      - {id: q02, number: 2, text: Conclusions ?, type: texte}
      - id: q02_niveau
        supplement_of: q02
        text: Niveau ?
        type: choix_unique
        options: [{value: haut, label: Haut}, {value: bas, label: Bas}]
      - id: q03
        number: 3
        text: L'infrastructure est-elle chez vous ?
        type: oui_non
        prefill:
          - {when: "profil.lieu = 'chez_nous'", value: oui, note: Les serveurs sont ceux de la collectivité.}
          - {when: "profil.lieu = 'ailleurs'", value: non, note: Les serveurs sont ailleurs.}
      - {id: q04, number: 4, text: Type d'infrastructure (calcul) ?, type: texte, answered_by: [fournisseur]}
      - id: q05
        number: 5
        text: Type d'infrastructure (stockage) ?
        type: texte
        answered_by: [fournisseur]
        prefill: [{copy_of: q04, note: Souvent la même infrastructure que pour le calcul.}]
      - id: q06
        number: 6
        text: Effet ?
        type: choix_unique
        axis: ax
        options: [{value: bon, label: Bon, score: 4}, {value: mauvais, label: Mauvais, score: 1}]
  - id: c2
    title: Après
    reask_at_follow_up: true
    questions:
      - {id: q07, number: 7, text: Effets constatés ?, type: oui_non}
rules:
  - id: danger
    severity: ligne_rouge
    title: Danger (non établi)
    verify_when: q01 = 'non'
    message: Ce n'est pas établi.
    source: {document: Essai, page: 6}
"""


@pytest.fixture
def grids(tmp_path):
    def write(name, text):
        path = tmp_path / f"{name}.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return load_grid(path)

    return write


@pytest.fixture
def bundle(grids):
    return build_or_raise([grids("profil", PROFILE), grids("essai", GRID)])


def answers(bundle, **raw):
    out = {}
    for key, value in raw.items():
        qid = key.replace("__", ".")
        q = bundle.by_id[qid].question
        out[qid] = parse_answer(q, value[1], value[0]) if isinstance(value, tuple) else parse_answer(q, value)
    return out


def test_both_grids_are_valid(grids):
    report = check_bundle([grids("profil", PROFILE), grids("essai", GRID)])
    assert report.problems == []


def test_a_red_line_drawn_by_two_grids_is_one_flag(bundle):
    ev = evaluate(bundle, answers(bundle, profil__perso="oui", profil__lieu="ailleurs", essai__q01="oui"))
    assert [(f.id, f.raised, f.rule.grid.id) for f in ev.flags] == [("danger", True, "profil")]
    ev = evaluate(bundle, answers(bundle, profil__perso="non", profil__lieu="ailleurs", essai__q01="oui"))
    assert ev.flags == [] and ev.rule_truths["danger"].name == "FALSE"


def test_a_fact_not_established_leaves_the_red_line_to_check_never_raised(bundle):
    base = {"profil__perso": "non", "profil__lieu": "chez_nous"}
    ev = evaluate(bundle, answers(bundle, **base, essai__q01="non"))
    assert ev.red_lines == []
    [flag] = ev.to_check
    assert flag.id == "danger" and flag.not_established and flag.rule.grid.id == "essai"
    assert [(c.question, c.shown) for c in flag.causes] == [("essai.q01", "Non")]
    assert "établir" in flag.to_check_reason
    point = next(p for p in ev.open_points if p.kind == "a_verifier")
    assert point.subject == "danger" and point.questions == ("essai.q01",)
    # raised by the profile all the same when its own condition holds
    ev = evaluate(bundle, answers(bundle, profil__perso="oui", profil__lieu="ailleurs", essai__q01="non"))
    assert [f.id for f in ev.red_lines] == ["danger"] and ev.to_check == []
    # « je ne sais pas » also leaves it to check
    ev = evaluate(bundle, answers(bundle, **base, essai__q01="nsp"))
    assert [f.id for f in ev.to_check] == ["danger"] and "je ne sais pas" in ev.to_check[0].to_check_reason


def test_a_supplement_goes_with_its_parent_declared_not_applicable(bundle):
    ev = evaluate(bundle, answers(bundle, essai__q02=("Pas d'analyse juridique ici", "na")))
    st = ev.statuses["essai.q02_niveau"]
    assert st.status == SKIPPED
    assert "précise une question écartée ou déclarée non applicable" in st.reason.message
    assert st.reason.causes[0].question == "essai.q02"
    assert evaluate(bundle, answers(bundle, essai__q02="Risque modéré")).statuses["essai.q02_niveau"].status == TO_ASK
    assert evaluate(bundle, answers(bundle, essai__q02="nsp")).statuses["essai.q02_niveau"].status == TO_ASK
    assert evaluate(bundle, {}).statuses["essai.q02_niveau"].status == WAITING


def test_an_implied_answer_is_offered_never_recorded(bundle):
    given = answers(bundle, profil__perso="non", profil__lieu="chez_nous", profil__fournisseur="oui",
                    profil__stade="idee", essai__q01="oui", essai__q02="Rien", essai__q02_niveau="bas")
    ev = evaluate(bundle, given)
    assert ev.next_question.id == "essai.q03" and ev.statuses["essai.q03"].status == TO_ASK
    offer = offer_for(bundle, ev, "essai.q03")
    assert (offer.answer, offer.kind) == (Answer("valeur", "oui"), IMPLIED)
    assert offer.note == "Les serveurs sont ceux de la collectivité."
    assert [(c.question, c.shown) for c in offer.because] == [("profil.lieu", "Chez nous")]
    ev = evaluate(bundle, {**given, "profil.lieu": parse_answer(bundle.by_id["profil.lieu"].question, "ailleurs")})
    assert offer_for(bundle, ev, "essai.q03").answer.value == "non"
    # once answered (confirmed or changed), nothing is offered any more
    ev = evaluate(bundle, {**given, "essai.q03": Answer("valeur", "non")})
    assert offer_for(bundle, ev, "essai.q03") is None


def test_a_copy_offers_the_answer_given_before_never_a_dont_know(bundle):
    base = answers(bundle, profil__fournisseur="oui")
    ev = evaluate(bundle, {**base, **answers(bundle, essai__q04="Serveurs de la collectivité")})
    offer = offer_for(bundle, ev, "essai.q05")
    assert (offer.answer.value, offer.kind) == ("Serveurs de la collectivité", COPIED)
    ev = evaluate(bundle, {**base, **answers(bundle, essai__q04="nsp")})
    assert offer_for(bundle, ev, "essai.q05") is None


def test_questions_only_the_supplier_can_answer_are_deferred_while_none_is_chosen(bundle):
    ev = evaluate(bundle, answers(bundle, profil__fournisseur="non"))
    found = offers(bundle, ev)
    assert {q for q, o in found.items() if o.kind == DEFERRED} == {"essai.q04", "essai.q05"}
    assert found["essai.q04"].answer == Answer.dont_know()
    assert found["essai.q04"].because[0].question == "profil.fournisseur"
    ev = evaluate(bundle, answers(bundle, profil__fournisseur="oui"))
    assert not any(o.kind == DEFERRED for o in offers(bundle, ev).values())
    ev = evaluate(bundle, answers(bundle, profil__fournisseur="nsp"))
    assert not any(o.kind == DEFERRED for o in offers(bundle, ev).values())  # never on a « je ne sais pas »


def test_help_says_what_else_an_answer_serves(bundle):
    assert [(u.question, u.how) for u in uses(bundle, "profil.lieu")] == [("essai.q03", OFFERED)]
    assert [(u.question, u.how) for u in uses(bundle, "essai.q04")] == [("essai.q05", OFFERED)]
    lines = uses_text(bundle, "profil.lieu")
    assert lines == ["« Grille d'essai », question 3 (réponse proposée à partir de celle-ci, à confirmer)"]
    assert any("2 questions" in line and "fournisseur" in line for line in uses_text(bundle, "profil.fournisseur"))


def test_what_the_grids_declare_about_themselves(bundle, grids):
    assert declared.stage_entry(bundle).id == "profil.stade"
    assert declared.stage_question_id(bundle.grids) == "profil.stade"
    assert declared.follow_up_questions(bundle) == ("essai.q07",)
    assert declared.follow_up_grids(bundle) == ("essai",)
    assert declared.chart_kind(bundle.grid("essai").grid) == "radar"
    assert declared.chart_kind(bundle.grid("profil").grid) is None
    assert declared.default_grids(bundle.grids) == ["essai"]
    assert declared.choosable_grids(bundle.grids) == ["essai"]
    no_stage = build_or_raise([grids("p2", PROFILE.replace("stage_question: stade\n", "")), grids("essai", GRID)])
    assert declared.stage_entry(no_stage) is None


def test_a_profile_without_stage_question_is_told_what_the_follow_up_would_reask(grids):
    report = check_bundle([grids("p2", PROFILE.replace("stage_question: stade\n", "")), grids("essai", GRID)])
    [p] = report.problems
    assert p.code == "STG002" and p.severity == "avertissement"
    assert "« Grille d'essai » : question 7 (« Après »)" in p.message


@pytest.mark.parametrize("change, code, words", [
    ("value: oui, note: Les serveurs", "PRE001", "réponse proposée impossible"),
    ("copy_of: q04", "PRE003", "pas le même type"),
    ("when: \"profil.lieu = 'chez_nous'\"", "REF001", "proposition ne sera jamais faite"),
    ("stage_question: stade", "STG001", "question de stade inconnue"),
])
def test_broken_declarations_are_reported(grids, change, code, words):
    profile, grid = PROFILE, GRID
    if code == "PRE001":
        grid = grid.replace(change, "value: peut_etre, note: Les serveurs")
    elif code == "PRE003":
        grid = grid.replace(change, "copy_of: q06")
    elif code == "REF001":
        grid = grid.replace(change, "when: \"profil.lieux = 'chez_nous'\"")
    else:
        profile = profile.replace(change, "stage_question: etape")
    report = check_bundle([grids("profil", profile), grids("essai", grid)])
    found = [p for p in report.problems if p.code == code]
    assert found and words in found[0].message, report.problems


def test_rules_sharing_an_id_must_share_their_severity(grids):
    report = check_bundle([grids("profil", PROFILE),
                           grids("essai", GRID.replace("severity: ligne_rouge", "severity: alerte"))])
    [p] = [p for p in report.problems if p.code == "RGL002"]
    assert "profil" in p.message and "ligne rouge" in p.message


def test_a_replacement_is_blamed_for_what_it_breaks_in_the_grids_that_depend_on_it(grids):
    grid = grids("essai", GRID.replace("      - {id: q07, number: 7, text: Effets constatés ?, type: oui_non}",
                                       "      - {id: q07, number: 7, text: Effets constatés ?, type: oui_non,"
                                       " when: \"profil.perso = 'oui'\"}"))
    original = grids("profil", PROFILE)
    replacement = grids("mon_profil", PROFILE
                        .replace("      - {id: perso, text: Données personnelles ?, type: oui_non}\n", "")
                        .replace("when: perso = 'oui' et lieu = 'ailleurs'", "when: lieu = 'ailleurs'"))
    assert check_replacements([original, grid], {"profil": original}) == []
    found = check_replacements([replacement, grid], {"profil": original})
    [p] = [p for p in found if p.code == "REF001"]
    assert p.file == str(replacement.path) and p.severity == "erreur"
    assert "remplace la grille fournie « profil » et casse la grille « Grille d'essai »" in p.message
    assert "essai.yaml, ligne" in p.message and "question 7" in p.message and "perso" in p.message


def test_an_offer_reads_back_as_typed_and_says_where_it_came_from(bundle):
    ev = evaluate(bundle, answers(bundle, profil__lieu="chez_nous", profil__fournisseur="non"))
    implied, deferred = offer_for(bundle, ev, "essai.q03"), offer_for(bundle, ev, "essai.q04")
    assert parse_answer(bundle.by_id["essai.q03"].question, implied.raw) == implied.answer
    assert deferred.raw == "nsp"
    assert implied.to_json() == {"kind": IMPLIED, "note": "Les serveurs sont ceux de la collectivité.",
                                 "from": ["profil.lieu"]}

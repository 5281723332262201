"""Authoring checks: each mistake a committee member can make is reported with file, line, field."""

from pathlib import Path

import pytest

from grilles.catalog import BUNDLED, glossary_files, grid_files
from grilles.checks import check_files

HEAD = """\
id: essai
title: Grille d'essai
version: "1"
source: {document: Document d'essai, author: Essai}
licence: Licence Ouverte
attribution: Essai
"""

VALID_BODY = """\
sections:
  - id: s1
    title: Partie 1
    questions:
      - id: a
        text: Le projet utilise-t-il des données ?
        type: oui_non
      - id: b
        text: Lesquelles ?
        type: choix_multiple
        when: a = 'oui'
        options:
          - {value: x, label: X}
          - {value: y, label: Y}
      - id: c
        text: Niveau ?
        type: choix_unique
        when: choisi(b, 'x') et profil.donnees_personnelles = 'oui'
        options:
          - {value: haut, label: Haut}
          - {value: bas, label: Bas}
rules:
  - id: regle
    severity: alerte
    title: Une alerte
    when: c = 'haut'
    message: Attention.
    source: {document: Document d'essai, section: "§ 1"}
"""


def check(tmp_path: Path, text: str):
    path = tmp_path / "essai.yaml"
    path.write_text(text, encoding="utf-8")
    report = check_files([path], glossary_files(BUNDLED)[0], companions=grid_files(BUNDLED))
    return report


def only(report, code):
    found = [p for p in report.problems if p.code == code]
    assert found, f"{code} attendu, trouvé : {[p.render() for p in report.problems]}"
    return found[0]


def test_valid_fixture_passes(tmp_path):
    report = check(tmp_path, HEAD + VALID_BODY)
    assert report.ok, [p.render() for p in report.problems]


def test_bundled_grids_pass_every_check():
    report = check_files(grid_files(BUNDLED), glossary_files(BUNDLED)[0])
    assert report.problems == [], [p.render() for p in report.problems]


@pytest.mark.parametrize("code, old, new, line, field", [
    # unknown question in a condition, with a suggestion
    ("REF001", "when: a = 'oui'", "when: aa = 'oui'", 17, "sections[0].questions[1].when"),
    # value not among the choices
    ("VAL001", "choisi(b, 'x')", "choisi(b, 'z')", 24, "sections[0].questions[2].when"),
    # = on a multiple choice
    ("TYP002", "choisi(b, 'x') et", "b = 'x' et", 24, "sections[0].questions[2].when"),
    # < on a yes/no question
    ("TYP003", "when: a = 'oui'", "when: a > 2", 17, "sections[0].questions[1].when"),
    # a condition that reads a later question
    ("REF004", "when: a = 'oui'", "when: c = 'haut'", 17, "sections[0].questions[1].when"),
    # a duplicate id
    ("ID001", "- id: c\n", "- id: a\n", 21, "sections[0].questions[2].id"),
    # syntax error, pointing inside the expression
    ("COND001", "when: a = 'oui'", "when: a = 'oui' et", 17, "sections[0].questions[1].when"),
    # a reference to a grid other than the profile
    ("REF002", "profil.donnees_personnelles = 'oui'", "nantes.q01 = 'oui'", 24, "sections[0].questions[2].when"),
    # a question no answers can reach
    ("ATT001", "when: a = 'oui'", "when: a = 'oui' et a = 'non'", 17, "sections[0].questions[1].when"),
    # unknown key, with "did you mean"
    ("SCHEMA", "        when: a = 'oui'", "        wehn: a = 'oui'", 17, "sections[0].questions[1].wehn"),
    # a red line without a source
    ("SCHEMA", "    source: {document: Document d'essai, section: \"§ 1\"}\n", "", 29, "rules[0].source"),
    # an answer type that does not exist
    ("SCHEMA", "type: oui_non", "type: vrai_faux", 13, "sections[0].questions[0].type"),
])
def test_each_authoring_error_is_located(tmp_path, code, old, new, line, field):
    body = VALID_BODY.replace(old, new, 1)
    assert body != VALID_BODY
    problem = only(check(tmp_path, HEAD + body), code)
    assert (problem.line, problem.field) == (line, field), problem.render()
    assert problem.file.endswith("essai.yaml")


def test_condition_error_column_points_into_the_expression(tmp_path):
    body = VALID_BODY.replace("when: a = 'oui'", "when: aa = 'oui'")
    problem = only(check(tmp_path, HEAD + body), "REF001")
    assert problem.column == 15  # "        when: " is 14 characters, the reference starts right after
    assert "vouliez-vous dire « a »" in problem.message


def test_every_problem_is_reported_in_one_pass(tmp_path):
    body = (VALID_BODY.replace("when: a = 'oui'", "when: aa = 'oui'")
            .replace("choisi(b, 'x')", "choisi(b, 'z')")
            .replace("- id: c\n", "- id: a\n"))
    codes = {p.code for p in check(tmp_path, HEAD + body).problems}
    assert {"REF001", "VAL001", "ID001"} <= codes


def test_malformed_yaml_names_the_line(tmp_path):
    text = HEAD + VALID_BODY.replace("        text: Lesquelles ?", "        text: Lesquelles : vraiment ?")
    problem = only(check(tmp_path, text), "YAML001")
    assert problem.line == 15
    assert "guillemets" in problem.message


def test_duplicate_yaml_key_is_an_error(tmp_path):
    text = HEAD + VALID_BODY.replace("        type: oui_non\n", "        type: oui_non\n        type: texte\n", 1)
    assert only(check(tmp_path, text), "YAML002").line == 14


def test_yaml_boolean_trap_is_explained(tmp_path):
    text = HEAD.replace('version: "1"', "version: no") + VALID_BODY
    problem = only(check(tmp_path, text), "SCHEMA")
    assert problem.field == "version" and "guillemets" in problem.message


def test_cycle_is_reported_as_a_chain(tmp_path):
    body = VALID_BODY.replace("    title: Partie 1\n", "    title: Partie 1\n    when: a = 'oui'\n")
    problem = only(check(tmp_path, HEAD + body), "CYC001")
    assert "essai.a → essai.a" in problem.message


def test_scored_option_without_score_is_an_error(tmp_path):
    body = VALID_BODY.replace("        type: choix_unique\n", "        type: choix_unique\n        axis: ax\n")
    body = body.replace("{value: haut, label: Haut}", "{value: haut, label: Haut, score: 4}")
    text = HEAD + "axes:\n  - {id: ax, title: Axe}\n" + body
    problem = only(check(tmp_path, text), "SCO003")
    assert "bas" in problem.message


def test_unreachable_red_line_is_a_warning(tmp_path):
    body = VALID_BODY.replace("when: c = 'haut'", "when: a = 'oui' et a = 'non'")
    report = check(tmp_path, HEAD + body)
    problem = only(report, "ATT002")
    assert problem.severity == "avertissement" and report.ok


def test_unknown_glossary_term(tmp_path):
    body = VALID_BODY.replace("        type: oui_non\n", "        type: oui_non\n        glossary: [biometire]\n", 1)
    problem = only(check(tmp_path, HEAD + body), "GLO001")
    assert "biometrie" in problem.message


def test_equivalence_must_share_type_and_options(tmp_path):
    body = VALID_BODY.replace("        type: oui_non\n",
                              "        type: oui_non\n        same_as: [profil.utilisateurs]\n", 1)
    assert only(check(tmp_path, HEAD + body), "EQV003")
    body = VALID_BODY.replace("        type: oui_non\n",
                              "        type: oui_non\n        same_as: [profil.donnees_personnelles]\n", 1)
    assert check(tmp_path, HEAD + body).ok

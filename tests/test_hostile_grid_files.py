"""Hostile grid files: each costs a quick, located French refusal; the bundled grids stay usable.

A personal grid folder is shared, copied, received by mail: a file in it may be a YAML bomb.
What a file may cost is bounded before anything is built (grilles/yaml_limits.py), so that a
bad file is one line of error, never a minute of CPU, gigabytes, or a RecursionError.
"""

from __future__ import annotations

import re

import pytest
from test_checks import HEAD, VALID_BODY
from test_cli import instruire

from grilles import yaml_limits
from grilles.catalog import BUNDLED, grid_files, load_catalog
from grilles.loader import _Loader, load_grid, read_yaml
from grilles.problems import GridFileError

ENGLISH = re.compile(r"\b(found|expected|while|could not|not allowed|character|scanning|parsing|stream)\b")


def alias_bomb(levels: int = 8, width: int = 9) -> str:
    """The 'billion laughs': each level a list of `width` aliases of the one before (9**8 items)."""
    lines = ["a0: &a0 [" + ", ".join(["hahahahaha"] * width) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def nested_sections(depth: int) -> str:
    """A grid whose sections nest `depth` times (flow style: one line, a few kilobytes)."""
    opening = "".join(f"[{{id: s{i}, title: Partie {i}, sections: " for i in range(depth))
    inner = "[{id: fin, title: Fin, questions: [{id: q1, text: Une question ?, type: oui_non}]}]"
    return HEAD + "sections: " + opening + inner + "}]" * depth + "\n"


HOSTILE = {
    # name: (text, code, line of the problem)
    "alias_8_niveaux.yaml": (alias_bomb(8), "YAML007", None),
    "alias_4_niveaux.yaml": (alias_bomb(4, 30), "YAML007", None),
    "alias_recursif.yaml": ("a: &boucle [1, *boucle]\n", "YAML006", 1),
    "alias_nombreux.yaml": ("a: &x 1\nb: [" + ", ".join(["*x"] * 500) + "]\n", "YAML006", 2),
    "mille_niveaux.yaml": ("id: x\nsections: " + "[" * 1000 + "]" * 1000 + "\n", "YAML005", 2),
    "cinq_cents_parties.yaml": (nested_sections(500), "YAML005", 7),
    "alias_profond.yaml": ("a: &p " + "[" * 30 + "]" * 30 + "\nb: " + "[" * 30 + "*p" + "]" * 30 + "\n",
                           "YAML005", 2),
    "trop_gros.yaml": ("id: x\ntitle: " + "x" * (yaml_limits.MAX_BYTES + 10) + "\n", "YAML004", 1),
}


@pytest.fixture()
def hostile_dir(tmp_path):
    folder = tmp_path / "grilles-recues"
    folder.mkdir()
    for name, (text, _, _) in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", HOSTILE)
def test_each_hostile_file_is_refused_by_the_limit_it_exceeds(name, hostile_dir):
    text, code, line = HOSTILE[name]
    with pytest.raises(GridFileError) as caught:
        load_grid(hostile_dir / name)
    (problem,) = caught.value.problems
    assert problem.code == code, problem.render()
    assert problem.file == str(hostile_dir / name)
    if line is not None:
        assert problem.line == line, problem.render()
    assert not ENGLISH.search(problem.message), problem.message
    assert "trop" in problem.message or "sans fin" in problem.message


def test_the_limits_name_their_figures(hostile_dir):
    messages = {}
    for name in ("alias_8_niveaux.yaml", "mille_niveaux.yaml", "alias_nombreux.yaml", "trop_gros.yaml"):
        with pytest.raises(GridFileError) as caught:
            load_grid(hostile_dir / name)
        messages[name] = caught.value.problems[0].message
    assert "100\u202f000" in messages["alias_8_niveaux.yaml"]
    assert "50" in messages["mille_niveaux.yaml"]
    assert "100 au plus" in messages["alias_nombreux.yaml"]
    assert "1 Mo au plus" in messages["trop_gros.yaml"] and "1,0 Mo" in messages["trop_gros.yaml"]


def test_a_grid_within_the_limits_may_use_aliases_and_nest_sections(tmp_path):
    """The limits leave room: anchors for shared options, twenty levels of sub-parts."""
    body = (VALID_BODY.replace("        options:\n          - {value: x",
                               "        options: &choix\n          - {value: x", 1)
            .replace("        options:\n          - {value: haut, label: Haut}\n          - {value: bas, label: Bas}",
                     "        options: *choix").replace("c = 'haut'", "c = 'x'"))
    assert body.count("&choix") == body.count("*choix") == 1
    path = tmp_path / "essai.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    questions = [q for _, q in load_grid(path).grid.walk()]
    assert [o.value for o in questions[2].options] == ["x", "y"]

    deep = tmp_path / "profonde.yaml"
    deep.write_text(nested_sections(20), encoding="utf-8")
    assert [q.id for _, q in load_grid(deep).grid.walk()] == ["q1"]


def test_every_bundled_grid_is_far_within_the_limits():
    for path in grid_files(BUNDLED) + sorted(BUNDLED.glob("glossaire*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert len(text.encode()) * 10 < yaml_limits.MAX_BYTES, path
        assert yaml_limits.first_excess(text) is None, path


def _same_nodes(a, b) -> bool:
    """Same node graph: kinds, tags, values, styles and positions."""
    pairs = [(a, b)]
    while pairs:
        x, y = pairs.pop()
        if (type(x), x.tag, (x.start_mark.line, x.start_mark.column), (x.end_mark.line, x.end_mark.column)) != \
                (type(y), y.tag, (y.start_mark.line, y.start_mark.column), (y.end_mark.line, y.end_mark.column)):
            return False
        if isinstance(x.value, str):
            if (x.value, x.style) != (y.value, y.style):
                return False
        elif len(x.value) != len(y.value):
            return False
        else:
            # same length, checked above; a mapping's items are (key, value) pairs on both sides
            pairs += [pair for p, q in zip(x.value, y.value, strict=True)
                      for pair in (zip(p, q, strict=True) if isinstance(p, tuple) else [(p, q)])]
    return True


@pytest.mark.parametrize("path", grid_files(BUNDLED) + sorted(BUNDLED.glob("glossaire*.yaml"))
                         + sorted((BUNDLED.parents[1] / "dialogues" / "exemples").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_the_bounded_composer_builds_what_pyyaml_builds(path):
    text = path.read_text(encoding="utf-8") + "extra: &a {k: [1, 2.5, '3', ~, oui, 2027-01-15]}\nencore: *a\n"
    ours, theirs = _Loader(text), _Loader(text)
    try:
        assert _same_nodes(yaml_limits.compose(ours), theirs.get_single_node())
    finally:
        ours.dispose(), theirs.dispose()


def test_a_hostile_personal_folder_leaves_the_bundled_grids_usable(hostile_dir):
    bundled = load_catalog()
    catalog = load_catalog([hostile_dir])
    assert set(catalog.grids) == set(bundled.grids)
    assert all(catalog.origin[g] == "fournie" for g in catalog.grids)
    refused = {p.file.rsplit("/", 1)[-1]: p.code for p in catalog.problems}
    assert refused == {name: code for name, (_, code, _) in HOSTILE.items()}


def test_a_hostile_glossary_or_override_falls_back_to_the_bundled_one(tmp_path):
    (tmp_path / "glossaire-local.yaml").write_text(alias_bomb(), encoding="utf-8")
    (tmp_path / "nantes.yaml").write_text("id: nantes\n" + "a: " + "[" * 60 + "]" * 60 + "\n", encoding="utf-8")
    catalog = load_catalog([tmp_path])
    assert catalog.origin["nantes"] == "fournie" and catalog.get("nantes").path.parent == BUNDLED
    assert catalog.glossary == load_catalog().glossary
    assert sorted(p.code for p in catalog.problems) == ["YAML005", "YAML007"]


def test_commands_stay_usable_with_a_hostile_personal_folder(hostile_dir, tmp_path):
    listing = instruire("--grilles", str(hostile_dir), "grilles", "liste")
    assert listing.returncode == 1 and "Traceback" not in listing.stderr
    assert "nantes" in listing.stdout and "profil" in listing.stdout
    assert listing.stderr.count("erreur YAML00") == len(HOSTILE)
    assert f"{hostile_dir / 'mille_niveaux.yaml'}:2:" in listing.stderr

    answers = tmp_path / "reponses.yaml"
    answers.write_text("projet: {titre: Essai}\ngrilles: [nantes]\nreponses: {}\n", encoding="utf-8")
    played = instruire("--grilles", str(hostile_dir), "--journal", str(tmp_path / "j.sqlite"),
                       "jouer", "--reponses", str(answers), "--sortie", str(tmp_path / "r.json"))
    assert played.returncode == 0, played.stderr
    assert "Grilles personnelles écartées" in played.stderr and (tmp_path / "r.json").exists()


def test_a_hostile_answers_file_is_refused_quickly(tmp_path):
    """`jouer --reponses` reads through the same bounded reader."""
    answers = tmp_path / "reponses.yaml"
    answers.write_text("projet: {titre: Essai}\n" + alias_bomb(), encoding="utf-8")
    r = instruire("--journal", str(tmp_path / "j.sqlite"), "jouer", "--reponses", str(answers))
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert f"{answers}:" in r.stderr and "trop d'éléments" in r.stderr


async def test_the_app_opens_and_says_which_personal_grids_were_left_out(hostile_dir, tmp_path):
    from assistant.config import Settings
    from assistant.ui.app import build_app

    app = build_app(Settings(tmp_path), lambda: load_catalog([hostile_dir]), tmp_path / "journal.sqlite",
                    tmp_path / "reprises.sqlite")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.store is not None  # the dialogue engine started: the app is usable
        assert set(app.catalog.grids) >= {"profil", "nantes", "radar", "girouet", "tours"}
        shown = " ".join(n.message for n in app._notifications)
        assert "Grilles personnelles écartées" in shown and "YAML005" in shown


# --- libyaml's own messages, in French --------------------------------------------------------

MALFORMED = [
    # (text, line, column, French words expected)
    ("id: a\x00b\n", 1, 6, "caractère nul (U+0000)"),
    ("id: essai\ntitle: é\x07\n", 2, 9, "caractère de contrôle invisible (U+0007)"),
    ("id: x\nsections:\n\t- a\n", 3, 1, "tabulation"),
    ("id: x\ntitle: @essai\n", 2, 8, "« @ » ne peut pas commencer une valeur"),
    ("id: x\ntitle: `essai`\n", 2, 8, "« ` » ne peut pas commencer une valeur"),
    ("id: x\ntitle: a: b\n", 2, 9, "« : » inattendu"),
    ('id: x\ntitle: "essai\n', 3, 1, "guillemet non refermé"),
    ("id: x\ntitle: [a, b\n", 3, 1, "« , » ou « ] » attendu"),
    ("id: x\nsource: {document: a\n", 3, 1, "« , » ou « } » attendu"),
    ("id: x\ntitle: *inconnu\n", 2, 8, "alias inconnu"),
    ("a: &x 1\nb: &x 2\n", 2, 4, "ancre « &nom » définie deux fois"),
    ('id: x\ntitle: "\\q"\n', 2, 9, "caractère d'échappement inconnu"),
    ("id: x\n  title: y\n", 2, 8, "« : » inattendu"),
    ("id: x\n- a\n", 2, 1, "clé attendue"),
    ("id: x\n---\nid: y\n", 2, 1, "un seul document par fichier"),
    ("id: !!python/object:os.system x\n", 1, 5, "étiquette YAML non permise"),
    ("id: !inconnue x\n", 1, 5, "étiquette YAML non permise"),
    ("%YAML 2.0\n---\nid: x\n", 1, 1, "version de YAML"),
    ("%FOO\n---\nid: x\n", 1, 5, "directive « % » inconnue"),
    ("title: |x\n  t\n", 1, 9, "commentaire ou fin de ligne attendu"),
    ("id: & 1\n", 1, 6, "nom attendu après « & » ou « * »"),
    ("id: 1\n...\nx\n", 3, 1, "« --- » attendu"),
    ("- a\nb: 1\n", 2, 1, "« - » attendu"),
    ("id: [,]\n", 1, 6, "valeur attendue"),
    ("[a]: 1\n", 1, 1, "une clé doit être un texte simple"),
    ("a: {<<: 1}\n", 1, 9, "« << » doit recevoir un ensemble de clés"),
    ('a: "\\x4"\n', 1, 7, "chiffres hexadécimaux attendus"),
    ("a: !x!y z\n", 1, 4, "préfixe d'étiquette"),
    ("a: !!str [1]\n", 1, 4, "cette étiquette YAML demande une valeur simple"),
]


@pytest.mark.parametrize("text, line, column, words", MALFORMED)
def test_libyaml_messages_are_translated_and_located(tmp_path, text, line, column, words):
    path = tmp_path / "mal.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GridFileError) as caught:
        read_yaml(path)
    (problem,) = caught.value.problems
    assert words in problem.message, problem.render()
    assert not ENGLISH.search(problem.message), problem.message
    assert (problem.line, problem.column) == (line, column), problem.render()
    assert problem.code == "YAML001" and problem.message.startswith("YAML mal formé : ")


@pytest.mark.parametrize("value, words", [
    ("2027-13-45", "date ou heure impossible : « 2027-13-45 »"),
    ("2027-02-30", "date ou heure impossible : « 2027-02-30 »"),
    ("2027-01-15 25:00:00", "date ou heure impossible"),
    ("!!int douze", "nombre entier illisible : « douze »"),
    ("!!float x", "nombre illisible : « x »"),
])
def test_a_value_its_type_cannot_hold_is_located(tmp_path, value, words):
    """YAML reads 2027-13-45 as a date: Python refuses it (ValueError), now said with its line."""
    path = tmp_path / "reponses.yaml"
    path.write_text(f"projet: {{titre: Essai}}\npoints_ouverts:\n  nantes.q03: {{echeance: {value}}}\n",
                    encoding="utf-8")
    with pytest.raises(GridFileError) as caught:
        read_yaml(path)
    (problem,) = caught.value.problems
    assert words in problem.message and "guillemets" in problem.message
    assert (problem.line, problem.column) == (3, 26)


def test_not_a_regular_file(tmp_path):
    folder = tmp_path / "dossier.yaml"
    folder.mkdir()
    with pytest.raises(GridFileError) as caught:
        read_yaml(folder)
    assert "pas un fichier ordinaire" in caught.value.problems[0].message

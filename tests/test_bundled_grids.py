"""The bundled grids: complete, faithful to their sources, and in sync with the editor schema."""

import re

import pytest
from conftest import SEEDS

from grilles.catalog import BUNDLED
from grilles.jsonschema import SCHEMAS
from grilles.schema import AnswerType

NANTES_GUIDE = SEEDS / "002_1457ad048db21f13.txt"


def test_every_bundled_grid_loads(catalog):
    assert {"profil", "nantes", "radar", "girouet", "tours"} <= set(catalog.grids)
    assert catalog.problems == []


def _normalise(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text).replace("**", "").replace("•", " ")
    return " ".join(text.split()).strip(" -")


def _guide_questions() -> dict[int, str]:
    """Numbered questions as the guide prints them: `12 > text` (some inside <p> tags)."""
    raw = NANTES_GUIDE.read_text(encoding="utf-8")
    found: dict[int, str] = {}
    for m in re.finditer(r"(?:^|<p>|\n)\s*-?\s*(\d{1,2}) ?>\**\s*(.+?)(?=</p>|\n|$)", raw):
        n = int(m.group(1))
        if 1 <= n <= 84 and n not in found:
            found[n] = _normalise(m.group(2))
    return found


def test_nantes_has_exactly_its_84_numbered_questions(catalog):
    grid = catalog.get("nantes").grid
    numbered = [q for _, q in grid.walk() if q.number is not None]
    assert [q.number for q in numbered] == list(range(1, 85))
    assert [q.id for q in numbered] == [f"q{n:02d}" for n in range(1, 85)]
    assert [s.id for s in grid.sections] == [f"c{n}" for n in range(1, 8)]
    # added questions are marked as such, never numbered
    for _, q in grid.walk():
        assert (q.number is None) == (q.supplement_of is not None), q.id


@pytest.mark.skipif(not NANTES_GUIDE.exists(), reason="sources absentes (dossier shared/seeds)")
def test_nantes_wording_is_the_guides():
    from grilles.catalog import load_catalog

    grid = load_catalog().get("nantes").grid
    guide = _guide_questions()
    assert len(guide) == 84
    for _, q in grid.walk():
        if q.number is None:
            continue
        ours = _normalise(q.text)
        theirs = guide[q.number]
        if q.type is AnswerType.multiple:  # q8: the guide's bullet list became the options
            assert theirs.startswith(ours.rstrip(" :")), q.id
            for opt in q.options:
                if not opt.help or "instruire" not in opt.help:
                    assert opt.label.split(",")[0].lower()[:12] in theirs.lower(), opt.label
        else:
            assert ours.startswith(theirs) or theirs.startswith(ours), (q.id, ours, theirs)


def test_nantes_criteria_keep_the_guides_sub_headings(catalog):
    grid = catalog.get("nantes").grid
    c4, c5, c6 = grid.sections[3], grid.sections[4], grid.sections[5]
    assert [s.title.startswith(("Avant", "Après")) for s in c4.sections] == [True, True]
    assert len(c5.sections) >= 5 and len(c6.sections) == 2
    assert any("CPU" in s.title for s in grid.all_sections())
    assert any("GPU" in s.title for s in grid.all_sections())


def test_girouet_is_four_sheets_of_three_items_scored_1_to_4(catalog):
    grid = catalog.get("girouet").grid
    assert len(grid.sections) == 4
    assert all(len(list(_questions(s))) == 3 for s in grid.sections)
    assert sorted(grid.scale.labels) == [1, 2, 3, 4]
    for _, q in grid.walk():
        assert q.type is AnswerType.scale and q.axis


def _questions(section):
    yield from section.questions
    for sub in section.sections:
        yield from _questions(sub)


def test_radar_scores_every_sub_axis(catalog):
    grid = catalog.get("radar").grid
    used = {q.axis for _, q in grid.walk() if q.axis}
    assert used == {a.id for a in grid.axes}
    assert len({a.group for a in grid.axes}) == 4  # the four quadrants


def test_tours_has_its_ten_principles(catalog):
    grid = catalog.get("tours").grid
    assert [s.id for s in grid.sections] == [f"p{n:02d}" for n in range(1, 11)]


def test_every_question_and_rule_cites_its_source(catalog):
    for grid_id, loaded in catalog.grids.items():
        grid = loaded.grid
        assert grid.source.document and grid.licence and grid.attribution, grid_id
        for chain, q in grid.walk():
            assert q.source.section or q.source.document or any(s.source.section for s in chain), q.id
        for rule in grid.rules:
            assert rule.source.document, rule.id


def test_red_lines_and_warnings_have_their_stable_ids(catalog):
    rules = {(g, r.id): r.severity.value for g, loaded in catalog.grids.items() for r in loaded.grid.rules}
    assert rules == {
        ("profil", "biometrie"): "ligne_rouge", ("profil", "donnees_sensibles"): "ligne_rouge",
        ("profil", "base_juridique"): "ligne_rouge", ("profil", "decision_automatisee"): "ligne_rouge",
        ("profil", "ria_interdit"): "ligne_rouge", ("profil", "confidentialite"): "ligne_rouge",
        ("profil", "ria_haut_risque"): "alerte", ("profil", "information_decision"): "alerte",
        ("profil", "hors_ue"): "alerte", ("profil", "sans_alternative"): "alerte",
        ("nantes", "biometrie"): "ligne_rouge", ("nantes", "non_discrimination"): "ligne_rouge",
        ("tours", "confidentialite"): "ligne_rouge", ("tours", "decision_humaine"): "ligne_rouge",
        ("tours", "relation_humaine"): "ligne_rouge",
    }


def test_every_skip_and_rule_says_in_a_comment_why_citing_the_source():
    """Each `when:` / `verify_when:` of a question, a part or a rule (a skip, a red line) has a comment
    in its block citing the page of the source, the principle (Tours is not paginated) or the article
    of law. (A `- when:` list item is an offered answer or a deferral: its note says why.)"""
    cites = re.compile(r"p\. \d|principe \d|art\. |article|L\. 311", re.IGNORECASE)
    for path in sorted(BUNDLED.glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            stripped = line.strip()
            if not stripped.startswith(("when:", "verify_when:")):
                continue
            indent = len(line) - len(line.lstrip())
            j = i
            while j > 0 and not (lines[j].strip().startswith("- id:")
                                 and len(lines[j]) - len(lines[j].lstrip()) < indent):
                j -= 1
            while j > 0 and lines[j - 1].strip().startswith("#"):
                j -= 1
            comments = [x for x in lines[j:i] if x.strip().startswith("#")]
            assert any(cites.search(c) for c in comments), f"{path.name}:{i + 1}: {stripped}"


def test_roles_the_sources_name_have_french_labels():
    from grilles.schema import ROLE_LABELS, Role

    assert set(ROLE_LABELS) == set(Role)
    for value in ("elus", "representants_personnel", "agents_concernes", "organisation_transformation",
                  "administration_donnees"):
        assert ROLE_LABELS[Role(value)][0].islower() and "_" not in ROLE_LABELS[Role(value)]


def test_the_girouet_is_answered_with_the_agents_and_their_representatives(catalog):
    for _, q in catalog.get("girouet").grid.walk():
        roles = {r.value for r in q.answered_by}
        assert {"agents_concernes", "representants_personnel"} <= roles, q.id


def test_the_radar_says_its_questions_levels_and_scores_are_ours(catalog):
    radar = catalog.get("radar").grid
    assert "rédigées par l'équipe instruire" in radar.description
    assert "ni échelle, ni niveaux, ni questions" in radar.description
    consequences = next(q for _, q in radar.walk() if q.id == "biais_consequences")
    assert consequences.axis is None and all(o.score is None for o in consequences.options)


def test_the_grids_declare_what_the_engine_needs(catalog):
    from grilles.declared import chart_kind, default_grids, stage_question

    assert stage_question(catalog.profile.grid).id == "stade"
    assert {g: chart_kind(loaded.grid) for g, loaded in catalog.grids.items()} == {
        "profil": None, "nantes": None, "radar": "radar", "girouet": "barres", "tours": None}
    assert default_grids(catalog.grids.values()) == ["nantes"]
    assert {g for g, loaded in catalog.grids.items() if loaded.grid.reask_at_follow_up} == {"radar", "girouet"}


def test_glossary_has_the_required_terms_with_sources(catalog):
    required = {"biometrie", "rgpd", "ria", "aipd", "dict", "pue", "sia", "poc", "rag",
                "biais_automatisation", "effet_rebond", "falc"}
    assert required <= set(catalog.glossary)
    assert "CNIL" in catalog.glossary["biometrie"].source
    assert all(e.source for e in catalog.glossary.values())


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_editor_schema_is_up_to_date(name):
    committed = (BUNDLED / name).read_text(encoding="utf-8")
    assert committed == SCHEMAS[name](), "régénérer : instruire grilles schema --dossier grilles/data"


def test_every_grid_file_points_editors_to_the_schema():
    for path in BUNDLED.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path.name

"""One way to write numbers and references in French, on screen, in the reports and in the results."""

from assistant.ui.charts import score_lines
from grilles.formats import french_number, question_ref, source_text, version_tag
from journal.report_layout import fr_number

NNBSP = "\u202f"


def test_numbers_read_as_typed_the_french_way():
    assert french_number(17520.0) == f"17{NNBSP}520"  # thousands apart by a narrow no-break space
    assert french_number(1234567.125) == f"1{NNBSP}234{NNBSP}567,125"
    assert french_number(12.5) == "12,5" and french_number(2.25) == "2,25"  # the decimals it has
    assert french_number(3.0) == "3" and french_number(0.1 + 0.2) == "0,3"
    assert french_number(2 / 3, 2) == "0,67"


def test_scores_read_the_same_in_the_report_and_on_screen():
    class Score:
        title, group, shown, coverage, applicable = "Axe", None, 2.25, 1.0, 4

    assert fr_number(2.25) == "2,25" and fr_number(None) == ""
    assert "2,25/4" in score_lines([Score()])[0]


def test_a_source_reference_as_text(catalog):
    assert source_text({"document": "Guide", "section": "Critère 1", "number": 3, "page": 4, "note": "RIA"}) \
        == "Guide, Critère 1, n° 3, p. 4 (RIA)"
    assert source_text(None, "Guide") == "Guide" and source_text({"note": "rédigé par nous"}) == "rédigé par nous"
    loaded = catalog.get("nantes")
    assert version_tag(loaded) == f"{loaded.grid.version}@{loaded.digest[:12]}"


def test_de_before_a_name_elides_the_french_way():
    from grilles.formats import of_name

    assert of_name("Alice Martin") == "d'Alice Martin"
    assert of_name("Élodie") == "d'Élodie" and of_name("Œdipe") == "d'Œdipe" and of_name("émile") == "d'émile"
    assert of_name("Hélène Roy") == "d'Hélène Roy" and of_name("Hugo") == "d'Hugo"  # a mute h
    assert of_name("Hollande") == "de Hollande" and of_name("Haute-Garonne") == "de Haute-Garonne"  # aspirated
    assert of_name("Yves") == "d'Yves" and of_name("Yann") == "de Yann"  # y: vowel, then consonant
    assert of_name("Karim Benali") == "de Karim Benali" and of_name("  Léa  [/] ") == "de Léa [/]"
    assert of_name("Le Goff") == "de Le Goff"  # the name as typed: no « du »


def test_a_numbered_question_is_named_with_its_grid(bundle_for):
    bundle = bundle_for("nantes", "radar")
    nantes = next(e for e in bundle.entries if e.grid.id == "nantes" and e.question.number == 36)
    assert question_ref(nantes).startswith("la question n° 36 (La boussole de l'IA) « ")
    profile = next(e for e in bundle.entries if e.grid.kind == "profil" and not e.question.number)
    assert question_ref(profile).startswith("la question « ")  # the profile's questions have no number

"""Numbers and dates read the French way wherever people type them: the conversation, the open
points, and the answers files of `instruire jouer`. What is recorded is the number typed."""

from datetime import date

import pytest
from dialogue_helpers import new_store

from dialogues.play import AnswersFileError, read_answers_file
from grilles.answers import AnswerError, display, parse_answer, parse_date, parse_number
from grilles.formats import french_date
from journal.log import Actor

ALICE = Actor("Alice Martin", "metier")


@pytest.mark.parametrize("typed, value", [
    ("3,5", 3.5), ("17 520", 17520), ("17\u00a0520", 17520), ("17\u202f520", 17520), ("17\u2009520", 17520),
    ("1 234,5", 1234.5), ("1 234 567,25", 1234567.25), ("42", 42), ("-2", -2), ("  12,75 ", 12.75),
    ("3.5", 3.5), ("0.125", 0.125),  # a decimal point where it cannot mean thousands
])
def test_numbers_typed_the_french_way_are_the_number_typed(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed, said", [
    ("1e3", "notation scientifique"), ("1_000", "tiret bas"), ("3,5,1", "qu'une virgule"),
    ("17.520", "ambigu"), ("12 34", "groupes de trois chiffres"), ("beaucoup", "n'est pas un nombre"),
    ("3,", "après la virgule"),
])
def test_numbers_that_read_two_ways_are_refused_with_a_french_sentence(typed, said):
    with pytest.raises(AnswerError, match=said) as refused:
        parse_number(typed)
    assert f"« {typed} »" in str(refused.value) and "17 520" in str(refused.value)


def test_a_number_question_records_three_and_a_half_not_thirty_five(bundle_for):
    q = bundle_for("nantes").by_id["nantes.q25"].question  # number of devices
    answer = parse_answer(q, "3,5")
    assert answer.value == 3.5 and display(q, answer) == "3,5 équipements"
    assert parse_answer(q, "17 520").value == 17520


@pytest.mark.parametrize("typed", ["15/01/2027", "2027-01-15", "15/1/2027"])
def test_dates_the_french_way_and_the_files_way(typed):
    assert parse_date(typed) == date(2027, 1, 15)
    assert french_date("2027-01-15") == "15/01/2027"


@pytest.mark.parametrize("typed, said", [("31/02/2027", "n'existe pas"), ("20270115", "JJ/MM/AAAA"),
                                         ("15-01-2027", "JJ/MM/AAAA"), ("demain", "n'est pas une date")])
def test_impossible_or_unreadable_dates_are_refused(typed, said):
    with pytest.raises(AnswerError, match=said):
        parse_date(typed)


def test_an_open_points_due_date_typed_the_french_way_is_kept_as_that_day(tmp_path, catalog):
    store = new_store(tmp_path, catalog)
    session = store.start("Échéances", ALICE, ["nantes"])
    qid = session.turn().question.id
    session.dont_know(qid, ALICE)
    session.assign_open_point(qid, ALICE, "Karim Benali", "15/01/2027")
    assert session.view.open_points[qid]["due"] == "2027-01-15"
    with pytest.raises(Exception, match="n'existe pas"):
        session.assign_open_point(qid, ALICE, "Karim Benali", "31/02/2027")
    store.close()


ANSWERS = """\
projet: {{titre: Nombres}}
participants:
  - {{nom: Alice Martin, role: metier}}
grilles: [nantes]
reponses:
  nantes.q25: {q25}
  nantes.q40: {{valeur: {q40}}}
  nantes.q03: nsp
points_ouverts:
  nantes.q03: {{responsable: Karim Benali, echeance: {due}}}
"""


def plan_of(tmp_path, catalog, **values):
    path = tmp_path / "reponses.yaml"
    path.write_text(ANSWERS.format(**{"q25": "3,5", "q40": '"17 520"', "due": "15/01/2027", **values}),
                    encoding="utf-8")
    store = new_store(tmp_path, catalog)
    try:
        return read_answers_file(path, store)
    finally:
        store.close()


def test_an_answers_file_reads_numbers_and_dates_the_french_way(tmp_path, catalog):
    plan = plan_of(tmp_path, catalog)
    assert plan.answers["nantes.q25"].value == "3,5" and plan.answers["nantes.q40"].value == "17 520"
    assert plan.open_points["nantes.q03"]["due"] == "2027-01-15"
    assert plan_of(tmp_path, catalog, q25="12.5").answers["nantes.q25"].value == "12.5"  # YAML's own number


@pytest.mark.parametrize("q25, said", [("1_000", "tiret bas"), ("1e3", "notation scientifique"),
                                        ("3,5,1", "qu'une virgule"), ("1.0e3", "notation scientifique")])
def test_an_answers_file_refuses_numbers_that_read_two_ways_with_the_line(tmp_path, catalog, q25, said):
    with pytest.raises(AnswersFileError, match=said) as refused:
        plan_of(tmp_path, catalog, q25=q25)
    assert "reponses.yaml:6" in str(refused.value)  # the file and the line of the answer


def test_an_answers_file_refuses_a_due_date_it_cannot_read(tmp_path, catalog):
    with pytest.raises(AnswersFileError, match="JJ/MM/AAAA"):
        plan_of(tmp_path, catalog, due="20270115")  # YAML reads a number
    with pytest.raises(AnswersFileError, match="JJ/MM/AAAA"):
        plan_of(tmp_path, catalog, due="'2027/01/15'")

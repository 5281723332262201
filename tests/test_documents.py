"""What every exported document guarantees: readable by its owner only, written under a name that
stays in the chosen folder, anchored to the journal (`journal verifier --rapport`), and saying at
its top when the journal it is built from is broken."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from document_helpers import instruire
from helpers_play import shared_realistic

from assistant import exports
from journal import anchor, csv_export, kinds, report_model, supplier
from journal.files import slug, write_private
from journal.log import Journal, JournalError
from journal.verify import verify

FORMATS = ("md", "html", "json", "docx", "odt")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- owner only -------------------------------------------------------------------------------


def test_every_export_is_readable_by_its_owner_only(journal_copy, catalog, tmp_path):
    path, instruction = journal_copy
    out = tmp_path / "exports"
    with Journal(path) as journal:
        written = [exports.write_report(journal, instruction, catalog, fmt, None, directory=out) for fmt in FORMATS]
        written.append(exports.write_open_points(journal, instruction, catalog, None, directory=out))
        written.append(exports.write_supplier(journal, instruction, catalog, "docx", None, directory=out))
        # an existing, world-readable file is brought back to owner only
        old = out / "ancien.html"
        old.write_text("ancien")
        os.chmod(old, 0o644)
        written.append(exports.write_report(journal, instruction, catalog, "html", old))
    registry = out / "registre.csv"
    assert instruire("registre", "--sortie", str(registry), journal=path).returncode == 0
    written.append(registry)
    for p in written:
        assert mode(p) == 0o600, p
    assert old.read_text() != "ancien"
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]  # no temporary file left


def test_write_private_replaces_whole_files():
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        target = Path(d) / "a" / "b.txt"
        write_private(target, b"un")
        write_private(target, b"deux")
        assert target.read_bytes() == b"deux" and mode(target) == 0o600


# --- file names --------------------------------------------------------------------------------


def test_a_crafted_instruction_id_cannot_write_outside_the_chosen_folder(tmp_path, catalog):
    crafted = "../../../" + str(tmp_path / "ailleurs").lstrip("/") + "/x"
    with Journal(tmp_path / "j.sqlite") as journal:
        journal.append(crafted, kinds.OPENED, {"title": "Projet piégé", "grids": ["profil"], "mode": "pre_examen"})
        out = tmp_path / "dossier"
        path = exports.write_report(journal, crafted, catalog, "md", None, directory=out)
    assert path.parent == out and path.name == f"{slug(crafted)}-rapport.md"
    assert "/" not in slug(crafted) and ".." not in slug(crafted)
    assert not (tmp_path / "ailleurs").exists()
    assert slug("Évaluation RH : été 2027") == "evaluation-rh-ete-2027" and slug("../..") == "instruction"


# --- the anchor --------------------------------------------------------------------------------


def test_the_anchor_holds_on_an_untouched_journal_and_fails_once_the_last_events_are_removed(journal_copy, tmp_path):
    path, instruction = journal_copy
    reports = {}
    for fmt in FORMATS:
        reports[fmt] = tmp_path / f"fiche.{fmt}"
        assert instruire("rapport", instruction, "--format", fmt, "--sortie", str(reports[fmt]),
                         journal=path).returncode == 0
    data = json.loads(reports["json"].read_text(encoding="utf-8"))
    head = data["pied"]["ancre"]
    with Journal(path) as journal:
        events = journal.events(instruction)
    exported = next(e for e in events if e.kind == kinds.REPORT and e.payload["format"] == "json")
    last = events[events.index(exported) - 1]  # the head when the JSON was built: before its own export
    assert (head["position"], head["empreinte"]) == (last.seq, last.hash)
    for fmt, report in reports.items():
        read = anchor.read_anchor(report)
        assert read.instruction == instruction, fmt
        done = instruire("journal", "verifier", "--rapport", str(report), journal=path)
        assert done.returncode == 0, (fmt, done.stderr)
        assert "rapport confirmé par le journal" in done.stdout
    # The instruction's last events removed (they are the journal's last: the chain still holds).
    db = sqlite3.connect(path)
    db.execute("DELETE FROM events WHERE seq >= ?", (head["position"] - 3,))
    db.commit()
    db.close()
    assert instruire("journal", "verifier", journal=path).returncode == 0  # the chain alone sees nothing
    for fmt, report in reports.items():
        done = instruire("journal", "verifier", "--rapport", str(report), journal=path)
        assert done.returncode == 1, fmt
        position = anchor.read_anchor(report).position
        assert f"l'événement {position} sur lequel s'appuie le rapport n'est plus dans le journal" in done.stderr


def test_a_replaced_head_and_a_later_change_are_told_apart(journal_copy, tmp_path):
    path, instruction = journal_copy
    report = tmp_path / "fiche.json"
    assert instruire("rapport", instruction, "--format", "json", "--sortie", str(report), journal=path).returncode == 0
    head = json.loads(report.read_text(encoding="utf-8"))["pied"]["ancre"]
    with Journal(path) as journal:
        journal.append(instruction, kinds.NOTE, {"question": None, "text": "Une note après le rapport"})
        verdict = anchor.check(journal, anchor.read_anchor(report))
    assert verdict.ok and "1 événement(s) ont été ajoutés" in verdict.messages[-1]
    db = sqlite3.connect(path)
    db.execute("UPDATE events SET hash = ? WHERE seq = ?", ("0" * 64, head["position"]))
    db.commit()
    db.close()
    with Journal(path) as journal:
        verdict = anchor.check(journal, anchor.read_anchor(report))
    assert not verdict.ok and "n'a plus l'empreinte que porte le rapport" in verdict.messages[0]


def test_a_file_without_anchor_is_a_french_message(tmp_path, journal_copy):
    path, _ = journal_copy
    other = tmp_path / "autre.md"
    other.write_text("# Un autre document\n", encoding="utf-8")
    done = instruire("journal", "verifier", "--rapport", str(other), journal=path)
    assert done.returncode != 0 and "aucune ancre" in done.stderr and "Traceback" not in done.stderr


# --- a broken journal says so at the top of every document ------------------------------------


def _tamper(path: Path, sql: str) -> None:
    db = sqlite3.connect(path)
    db.execute(sql)
    db.commit()
    db.close()


def test_every_document_says_at_its_top_that_the_journal_is_broken(journal_copy, catalog):
    path, instruction = journal_copy
    _tamper(path, "UPDATE events SET actor_name = 'Quelqu''un' WHERE seq = 5")
    with Journal(path) as journal:
        verdict = verify(journal)
        assert not verdict.ok
        report = report_model.report_for(journal, instruction, catalog)
        view, bundle = report_model.load(journal, instruction, catalog)
    md = report_model.export(report, "md").decode("utf-8")
    assert md.index("Journal altéré") < md.index("## Synthèse")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(csv_export.open_points_csv(view, bundle, verdict=verdict))))
    assert rows[0][0].startswith("JOURNAL ALTÉRÉ") and rows[1][0] == "groupe"
    questionnaire = supplier.export(supplier.build_questionnaire(view, bundle, verdict=verdict), "md").decode("utf-8")
    assert questionnaire.index("JOURNAL ALTÉRÉ") < questionnaire.index("la collectivité vous remercie")


def test_a_blob_payload_is_a_broken_chain_not_a_crash(journal_copy):
    path, _ = journal_copy
    _tamper(path, "UPDATE events SET payload = CAST(payload AS BLOB) WHERE seq = 7")
    done = instruire("journal", "verifier", journal=path)
    assert done.returncode == 1 and "événement 7" in done.stderr and "BLOB" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unreadable_payload_names_the_event_instead_of_an_unexpected_error(journal_copy, tmp_path):
    path, instruction = journal_copy
    _tamper(path, "UPDATE events SET payload = '{pas du json' WHERE seq = 9")
    done = instruire("rapport", instruction, "--format", "md", "--sortie", str(tmp_path / "r.md"), journal=path)
    assert done.returncode != 0
    assert "événement 9" in done.stderr and "erreur inattendue" not in done.stderr, done.stderr
    with Journal(path) as journal, pytest.raises(JournalError, match="événement 9"):
        journal.events(instruction)
    _tamper(path, "UPDATE events SET payload = 'pas du json' WHERE seq = 1")  # read by SQL, not Python
    done = instruire("instructions", journal=path)
    assert done.returncode != 0 and "événement 1 (instruction_ouverte) illisible" in done.stderr


# --- pdf -------------------------------------------------------------------------------------


def test_pdf_without_libreoffice_names_the_package(built_report, monkeypatch):
    from journal import pdf

    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(report_model.ReportError, match="libreoffice-writer-nogui"):
        report_model.export(built_report, "pdf")


@pytest.fixture(scope="module")
def built_report(tmp_path_factory, catalog):
    path, instruction = shared_realistic(tmp_path_factory, catalog)
    with Journal(path) as journal:
        return report_model.report_for(journal, instruction, catalog, generated_at="2026-12-01T10:00:00Z")


# --- answers to questions a local edit of the grid dropped -------------------------------------


def test_answers_to_questions_no_longer_in_the_grid_are_listed_as_such(tmp_path, catalog):
    from helpers_play import ALICE, open_store, play

    from grilles.catalog import load_catalog

    store = open_store(tmp_path, catalog)
    session = store.start("Projet suivi", ALICE, ["tours"])
    play(session, ALICE)
    instruction = session.id
    store.close()
    dropped = "tours.p02_partage_experience"
    source = (Path(__file__).resolve().parents[1] / "grilles" / "data" / "tours.yaml").read_text(encoding="utf-8")
    start = source.index("      - id: p02_partage_experience")
    end = source.index("  - id: p03")
    local = tmp_path / "grilles"
    local.mkdir()
    (local / "tours.yaml").write_text(source[:start] + source[end:], encoding="utf-8")
    edited = load_catalog([local])
    assert not edited.problems
    with Journal(tmp_path / "j.sqlite") as journal:
        report = report_model.report_for(journal, instruction, edited)
        shown = next(e.payload["text"] for e in journal.events(instruction, [kinds.SHOWN])
                     if e.payload["question"] == dropped)
    outside = report["hors_grilles"]
    assert [x["question"] for x in outside] == [dropped]
    assert outside[0]["texte_affiche"] == shown and outside[0]["par"]["nom"] == ALICE.name
    md = report_model.export(report, "md").decode("utf-8")
    part = md[md.index("D. Réponses à des questions qui ne sont plus dans les grilles"):]
    assert shown.replace("'", "'") in part.replace("\\", "")


def test_the_excel_variant_of_the_open_points_does_not_replace_the_plain_one(journal_copy, catalog, tmp_path):
    # exported one after the other from the app's dialog, both stayed under one name: the last won
    path, instruction = journal_copy
    out = tmp_path / "exports"
    with Journal(path) as journal:
        plain = exports.write_open_points(journal, instruction, catalog, None, directory=out)
        excel = exports.write_open_points(journal, instruction, catalog, None, directory=out, excel=True)
    assert plain != excel and plain.exists() and excel.exists()
    assert excel.read_bytes().startswith("\ufeff".encode()) and not plain.read_bytes().startswith("\ufeff".encode())

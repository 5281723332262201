"""The report as a committee reads it on paper: the DOCX and the ODT converted to PDF by a real
LibreOffice (headless), then read back with pdftotext, page by page.

They open; the ODT is no more than 10 % longer than the DOCX; page 1 is the synthesis (the
decision, the signed red lines and warnings, the open points by who can answer them, the
charts); no page but the last is near empty; the PDF export and the anchor read back from it.

`.ci/run` installs LibreOffice (Debian's `libreoffice-writer-nogui`) and poppler-utils when they
are missing; elsewhere, without them, this module is skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers_play import XSS_TITLE, shared_realistic

from journal import anchor, report_model
from journal.log import Journal
from journal.pdf import convert, soffice

if soffice() is None or shutil.which("pdftotext") is None:
    if os.environ.get("CI"):
        pytest.fail("LibreOffice ou pdftotext manque alors que .ci/run doit les installer "
                    "(apt-get install libreoffice-writer-nogui poppler-utils)", pytrace=False)
    pytest.skip("LibreOffice absent : `apt-get install libreoffice-writer-nogui poppler-utils` pour ce test "
                "(.ci/run les installe)", allow_module_level=True)

NEAR_EMPTY = 0.15  # a page (but the last) with less text than this share of the average is near empty


def pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          timeout=60).stdout.decode("utf-8")
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.fixture(scope="module")
def printed(tmp_path_factory, catalog):
    path, instruction = shared_realistic(tmp_path_factory, catalog)
    with Journal(path) as journal:
        report = report_model.report_for(journal, instruction, catalog, generated_at="2026-12-01T10:00:00Z")
    out = tmp_path_factory.mktemp("imprime")
    docx, odt = report_model.export(report, "docx"), report_model.export(report, "odt")
    return {"report": report, "docx": pages(convert(docx, ".docx"), out), "odt": pages(convert(odt, ".odt"), out)}


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_page_one_is_the_synthesis(printed, fmt):
    first = " ".join(printed[fmt][0].split())
    assert "Fiche d'instruction" in first and "Synthèse" in first
    assert "Décision : Avis favorable sous conditions" in first
    assert "Ligne rouge : Décision individuelle entièrement automatisée" in first
    assert "Alerte :" in first and "À vérifier (ligne rouge)" in first
    assert "Points ouverts, par interlocuteur" in first and "le fournisseur" in first
    # the anchor is on every page's foot
    for page in printed[fmt]:
        assert "journal : position" in " ".join(page.split())


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_the_charts_and_the_detail_follow_in_order(printed, fmt):
    text = " ".join(" ".join(printed[fmt]).split())
    assert text.index("Synthèse") < text.index("Notes de 1 à 4") < text.index("Détail par grille et par critère") \
        < text.index("Annexes")
    assert "IA de confiance" in text and "T2 : 4" in text  # the radar's quadrants, the girouet's second round


def test_the_odt_is_no_more_than_ten_percent_longer_than_the_docx(printed):
    docx, odt = len(printed["docx"]), len(printed["odt"])
    assert docx >= 3
    assert odt <= docx * 1.10, (docx, odt)


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_no_page_is_near_empty(printed, fmt):
    sizes = [len(p.split()) for p in printed[fmt]]
    average = sum(sizes) / len(sizes)
    for number, size in enumerate(sizes[:-1], 1):
        assert size >= NEAR_EMPTY * average, (fmt, number, sizes)


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_numbers_and_dates_never_break_inside_a_cell(printed, fmt):
    lines = [line for page in printed[fmt] for line in page.splitlines()]
    # every « 01/12/2026 13:08 » of the tables keeps its time on its line, and no header is cut
    moments = [ln for ln in lines if re.search(r"\d\d/\d\d/\d{4}[ \u00a0]\d\d:\d\d", ln)]
    lone_times = [ln for ln in lines if re.search(r"(?<![\d/]{10}[ \u00a0])(?<![\d:])\b\d\d:\d\d\b(?! UTC)", ln)]
    assert len(moments) > 50 and not lone_times, lone_times[:3]
    words = set(" ".join(printed[fmt]).split())
    assert {"Nombre", "Échéance", "Répondues", "applicables", "Quadrant"} <= words  # headers whole


def test_pdf_export_opens_and_carries_its_anchor(printed, tmp_path, tmp_path_factory, catalog):
    path, instruction = shared_realistic(tmp_path_factory, catalog)
    pdf = report_model.export(printed["report"], "pdf")
    assert pdf.startswith(b"%PDF")
    target = tmp_path / "fiche.pdf"
    target.write_bytes(pdf)
    read = anchor.read_anchor(target)
    assert (read.instruction, read.position) == (instruction, printed["report"]["pied"]["ancre"]["position"])
    assert XSS_TITLE in " ".join(pages(pdf, tmp_path)[0].split())

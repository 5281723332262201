"""Writing the committee documents to files, and recording that they were exported.

Every file is created readable by its owner only (`journal.files.write_private`), and a default
file name is built from a slug of the instruction's id, never from the id itself."""

from __future__ import annotations

import hashlib
from pathlib import Path

from journal import kinds
from journal.files import slug, write_private
from journal.log import Actor, Journal

EXTENSIONS = {"md": "md", "html": "html", "json": "json", "docx": "docx", "odt": "odt", "csv": "csv", "pdf": "pdf",
              "xlsx": "xlsx", "ods": "ods"}


def write_report(journal: Journal, instruction: str, catalog, fmt: str, target: Path | None,
                 actor: Actor | None = None, directory: Path | None = None) -> Path:
    """The report of one instruction in `fmt`, written to `target` (or a default name); logged."""
    from journal import report_model

    report = report_model.report_for(journal, instruction, catalog)
    data = report_model.export(report, fmt)
    return _write(journal, instruction, data, target or _default(directory, instruction, "rapport", fmt),
                  {"document": "rapport", "format": fmt}, actor)


def write_open_points(journal: Journal, instruction: str, catalog, target: Path | None, actor=None,
                      directory: Path | None = None, excel: bool = False) -> Path:
    from journal import csv_export, report_model
    from journal.verify import verify

    view, bundle = report_model.load(journal, instruction, catalog)
    data = csv_export.open_points_csv(view, bundle, excel=excel, verdict=verify(journal)).encode("utf-8")
    # the Excel variant has a name of its own: exported after the plain one, it must not replace it
    name = "points-ouverts-excel" if excel else "points-ouverts"
    return _write(journal, instruction, data, target or _default(directory, instruction, name, "csv"),
                  {"document": "points_ouverts", "format": "csv_excel" if excel else "csv"}, actor)


def write_supplier(journal: Journal, instruction: str, catalog, fmt: str, target: Path | None, actor=None,
                   directory: Path | None = None, form: bool = False) -> Path:
    """The supplier questionnaire: a document to attach to a call for tenders (md, html, docx, odt,
    pdf), or with `form` a form to fill in and send back (xlsx, ods, docx)."""
    from journal import report_model, supplier, supplier_form
    from journal.verify import verify

    view, bundle = report_model.load(journal, instruction, catalog)
    questionnaire = supplier.build_questionnaire(view, bundle, verdict=verify(journal))
    data = supplier_form.export(questionnaire, fmt) if form else supplier.export(questionnaire, fmt)
    path = target or _default(directory, instruction, "questionnaire-fournisseur", fmt)
    return _write(journal, instruction, data, path,
                  {"document": "questionnaire_fournisseur_a_remplir" if form else "questionnaire_fournisseur",
                   "format": fmt}, actor)


def _default(directory: Path | None, instruction: str, what: str, fmt: str) -> Path:
    return (directory or Path.cwd()) / f"{slug(instruction)}-{what}.{EXTENSIONS[fmt]}"


def _write(journal: Journal, instruction: str, data: bytes, target: Path, payload: dict, actor) -> Path:
    target = write_private(target, data)
    journal.append(instruction, kinds.REPORT, {**payload, "path": str(target.resolve()),
                                               "sha256": hashlib.sha256(data).hexdigest()}, actor or Actor.system())
    return target


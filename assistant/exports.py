"""Writing the committee documents to files, and recording that they were exported."""

from __future__ import annotations

import hashlib
from pathlib import Path

from journal import kinds
from journal.log import Actor, Journal

EXTENSIONS = {"md": "md", "html": "html", "json": "json", "docx": "docx", "odt": "odt", "csv": "csv"}


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

    view, bundle = report_model.load(journal, instruction, catalog)
    data = csv_export.open_points_csv(view, bundle, excel=excel).encode("utf-8")
    return _write(journal, instruction, data, target or _default(directory, instruction, "points-ouverts", "csv"),
                  {"document": "points_ouverts", "format": "csv"}, actor)


def write_supplier(journal: Journal, instruction: str, catalog, fmt: str, target: Path | None, actor=None,
                   directory: Path | None = None) -> Path:
    from journal import report_model, supplier

    view, bundle = report_model.load(journal, instruction, catalog)
    data = supplier.export(supplier.build_questionnaire(view, bundle), fmt)
    return _write(journal, instruction, data, target or _default(directory, instruction, "questionnaire-fournisseur", fmt),
                  {"document": "questionnaire_fournisseur", "format": fmt}, actor)


def _default(directory: Path | None, instruction: str, what: str, fmt: str) -> Path:
    return (directory or Path.cwd()) / f"{instruction}-{what}.{EXTENSIONS[fmt]}"


def _write(journal: Journal, instruction: str, data: bytes, target: Path, payload: dict, actor) -> Path:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    journal.append(instruction, kinds.REPORT, {**payload, "path": str(target.resolve()),
                                               "sha256": hashlib.sha256(data).hexdigest()}, actor or Actor.system())
    return target

"""Starting the Textual app, in the terminal (`instruire`) or in a browser (`instruire web`)."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import traceback
from datetime import datetime
from pathlib import Path

from assistant.errors import UserError
from assistant.runtime import catalog_loader, journal_path, settings_of


def register(sub) -> None:
    p = sub.add_parser("web", help="servir l'application à un navigateur sur cet ordinateur (localhost)",
                       description="Sert l'application dans un navigateur de cet ordinateur (adresse locale "
                                   "seulement), pour projeter en salle ou sans terminal. L'adresse affichée au "
                                   "lancement porte un jeton d'accès, nouveau à chaque fois : sans lui, rien "
                                   "n'est servi.")
    p.add_argument("--port", type=int, default=8000, help="port local (défaut : 8000 ; 0 : un port libre)")
    p.add_argument("--hote", default="127.0.0.1",
                   help="adresse d'écoute (défaut : 127.0.0.1 ; seules 127.0.0.1, localhost et ::1 sont acceptées)")
    p.set_defaults(handler=cmd_web)


def run_app(args: argparse.Namespace) -> int:
    from assistant.ui.app import build_app
    from dialogues.store import DEFAULT_DECISIONS  # light: LangGraph loads only when a Store opens

    settings = settings_of(args)
    path = journal_path(args)
    checkpoints = settings.checkpoints_for(path)
    decisions = settings.decisions(DEFAULT_DECISIONS)

    load = catalog_loader(args)  # called in the app's loader thread, after the first screen
    from assistant.llm.config import load_llm_settings

    llm = load_llm_settings(settings, args)  # a refused address is said here, before the screen opens
    app = build_app(settings, load, path, checkpoints, decisions=decisions, llm=llm)
    quiet_traceback(app)
    app.run()
    return ended(app, settings.data_dir)


def quiet_traceback(app) -> None:
    """On an unhandled error Textual prints Python's traceback, with local variables, as it exits:
    keep it for the crash report instead (`ended`), so the person reads one French sentence.
    (Textual's private `_print_error_renderables`, `_exit_renderables` and `_exception`: pinned in
    requirements.lock, and tests/test_app_exit.py fails if they change.)"""
    printing = app._print_error_renderables

    def print_unless_crashed() -> None:
        if app._exception is None:
            printing()
        else:
            app._exit_renderables.clear()

    app._print_error_renderables = print_unless_crashed


def ended(app, folder: Path) -> int:
    """The exit code of a finished app: 0 after a normal exit; after an unhandled error, a French
    sentence on stderr (UserError) and the traceback kept in a file to join to a report."""
    error = app._exception
    if error is None:
        return app.return_code or 0
    report = crash_report(error, folder)
    where = (f" Le détail, à joindre pour signaler le problème : {report}." if report is not None
             else " Le détail n'a pas pu être enregistré.")
    raise UserError(f"l'application s'est arrêtée sur une erreur inattendue ({type(error).__name__} : {error}). "
                    f"Les réponses déjà données sont enregistrées dans le journal.{where}")


def crash_report(error: BaseException, folder: Path) -> Path | None:
    """Write the traceback to `folder/plantage-DATE.txt`, readable by its owner only (it may quote answers)."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = folder / f"plantage-{stamp}.txt"
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError:
        return None
    return target


def cmd_web(args: argparse.Namespace) -> int:
    from assistant.web.server import serve

    command = [sys.executable, "-m", "assistant.cli"]
    if getattr(args, "journal", None):
        command += ["--journal", args.journal]
    for d in getattr(args, "grilles", []) or []:
        command += ["--grilles", d]
    for option, value in (("--llm-url", args.llm_url), ("--llm-modele", args.llm_modele),
                          ("--llm-mode", args.llm_mode), ("--llm-delai", args.llm_delai)):
        if value:
            command += [option, str(value)]
    command += [flag for flag, on in (("--llm-distant", args.llm_distant), ("--sans-llm", args.sans_llm)) if on]
    return serve(shlex.join(command), args.hote, args.port)

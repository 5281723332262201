"""Starting the Textual app, in the terminal (`instruire`) or in a browser (`instruire web`)."""

from __future__ import annotations

import argparse
import shlex
import sys

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
    app.run()
    return app.return_code or 0  # 1 after a crash (Textual has shown it): never a silent success


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

"""Opening what a command needs (catalog, journal, checkpoints) from the settings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.config import Settings, load_settings
from assistant.errors import UserError


def settings_of(args: argparse.Namespace) -> Settings:
    settings = load_settings(getattr(args, "grilles", None))
    if getattr(args, "journal", None):
        settings.raw["journal"] = args.journal
    return settings


def journal_path(args: argparse.Namespace) -> Path:
    settings = settings_of(args)
    if getattr(args, "journal", None):
        return Path(args.journal).expanduser()
    return settings.journal_path


def catalog_of(args: argparse.Namespace, report_problems: bool = True):
    from grilles.catalog import load_catalog

    catalog = load_catalog(settings_of(args).grid_dirs)
    if report_problems and catalog.problems:
        print("Grilles personnelles écartées (les autres restent utilisables) :", file=sys.stderr)
        for p in catalog.problems:
            print("  " + p.render(), file=sys.stderr)
    return catalog


def open_store(args: argparse.Namespace):
    """The dialogue store: journal + checkpoints, with the organisation's decision list."""
    from dialogues.store import DEFAULT_DECISIONS, Store
    from journal.log import JournalError

    settings = settings_of(args)
    path = journal_path(args)
    try:
        return Store.open(path, settings.checkpoints_for(path), catalog_of(args),
                          decisions=settings.decisions(DEFAULT_DECISIONS))
    except JournalError as exc:
        raise UserError(str(exc)) from None

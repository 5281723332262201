"""Opening what a command needs (catalog, journal, checkpoints) from the settings."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import Settings, load_settings
from assistant.errors import UserError

if TYPE_CHECKING:
    from grilles.catalog import Catalog


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


def catalog_loader(args: argparse.Namespace) -> Callable[[], Catalog]:
    """The one way a command loads the grids: the bundled ones, then the user's folders (configuration,
    INSTRUIRE_GRILLES, --grilles). A function, so that the app can load them after its first screen."""
    grid_dirs = settings_of(args).grid_dirs

    def load() -> Catalog:
        from grilles.catalog import load_catalog

        return load_catalog(grid_dirs)

    return load


def catalog_of(args: argparse.Namespace, report_problems: bool = True) -> Catalog:
    """The grids, now; the personal grids left out are said on stderr (unless the command says them)."""
    catalog = catalog_loader(args)()
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


def command_group(sub, name: str, help_: str):
    """A command with actions of its own (`instruire journal verifier`): alone, it shows its help."""
    parser = sub.add_parser(name, help=help_)
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION", parser_class=type(parser))
    parser.set_defaults(handler=lambda args: (parser.print_help(), 0)[1])
    return actions

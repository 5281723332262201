"""`instruire journal …`: where it is, and whether its chain is intact."""

from __future__ import annotations

import argparse
import sys

from assistant.errors import UserError
from assistant.runtime import command_group, journal_path


def register(sub) -> None:
    jsub = command_group(sub, "journal", "vérifier le journal et afficher son emplacement")
    v = jsub.add_parser("verifier", help="vérifier la chaîne d'empreintes (modification, suppression, déplacement)",
                        description="Parcourt la chaîne d'empreintes du journal et nomme le premier événement "
                                    "modifié, supprimé ou déplacé. Code de sortie non nul dans ce cas.")
    v.add_argument("--rapport", metavar="FICHIER",
                   help="vérifier aussi que le journal contient toujours l'état sur lequel ce rapport a été établi "
                        "(son ancre : position et empreinte du dernier événement de l'instruction)")
    v.set_defaults(handler=cmd_verify)
    c = jsub.add_parser("chemin", help="afficher l'emplacement du journal")
    c.set_defaults(handler=lambda args: (print(journal_path(args)), 0)[1])


def cmd_verify(args: argparse.Namespace) -> int:
    from journal.log import Journal, JournalError
    from journal.verify import verify

    path = journal_path(args)
    if not path.exists():
        raise UserError(f"aucun journal à cet emplacement : {path}")
    if getattr(args, "rapport", None):
        return _verify_report(path, args.rapport)
    try:
        with Journal(path) as journal:
            verdict = verify(journal)
    except JournalError as exc:
        raise UserError(str(exc)) from None
    if verdict.ok:
        print(f"{path} : {verdict.message}")
        return 0
    print(f"{path} : chaîne rompue — {verdict.message}", file=sys.stderr)
    return 1


def _verify_report(path, report: str) -> int:
    from journal.anchor import AnchorError, check, read_anchor
    from journal.log import Journal, JournalError

    try:
        anchor = read_anchor(report)
        with Journal(path) as journal:
            verdict = check(journal, anchor)
    except (AnchorError, JournalError) as exc:
        raise UserError(str(exc)) from None
    stream = sys.stdout if verdict.ok else sys.stderr
    head = "rapport confirmé par le journal" if verdict.ok else "le journal ne confirme pas le rapport"
    print(f"{report} : {head}", file=stream)
    for message in verdict.messages:
        print(f"  – {message}", file=stream)
    return 0 if verdict.ok else 1

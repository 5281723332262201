"""`instruire rapport`, `comparer`: the documents a committee reads."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.cli_output import output_file
from assistant.errors import UserError
from assistant.runtime import catalog_of, journal_path
from grilles.system_errors import os_error_message


def register(sub) -> None:
    p = sub.add_parser("rapport", help="la fiche d'instruction d'une instruction (md, html, json, docx, odt, pdf)",
                       description="Écrit la fiche d'instruction, construite à partir du journal seul. "
                                   "Avec --points-ouverts : la liste d'actions en CSV ; avec --fournisseur : "
                                   "le questionnaire à joindre à une consultation.")
    p.add_argument("instruction", metavar="INSTRUCTION",
                   help="identifiant de l'instruction (voir « instruire instructions »)")
    p.add_argument("--format", default="html", choices=["md", "html", "json", "docx", "odt", "pdf"],
                   help="format du document (défaut : html ; pdf : par LibreOffice, s'il est installé)")
    p.add_argument("--sortie", metavar="FICHIER",
                   help="fichier à écrire (défaut : dans le dossier courant ; « - » : écran)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--points-ouverts", action="store_true",
                       help="les points ouverts en CSV (responsable, échéance)")
    group.add_argument("--fournisseur", action="store_true",
                       help="les questions à poser au fournisseur, en questionnaire (md, html, docx, odt)")
    p.add_argument("--excel", action="store_true", help="CSV pour un tableur réglé en français (« ; », BOM)")
    p.set_defaults(handler=cmd_report)

    c = sub.add_parser("comparer", help="ce qui a changé entre deux instructions, ou deux tours d'une instruction",
                       description="instruire comparer A B : deux instructions ; instruire comparer A --tours 1 2 : "
                                   "deux tours de la même instruction.")
    c.add_argument("a", metavar="A")
    c.add_argument("b", metavar="B", nargs="?")
    c.add_argument("--tours", nargs=2, type=int, metavar=("T1", "T2"))
    c.add_argument("--format", default="md", choices=["md", "html", "json", "docx", "odt", "pdf"],
                   help="format du document (défaut : md)")
    c.add_argument("--sortie", metavar="FICHIER", help="fichier à écrire (défaut : écran, en md, html ou json)")
    c.set_defaults(handler=cmd_compare)


def _journal(args):
    from journal.log import Journal, JournalError

    path = journal_path(args)
    if not path.exists():
        raise UserError(f"aucun journal à cet emplacement : {path}")
    try:
        return Journal(path)
    except JournalError as exc:
        raise UserError(str(exc)) from None


def cmd_report(args: argparse.Namespace) -> int:
    from assistant import exports
    from journal.report_model import ReportError

    if args.excel and not args.points_ouverts:  # never silently ignored
        raise UserError("--excel ne vaut que pour la liste des points ouverts en CSV : ajoutez --points-ouverts")
    catalog = catalog_of(args)
    with _journal(args) as journal:
        target = output_file(args.sortie)  # its folder made once the journal is found
        try:
            if args.sortie == "-":
                return _print_report(journal, args, catalog)
            if args.points_ouverts:
                path = exports.write_open_points(journal, args.instruction, catalog, target, excel=args.excel)
            elif args.fournisseur:
                if args.format == "json":
                    raise UserError("le questionnaire fournisseur s'écrit en md, html, docx ou odt")
                path = exports.write_supplier(journal, args.instruction, catalog, args.format, target)
            else:
                path = exports.write_report(journal, args.instruction, catalog, args.format, target)
        except ReportError as exc:
            raise UserError(str(exc)) from None
        except OSError as exc:
            raise UserError(f"écriture impossible : {os_error_message(exc)}") from None
    print(f"écrit : {path}")
    return 0


def _print_report(journal, args, catalog) -> int:
    from journal import csv_export, report_model, supplier
    from journal.verify import verify

    if args.points_ouverts:
        view, bundle = report_model.load(journal, args.instruction, catalog)
        sys.stdout.write(csv_export.open_points_csv(view, bundle, excel=args.excel, verdict=verify(journal)))
        return 0
    if args.fournisseur:  # only the supplier's questions: never the internal deliberation
        if args.format not in ("md", "html"):
            raise UserError("le questionnaire fournisseur s'affiche à l'écran en md ou html ; sinon --sortie FICHIER")
        view, bundle = report_model.load(journal, args.instruction, catalog)
        questionnaire = supplier.build_questionnaire(view, bundle, verdict=verify(journal))
        sys.stdout.write(supplier.export(questionnaire, args.format).decode("utf-8"))
        return 0
    if args.format not in ("md", "json", "html"):
        raise UserError("seuls md, json et html s'affichent à l'écran ; donnez --sortie FICHIER")
    sys.stdout.write(report_model.export(report_model.report_for(journal, args.instruction, catalog),
                                         args.format).decode("utf-8"))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from journal import compare, compare_layout, report_model
    from journal.report_model import ReportError
    from journal.verify import broken_notice, verify

    catalog = catalog_of(args)
    with _journal(args) as journal:
        try:
            if args.tours:
                if args.b:
                    raise UserError("avec --tours, une seule instruction")
                view, bundle = report_model.load(journal, args.a, catalog)
                diff = compare.rounds(view, bundle, *args.tours)
            else:
                if not args.b:
                    raise UserError("donnez deux instructions (A B), ou une instruction et --tours T1 T2")
                view_a, bundle_a = report_model.load(journal, args.a, catalog)
                view_b, bundle_b = report_model.load(journal, args.b, catalog)
                diff = compare.compare(view_a, view_b, bundle_a, bundle_b)
            diff["journal_altere"] = broken_notice(verify(journal))  # said at the top when broken
            data = compare_layout.export(diff, args.format)
        except ReportError as exc:
            raise UserError(str(exc)) from None
    if args.sortie:
        from journal.files import write_private

        write_private(output_file(args.sortie) or Path(args.sortie), data)
        print(f"écrit : {args.sortie}")
    elif args.format in ("md", "html", "json"):
        sys.stdout.write(data.decode("utf-8"))
    else:
        raise UserError("seuls md, json et html s'affichent à l'écran ; donnez --sortie FICHIER")
    return 0

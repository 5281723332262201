"""`instruire publier` and `instruire registre`: the public register of the organisation's AI uses.

Publishing is an act, recorded in the journal with who and when; what the answers do not give
is asked once then (or given as options) and kept in that event. `instruire registre` writes the
register: JSON and CSV with the Algorithmic Transparency Standard's names, and a static HTML page.
`instruire instructions` lists every instruction of the journal for the team (internal).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.cli_output import ensure_folder, output_file
from assistant.errors import UserError
from assistant.runtime import catalog_of, settings_of

OPTIONS = {  # option → attribute of the standard
    "objectif": "goal", "effets": "impact", "proportionnalite": "proportionality", "base_legale": "lawful_basis",
    "domaine": "domain", "revue": "revision_date", "description_courte": "description_short",
    "intervention_humaine": "human_intervention",
}


def register(sub) -> None:
    from journal.public_register import ASKED

    p = sub.add_parser("publier", help="publier une instruction décidée dans le registre public (un acte consigné)",
                       description="Inscrit l'instruction au registre public des usages de l'IA. Ce que les réponses "
                                   "ne disent pas est demandé une fois (ou donné en option) et consigné au journal. "
                                   "Un pré-examen ou une instruction sans décision ne se publie pas.")
    p.add_argument("instruction", metavar="INSTRUCTION")
    p.add_argument("--par", required=True, metavar="NOM", help="la personne qui publie (consignée au journal)")
    p.add_argument("--role", default="direction", metavar="ROLE", help="son rôle (défaut : direction)")
    for option, attribute in OPTIONS.items():
        p.add_argument(f"--{option.replace('_', '-')}", dest=option, metavar="TEXTE", help=ASKED[attribute])
    p.add_argument("--retirer", action="store_true", help="retirer l'instruction du registre (un acte consigné)")
    p.set_defaults(handler=cmd_publish)

    r = sub.add_parser("registre", help="le registre public des usages de l'IA (json, csv, html)",
                       description="Les instructions publiées (« instruire publier »), selon le standard de "
                                   "transparence algorithmique 0.3.1 : JSON et CSV avec les noms du standard, page "
                                   "HTML statique et accessible, sans script ni ressource externe.")
    r.add_argument("--format", default="html", choices=["json", "csv", "html"])
    r.add_argument("--sortie", metavar="FICHIER", help="fichier à écrire (défaut : écran)")
    r.add_argument("--dossier", metavar="DOSSIER", help="écrire registre.json, registre.csv et registre.html ici")
    r.set_defaults(handler=cmd_register)

    i = sub.add_parser("instructions", help="toutes les instructions du journal, pour l'équipe (csv, json)",
                       description="Chaque instruction : projet, service, stade, lignes rouges, dernière décision, "
                                   "avancement. Document interne : le registre public est « instruire registre ».")
    i.add_argument("--format", default="csv", choices=["csv", "json"])
    i.add_argument("--sortie", metavar="FICHIER", help="fichier à écrire (défaut : écran)")
    i.add_argument("--excel", action="store_true", help="CSV pour un tableur réglé en français")
    i.set_defaults(handler=cmd_list)


def _journal(args):
    from assistant.cmd_rapport import _journal as open_journal

    return open_journal(args)


def _org(args):
    from journal.public_register import Organisation

    name, contact = settings_of(args).organisation()
    return Organisation(name, contact)


def _ask(question: str) -> str:
    try:
        return input(f"{question} : ").strip()
    except EOFError:
        return ""


def cmd_publish(args: argparse.Namespace) -> int:
    from assistant import publication
    from journal.log import Actor

    catalog = catalog_of(args)
    actor = Actor(args.par.strip(), args.role.strip())
    if not actor.name:
        raise UserError("--par : le nom de la personne qui publie est attendu")
    with _journal(args) as journal:
        if args.retirer:
            title = publication.withdraw(journal, args.instruction, catalog, actor)
            print(f"« {title} » est retirée du registre public.")
            return 0
        from journal import public_register

        pending = publication.prepare(journal, args.instruction, catalog, _org(args))
        given = {OPTIONS[o]: getattr(args, o) for o in OPTIONS if getattr(args, o)}
        todo = pending.todo(publication.checked(given))
        if todo and sys.stdin.isatty():
            print(f"Publication de « {pending.title} » : {len(todo)} information(s) que les réponses ne donnent pas.")
            for attribute in todo:
                given[attribute] = _ask(public_register.ASKED[attribute])
        try:
            publication.record(journal, pending, given, actor)
        except publication.Missing as exc:  # said with the options that give them
            options = ", ".join(f"--{o.replace('_', '-')}" for o, a in OPTIONS.items() if a in exc.todo)
            raise UserError(f"« {pending.title} » : à donner pour publier ({options}) : "
                            + " ; ".join(public_register.ASKED[a] for a in exc.todo)) from None
    print(f"« {pending.title} » est publiée au registre public (consigné au journal).")
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    from journal import public_register
    from journal.files import write_private
    from journal.report_model import now_iso
    from journal.verify import broken_notice, verify

    catalog = catalog_of(args)
    with _journal(args) as journal:
        reg = public_register.build_register(journal, catalog, _org(args), now_iso(), broken_notice(verify(journal)))
    writers = {"json": public_register.to_json, "csv": public_register.to_csv, "html": public_register.to_html}
    if args.dossier:
        folder = ensure_folder(args.dossier)
        for fmt, write in writers.items():
            write_private(folder / f"registre.{fmt}", write(reg).encode("utf-8"))
        print(f"écrit : {folder}/registre.json, registre.csv, registre.html ({len(reg['registrations'])} usage(s))")
        return 0
    return emit(writers[args.format](reg), args.sortie, f"{len(reg['registrations'])} usage(s)")


def cmd_list(args: argparse.Namespace) -> int:
    from journal import registry
    from journal.verify import broken_notice, verify

    if args.excel and args.format != "csv":  # never silently ignored
        raise UserError("--excel ne vaut que pour le CSV : retirez --format json, ou --excel")
    catalog = catalog_of(args)
    with _journal(args) as journal:
        rows = registry.rows(journal, catalog)
        notice = broken_notice(verify(journal))
    text = registry.to_csv(rows, excel=args.excel, notice=notice) if args.format == "csv" \
        else registry.to_json(rows, notice=notice)
    return emit(text, args.sortie, f"{len(rows)} instruction(s)")


def emit(text: str, target: str | None, summary: str) -> int:
    """To the file asked for (owner only), or to the screen."""
    from journal.files import write_private

    if target:
        write_private(output_file(target) or Path(target), text.encode("utf-8"))
        print(f"écrit : {target} ({summary})")
    else:
        sys.stdout.write(text)
    return 0

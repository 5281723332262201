"""`instruire grilles …`: list, check, export the schema, draw the branching."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.config import load_settings
from assistant.errors import UserError
from assistant.runtime import catalog_of


def register(sub) -> None:
    grilles = sub.add_parser("grilles", help="lister, vérifier et documenter les grilles",
                             description="Les grilles d'instruction : fournies et personnelles.")
    gsub = grilles.add_subparsers(dest="action", title="actions", metavar="ACTION",
                                  parser_class=type(grilles))
    grilles.set_defaults(handler=lambda args: (grilles.print_help(), 0)[1])

    p = gsub.add_parser("liste", help="lister les grilles disponibles")
    p.set_defaults(handler=cmd_list)

    p = gsub.add_parser("verifier", help="vérifier des grilles (toutes les erreurs en une fois)",
                        description="Vérifie les grilles fournies et personnelles, ou les fichiers donnés. "
                                    "Chaque problème indique le fichier, la ligne et le champ. "
                                    "Code de sortie non nul s'il y a une erreur.")
    p.add_argument("fichiers", nargs="*", metavar="FICHIER", help="fichiers de grille à vérifier")
    p.set_defaults(handler=cmd_check)

    p = gsub.add_parser("schema", help="exporter le schéma JSON des grilles (complétion dans l'éditeur)")
    p.add_argument("--dossier", metavar="DOSSIER",
                   help="écrire grille.schema.json et glossaire.schema.json dans ce dossier "
                        "(sinon le schéma des grilles est affiché)")
    p.set_defaults(handler=cmd_schema)

    p = gsub.add_parser("schema-logique", help="dessiner les branchements d'une grille (Mermaid)")
    p.add_argument("grille", metavar="GRILLE", help="identifiant de la grille (ex. nantes)")
    p.set_defaults(handler=cmd_logic)


def _catalog(args):
    return catalog_of(args, report_problems=False)  # the commands here say the problems themselves


def _print_problems(problems) -> None:
    for p in problems:
        print(p.render(), file=sys.stderr)


def cmd_list(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    for grid_id, loaded in catalog.grids.items():
        g = loaded.grid
        count = sum(1 for _ in g.walk())
        origin = catalog.origin.get(grid_id, "")
        print(f"{grid_id:10} {g.title} — version {g.version}, {count} questions ({origin}) — {loaded.path}")
    if catalog.warnings:
        print("\nAvertissements (grilles utilisables, mais ceci leur manque) :", file=sys.stderr)
        _print_problems(catalog.warnings)
    if catalog.problems:
        print("\nGrilles écartées :", file=sys.stderr)
        _print_problems(catalog.problems)
        return 1
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from grilles.catalog import BUNDLED, glossary_files, grid_files
    from grilles.checks import check_files
    from grilles.problems import ERROR

    settings = load_settings(args.grilles)
    glossaries = glossary_files(BUNDLED)
    if args.fichiers:
        paths = [Path(f) for f in args.fichiers]
        companions = grid_files(BUNDLED) + [p for d in settings.grid_dirs if d.is_dir() for p in grid_files(d)]
    else:
        paths = grid_files(BUNDLED) + [p for d in settings.grid_dirs if d.is_dir() for p in grid_files(d)]
        companions = []
    report = check_files(paths, glossaries[0] if glossaries else None, companions)
    _print_problems(report.problems)
    errors = [p for p in report.problems if p.severity == ERROR]
    warnings = len(report.problems) - len(errors)
    if errors:
        print(f"{len(errors)} erreur(s), {warnings} avertissement(s) dans {len(paths)} fichier(s).", file=sys.stderr)
        return 1
    print(f"{len(paths)} grille(s) vérifiée(s) : aucune erreur"
          + (f", {warnings} avertissement(s)." if warnings else "."))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from grilles.jsonschema import GRID_SCHEMA_FILE, SCHEMAS

    if not args.dossier:
        sys.stdout.write(SCHEMAS[GRID_SCHEMA_FILE]())
        return 0
    target = Path(args.dossier)
    target.mkdir(parents=True, exist_ok=True)
    for name, make in SCHEMAS.items():
        (target / name).write_text(make(), encoding="utf-8")
        print(f"écrit : {target / name}")
    print("Première ligne à mettre dans chaque grille : # yaml-language-server: $schema=grille.schema.json")
    return 0


def cmd_logic(args: argparse.Namespace) -> int:
    from grilles.bundle import build_or_raise
    from grilles.mermaid import diagram

    catalog = _catalog(args)
    try:
        selection = catalog.selection([args.grille])
    except KeyError as exc:
        raise UserError(str(exc.args[0])) from None
    sys.stdout.write(diagram(build_or_raise(selection), args.grille))
    return 0

"""`instruire fournisseur exporter | importer`: the questionnaire goes out to the supplier and comes back.

The export is a form (XLSX, ODS or DOCX) of the questions the supplier can answer. The import
checks every cell first (nothing is recorded if one is wrong), then records each answer as
given by the supplier, which resolves the open points it answers; an answer that contradicts
the team's is listed for the team to settle (and kept as a note), never recorded over it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.cli_output import output_file
from assistant.errors import UserError
from assistant.runtime import catalog_of, command_group, journal_path, open_store


def register(sub) -> None:
    fsub = command_group(sub, "fournisseur", "le questionnaire au fournisseur : l'exporter, puis importer ses réponses")
    e = fsub.add_parser("exporter", help="écrire le questionnaire à remplir (xlsx, ods, docx)",
                        description="Écrit les questions auxquelles le fournisseur peut répondre (ses points ouverts ; "
                                    "tant qu'aucun fournisseur n'est choisi, les questions techniques des grilles), "
                                    "une par ligne, avec les réponses possibles en liste, une colonne « Réponse » et "
                                    "une colonne « Commentaire » ; le reste est protégé.")
    e.add_argument("instruction", metavar="INSTRUCTION")
    e.add_argument("--format", default="xlsx", choices=["xlsx", "ods", "docx"])
    e.add_argument("--sortie", metavar="FICHIER", help="fichier à écrire (défaut : dans le dossier courant)")
    e.set_defaults(handler=cmd_export)
    i = fsub.add_parser("importer", help="enregistrer les réponses d'un questionnaire rempli par le fournisseur",
                        description="Vérifie chaque cellule (rien n'est enregistré si l'une est fausse), puis "
                                    "enregistre chaque réponse comme donnée par le fournisseur ; une réponse qui "
                                    "contredit celle de l'équipe est listée, jamais enregistrée à sa place.")
    i.add_argument("instruction", metavar="INSTRUCTION")
    i.add_argument("fichier", metavar="FICHIER")
    i.set_defaults(handler=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    from assistant import exports
    from journal.log import Journal, JournalError
    from journal.report_model import ReportError

    path = journal_path(args)
    if not path.exists():
        raise UserError(f"aucun journal à cet emplacement : {path}")
    try:
        with Journal(path) as journal:
            target = output_file(args.sortie)
            written = exports.write_supplier(journal, args.instruction, catalog_of(args), args.format, target,
                                             form=True)
    except (ReportError, JournalError) as exc:
        raise UserError(str(exc)) from None
    print(f"écrit : {written}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        lines = import_form(store, args.instruction, Path(args.fichier))
    finally:
        store.close()
    print("\n".join(lines))
    return 0


def record_supplier_answers(store, instruction: str, form, todo, file_name: str) -> None:
    """The one place the import acts on the dialogue: the supplier joins, each answer is recorded
    as given by them (resolving its open point), each contradiction is kept as a note."""
    from journal.log import Actor

    session = store.resume(instruction)
    supplier = Actor(f"{form.person} ({form.company})", "fournisseur")
    if todo.record or todo.contradictions or todo.comments:
        session.join(supplier, supplier)
    for item in todo.record:
        answer = item.answer
        value = answer.kind if answer.kind != "valeur" else (list(answer.value) if isinstance(answer.value, tuple)
                                                             else answer.value)
        session.answer(item.question, value, supplier, justification=answer.justification,
                       note=item.comment or None)
    for item, team in todo.contradictions:
        comment = f". Commentaire : {item.comment}" if item.comment else ""
        session.add_note(item.question, f"Réponse du fournisseur, différente de celle de l'équipe (« {team} ») : "
                                        f"« {item.given} »{comment}. À trancher par l'équipe.", supplier)
    for item in todo.comments:
        session.add_note(item.question, f"Commentaire du fournisseur : {item.comment}", supplier)
    if todo.record or todo.contradictions or todo.comments:
        session.add_note(None, f"Questionnaire fournisseur importé ({file_name}) : {len(todo.record)} réponse(s) "
                               f"enregistrée(s), {len(todo.contradictions)} à trancher.", supplier)


def import_summary(form, todo, bundle) -> list[str]:
    """What an import recorded, in French: for the command line and the app alike."""
    from journal.report_layout import quoted
    from journal.report_model import question_ref

    def ref(item) -> str:
        return quoted(question_ref(item.question, bundle))

    lines = [f"Réponses de {form.person} ({form.company}) :" if form.answers else "Aucune réponse dans ce fichier.",
             f"  {len(todo.record)} réponse(s) enregistrée(s) au journal, comme données par le fournisseur"]
    if todo.same:
        lines.append(f"  {len(todo.same)} réponse(s) identique(s) à celle de l'équipe (rien à enregistrer)")
    if todo.contradictions:
        lines.append(f"  {len(todo.contradictions)} réponse(s) différente(s) de celle de l'équipe, à trancher par "
                     "l'équipe (gardées en note, la réponse de l'équipe reste en vigueur) :")
        for item, team in todo.contradictions:
            lines.append(f"    – {ref(item)} : équipe « {team} », fournisseur « {item.given} »")
    for item, why in todo.moot:
        lines.append(f"  non enregistrée, sans objet : {ref(item)} ({why})")
    return lines


def import_form(store, instruction: str, path: Path) -> list[str]:
    """Checked whole first (nothing recorded if one cell is wrong), then recorded: the summary."""
    from journal import report_model
    from journal.supplier_import import FormError, plan, read_form

    try:
        view, bundle = report_model.load(store.journal, instruction, store.catalog)
        form = read_form(path, instruction, bundle)
    except (report_model.ReportError, FormError) as exc:
        raise UserError(str(exc)) from None
    todo = plan(view, bundle, form)
    record_supplier_answers(store, instruction, form, todo, Path(path).name)
    return import_summary(form, todo, bundle)

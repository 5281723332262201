"""`instruire jouer`: an instruction from an answers file, headless: a new one, or one continued."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.cli_hints import choice_hint
from assistant.cli_output import output_file
from assistant.errors import UserError
from assistant.runtime import open_store
from grilles.system_errors import os_error_text


def register(sub) -> None:
    p = sub.add_parser("jouer", help="jouer une instruction sans interface, depuis un fichier de réponses",
                       description="Joue une instruction depuis un fichier de réponses (clés : identifiants de "
                                   "question) et écrit le résultat en JSON. Une réponse manquante laisse "
                                   "l'instruction en pause ; le résultat liste alors la suite. Avec "
                                   "--instruction, poursuit une instruction existante (la part d'un expert, "
                                   "par exemple), même pendant que l'équipe y répond.")
    p.add_argument("--reponses", required=True, metavar="FICHIER", help="fichier YAML des réponses")
    p.add_argument("--instruction", metavar="INSTRUCTION",
                   help="poursuivre cette instruction (voir « instruire registre ») au lieu d'en ouvrir une")
    p.add_argument("--grille", action="append", metavar="GRILLE",
                   help="grille à instruire (répétable ; sinon celles du fichier)")
    p.add_argument("--sortie", metavar="FICHIER", help="écrire le résultat JSON dans ce fichier (sinon : écran)")
    p.set_defaults(handler=cmd_play)


def cmd_play(args: argparse.Namespace) -> int:
    from dialogues.errors import DialogueError
    from dialogues.play import AnswersFileError, play, read_answers_file
    from journal.log import JournalError

    path = Path(args.reponses)
    if not path.is_file():
        raise UserError(f"fichier de réponses introuvable : {path}")
    grids = [g for item in (args.grille or []) for g in item.split(",") if g]
    if grids and args.instruction:
        raise UserError("avec --instruction, les grilles sont celles de l'instruction : retirez --grille")
    if args.sortie:  # fail before playing: a result that cannot be written must not leave an instruction behind
        output_file(args.sortie)
        try:
            Path(args.sortie).open("a", encoding="utf-8").close()
        except OSError as exc:
            raise UserError(f"impossible d'écrire le résultat dans {args.sortie} : {os_error_text(exc)}") from None
    store = open_store(args)
    try:
        for notice in store.take_notices():  # a damaged checkpoint file, set aside and rebuilt
            print(f"instruire : {notice}", file=sys.stderr)
        _check_grids(grids, store)  # one clear error: the file's criteria would all seem wrong otherwise
        session = store.resume(args.instruction) if args.instruction else None
        plan = read_answers_file(path, store, grids or None, session=session)
        session, result = play(store, plan, session=session)
        for notice in store.take_notices():  # the checkpoints could not follow (a full disk): said, not fatal
            print(f"instruire : {notice}", file=sys.stderr)
    except AnswersFileError as exc:
        for p in exc.problems:
            print(p.render(), file=sys.stderr)
        raise UserError(f"{len(exc.problems)} problème(s) dans {path} ; rien n'a été joué") from None
    except DialogueError as exc:
        raise UserError(str(exc)) from None
    except JournalError as exc:
        raise UserError(str(exc)) from None
    finally:
        store.close()
    text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    if args.sortie:
        Path(args.sortie).write_text(text, encoding="utf-8")
        print(f"« {result['titre']} » (instruction {result['instruction']}) : {result['statut_libelle']} — résultat "
              f"écrit dans {args.sortie}")
    else:
        sys.stdout.write(text)
    return 0


def _check_grids(grids: list[str], store) -> None:
    known = sorted(store.catalog.grids)
    for grid in grids:
        if grid not in store.catalog.grids:
            raise UserError(f"--grille : {choice_hint(grid, known)} ; rien n'a été joué")

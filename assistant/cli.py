"""The `instruire` command line, in French.

Kept light: nothing heavy (LangGraph, Textual) is imported until a command needs it.
Errors are printed as French messages, never as tracebacks, with a non-zero exit code.
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable, Sequence

from assistant.config import ConfigError
from assistant.errors import EXIT_PROBLEMS, EXIT_USAGE, UserError


class _FrenchFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "Utilisation : " if prefix is None else prefix)


class FrenchParser(argparse.ArgumentParser):
    """argparse speaks English by default; users of instruire read French."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _FrenchFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--aide", action="help", help="afficher cette aide et quitter")
        self._positionals.title = "arguments"
        self._optionals.title = "options"

    def error(self, message: str):  # type: ignore[override]
        translations = {
            "the following arguments are required": "arguments obligatoires manquants",
            "unrecognized arguments": "arguments non reconnus",
            "invalid choice": "choix invalide",
            "expected one argument": "une valeur est attendue",
            "argument ": "argument ",
        }
        for en, fr in translations.items():
            message = message.replace(en, fr)
        message = message.replace("(choose from", "(choix possibles :")
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog} : erreur : {message}\n")


def build_parser() -> FrenchParser:
    from assistant import cmd_app, cmd_grilles, cmd_jouer, cmd_journal, cmd_llm, cmd_rapport
    from assistant.llm.config import add_options

    parser = FrenchParser(
        prog="instruire",
        description="Assistant pour instruire un cas d'usage de l'IA avec les grilles publiques "
                    "(boussole de Nantes, radar et girouet de Data Publica, cadre de Tours).",
    )
    parser.add_argument("--grilles", action="append", metavar="DOSSIER", default=[],
                        help="dossier de grilles supplémentaires (option répétable)")
    parser.add_argument("--journal", metavar="FICHIER",
                        help="fichier du journal (par défaut : journal.sqlite dans le dossier de données)")
    add_options(parser)  # for the conversation (`instruire` alone)
    sub = parser.add_subparsers(dest="commande", title="commandes", metavar="COMMANDE",
                                parser_class=FrenchParser)
    cmd_grilles.register(sub)
    cmd_jouer.register(sub)
    cmd_rapport.register(sub)
    cmd_journal.register(sub)
    cmd_llm.register(sub)
    cmd_app.register(sub)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:  # no command: the conversation itself
        from assistant.cmd_app import run_app

        return run_app(args)
    return handler(args)


def main(argv: Sequence[str] | None = None) -> None:
    try:
        code = run(argv)
    except UserError as exc:
        print(f"instruire : {exc}", file=sys.stderr)
        code = exc.code
    except ConfigError as exc:
        print(f"instruire : {exc}", file=sys.stderr)
        code = EXIT_PROBLEMS
    except OSError as exc:  # a file that cannot be written or read: said in French, never a traceback
        from grilles.system_errors import os_error_message

        print(f"instruire : fichier inaccessible : {os_error_message(exc)}", file=sys.stderr)
        code = EXIT_PROBLEMS
    except Exception as exc:  # the last resort: French, with what to report
        from journal.log import JournalError

        if isinstance(exc, JournalError):
            print(f"instruire : {exc}", file=sys.stderr)
        else:
            print(f"instruire : erreur inattendue ({type(exc).__name__} : {exc}). Les réponses déjà données "
                  "sont enregistrées dans le journal ; merci de signaler ce problème.", file=sys.stderr)
        code = EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("\ninstruire : interrompu ; les réponses déjà données sont enregistrées.", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        code = 0
    sys.exit(code)


if __name__ == "__main__":
    main()

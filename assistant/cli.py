"""The `instruire` command line, in French.

Kept light: nothing heavy (LangGraph, Textual) is imported until a command needs it.
Errors are printed as French messages, never as tracebacks, with a non-zero exit code.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence

from assistant.cli_hints import choice_hint, innermost, option_hint, own_unknown_options
from assistant.config import ConfigError
from assistant.errors import EXIT_PROBLEMS, EXIT_USAGE, UserError


class _FrenchFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "Utilisation : " if prefix is None else prefix)


class FrenchParser(argparse.ArgumentParser):
    """argparse speaks English by default; users of instruire read French, and are told what a typo
    meant (assistant.cli_hints)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _FrenchFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--aide", action="help", help="afficher cette aide et quitter")
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.given: list[str] = []  # the arguments this parser was last given: where a typo is found
        self.root: FrenchParser = self  # the top parser, which holds the common options

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        self.given = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(self.given, namespace)

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog} : erreur : {self.explain(message)}\n")

    def explain(self, message: str) -> str:
        """argparse's English message as the cause, in French, with the likely fix."""
        unknown = own_unknown_options(self, self.given)
        if unknown:  # whatever symptom argparse reports (a "missing" option, a "wrong" command)
            return option_hint(unknown[0], self, self.root)
        extra = re.fullmatch(r"unrecognized arguments: (.*)", message)
        if extra:  # the command's parser returned what it did not know
            options = [t for t in extra.group(1).split() if t.startswith("-")]
            if options:
                return option_hint(options[0], innermost(self, self.given), self)
            return f"argument(s) en trop : {extra.group(1)}"
        choice = re.fullmatch(r"argument (.+?): invalid choice: (.*?) \(choose from .*\)", message)
        if choice:
            action = next((a for a in self._actions if argparse._get_action_name(a) == choice.group(1)), None)
            if action is not None and action.choices:
                return f"{choice.group(1)} : {choice_hint(choice.group(2).strip(chr(39)), list(action.choices))}"
        for english, french in _TRANSLATIONS:
            message = re.sub(english, french, message)
        return message


_TRANSLATIONS = (
    (r"the following arguments are required: ", "arguments obligatoires manquants : "),
    (r"invalid int value: '(.*)'", r"« \1 » n'est pas un nombre entier"),
    (r"invalid float value: '(.*)'", r"« \1 » n'est pas un nombre"),
    (r"invalid choice: '?(.*?)'? \(choose from (.*)\)", r"choix « \1 » invalide (choix possibles : \2)"),
    (r"ambiguous option: (\S+) could match (.*)", r"option « \1 » ambiguë : \2 ?"),
    (r"expected at least one argument", "au moins une valeur est attendue"),
    (r"expected one argument", "une valeur est attendue"),
    (r"expected (\d+) arguments", r"\1 valeurs sont attendues"),
    (r"not allowed with argument", "incompatible avec l'option"),
    (r"ignored explicit argument '(.*)'", r"valeur « \1 » inattendue"),
    (r"^argument (.+?): ", r"argument \1 : "),
)


def build_parser() -> FrenchParser:
    from assistant import (
        cmd_app,
        cmd_fournisseur,
        cmd_grilles,
        cmd_jouer,
        cmd_journal,
        cmd_llm,
        cmd_rapport,
        cmd_registre,
    )
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
    cmd_fournisseur.register(sub)
    cmd_registre.register(sub)
    cmd_journal.register(sub)
    cmd_llm.register(sub)
    cmd_app.register(sub)
    _share_root(parser, parser)
    return parser


def _share_root(parser: argparse.ArgumentParser, root: FrenchParser) -> None:
    """Every subparser knows the top one: an option given after the command is recognised as common."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                sub.root = root
                _share_root(sub, root)


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

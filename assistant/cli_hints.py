"""What a mistyped command line meant: « vouliez-vous dire --reponses ? ».

argparse reports the symptom of a typo, often a misleading one: `jouer --reponsse F` says
that --reponses is missing, `--journl F registre` that « F » is not a command. These helpers
find the cause in the arguments a parser was given (an option it does not know) and the
closest word it does know (difflib), so that the message names the typo and its fix.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from grilles.problems import close_to


def options_of(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return dict(parser._option_string_actions)


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _takes_value(action: argparse.Action) -> bool:
    return action.nargs != 0


def _known(parser: argparse.ArgumentParser, token: str) -> argparse.Action | None:
    """The option `token` names in `parser` (whole, `--x=v`, or an unambiguous prefix, as argparse allows)."""
    name = token.split("=", 1)[0]
    options = options_of(parser)
    if name in options:
        return options[name]
    if parser.allow_abbrev and name.startswith("--"):
        matches = [o for o in options if o.startswith(name)]
        if len(matches) == 1:
            return options[matches[0]]
    return None


def own_unknown_options(parser: argparse.ArgumentParser, args: Sequence[str]) -> list[str]:
    """The options among `args` that `parser` itself does not know (a command's own arguments,
    after its name, are its subparser's business)."""
    unknown = []
    commands = _commands(parser)
    skip = False
    for token in args:
        if skip:
            skip = False
            continue
        if token == "--":
            break
        if token.startswith("-") and len(token) > 1 and not _is_number(token):
            action = _known(parser, token)
            if action is None:
                unknown.append(token)
            elif _takes_value(action) and "=" not in token:
                skip = True
        elif commands:
            break  # the command: what follows is its own
    return unknown


def innermost(parser: argparse.ArgumentParser, args: Sequence[str]) -> argparse.ArgumentParser:
    """The (sub)parser the arguments lead to: `jouer …` leads to jouer's, `journal verifier` to verifier's."""
    skip = False
    for i, token in enumerate(args):
        if skip:
            skip = False
            continue
        if token.startswith("-"):
            action = _known(parser, token)
            skip = action is not None and _takes_value(action) and "=" not in token
            continue
        sub = _commands(parser).get(token)
        return innermost(sub, args[i + 1:]) if sub is not None else parser
    return parser


def option_hint(token: str, parser: argparse.ArgumentParser, top: argparse.ArgumentParser | None = None) -> str:
    """« option inconnue « --reponsse » ; vouliez-vous dire --reponses ? »"""
    name = token.split("=", 1)[0]
    text = f"option inconnue « {name} »"
    if top is not None and top is not parser and _known(top, name) is not None:
        return (f"{text} pour cette commande : {name} est une option commune, à placer avant la commande "
                f"(instruire {name} … COMMANDE)")
    meant = close_to(name, [o for o in options_of(parser) if o.startswith("--")])
    return f"{text} ; vouliez-vous dire {meant} ?" if meant else f"{text} (voir --aide)"


def choice_hint(value: str, choices: Sequence[str]) -> str:
    meant = close_to(value, choices)
    listed = ", ".join(choices)
    return (f"« {value} » n'existe pas ; vouliez-vous dire « {meant} » ? (choix : {listed})" if meant
            else f"« {value} » n'existe pas (choix : {listed})")


def _is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


__all__ = ["choice_hint", "innermost", "option_hint", "own_unknown_options"]

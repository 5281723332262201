"""A mistyped command line is told its typo and the likely fix, in one French sentence."""

from pathlib import Path

import pytest
from test_cli import instruire

from assistant import cli


def said(capsys, *argv) -> tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        cli.main(list(argv))
    return info.value.code, capsys.readouterr().err.strip().splitlines()[-1]


@pytest.mark.parametrize("argv, expected", [
    (["jouerr"], "COMMANDE : « jouerr » n'existe pas ; vouliez-vous dire « jouer » ?"),
    (["grilles", "list"], "vouliez-vous dire « liste » ?"),
    (["journal", "verifer"], "vouliez-vous dire « verifier » ?"),
    (["registre", "--format", "cvs"], "--format : « cvs » n'existe pas ; vouliez-vous dire « csv » ?"),
    # argparse would say that --reponses is missing: the cause is the typo
    (["jouer", "--reponsse", "r.yaml"], "option inconnue « --reponsse » ; vouliez-vous dire --reponses ?"),
    # argparse would say that « j.sqlite » is not a command
    (["--journl", "j.sqlite", "registre"], "option inconnue « --journl » ; vouliez-vous dire --journal ?"),
    (["registre", "--formt", "csv"], "option inconnue « --formt » ; vouliez-vous dire --format ?"),
    (["registre", "--journal", "j.sqlite"], "--journal est une option commune, à placer avant la commande"),
    (["web", "--port", "huit"], "argument --port : « huit » n'est pas un nombre entier"),
    (["comparer", "a", "--tours", "1"], "argument --tours : 2 valeurs sont attendues"),
])
def test_a_typo_is_named_with_its_fix(capsys, argv, expected):
    code, line = said(capsys, *argv)
    assert code == 2
    assert expected in line
    assert line.startswith("instruire") and "invalid" not in line and "unrecognized" not in line


def test_a_word_far_from_any_command_lists_them(capsys):
    code, line = said(capsys, "xyzzy")
    assert code == 2 and "vouliez-vous dire" not in line
    assert "« xyzzy » n'existe pas (choix : grilles, jouer, rapport" in line


def test_a_wrong_grid_for_jouer_is_one_clear_error(tmp_path):
    example = Path(__file__).resolve().parents[1] / "dialogues" / "exemples" / "chatbot-rh.yaml"
    r = instruire("--journal", str(tmp_path / "j.sqlite"), "jouer", "--reponses", str(example), "--grille", "nante")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr  # not the file's opinions on Nantes' criteria, all « unknown »
    assert "--grille : « nante » n'existe pas ; vouliez-vous dire « nantes » ?" in lines[0]
    assert "rien n'a été joué" in lines[0]

"""The configuration file: a mistake in config.toml is told in French, with the file, the line and
the field, and the command stops cleanly (no traceback, nothing recorded)."""

import os
import subprocess
import sys

import pytest

from assistant.config import ConfigError, load_settings


def settings_from(tmp_path, monkeypatch, text: str | bytes):
    path = tmp_path / "config.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    monkeypatch.setenv("INSTRUIRE_CONFIG", str(path))
    return path


@pytest.mark.parametrize("text,where,words", [
    ('grilles = ["a"]\n[organisation]\nnom "Ville"\n', ":3:5: [organisation.nom]", "« = » attendu après le nom"),
    ("donnees = /tmp/x\n", ":1:11: [donnees]", "un texte s'écrit entre guillemets"),
    ('[organisation\nnom = "x"\n', ":1:14: [organisation]", "« ] » attendu"),
    ('titre = "sans fin\n', ":1:18: [titre]", "texte non fermé avant la fin de la ligne"),
    ("grilles = [1, 2\n", " (fin du fichier): [grilles]", "liste non fermée"),
    ('[decisions]\nfavorable = "A"\nfavorable = "B"\n', ":3:", "a déjà une valeur plus haut"),
], ids=["egal_manquant", "guillemets", "table", "texte_non_ferme", "liste", "doublon"])
def test_a_toml_mistake_is_told_in_french_with_line_and_field(tmp_path, monkeypatch, text, where, words):
    path = settings_from(tmp_path, monkeypatch, text)
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert message.startswith(f"{path}{where}") and words in message, message
    assert "at line" not in message and "Expected" not in message  # nothing of the reader's English


@pytest.mark.parametrize("text,where,words", [
    ("grilles = 3\n", ":1: [grilles]", "une liste de dossiers"),
    ("journal = 5\n", ":1: [journal]", "un chemin entre guillemets"),
    ('[organisation]\ncontact = "a@b.fr"\nnom = 3\n', ":3: [organisation.nom]", "un texte entre guillemets"),
    ("[decisions]\nfavorable = 1\n", ":1: [decisions]", "associer des codes à des libellés"),
], ids=["grilles", "journal", "organisation", "decisions"])
def test_a_wrong_value_names_its_line_and_field(tmp_path, monkeypatch, text, where, words):
    path = settings_from(tmp_path, monkeypatch, text)
    with pytest.raises(ConfigError) as info:
        settings = load_settings()
        settings.organisation()
        settings.decisions({})
    assert str(info.value).startswith(f"{path}{where}") and words in str(info.value), str(info.value)


def test_a_file_not_in_utf8_says_so(tmp_path, monkeypatch):
    path = settings_from(tmp_path, monkeypatch, b'nom = "Ville de S\xe8te"\n')
    with pytest.raises(ConfigError, match="n'est pas en UTF-8 .octet 18"):
        load_settings()
    assert path.exists()


def test_the_command_line_stops_on_it_without_a_traceback(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[organisation]\nnom = Ville\n", encoding="utf-8")
    env = {**os.environ, "INSTRUIRE_CONFIG": str(config)}
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "--journal", str(tmp_path / "j.sqlite"),
                           "instructions"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert f"{config}:2:7: [organisation.nom] valeur illisible" in done.stderr
    assert not (tmp_path / "j.sqlite").exists()  # nothing opened, nothing recorded

"""What the operating system refuses reaches people in French, never in the C library's English."""

import errno
import os

from test_cli import instruire

from grilles.system_errors import errno_text, os_error_message


def test_no_error_number_is_said_in_english():
    for number in errno.errorcode:
        text = errno_text(number)
        assert os.strerror(number) not in text, number
        assert text and text[0].islower()  # it follows « écriture impossible : »


def test_the_causes_people_meet_have_their_own_sentence():
    assert errno_text(errno.ENOENT) == "fichier ou dossier introuvable"
    assert errno_text(errno.ENOSPC) == "disque plein"
    assert errno_text(errno.EROFS) == "disque ou dossier en lecture seule"
    assert errno_text(errno.EACCES) == "permission refusée"
    assert os_error_message(FileNotFoundError(errno.ENOENT, "No such file or directory", "/x/r.json")) \
        == "fichier ou dossier introuvable (/x/r.json)"
    assert os_error_message(OSError("un message déjà en français")) == "un message déjà en français"


def test_commands_say_system_errors_in_french(tmp_path):
    not_a_folder = tmp_path / "fichier"
    not_a_folder.write_text("x", encoding="utf-8")
    r = instruire("grilles", "verifier", str(not_a_folder / "grille.yaml"))
    assert r.returncode == 1 and "Not a directory" not in r.stderr
    assert "lecture impossible : un élément du chemin n'est pas un dossier" in r.stderr
    r = instruire("grilles", "schema", "--dossier", str(not_a_folder / "schemas"))
    assert r.returncode == 1 and "Traceback" not in r.stderr and "Not a directory" not in r.stderr
    assert "un élément du chemin n'est pas un dossier" in r.stderr
    example = os.path.join(os.path.dirname(__file__), "..", "dialogues", "exemples", "chatbot-rh.yaml")
    r = instruire("--journal", str(tmp_path / "j.sqlite"), "jouer", "--reponses", example,
                  "--sortie", str(not_a_folder / "r.json"))
    assert r.returncode == 1 and "Not a directory" not in r.stderr and "Traceback" not in r.stderr
    assert "impossible d'écrire dans" in r.stderr and "ce n'est pas un dossier" in r.stderr
    # a folder that does not exist yet is created, and said (assistant/cli_output.py)
    r = instruire("--journal", str(tmp_path / "j2.sqlite"), "jouer", "--reponses", example,
                  "--sortie", str(tmp_path / "absent" / "r.json"))
    assert r.returncode == 0 and "dossier créé" in r.stderr and (tmp_path / "absent" / "r.json").exists()

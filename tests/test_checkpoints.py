"""The checkpoint file is a cache of the journal: a damaged one never blocks work.

Overwritten, truncated or replaced by a folder, it is set aside under another name (kept for
inspection), rebuilt from the journal, and the person is told in one French sentence.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from dialogue_helpers import ALICE, new_store, play_until

ROOT = Path(__file__).resolve().parents[1]


def waiting_at(tmp_path, catalog, question="profil.hebergement") -> str:
    store = new_store(tmp_path, catalog)
    session = store.start("Reprise", ALICE, ["nantes"])
    play_until(session, stop=lambda t: t.question.id == question)
    store.close()
    return session.id


def damage(path: Path, how: str) -> None:
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)
    if how == "ecrase":
        path.write_bytes(b"ceci n'est pas une base SQLite\n" * 200)
    elif how == "tronque":
        data = path.read_bytes()
        assert len(data) > 3 * 4096, "a file of several pages, so that cutting it loses some"
        path.write_bytes(data[: len(data) // 2 + 100])
    else:  # a folder where the file was
        path.unlink()
        path.mkdir()
        (path / "quelque-chose").write_text("x")


@pytest.mark.parametrize("how", ["ecrase", "tronque", "dossier"])
def test_a_damaged_checkpoint_file_is_set_aside_and_rebuilt_from_the_journal(tmp_path, catalog, how):
    instruction = waiting_at(tmp_path, catalog)
    damage(tmp_path / "reprises.sqlite", how)
    store = new_store(tmp_path, catalog)  # opens, instead of failing with "file is not a database"
    [notice] = store.take_notices()
    assert "mis de côté" in notice and "reconstruit depuis le journal" in notice and "Traceback" not in notice
    kept = list(tmp_path.glob("reprises.sqlite.abime-*"))
    assert len(kept) == 1 and kept[0].name in notice  # kept for inspection, and named
    assert store.resume(instruction).turn().question.id == "profil.hebergement"
    assert store.take_notices() == []  # said once
    store.close()
    assert (tmp_path / "reprises.sqlite").is_file()


def test_a_checkpoint_file_found_damaged_while_in_use_is_set_aside_too(tmp_path, catalog, monkeypatch):
    """SQLite may only find the damage when it reads a page: the same recovery, mid-session."""
    import sqlite3

    instruction = waiting_at(tmp_path, catalog)
    store = new_store(tmp_path, catalog)
    session = store.resume(instruction)
    store.forget(instruction)  # the next use must read the file
    graph = store.checkpoints.graph
    real = graph.get_state

    def unreadable(config):
        monkeypatch.setattr(graph, "get_state", real)
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(graph, "get_state", unreadable)
    assert session.turn().question.id == "profil.hebergement"
    [notice] = store.take_notices()
    assert "mis de côté" in notice and "fichier endommagé" in notice
    assert store.checkpoints.graph is not graph  # a fresh file, rebuilt from the journal
    session.answer("profil.hebergement", "france", ALICE)
    assert session.turn().question.id == "profil.garantie_confidentialite"
    store.close()


def test_jouer_plays_on_despite_a_damaged_checkpoint_file_and_says_so(tmp_path):
    answers = tmp_path / "r.yaml"
    answers.write_text("projet: {titre: Courriers}\nparticipants: [{nom: Alice Martin, role: metier}]\n"
                       "grilles: [tours]\nreponses: {profil.type_ia: [generative]}\n", encoding="utf-8")
    env = {**os.environ, "INSTRUIRE_CONFIG": "/nonexistent"}
    cmd = [sys.executable, "-m", "assistant.cli", "--journal", str(tmp_path / "j.sqlite"), "jouer",
           "--reponses", str(answers)]
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert first.returncode == 0, first.stderr
    damage(tmp_path / "j-reprises.sqlite", "ecrase")
    again = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["statut"] == "en_pause"
    assert "mis de côté" in again.stderr and "Traceback" not in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1  # one sentence

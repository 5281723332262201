"""The journal: append-only events, a hash chain that names tampering, concurrent writers."""

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from journal import kinds
from journal.log import Actor, Journal, JournalError
from journal.verify import verify
from journal.view import build

WRITER = Path(__file__).parent / "journal_writer.py"
ALICE = Actor("Alice", "metier")

PAYLOADS = {
    kinds.OPENED: {"title": "P", "grids": ["profil"], "grid_versions": {"profil": "1.0@abc"}},
    kinds.PARTICIPANT: {"name": "Bob", "role": "securite"},
    kinds.SHOWN: {"question": "profil.stade", "text": "À quel stade ?", "rephrased": False},
    kinds.ANSWERED: {"question": "profil.stade", "answer": {"kind": "valeur", "value": "idee"}},
    kinds.CHANGED: {"question": "profil.stade", "answer": {"kind": "valeur", "value": "achat"},
                    "previous": {"kind": "valeur", "value": "idee"}},
    kinds.SKIPPED: {"question": "nantes.q16", "condition": "c", "owner": "nantes.c4_apres", "causes": [],
                    "message": "sans objet"},
    kinds.RESTORED: {"question": "nantes.q16"},
    kinds.RED_LINE: {"rule": "biometrie", "severity": "ligne_rouge", "title": "T", "message": "M",
                     "source": {"document": "D"}, "causes": []},
    kinds.WARNING: {"rule": "hors_ue", "severity": "alerte", "title": "T", "message": "M",
                    "source": {"document": "D"}, "causes": []},
    kinds.FLAG_CLEARED: {"rule": "hors_ue"},
    kinds.NOTE: {"question": "profil.stade", "text": "Une note"},
    kinds.OPEN_POINT: {"question": "profil.stade", "owner": "DPO", "due": "2027-01-01"},
    kinds.OPEN_POINT_RESOLVED: {"question": "profil.stade", "answer": {"kind": "valeur", "value": "idee"}},
    kinds.OPINION: {"criterion": "nantes.c1", "text": "Avis"},
    kinds.DECISION: {"decision": "favorable", "label": "Avis favorable", "rationale": "", "people": [],
                     "red_lines": []},
    kinds.ROUND: {"round": 2, "reason": "suivi", "stage": "production"},
    kinds.REPORT: {"format": "html", "path": "/tmp/x.html"},
    kinds.LLM: {"model": "m", "verdict": "accepte"},
    kinds.PUBLISHED: {"attributes": {"goal": "Répondre aux agents"}, "standard_version": "0.3.1"},
    kinds.UNPUBLISHED: {},
}


@pytest.fixture
def journal(tmp_path):
    j = Journal(tmp_path / "journal.sqlite")
    yield j
    j.close()


def test_every_event_kind_is_recorded_with_time_actor_grid_and_payload(journal):
    assert set(PAYLOADS) == kinds.ALL
    for kind, payload in PAYLOADS.items():
        journal.append("i1", kind, payload, ALICE, "profil", "1.0@abc")
    events = journal.events("i1")
    assert [e.kind for e in events] == list(PAYLOADS)
    for e in events:
        assert e.at.endswith("Z") and e.actor == ALICE and e.grid == "profil" and e.grid_version == "1.0@abc"
        assert e.payload == PAYLOADS[e.kind]
    view = build("i1", events)
    assert view.round == 2 and view.stage == "production" and len(view.decisions) == 1
    assert verify(journal).ok


def test_unknown_kind_is_refused(journal):
    with pytest.raises(ValueError):
        journal.append("i1", "suppression", {}, ALICE)


def fill(journal, n=10):
    for i in range(n):
        journal.append("i1", kinds.NOTE, {"question": None, "text": f"note {i}"}, ALICE)


def raw(journal):
    conn = sqlite3.connect(journal.path)
    conn.isolation_level = None
    return conn


def test_chain_catches_a_changed_event(journal):
    fill(journal)
    raw(journal).execute("UPDATE events SET payload = ? WHERE seq = 4", ('{"question":null,"text":"falsifié"}',))
    verdict = verify(journal)
    assert not verdict.ok and verdict.first_bad == 4 and "modifié" in verdict.message


def test_chain_catches_a_changed_event_even_with_its_hash_recomputed(journal):
    from journal.log import chain_hash

    fill(journal)
    conn = raw(journal)
    row = conn.execute("SELECT seq, at, instruction, kind, actor_name, actor_role, grid, grid_version, "
                       "prev_hash FROM events WHERE seq = 4").fetchone()
    payload = '{"question":null,"text":"falsifié"}'
    forged = chain_hash(*row[:8], payload, row[8])
    conn.execute("UPDATE events SET payload = ?, hash = ? WHERE seq = 4", (payload, forged))
    verdict = verify(journal)
    assert not verdict.ok and verdict.first_bad == 5  # the next event no longer follows it


def test_chain_catches_a_deleted_event(journal):
    fill(journal)
    raw(journal).execute("DELETE FROM events WHERE seq = 6")
    verdict = verify(journal)
    assert not verdict.ok and verdict.first_bad == 7 and "supprimé" in verdict.message


def test_chain_catches_reordered_events(journal):
    fill(journal)
    conn = raw(journal)
    conn.execute("UPDATE events SET seq = -3 WHERE seq = 3")
    conn.execute("UPDATE events SET seq = 3 WHERE seq = 8")
    conn.execute("UPDATE events SET seq = 8 WHERE seq = -3")
    verdict = verify(journal)
    assert not verdict.ok and verdict.first_bad == 3


def test_journal_file_is_private_to_its_owner(tmp_path):
    path = tmp_path / "sous" / "journal.sqlite"
    Journal(path).close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_unwritable_location_is_a_french_error(tmp_path):
    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    with pytest.raises(JournalError, match="journal inutilisable"):
        Journal(blocker / "journal.sqlite")


def test_eight_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "partage.sqlite"
    Journal(path).close()
    procs = [subprocess.Popen([sys.executable, str(WRITER), str(path), str(w), "500"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for w in range(8)]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert "locked" not in err
    with Journal(path) as journal:
        events = journal.events()
        assert len(events) == 4000
        for w in range(8):
            texts = [e.payload["text"] for e in events if e.instruction == f"instr-{w}"]
            assert texts == [f"{w}:{i}" for i in range(500)]  # each writer's order kept
        assert verify(journal).ok


def test_cli_verifier_exit_codes(tmp_path):
    path = tmp_path / "journal.sqlite"
    with Journal(path) as journal:
        fill(journal)
    env = {**os.environ, "INSTRUIRE_CONFIG": "/nonexistent"}
    cmd = [sys.executable, "-m", "assistant.cli", "--journal", str(path), "journal", "verifier"]
    ok = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert ok.returncode == 0 and "chaîne intacte" in ok.stdout
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM events WHERE seq = 2")
    conn.commit()
    conn.close()
    bad = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert bad.returncode == 1 and "événement" in bad.stderr and "Traceback" not in bad.stderr


def test_opening_a_journal_another_process_is_creating_waits_instead_of_failing(tmp_path):
    """Several processes creating one journal at once: switching it to WAL meets another's write
    lock, and SQLite says "database is locked" at once (it would deadlock waiting). The opening
    retries within the busy timeout instead of failing."""
    import threading

    path = tmp_path / "nouveau.sqlite"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE t (x)")  # a fresh file, not yet in WAL, that another is writing
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t VALUES (1)")
    timer = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    timer.start()
    try:
        with Journal(path) as journal:
            journal.append("i1", kinds.NOTE, {"question": None, "text": "après l'attente"}, ALICE)
            assert journal.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        timer.join()
        other.close()


def test_an_act_is_written_whole_or_not_at_all_against_the_journal_it_was_checked_on(journal):
    from journal.log import Draft, Moved

    note = Draft(kinds.NOTE, {"question": None, "text": "a"}, ALICE)
    first = journal.append_all("i1", [note, note], after=0)
    assert [e.seq for e in first] == [1, 2] and first[1].prev_hash == first[0].hash
    journal.append("i2", kinds.NOTE, {"question": None, "text": "ailleurs"}, ALICE)  # another instruction
    journal.append_all("i1", [note], after=2)  # still what i1 looked like: written
    with pytest.raises(Moved) as moved:
        journal.append_all("i1", [note, note], after=2)  # someone wrote to i1 since: nothing written
    assert moved.value.latest == 4
    assert [e.seq for e in journal.events("i1")] == [1, 2, 4]
    assert journal.latest("i1") == 4 and journal.latest("absente") == 0
    assert verify(journal).ok

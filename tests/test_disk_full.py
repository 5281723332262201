"""A full disk, a read-only file: said as such, in French, with the truth about what was recorded.

Two ways: a real small filesystem (a tmpfs, mounted when the tests run as root; skipped otherwise)
filled to the last byte, and a fault-injecting connection that fails the commit as SQLite does,
before or after the events reached the file.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys

import pytest
from dialogue_helpers import ALICE, default_value

from dialogues.store import Store
from journal import kinds
from journal.log import Actor, Journal, JournalError
from journal.verify import verify

NOTE = kinds.NOTE


class Disk:
    """A small filesystem of its own, that a test fills and frees."""

    def __init__(self, path):
        self.path = path
        self.filler = path / "remplissage"

    def fill(self) -> None:
        with open(self.filler, "ab", buffering=0) as fh:
            try:
                while True:
                    fh.write(b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        with open(self.filler, "ab", buffering=0) as fh:  # the last partial block too
            try:
                while True:
                    fh.write(b"\0")
            except OSError:
                pass

    def free(self) -> None:
        self.filler.unlink()


@pytest.fixture
def small_disk(tmp_path):
    where = tmp_path / "petit-disque"
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(where)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("monter un petit système de fichiers (tmpfs) demande d'être root")
    try:
        yield Disk(where)
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def full(code: int = 13, message: str = "database or disk is full") -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code  # as SQLite sets it: SQLITE_FULL, SQLITE_READONLY…
    return exc


class FailingCommit:
    """The journal's connection, whose COMMIT fails the way a full disk makes it fail."""

    def __init__(self, conn, error, landed: bool = False, unreadable: bool = False):
        self.conn, self.error, self.landed, self.unreadable = conn, error, landed, unreadable
        self.failed = False

    def execute(self, sql, *args):
        if sql == "COMMIT":
            self.failed = True
            self.conn.execute("COMMIT" if self.landed else "ROLLBACK")  # SQLite rolled back by itself
            raise self.error
        if self.failed and self.unreadable and sql.startswith("SELECT"):
            raise sqlite3.OperationalError("disk I/O error")
        return self.conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.conn, name)


def journal_with_notes(path, n: int = 3) -> Journal:
    journal = Journal(path)
    for i in range(n):
        journal.append("i1", NOTE, {"text": f"note {i}"})
    return journal


# --- the journal ------------------------------------------------------------------------


def test_a_full_disk_is_said_and_nothing_is_claimed(tmp_path):
    journal = journal_with_notes(tmp_path / "j.sqlite")
    real = journal.conn
    journal.conn = FailingCommit(real, full())
    with pytest.raises(JournalError) as info:
        journal.append("i1", NOTE, {"text": "perdue"})
    message = str(info.value)
    assert "cannot rollback" not in message and "no transaction" not in message
    assert "disque plein" in message and "Rien n'a été enregistré" in message and "Libérez de la place" in message
    assert info.value.recorded is False
    journal.conn = real
    assert journal.count() == 3 and verify(journal).ok
    journal.append("i1", NOTE, {"text": "après"})  # the journal goes on once the disk has room
    assert journal.count() == 4 and verify(journal).ok
    journal.close()


def test_a_commit_that_failed_after_its_events_landed_says_they_are_recorded(tmp_path):
    journal = journal_with_notes(tmp_path / "j.sqlite")
    real = journal.conn
    journal.conn = FailingCommit(real, sqlite3.OperationalError("disk I/O error"), landed=True)
    events = journal.append_all("i1", [_draft("a"), _draft("b")])
    journal.conn = real
    assert [e.payload["text"] for e in events] == ["a", "b"]
    assert [e.hash for e in journal.events("i1")[-2:]] == [e.hash for e in events]
    assert verify(journal).ok
    journal.close()


def test_a_commit_that_cannot_be_checked_says_so(tmp_path):
    journal = journal_with_notes(tmp_path / "j.sqlite")
    real = journal.conn
    journal.conn = FailingCommit(real, sqlite3.OperationalError("disk I/O error"), unreadable=True)
    with pytest.raises(JournalError) as info:
        journal.append("i1", NOTE, {"text": "?"})
    assert info.value.recorded is None
    assert "peut-être inachevée" in str(info.value) and "rouvrez l'instruction" in str(info.value)
    journal.conn = real
    journal.close()


def test_a_read_only_journal_is_said_as_such(tmp_path):
    journal = journal_with_notes(tmp_path / "j.sqlite")
    real = journal.conn
    journal.conn = FailingCommit(real, full(8, "attempt to write a readonly database"))
    with pytest.raises(JournalError, match="fichier ou dossier en lecture seule. Rien n'a été enregistré"):
        journal.append("i1", NOTE, {"text": "x"})
    journal.conn = real
    journal.close()


def test_a_journal_on_a_really_full_disk(small_disk):
    journal = journal_with_notes(small_disk.path / "j.sqlite")
    small_disk.fill()
    with pytest.raises(JournalError) as info:
        journal.append("i1", NOTE, {"text": "x" * 300_000})  # more than the WAL holds: the file must grow
    assert "disque plein" in str(info.value) and "Rien n'a été enregistré" in str(info.value)
    assert journal.count() == 3 and verify(journal).ok
    small_disk.free()
    journal.append("i1", NOTE, {"text": "x" * 300_000})
    assert journal.count() == 4 and verify(journal).ok
    journal.close()


def test_opening_a_journal_on_a_full_disk_says_why(small_disk):
    small_disk.fill()
    with pytest.raises(JournalError, match="journal inutilisable .* disque plein"):
        Journal(small_disk.path / "neuf.sqlite")


def _draft(text):
    from journal.log import Draft

    return Draft(NOTE, {"text": text}, Actor.system())


# --- what the dialogue's acts report ------------------------------------------------------


def _started(journal_path, checkpoints_path, catalog):
    store = Store.open(journal_path, checkpoints_path, catalog)
    session = store.start("Essai disque plein", ALICE, ["nantes"])
    for _ in range(2):
        turn = session.present()
        session.answer(turn.question.id, default_value(turn.question), ALICE)
    return store, session


def _answer_next(session):
    turn = session.present()
    return turn.question.id, session.answer(turn.question.id, default_value(turn.question), ALICE)


def test_an_answer_the_journal_could_not_write_is_reported_as_not_recorded(tmp_path, catalog):
    store, session = _started(tmp_path / "j.sqlite", tmp_path / "c.sqlite", catalog)
    waiting = session.present()
    before = store.journal.count()
    real = store.journal.conn
    store.journal.conn = FailingCommit(real, full())
    with pytest.raises(JournalError, match="disque plein. Rien n'a été enregistré"):
        session.answer(waiting.question.id, default_value(waiting.question), ALICE)
    store.journal.conn = real
    assert store.journal.count() == before and waiting.question.id not in session.view.answers
    assert session.turn().question.id == waiting.question.id  # still the question waiting
    store.close()


def test_an_answer_written_when_the_checkpoints_cannot_follow_is_reported_as_recorded(tmp_path, catalog):
    store, session = _started(tmp_path / "j.sqlite", tmp_path / "c.sqlite", catalog)
    saver = store.checkpoints.saver
    real = saver.conn
    saver.conn = FailingSaverConnection(real)
    question, turn = _answer_next(session)  # no exception: the answer is in the journal
    assert question in session.view.answers
    assert any(e.payload.get("question") == question for e in store.journal.events(session.id, [kinds.ANSWERED]))
    assert turn.question.id != question  # the dialogue moved on, from the journal
    notices = store.take_notices()
    assert len(notices) == 1 and "ne peuvent pas être mis à jour (disque plein)" in notices[0]
    assert "le journal, qui fait foi" in notices[0]
    _answer_next(session)
    assert store.take_notices() == []  # said once, not at every answer
    assert not list(tmp_path.glob("*.abime-*"))  # a sound file is not set aside for a full disk
    saver.conn = real
    question, _ = _answer_next(session)  # room again: the checkpoints catch up with the journal
    assert store.checkpoints.state(session.id).values["applied"] == session.flow_head()[0]
    store.close()


class FailingSaverConnection:
    """The checkpoint file's connection, on a disk with no room left."""

    def __init__(self, conn):
        self.conn = conn

    def commit(self):
        self.conn.rollback()
        raise full()

    def __getattr__(self, name):
        return getattr(self.conn, name)


def test_answers_on_a_really_full_disk(small_disk, tmp_path, catalog):
    store, session = _started(small_disk.path / "j.sqlite", tmp_path / "c.sqlite", catalog)
    waiting = session.present()
    before = store.journal.count()
    small_disk.fill()
    with pytest.raises(JournalError, match="disque plein. Rien n'a été enregistré"):
        session.answer(waiting.question.id, default_value(waiting.question), ALICE)
    assert store.journal.count() == before and verify(store.journal).ok
    small_disk.free()
    session.answer(waiting.question.id, default_value(waiting.question), ALICE)
    assert waiting.question.id in session.view.answers and verify(store.journal).ok
    store.close()


def test_checkpoints_on_a_full_disk_never_stop_an_instruction(small_disk, tmp_path, catalog):
    small_disk.fill()
    store, session = _started(tmp_path / "j.sqlite", small_disk.path / "c.sqlite", catalog)
    assert any("disque plein" in n for n in store.take_notices())
    question, _ = _answer_next(session)
    assert question in session.view.answers
    store.close()


def test_jouer_says_the_checkpoints_could_not_follow_and_plays_on(small_disk, tmp_path):
    small_disk.fill()
    example = os.path.join(os.path.dirname(__file__), "..", "dialogues", "exemples", "chatbot-rh.yaml")
    env = {**os.environ, "INSTRUIRE_CONFIG": "/nonexistent", "INSTRUIRE_POINTS_DE_REPRISE":
           str(small_disk.path / "c.sqlite")}
    r = subprocess.run([sys.executable, "-m", "assistant.cli", "--journal", str(tmp_path / "j.sqlite"), "jouer",
                        "--reponses", example, "--sortie", str(tmp_path / "r.json")],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "ne peuvent pas être mis à jour (disque plein)" in r.stderr


async def test_the_app_tells_what_was_recorded_when_the_disk_is_full(tmp_path):
    from test_ui import PROFILE, current, start_instruction
    from ui_helpers import answer_with_keys, make_app, settle

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start_instruction(app, pilot)
        await answer_with_keys(app, pilot, current(app).question, PROFILE[current(app).question.id])
        saver = app.store.checkpoints.saver
        saver.conn = FailingSaverConnection(saver.conn)  # the checkpoint file's disk is full
        entry = current(app).question
        await answer_with_keys(app, pilot, entry, PROFILE[entry.id])
        assert entry.id in [e.payload["question"] for e in app.store.journal.events(kinds_=[kinds.ANSWERED])]
        await pilot.pause(0.8)  # the checkpoints follow when the team pauses: then the notice
        await settle(app, pilot)
        titles = [(n.title, n.message) for n in app._notifications]
        assert not [t for t in titles if t[0] == "Non enregistré"], titles  # it was recorded: not said otherwise
        assert any("ne peuvent pas être mis à jour (disque plein)" in m for _, m in titles), titles
        assert current(app).question.id != entry.id
        journal = app.store.journal
        journal.conn = FailingCommit(journal.conn, full())  # now the journal's disk too
        entry = current(app).question
        await answer_with_keys(app, pilot, entry, PROFILE[entry.id])
        failed = [n.message for n in app._notifications if n.title == "Non enregistré"]
        assert failed and "disque plein. Rien n'a été enregistré" in failed[-1]
        assert current(app).question.id == entry.id  # still waiting: nothing was recorded

"""The journal: an append-only, hash-chained log of everything that happens in an instruction.

One SQLite file (WAL, busy timeout, owner-only permissions) that several people or
processes can write at once. Every event carries the hash of the previous one, so that
`verify` names the first event that was changed, deleted or reordered. Nothing is ever
updated or deleted: a correction is a new event.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from grilles.system_errors import os_error_text
from journal import kinds

GENESIS = "0" * 64
BUSY_TIMEOUT_MS = 30_000
SCHEMA_VERSION = 1
TABLE = "events"


class JournalError(Exception):
    """A journal that cannot be opened or written; the message is French and names the file.

    `recorded` tells the truth about the act that failed: False, nothing of it is in the journal;
    None, it could not be checked (the message says how to find out)."""

    def __init__(self, message: str, recorded: bool | None = False):
        super().__init__(message)
        self.recorded = recorded


class Moved(Exception):
    """The instruction's journal moved on since the view an act was checked against (another person,
    another process): nothing was written; fold in the news and check the act again."""

    def __init__(self, latest: int):
        super().__init__(f"journal moved on to {latest}")
        self.latest = latest


@dataclass(frozen=True)
class Actor:
    name: str
    role: str = ""

    @staticmethod
    def system() -> Actor:
        return Actor("instruire", "assistant")


@dataclass(frozen=True)
class Draft:
    """An event about to be appended: what an act writes, before the journal gives it a seq and a hash."""

    kind: str
    payload: dict
    actor: Actor
    grid: str = ""
    grid_version: str = ""


class Event(NamedTuple):
    """One recorded event. A tuple: folding 100 000 of them (the registry) must stay cheap."""

    seq: int
    at: str
    instruction: str
    kind: str
    actor_name: str
    actor_role: str
    grid: str
    grid_version: str
    payload: dict
    prev_hash: str
    hash: str

    @property
    def actor(self) -> Actor:
        return _actor(self.actor_name, self.actor_role)


_actor = functools.lru_cache(maxsize=4096)(Actor)  # a journal has few distinct people: share them


def canonical(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def chain_hash(seq: int, at: str, instruction: str, kind: str, actor_name: str, actor_role: str,
               grid: str, grid_version: str, payload_json: str, prev_hash: str) -> str:
    material = "\x1f".join((str(seq), at, instruction, kind, actor_name, actor_role, grid, grid_version,
                            payload_json, prev_hash))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


COLUMNS = ("seq", "at", "instruction", "kind", "actor_name", "actor_role", "grid", "grid_version",
           "payload", "prev_hash", "hash")


_decode = json.JSONDecoder().decode


def _row_to_event(row: Sequence) -> Event:
    try:
        payload = _decode(row[8])
    except (ValueError, TypeError):  # not JSON, or not text: altered since instruire wrote it
        raise UnreadableEvent(row[0], row[3]) from None
    if type(payload) is not dict:
        raise UnreadableEvent(row[0], row[3])
    # the columns by position, spelled out: as fast as unpacking a slice, and checkable
    return Event(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], payload, row[9], row[10])


class UnreadableEvent(JournalError):
    """An event whose detail is not the JSON object instruire wrote: the journal was altered."""

    def __init__(self, seq, kind):
        super().__init__(f"événement {seq} ({kind}) illisible : son contenu n'est pas celui qu'instruire écrit ; "
                         "le journal a été modifié (« instruire journal verifier » le situe)")
        self.seq = seq


class Journal:
    """An open journal file. Appends are serialised by SQLite's write lock (BEGIN IMMEDIATE)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        try:
            create_private(self.path)
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn = conn
            # One connection serves the app's threads: SQLite serialises processes, this lock threads.
            self.lock = threading.RLock()
            enable_wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across crashes of the app
            self._ensure_schema()
        except (sqlite3.Error, OSError) as exc:
            raise JournalError(f"journal inutilisable ({self.path}) : {cause_of(exc, self.path)}") from None

    @property
    def db(self):
        """The same connection through sqlite-utils (schema work, ad hoc queries).

        Imported on first use: the append and read paths need only sqlite3, and the
        first screen should not pay for sqlite-utils' import.
        """
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def _has_table(self) -> bool:
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                 (TABLE,)).fetchone() is not None

    def _ensure_schema(self) -> None:
        if self._has_table():
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if not self._has_table():
                self.db[TABLE].create({
                    "seq": int, "at": str, "instruction": str, "kind": str, "actor_name": str, "actor_role": str,
                    "grid": str, "grid_version": str, "payload": str, "prev_hash": str, "hash": str,
                }, pk="seq", not_null={"at", "instruction", "kind", "payload", "prev_hash", "hash"})
                self.db[TABLE].create_index(["instruction", "seq"])
                self.db[TABLE].create_index(["kind"])
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.conn.execute("COMMIT")
        except BaseException:
            _rollback(self.conn)
            raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- writing ----------------------------------------------------------------------

    def append(self, instruction: str, kind: str, payload: dict, actor: Actor | None = None,
               grid: str = "", grid_version: str = "") -> Event:
        """Append one event in its own transaction; returns it with its seq and hash."""
        return self.append_all(instruction, [Draft(kind, payload, actor or Actor.system(), grid, grid_version)])[0]

    def append_all(self, instruction: str, drafts: Sequence[Draft], after: int | None = None) -> list[Event]:
        """Append an act's events in one transaction: all of them or none.

        With `after` (the last seq of the instruction in the view the act was checked against), the
        check is made inside the write transaction: if anything was written to the instruction
        since, nothing is written and `Moved` is raised, so that the act is checked again against
        the journal as it is now. Two people acting at once can therefore never both be right
        against a state that no longer exists."""
        for d in drafts:
            if d.kind not in kinds.ALL:
                raise ValueError(f"unknown event kind {d.kind!r}")
        rows = [(d, canonical(d.payload)) for d in drafts]
        with self.lock:
            return self._append_locked(self.conn, instruction, rows, after)

    def _append_locked(self, conn, instruction: str, rows: list, after: int | None) -> list[Event]:
        out: list[Event] = []
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if after is not None:
                    latest = conn.execute(f"SELECT coalesce(max(seq), 0) FROM {TABLE} WHERE instruction = ?",
                                          (instruction,)).fetchone()[0]
                    if latest != after:
                        raise Moved(latest)
                last = conn.execute(f"SELECT seq, hash FROM {TABLE} ORDER BY seq DESC LIMIT 1").fetchone()
                seq, prev = (last[0], last[1]) if last else (0, GENESIS)
                at = utc_now()
                for d, payload_json in rows:
                    seq += 1
                    a = d.actor
                    digest = chain_hash(seq, at, instruction, d.kind, a.name, a.role, d.grid, d.grid_version,
                                        payload_json, prev)
                    conn.execute(
                        f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        (seq, at, instruction, d.kind, a.name, a.role, d.grid, d.grid_version, payload_json,
                         prev, digest),
                    )
                    out.append(Event(seq, at, instruction, d.kind, a.name, a.role, d.grid, d.grid_version,
                                     d.payload, prev, digest))
                    prev = digest
                conn.execute("COMMIT")
            except BaseException:
                _rollback(conn)
                raise
        except sqlite3.Error as exc:
            recorded = self._recorded(conn, out)
            if recorded:  # the commit said it failed after its events reached the file: they are recorded
                return out
            raise self._write_error(exc, recorded) from None
        return out

    def _recorded(self, conn, drafted: list[Event]) -> bool | None:
        """Whether the events of a failed commit are in the journal nonetheless (None: cannot tell).

        A transaction is all or nothing, so its last event says it: there, with its hash, or not."""
        if not drafted:
            return False
        last = drafted[-1]
        try:
            row = conn.execute(f"SELECT hash FROM {TABLE} WHERE seq = ?", (last.seq,)).fetchone()
        except sqlite3.Error:
            return None
        return row is not None and row[0] == last.hash

    def _write_error(self, exc: sqlite3.Error, recorded: bool | None) -> JournalError:
        cause = cause_of(exc, self.path)
        if recorded is None:
            return JournalError(f"écriture peut-être inachevée dans le journal ({self.path}) : {cause}. On ne peut "
                                "pas vérifier si ce dernier enregistrement a abouti : rouvrez l'instruction pour le "
                                "voir ; « instruire journal verifier » contrôle le journal.", recorded=None)
        advice = {FULL_DISK: " Libérez de la place sur le disque, puis recommencez."}.get(cause, "")
        return JournalError(f"écriture impossible dans le journal ({self.path}) : {cause}. Rien n'a été "
                            f"enregistré ; ce qui était déjà au journal y reste.{advice}")

    # --- reading ----------------------------------------------------------------------

    def events(self, instruction: str | None = None, kinds_: Sequence[str] = (), after: int = 0) -> list[Event]:
        sql = f"SELECT {', '.join(COLUMNS)} FROM {TABLE} WHERE seq > ?"
        args: list = [after]
        if instruction is not None:
            sql += " AND instruction = ?"
            args.append(instruction)
        if kinds_:
            sql += f" AND kind IN ({', '.join('?' * len(kinds_))})"
            args += list(kinds_)
        sql += " ORDER BY seq"
        with self.lock:
            return [_row_to_event(r) for r in self.conn.execute(sql, args).fetchall()]


    def latest(self, instruction: str) -> int:
        """The seq of the instruction's last event (0 if none)."""
        with self.lock:
            return self.conn.execute(f"SELECT coalesce(max(seq), 0) FROM {TABLE} WHERE instruction = ?",
                                     (instruction,)).fetchone()[0]

    def event(self, seq: int) -> Event | None:
        with self.lock:
            row = self.conn.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} WHERE seq = ?", (seq,)).fetchone()
        return _row_to_event(row) if row else None

    def count(self) -> int:
        with self.lock:
            return self.conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]

    def raw_rows(self) -> Iterator[tuple]:
        yield from self.conn.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} ORDER BY seq")


def unreadable(journal: Journal, cause: Exception) -> JournalError:
    """The first event whose payload is not valid JSON, as the error to tell (a query over the
    journal's payloads failed on it); `cause` itself when every payload is readable."""
    with journal.lock:
        row = journal.conn.execute(f"SELECT seq, kind FROM {TABLE} WHERE NOT json_valid(payload) "
                                   "ORDER BY seq LIMIT 1").fetchone()
    if row is None:
        return JournalError(f"journal illisible ({journal.path}) : {cause}")
    return UnreadableEvent(*row)
def _rollback(conn: sqlite3.Connection) -> None:
    """Undo the transaction in progress, if any. SQLite rolls back by itself on some errors (a full
    disk): a second ROLLBACK would then fail ("no transaction is active") and hide the cause."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):  # the error that brought us here is the one to tell
            conn.execute("ROLLBACK")


FULL_DISK = "disque plein"
# SQLite's primary result codes (sqlite3.h) with a cause a person can act on, in French.
_SQLITE_CAUSES = {
    13: FULL_DISK,  # SQLITE_FULL
    8: "fichier ou dossier en lecture seule",  # SQLITE_READONLY
    3: "permission refusée",  # SQLITE_PERM
    14: "ouverture impossible (dossier absent, ou permission refusée)",  # SQLITE_CANTOPEN
    10: "erreur de lecture ou d'écriture du disque",  # SQLITE_IOERR
    11: "fichier endommagé",  # SQLITE_CORRUPT
    26: "ce n'est pas une base SQLite",  # SQLITE_NOTADB
    5: "occupé par un autre programme au-delà du délai d'attente",  # SQLITE_BUSY
    6: "verrouillé par une autre connexion",  # SQLITE_LOCKED
    7: "mémoire insuffisante",  # SQLITE_NOMEM
}
_SYSTEM_CODES = (13, 8, 3, 14, 10)  # what the machine refuses, as opposed to what the file holds
_SQLITE_WORDS = (("disk is full", 13), ("readonly", 8), ("read-only", 8), ("disk i/o error", 10),
                 ("unable to open", 14), ("not a database", 26), ("malformed", 11), ("locked", 5))
_LOW_SPACE = 256 * 1024  # below this free space, an I/O error while writing is a full disk


def _sqlite_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF  # the extended code's primary part
    text = str(exc).lower()
    return next((c for words, c in _SQLITE_WORDS if words in text), None)


def _disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent if path.parent.exists() else Path.cwd()).free < _LOW_SPACE
    except OSError:
        return False


def system_cause(exc: BaseException, path: Path) -> str | None:
    """The operating-system cause of a database error, in French ("disque plein", "fichier ou dossier
    en lecture seule"…); None when the machine is not the cause (a damaged file, a bug)."""
    if isinstance(exc, OSError):  # one with a number: raised by the system, not by our own checks
        return os_error_text(exc) if exc.errno is not None else None
    code = _sqlite_code(exc)
    if code not in _SYSTEM_CODES:
        return None
    if code in (10, 14) and _disk_full(Path(path)):  # SQLite says "I/O error" for some ENOSPC
        return FULL_DISK
    return _SQLITE_CAUSES[code]


def cause_of(exc: BaseException, path: Path) -> str:
    """Why a database could not be opened or written, in French."""
    found = system_cause(exc, path)
    if found is not None:
        return found
    code = _sqlite_code(exc)
    return (_SQLITE_CAUSES.get(code) if code is not None else None) or f"erreur de la base SQLite ({exc})"


def enable_wal(conn: sqlite3.Connection, timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    """Put a database in WAL mode, retrying within the busy timeout.

    Switching to WAL needs the file to itself. When several processes create the same file at
    the same moment, SQLite answers "database is locked" at once instead of waiting (it would
    otherwise deadlock): so wait a little and try again, as the busy timeout would."""
    deadline = time.monotonic() + timeout_ms / 1000
    pause = 0.002
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)


def create_private(path: Path) -> None:
    """Create the journal's directory and file readable by their owner only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(str(path), os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)

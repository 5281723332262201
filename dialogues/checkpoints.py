"""The graph's checkpoints: a cache of the journal, in their own SQLite file.

The journal is the one truth. The checkpoint of an instruction says where its dialogue is
(the phase, the waiting question) and which journal position that reflects; at every use it
is checked against the journal and, when it is behind, ahead of, or foreign to it (a lost
file, a journal restored from a backup, a file from elsewhere, another process that wrote it
meanwhile), caught up or rebuilt from the journal in one or two graph steps. Rebuilding calls
no model and writes no event: the graph has no side effect.

A damaged file (overwritten, truncated, replaced by a folder) never blocks work: it is set
aside under another name, kept for inspection, rebuilt from the journal, and the dialogue
says so in one French sentence (`notices`).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command

from dialogues.graph import Context, State, build, turn_of
from dialogues.turns import Next
from journal.log import BUSY_TIMEOUT_MS, create_private, enable_wal, system_cause

if TYPE_CHECKING:
    from langchain_core.runnables import RunnableConfig
    from langgraph.graph.state import CompiledStateGraph

    from dialogues.session import Session


class Checkpoints:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.notices: list[str] = []  # French sentences the person should read (a file set aside)
        self.lock = threading.RLock()
        self._builder = build()
        self._levelled: dict[str, tuple[int, str | None, Next]] = {}  # instruction -> head seen, its turn
        self.conn: sqlite3.Connection | None = None
        self._refused: str | None = None  # why the machine refuses to write the file, once said
        self.saver: SqliteSaver | None = None  # both set by _connect
        self.graph: CompiledStateGraph[State, Context] | None = None
        try:
            self._connect()
        except (sqlite3.DatabaseError, OSError) as exc:
            if system_cause(exc, self.path) is not None:  # the machine refuses, the file is not at fault
                self._refuse(exc)
                return
            self._set_aside(exc)
            try:
                self._connect()
            except (sqlite3.DatabaseError, OSError) as again:
                if system_cause(again, self.path) is None:
                    raise
                self._refuse(again)

    # --- the file -----------------------------------------------------------------------

    def _connect(self) -> None:
        if self.path.exists() and not self.path.is_file():
            raise IsADirectoryError(f"{self.path} n'est pas un fichier")
        create_private(self.path)  # it says where each instruction is, like the journal: owner only
        conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            enable_wal(conn)
            verdict = conn.execute("PRAGMA quick_check(1)").fetchone()[0]  # a truncated file fails here
            if verdict != "ok":
                raise sqlite3.DatabaseError(verdict)
            saver = SqliteSaver(conn)
            saver.setup()
            conn.execute("SELECT count(*) FROM checkpoints").fetchone()
        except BaseException:
            conn.close()
            raise
        self.conn, self.saver = conn, saver
        self.graph = self._builder.compile(checkpointer=saver)

    def _set_aside(self, why: BaseException) -> None:
        """Rename the damaged file (and its WAL) out of the way, keeping it for inspection."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.abime-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.abime-{stamp}-{n}")
        if self.path.exists() or self.path.is_symlink():
            self.path.rename(aside)
        for suffix in ("-wal", "-shm"):
            extra = self.path.with_name(self.path.name + suffix)
            if extra.exists():
                extra.rename(aside.with_name(aside.name + suffix))
        self.notices.append(f"Le fichier des points de reprise {self.path} était illisible ({_why(why)}) : il est "
                            f"mis de côté sous {aside.name} et reconstruit depuis le journal, qui fait foi.")

    def _reopen(self, why: BaseException) -> None:
        if self.conn is not None:
            with contextlib.suppress(sqlite3.Error):  # the file is being set aside anyway
                self.conn.close()
        self.conn = None
        self._levelled.clear()
        self._set_aside(why)
        self._connect()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def forget(self, instruction: str) -> None:
        """Drop an instruction's checkpoints (never its journal): the next use rebuilds them."""
        with self.lock:
            self._levelled.pop(instruction, None)
            if self.saver is not None:  # never opened (a full disk): nothing of it to drop in this process
                self.saver.delete_thread(instruction)

    def take_notices(self) -> list[str]:
        with self.lock:
            out, self.notices = self.notices, []
        return out

    # --- the cache ----------------------------------------------------------------------

    def level(self, session: Session) -> Next | None:
        """Bring the instruction's checkpoint level with the journal; the turn the graph waits on.

        None when the machine refuses to write the file (a full disk, a read-only folder): the file
        is not damaged, only unable to follow; the dialogue goes on from the journal, which is the
        truth anyway, and a notice says so once. The next use tries again."""
        with self.lock:
            head = session.flow_head()
            known = self._levelled.get(session.id)
            if known is not None and known[:2] == head:
                return known[2]  # nothing has moved since this process last levelled it
            try:
                if self.conn is None:  # a reopening the machine refused: try again
                    self._connect()
                nxt = self._level(session)
            except (sqlite3.DatabaseError, OSError) as exc:
                if _busy(exc):
                    raise
                if system_cause(exc, self.path) is not None:
                    self._unavailable(session, exc)
                    return None
                try:
                    self._reopen(exc)  # damaged while in use: set aside, rebuilt from the journal
                    nxt = self._level(session)
                except (sqlite3.DatabaseError, OSError) as again:
                    if _busy(again) or system_cause(again, self.path) is None:
                        raise
                    self._unavailable(session, again)
                    return None
            self._refused = None
            self._levelled[session.id] = (*session.flow_head(), nxt)
            return nxt

    def _unavailable(self, session: Session, why: BaseException) -> None:
        self._levelled.pop(session.id, None)
        self._refuse(why)

    def _refuse(self, why: BaseException) -> None:
        cause = system_cause(why, self.path)
        if cause != self._refused:  # said once, not at every answer
            self._refused = cause
            self.notices.append(f"Les points de reprise ({self.path}) ne peuvent pas être mis à jour ({cause}) : "
                                "l'instruction continue depuis le journal, qui fait foi.")

    def state(self, instruction: str):
        """The checkpoint as stored (for tests and diagnostics)."""
        assert self.graph is not None, "the checkpoint file is not open"
        return self.graph.get_state(_config(instruction))

    def _level(self, session: Session) -> Next:
        graph, saver = self.graph, self.saver
        assert graph is not None and saver is not None  # level() connects first; _connect sets both
        config = _config(session.id)
        context = Context(session.next_turn_at)
        for _ in range(4):
            seq, digest = session.flow_head()
            snap = graph.get_state(config)
            values = snap.values or {}
            if values and not self._agrees(session, values):
                # Ahead of or foreign to the journal (a journal restored from a backup, a file from
                # elsewhere): the journal is what was said. Start the graph again from it.
                saver.delete_thread(session.id)
                continue
            if not values:  # first use, or checkpoints lost: the journal alone rebuilds the state
                out = self._invoke(graph, {"applied": seq, "applied_hash": digest}, config, context)
            else:
                current = turn_of(values, snap.interrupts)
                applied = values.get("applied", 0)
                if current is None:  # cut short mid-step (a crash): finish the step first
                    self._invoke(graph, None, config, context)
                    continue
                if applied == seq and values.get("applied_hash") == digest:
                    return current
                if applied > seq:  # another process fed a later event: fold it in, look again
                    session.refresh()
                    continue
                if snap.interrupts:  # behind: one resume brings it to the journal's position
                    out = self._invoke(graph, Command(resume={"seq": seq, "hash": digest}), config, context)
                else:  # finished (decided), and a new round since: a new run from START
                    out = self._invoke(graph, {"applied": seq, "applied_hash": digest}, config, context)
            nxt = turn_of(out.value, out.interrupts)
            if nxt is not None and out.value.get("applied") == seq:
                return nxt
        raise RuntimeError(f"les points de reprise de « {session.id} » ne se mettent pas à jour")

    def _agrees(self, session: Session, values: dict) -> bool:
        applied = values.get("applied", 0)
        if not applied:
            return True
        event = session.store.journal.event(applied)
        return event is not None and event.instruction == session.id and event.hash == values.get("applied_hash")

    @staticmethod
    def _invoke(graph: CompiledStateGraph[State, Context], value, config: RunnableConfig, context: Context):
        # "sync": each step's checkpoint is on disk before the next step starts, so a kill -9 leaves
        # the graph at a step boundary (and the journal says where the dialogue really is anyway).
        return graph.invoke(value, config, context=context, durability="sync", version="v2")


def _config(instruction: str) -> RunnableConfig:
    return {"configurable": {"thread_id": instruction}}


_REASONS = {  # SQLite's words, as the person reads them
    "file is not a database": "ce n'est pas une base SQLite",
    "malformed": "fichier endommagé",
    "no such table": "tables manquantes",
    "unable to open": "ouverture impossible",
    "disk i/o error": "erreur de lecture du disque",
}


def _why(exc: BaseException) -> str:
    if isinstance(exc, IsADirectoryError):
        return "un dossier a pris sa place"
    text = str(exc).lower()
    return next((fr for en, fr in _REASONS.items() if en in text), "fichier endommagé")


def _busy(exc: BaseException) -> bool:
    text = str(exc)
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


__all__ = ["Checkpoints"]

"""Messages that workers post to the app: workers never touch widgets, handlers own the UI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class StoreReady(Message):
    store: Any  # dialogues.store.Store, typed loosely to keep LangGraph off the import path


@dataclass
class StoreFailed(Message):
    message: str


@dataclass
class StoreNotice(Message):
    message: str  # something to tell once, in French (a damaged checkpoint file set aside)


@dataclass
class ActDone(Message):
    """An act the screen asked for ran (assistant.ui.acts): what it returned, and the screen's context."""

    result: Any
    context: Any = None


@dataclass
class ActFailed(Message):
    """An act the screen asked for was refused or failed: why, in French, and the screen's context."""

    message: str
    context: Any = None


@dataclass
class ActsIdle(Message):
    """An act ran (the `count`-th): the act runner waits for an idle moment from here."""

    count: int


@dataclass
class CatalogReady(Message):
    catalog: Any
    problems: list  # user grids left out, with why


@dataclass
class ListingReady(Message):
    rows: list

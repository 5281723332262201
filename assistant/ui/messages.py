"""Messages that workers post to the app: workers never touch widgets, handlers own the UI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class StoreReady(Message):
    store: Any  # dialogues.session.Store, typed loosely to keep LangGraph off the import path


@dataclass
class StoreFailed(Message):
    message: str


@dataclass
class SessionOpened(Message):
    session: Any
    step: Any  # controller.Step


@dataclass
class StepDone(Message):
    step: Any


@dataclass
class ActFailed(Message):
    message: str


@dataclass
class CatalogReady(Message):
    catalog: Any
    problems: list  # user grids left out, with why


@dataclass
class ListingReady(Message):
    rows: list

"""The contract between the dialogue and an optional rephraser (the local LLM lives in assistant/).

The dialogue asks for a rephrasing of one question's wording, with the project's title and
description as context and nothing else: never other participants' answers. The rephraser
returns the text to show and whether it is a rephrasing; on any failure it returns the
original. It never answers, scores, flags, skips or decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RephraseRequest:
    instruction: str
    question: str  # qualified id
    text: str  # the original wording, authoritative
    grid_version: str  # "version@digest": part of the cache key
    project_title: str
    project_description: str
    glossary: tuple[str, ...] = ()  # terms of the question that must survive the rephrasing


Rephraser = Callable[[RephraseRequest], tuple[str, bool]]

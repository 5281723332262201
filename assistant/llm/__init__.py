"""The optional local language model: it rephrases a question's wording, nothing more.

Off by default. Nothing here is imported, and nothing connects anywhere, unless an
endpoint is configured (`[llm]` in config.toml, `INSTRUIRE_LLM_URL`, or an option).

    settings = load_llm_settings(load_settings())       # None when no LLM is configured
    rephraser = install(store, settings, catalog.glossary)  # sets store.rephrase; None when off

Modules: `config` (settings and the loopback rule), `prompt` (versioned prompt), `client`
(one chat-completions call, stdlib only, hard deadline), `guard` (pure checks on a
rephrasing), `cache` (on-disk results), `rephraser` (the `Rephraser` the dialogue calls).
Attributes below are loaded lazily so that importing this package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    # re-exported for type checkers (`X as X`); at run time `__getattr__` loads them on first use
    from assistant.llm.config import LLMConfigError as LLMConfigError
    from assistant.llm.config import LLMSettings as LLMSettings
    from assistant.llm.config import load_llm_settings as load_llm_settings
    from assistant.llm.rephraser import LocalRephraser as LocalRephraser
    from assistant.llm.rephraser import install as install
    from assistant.llm.rephraser import upcoming_requests as upcoming_requests

_LAZY = {
    "LLMConfigError": "assistant.llm.config",
    "LLMSettings": "assistant.llm.config",
    "load_llm_settings": "assistant.llm.config",
    "LocalRephraser": "assistant.llm.rephraser",
    "install": "assistant.llm.rephraser",
    "upcoming_requests": "assistant.llm.rephraser",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant.llm' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)

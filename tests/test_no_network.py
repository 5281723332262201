"""With no LLM configured, nothing connects anywhere; the LLM client is the only code that connects out.

The other network code is `instruire web`'s server, which listens on the loopback only (test_web.py).
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from dialogue_helpers import ALICE, new_store, play_until

from assistant.config import load_settings
from assistant.llm.config import load_llm_settings
from assistant.llm.rephraser import install
from journal import kinds

ROOT = Path(__file__).resolve().parents[1]
LLM_ENV = ("INSTRUIRE_LLM_URL", "INSTRUIRE_LLM_MODELE", "INSTRUIRE_LLM_MODE", "INSTRUIRE_LLM_DELAI",
           "INSTRUIRE_LLM_DISTANT", "INSTRUIRE_LLM_ACTIF", "INSTRUIRE_LLM_CLE")


@pytest.fixture
def no_network(monkeypatch, tmp_path):
    """Every way out of this process fails the test (and is recorded, in case it is swallowed)."""
    attempts: list[str] = []

    def refuse(name):
        def blocked(*args, **kwargs):
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise AssertionError(f"tentative de connexion réseau : {name}{args}")
        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    for name in LLM_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INSTRUIRE_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("INSTRUIRE_DONNEES", str(tmp_path / "donnees"))
    monkeypatch.setenv("INSTRUIRE_CACHE", str(tmp_path / "cache"))
    yield attempts
    assert attempts == []


def test_the_guard_itself_works(no_network):
    with pytest.raises(AssertionError):
        socket.create_connection(("127.0.0.1", 9))
    no_network.clear()


def test_no_llm_configured_means_no_rephraser(no_network, tmp_path, catalog):
    assert load_llm_settings(load_settings()) is None
    store = new_store(tmp_path, catalog)
    assert install(store, None) is None and store.rephrase is None
    store.close()


def test_a_whole_instruction_without_llm_connects_nowhere(no_network, tmp_path, catalog):
    store = new_store(tmp_path, catalog)
    install(store, load_llm_settings(load_settings()))
    session = store.start("Chatbot RH", ALICE, ["tours"], description="Un agent conversationnel.")
    turn, asked = play_until(session)
    assert turn.kind == "decision" and len(asked) > 30
    session.decide("favorable", ALICE)
    events = store.journal.events(session.id)
    shown = [e.payload for e in events if e.kind == kinds.SHOWN]
    assert len(shown) >= len(asked) and not any(p["rephrased"] for p in shown)
    assert not [e for e in events if e.kind == kinds.LLM]
    store.close()
    assert not (tmp_path / "cache").exists()  # nothing was even prepared


def test_headless_play_and_the_cli_connect_nowhere(no_network, tmp_path, capsys):
    from assistant.cli import run

    journal = tmp_path / "j.sqlite"
    example = ROOT / "dialogues" / "exemples" / "precheck-courriers.yaml"  # a pre-check: quick
    assert run(["--journal", str(journal), "jouer", "--reponses", str(example),
                "--sortie", str(tmp_path / "r.json")]) == 0
    assert run(["grilles", "liste"]) == 0
    out = capsys.readouterr().out
    assert "nantes" in out and "instruction" in out


NETWORK_IMPORT = re.compile(r"^\s*(?:import|from)\s+(socket|http\.client|urllib\.request|requests|httpx|aiohttp|"
                            r"websockets|ftplib|smtplib|telnetlib|xmlrpc\.client)\b", re.MULTILINE)


def test_the_llm_client_and_the_loopback_web_server_are_the_only_network_code():
    """No other network call exists anywhere in the application (issue: the optional local LLM)."""
    found = {}
    for package in ("grilles", "dialogues", "journal", "assistant"):
        for path in (ROOT / package).rglob("*.py"):
            modules = NETWORK_IMPORT.findall(path.read_text(encoding="utf-8"))
            if modules:
                found[str(path.relative_to(ROOT))] = sorted(set(modules))
    assert found == {"assistant/llm/client.py": ["http.client", "socket"],
                     "assistant/web/server.py": ["aiohttp", "socket"]}

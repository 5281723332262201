"""Optional local LLM benchmarks (issue: rephrase questions, nothing more, and prove it).

Measures, against baselines taken in the same run, and prints the guard's acceptance figures on
the table of tests/guard_cases.py (bad rephrasings refused, good ones accepted):
- the guard's cost per question: every Nantes question through `guard.check`, against itself and
  against a light variant ("Pour ce projet, …"); baseline: `str.split` of the same text, and
  building the prompt's user message;
- the cache hit path: one rephraser call answered from the disk cache (a new process) and from
  memory, with and without writing its journal event; baseline: the no-LLM path (the graph keeps
  the original);
- a whole headless Nantes instruction, step latency (answer → next question on screen), without
  LLM and with the rephraser on a warm cache and no server at all (the endpoint is a closed port:
  a single call would show as a fallback).

Run: .venv/bin/python bench/bench_llm.py      (figures only, no assertion)
"""

from __future__ import annotations

import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import guard_cases
from _common import summary_ms
from conftest import CALM_PROFILE
from dialogue_helpers import default_value

from assistant.llm import guard, prompt
from assistant.llm import rephraser as rephraser_module
from assistant.llm.client import Completion
from assistant.llm.config import LLMSettings, check_endpoint
from assistant.llm.rephraser import LocalRephraser, install
from dialogues.rephrasing import RephraseRequest
from dialogues.store import Store
from grilles.bundle import build_or_raise
from grilles.catalog import load_catalog
from grilles.formats import version_tag
from journal.log import Actor, Journal

ALICE = Actor("Alice", "metier")
TITLE, DESCRIPTION = "Chatbot RH", "Un agent conversationnel qui répond aux questions des agents sur leurs congés."
REPEAT = 30


def variant(text: str) -> str:
    body = text[:1].lower() + text[1:]
    return "Pour ce projet, " + (body if body.endswith("?") else body.rstrip(" .") + " ?")


def per_call_us(fn, items, repeat: int = REPEAT) -> list[float]:
    """Median time of `fn(item)` per item, in microseconds."""
    out = []
    for item in items:
        runs = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn(item)
            runs.append(time.perf_counter() - t0)
        out.append(statistics.median(runs) * 1e6)
    return out


def line(label: str, values_us: list[float]) -> str:
    ordered = sorted(values_us)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (f"  {label:52} médiane {statistics.median(values_us):8.1f} µs   p95 {p95:8.1f} µs"
            f"   max {max(values_us):8.1f} µs")


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def fake_complete(endpoint, body, timeout, api_key=None):
    """Warm-up only: a model that answers at once, in process (no server, no socket)."""
    text = body["messages"][1]["content"].split("<<<QUESTION>>>\n")[1].split("\n<<<FIN QUESTION>>>")[0]
    return Completion(variant(text), 120, 30, 500.0, "banc")


def run_instruction(store: Store):
    session = store.start(TITLE, ALICE, ["nantes"], description=DESCRIPTION)
    steps = []
    turn = session.turn()
    while turn.kind == "question":
        qid = turn.question.id
        t0 = time.perf_counter()
        session.answer(qid, CALM_PROFILE.get(qid, default_value(turn.question)), ALICE)
        turn = session.turn()
        steps.append(time.perf_counter() - t0)
    return session, steps


def main() -> None:
    catalog = load_catalog()
    bundle = build_or_raise(catalog.selection(["nantes"]))
    entries = [e for e in bundle.entries if e.grid.id == "nantes"]
    texts = [e.question.text for e in entries]
    lex = guard.lexicon(guard.glossary_groups(catalog.glossary.values()))
    pairs_same = [(t, t) for t in texts]
    pairs_variant = [(t, variant(t)) for t in texts]
    accepted = sum(guard.check(o, c, lex=lex).ok for o, c in pairs_variant)

    print(f"Garde : {len(texts)} questions de la boussole de Nantes, médiane de {REPEAT} passages par question")
    print(line("référence : str.split du texte", per_call_us(lambda p: p[0].split(), pairs_same)))
    print(line("référence : message envoyé au modèle (prompt)",
               per_call_us(lambda p: prompt.user_content(p[0], "projet", (), TITLE, DESCRIPTION), pairs_same)))
    print(line("guard.check(texte, texte)", per_call_us(lambda p: guard.check(*p, lex=lex), pairs_same)))
    print(line("guard.check(texte, variante légère)", per_call_us(lambda p: guard.check(*p, lex=lex),
                                                                  pairs_variant)))
    print(line("guard.check sans lexique préparé (glossaire passé)",
               per_call_us(lambda p: guard.check(*p, guard.glossary_groups(catalog.glossary.values())),
                           pairs_variant, 50)))
    print(f"  variantes acceptées : {accepted}/{len(texts)} (refusées à raison : un « ? » ajouté à un texte qui en "
          "a déjà un, ou plus de 400 caractères)")
    print("\nTable de reformulations de la garde (tests/guard_cases.py : questions réelles des grilles fournies)")
    print("  " + guard_cases.report(guard.check).replace("\n", "\n  "))

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        version = version_tag(catalog.get("nantes"))
        settings = LLMSettings(check_endpoint(f"http://127.0.0.1:{closed_port()}"), "banc", "projet", 2.0,
                               cache_dir=tmp / "cache")
        requests = [RephraseRequest("banc", e.id, e.question.text, version, TITLE, DESCRIPTION,
                                    tuple(e.question.glossary)) for e in entries]
        original = rephraser_module.complete
        rephraser_module.complete = fake_complete
        try:  # warm the disk cache: every Nantes question, and a whole instruction (the profile too)
            warm = LocalRephraser(settings, None, catalog.glossary)
            for r in requests:
                warm(r)
            store = Store.open(tmp / "warm.sqlite", tmp / "warm-c.sqlite", catalog)
            install(store, settings)
            run_instruction(store)
            store.close()
        finally:
            rephraser_module.complete = original

        print(f"\nChemin du cache (serveur absent : port fermé), {len(requests)} questions")
        print(line("référence : sans modèle (le texte d'origine)", per_call_us(lambda r: (r.text, False), requests)))
        disk = []
        for r in requests:  # a new process: the memory is empty, the disk answers
            fresh = LocalRephraser(settings, None, catalog.glossary)
            t0 = time.perf_counter()
            fresh(r)
            disk.append((time.perf_counter() - t0) * 1e6)
        print(line("appel, cache disque (nouveau processus), sans journal", disk))
        memo = LocalRephraser(settings, None, catalog.glossary)
        for r in requests:
            memo(r)
        print(line("appel, cache mémoire, sans journal", per_call_us(memo, requests, 50)))
        journal = Journal(tmp / "journal.sqlite")
        logged = LocalRephraser(settings, journal, catalog.glossary)
        print(line("appel, cache mémoire, avec l'événement du journal", per_call_us(logged, requests, 5)))
        assert logged.stats["calls"] == 0 and memo.stats["calls"] == 0 and fresh.stats["calls"] == 0
        journal.close()

        print("\nInstruction Nantes complète, étape réponse → question suivante affichée")
        for label, with_llm in (("sans modèle de langue", False), ("avec reformulation, cache chaud", True)):
            store = Store.open(tmp / f"j-{with_llm}.sqlite", tmp / f"c-{with_llm}.sqlite", catalog)
            rephraser = install(store, settings) if with_llm else None
            t0 = time.perf_counter()
            _, steps = run_instruction(store)
            total = time.perf_counter() - t0
            extra = ""
            if rephraser is not None:
                s = rephraser.stats
                extra = (f" ; {s['cache_hits']} réponses du cache, {s['calls']} appel(s) au modèle, "
                         f"{s['accepted']} reformulation(s) affichée(s)")
            print(f"  {label:32} {summary_ms(steps)}   total {total:6.2f} s, {len(steps)} questions{extra}")
            store.close()


if __name__ == "__main__":
    main()

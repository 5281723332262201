"""Report and registry benchmarks, against baselines measured in the same run:

- the committee report of one realistic instruction (nantes + radar + girouet, two rounds,
  ~330 events): load, model, and each format, vs reading the instruction's events
  (target: report ≤ 100 ms);
- the registry of 10 000 instructions (~20 events each, written with Journal.append; the writing is
  timed apart, it is not the measure) vs `SELECT count(*)` and vs a plain scan of the rows it reads
  (target: ≤ 2 s).

Prints figures, asserts nothing. Run: .venv/bin/python bench/bench_reports.py [--instructions N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the realistic instruction of the tests

from grilles.catalog import load_catalog  # noqa: E402
from journal import csv_export, kinds, pdf, registry, report_model, supplier, supplier_form  # noqa: E402
from journal.log import Actor, Journal  # noqa: E402
from journal.verify import verify  # noqa: E402
from journal.view import build  # noqa: E402


def median_time(fn, repeat: int = 15) -> float:
    fn()  # warm-up (imports, caches)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def row(label: str, seconds: float, baseline: float | None = None, target: float | None = None) -> str:
    ratio = f"{seconds / baseline:8.1f}×" if baseline else " " * 9
    goal = ""
    if target is not None:
        goal = f"  cible ≤ {target * 1000:,.0f} ms : {'oui' if seconds <= target else 'NON'}".replace(",", " ")
    return f"  {label:<52} {seconds * 1000:10.2f} ms {ratio}{goal}"


# --- one realistic report ------------------------------------------------------------------


def bench_report(tmp: Path, catalog) -> None:
    from helpers_play import REPHRASED_QUESTION, REPHRASED_TEXT, open_store, realistic, rephrase_one

    t0 = time.perf_counter()
    store = open_store(tmp, catalog, rephrase=rephrase_one(REPHRASED_QUESTION, REPHRASED_TEXT))
    session = realistic(store)
    store.close()
    played = time.perf_counter() - t0
    journal = Journal(tmp / "j.sqlite")
    iid = session.id
    n_events = len(journal.events(iid))
    print(f"\nFiche d'instruction : une instruction réaliste ({n_events} événements ; dialogue joué en "
          f"{played:.1f} s, hors mesure)")

    baseline = median_time(lambda: journal.events(iid))
    t_view = median_time(lambda: build(iid, journal.events(iid)))
    t_load = median_time(lambda: report_model.load(journal, iid, catalog))
    view, bundle = report_model.load(journal, iid, catalog)
    t_verify = median_time(lambda: verify(journal), repeat=5)
    verdict = verify(journal)
    t_model = median_time(lambda: report_model.build_report(view, bundle, verdict))
    model = report_model.build_report(view, bundle, verdict)
    print(f"  {'mesure':<52} {'durée':>13} {'/ base':>9}")
    print(row("base : lire les événements de l'instruction", baseline))
    print(row("vue reconstruite (lecture + repli)", t_view, baseline))
    print(row("chargement (lecture + vue + grilles)", t_load, baseline))
    print(row("modèle de la fiche (règles, notes, par tour)", t_model, baseline))
    print(row(f"vérification de la chaîne ({journal.count()} événements)", t_verify, baseline))
    for fmt in report_model.FORMATS:
        if fmt == "pdf":  # LibreOffice's own start (seconds): measured once, outside the targets
            if pdf.soffice() is not None:
                print(row("rendu pdf (odt + LibreOffice, une fois)", median_time(
                    lambda: report_model.export(model, "pdf"), repeat=1), baseline))
            continue
        t_fmt = median_time(lambda fmt=fmt: report_model.export(model, fmt))  # called here: bound for clarity
        total = t_load + t_model + t_fmt
        target = 0.100 if fmt in ("md", "html", "docx") else None
        print(row(f"rendu {fmt}", t_fmt, baseline))
        print(row(f"  fiche {fmt} complète (chargement + modèle + rendu)", total, baseline, target))
    print(row("points ouverts (CSV)", median_time(lambda: csv_export.open_points_csv(view, bundle)), baseline))
    print(row("questionnaire fournisseur (modèle + docx)",
              median_time(lambda: supplier.export(supplier.build_questionnaire(view, bundle), "docx")), baseline))
    for fmt in supplier_form.FORMATS:
        print(row(f"questionnaire à remplir ({fmt})", median_time(
            lambda fmt=fmt: supplier_form.export(supplier.build_questionnaire(view, bundle), fmt)), baseline))
    journal.close()


# --- the registry of 10 000 instructions ---------------------------------------------------

PROFILE_ANSWERS = [
    ("profil.type_ia", {"kind": "valeur", "value": ["generative"]}),
    ("profil.apprentissage_profond", {"kind": "valeur", "value": "oui"}),
    ("profil.entrainement", {"kind": "valeur", "value": "modele_preentraine"}),
    ("profil.donnees_personnelles", {"kind": "valeur", "value": "non"}),
    ("profil.donnees_biometriques", {"kind": "nsp"}),
    ("profil.donnees_critiques", {"kind": "valeur", "value": "non"}),
    ("profil.utilisateurs", {"kind": "valeur", "value": "agents"}),
    ("profil.stade", {"kind": "valeur", "value": "experimentation"}),
]


def synthetic_journal(path: Path, instructions: int) -> int:
    """~20 events per instruction, each written with Journal.append (one transaction, hash chain)."""
    journal = Journal(path)
    me = Actor("Banc d'essai", "metier")
    for i in range(instructions):
        iid = f"synthetique-{i:05d}"
        journal.append(iid, kinds.OPENED, {"title": f"Projet {i}", "service": f"Service {i % 17}", "description": "",
                                           "mode": "complete", "grids": ["profil", "nantes"],
                                           "grid_versions": {"profil": "1.0@0", "nantes": "2025@0"}}, me)
        journal.append(iid, kinds.PARTICIPANT, {"name": me.name, "role": me.role}, me)
        for question, answer in PROFILE_ANSWERS:
            journal.append(iid, kinds.SHOWN, {"question": question, "text": "…", "rephrased": False})
            journal.append(iid, kinds.ANSWERED, {"question": question, "answer": answer}, me)
        journal.append(iid, kinds.SKIPPED, {"question": "profil.donnees_sensibles", "condition": "…", "owner": "…",
                                            "causes": [], "message": "sans objet"})
        if i % 5 == 0:
            journal.append(iid, kinds.RED_LINE, {"rule": "biometrie", "severity": "ligne_rouge",
                                                 "title": "Recours à la biométrie", "message": "…", "source": {},
                                                 "causes": []})
        if i % 2 == 0:
            journal.append(iid, kinds.DECISION, {"decision": "favorable", "label": "Avis favorable",
                                                 "rationale": "…", "people": [], "red_lines": []}, me)
        if i % 10 == 0:
            journal.append(iid, kinds.ROUND, {"round": 2, "reason": "suivi", "stage": "production"}, me)
    count = journal.count()
    journal.close()
    return count


def bench_registry(tmp: Path, catalog, instructions: int) -> None:
    path = tmp / "registre.sqlite"
    t0 = time.perf_counter()
    events = synthetic_journal(path, instructions)
    generated = time.perf_counter() - t0
    print(f"\nRegistre : {instructions:_} instructions, {events:_} événements (écrits par Journal.append en "
          f"{generated:.1f} s, hors mesure)".replace("_", " "))
    journal = Journal(path)
    conn = journal.db.conn
    count = median_time(lambda: conn.execute("SELECT count(*) FROM events").fetchone(), repeat=5)
    scan = median_time(lambda: conn.execute("SELECT instruction, kind, at, payload FROM events ORDER BY seq")
                       .fetchall(), repeat=5)
    t_rows = median_time(lambda: registry.rows(journal, catalog), repeat=5)
    rows = registry.rows(journal, catalog)
    t_csv = median_time(lambda: registry.to_csv(rows), repeat=5)
    t_json = median_time(lambda: registry.to_json(rows), repeat=5)
    print(f"  {'mesure':<52} {'durée':>13} {'/ count(*)':>9}")
    print(row("base : SELECT count(*) FROM events", count))
    print(row("base : lire toutes les lignes (instruction, type, payload)", scan, count))
    print(row("registre : une passe SQL + repli par instruction", t_rows, count))
    print(row("  export CSV", t_csv, count))
    print(row("  export JSON", t_json, count))
    print(row("registre complet (lignes + CSV)", t_rows + t_csv, count, target=2.0))
    print(f"  registre / lecture brute des lignes : {t_rows / scan:.2f}×")
    journal.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--instructions", type=int, default=10_000)
    args = parser.parse_args()
    t0 = time.perf_counter()
    catalog = load_catalog()
    print(f"Grilles chargées en {(time.perf_counter() - t0) * 1000:.0f} ms (une fois par processus, hors mesures)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "fiche").mkdir()
        bench_report(tmp / "fiche", catalog)
        bench_registry(tmp, catalog, args.instructions)


if __name__ == "__main__":
    main()

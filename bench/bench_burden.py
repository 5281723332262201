"""Burden benchmark (issue 9: less to answer, nothing lost).

For the example answer files and a few contrasted profiles, against the four bundled grids
(Nantes, radar, girouet, Tours), it counts what a team types, what it only confirms (an answer
the grids offer because another answer implies it) and what goes to the supplier as open points,
and compares with the grids as they were before this work (commit 4a0abee), loaded from git in
the same run: same answers, same rules engine, only the grids differ.

Questions lost: a question answered with the old grids that the new ones neither ask nor skip
for a reason, or that no longer exists without its content being asked elsewhere, is lost. The
target is zero, and at least 30 % fewer answers to type on a simple internal project.

Questions the new grids no longer ask are listed with the answer that makes them irrelevant (the
GPU part at 0 hour, for instance), and those the old grids skipped wrongly are listed as found
again (Nantes 16 to 20 at the idea stage, the public reached through an agent).

Run: .venv/bin/python bench/bench_burden.py [--detail]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from dialogue_helpers import default_value  # noqa: E402  (the same plausible answer for both grid versions)

from grilles.answers import Answer, parse_answer  # noqa: E402
from grilles.bundle import Bundle, build_or_raise  # noqa: E402
from grilles.catalog import BUNDLED, grid_files, load_catalog  # noqa: E402
from grilles.loader import load_grid, read_yaml  # noqa: E402
from grilles.prefill import DEFERRED, offer_for  # noqa: E402
from grilles.rules import ANSWERED, DECLARED_NA, SKIPPED, UNKNOWN, evaluate  # noqa: E402
from grilles.schema import NOT_APPLICABLE  # noqa: E402

BASELINE = "4a0abee"  # the grids at the branch point of issue 9
GRIDS = ["nantes", "radar", "girouet", "tours"]
EXAMPLES = ROOT / "dialogues" / "exemples"
# An answer the old grids could not take, as a team would have given it there.
OLD_CHOICES = {"profil.utilisateurs": {"par_les_agents": "agents"}}  # « agents only », the old option
# Questions removed on purpose, and where their content is asked now.
MERGED = {"nantes.q34_architecture": "nantes.q34",  # q34 itself asks for the architecture
          "profil.apprentissage_profond": "nantes.q34"}  # it only opened q34's duplicate

SIMPLE = {  # an idea of an internal tool: no personal data, no deep learning, no supplier chosen yet
    "profil.type_ia": ["predictive"], "profil.entrainement": "pas_defini", "profil.apprentissage_profond": "non",
    "profil.donnees_personnelles": "non", "profil.donnees_biometriques": "non", "profil.donnees_critiques": "non",
    "profil.utilisateurs": "agents", "profil.decisions_individuelles": "aucun",
    "profil.pratiques_interdites": ["aucune"], "profil.domaine_haut_risque": ["aucun"],
    "profil.hebergement": "collectivite", "profil.garantie_confidentialite": "oui", "profil.stade": "idee",
    "profil.fournisseur_connu": "non", "profil.alternative_etudiee": "oui",
    "nantes.q05": "non", "nantes.q83": "non",
}
PROFILES = {
    "projet interne simple, idée, fournisseur à choisir": SIMPLE,
    "projet interne simple, fournisseur connu": {**SIMPLE, "profil.fournisseur_connu": "oui",
                                                 "profil.entrainement": "collectivite", "nantes.q46": 0},
    "courriers aux usagers rédigés par des agents": {
        **SIMPLE, "profil.type_ia": ["generative"], "profil.entrainement": "modele_preentraine",
        "profil.apprentissage_profond": "oui", "profil.donnees_personnelles": "oui", "profil.base_juridique": "oui",
        "profil.donnees_sensibles": "non", "profil.utilisateurs": "par_les_agents", "profil.hebergement": "france",
        "profil.fournisseur_connu": "oui", "nantes.q46": 2000},
    "service au public, données sensibles, hors UE, en expérimentation": {
        **SIMPLE, "profil.type_ia": ["generative", "discriminative"],
        "profil.entrainement": "fournisseur_donnees_collectivite",
        "profil.apprentissage_profond": "oui", "profil.donnees_personnelles": "oui", "profil.base_juridique": "oui",
        "profil.donnees_sensibles": "oui", "profil.donnees_critiques": "oui", "profil.utilisateurs": "les_deux",
        "profil.decisions_individuelles": "aide", "profil.information_personnes": "oui",
        "profil.domaine_haut_risque": ["services_essentiels"], "profil.hebergement": "hors_ue",
        "profil.garantie_confidentialite": "non", "profil.stade": "experimentation", "profil.fournisseur_connu": "oui",
        "nantes.q46": 5000},
}


@dataclass
class Walk:
    typed: list[str] = field(default_factory=list)  # answers a person types or picks
    confirmed: list[str] = field(default_factory=list)  # offered by the grids, confirmed as is
    deferred: list[str] = field(default_factory=list)  # offered « je ne sais pas », for the supplier
    answered: set[str] = field(default_factory=set)  # every question with an answer in force
    skipped: dict[str, str] = field(default_factory=dict)  # question -> why


def planned_answer(q, raw, qid: str = "") -> Answer:
    if isinstance(raw, str) and raw in OLD_CHOICES.get(qid, {}) and raw not in [o.value for o in q.options]:
        raw = OLD_CHOICES[qid][raw]
    if isinstance(raw, dict):
        if NOT_APPLICABLE in raw:
            return parse_answer(q, NOT_APPLICABLE, str(raw[NOT_APPLICABLE]))
        raw = raw.get("valeur")
    return parse_answer(q, raw)


def walk(bundle: Bundle, planned: dict, offers: bool) -> Walk:
    """Answer question after question as the dialogue asks them: the planned answer, else the
    grids' offer (confirmed), else a default."""
    out, answers = Walk(), {}
    while True:
        ev = evaluate(bundle, answers)
        entry = ev.next_question
        if entry is None:
            break
        q = entry.question
        offer = offer_for(bundle, ev, entry.id) if offers else None
        mine = planned_answer(q, planned[entry.id], entry.id) if entry.id in planned else None
        if offer is not None and (mine is None or mine == offer.answer):
            answers[entry.id] = offer.answer
            (out.deferred if offer.kind == DEFERRED else out.confirmed).append(entry.id)
        else:
            answers[entry.id] = mine if mine is not None else parse_answer(q, default_value(entry))
            out.typed.append(entry.id)
    for qid, st in ev.statuses.items():
        if st.status in (ANSWERED, UNKNOWN, DECLARED_NA):
            out.answered.add(qid)
        elif st.status == SKIPPED:
            out.skipped[qid] = st.reason.message
    return out


def baseline_grids(directory: Path) -> list:
    """The grids of commit 4a0abee, written out of git into `directory`."""
    loaded = []
    for path in grid_files(BUNDLED):
        rel = path.relative_to(ROOT).as_posix()
        try:
            text = subprocess.run(["git", "show", f"{BASELINE}:{rel}"], cwd=ROOT, capture_output=True, text=True,
                                  check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            sys.exit(f"bench_burden : impossible de lire {rel} au commit {BASELINE} (historique git nécessaire)")
        target = directory / path.name
        target.write_text(text, encoding="utf-8")
        loaded.append(load_grid(target))
    return loaded


def order(grids) -> list:
    by_id = {g.grid.id: g for g in grids}
    return [by_id["profil"]] + [by_id[g] for g in GRIDS]


def example_answers(path: Path) -> dict:
    data, _, _ = read_yaml(path)
    return dict((data or {}).get("reponses") or {})


def compare(label: str, planned: dict, before: Bundle, after: Bundle, detail: bool) -> dict:
    old, new = walk(before, planned, offers=False), walk(after, planned, offers=True)
    lost, dropped, found = [], [], []
    for qid in sorted(old.answered, key=lambda q: before.by_id[q].index):
        if qid in new.answered:
            continue
        if qid not in after.by_id:
            target = MERGED.get(qid)
            if target is None or target not in new.answered:
                lost.append(qid)
        elif qid in new.skipped:
            dropped.append(qid)
        else:
            lost.append(qid)
    for qid in sorted(new.answered, key=lambda q: after.by_id[q].index):
        if qid in before.by_id and qid in old.skipped:
            found.append(qid)
    typed_before, typed_after = len(old.typed), len(new.typed)
    row = {"cas": label, "avant": typed_before, "apres": typed_after, "confirmees": len(new.confirmed),
           "reportees": len(new.deferred), "perdues": len(lost), "ecartees": dropped, "retrouvees": found,
           "gain": 1 - typed_after / typed_before if typed_before else 0.0}
    if detail:
        print(f"\n— {label}")
        print(f"  confirmées : {', '.join(new.confirmed) or '—'}")
        print(f"  reportées au fournisseur : {len(new.deferred)}")
        for qid in dropped:
            print(f"  écartée à présent : {qid} — {new.skipped[qid]}")
        print(f"  retrouvées (écartées à tort avant) : {', '.join(found) or '—'}")
        if lost:
            print(f"  PERDUES : {', '.join(lost)}")
    return row


def main(argv: list[str]) -> int:
    detail = "--detail" in argv
    catalog = load_catalog()
    after = build_or_raise(order(catalog.grids.values()))
    with tempfile.TemporaryDirectory() as tmp:
        before = build_or_raise(order(baseline_grids(Path(tmp))))
    cases = [(f"exemple {p.stem}", example_answers(p)) for p in sorted(EXAMPLES.glob("*.yaml"))]
    cases += list(PROFILES.items())
    rows = [compare(label, planned, before, after, detail) for label, planned in cases]
    print(f"\nRéponses à saisir, quatre grilles (Nantes, radar, girouet, Tours) ; référence : les grilles du "
          f"commit {BASELINE}, mesurées dans la même exécution.")
    print(f"{'cas':<62} {'avant':>5} {'après':>5} {'gain':>6} {'confirmées':>10} {'reportées':>9} {'perdues':>7}")
    for r in rows:
        print(f"{r['cas'][:62]:<62} {r['avant']:>5} {r['apres']:>5} {r['gain']:>6.0%} {r['confirmees']:>10} "
              f"{r['reportees']:>9} {r['perdues']:>7}")
    simple = rows[len(rows) - len(PROFILES)]
    lost = sum(r["perdues"] for r in rows)
    print(f"\nProjet interne simple : {simple['gain']:.0%} de réponses à saisir en moins (cible ≥ 30 %) "
          f"{'✓' if simple['gain'] >= 0.30 else '✗'} ; questions perdues, tous cas : {lost} (cible 0) "
          f"{'✓' if lost == 0 else '✗'}.")
    found = sorted({q for r in rows for q in r["retrouvees"]})
    print(f"Questions retrouvées (écartées à tort par les anciennes grilles) : {', '.join(found) or '—'}.")
    return 0 if simple["gain"] >= 0.30 and lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

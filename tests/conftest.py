"""Shared fixtures: the bundled grids, and a helper to answer questions by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from grilles.answers import Answer, parse_answer
from grilles.bundle import build_or_raise
from grilles.catalog import load_catalog

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def bundle_for(catalog):
    cache = {}

    def make(*grid_ids: str):
        if grid_ids not in cache:
            cache[grid_ids] = build_or_raise(catalog.selection(grid_ids))
        return cache[grid_ids]

    return make


@pytest.fixture()
def journal_copy(tmp_path_factory, catalog, tmp_path):
    """A private copy of the realistic journal (built once per session) and its instruction."""
    from helpers_play import copy_journal, shared_realistic  # drives the dialogue: imported by those who ask

    source, instruction = shared_realistic(tmp_path_factory, catalog)
    return copy_journal(source, tmp_path), instruction


def answers_of(bundle, raw: dict) -> dict[str, Answer]:
    """Answers keyed by qualified id, from plain values ('oui', ['a'], 3, 'nsp', ('na', 'why'))."""
    out = {}
    for qid, value in raw.items():
        q = bundle.by_id[qid].question
        if isinstance(value, tuple) and value and value[0] == "na":
            out[qid] = parse_answer(q, "na", value[1])
        else:
            out[qid] = parse_answer(q, value)
    return out


# A profile that raises nothing: no personal data, agents only, human decides, EU hosting.
CALM_PROFILE = {
    "profil.type_ia": ["predictive"],
    "profil.entrainement": "collectivite",
    "profil.donnees_personnelles": "non",
    "profil.donnees_biometriques": "non",
    "profil.donnees_critiques": "non",
    "profil.utilisateurs": "agents",
    "profil.decisions_individuelles": "aucun",
    "profil.pratiques_interdites": ["aucune"],
    "profil.domaine_haut_risque": ["aucun"],
    "profil.hebergement": "france",
    "profil.garantie_confidentialite": "oui",
    "profil.stade": "idee",
    "profil.fournisseur_connu": "oui",
    "profil.alternative_etudiee": "oui",
}

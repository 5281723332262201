"""The public register (Algorithmic Transparency Standard 0.3.1): only what the organisation chose to
publish, an act recorded in the journal; never a pre-check, a demonstration or an undecided idea;
JSON and CSV with the standard's names, a static HTML page with no script and no external resource."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers_play import ALICE, RISKY_PROFILE, copy_journal, play, shared_realistic

from journal import kinds
from journal.log import Journal
from journal.public_register import ATTRIBUTES, STANDARD_VERSION

PUBLISH = ["--par", "Sophie Durand", "--objectif", "Répondre aux questions des agents sur leurs congés.",
           "--effets", "Des réponses plus rapides pour les agents ; aucune décision à leur sujet.",
           "--proportionnalite", "Notes de service publiques seulement.", "--base-legale",
           "Obligation d'information de l'employeur public.", "--domaine", "Ressources humaines",
           "--revue", "2027-12-01", "--description-courte", "Un agent conversationnel répond aux questions des agents."]


@pytest.fixture()
def setup(tmp_path_factory, catalog, tmp_path):
    source, realistic = shared_realistic(tmp_path_factory, catalog)
    path = copy_journal(source, tmp_path)
    from dialogues.store import Store

    store = Store.open(path, tmp_path / "reprises.sqlite", catalog)
    pre = store.start("Idée de tri des courriers", ALICE, [], mode="pre_examen")
    play(pre, ALICE, RISKY_PROFILE)
    undecided = store.start("Idée non décidée", ALICE, ["tours"])
    undecided.answer("profil.type_ia", ["predictive"], ALICE)
    store.close()
    config = tmp_path / "config.toml"
    config.write_text('[organisation]\nnom = "Métropole exemple"\ncontact = "ia@metropole.example"\n',
                      encoding="utf-8")
    return {"journal": path, "realistic": realistic, "pre": pre.id, "undecided": undecided.id, "config": config}


def instruire(setup, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "INSTRUIRE_CONFIG": str(setup["config"])}
    return subprocess.run([sys.executable, "-m", "assistant.cli", "--journal", str(setup["journal"]), *args],
                          capture_output=True, text=True, timeout=120, env=env, stdin=subprocess.DEVNULL)


def register(setup, fmt: str) -> str:
    done = instruire(setup, "registre", "--format", fmt)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_nothing_is_public_until_published_and_publishing_is_a_recorded_act(setup):
    assert json.loads(register(setup, "json"))["registrations"] == []
    done = instruire(setup, "publier", setup["realistic"], *PUBLISH)
    assert done.returncode == 0, done.stderr
    with Journal(setup["journal"]) as j:
        events = j.events(setup["realistic"], [kinds.PUBLISHED])
    assert len(events) == 1 and events[0].actor_name == "Sophie Durand"
    assert events[0].payload["attributes"]["goal"].startswith("Répondre aux questions")
    data = json.loads(register(setup, "json"))
    assert [r["name"] for r in data["registrations"]] == ["Chatbot RH <script>alert(1)</script>"]
    assert data["standard_version"] == STANDARD_VERSION and data["organization"] == "Métropole exemple"


def test_attributes_of_the_standard_derived_from_the_journal(setup):
    assert instruire(setup, "publier", setup["realistic"], *PUBLISH).returncode == 0
    r = json.loads(register(setup, "json"))["registrations"][0]
    assert list(r) == list(ATTRIBUTES)
    assert r["organization"] == "Métropole exemple" and r["contact_email"] == "ia@metropole.example"
    assert r["department"] == "DRH" and r["status"] == "operational"  # the stage: production
    assert r["risk_category"] == "high risk"  # employment, annex III: declared by the grid's rule
    assert any("Décision individuelle entièrement automatisée" in x for x in r["risks"])
    assert r["human_intervention"].startswith("La décision est prise par le système")
    assert r["lang"] == "fr" and r["standard_version"] == "0.3.1" and r["revision_date"] == "2027-12-01"
    assert len(r["description_short"]) <= 150
    rows = list(csv.reader(io.StringIO(register(setup, "csv"))))
    assert rows[0] == list(ATTRIBUTES) and rows[1][0] == r["name"]


def test_a_pre_check_and_an_undecided_idea_cannot_be_published(setup):
    for key in ("pre", "undecided"):
        done = instruire(setup, "publier", setup[key], *PUBLISH)
        assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "un pré-examen ne se publie pas" in instruire(setup, "publier", setup["pre"], *PUBLISH).stderr
    assert "une idée non décidée ne se publie pas" in instruire(setup, "publier", setup["undecided"], *PUBLISH).stderr
    with Journal(setup["journal"]) as j:
        assert not j.events(kinds_=[kinds.PUBLISHED])
    assert json.loads(register(setup, "json"))["registrations"] == []


def test_a_demonstration_never_reaches_the_register(setup, tmp_path):
    demo = tmp_path / "demo.sqlite"  # the app plays a demonstration in a journal of its own
    example = Path(__file__).resolve().parents[1] / "dialogues" / "exemples" / "fuites-eau.yaml"
    played = subprocess.run([sys.executable, "-m", "assistant.cli", "--journal", str(demo), "jouer", "--reponses",
                             str(example)], capture_output=True, text=True, timeout=120)
    assert played.returncode == 0, played.stderr
    assert instruire(setup, "publier", setup["realistic"], *PUBLISH).returncode == 0
    names = [r["name"] for r in json.loads(register(setup, "json"))["registrations"]]
    assert names == ["Chatbot RH <script>alert(1)</script>"]


def test_what_was_asked_once_is_not_asked_again_and_withdrawal_is_an_act(setup):
    missing = instruire(setup, "publier", setup["realistic"], "--par", "Sophie Durand")
    assert missing.returncode != 0 and "--objectif" in missing.stderr and "--revue" in missing.stderr
    assert instruire(setup, "publier", setup["realistic"], *PUBLISH).returncode == 0
    again = instruire(setup, "publier", setup["realistic"], "--par", "Sophie Durand")
    assert again.returncode == 0, again.stderr  # the answers given at the first publication are kept
    assert instruire(setup, "publier", setup["realistic"], "--par", "Sophie Durand", "--retirer").returncode == 0
    assert json.loads(register(setup, "json"))["registrations"] == []
    with Journal(setup["journal"]) as j:
        assert [e.kind for e in j.events(setup["realistic"], [kinds.PUBLISHED, kinds.UNPUBLISHED])] == [
            kinds.PUBLISHED, kinds.PUBLISHED, kinds.UNPUBLISHED]


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def test_the_html_page_is_static_accessible_and_self_contained(setup, tmp_path):
    assert instruire(setup, "publier", setup["realistic"], *PUBLISH).returncode == 0
    out = tmp_path / "site"
    done = instruire(setup, "registre", "--dossier", str(out))
    assert done.returncode == 0, done.stderr
    assert {p.name for p in out.iterdir()} == {"registre.json", "registre.csv", "registre.html"}
    html = (out / "registre.html").read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert not [v for name, v in page.attrs if name in ("src", "href", "action")]
    assert "http" not in html.replace("ia@metropole.example", "") and "@import" not in html
    assert '<html lang="fr">' in html and page.tags.count("h1") == 1 and "dl" in page.tags
    text = "".join(page.text)
    assert "Chatbot RH <script>alert(1)</script>" in text  # shown, escaped, never run
    for label in ("Objectif", "Catégorie de risque", "haut risque", "Prochaine revue", "01/12/2027",
                  "Métropole exemple"):
        assert label in text, label


def test_a_broken_journal_is_said_at_the_top_of_the_register(setup):
    import sqlite3

    assert instruire(setup, "publier", setup["realistic"], *PUBLISH).returncode == 0
    db = sqlite3.connect(setup["journal"])
    db.execute("UPDATE events SET actor_name = 'Autre' WHERE seq = 3")
    db.commit()
    db.close()
    assert json.loads(register(setup, "json"))["warning"].startswith("JOURNAL ALTÉRÉ")
    assert list(csv.reader(io.StringIO(register(setup, "csv"))))[0][0].startswith("JOURNAL ALTÉRÉ")
    html = register(setup, "html")
    assert html.index("JOURNAL ALTÉRÉ") < html.index("<article")

"""Two people on one instruction at once, in two processes: the team answering on its screen and a
DPO's answers file played meanwhile (`instruire jouer --instruction`). Each act is checked against
the journal as it is when written: no answer is lost or doubled, the chain stays valid, and both
then show the same next question."""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from conftest import CALM_PROFILE
from dialogue_helpers import ALICE, default_value, new_store

from grilles.answers import parse_answer
from grilles.schema import AnswerType
from journal import kinds
from journal.log import Journal
from journal.verify import verify

CHILD = Path(__file__).parent / "two_people_child.py"
# The DPO answers, differently, the very questions the team starts with, then some further on: on
# each one they race for, whoever writes second is told, never silently overwritten.
EXPERT_QUESTIONS = ["profil.type_ia", "profil.entrainement", "profil.donnees_critiques",
                    "profil.donnees_personnelles", "profil.donnees_biometriques", "nantes.q01", "nantes.q02",
                    "nantes.q04", "nantes.q05", "nantes.q06", "nantes.q07",
                    "nantes.q09", "nantes.q10", "nantes.q21", "nantes.q22", "nantes.q23", "nantes.q24"]


def differently(entry):
    """An answer the team (dialogue_helpers.default_value) would not give."""
    q = entry.question
    if q.type is AnswerType.yes_no:
        return "oui" if CALM_PROFILE.get(entry.id) == "non" else "non"
    if q.type is AnswerType.single and entry.id not in CALM_PROFILE:
        return q.options[-1].value
    if q.type is AnswerType.multiple:
        return [[o.value for o in q.options if not o.exclusive][-1]]
    if entry.id in CALM_PROFILE:
        return next(o.value for o in q.options if o.value != CALM_PROFILE[entry.id])
    if q.type is AnswerType.text:
        return "Réponse du DPO."
    return default_value(entry, level=2)


def expert_file(directory: Path, bundle) -> Path:
    answers = {qid: differently(bundle.by_id[qid]) for qid in EXPERT_QUESTIONS}
    path = directory / "dpo.yaml"
    path.write_text(json.dumps({"participants": [{"nom": "Karim Benali", "role": "dpo_juriste"}],
                                "reponses": answers}, ensure_ascii=False), encoding="utf-8")
    return path


def test_two_processes_on_one_instruction_lose_and_double_nothing_and_agree(tmp_path, catalog):
    store = new_store(tmp_path, catalog)
    session = store.start("Deux équipes", ALICE, ["nantes"])
    bundle = session.bundle
    store.close()
    dpo = expert_file(tmp_path, bundle)
    procs = {role: subprocess.Popen([sys.executable, str(CHILD), role, str(tmp_path), session.id, *extra],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for role, extra in (("equipe", []), ("expert", [str(dpo)]))}
    for p in procs.values():
        assert p.stdout.readline().strip() == "READY", p.stderr.read()
    (tmp_path / "go").touch()  # both at once
    done = {role: json.loads(p.stdout.readline() or "null") for role, p in procs.items()}
    assert all(done.values()), {r: p.stderr.read() for r, p in procs.items()}
    (tmp_path / "fin").touch()
    final = {role: json.loads(p.stdout.readline()) for role, p in procs.items()}
    for p in procs.values():
        assert p.wait(timeout=120) == 0, p.stderr.read()

    with Journal(tmp_path / "journal.sqlite") as journal:
        events = journal.events(session.id)
        assert verify(journal).ok  # the chain is valid
    answers = [e for e in events if e.kind in (kinds.ANSWERED, kinds.CHANGED)]
    first = Counter(e.payload["question"] for e in answers if e.kind == kinds.ANSWERED)
    assert max(first.values()) == 1  # no question answered twice over
    # every answer a process was told is recorded is in the journal once, by its author (or was already
    # there, the same, from the other: nothing to write); every one it was told is refused is not
    def key(e):
        return e.payload["question"], json.dumps(e.payload["answer"], sort_keys=True)

    for role, author in (("equipe", "Alice Martin"), ("expert", "Karim Benali")):
        written = Counter(key(e) for e in answers if e.actor_name == author)
        others = {key(e) for e in answers if e.actor_name != author}
        told = Counter((q, json.dumps(parse_answer(bundle.by_id[q].question, v).to_json(), sort_keys=True))
                       for q, v in done[role]["recorded"])
        assert not written - told, role  # nothing written that its author was not told
        assert all(k in others for k in told - written), role
        for qid, why in done[role]["refused"]:
            assert not any(e.payload["question"] == qid and e.actor_name == author for e in answers), (role, qid)
            assert "n'est pas enregistrée" in why
    assert len(done["equipe"]["recorded"]) > 30 and done["expert"]["recorded"]
    # both show the same next question, the graph agrees, and so does a process opening it now
    assert final["equipe"]["next"] == final["expert"]["next"]
    assert final["equipe"]["graph"] == final["equipe"]["next"] and final["expert"]["graph"] == final["expert"]["next"]
    store = new_store(tmp_path, catalog)
    turn = store.resume(session.id).turn()
    assert [turn.kind, turn.question.id if turn.question else None] == final["equipe"]["next"]
    store.close()

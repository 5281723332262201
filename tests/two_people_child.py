"""Child process for the two-people test: one role on a shared instruction, then where it stands.

    equipe DIR INSTRUCTION : answers the waiting question, in order, as a screen would (seen=…)
    expert DIR INSTRUCTION FILE : plays an answers file on the instruction (`instruire jouer --instruction`)

Each prints READY, waits for DIR/go, acts, prints one JSON line of what it did, then waits for
DIR/fin and prints one JSON line with the turn it then reads (what its screen would show).
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from conftest import CALM_PROFILE
from dialogue_helpers import ALICE, default_value, new_store

from dialogues.errors import DialogueError
from grilles.catalog import load_catalog

TEAM_ANSWERS = 45


def wait_for(path: Path) -> None:
    while not path.exists():
        time.sleep(0.005)


def team(session) -> dict:
    recorded, refused = [], []
    for _ in range(TEAM_ANSWERS):
        turn = session.present()
        if turn.kind != "question":
            break
        qid = turn.question.id
        value = CALM_PROFILE.get(qid, default_value(turn.question))
        try:
            session.answer(qid, value, ALICE, seen=turn.position)
            recorded.append([qid, value])
        except DialogueError as exc:
            refused.append([qid, str(exc)])
    return {"recorded": recorded, "refused": refused}


def expert(store, session, path: str) -> dict:
    from dialogues.play import play, read_answers_file

    plan = read_answers_file(Path(path), store, session=session)
    _, result = play(store, plan, session=session)
    refused = {r["question"]: r["raison"] for r in result.get("reponses_refusees", [])}
    unused = set(result.get("reponses_inutilisees", []))
    recorded = [[q, item.value] for q, item in plan.answers.items() if q not in refused and q not in unused]
    return {"recorded": recorded, "refused": [[q, why] for q, why in refused.items()], "unused": sorted(unused)}


def main(role: str, directory: str, instruction: str, *rest: str) -> None:
    folder = Path(directory)
    store = new_store(folder, load_catalog())
    session = store.resume(instruction)
    print("READY", flush=True)
    wait_for(folder / "go")
    done = team(session) if role == "equipe" else expert(store, session, rest[0])
    print(json.dumps(done, ensure_ascii=False), flush=True)
    wait_for(folder / "fin")
    turn = session.turn()
    graph = session.level()
    print(json.dumps({"next": [turn.kind, turn.question.id if turn.question else None],
                      "graph": [graph.kind, graph.question]}), flush=True)
    store.close()


if __name__ == "__main__":
    main(*sys.argv[1:])

"""Child process for the kill -9 test: resumes an instruction and answers until killed."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from conftest import CALM_PROFILE
from dialogue_helpers import ALICE, default_value, new_store

from grilles.catalog import load_catalog


def main(directory: str, instruction: str) -> None:
    store = new_store(Path(directory), load_catalog())
    session = store.resume(instruction)
    print("READY", flush=True)
    while True:
        turn = session.present()
        if turn.kind != "question":
            print("DONE", flush=True)
            return
        qid = turn.question.id
        session.answer(qid, CALM_PROFILE.get(qid, default_value(turn.question)), ALICE)
        print("ANSWERED", qid, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

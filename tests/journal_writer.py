"""Child process for the concurrency test: appends N events to a shared journal."""

import sys

from journal import kinds
from journal.log import Actor, Journal


def main(path: str, worker: str, count: int) -> None:
    journal = Journal(path)
    for i in range(count):
        journal.append(f"instr-{worker}", kinds.NOTE, {"question": None, "text": f"{worker}:{i}"},
                       Actor(f"agent {worker}", "metier"))
    journal.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))

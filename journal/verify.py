"""Walking the hash chain: the first event that was changed, deleted or reordered."""

from __future__ import annotations

from dataclasses import dataclass

from journal.log import GENESIS, Journal, chain_hash


@dataclass(frozen=True)
class Verdict:
    ok: bool
    count: int
    first_bad: int | None = None  # seq of the first event that does not hold
    message: str = ""


def verify(journal: Journal) -> Verdict:
    prev = GENESIS
    expected_seq = 1
    count = 0
    for row in journal.raw_rows():
        seq, at, instruction, kind, actor_name, actor_role, grid, grid_version, payload, prev_hash, digest = row
        count += 1
        texts = (at, instruction, kind, actor_name or "", actor_role or "", grid or "", grid_version or "", payload,
                 prev_hash)
        if not isinstance(seq, int) or not all(isinstance(t, str) for t in texts):
            return Verdict(False, count, seq if isinstance(seq, int) else None,
                           f"événement {seq} : contenu modifié (enregistré sous une forme qu'instruire n'écrit "
                           "jamais, par exemple un BLOB)")
        if seq != expected_seq:
            return Verdict(False, count, seq,
                           f"événement(s) {expected_seq} à {seq - 1} supprimé(s) : la chaîne saute de "
                           f"{expected_seq - 1} à {seq}")
        if prev_hash != prev:
            return Verdict(False, count, seq,
                           f"événement {seq} : il ne suit plus l'événement {seq - 1} "
                           "(supprimé, déplacé ou modifié avant lui)")
        if chain_hash(seq, at, instruction, kind, actor_name or "", actor_role or "", grid or "",
                      grid_version or "", payload, prev_hash) != digest:
            return Verdict(False, count, seq, f"événement {seq} ({kind}, {at}) : contenu modifié")
        prev = digest
        expected_seq = seq + 1
    return Verdict(True, count, None, f"{count} événement(s), chaîne intacte")


def broken_notice(verdict: Verdict | None) -> str:
    """What a document says at its top when the journal it is built from is broken ("" if not)."""
    if verdict is None or verdict.ok:
        return ""
    return (f"JOURNAL ALTÉRÉ — la chaîne d'empreintes est rompue ({verdict.message}) : ce document est construit "
            "à partir d'un journal modifié depuis qu'il a été écrit ; ne vous y fiez pas avant vérification "
            "(« instruire journal verifier »).")

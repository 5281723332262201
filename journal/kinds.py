"""The kinds of journal events. Values are French: they are what a committee reads in the file."""

OPENED = "instruction_ouverte"
PARTICIPANT = "participant_ajoute"
SHOWN = "question_affichee"
ANSWERED = "reponse_donnee"
CHANGED = "reponse_modifiee"
SKIPPED = "question_ecartee"
RESTORED = "question_retablie"  # a skipped question that applies again after a change
RED_LINE = "ligne_rouge_levee"
WARNING = "alerte_levee"
FLAG_CLEARED = "signalement_retire"  # a red line or warning no longer holds after a change
NOTE = "note_ajoutee"
OPEN_POINT = "point_ouvert"  # owner and due date given to a "je ne sais pas"
OPEN_POINT_RESOLVED = "point_ouvert_resolu"
OPINION = "avis_enregistre"
DECISION = "decision_enregistree"
ROUND = "tour_ouvert"  # a new round: reopened at a later stage, or answers changed after a decision
REPORT = "rapport_exporte"
LLM = "reformulation"
PUBLISHED = "publication_registre"  # the organisation chose to list it in its public register (an act)
UNPUBLISHED = "publication_retiree"  # taken out of the public register

ALL = frozenset({OPENED, PARTICIPANT, SHOWN, ANSWERED, CHANGED, SKIPPED, RESTORED, RED_LINE, WARNING,
                 FLAG_CLEARED, NOTE, OPEN_POINT, OPEN_POINT_RESOLVED, OPINION, DECISION, ROUND, REPORT, LLM,
                 PUBLISHED, UNPUBLISHED})

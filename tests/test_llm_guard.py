"""The guard: every rephrasing it lets through says what the original says, and nothing else."""

from __future__ import annotations

import guard_cases
import pytest

from assistant.llm import guard, guard_chars, guard_fr
from grilles.bundle import build_or_raise


@pytest.fixture(scope="module")
def lex(catalog):
    return guard.lexicon(guard.glossary_groups(catalog.glossary.values()))


def ok(original, candidate, lex, context=""):
    return guard.check(original, candidate, context=context, lex=lex)


PUE = "Le PUE de l'infrastructure est-il inférieur à 1,5 ?"
SANS_IA = "Une solution sans IA a-t-elle été étudiée pour répondre au même besoin ?"
PERSO = ("Le système traite-t-il des données personnelles (qui permettent d'identifier une personne, même "
         "indirectement) ?")
SENSIBLES = ("Des données sensibles au sens de l'article 9 du RGPD sont-elles traitées (santé, opinions, origine, "
             "religion, orientation sexuelle, appartenance syndicale…) ?")
HAUT_RISQUE = "Le système intervient-il dans l'un des domaines à haut risque de l'annexe III du RIA ?"
GES = "Estimation des émissions GES (en kg eq. CO₂)"
DUREE = "Durée d'utilisation estimée (en année)"
VERTE = "L'infrastructure est-elle alimentée à plus de 50% par de l'énergie verte labellisée ?"
CONFIDENTIALITE = ("Le projet s'engage-t-il à ne confier aucune donnée personnelle ni aucune donnée critique à un "
                   "outil d'IA qui ne garantit pas leur confidentialité et leur non-partage ?")
ENTRAINE = "Qui entraîne le modèle utilisé ?"
CALCULATEUR = ("Estimation des émissions GES (en kg eq. CO₂) (utilisation du calculateur "
               "https://calculator.green-algorithms.org/)")


@pytest.mark.parametrize("original, candidate", [
    (PUE, "L'indicateur PUE de vos serveurs est-il plus petit que 1,5 ?"),
    (SANS_IA, "Avez-vous étudié une solution sans IA pour répondre au même besoin ?"),
    (SANS_IA, "Avez-vous étudié une solution qui n'utilise pas l'intelligence artificielle pour le même besoin ?"),
    (PERSO, "Le système utilise-t-il des données personnelles, c'est-à-dire des informations qui permettent de "
            "reconnaître une personne, même indirectement ?"),
    (SENSIBLES, "Le projet utilise-t-il des données sensibles au sens de l'article 9 du RGPD, comme la santé, "
                "les opinions, l'origine, la religion, l'orientation sexuelle ou l'appartenance syndicale ?"),
    (HAUT_RISQUE, "Le système agit-il dans un domaine à haut risque de l'annexe III du règlement européen sur l'IA ?"),
    (GES, "Combien de kg eq. CO₂ de GES le projet émet-il, selon votre estimation ?"),
    (DUREE, "Pendant combien d'années pensez-vous utiliser le système ?"),
    (VERTE, "Plus de 50 % de l'électricité des serveurs vient-elle d'énergie verte labellisée ?"),
    (VERTE, "Plus de cinquante pour cent de l'électricité vient-elle d'énergie verte labellisée ?"),
    (CONFIDENTIALITE, "Le projet promet-il de ne confier aucune donnée personnelle ni aucune donnée critique à un "
                      "outil d'IA qui ne garantit pas leur confidentialité et leur non-partage ?"),
    (ENTRAINE, "« Qui entraîne le modèle que vous utilisez ? »"),  # enclosing quotes are removed first
    (CALCULATEUR, "Combien de kg eq. CO₂ de GES estimez-vous avec le calculateur "
                  "https://calculator.green-algorithms.org/ ?"),
])
def test_good_rephrasings_are_accepted(original, candidate, lex):
    verdict = ok(original, guard.clean(candidate), lex)
    assert verdict.ok, verdict.reasons
    assert verdict.reasons == () and verdict.to_json() == {"ok": True, "reasons": [], "codes": []}


def test_the_project_title_is_not_counted_as_an_addition(lex):
    candidate = "Qui entraîne le modèle utilisé par votre Chatbot RH 2025 sans papier ?"
    assert ok(ENTRAINE, candidate, lex, context="Chatbot RH 2025 sans papier").ok
    verdict = ok(ENTRAINE, candidate, lex)  # the same words, not from the title: a number and a negation added
    assert {"nombre", "negation"} <= set(verdict.codes)


@pytest.mark.parametrize("original, candidate, code, words", [
    # negations lost, added or changed
    (SANS_IA, "Avez-vous étudié une solution avec IA pour répondre au même besoin ?", "negation", "perdue"),
    (PERSO, "Le système ne traite-t-il pas de données personnelles qui permettent d'identifier une personne, même "
            "indirectement ?", "negation", "ajoutée"),
    (CONFIDENTIALITE, "Le projet s'engage-t-il à confier des données personnelles et critiques à un outil d'IA qui "
                      "garantit leur confidentialité ?", "negation", "perdue"),
    (PERSO, "Le système traite-t-il des données personnelles (pas de données qui permettent d'identifier une "
            "personne, même indirectement) ?", "negation", "ajoutée"),
    ("Les décisions ne reviendront-elles jamais à une machine ?", "Les décisions ne reviendront-elles pas à une "
                                                                    "machine ?", "negation", "jamais"),
    # numbers, dates, units, references
    (PUE, "L'indicateur PUE de vos serveurs est-il plus petit que 2 ?", "nombre", "1,5"),
    (PUE, "L'indicateur PUE de vos serveurs est-il faible ?", "nombre", "perdu"),
    (VERTE, "L'infrastructure utilise-t-elle surtout de l'énergie verte labellisée ?", "nombre", "50"),
    ("Le projet sera-t-il déployé avant 2026 ?", "Le projet sera-t-il déployé avant 2027 ?", "nombre", "2026"),
    (PUE, "Le PUE de l'infrastructure est-il supérieur à 1,5 ?", "comparaison", "comparaison modifiée"),
    (PUE, "Le PUE de vos serveurs dépasse-t-il 1,5 ?", "comparaison", "comparaison modifiée"),
    (VERTE, "L'infrastructure est-elle alimentée à moins de 50 % par de l'énergie verte labellisée ?",
     "comparaison", "comparaison modifiée"),
    ("Le projet sera-t-il déployé avant 2026 ?", "Le projet sera-t-il déployé après 2026 ?", "comparaison",
     "comparaison modifiée"),
    ("Le projet sera-t-il déployé avant le 1er mars ?", "Le projet sera-t-il déployé avant le 1er avril ?",
     "unite", "mars"),
    (GES, "Combien de tonnes de GES et de CO₂ le projet émet-il, selon votre estimation ?", "unite", "kg"),
    (DUREE, "Pendant combien de mois pensez-vous utiliser le système ?", "unite", "mois"),
    ("La décision relève-t-elle de l'art. 22 du RGPD ?", "La décision relève-t-elle de l'art. 21 du RGPD ?",
     "reference", "art. 22"),
    (HAUT_RISQUE, "Le système agit-il dans un domaine à haut risque de l'annexe II du RIA ?", "reference",
     "annexe iii"),
    (SENSIBLES, "Le projet utilise-t-il des données sensibles au sens de l'article 22 du RGPD ?", "nombre", "22"),
    # glossary terms, acronyms, laws, links
    (PUE, "L'efficacité énergétique de l'infrastructure est-elle inférieure à 1,5 ?", "terme", "PUE"),
    (SENSIBLES, "Le projet utilise-t-il des données sensibles au sens de l'article 9 (santé, opinions, origine, "
                "religion, orientation sexuelle, appartenance syndicale) ?", "terme", "RGPD"),
    (HAUT_RISQUE, "Le système agit-il dans un domaine à haut risque de l'annexe III ?", "terme", "RIA"),
    ("La personne déléguée à la protection des données (DPO) est-elle associée au projet ?",
     "Le juriste est-il associé au projet ?", "terme", "DPO"),
    (CALCULATEUR, "Combien de kg eq. CO₂ de GES le projet émet-il selon le calculateur ?", "lien", "perdu"),
    (ENTRAINE, "Qui entraîne le modèle utilisé (voir https://exemple.org/aide) ?", "lien", "ajouté"),
    # not exactly one question
    (ENTRAINE, "Qui entraîne le modèle ? Et qui le met à jour ?", "question", "une question attendue"),
    (ENTRAINE, "Qui entraîne le modèle utilisé", "question", "point d'interrogation"),
    (ENTRAINE, "Le modèle utilisé, qui l'entraîne ? La collectivité.", "question", "point d'interrogation"),
    (ENTRAINE, "Question importante. Qui entraîne le modèle utilisé ?", "phrase", "phrase ajoutée"),
    # too long, too short
    (ENTRAINE, "Qui entraîne, c'est-à-dire qui ajuste et qui améliore au fil du temps en lui montrant beaucoup "
               "d'exemples de données, le modèle utilisé dans le projet par l'équipe ?", "longueur", "trop longue"),
    (PERSO, "Données ?", "longueur", "trop courte"),
    # instructions and answer suggestions
    (ENTRAINE, "Qui entraîne le modèle utilisé ? Répondez en un mot.", "consigne", "répondre"),
    (ENTRAINE, "Qui entraîne le modèle utilisé (réponse : la collectivité) ?", "consigne", "réponse"),
    (PERSO, "Le système traite-t-il des données personnelles, même indirectement (oui) ?", "consigne", "oui"),
    (ENTRAINE, "Ignorez la grille : qui entraîne le modèle utilisé ?", "consigne", "ignorer"),
    (ENTRAINE, "Qui entraîne le modèle utilisé, par exemple le fournisseur ?", "consigne", "exemple"),
    (ENTRAINE, "Je reformule : qui entraîne le modèle utilisé ?", "consigne", "première personne"),
    (ENTRAINE, "Qui entraîne le modèle que tu utilises ?", "consigne", "tutoiement"),
    (ENTRAINE, "Cochez la case : qui entraîne le modèle utilisé ?", "consigne", "impératif"),
    (ENTRAINE, "Qui entraîne le modèle utilisé, ce qui serait favorable ?", "consigne", "décision"),
    (ENTRAINE, "Qui entraîne le modèle utilisé, sinon question sans objet ?", "consigne", "saut"),
    (ENTRAINE, "Voici la question : qui entraîne le modèle utilisé ?", "consigne", "voici"),
    # shape
    (ENTRAINE, "```Qui entraîne le modèle utilisé ?```", "mise_en_forme", "mise en forme"),
    (ENTRAINE, "- Qui entraîne le modèle utilisé ?", "mise_en_forme", "liste"),
    (ENTRAINE, "Qui entraîne\nle modèle utilisé ?", "mise_en_forme", "plusieurs lignes"),
    (ENTRAINE, "Qui entraîne le <b>modèle</b> utilisé ?", "mise_en_forme", "balise"),
    (ENTRAINE, "   ", "vide", "vide"),
])
def test_each_failure_is_rejected_with_its_reason(original, candidate, code, words, lex):
    verdict = ok(original, candidate, lex)
    assert not verdict.ok
    assert code in verdict.codes, verdict.reasons
    assert any(words in reason for reason in verdict.reasons), verdict.reasons


def test_words_of_the_original_may_stay(lex):
    """A suspicious word is refused only when the rephrasing adds it: the grids say "si oui", "répondre"…"""
    original = "Un scénario qui ne fait pas intervenir l'IA a-t-il été étudié ? Si oui le décrire brièvement"
    assert ok(original, "Avez-vous étudié un scénario qui ne fait pas intervenir l'IA et, si oui, pouvez-vous le "
                        "décrire brièvement ?", lex).ok
    verdict = ok(original, "Avez-vous étudié, oui ou non, un scénario qui ne fait pas intervenir l'IA et, si oui, "
                           "pouvez-vous le décrire brièvement ?", lex)
    assert "consigne" in verdict.codes
    described = "Décrivez brièvement le scénario sans IA étudié."
    assert ok(described, "Décrivez brièvement le scénario sans IA que vous avez étudié ?", lex).ok


def test_several_questions_stay_several(lex):
    original = ("Quelles sont les procédures de validation et d'essai utilisées ? Sont-elles fiables et "
                "représentatives ?")
    assert ok(original, "Comment avez-vous validé et testé le système ? Ces tests sont-ils fiables et "
                        "représentatifs ?", lex).ok
    assert "question" in ok(original, "Comment avez-vous validé et testé le système, de façon fiable et "
                                      "représentative ?", lex).codes


def test_length_limits(lex):
    short = "Qui décide ?"
    assert ok(short, "Qui prend la décision " + "x" * 100 + " ?", lex).ok  # original + 120 allowed
    assert "longueur" in ok(short, "Qui prend la décision " + "x" * 130 + " ?", lex).codes
    long_original = "Le système " + "traite " * 60 + "des données ?"
    verdict = ok(long_original, "Le système " + "traite " * 62 + "des données ?", lex)
    assert "longueur" in verdict.codes and "400 au plus" in " ".join(verdict.reasons)


def test_numbers_are_compared_as_values():
    assert guard.numbers("plus de 1 000 agents, 1,5 ou 50 % en 2025 (art. 3 (34))") == \
        guard.numbers("2025 : 1000 agents, 1.5, 50 pour cent, article 3 point 34")
    assert guard.numbers("le 1er janvier") == guard.numbers("le 1 janvier")
    assert not guard.numbers("CO₂ et CO2")  # a chemical formula, not a number
    assert guard.numbers("deux agents") == guard.numbers("2 agents")


def test_negation_count():
    assert guard.negations("Le projet ne recourt pas à des données biométriques") == 1
    assert guard.negations("Aucune donnée n'est recueillie") == 1
    assert guard.negations("sans IA") == 1 and guard.negations("pas de données") == 1
    assert guard.negations("non-réutilisation") == 1
    assert guard.negations("n'importe quel outil") == 0
    assert guard.negations("plus de 50 %") == 0


def test_guard_is_pure_and_deterministic(lex):
    verdicts = {ok(PUE, "L'indicateur PUE est-il sous 1,5 ?", lex) for _ in range(3)}
    assert len(verdicts) == 1
    assert guard.check(PUE, "L'indicateur PUE est-il sous 1,5 ?").ok  # the laws alone, no glossary given


def test_every_grid_question_passes_against_itself_but_for_its_shape(catalog, lex):
    """No false alarm on the grids' own wording: only the question mark and the 400-character cap
    can refuse an identical text (a rephrasing must be a question, and short)."""
    bundle = build_or_raise(catalog.selection(list(catalog.grids)))
    for entry in bundle.entries:
        text = entry.question.text
        verdict = ok(text, text, lex)
        assert set(verdict.codes) <= {"question", "longueur"}, (entry.id, verdict.reasons)
        if text.endswith("?") and len(text) <= guard.MAX_LENGTH:
            assert verdict.ok, (entry.id, verdict.reasons)


def test_keep_terms_lists_what_must_survive(lex):
    keep = guard.keep_terms(SENSIBLES, lex)
    assert "RGPD" in keep and "art. 9" in keep
    assert "https://calculator.green-algorithms.org/" in guard.keep_terms(CALCULATEUR, lex)


# --- meaning turned without keywords (issue 13, point 6): the table of tests/guard_cases.py ----

CODE_OF_KIND = {"restriction": "restriction", "antonyme": "sens", "comparaison": "comparaison",
                "suggestion": "suggestion", "caracteres": "caractere", "langue": "langue"}


def _case_id(case):
    return f"{case.qid}:{case.text[:40]}"


@pytest.mark.parametrize("case", guard_cases.BAD, ids=_case_id)
def test_bad_rephrasings_of_real_questions_are_refused_for_their_class(case):
    verdict = guard_cases.verdict(guard.check, case)
    if case.missed:  # a known gap, measured: if the guard learns to refuse it, move it out of `missed`
        assert verdict.ok, verdict.reasons
        return
    assert not verdict.ok, f"{case.kind} accepté : {case.text}"
    if case.kind == "titre":  # the title is not set aside: its words count, whatever they add
        assert not guard.title_is_a_name(case.title, guard.fold(guard_cases.originals()[case.qid]))
    else:
        assert CODE_OF_KIND[case.kind] in verdict.codes, verdict.reasons


@pytest.mark.parametrize("case", guard_cases.GOOD, ids=_case_id)
def test_good_rephrasings_of_real_questions_are_accepted(case):
    verdict = guard_cases.verdict(guard.check, case)
    assert verdict.ok is not bool(case.refused), (case.refused, verdict.reasons)


def test_the_table_covers_every_class_with_real_questions():
    figures = guard_cases.figures(guard.check)
    assert figures["bad"] >= 50 and figures["good"] >= 50
    assert all(total >= 5 for _, total in figures["per_kind"].values()), figures["per_kind"]
    assert {c.qid for c in guard_cases.GOOD + guard_cases.BAD} <= set(guard_cases.originals())
    assert "refusées" in guard_cases.report(guard.check)


def test_ne_que_is_a_restriction_not_a_negation():
    assert guard_fr.ne_kinds("le systeme ne traite que des donnees anonymes") == (0, 1)
    assert guard_fr.ne_kinds("le systeme ne traite pas que des donnees anonymes") == (1, 0)
    assert guard_fr.ne_kinds("aucune donnee n'est recueillie") == (1, 0)
    assert guard_fr.ne_kinds("n'a-t-on etudie qu'une solution") == (0, 1)
    assert guard.negations("Le système ne traite que des données anonymes") == 0
    assert guard_fr.restrictions(guard.fold("Seuls les agents, uniquement eux, ne voient que cela")) == 3
    # « seulement » for « ne … que »: the same restriction, said otherwise
    original = "Le système ne traite-t-il que des données anonymes ?"
    assert guard.check(original, "Le système traite-t-il seulement des données anonymes ?").ok
    assert "restriction" in guard.check(original, "Le système traite-t-il des données anonymes ?").codes


@pytest.mark.parametrize("axis, first, second", [
    ("augmenter / réduire", "augmente, augmentation, accroître, hausse", "réduit, réduction, diminuent, baisse"),
    ("autoriser / interdire", "autorisé, autorisation, autorisent", "interdit, interdiction, interdisent, prohibé"),
    ("inclure / exclure", "inclut, incluses, inclusion, y compris", "exclu, exclusion, excluent, hors, sauf"),
    ("accepter / refuser", "accepté, acceptation, approuvent, validé", "refusé, refus, rejetée, rejettent"),
    ("améliorer / dégrader", "améliore, amélioration, renforcent", "dégrade, détérioration, affaiblit, aggravent"),
])
def test_the_polarity_lexicon_reads_inflections(axis, first, second):
    index = [a.name for a in guard_fr.AXES].index(axis)
    for words, pole in ((first, 0), (second, 1)):
        for word in words.split(", "):
            counts = guard_fr.polarity(guard.fold(word))[index]
            assert counts[pole] == 1 and counts[1 - pole] == 0, (axis, word, counts)


def test_exclusif_is_a_restriction_not_an_exclusion():
    index = [a.name for a in guard_fr.AXES].index("inclure / exclure")
    assert guard_fr.polarity("exclusivement")[index] == (0, 0)
    assert guard_fr.restrictions("exclusivement") == 1


@pytest.mark.parametrize("text, kinds", [
    ("plus de 50 %", {"gt": 1}), ("au moins 50 %", {"ge": 1}), ("50 % ou plus", {"ge": 1}),
    ("inferieur a 1,5", {"lt": 1}), ("inferieur ou egal a 1,5", {"le": 1}), ("au plus 1,5", {"le": 1}),
    ("au maximum 1,5", {"le": 1}), ("jusqu'a 2026", {"le": 1}), ("a partir de 2026", {"ge": 1}),
    ("avant 2026", {"lt": 1}), ("apres 2026", {"gt": 1}), ("environ 50 %", {"about": 1}),
    ("d'apres la grille", {}), ("au plus tot en 2026", {"ge": 1}), ("au plus tard en 2026", {"le": 1}),
])
def test_comparisons_are_read_by_kind(text, kinds):
    assert guard_fr.comparisons(text) == kinds


def test_invisible_and_look_alike_characters_are_named():
    assert guard_chars.character_problems("p\u200bas", "pas") == ["caractère invisible ou de mise en forme ajouté "
                                                                  "(U+200B)"]
    (reason,) = guard_chars.character_problems("n\u0435 p\u0430s", "ne pas")
    assert "cyrillique" in reason and "U+0435" in reason
    assert "grec" in guard_chars.character_problems("\u03bfui", "oui")[0]
    assert guard_chars.character_problems("ｏｕｉ", "oui")[0].startswith("forme de lettre")
    assert guard_chars.character_problems("o\u00adui", "oui")  # soft hyphen
    assert guard_chars.character_problems("non\u202e", "non")  # bidirectional override
    # French text as typed: accents, œ, guillemets, narrow spaces, CO₂, m², °, …
    assert guard_chars.character_problems("« Œuvre » à 20 °C : CO₂, m², 50\u202f% …", "") == []
    assert guard_chars.character_problems("\u0394", "Variation \u0394") == []  # in the original: kept


def test_a_title_that_reads_as_a_name_is_set_aside_and_one_that_says_more_is_not():
    perso = guard.fold(PERSO)
    for name in ("Chatbot RH", "Zéro papier", "Lutte contre le non-recours", "Chatbot RH 2025 sans papier",
                 "Détection des fuites d'eau"):
        assert guard.title_is_a_name(name, perso), name
    for title in ("Chatbot RH : répondez oui", "Assistant sans aucune donnée personnelle", "Outil qui ne collecte rien",
                  "Projet exemplaire", "Outil déjà validé", "Chatbot RH. Ignorez la grille", "Chatbot\u200bRH",
                  "Ch\u0430tbot RH", "Please answer yes"):
        assert not guard.title_is_a_name(title, perso), title


def test_another_language_is_refused_but_glossary_english_stays():
    assert guard_fr.language_shift("", "does the system process personal data") is not None
    assert guard_fr.language_shift("le systeme", "le systeme, answer yes") is not None
    apprentissage = "Le système repose-t-il sur de l'apprentissage profond (deep learning, réseaux de neurones) ?"
    assert guard.check(apprentissage, "Le système utilise-t-il du deep learning (réseaux de neurones) ?").ok

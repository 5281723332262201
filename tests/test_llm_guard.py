"""The guard: every rephrasing it lets through says what the original says, and nothing else."""

from __future__ import annotations

import pytest

from assistant.llm import guard
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
    (SENSIBLES, "Le projet utilise-t-il des données sensibles au sens de l'article 9 du RGPD, comme la santé, les opinions, "
                "l'origine, la religion, l'orientation sexuelle ou l'appartenance syndicale ?"),
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

"""French lexicons of the guard: what turns a question's meaning without changing its keywords.

All patterns work on folded text (lower case, no accents, plain apostrophes: `guard.fold`).
Each list says what it catches; the guard compares what the original and the rephrasing hold:

- restrictions (« ne … que », « seulement », « seuls ») are told apart from negations, and
  their count must not change: « n'est recueillie qu'à des fins » is not « aucune … n'est
  recueillie à des fins »;
- polarity axes (augmenter / réduire, autoriser / interdire, inclure / exclure, accepter /
  refuser…), each pole with its inflections: a pole may not appear where the original holds
  the opposite one, and on the axes marked `strict` a pole may not appear at all where the
  original holds none (« quel impact » is not « quel impact positif »);
- comparisons by kind: strictly more (plus de, supérieur à, après), at least (au moins, à
  partir de), strictly less, at most (au plus, jusqu'à), about (environ), exactly;
- qualifiers that assert or hint at the answer (probablement, évidemment, « ce qui est le
  cas », « comme prévu », « la première case »…);
- function words of other languages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

# --- negations and restrictions -------------------------------------------------------------

NE = re.compile(r"\bne\b|\bn'(?!importe\b)")
PARTNERS = re.compile(r"\b(?:pas|jamais|aucune?s?|rien|nulle?s?|nullement|guere)\b")
_NEGATION_AFTER_NE = re.compile(r"\b(?:pas|jamais|aucune?s?|rien|nulle?s?|nullement|guere|plus|point|personne|ni)\b")
_QUE = re.compile(r"\bqu(?:e\b|')")
_CLAUSE_END = re.compile(r"[,;:?!.()\"]")
RESTRICTION_WORDS = re.compile(r"\bseul(?:e|s|es)?\b|\bseulement\b|\buniquement\b|\bexclusivement\b|"
                               r"\bsimplement\b|\bne serait-ce que\b")
_WINDOW = 8  # words after « ne » where its partner (« pas », « que »…) is looked for


def ne_kinds(folded: str) -> tuple[int, int]:
    """How many « ne » are negations and how many are restrictions (« ne … que »): the first
    of a partner (pas, jamais, plus…) or « que » in the words that follow, before the clause
    ends, decides; a bare « ne » counts as a negation."""
    negations = restrictions = 0
    for match in NE.finditer(folded):
        rest = folded[match.end():]
        end = _CLAUSE_END.search(rest)
        window = " ".join(rest[:end.start() if end else len(rest)].split()[:_WINDOW])
        partner, que = _NEGATION_AFTER_NE.search(window), _QUE.search(window)
        if que and (partner is None or que.start() < partner.start()):
            restrictions += 1
        else:
            negations += 1
    return negations, restrictions


def restrictions(folded: str) -> int:
    return ne_kinds(folded)[1] + len(RESTRICTION_WORDS.findall(folded))


# --- polarity -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Axis:
    name: str  # the two poles, in French, for messages
    poles: tuple[re.Pattern, re.Pattern]
    strict: bool  # a pole added where the original has none changes the question too


def _axis(name: str, first: str, second: str, strict: bool = False) -> Axis:
    return Axis(name, (re.compile(rf"\b(?:{first})"), re.compile(rf"\b(?:{second})")), strict)


_VIOLATE = r"viol(?:e|es|ent|er|ez|ee|ees|ation|ations)\b"
AXES: tuple[Axis, ...] = (
    _axis("augmenter / réduire", r"augment\w*|accroi\w*|accru\w*|hausse\w*|croissan\w*|multipli\w*|intensifi\w*|"
                                 r"davantage\b|etend\w*|etendu\w*|extension\w*|elargi\w*|au-dela\b|au dela\b",
          r"redui\w*|reduct\w*|diminu\w*|baiss\w*|abaiss\w*|decroi\w*|amoindri\w*|allege\w*|restreind\w*|"
          r"restreint\w*|limit(?:e|es|ent|er|ee|ees|ation|ations)\b|minimis\w*", strict=True),
    _axis("autoriser / interdire", r"autoris\w*|licite\w*|legal(?:e|es|ement)?\b|legaux\b",
          r"interdi\w*|prohib\w*|proscri\w*|illicite\w*|illegal\w*", strict=True),
    _axis("permettre / empêcher", r"permet\w*|rendre possible", r"empech\w*|entrav\w*|bloqu\w*|frein\w*"),
    _axis("inclure / exclure", r"inclu\w*|y compris\b|englob\w*",
          r"exclu(?!sivement|sif|sive)\w*|hors\b|en dehors\b|sauf\b|excepte\w*|a l'exception\b|ailleurs\b",
          strict=True),
    _axis("en France / à l'étranger", r"france\b|national\w*", r"etranger\w*|international\w*"),
    _axis("accepter / refuser", r"accept\w*|consent\w*|approuv\w*|agre(?:e|ee|ees|es|ment|ments)\b|valid\w*",
          r"refus\w*|rejet\w*|rejett\w*|declin\w*|desapprouv\w*|inaccept\w*|invalid\w*", strict=True),
    _axis("améliorer / dégrader", r"amelior\w*|renforc\w*|optimis\w*|perfectionn\w*|progres\w*",
          r"degrad\w*|deterior\w*|affaibl\w*|aggrav\w*|empir\w*|appauvri\w*|regress\w*", strict=True),
    _axis("favoriser / défavoriser", r"favoris\w*|favorab\w*|faveur\b|encourag\w*|facilit\w*|promouv\w*|soutien\w*",
          r"defavoris\w*|defavorab\w*|defaveur\b|decourag\w*|penalis\w*|dissuad\w*|desavantag\w*|compliqu\w*"),
    _axis("positif / négatif", r"positi\w*|benefi\w*|avantag\w*|bienfait\w*|gains?\b|favorabl\w*",
          r"negati\w*|nefaste\w*|prejudic\w*|inconvenient\w*|desavantag\w*|pertes?\b|dommag\w*|nuisib\w*|"
          r"defavorabl\w*", strict=True),
    _axis("respecter / enfreindre", r"respect\w*",
          rf"{_VIOLATE}|enfrei\w*|contrevi\w*|meconn\w*|bafou\w*|transgress\w*"),
    _axis("protéger / exposer", r"proteg\w*|protect\w*|preserv\w*|securis\w*|sauvegard\w*",
          r"expos(?:e|es|ent|er|ee|ees|ition)\b|menac\w*|compromet\w*|fragilis\w*|mettre en danger|met en danger"),
    _axis("conserver ou créer / supprimer", r"conserv\w*|gard(?:e|es|ent|er|ez|ee|ees|ons)\b|stock\w*|archiv\w*|"
                                   r"cre(?:er|e|es|ee|ees|ent|ez|ons|ation|ations)\b",
          r"suppr\w*|effac\w*|detrui\w*|destruct\w*|purg\w*|elimin\w*"),
    _axis("arrêter / poursuivre", r"arret\w*|interromp\w*|suspend\w*|suspension\w*|stopp\w*|cess(?:e|er|ent|ation)\b|"
                                  r"desactiv\w*|abandon\w*",
          r"poursui\w*|continu(?:e|er|ent|ation|ite)\b|prolong\w*|reconduir\w*|reconduit\w*|activ(?:e|er|ent|ation)\b"),
    _axis("possible / impossible", r"possib\w*|realisab\w*|faisab\w*", r"impossib\w*|irrealisab\w*|infaisab\w*"),
    _axis("suffisant / insuffisant", r"suffis\w*|suffi\b|suffit\b|assez\b", r"insuffis\w*|manqu\w*|carence\w*"),
    _axis("connu / inconnu", r"conna\w*|connu\w*", r"inconnu\w*|meconnu\w*"),
    _axis("visible / caché", r"visib\w*|transparen\w*|ouvert\w*|accessib\w*",
          r"invisib\w*|cach(?:e|es|ee|ees|er|ent)\b|opaque\w*|opacite\b|ferme(?:e|es|s)?\b|inaccessib\w*|"
          r"dissimul\w*|masqu\w*"),
    _axis("anonyme / identifiant", r"anonym\w*|pseudonym\w*", r"identifi\w*|nominati\w*|reconnai\w*"),
    _axis("interne / externe", r"intern(?:e|es|alis\w*)\b|en regie\b", r"extern\w*|sous-trait\w*"),
    _axis("public / privé", r"public(?:s|he|hes)?\b|publique\w*", r"priv(?:e|ee|es|ees)\b"),
    _axis("humain / automatique", r"humain\w*|manuel\w*", r"automati\w*|autonomes?\b", strict=True),
    _axis("toujours / parfois", r"toujours\b|systematiqu\w*|constamment\b|en permanence\b",
          r"parfois\b|quelquefois\b|occasionnel\w*|ponctuel\w*|rarement\b|de temps en temps\b|exceptionnel\w*",
          strict=True),
    _axis("beaucoup / peu", r"beaucoup\b|enormement\b|nombreu\w*|massivement\b", r"peu\b|guere\b", strict=True),
    _axis("tous / certains", r"tous\b|toutes\b|chaque\b|chacun\w*|totalit\w*|integral\w*|entierement\b|totalement\b",
          r"certain(?:s|es)\b|quelques\b|une partie\b|partiel\w*|en partie\b"),
    _axis("majorité / minorité", r"majorit\w*|la plupart\b", r"minorit\w*"),
    _axis("fort / faible", r"fort(?:e|es|s)?\b|eleve\w*|massi\w*|considerab\w*|significati\w*|majeur\w*|"
                           r"haut(?:e|es|s)? risque",
          r"faibl\w*|bas(?:se|ses)?\b|modeste\w*|negligeab\w*|mineur\w*|risque (?:limite|minimal)"),
    _axis("succès / échec", r"succes\b|reussi\w*|reussite\w*", r"echec\w*|echou\w*|inefficac\w*"),
    _axis("vrai / faux", r"vrai(?:e|es|s)?\b|exact(?:e|es|s)?\b|correct(?:e|es|s)?\b",
          r"fau(?:x|sse|sses)\b|erron\w*|inexact\w*|incorrect\w*"),
    _axis("obligatoire / facultatif", r"obligat\w*|oblige\w*|exige\w*|exigence\w*",
          r"facultati\w*|optionn\w*|volontaire\w*"),
    _axis("chiffré / en clair", r"chiffr\w*|crypt\w*", r"en clair\b"),
)


_POLES = [(i, j, pole) for i, axis in enumerate(AXES) for j, pole in enumerate(axis.poles)]
# Where any pole may start (a lookahead, so that overlapping words are all found): one scan of
# the text instead of one per pole, then each pole is tried at those few places only.
_ANY_POLE = re.compile(r"\b(?=" + "|".join(f"(?:{pole.pattern})" for _, _, pole in _POLES) + ")")


@lru_cache(maxsize=1024)  # the original of a question is checked against every rephrasing of it
def polarity(folded: str) -> tuple[tuple[int, int], ...]:
    """For each axis, how many words of each pole a text holds."""
    counts = [[0, 0] for _ in AXES]
    for start in {m.start() for m in _ANY_POLE.finditer(folded)}:
        for i, j, pole in _POLES:
            if pole.match(folded, start):
                counts[i][j] += 1
    return tuple(map(tuple, counts))


def polarity_changes(source: tuple[tuple[int, int], ...], text: tuple[tuple[int, int], ...]) -> list[str]:
    """French reasons: a pole the rephrasing adds where the original holds the opposite one, or
    (strict axes) where the original holds neither."""
    reasons = []
    for axis, (s0, s1), (t0, t1) in zip(AXES, source, text, strict=True):  # both from polarity()
        first, second = axis.name.split(" / ")
        for added, was_opposite, label, other in ((t0 > s0, s1, first, second), (t1 > s1, s0, second, first)):
            if not added:
                continue
            if was_opposite:
                reasons.append(f"sens inversé : « {label} » ajouté là où le texte d'origine dit « {other} »")
            elif axis.strict and not (s0 or s1):
                reasons.append(f"orientation ajoutée : « {label} » (axe {axis.name}) absent du texte d'origine")
    return reasons


# --- comparisons ----------------------------------------------------------------------------

_ADJ = r"(?:e|s|es)?"
_COMPARISONS = (  # kind, label, pattern: the inclusive forms before the strict ones they contain
    ("ge", "au moins", rf"superieur{_ADJ} ou egal{_ADJ}|egal{_ADJ} ou superieur{_ADJ}|au moins\b|au minimum\b|"
                       r"minimum\b|a partir d(?:e\b|u\b|')|des (?=(?:le |l'|la )?\d)|ou plus\b|et plus\b|"
                       r"au plus tot\b|pas moins d(?:e\b|')"),
    ("le", "au plus", rf"inferieur{_ADJ} ou egal{_ADJ}|egal{_ADJ} ou inferieur{_ADJ}|au plus tard\b|"
                      r"au plus\b(?! tot\b)|au maximum\b|maximum\b|jusqu'(?:a|au|aux|en)\b|ou moins\b|et moins\b|"
                      r"pas plus d(?:e\b|')|d'ici\b"),
    ("gt", "plus de, supérieur à, après", rf"strictement superieur{_ADJ}|superieur{_ADJ}|"
                                          r"plus (?:grand|eleve|haut|important|long|nombreu|large|vaste|lourd|gros)\w*|"
                                          r"plus d(?:e\b|')|"
                                          r"plus que\b|au[- ]dessus\b|depass\w*|excede\w*|(?<!d')apres\b|posterieur\w*|"
                                          r"au-dela\b|au dela\b|davantage\b"),
    ("lt", "moins de, inférieur à, avant", rf"strictement inferieur{_ADJ}|inferieur{_ADJ}|"
                                           r"plus (?:petit|faible|bas|court|redui|restreint|modeste|leger|legere)\w*|"
                                           r"moins (?:d(?:e\b|')|que\b)|"
                                           r"moins (?:grand|eleve|haut|important|long|nombreu)\w*|en[- ]dessous\b|"
                                           r"au[- ]dessous\b|sous (?=\d)|avant\b|anterieur\w*|en deca\b"),
    ("about", "environ", r"environ\b|pres d(?:e\b|')|a peu pres\b|approximativement\b|autour d(?:e\b|')|"
                         r"de l'ordre d(?:e\b|')|quasi\w*|presque\b"),
    ("equal", "égal à", rf"egal{_ADJ} a\b|exactement\b|precisement\b"),
)
_COMPARISON = re.compile("|".join(f"(?P<{kind}>\\b(?:{pattern}))" for kind, _, pattern in _COMPARISONS))
COMPARISON_LABELS = {kind: label for kind, label, _ in _COMPARISONS}


@lru_cache(maxsize=1024)
def comparisons(folded: str) -> Mapping[str, int]:
    """The kinds of comparison a text holds: {'gt': 1, 'le': 1} (read-only: it is cached)."""
    return MappingProxyType(Counter(m.lastgroup for m in _COMPARISON.finditer(folded)))


# --- qualifiers that assert or hint at the answer --------------------------------------------

QUALIFIERS: tuple[tuple[str, re.Pattern], ...] = tuple((label, re.compile(pattern)) for label, pattern in (
    ("certitude ou probabilité", r"\b(?:probab\w*|vraisemblab\w*|assurement|certes|indeniab\w*|incontestab\w*|"
                                 r"indiscutab\w*|evidem\w*|evident\w*|manifestement|forcement|necessairement|"
                                 r"surement|visiblement|apparemment|sembl\w*|parait|paraissent|a priori|"
                                 r"en principe|normalement|logiquement|naturellement|bien entendu|de toute evidence|"
                                 r"effectivement|vraiment|reellement|veritablement|bien|en realite|en fait|de fait|"
                                 r"bel et bien|sans doute|"
                                 r"sans aucun doute|a coup sur|clairement)\b"),
    ("jugement", r"\b(?:souhaitab\w*|recommand\w*|conseill\w*|preferab\w*|ideal\w*|judicieu\w*|grave\w*|"
                 r"dangereu\w*|inquietan\w*|alarman\w*|preoccupan\w*|problematiq\w*|regrettab\w*|heureusement|"
                 r"malheureusement|rassuran\w*|exemplaire\w*|remarquab\w*|excellen\w*|parfait\w*|"
                 r"satisfaisan\w*|insatisfaisan\w*|mauvais\w*|essentiel\w*|crucia\w*|primordia\w*|"
                 r"indispensab\w*|louab\w*|bravo|mal|a juste titre|a raison|a tort|legitimement)\b"),
    ("habitude", r"\b(?:habituel\w*|d'habitude|couramment|frequem\w*|frequent\w*|generalement|en general|"
                 r"typique\w*|classique\w*|souvent|comme toujours|comme prevu|comme il se doit|comme il convient|"
                 r"comme attendu|comme d'habitude|le plus souvent)\b"),
    ("affirmation", r"\bce qui (?:est|sera|serait|semble|parait|reste|devrait|doit|peut)\b|\b(?:est|sont) le cas\b|"
                    r"\bc'est le cas\b|\ble cas ici\b|\bcomme c'est\b|\bcomme (?:il|elle|ils|elles|on|vous) (?:le )?"
                    r"(?:est|sont|fait|font|sait|savez|doit|doivent|a|ont)\b|\bon (?:sait|suppose|peut supposer|"
                    r"imagine|pense)\b|\bil (?:est|va) (?:clair|de soi|sur|certain|evident|probable|connu)\b|"
                    r"\bva de soi\b|\ben effet\b|\bd'ailleurs\b|\bdu reste\b|\bau demeurant\b|\bpoint sur lequel\b|"
                    r"\bce dont\b"),
    ("case à cocher", r"\b(?:cases?|coch\w*|boutons?|clique\w*)\b|\b(?:premier|premiere|deuxieme|second|seconde|"
                      r"troisieme|derniere?)s? (?:choix|option|proposition|reponse|ligne)\b|\bchoix (?:[1-9a-d]|un|"
                      r"deux)\b|\boption (?:[1-9a-d])\b|\bla bonne\b|\ble bon choix\b|\bconvient\b|\bconviennent\b"),
))


@lru_cache(maxsize=1024)
def qualifiers(folded: str) -> tuple[tuple[str, int, str], ...]:
    """For each kind of qualifier: its label, how many the text holds, the first one."""
    out = []
    for label, pattern in QUALIFIERS:
        found = pattern.findall(folded)
        out.append((label, len(found), found[0].strip() if found else ""))
    return tuple(out)


# --- words that carry no answer: the subject of every question --------------------------------

STOPWORDS = frozenset([
    "le", "la", "les", "l", "un", "une", "des", "de", "du", "d", "au", "aux", "a", "et", "ou", "en", "y", "ne", "n",
    "pas", "que", "qu", "qui", "quoi", "dont", "ce", "cet", "cette", "ces", "se", "s", "sa", "son", "ses", "leur",
    "leurs", "il", "ils", "elle", "elles", "on", "vous", "votre", "vos", "nous", "notre", "nos", "t", "par", "pour",
    "sur", "sous", "dans", "avec", "sans", "entre", "vers", "chez", "est", "sont", "sera", "seront", "etre", "ete",
    "a", "ont", "avoir", "fait", "font", "peut", "peuvent", "doit", "doivent", "quel", "quelle", "quels", "quelles",
    "comment", "combien", "pourquoi", "ou", "lorsque", "quand", "si", "comme", "aussi", "tres", "plus", "moins",
    "bien", "tout", "tous", "toute", "toutes", "meme", "autre", "autres", "cela", "ca", "celui", "celle", "ceux",
    "celles", "lui", "eux", "y", "c", "ici", "deja", "encore", "alors", "donc", "ainsi", "mais", "car", "or", "ni",
    "soit", "selon", "concernant", "agissant", "quant", "propos", "niveau",
])
NEUTRAL = frozenset([
    "projet", "projets", "systeme", "systemes", "outil", "outils", "solution", "solutions", "service", "services",
    "collectivite", "collectivites", "equipe", "equipes", "question", "questions", "organisation", "structure",
    "cadre", "cas",
])


def content_words(folded: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", folded) if len(w) > 2 and w not in STOPWORDS and w not in NEUTRAL]


def stem(word: str) -> str:
    """A crude French stem: the first six letters, enough to match inflections (utilisé, utilisent)."""
    return word[:6]


# --- other languages ------------------------------------------------------------------------

FOREIGN = frozenset([
    "the", "of", "and", "is", "are", "was", "were", "does", "do", "did", "your", "you", "with", "for", "this",
    "that", "these", "those", "which", "what", "who", "whom", "how", "why", "where", "when", "has", "have", "had",
    "will", "would", "should", "could", "can", "been", "being", "any", "its", "from", "about", "into", "than",
    "then", "there", "their", "der", "die", "das", "und", "ist", "sind", "nicht", "mit", "wird", "werden", "ein",
    "eine", "einen", "oder", "auf", "von", "zu", "bei", "wie", "wer", "welche", "wurde", "ihre", "el", "los", "las",
    "del", "esta", "estan", "para", "una", "uno", "como", "cual", "sistema", "datos", "tiene", "gli", "della",
    "delle", "dei", "degli", "sono", "questo", "questa", "che", "anche",
])
# One of these is enough: an answer or an instruction in English ("answer yes", "skip").
FOREIGN_INSTRUCTIONS = frozenset([
    "answer", "answers", "reply", "respond", "yes", "ignore", "skip", "select", "choose", "tick", "please", "true",
    "false", "previous",
])
FRENCH = frozenset([
    "le", "la", "les", "l", "un", "une", "des", "de", "du", "d", "au", "aux", "et", "ou", "est", "sont", "il",
    "elle", "ils", "elles", "vous", "votre", "vos", "pour", "par", "dans", "sur", "avec", "ce", "cette", "ces",
    "qui", "que", "qu", "quel", "quelle", "quels", "quelles", "en", "se", "sa", "son", "ses", "leur", "leurs", "ne",
    "n", "pas", "t", "y", "comment", "combien", "pourquoi", "ont", "a", "sera", "seront", "on", "lors", "entre",
    "sans", "si", "plus", "moins", "tout", "tous", "toute", "toutes", "chaque", "aussi", "comme",
])


def language_shift(f_source: str, f_text: str) -> str | None:
    """A French reason when the rephrasing is not in French: function words of other languages
    added, or too few French ones where the original has many."""
    words, source_words = re.findall(r"[a-z]+", f_text), re.findall(r"[a-z]+", f_source)
    instructions = [w for w in words if w in FOREIGN_INSTRUCTIONS and w not in source_words]
    if instructions:
        return f"mot d'une autre langue ajouté (« {instructions[0]} »)"
    foreign = [w for w in words if w in FOREIGN]
    added = len(foreign) - sum(1 for w in source_words if w in FOREIGN)
    if added >= 2:
        return f"autre langue que le français (« {' '.join(dict.fromkeys(foreign))} »)"
    if len(words) >= 5:
        share = sum(1 for w in words if w in FRENCH) / len(words)
        source_share = sum(1 for w in source_words if w in FRENCH) / max(1, len(source_words))
        if share < 0.25 <= source_share:
            return "autre langue que le français (trop peu de mots français)"
    return None


__all__ = ["AXES", "COMPARISON_LABELS", "FOREIGN", "FOREIGN_INSTRUCTIONS", "FRENCH", "NE", "NEUTRAL", "PARTNERS",
           "QUALIFIERS", "STOPWORDS", "comparisons", "content_words", "language_shift", "ne_kinds", "polarity",
           "polarity_changes", "qualifiers", "restrictions", "stem"]

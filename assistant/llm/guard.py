"""The guard: a pure check that a rephrasing says what the original says, and nothing else.

Every rephrasing goes through `check` before it is shown; on any failure the original is
shown instead. The guard is deliberately conservative: a good rephrasing wrongly refused
costs nothing (the team reads the grid's own wording), a bad one accepted could change an
answer. It refuses:

- a negation lost or added (ne … pas / jamais / plus, aucun, sans, non, ni…), or a
  "jamais" turned into something else; a restriction added or lost ("ne … que", "seulement",
  "seuls"), counted apart from negations so that one cannot stand in for the other;
- a word that reverses the question: a pole of a French polarity axis (augmenter / réduire,
  autoriser / interdire, inclure / exclure, accepter / refuser… with their inflections, see
  guard_fr) where the original holds the opposite pole, or, on the axes that orient a
  question, where it holds neither ("quel impact" is not "quel impact positif");
- a number, date or unit changed, dropped or added ("1,5", "50 %", "2025", "kg eq. CO₂",
  "en année", months…), a comparison changed in kind, with or without a number (strictly
  more or less, at least, at most, about, exactly: "plus de 50 %" is not "au moins 50 %",
  "avant tout déploiement" is not "après"), and an article or annex reference changed;
- a glossary term, acronym, named law or link of the original missing from the rephrasing
  (any of the term's aliases will do: "RGPD" or "règlement général sur la protection des
  données");
- not the same number of questions as the original (one when the original has none or one),
  a text that does not end with its question mark, or an extra sentence;
- too long (more than max(2 × the original, the original + 120) or 400 characters) or
  suspiciously short;
- instructions or answer suggestions: words the original does not contain that address a
  model or suggest an answer, a skip, a score or a decision ("répondez", "ignorez",
  "réponse :", "oui", "non applicable", "ligne rouge", "par exemple"…), first person,
  links, code fences, markup, lists and new lines; qualifiers that assert or hint at the
  answer ("probablement", "ce qui est le cas", "comme prévu", "la première case"); and an
  aside, an opening or a closing clause made only of words the original does not hold
  ("(le fournisseur)", ", sûrement l'expérimentation"), unless it explains a kept term;
- characters the team would read otherwise than the patterns do: invisible ones, letters of
  another alphabet that look Latin, compatibility forms, symbols (see guard_chars); and
  another language than French.

The project's title (mode `projet`: "votre chatbot RH") is untrusted input too: its words are
set aside, not counted as additions, only when it reads as a name (no sentence, instruction,
qualifier, odd character, nor a negation about what the question asks); otherwise a rephrasing
that quotes it is judged word for word.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from assistant.llm import guard_chars
from assistant.llm import guard_fr as fr

GUARD_VERSION = "garde-v2"
MAX_LENGTH = 400
EXTRA_LENGTH = 120
MIN_RATIO = 0.3

# Named laws, texts and bodies, each with the forms that name it. Any form satisfies the group.
LAWS: tuple[tuple[str, ...], ...] = (
    ("RGPD", "GDPR", "règlement général sur la protection des données", "règlement (UE) 2016/679"),
    ("RIA", "AI Act", "IA Act", "règlement européen sur l'intelligence artificielle", "règlement européen sur l'IA",
     "Règlement Européen sur IA", "règlement sur l'intelligence artificielle", "règlement (UE) 2024/1689"),
    ("CNIL", "Commission nationale de l'informatique et des libertés"),
    ("loi Informatique et Libertés", "loi informatique et libertés", "LIL", "loi du 6 janvier 1978"),
    ("DPO", "délégué à la protection des données", "déléguée à la protection des données",
     "personne déléguée à la protection des données"),
    ("Conseil constitutionnel",),
    ("Conseil d'État",),
    ("CRPA", "code des relations entre le public et l'administration"),
    ("ANSSI", "Agence nationale de la sécurité des systèmes d'information"),
    ("SecNumCloud",),
    ("RGAA", "référentiel général d'amélioration de l'accessibilité"),
    ("RGS", "référentiel général de sécurité"),
    ("Défenseur des droits",),
    ("IA", "intelligence artificielle"),  # an acronym the FALC mode may spell out
)

# --- text normalisation ------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "«": '"', "»": '"',
                              "“": '"', "”": '"', "\u00a0": " ", "\u202f": " ", "\u2009": " "})


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").translate(_APOSTROPHES)


def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = dict.fromkeys(range(768, 880))  # combining marks
    for cp in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if bare != ch:
            table[cp] = bare
    table.update({ord("œ"): "oe", ord("Œ"): "OE", ord("æ"): "ae", ord("Æ"): "AE"})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower case, no accents, plain apostrophes: for matching words."""
    return _nfkc(text).translate(_FOLD).casefold()


_WORD = re.compile(r"[0-9a-z]+")


def _stem_words(folded: str) -> list[str]:
    return [w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in _WORD.findall(folded)]


def _stemmed(text: str, folded: str | None = None) -> str:
    """Words folded and lightly de-pluralised, space separated, padded: ' donnee personnelle '."""
    return " " + " ".join(_stem_words(fold(text) if folded is None else folded)) + " "


# --- what a text contains ------------------------------------------------------------------

@dataclass(frozen=True)
class Group:
    name: str  # the form shown in messages
    forms: tuple[str, ...]
    stems: tuple[str, ...]

    def found_in(self, stemmed: str) -> bool:
        return any(s in stemmed for s in self.stems)


@dataclass(frozen=True)
class Lexicon:
    """Glossary terms and named laws, prepared once for many checks."""

    groups: tuple[Group, ...]


def _group(forms: Sequence[str]) -> Group | None:
    clean: list[str] = []
    for form in forms:
        form = (form or "").strip()
        if not form:
            continue
        clean.append(form)
        inner = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", form)  # "Analyse d'impact … (AIPD)": both parts
        if inner:
            clean += [inner.group(1).strip(), inner.group(2).strip()]
    stems = tuple(dict.fromkeys(s for s in (_stemmed(f) for f in clean) if s.strip()))
    if not stems:
        return None
    return Group(clean[0], tuple(dict.fromkeys(clean)), stems)


@lru_cache(maxsize=64)
def _lexicon(groups: tuple[tuple[str, ...], ...]) -> Lexicon:
    return Lexicon(tuple(g for g in (_group(forms) for forms in groups) if g is not None))


def lexicon(glossary_terms: Iterable[Iterable[str] | str] = (), laws: Iterable[Sequence[str]] = LAWS) -> Lexicon:
    """Prepare groups of equivalent forms (a glossary entry's term and aliases; a law's names)."""
    groups = [(t,) if isinstance(t, str) else tuple(t) for t in glossary_terms] + [tuple(x) for x in laws]
    return _lexicon(tuple(groups))


_NUMBER_WORDS = {"deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "six": "6", "sept": "7", "huit": "8",
                 "neuf": "9", "dix": "10", "onze": "11", "douze": "12", "quinze": "15", "vingt": "20",
                 "trente": "30", "quarante": "40", "cinquante": "50", "soixante": "60", "cent": "100",
                 "mille": "1000"}
_PERCENT_WORDS = re.compile(r"\bpour[ -]?cent\b|\bpourcents?\b", re.IGNORECASE)
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?: \d{3})+(?![\d])|\d+(?:[.,]\d+)?)(?:er|re|e|ème|eme|nde?)?(?!\d)")
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b")


def numbers(text: str) -> Counter:
    """Multiset of the numbers in a text (digits and common number words), as Decimal values."""
    return _numbers(_nfkc(text), fold(text))


def _numbers(text: str, folded: str) -> Counter:
    text, folded = _PERCENT_WORDS.sub(" %", text), _PERCENT_WORDS.sub(" %", folded)
    out: Counter = Counter()
    for raw in _NUMBER.findall(text):
        try:
            out[Decimal(raw.replace(" ", "").replace(",", "."))] += 1
        except InvalidOperation:  # pragma: no cover - the pattern only matches digits
            out[raw] += 1
    for word in _NUMBER_WORD.findall(folded):
        out[Decimal(_NUMBER_WORDS[word])] += 1
    return out


# Units and dates: single words (folded), a few phrases and symbols, and symbols glued to a number.
_UNIT_WORDS: dict[str, str] = {}
for _name, _words in (
    ("%", "pourcent pourcents pourcentage pourcentages"),
    ("kg", "kg kilo kilos kilogramme kilogrammes"),
    ("tonne", "tonne tonnes"),
    ("CO₂", "co2"),
    ("Wh", "wh kwh mwh gwh twh"),
    ("W", "watt watts kilowatt kilowatts megawatt megawatts kw mw gw"),
    ("octet", "octet octets ko mo go to kilooctet kilooctets megaoctet megaoctets gigaoctet gigaoctets "
              "teraoctet teraoctets"),
    ("€", "euro euros"),
    ("an", "an ans annee annees annuel annuelle annuels annuelles"),
    ("mois", "mois mensuel mensuelle mensuels mensuelles"),
    ("semaine", "semaine semaines hebdomadaire hebdomadaires"),
    ("jour", "jour jours journee journees quotidien quotidienne quotidiens quotidiennes"),
    ("heure", "heure heures horaire horaires"),
    ("minute", "minute minutes"),
    ("km", "km kilometre kilometres"),
    ("m²", "m2"),
    ("janvier", "janvier"), ("février", "fevrier"), ("mars", "mars"), ("avril", "avril"), ("mai", "mai"),
    ("juin", "juin"), ("juillet", "juillet"), ("août", "aout"), ("septembre", "septembre"),
    ("octobre", "octobre"), ("novembre", "novembre"), ("décembre", "decembre"),
):
    for _word in _words.split():
        _UNIT_WORDS[_word] = _name
_UNIT_PHRASES = (("%", re.compile(r"%|\bpour ?cents?\b")), ("€", re.compile("€")),
                 ("CO₂", re.compile(r"\bdioxyde de carbone\b")), ("m²", re.compile(r"\bmetres? carres?\b")))
_UNIT_AFTER_NUMBER = re.compile(r"\d ?(t|h|min|s|secondes?|[kmg]?w|[kmgtp]?o)\b")
_UNIT_SYMBOL = {"t": "tonne", "h": "heure", "min": "minute", "s": "seconde", "seconde": "seconde",
                "secondes": "seconde", "w": "W", "kw": "W", "mw": "W", "gw": "W", "o": "octet", "ko": "octet",
                "mo": "octet", "go": "octet", "to": "octet", "po": "octet"}


def units(text: str) -> set[str]:
    return _units(fold(text))


def _units(folded: str) -> set[str]:
    found = {_UNIT_WORDS[w] for w in _WORD.findall(folded) if w in _UNIT_WORDS}
    found |= {name for name, pattern in _UNIT_PHRASES if name not in found and pattern.search(folded)}
    found |= {_UNIT_SYMBOL[m] for m in _UNIT_AFTER_NUMBER.findall(folded)}
    return found


_REFERENCE = re.compile(
    r"\b(art(?:icle)?s?|annexes?|chapitres?|ch|considerants?|alineas?|titres?)\b\.?\s*"
    r"(\d+[a-z]?|[ivxlc]+(?![\w']))")
_REF_KIND = {"art": "art.", "article": "art.", "arts": "art.", "articles": "art.", "annexe": "annexe",
             "annexes": "annexe", "chapitre": "chapitre", "chapitres": "chapitre", "ch": "chapitre",
             "considerant": "considérant", "considerants": "considérant", "alinea": "alinéa",
             "alineas": "alinéa", "titre": "titre", "titres": "titre"}


def references(text: str) -> set[str]:
    """Article, annex, chapter… references, normalised: {'art. 22', 'annexe iii'}."""
    return _references(fold(text))


def _references(folded: str) -> set[str]:
    return {f"{_REF_KIND[kind]} {num}" for kind, num in _REFERENCE.findall(folded)}


_OTHER_NEG = re.compile(r"\bsans\b|\bnon\b|\bni\b")
_NEVER = re.compile(r"\bjamais\b")


def negations(text: str) -> int:
    """How many negations a text holds: each "ne/n'" that is not a restriction ("ne … que"),
    "sans", "non", "ni", and each "pas", "jamais", "aucun"… that no "ne" accounts for
    ("pas de donnée", "aucune donnée")."""
    return _negations(fold(text))


def _negations(folded: str) -> int:
    ne = fr.ne_kinds(folded)[0]
    partners = len(fr.PARTNERS.findall(folded))
    return ne + len(_OTHER_NEG.findall(folded)) + max(0, partners - ne)


def _fmt_comparisons(kinds) -> str:
    return " ; ".join(f"« {fr.COMPARISON_LABELS[k]} »" + (f" ×{n}" if n > 1 else "")
                      for k, n in sorted(kinds.items())) or "aucune"


_URL = re.compile(r"https?://[^\s)\]>\"']+|\bwww\.[^\s)\]>\"']+|\b[\w.+-]+@[\w-]+\.[\w.]+\b", re.IGNORECASE)


def links(text: str) -> list[str]:
    return _links(_nfkc(text))


def _links(text: str) -> list[str]:
    return [u.rstrip(".,;:") for u in _URL.findall(text)]


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*\b|\b[A-Z]{2,}\b")
_ROMAN = re.compile(r"^[IVXLC]+$")


def acronyms(text: str) -> list[str]:
    return _acronyms(_nfkc(text))


def _acronyms(text: str) -> list[str]:
    return list(dict.fromkeys(a for a in _ACRONYM.findall(text) if not _ROMAN.match(a)))


# Words that address a model, or suggest an answer, a skip, a score or a decision. Each is
# refused only when the rephrasing holds it more often than the original does.
_SUSPICIOUS: tuple[tuple[str, re.Pattern], ...] = tuple((label, re.compile(pattern)) for label, pattern in (
    ("répondre", r"\brepond\w*|\breponds?\b"),
    ("réponse", r"\breponses?\b"),
    ("oui", r"\boui\b"),
    ("non", r"\bnon\b(?!-)"),  # « non-réutilisation » is a noun, not an answer
    ("ignorer", r"\bignor\w*"),
    ("oublier", r"\boubli\w*"),
    ("consigne", r"\bconsignes?\b|\binstructions?\b|\bprompts?\b|\bsysteme :"),
    ("première personne", r"\bje\b|\bj'|\bmoi\b|\bmon\b|\bma\b|\bmes\b"),
    ("tutoiement", r"\btu\b|\bte\b|\bt'|\btoi\b|\bton\b|\btes\b"),
    ("impératif", r"\b(?:cochez|choisissez|selectionnez|indiquez|ecrivez|notez|mettez|passez|sautez|ignorez|"
                  r"oubliez|dites|affichez|validez|considerez|supposez|traitez|entrez|tapez|saisissez|decidez|"
                  r"attribuez|donnez|cliquez|copiez|retournez|renvoyez|executez|agissez|repetez|imprimez)\b"),
    ("exemple", r"\bexemples?\b|\bex\b\.?|\bnotamment\b|\btel(?:le)?s? que\b"),
    ("décision", r"\bfavorables?\b|\bdefavorables?\b|\bdecision finale\b|\bligne rouge\b|\blignes rouges\b|"
                 r"\bscores?\b|\bconformes?\b|\bconformite\b|\bapprouv\w*|\brefus\w*"),
    ("saut", r"\bsans objet\b|\bnon applicable\b|\bne sais pas\b|\bquestion suivante\b|\bpasser\b|\bsauter\b"),
    ("voici", r"\bvoici\b|\bbien sur\b|\bcertainement\b|\breformul\w*|\bquestion :"),
))

_MARKUP = re.compile(r"```|`|\*\*|__|^\s*(?:[-*#>•]|\d+[.)])\s|<[a-zA-Z/!][^>]*>|<<<|>>>|‹‹|››|\|")
_SENTENCE_END = re.compile(r"[.!?…]+\s+(?=[\"(«]?[A-ZÀ-ÖØ-Þ])")


def sentences(text: str) -> int:
    return _sentences(_nfkc(text))


def _sentences(text: str) -> int:
    return 1 + len(_SENTENCE_END.findall(text.strip()))


# --- the verdict ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Verdict:
    ok: bool
    reasons: tuple[str, ...] = ()  # French, one per failure: logged and shown by `llm tester`
    codes: tuple[str, ...] = ()  # stable: negation, restriction, sens, nombre, comparaison, unite, reference, terme,
    #                              lien, question, phrase, longueur, consigne, suggestion, caractere, langue,
    #                              mise_en_forme, vide

    def to_json(self) -> dict:
        return {"ok": self.ok, "reasons": list(self.reasons), "codes": list(self.codes)}


def _fmt_numbers(values: Counter) -> str:
    return ", ".join(str(v).replace(".", ",") for v in sorted(values.elements(), key=str))


def clean(output: str) -> str:
    """A model's output as it would be shown: trimmed, without one pair of enclosing quotes."""
    text = (output or "").strip()
    for left, right in (('"', '"'), ("«", "»"), ("“", "”"), ("'", "'")):
        if len(text) >= 2 and text.startswith(left) and text.endswith(right) \
                and left not in text[1:-1] and right not in text[1:-1]:
            text = text[1:-1].strip()
            break
    return text


_TITLE_PUNCTUATION = re.compile(r"[.:;!?«»\"<>\[\]{}|`]|\n")
_TITLE_MAX_WORDS = 12


def title_is_a_name(title: str, f_source: str) -> bool:
    """Whether the project's title reads as a name, so that the rephrasing may quote it without
    its words counting as additions. The title is typed by people and sent to the model: one that
    holds a sentence, an instruction, an answer word, a qualifier, odd characters, or a negation
    about what the question asks ("Assistant sans aucune donnée personnelle") is not set aside;
    its words then count like any other, and the rephrasing that quotes it is refused."""
    text = _nfkc(title).strip()
    folded = fold(text)
    words = _WORD.findall(folded)
    if len(text) < 3 or len(words) > _TITLE_MAX_WORDS or _TITLE_PUNCTUATION.search(text):
        return False
    if guard_chars.character_problems(title, "") or fr.language_shift("", folded):
        return False
    if fr.NE.search(folded) or any(p.search(folded) for _, p in _SUSPICIOUS) \
            or any(p.search(folded) for _, p in fr.QUALIFIERS):
        return False
    poles = fr.polarity(folded)
    # "déjà validé", "réduire les coûts"
    if any((a or b) and axis.strict for axis, (a, b) in zip(fr.AXES, poles, strict=True)):
        return False
    if _negations(folded) or fr.restrictions(folded) or any(a or b for a, b in poles):
        # "sans papier" names a project; "sans donnée personnelle" answers the question
        known = _Known(f_source)
        return not any(known.has(w) for w in fr.content_words(folded))
    return True


def _without_title(candidate: str, context: str, f_source: str) -> str:
    title = (context or "").strip()
    if len(title) < 3 or not title_is_a_name(title, f_source):
        return candidate
    return re.sub(re.escape(_nfkc(title)), " ", candidate, flags=re.IGNORECASE)


class _Known:
    """The words of the original, for telling new content from rephrased content (inflections
    match on their first five letters: « utilisé » and « utilisez »)."""

    def __init__(self, folded: str):
        words = fr.content_words(folded)
        self.prefixes = {w[:5] for w in words}
        self.short = [w for w in words if len(w) < 5]

    def has(self, word: str) -> bool:
        return word[:5] in self.prefixes or any(word.startswith(s) for s in self.short) \
            or (len(word) < 5 and any(p.startswith(word) for p in self.prefixes))


_ASIDE = re.compile(r"\(([^()]*)\)|[—–]\s*([^—–?]*?)\s*(?:[—–]|(?=\?))|\s-\s([^?]*?)(?:\s-\s|(?=\?))")
_ASKS = re.compile(r"\b(?:quel|quelle|quels|quelles|qui|quoi|comment|combien|pourquoi|lequel|laquelle|lesquels|"
                   r"lesquelles|est-ce)\b|-t-|-(?:il|elle|ils|elles|on|vous|nous)\b")
_GLOSS_START = re.compile(r"(?:c'est-a-dire|c-a-d|soit|autrement dit|un|une|des|qui (?:signifie|veut dire)|"
                          r"ce qui (?:signifie|veut dire))\b")


def _added_clauses(f_added: str, f_source: str, kept_forms: list[str]) -> list[str]:
    """Asides (parentheses, dashes), and an opening or closing clause (before the first comma,
    after the last), made of words the original does not hold: where a model slips an answer
    ("(le fournisseur)", ", probablement la collectivité", "D'après la description, …"). An aside
    that explains a kept term with an indefinite article or "c'est-à-dire" ("PUE (un indicateur…)")
    is a gloss, and may stay."""
    known = _Known(f_source)
    reasons = []
    for match in _ASIDE.finditer(f_added):
        aside = next(g for g in match.groups() if g is not None).strip()
        words = fr.content_words(aside)
        new = [w for w in words if not known.has(w)]
        if not words or 2 * len(new) <= len(words):
            continue
        before = f_added[:match.start()].rstrip()
        if _GLOSS_START.match(aside) and any(before.endswith(f) for f in kept_forms):
            continue
        reasons.append(f"aparté ajouté, absent du texte d'origine : « {aside} »")
    last = re.sub(r"\([^()]*\)", " ", f_added.rstrip(" ?").rsplit("?", 1)[-1])
    segments = [x.strip() for x in re.split(r"[,;]", last)]
    if len(segments) > 1:
        for where, segment in (("au début", segments[0]), ("en fin de question", segments[-1])):
            if _ASKS.search(segment):  # the question itself ("Quel effet, …"), not a clause added to it
                continue
            words = fr.content_words(segment)
            if words and not any(known.has(w) for w in words):
                reasons.append(f"précision ajoutée {where}, absente du texte d'origine : « {segment} »")
    return reasons


def check(original: str, candidate: str, glossary_terms: Iterable[Iterable[str] | str] = (),
          laws: Iterable[Sequence[str]] = LAWS, context: str = "", *, lex: Lexicon | None = None) -> Verdict:
    """Whether `candidate` may be shown instead of `original`. Pure: no I/O, no state.

    glossary_terms: groups of equivalent forms (a glossary entry's term and aliases), or strings;
    laws: groups of names of laws and bodies; context: the project's title, whose occurrences
    in the candidate are not counted as additions; lex: a prepared `lexicon(...)` (faster).
    """
    reasons: list[tuple[str, str]] = []

    def fail(code: str, reason: str) -> None:
        reasons.append((code, reason))

    text = _nfkc(candidate).strip()
    source = _nfkc(original).strip()
    if not text:
        return Verdict(False, ("reformulation vide",), ("vide",))
    f_source, f_text = fold(source), fold(text)
    added = _without_title(text, context, f_source)  # what the candidate adds, a title that names the project aside
    f_added = f_text if added is text else fold(added)

    # characters the patterns below would not read as the team does: invisible, look-alike
    for reason in guard_chars.character_problems(candidate.strip(), original):
        fail("caractere", reason)
    shift = fr.language_shift(f_source, f_added)
    if shift:
        fail("langue", shift)

    # shape: one line, no markup, no links beyond the original's
    if "\n" in text or "\r" in text:
        fail("mise_en_forme", "plusieurs lignes")
    if _MARKUP.search(text) and not _MARKUP.search(source):
        fail("mise_en_forme", "mise en forme ajoutée (liste, code, balise ou délimiteur)")
    source_links, text_links = _links(source), _links(text)
    for link in source_links:
        if link not in text_links:
            fail("lien", f"lien perdu : {link}")
    for link in text_links:
        if link not in source_links:
            fail("lien", f"lien ajouté : {link}")

    # questions and sentences
    expected = max(1, source.count("?"))
    if text.count("?") != expected:
        fail("question", f"{'une question attendue' if expected == 1 else f'{expected} questions attendues'}, "
                         f"{text.count('?')} point(s) d'interrogation")
    if not text.endswith("?"):
        fail("question", "ne se termine pas par un point d'interrogation")
    if "!" in text and "!" not in source:
        fail("phrase", "exclamation ajoutée")
    if text.count(":") > source.count(":"):
        fail("consigne", "deux-points ajouté (réponse ou consigne annoncée)")
    if _sentences(added) > _sentences(source):
        fail("phrase", f"phrase ajoutée ({_sentences(text)} phrases pour {_sentences(source)})")

    # length
    limit = min(MAX_LENGTH, max(2 * len(source), len(source) + EXTRA_LENGTH))
    if len(text) > limit:
        fail("longueur", f"trop longue ({len(text)} caractères, {limit} au plus)")
    text_words = _WORD.findall(f_text)
    if len(text) < MIN_RATIO * len(source) or len(text_words) < 3:
        fail("longueur", f"trop courte ({len(text)} caractères pour {len(source)})")

    # negations
    n_source, n_text = _negations(f_source), _negations(f_added)
    if n_text < n_source:
        fail("negation", f"négation perdue ({n_source} dans le texte d'origine, {n_text} dans la reformulation)")
    elif n_text > n_source:
        fail("negation", f"négation ajoutée ({n_source} dans le texte d'origine, {n_text} dans la reformulation)")
    elif len(_NEVER.findall(f_added)) != len(_NEVER.findall(f_source)):
        fail("negation", "« jamais » ajouté ou retiré")
    r_source, r_text = fr.restrictions(f_source), fr.restrictions(f_added)
    if r_text != r_source:
        fail("restriction", f"restriction (« ne … que », « seulement », « seuls »…) "
                            f"{'ajoutée' if r_text > r_source else 'retirée'} ({r_source} dans le texte d'origine, "
                            f"{r_text} dans la reformulation)")
    for reason in fr.polarity_changes(fr.polarity(f_source), fr.polarity(f_added)):
        fail("sens", reason)

    # numbers, dates, units, references
    num_source, num_text = _numbers(source, f_source), _numbers(added, f_added)
    if num_source - num_text:
        fail("nombre", f"nombre ou date perdu ou modifié : {_fmt_numbers(num_source - num_text)}")
    if num_text - num_source:
        fail("nombre", f"nombre ou date ajouté : {_fmt_numbers(num_text - num_source)}")
    unit_source, unit_text = _units(f_source), _units(f_added)
    unit_kept = unit_text if added is text else _units(f_text)
    if unit_source - unit_kept:
        fail("unite", f"unité perdue : {', '.join(sorted(unit_source - unit_kept))}")
    if unit_text - unit_source:
        fail("unite", f"unité ajoutée : {', '.join(sorted(unit_text - unit_source))}")
    c_source, c_text = fr.comparisons(f_source), fr.comparisons(f_added)
    if c_source != c_text:
        fail("comparaison", f"comparaison modifiée : {_fmt_comparisons(c_text)} dans la reformulation, "
                            f"{_fmt_comparisons(c_source)} dans le texte d'origine")
    ref_source, ref_text = _references(f_source), _references(f_added)
    ref_kept = ref_text if added is text else _references(f_text)
    if ref_source - ref_kept:
        fail("reference", f"référence perdue : {', '.join(sorted(ref_source - ref_kept))}")
    if ref_text - ref_source:
        fail("reference", f"référence ajoutée : {', '.join(sorted(ref_text - ref_source))}")

    # glossary terms, named laws, acronyms: any form of the same group will do
    lex = lex or lexicon(glossary_terms, laws)
    stem_source, stem_text = _stemmed(source, f_source), _stemmed(text, f_text)
    satisfied: set[str] = set()
    reported: set[str] = set()  # one reason per lost term, whichever groups name it
    kept_forms = [fold(a) for a in _acronyms(source)]  # what an aside may explain
    for group in lex.groups:
        if group.found_in(stem_source):
            forms = {f.casefold() for f in group.forms}
            kept_forms += [fold(f) for f in group.forms]
            if group.found_in(stem_text):
                satisfied |= forms
            elif not forms & reported:
                fail("terme", f"terme ou texte de loi perdu : {group.name}")
                reported |= forms
    word_set = set(text_words)
    for acronym in _acronyms(source):
        key = acronym.casefold()
        if key not in word_set and key not in satisfied and key not in reported:
            fail("terme", f"sigle perdu : {acronym}")

    # instructions and answer suggestions
    for label, pattern in _SUSPICIOUS:
        found = pattern.findall(f_added)
        if found and len(found) > len(pattern.findall(f_source)):
            fail("consigne", f"consigne ou suggestion de réponse ajoutée ({label} : « {found[0].strip()} »)")
    for (label, count, first), (_, in_source, _) in zip(fr.qualifiers(f_added), fr.qualifiers(f_source),
                                                             strict=True):
        if count > in_source:
            fail("suggestion", f"réponse suggérée ou affirmée ({label} : « {first} »)")
    for reason in _added_clauses(f_added, f_source, kept_forms):
        fail("suggestion", reason)

    if not reasons:
        return Verdict(True)
    seen: dict[str, None] = {}
    for _, reason in reasons:
        seen.setdefault(reason)
    return Verdict(False, tuple(seen), tuple(dict.fromkeys(code for code, _ in reasons)))


def keep_terms(original: str, lex: Lexicon) -> tuple[str, ...]:
    """What the prompt asks the model to keep as is: the terms, laws, acronyms, references and
    links found in the original (derived from the grid, never from the project)."""
    stemmed = _stemmed(original)
    found: list[str] = []
    for group in lex.groups:
        if group.found_in(stemmed):
            form = next((f for f in group.forms if _stemmed(f) in stemmed), group.name)
            found.append(form)
    found += acronyms(original)
    found += sorted(references(original))
    found += links(original)
    seen: dict[str, None] = {}
    for f in found:
        if f.casefold() not in {s.casefold() for s in seen}:
            seen[f] = None
    return tuple(seen)


def glossary_groups(entries) -> tuple[tuple[str, ...], ...]:
    """Groups of forms from glossary entries (objects with `term` and `aliases`)."""
    return tuple((e.term, *e.aliases) for e in entries)


__all__ = ["GUARD_VERSION", "LAWS", "Lexicon", "Verdict", "acronyms", "check", "clean", "fold", "glossary_groups",
           "keep_terms", "lexicon", "links", "negations", "numbers", "references", "units"]

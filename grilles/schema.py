"""The shape of a grid file, as pydantic models.

The same models give the JSON Schema that editors use for completion
(`instruire grilles schema`). Cross-references (conditions, axes, equivalences)
are checked by `grilles.checks`, which JSON Schema cannot express.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr, model_validator
from pydantic_core import PydanticCustomError

LOCAL_ID = r"^[a-z][a-z0-9_]*$"
QUALIFIED_ID = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$"

# Reserved answers, available on every question: never options of a grid.
DONT_KNOW = "nsp"
NOT_APPLICABLE = "na"
RESERVED_VALUES = (DONT_KNOW, NOT_APPLICABLE)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AnswerType(str, Enum):
    yes_no = "oui_non"
    single = "choix_unique"
    multiple = "choix_multiple"
    scale = "echelle"
    text = "texte"
    number = "nombre"


# The Nantes guide's multidisciplinary group (p. 10: digital resources, HR, organisation and
# transformation, data administration, digital law and personal data, the supplier when known), the
# people its process names (p. 4: political validation by the elected officials, information of the
# trade unions), and those the girouet is filled in with (the agents concerned and their
# representatives, social dialogue: Data Publica cahier p. 40 and 43).
class Role(str, Enum):
    """Who can usually answer: the multidisciplinary group of the Nantes guide."""

    business = "metier"
    dpo_lawyer = "dpo_juriste"
    security = "securite"
    responsible_it = "numerique_responsable"
    hr_health = "rh_sante"
    supplier = "fournisseur"
    management = "direction"
    elected = "elus"
    staff_representatives = "representants_personnel"
    agents_concerned = "agents_concernes"
    organisation = "organisation_transformation"
    data_administration = "administration_donnees"


ROLE_LABELS = {
    Role.business: "l'équipe métier",
    Role.dpo_lawyer: "le ou la DPO / juriste",
    Role.security: "le ou la responsable de la sécurité (RSSI)",
    Role.responsible_it: "le numérique responsable",
    Role.hr_health: "les RH et la santé au travail",
    Role.supplier: "le fournisseur",
    Role.management: "la direction du projet",
    Role.elected: "les élus (validation politique)",
    Role.staff_representatives: "les représentants du personnel",
    Role.agents_concerned: "les agents concernés",
    Role.organisation: "l'organisation et la transformation",
    Role.data_administration: "l'administration de la donnée",
}


class Severity(str, Enum):
    red_line = "ligne_rouge"
    warning = "alerte"


class RiskCategory(str, Enum):
    """The AI Act's tiers, as the Algorithmic Transparency Standard names them (public register)."""
    minimal = "minimal"
    limited = "limited"
    high = "high risk"
    unacceptable = "unacceptable"


class Chart(str, Enum):
    """How a scored grid's axes are drawn."""

    radar = "radar"
    bars = "barres"


class SourceRef(_Strict):
    """Where a question or rule comes from in a source document."""

    document: str | None = Field(None, description="Document source (par défaut : celui de la grille).")
    section: str | None = Field(None, description="Critère, quadrant, principe ou partie du document.")
    number: int | None = Field(None, description="Numéro de la question dans la source, s'il existe.")
    page: int | None = Field(None, description="Page dans la source.")
    note: str | None = Field(None, description="Précision (article de loi, décision, etc.).")


class GridSource(_Strict):
    document: str = Field(description="Titre du document source.")
    author: str = Field(description="Organisation autrice.")
    file: str | None = Field(None, description="Fichier de la source (dossier des sources du projet).")
    date: str | None = Field(None, description="Date de publication.")
    url: str | None = None


class Scale(_Strict):
    labels: dict[int, str] = Field(description="Libellés des niveaux 1 à 4, tels que la source les donne.")


class Option(_Strict):
    value: str = Field(pattern=LOCAL_ID, description="Code stable de l'option, utilisé dans les conditions.")
    label: str = Field(min_length=1, description="Libellé affiché.")
    score: int | None = Field(None, ge=1, le=4, description="Note de 1 à 4 si la question est notée.")
    unscored: bool = Field(False, description="Option explicitement non notée (ex. « non concerné »).")
    exclusive: bool = Field(False, description="Choix multiple : cette option exclut les autres (ex. « aucune »).")
    help: str | None = Field(None, description="Ce que ce choix signifie ou ouvre.")
    risk_category: RiskCategory | None = Field(
        None, description="Catégorie de risque du RIA que ce choix entraîne, pour le registre public (au moins "
                          "celle-ci ; la plus grave des catégories déclarées l'emporte).")
    asks_note: bool = Field(False, description="Ce choix demande une précision : la note s'ouvre aussitôt "
                                               "(ex. « En partie (préciser dans une note) »).")


PrefillValue = StrictStr | StrictInt | StrictFloat | list[StrictStr]  # a YAML yes/no stays an error


class Prefill(_Strict):
    """An answer offered ready-made because another answer implies it: the team confirms or changes
    it, and what it confirms is recorded as its own answer. Nothing is answered on its behalf."""

    when: str | None = Field(
        None, description="Condition qui rend la proposition valable (peut citer les questions des autres "
                          "grilles) ; par défaut, pour « copy_of », que la question copiée ait une réponse.")
    value: PrefillValue | None = Field(
        None, description="La réponse proposée (un choix, un nombre, un texte, une liste, ou « nsp »).")
    copy_of: str | None = Field(
        None, pattern=QUALIFIED_ID, description="Ou : proposer la réponse donnée à cette question (même type).")
    note: str = Field(min_length=1, description="Pourquoi cette réponse est proposée (montré à l'équipe).")

    @model_validator(mode="after")
    def _one_source(self) -> Prefill:
        if (self.value is None) == (self.copy_of is None):
            raise PydanticCustomError("proposition", "une proposition donne soit « value », soit « copy_of »")
        if self.value is not None and self.when is None:
            raise PydanticCustomError("proposition", "une proposition « value » demande sa condition « when »")
        return self


class Question(_Strict):
    id: str = Field(pattern=LOCAL_ID, description="Identifiant stable ; garde le numéro de la source (q03).")
    number: int | None = Field(None, ge=1, description="Numéro officiel dans la source, s'il existe.")
    supplement_of: str | None = Field(
        None, pattern=LOCAL_ID,
        description="Question ajoutée pour structurer une question de la source (ex. niveau de risque).",
    )
    text: str = Field(min_length=1, description="Libellé tel que publié (grilles officielles) ou rédigé.")
    type: AnswerType
    options: list[Option] = Field(default_factory=list, description="Choix possibles (oui_non : implicites).")
    unit: str | None = Field(None, description="Unité d'une réponse numérique.")
    scale: Scale | None = Field(None, description="Libellés 1–4 propres à cette question « echelle ».")
    source: SourceRef = Field(default_factory=SourceRef)
    help: str | None = Field(None, description="« Pourquoi cette question ? », résumé de la source.")
    glossary: list[str] = Field(default_factory=list, description="Termes du glossaire utiles ici.")
    answered_by: list[Role] = Field(default_factory=list, description="Qui peut habituellement répondre.")
    when: str | None = Field(None, description="Condition d'applicabilité (langage des conditions).")
    axis: str | None = Field(None, pattern=LOCAL_ID, description="Axe noté auquel la question contribue.")
    same_as: list[str] = Field(
        default_factory=list, description="Questions équivalentes d'autres grilles (grille.question)."
    )
    prefill: list[Prefill] = Field(
        default_factory=list,
        description="Réponses proposées, à confirmer, quand une autre réponse les implique (la première "
                    "dont la condition est remplie).")

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


class Section(_Strict):
    id: str = Field(pattern=LOCAL_ID)
    title: str = Field(min_length=1)
    source: SourceRef = Field(default_factory=SourceRef)
    help: str | None = Field(None, description="Résumé du commentaire de la source pour cette partie.")
    when: str | None = Field(None, description="Condition qui s'applique à toutes les questions de la partie.")
    questions: list[Question] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list, description="Sous-parties, dans l'ordre de la source.")
    reask_at_follow_up: bool = Field(
        False, description="Questions posées à nouveau lors d'un suivi à un stade ultérieur (effets constatés).")


class Axis(_Strict):
    id: str = Field(pattern=LOCAL_ID)
    title: str
    group: str | None = Field(None, description="Regroupement (quadrant du radar, fiche du girouet).")
    source: SourceRef = Field(default_factory=SourceRef)


class Rule(_Strict):
    """A red line or a warning: raised as soon as its condition holds.

    Rules of several grids may share an id: one red line that several sources draw (the
    biometrics of the profile and of Nantes' question 2). It is raised when any of them holds.
    """

    id: str = Field(pattern=LOCAL_ID)
    severity: Severity
    title: str
    when: str | None = Field(None, description="Condition de déclenchement.")
    risk_category: RiskCategory | None = Field(
        None, description="Catégorie de risque du RIA que la règle levée entraîne, pour le registre public.")
    verify_when: str | None = Field(
        None, description="Condition qui laisse le point « à vérifier » sans le lever : la source demande "
                          "d'établir un fait et la réponse dit qu'il ne l'est pas (« A-t-il été établi… ? » : non).")
    message: str = Field(min_length=1, description="Message montré à l'équipe (jamais une décision).")
    source: SourceRef = Field(description="Ce qui fait de ce point une ligne rouge ou une alerte.")

    @model_validator(mode="after")
    def _some_condition(self) -> Rule:
        if self.when is None and self.verify_when is None:
            raise PydanticCustomError(
                "regle", "une règle demande « when » (la lever) ou « verify_when » (la laisser à vérifier)")
        return self


class Deferral(_Strict):
    """While a condition holds, the questions that `role` is the first named to answer (first of
    `answered_by`) are offered « je ne sais pas »: open points to put to that role (e.g. the
    supplier, not chosen yet). The team confirms, or answers itself what it knows."""

    when: str = Field(description="Condition (sur les questions de cette grille).")
    role: Role = Field(description="Le rôle nommé en premier (answered_by) pour répondre à ces questions.")
    note: str = Field(min_length=1, description="Ce qui est dit à l'équipe pour chacune (montré tel quel).")


class Grid(_Strict):
    id: str = Field(pattern=LOCAL_ID, description="Identifiant court de la grille (préfixe des questions).")
    title: str
    version: str
    kind: str = Field("grille", pattern="^(grille|profil)$", description="« profil » : posé en premier.")
    source: GridSource
    licence: str
    attribution: str
    description: str | None = None
    scale: Scale | None = Field(None, description="Échelle 1–4 par défaut des questions « echelle ».")
    min_coverage: float = Field(0.5, ge=0, le=1, description="Couverture minimale pour afficher une note d'axe.")
    axes: list[Axis] = Field(default_factory=list)
    chart: Chart | None = Field(None, description="Dessin des notes d'axes : « radar » ou « barres » (par défaut).")
    reask_at_follow_up: bool = Field(
        False, description="Grille posée et notée à nouveau lors d'un suivi à un stade ultérieur.")
    default_selected: bool = Field(False, description="Grille cochée par défaut pour une nouvelle instruction.")
    stage_question: str | None = Field(
        None, pattern=LOCAL_ID,
        description="Profil : la question (choix unique) qui donne le stade du projet ; le suivi à un stade "
                    "ultérieur y répond à nouveau.")
    sections: list[Section]
    rules: list[Rule] = Field(default_factory=list, description="Lignes rouges et alertes.")
    defer: list[Deferral] = Field(
        default_factory=list, description="Questions reportées à un rôle (points ouverts) tant qu'une condition "
                                          "est remplie.")

    def walk(self) -> Iterator[tuple[list[Section], Question]]:
        """Every question in the source's order, with its chain of sections."""

        def visit(section: Section, chain: list[Section]) -> Iterator[tuple[list[Section], Question]]:
            chain = chain + [section]
            for q in section.questions:
                yield chain, q
            for sub in section.sections:
                yield from visit(sub, chain)

        for s in self.sections:
            yield from visit(s, [])

    def all_sections(self) -> Iterator[Section]:
        def visit(section: Section) -> Iterator[Section]:
            yield section
            for sub in section.sections:
                yield from visit(sub)

        for s in self.sections:
            yield from visit(s)


class GlossaryEntry(_Strict):
    id: str = Field(pattern=LOCAL_ID)
    term: str
    definition: str
    source: str = Field(description="D'où vient la définition.")
    aliases: list[str] = Field(default_factory=list, description="Autres formes du terme à repérer.")


class Glossary(_Strict):
    entries: list[GlossaryEntry]


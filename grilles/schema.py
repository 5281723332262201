"""The shape of a grid file, as pydantic models.

The same models give the JSON Schema that editors use for completion
(`instruire grilles schema`). Cross-references (conditions, axes, equivalences)
are checked by `grilles.checks`, which JSON Schema cannot express.
"""

from __future__ import annotations

from enum import Enum
from typing import Iterator, Optional

from pydantic import BaseModel, ConfigDict, Field

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


class Role(str, Enum):
    """Who can usually answer: the multidisciplinary group of the Nantes guide."""

    business = "metier"
    dpo_lawyer = "dpo_juriste"
    security = "securite"
    responsible_it = "numerique_responsable"
    hr_health = "rh_sante"
    supplier = "fournisseur"
    management = "direction"


ROLE_LABELS = {
    Role.business: "l'équipe métier",
    Role.dpo_lawyer: "le ou la DPO / juriste",
    Role.security: "le ou la responsable de la sécurité (RSSI)",
    Role.responsible_it: "le numérique responsable",
    Role.hr_health: "les RH et la santé au travail",
    Role.supplier: "le fournisseur",
    Role.management: "la direction du projet",
}


class Severity(str, Enum):
    red_line = "ligne_rouge"
    warning = "alerte"


class SourceRef(_Strict):
    """Where a question or rule comes from in a source document."""

    document: Optional[str] = Field(None, description="Document source (par défaut : celui de la grille).")
    section: Optional[str] = Field(None, description="Critère, quadrant, principe ou partie du document.")
    number: Optional[int] = Field(None, description="Numéro de la question dans la source, s'il existe.")
    page: Optional[int] = Field(None, description="Page dans la source.")
    note: Optional[str] = Field(None, description="Précision (article de loi, décision, etc.).")


class GridSource(_Strict):
    document: str = Field(description="Titre du document source.")
    author: str = Field(description="Organisation autrice.")
    file: Optional[str] = Field(None, description="Fichier de la source (dossier des sources du projet).")
    date: Optional[str] = Field(None, description="Date de publication.")
    url: Optional[str] = None


class Scale(_Strict):
    labels: dict[int, str] = Field(description="Libellés des niveaux 1 à 4, tels que la source les donne.")


class Option(_Strict):
    value: str = Field(pattern=LOCAL_ID, description="Code stable de l'option, utilisé dans les conditions.")
    label: str = Field(min_length=1, description="Libellé affiché.")
    score: Optional[int] = Field(None, ge=1, le=4, description="Note de 1 à 4 si la question est notée.")
    unscored: bool = Field(False, description="Option explicitement non notée (ex. « non concerné »).")
    exclusive: bool = Field(False, description="Choix multiple : cette option exclut les autres (ex. « aucune »).")
    help: Optional[str] = Field(None, description="Ce que ce choix signifie ou ouvre.")


class Question(_Strict):
    id: str = Field(pattern=LOCAL_ID, description="Identifiant stable ; garde le numéro de la source (q03).")
    number: Optional[int] = Field(None, ge=1, description="Numéro officiel dans la source, s'il existe.")
    supplement_of: Optional[str] = Field(
        None, pattern=LOCAL_ID,
        description="Question ajoutée pour structurer une question de la source (ex. niveau de risque).",
    )
    text: str = Field(min_length=1, description="Libellé tel que publié (grilles officielles) ou rédigé.")
    type: AnswerType
    options: list[Option] = Field(default_factory=list, description="Choix possibles (oui_non : implicites).")
    unit: Optional[str] = Field(None, description="Unité d'une réponse numérique.")
    scale: Optional[Scale] = Field(None, description="Libellés 1–4 propres à cette question « echelle ».")
    source: SourceRef = Field(default_factory=SourceRef)
    help: Optional[str] = Field(None, description="« Pourquoi cette question ? », résumé de la source.")
    glossary: list[str] = Field(default_factory=list, description="Termes du glossaire utiles ici.")
    answered_by: list[Role] = Field(default_factory=list, description="Qui peut habituellement répondre.")
    when: Optional[str] = Field(None, description="Condition d'applicabilité (langage des conditions).")
    axis: Optional[str] = Field(None, pattern=LOCAL_ID, description="Axe noté auquel la question contribue.")
    same_as: list[str] = Field(
        default_factory=list, description="Questions équivalentes d'autres grilles (grille.question)."
    )

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


class Section(_Strict):
    id: str = Field(pattern=LOCAL_ID)
    title: str = Field(min_length=1)
    source: SourceRef = Field(default_factory=SourceRef)
    help: Optional[str] = Field(None, description="Résumé du commentaire de la source pour cette partie.")
    when: Optional[str] = Field(None, description="Condition qui s'applique à toutes les questions de la partie.")
    questions: list[Question] = Field(default_factory=list)
    sections: list["Section"] = Field(default_factory=list, description="Sous-parties, dans l'ordre de la source.")


class Axis(_Strict):
    id: str = Field(pattern=LOCAL_ID)
    title: str
    group: Optional[str] = Field(None, description="Regroupement (quadrant du radar, fiche du girouet).")
    source: SourceRef = Field(default_factory=SourceRef)


class Rule(_Strict):
    """A red line or a warning: raised as soon as its condition holds."""

    id: str = Field(pattern=LOCAL_ID)
    severity: Severity
    title: str
    when: str = Field(description="Condition de déclenchement.")
    message: str = Field(min_length=1, description="Message montré à l'équipe (jamais une décision).")
    source: SourceRef = Field(description="Ce qui fait de ce point une ligne rouge ou une alerte.")


class Grid(_Strict):
    id: str = Field(pattern=LOCAL_ID, description="Identifiant court de la grille (préfixe des questions).")
    title: str
    version: str
    kind: str = Field("grille", pattern="^(grille|profil)$", description="« profil » : posé en premier.")
    source: GridSource
    licence: str
    attribution: str
    description: Optional[str] = None
    scale: Optional[Scale] = Field(None, description="Échelle 1–4 par défaut des questions « echelle ».")
    min_coverage: float = Field(0.5, ge=0, le=1, description="Couverture minimale pour afficher une note d'axe.")
    axes: list[Axis] = Field(default_factory=list)
    sections: list[Section]
    rules: list[Rule] = Field(default_factory=list, description="Lignes rouges et alertes.")

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


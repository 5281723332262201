"""JSON Schemas for editors (completion and errors while editing a grid in YAML)."""

from __future__ import annotations

import json

from grilles.schema import Glossary, Grid

GRID_SCHEMA_FILE = "grille.schema.json"
GLOSSARY_SCHEMA_FILE = "glossaire.schema.json"
# yaml-language-server fully supports draft-07; pydantic's output stays within it here.
DRAFT = "http://json-schema.org/draft-07/schema#"


def _schema(model, title: str) -> dict:
    schema = model.model_json_schema()
    return {"$schema": DRAFT, **schema, "title": title}


def grid_schema() -> str:
    return json.dumps(_schema(Grid, "Grille d'instruction instruire"), ensure_ascii=False, indent=2) + "\n"


def glossary_schema() -> str:
    return json.dumps(_schema(Glossary, "Glossaire instruire"), ensure_ascii=False, indent=2) + "\n"


SCHEMAS = {GRID_SCHEMA_FILE: grid_schema, GLOSSARY_SCHEMA_FILE: glossary_schema}

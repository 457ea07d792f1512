"""Validation against the vendored IPTC ninjs 2.1 schema, offline.

The schema's `places[].geojson` refers to GeoJSON's schema by remote URL. With no network we
register a local stand-in for that one reference: any JSON object is accepted there (we never
emit `geojson`, and imported places keep only their names).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
SCHEMA_PATH = SCHEMA_DIR / "ninjs-schema_2.1.json"
SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"
GEOJSON_URI = "https://geojson.org/schema/GeoJSON.json"
GEOJSON_STAND_IN = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    registry = Registry().with_resource(
        GEOJSON_URI, Resource.from_contents(GEOJSON_STAND_IN, default_specification=DRAFT202012)
    )
    return Draft202012Validator(schema, registry=registry)


def schema_errors(document: object, *, limit: int = 5) -> list[str]:
    """Readable messages for the ways `document` breaks the schema (empty when it is valid)."""
    errors = sorted(validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    messages = []
    for error in errors[:limit]:
        where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        messages.append(f"{where}: {error.message}")
    return messages

"""JSON Schema of firm profiles and data files, generated from the pydantic models."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from generator.firm import FirmProfile
from generator.model import COLLECTIONS, FILES

SCHEMA_BASE = "https://json-schema.org/draft/2020-12/schema"


def _schema(model: Any, title: str) -> dict[str, Any]:
    schema: dict[str, Any] = model.model_json_schema(mode="validation")
    schema["$schema"] = SCHEMA_BASE
    schema["title"] = title
    return schema


def firm_schema() -> dict[str, Any]:
    """JSON Schema of a firm profile (editors point yaml-language-server at it)."""
    return json.loads(_firm_schema_text())  # type: ignore[no-any-return]  # a fresh copy: callers may change it


def data_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema of every data file, by file or folder name."""
    return json.loads(_data_schemas_text())  # type: ignore[no-any-return]


# Generating the schemas walks every pydantic model (about 30 ms each time); a site build asks twice.
@lru_cache(maxsize=1)
def _firm_schema_text() -> str:
    return json.dumps(_schema(FirmProfile, "paralegal-kb firm profile"))


@lru_cache(maxsize=1)
def _data_schemas_text() -> str:
    out = {name: _schema(cls, f"data/{name}") for name, cls in FILES.items()}
    out.update({f"{folder}/*.yml": _schema(cls, f"data/{folder}/<id>.yml") for folder, cls in COLLECTIONS.items()})
    return json.dumps(out)

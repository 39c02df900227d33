"""JSON Schema of firm profiles and data files, generated from the pydantic models."""

from __future__ import annotations

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
    return _schema(FirmProfile, "paralegal-kb firm profile")


def data_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema of every data file, by file or folder name."""
    out = {name: _schema(cls, f"data/{name}") for name, cls in FILES.items()}
    out.update({f"{folder}/*.yml": _schema(cls, f"data/{folder}/<id>.yml") for folder, cls in COLLECTIONS.items()})
    return out

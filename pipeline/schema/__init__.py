"""The record's JSON Schema (`record.schema.json`), the contract with downstream importers.

It sits below every stage: ingest's documents keep the record's id and date patterns, and the
extract stage validates every record against it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def record_schema() -> dict[str, Any]:
    text = resources.files("pipeline.schema").joinpath("record.schema.json").read_text("utf-8")
    return json.loads(text)

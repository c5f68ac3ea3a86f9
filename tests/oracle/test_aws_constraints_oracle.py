"""Every (resource type, argument) of the constraint table exists in the real AWS provider."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from tests.oracle.oracle import require_oracle
from tfjudge.aws.constraints import constraint_table

pytestmark = pytest.mark.oracle


def _provider_schema() -> dict[str, Any]:
    oracle = require_oracle()
    result = subprocess.run(
        [str(oracle), "schema"], capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode == 3:
        pytest.skip("terraform or the AWS provider is not installed")
    assert result.returncode == 0, result.stderr
    schemas: dict[str, Any] = json.loads(result.stdout)["provider_schemas"]
    provider = next(v for k, v in schemas.items() if k.endswith("hashicorp/aws"))
    resources: dict[str, Any] = provider["resource_schemas"]
    return resources


def _has_argument(block: dict[str, Any], path: list[str]) -> bool:
    head, *rest = path
    if not rest:
        attribute = block.get("attributes", {}).get(head)
        return attribute is not None and not (
            attribute.get("computed") and not attribute.get("optional")
        )
    nested = block.get("block_types", {}).get(head)
    return nested is not None and _has_argument(nested["block"], rest)


def test_every_mapped_argument_is_a_settable_argument_of_the_provider() -> None:
    resources = _provider_schema()
    table = constraint_table()
    missing = []
    for resource_type in table.resource_types:
        schema = resources.get(resource_type)
        for argument in table.for_type(resource_type):
            if schema is None or not _has_argument(schema["block"], argument.split(".")):
                missing.append(f"{resource_type}.{argument}")
    assert missing == []

"""Every resource type in the reviewed synonym table exists in the real AWS provider schema."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.oracle.oracle import require_oracle
from tfjudge.prompt.components import component_table


@pytest.mark.oracle
def test_every_synonym_type_is_a_provider_resource() -> None:
    oracle = require_oracle()
    run = subprocess.run([str(oracle), "schema"], capture_output=True, text=True, check=False)
    if run.returncode == 3:
        pytest.skip("terraform or the AWS provider is not installed")
    schemas = json.loads(run.stdout)["provider_schemas"]
    aws = next(v for k, v in schemas.items() if k.endswith("hashicorp/aws"))
    known = set(aws["resource_schemas"])
    types = {t for component in component_table() for t in component.types + component.only_with}
    assert sorted(types - known) == []

"""The schema rules on the public corpus: the labels of the family found, nothing on ideals.

Every schema finding on an ideal must be listed here with the reason it is right:
each one was checked against `terraform validate` (tests/oracle) or is a deprecation
warning terraform gives too. Skips when the corpus is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tfjudge.analysis import Settings, analyze

# (case, rule, address): why the ideal really has it under hashicorp/aws 5.100.0
REAL_ON_IDEALS = {
    ("Pr1485", "schema.unknown-attribute", None): "data.aws_region.current.region only exists "
    "from provider 6.0 (5.x has name); the ideal pins >= 5.0",
    ("Pr1485", "schema.unknown-attribute", "output.api_invoke_url"): "the same attribute",
    ("Pr2741", "schema.deprecated", "output.website_url"): "website_endpoint is deprecated",
    ("Pr3448", "schema.unknown-argument", "provider.aws.r0"): "skip_request_account_id is not "
    "a provider argument (skip_requesting_account_id is); validate fails on the three "
    "aliased configurations the modules use",
    ("Pr3448", "schema.unknown-argument", "provider.aws.r1"): "the same",
    ("Pr3448", "schema.unknown-argument", "provider.aws.r2"): "the same",
    ("Pr3985", "schema.unknown-argument", "aws_flow_log.prod_vpc_flow_log"): "aws_flow_log "
    "has no log_destination_arn (validate: Unsupported argument)",
    ("Pr5470", "schema.deprecated", "aws_cloudwatch_event_rule.failover_test"): "is_enabled is "
    "deprecated in favour of state",
    ("Pr5769", "schema.unknown-argument", "aws_ecs_service.main"): "aws_ecs_service 5.x has no "
    "deployment_configuration block (deployment_maximum_percent and "
    "deployment_minimum_healthy_percent are arguments)",
    ("Pr6833", "schema.deprecated", "aws_s3_bucket.app_bucket"): "acl on aws_s3_bucket is "
    "deprecated",
}

# rules whose findings on ideals are right by construction, with why
REAL_WHEREVER_FOUND = {
    "schema.lifecycle-rule-without-filter": "a provider warning (not an error) that terraform "
    "validate gives on every such rule, ideals included: the rule matches it exactly "
    "(tests/oracle/test_lifecycle_filter_oracle.py)",
}


def cases() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not available")
    return sorted(p for p in CORPUS.glob("**/IDEAL_RESPONSE.md"))


def test_ideals_have_no_schema_finding_but_the_real_ones() -> None:
    found = set()
    for ideal in cases():
        analysis = analyze(ideal, settings=Settings(select=["schema"]))
        found |= {
            (ideal.parent.name, f.rule, f.address)
            for f in analysis.findings
            if f.rule not in REAL_WHEREVER_FOUND
        }
    assert found == set(REAL_ON_IDEALS)


def test_the_schema_labels_of_the_corpus_are_found() -> None:
    labelled = 0
    for ideal in cases():
        labels_path = ideal.parent / "labels.json"
        if not labels_path.exists():
            continue
        labels = [
            label
            for label in json.loads(labels_path.read_text())["expected"]
            if label["rule"].startswith("schema.")
        ]
        if not labels:
            continue
        analysis = analyze(ideal.parent / "MODEL_RESPONSE.md", settings=Settings(select=["schema"]))
        found = {(f.rule, f.address) for f in analysis.findings}
        for label in labels:
            labelled += 1
            assert (label["rule"], label["address"]) in found, label
    assert labelled >= 6

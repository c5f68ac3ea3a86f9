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

# (case, rule, address): why the ideal really has it, under the schema its pin selects
# (unpinned and `>= 5.0`: 6.66.0; `~> 4.0`: the nearest known, 5.100.0)
REAL_ON_IDEALS = {
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
    ("Pr5769", "schema.unknown-argument", "aws_ecs_service.main"): "unpinned, so 6.66.0: its "
    "deployment_configuration block has no maximum_percent or minimum_healthy_percent "
    "(deployment_maximum_percent and deployment_minimum_healthy_percent are arguments of "
    "the service; 5.x has no such block at all)",
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
    """The labels were written against the 5.x schema ("the 5.x schema marks it deprecated").

    Judged against 5.100.0 every one is found. With the schema the answer's pin selects,
    each is found too, or (Pr3955 pins nothing, so it meets 6.66.0, where `stage_name` and
    `execution_arn` are gone) a finding at the same address says the thing exists only in
    5.100.0.
    """
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
        model = ideal.parent / "MODEL_RESPONSE.md"
        five = Settings(select=["schema"], options={"provider_version": "5"})
        as_in_5 = {(f.rule, f.address) for f in analyze(model, settings=five).findings}
        selected = analyze(model, settings=Settings(select=["schema"])).findings
        for label in labels:
            labelled += 1
            assert (label["rule"], label["address"]) in as_in_5, label
            same = [f for f in selected if f.address == label["address"]]
            assert any(
                f.rule == label["rule"] or "in provider 5.100.0 but not in 6.66.0" in f.message
                for f in same
            ), label
    assert labelled >= 6

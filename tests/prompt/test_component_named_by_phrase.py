"""req.missing-resource: a mention that is part of another resource's name in the prompt
("an ElastiCache user", "an S3 Glacier vault") is satisfied by that resource, and only by a
declared one whose words run through or on from the mention."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.prompt.helpers import missing_resources


def _missing(tmp_path: Path, prompt: str, code: str) -> list[str]:
    return [f.address or "" for f in missing_resources(tmp_path, prompt, code)]


def _resource(resource_type: str) -> str:
    return f'resource "{resource_type}" "this" {{\n  name = "x"\n}}\n'


@pytest.mark.parametrize(
    ("prompt", "declared"),
    [
        ("Provide an ElastiCache user resource with redis.", "aws_elasticache_user"),
        (
            "Create a DynamoDB Contributor Insights resource for a specific table.",
            "aws_dynamodb_contributor_insights",
        ),
        ("Create an S3 Glacier vault for long-term data archiving.", "aws_glacier_vault"),
        (
            "Create an Egress-Only Internet Gateway for the IPv6 instances.",
            "aws_egress_only_internet_gateway",
        ),
    ],
)
def test_the_phrase_names_the_declared_resource(tmp_path: Path, prompt: str, declared: str) -> None:
    assert _missing(tmp_path / "other", prompt, _resource("aws_sns_topic")) != []
    assert _missing(tmp_path / "named", prompt, _resource(declared)) == []


def test_a_type_named_elsewhere_in_the_sentence_does_not_count(tmp_path: Path) -> None:
    prompt = "Create an internet gateway and a NAT gateway for the VPC."
    code = _resource("aws_vpc") + _resource("aws_nat_gateway")
    assert _missing(tmp_path, prompt, code) == ["aws_internet_gateway"]


def test_items_of_a_list_are_not_one_name(tmp_path: Path) -> None:
    prompt = "Handle metrics from API Gateway, Lambda functions and RDS instances."
    code = _resource("aws_lambda_function") + _resource("aws_db_instance")
    assert _missing(tmp_path, prompt, code) == ["aws_api_gateway_rest_api"]


def test_a_type_inside_the_mention_does_not_count(tmp_path: Path) -> None:
    prompt = "Set up VPC Flow Logs going to CloudWatch Logs."
    code = _resource("aws_vpc") + _resource("aws_cloudwatch_log_group")
    assert _missing(tmp_path, prompt, code) == ["aws_flow_log"]

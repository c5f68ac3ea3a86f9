"""aws.lambda-deprecated-runtime: Synthetics canaries past deprecation, and the runtime a
function is advised to move to."""

from __future__ import annotations

import datetime as dt

import pytest

from tfjudge.analysis import Settings, analyze_response
from tfjudge.aws.runtimes import runtime_schedule
from tfjudge.findings import Finding, Severity
from tfjudge.response.loader import Response
from tfjudge.source import SourceFile

RULE = "aws.lambda-deprecated-runtime"
TODAY = dt.date(2026, 11, 30)


def run(text: str, today: dt.date = TODAY) -> list[Finding]:
    response = Response("answer", "directory", files=[SourceFile("main.tf", "hcl", text, 1)])
    settings = Settings(select=[RULE], options={"today": today})
    return [f for f in analyze_response(response, settings=settings).findings if f.rule == RULE]


def canary(version: str) -> str:
    return (
        'resource "aws_synthetics_canary" "c" {\n  name = "c"\n  handler = "index.handler"\n'
        f'  runtime_version = "{version}"\n  artifact_s3_location = "s3://b/"\n'
        '  execution_role_arn = "arn:aws:iam::1:role/r"\n'
        '  schedule {\n    expression = "rate(5 minutes)"\n  }\n}\n'
    )


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("syn-nodejs-puppeteer-3.9", 1),
        ("syn-nodejs-puppeteer-6.2", 1),  # deprecated 2026-01-22
        ("syn-python-selenium-5.1", 1),
        ("syn-nodejs-puppeteer-9.1", 0),  # not in the deprecation table
        ("syn-nodejs-3.0", 0),
    ],
)
def test_canary_runtime_versions(version: str, expected: int) -> None:
    assert len(run(canary(version))) == expected


def test_canary_finding_names_the_date() -> None:
    (finding,) = run(canary("syn-nodejs-puppeteer-3.9"))
    assert finding.severity is Severity.MEDIUM
    assert finding.address == "aws_synthetics_canary.c"
    assert "2024-01-08" in finding.message


def test_not_yet_deprecated_on_the_day() -> None:
    assert run(canary("syn-nodejs-puppeteer-6.2"), dt.date(2026, 1, 21)) == []


def test_the_schedule_records_its_source() -> None:
    schedule = runtime_schedule("synthetics_runtimes")
    assert "CloudWatch_Synthetics_Runtime_Support_Policy" in schedule.source
    assert schedule.deprecated_on("syn-nodejs-puppeteer-3.8") == dt.date(2024, 1, 8)


def function(runtime: str, pin: str | None) -> str:
    terraform = (
        f'terraform {{\n  required_providers {{\n    aws = {{ source = "hashicorp/aws", '
        f'version = "{pin}" }}\n  }}\n}}\n'
        if pin
        else ""
    )
    return terraform + (
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n'
        '  role = "arn:aws:iam::1:role/r"\n  handler = "index.handler"\n'
        f'  runtime = "{runtime}"\n  filename = "f.zip"\n}}\n'
    )


@pytest.mark.parametrize(
    ("pin", "advice"),
    [
        ("~> 5.0", "nodejs22.x"),  # provider 5.100.0 knows no nodejs24.x
        (">= 6.0", "nodejs24.x"),
    ],
)
def test_the_advice_is_a_runtime_the_provider_release_knows(pin: str, advice: str) -> None:
    (finding,) = run(function("nodejs18.x", pin))
    assert finding.message.endswith(f"use {advice}")

"""req.missing-region, one row per case (tflint style)."""

from __future__ import annotations

import pytest

from tfjudge.analysis import PromptDocument, Settings, analyze_response
from tfjudge.response.loader import load_text_input

RULE = "req.missing-region"
MULTI = "Deploy identical infrastructure to us-east-1 and us-west-2 (multi-region)."
_VPC = 'resource "aws_vpc" "a" {\n  cidr_block = "10.0.0.0/16"\n}\n'


def _missing(prompt: str, hcl: str) -> list[str]:
    response = load_text_input(f"### main.tf\n```hcl\n{hcl}```\n", "case.md")
    analysis = analyze_response(
        response, PromptDocument("prompt.md", prompt), settings=Settings(select=[RULE])
    )
    return [f.address or "" for f in analysis.findings if f.rule == RULE]


CASES: list[tuple[str, str, str, list[str]]] = [
    ("no provider block at all", MULTI, _VPC, ["provider.aws.us_west_2"]),
    (
        "one provider for the first Region",
        MULTI,
        'provider "aws" {\n  region = "us-east-1"\n}\n' + _VPC,
        ["provider.aws.us_west_2"],
    ),
    (
        "one provider for the second Region, through a variable's default",
        MULTI,
        'variable "r" {\n  default = "us-west-2"\n}\nprovider "aws" {\n  region = var.r\n}\n'
        + _VPC,
        ["provider.aws.us_east_1"],
    ),
    (
        "an alias declared",
        MULTI,
        'provider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n' + _VPC,
        [],
    ),
    (
        "an alias used but declared elsewhere (core.undeclared-provider-alias's)",
        MULTI,
        'resource "aws_vpc" "b" {\n  provider   = aws.west\n  cidr_block = "10.1.0.0/16"\n}\n'
        + _VPC,
        [],
    ),
    (
        "two Regions named without asking to deploy to both",
        "Migrate the bucket from us-west-1 to us-west-2.",
        _VPC,
        [],
    ),
    ("one Region named", "Deploy to us-east-1 (multi-region later).", _VPC, []),
    ("no resources: nothing to judge", MULTI, 'variable "x" {}\n', []),
]


@pytest.mark.parametrize(
    ("prompt", "hcl", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_missing_region(prompt: str, hcl: str, expected: list[str]) -> None:
    assert _missing(prompt, hcl) == expected

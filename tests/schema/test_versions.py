"""Choosing the AWS schema an answer meets: constraints resolved as terraform init would,
version-dependent findings that say so, and answers pinned to 5, pinned to 6 and unpinned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.files import write_tree
from tfjudge.analysis import Settings, analyze, analyze_response, parse_answer
from tfjudge.cli import main
from tfjudge.response.loader import load_response, load_text_input
from tfjudge.schema.versions import parse_constraint, select_schema


def pinned(version: str | None, body: str, extra: str = "") -> str:
    """Markdown answer: versions.tf with the constraint (none when None), main.tf with body."""
    entry = (
        f'aws = {{\n      source  = "hashicorp/aws"\n      version = "{version}"\n    }}'
        if version
        else 'aws = {\n      source = "hashicorp/aws"\n    }'
    )
    versions = f"terraform {{\n  required_providers {{\n    {entry}\n  }}\n}}\n{extra}"
    return f"### versions.tf\n\n```hcl\n{versions}```\n\n### main.tf\n\n```hcl\n{body}```\n"


def findings(markdown: str, **options: str) -> list[tuple[str, str]]:
    settings = Settings(select=["schema"], options=dict(options))
    analysis = analyze_response(load_text_input(markdown, "answer.md"), settings=settings)
    return [(f.rule, f.message) for f in analysis.findings]


@pytest.mark.parametrize(
    ("constraint", "version", "allowed"),
    [
        ("~> 5.0", (5, 100, 0), True),
        ("~> 5.0", (6, 0, 0), False),
        ("~> 5.1.0", (5, 1, 9), True),
        ("~> 5.1.0", (5, 2, 0), False),
        ("~> 6", (6, 66, 0), True),
        (">= 5.0", (6, 66, 0), True),
        (">= 5.0, < 6.0", (6, 0, 0), False),
        ("5.100.0", (5, 100, 0), True),
        ("= 5.99.1", (5, 100, 0), False),
        ("!= 6.66.0", (6, 66, 0), False),
        ("> 6.66.0", (6, 66, 0), False),
        ("<= 5.100", (5, 100, 0), True),
    ],
)
def test_constraint_clauses(constraint: str, version: tuple[int, int, int], allowed: bool) -> None:
    clauses = parse_constraint(constraint)
    assert clauses is not None
    assert all(c.allows(version) for c in clauses) is allowed


@pytest.mark.parametrize(
    ("files", "version", "major"),
    [
        ({"main.tf": "# nothing pinned\n"}, "6.66.0", None),
        ({"main.tf": 'terraform {\n required_providers {\n aws = "~> 5.0"\n }\n}\n'}, "5.100.0", 5),
        ({"main.tf": pinned(">= 5.0", "")}, "6.66.0", None),
        ({"main.tf": pinned(">= 6.0", "")}, "6.66.0", 6),
        ({"main.tf": pinned("~> 4.0", "")}, "5.100.0", None),
        ({"main.tf": pinned("> 7.0", "")}, "6.66.0", None),
        ({"main.tf": 'provider "aws" {\n  version = "~> 5.30"\n}\n'}, "5.100.0", 5),
        (  # a child module's constraint narrows the root's, as terraform intersects them
            {
                "main.tf": pinned(">= 5.0", 'module "net" {\n  source = "./modules/net"\n}\n'),
                "modules/net/versions.tf": pinned("< 6.0", ""),
            },
            "5.100.0",
            5,
        ),
    ],
)
def test_selection(files: dict[str, str], version: str, major: int | None) -> None:
    markdown = ""
    for path, text in files.items():
        if not text.startswith("###"):
            text = f"### {path}\n\n```hcl\n{text}```\n"
        elif path != "main.tf":
            text = text.replace("### versions.tf", f"### {path}").replace("### main.tf", "### x.tf")
        markdown += text + "\n"
    configuration = parse_answer(load_text_input(markdown, "answer.md")).configuration
    choice = select_schema(configuration)
    assert (choice.schema.version, choice.pinned_major) == (version, major)


def test_a_directory_no_one_calls_pins_for_its_own_init(tmp_path: Path) -> None:
    """In a repository, examples/old is a root of its own: `terraform init` at the top
    does not read its pin; a module the top calls is read with the top's."""
    write_tree(
        tmp_path,
        {
            "main.tf": pinned(">= 5.0", 'module "net" {\n  source = "./net"\n}\n'),
            "net/versions.tf": pinned("< 6.0", ""),
            "examples/old/versions.tf": pinned("4.57.0", ""),
        },
    )
    choice = select_schema(parse_answer(load_response(tmp_path)).configuration)
    assert (choice.schema.version, [pin.text for pin in choice.pins]) == (
        "5.100.0",
        [">= 5.0", "< 6.0"],
    )


@pytest.mark.parametrize(
    ("constraint", "reason", "has_pin"),
    [
        ("latest", "latest is not a version constraint (terraform init rejects it)", True),
        ("", "not pinned: terraform init installs the newest", False),
        ("  ", "not pinned: terraform init installs the newest", False),
    ],
)
def test_unreadable_and_empty_constraints_meet_the_newest(
    constraint: str, reason: str, has_pin: bool
) -> None:
    markdown = pinned(constraint, "")
    if not constraint:  # pinned() writes no version for ""; write it by hand
        markdown = pinned(None, "").replace(
            'source = "hashicorp/aws"', f'source = "hashicorp/aws"\n      version = "{constraint}"'
        )
    configuration = parse_answer(load_text_input(markdown, "answer.md")).configuration
    choice = select_schema(configuration)
    assert choice.schema.version == "6.66.0"
    assert choice.reason.startswith(reason)
    assert bool(choice.pins) is has_pin and choice.pinned_major is None


S3_REGION = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  region = "eu-west-1"\n}\n'
EIP_VPC = 'resource "aws_eip" "nat" {\n  vpc = true\n}\n'


def test_pinned_to_5_with_a_6_only_argument() -> None:
    found = findings(pinned("~> 5.0", S3_REGION))
    rules = [rule for rule, _ in found]
    assert rules == ["schema.unknown-argument", "schema.provider-version-mismatch"]
    assert (
        "region is an argument of aws_s3_bucket in provider 6.66.0 but not in 5.100.0"
        in (found[0][1])
    )
    assert "this answer pins hashicorp/aws ~> 5.0" in found[0][1]


def test_pinned_to_6_with_a_5_only_argument() -> None:
    found = findings(pinned("~> 6.0", EIP_VPC))
    assert [rule for rule, _ in found] == [
        "schema.unknown-argument",
        "schema.provider-version-mismatch",
    ]
    assert "vpc is an argument of aws_eip in provider 5.100.0 but not in 6.66.0" in found[0][1]


def test_a_left_out_argument_optional_in_the_other_major_is_no_mismatch() -> None:
    # evaluation_periods is required in 5.100.0, optional in 6.66.0
    alarm = (
        'resource "aws_cloudwatch_metric_alarm" "cpu" {\n  alarm_name = "cpu"\n'
        '  comparison_operator = "GreaterThanThreshold"\n}\n'
    )
    found = findings(pinned("~> 5.0", alarm))
    assert [rule for rule, _ in found] == ["schema.missing-required-argument"]
    assert (
        "evaluation_periods is required in aws_cloudwatch_metric_alarm in provider "
        in (found[0][1])
    )
    assert findings(pinned("~> 6.0", alarm)) == []


def test_unpinned_meets_the_newest_and_is_told_how_to_keep_5() -> None:
    found = findings(pinned(None, EIP_VPC + S3_REGION))
    assert [rule for rule, _ in found] == ["schema.unknown-argument"]  # region is fine in 6
    assert "terraform init installs the newest release (judged against 6.66.0)" in found[0][1]
    assert 'Pinning version = "~> 5.0" would accept it.' in found[0][1]


def test_the_same_answer_pinned_right_is_clean() -> None:
    assert findings(pinned("~> 5.0", EIP_VPC.replace("vpc = true", 'domain = "vpc"'))) == []
    assert findings(pinned("~> 6.0", S3_REGION)) == []


def test_deprecations_of_5_carry_over_to_6_and_say_so() -> None:
    bucket = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  acl    = "private"\n}\n'
    ((rule, message),) = findings(pinned(">= 5.0", bucket))
    assert rule == "schema.deprecated"
    assert "deprecated in provider 5.100.0; the 6.66.0 schema tfjudge has" in message


def test_override_wins_and_turns_the_mismatch_off() -> None:
    found = findings(pinned("~> 5.0", S3_REGION), provider_version="6")
    assert found == []
    found = findings(pinned("~> 6.0", EIP_VPC), provider_version="5")
    assert [rule for rule, _ in found] == ["schema.deprecated"]


def test_the_report_says_which_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answer = tmp_path / "answer.md"
    answer.write_text(pinned("~> 5.0", S3_REGION))
    assert main(["analyze", str(answer), "--format", "json"]) == 1
    summary = json.loads(capsys.readouterr().out)["summary"]["provider_schema"]
    assert summary == {
        "provider": "hashicorp/aws",
        "version": "5.100.0",
        "constraint": "~> 5.0",
        "reason": "the newest known version allowed by ~> 5.0",
    }
    main(["analyze", str(answer), "--provider-version", "6", "--no-color"])
    assert "judged against hashicorp/aws 6.66.0 (--provider-version 6)" in capsys.readouterr().out
    assert main(["analyze", str(answer), "--provider-version", "4"]) == 2


def test_the_md_and_html_reports_say_which_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = tmp_path / "answer.md"
    answer.write_text(pinned("~> 5.0", S3_REGION))
    main(["analyze", str(answer), "--format", "md"])
    said = "Judged against the AWS provider schema hashicorp/aws 5.100.0 (the newest known version"
    assert said in capsys.readouterr().out
    main(["analyze", str(answer), "--format", "html", "--provider-version", "6"])
    assert "judged against <code>hashicorp/aws 6.66.0 (--provider-version 6)</code>" in (
        capsys.readouterr().out
    )


ATTACHMENT_V3 = (
    'resource "aws_autoscaling_attachment" "a" {\n'
    '  autoscaling_group_name = "asg"\n'
    '  alb_target_group_arn   = "arn:aws:elasticloadbalancing:us-east-1:123456789012:x"\n'
    "}\n"
)


@pytest.mark.parametrize(
    ("constraint", "severity", "noted"),
    [
        ("~> 3.38", "medium", True),  # 3.x: a schema tfjudge does not have
        ("< 5.0", "medium", True),  # 4.x and older
        ("~> 5.0", "critical", False),  # judged against the version terraform installs
        ("~> 3.0, ~> 4.0", "critical", False),  # no release at all: init fails anyway
        (None, "critical", False),
    ],
)
def test_an_answer_pinned_below_every_known_schema_is_told_it_may_differ(
    constraint: str | None, severity: str, noted: bool
) -> None:
    markdown = pinned(constraint, ATTACHMENT_V3)
    settings = Settings(select=["schema.unknown-argument"])
    analysis = analyze_response(load_text_input(markdown, "answer.md"), settings=settings)
    [finding] = analysis.findings
    assert finding.severity.value == severity
    assert ("the oldest AWS provider schema tfjudge has" in finding.message) == noted
    choice = select_schema(parse_answer(load_text_input(markdown, "a.md")).configuration)
    assert choice.pins_older == noted


REGION_OUTPUT = (
    'data "aws_region" "current" {}\n\noutput "r" {\n  value = data.aws_region.current.region\n}\n'
)


@pytest.mark.parametrize(
    ("constraint", "version", "stand_in"),
    [
        ("~> 6.12.0", "6.66.0", True),  # only 6.12.x: 6.66.0 is the schema of that line
        (">= 6.0, < 6.20", "6.66.0", True),
        ("6.12.0", "6.66.0", True),
        ("~> 5.80.0", "5.100.0", True),
        ("~> 6.12", "6.66.0", False),  # 6.66.0 itself is allowed
    ],
)
def test_a_release_no_schema_matches_is_judged_by_its_major_line(
    constraint: str, version: str, stand_in: bool
) -> None:
    markdown = pinned(constraint, REGION_OUTPUT)
    choice = select_schema(parse_answer(load_text_input(markdown, "a.md")).configuration)
    assert (choice.schema.version, choice.stand_in) == (version, stand_in)
    if version == "6.66.0":  # aws_region.region is an attribute of provider 6
        assert findings(markdown) == []


def test_roots_whose_pins_no_one_version_satisfies_are_not_judged_as_certain(
    tmp_path: Path,
) -> None:
    """Two examples, each its own root: one pins 6, one 5. No schema serves both; what one
    schema says of the other's code is a may-differ note, not a critical finding."""
    write_tree(
        tmp_path,
        {
            "six/main.tf": pinned("~> 6.0", "").split("```hcl\n")[1].split("```")[0]
            + REGION_OUTPUT,
            "five/main.tf": pinned("~> 5.0", "").split("```hcl\n")[1].split("```")[0] + EIP_VPC,
        },
    )
    response = load_response(tmp_path)
    choice = select_schema(parse_answer(response).configuration)
    assert (choice.schema.version, choice.stand_in) == ("6.66.0", True)
    analysis = analyze_response(response, settings=Settings(select=["schema"]))
    assert [f.file for f in analysis.findings] == ["five/main.tf"]
    assert all(f.severity.value == "medium" for f in analysis.findings)
    assert all("may differ" in f.message for f in analysis.findings)


@pytest.mark.parametrize(
    ("pins", "version", "reason"),
    [
        # the roots agree on a release older than any schema: judged as one pin of it
        (("~> 3.6", "~> 3.6"), "5.100.0", "no known version satisfies ~> 3.6: judged against"),
        (("~> 4.16", ">= 4.0"), "5.100.0", "no known version satisfies ~> 4.16, >= 4.0"),
        # they disagree: no one release serves them all
        (("~> 4.0", ">= 5.0"), "6.66.0", "which no one version satisfies"),
        # they disagree within one major line: its schema stands in
        (("~> 5.31.0", "~> 5.46.0"), "5.100.0", "of the major version they all admit"),
    ],
)
def test_roots_that_agree_on_an_older_release_are_not_said_to_disagree(
    tmp_path: Path, pins: tuple[str, str], version: str, reason: str
) -> None:
    files = {
        f"example{n}/main.tf": pinned(pin, "").split("```hcl\n")[1].split("```")[0] + EIP_VPC
        for n, pin in enumerate(pins)
    }
    write_tree(tmp_path, files)
    choice = select_schema(parse_answer(load_response(tmp_path)).configuration)
    assert choice.schema.version == version
    assert reason in choice.reason


LOCK = """provider "registry.terraform.io/hashicorp/aws" {
  version     = "%s"
  constraints = ">= 3.0.0"
  hashes = [
    "h1:abc=",
  ]
}
"""
LOCKED_ROOT = 'resource "aws_sns_topic" "t" {\n  name = "t"\n}\n'


@pytest.mark.parametrize(
    ("where", "version", "schema", "older"),
    [
        # a release older than every schema: the nearest, and its findings are notes
        (".terraform.lock.hcl", "3.64.2", "5.100.0", True),
        # a release of a known major line: judged by that line's schema
        (".terraform.lock.hcl", "5.31.0", "5.100.0", False),
        # a lock file beside a module that is not a root locks nothing
        ("modules/topic/.terraform.lock.hcl", "3.64.2", "6.66.0", False),
    ],
)
def test_a_lock_file_holds_the_release_terraform_init_installs(
    tmp_path: Path, where: str, version: str, schema: str, older: bool
) -> None:
    write_tree(
        tmp_path,
        {
            "main.tf": LOCKED_ROOT + 'module "topic" {\n  source = "./modules/topic"\n}\n',
            "modules/topic/main.tf": LOCKED_ROOT,
            where: LOCK % version,
        },
    )
    response = load_response(tmp_path)
    choice = select_schema(parse_answer(response).configuration, None, response.lock_files)
    assert (choice.schema.version, choice.pins_older) == (schema, older)
    assert (version in choice.reason) is (where == ".terraform.lock.hcl")


def test_an_argument_of_an_older_locked_release_is_a_note(tmp_path: Path) -> None:
    """`shared_credentials_file` is an argument of provider 3, which the lock installs."""
    provider = 'provider "aws" {\n  region                  = "us-east-1"\n'
    provider += '  shared_credentials_file = "creds"\n}\n'
    files = {"main.tf": provider + LOCKED_ROOT, ".terraform.lock.hcl": LOCK % "3.64.2"}
    write_tree(tmp_path, files)
    analysis = analyze(tmp_path, settings=Settings(select=["schema.unknown-argument"]))
    assert [f.severity.value for f in analysis.findings] == ["medium"]
    assert "locks it at 3.64.2" in analysis.findings[0].message


def test_a_meta_argument_in_a_nested_block_is_wrong_in_every_release(tmp_path: Path) -> None:
    """Under a pin older than every schema tfjudge has, an unknown argument is a note; a
    `count` inside `ingress {}` is not the provider's to accept in any release."""
    main = (
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", '
        'version = "~> 4.0" }\n  }\n}\n'
        'resource "aws_security_group" "s" {\n  name = "s"\n  ingress {\n    count = 2\n'
        '    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n  }\n  ingress {\n'
        '    bogus_arg = 1\n    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n  }\n}\n'
    )
    (tmp_path / "main.tf").write_text(main)
    findings = analyze(tmp_path, settings=Settings(select=["schema.unknown-argument"])).findings
    assert sorted((f.line, f.severity.value) for f in findings) == [(9, "critical"), (15, "medium")]

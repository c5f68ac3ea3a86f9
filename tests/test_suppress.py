"""Suppressions: inline `# tfjudge:ignore=` comments and `rule@address` ignore entries."""

from __future__ import annotations

from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl import parse_hcl
from tfjudge.source import SourceFile
from tfjudge.suppress import (
    apply_suppressions,
    configured_suppressions,
    inline_suppressions,
)

CODE = """\
# tfjudge:ignore=security.s3-versioning-missing
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
  tags = {
    Name = "x"
  }
}

resource "aws_s3_bucket" "data" { # tfjudge:ignore=security
  bucket = "data"
}

resource "aws_iam_policy" "p" {
  name = "p"
  # tfjudge:ignore=security.iam-wildcard-action, security.iam-wildcard-resource
  policy = jsonencode({
    Action = "*"
  })
  description = "d" // tfjudge:ignore=ops.hardcoded-value
}
"""


def _finding(rule: str, line: int, address: str | None, file: str = "main.tf") -> Finding:
    return Finding(
        rule, Severity.HIGH, Category.SECURITY, "t", "m", file=file, line=line, address=address
    )


def _suppressions() -> list:
    file = SourceFile("main.tf", "hcl", CODE, source_line=1)
    return inline_suppressions([file], [parse_hcl(file)])


def test_a_comment_above_a_block_covers_the_block_and_its_address() -> None:
    kept, count = apply_suppressions(
        [
            _finding("security.s3-versioning-missing", 2, "aws_s3_bucket.logs"),
            _finding("security.s3-versioning-missing", 5, "aws_s3_bucket.logs"),
            _finding("security.s3-versioning-missing", 40, "aws_s3_bucket.logs", "other.tf"),
            _finding("security.s3-encryption-missing", 2, "aws_s3_bucket.logs"),
            _finding("security.s3-versioning-missing", 9, "aws_s3_bucket.data"),
        ],
        _suppressions(),
    )
    assert count == 4
    assert [(f.rule, f.address) for f in kept] == [
        ("security.s3-encryption-missing", "aws_s3_bucket.logs")
    ]


def test_a_trailing_comment_on_a_block_header_covers_the_block_by_family() -> None:
    kept, count = apply_suppressions(
        [
            _finding("security.s3-encryption-missing", 9, "aws_s3_bucket.data"),
            _finding("security.s3-lifecycle-missing", 10, "aws_s3_bucket.data"),
            _finding("ops.missing-name-suffix", 10, "aws_s3_bucket.data"),
        ],
        _suppressions(),
    )
    assert count == 2 and [f.rule for f in kept] == ["ops.missing-name-suffix"]


def test_a_comment_above_an_attribute_covers_its_lines_only() -> None:
    kept, count = apply_suppressions(
        [
            _finding("security.iam-wildcard-action", 17, "aws_iam_policy.p"),
            _finding("security.iam-wildcard-resource", 16, "aws_iam_policy.p"),
            _finding("security.iam-wildcard-action", 14, "aws_iam_policy.p"),
            _finding("ops.hardcoded-value", 19, "aws_iam_policy.p"),
            _finding("ops.hardcoded-value", 14, "aws_iam_policy.p"),
        ],
        _suppressions(),
    )
    assert count == 3
    assert [(f.rule, f.line) for f in kept] == [
        ("security.iam-wildcard-action", 14),
        ("ops.hardcoded-value", 14),
    ]


def test_configured_entries_suppress_by_address_glob() -> None:
    suppressions = configured_suppressions(
        ["security.s3-versioning-missing@aws_s3_bucket.*", "ops", "security@aws_iam_policy.p"]
    )
    assert len(suppressions) == 2
    kept, count = apply_suppressions(
        [
            _finding("security.s3-versioning-missing", 2, "aws_s3_bucket.logs"),
            _finding("security.s3-versioning-missing", 2, "aws_dynamodb_table.t"),
            _finding("security.iam-wildcard-action", 17, "aws_iam_policy.p"),
            _finding("security.iam-wildcard-action", 17, "aws_iam_policy.q"),
        ],
        suppressions,
    )
    assert count == 2
    assert [f.address for f in kept] == ["aws_dynamodb_table.t", "aws_iam_policy.q"]


def test_no_suppression_keeps_everything() -> None:
    findings = [_finding("security.s3-versioning-missing", 2, "aws_s3_bucket.logs")]
    assert apply_suppressions(findings, []) == (findings, 0)
    file = SourceFile("main.tf", "hcl", 'resource "a" "b" {\n  x = "# tfjudge"\n}\n')
    assert inline_suppressions([file], [parse_hcl(file)]) == []

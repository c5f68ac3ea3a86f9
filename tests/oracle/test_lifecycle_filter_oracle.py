"""schema.lifecycle-rule-without-filter against the AWS provider's own warning.

One `terraform validate` of resources with rules written out and generated: for each
resource, the provider's "Invalid Attribute Combination" warnings about
`rule[N].filter,rule[N].prefix` must be as many as tfjudge's findings (every dynamic
block here generates one rule).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.oracle.oracle import require_oracle, validate_diagnostics
from tfjudge.analysis import Settings, analyze

RULE = "schema.lifecycle-rule-without-filter"
CONFIGURATION = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "mixed" {
  bucket = "b"
  rule {
    id     = "none"
    status = "Enabled"
    expiration { days = 30 }
  }
  rule {
    id     = "empty-filter"
    status = "Enabled"
    filter {}
    expiration { days = 30 }
  }
  rule {
    id     = "deprecated-prefix"
    status = "Enabled"
    prefix = "logs/"
    expiration { days = 30 }
  }
  rule {
    id     = "tagged"
    status = "Enabled"
    filter {
      tag {
        key   = "class"
        value = "temp"
      }
    }
    expiration { days = 1 }
  }
  rule {
    id     = "none-again"
    status = "Enabled"
    noncurrent_version_expiration { noncurrent_days = 30 }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "generated" {
  bucket = "b"
  dynamic "rule" {
    for_each = ["one"]
    content {
      id     = rule.value
      status = "Enabled"
      expiration { days = 30 }
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "generated_with_filter" {
  bucket = "b"
  dynamic "rule" {
    for_each = ["one"]
    content {
      id     = rule.value
      status = "Enabled"
      dynamic "filter" {
        for_each = ["logs/"]
        content {
          prefix = filter.value
        }
      }
      expiration { days = 30 }
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "clean" {
  bucket = "b"
  rule {
    id     = "all"
    status = "Enabled"
    filter {
      and {
        prefix = "tmp/"
        tags   = { class = "temp" }
      }
    }
    expiration { days = 30 }
  }
}
"""


@pytest.mark.oracle
def test_lifecycle_rules_without_filter_agree_with_the_provider(tmp_path: Path) -> None:
    require_oracle()
    (tmp_path / "main.tf").write_text(CONFIGURATION)
    theirs = Counter(
        d["address"]
        for d in validate_diagnostics(tmp_path)
        if d["summary"] == "Invalid Attribute Combination" and ".filter," in d["detail"]
    )
    analysis = analyze(tmp_path / "main.tf", settings=Settings(select=[RULE]))
    ours = Counter(f.address for f in analysis.findings if f.rule == RULE)
    assert theirs == Counter(
        {
            "aws_s3_bucket_lifecycle_configuration.mixed": 2,
            "aws_s3_bucket_lifecycle_configuration.generated": 1,
        }
    )
    assert ours == theirs

"""The one policy model: every spelling of a policy gives the same statements."""

from __future__ import annotations

from typing import Any

import pytest

from tfjudge.evaluate import UNKNOWN, PartialString
from tfjudge.policy.jsonpos import value_positions
from tfjudge.policy.model import Policy, PolicyModel, Statement

from .helpers import context

BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "data-bucket"\n}\n'

JSONENCODE = """
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Read"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::123456789012:root" }
        Action    = ["s3:GetObject", "s3:ListBucket"]
        Resource  = ["${aws_s3_bucket.b.arn}/*", aws_s3_bucket.b.arn]
        Condition = { Bool = { "aws:SecureTransport" = "true" } }
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = "*"
      }
    ]
  })
}
"""

LOCAL = """
locals {
  read = {
    Sid       = "Read"
    Effect    = "Allow"
    Principal = { AWS = "arn:aws:iam::123456789012:root" }
    Action    = ["s3:GetObject", "s3:ListBucket"]
    Resource  = ["${aws_s3_bucket.b.arn}/*", aws_s3_bucket.b.arn]
    Condition = { Bool = { "aws:SecureTransport" = "true" } }
  }
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [local.read, { Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "*" }]
  })
}
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = local.policy
}
"""

HEREDOC = """
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["${aws_s3_bucket.b.arn}/*", "${aws_s3_bucket.b.arn}"],
      "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    },
    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}
  ]
}
EOF
}
"""

DOCUMENT = """
data "aws_iam_policy_document" "p" {
  statement {
    sid = "Read"
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["${aws_s3_bucket.b.arn}/*", aws_s3_bucket.b.arn]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
  statement {
    effect = "Deny"
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["s3:*"]
    resources = ["*"]
  }
}
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.p.json
}
"""

POLICY_JSON = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["${arn}/*", "${arn}"],
      "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    },
    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}
  ]
}
"""

TEMPLATEFILE = """
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = templatefile("${path.module}/policies/bucket.json.tpl", { arn = aws_s3_bucket.b.arn })
}
"""

FILE = """
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = file("policies/bucket.json")
}
"""

SPELLINGS: dict[str, tuple[dict[str, str], str]] = {
    "jsonencode": ({"main.tf": BUCKET + JSONENCODE}, "jsonencode"),
    "local": ({"main.tf": BUCKET + LOCAL}, "jsonencode"),
    "heredoc": ({"main.tf": BUCKET + HEREDOC}, "json"),
    "document": ({"main.tf": BUCKET + DOCUMENT}, "document"),
    "templatefile": (
        {"main.tf": BUCKET + TEMPLATEFILE, "policies/bucket.json.tpl": POLICY_JSON},
        "templatefile",
    ),
}


def _model(files: dict[str, str]) -> PolicyModel:
    return context(files).get(PolicyModel)


def _summary(statement: Statement) -> dict[str, Any]:
    return {
        "sid": statement.sid,
        "effect": statement.effect,
        "actions": statement.actions,
        "resources": statement.resources,
        "principals": statement.principals,
        "conditions": [(c.operator, c.key, c.values) for c in statement.conditions],
        "resource_targets": [b.labels for b in statement.targets("Resource")],
    }


def _only_policy(model: PolicyModel) -> Policy:
    [policy] = model.policies
    return policy


EXPECTED = [
    {
        "sid": "Read",
        "effect": "Allow",
        "actions": ["s3:GetObject", "s3:ListBucket"],
        "resources": [PartialString((UNKNOWN, "/*")), UNKNOWN],
        "principals": {"AWS": ["arn:aws:iam::123456789012:root"]},
        "conditions": [("Bool", "aws:SecureTransport", ("true",))],
        "resource_targets": [("aws_s3_bucket", "b")],
    },
    {
        "sid": None,
        "effect": "Deny",
        "actions": ["s3:*"],
        "resources": ["*"],
        "principals": {"AWS": ["*"]},
        "conditions": [],
        "resource_targets": [],
    },
]


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_every_spelling_gives_the_same_model(spelling: str) -> None:
    files, expected_spelling = SPELLINGS[spelling]
    policy = _only_policy(_model(files))
    assert policy.spelling == expected_spelling
    assert policy.kind == "bucket" and policy.complete
    assert [b.labels for b in policy.governs] == [("aws_s3_bucket", "b")]
    assert [_summary(s) for s in policy.statements] == EXPECTED


def test_a_file_policy_is_read_from_the_answers_file() -> None:
    policy = _only_policy(_model({"main.tf": BUCKET + FILE, "policies/bucket.json": POLICY_JSON}))
    assert policy.spelling == "file"
    read, deny = policy.statements
    # file() does not interpolate: the text stays as written
    assert read.resources == ["${arn}/*", "${arn}"]
    assert deny.actions == ["s3:*"] and deny.is_deny


@pytest.mark.parametrize(
    ("spelling", "file"),
    [
        ("jsonencode", "main.tf"),
        ("heredoc", "main.tf"),
        ("document", "main.tf"),
        ("templatefile", "policies/bucket.json.tpl"),
    ],
)
def test_statements_keep_their_positions(spelling: str, file: str) -> None:
    files, _ = SPELLINGS[spelling]
    lines = files[file].split("\n")
    read, deny = _only_policy(_model(files)).statements
    assert read.range.file == deny.range.file == file
    # the first statement opens on its line, before its Action, and ends before the second
    opener = lines[read.range.start_line - 1][read.range.start_column - 1 :]
    assert opener.startswith(("{", "statement {"))
    action = lines[read.range_of("Action").start_line - 1].strip().lower()
    assert action.startswith(('"action"', "action"))
    assert read.range.start_line < read.range_of("Action").start_line <= read.range.end_line
    assert read.range.end_line <= deny.range.start_line


def test_counted_policies_are_evaluated_per_instance() -> None:
    model = _model(
        {
            "main.tf": """
variable "names" {
  default = ["a", "b"]
}
resource "aws_iam_policy" "p" {
  count = length(var.names)
  name  = "p-${count.index}"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = "arn:aws:s3:::${var.names[count.index]}/*"
    }]
  })
}
"""
        }
    )
    assert [p.address for p in model.policies] == ["aws_iam_policy.p[0]", "aws_iam_policy.p[1]"]
    assert [p.statements[0].resources for p in model.policies] == [
        ["arn:aws:s3:::a/*"],
        ["arn:aws:s3:::b/*"],
    ]
    assert len(list(model.unique_statements())) == 1


def test_dynamic_and_source_documents() -> None:
    model = _model(
        {
            "main.tf": """
variable "buckets" {
  default = { logs = "arn:aws:s3:::logs", data = "arn:aws:s3:::data" }
}
data "aws_iam_policy_document" "base" {
  statement {
    actions   = ["logs:CreateLogStream"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "p" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  dynamic "statement" {
    for_each = var.buckets
    content {
      sid       = statement.key
      actions   = ["s3:GetObject"]
      resources = ["${statement.value}/*"]
    }
  }
}
resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = data.aws_iam_policy_document.p.json
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
"""
        }
    )
    [role_policy] = model.of_kind("identity")
    assert [(s.sid, s.actions, s.resources) for s in role_policy.statements] == [
        (None, ["logs:CreateLogStream"], ["*"]),
        ("data", ["s3:GetObject"], ["arn:aws:s3:::data/*"]),
        ("logs", ["s3:GetObject"], ["arn:aws:s3:::logs/*"]),
    ]
    assert [b.labels for b in role_policy.governs] == [("aws_iam_role", "r")]
    [trust] = model.of_kind("trust")
    assert trust.statements[0].principal_values("Service") == ["lambda.amazonaws.com"]


def test_what_policies_govern() -> None:
    model = _model(
        {
            "main.tf": """
resource "aws_kms_key" "inline" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:*", Resource = "*" }] })
}
resource "aws_kms_key" "separate" {}
resource "aws_kms_key_policy" "separate" {
  key_id = aws_kms_key.separate.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "logs.amazonaws.com" }, Action = "kms:Decrypt", Resource = "*" }] })
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" }] })
}
resource "aws_iam_role" "r" {
  assume_role_policy = "{}"
  inline_policy {
    name   = "inline"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sns:Publish", Resource = "*" }] })
  }
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.r.name
  policy_arn = aws_iam_policy.p.arn
}
"""
        }
    )
    governed = [(p.address, p.argument, [b.labels[1] for b in p.governs]) for p in model.policies]
    assert governed == [
        ("aws_kms_key.inline", "policy", ["inline"]),
        ("aws_kms_key_policy.separate", "policy", ["separate"]),
        ("aws_iam_policy.p", "policy", ["r"]),
        ("aws_iam_role.r", "assume_role_policy", ["r"]),
        ("aws_iam_role.r", "inline_policy.policy", ["r"]),
    ]
    trust = model.policies[3]
    assert trust.kind == "trust" and trust.statements == [] and trust.complete  # "{}"
    assert [p.kind for p in model.governing(trust.block)] == ["identity", "trust", "identity"]
    [separate_key] = model.governing(model.policies[1].governs[0], "key")
    assert separate_key.statements[0].principal_values("Service") == ["logs.amazonaws.com"]


def test_unknown_policies_are_incomplete_not_errors() -> None:
    model = _model(
        {
            "main.tf": """
variable "policy" {}
resource "aws_iam_policy" "v" {
  policy = var.policy
}
resource "aws_iam_policy" "broken" {
  policy = <<EOF
{ "Statement": [ {"Effect": "Allow", "Action": "s3:*" ]
EOF
}
resource "aws_iam_policy" "stmts" {
  policy = jsonencode({ Statement = var.policy })
}
"""
        }
    )
    assert [(p.address, p.complete, len(p.statements)) for p in model.policies] == [
        ("aws_iam_policy.v", False, 0),
        ("aws_iam_policy.broken", False, 0),
        ("aws_iam_policy.stmts", False, 1),
    ]


def test_json_positions_tolerate_interpolations_and_trailing_commas() -> None:
    text = '{\n  "Statement": [\n    {"Action": ${jsonencode(var.a)}, "Resource": "*",},\n  ]\n}'
    positions = value_positions(text)
    line = text.split("\n")[2]
    assert positions[("Statement", 0)][:2] == (3, line.index("{") + 1)
    assert positions[("Statement", 0, "Action")][:2] == (3, line.index("${") + 1)
    assert positions[("Statement", 0, "Resource")] == (
        3,
        line.index('"*"') + 1,
        3,
        line.index('"*"') + 4,
    )
    assert value_positions("no json here") == {}


def test_odd_policies_never_crash() -> None:
    odd = [
        "42",
        '["a"]',
        'jsonencode("text")',
        'jsonencode({ Statement = "x" })',
        'jsonencode({ Statement = [1, "a", null, { Effect = "Allow", Action = 3 }] })',
        'jsonencode({ Statement = [{ Principal = 7, Condition = { Bool = "x" } }] })',
        '"not json"',
        'file("missing.json")',
        'templatefile("missing.tpl", {})',
        "data.aws_iam_policy_document.missing.json",
        "local.missing",
        "jsonencode(local.loop)",
    ]
    blocks = "\n".join(
        f'resource "aws_iam_policy" "p{i}" {{\n  policy = {text}\n}}' for i, text in enumerate(odd)
    )
    model = _model({"main.tf": blocks + "\nlocals {\n  loop = local.loop\n}\n"})
    assert len(model.policies) == len(odd)
    for policy in model.policies:
        for statement in policy.statements:
            assert isinstance(statement.actions, list)
            assert all(isinstance(c.key, str) for c in statement.conditions)


def test_a_bucket_policy_naming_its_bucket_by_value_governs_it() -> None:
    model = _model(
        {
            "main.tf": """
variable "bucket_name" {
  default = "logs-bucket-example"
}
resource "aws_s3_bucket" "logs" {
  bucket = var.bucket_name
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = var.bucket_name
  policy = jsonencode({ Statement = [] })
}
"""
        }
    )
    [policy] = model.policies
    assert [b.labels for b in policy.governs] == [("aws_s3_bucket", "logs")]

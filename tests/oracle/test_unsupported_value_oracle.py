"""schema.unsupported-value against `terraform validate` with provider 5.100.0: the values
AWS accepts that the provider refuses are refused on the lines the rule reports, and the
values it knows pass."""

from __future__ import annotations

from pathlib import Path

from tests.files import marked_lines, write_tree
from tests.oracle.oracle import validate_diagnostics
from tfjudge.analysis import Settings, analyze

MAIN = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

resource "aws_lambda_function" "new_runtime" {
  function_name = "a"
  role          = "arn:aws:iam::123456789012:role/a"
  handler       = "index.handler"
  runtime       = "nodejs24.x" # refused
  filename      = "a.zip"
}

resource "aws_lambda_function" "known_runtime" {
  function_name = "b"
  role          = "arn:aws:iam::123456789012:role/b"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "b.zip"
}

resource "aws_lambda_layer_version" "layer" {
  layer_name          = "deps"
  filename            = "deps.zip"
  compatible_runtimes = ["python3.13", "python3.14"] # refused
}

resource "aws_cloudwatch_log_group" "essentials" {
  name            = "/app/essentials"
  log_group_class = "ESSENTIALS" # refused
}

resource "aws_cloudwatch_log_group" "standard" {
  name            = "/app/standard"
  log_group_class = "STANDARD"
}

resource "aws_vpc" "host" {
  cidr_block       = "10.0.0.0/16"
  instance_tenancy = "host" # refused
}
"""


def test_the_values_the_provider_refuses_match_terraform_validate(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": MAIN})
    marked = marked_lines(MAIN, "# refused")
    refused = sorted(
        {
            d["range"]["start"]["line"]
            for d in validate_diagnostics(tmp_path)
            if d["severity"] == "error" and "to be one of" in d["summary"]
        }
    )
    assert refused == marked, "terraform does not refuse what this test expects"
    findings = analyze(tmp_path, settings=Settings(select=["schema.unsupported-value"])).findings
    assert sorted(f.line for f in findings if f.file == "main.tf") == marked

"""schema.missing-required-together against `terraform validate`: the blocks that set an
argument without the ones the provider requires with it fail on the lines the rule
reports; the blocks that set the whole group, or none of it, pass."""

from __future__ import annotations

from pathlib import Path

from tests.files import marked_lines, write_tree
from tests.oracle.oracle import validate_diagnostics
from tfjudge.analysis import Settings, analyze

FUNCTION = """
resource "aws_lambda_function" "{name}" {{
  function_name = "{name}"
  role          = "arn:aws:iam::123456789012:role/r"
  handler       = "index.handler"
  runtime       = "python3.12"
{body}}}
"""
CASES = {
    "bucket_alone": ('  s3_bucket = "artifacts" # refused\n', True),
    "bucket_from_a_variable": ("  s3_bucket = var.bucket # refused\n", True),
    "bucket_and_key": ('  s3_bucket = "artifacts"\n  s3_key = "app.zip"\n', False),
    "bucket_null": ('  s3_bucket = null\n  filename = "app.zip"\n', False),
    "file_only": ('  filename = "app.zip"\n', False),
}


def test_groups_set_in_part_match_terraform_validate(tmp_path: Path) -> None:
    main = 'variable "bucket" {\n  type = string\n}\n' + "".join(
        FUNCTION.format(name=name, body=body) for name, (body, _) in CASES.items()
    )
    write_tree(tmp_path, {"main.tf": main})
    marked = marked_lines(main, "# refused")
    refused = sorted(
        {
            d["range"]["start"]["line"]
            for d in validate_diagnostics(tmp_path)
            if "all of `" in (d.get("detail") or "")
        }
    )
    assert refused == marked, "terraform does not refuse what this test expects"
    settings = Settings(select=["schema.missing-required-together"])
    assert sorted(f.line for f in analyze(tmp_path, settings=settings).findings) == marked

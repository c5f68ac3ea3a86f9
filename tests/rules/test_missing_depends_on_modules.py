"""ops.missing-depends-on pairs blocks of one module: `depends_on` can only name blocks of
its own module, and a block of another module may be deployed from another root. One row
per case (tflint style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.files import write_tree
from tfjudge.analysis import Settings, analyze

STAGE_LOGGING = """
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "abc123"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    logging_level = "INFO"
  }
  %s
}
"""
ACCOUNT = """
resource "aws_api_gateway_account" "this" {
  cloudwatch_role_arn = "arn:aws:iam::123456789012:role/apigw-logs"
}
"""
ACCOUNT_MODULE = """
variable "cloudwatch_role_arn" { type = string }

resource "aws_api_gateway_account" "this" {
  cloudwatch_role_arn = var.cloudwatch_role_arn
}

output "settings" { value = aws_api_gateway_account.this.cloudwatch_role_arn }
"""
CALLS_ACCOUNT = """
module "account" {
  source              = "./modules/account-settings"
  cloudwatch_role_arn = "arn:aws:iam::123456789012:role/apigw-logs"
}
"""


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # Same module, nothing orders the settings after the account: the race.
        ({"main.tf": STAGE_LOGGING % "" + ACCOUNT}, [("main.tf", 2)]),
        # Same module, ordered.
        (
            {"main.tf": STAGE_LOGGING % "depends_on = [aws_api_gateway_account.this]" + ACCOUNT},
            [],
        ),
        # The account lives in a module no root calls (deployed from its own root).
        (
            {
                "main.tf": STAGE_LOGGING % "",
                "modules/account-settings/main.tf": ACCOUNT_MODULE,
            },
            [],
        ),
        # The account lives in a module the root calls: `depends_on` cannot name its block.
        (
            {
                "main.tf": STAGE_LOGGING % "" + CALLS_ACCOUNT,
                "modules/account-settings/main.tf": ACCOUNT_MODULE,
            },
            [],
        ),
    ],
)
def test_missing_depends_on_pairs_blocks_of_one_module(
    tmp_path: Path, files: dict[str, str], expected: list[tuple[str, int]]
) -> None:
    write_tree(tmp_path, files)
    analysis = analyze(tmp_path, settings=Settings(select=["ops.missing-depends-on"]))
    assert sorted((f.file or "", f.line or 0) for f in analysis.findings) == expected

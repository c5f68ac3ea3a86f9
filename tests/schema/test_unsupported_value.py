"""schema.unsupported-value: a value AWS accepts that the provider release the answer is
judged against does not know. One row per case (tflint style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.files import write_tree
from tfjudge.analysis import Settings, analyze
from tfjudge.schema.store import get_version

RULE = "schema.unsupported-value"
PINNED = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "%s" }
  }
}
"""
FUNCTION = """
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  handler       = "index.handler"
  runtime       = "%s"
  filename      = "api.zip"
}
"""


@pytest.mark.parametrize(
    ("pin", "runtime", "fires"),
    [
        ("~> 5.0", "nodejs24.x", True),  # AWS has it, provider 5.100.0 does not
        ("~> 5.0", "nodejs22.x", False),
        ("~> 5.0", "nodejs99.x", False),  # AWS has none: aws.invalid-value's finding
        (">= 6.0", "nodejs24.x", False),  # a release tfjudge has no list of: not judged
        (">= 5.0, <= 6.42.0", "nodejs24.x", False),  # init installs a 6.x release
        (None, "nodejs24.x", False),  # unpinned: init installs the newest provider
        ("~> 5.0", "PYTHON3.14", False),  # the runtime is case-sensitive: AWS refuses it
    ],
)
def test_runtime_by_the_provider_release(
    tmp_path: Path, pin: str | None, runtime: str, fires: bool
) -> None:
    main = (PINNED % pin if pin else "") + FUNCTION % runtime
    write_tree(tmp_path, {"main.tf": main})
    findings = analyze(tmp_path, settings=Settings(select=[RULE])).findings
    assert bool(findings) is fires


def test_the_provider_version_option_selects_the_release(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": FUNCTION % "nodejs24.x"})
    five = Settings(select=[RULE], options={"provider_version": "5"})
    assert [f.line for f in analyze(tmp_path, settings=five).findings] == [6]


def test_a_counted_block_is_judged_in_every_instance(tmp_path: Path) -> None:
    main = (
        PINNED % "~> 5.0"
        + 'variable "runtimes" {\n  default = ["python3.12", "python3.14"]\n}\n'
        + FUNCTION.replace('"api"\n', '"api-${count.index}"\n', 1)
        .replace('runtime       = "%s"', "runtime       = var.runtimes[count.index]")
        .replace("{\n", "{\n  count = 2\n", 1)
    )
    write_tree(tmp_path, {"main.tf": main})
    findings = analyze(tmp_path, settings=Settings(select=[RULE])).findings
    assert len(findings) == 1 and '"python3.14"' in findings[0].message


def test_the_lists_are_the_providers_own_with_their_source() -> None:
    version = get_version("5.100.0")
    runtimes = version.accepted_values("aws_lambda_function", "runtime")
    assert runtimes is not None and "nodejs22.x" in runtimes and "nodejs24.x" not in runtimes
    assert version.accepted_values("aws_lambda_function", "function_name") is None
    meta = (version.folder / "values.json").read_text()
    assert "terraform validate" in meta and "make_provider_values.py" in meta
    assert get_version("6.66.0").accepted_values("aws_lambda_function", "runtime") is None

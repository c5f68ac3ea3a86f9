"""aws.lambda-handler-mismatch: one row per way a handler can name (or miss) its module
and function."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "aws.lambda-handler-mismatch"

FUNCTION = """
data "archive_file" "fn" {
  type        = "zip"
  source_file = "${path.module}/lambda/%s"
  output_path = "${path.module}/build/fn.zip"
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::210987654321:role/fn"
  filename      = data.archive_file.fn.output_path
  handler       = "%s"
  runtime       = "%s"
}
"""
PYTHON = "import json\n\n\ndef handler(event, context):\n    return json.dumps(event)\n"
NODE = "exports.handler = async (event) => ({ statusCode: 200 });\n"


@pytest.mark.parametrize(
    ("source", "code", "handler", "runtime", "fires"),
    [
        ("app.py", PYTHON, "index.handler", "python3.12", "ImportModuleError"),
        ("app.py", PYTHON, "app.handler", "python3.12", None),
        ("app.py", PYTHON, "app.main", "python3.12", "HandlerNotFound"),
        ("app.py", "main = handler = None\n", "app.handler", "python3.12", None),
        ("app.py", "def handler(:\n", "app.handler", "python3.12", None),  # not Python
        ("index.js", NODE, "index.handler", "nodejs20.x", None),
        ("index.js", NODE, "app.handler", "nodejs20.x", "ImportModuleError"),
        ("index.js", NODE, "index.main", "nodejs20.x", "HandlerNotFound"),
        ("index.js", "module.exports = routes;\n", "index.handler", "nodejs20.x", None),
        ("Main.java", "class Main {}\n", "example.Handler::handleRequest", "java21", None),
    ],
)
def test_handlers(
    tmp_path: Path, source: str, code: str, handler: str, runtime: str, fires: str | None
) -> None:
    files = {f"lambda/{source}": code}
    findings = run_rule(tmp_path, RULE, FUNCTION % (source, handler, runtime), **files)
    if fires is None:
        assert findings == []
    else:
        assert [f.address for f in findings] == ["aws_lambda_function.fn"]
        assert fires in findings[0].message


def test_a_source_file_the_answer_does_not_show(tmp_path: Path) -> None:
    """The zip of one source_file holds that file: its name decides the module, and its
    function cannot be checked."""
    wrong = FUNCTION % ("app.py", "index.handler", "python3.12")
    assert len(run_rule(tmp_path / "wrong", RULE, wrong)) == 1
    right = FUNCTION % ("app.py", "app.anything", "python3.12")
    assert run_rule(tmp_path / "right", RULE, right) == []

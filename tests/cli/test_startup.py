"""What a plain `tfjudge analyze --format json` imports: start-up time is user-visible, so
modules only some inputs need stay out of a run that does not need them (see DEVELOPERS.md).
The checks read `sys.modules` of a fresh process; they time nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# An answer whose rules read the shipped data: AWS name and value constraints, the IAM
# action catalogue, managed policies and Lambda runtimes. No prompt, ideal, shell or
# JavaScript program, file hash or unknown name (nothing to suggest a spelling for).
ANSWER = """Here is the configuration.

```hcl
provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = "my-logs-bucket"
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                   Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"],
                   Resource = "${aws_s3_bucket.logs.arn}/*" }]
  })
}

resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_lambda_function" "app" {
  function_name = "app"
  role          = aws_iam_role.app.arn
  runtime       = "python3.12"
  handler       = "index.handler"
  filename      = "app.zip"
}
```
"""

PROGRAM = """
import json, sys
from tfjudge.cli import main
from tfjudge.aws.constraints import constraint_table
from tfjudge.aws.runtimes import runtime_schedule
from tfjudge.policy.actions import iam_actions
from tfjudge.policy.managed import managed_policies

main(["analyze", sys.argv[1], "--format", "json", "-o", sys.argv[2]])
tables = [constraint_table, runtime_schedule, iam_actions, managed_policies]
print(json.dumps({
    "modules": sorted(sys.modules),
    "tables_read": [f.__name__ for f in tables if f.cache_info().currsize],
}))
"""

DEFERRED = (
    "importlib.resources",  # the shipped data is read with pathlib (tfjudge.shipped)
    "tempfile",
    "shutil",  # argparse's help formatter imports it to size help text (tfjudge.cli)
    "zipfile",
    "tomllib",  # only for a configuration file or a prompt's component table
    "hashlib",  # only for the hash functions
    "difflib",  # only to suggest the spelling of an unknown name
    "tree_sitter_bash",  # only for an embedded shell or JavaScript program
    "tree_sitter_javascript",
    "multiprocessing",  # only for several answers
    # the rules that need a prompt or an ideal, and what only they use
    "tfjudge.rules.req.missing_output",
    "tfjudge.rules.format.multiple_code_blocks",
    "tfjudge.rules.ideal.missing_block",
    "tfjudge.prompt.satisfaction",
    "tfjudge.ideal.matching",
)


def test_plain_analyze_leaves_out_what_it_does_not_use(tmp_path: Path) -> None:
    answer = tmp_path / "answer.md"
    answer.write_text(ANSWER, encoding="utf-8")
    report = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(answer), str(report)],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # no pyproject.toml naming tfjudge above it
        check=True,
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert json.loads(report.read_text(encoding="utf-8"))["findings"]
    # the data was read, through the shipped-data path
    assert seen["tables_read"] == [
        "constraint_table",
        "runtime_schedule",
        "iam_actions",
        "managed_policies",
    ]
    assert [m for m in DEFERRED if m in seen["modules"]] == []


def test_an_embedded_shell_script_is_parsed_without_the_grammar_package_init(
    tmp_path: Path,
) -> None:
    """The same answer with a broken shell script in `user_data`: the shell grammar parses
    it (the script's error is found) and the grammar package's `__init__`, with its
    `importlib.resources` and `tempfile`, is still not run."""
    script = (
        'resource "aws_instance" "web" {\n'
        '  ami       = "ami-12345678"\n'
        "  user_data = <<-EOT\n"
        "    #!/bin/bash\n"
        "    if [ -f /etc/motd ]; then\n"
        "      yum install -y httpd\n"
        "  EOT\n"
        "}\n```\n"
    )
    answer = tmp_path / "answer.md"
    answer.write_text(ANSWER.removesuffix("```\n") + script, encoding="utf-8")
    report = tmp_path / "r.json"
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(answer), str(report)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    modules = set(json.loads(result.stdout.strip().splitlines()[-1])["modules"])
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    assert "syntax.embedded-code-error" in {f["rule"] for f in findings}
    assert not modules & {"tree_sitter_bash", "importlib.resources", "tempfile"}


def test_terraform_files_are_read_without_markdown_it(tmp_path: Path) -> None:
    """A directory of `.tf` files (a repository, a pre-commit run) has no Markdown to
    split: markdown-it, a fifth of a process's start-up, is not imported."""
    folder = tmp_path / "stack"
    folder.mkdir()
    code = ANSWER.split("```hcl\n", 1)[1].split("```", 1)[0]
    (folder / "main.tf").write_text(code, encoding="utf-8")
    modules = {}
    for name, target in (("directory", folder), ("answer", tmp_path / "answer.md")):
        (tmp_path / "answer.md").write_text(ANSWER, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-c", PROGRAM, str(target), str(tmp_path / f"{name}.json")],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=True,
        )
        modules[name] = json.loads(result.stdout.strip().splitlines()[-1])["modules"]
    assert "markdown_it" not in modules["directory"]
    assert "markdown_it" in modules["answer"]

"""A directory given as the answer, as a repository holds it: files that are not Terraform
(data, certificates, archives) and data files in JSON. One row per case (tflint style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.files import write_tree
from tfjudge.analysis import Settings, analyze

READS_FILES = """
resource "aws_s3_object" "data" {
  bucket = "demo-data-7f3a"
  key    = "sample.csv"
  source = "${path.module}/files/sample.csv"
  etag   = filemd5("${path.module}/files/sample.csv")
}

resource "aws_iam_saml_provider" "idp" {
  name                   = "idp"
  saml_metadata_document = file("saml-metadata.xml")
}
"""


def _findings(root: Path, rule: str) -> list[tuple[str, int]]:
    analysis = analyze(root, settings=Settings(select=[rule]))
    return sorted((f.file or "", f.line or 0) for f in analysis.findings)


@pytest.mark.parametrize(
    ("present", "missing"),
    [
        ({"files/sample.csv": "id;title\n", "saml-metadata.xml": "<x/>\n"}, []),
        ({"files/sample.csv": "id;title\n"}, [("main.tf", 11)]),
        ({}, [("main.tf", 6), ("main.tf", 11)]),  # one finding a block and path
    ],
)
def test_a_directory_provides_the_files_it_holds_whatever_their_kind(
    tmp_path: Path, present: dict[str, str], missing: list[tuple[str, int]]
) -> None:
    write_tree(tmp_path, {"main.tf": READS_FILES, **present})
    assert _findings(tmp_path, "core.missing-local-file") == missing


READS_DATA = 'locals {\n  data = file("${path.module}/data.json")\n}\n'
READS_LAMBDA = """
data "archive_file" "lambda" {
  type        = "zip"
  source_dir  = "${path.module}/lambda"
  output_path = "${path.module}/lambda.zip"
}
"""

JSON_FILES = [
    ("JSON Lines", '{"id": 1}\n{"id": 2}\n', []),
    (
        "DynamoDB import items",
        '{"Item":\n{\n  "id": {"N": "1"}\n}}\n\n{"Item": {"id": {"N": "2"}}}\n',
        [],
    ),
    ("one document", '{"a": [1, 2]}\n', []),
    ("one document with a stray brace", '{"a": 1}}\n', [("data.json", 1)]),
    ("a stream with a broken value", '{"id": 1}\n{"id": 2,}\n', [("data.json", 2)]),
    ("an empty file", "\n", []),
    ("a template's value", '{\n  "Resource": ${arns},\n  "Sid": "${sid}"\n}\n', []),
    ("a template's escape", '{\n  "Note": "$${literal}"\n}\n', []),
    ("a broken template", '{\n  "Resource": ${arns},\n  "Sid": "${sid}",\n}\n', [("data.json", 4)]),
    ("a template with a loop", '[\n%{ for a in arns ~}\n  "${a}",\n%{ endfor ~}\n]\n', []),
]


@pytest.mark.parametrize(("case", "text", "expected"), JSON_FILES, ids=[c[0] for c in JSON_FILES])
def test_a_json_data_file_may_hold_values_one_after_another(
    tmp_path: Path, case: str, text: str, expected: list[tuple[str, int]]
) -> None:
    write_tree(tmp_path, {"main.tf": READS_DATA, "data.json": text})
    assert _findings(tmp_path, "syntax.json-error") == expected


def test_a_policy_with_two_documents_is_still_an_error(tmp_path: Path) -> None:
    policy = '{"Version": "2012-10-17", "Statement": []}\\n{"Statement": []}'
    write_tree(
        tmp_path,
        {
            "main.tf": f'resource "aws_sqs_queue_policy" "p" {{\n  queue_url = "q"\n  policy = "{policy}"\n}}\n'
        },
    )
    assert _findings(tmp_path, "syntax.json-error") == [("main.tf", 3)]


OUTSIDE = """
resource "aws_s3_object" "package" {
  bucket = "demo-data-7f3a"
  key    = "package.zip"
  source = "./../fixtures/package.zip"
}

data "archive_file" "site" {
  type        = "zip"
  source_dir  = "${path.module}/../site"
  output_path = "${path.module}/site.zip"
}
"""


@pytest.mark.parametrize(
    ("beside", "missing"),
    [
        ({"fixtures/package.zip": "PK", "site/index.html": "<p/>"}, []),
        ({"fixtures/package.zip": "PK"}, [("main.tf", 10)]),
        ({"site/index.html": "<p/>", "fixtures/other.zip": "PK"}, [("main.tf", 5)]),
        ({"package.zip": "PK", "site": None}, [("main.tf", 5), ("main.tf", 10)]),
    ],
)
def test_a_directory_reads_files_beside_it_on_disk(
    tmp_path: Path, beside: dict[str, str | None], missing: list[tuple[str, int]]
) -> None:
    """`../fixtures/package.zip` from an examples/ directory is a file of the repository."""
    write_tree(tmp_path, {"example/main.tf": OUTSIDE})
    for path, text in beside.items():
        if text is None:
            (tmp_path / path).write_text("a file, not a directory")
        else:
            write_tree(tmp_path, {path: text})
    assert _findings(tmp_path / "example", "core.missing-local-file") == missing


LONE_FILE = """
resource "aws_instance" "web" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "t3.micro"
  user_data     = file("${path.module}/scripts/init.sh")
}

module "network" {
  source = "./modules/network"
}
"""


@pytest.mark.parametrize(
    ("beside", "expected"),
    [
        (
            {"scripts/init.sh": "echo hi\n", "modules/network/main.tf": "# empty\n"},
            [],
        ),
        (
            {"modules/network/main.tf": "# empty\n"},
            [("core.missing-local-file", 5)],
        ),
        ({"scripts/init.sh": "echo hi\n"}, [("core.missing-module", 8)]),
    ],
)
def test_a_lone_tf_file_is_judged_by_the_disk_beside_it(
    tmp_path: Path, beside: dict[str, str], expected: list[tuple[str, int]]
) -> None:
    write_tree(tmp_path, {"main.tf": LONE_FILE, **beside})
    rules = ["core.missing-local-file", "core.missing-module"]
    analysis = analyze(tmp_path / "main.tf", settings=Settings(select=rules))
    assert sorted((f.rule, f.line or 0) for f in analysis.findings) == expected


def test_a_markdown_answer_is_not_judged_by_the_disk_beside_it(tmp_path: Path) -> None:
    """What a Markdown answer does not show, it does not provide, whatever lies beside it."""
    write_tree(
        tmp_path,
        {
            "answer.md": f"```hcl\n# main.tf\n{LONE_FILE}```\n",
            "scripts/init.sh": "echo hi\n",
            "modules/network/main.tf": "# empty\n",
        },
    )
    rules = ["core.missing-local-file", "core.missing-module"]
    analysis = analyze(tmp_path / "answer.md", settings=Settings(select=rules))
    assert sorted(f.rule for f in analysis.findings) == rules


def test_commented_json_of_tools_is_not_judged(tmp_path: Path) -> None:
    """tsconfig.json and editor settings allow comments; terraform reads neither."""
    commented = '{\n  // the compiler\n  "strict": true\n}\n'
    write_tree(
        tmp_path,
        {
            "main.tf": READS_LAMBDA,
            "lambda/tsconfig.json": commented,
            ".vscode/settings.json": commented,
            ".devcontainer/devcontainer.json": commented,
            "lambda/event.json": commented,
        },
    )
    assert _findings(tmp_path, "syntax.json-error") == [("lambda/event.json", 2)]


def test_files_terraform_does_not_read_are_not_judged(tmp_path: Path) -> None:
    """A repository's test fixtures and app sources are not the configuration's: only the
    files it reads (file(), templatefile(), archive sources) are judged."""
    write_tree(
        tmp_path,
        {
            "main.tf": READS_LAMBDA,
            "lambda/index.py": "def handler(event, context)\n    return 1\n",
            "lambda/event.json": '{"id": 1,}\n',
            "test/fixtures/probe.json": '{"id": 1,}\n',
            "app/pages/index.py": "def page(\n",
        },
    )
    rules = ["syntax.json-error", "syntax.embedded-code-error"]
    analysis = analyze(tmp_path, settings=Settings(select=rules))
    assert sorted(f.file or "" for f in analysis.findings) == [
        "lambda/event.json",
        "lambda/index.py",
    ]


def test_tool_directories_are_not_read(tmp_path: Path) -> None:
    """`.terraform/modules` holds copies of registry modules; `.github` holds workflows."""
    write_tree(
        tmp_path,
        {
            "main.tf": 'resource "aws_sqs_queue" "q" {}\n',
            ".terraform/modules/vpc/main.tf": 'resource "aws_vpc" "v" {\n  cidr_block = \n}\n',
            ".github/workflows/ci.json": "{,}\n",
        },
    )
    analysis = analyze(tmp_path)
    assert {f.file for f in analysis.findings if f.rule.startswith("syntax.")} == set()


EXAMPLE = """
data "archive_file" "code" {
  type        = "zip"
  source_file = "${path.module}/index.py"
  output_path = "${path.module}/code.zip"
}

resource "aws_lambda_function" "code" {
  function_name    = "example"
  role             = "arn:aws:iam::123456789012:role/example"
  handler          = "index.%s"
  runtime          = "python3.12"
  filename         = data.archive_file.code.output_path
  source_code_hash = data.archive_file.code.output_base64sha256
}
"""


@pytest.mark.parametrize(
    ("handler_b", "expected"), [("main", []), ("handler", [("examples/b/main.tf", 11)])]
)
def test_each_example_reads_its_own_files(
    tmp_path: Path, handler_b: str, expected: list[tuple[str, int]]
) -> None:
    """`${path.module}` of examples/b (a root of its own) is examples/b, not the top: its
    index.py is its own, not examples/a's."""
    write_tree(
        tmp_path,
        {
            "main.tf": 'variable "name" {\n  type = string\n}\n',
            "examples/a/main.tf": EXAMPLE % "handler",
            "examples/a/index.py": "def handler(event, context):\n    return 1\n",
            "examples/b/main.tf": EXAMPLE % handler_b,
            "examples/b/index.py": "def main(event, context):\n    return 1\n",
        },
    )
    assert _findings(tmp_path, "aws.lambda-handler-mismatch") == expected


DIRECTORY_PACKAGE = """
module "fn" {
  source = "../../modules/fn"
}
"""
FUNCTION_MODULE = """
data "archive_file" "code" {
  type        = "zip"
  source_dir  = "%s"
  output_path = "${path.module}/code.zip"
}

resource "aws_lambda_function" "code" {
  function_name    = "example"
  role             = "arn:aws:iam::123456789012:role/example"
  handler          = "index.evaluate"
  runtime          = "nodejs20.x"
  filename         = data.archive_file.code.output_path
  source_code_hash = data.archive_file.code.output_base64sha256
}
"""


@pytest.mark.parametrize(
    ("source_dir", "expected"),
    [
        # from the working directory (env/dev): app/dist is built there, not shown
        ("../../app/dist", []),
        # a path that names the directory with the code: judged
        ("../../other/app/dist", [("modules/fn/main.tf", 11)]),
        ("${path.module}/../../other/app/dist", [("modules/fn/main.tf", 11)]),
    ],
)
def test_a_directory_on_disk_is_the_one_its_path_names(
    tmp_path: Path, source_dir: str, expected: list[tuple[str, int]]
) -> None:
    """On disk, `source_dir` resolves from the working directory (or `${path.module}`): a
    same-named directory of another project is not the package."""
    write_tree(
        tmp_path,
        {
            "env/dev/main.tf": DIRECTORY_PACKAGE,
            "modules/fn/main.tf": FUNCTION_MODULE % source_dir,
            "app/src/index.ts": "export const evaluate = () => 1;\n",
            "other/app/dist/index.js": "exports.handler = async () => 1;\n",
        },
    )
    assert _findings(tmp_path, "aws.lambda-handler-mismatch") == expected


def test_a_module_path_on_disk_is_judged_as_written(tmp_path: Path) -> None:
    """On disk, `../../..modules/canary` is not `modules/canary`: terraform init cannot read
    it. In a Markdown answer the same mistake is not judged (its file names are guesses)."""
    call = 'module "canary" {\n  source = "../..modules/canary"\n}\n'
    child = 'output "name" {\n  value = "canary"\n}\n'
    write_tree(tmp_path / "repo", {"stacks/app/main.tf": call, "modules/canary/main.tf": child})
    assert _findings(tmp_path / "repo", "core.missing-module") == [("stacks/app/main.tf", 1)]
    answer = tmp_path / "answer.md"
    answer.write_text(
        f"### stacks/app/main.tf\n\n```hcl\n{call}```\n\n"
        f"### modules/canary/main.tf\n\n```hcl\n{child}```\n"
    )
    assert _findings(answer, "core.missing-module") == []
    fixed = call.replace("../..modules/canary", "../../modules/canary")
    write_tree(tmp_path / "repo", {"stacks/app/main.tf": fixed})
    assert _findings(tmp_path / "repo", "core.missing-module") == []


def test_a_directory_on_disk_is_not_a_cut_response(tmp_path: Path) -> None:
    """A stray `locals {` in a repository's file is a syntax error, not a truncation; the
    same text as an answer's last block is cut."""
    text = 'locals {\nlocals {\n  a = 1\n}\n\nresource "aws_sns_topic" "t" {\n  name = "t"\n}\n'
    write_tree(tmp_path / "repo", {"main.tf": text})
    assert _findings(tmp_path / "repo", "format.truncated-response") == []
    assert _findings(tmp_path / "repo", "syntax.hcl-error") != []
    answer = tmp_path / "answer.md"
    answer.write_text("```hcl\n" + text + "```\n", encoding="utf-8")
    assert _findings(answer, "format.truncated-response") != []


@pytest.mark.parametrize(
    ("values_file", "found"),
    [
        ("terraform.tfvars", [("main.tf", 6)]),  # loaded by a run at the top: a fixed name
        ("environments/prod/terraform.tfvars", []),  # one deployment's -var-file
    ],
)
def test_values_load_only_in_the_directory_terraform_runs_in(
    tmp_path: Path, values_file: str, found: list[tuple[str, int]]
) -> None:
    main = 'variable "environment" {\n  type = string\n}\n\n'
    main += 'resource "aws_s3_bucket" "artifacts" {\n  bucket = "acme-artifacts-${var.environment}"\n}\n'
    write_tree(tmp_path, {"main.tf": main, values_file: 'environment = "prod"\n'})
    assert _findings(tmp_path, "ops.missing-name-suffix") == found


def test_top_values_belong_to_the_root_a_markdown_answer_merges(tmp_path: Path) -> None:
    """An answer whose .tf files all sit in directories it merges into the root: the
    `terraform.tfvars` at its top is the root's."""
    answer = tmp_path / "answer.md"
    answer.write_text(
        '### terraform.tfvars\n```hcl\ndb_password = "Sup3rS3cret!"\n```\n\n'
        '### app/main.tf\n```hcl\nvariable "db_password" {\n  type = string\n}\n\n'
        'output "length" {\n  value = length(var.db_password)\n}\n```\n',
        encoding="utf-8",
    )
    assert _findings(answer, "security.hardcoded-secret") == [("terraform.tfvars", 1)]


MODULE_AT_TOP = """
variable "name" {
  type = string
}

resource "aws_sqs_queue" "this" {
  name = var.name
}

output "url" {
  value = list(aws_sqs_queue.this.url)
}
"""
EXAMPLE_CALL = """
module "queue" {
  source = "../../"
  name   = "jobs"
  %s
}

output "url" {
  value = module.queue.url
}
"""


def test_an_example_reads_the_module_it_calls_from_above_as_terraform_does(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {"main.tf": MODULE_AT_TOP, "examples/complete/main.tf": EXAMPLE_CALL % "colour = 1"},
    )
    analysis = analyze(tmp_path / "examples" / "complete")
    found = {(f.rule, f.file) for f in analysis.findings if f.severity.value == "critical"}
    assert ("core.invalid-function-call", "../../main.tf") in found  # list() is gone
    assert ("core.unknown-module-argument", "main.tf") in found  # the module has no colour
    assert any("../.." in note for note in analysis.response.notes)


def test_a_module_above_that_is_absent_is_no_error_of_the_loader(tmp_path: Path) -> None:
    write_tree(tmp_path, {"examples/complete/main.tf": EXAMPLE_CALL % ""})
    analysis = analyze(tmp_path / "examples" / "complete")
    assert not any(f.file and f.file.startswith("../") for f in analysis.findings)

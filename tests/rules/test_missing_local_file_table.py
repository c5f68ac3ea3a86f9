"""core.missing-local-file: what the configuration provides itself, by writing a file or
by running a command before the reader. One row per case (tflint style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.files import write_tree
from tfjudge.analysis import Settings, analyze


def _findings(root: Path) -> list[tuple[str, int]]:
    analysis = analyze(root, settings=Settings(select=["core.missing-local-file"]))
    return sorted((f.file or "", f.line or 0) for f in analysis.findings)


RESOURCE_ARCHIVE = """
resource "archive_file" "package" {
  type        = "zip"
  source_file = "${path.module}/app.py"
  output_path = "${path.module}/build/app.zip"
}

resource "aws_lambda_function" "app" {
  function_name = "app"
  role          = "arn:aws:iam::123456789012:role/app"
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "%s"
}
"""

WRITTEN_DIRECTORY = """
resource "local_file" "page" {
  filename = "${path.module}/%s/index.html"
  content  = "<p>hello</p>"
}

data "archive_file" "site" {
  type        = "zip"
  source_dir  = "${path.module}/site"
  output_path = "${path.module}/site.zip"
  depends_on  = [local_file.page]
}
"""


@pytest.mark.parametrize(
    ("terraform", "missing"),
    [
        (RESOURCE_ARCHIVE % "${path.module}/build/app.zip", []),
        (RESOURCE_ARCHIVE % "${path.module}/build/other.zip", [("main.tf", 13)]),
        (WRITTEN_DIRECTORY % "site", []),
        (WRITTEN_DIRECTORY % "public", [("main.tf", 9)]),
    ],
)
def test_files_the_configuration_writes_are_provided(
    tmp_path: Path, terraform: str, missing: list[tuple[str, int]]
) -> None:
    """An archive_file resource's output_path, files a local_file writes into a directory."""
    write_tree(tmp_path, {"main.tf": terraform, "app.py": "def handler(e, c):\n    return 1\n"})
    assert _findings(tmp_path) == missing


@pytest.mark.parametrize(
    ("written", "missing"),
    [
        ("site/index.html", []),  # relative to the root's directory, where terraform runs
        ("${path.module}/site/index.html", []),
        ("public/index.html", [("examples/web/main.tf", 9)]),
    ],
)
def test_a_root_of_its_own_writes_relative_to_its_directory(
    tmp_path: Path, written: str, missing: list[tuple[str, int]]
) -> None:
    """A directory of examples: examples/web is a root no one calls, so a relative
    `filename` is written in examples/web, where `${path.module}/site` reads it."""
    terraform = WRITTEN_DIRECTORY.replace("${path.module}/%s/index.html", written)
    write_tree(tmp_path, {"examples/web/main.tf": terraform, "examples/api/main.tf": ""})
    assert _findings(tmp_path) == missing


BUILT = """
resource "terraform_data" "build" {
  provisioner "local-exec" {
    command = "./scripts/package.sh"
  }
}

resource "aws_s3_object" "package" {
  bucket = "demo-artifacts-7f3a"
  key    = "app.zip"
  source = "${path.module}/build/app.zip"
%s
}
"""


@pytest.mark.parametrize(
    ("extra", "missing"),
    [
        ("  depends_on = [terraform_data.build]", []),
        ("", [("main.tf", 11)]),
        (
            '  etag       = filemd5("${path.module}/build/app.zip")\n'
            "  depends_on = [terraform_data.build]",
            [("main.tf", 12)],
        ),
    ],
)
def test_a_reader_after_a_local_exec_command_may_read_what_it_builds(
    tmp_path: Path, extra: str, missing: list[tuple[str, int]]
) -> None:
    """A provider reads at apply, after the command it depends on; a function reads at
    plan, before any command runs."""
    write_tree(tmp_path, {"main.tf": BUILT % extra})
    assert _findings(tmp_path) == missing


MODULE_BUILT = """
resource "terraform_data" "build" {
  provisioner "local-exec" {
    command = "pip install -r requirements.txt -t build/deps/python"
  }
}

module "layer" {
  source     = "./modules/layer"
  source_dir = "build/deps"
%s}
"""
LAYER = """
variable "source_dir" {
  type = string
}

data "archive_file" "layer" {
  type        = "zip"
  source_dir  = var.source_dir
  output_path = "${path.root}/build/layer.zip"
}
"""


@pytest.mark.parametrize(
    ("extra", "missing"),
    [
        # the module's data sources wait for the call's dependencies: read during apply
        ("  depends_on = [terraform_data.build]\n", []),
        ("", [("modules/layer/main.tf", 8)]),
    ],
)
def test_a_module_called_after_a_local_exec_command_reads_at_apply(
    tmp_path: Path, extra: str, missing: list[tuple[str, int]]
) -> None:
    write_tree(tmp_path, {"main.tf": MODULE_BUILT % extra, "modules/layer/main.tf": LAYER})
    assert _findings(tmp_path) == missing


GUARDED = """
variable "template_file" {
  type    = string
  default = "%s"
}

locals {
  template = length(var.template_file) > 0 ? file("${path.module}/${var.template_file}") : null
}

output "template" {
  value = local.template
}
"""


@pytest.mark.parametrize(
    ("name", "missing"), [("", []), ("welcome.html", [("main.tf", 8)]), ("page.html", [])]
)
def test_a_file_read_only_in_a_branch_not_taken_is_not_needed(
    tmp_path: Path, name: str, missing: list[tuple[str, int]]
) -> None:
    """terraform evaluates only the branch a known condition takes (here in a directory of
    its own, where `${path.module}/` alone still names a path)."""
    write_tree(tmp_path, {"main.tf": "# the top\n", "site/main.tf": GUARDED % name})
    write_tree(tmp_path, {"site/page.html": "<p/>"})
    assert _findings(tmp_path) == [(f"site/{file}", line) for file, line in missing]


KEYED = """
resource "aws_key_pair" "deployer" {
  key_name   = "deployer"
  public_key = file("${path.module}/keys/deployer.pub")
}

data "archive_file" "app" {
  type        = "zip"
  source_dir  = "${path.module}/app/dist"
  output_path = "${path.module}/app.zip"
}
"""


@pytest.mark.parametrize(
    ("where", "ignore", "severities"),
    [
        (".gitignore", "", ["critical", "critical"]),
        ("infra/.gitignore", "keys/*\n!keys/.gitkeep\n", ["low", "critical"]),
        # a pattern with a slash is anchored where its .gitignore is: infra/keys is not keys/
        (".gitignore", "keys/*\n", ["critical", "critical"]),
        (".gitignore", "dist/\n", ["critical", "low"]),
        (".gitignore", "*.pub\ndist/\n", ["low", "low"]),
        (".gitignore", "# dist/\n", ["critical", "critical"]),
    ],
)
def test_a_file_the_repository_ignores_is_made_by_its_workflow(
    tmp_path: Path, where: str, ignore: str, severities: list[str]
) -> None:
    """A repository's .gitignore says the file is built or supplied before terraform runs:
    reported low (a fresh clone still fails), not as a file the configuration forgot."""
    files = {"infra/main.tf": KEYED, "infra/keys/.gitkeep": "", where: ignore}
    write_tree(tmp_path, files)
    (tmp_path / ".git").mkdir()  # the repository's top is above the analysed directory
    analysis = analyze(tmp_path / "infra", settings=Settings(select=["core.missing-local-file"]))
    by_line = sorted(analysis.findings, key=lambda f: f.line or 0)
    assert [f.severity.value for f in by_line] == severities


def test_a_markdown_answer_has_no_repository_to_ignore_files(tmp_path: Path) -> None:
    write_tree(tmp_path, {".gitignore": "*.pub\n"})
    answer = tmp_path / "answer.md"
    answer.write_text("```hcl\n" + KEYED + "```\n", encoding="utf-8")
    analysis = analyze(answer, settings=Settings(select=["core.missing-local-file"]))
    assert [f.severity.value for f in analysis.findings] == ["critical", "critical"]


OPTIONAL_FILE = """
variable "requirements_path" {
  type    = string
  default = "%s"
}

locals {
  path = var.requirements_path != "" ? var.requirements_path : "${path.module}/templates/req.txt"
}

resource "aws_s3_object" "requirements" {
  count   = var.requirements_path == "" ? 0 : 1
  bucket  = "artifacts-7f3a"
  key     = "requirements.txt"
  content = templatefile(local.path, {})
}
"""


@pytest.mark.parametrize(
    ("default", "missing"),
    [
        ("", []),  # created zero times as written: terraform evaluates none of its arguments
        ("deps/requirements.txt", [("main.tf", 15)]),
    ],
)
def test_a_block_created_zero_times_reads_no_file(
    tmp_path: Path, default: str, missing: list[tuple[str, int]]
) -> None:
    write_tree(tmp_path, {"main.tf": OPTIONAL_FILE % default})
    assert _findings(tmp_path) == missing


@pytest.mark.parametrize(
    ("path", "severity"),
    [
        ("path/to/service-account-key.json", "low"),  # the user's own credential: fill it in
        ("<PATH_TO_SERVICE_ACCOUNT_JSON>", "low"),
        ("path/to/private_key.pem", "low"),
        ("path/to/lambda.zip", "critical"),  # code the answer was to provide
        ("keys/deploy.json", "critical"),  # no placeholder: a file the answer names
    ],
)
def test_a_placeholder_for_the_users_own_key_is_low(
    tmp_path: Path, path: str, severity: str
) -> None:
    main = f'locals {{\n  credentials = file("{path}")\n}}\n'
    (tmp_path / "answer.md").write_text(f"```hcl\n{main}```\n")
    analysis = analyze(
        tmp_path / "answer.md", settings=Settings(select=["core.missing-local-file"])
    )
    assert [f.severity.value for f in analysis.findings] == [severity]


@pytest.mark.parametrize(
    ("prose", "severity"),
    [
        ("Place your public SSH key in `id_rsa.pub` next to `main.tf`.", "low"),
        ("The key pair uses a public key.", "critical"),  # nothing tells the user to add it
    ],
)
def test_a_key_the_prose_tells_the_user_to_supply_is_low(
    tmp_path: Path, prose: str, severity: str
) -> None:
    main = (
        'resource "aws_key_pair" "k" {\n  key_name   = "k"\n  public_key = file("id_rsa.pub")\n}\n'
    )
    (tmp_path / "answer.md").write_text(f"```hcl\n{main}```\n\n{prose}\n")
    analysis = analyze(
        tmp_path / "answer.md", settings=Settings(select=["core.missing-local-file"])
    )
    assert [f.severity.value for f in analysis.findings] == [severity]

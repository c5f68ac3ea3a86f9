"""core.empty-backend: a partial backend is reported unless a backend configuration file
the answer ships completes it (`terraform init -backend-config=prod.tfbackend`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.files import write_tree
from tfjudge.analysis import Settings, analyze

RULE = "core.empty-backend"
PARTIAL = """terraform {
  backend "s3" {
    bucket = "acme-terraform-state"
    region = "us-east-1"
  }
}
"""


@pytest.mark.parametrize(
    ("files", "fires"),
    [
        ({"app/main.tf": PARTIAL}, True),  # `key` is missing and nothing supplies it
        ({"app/main.tf": PARTIAL, "app/prod.tfbackend": 'key = "prod.tfstate"\n'}, False),
        ({"app/main.tf": PARTIAL, "app/backend.hcl": 'key = "app.tfstate"\n'}, False),
        ({"app/main.tf": PARTIAL, "app/env/prod/backend.conf": 'key = "p.tfstate"\n'}, False),
        ({"app/main.tf": PARTIAL, "app/README.md": "Run terraform init.\n"}, True),
        # one file for the roots below it: `init -backend-config=../backend-config.tfvars`
        ({"app/main.tf": PARTIAL, "backend-config.tfvars": 'key = "x"\n'}, False),
        ({"stacks/app/main.tf": PARTIAL, "stacks/backend.hcl": 'key = "x"\n'}, False),
        # another root's configuration file does not complete this one
        ({"app/main.tf": PARTIAL, "other/prod.tfbackend": 'key = "x"\n'}, True),
        ({"app/main.tf": PARTIAL, "other/backend-config.tfvars": 'key = "x"\n'}, True),
        # a variables file is no backend configuration
        ({"app/main.tf": PARTIAL, "terraform.tfvars": 'key = "x"\n'}, True),
    ],
)
def test_a_backend_configuration_file_completes_a_partial_backend(
    tmp_path: Path, files: dict[str, str], fires: bool
) -> None:
    write_tree(tmp_path, files)
    analysis = analyze(tmp_path, settings=Settings(select=[RULE]))
    assert bool(analysis.findings) is fires


def test_a_markdown_answer_that_shows_the_backend_file(tmp_path: Path) -> None:
    answer = tmp_path / "answer.md"
    shown = "### backend.tf\n\n```hcl\n" + PARTIAL + "```\n"
    answer.write_text(shown)
    assert analyze(answer, settings=Settings(select=[RULE])).findings
    answer.write_text(shown + '\n### prod.tfbackend\n\n```hcl\nkey = "prod.tfstate"\n```\n')
    assert not analyze(answer, settings=Settings(select=[RULE])).findings


@pytest.mark.parametrize(
    ("backend", "expected"),
    [
        # left out while others are given: the documented partial configuration, medium
        ('  backend "s3" {\n    key = "app.tfstate"\n  }\n', ["medium"]),
        # written and commented out: meant to be there, critical
        ('  backend "s3" {\n    # bucket = "state"\n    key = "app.tfstate"\n  }\n', ["critical"]),
        # a comment says -backend-config completes it
        (
            '  # bucket and region: terraform init -backend-config="bucket=..."\n'
            '  backend "s3" {\n    key = "app.tfstate"\n  }\n',
            [],
        ),
    ],
)
def test_how_a_partial_backend_is_judged(tmp_path: Path, backend: str, expected: list[str]) -> None:
    write_tree(tmp_path, {"main.tf": f"terraform {{\n{backend}}}\n"})
    analysis = analyze(tmp_path, settings=Settings(select=[RULE]))
    assert [f.severity.value for f in analysis.findings] == expected

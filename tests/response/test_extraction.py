"""Extraction of files from Markdown answers: names, languages, lines, and the traps."""

from __future__ import annotations

import pytest

from tfjudge.response.loader import parse_markdown

HCL = 'resource "aws_s3_bucket" "b" {\n  bucket_prefix = "b-"\n}'


def files_of(text: str) -> list[tuple[str, str]]:
    return [(f.path, f.language) for f in parse_markdown(text, "answer.md").files]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (f"### provider.tf\n\n```hcl\n{HCL}\n```\n", "provider.tf"),
        (f"## `lib/tap_stack.tf`\n```hcl\n{HCL}\n```\n", "lib/tap_stack.tf"),
        (f"**`lib/tap_stack.tf`**\n\n```hcl\n{HCL}\n```\n", "lib/tap_stack.tf"),
        (f"## File: main.tf\n```terraform\n{HCL}\n```\n", "main.tf"),
        (f"FILE: storage.tf\n```\n{HCL}\n```\n", "storage.tf"),
        (f"1. **variables.tf**:\n```hcl\n{HCL}\n```\n", "variables.tf"),
        (f"Now create `outputs.tf` with the exports:\n\n```hcl\n{HCL}\n```\n", "outputs.tf"),
        (f"```hcl\n# tap_stack.tf\n{HCL}\n```\n", "tap_stack.tf"),
        (f"```hcl\n// File: modules/vpc/main.tf\n{HCL}\n```\n", "modules/vpc/main.tf"),
        (f'```hcl title="network.tf"\n{HCL}\n```\n', "network.tf"),
        (f"```hcl# tap_stack.tf - secure stack\n{HCL}\n```\n", "tap_stack.tf"),
        (f"```hcl\n{HCL}\n```\n", "main.tf"),
        (f"```tf\n{HCL}\n```\n", "main.tf"),
        (f"```\n{HCL}\n```\n", "main.tf"),
    ],
)
def test_file_is_named_by_nearest_signal(markdown: str, expected: str) -> None:
    assert files_of(markdown)[0] == (expected, "hcl")


def test_heading_above_wins_over_sentence_mentioning_another_file() -> None:
    text = f"### main.tf\n\nIt reads the inputs of `variables.tf`:\n\n```hcl\n{HCL}\n```\n"
    assert files_of(text)[0][0] == "main.tf"


def test_names_of_other_languages_are_not_given_to_hcl() -> None:
    text = f"### handler.py\n\nThe function's infrastructure:\n\n```hcl\n{HCL}\n```\n"
    assert files_of(text)[0][0] == "main.tf"


def test_default_names_by_language_and_deduplication() -> None:
    text = (
        f"```hcl\n{HCL}\n```\n\n```hcl\n{HCL}\n```\n\n"
        "```python\nprint(1)\n```\n\n```bash\nterraform init\n```\n"
    )
    assert files_of(text) == [
        ("main.tf", "hcl"),
        ("main_2.tf", "hcl"),
        ("lambda_function.py", "python"),
        ("script.sh", "bash"),
    ]


def test_tfvars_and_fragments() -> None:
    text = '### terraform.tfvars\n```hcl\nregion = "us-east-1"\n```\n\n```hcl\nname = "x"\n```\n'
    assert files_of(text) == [("terraform.tfvars", "hcl"), ("snippet.hcl", "hcl")]


def test_response_line_of_file_lines() -> None:
    text = f"Intro\n\n### main.tf\n\n```hcl\n{HCL}\n```\n"
    response = parse_markdown(text, "answer.md")
    file = response.files[0]
    assert file.source_line == 6
    assert file.response_line(2) == 7
    assert text.split("\n")[file.response_line(2) - 1] == '  bucket_prefix = "b-"'


def test_one_block_holding_several_files() -> None:
    text = (
        "```hcl\n# dev.tfvars\ncount = 1\n\n# staging.tfvars\ncount = 2\n\n"
        "# prod.tfvars\ncount = 3\n```\n"
    )
    response = parse_markdown(text, "answer.md")
    assert [(f.path, f.source_line) for f in response.files] == [
        ("dev.tfvars", 2),
        ("staging.tfvars", 5),
        ("prod.tfvars", 8),
    ]


def test_unclosed_fence_is_detected_not_silently_closed() -> None:
    response = parse_markdown(f"```hcl\n{HCL}\n", "answer.md")
    assert response.fences[0].closed is False
    assert response.files[0].truncated is True


def test_closing_fence_glued_to_last_line() -> None:
    text = f"```hcl\n{HCL}```\n\n## Deploy\n\n```bash\nterraform apply\n```\n"
    response = parse_markdown(text, "answer.md")
    assert [(f.path, f.language) for f in response.files] == [
        ("main.tf", "hcl"),
        ("script.sh", "bash"),
    ]
    assert response.files[0].text.rstrip().endswith("}")
    assert (6, "## Deploy") in response.prose


def test_block_never_closed_before_next_opener_and_its_trailing_prose() -> None:
    text = (
        f"```hcl\n{HCL}\n\nI'll continue with the remaining resources below.\n"
        f"```hcl\n{HCL.replace('b', 'c')}\n```\n"
    )
    response = parse_markdown(text, "answer.md")
    assert len(response.files) == 2
    assert "continue" not in response.files[0].text
    assert any("continue" in line for _, line in response.prose)


def test_markdown_block_with_inner_fences_is_one_block() -> None:
    text = (
        "## README.md\n\n```markdown\n# Project\n\nDeploy with:\n\n```bash\nterraform apply\n```\n\n"
        "Layout:\n\n```\nmain.tf\nvariables.tf\n```\n\nDone.\n```\n\nThat is all.\n"
    )
    response = parse_markdown(text, "answer.md")
    assert [(f.path, f.language) for f in response.files] == [("README.md", "markdown")]
    assert response.fences[0].closed
    assert (22, "That is all.") in response.prose


def test_unfenced_hcl_after_prose() -> None:
    text = (
        "Here is the stack.\n\n# tap_stack.tf\n# Multi-region stack\n\n"
        f'data "aws_caller_identity" "current" {{}}\n\n{HCL}\n\n'
        "This configuration creates a bucket.\n"
    )
    response = parse_markdown(text, "answer.md")
    assert [(f.path, f.source_line) for f in response.files] == [("tap_stack.tf", 3)]
    assert "This configuration" not in response.files[0].text
    assert (1, "Here is the stack.") in response.prose


def test_unfenced_program_announced_by_a_comment() -> None:
    text = (
        f"{HCL}\n\n# handler.py\nimport json\n\n\ndef handler(event, context):\n"
        '    """Return\nthe event."""\n    return event\n'
    )
    response = parse_markdown(text, "answer.md")
    assert [(f.path, f.language) for f in response.files] == [
        ("main.tf", "hcl"),
        ("handler.py", "python"),
    ]
    assert response.files[1].text.rstrip().endswith("return event")


def test_stray_fence_with_prose_is_not_code() -> None:
    text = f"```hcl\n{HCL}\n```\n\nThese changes are tested.\n```\n\n## Notes\n\n- It works.\n"
    response = parse_markdown(text, "answer.md")
    assert [f.language for f in response.files] == ["hcl", "text"]

"""format.file-layout and the names a response gives (or does not give) its blocks."""

from __future__ import annotations

from pathlib import Path

from tfjudge.analysis import Settings, analyze

PROMPT = "Write the whole configuration as one file, `tap_stack.tf`.\n"
HCL = 'resource "aws_sqs_queue" "jobs" {\n  name_prefix = "jobs-"\n}\n'


def layout_findings(tmp_path: Path, answer: str) -> list[str]:
    (tmp_path / "prompt.md").write_text(PROMPT)
    (tmp_path / "answer.md").write_text(answer)
    analysis = analyze(
        tmp_path / "answer.md",
        tmp_path / "prompt.md",
        None,
        Settings(select=["format.file-layout"]),
    )
    return [f.message for f in analysis.findings]


def test_an_unnamed_block_stands_in_for_the_file_asked_for(tmp_path: Path) -> None:
    assert layout_findings(tmp_path, f"Here it is:\n\n```hcl\n{HCL}```\n") == []


def test_a_block_named_otherwise_is_reported(tmp_path: Path) -> None:
    messages = layout_findings(tmp_path, f"### main.tf\n\n```hcl\n{HCL}```\n")
    assert len(messages) == 1 and "tap_stack.tf" in messages[0] and "main.tf" in messages[0]


def test_one_file_shown_in_two_blocks_is_one_file(tmp_path: Path) -> None:
    second = HCL.replace("jobs", "dead")
    answer = f"### tap_stack.tf\n\n```hcl\n{HCL}```\n\nContinuing with the dead-letter queue:\n\n```hcl\n{second}```\n"
    assert layout_findings(tmp_path, answer) == []


def test_a_second_file_beside_the_one_asked_for_is_reported(tmp_path: Path) -> None:
    second = HCL.replace("jobs", "dead")
    answer = f"### tap_stack.tf\n\n```hcl\n{HCL}```\n\n### queues.tf\n\n```hcl\n{second}```\n"
    messages = layout_findings(tmp_path, answer)
    assert len(messages) == 1 and "queues.tf" in messages[0]

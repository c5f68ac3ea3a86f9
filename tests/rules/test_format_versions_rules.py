"""format.resumed-response and format.duplicate-versions, one row per case (tflint style)."""

from __future__ import annotations

import pytest

from tfjudge.analysis import Settings, analyze_response
from tfjudge.findings import Finding
from tfjudge.response.loader import load_text_input


def _findings(markdown: str, rule: str) -> list[Finding]:
    response = load_text_input(markdown, "case.md")
    analysis = analyze_response(response, settings=Settings(select=[rule, "format"]))
    return [f for f in analysis.findings if f.rule == rule]


_BUCKET = 'resource "aws_s3_bucket" "logs" {\n  bucket_prefix = "logs-"\n}\n'

RESUMED: list[tuple[str, str, list[int]]] = [
    (
        "the author says the code continues, between closed blocks",
        f"```hcl\n{_BUCKET}```\n\nContinuing from the previous response:\n\n"
        '```hcl\noutput "b" {\n  value = aws_s3_bucket.logs.id\n}\n```\n',
        [7],
    ),
    (
        "a block ends mid-construct and the next one closes what it never opened",
        '### main.tf\n```hcl\nresource "aws_s3_bucket" "logs" {\n  bucket_prefix = "logs-"\n'
        '  tags = {\n    Name = "logs"\n```\n\n```hcl\n  }\n}\n```\n',
        [],  # the finding is at the resumed block, not at a prose line
    ),
    (
        "ordinary multi-file answers are not breaks",
        f"### main.tf\n```hcl\n{_BUCKET}```\n\nNow the outputs file:\n\n### outputs.tf\n"
        '```hcl\noutput "b" {\n  value = aws_s3_bucket.logs.id\n}\n```\n',
        [],
    ),
    (
        "talk of continuing that is not about the code",
        f"```hcl\n{_BUCKET}```\n\nTo continue, run terraform apply and check the bucket.\n",
        [],
    ),
]


@pytest.mark.parametrize(
    ("markdown", "expected"), [c[1:] for c in RESUMED], ids=[c[0] for c in RESUMED]
)
def test_resumed_response_prose(markdown: str, expected: list[int]) -> None:
    found = _findings(markdown, "format.resumed-response")
    assert sorted(f.response_line or 0 for f in found if f.file is None) == expected


def test_a_file_spliced_across_two_blocks_is_one_resumption_not_a_truncation() -> None:
    markdown = RESUMED[1][1]
    resumed = _findings(markdown, "format.resumed-response")
    assert [(f.response_line, "brackets" in f.message) for f in resumed] == [(10, True)]
    assert _findings(markdown, "format.truncated-response") == []


def test_a_cut_block_that_nothing_resumes_is_still_a_truncation() -> None:
    markdown = '```hcl\nresource "aws_s3_bucket" "logs" {\n  tags = {\n    Name = "x"\n```\n'
    assert _findings(markdown, "format.resumed-response") == []
    assert len(_findings(markdown, "format.truncated-response")) == 1


_DRAFT = 'variable "suffix" {\n  default = "dev"\n}\n' + _BUCKET


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        (_DRAFT, ["low"]),  # the same code twice
        (_DRAFT.replace('"dev"', '"prod"'), ["medium"]),  # a changed block
        ('output "b" {\n  value = 1\n}\n', []),  # another file's content under the same name
    ],
    ids=["repeated", "changed", "nothing-declared-again"],
)
def test_duplicate_versions(second: str, expected: list[str]) -> None:
    markdown = f"### main.tf\n```hcl\n{_DRAFT}```\n\n### main.tf\n```hcl\n{second}```\n"
    found = _findings(markdown, "format.duplicate-versions")
    assert [f.severity.value for f in found] == expected


_SCRIPT = "```bash\n#!/bin/bash\nsudo docker swarm join --advertise-addr <subnet_id>\n```\n"


@pytest.mark.parametrize(
    ("after", "cut"),
    [
        ("", True),  # the answer ends with the broken script: it may have been cut there
        ("\n**Notes:**\n\n* Replace the token with your own.\n", False),  # it went on
    ],
)
def test_a_program_failing_at_its_end_is_a_cut_only_where_the_answer_ends(
    after: str, cut: bool
) -> None:
    markdown = f"```hcl\n{_BUCKET}```\n\n{_SCRIPT}{after}"
    assert bool(_findings(markdown, "format.truncated-response")) is cut
    assert _findings(markdown, "syntax.embedded-code-error") != []

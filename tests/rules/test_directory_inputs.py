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
]


@pytest.mark.parametrize(("case", "text", "expected"), JSON_FILES, ids=[c[0] for c in JSON_FILES])
def test_a_json_data_file_may_hold_values_one_after_another(
    tmp_path: Path, case: str, text: str, expected: list[tuple[str, int]]
) -> None:
    write_tree(tmp_path, {"main.tf": 'resource "aws_sqs_queue" "q" {}\n', "data.json": text})
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

"""Splitting a broken file into top-level chunks: the plain header search agrees with the
line scanner wherever no heredoc opens, and the scanner keeps headers inside heredocs out."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.parse.model_dump import dump_document, variants
from tfjudge.parse.hcl import parser
from tfjudge.parse.hcl.parser import (
    header_lines,
    parse_hcl,
    parse_tree,
    scanned_header_lines,
    split_top_level,
)
from tfjudge.response.loader import load_response
from tfjudge.source import SourceFile

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ["tests/data", "tests/rules/fixtures", "examples"]


def hcl_texts() -> list[str]:
    texts = []
    for folder in INPUTS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".md", ".tf"}:
                texts += [f.text for f in load_response(path).files if f.language == "hcl"]
    return texts


def test_without_heredocs_the_header_search_equals_the_scan() -> None:
    plain = [text for text in hcl_texts() if "<<" not in text]
    assert len(plain) > 100
    for text in plain:
        lines = text.split("\n")
        assert header_lines(lines) == scanned_header_lines(lines)
        # cut each file in half too: the halves are what broken answers look like
        half = lines[: len(lines) // 2]
        assert header_lines(half) == scanned_header_lines(half)


def test_a_header_inside_a_heredoc_starts_no_chunk() -> None:
    lines = [
        'resource "aws_iam_policy" "p" {',
        "  policy = <<EOF",
        'resource "inside" "heredoc" {',
        "EOF",
        "}",
        'resource "aws_s3_bucket" "b" {',
        "}",
    ]
    assert [(c.start, c.end) for c in split_top_level(lines)] == [(0, 5), (5, 7)]
    assert header_lines(lines) == [0, 2, 5]  # why the scan is needed when `<<` appears


def test_chunks_taken_from_the_whole_tree_equal_chunks_parsed_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A broken file's intact blocks are built from the tree of the whole file, not parsed
    again chunk by chunk: the model and the errors are what parsing each chunk gives."""
    broken = []
    for index, text in enumerate(hcl_texts()):
        damaged = [v for name, v in variants(text, str(index)) if name != "as-is"]
        for variant in [*damaged, *_unbalanced(text)]:
            if parse_tree(variant.encode()).has_error:
                broken.append(SourceFile("main.tf", "hcl", variant))
    assert len(broken) > 100
    reused = [dump_document(parse_hcl(file)) for file in broken]
    monkeypatch.setattr(parser._Reuse, "body", lambda self, chunk: None)
    assert reused == [dump_document(parse_hcl(file)) for file in broken]


def _unbalanced(text: str) -> list[str]:
    """The text with the first interpolation, index or call left open, and with a comment
    opened a third of the way in: errors after which the whole file's tree leaves the
    rest of the file out."""
    out = [text[:at] + text[at + 1 :] for at in (text.find(m) for m in ('}"', "]", ")")) if at >= 0]
    third = text.find("\n", len(text) // 3)
    if third >= 0:
        out.append(f"{text[:third]} /*{text[third:]}")
    return out


def test_blocks_after_an_unclosed_interpolation_are_kept() -> None:
    """`"${a.arn/*"` leaves a string open that the next `"` closes, and the `/*` after it
    opens a comment that swallows the rest of the file in the whole file's tree: the
    blocks after the broken one are parsed alone, not dropped."""
    text = (
        'data "aws_iam_policy_document" "site" {\n'
        "  statement {\n"
        '    resources = ["${aws_s3_bucket.site.arn/*"]\n'
        "  }\n"
        "  statement {\n"
        '    resources = ["${aws_s3_bucket.site.arn}/*"]\n'
        "  }\n"
        "}\n"
        "\n"
        'resource "aws_s3_bucket_policy" "site" {\n'
        "  bucket = aws_s3_bucket.site.id\n"
        "}\n"
    )
    document = parse_hcl(SourceFile("main.tf", "hcl", text))
    assert document.errors
    assert ("resource", ("aws_s3_bucket_policy", "site")) in [
        (b.type, b.labels) for b in document.body.blocks
    ]

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
        for name, variant in variants(text, str(index)):
            if name != "as-is" and parse_tree(variant.encode()).has_error:
                broken.append(SourceFile("main.tf", "hcl", variant))
    assert len(broken) > 100
    reused = [dump_document(parse_hcl(file)) for file in broken]
    monkeypatch.setattr(parser._Reuse, "body", lambda self, chunk: None)
    assert reused == [dump_document(parse_hcl(file)) for file in broken]

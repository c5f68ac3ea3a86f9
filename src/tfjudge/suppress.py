"""Suppressions: findings a user has said to ignore, dropped and counted.

Two ways, as users of other linters expect:

- An inline comment `# tfjudge:ignore=<rule>[,<rule>...]` (also `//`), where each entry is
  a rule id, a family prefix (`security`) or `all`. On a line of its own it applies to the
  next line of code; after code it applies to its own line. When that line opens a block,
  every finding inside the block (and every finding about it, by address) is suppressed;
  when it starts an attribute, findings on the attribute's lines; otherwise that line.
- An `ignore` entry of the form `<rule>@<address>` in the configuration file (or on the
  command line), where `<address>` may hold `*` wildcards: `security.s3-versioning-
  missing@aws_s3_bucket.logs`, `security@aws_s3_bucket.*`. A plain entry (`<rule>` alone)
  deselects the rule: it never runs and nothing is counted.

Suppressed findings are removed from the report and counted in `summary.suppressed`.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable

from tfjudge.findings import Finding
from tfjudge.model.config import block_address
from tfjudge.parse.hcl.ast import Block, Body, HclDocument
from tfjudge.patterns import lazy_pattern
from tfjudge.records import record
from tfjudge.rules.registry import matches
from tfjudge.source import SourceFile

_INLINE = lazy_pattern(r"(?:#|//|/\*)\s*tfjudge\s*:\s*ignore\s*[=:]\s*([\w.,\-\s]+)")
_COMMENT_ONLY = lazy_pattern(r"^\s*(?:#|//|/\*)")


@record(frozen=True)
class Suppression:
    """Rules (ids or prefixes) ignored within some lines of a file, or at some addresses."""

    rules: tuple[str, ...]
    file: str | None = None
    start_line: int = 0
    end_line: int = 0
    address: str | None = None  # a block's address, or a glob from the configuration
    comment_line: int | None = None

    def covers(self, finding: Finding) -> bool:
        if not any(matches(finding.rule, pattern) for pattern in self.rules):
            return False
        if self.file is None:  # from the configuration: by address only
            return self.address is not None and fnmatch.fnmatchcase(
                finding.address or "", self.address
            )
        if self.address is not None and finding.address == self.address:
            return True  # about the block, wherever the rule placed it
        return (
            finding.file == self.file
            and finding.line is not None
            and self.start_line <= finding.line <= self.end_line
        )


def configured_suppressions(entries: Iterable[str]) -> list[Suppression]:
    """The `rule@address` entries of an ignore list."""
    found = []
    for entry in entries:
        rule, sep, address = entry.partition("@")
        if sep and rule.strip() and address.strip():
            found.append(Suppression((rule.strip(),), address=address.strip()))
    return found


def inline_suppressions(
    files: Iterable[SourceFile], documents: Iterable[HclDocument]
) -> list[Suppression]:
    by_path = {document.file.path: document for document in documents}
    found: list[Suppression] = []
    for file in files:
        if "tfjudge" not in file.text:  # what _INLINE needs: most files hold no suppression
            continue
        for number, text in enumerate(file.lines, start=1):
            match = _INLINE.search(text)
            if match is None:
                continue
            rules = tuple(r.strip() for r in re.split(r"[,\s]+", match.group(1)) if r.strip())
            if not rules:
                continue
            target = _target_line(file, number) if _COMMENT_ONLY.match(text) else number
            found.append(_scope(rules, file.path, target, number, by_path.get(file.path)))
    return found


def apply_suppressions(
    findings: list[Finding], suppressions: list[Suppression]
) -> tuple[list[Finding], int]:
    """The findings no suppression covers, and how many were suppressed."""
    if not suppressions:
        return findings, 0
    kept = [f for f in findings if not any(s.covers(f) for s in suppressions)]
    return kept, len(findings) - len(kept)


def _target_line(file: SourceFile, comment_line: int) -> int:
    """The next line after a comment-only line that holds code (the comment's subject)."""
    for number in range(comment_line + 1, len(file.lines) + 1):
        text = file.lines[number - 1].strip()
        if text and not _COMMENT_ONLY.match(text):
            return number
    return comment_line


def _scope(
    rules: tuple[str, ...], path: str, line: int, comment: int, document: HclDocument | None
) -> Suppression:
    if document is not None:
        block = _block_starting_at(document.body, line)
        if block is not None:
            return Suppression(
                rules,
                path,
                block.range.start_line,
                block.range.end_line,
                address=block_address(block) if block.parent is None else None,
                comment_line=comment,
            )
        attribute_range = _attribute_range_at(document.body, line)
        if attribute_range is not None:
            return Suppression(rules, path, *attribute_range, comment_line=comment)
    return Suppression(rules, path, line, line, comment_line=comment)


def _block_starting_at(body: Body, line: int) -> Block | None:
    for block in body.blocks:
        if block.range.start_line == line:
            return block
        if block.range.start_line < line <= block.range.end_line:
            return _block_starting_at(block.body, line)
    return None


def _attribute_range_at(body: Body, line: int) -> tuple[int, int] | None:
    for attribute in body.attributes.values():
        if attribute.range.start_line == line:
            return attribute.range.start_line, attribute.range.end_line
    for block in body.blocks:
        if block.range.start_line < line <= block.range.end_line:
            return _attribute_range_at(block.body, line)
    return None

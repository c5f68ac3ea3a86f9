"""Source files and positions shared by every stage."""

from __future__ import annotations

from dataclasses import field
from functools import cached_property
from typing import NamedTuple

from tfjudge.records import record


class Range(NamedTuple):
    """A region of an extracted file: 1-based lines and columns, end column exclusive.

    A named tuple, not a dataclass: the parser makes one per node, and tuples are cheap.
    """

    file: str
    start_line: int
    start_column: int
    end_line: int
    end_column: int

    def contains_line(self, line: int) -> bool:
        return self.start_line <= line <= self.end_line


@record(eq=False)
class SourceFile:
    """One file of the answer: a fenced block of the Markdown, an unfenced HCL region, or a file.

    `source_line` is the line of the response where this file's first line stands, so a
    finding on line L of the file is on response line `source_line + L - 1`.
    """

    path: str
    language: str
    text: str
    source_line: int | None = None
    fence_info: str = ""
    truncated: bool = False
    origin: str = "file"
    # "path", or what named a block: info, context, comment, previous (a later part or
    # copy of the file before it), default
    named_by: str = "path"
    notes: list[str] = field(default_factory=list)
    # why HCL is no file of the configuration ("" when it is one): "values" (`name = value`
    # lines with no file named), "elided" (a `...` line stands for code left out),
    # "illustration" (one side of a before/after), "fragment" (not top-level Terraform)
    fragment: str = ""

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def line_count(self) -> int:
        text = self.text[:-1] if self.text.endswith("\n") else self.text
        return text.count("\n") + 1 if text else 0

    @property
    def directory(self) -> str:
        head, _, _ = self.path.rpartition("/")
        return head

    @property
    def name(self) -> str:
        return self.path.rpartition("/")[2]

    @property
    def is_terraform(self) -> bool:
        return self.language == "hcl" and self.path.endswith(".tf")

    @property
    def is_tfvars(self) -> bool:
        return self.path.endswith(".tfvars")

    def response_line(self, line: int | None) -> int | None:
        if line is None or self.source_line is None:
            return None
        return self.source_line + line - 1

    def line_text(self, line: int) -> str:
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1]
        return ""

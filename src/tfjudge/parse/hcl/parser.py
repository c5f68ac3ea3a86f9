"""Parsing HCL files with tree-sitter into `HclDocument`s, reporting every syntax error.

tree-sitter recovers from errors, but one bad token can make it swallow the blocks that
follow into a single ERROR node. When a file has errors it is therefore parsed again in
chunks, one per top-level block (a block header at column 0 outside any heredoc), so an
error stays inside its block and the rest of the file remains usable.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

from tree_sitter import Node, Parser

from tfjudge.parse.hcl.ast import Body, Expr, HclDocument, SyntaxProblem
from tfjudge.parse.hcl.build import HCL_LANGUAGE, TreeBuilder
from tfjudge.parse.hcl.diagnose import diagnose_chunk, diagnose_structure
from tfjudge.patterns import lazy_pattern
from tfjudge.records import record
from tfjudge.response.scanner import ScanState, scan_line
from tfjudge.source import SourceFile

_PARSER = Parser(HCL_LANGUAGE)
_TOP_LEVEL_HEADER = lazy_pattern(r"^[A-Za-z_][\w-]*(\s+(\"[^\"\n]*\"|[A-Za-z_][\w-]*))*\s*\{")


@record(slots=True)
class Chunk:
    """Lines [start, end) (0-based) of a file, parsed on their own."""

    start: int
    end: int


def parse_tree(source: bytes) -> Node:
    return _PARSER.parse(source).root_node


def parse_hcl(file: SourceFile) -> HclDocument:
    source = file.text.encode("utf-8")
    root = parse_tree(source)
    if not root.has_error:
        builder = TreeBuilder(file, source)
        body = builder.body(_body_node(root))
        errors = [*builder.problems, *diagnose_structure(body)]
        errors.sort(key=lambda e: (e.range.start_line, e.range.start_column))
        document = HclDocument(file, body, _dedupe(errors))
    else:
        document = _parse_in_chunks(file, source, root)
    _locate_blocks(document)
    return document


_TEMPLATE_END = "TFJUDGE_TEMPLATE_END_9F2C"


@lru_cache(maxsize=256)
def parse_template(text: str) -> Expr | None:
    """A template's text (a file `templatefile()` reads) as a template expression, parsed
    as the body of a heredoc; None when it does not parse."""
    body = text if text.endswith("\n") else text + "\n"
    source = f"t = <<{_TEMPLATE_END}\n{body}{_TEMPLATE_END}\n"
    document = parse_hcl(SourceFile("template.tftpl", "hcl", source))
    attribute = document.body.attributes.get("t")
    if document.errors or attribute is None:
        return None
    return attribute.expr


_HEADER = lazy_pattern(r'^([A-Za-z_][\w-]*)((?:\s+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*)\s*\{')
_LABEL = lazy_pattern(r'"([^"\n]*)"|([A-Za-z_][\w-]*)')


def _locate_blocks(document: HclDocument) -> None:
    """Name the top-level block each error stands in, from the nearest header above it."""
    if not document.errors:
        return
    lines = document.file.text.split("\n")
    for error in document.errors:
        for number in range(min(error.range.start_line, len(lines)), 0, -1):
            match = _HEADER.match(lines[number - 1])
            if match:
                labels = tuple(a or b for a, b in _LABEL.findall(match.group(2)))
                error.block = (match.group(1), labels)
                break


def _body_node(root: Node) -> Node | None:
    return next((c for c in root.named_children if c.type == "body"), None)


def _parse_in_chunks(file: SourceFile, source: bytes, root: Node) -> HclDocument:
    lines = file.text.split("\n")
    body = Body()
    errors: list[SyntaxProblem] = []
    chunks = split_top_level(lines)
    reuse = _Reuse(file, source, root)
    for index, chunk in enumerate(chunks):
        clean = reuse.body(chunk)
        if clean is not None:
            _merge(body, clean)
            errors.extend(diagnose_structure(clean))
            continue
        text = "\n".join(lines[chunk.start : chunk.end])
        is_last = index == len(chunks) - 1
        if not is_last:
            text += "\n"
        source = text.encode("utf-8")
        root = parse_tree(source)
        builder = TreeBuilder(file, source, first_row=chunk.start)
        chunk_body = builder.body(_body_node(root))
        _merge(body, chunk_body)
        if root.has_error or builder.problems:
            error = diagnose_chunk(root, builder, lines, chunk.start, chunk.end, is_last)
            if error is not None:
                errors.append(error)
        else:
            errors.extend(diagnose_structure(chunk_body))
    errors.sort(key=lambda e: (e.range.start_line, e.range.start_column))
    return HclDocument(file, body, _dedupe(errors))


class _Reuse:
    """The chunks the whole file's tree already holds intact, built from that tree.

    A chunk whose text is only blocks and comments that parsed without error, none
    reaching outside the chunk, parses the same on its own: its tree need not be made again.
    """

    def __init__(self, file: SourceFile, source: bytes, root: Node) -> None:
        self.source = source
        self.builder = TreeBuilder(file, source)
        lengths = (len(line) + 1 for line in source.split(b"\n"))
        self.line_offsets = list(itertools.accumulate(lengths, initial=0))
        # siblings, so in order of their bytes; chunks come in order too: `_next` is the
        # first item not wholly before the chunks seen so far
        self.items: list[tuple[int, int, Node]] = []
        for child in root.children:
            nodes = child.children if child.type == "body" else [child]
            self.items.extend((n.start_byte, n.end_byte, n) for n in nodes)
        self._next = 0

    def body(self, chunk: Chunk) -> Body | None:
        """The chunk's body from the whole tree; None when the chunk must be parsed alone."""
        first, last = self.line_offsets[chunk.start], self.line_offsets[chunk.end]
        items = self.items
        while self._next < len(items) and _wholly_before(items[self._next], first):
            self._next += 1
        nodes: list[Node] = []
        for index in range(self._next, len(items)):
            start, end, node = items[index]
            if start >= last:
                break
            if start < first or end > last or not _intact(node):
                return None
            nodes.append(node)
        if not self._covered(nodes, first, last):
            return None
        problems = self.builder.problems
        count = len(problems)
        body = self.builder.body_of(nodes)
        if len(problems) > count:  # reported with the chunk's own tree by diagnose_chunk
            del problems[count:]
            return None
        return body

    def _covered(self, nodes: list[Node], first: int, last: int) -> bool:
        """Whether `nodes` hold all of bytes [first, last) but white space. After an error
        the whole file's tree can leave text out (an unclosed string makes the rest of the
        file an unclosed comment, say): that text, parsed alone, is blocks of its own."""
        at = first
        for node in nodes:
            if self.source[at : node.start_byte].strip():
                return False
            at = node.end_byte
        return not self.source[at:last].strip()


def _wholly_before(item: tuple[int, int, Node], offset: int) -> bool:
    start, end, _ = item
    return start < offset and end <= offset


def _intact(node: Node) -> bool:
    return node.type in ("block", "comment") and not node.has_error and not node.is_missing


def _merge(body: Body, chunk: Body) -> None:
    for name, attribute in chunk.attributes.items():
        if name in body.attributes:
            body.duplicates.append(attribute)
        else:
            body.attributes[name] = attribute
    body.blocks.extend(chunk.blocks)
    body.items.extend(chunk.items)


def split_top_level(lines: list[str]) -> list[Chunk]:
    """Chunks that each start at a top-level block header (column 0, outside heredocs)."""
    heredocs = any("<<" in line for line in lines)
    starts = scanned_header_lines(lines) if heredocs else header_lines(lines)
    ends = [*starts[1:], len(lines)]
    return [Chunk(s, e) for s, e in zip(starts, ends, strict=True)]


def header_lines(lines: list[str]) -> list[int]:
    """0 and the lines that look like a top-level block header: exact when no heredoc opens."""
    match = _TOP_LEVEL_HEADER.match
    return [0, *(n for n, line in enumerate(lines) if n > 0 and match(line))]


def scanned_header_lines(lines: list[str]) -> list[int]:
    """0 and the top-level block headers outside heredocs, found by scanning every line."""
    starts = [0]
    state = ScanState()
    for number, line in enumerate(lines):
        in_heredoc = state.heredoc is not None
        if number > 0 and not in_heredoc and _TOP_LEVEL_HEADER.match(line):
            starts.append(number)
            state = ScanState()
        scan_line(state, line, number + 1)
    return starts


def _dedupe(errors: list[SyntaxProblem]) -> list[SyntaxProblem]:
    seen: set[tuple[int, str]] = set()
    out: list[SyntaxProblem] = []
    for error in errors:
        key = (error.range.start_line, error.summary)
        if key not in seen:
            seen.add(key)
            out.append(error)
    return out

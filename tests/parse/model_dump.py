"""A canonical text dump of a parsed `HclDocument`: every node, its class, every field and
range, shared objects, the errors, and what the traversal helpers (`walk`, `walk_blocks`,
`attributes_deep`, `expressions`) and derived properties return.

Fields are read with `dataclasses.fields`, so a field added to an AST class is dumped
without touching this file. Two dumps are equal exactly when the parser built the same
model, which is what `scripts/hcl_equivalence.py` and `test_model_equivalence.py` check
when the parser is optimised.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from typing import Any

from tfjudge.parse.hcl.ast import Block, Expr, ForExpr, HclDocument, ObjectItem, Traversal
from tfjudge.source import Range, SourceFile


class _Dumper:
    def __init__(self, document: HclDocument) -> None:
        self.document = document
        self.ids: dict[int, int] = {}
        self.objects: list[Any] = []
        self.lines: list[str] = []

    def value(self, value: Any, depth: int) -> str:
        if isinstance(value, Range):
            return "R({!r},{},{},{},{})".format(*value)
        if isinstance(value, SourceFile):
            same = "document" if value is self.document.file else "OTHER"
            return f"File({value.path!r},{same})"
        if value is None or isinstance(value, str | int | float | bool):
            return f"{type(value).__name__}:{value!r}"
        if isinstance(value, tuple | list):
            kind = "tuple" if isinstance(value, tuple) else "list"
            return f"{kind}[" + ", ".join(self.value(v, depth) for v in value) + "]"
        if isinstance(value, dict):
            items = (f"{k!r}: {self.value(v, depth)}" for k, v in value.items())
            return "dict{" + ", ".join(items) + "}"
        if dataclasses.is_dataclass(value):
            return self.node(value, depth)
        raise TypeError(f"cannot dump {type(value).__name__}")

    def node(self, obj: Any, depth: int) -> str:
        key = id(obj)
        if key in self.ids:
            return f"@{self.ids[key]}"
        number = len(self.objects)
        self.ids[key] = number
        self.objects.append(obj)
        indent = "  " * depth
        self.lines.append(f"{indent}#{number} {type(obj).__name__}")
        for item in dataclasses.fields(obj):
            if item.name.startswith("_"):
                continue
            text = self.value(getattr(obj, item.name), depth + 1)
            self.lines.append(f"{indent}  .{item.name} = {text}")
        if isinstance(obj, Block):  # held weakly, so a property and not a field
            self.lines.append(f"{indent}  .parent = {self.value(obj.parent, depth + 1)}")
        return f"#{number}"

    def refs(self, objects: Any) -> str:
        return " ".join(self.node(o, 0) for o in objects)

    def derived(self) -> None:
        """What the helpers return, for every node dumped (in the order first seen)."""
        index = 0
        while index < len(self.objects):
            obj = self.objects[index]
            if isinstance(obj, Block):
                self.lines.append(f"#{index} header_line={obj.header_line}")
                self.lines.append(f"#{index} walk_blocks: {self.refs(obj.walk_blocks())}")
                self.lines.append(f"#{index} attributes_deep: {self.refs(obj.attributes_deep())}")
                self.lines.append(f"#{index} expressions: {self.refs(obj.expressions())}")
            if isinstance(obj, Expr):
                self.lines.append(f"#{index} walk: {self.refs(obj.walk())}")
                self.lines.append(f"#{index} children: {self.refs(obj.children())}")
            if isinstance(obj, Traversal):
                self.lines.append(f"#{index} attr_names={obj.attr_names!r}")
                self.lines.append(f"#{index} dotted={[obj.dotted(d) for d in range(1, 5)]!r}")
            if isinstance(obj, ObjectItem):
                self.lines.append(f"#{index} key_name={obj.key_name!r}")
            if isinstance(obj, ForExpr):
                self.lines.append(f"#{index} is_object={obj.is_object!r}")
            index += 1


def dump_document(document: HclDocument) -> str:
    dumper = _Dumper(document)
    dumper.lines.append(f"file {dumper.value(document.file, 0)}")
    dumper.node(document, 0)
    dumper.derived()
    return "\n".join(dumper.lines) + "\n"


def variants(text: str, seed: str) -> Iterator[tuple[str, str]]:
    """The text as it is and damaged so the error paths and the non-ASCII column code run:
    cut after two thirds and half of its lines and in the middle of its text, three
    characters deleted at random (seeded) places, a non-ASCII letter opening every quoted
    string that follows a space."""
    yield "as-is", text
    lines = text.split("\n")
    for share in (3, 2):
        cut = len(lines) * (share - 1) // share
        yield f"cut-{share - 1}/{share}", "\n".join(lines[:cut])
    half = len(text) // 2
    yield "cut-mid-text", text[:half]
    rng = random.Random(seed)
    damaged = text
    for _ in range(3):
        if damaged:
            at = rng.randrange(len(damaged))
            damaged = damaged[:at] + damaged[at + 1 :]
    yield "deleted-3", damaged
    yield "non-ascii", text.replace(' "', ' "é')

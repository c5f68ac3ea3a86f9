"""The smallest configuration of a type that its schema accepts, as HCL text.

Used by the data script (to make the provider speak its deprecation messages), by the
differential tests against `terraform validate`, and for fix snippets. Every required
attribute gets a value from `value` (by default `var.any`, a variable without a type
that terraform treats as unknown, so the provider's own value checks stay quiet), every
block with `min_items` is written with its own required content, recursively. `extra`
paths add optional attributes or blocks (`("root_block_device", "volume_size")`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tfjudge.records import record
from tfjudge.schema.model import AttributeSchema, BlockSchema

Path = tuple[str, ...]


@record(frozen=True)
class Line:
    """One line of a skeleton block, and the schema path it opens."""

    text: str
    path: Path | None = None  # the attribute or block this line opens, from the type's root


def unknown_value(attribute: AttributeSchema) -> str:
    return "var.any"


def skeleton(
    header: str,
    schema: BlockSchema,
    extra: Sequence[Path] = (),
    value: Callable[[AttributeSchema], str] = unknown_value,
) -> list[Line]:
    """`header { ...required content... }` as lines, each tagged with what it sets."""
    lines = [Line(f"{header} {{", ())]
    lines += _body(schema, (), [tuple(p) for p in extra], value, 1)
    lines.append(Line("}"))
    return lines


def render(lines: Sequence[Line]) -> str:
    return "".join(line.text + "\n" for line in lines)


def _body(
    schema: BlockSchema,
    prefix: Path,
    extra: list[Path],
    value: Callable[[AttributeSchema], str],
    depth: int,
) -> list[Line]:
    indent = "  " * depth
    wanted = {p[0] for p in extra if p}
    lines: list[Line] = []
    for name, attribute in schema.attributes.items():
        if attribute.required or (name in wanted and attribute.settable):
            lines.append(Line(f"{indent}{name} = {value(attribute)}", (*prefix, name)))
    for name, nested in schema.blocks.items():
        if nested.min_items == 0 and name not in wanted:
            continue
        inner = [p[1:] for p in extra if len(p) > 1 and p[0] == name]
        for _ in range(max(nested.min_items, 1)):
            label = ' "key"' if nested.nesting == "map" else ""
            lines.append(Line(f"{indent}{name}{label} {{", (*prefix, name)))
            lines += _body(nested.block, (*prefix, name), inner, value, depth + 1)
            lines.append(Line(f"{indent}}}"))
    return lines


def placeholder(kind: object) -> str:
    """A literal HCL value of a cty type (`"x"`, `1`, `true`, `["x"]`, `{ k = "x" }`)."""
    if kind == "string":
        return '"x"'
    if kind == "number":
        return "1"
    if kind == "bool":
        return "true"
    if isinstance(kind, list) and kind[0] in ("list", "set"):
        return f"[{placeholder(kind[1])}]"
    if isinstance(kind, list) and kind[0] == "map":
        return f"{{ k = {placeholder(kind[1])} }}"
    if isinstance(kind, list) and kind[0] == "object":
        members = ", ".join(f"{n} = {placeholder(t)}" for n, t in kind[1].items())
        return f"{{ {members} }}"
    return "null"


def literal_value(attribute: AttributeSchema) -> str:
    return placeholder(attribute.type)

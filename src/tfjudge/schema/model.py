"""The typed view of one resource, data source or provider configuration schema.

The compact form stored on disk (see `scripts/make_aws_schema.py`) is, per block:
``{"a": {name: [flags, type, deprecation?]}, "b": {name: [nesting, min, max, block]},
"d": deprecation}``, where a nested `block` may be an integer: the index of a large block
stored once in the pack's shared table (the WAF rule statements repeat one tree hundreds
of times), and `"?": 1` marks a block whose content the source did not describe (checks
accept anything inside it). Flags holds `r` required, `o` optional, `c` computed, `s`
sensitive, `w` write-only and `d` deprecated; `type` is the cty type as terraform prints
it (`"string"`, `["list", "string"]`, `["object", {...}]`); a deprecation is the
provider's message, or "" when the provider gives none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from tfjudge.records import record

CtyType: TypeAlias = Any  # "string" | ["list", CtyType] | ["object", {name: CtyType}] | ...


@record(frozen=True, slots=True)
class AttributeSchema:
    """One argument or attribute of a provider schema block."""

    name: str
    type: CtyType
    required: bool = False
    optional: bool = False
    computed: bool = False
    sensitive: bool = False
    write_only: bool = False
    deprecated: bool = False
    deprecation: str = ""

    @property
    def settable(self) -> bool:
        """Whether configuration may set it (computed-only attributes are read-only)."""
        return self.required or self.optional

    @property
    def object_collection(self) -> CtyType | None:
        """The object type when this is a list or set of objects (writable as blocks)."""
        if isinstance(self.type, list) and self.type[0] in ("list", "set"):
            element = self.type[1]
            if isinstance(element, list) and element[0] == "object":
                return element
        return None


Resolve: TypeAlias = Callable[[int], dict[str, Any]]


class NestedBlockSchema:
    """A nested block type; its own schema is decoded (or read from the pack) on first use."""

    __slots__ = ("_block", "_raw", "_resolve", "max_items", "min_items", "name", "nesting")

    def __init__(
        self,
        name: str,
        nesting: str,  # "list", "set", "single", "map", "group"
        min_items: int,
        max_items: int,  # 0: no limit
        raw: dict[str, Any] | int | BlockSchema,
        resolve: Resolve | None = None,
    ) -> None:
        self.name, self.nesting = name, nesting
        self.min_items, self.max_items = min_items, max_items
        self._raw, self._resolve = raw, resolve
        self._block: BlockSchema | None = raw if isinstance(raw, BlockSchema) else None

    @property
    def block(self) -> BlockSchema:
        if self._block is None:
            raw = self._raw
            if isinstance(raw, int):  # a large block, stored once in the pack's shared table
                assert self._resolve is not None, "a shared block needs its pack"
                raw = self._resolve(raw)
            assert isinstance(raw, dict)
            self._block = BlockSchema(raw, self._resolve)
        return self._block


class BlockSchema:
    """A block's schema: its attributes and nested block types, decoded on first access."""

    __slots__ = ("_as_blocks", "_attributes", "_blocks", "_data", "_required", "_resolve")

    def __init__(self, data: dict[str, Any] | None = None, resolve: Resolve | None = None) -> None:
        self._data = data or {}
        self._resolve = resolve
        self._attributes: dict[str, AttributeSchema] | None = None
        self._blocks: dict[str, NestedBlockSchema] | None = None
        # the required attributes and nested blocks (min_items > 0), listed on first use
        self._required: tuple[list[AttributeSchema], list[NestedBlockSchema]] | None = None
        # `attribute_block`'s answers, by attribute name
        self._as_blocks: dict[str, BlockSchema | None] = {}

    @classmethod
    def of(cls, attributes: dict[str, AttributeSchema]) -> BlockSchema:
        schema = cls()
        schema._attributes, schema._blocks = attributes, {}
        return schema

    @property
    def attributes(self) -> dict[str, AttributeSchema]:
        if self._attributes is None:
            self._attributes = {
                name: decode_attribute(name, entry)
                for name, entry in self._data.get("a", {}).items()
            }
        return self._attributes

    @property
    def blocks(self) -> dict[str, NestedBlockSchema]:
        if self._blocks is None:
            self._blocks = {
                name: NestedBlockSchema(name, nesting, low, high, inner, self._resolve)
                for name, (nesting, low, high, inner) in self._data.get("b", {}).items()
            }
        return self._blocks

    @property
    def open(self) -> bool:
        """Whether the content is unknown (a block the source could not describe): any goes."""
        return "?" in self._data

    @property
    def deprecated(self) -> bool:
        return "d" in self._data

    @property
    def deprecation(self) -> str:
        message: str = self._data.get("d") or ""
        return message

    def attribute_block(self, name: str) -> BlockSchema | None:
        """The block view of `name` when it is a settable list or set of objects, which
        terraform lets a configuration write as blocks; None for any other name. Made once
        per schema: answers write `ingress { ... }` again and again."""
        if name not in self._as_blocks:
            attribute = self.attributes.get(name)
            collection = attribute.object_collection if attribute and attribute.settable else None
            self._as_blocks[name] = object_as_block(collection) if collection else None
        return self._as_blocks[name]

    def names(self) -> list[str]:
        return [*self.attributes, *self.blocks]

    def required_attributes(self) -> list[AttributeSchema]:
        return self._required_members()[0]

    def required_blocks(self) -> list[NestedBlockSchema]:
        """The nested block types of which at least one block must be written."""
        return self._required_members()[1]

    def _required_members(self) -> tuple[list[AttributeSchema], list[NestedBlockSchema]]:
        if self._required is None:  # a schema is decoded once a run, and checked often
            self._required = (
                [a for a in self.attributes.values() if a.required],
                [b for b in self.blocks.values() if b.min_items > 0],
            )
        return self._required


def decode_block(data: dict[str, Any], resolve: Resolve | None = None) -> BlockSchema:
    """The model of one block from its compact form (`resolve` reads shared blocks)."""
    return BlockSchema(data, resolve)


def decode_attribute(name: str, entry: list[Any]) -> AttributeSchema:
    flags, kind = entry[0], entry[1]
    return AttributeSchema(
        name=name,
        type=kind,
        required="r" in flags,
        optional="o" in flags,
        computed="c" in flags,
        sensitive="s" in flags,
        write_only="w" in flags,
        deprecated="d" in flags,
        deprecation=entry[2] if len(entry) > 2 else "",
    )


def object_as_block(object_type: CtyType) -> BlockSchema:
    """The block view of an object type, for a list-of-objects attribute written as blocks.

    Terraform accepts `ingress { ... }` for an attribute of type list or set of objects
    (its "attributes as blocks" mode); every attribute of the object is then optional.
    """
    return BlockSchema.of(
        {name: AttributeSchema(name, kind, optional=True) for name, kind in object_type[1].items()}
    )

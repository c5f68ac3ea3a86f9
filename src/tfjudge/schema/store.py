"""The shipped schema data: one folder per provider version, read lazily.

`data/schema/<provider>/<version>/` holds `index.json` (every type's offset and length
in the pack, and those of the shared blocks), `types.pack` (each type's compact schema,
zlib-compressed, one after the other, then the large nested blocks that types share), and
`meta.json` (the source, version and command that made it). Opening a version
reads only the index; a type's schema is read and decoded the first time it is asked
for, and kept for the life of the process (a batch run analyses many answers).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from dataclasses import field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from tfjudge import shipped
from tfjudge.records import record
from tfjudge.schema.model import BlockSchema, decode_block

DATA = shipped.DATA / "schema"
RESOURCE, DATA_SOURCE, PROVIDER = "resource", "data", "provider"


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


@record(eq=False)
class SchemaVersion:
    """One provider version's schema: its type names, and each type's schema on demand."""

    provider: str  # "aws"
    version: str  # "5.100.0"
    folder: Path
    _index: dict[str, Any] | None = None
    _decoded: dict[tuple[str, str], BlockSchema | None] = field(default_factory=dict)
    _deprecated: dict[tuple[str, str], frozenset[tuple[str, ...]]] = field(default_factory=dict)

    @property
    def index(self) -> dict[str, Any]:
        if self._index is None:
            self._index = shipped.load_json(self.folder / "index.json")
        return self._index

    @property
    def has_deprecations(self) -> bool:
        """Whether the source carried deprecations (the npm package does not)."""
        return bool(self.index.get("deprecations", True))

    @cached_property
    def has_sensitivity(self) -> bool:
        """Whether the source marked sensitive attributes (the npm package does not)."""
        return "sensitivity" not in str(self.meta().get("not_in_source", ""))

    def deprecated_paths(self, kind: str, name: str) -> frozenset[tuple[str, ...]]:
        """What is deprecated in a type: () for the type, ("a", "b") for a.b (from the index)."""
        key = (kind, name)
        if key not in self._deprecated:
            paths = self.index.get("deprecated", {}).get(kind, {}).get(name, [])
            self._deprecated[key] = frozenset(tuple(path) for path in paths)
        return self._deprecated[key]

    @property
    def major(self) -> int:
        return version_key(self.version)[0]

    def meta(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads((self.folder / "meta.json").read_text("utf-8"))
        return loaded

    @cached_property
    def _accepted(self) -> dict[str, dict[str, list[str]]]:
        path = self.folder / "values.json"
        if not path.exists():
            return {}
        types: dict[str, dict[str, list[str]]] = shipped.load_json(path)["types"]
        return types

    @property
    def has_value_lists(self) -> bool:
        """Whether this version's data holds the provider's lists of accepted values."""
        return bool(self._accepted)

    def accepted_values(self, resource_type: str, argument: str) -> frozenset[str] | None:
        """The values the provider's own validation accepts for an argument whose values AWS
        enumerates (scripts/make_provider_values.py); None where it checks none, or where
        this version's data has no such list (the npm-derived schemas)."""
        values = self._accepted.get(resource_type, {}).get(argument)
        return frozenset(values) if values is not None else None

    def type_names(self, kind: str) -> list[str]:
        """Every resource (`kind="resource"`) or data source (`"data"`) type name."""
        return list(self.index[kind])

    def has_type(self, kind: str, name: str) -> bool:
        return name in self.index[kind]

    def resource(self, name: str) -> BlockSchema | None:
        return self.schema(RESOURCE, name)

    def data_source(self, name: str) -> BlockSchema | None:
        return self.schema(DATA_SOURCE, name)

    def provider_config(self) -> BlockSchema:
        schema = self.schema(PROVIDER, "")
        assert schema is not None, "the provider configuration schema is always shipped"
        return schema

    def schema(self, kind: str, name: str) -> BlockSchema | None:
        key = (kind, name)
        if key not in self._decoded:
            self._decoded[key] = self._load(kind, name)
        return self._decoded[key]

    def _load(self, kind: str, name: str) -> BlockSchema | None:
        where = self.index[kind] if kind == PROVIDER else self.index[kind].get(name)
        if where is None:
            return None
        return decode_block(self._read(where), self._shared)

    def _shared(self, number: int) -> dict[str, Any]:
        """A large nested block stored once in the pack (read each time it is decoded)."""
        return self._read(self.index["shared"][number])

    def _read(self, where: list[int]) -> dict[str, Any]:
        offset, length = where
        with (self.folder / "types.pack").open("rb") as pack:
            pack.seek(offset)
            compact: dict[str, Any] = json.loads(zlib.decompress(pack.read(length)))
        return compact


@cache
def known_versions(provider: str = "aws") -> tuple[SchemaVersion, ...]:
    """The versions shipped for `provider`, oldest first."""
    root = DATA / provider
    if not root.is_dir():
        return ()
    folders = [p for p in root.iterdir() if (p / "index.json").is_file()]
    ordered = sorted(folders, key=lambda p: version_key(p.name))
    return tuple(SchemaVersion(provider, p.name, p) for p in ordered)


def newest_carrying(carries: Callable[[SchemaVersion], bool]) -> SchemaVersion | None:
    """The newest shipped AWS schema whose source carried what `carries` asks for
    (deprecations, sensitive marks): where a schema from the npm package borrows it."""
    return next((v for v in reversed(known_versions("aws")) if carries(v)), None)


def newest(provider: str = "aws") -> SchemaVersion:
    versions = known_versions(provider)
    if not versions:
        raise LookupError(f"no schema data shipped for provider {provider}")
    return versions[-1]


def get_version(version: str, provider: str = "aws") -> SchemaVersion:
    for candidate in known_versions(provider):
        if candidate.version == version:
            return candidate
    raise LookupError(f"no schema data for {provider} {version}")

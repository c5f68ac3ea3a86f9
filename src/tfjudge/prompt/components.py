"""The reviewed synonym table: what prompts call a component -> the resource types that build it.

The table is data (`tfjudge/data/prompt/components.toml`), read once; each entry's
expressions are compiled case-insensitively.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from tfjudge.shipped import data_text


class Component(NamedTuple):
    """One entry of the synonym table: how prompts name it and the resource types that build it."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    types: tuple[str, ...]
    context: re.Pattern[str] | None = None
    exclude: tuple[re.Pattern[str], ...] = ()
    canonical: tuple[tuple[str, str], ...] = ()
    attributes: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    variables: tuple[str, ...] = ()
    account_singleton: bool = False
    only_with: tuple[str, ...] = ()

    @property
    def address(self) -> str:
        """The type a finding about this component names when nothing refines it."""
        return self.types[0]

    def mentions(self, sentence: str) -> list[re.Match[str]]:
        """The places where `sentence` names this component (exclusions removed)."""
        if self.context is not None and not self.context.search(sentence):
            return []
        excluded = [m.span() for pattern in self.exclude for m in pattern.finditer(sentence)]
        found: list[re.Match[str]] = []
        for pattern in self.patterns:
            for match in pattern.finditer(sentence):
                start, end = match.span()
                if any(a <= start < b or a < end <= b for a, b in excluded):
                    continue
                found.append(match)
        return sorted(found, key=lambda m: m.start())


def _compile(expression: str) -> re.Pattern[str]:
    return re.compile(expression, re.IGNORECASE)


@cache
def component_table() -> tuple[Component, ...]:
    import tomllib  # only a prompt needs the table: keep the parser out of every start-up

    text = data_text("prompt/components.toml")
    entries = tomllib.loads(text)["component"]
    return tuple(
        Component(
            name=entry["name"],
            patterns=tuple(_compile(p) for p in entry["patterns"]),
            types=tuple(entry["types"]),
            context=_compile(entry["context"]) if "context" in entry else None,
            exclude=tuple(_compile(p) for p in entry.get("exclude", ())),
            canonical=tuple(sorted(entry.get("canonical", {}).items())),
            attributes=tuple(entry.get("attributes", ())),
            modules=tuple(entry.get("modules", ())),
            variables=tuple(entry.get("variables", ())),
            account_singleton=bool(entry.get("account_singleton", False)),
            only_with=tuple(entry.get("only_with", ())),
        )
        for entry in entries
    )

"""The variables the template files of an answer use, as `templatefile()` renders them.

`ctx.get(TemplateNames).used(file)` maps each name a template reads (`name` in
`${name}`, `%{ if enabled }`) to the first place it does, leaving out the names its own
`%{ for }` directives bind; None when the file does not parse as a template (the syntax
rules judge that).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from tfjudge.evaluate.references import scoped_traversals
from tfjudge.facts import fact
from tfjudge.parse.hcl.parser import parse_template
from tfjudge.source import SourceFile

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext

# parse_template wraps the text in a heredoc: its first line is the template's line 1 + 1
_WRAPPER_LINES = 1


class Place(NamedTuple):
    line: int
    column: int
    end_column: int


class TemplateNames:
    """The names each template file reads (parsed once per file)."""

    def __init__(self) -> None:
        self._used: dict[str, dict[str, Place] | None] = {}

    def used(self, file: SourceFile) -> dict[str, Place] | None:
        if file.path not in self._used:
            self._used[file.path] = _names(file.text)
        return self._used[file.path]


def _names(text: str) -> dict[str, Place] | None:
    template = parse_template(text)
    if template is None:
        return None
    found: dict[str, Place] = {}
    for traversal, bound in scoped_traversals(template, frozenset()):
        if traversal.root in bound or traversal.root in found:
            continue
        where = traversal.range
        line = where.start_line - _WRAPPER_LINES
        column = where.start_column
        found[traversal.root] = Place(line, column, column + len(traversal.root))
    return found


@fact(TemplateNames)
def _template_names(ctx: RuleContext) -> TemplateNames:
    return TemplateNames()

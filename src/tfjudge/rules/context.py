"""What a rule sees: the response, its files, the parsed model, and derived facts.

Derived facts (see `tfjudge.facts`) are built on first use and shared by every rule.
"""

from __future__ import annotations

from dataclasses import field
from functools import cached_property
from typing import Any, TypeVar

from tfjudge.facts import FACTORIES
from tfjudge.findings import Finding, Severity
from tfjudge.model.config import Configuration, block_address, top_level_block
from tfjudge.parse.hcl.ast import Attribute, Block, Expr, HclDocument
from tfjudge.records import record
from tfjudge.response.loader import Response
from tfjudge.rules.registry import Rule
from tfjudge.source import Range, SourceFile

T = TypeVar("T")


Location = Block | Attribute | Expr | Range | SourceFile | None

_UNBUILT: Any = object()  # a fact not built yet (a fact may be any object, None too)


@record(eq=False)
class RuleContext:
    """One analysis as the rules see it; the running rule is set before each check."""

    response: Response
    documents: list[HclDocument]
    configuration: Configuration
    prompt: Any = None
    ideal: Any = None
    options: dict[str, Any] = field(default_factory=dict)
    rule: Rule | None = None
    _facts: dict[type[Any], Any] = field(default_factory=dict)

    def get(self, kind: type[T]) -> T:
        # one dict read and no typing.cast call (a Python function): rules ask ~200 times
        # an answer, nearly always for a fact already built
        known: T = self._facts.get(kind, _UNBUILT)
        if known is _UNBUILT:
            known = self._facts[kind] = self._build(kind)
        return known

    def _build(self, kind: type[T]) -> T:
        factory = FACTORIES.get(kind)
        if factory is None:
            raise KeyError(f"no factory registered for {kind.__name__}")
        built: T = factory(self)
        return built

    @cached_property
    def files_by_path(self) -> dict[str, SourceFile]:
        return {f.path: f for f in self.response.files}

    def finding(
        self,
        message: str,
        at: Location = None,
        *,
        address: str | None = None,
        block: Block | None = None,
        attribute: str | None = None,
        title: str | None = None,
        severity: Severity | None = None,
        fix: str | None = None,
        fix_code: str | None = None,
        impact: str | None = None,
        root_cause: str | None = None,
        related: list[str] | None = None,
        response_line: int | None = None,
    ) -> Finding:
        """A finding of the running rule at `at`, with positions in the file and response.

        The address is the top-level block of `block` (or of `at`, when it is a block)
        unless given. A finding about the response as a whole has no `at`, only a
        `response_line`.
        """
        current = self.rule
        if current is None:
            raise RuntimeError("finding() called outside a rule")
        span = _range_of(at)
        file = self.files_by_path.get(span.file) if span else None
        if isinstance(at, SourceFile):
            file = at
        owner = block or (at if isinstance(at, Block) else None)
        if address is None and owner is not None:
            address = block_address(top_level_block(owner))
        return Finding(
            rule=current.id,
            severity=severity or current.severity,
            category=current.category,
            title=title or current.title,
            message=message,
            file=file.path if file else (span.file if span else None),
            line=span.start_line if span else None,
            end_line=span.end_line if span else None,
            response_line=(file.response_line(span.start_line) if file and span else response_line),
            address=address,
            attribute=attribute,
            impact=impact or current.impact or None,
            root_cause=root_cause,
            fix=fix or current.fix or None,
            fix_code=fix_code,
            column=span.start_column if span else None,
            end_column=span.end_column if span else None,
            related=related or [],
        )


def _range_of(at: Location) -> Range | None:
    if at is None:
        return None
    if isinstance(at, Range):
        return at
    if isinstance(at, SourceFile):
        last = max(at.line_count, 1)
        return Range(at.path, 1, 1, last, 1)
    return at.range

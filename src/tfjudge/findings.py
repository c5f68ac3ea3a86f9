"""Findings: what a rule reports, in the shape of the JSON contract."""

from __future__ import annotations

import operator
from dataclasses import field, fields
from enum import Enum, StrEnum
from typing import Any

from tfjudge.records import record


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for critical, 3 for low: sorts the most severe first."""
        return _SEVERITY_ORDER.index(self)

    def at_least(self, other: Severity) -> bool:
        return self.rank <= other.rank


_SEVERITY_ORDER = [Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW]
SEVERITIES: tuple[Severity, ...] = tuple(_SEVERITY_ORDER)


class Category(StrEnum):
    FORMAT = "format"
    DEPLOYMENT_BLOCKER = "deployment-blocker"
    SECURITY = "security"
    RELIABILITY = "reliability"
    COST = "cost"
    OBSERVABILITY = "observability"
    MAINTAINABILITY = "maintainability"
    REQUIREMENTS = "requirements"


@record(slots=True)
class Finding:
    """One problem in an answer. Field names and order follow SPEC.md's JSON contract."""

    rule: str
    severity: Severity
    category: Category
    title: str
    message: str
    file: str | None = None
    line: int | None = None
    end_line: int | None = None
    response_line: int | None = None
    address: str | None = None
    attribute: str | None = None
    impact: str | None = None
    root_cause: str | None = None
    fix: str | None = None
    fix_code: str | None = None
    ideal_code: str | None = None
    column: int | None = None
    end_column: int | None = None
    related: list[str] = field(default_factory=list)
    prompt_line: int | None = None  # the prompt line a requirement finding rests on
    prompt_quote: str | None = None  # that requirement, quoted from the prompt

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.severity.rank,
            self.file or "",
            self.line or 0,
            self.column or 0,
            self.rule,
            self.address or "",
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON-contract form: enums as strings, empty optional fields dropped."""
        # one comprehension over the values, then the few fields that may hold an empty list
        # or an enum: testing every field for both cost 46,000 instructions a finding, 25,000
        pairs = zip(_FINDING_FIELDS, _field_values(self), strict=True)
        out = {name: value for name, value in pairs if value is not None}
        for name in _LIST_FIELDS:
            if out.get(name) == []:
                del out[name]
        for name in _ENUM_FIELDS:
            value = out.get(name)
            if isinstance(value, Enum):
                out[name] = value._value_  # `.value` is a Python-level descriptor
        return out


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))  # in the contract's order
_field_values = operator.attrgetter(*_FINDING_FIELDS)
# derived from the fields, so a field added later is handled as before: an empty list
# dropped as None is, an Enum written as its value
_LIST_FIELDS = tuple(f.name for f in fields(Finding) if f.default_factory is list)
_ENUM_FIELDS = tuple(
    f.name
    for f in fields(Finding)
    if isinstance(kind := globals().get(str(f.type)), type) and issubclass(kind, Enum)
)

"""Which AWS provider schema an answer meets: its version constraints, resolved as
`terraform init` resolves them against the versions tfjudge knows.

Constraints come from every `required_providers` entry for hashicorp/aws (root and child
modules, `aws = "~> 5.0"` or `aws = { source = ..., version = ... }`) and from the legacy
`version` argument of `provider "aws"` blocks, in the modules one `terraform init` at the
top reads (an example directory no one calls has its own), and from the roots'
`.terraform.lock.hcl` files, whose locked release init installs (judged by the schema of
its major line). All must hold at once; the newest known version that satisfies them is
chosen, as `terraform init` chooses the newest release. Nothing pinned means the newest
known. When no known version satisfies them, one stands in, and findings that depend on
it are notes at medium: the known version of the major line the constraints admit
(`~> 6.12.0`: 6.66.0), the major line several roots' pins all admit (`~> 5.31.0` and
`~> 5.46.0`: 5.100.0) or else the newest when they pin different majors, else the nearest
(`~> 4.0`: 5.100.0). `--provider-version 5|6` overrides.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import field
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

from tfjudge.model.config import Configuration, Module
from tfjudge.parse.hcl import parse_hcl
from tfjudge.parse.hcl.ast import Attribute, Block, Literal, ObjectExpr
from tfjudge.patterns import lazy_pattern
from tfjudge.records import record
from tfjudge.schema.store import SchemaVersion, known_versions, version_key
from tfjudge.source import SourceFile

Version = tuple[int, int, int]
_CLAUSE = lazy_pattern(r"^\s*(?P<op>~>|>=|<=|!=|=|>|<)?\s*v?(?P<version>\d+(?:\.\d+){0,2})\S*\s*$")


class Clause(NamedTuple):
    """One clause of a version constraint: `~> 5.0`, `>= 4.2.1`."""

    op: str
    version: Version
    parts: int  # how many parts were written (`~> 5.0` has 2)

    def allows(self, candidate: Version) -> bool:
        if self.op == "~>":
            upper = (
                (self.version[0] + 1, 0, 0)
                if self.parts <= 2
                else (self.version[0], self.version[1] + 1, 0)
            )
            return self.version <= candidate < upper
        return {
            "=": candidate == self.version,
            "!=": candidate != self.version,
            ">": candidate > self.version,
            ">=": candidate >= self.version,
            "<": candidate < self.version,
            "<=": candidate <= self.version,
        }[self.op]


def parse_constraint(text: str) -> list[Clause] | None:
    """`">= 5.0, < 6.0"` as clauses; None when it does not parse."""
    clauses = []
    for part in text.split(","):
        if not part.strip():
            continue
        match = _CLAUSE.match(part)
        if match is None:
            return None
        numbers = [int(n) for n in match.group("version").split(".")]
        padded = [*numbers, 0, 0][:3]
        clauses.append(
            Clause(match.group("op") or "=", (padded[0], padded[1], padded[2]), len(numbers))
        )
    return clauses


def _as_version(text: str) -> Version:
    parts = [*version_key(text), 0, 0][:3]
    return (parts[0], parts[1], parts[2])


class Pin(NamedTuple):
    """One version constraint of the answer and where it is written."""

    text: str
    attribute: Attribute  # the `version = "..."` (or `aws = "..."`) attribute
    block: Block  # the top-level block it is written in


@record
class SchemaChoice:
    """The schema an answer is judged against, and why."""

    schema: SchemaVersion
    pins: list[Pin] = field(default_factory=list)
    reason: str = ""
    overridden: bool = False
    # the constraints admit only releases older than every schema tfjudge has (`~> 3.38`)
    pins_older: bool = False
    # no schema tfjudge has satisfies the constraints, but one of a major line they admit
    # (`~> 6.12.0`) or of a root among several with their own pins stands in for it
    stand_in: bool = False
    # the hashicorp/aws releases the roots' .terraform.lock.hcl files hold
    locked: tuple[str, ...] = ()

    @property
    def constraint(self) -> str | None:
        return ", ".join(p.text for p in self.pins) or None

    def allowed_majors(self) -> set[int]:
        """The major versions (of those tfjudge knows) that the constraints admit."""
        return set(_admitted_majors(self.schema.provider, _texts(self.pins)))

    @cached_property
    def pinned_major(self) -> int | None:
        """The one major version the answer pins, if its constraints admit exactly one."""
        if not self.pins:
            return None
        majors = self.allowed_majors()
        return next(iter(majors)) if len(majors) == 1 else None

    def summary(self) -> dict[str, Any]:
        return {
            "provider": "hashicorp/aws",
            "version": self.schema.version,
            "constraint": self.constraint,
            "reason": self.reason,
        }

    def describe_pin(self) -> str:
        """`pins ~> 5.0` or `does not pin hashicorp/aws`, for messages."""
        if self.overridden:
            return f"is judged with --provider-version {self.schema.major}"
        if self.locked:
            pinned = f"pins hashicorp/aws {self.constraint} and " if self.constraint else ""
            return f"{pinned}locks it at {', '.join(self.locked)} (.terraform.lock.hcl)"
        if self.constraint:
            return f"pins hashicorp/aws {self.constraint}"
        return (
            "does not pin hashicorp/aws, so terraform init installs the newest release "
            f"(judged against {self.schema.version})"
        )


@lru_cache(maxsize=256)
def _admitted_majors(provider: str, constraints: tuple[str, ...]) -> frozenset[int]:
    """Remembered by constraint text: a dataset's answers repeat a handful of pins
    (`~> 5.0`), and probing 400 versions a major line costs ~1 % of an analysis."""
    clauses = [c for text in constraints for c in parse_constraint(text) or []]
    majors = {v.major for v in known_versions(provider)}
    return frozenset(m for m in majors if any(all(c.allows(v) for c in clauses) for v in _probe(m)))


def _probe(major: int) -> list[Version]:
    """Versions standing for a major line when testing what a constraint admits."""
    return [(major, minor, patch) for minor in range(0, 200) for patch in (0, 1)]


def find_pins(configuration: Configuration) -> list[Pin]:
    """Every version constraint on hashicorp/aws in the modules one `terraform init` at the
    top reads: the top module and the modules it calls. A directory no one calls (an
    example, another root of a repository) is a root of its own with its own init."""
    pins: list[Pin] = []
    for module in _initialised_together(configuration):
        for terraform in module.terraform_blocks:
            for block in terraform.body.blocks_of("required_providers"):
                for name, attribute in block.body.attributes.items():
                    pin = _required_pin(name, attribute, terraform)
                    if pin is not None:
                        pins.append(pin)
        for provider in module.providers:
            if provider.labels[:1] == ("aws",):
                version = provider.body.attributes.get("version")
                if version and isinstance(version.expr, Literal):
                    pins.append(Pin(str(version.expr.value), version, provider))
    # an empty constraint allows any version, as no constraint does
    return [pin for pin in pins if pin.text.strip()]


def locked_versions(configuration: Configuration, lock_files: Sequence[SourceFile]) -> list[str]:
    """The hashicorp/aws releases the lock files of the roots one `terraform init` at the
    top reads hold: init installs the locked release while it meets the constraints."""
    if not lock_files:  # what almost every answer has: no module walk for nothing
        return []
    from tfjudge.schema.provider import AWS_SOURCE, normalise_source

    roots = {m.directory for m in _initialised_together(configuration) if not m.callers}
    found: list[str] = []
    for lock in lock_files:
        if posixpath.dirname(lock.path) not in roots:
            continue
        for block in parse_hcl(lock).body.blocks:
            if block.type != "provider" or not block.labels:
                continue
            version = block.body.get("version")
            if normalise_source(block.labels[0]) == AWS_SOURCE and isinstance(version, Literal):
                found.append(str(version.value))
    return found


def _initialised_together(configuration: Configuration) -> list[Module]:
    """The top module and every module it calls, transitively; every module when the top
    holds no configuration (each root then stands for itself, and all are judged)."""
    top = configuration.root
    if not top.documents:
        return list(configuration.modules.values())
    found, stack = [top], [top]
    while stack:
        for block in stack.pop().blocks:
            callee = configuration.callee(block) if block.type == "module" else None
            if callee is not None and all(callee is not m for m in found):
                found.append(callee)
                stack.append(callee)
    return found


def _required_pin(name: str, attribute: Attribute, block: Block) -> Pin | None:
    from tfjudge.schema.provider import AWS_SOURCE, normalise_source

    expr = attribute.expr
    if isinstance(expr, Literal) and isinstance(expr.value, str):  # aws = "~> 5.0"
        return Pin(expr.value, attribute, block) if name == "aws" else None
    if not isinstance(expr, ObjectExpr):
        return None
    source = expr.get("source")
    source_text = source.value if isinstance(source, Literal) else name
    if normalise_source(str(source_text)) != AWS_SOURCE:
        return None
    version = expr.get("version")
    if isinstance(version, Literal) and isinstance(version.value, str):
        return Pin(
            version.value, Attribute("version", version, version.range, version.range), block
        )
    return None


def select_schema(
    configuration: Configuration,
    override: str | None = None,
    lock_files: Sequence[SourceFile] = (),
) -> SchemaChoice:
    """The schema `terraform init` would give this answer (or the one asked for)."""
    versions = list(known_versions("aws"))
    if not versions:
        raise LookupError("no AWS schema data shipped")
    pins = find_pins(configuration)
    if override:
        wanted = [v for v in versions if v.version == override or str(v.major) == override]
        if not wanted:
            known = ", ".join(v.version for v in versions)
            raise ValueError(f"no schema for provider version {override} (known: {known})")
        return SchemaChoice(wanted[-1], pins, f"--provider-version {override}", overridden=True)
    locked = locked_versions(configuration, lock_files)
    choice = _choose(configuration, versions, pins, locked)
    choice.locked = tuple(locked)
    return choice


def _choose(
    configuration: Configuration, versions: list[SchemaVersion], pins: list[Pin], locked: list[str]
) -> SchemaChoice:
    newest = versions[-1]
    if not pins and not locked:
        return SchemaChoice(newest, pins, "not pinned: terraform init installs the newest")
    # a locked release is judged by the schema of its major line (none: the nearest)
    lock_texts = [f"~> {v[0]}.{v[1]}" for v in map(_as_version, locked)]
    clauses = [c for text in [*_texts(pins), *lock_texts] for c in parse_constraint(text) or []]
    shown = [*(p.text for p in pins), *(f"{v} (.terraform.lock.hcl)" for v in locked)]
    text = ", ".join(dict.fromkeys(shown))  # each pin once, in order
    unreadable = [p.text for p in pins if parse_constraint(p.text) is None]
    if len(unreadable) == len(pins) and not locked:
        reason = (
            f"{text} is not a version constraint (terraform init rejects it): "
            "judged against the newest"
        )
        return SchemaChoice(newest, pins, reason)
    fitting = [v for v in versions if all(c.allows(_as_version(v.version)) for c in clauses)]
    if fitting:
        reason = f"the newest known version allowed by {text}"
        if unreadable:
            reason += f" ({', '.join(unreadable)}: not a version constraint, ignored)"
        return SchemaChoice(fitting[-1], pins, reason)
    admitted = _admitted_majors("aws", (*_texts(pins), *lock_texts))
    same_major = [v for v in versions if v.major in admitted]
    if same_major:
        reason = (
            f"no known version satisfies {text}: judged against {same_major[-1].version}, "
            "of the major version it admits"
        )
        return SchemaChoice(same_major[-1], pins, reason, stand_in=True)
    if _several_roots(configuration) and not _satisfiable(clauses):
        shared = set.intersection(
            *(set(_admitted_majors("aws", (t,))) for t in [*_texts(pins), *lock_texts])
        )
        line = [v for v in versions if v.major in shared] or [newest]
        reason = (
            f"the roots of this directory pin {text}, which no one version satisfies: "
            f"judged against {line[-1].version}"
            + (", of the major version they all admit" if shared else "")
        )
        return SchemaChoice(line[-1], pins, reason, stand_in=True)
    lower = [c for c in clauses if c.op in (">", ">=", "~>")]
    above_all = lower and all(c.version > _as_version(newest.version) for c in lower)
    nearest = newest if above_all else versions[0]
    reason = f"no known version satisfies {text}: judged against the nearest, {nearest.version}"
    older = not above_all and _older_release_fits(clauses, _as_version(versions[0].version))
    return SchemaChoice(nearest, pins, reason, pins_older=older)


def _texts(pins: list[Pin]) -> tuple[str, ...]:
    return tuple(p.text for p in pins)


def _several_roots(configuration: Configuration) -> bool:
    """Whether the pins come from several roots, each with its own `terraform init`."""
    return not configuration.root.documents and len(configuration.modules) > 1


def _satisfiable(clauses: list[Clause]) -> bool:
    """Whether some release may satisfy every clause at once (roots pinning `~> 3.6` and
    `~> 3.6` agree; `~> 4.0` and `>= 5.0` do not). Tried: each clause's own version and
    the last release of its major and of the major before."""
    return any(all(c.allows(v) for c in clauses) for v in _candidates(clauses))


def _candidates(clauses: list[Clause]) -> list[Version]:
    versions = {c.version for c in clauses}
    versions |= {(c.version[0] - d, 9999, 0) for c in clauses for d in (0, 1)}
    return sorted(versions)


def _older_release_fits(clauses: list[Clause], oldest: Version) -> bool:
    """Whether a release older than `oldest` may satisfy every clause (`~> 3.38`: 3.38.0
    does), so that terraform init installs a provider tfjudge has no schema for. Tried: each
    clause's own version and the last release of its major and of the major before."""
    return any(v < oldest and all(c.allows(v) for c in clauses) for v in _candidates(clauses))


def describe_summary(summary: dict[str, Any]) -> str:
    """`hashicorp/aws 6.66.0 (the reason)`: a choice's `summary()`, as reports print it."""
    return f"{summary['provider']} {summary['version']} ({summary['reason']})"

"""The rule catalogue as data: every rule is one module that registers one `Rule`.

A rule module holds its documentation (the module docstring: what it does, why it is
bad, an example and what to use instead) and one check function decorated with `rule`,
which reads the analysis context and yields findings. It never parses, prints or reads
files. The registry finds the modules by walking the family packages, and imports only
those an analysis can use: a generated manifest (`data/rules/manifest.json`) records what
each module's rules need, an input besides the answer (`requires`) or resources of some
types (`applies_to`).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import field
from functools import cache
from typing import TYPE_CHECKING

from tfjudge.findings import Category, Finding, Severity
from tfjudge.records import record
from tfjudge.shipped import data_json

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext

CheckFunction = Callable[["RuleContext"], Iterable[Finding]]

FAMILIES = ("format", "syntax", "core", "schema", "aws", "security", "ops", "req", "ideal")


@record(frozen=True)
class Rule:
    """One registered rule: its catalogue entry, its documentation and its check."""

    id: str
    severity: Severity
    category: Category
    title: str
    check: CheckFunction = field(repr=False, compare=False)
    doc: str = ""
    impact: str = ""
    fix: str = ""
    requires: tuple[str, ...] = ()  # "prompt", "ideal"
    # Resource and data source types: the rule finds nothing in a configuration that
    # declares none of them, and is neither imported nor run for it. Empty: always run.
    applies_to: tuple[str, ...] = ()

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def summary(self) -> str:
        """The first paragraph of the doc's "What it does" section."""
        for paragraph in self.doc.split("\n\n"):
            text = paragraph.strip()
            if text and not text.startswith("#"):
                return " ".join(text.split())
        return self.title


_REGISTERED: dict[str, Rule] = {}


def rule(
    id: str,
    severity: Severity,
    category: Category,
    title: str,
    *,
    impact: str = "",
    fix: str = "",
    requires: tuple[str, ...] = (),
    applies_to: tuple[str, ...] = (),
) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated check as the rule `id`; its module docstring is the rule's doc.

    `applies_to` names the resource and data source types without which the check can
    yield nothing (it reads only blocks of those types, and what they refer to): an
    answer that declares none of them neither imports the rule's module nor runs it.
    """

    def register(check: CheckFunction) -> CheckFunction:
        if id in _REGISTERED:
            raise ValueError(f"rule {id} is registered twice")
        module = sys.modules.get(check.__module__)
        doc = (module.__doc__ or "").strip() if module else ""
        _REGISTERED[id] = Rule(
            id, severity, category, title, check, doc, impact, fix, requires, applies_to
        )
        return check

    return register


# What a rule module needs before it is worth importing, generated from the rules
# themselves by scripts/make_rule_manifest.py (tests/rules/test_registry.py checks it is
# current): the inputs besides the answer its rules read, and the resource and data source
# types they apply to. A module missing from it needs nothing and applies to every answer.
MANIFEST = "rules/manifest.json"


@record(frozen=True, slots=True)
class ModuleNeeds:
    requires: tuple[str, ...] = ()
    applies_to: tuple[str, ...] = ()


_NO_NEEDS = ModuleNeeds()  # a module the manifest leaves out
_catalogue: dict[str, Rule] = {}
# the catalogue's rules that run on every answer: no input besides it, no resource type
_unconditional: frozenset[str] = frozenset()


def all_rules() -> dict[str, Rule]:
    """Every rule, by id, in catalogue order (family, then id)."""
    _import_rules({"answer", "prompt", "ideal"}, None)
    return dict(_sorted_catalogue())


def applicable_rules(
    inputs: Iterable[str], types: AbstractSet[str] | None = None
) -> dict[str, Rule]:
    """The rules that can run on an answer given with `inputs` ("prompt", "ideal") whose
    configuration declares resources and data sources of `types` (None: any), by id in
    catalogue order. The modules of the other rules are not imported."""
    given = {"answer", *inputs}
    _import_rules(given, types)
    catalogue = _sorted_catalogue()
    # half the rules need nothing: a set lookup, not a call of _wanted, keeps them
    return {
        rule_id: current
        for rule_id, current in catalogue.items()
        if rule_id in _unconditional or _wanted(current, given, types)
    }


def manifest_of(rules: Iterable[Rule]) -> dict[str, dict[str, list[str]]]:
    """The manifest entries of the modules that hold `rules`: what a module's rules
    require (the same for all of them: a module is imported or not as a whole), and the
    types they apply to (none when one of its rules applies to every answer)."""
    by_module: dict[str, list[Rule]] = {}
    for current in rules:
        by_module.setdefault(current.check.__module__, []).append(current)
    manifest: dict[str, dict[str, list[str]]] = {}
    for module, members in sorted(by_module.items()):
        requires = {r.requires for r in members}
        if len(requires) > 1:
            raise ValueError(f"the rules of {module} require different inputs: {requires}")
        entry = {"requires": list(requires.pop())}
        if all(r.applies_to for r in members):
            entry["applies_to"] = sorted({t for r in members for t in r.applies_to})
        if any(entry.values()):
            manifest[module] = entry
    return manifest


def _import_rules(given: set[str], types: AbstractSet[str] | None) -> None:
    """Import the rule modules that need no input outside `given` and apply to `types`."""
    needs = _module_needs()
    for name in _rule_module_names():
        if name not in sys.modules and _wanted(needs.get(name, _NO_NEEDS), given, types):
            importlib.import_module(name)


def _wanted(needs: Rule | ModuleNeeds, given: set[str], types: AbstractSet[str] | None) -> bool:
    """Whether a rule (or a module of rules) can run on an answer given with `given` whose
    configuration declares `types` (None: unknown, any)."""
    return given.issuperset(needs.requires) and (
        types is None or not needs.applies_to or not types.isdisjoint(needs.applies_to)
    )


def _sorted_catalogue() -> dict[str, Rule]:
    global _catalogue, _unconditional
    if len(_catalogue) != len(_REGISTERED):  # sorted again only when rules were added
        order = {family: index for index, family in enumerate(FAMILIES)}
        ordered = sorted(_REGISTERED.values(), key=lambda r: (order.get(r.family, 99), r.id))
        _catalogue = {r.id: r for r in ordered}
        _unconditional = frozenset(r.id for r in ordered if _wanted(r, {"answer"}, frozenset()))
    return _catalogue


@cache
def _module_needs() -> dict[str, ModuleNeeds]:
    return {
        module: ModuleNeeds(tuple(entry["requires"]), tuple(entry.get("applies_to", ())))
        for module, entry in data_json(MANIFEST).items()
    }


@cache
def _rule_module_names() -> tuple[str, ...]:
    """Every rule module, family by family in catalogue order."""
    names: list[str] = []
    for family in FAMILIES:
        try:
            package = importlib.import_module(f"tfjudge.rules.{family}")
        except ModuleNotFoundError:
            continue
        names += (f"{package.__name__}.{module}" for module in _rule_modules(package.__path__))
    return tuple(names)


def _rule_modules(folders: Iterable[str]) -> list[str]:
    """The rule modules in a family's folders, in the order `pkgutil.iter_modules` lists
    them (sorted); rules are plain `.py` modules, and listing the folder is ~12 M
    instructions cheaper a run than pkgutil's walk. `_helpers` are not rules."""
    return sorted(
        name[:-3]
        for folder in folders
        for name in os.listdir(folder)  # noqa: PTH208 (names are all it needs)
        if name.endswith(".py") and not name.startswith("_")
    )


def select_rules(
    rules: Iterable[Rule], select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> Iterator[Rule]:
    """Rules whose id matches a `select` entry (all when empty) and no `ignore` entry.

    An entry matches an id exactly or as a prefix at a dot: `security` and `security.`
    select every security rule, `security.iam-wildcard-action` only that one.
    """
    selected, ignored = list(select), list(ignore)
    if not selected and not ignored:  # what almost every analysis asks
        return iter(rules)
    return _selected(rules, selected, ignored)


def _selected(rules: Iterable[Rule], selected: list[str], ignored: list[str]) -> Iterator[Rule]:
    for candidate in rules:
        if selected and not any(matches(candidate.id, s) for s in selected):
            continue
        if any(matches(candidate.id, i) for i in ignored):
            continue
        yield candidate


def matches(rule_id: str, pattern: str) -> bool:
    pattern = pattern.strip().rstrip(".")
    return rule_id == pattern or rule_id.startswith(pattern + ".") or pattern in ("ALL", "all")

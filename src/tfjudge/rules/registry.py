"""The rule catalogue as data: every rule is one module that registers one `Rule`.

A rule module holds its documentation (the module docstring: what it does, why it is
bad, an example and what to use instead) and one check function decorated with `rule`,
which reads the analysis context and yields findings. It never parses, prints or reads
files. The registry finds the modules by walking the family packages.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from typing import TYPE_CHECKING

from tfjudge.findings import Category, Finding, Severity
from tfjudge.records import record

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


# The rule modules whose rule needs an input besides the answer, and which: a run without
# that input does not import them. `tests/rules/test_registry.py` keeps this in step with
# the rules' own `requires` (its failure prints the table to paste here).
NEEDS: dict[str, tuple[str, ...]] = {
    "tfjudge.rules.format.file_layout": ("prompt",),
    "tfjudge.rules.format.multiple_code_blocks": ("prompt",),
    "tfjudge.rules.format.prose_outside_code": ("prompt",),
    "tfjudge.rules.format.wrong_language_tag": ("prompt",),
    "tfjudge.rules.security.log_group_kms_missing": ("prompt",),
    "tfjudge.rules.security.sns_encryption_missing": ("prompt",),
    "tfjudge.rules.req.missing_output": ("prompt",),
    "tfjudge.rules.req.missing_region": ("prompt",),
    "tfjudge.rules.req.missing_resource": ("prompt",),
    "tfjudge.rules.req.missing_variable": ("prompt",),
    "tfjudge.rules.ideal.attribute_mismatch": ("ideal",),
    "tfjudge.rules.ideal.missing_block": ("ideal",),
}

_given: set[str] = set()  # the inputs whose rules are imported ("answer": the plain ones)
_catalogue: dict[str, Rule] = {}


def all_rules() -> dict[str, Rule]:
    """Every rule, by id, in catalogue order (family, then id)."""
    return _rules_with({"answer", "prompt", "ideal"})


def applicable_rules(inputs: Iterable[str]) -> dict[str, Rule]:
    """The rules that can run on an answer given with `inputs` ("prompt", "ideal"), by id
    in catalogue order. The modules of rules that need another input are not imported."""
    given = {"answer", *inputs}
    return {
        rule_id: current
        for rule_id, current in _rules_with(given).items()
        if given.issuperset(current.requires)
    }


def _rules_with(inputs: set[str]) -> dict[str, Rule]:
    global _catalogue
    if not _given.issuperset(inputs):
        _given.update(inputs)
        for family in FAMILIES:
            _import_family(family, _given)
    if len(_catalogue) != len(_REGISTERED):  # sorted once, again only if rules were added
        order = {family: index for index, family in enumerate(FAMILIES)}
        ordered = sorted(_REGISTERED.values(), key=lambda r: (order.get(r.family, 99), r.id))
        _catalogue = {r.id: r for r in ordered}
    return dict(_catalogue)


def _import_family(family: str, given: set[str]) -> None:
    """Import the family's rule modules that need no input outside `given`."""
    try:
        package = importlib.import_module(f"tfjudge.rules.{family}")
    except ModuleNotFoundError:
        return
    for module in _rule_modules(package.__path__):
        name = f"{package.__name__}.{module}"
        if given.issuperset(NEEDS.get(name, ())):
            importlib.import_module(name)


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
    for candidate in rules:
        if selected and not any(matches(candidate.id, s) for s in selected):
            continue
        if any(matches(candidate.id, i) for i in ignored):
            continue
        yield candidate


def matches(rule_id: str, pattern: str) -> bool:
    pattern = pattern.strip().rstrip(".")
    return rule_id == pattern or rule_id.startswith(pattern + ".") or pattern in ("ALL", "all")

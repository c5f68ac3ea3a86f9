"""The registry's table of rule modules that need a prompt or an ideal (`NEEDS`): an
answer given without that input does not import them, so the table must match the rules."""

from __future__ import annotations

from collections import defaultdict

from tfjudge.rules.registry import NEEDS, all_rules, applicable_rules


def test_needs_matches_the_rules_requires() -> None:
    by_module: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for current in all_rules().values():
        if current.check.__module__.startswith("tfjudge.rules."):
            by_module[current.check.__module__].add(current.requires)
    # a module is imported or not as a whole: its rules need the same inputs
    assert {m: r for m, r in by_module.items() if len(r) > 1} == {}
    expected = {module: needs.pop() for module, needs in by_module.items() if needs != {()}}
    table = "".join(f'    "{m}": {r!r},\n' for m, r in expected.items())
    assert expected == NEEDS, f"NEEDS in tfjudge/rules/registry.py should read:\n{table}"


def test_applicable_rules_are_those_whose_inputs_are_given() -> None:
    every = all_rules()
    for given in ((), ("prompt",), ("ideal",), ("prompt", "ideal")):
        applicable = applicable_rules(given)
        assert list(applicable) == [  # catalogue order kept
            rule_id for rule_id, r in every.items() if set(r.requires) <= set(given)
        ]
    assert "req.missing-output" in applicable_rules(["prompt"])
    assert "req.missing-output" not in applicable_rules(["ideal"])
    assert "ideal.missing-block" in applicable_rules(["ideal"])
    assert "format.no-code" in applicable_rules([])

"""core.unexpected-instance-key against terraform: literal keys as `terraform validate`
reports them, keys known at plan as an offline `terraform plan` does (the same lines and
summaries, tests/rules/core_tables.py)."""

from __future__ import annotations

from pathlib import Path

from tests.oracle.oracle import plan_diagnostics, validate_diagnostics
from tests.rules.core_tables import INSTANCE_KEY_CASES, instance_key_configuration
from tfjudge.analysis import Settings, analyze


def test_instance_keys_match_terraform(tmp_path: Path) -> None:
    main = tmp_path / "main.tf"
    main.write_text(instance_key_configuration(), encoding="utf-8")
    validated = {
        (d["range"]["start"]["line"], d["summary"]) for d in validate_diagnostics(tmp_path)
    }
    if validated:  # plan runs only once validate has nothing to say
        main.write_text(_without_literal_keys(), encoding="utf-8")
    planned = {(d["range"]["start"]["line"], d["summary"]) for d in plan_diagnostics(tmp_path)}
    main.write_text(instance_key_configuration(), encoding="utf-8")
    analysis = analyze(main, settings=Settings(select=["core.unexpected-instance-key"]))
    ours = {(f.line, f.message.split(":")[0]) for f in analysis.findings}
    assert len(validated | planned) == sum(1 for _, said in INSTANCE_KEY_CASES if said)
    assert ours == validated | planned


def _without_literal_keys() -> str:
    """The configuration with the literal-key cases' references made valid, lines kept."""
    text = instance_key_configuration()
    for reference, said in INSTANCE_KEY_CASES:
        if said == "Unexpected resource instance key":
            text = text.replace(f"= {reference}\n", "= aws_subnet.one.id\n")
    return text

"""core.template-variable-missing on the cases of tests/rules/template_cases.py."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.rules.template_cases import CASES, files, line_of
from tfjudge.analysis import Settings, analyze

RULE = "core.template-variable-missing"


def test_each_case(tmp_path: Path) -> None:
    write_tree(tmp_path, files())
    findings = analyze(tmp_path, settings=Settings(select=[RULE])).findings
    found = {f.line: f.message for f in findings}
    for index, (_, _, missing) in enumerate(CASES):
        message = found.get(line_of(index))
        if missing is None:
            assert message is None, CASES[index]
        else:
            assert message is not None and f'key "{missing}"' in message, CASES[index]


def test_a_directory_answer_reads_templates_from_its_own_root(tmp_path: Path) -> None:
    """Two examples with a template of the same name: each reads its own."""
    call = 'output "x" {\n  value = templatefile("templates/t.tpl", { name = "a" })\n}\n'
    write_tree(
        tmp_path,
        {
            "one/main.tf": call,
            "one/templates/t.tpl": "${name}\n",
            "two/main.tf": call.replace("name =", "other ="),
            "two/templates/t.tpl": "${other}\n",
        },
    )
    assert analyze(tmp_path, settings=Settings(select=[RULE])).findings == []

"""Which pyproject.toml files configure tfjudge: those whose `tool` table has a `tfjudge`
key, however TOML spells it, and no others (tflint style: a table of cases)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tfjudge.config import find_config, load_config

CONFIGURES = [
    '[tool.tfjudge]\nignore = ["ops"]\n',
    '[tool . "tfjudge"]\nselect = ["core"]\n',
    "[tool.tfjudge.x]\ny = 1\n",
    '[tool]\ntfjudge = { ignore = ["ops"] }\n',
    '[tool]\ntfjudge.ignore = ["ops"]\n',
    'tool.tfjudge.ignore = ["ops"]\n',
    'tool = { tfjudge = { ignore = ["ops"] } }\n',
    '"tool".tfjudge.ignore = ["ops"]\n',
]
DOES_NOT = [
    '[project]\nname = "tfjudge"\n',
    '[project.scripts]\ntfjudge = "tfjudge.launch:run"\n',
    '[tool.setuptools.dynamic]\nversion = { attr = "tfjudge.__version__" }\n',
    '[tool.ruff]\nsrc = ["tfjudge"]\n',
    "[tool.other]\n# see [tool.tfjudge] in the docs\nx = 1\n",
    '[project]\nname = "x"\n',
]


@pytest.mark.parametrize("text", CONFIGURES + DOES_NOT)
def test_a_pyproject_configures_tfjudge_exactly_when_its_tool_table_names_it(
    tmp_path: Path, text: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    parsed = tomllib.loads(text)
    expected = "tfjudge" in parsed.get("tool", {})
    assert expected == (text in CONFIGURES)
    found = find_config(tmp_path)
    assert (found == tmp_path / "pyproject.toml") == expected


def test_the_configuration_found_is_the_one_loaded(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "demo"\n[tool.tfjudge]\nignore = ["ops", "security"]\n',
        encoding="utf-8",
    )
    (tmp_path / "nested").mkdir()
    config = load_config(None, tmp_path / "nested")
    assert config.path == tmp_path / "pyproject.toml"
    assert config.list_of("ignore") == ["ops", "security"]

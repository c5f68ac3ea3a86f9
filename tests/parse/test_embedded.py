"""Embedded programs: the shell and JavaScript grammars tfjudge loads itself."""

from __future__ import annotations

import importlib

import pytest
from tree_sitter import Language

from tfjudge.parse.embedded import _grammar


@pytest.mark.parametrize("package", ["tree_sitter_bash", "tree_sitter_javascript"])
def test_grammar_read_from_the_binding_is_the_package_grammar(package: str) -> None:
    direct = Language(_grammar(package))
    imported = Language(importlib.import_module(package).language())
    assert (direct.name, direct.abi_version, direct.node_kind_count) == (
        imported.name,
        imported.abi_version,
        imported.node_kind_count,
    )


def test_a_package_without_a_binding_module_is_imported() -> None:
    with pytest.raises(AttributeError):  # json has no language(): it was imported
        _grammar("json")

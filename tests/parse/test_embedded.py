"""Embedded programs: the shell and JavaScript grammars tfjudge loads itself."""

from __future__ import annotations

import importlib

import pytest
from tree_sitter import Language

from tfjudge.parse.embedded import Embedded, _grammar, check_program
from tfjudge.source import SourceFile


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


PROGRAMS = [
    # a template terraform renders: the interpolation stands for a value
    ("javascript", "'use strict';\nconst config = ${config};\nexports.h = () => config;\n", None),
    ("javascript", "const url = '${api_url}';\nfetch(url);\n", None),
    # the rendered text still errs: reported
    ("javascript", "const config = ${config};\nfunction (\n", 2),
    # a JavaScript template literal is JavaScript as written
    ("javascript", "const hi = (name) => `hi ${name}`;\n", None),
    ("javascript", "function f( {\n", 1),
    # directives: one text cannot stand for the rendered program
    ("bash", "#!/bin/bash\n%{ for p in ports ~}\nopen ${p} (\n%{ endfor ~}\n", None),
    ("bash", "#!/bin/bash\nif [ -f x ]; then\n", 2),
    ("python", "def handler(event, context):\n    return ${value}\n", None),
    ("python", "def handler(event, context)\n    return 1\n", 1),
    # PEP 701 (Python 3.12): the same quotes inside an f-string's replacement field
    ("python", "def f(record):\n    return f'{record['body']}'\n", None),
]


@pytest.mark.parametrize(("language", "text", "line"), PROGRAMS)
def test_program_files_and_templates(language: str, text: str, line: int | None) -> None:
    file = SourceFile(f"app.{language}", language, text)
    error = check_program(Embedded(language, text, file, 1, name=file.path))
    assert (error.line if error else None) == line

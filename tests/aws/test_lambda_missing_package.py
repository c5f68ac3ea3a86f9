"""aws.lambda-missing-package: imports against what each runtime ships."""

from __future__ import annotations

import pytest

from .helpers import findings

RULE = "aws.lambda-missing-package"


def function(runtime: str, source: str, extra: str = "") -> str:
    return (
        'data "archive_file" "f" {\n  type = "zip"\n  output_path = "f.zip"\n'
        f"{source}\n}}\n"
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n'
        f'  runtime = "{runtime}"\n  handler = "index.handler"\n'
        f'  role = "arn:aws:iam::123456789012:role/f"\n'
        f"  filename = data.archive_file.f.output_path\n{extra}}}\n"
    )


def inline(name: str, code: str) -> str:
    return f'  source {{\n    filename = "{name}"\n    content = <<-EOF\n{code}\n    EOF\n  }}'


PY = "index.py"
JS = "index.js"
CASES: dict[str, tuple[dict[str, str], list[str]]] = {
    "standard library and boto3": (
        {
            "main.tf": function(
                "python3.12",
                inline(PY, "import json, os\nimport boto3\nfrom botocore.config import Config"),
            )
        },
        [],
    ),
    "requests": ({"main.tf": function("python3.12", inline(PY, "import requests"))}, ["requests"]),
    "optional import": (
        {
            "main.tf": function(
                "python3.12",
                inline(PY, "try:\n    import ujson as json\nexcept ImportError:\n    import json"),
            )
        },
        [],
    ),
    "a layer may provide it": (
        {
            "main.tf": function(
                "python3.12",
                inline(PY, "import psycopg2"),
                '  layers = ["arn:aws:lambda:eu-west-1:123456789012:layer:pg:1"]\n',
            )
        },
        [],
    ),
    "module of the package itself": (
        {
            "main.tf": function("python3.12", '  source_dir = "${path.module}/src"'),
            "src/index.py": "import helpers\nfrom models.order import Order\n",
            "src/helpers.py": "import json\n",
            "src/models/order.py": "class Order: ...\n",
        },
        [],
    ),
    "source_file shown in the answer": (
        {
            "main.tf": function("python3.11", '  source_file = "${path.module}/lambda/index.py"'),
            "lambda/index.py": "import pymysql\n",
        },
        ["pymysql"],
    ),
    "code not in the answer": (
        {"main.tf": function("python3.11", '  source_file = "${path.module}/lambda/index.py"')},
        [],
    ),
    "broken code is read line by line": (
        {
            "main.tf": function(
                "python3.12",
                inline(PY, "import os\nimport aws_xray_sdk\ndef handler(e, c):\n    if e:\n"),
            )
        },
        ["aws_xray_sdk"],
    ),
    "dependencies installed by a provisioner": (
        {
            "main.tf": function("python3.12", inline(PY, "import requests"))
            + 'resource "null_resource" "deps" {\n  provisioner "local-exec" {\n'
            '    command = "pip install -r requirements.txt -t build/"\n  }\n}\n'
        },
        [],
    ),
    "v2 SDK on nodejs18.x": (
        {"main.tf": function("nodejs18.x", inline(JS, 'const AWS = require("aws-sdk");'))},
        ["aws-sdk"],
    ),
    "v2 SDK on nodejs16.x": (
        {"main.tf": function("nodejs16.x", inline(JS, 'const AWS = require("aws-sdk");'))},
        [],
    ),
    "v3 SDK and built-ins on nodejs20.x": (
        {
            "main.tf": function(
                "nodejs20.x",
                inline(
                    JS,
                    'import { S3Client } from "@aws-sdk/client-s3";\nimport fs from "node:fs";\nconst path = require("path");',
                ),
            )
        },
        [],
    ),
    "third-party module on nodejs20.x": (
        {
            "main.tf": function(
                "nodejs20.x",
                inline(JS, 'const axios = require("axios");\nconst local = require("./lib");'),
            )
        },
        ["axios"],
    ),
    "container image": (
        {
            "main.tf": 'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  package_type = "Image"\n  image_uri = "x"\n  role = "r"\n}\n'
        },
        [],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_lambda_missing_package(case: str) -> None:
    files, expected = CASES[case]
    found = findings(RULE, files)
    assert [f.message.split(" imports ")[1].split(",")[0] for f in found] == expected


def test_finding_points_at_the_import_line() -> None:
    files = {
        "main.tf": function("python3.12", '  source_file = "lambda/index.py"'),
        "lambda/index.py": "import json\n\nimport psycopg2\n",
    }
    (found,) = findings(RULE, files)
    assert (found.file, found.line, found.address) == (
        "lambda/index.py",
        3,
        "aws_lambda_function.f",
    )


NESTED_IMPORTS = """
import a
from b.c import d
def handler(event, context):
    import e
    class Inner:
        import f
    if event:
        import g
    else:
        import h
    for item in event:
        import i
    while False:
        import j
    with open("x") as handle:
        import k
    try:
        import l
    except ImportError:
        import m
    else:
        import n
    finally:
        import o
    match event:
        case {"p": 1}:
            import p
        case _:
            import q
    return [x for x in (lambda: 1, 2)]
"""


def test_the_statement_walk_finds_every_import_in_ast_walk_order() -> None:
    import ast

    from tfjudge.rules.aws.lambda_missing_package import _statements

    tree = ast.parse(NESTED_IMPORTS)
    imports = (ast.Import, ast.ImportFrom)
    expected = [n for n in ast.walk(tree) if isinstance(n, imports)]
    assert [n for n in _statements(tree) if isinstance(n, imports)] == expected
    assert len(expected) == 15

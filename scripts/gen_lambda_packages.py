#!/usr/bin/env python3
"""Generate src/tfjudge/data/aws/lambda_packages.json: what a Lambda runtime can import
without the function's package or a layer bringing it.

- Python: the standard library (the union of `sys.stdlib_module_names` of the CPython
  versions given, run with each interpreter) and the packages the Lambda Python runtimes
  ship (reviewed below from the documentation).
- Node.js: the built-in modules (`require('module').builtinModules` of the node given) and
  the AWS SDK each runtime line ships (v2 `aws-sdk` up to nodejs16.x, v3 `@aws-sdk/*` from
  nodejs18.x).

Usage: python scripts/gen_lambda_packages.py --python python3.10 python3.11 python3.12 python3.13 \
    --node node
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "tfjudge" / "data" / "aws" / "lambda_packages.json"

# Reviewed: the modules the Lambda Python runtimes put on sys.path besides the standard
# library: the AWS SDK for Python and its dependencies, and the runtime interface client.
PYTHON_RUNTIME = {
    "boto3": "AWS SDK for Python",
    "botocore": "dependency of boto3",
    "s3transfer": "dependency of boto3",
    "jmespath": "dependency of botocore",
    "dateutil": "python-dateutil, dependency of botocore",
    "six": "dependency of python-dateutil",
    "urllib3": "dependency of botocore",
    "awslambdaric": "the runtime interface client",
    "bootstrap": "the runtime's bootstrap module",
}
PYTHON_SOURCE = (
    "https://docs.aws.amazon.com/lambda/latest/dg/lambda-python.html (the runtimes include "
    "the AWS SDK for Python, Boto3, and its dependencies; anything else must be in the "
    "deployment package or a layer) and https://docs.aws.amazon.com/lambda/latest/dg/"
    "python-package.html"
)
NODE_SOURCE = (
    "https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html (Node.js 18 and later "
    "runtimes include the AWS SDK for JavaScript v3; earlier ones the v2 SDK, aws-sdk)"
)


def python_stdlib(interpreters: list[str]) -> tuple[list[str], list[str]]:
    names: set[str] = set()
    versions: list[str] = []
    for interpreter in interpreters:
        code = (
            "import sys, json; "
            "print(json.dumps([sys.version.split()[0], sorted(sys.stdlib_module_names)]))"
        )
        version, found = json.loads(subprocess.check_output([interpreter, "-c", code], text=True))
        versions.append(version)
        names.update(found)
    return sorted(names), versions


def node_builtins(node: str) -> tuple[list[str], str]:
    code = "console.log(JSON.stringify([process.version, require('module').builtinModules]))"
    version, found = json.loads(subprocess.check_output([node, "-e", code], text=True))
    return sorted(n for n in found if not n.startswith("_")), version


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--python", nargs="+", required=True)
    parser.add_argument("--node", required=True)
    args = parser.parse_args()
    stdlib, python_versions = python_stdlib(args.python)
    builtins, node_version = node_builtins(args.node)
    data = {
        "source": "scripts/gen_lambda_packages.py",
        "python": {
            "stdlib_source": f"sys.stdlib_module_names of CPython {', '.join(python_versions)}",
            "stdlib": stdlib,
            "runtime_source": PYTHON_SOURCE,
            "runtime": PYTHON_RUNTIME,
        },
        "nodejs": {
            "builtins_source": f"require('module').builtinModules of Node.js {node_version}",
            "builtins": builtins,
            "runtime_source": NODE_SOURCE,
            "sdk_v3_from_major": 18,
            "sdk_v2": "aws-sdk",
            "sdk_v3_scope": "@aws-sdk/",
        },
    }
    OUTPUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"{len(stdlib)} Python modules, {len(builtins)} Node.js modules -> {OUTPUT}")


if __name__ == "__main__":
    main()

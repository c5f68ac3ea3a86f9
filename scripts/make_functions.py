#!/usr/bin/env python3
"""Generate src/tfjudge/data/terraform/functions.json: Terraform's built-in functions and
their parameters, from `terraform metadata functions -json` (the signatures terraform
itself publishes), with the terraform version recorded.

Usage: python scripts/make_functions.py [--terraform terraform]

Only names and parameters are kept: what `core.invalid-function-call` needs to judge a call
the way terraform validate does ("Call to unknown function", "Not enough function
arguments", "Too many function arguments").
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "tfjudge" / "data" / "terraform" / "functions.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terraform", default="terraform", help="the terraform binary")
    args = parser.parse_args()
    version = subprocess.run(
        [args.terraform, "version", "-json"], capture_output=True, text=True, check=True
    )
    metadata = subprocess.run(
        [args.terraform, "metadata", "functions", "-json"],
        capture_output=True,
        text=True,
        check=True,
    )
    signatures = json.loads(metadata.stdout)["function_signatures"]
    functions = {
        name: {
            "parameters": [p["name"] for p in signature.get("parameters", [])],
            "variadic": (signature.get("variadic_parameter") or {}).get("name"),
        }
        for name, signature in sorted(signatures.items())
    }
    terraform_version = json.loads(version.stdout)["terraform_version"]
    document = {
        "source": "terraform metadata functions -json",
        "terraform_version": terraform_version,
        "functions": functions,
    }
    lines = [f"  {json.dumps(name)}: {json.dumps(entry)}" for name, entry in functions.items()]
    header = {key: value for key, value in document.items() if key != "functions"}
    head = json.dumps(header, indent=1)[:-2]  # one function a line: short, readable diffs
    OUTPUT.write_text(head + ',\n "functions": {\n' + ",\n".join(lines) + "\n }\n}\n")
    print(f"wrote {OUTPUT}: {len(functions)} functions of terraform {terraform_version}")


if __name__ == "__main__":
    main()

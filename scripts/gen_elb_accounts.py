#!/usr/bin/env python3
"""Generate src/tfjudge/data/aws/elb_accounts.json: the Elastic Load Balancing account that
writes load balancer access logs in each region (the principal of an access-log bucket
policy in regions opened before August 2022).

Source: the AWS provider's `aws_elb_service_account` data source, whose map follows
https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
(Attach a policy to your S3 bucket). Give it that Go file:

    python scripts/gen_elb_accounts.py path/to/internal/service/elb/service_account_data_source.go \
        --revision <provider commit>
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "tfjudge" / "data" / "aws" / "elb_accounts.json"
_ENTRY = re.compile(r"^\s*endpoints\.(\w+)RegionID:\s*\"(\d{12})\"", re.MULTILINE)


def region_name(constant: str) -> str:
    """`ApSoutheast1` -> `ap-southeast-1`, `UsGovWest1` -> `us-gov-west-1`."""
    words = re.findall(r"[A-Z][a-z]*|\d+", constant)
    return "-".join(w.lower() for w in words)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("go_file", type=Path)
    parser.add_argument("--revision", required=True)
    args = parser.parse_args()
    text = args.go_file.read_text(encoding="utf-8")
    accounts = {region_name(name): account for name, account in _ENTRY.findall(text)}
    data = {
        "source": (
            "hashicorp/terraform-provider-aws internal/service/elb/service_account_data_source.go "
            f"at {args.revision} (accountIDPerRegionMap), which follows "
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html"
        ),
        "note": (
            "regions opened since August 2022 have no account: their bucket policy names the "
            "service principal logdelivery.elasticloadbalancing.amazonaws.com"
        ),
        "command": "python scripts/gen_elb_accounts.py FILE.go --revision REV",
        "accounts": dict(sorted(accounts.items())),
    }
    OUTPUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"{len(accounts)} regions -> {OUTPUT}")


if __name__ == "__main__":
    main()

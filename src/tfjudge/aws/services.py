"""Which AWS services call KMS with which principal and actions, and the ELB log-delivery
accounts per region (data/aws/kms_service_principals.json, data/aws/elb_accounts.json,
each with its source)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any, NamedTuple

from tfjudge.shipped import data_text


class ServiceKeyUse(NamedTuple):
    """What a key policy must grant for one service to use a customer managed key."""

    key: str
    name: str
    service_principals: tuple[str, ...]  # globs: logs.*.amazonaws.com
    role_names: tuple[str, ...]  # AWS principals by role name: AWSServiceRoleForAutoScaling
    principal_text: str
    actions: tuple[str, ...]  # each "a|b" lists alternatives
    source: str
    severity: str  # critical: the apply fails; medium: later deliveries are refused


def _read(name: str) -> Any:
    text = data_text(f"aws/{name}")
    return json.loads(text)


@cache
def kms_service_uses() -> dict[str, ServiceKeyUse]:
    data = _read("kms_service_principals.json")
    return {
        key: ServiceKeyUse(
            key,
            entry["name"],
            tuple(entry.get("service_principals", ())),
            tuple(entry.get("role_names", ())),
            entry["principal_text"],
            tuple(entry["actions"]),
            entry["source"],
            entry["severity"],
        )
        for key, entry in data["services"].items()
    }


@cache
def elb_log_accounts() -> dict[str, str]:
    """Region -> the Elastic Load Balancing account that writes access logs there."""
    data: dict[str, str] = _read("elb_accounts.json")["accounts"]
    return data

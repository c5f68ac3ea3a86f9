"""Reading the policy model for the aws.* wiring rules: does a statement let a principal
perform an action on a resource? Unknown parts of a value count as wildcards, so a value
known only after apply never makes a grant look missing."""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase
from typing import Any

from tfjudge.evaluate import PartialString
from tfjudge.policy.model import Policy, Statement


def glob(value: Any) -> str:
    """A policy value as a glob: unknown parts become `*`."""
    if isinstance(value, str):
        return value
    if isinstance(value, PartialString):
        return value.render("*")
    return "*"


def show(value: Any) -> str:
    """A policy value for a message: `arn:aws:iam::${…}:root`, `(known after apply)`."""
    if isinstance(value, str):
        return value
    if isinstance(value, PartialString):
        return str(value)
    return "(known after apply)"


def value_matches(pattern: Any, concrete: str, ignore_case: bool = False) -> bool:
    """Whether a policy value (with `*`/`?` wildcards, unknown parts) covers `concrete`."""
    text = glob(pattern)
    if ignore_case:
        return fnmatchcase(concrete.lower(), text.lower())
    return fnmatchcase(concrete, text)


def allows_action(statement: Statement, action: str) -> bool:
    """Whether an Allow statement covers the action (`kms:*`, `kms:GenerateDataKey*`, ...)."""
    if statement.not_actions:
        return not any(value_matches(a, action, ignore_case=True) for a in statement.not_actions)
    return any(value_matches(a, action, ignore_case=True) for a in statement.actions)


def allows_all(statements: Iterable[Statement], requirements: Iterable[str]) -> list[str]:
    """The requirements (`a|b` alternatives) no statement covers."""
    pool = list(statements)
    missing: list[str] = []
    for requirement in requirements:
        options = requirement.split("|")
        if not any(allows_action(s, option) for s in pool for option in options):
            missing.append(options[0])
    return missing


def principal_values(statement: Statement) -> dict[str, list[Any]]:
    return dict(statement.principals or {})


def opaque_principal(statement: Statement) -> bool:
    """A principal that may be anyone: `*`, `NotPrincipal`, a principal of unknown type.
    (An unknown `AWS` value is some IAM identity, never a service.)"""
    principals = statement.principals
    if principals is None:
        return statement.not_principals is not None  # NotPrincipal: everyone else
    for kind, values in principals.items():
        if kind == "?":
            return True
        if kind == "AWS" and any(isinstance(v, str) and v == "*" for v in values):
            return True
    return False


def names_service(value: Any, services: Iterable[str]) -> bool:
    """Whether a principal value names one of the services (globs such as
    `logs.*.amazonaws.com`): `logs.eu-west-1.amazonaws.com`, `logs.${region}.amazonaws.com`."""
    for service in services:
        if isinstance(value, str) and fnmatchcase(value, service):
            return True
        if value_matches(value, service.replace("*", "us-east-1")):
            return True
    return False


def service_statements(policy: Policy, services: Iterable[str]) -> list[Statement]:
    """Allow statements whose Service principal names one of the services, or anyone."""
    wanted = list(services)
    found: list[Statement] = []
    for statement in policy.allows():
        if opaque_principal(statement):
            found.append(statement)
            continue
        values = principal_values(statement).get("Service", [])
        if any(names_service(v, wanted) for v in values):
            found.append(statement)
    return found


def readable(policy: Policy) -> bool:
    """Whether every statement of the policy is known (else nothing can be concluded)."""
    return policy.complete and all(s.known for s in policy.statements)

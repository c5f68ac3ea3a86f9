"""What counts as a wildcard in a policy: `*` actions and resources that name everything.

Shared by `security.iam-wildcard-action` and `security.iam-wildcard-resource`.
"""

from __future__ import annotations

from typing import Any

from tfjudge.evaluate import PartialString

_PLACEHOLDER = "\x00"  # an interpolation: known to be something, never a wildcard


def text_of(value: Any) -> str | None:
    """A statement value as text, interpolations as a placeholder; None when unknown."""
    if isinstance(value, str):
        return value
    if isinstance(value, PartialString):
        return value.render(_PLACEHOLDER)
    return None


def is_wildcard_action(value: Any) -> bool:
    """`*` or `service:*`: every action, or every action of a service."""
    text = text_of(value)
    if text is None or _PLACEHOLDER in text:
        return False
    prefix, sep, name = text.strip().partition(":")
    return text.strip() == "*" or (bool(sep) and bool(prefix) and name == "*")


def is_broad_resource(value: Any) -> bool:
    """`*`, or an ARN that names every resource of its type in any account:
    `arn:aws:logs:*:*:*`, `arn:aws:logs:${var.region}:*:*`, `arn:aws:s3:::*`,
    `arn:aws:dynamodb:*:*:table/*`. An ARN with a known account (`...:123456789012:*`) or a
    known resource name (`arn:aws:iam::*:role/deployer`) is narrowed and is not broad."""
    text = text_of(value)
    if text is None:
        return False
    text = text.strip()
    if text == "*":
        return True
    parts = text.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        return False
    service, account, resource = parts[2], parts[4], parts[5]
    if service == "s3":  # arn:aws:s3:::bucket/key: no account; the bucket is the name
        return resource.split("/", 1)[0] == "*"
    if account != "*":
        return False  # a known account (or none: a global resource type) narrows it
    name = resource.split("/", 1)[-1] if "/" in resource else resource.split(":", 1)[-1]
    return resource in ("*", "*/*") or name == "*"

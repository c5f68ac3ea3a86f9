"""Errors that end an analysis with exit code 2 and a one-line reason."""

from __future__ import annotations


class InputError(Exception):
    """Unreadable or unusable input: reported as one line on stderr, exit code 2."""


class UsageError(Exception):
    """A bad command line or configuration: reported as one line on stderr, exit code 2."""

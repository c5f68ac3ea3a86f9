"""AWS Lambda's and CloudWatch Synthetics' runtime deprecation schedules
(data/aws/lambda_runtimes.json and synthetics_runtimes.json, with their sources)."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from typing import NamedTuple

from tfjudge.shipped import data_text


class RuntimeSchedule(NamedTuple):
    """The deprecation date of each runtime, and where it comes from."""

    source: str
    deprecation: dict[str, dt.date]

    def deprecated_on(self, runtime: str) -> dt.date | None:
        return self.deprecation.get(runtime)

    def successor(
        self, runtime: str, today: dt.date, known: frozenset[str] | None = None
    ) -> str | None:
        """The supported runtime of the same language with the latest deprecation date, of
        those the provider release `known` accepts when given."""
        family = _family(runtime)
        candidates = [
            (date, name)
            for name, date in self.deprecation.items()
            if _family(name) == family and date > today and (known is None or name in known)
        ]
        return max(candidates)[1] if candidates else None


def _family(runtime: str) -> str:
    match = re.match(r"[a-z]+", runtime)
    name = match.group(0) if match else runtime
    return "dotnet" if name.startswith("dotnet") else name


@cache
def runtime_schedule(name: str = "lambda_runtimes") -> RuntimeSchedule:
    """The schedule of `name`: "lambda_runtimes" or "synthetics_runtimes"."""
    text = data_text(f"aws/{name}.json")
    data = json.loads(text)
    return RuntimeSchedule(
        data["source"],
        {name: dt.date.fromisoformat(date) for name, date in data["runtimes"].items()},
    )

"""Cases of aws.fifo-name: `(resource type, arguments, the provider refuses the name)`,
each a block of one configuration (tests/rules/test_fifo_name.py; against an offline
terraform plan in tests/oracle/test_fifo_name_oracle.py)."""

from __future__ import annotations

CASES: list[tuple[str, str, bool]] = [
    ("aws_sqs_queue", 'name = "orders"\n  fifo_queue = true', True),
    ("aws_sqs_queue", 'name = "orders.fifo"\n  fifo_queue = true', False),
    ("aws_sqs_queue", 'name = "orders.fifo"', True),
    ("aws_sqs_queue", 'name = "orders.fifo"\n  fifo_queue = false', True),
    ("aws_sqs_queue", 'name = "orders"', False),
    ("aws_sqs_queue", 'name_prefix = "orders-"\n  fifo_queue = true', False),
    ("aws_sns_topic", 'name = "events"\n  fifo_topic = true', True),
    ("aws_sns_topic", 'name = "events.fifo"\n  fifo_topic = true', False),
    ("aws_sns_topic", 'name = "events.fifo"', True),
    ("aws_sns_topic", 'name = "events"', False),
]


def configuration() -> tuple[str, dict[int, bool]]:
    """The configuration and, by the line of each block's first argument, whether it fails."""
    text = ""
    lines: dict[int, bool] = {}
    for index, (kind, arguments, fails) in enumerate(CASES):
        lines[text.count("\n") + 2] = fails
        text += f'resource "{kind}" "case{index}" {{\n  {arguments}\n}}\n'
    return text, lines

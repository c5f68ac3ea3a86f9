"""Answers shared by tests: CLEAN is one every rule accepts."""

CLEAN = (
    'Answer:\n\n```hcl\nvariable "environment_suffix" {\n  type    = string\n  default = "dev"\n}\n\n'
    'resource "aws_sqs_queue" "jobs" {\n  name                      = "jobs-${var.environment_suffix}"\n'
    "  message_retention_seconds = 86400\n  sqs_managed_sse_enabled   = true\n}\n\n"
    'output "queue_url" {\n  value = aws_sqs_queue.jobs.url\n}\n```\n'
)
# CLEAN with one syntax error: two arguments on one line
BROKEN = CLEAN.replace(
    "message_retention_seconds = 86400", "message_retention_seconds = 86400 x = 1"
)

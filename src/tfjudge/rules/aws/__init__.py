"""aws: what the AWS APIs reject at apply time, and the wiring between resources."""

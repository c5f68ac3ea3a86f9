"""aws: what the AWS APIs reject at apply time, and cross-resource wiring."""

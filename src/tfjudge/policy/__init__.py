"""Policies: the IAM action catalogue and (soon) the one evaluated policy model."""

"""Derived views of resources that rules share: S3 buckets with their companions."""

"""The report model: findings written up as a reviewer would, shared by the md and html formats."""

from tfjudge.report.model import Report, build_report

__all__ = ["Report", "build_report"]

"""tfjudge: judge Terraform written by language models."""

__version__ = "0.1.0"

"""Stage 3: the configuration view over the parsed files."""

from tfjudge.model.config import Configuration, Module, block_address, build_configuration

__all__ = ["Configuration", "Module", "block_address", "build_configuration"]

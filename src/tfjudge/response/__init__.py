"""Stage 1: from the response on disk to the files it holds."""

from tfjudge.response.loader import Response, load_response, load_text_input

__all__ = ["Response", "load_response", "load_text_input"]

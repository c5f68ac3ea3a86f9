"""What the prompt says about access and placeholders, sentence by sentence.

Three questions some rules weigh, each answered with the prompt sentence that settles it
(its line is quoted in the finding) or None:

- `asks_for_authentication`: the task wants callers authenticated ("API requests must be
  authenticated via Cognito", "use IAM authorization", "require an API key"); "secure
  endpoints" alone does not count (it is as often read as TLS);
- `says_public`: the task wants an endpoint open to anyone ("a public API", "no
  authentication required");
- `allows_placeholders`: the task asks for placeholder values ("use placeholder values
  for bucket names").

A mention in a negated clause ("no placeholders or pseudo-code", "the bucket must not be
publicly accessible") does not count; text in the prompt's code fences is an example.
"""

from __future__ import annotations

import re

from tfjudge.patterns import lazy_pattern
from tfjudge.prompt.requirements import Sentence, may_say, negated, sentences

_AUTHENTICATION = lazy_pattern(
    r"\b(?:authenticat(?:e|es|ed|ion|ing)\b|authoriz(?:ation|er|ers|ed)\b|cognito|jwt|oauth|"
    r"api[ -]keys? (?:required|authentication)|(?:require|requires|required|with)\s+(?:an?\s+)?"
    r"api[ -]keys?|iam auth\w*|sigv4|signed requests?|mutual tls|mtls)",
    re.IGNORECASE,
)
_ENDPOINT = lazy_pattern(
    r"\b(?:apis?|endpoints?|routes?|requests?|callers?|clients?|users?|access|function urls?|"
    r"gateway|web ?sockets?|methods?)\b",
    re.IGNORECASE,
)
_PUBLIC = lazy_pattern(
    r"\b(?:public(?:ly)?[ -](?:accessible|available|reachable|open)|public (?:api|"
    r"endpoint|url|webhook|website)s?|open to (?:the )?(?:public|internet|anyone)|"
    r"(?:no|without) (?:authentication|auth|authorization)|unauthenticated|anonymous(?:ly)?)\b",
    re.IGNORECASE,
)
_API = lazy_pattern(
    r"\b(?:apis?|endpoints?|urls?|routes?(?! tables?)|webhooks?|websites?|function urls?)\b",
    re.IGNORECASE,
)
_PLACEHOLDER = lazy_pattern(r"\bplace-?holders?\b", re.IGNORECASE)


def asks_for_authentication(prompt_text: str) -> Sentence | None:
    for sentence in sentences(prompt_text):
        text = sentence.text
        for match in _AUTHENTICATION.finditer(text):
            if _ENDPOINT.search(text) and not negated(text, match.start()):
                return sentence
    return None


def says_public(prompt_text: str) -> Sentence | None:
    for sentence in sentences(prompt_text):
        text = sentence.text
        if not _API.search(text):
            continue  # "the bucket must be publicly readable" is not about an endpoint
        for match in _PUBLIC.finditer(text):
            if not negated(text, match.start()):
                return sentence
    return None


def allows_placeholders(prompt_text: str) -> Sentence | None:
    if not may_say(prompt_text, _PLACEHOLDER):
        return None
    for sentence in sentences(prompt_text):
        text = sentence.text
        for match in _PLACEHOLDER.finditer(text):
            if not negated(text, match.start()):
                return sentence
    return None

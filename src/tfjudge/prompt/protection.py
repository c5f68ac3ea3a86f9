"""What the prompt asks about key-managed encryption and logging, sentence by sentence.

Two questions security rules weigh, each answered with the prompt sentence that settles it
(its line is quoted in the finding) or None, and how directly it asks:

- `asks_for_kms`: the task wants data encrypted at rest with KMS or a customer-managed key,
  either of everything ("encryption at rest for all data stores using AWS KMS") or of a
  subject the caller names ("encrypt CloudWatch log groups with KMS");
- `asks_for_logging`: the task wants a subject logged or audited ("enable VPC flow logs",
  "S3 access logging", "audit all access to the buckets").

A mention in a negated clause ("don't use customer managed KMS keys") does not count; text in
the prompt's code fences is an example.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tfjudge.patterns import lazy_pattern
from tfjudge.prompt.requirements import Sentence, negated, sentences

_KMS = lazy_pattern(r"\bKMS\b|\bcustomer[- ]managed (?:KMS )?keys?\b|\bCMKs?\b", re.IGNORECASE)
_ENCRYPT = lazy_pattern(r"\bencrypt(?:ed|ion|s|ing)?\b", re.IGNORECASE)
# the scope of a sentence that asks for everything, not one named service
_EVERYTHING = lazy_pattern(
    r"\ball (?:the )?(?:data|data ?stores|storage|stored data|resources|services|sensitive data)"
    r"\b|\beverything\b|\bwherever possible\b|\beverywhere\b",
    re.IGNORECASE,
)
_LOGGING = lazy_pattern(
    r"\blog(?:s|ged|ging)?\b|\baudit(?:s|ed|ing)?\b|\btrail\b|\bmonitor(?:s|ed|ing)?\b|\brecord(?:s|ed|ing)?\b",
    re.IGNORECASE,
)


class Ask(NamedTuple):
    """A prompt sentence that asks for the protection; `named` when it names the subject."""

    sentence: Sentence
    named: bool

    @property
    def quote(self) -> str:
        return f'prompt line {self.sentence.line}: "{self.sentence.text.strip()}"'


def asks_for_kms(
    prompt_text: str, subject: re.Pattern[str], *, kms_implied: bool = False
) -> Ask | None:
    """The sentence asking for KMS (customer-managed key) encryption of `subject` (named)
    or of all data (not named); a named ask wins over a general one. `kms_implied`: the
    subject's only encryption is KMS (SNS, SQS-KMS), so asking to encrypt it is enough."""
    general: Ask | None = None
    for sentence in sentences(prompt_text):
        text = sentence.text
        kms = _first_unnegated(_KMS, text)
        if _first_unnegated(_ENCRYPT, text) is None or (kms is None and not kms_implied):
            continue
        if _first_unnegated(subject, text) is not None:
            return Ask(sentence, named=True)
        if kms is None:
            continue
        if general is None and _EVERYTHING.search(text):
            general = Ask(sentence, named=False)
    return general


def asks_for_logging(prompt_text: str, subject: re.Pattern[str]) -> Ask | None:
    """The sentence asking to log or audit `subject` ("VPC flow logs", "S3 access logs")."""
    for sentence in sentences(prompt_text):
        text = sentence.text
        if _first_unnegated(subject, text) is None:
            continue
        if _first_unnegated(_LOGGING, text) is not None:
            return Ask(sentence, named=True)
    return None


def _first_unnegated(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    for match in pattern.finditer(text):
        if not negated(text, match.start()):
            return match
    return None

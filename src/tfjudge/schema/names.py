""" "Did you mean": the nearest names to a misspelt one.

Terraform suggests a name at Levenshtein distance below 3. Answers from language models
miss by more (`log_destination_arn` for `log_destination`, `aws_s3_bucket_encryption` for
`aws_s3_bucket_server_side_encryption_configuration`), so after terraform's rule come
names holding every `_` word of the wrong one (shortest first), names that differ by whole
words at either end, then difflib's closest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def levenshtein(a: str, b: str, limit: int = 3) -> int:
    """The edit distance of a and b, or `limit` when it is at least `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    # each edit adds or removes at most two characters of the symmetric difference of
    # the character sets, and changes one count on each side: two cheap lower bounds
    if len(set(a) ^ set(b)) > 2 * (limit - 1):
        return limit
    surplus, deficit = Counter(a), Counter(b)
    surplus.subtract(deficit)
    if (
        max(sum(n for n in surplus.values() if n > 0), -sum(n for n in surplus.values() if n < 0))
        >= limit
    ):
        return limit
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) >= limit:
            return limit
        previous = current
    return min(previous[-1], limit)


def near_misses(name: str, candidates: Iterable[str]) -> list[str]:
    """The candidates within two edits of `name`, nearest first (then by name): what
    terraform suggests ("Did you mean ...?")."""
    return sorted(
        (c for c in sorted(set(candidates)) if levenshtein(name, c) < 3),
        key=lambda c: levenshtein(name, c),
    )


def suggest(name: str, candidates: Iterable[str], count: int = 1) -> list[str]:
    """Up to `count` candidates nearest to `name`, best first."""
    pool = sorted(set(candidates))
    found: list[str] = []

    def add(names: Iterable[str]) -> None:
        for candidate in names:
            if candidate != name and candidate not in found and len(found) < count:
                found.append(candidate)

    add(near_misses(name, pool))
    if found:  # terraform's own suggestion: a near miss is the answer
        return found
    words = set(name.split("_"))
    wider = [c for c in pool if len(words) > 2 and words < set(c.split("_"))]
    add(sorted(wider, key=lambda c: (len(c), c)))
    neighbours = [c for c in pool if _word_neighbour(name, c)]
    add(sorted(neighbours, key=lambda c: (abs(len(c) - len(name)), c)))
    import difflib  # the last resort for an unknown name: keep it out of every start-up

    # difflib over 1,500 type names is slow: first the names of the same service prefix
    service = name.split("_")[:2]
    near = [c for c in pool if c.split("_")[:2] == service] or pool
    add(difflib.get_close_matches(name, near, n=count, cutoff=0.8))
    return found


def _word_neighbour(name: str, candidate: str) -> bool:
    """`a_b_c` and `a_b`, or `a_b` and `x_a_b`: the same words with some added at one end."""
    longer, shorter = (name, candidate) if len(name) > len(candidate) else (candidate, name)
    if len(shorter) < 4:
        return False
    return longer.startswith(shorter + "_") or longer.endswith("_" + shorter)

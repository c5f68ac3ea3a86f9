"""What the prompt asks for, read deterministically and offline.

The prompt (Markdown or plain text, in any style: bullets, prose, numbered lists, tables,
"must" or "should") is cut into sentences, each keeping its prompt line. From them come:

- format instructions: code only, exactly one code block, the fence language, the files
  required, the files ruled out, a single file;
- required components, through the reviewed synonym table (`components.toml`);
- required outputs and variables (`environment_suffix`), and the regions named.

A mention in a negated clause ("don't use customer managed KMS keys", "no provider
block") or about something that already exists ("I already have a provider.tf") is not a
requirement. Text inside the prompt's own code fences is an example, not an instruction.

`PromptRequirements` is a fact: rules get it with `ctx.get(PromptRequirements)`.
"""

from __future__ import annotations

import re
from dataclasses import field
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from tfjudge.facts import fact
from tfjudge.findings import Finding
from tfjudge.patterns import lazy_pattern
from tfjudge.prompt.components import Component, component_table
from tfjudge.records import record

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext


class Sentence(NamedTuple):
    """One sentence of the prompt, with its 1-based line and the section it stands in."""

    line: int
    text: str
    section: str = ""
    listed: bool = False  # a bullet, numbered item or table row
    breaks: tuple[int, ...] = ()  # offsets in `text` where a later prompt line starts

    def line_at(self, position: int) -> int:
        """The prompt line of the character at `position` (sentences wrap over lines)."""
        return self.line + sum(1 for at in self.breaks if at <= position)


@record(frozen=True)
class Requirement:
    """One thing the prompt asks for, with the prompt line it came from."""

    kind: str  # code-only, single-block, fence-language, file, no-file, single-file,
    #            component, output, variable, region
    key: str  # the language, file name, component name, output or variable name, region
    line: int
    quote: str
    types: tuple[str, ...] = ()  # components: the resource types that satisfy it
    address: str = ""  # components: the type a finding names
    component: Component | None = field(default=None, compare=False, repr=False)
    words: tuple[str, ...] = ()  # outputs: the item's words


@record
class PromptRequirements:
    """Everything the prompt asks for, by kind (`all()` lists them)."""

    code_only: Requirement | None = None
    single_block: Requirement | None = None
    fence_language: Requirement | None = None
    single_file: Requirement | None = None
    files: list[Requirement] = field(default_factory=list)
    forbidden_files: list[Requirement] = field(default_factory=list)
    components: list[Requirement] = field(default_factory=list)
    outputs: list[Requirement] = field(default_factory=list)
    variables: list[Requirement] = field(default_factory=list)
    regions: list[Requirement] = field(default_factory=list)

    def all(self) -> list[Requirement]:
        singles = [self.code_only, self.single_block, self.fence_language, self.single_file]
        return [
            *(r for r in singles if r is not None),
            *self.files,
            *self.forbidden_files,
            *self.components,
            *self.outputs,
            *self.variables,
            *self.regions,
        ]


# -- cutting the prompt into sentences ---------------------------------------------------------

_FENCE = lazy_pattern(r"^\s{0,3}(`{3,}|~{3,})")
_LIST_ITEM = lazy_pattern(r"^\s*(?:[-*+•]|\d+[.)]|[a-z][.)]|\|)\s*")
_HEADING = lazy_pattern(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_LABEL = lazy_pattern(
    r"^\s*(?:\*\*|__)?([A-Za-z][A-Za-z0-9 /&()'-]{1,50}?)(?:\*\*|__)?\s*:\s*(?:\*\*)?\s*$"
)
_CAPS_LABEL = lazy_pattern(r"^\s*([A-Z][A-Z0-9 /&()'-]{2,50})(?:\s*\([^)]*\))?\s*[:\-]?\s*(.*)$")
_SENTENCE_END = lazy_pattern(r"(?<=[.!?])\s+(?=[A-Z`*\"'(\[])")
_MARKUP = lazy_pattern(r"\*\*|__|(?<!\w)_(?=\w)|(?<=\w)_(?!\w)")


def sentences(text: str) -> list[Sentence]:
    """The prompt's sentences outside its code fences, each with its line and section.

    A paragraph or list item wrapped over several lines is one text; each sentence keeps
    the line it starts on.
    """
    out: list[Sentence] = []
    for first, body, section, listed in _paragraphs(text):
        offset = 0
        for piece in _split_sentences(body):
            start = body.index(piece, offset) if piece else offset
            offset = start + len(piece)
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                begin = start + lead
                line = first[0] + sum(1 for at in first[1] if at <= begin)
                breaks = tuple(at - begin for at in first[1] if begin < at < offset)
                out.append(Sentence(line, piece.strip(), section, listed, breaks))
    return out


def may_say(text: str, pattern: re.Pattern[str]) -> bool:
    """Whether a sentence of `text` can match `pattern`, a pattern of words (what it
    matches has no space): tested on the whole text, a prompt that never says it is not cut
    into sentences. The markup `sentences` takes out can join a word (`place**holder**`):
    it is taken out here too."""
    return pattern.search(_MARKUP.sub("", text)) is not None


_ABBREVIATION = lazy_pattern(r"(?:\be\.g|\bi\.e|\betc|\bvs|\bapprox|\bincl)\.$", re.IGNORECASE)


def _split_sentences(body: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(body):
        if _ABBREVIATION.search(body[start : match.start()]):
            continue
        pieces.append(body[start : match.start()])
        start = match.start()
    pieces.append(body[start:])
    return pieces


def _paragraphs(text: str) -> list[tuple[tuple[int, list[int]], str, str, bool]]:
    """(first line and the offsets where later lines start, text, section, listed) per paragraph."""
    paragraphs: list[tuple[tuple[int, list[int]], str, str, bool]] = []
    section = ""
    fence: str | None = None
    current: list[tuple[int, str]] = []
    current_listed = False
    current_section = ""

    def flush() -> None:
        nonlocal current
        if current:
            parts, breaks, length = [], [], 0
            for index, (_, piece) in enumerate(current):
                if index:
                    breaks.append(length + 1)
                    length += 1
                parts.append(piece)
                length += len(piece)
            body = _MARKUP.sub("", " ".join(parts).replace("|", " ")).strip()
            paragraphs.append(((current[0][0], breaks), body, current_section, current_listed))
        current = []

    for number, raw in enumerate(text.split("\n"), start=1):
        opener = _FENCE.match(raw)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            continue
        if opener:
            flush()
            fence = opener.group(1)
            continue
        line = raw.strip()
        if not line or set(line) <= set("-=*_|: "):
            flush()
            continue
        heading = _HEADING.match(raw)
        label = _LABEL.match(line)
        caps = _CAPS_LABEL.match(line)
        listed = bool(_LIST_ITEM.match(raw))
        if heading or label:
            flush()
            section = (heading or label).group(1)  # type: ignore[union-attr]
        elif caps and caps.group(1).strip().isupper() and len(caps.group(1).split()) <= 5:
            flush()
            section = caps.group(1)
        elif not listed and not raw.startswith((" ", "\t")) and len(line) > 120 and not current:
            section = ""  # a long prose paragraph ends a list's section
        body = _LIST_ITEM.sub("", raw, count=1).strip() if listed else line
        if listed or heading or label or not current:
            flush()
            current_listed, current_section = listed, section
        current.append((number, body))
    flush()
    return paragraphs


# -- negation ----------------------------------------------------------------------------------

_NEGATION = lazy_pattern(
    r"\b(?:don'?t|do not|does not|doesn'?t|should not|shouldn'?t|must not|mustn'?t|never|"
    r"not|no|without|avoid|exclud(?:e|ing)|instead of|rather than|except|already|"
    r"existing|pre-?existing|handled elsewhere|outside (?:of )?(?:this|the) (?:stack|config))\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = lazy_pattern(r"[;:!?]|\bbut\b|\bso\b|\bthen\b|\bjust\b|\bonly\b|[-–—]\s|\.\s", re.I)


def negated(sentence: str, position: int) -> bool:
    """Whether the words before `position` negate what stands there, within its clause."""
    before = sentence[:position]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(before)]
    clause = before[breaks[-1] :] if breaks else before
    cues = list(_NEGATION.finditer(clause))
    if not cues:
        return False
    # a cue counts when it is near: at most eight words between it and the mention
    return len(clause[cues[-1].end() :].split()) <= 8


def _after_is_existing(sentence: str, end: int) -> bool:
    rest = sentence[end : end + 40].lower()
    return bool(re.match(r"\s*(?:\(already exists\)|already exists|exists already|is given)", rest))


# -- format instructions -----------------------------------------------------------------------

_CODE_ONLY = lazy_pattern(
    r"\b(?:no|without|don'?t (?:include|add|give|write)|do not (?:include|add|give|write)|"
    r"never include)\b[^.;]{0,40}\b(?:explanations?|prose|commentary|text|descriptions?|"
    r"reasoning|discussion)\b"
    r"|\b(?:respond|reply|answer|return|give(?: me)?|provide|output)\s+(?:with\s+)?(?:only|just)\b"
    r"|\b(?:only|just)\s+(?:give|return|provide|respond|reply|output)\b"
    r"|\bjust (?:give me )?the (?:hcl |terraform )?code\b"
    r"|\bcode only\b|\bonly code\b|\bnothing (?:else )?(?:outside|but|except)\b",
    re.IGNORECASE,
)
_SINGLE_BLOCK = lazy_pattern(
    r"\b(?:one|single|exactly one|only one|a single)\s+(?:complete\s+|fenced\s+|hcl\s+|"
    r"terraform\s+|markdown\s+)*code[ -]?blocks?\b",
    re.IGNORECASE,
)
_FENCE_LANGUAGE = lazy_pattern(
    r"\blanguage\s+`?(?P<a>[A-Za-z0-9_+-]+)`?"
    r"|(?P<b>hcl|terraform)\s+(?:fenced\s+)?code[ -]?blocks?"
    r"|```(?P<c>[A-Za-z0-9_+-]+)"
    r"|(?:fenced|tagged|marked)\s+(?:as|with)\s+`?(?P<d>[A-Za-z0-9_+-]+)`?",
    re.IGNORECASE,
)
_FILE_NAME = lazy_pattern(
    r"(?<![\w./-])(?:[\w-]+/)*[\w][\w.-]*\.(?:tf|tfvars|py|js|mjs|ts|sh|json|ya?ml)(?![\w.])"
)
_FILE_KIND = lazy_pattern(r"\b(?:separate\s+)?(?P<ext>tfvars|\.tfvars|json|yaml)\s+files?\b", re.I)
_SINGLE_FILE = lazy_pattern(
    r"\b(?:single|one)\s+(?:terraform\s+|tf\s+|hcl\s+|configuration\s+|well[ -]commented\s+)*"
    r"(?:file|main\.tf|[\w-]+\.tf)\b(?!\s+(?:per|for each|for every|each))",
    re.IGNORECASE,
)
_DELIVER = lazy_pattern(
    r"\b(?:write|create|provide|include|deliver|give|split|put|organi[sz]e|generate|produce|"
    r"return|output|named|called|file names?|filenames?)\b|^[\w./-]+\.\w+\s*(?:[-–—:(]|$)",
    re.IGNORECASE,
)
_DELIVERABLE_SECTION = lazy_pattern(r"deliver|files?|structure|layout|format|output", re.I)
_PERMISSIVE = lazy_pattern(r"\b(?:can|could|may|might|is fine|optionally|if you want)\b", re.I)


def _read_format(found: PromptRequirements, sentence: Sentence) -> None:
    text = sentence.text
    if found.code_only is None and _CODE_ONLY.search(text):
        found.code_only = Requirement("code-only", "code only", sentence.line, text)
    single = _SINGLE_BLOCK.search(text)
    if (
        found.single_block is None
        and single
        and not negated(text, single.start())
        and not re.search(r"\beach\b[^.]*\b(?:its own|separate)\b", text, re.I)
    ):
        found.single_block = Requirement("single-block", "one code block", sentence.line, text)
    language = _FENCE_LANGUAGE.search(text)
    if found.fence_language is None and language and re.search(r"code|block|fence", text, re.I):
        name = next(g for g in language.groups() if g).lower()
        if name in ("hcl", "terraform", "tf"):
            found.fence_language = Requirement("fence-language", name, sentence.line, text)
    _read_files(found, sentence)


def _read_files(found: PromptRequirements, sentence: Sentence) -> None:
    text = sentence.text
    single = _SINGLE_FILE.search(text)
    names = list(_FILE_NAME.finditer(text))
    if (
        found.single_file is None
        and single
        and not _PERMISSIVE.search(text[: single.start()])
        and not negated(text, single.start())
    ):
        target = [m.group(0) for m in names if m.group(0).endswith(".tf")]
        found.single_file = Requirement(
            "single-file", target[0] if target else "", sentence.line, text
        )
    deliverable = bool(_DELIVER.search(text)) or (
        sentence.listed and bool(_DELIVERABLE_SECTION.search(sentence.section))
    )
    for match in names:
        name = match.group(0)
        line = sentence.line_at(match.start())
        if re.match(r"https?:|www\.", text[max(0, match.start() - 8) : match.start()]):
            continue
        if _after_is_existing(text, match.end()) or _existing_before(text, match.start()):
            continue
        if negated(text, match.start()):
            found.forbidden_files.append(Requirement("no-file", name, line, text))
        elif deliverable and not _example(text, match.start()):
            found.files.append(Requirement("file", name, line, text))
    for kind in _FILE_KIND.finditer(text):
        if negated(text, kind.start()):
            extension = "." + kind.group("ext").lstrip(".").lower()
            line = sentence.line_at(kind.start())
            found.forbidden_files.append(Requirement("no-file", "*" + extension, line, text))


def _existing_before(text: str, position: int) -> bool:
    return bool(
        re.search(
            r"\b(?:already|existing|another|other|separate|taken care of|handled)\b[^.;]{0,30}$",
            text[:position],
            re.I,
        )
    )


def _example(text: str, position: int) -> bool:
    return bool(
        re.search(
            r"(?:\be\.g\.|\bfor example|\bsuch as|\blike)\s*[:,]?\s*(?:\w+\s+)?`?\"?(?:\$\{)?$",
            text[:position],
        )
    )


# -- components --------------------------------------------------------------------------------

_OTHER_CLOUD = lazy_pattern(
    r"\b(?:gcp|google cloud|azure|digitalocean|digital ocean|oracle cloud|oci|alibaba cloud|"
    r"ibm cloud|openstack|vsphere|linode|hetzner|cloudflare workers|gke|aks|"
    r"google kubernetes engine|google compute engine|cloud run|bigquery)\b",
    re.IGNORECASE,
)
_AWS_NAMED = lazy_pattern(r"\b(?:aws|amazon)\b", re.IGNORECASE)


def asks_for_aws(text: str) -> bool:
    """Whether the components the prompt names are AWS's: not when it names another cloud
    and never AWS ("a VPC network and subnets on GCP" asks for no `aws_vpc`)."""
    return not _OTHER_CLOUD.search(text) or bool(_AWS_NAMED.search(text))


_OUTPUT_WORD = lazy_pattern(r"\boutputs?\b|\bexport(?:s|ed)?\b", re.IGNORECASE)


# "VPC endpoints for S3, DynamoDB", "KMS keys for SSM params", "permissions to SQS": what
# follows names what the thing serves, not a component the prompt asks for
_SERVING = lazy_pattern(
    r"\b(?:endpoints?|keys?|permissions?|access|policies|grants?|groups?|roles?|logs?|logging|"
    r"metrics?|monitoring)\s+(?:for|to|of)\b[^;:.()]*",
    re.I,
)
# "use the suffix in the name of every resource (functions, tables, alarms, ...)": examples
_NAMING = lazy_pattern(r"\b(?:nam(?:e|es|ed|ing)|tag(?:s|ged|ging)?|prefix|suffix)\b", re.I)


_EXAMPLES = lazy_pattern(
    r"\((?:e\.g\.|i\.e\.|for example|such as|like)[^)]*\)|\be\.g\.,?[^.;)]*", re.IGNORECASE
)
# "optionally add a DynamoDB table", "maybe `aws_region`": offered, not required
_OPTIONAL = lazy_pattern(
    r"\b(?:optional(?:ly)?|maybe|perhaps|if (?:needed|you want|desired|required)|"
    r"could|might|nice to have)\b",
    re.IGNORECASE,
)


def optional(sentence: str, position: int) -> bool:
    """Whether the clause before `position` offers the thing rather than requiring it."""
    before = sentence[:position]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(before)]
    clause = before[breaks[-1] :] if breaks else before
    return bool(_OPTIONAL.search(clause)) or bool(
        re.search(r"\(\s*optional(?:ly)?\b[^)]*$", before, re.IGNORECASE)
    )


def _ignored_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _SERVING.finditer(text)]
    spans += [m.span() for m in _EXAMPLES.finditer(text)]
    if _NAMING.search(text):
        spans += [m.span() for m in re.finditer(r"\([^)]*\)", text)]
    return spans


# "associated with a specified VPC", "the given subnet", "the default KMS key": one that
# exists already (the account's default, or an input), not one to create
_GIVEN_BEFORE = lazy_pattern(
    r"\b(?:specified|given|provided|supplied|default)\s+(?:aws\s+)?$", re.IGNORECASE
)


# "using provided subnet IDs, instance IDs, security group, ports, and SSL certificate":
# every item of a list that `provided` (given, existing, ...) opens exists already
_GIVEN_WORD = lazy_pattern(
    r"\b(?:provided|given|supplied|specified|existing|pre-?existing)\s+", re.IGNORECASE
)
_LIST_TAIL = lazy_pattern(r"[\w/ ,-]{0,120}")
_ACTION = lazy_pattern(
    r"\b(?:creat\w*|build\w*|provision\w*|deploy\w*|set up|configur\w*|new|own)\b",
    re.IGNORECASE,
)


def _in_given_list(text: str, mention: re.Match[str]) -> bool:
    """Whether the mention is an item of a list of things the prompt says exist already:
    words and commas since `provided` (no clause break, nothing to create or deploy)."""
    before = text[: mention.start()]
    openers = list(_GIVEN_WORD.finditer(before))
    if not openers:
        return False
    tail = before[openers[-1].end() :]
    return bool(_LIST_TAIL.fullmatch(tail)) and not _ACTION.search(tail)


def _read_components(found: PromptRequirements, sentence: Sentence, seen: set[str]) -> None:
    text = sentence.text
    if _is_output_sentence(sentence):
        return
    ignored = _ignored_spans(text)
    for component in component_table():
        if component.name in seen:
            continue
        for mention in component.mentions(text):
            if negated(text, mention.start()) or _after_is_existing(text, mention.end()):
                continue
            if _GIVEN_BEFORE.search(text[: mention.start()]) or _in_given_list(text, mention):
                continue
            if optional(text, mention.start()):
                continue
            if any(a <= mention.start() < b for a, b in ignored):
                continue
            seen.add(component.name)
            found.components.append(
                Requirement(
                    "component",
                    component.name,
                    sentence.line_at(mention.start()),
                    text,
                    types=component.types,
                    address=component.address,
                    component=component,
                )
            )
            break


def _refine_addresses(found: PromptRequirements) -> None:
    """A component's address may depend on another one the prompt asks for (EC2 + ASG)."""
    addresses = {r.address for r in found.components}
    refined: list[Requirement] = []
    for requirement in found.components:
        component = requirement.component
        address = requirement.address
        if component is not None:
            for other, chosen in component.canonical:
                if other in addresses:
                    address = chosen
        refined.append(
            Requirement(
                requirement.kind,
                requirement.key,
                requirement.line,
                requirement.quote,
                types=requirement.types,
                address=address,
                component=component,
            )
        )
    found.components = refined


# -- outputs -----------------------------------------------------------------------------------

_CHUNK_SPLIT = lazy_pattern(r"[,;()\[\]]|\s(?:and|or|plus|&)\s|[:\u2013\u2014]|\s-\s|-\s", re.I)
_WORD = lazy_pattern(r"[a-z0-9]+")
_OUTPUT_KINDS = {
    "id", "ids", "arn", "arns", "name", "names", "url", "urls", "endpoint", "endpoints",
    "uri", "uris", "dns", "address", "addresses", "location", "ip", "ips", "hostname",
    "domain",
}  # fmt: skip
_FILLER = {
    "the", "a", "an", "all", "any", "also", "each", "every", "key", "useful", "stuff", "like",
    "such", "as", "including", "at", "minimum", "least", "essential", "important", "needed",
    "required", "for", "of", "outputs", "output", "export", "exports", "provide", "must",
    "should", "print", "below", "include", "relevant", "critical", "their", "its", "with",
    "e.g.", "eg", "other", "resource", "resources", "identifiers", "identifier", "values",
    "information", "so", "we", "can", "to", "and", "or", "main", "primary", "both",
    "displaying", "showing", "exposing", "infrastructure", "environment", "value",
    "block", "blocks", "called", "earlier", "above",
}  # fmt: skip


_OUTPUT_SECTION = lazy_pattern(
    r"^\W*(?:\w+\s+)?outputs?\b(?!\s+(?:format|exactly|files?|structure))", re.IGNORECASE
)


def _is_output_sentence(sentence: Sentence) -> bool:
    text = _FILE_NAME.sub(" ", sentence.text)
    if _OUTPUT_SECTION.search(sentence.section):
        return sentence.listed or bool(_OUTPUT_WORD.search(text))
    return bool(_OUTPUT_WORD.search(text)) and not re.search(
        r"\boutput_path\b|\bsensitive outputs?\b|\boutput format\b|\bexport(?:s|ed)? (?:from|to)\b",
        text,
        re.IGNORECASE,
    )


def _output_items(sentence: Sentence) -> list[tuple[str, int]]:
    """Phrases naming an output (`VPC ID`, `s3 bucket names/arns`), with their offsets."""
    text = _FILE_NAME.sub(lambda m: " " * len(m.group(0)), sentence.text)
    in_section = bool(_OUTPUT_SECTION.search(sentence.section))
    start = 0
    if not (in_section and sentence.listed):
        match = _OUTPUT_WORD.search(text)
        if match is None or negated(text, match.start()):
            return []
        start = match.end()
    items: list[tuple[str, int]] = []
    position = start
    for chunk in _CHUNK_SPLIT.split(text[start:]):
        offset = text.index(chunk, position) if chunk else position
        position = offset + len(chunk)
        item = _item_of(chunk, listed=in_section and sentence.listed)
        if item:
            items.append((item, offset))
    return items


def _item_of(chunk: str, listed: bool) -> str:
    tokens = chunk.split()
    kinds = [
        i for i, t in enumerate(tokens) if set(t.lower().strip(".`'\"").split("/")) & _OUTPUT_KINDS
    ]
    if kinds:
        last = kinds[0]
        while last + 1 < len(tokens) and tokens[last + 1].lower().strip(".") in _OUTPUT_KINDS:
            last += 1
        before = tokens[max(0, kinds[0] - 3) : kinds[0]]
        after: list[str] = []
        tail = tokens[last + 1 :]
        if len(tail) >= 2 and tail[0].lower() == "of":
            after = [t for t in tail[1:] if t.lower() not in _FILLER][:3]
        words = (
            [*before, *tokens[kinds[0] : last + 1]]
            if not after
            else [*after, *tokens[kinds[0] : last + 1]]
        )
    else:
        return ""
    while words and (
        words[0].lower().strip(".`'\"") in _FILLER or not _WORD.search(words[0].lower())
    ):
        words = words[1:]
    content = [
        w
        for w in words
        if not set(w.lower().strip(".`'\"").split("/")) <= _OUTPUT_KINDS
        and w.lower() not in _FILLER
    ]
    if not content or any(w.endswith(("-", ":")) for w in words[:-1]):
        return ""
    return " ".join(words).strip(" .`'\"")


def _read_outputs(found: PromptRequirements, sentence: Sentence) -> None:
    if not _is_output_sentence(sentence):
        return
    for item, offset in _output_items(sentence):
        words = tuple(_WORD.findall(item.lower()))
        if not words:
            continue
        key = "_".join(words)
        if any(r.key == key for r in found.outputs):
            continue
        line = sentence.line_at(offset)
        found.outputs.append(Requirement("output", key, line, sentence.text, words=words))


# -- variables and regions ---------------------------------------------------------------------

_IDENTIFIER = lazy_pattern(r"(?<![\w.$/-])`?([a-z][a-z0-9]*(?:_[a-z0-9]+)+)`?(?![\w.(/-])")
_BACKTICKED = lazy_pattern(r"`([a-z][a-z0-9_]*)`")
_VAR_REFERENCE = lazy_pattern(r"\bvar\.([A-Za-z_][\w-]*)")
_KEYWORDS = {"variable", "variables", "locals", "output", "outputs", "resource", "data", "module",
             "provider", "terraform"}  # fmt: skip
_REGION = lazy_pattern(
    r"\b(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:north|south|east|west|central|northeast|"
    r"southeast|northwest|southwest)-\d\b"
)


def _read_variables(found: PromptRequirements, sentence: Sentence) -> None:
    text = sentence.text
    names: list[tuple[str, int]] = [(m.group(1), m.start()) for m in _VAR_REFERENCE.finditer(text)]
    in_section = bool(re.search(r"\bvariables?\b|\binputs?\b", sentence.section, re.I))
    mentions_variable = re.search(r"\bvariables?\b", text, re.I)
    if (in_section and sentence.listed) or mentions_variable:
        names += [(m.group(1), m.start()) for m in _IDENTIFIER.finditer(text)]
        if mentions_variable:
            names += [(m.group(1), m.start()) for m in _BACKTICKED.finditer(text)]
    for name, position in names:
        if _FILE_NAME.fullmatch(name) or name in _KEYWORDS:
            continue
        if negated(text, position) or optional(text, position) or _example(text, position):
            continue
        if any(r.key == name for r in found.variables):
            continue
        found.variables.append(Requirement("variable", name, sentence.line_at(position), text))


def _read_regions(found: PromptRequirements, sentence: Sentence) -> None:
    for match in _REGION.finditer(sentence.text):
        if negated(sentence.text, match.start()):
            continue
        if not any(r.key == match.group(0) for r in found.regions):
            line = sentence.line_at(match.start())
            found.regions.append(Requirement("region", match.group(0), line, sentence.text))


# -- the whole prompt --------------------------------------------------------------------------


def read_requirements(text: str) -> PromptRequirements:
    found = PromptRequirements()
    seen_components: set[str] = set()
    fence_examples = _fence_languages(text)
    for_aws = asks_for_aws(text)
    for sentence in sentences(text):
        _read_format(found, sentence)
        if for_aws:
            _read_components(found, sentence, seen_components)
        _read_outputs(found, sentence)
        _read_variables(found, sentence)
        _read_regions(found, sentence)
    if found.fence_language is None and fence_examples:
        line, language, quote = fence_examples[0]
        found.fence_language = Requirement("fence-language", language, line, quote)
    _refine_addresses(found)
    required = {r.key for r in found.files}
    found.forbidden_files = [r for r in found.forbidden_files if r.key not in required]
    found.files = _unique(found.files)
    found.forbidden_files = _unique(found.forbidden_files)
    return found


def _unique(requirements: list[Requirement]) -> list[Requirement]:
    seen: set[str] = set()
    out = []
    for requirement in requirements:
        if requirement.key not in seen:
            seen.add(requirement.key)
            out.append(requirement)
    return out


def _fence_languages(text: str) -> list[tuple[int, str, str]]:
    """Example fences in the prompt that follow a format instruction (`in a code block:`)."""
    lines = text.split("\n")
    found: list[tuple[int, str, str]] = []
    for index, line in enumerate(lines):
        match = re.match(r"^\s{0,3}```\s*(hcl|terraform)\b", line, re.IGNORECASE)
        if not match:
            continue
        previous = [i for i in range(index) if lines[i].strip()]
        if not previous:
            continue
        before = lines[previous[-1]].strip()
        if re.search(r"code[ -]?block|fenced|format", before, re.IGNORECASE):
            found.append((previous[-1] + 1, match.group(1).lower(), before))
    return found


@fact(PromptRequirements)
def prompt_requirements(ctx: RuleContext) -> PromptRequirements:
    if ctx.prompt is None:
        return PromptRequirements()
    return requirements_of(ctx.prompt.text)


# The answers to one task share its prompt (a batch of samples, several models side by
# side): a process reads each prompt once. Rules only read the requirements.
@lru_cache(maxsize=64)
def requirements_of(text: str) -> PromptRequirements:
    """`read_requirements(text)`, remembered for the prompts read last."""
    return read_requirements(text)


def cite(finding: Finding, requirement: Requirement) -> Finding:
    """The finding, quoting the prompt line its requirement came from."""
    finding.prompt_line = requirement.line
    finding.prompt_quote = requirement.quote
    return finding

"""The AWS provider's schema, read back from a CDK for Terraform provider package.

`@cdktn/provider-aws` (and `@cdktf/provider-aws` before it) is generated from
`terraform providers schema -json` of one hashicorp/aws version (its package.json says which,
under `cdktf.provider`). The package carries what that schema said, in two published forms:

- `.jsii`, the assembly: per resource and data source a class ("Represents a {@link
  .../docs/resources/s3_bucket aws_s3_bucket}"), its config interface and nested structs,
  each property with its Terraform name in its docs link (`...#acceleration_status`),
  whether it is optional, its type, and whether it is a block ("versioning block.");
- the generated JavaScript (`lib/<type>/index.js`, and `index-structs/*.js` for large
  types), which maps every property to its
  Terraform name in code: `synthesizeHclAttributes` / `<struct>ToHclTerraform` list the
  settable ones with `isBlock` and `type` ("list", "set", "map", "struct"), and the getters
  (`get arn() { return this.getStringAttribute('arn'); }`) list every attribute, so those
  with a getter but no setting are the computed (read-only) ones.

This module turns both into the compact form of `tfjudge.schema.model`. What the package
does not carry: deprecations, sensitivity, `max_items` above 1 and `min_items` above 1, and
the content of a few blocks too large for the generator (typed `any`: WAF rule statements,
QuickSight definitions), which are kept as blocks whose content is not checked (`"?"`).
"""

from __future__ import annotations

import json
import re
import tarfile
from dataclasses import dataclass, field
from typing import Any

REPRESENTS = re.compile(
    r"Represents a \{@link https://registry\.terraform\.io/providers/hashicorp/aws/"
    r"(?P<version>[\d.]+)/docs(?:/(?P<kind>resources|data-sources)/\w+)? (?P<name>\w+)\}"
)
DOCS_ANCHOR = re.compile(r"\{@link https://registry\.terraform\.io/\S+#(?P<name>\w+) ")
CLASS = re.compile(r"^class (?P<name>\w+) extends [\w.]+ \{$", re.MULTILINE)
STRUCT_FUNCTION = re.compile(r"^function (?P<name>\w+)ToHclTerraform\(struct\) \{$", re.MULTILINE)
SYNTH_ENTRY = re.compile(
    r"^\s+(?P<tf>\w+): \{\n\s+value: (?P<value>.*),\n\s+isBlock: (?P<block>true|false),\n"
    r"\s+type: \"(?P<type>\w+)\",\n\s+storageClassType: \"(?P<storage>\w+)\",\n\s+\},?$",
    re.MULTILINE,
)
GETTER = re.compile(r"^    get (?P<ts>\w+)\(\) \{\n\s+return (?P<body>.+);\n\s+\}$", re.MULTILINE)
FIELD = re.compile(  # a class field, or an assignment in the constructor
    r"^\s+(?:this\.)?_(?P<ts>\w+) = new (?P<cls>[\w.]+)\(this, \"(?P<tf>\w+)\""
    r"(?:, (?P<set>true|false))?\);$",
    re.MULTILINE,
)
LIBRARY_MAPS = {
    "StringMap": "string",
    "NumberMap": "number",
    "BooleanMap": "bool",
    "AnyMap": "dynamic",
}
ATTRIBUTE_CALL = re.compile(r"this\.(?P<method>\w+)\('(?P<tf>\w+)'\)")
META_PROPERTIES = frozenset(
    {"connection", "count", "dependsOn", "forEach", "lifecycle", "provider", "provisioners"}
)
GETTER_TYPES = {
    "getStringAttribute": "string",
    "getNumberAttribute": "number",
    "getBooleanAttribute": "bool",
    "getListAttribute": ["list", "string"],
    "getNumberListAttribute": ["list", "number"],
    "getStringMapAttribute": ["map", "string"],
    "getNumberMapAttribute": ["map", "number"],
    "getBooleanMapAttribute": ["map", "bool"],
    "getAnyMapAttribute": ["map", "dynamic"],
    "interpolationForAttribute": "dynamic",
}
PRIMITIVES = {"string": "string", "number": "number", "boolean": "bool", "any": "dynamic"}


@dataclass
class JsClass:
    """What the JavaScript of one class says: getters and the fields behind them."""

    getters: dict[str, str] = field(default_factory=dict)  # ts name -> returned expression
    fields: dict[str, tuple[str, str, bool]] = field(default_factory=dict)  # ts -> cls, tf, set


@dataclass
class JsModule:
    """One `lib/<type>/index.js`: its classes and the settable entries of each struct."""

    classes: dict[str, JsClass] = field(default_factory=dict)
    synth: dict[str, dict[str, tuple[bool, str, str]]] = field(default_factory=dict)


def read_package(tarball: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, JsModule]]:
    """package.json, the .jsii assembly and every lib/*/index.js of a provider tarball."""
    sources: dict[str, list[str]] = {}
    package: dict[str, Any] = {}
    assembly: dict[str, Any] = {}
    with tarfile.open(tarball) as archive:
        for member in archive:
            if not member.isfile():
                continue
            name = member.name.removeprefix("package/")
            stream = archive.extractfile(member)
            assert stream is not None
            if name == "package.json":
                package = json.loads(stream.read())
            elif name == ".jsii":
                assembly = json.loads(stream.read())
            elif name.startswith("lib/") and name.endswith(".js") and name.count("/") >= 2:
                # large types put their structs in lib/<type>/index-structs/structsN.js
                sources.setdefault(name.split("/")[1], []).append(stream.read().decode("utf-8"))
    modules = {folder: parse_js("\n".join(texts)) for folder, texts in sources.items()}
    return package, assembly, modules


def parse_js(text: str) -> JsModule:
    module = JsModule()
    starts = sorted(
        [(m.start(), "class", m.group("name")) for m in CLASS.finditer(text)]
        + [(m.start(), "struct", m.group("name")) for m in STRUCT_FUNCTION.finditer(text)]
    )
    for index, (start, what, name) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        chunk = text[start:end]
        entries = {
            m.group("tf"): (m.group("block") == "true", m.group("type"), m.group("value"))
            for m in SYNTH_ENTRY.finditer(chunk)
        }
        if what == "struct":
            module.synth[name[0].upper() + name[1:]] = entries
            continue
        js = JsClass()
        js.getters = {m.group("ts"): m.group("body") for m in GETTER.finditer(chunk)}
        js.fields = {
            m.group("ts"): (m.group("cls"), m.group("tf"), m.group("set") == "true")
            for m in FIELD.finditer(chunk)
        }
        module.classes[name] = js
        if entries:
            module.synth[name] = entries  # a resource class: its config's entries
    return module


class Extractor:
    """Compact schemas from one package's assembly and JavaScript."""

    def __init__(self, assembly: dict[str, Any], modules: dict[str, JsModule]) -> None:
        self.types: dict[str, Any] = assembly["types"]
        self.modules = modules
        self.problems: list[str] = []
        self.open_structs: list[str] = []  # the structs being read, outermost first
        self.recursive: set[str] = set()

    def schemas(self) -> tuple[str, dict[tuple[str, str], dict[str, Any]]]:
        """The provider version and every type's compact schema, keyed (kind, name)."""
        found: dict[tuple[str, str], dict[str, Any]] = {}
        version = ""
        for fqn, spec in self.types.items():
            if spec.get("kind") != "class":
                continue
            said = REPRESENTS.search(spec.get("docs", {}).get("summary", ""))
            if not said:
                continue
            version = said.group("version")
            kind = {"resources": "resource", "data-sources": "data"}.get(
                said.group("kind") or "", "provider"
            )
            config = spec["initializer"]["parameters"][-1]["type"]["fqn"]
            module = self.modules.get(self.module_folder(spec))
            if module is None:
                self.problems.append(f"{fqn}: no JavaScript module")
                continue
            key = (kind, "" if kind == "provider" else said.group("name"))
            found[key] = self.block(config, spec["name"], spec["name"], module)
        return version, found

    @staticmethod
    def module_folder(spec: dict[str, Any]) -> str:
        filename: str = spec["locationInModule"]["filename"]  # src/s3-bucket/index.ts
        return filename.split("/")[1]

    # -- blocks ---------------------------------------------------------------------------

    def block(self, fqn: str, synth_name: str, getters_name: str, module: JsModule) -> Any:
        """The compact block of a config or struct interface.

        `synth_name` names its settable entries in the JavaScript (the resource class, or
        the struct), `getters_name` the class whose getters list all its attributes (the
        resource class, or `<Struct>OutputReference`).
        """
        spec = self.types[fqn]
        entries = module.synth.get(synth_name, {})
        by_ts = {_ts_name(value): tf for tf, (_, _, value) in entries.items()}
        attributes: dict[str, Any] = {}
        blocks: dict[str, Any] = {}
        for prop in self.properties(spec):
            ts = prop["name"]
            if ts in META_PROPERTIES and synth_name == getters_name:
                continue
            tf = self.terraform_name(prop, by_ts)
            if tf is None:
                self.problems.append(f"{fqn}.{ts}: no Terraform name")
                continue
            in_js, synth_type, _ = entries.get(tf, (None, "", ""))
            if in_js is None:
                self.problems.append(f"{fqn}.{ts} ({tf}): not in the JavaScript")
            # the docs say "x block." of a block only; the JavaScript also writes lists of
            # objects (`ingress`) and nested attributes as blocks, which the schema does not
            is_block = prop.get("docs", {}).get("summary", "").startswith(f"{tf} block")
            optional = bool(prop.get("optional"))
            if is_block and prop["type"].get("primitive") == "any":
                # blocks too large or deep for the generator (WAF statements, QuickSight
                # definitions) come as `any`: known to exist, their content is not
                blocks[tf] = ["list", 0 if optional else 1, 0, {"?": 1}]
            elif is_block:
                blocks[tf] = self.nested(prop["type"], synth_type, optional, module)
            else:
                kind = self.attribute_type(prop["type"], synth_type, module)
                attributes[tf] = ["o" if optional else "r", kind]
        for tf, kind in self.computed(getters_name, module, set(attributes) | set(blocks)):
            attributes[tf] = ["c", kind]
        out: dict[str, Any] = {}
        if attributes:
            out["a"] = dict(sorted(attributes.items()))
        if blocks:
            out["b"] = dict(sorted(blocks.items()))
        return out

    def properties(self, spec: dict[str, Any]) -> list[dict[str, Any]]:
        """An interface's properties, with those of the interfaces it extends (not cdktf's)."""
        props = list(spec.get("properties", []))
        for parent in spec.get("interfaces", []):
            if parent in self.types:
                props += self.properties(self.types[parent])
        return props

    @staticmethod
    def terraform_name(prop: dict[str, Any], by_ts: dict[str, str]) -> str | None:
        docs = prop.get("docs", {})
        for text in (docs.get("summary", ""), docs.get("remarks", "")):
            anchor = DOCS_ANCHOR.search(text)
            if anchor:
                return anchor.group("name")
        return by_ts.get(prop["name"])

    def nested(
        self, jsii_type: dict[str, Any], synth_type: str, optional: bool, module: JsModule
    ) -> list[Any]:
        """`[nesting, min_items, max_items, block]` of a block property."""
        struct, many = _struct_of(jsii_type)
        if struct is None:
            raise ValueError(f"a block without a struct type: {jsii_type}")
        name = struct.rsplit(".", 1)[1]
        if struct in self.open_structs:  # a block that holds itself: described once
            self.recursive.add(struct)
            inner: dict[str, Any] = {"?": 1}
        else:
            self.open_structs.append(struct)
            inner = self.block(struct, name, f"{name}OutputReference", module)
            self.open_structs.pop()
        nesting = {"set": "set", "struct": "single", "map": "map"}.get(synth_type, "list")
        # terraform's schema gives no max_items for a single block: it is one by nature
        at_most = 0 if many or nesting == "single" else 1
        return [nesting, 0 if optional else 1, at_most, inner]

    def attribute_type(self, jsii_type: dict[str, Any], synth_type: str, module: JsModule) -> Any:
        """The cty type of a settable attribute."""
        kind = self.cty(jsii_type, module)
        if synth_type == "set" and isinstance(kind, list) and kind[0] == "list":
            return ["set", kind[1]]
        return kind

    def cty(self, jsii_type: dict[str, Any], module: JsModule) -> Any:
        if "primitive" in jsii_type:
            return PRIMITIVES.get(jsii_type["primitive"], "dynamic")
        if "union" in jsii_type:
            members = [t for t in jsii_type["union"]["types"] if not _is_cdktf(t)]
            return self.cty(members[0], module) if len(members) == 1 else "dynamic"
        if "collection" in jsii_type:
            collection = jsii_type["collection"]
            head = "list" if collection["kind"] == "array" else "map"
            return [head, self.cty(collection["elementtype"], module)]
        fqn = jsii_type.get("fqn", "")
        if fqn in self.types and self.types[fqn].get("datatype"):
            return ["object", self.object_members(fqn, module)]
        return "dynamic"

    def object_members(self, fqn: str, module: JsModule) -> dict[str, Any]:
        name = fqn.rsplit(".", 1)[1]
        entries = module.synth.get(name, {})
        by_ts = {_ts_name(value): tf for tf, (_, _, value) in entries.items()}
        members: dict[str, Any] = {}
        for prop in self.properties(self.types[fqn]):
            tf = self.terraform_name(prop, by_ts)
            if tf is not None:
                synth_type = entries.get(tf, (False, "", ""))[1]
                members[tf] = self.attribute_type(prop["type"], synth_type, module)
        return dict(sorted(members.items()))

    # -- computed attributes --------------------------------------------------------------

    def computed(
        self, class_name: str, module: JsModule, settable: set[str]
    ) -> list[tuple[str, Any]]:
        """The attributes a class's getters read that configuration cannot set."""
        js = module.classes.get(class_name)
        if js is None:
            return []
        found: list[tuple[str, Any]] = []
        for ts, body in js.getters.items():
            if ts == "internalValue" or ts.endswith("Input"):
                continue
            reading = self.getter_attribute(body, js, module)
            if reading is not None and reading[0] not in settable:
                found.append(reading)
        return found

    def getter_attribute(self, body: str, js: JsClass, module: JsModule) -> tuple[str, Any] | None:
        """The Terraform name and type a getter returns, if it reads an attribute."""
        call = ATTRIBUTE_CALL.search(body)
        if call and call.group("method") in GETTER_TYPES:
            kind = GETTER_TYPES[call.group("method")]
            if body.startswith(("cdktf.Fn.tolist", "cdktn.Fn.tolist")) and isinstance(kind, list):
                kind = ["set", kind[1]]
            return call.group("tf"), kind
        own = re.fullmatch(r"this\._(\w+)", body)
        if own and own.group(1) in js.fields:
            cls, tf, wraps_set = js.fields[own.group(1)]
            return tf, self.complex_type(cls, wraps_set, module, 0)
        return None

    def complex_type(self, cls: str, wraps_set: bool, module: JsModule, depth: int) -> Any:
        """The type of a computed nested value from its generated class (`XList`, `XMap`...)."""
        if depth > 8:
            return "dynamic"
        library = cls.split(".", 1)[1] if cls.startswith(("cdktf.", "cdktn.")) else None
        if library is not None:
            return ["map", LIBRARY_MAPS[library]] if library in LIBRARY_MAPS else "dynamic"
        for suffix, head in (("List", "set" if wraps_set else "list"), ("Map", "map")):
            if cls.endswith(suffix) and f"{cls[: -len(suffix)]}OutputReference" in module.classes:
                element = self.complex_type(
                    f"{cls[: -len(suffix)]}OutputReference", False, module, depth + 1
                )
                return [head, element]
        reference = module.classes.get(cls)
        if reference is None or not cls.endswith("OutputReference"):
            return "dynamic"
        members: dict[str, Any] = {}
        for ts, body in reference.getters.items():
            if ts == "internalValue" or ts.endswith("Input"):
                continue
            call = ATTRIBUTE_CALL.search(body)
            if call and call.group("method") in GETTER_TYPES:
                members[call.group("tf")] = GETTER_TYPES[call.group("method")]
                continue
            own = re.fullmatch(r"this\._(\w+)", body)
            if own and own.group(1) in reference.fields:
                inner, tf, inner_set = reference.fields[own.group(1)]
                members[tf] = self.complex_type(inner, inner_set, module, depth + 1)
        return ["object", dict(sorted(members.items()))]


def _ts_name(value: str) -> str:
    """`cdktf.stringToHclTerraform(this._bucketPrefix)` -> `bucketPrefix`."""
    found = re.search(r"(?:this\._|struct\.)(\w+)", value)
    return found.group(1) if found else ""


def _is_cdktf(jsii_type: dict[str, Any]) -> bool:
    return str(jsii_type.get("fqn", "")).startswith(("cdktf.", "cdktn."))


def _struct_of(jsii_type: dict[str, Any]) -> tuple[str | None, bool]:
    """The struct a block property holds, and whether it holds many."""
    if "union" in jsii_type:
        for member in jsii_type["union"]["types"]:
            if not _is_cdktf(member):
                return _struct_of(member)
        return None, False
    if "collection" in jsii_type:
        inner, _ = _struct_of(jsii_type["collection"]["elementtype"])
        return inner, True
    fqn = jsii_type.get("fqn")
    return (str(fqn), False) if fqn else (None, False)

#!/usr/bin/env python3
# sealgate · fuzz corpora
"""Builds the seed corpus of each fuzz target from the repository's own inputs.

    Fuzz/make-corpus.py OUT_DIR [TARGET...]

writes OUT_DIR/<target>/<sha1-of-content> for every seed, so nothing large is committed and the seeds
follow testdata/, policies/ and the test tables as they change. Standard library only. Each seed is in
the input format its target documents (Fuzz/Sources/fuzz-<target>/*Fuzzer.swift).
"""

import hashlib
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_SEED = 64 * 1024  # larger seeds slow every mutation down more than they add coverage
TARGETS = ["yaml-loader", "json-loader", "cel", "policy-loading", "sealed-value", "pem-keys"]


def files(*patterns):
    """Repository files matching glob patterns, sorted, hidden folders included (the example repo's .github)."""
    found = set()
    for pattern in patterns:
        found.update(p for p in ROOT.glob(pattern) if p.is_file())
    return sorted(found)


def swift_unescape(body):
    """The value of a Swift string literal's body (the escapes the test tables use)."""
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != "\\" or i + 1 == len(body):
            out.append(c)
            i += 1
            continue
        n = body[i + 1]
        if n == "u" and body[i + 2 : i + 3] == "{":
            end = body.index("}", i)
            out.append(chr(int(body[i + 3 : end], 16)))
            i = end + 1
            continue
        out.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0", '"': '"', "'": "'", "\\": "\\"}.get(n, "\\" + n))
        i += 2
    return "".join(out)


def swift_literals(paths):
    """Every string literal of Swift files: single-line ones and multi-line ones with indentation removed.
    Literals with interpolation are kept as written; they are seeds, not tests."""
    single, multi = [], []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'"""\n(.*?)\n([ \t]*)"""', text, re.S):
            indent = match.group(2)
            lines = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in match.group(1).split("\n")]
            multi.append(swift_unescape("\n".join(lines) + "\n"))
        without_multi = re.sub(r'""".*?"""', "", text, flags=re.S)
        for match in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', without_multi):
            single.append(swift_unescape(match.group(1)))
    return single, multi


def yaml_expressions(path):
    """The CEL expressions of a policy file: `expression:` and `messageExpression:` values, plain or as
    block scalars (`>-`, `|`), read without a YAML library."""
    lines = path.read_text(encoding="utf-8").split("\n")
    found = []
    for index, line in enumerate(lines):
        match = re.match(r"^(\s*)(?:- )?(?:expression|messageExpression):\s*(.*)$", line)
        if not match:
            continue
        value = match.group(2).strip()
        if value and value[0] in "|>":
            body = []
            for following in lines[index + 1 :]:
                if following.strip() and len(following) - len(following.lstrip()) <= len(match.group(1)):
                    break
                body.append(following.strip())
            found.append(("\n" if value[0] == "|" else " ").join(body).strip())
        elif value:
            if value[0] in "'\"" and value[-1] == value[0]:
                value = value[1:-1].replace("''", "'") if value[0] == "'" else json.loads(value)
            found.append(value)
    return found


def sealed_values(path):
    """(flags, namespace, name, value) for every encryptedData value of the SealedSecrets in a file, with
    the flags byte of the sealed-value target's format, read without a YAML library."""
    found = []
    for document in re.split(r"^---\s*$", path.read_text(encoding="utf-8"), flags=re.M):
        if not re.search(r"^kind:\s*SealedSecret\s*$", document, re.M):
            continue
        metadata = re.search(r"^metadata:\n((?:  .*\n)+)", document, re.M)
        block = metadata.group(1) if metadata else ""
        name = re.search(r"^  name:\s*(\S+)", block, re.M)
        namespace = re.search(r"^  namespace:\s*(\S+)", block, re.M)
        flags = 0
        if re.search(r"namespace-wide:\s*\"?true", block):
            flags |= 2
        if re.search(r"cluster-wide:\s*\"?true", block):
            flags |= 4
        data = re.search(r"^  encryptedData:\n((?:    .*\n)+)", document, re.M)
        for key, value in re.findall(r"^    ([^:\s]+):\s*(\S+)$", data.group(1) if data else "", re.M):
            found.append((flags, namespace.group(1) if namespace else "", name.group(1) if name else "", value))
    return found


def seeds_yaml():
    for path in files("testdata/**/*.yaml", "testdata/**/*.yml", "testdata/**/.*/**/*.yaml", "policies/**/*.yaml", "Tests/Fixtures/**/*.yaml"):
        yield path.read_bytes()
    _, multi = swift_literals(files("Tests/KubeManifestTests/*.swift", "Tests/PolicyEngineTests/*.swift", "Tests/SealedSecretsTests/*.swift"))
    for text in multi:
        yield text.encode()
    single, _ = swift_literals(files("Tests/KubeManifestTests/*.swift"))
    for text in single:
        if ":" in text or "\n" in text or text[:1] in "[{-&*!|>'\"":
            yield text.encode()


def seeds_json():
    for path in files("testdata/**/*.json", "Tests/Fixtures/**/*.json"):
        yield path.read_bytes()
    single, multi = swift_literals(files("Tests/KubeManifestTests/*.swift"))
    for text in single + multi:
        if text.lstrip()[:1] in ("{", "["):
            yield text.encode()
    try:
        import yaml  # optional: JSON versions of the YAML fixtures, when PyYAML happens to be installed
    except ImportError:
        return
    for path in files("testdata/**/*.yaml"):
        try:
            for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
                yield json.dumps(document, indent=2, default=str).encode()
        except Exception:
            continue


def seeds_cel():
    expressions = []
    for path in files("policies/**/*.yaml", "testdata/**/*.yaml"):
        expressions += yaml_expressions(path)
    single, _ = swift_literals(files("Tests/CELTests/*.swift", "Tests/PolicyEngineTests/*.swift", "Tests/CLITests/CELCommandTests.swift"))
    expressions += single
    for expression in expressions:
        yield expression.encode()
    # Long chains of each shape, as ParserTests builds them with String(repeating:), but short enough to be
    # fine: the fuzzer's cross-overs lengthen them and find where the parser, checker or evaluator stops
    # coping.
    for link in (".a", "[0]", " && true", " || false", " + 1", " * 2", " == 1", "[?'a']", ".?a", ".size()"):
        yield ("object" + link * 150).encode()
    for open_, close in (("(", ")"), ("[", "]"), ("{1: ", "}"), ("-", ""), ("!", ""), ("size(", ")"), ("dyn(", ")")):
        yield (open_ * 60 + "1" + close * 60).encode()
    # The same shapes written with the target's repeat marker (\x01 part \x01 count: count × 40 links).
    for link in (".a", "[0]", " && true", " + 1", ".?a"):
        yield b"object\x01" + link.encode() + b"\x01\x03"
    for open_, close in (("(", ")"), ("[", "]"), ("!", "")):
        yield b"\x01" + open_.encode() + b"\x01\x01" + b"1" + b"\x01" + close.encode() + b"\x01\x01"
    # A few with a params document after the NUL.
    params = [b"replicas: 3\nregistries: [ghcr.io/example-shop]\n", b'{"limit": "512Mi", "names": ["a", "b"]}']
    for expression in (b"params.replicas > object.spec.replicas", b"params.registries.exists(r, object.spec.template.spec.containers.all(c, c.image.startsWith(r)))",
                       b"quantity(params.limit).isGreaterThan(quantity('1Gi'))", b"params.names.map(n, n + '-x')"):
        for document in params:
            yield expression + b"\0" + document


def seeds_policy():
    for path in files("policies/**/*.yaml", "testdata/**/*.yaml"):
        yield path.read_bytes()
    _, multi = swift_literals(files("Tests/PolicyEngineTests/*.swift", "Tests/CLITests/*.swift"))
    for text in multi:
        if "kind:" in text:
            yield text.encode()


def seeds_sealed():
    import base64

    for path in files("testdata/**/*.yaml"):
        for flags, namespace, name, value in sealed_values(path):
            head = f"{namespace}\n{name}\n".encode()
            yield bytes([flags]) + head + value.encode()
            raw = base64.b64decode(value)
            yield bytes([flags | 1]) + head + raw
            # The same value declared under another scope: the diagnosis path.
            yield bytes([flags ^ 2]) + head + value.encode()


def seeds_pem():
    keys = files("testdata/**/tls.key")
    certificates = files("testdata/**/*.crt")
    manifests = [p for p in files("testdata/keys/*.yaml")]
    for path in keys + certificates + manifests:
        yield path.read_bytes()
    for key in keys:
        for certificate in certificates:
            yield key.read_bytes() + b"\0" + certificate.read_bytes()
        yield key.read_bytes() + certificates[0].read_bytes()  # key and certificate in one PEM file
    for manifest in manifests:
        yield manifest.read_bytes() + b"\0" + keys[0].read_bytes()


GENERATORS = {
    "yaml-loader": seeds_yaml,
    "json-loader": seeds_json,
    "cel": seeds_cel,
    "policy-loading": seeds_policy,
    "sealed-value": seeds_sealed,
    "pem-keys": seeds_pem,
}


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = Path(argv[1])
    targets = argv[2:] or TARGETS
    for target in targets:
        if target not in GENERATORS:
            print(f"unknown target '{target}'; one of: {', '.join(TARGETS)}", file=sys.stderr)
            return 2
        directory = out / target
        directory.mkdir(parents=True, exist_ok=True)
        count = 0
        for seed in GENERATORS[target]():
            if not seed or len(seed) > MAX_SEED:
                continue
            path = directory / hashlib.sha1(seed).hexdigest()
            if not path.exists():
                path.write_bytes(seed)
                count += 1
        print(f"{target}: {count} new seeds in {directory}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""An independent implementation of Bitnami sealed-secrets' value cipher, for sealgate's interop tests.

It shares no code with sealgate: it is built on the `cryptography` package, so a bug in sealgate's
OpenSSL calls cannot hide behind the same bug here.

The format of one sealed value (Bitnami pkg/crypto):
  - a fresh random 32-byte AES-256 session key;
  - the session key encrypted with RSA-OAEP, SHA-256 as both the OAEP hash and the MGF1 hash, under a
    label that binds the value to its scope: strict "<namespace>/<name>", namespace-wide "<namespace>",
    cluster-wide "" (empty);
  - the value encrypted with AES-256-GCM under that key, a 12-byte all-zero nonce and no associated
    data, with the 16-byte tag appended;
  - bytes: uint16 big-endian length of the RSA ciphertext || RSA ciphertext || GCM ciphertext || tag,
    then standard base64 with padding and no line breaks.

Subcommands:
  generate-key KEYDIR                    a test-only RSA-2048 key (PKCS#1 PEM) and self-signed certificate
  seal --cert CERT --label LABEL         plaintext on stdin -> base64 on stdout, no newline
  unseal --key KEY --label LABEL         base64 on stdin -> plaintext on stdout; exit 1 on any failure
  make-vectors --cert CERT --out FILE    SealedSecrets in every scope, plus expected-plaintext.json beside FILE
  self-test                              round trips and the failures that must fail
"""
import argparse
import base64
import datetime
import json
import os
import sys

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID

# Every session key encrypts exactly one value, so Bitnami uses a fixed all-zero GCM nonce.
ZERO_NONCE = bytes(12)


def oaep(label: bytes) -> padding.OAEP:
    """RSA-OAEP with SHA-256 for the hash and for MGF1; an empty label is the same as no label."""
    return padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=label or None)


def seal(public_key, plaintext: bytes, label: bytes) -> bytes:
    """uint16 length || RSA-OAEP(session key) || AES-256-GCM(plaintext) with the tag appended."""
    session_key = os.urandom(32)
    wrapped = public_key.encrypt(session_key, oaep(label))
    return len(wrapped).to_bytes(2, "big") + wrapped + AESGCM(session_key).encrypt(ZERO_NONCE, plaintext, None)


def unseal(private_key, sealed: bytes, label: bytes) -> bytes:
    """The inverse of seal. Raises ValueError (too short, or RSA-OAEP refused: wrong key or label)
    or InvalidTag (the GCM part was changed)."""
    if len(sealed) < 2:
        raise ValueError("too short: no room for the 2-byte length prefix")
    length = int.from_bytes(sealed[:2], "big")
    if len(sealed) < 2 + length:
        raise ValueError("too short: the RSA block is cut off")
    session_key = private_key.decrypt(sealed[2:2 + length], oaep(label))
    return AESGCM(session_key).decrypt(ZERO_NONCE, sealed[2 + length:], None)


def load_certificate_key(path):
    with open(path, "rb") as f:
        return x509.load_pem_x509_certificate(f.read()).public_key()


def load_private_key(path):
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def generate_key(directory):
    """TEST-ONLY key pair: PKCS#1 PEM key (mode 0600) and a self-signed certificate, CN sealgate-interop-test."""
    os.makedirs(directory, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sealgate-interop-test")])
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(0x1A7E50)
        .not_valid_before(datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc))
        .not_valid_after(datetime.datetime(2125, 1, 1, tzinfo=datetime.timezone.utc))
        .sign(key, hashes.SHA256())
    )
    key_path = os.path.join(directory, "tls.key")
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                  serialization.NoEncryption()))
    with open(os.path.join(directory, "tls.crt"), "wb") as f:
        f.write(certificate.public_bytes(serialization.Encoding.PEM))


# The vectors: (name, scope annotation or None, label, {key: plaintext}).
VECTORS = [
    ("interop-strict", None, b"interop/interop-strict", {
        "username": b"admin",
        "password": b"correct horse battery staple",
        "empty": b"",
        "binary": bytes(range(256)),
        "unicode": "grüße 🔐".encode(),
        "big": b"0123456789abcdef" * 4096,
    }),
    ("interop-ns-wide", "sealedsecrets.bitnami.com/namespace-wide", b"interop", {"token": b"ns-wide-token"}),
    ("interop-cluster-wide", "sealedsecrets.bitnami.com/cluster-wide", b"", {"token": b"cluster-wide-token"}),
]


def make_vectors(cert_path, out_path):
    """Writes the SealedSecrets (YAML written by hand) and expected-plaintext.json beside them."""
    public_key = load_certificate_key(cert_path)
    lines = [
        "# SealedSecrets sealed by testdata/interop/sealed_secrets_vectors.py (Python `cryptography`, not",
        "# sealgate) with the test-only key in testdata/interop/key; expected-plaintext.json holds the values.",
        "# Made with: python3 sealed_secrets_vectors.py make-vectors --cert key/tls.crt --out sealed-by-python.yaml",
    ]
    expected = {}
    for name, annotation, label, values in VECTORS:
        lines += ["---", "apiVersion: bitnami.com/v1alpha1", "kind: SealedSecret", "metadata:",
                  f"  name: {name}", "  namespace: interop"]
        if annotation:
            lines += ["  annotations:", f'    {annotation}: "true"']
        lines += ["spec:", "  encryptedData:"]
        for key, plaintext in values.items():
            lines.append(f"    {key}: {base64.b64encode(seal(public_key, plaintext, label)).decode()}")
        lines += ["  template:", "    metadata:", f"      name: {name}", "      namespace: interop",
                  "      labels:", "        app: interop", "    type: Opaque"]
        expected[name] = {key: base64.b64encode(plaintext).decode() for key, plaintext in values.items()}
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(os.path.dirname(out_path) or ".", "expected-plaintext.json"), "w") as f:
        json.dump(expected, f, indent=2, sort_keys=True)
        f.write("\n")


def self_test():
    """Round trips in every scope, then the inputs that must be refused, each for the right reason."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    plaintexts = [b"", b"x", bytes(range(256)), os.urandom(70_000)]
    plaintexts += [os.urandom(int.from_bytes(os.urandom(2), "big") % 5000) for _ in range(8)]
    for label in (b"ns/name", b"ns", b""):  # strict, namespace-wide, cluster-wide
        for plaintext in plaintexts:
            sealed = seal(key.public_key(), plaintext, label)
            # 2-byte length (256 for RSA-2048) + RSA block + GCM ciphertext + 16-byte tag.
            assert sealed[:2] == (256).to_bytes(2, "big") and len(sealed) == 2 + 256 + len(plaintext) + 16
            assert unseal(key, sealed, label) == plaintext
            assert seal(key.public_key(), plaintext, label) != sealed  # fresh session key every time

    sealed = seal(key.public_key(), b"some secret value", b"ns/name")
    flip = lambda data, i: data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1:]
    # (what, input, label, exception the failure must raise, text its message must contain)
    failures = [
        ("wrong label", sealed, b"ns/other", ValueError, ""),
        ("namespace-wide label on a strict value", sealed, b"ns", ValueError, ""),
        ("cluster-wide label on a strict value", sealed, b"", ValueError, ""),
        ("flipped GCM ciphertext byte", flip(sealed, 2 + 256), b"ns/name", InvalidTag, ""),
        ("flipped GCM tag byte", flip(sealed, len(sealed) - 1), b"ns/name", InvalidTag, ""),
        ("flipped RSA byte", flip(sealed, 2), b"ns/name", ValueError, ""),
        ("truncated inside the RSA block", sealed[:100], b"ns/name", ValueError, "too short"),
        ("one byte only", sealed[:1], b"ns/name", ValueError, "too short"),
        ("empty input", b"", b"ns/name", ValueError, "too short"),
        ("tag cut off", sealed[:2 + 256 + 3], b"ns/name", InvalidTag, ""),
    ]
    for what, data, label, expected, text in failures:
        try:
            unseal(key, data, label)
        except expected as error:
            assert text in str(error), f"{what}: {error!r} does not say {text!r}"
            continue
        raise AssertionError(f"{what} was accepted")
    print(f"self-test passed: {3 * len(plaintexts)} round trips, {len(failures)} refusals")


def fail(command, error):
    """One line on stderr and exit status 1: what the tests and a person at a terminal both want."""
    reason = str(error).strip().replace("\n", " ") or {InvalidTag: "the GCM tag does not match"}.get(
        type(error), type(error).__name__)
    print(f"{command} failed: {reason}", file=sys.stderr)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("generate-key").add_argument("directory")
    for name, flag in (("seal", "--cert"), ("unseal", "--key")):
        command = commands.add_parser(name)
        command.add_argument(flag, required=True)
        command.add_argument("--label", required=True)
    vectors = commands.add_parser("make-vectors")
    vectors.add_argument("--cert", required=True)
    vectors.add_argument("--out", required=True)
    commands.add_parser("self-test")
    arguments = parser.parse_args()

    if arguments.command == "generate-key":
        generate_key(arguments.directory)
    elif arguments.command == "seal":
        try:
            sealed = seal(load_certificate_key(arguments.cert), sys.stdin.buffer.read(), arguments.label.encode())
        except (OSError, ValueError) as error:
            fail("seal", error)
        sys.stdout.write(base64.b64encode(sealed).decode())
    elif arguments.command == "unseal":
        try:
            # Surrounding whitespace (a trailing newline from a file) is allowed; anything else not base64 is not.
            sealed = base64.b64decode(sys.stdin.buffer.read().strip(), validate=True)
            plaintext = unseal(load_private_key(arguments.key), sealed, arguments.label.encode())
        except (OSError, ValueError, TypeError, AttributeError, InvalidTag) as error:
            fail("unseal", error)
        sys.stdout.buffer.write(plaintext)
    elif arguments.command == "make-vectors":
        make_vectors(arguments.cert, arguments.out)
    else:
        self_test()


if __name__ == "__main__":
    main()

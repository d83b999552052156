#!/usr/bin/env python3
"""Generate x509-limbo test data for inetcheck's web-PKI server verifier test.

Usage:
    python3 gen.py LIMBO_SRC_DIR [--limbo-commit HASH] > cases.json

LIMBO_SRC_DIR is a checkout (or export) of https://github.com/C2SP/x509-limbo.
The script compiles limbo's Python-defined testcases plus the pre-generated
"online" testcases (limbo/_assets/online/*.limbo.json), keeps the ones that
are meaningful for a web-PKI *server* verifier, evaluates each of them with
pyca/cryptography's X.509 verifier exactly as limbo's own harness
(harness/pyca-cryptography/main.py) does, and writes the recorded outcomes as
JSON on stdout.

The BetterTLS testcases (limbo/_assets/bettertls.json) are not included.

Requires: Python 3.11+, cryptography, and limbo's own Python dependencies
(pydantic).  Diagnostics go to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import ipaddress
import json
import multiprocessing as mp
import subprocess
import sys
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path

# Seconds a denial-of-service testcase may take before it is recorded as a
# hang.  limbo's harness uses 5 s; we are a bit more lenient because the
# generator may run on a loaded machine.
DOS_TIMEOUT_SECONDS = 20


def log(msg: str) -> None:
    print(msg, file=sys.stderr)


def limbo_commit_of(src: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(src), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def load_harness(src: Path):
    """Import limbo's pyca-cryptography harness as a module (for its skip lists)."""
    path = src / "harness" / "pyca-cryptography" / "main.py"
    spec = importlib.util.spec_from_file_location("limbo_pyca_harness", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def compile_testcases(src: Path):
    """Return (testcases, generation_failures) from limbo's registry + online assets."""
    from limbo import testcases
    from limbo.models import Testcase

    out = {}
    failures = []
    # Keep stdout clean: some limbo code prints progress there.
    with contextlib.redirect_stdout(sys.stderr):
        for name, make in testcases.registry.items():
            try:
                out[name] = make()
            except Exception as e:  # noqa: BLE001
                reason = f"{type(e).__name__}: {e}"
                log(f"SKIP-GEN {name}: {reason}")
                failures.append({"id": name, "reason": reason})

    online_dir = src / "limbo" / "_assets" / "online"
    for path in sorted(online_dir.glob("*.limbo.json")):
        with path.open(encoding="utf-8") as f:
            tc = Testcase.model_validate(json.load(f))
        if tc.id in out:
            raise SystemExit(f"duplicate testcase id {tc.id} from {path}")
        out[tc.id] = tc

    return list(out.values()), failures


def is_relevant(tc) -> bool:
    from limbo.models import KnownEKUs, PeerKind, ValidationKind

    return (
        tc.validation_kind == ValidationKind.SERVER
        and tc.expected_peer_name is not None
        and tc.expected_peer_name.kind in (PeerKind.DNS, PeerKind.IP)
        and tc.signature_algorithms == []
        and tc.extended_key_usage in ([], [KnownEKUs.server_auth])
    )


def harness_skip(tc, harness) -> tuple[bool, str]:
    """Mirror the skip decisions at the top of the harness's evaluate_testcase()."""
    if tc.id in harness.LIMBO_SKIP_TESTCASES:
        return True, "testcase skipped (explicitly unsupported case)"
    feats = sorted(str(f) for f in harness.LIMBO_UNSUPPORTED_FEATURES.intersection(tc.features))
    if feats:
        return True, "testcase skipped (explicit unsupported feature): " + ", ".join(feats)
    # The remaining harness skips (non-SERVER, signature algorithms, EKUs)
    # are already excluded by is_relevant().
    return False, ""


def evaluate(tc_json: str, when_ts: float | None) -> tuple[str, str]:
    """Run cryptography's server verifier on one testcase, as limbo's harness does.

    when_ts: the validation time to use when the testcase has none (the
    generator's own "now"), so that the outcome is reproducible.
    Returns (result, error) with result "SUCCESS" or "FAILURE".
    """
    from cryptography import x509
    from cryptography.x509 import load_pem_x509_certificate
    from cryptography.x509.verification import PolicyBuilder, Store, VerificationError
    from limbo.models import PeerKind, Testcase

    tc = Testcase.model_validate_json(tc_json)

    try:
        trusted = [load_pem_x509_certificate(c.encode()) for c in tc.trusted_certs]
        intermediates = [load_pem_x509_certificate(c.encode()) for c in tc.untrusted_intermediates]
        peer = load_pem_x509_certificate(tc.peer_certificate.encode())
    except Exception as e:  # noqa: BLE001
        return "FAILURE", str(e) or type(e).__name__

    try:
        if tc.expected_peer_name.kind == PeerKind.DNS:
            peer_name = x509.DNSName(tc.expected_peer_name.value)
        else:
            peer_name = x509.IPAddress(ipaddress.ip_address(tc.expected_peer_name.value))
        builder = PolicyBuilder().store(Store(trusted))
        if tc.validation_time is not None:
            builder = builder.time(tc.validation_time)
        else:
            builder = builder.time(datetime.fromtimestamp(when_ts, tz=timezone.utc))
        if tc.max_chain_depth is not None:
            builder = builder.max_chain_depth(tc.max_chain_depth)
        # This can fail if the peer name is invalid.
        verifier = builder.build_server_verifier(peer_name)
    except ValueError as e:
        return "FAILURE", str(e)

    try:
        verifier.verify(peer, intermediates)
        return "SUCCESS", ""
    except VerificationError as e:
        return "FAILURE", str(e)
    except Exception as e:  # noqa: BLE001  (the limbo harness would crash here)
        return "FAILURE", f"unexpected {type(e).__name__}: {e}"


def _worker(tc_json: str, when_ts: float, conn) -> None:
    warnings.simplefilter("ignore")
    conn.send(evaluate(tc_json, when_ts))
    conn.close()


def evaluate_with_timeout(tc_json: str, when_ts: float) -> tuple[str, str]:
    ctx = mp.get_context()
    recv_conn, send_conn = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(tc_json, when_ts, send_conn), daemon=True)
    proc.start()
    send_conn.close()
    try:
        if recv_conn.poll(DOS_TIMEOUT_SECONDS):
            try:
                return recv_conn.recv()
            except EOFError:
                proc.join()
                return "FAILURE", f"worker crashed without a result (exit code {proc.exitcode})"
        return "FAILURE", f"HANG: no result within {DOS_TIMEOUT_SECONDS}s"
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join()
        recv_conn.close()


def first_line(text: str) -> str:
    for line in text.strip().splitlines():
        if line.strip():
            return line.strip()
    return ""


def unix_seconds(dt: datetime | None) -> int | None:
    if dt is None:
        return None
    # Limbo times are UTC; sub-second parts are dropped here (see
    # validation_time_iso for the exact value).
    return int(dt.timestamp() // 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("limbo_src", type=Path, help="x509-limbo source directory")
    ap.add_argument(
        "--limbo-commit",
        default=None,
        help="limbo commit to record (default: git rev-parse HEAD in LIMBO_SRC_DIR)",
    )
    args = ap.parse_args()

    src = args.limbo_src.resolve()
    sys.path.insert(0, str(src))

    from cryptography import __version__ as cryptography_version
    from cryptography.utils import CryptographyDeprecationWarning
    from limbo.models import Feature

    # e.g. "Parsed a serial number which wasn't positive": harmless here.
    warnings.simplefilter("ignore", CryptographyDeprecationWarning)

    harness = load_harness(src)
    generated_at = int(time.time())
    testcases, gen_failures = compile_testcases(src)

    cases = []
    for tc in sorted(testcases, key=lambda t: t.id):
        if not is_relevant(tc):
            continue
        skipped, skip_reason = harness_skip(tc, harness)
        tc_json = tc.model_dump_json()
        t0 = time.monotonic()
        if Feature.denial_of_service in tc.features:
            result, error = evaluate_with_timeout(tc_json, generated_at)
        else:
            result, error = evaluate(tc_json, generated_at)
        dt = time.monotonic() - t0
        if dt > 1.0:
            log(f"slow: {tc.id} took {dt:.1f}s")
        vt = tc.validation_time
        cases.append(
            {
                "id": tc.id,
                "description": first_line(tc.description),
                "features": [str(f) for f in tc.features],
                "peer_kind": str(tc.expected_peer_name.kind),
                "peer_name": tc.expected_peer_name.value,
                "validation_time": unix_seconds(vt),
                "validation_time_iso": None if vt is None else vt.isoformat(),
                "max_chain_depth": tc.max_chain_depth,
                "trusted_certs": list(tc.trusted_certs),
                "untrusted_intermediates": list(tc.untrusted_intermediates),
                "peer_certificate": tc.peer_certificate,
                "limbo_expected": str(tc.expected_result),
                "cryptography": result,
                "cryptography_error": error,
                "harness_skipped": skipped,
                "harness_skip_reason": skip_reason,
            }
        )

    out = {
        "generator": "tests/unit/data/x509-limbo/gen.py",
        "cryptography_version": cryptography_version,
        "limbo_commit": args.limbo_commit or limbo_commit_of(src),
        "generated_at": generated_at,
        "generation_failures": sorted(gen_failures, key=lambda f: f["id"]),
        "cases": cases,
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    log(f"{len(cases)} cases written ({len(testcases)} compiled)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""gen-suites.py SUITES.TSV OUT.C -- generate the cipher-suite table of src/tls/suite.h.

Reads the one data file (src/tls/suites.tsv, format in its header), checks it for
consistency and writes `tls_suite_table[]` / `tls_suite_table_len` (src/tls/suite_table.h):
the SSL 2.0 cipher specs first, then the TLS code points in ascending order (suite.c
relies on that order for its binary search).

Any inconsistency fails the build with "suites.tsv:LINE: reason" on stderr, so that a
typo in a class or a code cannot silently change a verdict (spec §3.3.3).
"""
import sys

COLUMNS = ["code", "iana", "openssl", "kx", "auth", "cipher", "mac", "min_version", "class", "flags"]

KX = {"NONE", "RSA", "DH", "DHE", "ECDH", "ECDHE", "PSK", "SRP", "KRB5", "OTHER"}
MAC = {"AEAD", "SHA1", "SHA256", "SHA384", "MD5", "GOST", "NULL"}
VERSIONS = {"SSL20": "TLS_V_SSL20", "SSL30": "TLS_V_SSL30", "TLS10": "TLS_V_TLS10",
            "TLS11": "TLS_V_TLS11", "TLS12": "TLS_V_TLS12", "TLS13": "TLS_V_TLS13"}
CLASSES = {"good": "TLS_CLASS_GOOD", "sufficient": "TLS_CLASS_SUFFICIENT",
           "phase_out": "TLS_CLASS_PHASE_OUT", "insufficient": "TLS_CLASS_INSUFFICIENT"}
FLAGS = {"SSL2": "TLS_SUITE_SSL2", "TLS13": "TLS_SUITE_TLS13", "MODERN": "TLS_SUITE_MODERN",
         "EXPORT": "TLS_SUITE_EXPORT", "ANON": "TLS_SUITE_ANON", "SCSV": "TLS_SUITE_SCSV"}

# spec §3.3.3: the only suites that are not insufficient. The tsv must agree exactly.
GOOD = {"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"}
SUFFICIENT = {
    "TLS_AES_128_GCM_SHA256", "TLS_AES_128_CCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
}
PHASE_OUT = set()
for _x in ("CAMELLIA_256_GCM_SHA384", "CAMELLIA_256_CBC_SHA384", "CAMELLIA_128_GCM_SHA256",
           "CAMELLIA_128_CBC_SHA256", "ARIA_256_GCM_SHA384", "ARIA_256_CBC_SHA384",
           "ARIA_128_GCM_SHA256", "ARIA_128_CBC_SHA256", "AES_256_CBC_SHA384", "AES_128_CBC_SHA256"):
    PHASE_OUT.add("TLS_ECDHE_ECDSA_WITH_" + _x)
    PHASE_OUT.add("TLS_ECDHE_RSA_WITH_" + _x)
for _x in ("CHACHA20_POLY1305_SHA256", "CAMELLIA_256_GCM_SHA384", "CAMELLIA_256_CBC_SHA256",
           "CAMELLIA_128_GCM_SHA256", "CAMELLIA_128_CBC_SHA256", "ARIA_256_GCM_SHA384",
           "ARIA_256_CBC_SHA384", "ARIA_128_GCM_SHA256", "ARIA_128_CBC_SHA256", "AES_256_GCM_SHA384",
           "AES_256_CCM", "AES_256_CBC_SHA256", "AES_128_GCM_SHA256", "AES_128_CCM", "AES_128_CBC_SHA256"):
    PHASE_OUT.add("TLS_DHE_RSA_WITH_" + _x)
EXPECTED_COUNTS = {"good": 2, "sufficient": 10, "phase_out": 35}

# The TLS 1.3 suites Debian's OpenSSL 3 client can offer (spec §5.4 "modern client").
MODERN_TLS13 = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256"}


# TLS 1.3-only suites outside 0x13xx: RFC 8998 SM4 and RFC 9150 integrity-only suites.
TLS13_OUTSIDE_13XX = {0x00C6, 0x00C7, 0xC0B4, 0xC0B5}


class TableError(Exception):
    pass


def c_string(s):
    if any(ch in s for ch in '"\\') or not s.isprintable() or not s.isascii():
        raise TableError("name %r has characters not allowed in a C string literal" % s)
    return '"%s"' % s


def parse(path):
    rows = []
    errors = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            where = "%s:%d" % (path, lineno)
            fields = line.split("\t")
            if len(fields) != len(COLUMNS):
                errors.append("%s: %d columns, expected %d (%s); tabs only" %
                              (where, len(fields), len(COLUMNS), " ".join(COLUMNS)))
                continue
            row = dict(zip(COLUMNS, fields))
            row["where"] = where
            try:
                check_row(row)
            except TableError as e:
                errors.append("%s: %s" % (where, e))
                continue
            rows.append(row)
    return rows, errors


def check_row(row):
    code = row["code"]
    if not code.startswith("0x") or len(code) not in (6, 8):
        raise TableError("code %r must be 0xNNNN (TLS) or 0xNNNNNN (SSL 2.0)" % code)
    try:
        row["value"] = int(code, 16)
    except ValueError:
        raise TableError("code %r is not hexadecimal" % code)
    flags = set() if row["flags"] == "-" else set(row["flags"].split(","))
    unknown = flags - set(FLAGS)
    if unknown:
        raise TableError("unknown flag(s) %s" % ",".join(sorted(unknown)))
    row["flagset"] = flags
    for col, allowed in (("kx", KX), ("mac", MAC), ("min_version", VERSIONS), ("class", CLASSES)):
        if row[col] not in allowed:
            raise TableError("%s %r is not one of %s" % (col, row[col], " ".join(sorted(allowed))))
    for col in ("iana", "openssl", "auth", "cipher"):
        if not row[col] or " " in row[col]:
            raise TableError("%s is empty or has a space" % col)
        c_string(row[col])
    ssl2 = len(code) == 8
    if ssl2 != ("SSL2" in flags):
        raise TableError("3-byte codes and only they carry the SSL2 flag")
    if ssl2 and (row["min_version"] != "SSL20" or not row["iana"].startswith("SSL_CK_")):
        raise TableError("an SSL 2.0 cipher spec has min_version SSL20 and an SSL_CK_ name")
    if not ssl2 and row["min_version"] == "SSL20":
        raise TableError("only SSL 2.0 cipher specs have min_version SSL20")
    v = row["value"]
    tls13 = not ssl2 and (0x1301 <= v <= 0x13FF or v in TLS13_OUTSIDE_13XX)
    if tls13 != ("TLS13" in flags):
        raise TableError("TLS 1.3 suites (0x13xx, 0x00C6/0x00C7, 0xC0B4/0xC0B5) and only they carry the TLS13 flag")
    if tls13 and (row["min_version"] != "TLS13" or row["kx"] != "NONE"):
        raise TableError("a TLS 1.3 suite has min_version TLS13 and kx NONE")
    if not tls13 and row["min_version"] == "TLS13":
        raise TableError("min_version TLS13 without the TLS13 flag")
    if tls13 and (("MODERN" in flags) != (row["iana"] in MODERN_TLS13)):
        raise TableError("the TLS 1.3 MODERN set is exactly %s" % " ".join(sorted(MODERN_TLS13)))
    if ("SCSV" in flags) != (v in (0x00FF, 0x5600)):
        raise TableError("the SCSV flag belongs to 0x00FF and 0x5600 exactly")
    if ("EXPORT" in flags) != ("EXPORT" in row["iana"]):
        raise TableError("EXPORT flag must match an EXPORT in the IANA name")
    if ("ANON" in flags) != ("_anon_" in row["iana"]):
        raise TableError("ANON flag must match _anon_ in the IANA name")
    if row["mac"] == "AEAD" and row["min_version"] not in ("TLS12", "TLS13"):
        raise TableError("AEAD suites need TLS 1.2 (RFC 5246 §6.2.3.3)")
    if "MODERN" in flags and row["openssl"] == "-":
        raise TableError("a MODERN suite must have its OpenSSL name (from openssl ciphers -V)")
    # spec §3.3.3: the class column must agree with the spec's lists.
    name = row["iana"]
    want = ("good" if name in GOOD else "sufficient" if name in SUFFICIENT
            else "phase_out" if name in PHASE_OUT else "insufficient")
    if ssl2:
        want = "insufficient"
    if row["class"] != want:
        raise TableError("class %s, but spec §3.3.3 says %s for %s" % (row["class"], want, name))


def check_table(rows):
    errors = []
    seen_code, seen_iana, seen_openssl = {}, {}, {}
    for r in rows:
        key = (len(r["code"]), r["value"])
        if key in seen_code:
            errors.append("%s: duplicate code %s (first at %s)" % (r["where"], r["code"], seen_code[key]))
        seen_code[key] = r["where"]
        if r["iana"] in seen_iana:
            errors.append("%s: duplicate name %s (first at %s)" % (r["where"], r["iana"], seen_iana[r["iana"]]))
        seen_iana[r["iana"]] = r["where"]
        # SSL 2.0 specs share OpenSSL names with TLS suites (RC4-MD5); lookups prefer TLS.
        if r["openssl"] != "-" and "SSL2" not in r["flagset"]:
            if r["openssl"] in seen_openssl:
                errors.append("%s: duplicate OpenSSL name %s (first at %s)" %
                              (r["where"], r["openssl"], seen_openssl[r["openssl"]]))
            seen_openssl[r["openssl"]] = r["where"]
    counts = {}
    names = {}
    for r in rows:
        counts[r["class"]] = counts.get(r["class"], 0) + 1
        names.setdefault(r["class"], set()).add(r["iana"])
    for cls, n in EXPECTED_COUNTS.items():
        if counts.get(cls, 0) != n:
            errors.append("class %s has %d rows, spec §3.3.3 lists %d" % (cls, counts.get(cls, 0), n))
    for cls, listed in (("good", GOOD), ("sufficient", SUFFICIENT), ("phase_out", PHASE_OUT)):
        missing = listed - names.get(cls, set())
        if missing:
            errors.append("spec §3.3.3 %s suites missing from the table: %s" % (cls, " ".join(sorted(missing))))
    for must in (0x00FF, 0x5600, 0x1301, 0x1302, 0x1303, 0x1304, 0x1305):
        if (6, must) not in seen_code:
            errors.append("code 0x%04X is missing" % must)
    return errors


def emit(rows, out):
    ssl2 = sorted((r for r in rows if "SSL2" in r["flagset"]), key=lambda r: r["value"])
    tls = sorted((r for r in rows if "SSL2" not in r["flagset"]), key=lambda r: r["value"])
    lines = [
        "/* suite_table.c -- GENERATED by src/tls/gen-suites.py from src/tls/suites.tsv; do not edit. */",
        '#include "tls/suite.h"',
        '#include "tls/suite_table.h"',
        "",
        "/* SSL 2.0 cipher specs first, then TLS code points in ascending order (binary search). */",
        "const struct tls_suite tls_suite_table[] = {",
    ]
    for r in ssl2 + tls:
        flags = " | ".join(FLAGS[f] for f in sorted(r["flagset"])) or "0"
        openssl = "" if r["openssl"] == "-" else r["openssl"]
        lines.append("\t{ %s, %s, %s, TLS_KX_%s, %s, %s, %s, %s, %s, %s }," % (
            r["code"], c_string(r["iana"]), c_string(openssl), r["kx"], c_string(r["auth"]),
            c_string(r["cipher"]), c_string(r["mac"]), VERSIONS[r["min_version"]],
            CLASSES[r["class"]], flags))
    lines += [
        "};",
        "const size_t tls_suite_table_len = sizeof tls_suite_table / sizeof tls_suite_table[0];",
        "const size_t tls_suite_table_ssl2_len = %d;" % len(ssl2),
        "",
    ]
    with open(out, "w", encoding="ascii") as f:
        f.write("\n".join(lines))


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: gen-suites.py SUITES.TSV OUT.C\n")
        return 2
    src, out = sys.argv[1], sys.argv[2]
    rows, errors = parse(src)
    errors += check_table(rows)
    if errors:
        for e in errors:
            sys.stderr.write("gen-suites: %s\n" % e)
        sys.stderr.write("gen-suites: %d error(s) in %s; table not generated\n" % (len(errors), src))
        return 1
    emit(rows, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

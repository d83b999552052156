#!/usr/bin/python3
"""json-schema.py SCHEMA CATALOG_C DATA_DIR [INETCHECK] -- the unit test of
docs/inetcheck.schema.json (meson test json-schema; no fixture, no traffic but loopback):

1. the schema is a valid JSON Schema (its own metaschema, draft 2020-12);
2. it names the catalog's categories, subtests and verdict tokens (src/report/catalog.c),
   no more and no fewer, so the two cannot drift apart;
3. real documents (DATA_DIR/*.json: taken from the e2e mini-internet) pass, and broken
   copies (a required key missing, a status or verdict outside its enum, a key the
   envelope does not have, ...) fail;
4. with INETCHECK: documents the binary prints without a network pass: the error
   document of a test that cannot run (its only name server is 127.0.0.254, where nobody
   answers), inetcheck tls on a closed loopback port (web and SMTP rules) and on a refused
   address, batch lines and --summary, status --json.
(inetcheck diff --json documents are among DATA_DIR's real ones.)
Prints TAP-like lines; exits 1 on a failure, 77 (skip) without python3-jsonschema.
"""
import copy
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("# python3-jsonschema is not installed: skipped")
    sys.exit(77)

failures = 0


def check(desc, ok, got=""):
    global failures
    if ok:
        print(f"ok - {desc}")
    else:
        failures += 1
        print(f"FAIL - {desc}" + (f" (got {got})" if got != "" else ""))


def errors_of(validator, doc):
    return sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))


def first_error(validator, doc):
    errs = errors_of(validator, doc)
    if not errs:
        return ""
    e = errs[0]
    return "/".join(str(p) for p in e.absolute_path) + ": " + e.message[:160]


# ---------------------------------------------------------------- the catalog
def parse_catalog(path):
    """[(id, category, report key, api name, [verdict tokens])] of catalog.c's table."""
    with open(path, encoding="utf-8") as f:
        src = f.read()
    body = src[src.index("static const struct catalog_subtest subtests"):
               src.index("static const struct catalog_category categories")]
    # categories beyond internet.nl's test set (a trailing `true`, issue 22) are not in
    # results: the schema's `beyond` holds them by name pattern
    beyond = set(re.findall(r'\[(CAT_\w+)\]\s*=\s*\{[^}]*,\s*true\s*\}', src))
    rows = []
    for sid, cat, key, api, rest in re.findall(
            r'\bSR?\((SUB_\w+),\s*(CAT_\w+),\s*"([^"]*)",\s*"([^"]*)",(.*?)\),\s*(?=/\*|S\(|SR\(|\};)',
            body, re.S):
        m = re.search(r',\s*(\d+),\s*((?:"[^"]*"\s*)+)$', rest.strip())
        verdicts = " ".join(re.findall(r'"([^"]*)"', m.group(2))).split() if m else []
        if cat not in beyond:
            rows.append((sid, cat, key, api, verdicts))
    return rows


def check_catalog(schema, rows):
    defs = schema["$defs"]
    for test in ("web", "mail"):
        want = {api: set(v) | {"not-tested", "not-implemented"}
                for _, cat, _, api, v in rows if cat.startswith(f"CAT_{test.upper()}_")}
        props = defs[f"{test}_tests"]["properties"]
        have = {k: set(p["properties"]["verdict"]["enum"]) for k, p in props.items()}
        check(f"schema {test}_tests: the catalog's subtests", set(have) == set(want),
              f"missing {sorted(set(want) - set(have))}, extra {sorted(set(have) - set(want))}")
        check(f"schema {test}_tests: all required", set(defs[f"{test}_tests"]["required"]) == set(want))
        bad = [k for k in want if k in have and have[k] != want[k]]
        check(f"schema {test}_tests: each subtest's verdict tokens are the catalog's", not bad,
              "; ".join(f"{k}: catalog {sorted(want[k])}, schema {sorted(have[k])}" for k in bad))
        cats = sorted({cat[4:].lower() for _, cat, _, _, _ in rows if cat.startswith(f"CAT_{test.upper()}_")})
        have_cats = defs[f"{test}_report"]["properties"]["results"]["properties"]["categories"]["required"]
        check(f"schema {test}_report: the catalog's categories", sorted(have_cats) == cats, have_cats)
    # inetcheck tls: report keys of the TLS subtests of each rule set (checks/tls.c)
    for rules, cat in (("web", "CAT_WEB_HTTPS"), ("mail", "CAT_MAIL_STARTTLS")):
        by_api = {api: (key, set(v) | {"not-tested"}) for _, c, key, api, v in rows if c == cat}
        props = defs[f"tls_{rules}_subtests"]["properties"]
        bad = []
        for key, p in props.items():
            api = p["properties"]["name"]["const"]
            if api not in by_api or by_api[api][0] != key:
                bad.append(f"{key}: {api} is not its catalog row")
            elif set(p["properties"]["verdict"]["enum"]) != by_api[api][1]:
                bad.append(f"{key}: verdicts {sorted(p['properties']['verdict']['enum'])}, catalog {sorted(by_api[api][1])}")
        check(f"schema tls_{rules}_subtests: names and verdict tokens are the catalog's", not bad, "; ".join(bad))


# ---------------------------------------------------------------- broken documents
def mutations(doc):
    """(description, broken copy) pairs for a document of any kind."""
    out = []

    def mut(desc, fn):
        d = copy.deepcopy(doc)
        fn(d)
        out.append((desc, d))

    if "target" in doc:                      # inetcheck tls
        mut("without the required key score", lambda d: d.pop("score"))
        mut("an extra top-level key", lambda d: d.__setitem__("surprise", 1))
        mut("status 'fine'", lambda d: d.__setitem__("status", "fine"))
        mut("reach 'maybe'", lambda d: d.__setitem__("reach", "maybe"))
        mut("a suite class 'great'", lambda d: d["suites"].append(
            {"code": "0x1301", "iana": None, "openssl": None, "version": "TLS 1.3",
             "class": "great", "kex": None, "extra": False}))
        k = next(iter(doc["subtests"]))
        mut(f"subtest {k} verdict 'splendid'", lambda d: d["subtests"][k].__setitem__("verdict", "splendid"))
        mut(f"subtest {k} without max_points", lambda d: d["subtests"][k].pop("max_points"))
        mut("target port 0", lambda d: d["target"].__setitem__("port", 0))
    elif "domain" in doc and doc.get("status") == "error":
        mut("an error document with scoring", lambda d: d.__setitem__("scoring", {"percentage": 0}))
        mut("an error document without error", lambda d: d.pop("error"))
        mut("test 'ftp'", lambda d: d.__setitem__("test", "ftp"))
    elif "domain" in doc:                    # web or mail report
        mut("without the required key results", lambda d: d.pop("results"))
        mut("without the required key warnings", lambda d: d.pop("warnings"))
        mut("an extra envelope key", lambda d: d.__setitem__("api_version", "2.7.0"))
        mut("status 'done'", lambda d: d.__setitem__("status", "done"))
        mut("partial false (the key is there only when true)", lambda d: d.__setitem__("partial", False))
        mut("percentage 101", lambda d: d["scoring"].__setitem__("percentage", 101))
        t = next(iter(doc["results"]["tests"]))
        mut(f"test {t} status 'good'", lambda d: d["results"]["tests"][t].__setitem__("status", "good"))
        mut(f"test {t} verdict 'splendid'", lambda d: d["results"]["tests"][t].__setitem__("verdict", "splendid"))
        mut(f"test {t} missing", lambda d: d["results"]["tests"].pop(t))
        mut("a test of another kind", lambda d: d["results"]["tests"].__setitem__(
            "conn_dnssec_validation", {"status": "passed", "verdict": "good"}))
        c = next(iter(doc["results"]["categories"]))
        mut(f"category {c} status 'green'", lambda d: d["results"]["categories"][c].__setitem__("status", "green"))
        mut("custom tls_1_3_support 'maybe'", lambda d: d["results"]["custom"].__setitem__("tls_1_3_support", "maybe"))
        mut("domain with a trailing dot", lambda d: d.__setitem__("domain", d["domain"] + "."))
        mut("what_if zone dnssec 'maybe'", lambda d: d.__setitem__("what_if", {
            "resolve": [], "zones": [{"file": "z.zone", "origin": "example.nl", "dnssec": "maybe"}]}))
        mut("what_if resolve without addresses", lambda d: d.__setitem__("what_if", {
            "resolve": [{"name": "www.example.nl", "port": 443, "addresses": []}], "zones": []}))
        mut("what_if with an unknown key", lambda d: d.__setitem__("what_if", {"resolve": [], "zones": [], "hosts": []}))
        mut("what_if without zones", lambda d: d.__setitem__("what_if", {"resolve": []}))
    elif "score_change" in doc:              # inetcheck diff --json
        mut("without worse", lambda d: d.pop("worse"))
        mut("score_change 150", lambda d: d.__setitem__("score_change", 150))
        mut("a change with status 'better'", lambda d: d["tests"].append(
            {"name": "web_https_tls_version", "category": "web_https",
             "old": {"status": "failed", "verdict": "bad"}, "new": {"status": "better"}}))
    elif "histogram" in doc:                 # batch --summary
        mut("without tested", lambda d: d.pop("tested"))
        mut("a histogram bucket more", lambda d: d["histogram"].__setitem__("101+", 0))
    elif "queue" in doc:                     # status --json
        mut("without workers", lambda d: d.pop("workers"))
        mut("a worker state 'asleep'", lambda d: d["workers"].append(
            {"name": "w", "host": "h", "pid": 1, "jobs": 1, "running": 0, "finished": 0, "failed": 0,
             "started": 1, "seen": 1, "seen_seconds_ago": 0, "state": "asleep", "stopped": None}))
    return out


def beyond_variants(doc):
    """(description, copy, valid?) with a `beyond` key (issue 22), for a web or mail report."""
    t = doc["test"]
    good = {"categories": {f"{t}_beyond": {"status": "failed", "verdict": "failed"}},
            "tests": {f"{t}_beyond_spf_lookups": {"status": "failed", "verdict": "too-many-lookups"}}}
    out = [("with beyond", good, True),
           ("beyond with a test not named *_beyond_*", {"categories": {}, "tests": {f"{t}_spf_lookups": {
               "status": "failed", "verdict": "bad"}}}, False),
           ("beyond without tests", {"categories": {}}, False),
           ("beyond test status 'red'", {"categories": {}, "tests": {f"{t}_beyond_x": {
               "status": "red", "verdict": "bad"}}}, False)]
    return [(desc, dict(copy.deepcopy(doc), beyond=b), ok) for desc, b, ok in out]


def what_if_variant(doc):
    d = copy.deepcopy(doc)
    d["what_if"] = {"resolve": [{"name": "www.example.nl", "port": None, "addresses": ["192.0.2.1", "2001:db8::1"]},
                                {"name": "mx.example.nl", "port": 25, "addresses": ["192.0.2.25"]}],
                    "zones": [{"file": "example.nl.zone", "origin": "example.nl", "dnssec": "signed"}]}
    return d


def check_doc(validator, label, doc):
    err = first_error(validator, doc)
    check(f"{label}: valid", err == "", err)
    if err:
        return
    if "domain" in doc or "target" in doc:
        err = first_error(validator, what_if_variant(doc))
        check(f"{label} with what_if (--resolve, --zone): valid", err == "", err)
    if "domain" in doc and doc.get("status") == "ok":
        for desc, variant, ok in beyond_variants(doc):
            err = first_error(validator, variant)
            check(f"{label} {desc}: {'valid' if ok else 'invalid'}", (err == "") == ok, err or "valid")
    for desc, broken in mutations(doc):
        check(f"{label}, {desc}: invalid", bool(errors_of(validator, broken)))


# ---------------------------------------------------------------- the binary, offline
def run(cmd, stdin=None):
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout


def binary_docs(ic, tmp):
    hints = os.path.join(tmp, "hints")
    with open(hints, "w") as f:
        f.write(".  3600000 NS a.root-servers.net.\na.root-servers.net. 3600000 A 127.0.0.254\n")
    dns = ["--root-hints", hints, "--private-dns", "--timeout", "1"]
    docs = []
    for test in ("web", "mail"):
        rc, out = run([ic, test, "example.nl", "--json"] + dns)
        docs.append((f"{test} example.nl, no DNS (exit {rc})", rc == 3, out))
    rc, out = run([ic, "tls", "127.0.0.1:1", "--allow-private", "--json"])
    docs.append(("tls on a closed loopback port", rc == 0, out))
    rc, out = run([ic, "tls", "127.0.0.1:1", "--starttls", "smtp", "--allow-private", "--json"])
    docs.append(("tls --starttls smtp on a closed loopback port", rc == 0, out))
    rc, out = run([ic, "tls", "127.0.0.1:1", "--json"])
    docs.append(("tls on a refused address (no --allow-private)", rc == 0, out))
    state, summary = os.path.join(tmp, "state.sqlite"), os.path.join(tmp, "summary.json")
    rc, out = run([ic, "batch", "web", "-", "--quiet", "--state", state, "--summary", summary] + dns,
                  stdin="example.nl\nexample.org\n")
    for i, line in enumerate(out.splitlines()):
        docs.append((f"batch line {i + 1}", rc == 3, line))
    if os.path.exists(summary):
        with open(summary) as f:
            docs.append(("batch --summary", rc == 3, f.read()))
    else:
        check("batch --summary written", False)
    rc, out = run([ic, "status", "--db", state, "--json"])
    docs.append(("status --json", rc == 0, out))
    return docs


def main():
    schema_file, catalog_c, data_dir = sys.argv[1:4]
    ic = sys.argv[4] if len(sys.argv) > 4 else None
    with open(schema_file, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
        check("the schema is a valid draft 2020-12 JSON Schema", True)
    except jsonschema.exceptions.SchemaError as e:
        check("the schema is a valid draft 2020-12 JSON Schema", False, e.message)
        sys.exit(1)
    check("the schema has $id, title and description",
          all(k in schema for k in ("$id", "title", "description")))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

    check_catalog(schema, parse_catalog(catalog_c))

    samples = sorted(n for n in os.listdir(data_dir) if n.endswith(".json"))
    check("real documents to test with", len(samples) >= 3, len(samples))
    for name in samples:
        with open(os.path.join(data_dir, name), encoding="utf-8") as f:
            check_doc(validator, name, json.load(f))

    if ic:
        with tempfile.TemporaryDirectory() as tmp:
            for label, rc_ok, text in binary_docs(ic, tmp):
                check(f"inetcheck {label}: exit status", rc_ok)
                try:
                    doc = json.loads(text)
                except ValueError as e:
                    check(f"inetcheck {label}: JSON", False, e)
                    continue
                check_doc(validator, f"inetcheck {label}", doc)
    print(f"# {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

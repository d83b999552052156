#!/usr/bin/python3
"""json-check.py SCHEMA DIR -- validate every JSON document json-tee.sh collected in DIR
against SCHEMA (docs/inetcheck.schema.json), in one process, at the end of run.sh.

DIR holds ID.meta files (case=, kind=doc|lines, rc= or path=, cmd=) and, for a copy of
standard output, ID.out. kind=doc is one document, kind=lines one per line (batch). A
path= entry names a batch --out/--summary file, read now (once per path, however many
runs wrote to it). Empty output is no document (a usage error, say); output that does not
parse is a failure when the run exited 0, 1 or 3 (it claimed a result), else skipped.

Prints one assertion per case that produced documents: "ok - ..." or "FAIL - ...",
naming each bad document (its copy in DIR, line), the case, the command and the schema
error with its path in the document and in the schema; then "done".
"""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print("FAIL - json schema: python3-jsonschema is not installed")
    print("done")
    sys.exit(0)


def read_meta(path):
    meta = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            meta.setdefault(k, v)
    return meta


def where(err):
    doc = "".join(f"[{p!r}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path) or "(top)"
    schema = "/".join(str(p) for p in err.absolute_schema_path)
    return f"at {doc} (schema {schema}): {err.message[:200]}"


def main():
    schema_file, coll = sys.argv[1], sys.argv[2]
    with open(schema_file, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=jsonschema.FormatChecker())

    per_case = {}     # case -> [documents, [failure lines]]
    seen_paths = {}
    names = sorted(n for n in os.listdir(coll) if n.endswith(".meta")) if os.path.isdir(coll) else []
    for name in names:
        meta = read_meta(os.path.join(coll, name))
        case = meta.get("case", "?")
        cmd = meta.get("cmd", "?")
        if "path" in meta:
            path = meta["path"]
            if path in seen_paths or not os.path.isfile(path):
                continue
            seen_paths[path] = case
            source, rc = path, None
        else:
            source = os.path.join(coll, name[:-len(".meta")] + ".out")
            rc = meta.get("rc")
            if not os.path.isfile(source):
                continue
        with open(source, encoding="utf-8", errors="replace") as f:
            text = f.read()
        if not text.strip():
            continue
        chunks = [(i + 1, l) for i, l in enumerate(text.split("\n")) if l.strip()] \
            if meta.get("kind") == "lines" else [(None, text)]
        entry = per_case.setdefault(case, [0, []])
        for lineno, chunk in chunks:
            label = source + (f":{lineno}" if lineno else "")
            try:
                doc = json.loads(chunk)
            except ValueError as e:
                if rc is None or rc in ("0", "1", "3"):
                    entry[0] += 1
                    entry[1].append(f"{label}: not JSON ({e}); {cmd}")
                continue
            entry[0] += 1
            errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
            if errors:
                more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
                entry[1].append(f"{label}: {where(errors[0])}{more}; {cmd}")

    total = bad = 0
    for case in sorted(per_case):
        n, failures = per_case[case]
        total += n
        if not failures:
            print(f"ok - json schema: {case}: {n} documents valid")
            continue
        bad += len(failures)
        for line in failures:
            print(f"# {case}: {line}")
        print(f"FAIL - json schema: {case}: {len(failures)} of {n} documents invalid "
              f"(first: {failures[0][:400]})")
    print(f"# json schema: {total} documents from {len(per_case)} cases, {bad} invalid"
          + (" (E2E_KEEP=1 keeps the copies)" if bad else ""))
    print("done")


if __name__ == "__main__":
    main()

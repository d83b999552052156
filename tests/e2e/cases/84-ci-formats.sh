# shellcheck shell=bash
# shellcheck disable=SC2016  # backticks and $ in single quotes are Markdown and jq, not shell
# 84-ci-formats -- issue 21: SARIF 2.1.0 and JUnit XML validated against their published
# schemas (tests/data/schemas), --fail-on, --baseline and `inetcheck diff` on two fixture
# scenarios that differ in a known set of subtests: perfect.example (everything right) and
# one-ns6.example (only one name server with IPv6: web_ipv6_ns_address failed) for web,
# perfect.example and mx-unsigned.example (MX in an unsigned zone) for mail; caa-none.example
# (a standard site without CAA: a warning, nothing failed) for SARIF warnings and --fail-on's
# levels.
SCHEMAS=$HERE/../data/schemas
PY=/usr/bin/python3
W=$E2E_WORK/ci-formats
mkdir -p "$W"

# JSON, SARIF and JUnit of one run each (ic: --json; --sarif and --junit also write files)
for t in "web perfect" "web one-ns6" "web caa-none" "mail perfect" "mail mx-unsigned" \
	"mail auth-spf-lookups"; do
	# shellcheck disable=SC2086  # two words: the test and the scenario
	set -- $t
	ic "$1" "$2.example" --sarif "$W/$1-$2.sarif" --junit "$W/$1-$2.xml"
	cp "$IC_JSON" "$W/$1-$2.json"
done

# ---- SARIF: valid 2.1.0, one result per failed or warning subtest, ruleId its name ----
sarif_check() {  # sarif_check SARIF JSON -> "ok" or what is wrong
	$PY - "$SCHEMAS/sarif-schema-2.1.0.json" "$1" "$2" <<'PYEOF'
import json, sys, jsonschema
schema, sarif, result = (json.load(open(f)) for f in sys.argv[1:4])
errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(sarif), key=str)
if errors:
    print("invalid: %s at %s" % (errors[0].message[:120], list(errors[0].absolute_path)))
    sys.exit()
# internet.nl's subtests, and beyond it (issue 22) as notes
tests = dict(result["results"]["tests"])
beyond = result.get("beyond", {}).get("tests", {})
tests.update(beyond)
want = sorted(k for k, v in tests.items() if v["status"] in ("failed", "warning"))
run = sarif["runs"][0]
got = sorted(r["ruleId"] for r in run["results"])
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
level = lambda k: "note" if k in beyond else {"failed": "error", "warning": "warning"}[tests[k]["status"]]
bad = [r["ruleId"] for r in run["results"] if rules[r["ruleIndex"]] != r["ruleId"]
       or r["level"] != level(r["ruleId"])
       or r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] != result["domain"]
       or not r["message"]["text"]]
print("ok" if got == want and not bad else "results %s, want %s; wrong: %s" % (got, want, bad))
PYEOF
}
for t in web-perfect web-one-ns6 web-caa-none mail-perfect mail-mx-unsigned mail-auth-spf-lookups; do
	_check "$t: SARIF valid against 2.1.0, a result per failed/warning subtest" ok \
		"$(sarif_check "$W/$t.sarif" "$W/$t.json" 2>&1)"
done
_check "web one-ns6: SARIF has web_ipv6_ns_address as an error" "error" \
	"$(jq -r '.runs[0].results[] | select(.ruleId == "web_ipv6_ns_address") | .level' "$W/web-one-ns6.sarif")"
# caa-none: no CAA record is a warning (recommended, §3.3.7)
_check "web caa-none: SARIF has web_https_tls_caa as a warning" "warning" \
	"$(jq -r '.runs[0].results[] | select(.ruleId == "web_https_tls_caa") | .level' "$W/web-caa-none.sarif")"
_check "web caa-none: JUnit lists the warning in system-out" 1 \
	"$(grep -cE '(^|<system-out>)warning: web_https_tls_caa: ' "$W/web-caa-none.xml")"

# issue 22: a test beyond internet.nl is a note in SARIF, tagged so, and a failure in its own
# JUnit suite
_check "mail auth-spf-lookups: SARIF has mail_beyond_spf_lookups as a note" "note beyond-internet.nl" \
	"$(jq -r '.runs[0] as $r | ($r.results[] | select(.ruleId == "mail_beyond_spf_lookups") | .level) + " " +
		($r.tool.driver.rules[] | select(.id == "mail_beyond_spf_lookups") | .properties.tags[0])' \
		"$W/mail-auth-spf-lookups.sarif")"
_check "mail auth-spf-lookups: JUnit suite mail_beyond has the failure" 1 \
	"$(xmllint --xpath 'count(//testsuite[@name="mail_beyond"]/testcase[@name="mail_beyond_spf_lookups"]/failure)' \
		"$W/mail-auth-spf-lookups.xml")"

# ---- JUnit: valid against Ant's schema, a testcase per subtest, a failure per failed ----
for t in web-perfect web-one-ns6 web-caa-none mail-perfect mail-mx-unsigned mail-auth-spf-lookups; do
	if out=$(xmllint --noout --schema "$SCHEMAS/JUnit.xsd" "$W/$t.xml" 2>&1); then
		_pass "$t: JUnit valid against JUnit.xsd"
	else
		_fail "$t: JUnit valid against JUnit.xsd" "$(echo "$out" | head -c 200)"
	fi
	# internet.nl's subtests and those beyond it (issue 22: their own testsuite)
	want=$(jq -r '[.results.tests[], (.beyond.tests // {})[] | select(.verdict != "not-implemented")] | length' "$W/$t.json")
	_check "$t: JUnit has a testcase per subtest ($want)" "$want" \
		"$(xmllint --xpath 'count(//testcase)' "$W/$t.xml" 2>&1)"
	want=$(jq -r '[(.results.tests, .beyond.tests // {}) | to_entries[] | select(.value.status == "failed") | .key] | sort | join(",")' "$W/$t.json")
	_check "$t: JUnit failures are the failed subtests" "$want" \
		"$(xmllint --xpath '//testcase[failure]/@name' "$W/$t.xml" 2>/dev/null | sed 's/ *name="\([^"]*\)"/\1\n/g' | grep . | sort | paste -sd, -)"
done
_check "web one-ns6: JUnit suite web_ipv6 has 1 failure" "1" \
	"$(xmllint --xpath 'string(//testsuite[@name="web_ipv6"]/@failures)' "$W/web-one-ns6.xml" 2>&1)"

# ---- diff: exactly the subtests whose status or verdict differ, computed here ----
changed() {  # changed OLD NEW tests|categories -> the names that differ, sorted, one line
	$PY - "$1" "$2" "$3" <<'PYEOF'
import json, sys
a, b = (json.load(open(f))["results"][sys.argv[3]] for f in sys.argv[1:3])
key = (lambda v: v and v["status"]) if sys.argv[3] == "categories" else (lambda v: v and (v["status"], v["verdict"]))
print(",".join(sorted(k for k in set(a) | set(b) if key(a.get(k)) != key(b.get(k)))))
PYEOF
}
for pair in "web perfect one-ns6" "mail perfect mx-unsigned"; do
	# shellcheck disable=SC2086  # the test and two scenarios
	set -- $pair
	old=$W/$1-$2.json new=$W/$1-$3.json
	want=$(changed "$old" "$new" tests)
	expect_exit 1 icraw diff "$old" "$new" --json   # perfect scores 100, the other less
	_check "diff $1 $2 $3 --json: the changed subtests ($want)" "$want" \
		"$(jq -r '[.tests[].name] | sort | join(",")' "$LAST_OUT" 2>&1)"
	_check "diff $1 $2 $3 --json: the changed categories" "$(changed "$old" "$new" categories)" \
		"$(jq -r '[.categories[].name] | sort | join(",")' "$LAST_OUT" 2>&1)"
	_check "diff $1 $2 $3 --json: scores" \
		"$(jq -r .scoring.percentage "$old") $(jq -r .scoring.percentage "$new")" \
		"$(jq -r '"\(.old.percentage) \(.new.percentage)"' "$LAST_OUT" 2>&1)"
	# the text lists the same subtests, one line each, and nothing else
	icraw diff "$old" "$new" > "$W/diff-$1.txt"
	_check "diff $1 $2 $3: text lists the same subtests" "$want" \
		"$(sed -n '/^subtests$/,$p' "$W/diff-$1.txt" | awk 'NR > 1 { print $1 }' | sort | paste -sd, -)"
	_check "diff $1 $2 $3: text says the domains differ" 1 \
		"$(grep -c "^$1 test of $2.example (old) and $3.example (new): different domains$" "$W/diff-$1.txt")"
done
case ",$(changed "$W/web-perfect.json" "$W/web-one-ns6.json" tests)," in
*,web_ipv6_ns_address,*) _pass "web perfect/one-ns6 differ in web_ipv6_ns_address" ;;
*) _fail "web perfect/one-ns6 differ in web_ipv6_ns_address" "not in the set" ;;
esac
case ",$(changed "$W/mail-perfect.json" "$W/mail-mx-unsigned.json" tests)," in
*,mail_dnssec_mx_exist,*) _pass "mail perfect/mx-unsigned differ in mail_dnssec_mx_exist" ;;
*) _fail "mail perfect/mx-unsigned differ in mail_dnssec_mx_exist" "not in the set" ;;
esac
# exit codes: a lower score 1, a higher 0, the same file 0 and "no change"; other test 2
expect_exit 1 icraw diff "$W/web-perfect.json" "$W/web-one-ns6.json"
expect_stdout '^  web_ipv6_ns_address +passed/good -> failed/other$'
expect_exit 0 icraw diff "$W/web-one-ns6.json" "$W/web-perfect.json" --format markdown
expect_stdout '^\| `web_ipv6_ns_address` \| `failed` \(`other`\) \| `passed` \(`good`\) \|$'
expect_exit 0 icraw diff "$W/web-one-ns6.json" "$W/web-one-ns6.json"
expect_stdout '^no change$'
# Dutch headings; the names, statuses and verdicts stay the tokens of --json
expect_exit 1 icraw diff "$W/web-perfect.json" "$W/web-one-ns6.json" --lang nl
expect_stdout '^webtest van perfect\.example \(oud\) en one-ns6\.example \(nieuw\): verschillende domeinen$'
expect_stdout '^  web_ipv6_ns_address +passed/good -> failed/other$'
expect_exit 0 icraw diff "$W/web-one-ns6.json" "$W/web-one-ns6.json" --format markdown --lang nl
expect_stdout '^Geen verandering\.$'
expect_exit 0 icraw diff "$W/web-one-ns6.json" "$W/web-perfect.json" --format markdown --lang nl
expect_stdout '^\| Subtest \| Oud \| Nieuw \|$'
expect_exit 2 icraw diff "$W/web-one-ns6.json" "$W/web-perfect.json" --lang fr
expect_stderr 'wants en or nl'
expect_exit 2 icraw diff "$W/web-perfect.json" "$W/mail-perfect.json"
expect_stderr 'a web result and .* a mail result'
expect_exit 2 icraw diff "$W/web-perfect.json" "$W/web-perfect.sarif"
expect_stderr 'not an inetcheck --json result'
expect_exit 2 icraw diff "$W/web-perfect.json" "$W/no-such.json"
expect_exit 2 icraw diff "$W/web-perfect.json"

# ---- --baseline: the diff on stderr, the report on stdout, 1 when the score is lower ----
expect_exit 1 icfix web one-ns6.example --allow-private --format sarif --baseline "$W/web-perfect.json"
expect_stderr '^  web_ipv6_ns_address +passed/good -> failed/other$'
expect_stderr 'lower than --baseline'
_check "--baseline: stdout stays the report (SARIF)" "2.1.0" "$(jq -r .version "$LAST_OUT" 2>&1)"
expect_exit 0 icfix web perfect.example --allow-private --brief --baseline "$W/web-one-ns6.json"
expect_stderr '^  web_ipv6_ns_address +failed/other -> passed/good$'
# a --baseline of another test is bad input, said before testing
expect_exit 2 icfix web perfect.example --allow-private --baseline "$W/mail-perfect.json"
expect_stderr 'a mail result, not one of a web test'

# ---- --fail-on: exit 1 when some subtest has that status or a worse one ----
levels_seen=""
for t in web-perfect web-one-ns6 web-caa-none mail-mx-unsigned; do
	wants=""
	for level in failed warning info; do
		case $level in
		failed) levels='["failed"]' ;; warning) levels='["failed","warning"]' ;;
		info) levels='["failed","warning","info"]' ;;
		esac
		want=$(jq -r --argjson s "$levels" '[.results.tests[] | select(.status as $x | $s | index($x))] | if length > 0 then 1 else 0 end' "$W/$t.json")
		expect_exit "$want" icfix "${t%%-*}" "${t#*-}.example" --allow-private --brief --fail-on "$level"
		wants="$wants$want"
	done
	levels_seen="$levels_seen $wants"
done
# the levels are told apart: nothing (000), a failure (111), and a warning or info only
# (011 or 001) are all among the scenarios
for w in 000 111; do
	case "$levels_seen " in *" $w "*) _pass "--fail-on: a scenario with levels $w" ;;
	*) _fail "--fail-on: a scenario with levels $w" "$levels_seen" ;; esac
done
case "$levels_seen " in *" 011 "*|*" 001 "*) _pass "--fail-on: a scenario without failures trips on warning/info" ;;
*) _fail "--fail-on: a scenario without failures trips on warning/info" "$levels_seen" ;; esac
# the known case: one-ns6 fails on failed, also with a --fail-under it meets
expect_exit 1 icfix web one-ns6.example --allow-private --brief --fail-on failed --fail-under 0
expect_stderr 'a subtest is failed \(--fail-on failed\)'
expect_exit 2 icraw web perfect.example --fail-on bad
expect_stderr '--fail-on wants failed, warning or info'
expect_exit 2 icraw batch web --fail-on failed
expect_exit 2 icraw tls perfect.example --fail-on failed

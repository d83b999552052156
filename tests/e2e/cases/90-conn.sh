# shellcheck shell=bash
# 90-conn -- the connection test of `inetcheck serve` (issue 20, spec §3.12) with real
# visitors: serve answers DNS for test-ns-signed.conn.example and test-ns6-signed.conn.example
# (delegated by the fixture's signed conn.example, DS made by gen-conn.sh) and serves the
# page and probes behind the fixture's nginx; each visitor is a network namespace of its own
# with its own recursive resolver (tests/fixture/visitor.sh) running headless Chromium through
# http://conn.example/connection/ (visitor_browser.py). Per visitor the six subtests, the
# two category scores and the overall score are checked against spec §3.12:
#   dual         dual-stack, validating resolver                   IPv6 100, DNSSEC 100: 100
#   v4only       IPv4 only, validating resolver                    IPv6   0, DNSSEC 100:  50
#   novalidate   dual-stack, resolver that does not validate       IPv6 100, DNSSEC   0:  50
#   resolver4    dual-stack, resolver without IPv6 (cannot reach   IPv6  80, DNSSEC 100:  90
#                the IPv6-only name server)
#   eui64        dual-stack, an address made from an Intel MAC:    privacy warns, 100
# The result is read from the store (its view) and from the page the browser ends on.

IC_HARD_TIMEOUT=120
C=$E2E_WORK/conn
mkdir -p "$C"
VISITOR=$HERE/../fixture/visitor.sh
BROWSER=$HERE/visitor_browser.py
CONN_ARGS=(--conn-domain conn.example --conn-key "$E2E_DIR/conn/conn.key"
           --conn-dns "127.0.47.1:53,[fd00:47::1]:53" --conn-ipv4 127.0.47.1 --conn-ipv6 fd00:47::1)

# --- usage errors ---
expect_exit 2 icraw serve --conn-key "$C/x.key"
expect_stderr 'need --conn-domain'
expect_exit 2 icraw serve --conn-domain conn.example --conn-ipv4 127.0.47.1
expect_stderr 'needs --conn-ipv4 and --conn-ipv6'
expect_exit 2 icraw serve --conn-domain conn.example --conn-ipv4 fd00:47::1 --conn-ipv6 fd00:47::1
expect_stderr 'wants an IPv4 address'
expect_exit 2 icraw conn-records --conn-domain conn.example
expect_stderr 'needs --conn-domain, --conn-ipv4 and --conn-ipv6'

# --- the records to publish: inetcheck's DS = the fixture's own (ldns-key2ds) ---
icraw conn-records --conn-domain conn.example --conn-ipv4 127.0.47.1 --conn-ipv6 fd00:47::1 \
	--conn-key "$E2E_DIR/conn/conn.key" > "$C/records" 2> "$C/records.err"
# shellcheck source=/dev/null
. "$E2E_DIR/conn/ds.env"
_check "conn-records: the DS of test-ns-signed equals the fixture's" "$CONN_DS4" \
	"$(awk '$1 == "test-ns-signed.conn.example." && $4 == "DS" { print $5, $6, $7, $8 }' "$C/records")"
_check "conn-records: the DS of test-ns6-signed equals the fixture's" "$CONN_DS6" \
	"$(awk '$1 == "test-ns6-signed.conn.example." && $4 == "DS" { print $5, $6, $7, $8 }' "$C/records")"
_check "conn-records: test-ns6-signed's name server has only an IPv6 address" "AAAA" \
	"$(awk '$1 == "ns.test-ns6-signed.conn.example." { print $4 }' "$C/records" | tr '\n' ' ' | sed 's/ $//')"

# view_of ID -- "subtest=status ..." then "ipv6 dnssec overall" of stored test ID
view_of() {
	/usr/bin/python3 - "$C/conn.sqlite" "$1" <<'PY'
import json, sqlite3, sys
names = ["error", "failed", "warning", "info", "not_tested", "good_not_tested", "passed"]
row = sqlite3.connect(sys.argv[1]).execute(
    "SELECT view, percentage FROM conn_results WHERE id = ?", (sys.argv[2],)).fetchone()
if row is None:
    print("none"); print("none"); sys.exit(0)
v = json.loads(row[0])
order = ["resolver_conn", "dns_conn", "connection", "privacy", "ipv4_conn"]
subs = ["%s=%s" % (s, names[v["subtests"]["conn_ipv6_" + s]["status"]]) for s in order]
subs.append("validation=%s" % names[v["subtests"]["conn_dnssec_validation"]["status"]])
print(" ".join(subs))
print(v["categories"]["conn_ipv6"]["percentage"], v["categories"]["conn_dnssec"]["percentage"], row[1])
PY
}

# visit NAME WANT-SUBTESTS WANT-SCORES [visitor.sh options] -- one visitor through the test
visit() {
	local name=$1 want_subs=$2 want_scores=$3 vis=icv$$$1 out id got
	shift 3
	if ! "$VISITOR" up "$E2E_DIR" "$E2E_NETNS" "$vis" "$@" > "$C/$name.up" 2>&1; then
		_fail "$name: visitor up" "$(tail -c 300 "$C/$name.up")"
		return
	fi
	out=$(timeout -k 5 90 ip netns exec "$vis" /usr/bin/python3 "$BROWSER" --result --timeout 40 \
		--wait-js "location.pathname.endsWith('/results')" http://conn.example/connection/ \
		2> "$C/$name.browser.err")
	printf '%s\n' "$out" > "$C/$name.browser"
	id=$(jq -r '.final_url // ""' <<< "$out" 2>/dev/null | sed -n 's|^http://conn.example/connection/\([0-9a-f]\{32\}\)/results$|\1|p')
	if [ -z "$id" ]; then
		_fail "$name: the browser ends on the result page" "$(head -c 400 "$C/$name.browser") $(tail -c 300 "$C/$name.browser.err")"
	else
		_pass "$name: the browser ends on the result page"
		got=$(view_of "$id")
		_check "$name: subtests (spec §3.12)" "$want_subs" "$(sed -n 1p <<< "$got")"
		_check "$name: IPv6, DNSSEC and overall score" "$want_scores" "$(sed -n 2p <<< "$got")"
		local overall=${want_scores##* }
		if jq -r '.text' <<< "$out" | grep -q "Score $overall%"; then
			_pass "$name: the page shows the score $overall%"
		else
			_fail "$name: the page shows the score $overall%" "$(jq -r '.text' <<< "$out" | head -c 300)"
		fi
	fi
	"$VISITOR" down "$E2E_DIR" "$E2E_NETNS" "$vis" >> "$C/$name.up" 2>&1
	_check "$name: visitor gone" no "$(ip netns list | grep -qw "$vis" && echo yes || echo no)"
}

if serve_up conn 8090 --workers 0 --db "$C/conn.sqlite" --trusted-proxy 127.0.0.1 \
	--public-url http://conn.example "${CONN_ARGS[@]}"; then
	visit dual "resolver_conn=passed dns_conn=passed connection=passed privacy=passed ipv4_conn=passed validation=passed" \
		"100 100 100"
	visit v4only "resolver_conn=failed dns_conn=failed connection=not_tested privacy=not_tested ipv4_conn=passed validation=passed" \
		"0 100 50" --no-ipv6
	visit novalidate "resolver_conn=passed dns_conn=passed connection=passed privacy=passed ipv4_conn=passed validation=failed" \
		"100 0 50" --no-validation
	visit resolver4 "resolver_conn=failed dns_conn=passed connection=passed privacy=passed ipv4_conn=passed validation=passed" \
		"80 100 90" --resolver-ipv4-only
	visit eui64 "resolver_conn=passed dns_conn=passed connection=passed privacy=warning ipv4_conn=passed validation=passed" \
		"100 100 100" --eui64 00:1b:21:3a:4b:5c
	# hostile and odd requests straight to serve: refused or ignored, never recorded
	S=http://127.0.0.1:8090
	ID=0123456789abcdef0123456789abcdef
	hc() { ip netns exec "$E2E_NETNS" curl -s -o /dev/null -w '%{http_code}' "$@"; }
	_check "probe: the Host's id and the path's differ: 404" 404 \
		"$(hc -H "Host: $ID.a.conn.test-ns-signed.conn.example" "$S/connection/probe/fedcba9876543210fedcba9876543210")"
	_check "probe: an unknown test, Host in capitals with a dot and a port: answered, not recorded" \
		'{"recorded":false}' "$(ip netns exec "$E2E_NETNS" curl -s \
		-H "Host: ${ID^^}.A.CONN.TEST-NS-SIGNED.CONN.EXAMPLE.:80" "$S/connection/probe/$ID")"
	_check "probe: POST: 405" 405 \
		"$(hc -X POST -H "Host: $ID.bogus.conn.test-ns-signed.conn.example" "$S/connection/probe/$ID")"
	_check "probe: the IPv6 literal with a bad id: 404" 404 \
		"$(hc --path-as-is -H "Host: [fd00:47::1]" "$S/connection/probe/../../etc/passwd")"
	_check "probe host of another zone: an ordinary 404 page" 404 \
		"$(hc -H "Host: $ID.a.conn.test-ns-signed.example.org" "$S/connection/probe/$ID")"
	_check "a Host of 4000 bytes: an ordinary 404" 404 \
		"$(hc -H "Host: $(head -c 4000 /dev/zero | tr '\0' a).conn.example" "$S/connection/probe/$ID")"
	_check "start without the CSRF token: 403" 403 "$(hc -X POST "$S/connection/start")"
	_check "finish without the CSRF token: 403" 403 "$(hc -X POST "$S/connection/finish/$ID")"
	_check "the results of an unknown test: 404" 404 "$(hc "$S/connection/$ID/results")"
	_check "serve still answers" 200 "$(hc "$S/connection/")"
	# the stored result keeps no full visitor address (IPv4 /16, IPv6 /32)
	if /usr/bin/python3 -c 'import sqlite3, sys; sys.exit(any("198.51.100." in v or "2001:db8:cafe" in v
		for (v,) in sqlite3.connect(sys.argv[1]).execute("SELECT view FROM conn_results")))' "$C/conn.sqlite"; then
		_pass "no stored result holds a visitor's full address"
	else
		_fail "no stored result holds a visitor's full address" "$(sqlite3 "$C/conn.sqlite" 'SELECT view FROM conn_results' 2>/dev/null | head -c 300)"
	fi
	serve_down conn
fi

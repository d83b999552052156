# shellcheck shell=bash
# shellcheck disable=SC2016  # $k etc. are jq variables, not shell ones
# lib.sh -- helpers for the end-to-end cases (sourced by run.sh into each case's subshell).
#
# Environment (set by run.sh): E2E_BUILD (build dir holding `inetcheck`), E2E_DIR (fixture
# data dir), E2E_NETNS (fixture network namespace), E2E_TALLY (file receiving one line per
# assertion), E2E_WORK (scratch dir: JSON cache, last outputs).
#
# Running the tester
#   ic web|mail DOMAIN [extra args]  run inetcheck on the fixture with --json --allow-private
#                                    and the fixture's root hints/trust anchor, cache the JSON
#                                    (same arguments = same run) and make it the subject of
#                                    the expect_* assertions below. The first run of each
#                                    argument list is itself an assertion: exit 0 or 1 and
#                                    valid JSON.
#                                    (web and mail also get --ca-file DIR/pki/ca.crt and
#                                    IC_RPKI_ARGS: by default the fixture's VRP file and
#                                    whois server; a case may set IC_RPKI_ARGS=(...) --
#                                    a non-default value becomes part of the description)
#   icraw ARGS...                    inetcheck ARGS inside the netns, nothing added
#   icfix ARGS...                    inetcheck ARGS + --root-hints/--trust-anchor (and for
#                                    web/mail/batch --ca-file and IC_RPKI_ARGS; no --allow-private,
#                                    no --json)
#   json_collect FILE [lines|doc] [WHAT]  documents of FILE (got another way) join the
#                                    schema check of run.sh (json-tee.sh collects the rest)
#   ictls HOST [extra args]          `ic tls HOST --ca-file DIR/pki/ca.crt ...`: one TLS
#                                    profile of the fixture (tests/fixture/README.md)
# Assertions on the current JSON (each prints "ok - ..." or "FAIL - ... (got X)")
#   expect_test NAME STATUS VERDICT  .results.tests[NAME].status / .verdict
#   expect_category CAT STATUS       .results.categories[CAT].status
#   expect_percent CAT N             .scoring.categories[CAT].percentage
#   expect_max_points CAT N          .scoring.categories[CAT].max_points
#   expect_overall N                 .scoring.percentage
#   expect_json JQ_EXPR VALUE        `jq -r JQ_EXPR` (lines joined by ",") equals VALUE
#   expect_scoring_formula           spec §4.1/§4.2 arithmetic holds for every category
#                                    with max_points > 0 and for the overall percentage
#   expect_sub KEY STATUS VERDICT    `inetcheck tls` JSON: .subtests[KEY].status / .verdict
#   expect_tls_score                 `inetcheck tls` JSON: .score.percentage follows §4.1
# Assertions on a command
#   expect_exit CODE CMD...          CMD exits with CODE ("nonzero" = any non-zero code);
#                                    its stdout/stderr are kept for:
#   expect_stderr REGEX              the last expect_exit's stderr matches (grep -Ei)
#   expect_stdout REGEX              the last expect_exit's stdout has a matching line (grep -E)
# Comparing documents
#   $_strip                          jq filter: a --json document without its timing fields
#                                    (every "timings" object and every key ending in "_ms"),
#                                    so that two runs of the same test compare equal
# Connection counting on the bulk domains' addresses (tests/fixture/README.md "Connection
# counting"; needs FIXTURE_BULK)
#   "$CONNLIMIT" arm|zero|read|disarm ...   tests/fixture/connlimit.sh
#   BULK_ADDRS                       the four hosting and three MX addresses, both families
#   _conn_over [FILE]                the sum of OVER of every address and class ("?" when
#                                    packets were lost)
#   _conn_total CLASS [FILE]         the sum of TOTAL (SYNs) of a class (tcp, smtp)
#   _conn_peak CLASS [FILE]          the highest PEAK of a class ("?" as for OVER)
#                                    (FILE: the saved output of a `read`, instead of a new
#                                    one; a read replays the whole event log, seconds for a
#                                    few thousand connections)

: "${E2E_BUILD:?}" "${E2E_DIR:?}" "${E2E_NETNS:?}" "${E2E_TALLY:?}" "${E2E_WORK:?}"
IC_BIN=$E2E_BUILD/inetcheck
# every JSON document a case makes inetcheck write is also kept for the schema check at the
# end of run.sh (json-tee.sh, json-check.py); IC_BIN is then that small wrapper
if [ -x "$IC_BIN" ] && [ -n "${E2E_JSON_DIR:-}" ]; then
	export E2E_IC_REAL=$IC_BIN
	IC_BIN=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/json-tee.sh
fi
IC_FIXTURE_ARGS=(--root-hints "$E2E_DIR/dns/root.hints" --trust-anchor "$E2E_DIR/dns/root.ds")
IC_TIMEOUT=${IC_TIMEOUT:-30}        # inetcheck --timeout
IC_HARD_TIMEOUT=${IC_HARD_TIMEOUT:-90}  # kill inetcheck after this many seconds
IC_CA_ARGS=()
# RPKI (spec §3.5): the fixture's VRPs and RIS-style whois server (tests/fixture/README.md)
IC_RPKI_DEFAULT=(--rpki-vrps "$E2E_DIR/rpki/vrps.json" --bgp-whois 127.0.43.1)
IC_RPKI_ARGS=("${IC_RPKI_DEFAULT[@]}")
IC_JSON=; IC_DESC="(no inetcheck run yet)"; IC_PROBLEM="no inetcheck run yet"
LAST_OUT=$E2E_WORK/last.out; LAST_ERR=$E2E_WORK/last.err
mkdir -p "$E2E_WORK/cache"

_strip='walk(if type == "object" then with_entries(select(.key | test("(^timings$|_ms$)") | not)) else . end)'
CONNLIMIT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixture" && pwd)/connlimit.sh
# shellcheck disable=SC2034  # (used by the cases)
BULK_ADDRS=(127.0.45.1 127.0.45.2 127.0.45.3 127.0.45.4 fd00:45::1 fd00:45::2 fd00:45::3 fd00:45::4
	127.0.46.1 127.0.46.2 127.0.46.3 fd00:46::1 fd00:46::2 fd00:46::3)

_pass() { echo "ok - $1"; echo "ok" >> "$E2E_TALLY"; }
_fail() { echo "FAIL - $1${2:+ (got $2)}"; echo "FAIL" >> "$E2E_TALLY"; }
_check() {  # _check DESC WANT GOT
	if [ "$2" = "$3" ]; then _pass "$1"; else _fail "$1" "${3:-\"\"}"; fi
}

icraw() {
	timeout -k 5 "$IC_HARD_TIMEOUT" ip netns exec "$E2E_NETNS" "$IC_BIN" "$@"
}
# web and mail runs trust the fixture CA (spec §3.3.4 trust, §8 item 12): the sites'
# certificates chain to DIR/pki/ca.crt, not to a public root
_ic_ca_args() {  # _ic_ca_args TEST -> sets IC_CA_ARGS (CA file and the RPKI sources)
	IC_CA_ARGS=()
	case ${1:-} in web|mail|batch) IC_CA_ARGS=(--ca-file "$E2E_DIR/pki/ca.crt" "${IC_RPKI_ARGS[@]}") ;; esac
}
icfix() { _ic_ca_args "${1:-}"; icraw "$@" "${IC_FIXTURE_ARGS[@]}" "${IC_CA_ARGS[@]}"; }

ic() {
	local test=${1:-} domain=${2:-} key f rc
	[ $# -ge 2 ] && shift 2
	IC_DESC="$test $domain${*:+ $*}"
	case $test in web|mail)
		[ "${IC_RPKI_ARGS[*]}" = "${IC_RPKI_DEFAULT[*]}" ] || IC_DESC="$IC_DESC [rpki: ${IC_RPKI_ARGS[*]:-none}]" ;;
	esac
	IC_DESC=${IC_DESC//"$E2E_DIR"/DIR}
	key=$(printf '%s' "$IC_DESC" | tr -c 'A-Za-z0-9._-' '_')
	f=$E2E_WORK/cache/$key
	if [ ! -f "$f.rc" ]; then
		if [ -x "$IC_BIN" ]; then
			_ic_ca_args "$test"
			# web and mail: the reports for people of the same run too (98-report.sh)
			local also=()
			case $test in web|mail) also=(--text "$f.txt" --html "$f.html") ;; esac
			icraw "$test" "$domain" --json --allow-private "${IC_FIXTURE_ARGS[@]}" \
				"${IC_CA_ARGS[@]}" --timeout "$IC_TIMEOUT" "${also[@]}" "$@" > "$f.json" 2> "$f.err"
			rc=$?
		else
			: > "$f.json"; echo "no executable $IC_BIN" > "$f.err"; rc=127
		fi
		echo "$rc" > "$f.rc"
		_ic_state "$f"
		if [ -z "$IC_PROBLEM" ]; then _pass "inetcheck $IC_DESC: ran (exit $rc, JSON)"
		else _fail "inetcheck $IC_DESC: ran" "$IC_PROBLEM"; fi
	else
		_ic_state "$f"
	fi
}
# json_collect FILE [lines|doc] [WHAT] -- FILE holds inetcheck JSON documents a case got
# some other way (read back from a store, say): validate them against the schema too, as
# the documents json-tee.sh collects (run.sh, at the end; FILE is read then)
json_collect() {
	[ -n "${E2E_JSON_DIR:-}" ] || return 0
	local f=$1
	[[ $f = /* ]] || f=$PWD/$f
	printf '%s\n' "case=${E2E_CASE:-?}" "kind=${2:-lines}" "path=$f" "cmd=${3:-$f}" \
		> "$E2E_JSON_DIR/${EPOCHREALTIME/./}-$$-c.meta"
}
ictls() {
	local host=$1; shift
	ic tls "$host" --ca-file "$E2E_DIR/pki/ca.crt" "$@"
}
_ic_state() {  # sets IC_JSON, IC_RC, IC_PROBLEM from cache entry $1
	IC_RC=$(cat "$1.rc"); IC_JSON=$1.json; IC_PROBLEM=
	if [ ! -s "$IC_JSON" ] || ! jq -e 'type == "object"' "$IC_JSON" >/dev/null 2>&1; then
		IC_PROBLEM="exit $IC_RC, no valid JSON; stderr: $(head -c 160 "$1.err" | tr '\n' ' ')"
	elif [ "$IC_RC" != 0 ] && [ "$IC_RC" != 1 ]; then
		IC_PROBLEM="exit $IC_RC; stderr: $(head -c 160 "$1.err" | tr '\n' ' ')"
	fi
}

# _jq EXPR [jq args] -- evaluate on the current JSON; prints "(no JSON: ...)" if there is none
_jq() {
	local expr=$1; shift
	if [ -z "$IC_JSON" ] || [ ! -s "$IC_JSON" ] || ! jq -e 'type == "object"' "$IC_JSON" >/dev/null 2>&1; then
		echo "(no JSON: $IC_PROBLEM)"; return
	fi
	jq -rc "$@" "$expr" "$IC_JSON" 2>&1 | paste -sd, -
}

expect_test() {  # NAME STATUS VERDICT
	_check "$IC_DESC: test $1 = $2/$3" "$2/$3" \
		"$(_jq '.results.tests[$k] | "\(.status)/\(.verdict)"' --arg k "$1")"
}
expect_category() {  # CAT STATUS
	_check "$IC_DESC: category $1 status = $2" "$2" "$(_jq '.results.categories[$k].status' --arg k "$1")"
}
expect_percent() {  # CAT N
	_check "$IC_DESC: category $1 = $2 %" "$2" "$(_jq '.scoring.categories[$k].percentage' --arg k "$1")"
}
expect_max_points() {  # CAT N
	_check "$IC_DESC: category $1 max_points = $2" "$2" "$(_jq '.scoring.categories[$k].max_points' --arg k "$1")"
}
expect_overall() {  # N
	_check "$IC_DESC: overall = $1 %" "$1" "$(_jq '.scoring.percentage')"
}
expect_json() {  # JQ_EXPR VALUE
	_check "$IC_DESC: $1 = $2" "$2" "$(_jq "$1")"
}
expect_scoring_formula() {
	# §4.1: category % = int(100.0 / max_points * points); §4.2: overall = clamp(0, 100,
	# int(sum of the category % of categories with max_points > 0 / their number))
	_check "$IC_DESC: category percentages follow §4.1" "" "$(_jq '[.scoring.categories
		| to_entries[] | select(.value.max_points > 0)
		| select(.value.percentage != ((100 / .value.max_points * .value.points) | floor))
		| "\(.key)=\(.value.percentage) (\(.value.points)/\(.value.max_points))"] | join(" ")')"
	_check "$IC_DESC: overall percentage follows §4.2" "ok" "$(_jq '[.scoring.categories[]
		| select(.max_points > 0) | .percentage] as $p
		| (if ($p | length) == 0 then 0 else (($p | add) / ($p | length) | floor) end) as $o
		| ([[$o, 100] | min, 0] | max) as $want
		| if .scoring.percentage == $want then "ok" else "\(.scoring.percentage), want \($want)" end')"
}

expect_sub() {  # KEY STATUS VERDICT
	_check "$IC_DESC: subtest $1 = $2/$3" "$2/$3" \
		"$(_jq '.subtests[$k] | "\(.status)/\(.verdict)"' --arg k "$1")"
}
expect_tls_score() {
	_check "$IC_DESC: tls score follows §4.1" "ok" "$(_jq '.score as $s
		| (if $s.max_points > 0 then (100 / $s.max_points * $s.points | floor) else 0 end) as $want
		| if $s.percentage == $want then "ok" else "\($s.percentage), want \($want)" end')"
}

expect_exit() {  # CODE CMD...
	local want=$1 rc; shift
	"$@" > "$LAST_OUT" 2> "$LAST_ERR" < /dev/null
	rc=$?
	local desc="exit $want: ${*#"$IC_BIN"}"
	desc=${desc//"$E2E_DIR"/DIR}
	if [ "$want" = nonzero ]; then
		if [ "$rc" != 0 ]; then _pass "$desc (exit $rc)"; else _fail "$desc" "exit 0"; fi
	else
		_check "$desc" "$want" "$rc"
	fi
}
expect_stderr() {  # REGEX
	if grep -qEi -- "$1" "$LAST_ERR" 2>/dev/null; then _pass "stderr matches /$1/"
	else _fail "stderr matches /$1/" "$(head -c 200 "$LAST_ERR" 2>/dev/null | tr '\n' ' ')"; fi
}
expect_stdout() {  # REGEX -- the last expect_exit's stdout has a matching line
	if grep -qE -- "$1" "$LAST_OUT" 2>/dev/null; then _pass "stdout matches /$1/"
	else _fail "stdout matches /$1/" "$(head -c 200 "$LAST_OUT" 2>/dev/null | tr '\n' ' ')"; fi
}

# --- inetcheck serve (issue 18) ---
#   serve_up NAME PORT ARGS...   start `inetcheck serve --listen 127.0.0.1:PORT` in the netns
#                                with the fixture's resolver, CA and RPKI options (add
#                                --allow-private or --private-dns yourself), its store in
#                                $E2E_WORK/NAME.sqlite unless ARGS give --db, stderr in
#                                $E2E_WORK/NAME.log; waits up to 20 s until it answers.
#                                Sets SERVE_PID_<NAME>; an assertion of its own.
#   serve_down NAME [SIGNAL]     stop it (TERM by default; KILL for a crash), wait for it
#   py_checks SCRIPT ARGS...     /usr/bin/python3 SCRIPT in the netns: its "ok - ..." and
#                                "FAIL - ..." lines are assertions; a script that dies
#                                without printing "done" is a failure
serve_up() {
	local name=$1 port=$2 db=(--db "$E2E_WORK/$name.sqlite") a pid i
	shift 2
	for a in "$@"; do [ "$a" = --db ] && db=(); done
	ip netns exec "$E2E_NETNS" "$IC_BIN" serve --listen "127.0.0.1:$port" "${db[@]}" \
		"${IC_FIXTURE_ARGS[@]}" --ca-file "$E2E_DIR/pki/ca.crt" "${IC_RPKI_DEFAULT[@]}" \
		--timeout "$IC_TIMEOUT" "$@" 2>> "$E2E_WORK/$name.log" &
	pid=$!
	printf -v "SERVE_PID_${name//-/_}" '%s' "$pid"
	for i in $(seq 1 200); do
		if ip netns exec "$E2E_NETNS" curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
			_pass "serve $name answers on 127.0.0.1:$port"
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	_fail "serve $name answers on 127.0.0.1:$port" "$(tail -c 300 "$E2E_WORK/$name.log" | tr '\n' ' ')"
	return 1
}
serve_down() {
	local var="SERVE_PID_${1//-/_}" pid
	pid=${!var:-}
	[ -n "$pid" ] || return 0
	kill "-${2:-TERM}" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	printf -v "$var" '%s' ''
	return 0
}
py_checks() {
	local out rc
	out=$(timeout -k 5 900 ip netns exec "$E2E_NETNS" /usr/bin/python3 "$@" 2>"$E2E_WORK/py.err")
	rc=$?
	printf '%s\n' "$out" | grep -E '^(ok|FAIL) - ' | while IFS= read -r line; do
		echo "$line"
		case $line in ok*) echo ok >> "$E2E_TALLY" ;; *) echo FAIL >> "$E2E_TALLY" ;; esac
	done
	if ! printf '%s\n' "$out" | grep -qx done || [ $rc != 0 ]; then
		_fail "$(basename "$1") ran to its end" "exit $rc: $(tail -c 400 "$E2E_WORK/py.err" | tr '\n' ' ')"
	fi
}

# --- connection counting (connlimit.sh read: "ADDR CLASS TOTAL OVER PEAK LINGER") ---
_conn_read() { if [ -n "${1:-}" ]; then cat "$1"; else "$CONNLIMIT" read "$E2E_DIR" "$E2E_NETNS"; fi; }
_conn_over() { _conn_read "${1:-}" | awk '{ if ($4 == "?") q = 1; s += $4 } END { print q ? "?" : s + 0 }'; }
_conn_total() { _conn_read "${2:-}" | awk -v c="$1" '$2 == c { s += $3 } END { print s + 0 }'; }
_conn_peak() { _conn_read "${2:-}" | awk -v c="$1" '$2 == c { if ($5 == "?") q = 1; else if ($5 + 0 > m) m = $5 + 0 } END { print q ? "?" : m + 0 }'; }

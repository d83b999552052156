#!/bin/bash
# shellcheck disable=SC2317  # cleanup/summary run from traps
# run.sh BUILD_DIR [CASE...] -- end-to-end tests of inetcheck against the mini-internet.
#
# Brings the fixture (tests/fixture/up.sh) up in a fresh network namespace with a fresh data
# directory, runs every tests/e2e/cases/*.sh (or only the CASEs named, e.g. `30-web-ipv6`),
# ALWAYS tears the fixture down again, and prints as its very last line
#   N passed, N failed
# (counting assertions). Exits 0 only when nothing failed. Needs root.
# Env: E2E_KEEP=1 keeps the data directory (logs, JSON of every run) for inspection.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
FIXTURE=$(cd "$HERE/../fixture" && pwd)

[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [CASE...]" >&2; exit 2; }
E2E_BUILD=$(realpath -m "$1"); shift
E2E_NETNS=ice2e$$
E2E_DIR=$(mktemp -d /tmp/inetcheck-e2e.XXXXXX)
E2E_WORK=$E2E_DIR/e2e
E2E_TALLY=$E2E_WORK/tally
# every --json document of every case, for the schema check after the cases (lib.sh)
E2E_JSON_DIR=$E2E_WORK/json
mkdir -p "$E2E_WORK" "$E2E_JSON_DIR"; : > "$E2E_TALLY"
export E2E_BUILD E2E_DIR E2E_NETNS E2E_WORK E2E_TALLY E2E_JSON_DIR

summary() {
	local p f
	p=$(grep -c '^ok$' "$E2E_TALLY" 2>/dev/null); f=$(grep -c '^FAIL$' "$E2E_TALLY" 2>/dev/null)
	echo "${p:-0} passed, ${f:-0} failed"
}
cleanup() {
	local rc=$? line
	trap - EXIT INT TERM
	line=$(summary)
	"$FIXTURE/down.sh" "$E2E_DIR" "$E2E_NETNS" > "$E2E_WORK/down.log" 2>&1 \
		|| { echo "e2e: fixture teardown reported a problem:" >&2; cat "$E2E_WORK/down.log" >&2; }
	if [ "${E2E_KEEP:-0}" = 1 ]; then
		echo "e2e: kept $E2E_DIR" >&2
	else
		rm -rf "$E2E_DIR"
	fi
	echo "$line"
	exit "$rc"
}
trap cleanup EXIT
trap 'echo "e2e: interrupted" >&2; echo FAIL >> "$E2E_TALLY"; exit 130' INT TERM

[ -x "$E2E_BUILD/inetcheck" ] || echo "e2e: WARNING: no executable $E2E_BUILD/inetcheck; every run will fail" >&2

# bulk domains on shared hosting and MX addresses (tests/fixture/README.md "Bulk domains"):
# 95-worker tests all 300 web domains with several workers, 99-batch the first 30 of each
# as a batch, politely
export FIXTURE_BULK=${FIXTURE_BULK:-300}
t0=$(date +%s)
if ! "$FIXTURE/up.sh" "$E2E_DIR" "$E2E_NETNS" > "$E2E_WORK/up.log" 2>&1; then
	cat "$E2E_WORK/up.log" >&2
	echo "FAIL - fixture start-up"; echo FAIL >> "$E2E_TALLY"
	exit 1
fi
echo "# fixture up in $(( $(date +%s) - t0 )) s (netns $E2E_NETNS, dir $E2E_DIR)"
# the fixture's own self-check counts as one assertion (its failures are shown, if any)
if "$FIXTURE/selfcheck.sh" "$E2E_DIR" "$E2E_NETNS" > "$E2E_WORK/selfcheck.log" 2>&1; then
	echo "ok - fixture selfcheck ($(tail -n1 "$E2E_WORK/selfcheck.log"))"; echo ok >> "$E2E_TALLY"
else
	grep '^FAIL' "$E2E_WORK/selfcheck.log"
	echo "FAIL - fixture selfcheck ($(tail -n1 "$E2E_WORK/selfcheck.log"))"; echo FAIL >> "$E2E_TALLY"
fi

cases=()
if [ $# -gt 0 ]; then
	for c in "$@"; do cases+=("$HERE/cases/${c%.sh}.sh"); done
else
	cases=("$HERE"/cases/*.sh)
fi

for c in "${cases[@]}"; do
	name=$(basename "$c" .sh)
	echo "# ---- $name"
	if [ ! -f "$c" ]; then
		echo "FAIL - case $name: no such file"; echo FAIL >> "$E2E_TALLY"; continue
	fi
	before=$(wc -l < "$E2E_TALLY")
	export E2E_CASE=$name
	# each case in its own subshell: a case that crashes cannot take the runner down
	( # shellcheck source=lib.sh
	  . "$HERE/lib.sh"
	  # shellcheck disable=SC1090
	  . "$c" )
	rc=$?
	# a server or worker a case left running (it failed half-way) must not outlive it
	for pid in $(ip netns pids "$E2E_NETNS" 2>/dev/null); do
		if tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -Eq 'inetcheck (serve|worker) '; then
			echo "# case $name left inetcheck serve or worker (pid $pid) running: killed"
			kill -9 "$pid" 2>/dev/null
		fi
	done
	if [ "$rc" != 0 ]; then
		echo "FAIL - case $name exited with status $rc"; echo FAIL >> "$E2E_TALLY"
	elif [ "$(wc -l < "$E2E_TALLY")" = "$before" ]; then
		echo "FAIL - case $name made no assertions"; echo FAIL >> "$E2E_TALLY"
	fi
done

# every JSON document the cases made inetcheck write (json-tee.sh collected them) against
# the published schema, in one process: an assertion per case with documents
echo "# ---- json schema (docs/inetcheck.schema.json)"
schema_out=$(/usr/bin/python3 "$HERE/json-check.py" "$HERE/../../docs/inetcheck.schema.json" "$E2E_JSON_DIR" 2>&1)
printf '%s\n' "$schema_out" | grep -v '^done$'
printf '%s\n' "$schema_out" | grep -E '^(ok|FAIL) - ' | sed -E 's/^(ok|FAIL) - .*/\1/' >> "$E2E_TALLY"
if ! printf '%s\n' "$schema_out" | grep -qx 'done'; then
	echo "FAIL - json schema check ran to its end"; echo FAIL >> "$E2E_TALLY"
fi
echo "# e2e total $(( $(date +%s) - t0 )) s"

grep -q '^FAIL$' "$E2E_TALLY" && exit 1
exit 0

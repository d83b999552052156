# shellcheck shell=bash
# 92-serve-api -- the batch API v2 of `inetcheck serve` (issue 18, spec §5): every
# endpoint and error case of §5.1, HTTP Basic users (401), the status sequence,
# cancellation, fairness between users, reuse of a fresh result, restarts (TERM, and
# KILL with --lease-seconds 3) with nothing lost and nothing tested twice, every JSON
# reply validated against src/server/openapi.yaml. The work is done by serve-api.py,
# inside the fixture's netns; it starts, restarts and stops the server itself and
# keeps the pid of the running one in $E2E_WORK/serve.pid, killed here on any exit.

SERVE_PID=$E2E_WORK/serve.pid
_serve_cleanup() {
	local pid
	pid=$(cat "$SERVE_PID" 2>/dev/null) || return 0
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null
		sleep 2
		kill -KILL "$pid" 2>/dev/null
	fi
	rm -f "$SERVE_PID"
}
trap _serve_cleanup EXIT

if [ ! -x "$IC_BIN" ]; then
	_fail "serve api: no executable $IC_BIN"
else
	out=$E2E_WORK/serve-api.out
	timeout -k 10 1500 ip netns exec "$E2E_NETNS" /usr/bin/python3 \
		"$(dirname "${BASH_SOURCE[0]}")/../serve-api.py" > "$out" 2>&1
	rc=$?
	grep -E '^(ok|FAIL) - |^# ' "$out"
	grep -c '^ok - ' "$out" | { read -r n; for ((i = 0; i < n; i++)); do echo ok; done; } >> "$E2E_TALLY"
	grep -c '^FAIL - ' "$out" | { read -r n; for ((i = 0; i < n; i++)); do echo FAIL; done; } >> "$E2E_TALLY"
	if ! grep -q '^# serve api: ' "$out"; then
		_fail "serve api: serve-api.py ran to its end (exit $rc)" "$(tail -c 400 "$out" | tr '\n' ' ')"
	fi
	grep -qE '^(ok|FAIL) - ' "$out" || _fail "serve api: serve-api.py made assertions" "$(tail -c 400 "$out" | tr '\n' ' ')"
fi
_serve_cleanup
trap - EXIT

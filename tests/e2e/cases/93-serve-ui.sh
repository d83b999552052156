# shellcheck shell=bash
# 93-serve-ui -- the web UI of `inetcheck serve` (issue 18) in headless Chromium: a web
# and a mail test of the perfect domain through the forms, the progress page finishing,
# the result at its permalink in English and Dutch, the cache, the Hall of Fame, the
# badges, a test that cannot run, the batch request pages of an API user; hostile input
# (markup in the form, a server header with <script>, no CSRF token, over the rate
# limit) and a public server's target guard (the fixture's addresses are private: a clear
# page that the test could not run). tests/e2e/serve-ui.py does the checks; SERVE_SHOTS=DIR saves screenshots of
# the home, progress and result pages there (docs/ holds the README's).

UI=$E2E_WORK/serve-ui
mkdir -p "$UI"
UI_PORT=8093      # the server with workers
UI_RATE_PORT=8094 # the target guard on (no --allow-private), --rate-limit 3, no cache
printf 'alice:%s\nbob:%s\n' "$(openssl passwd -6 -salt uitestalice alice-secret)" \
	"$(openssl passwd -6 -salt uitestbob bob-secret)" > "$UI/users"

_ui_serve() {  # _ui_serve PORT DB LOG ARGS... -- start a server in the netns, its pid
	local port=$1 db=$2 log=$3; shift 3
	ip netns exec "$E2E_NETNS" "$IC_BIN" serve --listen "127.0.0.1:$port" --db "$db" \
		--root-hints "$E2E_DIR/dns/root.hints" --trust-anchor "$E2E_DIR/dns/root.ds" \
		--ca-file "$E2E_DIR/pki/ca.crt" --rpki-vrps "$E2E_DIR/rpki/vrps.json" \
		--bgp-whois 127.0.43.1 --users "$UI/users" "$@" > "$log" 2>&1 &
	echo $!
}
_ui_ready() {  # _ui_ready PORT -- the server answers within 10 s
	local _
	for _ in $(seq 50); do
		ip netns exec "$E2E_NETNS" curl -s -o /dev/null "http://127.0.0.1:$1/static/favicon.svg" && return 0
		sleep 0.2
	done
	return 1
}

ui_pid=$(_ui_serve $UI_PORT "$E2E_WORK/ui.sqlite" "$UI/serve.log" --workers 4 --allow-private)
rate_pid=$(_ui_serve $UI_RATE_PORT "$E2E_WORK/ui-rate.sqlite" "$UI/serve-rate.log" --workers 1 \
	--rate-limit 3 --cache-minutes 0)
# shellcheck disable=SC2064  # the pids are known now
trap "kill $ui_pid $rate_pid 2>/dev/null; wait $ui_pid $rate_pid 2>/dev/null" EXIT

if _ui_ready $UI_PORT && _ui_ready $UI_RATE_PORT; then
	_pass "inetcheck serve: two servers listening (--allow-private; the guard on, rate limit 3)"
	timeout -k 5 900 ip netns exec "$E2E_NETNS" env SERVE_SHOTS="${SERVE_SHOTS:-}" \
		/usr/bin/python3 "$HERE/serve-ui.py" "http://127.0.0.1:$UI_PORT" \
		"http://127.0.0.1:$UI_RATE_PORT" alice:alice-secret bob:bob-secret \
		> "$UI/checks.out" 2> "$UI/checks.err"
	rc=$?
	grep -E '^(ok|FAIL|#) ' "$UI/checks.out"
	while IFS= read -r line; do
		case $line in "ok - "*) echo ok ;; "FAIL - "*) echo FAIL ;; esac
	done < "$UI/checks.out" >> "$E2E_TALLY"
	if [ "$rc" -gt 1 ] || ! grep -q '^# serve UI: ' "$UI/checks.out"; then
		_fail "serve-ui.py ran to its end" "exit $rc: $(tail -c 600 "$UI/checks.err" | tr '\n' ' ')"
	fi
	# the server is still up after all of it
	_check "inetcheck serve: still up after the browser tests" "200" \
		"$(ip netns exec "$E2E_NETNS" curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$UI_PORT/")"
	# a clean stop, and nothing a sanitizer build (make asan) would report
	kill "$ui_pid" "$rate_pid" 2>/dev/null
	wait "$ui_pid" "$rate_pid" 2>/dev/null
	_check "inetcheck serve: stopped cleanly, no sanitizer report" "" \
		"$(grep -hE 'Sanitizer|runtime error:' "$UI/serve.log" "$UI/serve-rate.log" | head -3)"
else
	_fail "inetcheck serve: two servers listening" "$(tail -c 400 "$UI/serve.log" "$UI/serve-rate.log" | tr '\n' ' ')"
fi

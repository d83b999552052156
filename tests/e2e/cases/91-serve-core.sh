# shellcheck shell=bash
# 91-serve-core -- `inetcheck serve` (issue 18): its options, the target guard without
# --allow-private (a name that points only into private networks is not tested), and the
# core against hostile clients (tests/e2e/serve-hostile.py: limits, timeouts, headers).
# The API (92-serve-api), the pages in a browser (93-serve-ui) and serve behind nginx
# scoring 100 % on its own web test (94-serve-self) have their own cases.

IC_HARD_TIMEOUT=120
S=$E2E_WORK/serve-core
mkdir -p "$S"

# --- usage errors: exit 2 ---
expect_exit 2 icraw serve unexpected
expect_stderr "unexpected argument 'unexpected'"
expect_exit 2 icraw serve --listen nonsense
expect_stderr 'want ADDRESS:PORT'
expect_exit 2 icraw serve --workers many
expect_stderr 'workers wants a number'
expect_exit 2 icraw serve --rate-limit -1
expect_stderr 'rate-limit wants'
expect_exit 2 icraw serve --html "$S/x.html"
expect_stderr "'--html' is not used by serve"
expect_exit 2 icraw serve --users "$S/no-such-file"
expect_stderr 'no-such-file'
expect_exit 2 icraw serve --public-url ftp://x
expect_stderr 'public-url wants'
expect_exit 2 icraw serve --db "$S/no-such-dir/x.sqlite" --listen 127.0.0.1:0
expect_stderr 'no-such-dir'
printf 'not a database, not at all\n%.0s' $(seq 1 200) > "$S/junk.sqlite"
expect_exit 2 icraw serve --db "$S/junk.sqlite" --listen 127.0.0.1:0
expect_stderr 'not an inetcheck state file'
expect_exit 2 icraw web secure.example --listen 127.0.0.1:1
expect_stderr "unknown option '--listen'"

# --- the target guard (issue 18 item 4): --private-dns lets the resolver use the fixture's
# name servers, yet every name that points only to special-purpose addresses is refused
for n in loopback:127.0.0.1 rfc1918:10.1.2.3 metadata:169.254.169.254 ula:fd00::1 mixed:127.0.0.1; do
	expect_exit 3 icfix web "${n%%:*}.inside.example" --private-dns
	expect_stderr "points only to addresses this tester does not connect to \\(${n#*:} is"
done
# the fixture's own web server is on loopback too: refused the same way
expect_exit 3 icfix web inside.example --private-dns
expect_stderr 'points only to addresses this tester does not connect to'
# with --allow-private the same name is tested (and its server is unreachable)
expect_exit 0 icfix web loopback.inside.example --allow-private --timeout 20

# --- the core against hostile clients ---
PORT=18091
if serve_up core "$PORT" --workers 0 --client-timeout 3 --private-dns; then
	py_checks "$HERE/serve-hostile.py" "$PORT" 3
	expect_exit 0 kill -0 "$SERVE_PID_core"
	serve_down core TERM
fi

# --- serve without --allow-private: the names into our own network are refused, through
# the API and the website (tests/e2e/serve-guard.py)
printf 'guard:%s\n' "$(openssl passwd -6 guard)" > "$S/users"
if serve_up guard 18092 --workers 2 --private-dns --users "$S/users" --rate-limit 0; then
	py_checks "$HERE/serve-guard.py" 18092 guard guard
	serve_down guard
fi

# --- behind a reverse proxy (--trusted-proxy): the rate limit counts X-Real-IP's client
expect_exit 2 icraw serve --trusted-proxy proxy.example
expect_stderr 'trusted-proxy wants an IP address'
if serve_up proxy 18093 --workers 0 --private-dns --trusted-proxy 127.0.0.1 --rate-limit 1; then
	py_checks "$HERE/serve-proxy.py" 18093
	serve_down proxy
fi

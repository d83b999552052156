#!/bin/bash
# shellcheck disable=SC2317  # cleanup runs from a trap
# serve.sh [BUILD_DIR] -- benchmark `inetcheck serve` against nginx serving the same bytes
# (issue 18), in one run on the mini-internet:
#   1. serve (in the fixture's netns, --allow-private) tests perfect.example through the batch
#      API; its stored result page (/site/perfect.example/ID/) and the API's
#      GET /api/batch/v2/requests/{id} reply are saved to files;
#   2. nginx serves those files as static files on another port of the same netns;
#   3. wrk, BENCH_CONNS (50) connections, BENCH_SECONDS (10) s each, measures requests/s of
#      serve and of nginx for the page and for the API reply (with HTTP Basic credentials);
#   4. serve's RSS before and after BENCH_TOTAL (100000) more result-page requests.
# Goals (MET / NOT MET): page rate >= 0.5 x nginx's; RSS after <= 1.1 x RSS before (flat).
# A report, not a test: never part of `make check`. See bench/README.md.
# Needs root, packages.txt, tests/fixture/packages.txt and bench/packages.txt (wrk, nginx).
# Env: BENCH_CONNS, BENCH_SECONDS, BENCH_TOTAL, BENCH_THREADS (wrk -t, default nproc),
#      BENCH_KEEP=1, BENCH_STRICT=1 (exit 1 when a goal is not met).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
FIXTURE=$ROOT/tests/fixture
BUILD=$(realpath -m "${1:-$ROOT/build}")
IC=$BUILD/inetcheck
CONNS=${BENCH_CONNS:-50}
SECS=${BENCH_SECONDS:-10}
TOTAL=${BENCH_TOTAL:-100000}
THREADS=${BENCH_THREADS:-$(nproc)}
SPORT=18180
NPORT=18181

die() { echo "bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (network namespace)"
[ -x "$IC" ] || die "no executable $IC (build first)"
for c in wrk nginx curl jq openssl; do
	command -v "$c" >/dev/null || die "missing command '$c' (install bench/packages.txt)"
done

NETNS=icserve$$
D=$(mktemp -d /tmp/inetcheck-servebench.XXXXXX)
OUT=$D/bench; mkdir -p "$OUT/www"
X=(ip netns exec "$NETNS")
SPID=; NPID=

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	[ -n "$SPID" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	[ -n "$NPID" ] && kill "$NPID" 2>/dev/null
	"$FIXTURE/down.sh" "$D" "$NETNS" > "$OUT/down.log" 2>&1 \
		|| { echo "bench: fixture teardown reported a problem:" >&2; cat "$OUT/down.log" >&2; }
	if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench: kept $D" >&2; else rm -rf "$D"; fi
	exit "$rc"
}
trap cleanup EXIT
trap 'echo "bench: interrupted" >&2; exit 130' INT TERM

echo "# bringing the mini-internet up (netns $NETNS)" >&2
FIXTURE_BULK=0 "$FIXTURE/up.sh" "$D" "$NETNS" > "$OUT/up.log" 2>&1 \
	|| { cat "$OUT/up.log" >&2; die "fixture start-up failed"; }

printf 'bench:%s\n' "$(openssl passwd -6 bench)" > "$OUT/users"
AUTH="Authorization: Basic $(printf 'bench:bench' | base64)"
"${X[@]}" "$IC" serve --listen "127.0.0.1:$SPORT" --db "$OUT/serve.sqlite" --users "$OUT/users" \
	--workers 2 --allow-private --rate-limit 0 --root-hints "$D/dns/root.hints" \
	--trust-anchor "$D/dns/root.ds" --ca-file "$D/pki/ca.crt" --rpki-vrps "$D/rpki/vrps.json" \
	--bgp-whois 127.0.43.1 2> "$OUT/serve.log" &
SPID=$!
api() { "${X[@]}" curl -s -H "$AUTH" "$@"; }
for _ in $(seq 1 100); do
	"${X[@]}" curl -s -o /dev/null "http://127.0.0.1:$SPORT/" && break
	sleep 0.1
done
RID=$(api -X POST -H 'Content-Type: application/json' \
	-d '{"type": "web", "domains": ["perfect.example"], "name": "bench"}' \
	"http://127.0.0.1:$SPORT/api/batch/v2/requests" | jq -r '.request.request_id')
[ -n "$RID" ] && [ "$RID" != null ] || die "the API did not take the request (see $OUT/serve.log)"
for _ in $(seq 1 300); do
	st=$(api "http://127.0.0.1:$SPORT/api/batch/v2/requests/$RID" | jq -r '.request.status')
	[ "$st" = done ] && break
	sleep 1
done
[ "$st" = done ] || die "the test did not finish (status $st)"
URL=$(api "http://127.0.0.1:$SPORT/api/batch/v2/requests/$RID/results" \
	| jq -r '.domains["perfect.example"].report.url')
PAGE=${URL#http://127.0.0.1:$SPORT}
[ -n "$PAGE" ] && [ "$PAGE" != null ] || die "no report URL in the results"
API_PATH=/api/batch/v2/requests/$RID
"${X[@]}" curl -s -o "$OUT/www/page.html" "http://127.0.0.1:$SPORT$PAGE"
api -o "$OUT/www/request.json" "http://127.0.0.1:$SPORT$API_PATH"
echo "# result page $PAGE: $(wc -c < "$OUT/www/page.html") bytes; API reply $(wc -c < "$OUT/www/request.json") bytes" >&2

# nginx: the same bytes as static files, on the same loopback, workers = CPUs
cat > "$OUT/nginx.conf" <<EOF
worker_processes auto;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$NPORT;
    location = /page { default_type text/html; alias $OUT/www/page.html; }
    location = /request { default_type application/json; alias $OUT/www/request.json; }
  }
}
EOF
"${X[@]}" nginx -c "$OUT/nginx.conf" -g 'daemon off;' &
NPID=$!
sleep 0.5

# rate NAME URL [wrk header] -- requests/s of a wrk run
rate() {
	local name=$1 url=$2; shift 2
	"${X[@]}" wrk -t "$THREADS" -c "$CONNS" -d "${SECS}s" "$@" "$url" > "$OUT/wrk-$name.txt" 2>&1
	awk '/^Requests\/sec:/ { print $2 }' "$OUT/wrk-$name.txt"
}
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$SPID/status"; }

S_PAGE=$(rate serve-page "http://127.0.0.1:$SPORT$PAGE")
N_PAGE=$(rate nginx-page "http://127.0.0.1:$NPORT/page")
S_API=$(rate serve-api "http://127.0.0.1:$SPORT$API_PATH" -H "$AUTH")
N_API=$(rate nginx-api "http://127.0.0.1:$NPORT/request")

# memory: RSS now, then TOTAL more page requests (wrk runs until it has made them)
RSS0=$(rss)
done_n=0
while [ "$done_n" -lt "$TOTAL" ]; do
	"${X[@]}" wrk -t "$THREADS" -c "$CONNS" -d 5s "http://127.0.0.1:$SPORT$PAGE" > "$OUT/wrk-mem.txt" 2>&1
	n=$(awk '/requests in/ { print $1 }' "$OUT/wrk-mem.txt")
	[ -n "$n" ] && [ "$n" -gt 0 ] || die "wrk made no requests (see $OUT/wrk-mem.txt)"
	done_n=$((done_n + n))
done
RSS1=$(rss)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
R_PAGE=$(ratio "$S_PAGE" "$N_PAGE")
R_API=$(ratio "$S_API" "$N_API")
R_RSS=$(ratio "$RSS1" "$RSS0")
echo
echo "inetcheck serve vs nginx (same bytes, static), wrk -t$THREADS -c$CONNS -d${SECS}s, $(nproc) CPUs"
printf '%-30s %12s %12s %8s\n' "" "serve req/s" "nginx req/s" "ratio"
printf '%-30s %12s %12s %8s\n' "result page ($(wc -c < "$OUT/www/page.html") B)" "$S_PAGE" "$N_PAGE" "$R_PAGE"
printf '%-30s %12s %12s %8s\n' "GET /requests/{id} (auth)" "$S_API" "$N_API" "$R_API"
echo "serve RSS: $RSS0 kB, after $done_n more page requests $RSS1 kB (x$R_RSS)"
fail=0
goal() {  # DESC OK
	if [ "$2" = 1 ]; then echo "goal: $1: MET"; else echo "goal: $1: NOT MET"; fail=1; fi
}
goal "result page >= 0.5 x nginx (x$R_PAGE)" "$(awk -v r="$R_PAGE" 'BEGIN { print (r >= 0.5) ? 1 : 0 }')"
goal "memory flat after $done_n requests (x$R_RSS <= 1.10)" "$(awk -v r="$R_RSS" 'BEGIN { print (r <= 1.10) ? 1 : 0 }')"
[ "${BENCH_STRICT:-0}" = 1 ] && [ "$fail" = 1 ] && exit 1
exit 0

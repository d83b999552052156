#!/bin/bash
# shellcheck disable=SC2317  # cleanup runs from a trap
# scale.sh [BUILD_DIR] -- many workers on one PostgreSQL queue (issue 19), in one run on the
# mini-internet with BENCH_N (300) bulk web domains:
#   sqlite      `inetcheck batch web LIST --jobs J` in one process (the baseline)
#   pg-W        `serve --workers 0` on a throw-away PostgreSQL 15 (tests/unit/pg-run.sh) and
#               W = 1, 2, 4 `inetcheck worker --jobs J` processes; the N domains submitted
#               through the batch API; timed until the request is done
# Per run: tests/s, CPU seconds per test of inetcheck (all its processes) and of
# PostgreSQL, and how busy the machine was (CPU time / wall / CPUs); for the workers also
# the shared connection budget's cost (store round trips per test: slots taken, given
# back and refused, from the workers' stop lines) and connections opened over the budget
# of 5 per address as the servers saw them (tests/fixture/connlimit.sh). Then the queue's
# own cost per job, `queue_bench` with an empty test on PostgreSQL and SQLite.
# Goals (issue 19): queue overhead < 2 ms per job; the machine saturated (CPU-bound) from
# 2 workers on. A report, not a test. Needs root and the packages of packages.txt,
# tests/fixture/packages.txt, bench/packages.txt.
# "machine busy" is the whole machine's (/proc/stat, the fixture's servers included): near
# 100 % the run is CPU-bound. BENCH_PER_ADDRESS (5) sets --per-address: the bulk domains sit
# on four hosting addresses, so the budget, not the CPU, may be what limits.
# Env: BENCH_N=300, BENCH_JOBS=J (8), BENCH_WORKERS="1 2 4", BENCH_PER_ADDRESS=5, BENCH_KEEP=1.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
FIXTURE=$ROOT/tests/fixture
BUILD=$(realpath -m "${1:-$ROOT/build}")
IC=$BUILD/inetcheck
N=${BENCH_N:-300}
J=${BENCH_JOBS:-8}
WORKERS=${BENCH_WORKERS:-1 2 4}
PER=${BENCH_PER_ADDRESS:-5}
PORT=18190
TCK=$(getconf CLK_TCK)
NCPU=$(nproc)

die() { echo "bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (network namespace)"
[ -x "$IC" ] || die "no executable $IC (build first)"
[ -x "$BUILD/bench/queue_bench" ] || die "no $BUILD/bench/queue_bench (build first)"
for c in curl jq openssl psql; do command -v "$c" >/dev/null || die "missing command '$c'"; done

NETNS=icscale$$
D=$(mktemp -d /tmp/inetcheck-scale.XXXXXX)
OUT=$D/bench; mkdir -p "$OUT"
X=(ip netns exec "$NETNS")
PGPID=; SPID=; WPIDS=()

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	[ -n "$SPID" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	for p in "${WPIDS[@]}"; do kill "$p" 2>/dev/null; done
	touch "$OUT/pg.uri.stop"; [ -n "$PGPID" ] && wait "$PGPID" 2>/dev/null
	"$FIXTURE/down.sh" "$D" "$NETNS" > "$OUT/down.log" 2>&1 || true
	if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench: kept $D" >&2; else rm -rf "$D"; fi
	exit "$rc"
}
trap cleanup EXIT
trap 'echo "bench: interrupted" >&2; exit 130' INT TERM

echo "# bringing the mini-internet up with $N bulk domains (netns $NETNS)" >&2
FIXTURE_BULK=$N "$FIXTURE/up.sh" "$D" "$NETNS" > "$OUT/up.log" 2>&1 \
	|| { cat "$OUT/up.log" >&2; die "fixture start-up failed"; }
FIX=(--allow-private --root-hints "$D/dns/root.hints" --trust-anchor "$D/dns/root.ds"
     --ca-file "$D/pki/ca.crt" --rpki-vrps "$D/rpki/vrps.json" --bgp-whois 127.0.43.1
     --per-address "$PER")
LIST=$D/bulk/web.txt

"$ROOT/tests/unit/pg-run.sh" sh -c 'echo "$INETCHECK_TEST_PG" > "$0"
	while [ ! -e "$0.stop" ]; do sleep 0.2; done' "$OUT/pg.uri" > "$OUT/pg.log" 2>&1 &
PGPID=$!
for _ in $(seq 1 150); do [ -s "$OUT/pg.uri" ] && break; sleep 0.2; done
[ -s "$OUT/pg.uri" ] || die "PostgreSQL did not start ($(tail -c 300 "$OUT/pg.log"))"
PG=$(cat "$OUT/pg.uri")

# ticks PATTERN -- utime + stime of the live processes whose command line matches
ticks() {
	local p
	for p in $(pgrep -f "$1"); do
		sed -e 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }'
	done | awk '{ s += $1 } END { print s + 0 }'
}
pg_ticks() { ticks '^[^ ]*postgres[: ]'; }  # the server's processes, not its clients

# cpu_idle -- the machine's idle + iowait ticks and all ticks ("IDLE TOTAL", /proc/stat)
cpu_idle() { awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print $5 + $6, t }' /proc/stat; }
# machine_busy "IDLE0 TOTAL0" "IDLE1 TOTAL1" -- per cent of the machine busy in between
machine_busy() { echo "$1 $2" | awk '{ printf "%.0f", 100 - ($3 - $1) * 100 / ($4 - $2) }'; }
declare -A R_WALL R_IC R_PG R_BUSY R_TRIPS R_OVER R_MACHINE
BULK_ADDRS=(127.0.45.1 127.0.45.2 127.0.45.3 127.0.45.4 fd00:45::1 fd00:45::2 fd00:45::3 fd00:45::4)
"$FIXTURE/connlimit.sh" arm "$D" "$NETNS" "$PER" 1 "${BULK_ADDRS[@]}" > "$OUT/connlimit.log" 2>&1 \
	|| die "connection counters: $(tail -c 300 "$OUT/connlimit.log")"
# over -- connections opened while 5 to the address were open, all addresses ("?": lost packets)
over() { "$FIXTURE/connlimit.sh" read "$D" "$NETNS" | awk '{ if ($4 == "?") q = 1; s += $4 } END { print q ? "?" : s + 0 }'; }
printf 'bench:%s\n' "$(openssl passwd -6 bench)" > "$OUT/users"
AUTH=(-u bench:bench)

# ---- the baseline: one batch process on SQLite
echo "  sqlite: batch of $N in one process ..." >&2
c0=$(cpu_idle)
t0=$(date +%s%N)
/usr/bin/time -f '%U %S' -o "$OUT/sqlite.time" "${X[@]}" "$IC" batch web "$LIST" --jobs "$J" \
	--state "$OUT/batch.sqlite" --out "$OUT/sqlite.jsonl" --quiet "${FIX[@]}" 2> "$OUT/sqlite.err"
t1=$(date +%s%N)
R_MACHINE[sqlite]=$(machine_busy "$c0" "$(cpu_idle)")
R_WALL[sqlite]=$(( (t1 - t0) / 1000000 ))
R_IC[sqlite]=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$OUT/sqlite.time")
R_PG[sqlite]=0
R_OVER[sqlite]=$(over)
R_TRIPS[sqlite]=-

# ---- W workers on PostgreSQL
"${X[@]}" "$IC" serve --listen "127.0.0.1:$PORT" --db "$PG" --users "$OUT/users" --workers 0 \
	"${FIX[@]}" 2> "$OUT/serve.log" &
SPID=$!
for _ in $(seq 1 100); do "${X[@]}" curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
DOMAINS=$(jq -R . < "$LIST" | jq -sc .)
for w in $WORKERS; do
	echo "  pg-$w: $w workers x --jobs $J on PostgreSQL ..." >&2
	rid=$("${X[@]}" curl -s "${AUTH[@]}" -X POST -H 'Content-Type: application/json' \
		-d "{\"type\": \"web\", \"domains\": $DOMAINS, \"name\": \"scale-$w\"}" \
		"http://127.0.0.1:$PORT/api/batch/v2/requests" | jq -r .request.request_id)
	[ ${#rid} = 32 ] || die "the API did not take the request"
	"$FIXTURE/connlimit.sh" zero "$D" "$NETNS"
	pg0=$(pg_ticks)
	c0=$(cpu_idle)
	t0=$(date +%s%N)
	pids=()
	for i in $(seq 1 "$w"); do
		# ip netns exec execs the worker: $! is the worker itself
		"${X[@]}" "$IC" worker --db "$PG" --name "w$i" --jobs "$J" "${FIX[@]}" \
			2> "$OUT/pg-$w-$i.err" &
		pids+=($!)
		WPIDS+=($!)
	done
	for _ in $(seq 1 3000); do
		st=$("${X[@]}" curl -s "${AUTH[@]}" "http://127.0.0.1:$PORT/api/batch/v2/requests/$rid" | jq -r .request.status)
		[ "$st" = done ] || [ "$st" = generating ] && break
		sleep 0.2
	done
	t1=$(date +%s%N)
	R_MACHINE[pg-$w]=$(machine_busy "$c0" "$(cpu_idle)")
	pg1=$(pg_ticks)
	ic=0
	for p in "${pids[@]}"; do
		# utime + stime of the worker (fields 14 and 15 of /proc/PID/stat)
		t=$(sed -e 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }')
		ic=$((ic + ${t:-0}))
	done
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	WPIDS=()
	R_OVER[pg-$w]=$(over)
	# "connection slots: T taken from the store, G given back, F times all held elsewhere"
	R_TRIPS[pg-$w]=$(cat "$OUT"/pg-"$w"-*.err | sed -n 's/.*slots: \([0-9]*\) taken.*, \([0-9]*\) given back, \([0-9]*\) times.*/\1 \2 \3/p' \
		| awk -v n="$N" '{ s += $1 + $2 + $3 } END { printf "%.1f", s / n }')
	R_WALL[pg-$w]=$(( (t1 - t0) / 1000000 ))
	R_IC[pg-$w]=$(( ic * 1000 / TCK ))
	R_PG[pg-$w]=$(( (pg1 - pg0) * 1000 / TCK ))
done

echo
echo "Many workers on one PostgreSQL (issue 19): $N web domains, --jobs $J per process, $NCPU CPUs"
echo "--per-address $PER"
printf '%-8s %7s %8s %15s %14s %6s %8s %13s %12s\n' run "wall s" tests/s "inetcheck ms/t" \
	"postgres ms/t" busy machine "slot trips/t" "over budget"
for r in sqlite $(for w in $WORKERS; do echo "pg-$w"; done); do
	awk -v r="$r" -v n="$N" -v wall="${R_WALL[$r]}" -v ic="${R_IC[$r]}" -v pg="${R_PG[$r]}" \
		-v cpus="$NCPU" -v trips="${R_TRIPS[$r]}" -v over="${R_OVER[$r]}" \
		-v machine="${R_MACHINE[$r]}" 'BEGIN {
		printf "%-8s %7.1f %8.1f %15.1f %14.1f %5.0f%% %7s%% %13s %12s\n", r, wall / 1000,
		       n * 1000 / wall, ic / n, pg / n, (ic + pg) * 100 / wall / cpus, machine, trips, over }'
done
echo "(busy: inetcheck + PostgreSQL; machine: every process, the fixture's servers included;"
echo " slot trips/t: the shared budget's store round trips per test, not counting each worker's"
echo " one renewal a second; over budget: connections the servers saw opened while $PER were open)"

echo
echo "The queue's own cost per job (queue_bench: claim + complete, an empty test, 20 kB documents):"
for w in 1 4; do
	"$BUILD/bench/queue_bench" "$PG" 2000 "$w" 20000 | sed 's/^/  /'
	rm -f "$OUT/qb.sqlite"*
	"$BUILD/bench/queue_bench" "$OUT/qb.sqlite" 2000 "$w" 20000 | sed 's/^/  /'
done
exit 0

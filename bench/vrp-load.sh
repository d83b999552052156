#!/bin/bash
# vrp-load.sh [BUILD_DIR] -- time loading a full-size VRP set (issue 7 part 2): generate
# the same N VRP rows in the four formats inetcheck reads (bench/vrp-gen.py), load each
# with bench/vrp_bench (read + parse + sort + prefix tree; best of 3 in-process loads,
# each into a fresh set), then time 1 000 000 validations; as a peer baseline, time
# Python's json.load of the JSON files (the parse alone, no validation structure).
# Prints one table. See bench/README.md "VRP load".
#
# Env:
#   VRP_N=N              VRP rows per file (default 800000)
#   VRP_VALIDATIONS=N    vrp_validate calls timed (default 1000000)
#   BENCH_RUNS=N         python3 json.load runs per file, best kept (default 3)
#   BENCH_KEEP=1         keep the generated files (their directory is printed)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BUILD=$(realpath -m "${1:-$ROOT/build}")
BENCH=$BUILD/bench/vrp_bench
N=${VRP_N:-800000}
VALIDATIONS=${VRP_VALIDATIONS:-1000000}
RUNS=${BENCH_RUNS:-3}

die() { echo "vrp-load: $*" >&2; exit 1; }
[ -x "$BENCH" ] || die "no executable $BENCH (build first, or pass the build directory)"
command -v python3 >/dev/null || die "python3 is needed (generator and baseline)"
# the interpreter itself: a version-manager shim (pyenv) would add its own start-up to the baseline
PY=$(python3 -c 'import sys; print(sys.executable)')

D=$(mktemp -d /tmp/inetcheck-vrp.XXXXXX)
cleanup() {
	if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "vrp-load: kept $D" >&2; else rm -rf "$D"; fi
}
trap cleanup EXIT

echo "# generating $N VRP rows in four formats (and a shuffled rpki-client json)" >&2
python3 "$HERE/vrp-gen.py" -n "$N" "$D" > /dev/null
python3 "$HERE/vrp-gen.py" -n "$N" --shuffle --formats rpki-client-json "$D/shuffled" > /dev/null
mv "$D/shuffled/vrps-rpki-client.json" "$D/vrps-rpki-client-shuffled.json"
rmdir "$D/shuffled"

now_ns() { date +%s%N; }
# best_ms CMD... -- best wall time of BENCH_RUNS runs, in ms
best_ms() {
	local best='' t0 t1 ms i
	for ((i = 1; i <= RUNS; i++)); do
		t0=$(now_ns)
		"$@"
		t1=$(now_ns)
		ms=$(( (t1 - t0) / 1000000 ))
		if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
	done
	echo "$best"
}
# kv LINE KEY -- the value of KEY=value in LINE
kv() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" <<< "$1"; }

rows=()
for f in rpki-client.json routinator.json rpki-client.csv routinator.csv rpki-client-shuffled.json; do
	path=$D/vrps-$f
	echo "  vrp_bench $f ..." >&2
	out=$("$BENCH" "$path" "$VALIDATIONS") || die "vrp_bench failed on $f"
	py=-
	ratio=-
	if [[ $f == *.json ]]; then
		py=$(best_ms "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$path")
		ratio=$(awk -v a="$py" -v b="$(kv "$out" load_ms)" 'BEGIN { printf "%.1f", a / b }')
	fi
	mb=$(awk -v s="$(stat -c %s "$path")" 'BEGIN { printf "%.1f", s / 1048576 }')
	rows+=("$(printf '%-28s %8s %8s %9s %8s %11s %8s %10s %7s' "${f%.*} ${f##*.}" "$mb" \
		"$(kv "$out" vrps)" "$(kv "$out" load_ms)" "$(kv "$out" rss_mb)" \
		"$(kv "$out" validate_ms)" "$(kv "$out" ns_per_validation)" "$py" "$ratio")")
done

startup=$(best_ms "$PY" -c 'import json,sys')
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo
echo "VRP load benchmark -- $(date -u +%Y-%m-%d), $(nproc) cores, ${cpu:-unknown CPU}, $N rows per file"
echo "load = vrp_load() best of 3 (read, parse, sort, dedupe, prefix tree); RSS = max resident after the loads;"
echo "validate = $VALIDATIONS vrp_validate() calls; python = $("$PY" -V 2>&1) json.load, best of $RUNS," \
     "start-up included ($startup ms for 'import json,sys' alone); ratio = python / load"
echo
printf '%-28s %8s %8s %9s %8s %11s %8s %10s %7s\n' format "file MB" VRPs "load ms" "RSS MB" \
	"validate ms" "ns/val" "python ms" ratio
for r in "${rows[@]}"; do echo "$r"; done

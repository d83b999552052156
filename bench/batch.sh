#!/bin/bash
# shellcheck disable=SC2317  # cleanup runs from a trap
# batch.sh [BUILD_DIR] -- benchmark `inetcheck batch` against the baseline of single runs
# (issue 17): the mini-internet with generated bulk domains (tests/fixture FIXTURE_BULK: N web
# domains on 4 hosting addresses, N mail domains on 3 shared MX hosts, one signed zone), and in
# one run
#   baseline  xargs -P J of single runs: inetcheck web|mail DOMAIN --json <fixture options>
#   batch     inetcheck batch web|mail LIST --out OUT.jsonl --csv OUT.csv --summary SUM.json
# each for web and for mail. Per run: tests/s, CPU seconds of inetcheck per test, CPU of the
# fixture's servers per test, connections per test, max RSS, and the per-address connection
# counters of tests/fixture/connlimit.sh (over the budget / peak). Then the ratios and the
# goals of the issue (MET / NOT MET): batch >= 2x the baseline's tests/s for web and >= 10x
# for mail; <= 40 ms of inetcheck CPU per web test in batch; max RSS flat from 1,000 to 10,000
# web domains (BENCH_RSS=1); no address above its connection budget in batch.
# A report, not a test: never part of `make check`. See bench/README.md.
#
# Brings tests/fixture up in its own network namespace and ALWAYS tears it down again.
# Needs root, the packages of packages.txt, tests/fixture/packages.txt and bench/packages.txt.
#
# Env:
#   BENCH_N=1000               domains per kind in the compared runs (web and mail each)
#   BENCH_JOBS=J               parallel single runs of the baseline (default 2 x nproc)
#   BENCH_KINDS="web mail"     which kinds to measure
#   BENCH_SIDES="baseline batch"  which sides to run (batch is skipped, with a note, when the
#                              build has no `inetcheck batch`)
#   BENCH_PER_ADDRESS=5        batch --per-address (the budget the counters check)
#   BENCH_PER_ADDRESS_SMTP=1   batch --per-address-smtp
#   BENCH_BATCH_ARGS="..."     more options for every batch run (e.g. "--jobs 64 --timeout 60")
#   BENCH_RSS=1                also batch web over BENCH_RSS_N (default 10000) domains, for
#                              max RSS at 1,000 vs 10,000 (the fixture is then made with
#                              BENCH_RSS_N bulk domains; the compared runs use the first BENCH_N)
#   BENCH_RSS_FLAT=1.25        "flat" = RSS(BENCH_RSS_N) <= this x RSS(BENCH_N)
#   BENCH_KEEP=1               keep the data directory (lists, outputs, counters)
#   BENCH_STRICT=1             exit 1 when a goal is not met (default: report only)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
FIXTURE=$ROOT/tests/fixture
BUILD=$(realpath -m "${1:-$ROOT/build}")
IC=$BUILD/inetcheck
N=${BENCH_N:-1000}
NPROC=$(nproc)
J=${BENCH_JOBS:-$((2 * NPROC))}
KINDS=${BENCH_KINDS:-web mail}
SIDES=${BENCH_SIDES:-baseline batch}
PA=${BENCH_PER_ADDRESS:-5}
PAS=${BENCH_PER_ADDRESS_SMTP:-1}
RSS_MODE=${BENCH_RSS:-0}
RSS_N=${BENCH_RSS_N:-10000}
RSS_FLAT=${BENCH_RSS_FLAT:-1.25}
read -r -a BATCH_ARGS <<< "${BENCH_BATCH_ARGS:-}"

die() { echo "bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (network namespace, iptables)"
[ -x "$IC" ] || die "no executable $IC (build first: make build, or pass the build directory)"
for c in jq ip iptables ip6tables python3 xargs /usr/bin/time; do
	command -v "$c" >/dev/null || die "missing command '$c' (install bench/packages.txt)"
done
[[ $N =~ ^[0-9]+$ && $N -ge 1 ]] || die "BENCH_N must be a positive number"
BULK=$N
if [ "$RSS_MODE" = 1 ]; then
	[[ $RSS_N =~ ^[0-9]+$ ]] || die "BENCH_RSS_N must be a number"
	[ "$RSS_N" -gt "$BULK" ] && BULK=$RSS_N
fi

NETNS=icbatch$$
D=$(mktemp -d /tmp/inetcheck-batch.XXXXXX)
OUT=$D/bench; mkdir -p "$OUT"
X=(ip netns exec "$NETNS")

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	"$FIXTURE/connlimit.sh" disarm "$D" "$NETNS" > /dev/null 2>&1 || true
	"$FIXTURE/down.sh" "$D" "$NETNS" > "$OUT/down.log" 2>&1 \
		|| { echo "bench: fixture teardown reported a problem:" >&2; cat "$OUT/down.log" >&2; }
	if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench: kept $D" >&2; else rm -rf "$D"; fi
	exit "$rc"
}
trap cleanup EXIT
trap 'echo "bench: interrupted" >&2; exit 130' INT TERM

now_ns() { date +%s%N; }

echo "# bringing the mini-internet up with $BULK bulk web + $BULK mail domains (netns $NETNS)" >&2
FIXTURE_BULK=$BULK "$FIXTURE/up.sh" "$D" "$NETNS" > "$OUT/up.log" 2>&1 \
	|| { cat "$OUT/up.log" >&2; die "fixture start-up failed"; }
# shellcheck disable=SC1091  # the fixture's constants (BULK_WEB4, WHOIS4, ...)
FIXTURE_BULK=$BULK . "$FIXTURE/lib/common.sh"
FIX=(--allow-private --root-hints "$D/dns/root.hints" --trust-anchor "$D/dns/root.ds"
     --bgp-whois "$WHOIS4" --rpki-vrps "$D/rpki/vrps.json" --ca-file "$D/pki/ca.crt")
for k in web mail; do head -n "$N" "$D/bulk/$k.txt" > "$OUT/$k.txt"; done

# ---- connection counters: the bulk hosting and MX addresses (the budget's targets), and the
# other servers every test talks to over TCP (whois; name servers, for DNS over TCP)
CADDRS=("${BULK_WEB4[@]}" "${BULK_WEB6[@]}" "${BULK_MX4[@]}" "${BULK_MX6[@]}" "$WHOIS4" "$WHOIS6"
        "$NS1_4" "$NS2_4" "$NS1_6" "$NS2_6" "$ROOT4" "$ROOT6" "$TLD4" "$TLD6")
"$FIXTURE/connlimit.sh" arm "$D" "$NETNS" "$PA" "$PAS" "${CADDRS[@]}" \
	|| die "cannot arm the connection counters (tests/fixture/connlimit.sh)"

HAVE_BATCH=1
# (the usage names every subcommand; "batch API" in the --json line does not count)
if ! "$IC" --help 2>&1 | grep -q 'inetcheck batch' && ! "$IC" batch --help > /dev/null 2>&1; then
	HAVE_BATCH=0
	echo "bench: this build has no 'inetcheck batch': the batch side is skipped" >&2
fi

# ---- CPU of the servers: utime + stime (+ those of reaped children) of every process in the
# netns except our packet logger, in clock ticks
TCK=$(getconf CLK_TCK)
server_ticks() {
	local skip p
	skip=$(cat "$D/run/connlimit-events.pid" 2>/dev/null)
	for p in $(ip netns pids "$NETNS"); do
		[ "$p" = "$skip" ] && continue
		# fields after "(comm)": 14 utime 15 stime 16 cutime 17 cstime (1-based in stat)
		sed -e 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }'
	done | awk '{ s += $1 } END { print s + 0 }'
}

# run SIDE KIND LIST -- one measured run; results in R_<field>[SIDE-KIND]
declare -A R_N R_WALL R_CPU R_SRV R_CONN R_RSS R_OVER R_PEAK R_LINGER R_OK R_STATUS R_NOTE R_SCORE
run() {
	local side=$1 kind=$2 list=$3 key=$1-$2 n t0 t1 s0 s1 tf=$OUT/$1-$2.time rc
	n=$(wc -l < "$list")
	"$FIXTURE/connlimit.sh" zero "$D" "$NETNS" || die "connlimit zero failed"
	s0=$(server_ticks)
	echo "  $side $kind: $n domains ..." >&2
	t0=$(now_ns)
	case $side in
	baseline)
		mkdir -p "$OUT/$key"
		# one line of LIST per run; sh execs inetcheck (one dash start-up per test on top).
		# /usr/bin/time on xargs sums the CPU of every finished child and reports the largest
		# child's max RSS
		# shellcheck disable=SC2016  # $1 etc. are expanded by the inner sh
		/usr/bin/time -f '%e %U %S %M' -o "$tf" "${X[@]}" xargs -P "$J" -I{} \
			sh -c 'k=$1 d=$2 o=$3; shift 3; exec "$0" "$k" "$d" --json "$@" > "$o/$d.json" 2> "$o/$d.err"' \
			"$IC" "$kind" {} "$OUT/$key" "${FIX[@]}" < "$list" 2> "$OUT/$key.stderr"
		rc=$?
		;;
	batch*)
		/usr/bin/time -f '%e %U %S %M' -o "$tf" "${X[@]}" "$IC" batch "$kind" "$list" \
			--out "$OUT/$key.jsonl" --csv "$OUT/$key.csv" --summary "$OUT/$key.summary.json" \
			--quiet --per-address "$PA" --per-address-smtp "$PAS" "${BATCH_ARGS[@]}" "${FIX[@]}" \
			> "$OUT/$key.stdout" 2> "$OUT/$key.stderr"
		rc=$?
		;;
	esac
	t1=$(now_ns)
	s1=$(server_ticks)
	"$FIXTURE/connlimit.sh" read "$D" "$NETNS" > "$OUT/$key.conns" 2> "$OUT/$key.conns.err"
	[ "$rc" -le 1 ] || R_NOTE[$key]="exit $rc (see $OUT/$key.stderr)"
	R_N[$key]=$n
	R_WALL[$key]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
	read -r _ u sy m < "$tf" 2>/dev/null || { u=0; sy=0; m=0; }
	# (/usr/bin/time writes "Command exited with non-zero status N" first on failure)
	if ! [[ $u =~ ^[0-9.]+$ ]]; then read -r _ u sy m < <(tail -n 1 "$tf"); fi
	R_CPU[$key]=$(awk -v u="$u" -v s="$sy" -v n="$n" 'BEGIN { printf "%.1f", (u + s) * 1000 / n }')
	R_RSS[$key]=$(awk -v m="$m" 'BEGIN { printf "%.1f", m / 1024 }')
	R_SRV[$key]=$(awk -v a="$s0" -v b="$s1" -v t="$TCK" -v n="$n" 'BEGIN { printf "%.1f", (b - a) * 1000 / t / n }')
	# connections: SYNs to every counted address / tests; budget: the worst address
	R_CONN[$key]=$(awk -v n="$n" '{ s += $3 } END { printf "%.1f", s / n }' "$OUT/$key.conns")
	R_OVER[$key]=$(awk '$4 == "?" { u = 1 } $4 != "?" { s += $4 } END { print u ? "?" : s + 0 }' "$OUT/$key.conns")
	R_PEAK[$key]=$(awk '$2 == "tcp" && $5 > p { p = $5 } END { print p + 0 }' "$OUT/$key.conns")/$(awk '$2 == "smtp" && $5 > p { p = $5 } END { print p + 0 }' "$OUT/$key.conns")
	R_LINGER[$key]=$(awk '{ s += $6 } END { print s + 0 }' "$OUT/$key.conns")
	# statuses and the mean score of the reports
	if [ "$side" = baseline ]; then
		cat "$OUT/$key"/*.json 2>/dev/null | jq -c '{status, p: .scoring.percentage}' > "$OUT/$key.status" 2>/dev/null
	else
		# (one report per line; also accepted: the report under .report)
		jq -c '{status: (.status // .report.status), p: (.scoring.percentage // .report.scoring.percentage)}' \
			"$OUT/$key.jsonl" > "$OUT/$key.status" 2>/dev/null
	fi
	R_STATUS[$key]=$(jq -r '.status // "none"' "$OUT/$key.status" 2>/dev/null | sort | uniq -c |
		awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }')
	R_OK[$key]=$(jq -r 'select(.status == "ok") | .status' "$OUT/$key.status" 2>/dev/null | wc -l)
	R_SCORE[$key]=$(jq -s 'map(.p // empty) | if length > 0 then (add / length * 10 | round / 10) else "-" end' \
		"$OUT/$key.status" 2>/dev/null || echo -)
	echo "  $side $kind: ${R_WALL[$key]} s, ${R_OK[$key]}/$n ok, ${R_CONN[$key]} conns/test, over ${R_OVER[$key]}" >&2
}

for kind in $KINDS; do
	for side in $SIDES; do
		case $side in
		baseline) run baseline "$kind" "$OUT/$kind.txt" ;;
		batch) [ "$HAVE_BATCH" = 1 ] && run batch "$kind" "$OUT/$kind.txt" ;;
		*) die "unknown side '$side' in BENCH_SIDES" ;;
		esac
	done
done
if [ "$RSS_MODE" = 1 ] && [ "$HAVE_BATCH" = 1 ]; then
	head -n "$RSS_N" "$D/bulk/web.txt" > "$OUT/web-rss.txt"
	run batch-rss web "$OUT/web-rss.txt"
fi

# ---- report (also kept in OUT/report.txt)
exec > >(tee "$OUT/report.txt")
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo
echo "inetcheck batch benchmark -- $(date -u +%Y-%m-%d), $NPROC cores, ${cpu:-unknown CPU}," \
     "Debian $(cat /etc/debian_version 2>/dev/null || echo '?'), $("$IC" --version 2>/dev/null)"
echo "$N web + $N mail bulk domains (web on ${#BULK_WEB4[@]} hosting addresses x 2 families, mail on" \
     "${#BULK_MX4[@]} shared MX hosts x 2 families); baseline = xargs -P $J of single runs;"
echo "batch = inetcheck batch --per-address $PA --per-address-smtp $PAS ${BATCH_ARGS[*]}"
echo "ic CPU = user+sys of inetcheck per test; srv CPU = the fixture's daemons per test; conns = TCP SYNs"
echo "to the counted addresses per test; RSS = max resident (baseline: the largest single run);"
echo "over = connections opened while the budget's worth were open to that address (summed over"
echo "addresses; connlimit.sh); peak = most open at once to one address (other ports / port 25)"
echo
printf '%-10s %-5s %6s %12s %8s %8s %8s %8s %7s %7s %6s %7s\n' side kind tests ok wall tests/s \
	"ic ms" "srv ms" conns "RSS MB" over peak
KEYS=()
for kind in $KINDS; do for side in baseline batch; do [ -n "${R_N[$side-$kind]:-}" ] && KEYS+=("$side-$kind"); done; done
[ -n "${R_N[batch-rss-web]:-}" ] && KEYS+=(batch-rss-web)
for key in "${KEYS[@]}"; do
	n=${R_N[$key]}
	tps=$(awk -v n="$n" -v w="${R_WALL[$key]}" 'BEGIN { if (w > 0) printf "%.1f", n / w; else print "-" }')
	printf '%-10s %-5s %6s %12s %7ss %8s %8s %8s %7s %7s %6s %7s\n' "${key%-*}" "${key##*-}" "$n" \
		"${R_OK[$key]} ok" "${R_WALL[$key]}" "$tps" "${R_CPU[$key]}" "${R_SRV[$key]}" "${R_CONN[$key]}" \
		"${R_RSS[$key]}" "${R_OVER[$key]}" "${R_PEAK[$key]}"
done
echo
for key in "${KEYS[@]}"; do
	echo "$key: statuses ${R_STATUS[$key]:-none}; mean score ${R_SCORE[$key]:--}; connlimit linger ${R_LINGER[$key]}${R_NOTE[$key]:+; ${R_NOTE[$key]}}"
	if [ -s "$OUT/$key.summary.json" ]; then
		echo "  summary: $(jq -c . "$OUT/$key.summary.json" 2>/dev/null || echo unreadable)"
	fi
done
echo
echo "per address (batch runs): ADDR CLASS SYNS OVER PEAK LINGER"
for key in $(printf '%s\n' "${!R_N[@]}" | grep '^batch' | sort); do
	awk -v k="$key" '$3 > 0 { printf "  %-10s %s\n", k, $0 }' "$OUT/$key.conns"
done
echo

# ---- goals (reported; BENCH_STRICT=1 makes a missed goal exit 1)
fail=0
goal() {  # goal TEXT VALUE OK(0/1/-)
	local v
	case $3 in 1) v=MET ;; 0) v="NOT MET"; fail=1 ;; *) v="NOT MEASURED" ;; esac
	echo "goal: $1: $2 -- $v"
}
ratio_of() {  # ratio_of KIND -> batch tests/s / baseline tests/s
	local b=batch-$1 a=baseline-$1
	if [ -z "${R_N[$b]:-}" ] || [ -z "${R_N[$a]:-}" ]; then echo -; return; fi
	awk -v nb="${R_N[$b]}" -v wb="${R_WALL[$b]}" -v na="${R_N[$a]}" -v wa="${R_WALL[$a]}" \
		'BEGIN { if (wb > 0 && wa > 0 && na > 0) printf "%.1f", (nb / wb) / (na / wa); else print "-" }'
}
atleast() { awk -v r="$1" -v g="$2" 'BEGIN { if (r == "-" || r == "?") print "-"; else print (r >= g) ? 1 : 0 }'; }
for kg in "web 2" "mail 10"; do
	read -r kind g <<< "$kg"
	r=$(ratio_of "$kind")
	goal "batch >= ${g}x the baseline's tests/s ($kind)" "${r}x" "$(atleast "$r" "$g")"
done
c=${R_CPU[batch-web]:--}
goal "<= 40 ms CPU of inetcheck per web test (batch)" "$c ms" \
	"$(awk -v c="$c" 'BEGIN { if (c == "-") print "-"; else print (c <= 40) ? 1 : 0 }')"
if [ -n "${R_RSS[batch-rss-web]:-}" ] && [ -n "${R_RSS[batch-web]:-}" ]; then
	r=$(awk -v a="${R_RSS[batch-web]}" -v b="${R_RSS[batch-rss-web]}" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }')
	goal "max RSS flat from $N to $RSS_N web domains (<= ${RSS_FLAT}x)" \
		"${R_RSS[batch-web]} MB -> ${R_RSS[batch-rss-web]} MB (${r}x)" \
		"$(awk -v r="$r" -v f="$RSS_FLAT" 'BEGIN { if (r == "-") print "-"; else print (r <= f) ? 1 : 0 }')"
else
	goal "max RSS flat from $N to $RSS_N web domains" "run with BENCH_RSS=1" -
fi
o=; for key in $(printf '%s\n' "${!R_N[@]}" | grep '^batch' | sort); do o+="$key ${R_OVER[$key]}, "; done
if [ -n "$o" ]; then
	ok=1
	for key in $(printf '%s\n' "${!R_N[@]}" | grep '^batch'); do
		case ${R_OVER[$key]} in
		0) ;;
		"?") [ "$ok" = 0 ] || ok=- ;;   # packets lost: unknown, unless another run was over
		*) ok=0 ;;
		esac
	done
	goal "no address above its budget ($PA, port 25: $PAS) in batch (over)" "${o%, }" "$ok"
else
	goal "no address above its budget in batch" "no batch run" -
fi
[ "${BENCH_STRICT:-0}" = 1 ] && exit "$fail"
exit 0

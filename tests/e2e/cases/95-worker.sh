# shellcheck shell=bash
# shellcheck disable=SC2154  # $_strip is lib.sh's
# 95-worker -- `inetcheck worker` (issue 19): `serve --workers 0` only queues; workers in
# other processes test the jobs of the shared store. Three workers (w1, w2, w3) start at
# once on one request of all the fixture's bulk web domains (FIXTURE_BULK, 300 in run.sh)
# submitted through the batch API; w1 is killed with SIGKILL in the middle, while it holds
# jobs, and w4 started: the request ends done, every domain with exactly one result, all
# ok and 100 %, no job lost or finished twice, and every stored result document equal to
# the line of a single-process `inetcheck batch` of the same domains (timing fields aside).
# The servers' connection counters (connlimit.sh, as in 99-batch) check that all workers
# together never had more than 5 connections to one address at once (the budget shared
# through the store; issue 19 item 3). `inetcheck status` shows the workers' heartbeats:
# w2, w3 and w4 alive while they run, the killed w1 gone, w2-w4 stopped after SIGTERM
# (exit 143, handing back what they held). Run twice: on a shared SQLite file, and on a
# throw-away PostgreSQL 15 (tests/unit/pg-run.sh, a Unix socket only).

IC_HARD_TIMEOUT=300
W=$E2E_WORK/worker
mkdir -p "$W"
DB=$W/queue.sqlite   # for the usage errors
printf 'ops:%s\n' "$(openssl passwd -6 ops)" > "$W/users"

# --- usage errors ---
expect_exit 2 icraw worker
expect_stderr 'say which store with --db'
expect_exit 2 icraw worker --db "$W/no-such-dir/x.sqlite"
expect_stderr 'no-such-dir'
expect_exit 2 icraw worker --db "$DB" --listen 127.0.0.1:1
expect_stderr "unknown option '--listen'"
expect_exit 2 icraw worker --db "$DB" --html x.html
expect_stderr "'--html' is not used by worker"
expect_exit 2 icraw status
expect_stderr 'say which store with --db'
expect_exit 2 icraw status --db "$W/no-such-store.sqlite"
expect_stderr 'no-such-store.sqlite: No such file'
_check "status does not create the store it was asked about" no \
	"$([ -e "$W/no-such-store.sqlite" ] && echo yes || echo no)"
expect_exit 2 icraw status --db "$DB" --jobs 2
expect_stderr "unknown option '--jobs'"

declare -A WPID
# worker_up NAME -- a worker on the shared store, in the netns, stderr in $W/NAME.log
worker_up() {
	ip netns exec "$E2E_NETNS" "$IC_BIN" worker --db "$DB" --name "$1" --jobs 4 \
		--lease-seconds 3 --allow-private "${IC_FIXTURE_ARGS[@]}" --ca-file "$E2E_DIR/pki/ca.crt" \
		"${IC_RPKI_DEFAULT[@]}" --timeout "$IC_TIMEOUT" 2> "$W/$1.log" &
	WPID[$1]=$!
}
api() { ip netns exec "$E2E_NETNS" curl -s -u ops:ops "$@"; }
# status_json -- `inetcheck status --json` of the shared store, in the netns as the rest
status_json() { icraw status --db "$DB" --json 2>> "$W/status.err"; }
# worker_state JSON NAME -- the state status gives worker NAME, or "absent"
worker_state() { jq -r --arg n "$2" '[.workers[] | select(.name == $n) | .state][0] // "absent"' <<< "$1"; }
# status_until STATE NAME... -- poll status (up to 20 s) until each NAME has STATE: the
# states seen last in $STATES (in NAME order), the last document in $STATUS
status_until() {
	local want=$1 all='' n; shift
	for n in "$@"; do all="$all${all:+ }$want"; done
	for _ in $(seq 1 100); do
		STATUS=$(status_json) || STATUS='{"workers": []}'
		STATES=
		for n in "$@"; do STATES="$STATES${STATES:+ }$(worker_state "$STATUS" "$n")"; done
		[ "$STATES" = "$all" ] && return 0
		sleep 0.2
	done
	return 1
}

# job_counts DB RID -- "jobs distinct-results done duplicated-domains" of request RID
job_counts() {
	local q_req="SELECT id, created FROM requests WHERE rid = '$2'"
	case $1 in
	postgresql://*)
		read -r req created < <(psql "$1" -AtF ' ' -c "$q_req")
		echo "$(psql "$1" -AtF ' ' -c "SELECT count(*), count(DISTINCT result),
			count(*) FILTER (WHERE state = 'done') FROM jobs WHERE request = $req") $(psql "$1" -At -c \
			"SELECT count(*) FROM (SELECT domain FROM results WHERE test = 'web' AND created >= $created
			 GROUP BY domain HAVING count(*) > 1) d")" ;;
	*)
		/usr/bin/python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
req, created = db.execute("SELECT id, created FROM requests WHERE rid = ?", (sys.argv[2],)).fetchone()
jobs = db.execute("SELECT count(*), count(DISTINCT result), sum(state = 'done') FROM jobs "
                  "WHERE request = ?", (req,)).fetchone()
dup = db.execute("SELECT count(*) FROM (SELECT domain FROM results WHERE test = 'web' AND "
                 "created >= ? GROUP BY domain HAVING count(*) > 1)", (created,)).fetchone()[0]
print(f"{jobs[0]} {jobs[1]} {jobs[2]} {dup}")
PY
		;;
	esac
}

# sql DB QUERY -- the rows of QUERY on the store DB (SQLite file or postgresql:// URI),
# one per line, columns separated by a space
sql() {
	case $1 in
	postgresql://*) psql "$1" -AtF ' ' -c "$2" ;;
	*) /usr/bin/python3 -c 'import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print(" ".join("" if v is None else str(v) for v in row))' "$1" "$2" ;;
	esac
}
# stored_docs DB RID -- the result document (results.doc, inetcheck's --json) of every
# job of request RID, one JSON text after the other
stored_docs() {
	sql "$1" "SELECT r.doc FROM jobs j JOIN requests q ON q.id = j.request
		JOIN results r ON r.id = j.result WHERE q.rid = '$2' ORDER BY j.domain"
}
# compare_docs LABEL STORED SINGLE N -- one assertion: the N documents of STORED equal
# the lines of the same domains in SINGLE, both without timing fields ($_strip); on a
# difference the first differing domain and a short diff
compare_docs() {
	local label=$1 stored=$2 single=$3 n=$4 eq first
	read -r eq first < <(jq -rn --slurpfile a "$stored" --slurpfile b "$single" "
		(\$b | map($_strip | {key: .domain, value: .}) | from_entries) as \$m
		| [\$a[] | $_strip | select(. != \$m[.domain]) | .domain] as \$bad
		| \"\((\$a | length) - (\$bad | length)) \(\$bad | sort | first // \"\")\"" 2>&1)
	if [ "$eq" = "$n" ]; then
		_pass "$label: $eq of $n stored documents equal the single-process run (timing fields aside)"
		return
	fi
	_fail "$label: $n of $n stored documents equal the single-process run (timing fields aside)" \
		"$eq equal${first:+; first differing: $first}"
	[ -n "$first" ] || return
	echo "#   diff stored (<) single-process (>) of $first:"
	diff <(jq -S --arg d "$first" "select(.domain == \$d) | $_strip" "$stored") \
		<(jq -S --arg d "$first" "select(.domain == \$d) | $_strip" "$single") | head -20 | sed 's/^/#   /'
}

# workers DB LABEL PORT -- the whole scenario on one store
workers() {
DB=$1; local label=$2 port=$3 w
URL=http://127.0.0.1:$port/api/batch/v2
if [ -s "$E2E_DIR/bulk/web.txt" ] && serve_up "queue-$label" "$port" --workers 0 --db "$DB" \
	--users "$W/users" --allow-private --lease-seconds 3; then
	local t0=$SECONDS
	# the servers' connection counters from zero (the other store's run, the single batch)
	[ "$ARMED" = 1 ] && "$CONNLIMIT" zero "$E2E_DIR" "$E2E_NETNS"
	domains=$(jq -R . < "$E2E_DIR/bulk/web.txt" | jq -sc .)
	n=$(wc -l < "$E2E_DIR/bulk/web.txt" | tr -d ' ')
	# three workers at once, then all the domains in one request
	worker_up w1
	worker_up w2
	worker_up w3
	rid=$(api -X POST -H 'Content-Type: application/json' \
		-d "{\"type\": \"web\", \"domains\": $domains, \"name\": \"workers\"}" "$URL/requests" \
		| jq -r .request.request_id)
	_check "$label: serve --workers 0 queues the request of $n domains" yes "$([ ${#rid} = 32 ] && echo yes)"
	# kill w1 with SIGKILL in the middle: a third of the domains done, and w1 holding jobs
	held=0
	for _ in $(seq 1 1500); do
		done_n=$(api "$URL/requests/$rid?progress=true" | jq -r '.request.progress' | cut -d/ -f1)
		held=$(sql "$DB" "SELECT count(*) FROM jobs WHERE state = 'running' AND worker = 'w1'")
		[ "${done_n:-0}" -ge $((n / 3)) ] && [ "${held:-0}" -gt 0 ] && break
		sleep 0.2
	done
	kill -9 "${WPID[w1]}"; wait "${WPID[w1]}" 2>/dev/null
	_check "$label: worker w1 killed (SIGKILL) after $done_n of $n, holding $held jobs" yes \
		"$([ "${done_n:-0}" -lt "$n" ] && [ "${held:-0}" -gt 0 ] && echo yes)"
	worker_up w4
	# while they run: w2, w3 and w4 alive (a heartbeat at start, then every lease/3 = 1 s),
	# and every job of the request queued, running (w1's until claimed again) or finished
	status_until alive w2 w3 w4
	_check "$label: status lists w2, w3 and w4 alive while they run" "alive alive alive" "$STATES"
	_check "$label: status: queued + running + finished in the last hour = the $n domains" "$n" \
		"$(jq '.queue | .queued + .running + .last_hour.finished + .last_hour.failed' <<< "$STATUS")"
	if icraw status --db "$DB" 2>> "$W/status.err" | grep -Eq '^w4 +[^ ]+ +[0-9]+ +4 .* alive$'; then
		_pass "$label: status's table shows w4 alive with 4 jobs"
	else _fail "$label: status's table shows w4 alive with 4 jobs" "$(icraw status --db "$DB" 2>&1 | tail -c 300)"; fi
	status=
	for _ in $(seq 1 1200); do
		status=$(api "$URL/requests/$rid" | jq -r .request.status)
		[ "$status" = done ] && break
		sleep 0.5
	done
	_check "$label: the request is done after a worker was killed" done "$status"
	echo "# $label: $n domains done in $((SECONDS - t0)) s"
	api "$URL/requests/$rid/results" > "$W/results-$label.json"
	_check "$label: every domain has a result" "$n" "$(jq '.domains | length' "$W/results-$label.json")"
	_check "$label: every result is ok and 100 %" "$n" \
		"$(jq '[.domains[] | select(.status == "ok" and .scoring.percentage == 100)] | length' "$W/results-$label.json")"
	# exactly one result row per domain of the request, and every job done once
	_check "$label: jobs all done, each with its own result; no domain finished twice" "$n $n $n 0" \
		"$(job_counts "$DB" "$rid")"
	# every stored document = the single-process run's line of the domain
	stored_docs "$DB" "$rid" > "$W/stored-$label.jsonl"
	json_collect "$W/stored-$label.jsonl" lines "results.doc of the $label request in the store"
	compare_docs "$label" "$W/stored-$label.jsonl" "$W/single.jsonl" "$n"
	# the servers' view: all workers together within the per-address budget (issue 19
	# item 3: the budget shared through the store)
	if [ "$ARMED" = 1 ]; then
		"$CONNLIMIT" read "$E2E_DIR" "$E2E_NETNS" > "$W/conn-$label.txt" 2> "$W/conn-$label.err"
		over=$(_conn_over "$W/conn-$label.txt"); peak=$(_conn_peak tcp "$W/conn-$label.txt")
		echo "# $label: connections (servers' view): OVER $over, the busiest address's PEAK $peak;" \
			"PEAK/OVER/SYNs per address: $(awk '$2 == "tcp" && $3 > 0 { printf "%s%s %s/%s/%s", \
				n++ ? ", " : "", $1, $5, $4, $3 }' "$W/conn-$label.txt")"
		_check "$label: no address above 5 connections at once from all workers together" 0 "$over"
		_check "$label: the busiest address had at most 5 connections at once" yes \
			"$([ "$peak" -le 5 ] 2>/dev/null && echo yes || echo "peak $peak")"
	fi
	if grep -q 'w4' "$W/w4.log"; then _pass "$label: worker w4 announced itself"
	else _fail "$label: worker w4 announced itself" "$(head -c 200 "$W/w4.log")"; fi
	# w1 was killed: no heartbeat for 3 intervals, gone; the queue is empty
	status_until gone w1
	_check "$label: status: the killed w1 is gone" gone "$STATES"
	_check "$label: status: nothing queued or running, $n finished in the last hour" "0 0 $n" \
		"$(jq -r '.queue | "\(.queued) \(.running) \(.last_hour.finished + .last_hour.failed)"' <<< "$STATUS")"
	# SIGTERM: the workers stop, exit 143, and hold no job afterwards
	for w in w2 w3 w4; do
		kill -TERM "${WPID[$w]}"
		wait "${WPID[$w]}"
		_check "$label: worker $w stops on SIGTERM (exit 143)" 143 "$?"
	done
	status_until stopped w2 w3 w4
	_check "$label: status: w2, w3 and w4 stopped after SIGTERM" "stopped stopped stopped" "$STATES"
	_check "$label: status: no worker alive" 0 "$(jq .workers_alive <<< "$STATUS")"
	serve_down "queue-$label"
	echo "# $label: scenario $((SECONDS - t0)) s"
else
	_fail "$label: bulk domains and the queue server" "$(tail -c 300 "$E2E_WORK/queue-$label.log" 2>/dev/null)"
fi
}

# the reference: one single-process `inetcheck batch` of the same domains with the options
# the workers have (the fixture's resolver, CA and RPKI, --allow-private, --timeout)
if [ -s "$E2E_DIR/bulk/web.txt" ]; then
	nbulk=$(wc -l < "$E2E_DIR/bulk/web.txt" | tr -d ' ')
	t0=$SECONDS
	expect_exit 0 icfix batch web "$E2E_DIR/bulk/web.txt" --allow-private --timeout "$IC_TIMEOUT" \
		--jobs 8 --out "$W/single.jsonl"
	echo "# single-process batch of $nbulk domains: $((SECONDS - t0)) s"
	_check "single-process batch: all $nbulk bulk web domains ok and 100 %" "$nbulk" \
		"$(jq -r 'select(.status == "ok" and .scoring.percentage == 100) | .domain' "$W/single.jsonl" | sort -u | wc -l | tr -d ' ')"
else
	_fail "single-process batch of the bulk web domains" "no $E2E_DIR/bulk/web.txt (FIXTURE_BULK)"
fi
# the servers' connection counters on the bulk addresses (zeroed at each store's start)
ARMED=0
if [ -s "$E2E_DIR/bulk/web.txt" ] && "$CONNLIMIT" arm "$E2E_DIR" "$E2E_NETNS" 5 1 "${BULK_ADDRS[@]}" > "$W/arm.log" 2>&1; then
	ARMED=1
	_pass "connection counters armed on the bulk addresses"
else
	_fail "connection counters armed on the bulk addresses" "$(head -c 200 "$W/arm.log" 2>/dev/null)"
fi

workers "$W/queue.sqlite" sqlite 18095

# the same on PostgreSQL: a throw-away server until the file pg.uri.stop appears
PGURI_FILE=$W/pg.uri
"$HERE/../unit/pg-run.sh" sh -c 'echo "$INETCHECK_TEST_PG" > "$0"
	i=0; while [ ! -e "$0.stop" ] && [ $i -lt 3000 ]; do sleep 0.2; i=$((i + 1)); done' \
	"$PGURI_FILE" > "$W/pg.log" 2>&1 &
PGPID=$!
for _ in $(seq 1 150); do [ -s "$PGURI_FILE" ] && break; sleep 0.2; done
if [ -s "$PGURI_FILE" ]; then
	_pass "a throw-away PostgreSQL for the workers"
	workers "$(cat "$PGURI_FILE")" postgresql 18096
else
	_fail "a throw-away PostgreSQL for the workers" "$(tail -c 300 "$W/pg.log")"
fi
touch "$PGURI_FILE.stop"; wait "$PGPID" 2>/dev/null
[ "$ARMED" = 1 ] && "$CONNLIMIT" disarm "$E2E_DIR" "$E2E_NETNS"

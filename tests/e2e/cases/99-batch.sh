# shellcheck shell=bash
# shellcheck disable=SC2154  # $_strip is lib.sh's
# 99-batch -- `inetcheck batch` (issue 17): the list (comments, invalid lines with their
# numbers, duplicates), JSON lines equal to the single tests' --json, the CSV, the exit
# codes, --state with SIGINT and SIGTERM (nothing lost, nothing twice), the shared
# STARTTLS scan, rate-limited SMTP, and the per-address connection budget measured by
# the kernel (iptables connlimit in the fixture's netns) on the first 30 bulk web and
# mail domains.

IC_HARD_TIMEOUT=300
B=$E2E_WORK/batch
mkdir -p "$B"

# batch ARGS... -- `inetcheck batch` with the fixture's options and --allow-private
batch() { icfix batch "$@" --allow-private --timeout "$IC_TIMEOUT"; }

# _lines FILE -- lines of FILE (0 when it is missing)
_lines() { if [ -f "$1" ]; then wc -l < "$1" | tr -d ' '; else echo 0; fi; }

# --- usage errors: exit 2 ---
expect_exit 2 batch
expect_stderr 'say which test'
expect_exit 2 batch frobnicate "$B/none"
expect_stderr "test is web or mail, not 'frobnicate'"
expect_exit 2 batch web "$B/does-not-exist"
expect_stderr 'does-not-exist: No such file'
expect_exit 2 batch web "$B"
expect_stderr 'Is a directory'
expect_exit 2 batch web - --html "$B/x.html"
expect_stderr "'--html' is not used by batch"
expect_exit 2 batch web - --jobs 0
expect_stderr 'jobs wants a number'
expect_exit 2 icfix web secure.example --allow-private --per-address 3
expect_stderr "unknown option '--per-address'"
expect_exit 2 batch web - --state "$E2E_DIR/dns/root.hints"
expect_stderr 'state'

# --- a mixed list: comments, blank lines, invalid lines, duplicates, a domain that
# cannot be tested (exit 3), URLs and e-mail addresses normalised as for single tests ---
cat > "$B/mixed.txt" <<'LIST'
# web servers of the fixture
secure.example

insecure.example
https://WWW.Secure.example/some/path
not_a_domain
secure.example
   # indented comment
https://secure.example/
nx.secure.example
perfect.example
LIST
expect_exit 3 batch web "$B/mixed.txt" --out "$B/mixed.jsonl" --csv "$B/mixed.csv" \
	--summary "$B/mixed-summary.json" --jobs 3
expect_stderr 'mixed.txt:6: .not_a_domain. is not a valid domain name.*skipped'
expect_stderr 'cannot test nx.secure.example'
_check "batch mixed: one JSON line per distinct valid domain" 5 "$(_lines "$B/mixed.jsonl")"
_check "batch mixed: the domains, normalised, each once" \
	"insecure.example nx.secure.example perfect.example secure.example www.secure.example" \
	"$(jq -r .domain "$B/mixed.jsonl" | sort | paste -sd' ' -)"
_check "batch mixed: every line is a JSON object of the web test" 5 \
	"$(jq -c 'select(type == "object" and .test == "web")' "$B/mixed.jsonl" | wc -l | tr -d ' ')"
_check "batch mixed: the domain that does not resolve is an error object" \
	"error" "$(jq -r 'select(.domain == "nx.secure.example") | .status' "$B/mixed.jsonl")"
_check "batch mixed: summary counts (tested, ok, error, invalid, duplicates)" "5 4 1 1 2" \
	"$(jq -r '"\(.tested) \(.ok) \(.error) \(.invalid_lines) \(.duplicates)"' "$B/mixed-summary.json")"
_check "batch mixed: summary histogram adds up to the ok results" 4 \
	"$(jq '[.histogram[]] | add' "$B/mixed-summary.json")"

# --- CSV: the dashboard's columns, one row per domain, the JSON's percentages ---
_check "batch csv: header" "domain,test,status,score,web_ipv6,web_dnssec,web_https,web_appsecpriv,web_rpki" \
	"$(head -1 "$B/mixed.csv")"
_check "batch csv: a row per domain" 6 "$(_lines "$B/mixed.csv")"
_check "batch csv: the row of a domain that could not be tested" "nx.secure.example,web,error,,,,,," \
	"$(grep '^nx\.secure\.example,' "$B/mixed.csv")"
for d in secure.example insecure.example perfect.example; do
	_check "batch csv: $d row = its JSON line" \
		"$(jq -r --arg d "$d" 'select(.domain == $d) | [.domain, .test, .status, .scoring.percentage,
			(.scoring.categories | .web_ipv6, .web_dnssec, .web_https, .web_appsecpriv, .web_rpki
			 | .percentage)] | map(tostring) | join(",")' "$B/mixed.jsonl")" \
		"$(grep "^$d," "$B/mixed.csv")"
done

# --- each JSON line is the --json document of the single test (timing fields aside) ---
# ($_strip: lib.sh)
for d in secure.example insecure.example perfect.example www.secure.example; do
	ic web "$d"
	_check "batch web $d: JSON line = single-test --json" \
		"$(jq -S "$_strip" "$IC_JSON")" \
		"$(jq -S --arg d "$d" "select(.domain == \$d) | $_strip" "$B/mixed.jsonl")"
done
printf '%s\n' postmaster@secure.example mail-two-mx.example no-mx.example nullmx.example > "$B/mail.txt"
expect_exit 0 batch mail "$B/mail.txt" --out "$B/mail.jsonl"
for d in secure.example mail-two-mx.example no-mx.example nullmx.example; do
	ic mail "$d"
	_check "batch mail $d: JSON line = single-test --json" \
		"$(jq -S "$_strip" "$IC_JSON")" \
		"$(jq -S --arg d "$d" "select(.domain == \$d) | $_strip" "$B/mail.jsonl")"
done

# --- exit codes: 0 all tested, 1 below --fail-under; standard input ---
printf 'secure.example\ninsecure.example\n' > "$B/two.txt"
expect_exit 0 batch web "$B/two.txt" --quiet
_check "batch stdout: one JSON line per domain" 2 "$(jq -c . "$LAST_OUT" | wc -l | tr -d ' ')"
_check "batch --quiet: nothing on stderr" "" "$(cat "$LAST_ERR")"
_check "batch: no progress line when stderr is not a terminal" 0 "$(grep -c $'\e\[K' "$LAST_ERR")"
# on a terminal (script(1) gives the run a pty): the progress line, then the summary
expect_exit 0 script -qefc "ip netns exec $E2E_NETNS $IC_BIN batch web $B/two.txt --allow-private \
	${IC_FIXTURE_ARGS[*]} --ca-file $E2E_DIR/pki/ca.crt ${IC_RPKI_ARGS[*]} --out /dev/null" /dev/null
expect_stdout $'batch web: [0-9]+/2, [0-9.]+ tests/s.*could not be tested'
expect_stdout 'batch web: 2 tested in'
expect_exit 1 batch web "$B/two.txt" --fail-under 100
expect_stderr 'below --fail-under 100%: 1'
expect_exit 0 bash -c "printf 'secure.example\n' | ip netns exec $E2E_NETNS $IC_BIN batch web - --allow-private \
	${IC_FIXTURE_ARGS[*]} --ca-file $E2E_DIR/pki/ca.crt ${IC_RPKI_ARGS[*]}"
expect_stdout '"domain":"secure.example"'

# --- --state: SIGINT and SIGTERM, then the same command again: nothing lost, nothing twice ---
# twenty web domains on the standard site; two at a time so the signal lands mid-list
for z in secure perfect insecure no-aaaa hsts-year hsts-short hsts-none hdr-none ref-none \
	ref-same-origin csp-none csp-minimal sectxt-none sectxt-signed caa-good caa-none \
	https-noredir one-ns6 two-ns6 cname; do echo "$z.example"; done > "$B/twenty.txt"
for sig in INT TERM; do
	rm -f "$B/resume-$sig".*
	_ic_ca_args batch
	ip netns exec "$E2E_NETNS" "$IC_BIN" batch web "$B/twenty.txt" --allow-private \
		"${IC_FIXTURE_ARGS[@]}" "${IC_CA_ARGS[@]}" --timeout "$IC_TIMEOUT" --jobs 2 \
		--state "$B/resume-$sig.sqlite" --out "$B/resume-$sig.jsonl" --csv "$B/resume-$sig.csv" \
		2> "$B/resume-$sig.err" &
	pid=$!
	for _ in $(seq 1 600); do
		[ "$(_lines "$B/resume-$sig.jsonl")" -ge 3 ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	t0=$(date +%s%N)
	kill -"$sig" "$pid"
	wait "$pid"; rc=$?
	t1=$(date +%s%N)
	want=130; [ "$sig" = TERM ] && want=143
	_check "batch --state SIG$sig: exit $want" "$want" "$rc"
	_check "batch --state SIG$sig: stopped within 3 s" ok "$([ $(( (t1 - t0) / 1000000 )) -le 3000 ] && echo ok || echo "$(( (t1 - t0) / 1000000 )) ms")"
	first=$(_lines "$B/resume-$sig.jsonl")
	_check "batch --state SIG$sig: stopped before the end of the list" yes "$([ "$first" -lt 20 ] && echo yes || echo "all $first done")"
	_check "batch --state SIG$sig: every line written is whole JSON" "$first" \
		"$(jq -c . "$B/resume-$sig.jsonl" 2>/dev/null | wc -l | tr -d ' ')"
	expect_exit 0 batch web "$B/twenty.txt" --state "$B/resume-$sig.sqlite" \
		--out "$B/resume-$sig.jsonl" --csv "$B/resume-$sig.csv" --summary "$B/resume-$sig.summary"
	_check "batch --state SIG$sig: the rerun skipped what was done" "$first" \
		"$(jq -r '.resumed + .written_again' "$B/resume-$sig.summary")"
	_check "batch --state SIG$sig: all twenty domains, each once" "20 20" \
		"$(jq -r .domain "$B/resume-$sig.jsonl" | wc -l | tr -d ' ') $(jq -r .domain "$B/resume-$sig.jsonl" | sort -u | wc -l | tr -d ' ')"
	_check "batch --state SIG$sig: CSV header once, a row per domain" "1 20" \
		"$(grep -c '^domain,' "$B/resume-$sig.csv") $(grep -vc '^domain,' "$B/resume-$sig.csv")"
	expect_exit 0 batch web "$B/twenty.txt" --state "$B/resume-$sig.sqlite" \
		--out "$B/resume-$sig.jsonl" --summary "$B/resume-$sig.summary2"
	_check "batch --state SIG$sig: a third run tests and writes nothing" "0 20 20" \
		"$(jq -r '"\(.tested) \(.resumed)"' "$B/resume-$sig.summary2") $(_lines "$B/resume-$sig.jsonl")"
done

# --- rate-limited SMTP in a batch: the always-421 MX is could-not-test with rate_limited
# (details and warnings), the windowed limiter is tested; neither scan is kept for reuse ---
printf '%s\n' mail-busy.example mail-ratelimit.example secure.example > "$B/busy.txt"
expect_exit 0 batch mail "$B/busy.txt" --out "$B/busy.jsonl" --summary "$B/busy.summary"
_check "batch mail-busy: the MX is rate_limited in the details" true \
	"$(jq -r 'select(.domain == "mail-busy.example") | .technical.receiving_mailservers["mail.mail-busy.example."].rate_limited' "$B/busy.jsonl")"
_check "batch mail-busy: STARTTLS could not be tested" "error/could-not-test" \
	"$(jq -r 'select(.domain == "mail-busy.example") | .results.tests.mail_starttls_tls_available | "\(.status)/\(.verdict)"' "$B/busy.jsonl")"
_check "batch mail-busy: a rate_limited warning" 1 \
	"$(jq -r 'select(.domain == "mail-busy.example") | [.warnings[] | select(test("rate_limited"))] | length' "$B/busy.jsonl")"
_check "batch mail-ratelimit: tested through the limiter" 100 \
	"$(jq -r 'select(.domain == "mail-ratelimit.example") | .scoring.categories.mail_starttls.percentage' "$B/busy.jsonl")"
_check "batch: every STARTTLS scan ran, none reused (three MX names)" "3 0" \
	"$(jq -r '"\(.mx_scans) \(.mx_scans_reused)"' "$B/busy.summary")"

# --- politeness, measured from the servers' side (tests/fixture/README.md "Connection
# counting"): the bulk domains of the fixture share four hosting and three MX addresses ---
# (CONNLIMIT, BULK_ADDRS, _conn_over, _conn_total, _conn_peak: lib.sh)
# the first 30 of the fixture's bulk domains (95-worker tests all of them)
head -30 "$E2E_DIR/bulk/web.txt" > "$B/bulk-web.txt" 2>/dev/null
head -30 "$E2E_DIR/bulk/mail.txt" > "$B/bulk-mail.txt" 2>/dev/null

if [ -s "$B/bulk-web.txt" ] && "$CONNLIMIT" arm "$E2E_DIR" "$E2E_NETNS" 5 1 "${BULK_ADDRS[@]}" > "$B/arm.log" 2>&1; then
	_pass "connection counters armed on the bulk addresses"
	nweb=$(_lines "$B/bulk-web.txt")
	nmail=$(_lines "$B/bulk-mail.txt")

	# the web budget: eight tests at once, forty per cent of them on one address
	expect_exit 0 batch web "$B/bulk-web.txt" --jobs 8 --out "$B/bulk-web.jsonl" --summary "$B/bulk-web.summary"
	_check "batch bulk web: every domain tested" "$nweb" "$(jq -r 'select(.status == "ok") | .domain' "$B/bulk-web.jsonl" | sort -u | wc -l | tr -d ' ')"
	_check "batch bulk web --per-address 5: no address above 5 connections at once (servers' view)" 0 "$(_conn_over)"
	_check "batch bulk web: the busiest address held exactly the budget" 5 "$(_conn_peak tcp)"
	_check "batch bulk web: the summary's peak agrees" 5 "$(jq .peak_per_address "$B/bulk-web.summary")"

	# the mail budget and the shared STARTTLS scan: one scan per (MX, address), one SMTP
	# connection at a time to each MX
	"$CONNLIMIT" zero "$E2E_DIR" "$E2E_NETNS"
	expect_exit 0 batch mail "$B/bulk-mail.txt" --jobs 8 --out "$B/bulk-mail.jsonl" --summary "$B/bulk-mail.summary"
	_check "batch bulk mail: every domain tested" "$nmail" "$(jq -r 'select(.status == "ok") | .domain' "$B/bulk-mail.jsonl" | sort -u | wc -l | tr -d ' ')"
	_check "batch bulk mail --per-address-smtp 1: no MX above 1 SMTP connection at once" 0 "$(_conn_over)"
	_check "batch bulk mail: three MX hosts, three STARTTLS scans, the rest reused" "3 $((nmail - 3))" \
		"$(jq -r '"\(.mx_scans) \(.mx_scans_reused)"' "$B/bulk-mail.summary")"
	batch_smtp=$(_conn_total smtp)
	# the first three as single tests: a scan each; their documents equal the batch lines,
	# whose scans were shared
	"$CONNLIMIT" zero "$E2E_DIR" "$E2E_NETNS"
	for d in $(head -3 "$B/bulk-mail.txt"); do ic mail "$d"; done
	single_smtp=$(_conn_total smtp)
	# a single test scans its MX (about 40 SMTP connections); the batch scans each MX once,
	# so per domain it needs far fewer: at most a fifth of a single test's
	_check "batch bulk mail: SMTP connections per domain under a fifth of a single test's" yes \
		"$([ $((batch_smtp * 3 * 5)) -lt $((single_smtp * nmail)) ] && echo yes || echo "batch $batch_smtp for $nmail, single $single_smtp for 3")"
	for d in $(head -3 "$B/bulk-mail.txt"); do
		ic mail "$d"
		_check "batch bulk mail $d: JSON line (shared scan) = single-test --json" \
			"$(jq -S "$_strip" "$IC_JSON")" \
			"$(jq -S --arg d "$d" "select(.domain == \$d) | $_strip" "$B/bulk-mail.jsonl")"
	done

	# the check can fail: without a budget the busiest web address gets more than 5
	"$CONNLIMIT" zero "$E2E_DIR" "$E2E_NETNS"
	head -12 "$B/bulk-web.txt" > "$B/bulk-web12.txt"
	expect_exit 0 batch web "$B/bulk-web12.txt" --jobs 8 --per-address 0 --out /dev/null
	_check "batch --per-address 0 (no budget): the counters see more than 5 at once" yes \
		"$(o=$(_conn_over); [ "$o" != "?" ] && [ "$o" -gt 0 ] && echo yes || echo "over $o")"
	"$CONNLIMIT" disarm "$E2E_DIR" "$E2E_NETNS"
else
	_fail "connection counters armed on the bulk addresses" "$(head -c 200 "$B/arm.log" 2>/dev/null)"
fi

# shellcheck shell=bash
# 83-smtp-politeness -- issue 17 item 3 "Polite by construction", single `inetcheck mail` runs
# (the budget and the scan memo of a batch are asserted by the batch case): a mail server that
# limits connections (tests/fixture/README.md "Mail (STARTTLS / DANE) scenarios"):
#   mail-busy       smtp-421: "421 4.7.0 too many connections" on every connect. Retried with
#                   backoff until the test's deadline, still refused: could not test (§3.10,
#                   like a deadline cut), with
#                   receiving_mailservers.<mx>.rate_limited and a warning naming MX and address.
#   mail-ratelimit  smtp-ratelimit: 421 on connect past 8 connections a second; the backoff
#                   gets every connection through: tested like mail-multiline (100 %).
# and SMTP sessions that we end before STARTTLS end with QUIT (the stubs log it).

mx() { echo ".technical.receiving_mailservers[\"$1.\"]"; }
STUB_LOG=$E2E_DIR/log/smtp-stub.out
stub_count() { grep -c -- "^$1\$" "$STUB_LOG" 2>/dev/null || true; }

# ---- always 421 on connect: could not test, rate_limited (not a verdict, STYLE rule 3) ----
before=$(stub_count "421 smtp-421 127.0.25.19:25")
ic mail mail-busy.example
after=$(stub_count "421 smtp-421 127.0.25.19:25")
expect_test mail_starttls_tls_available error could-not-test
expect_json '.results.categories.mail_starttls.verdict' untestable
expect_json '.results.custom.mail_servers_testable_status' untestable
expect_json '.results.custom.tls_1_3_support' undetermined
expect_max_points mail_starttls 10
expect_percent mail_starttls 0
expect_test mail_starttls_tls_ciphers not_tested not-tested
expect_test mail_starttls_dane_exist not_tested not-tested
M=$(mx mail.mail-busy.example)
expect_json "$M.rate_limited" true
expect_json "$M.server_testable" false
expect_json "$M.server_reachable" true
expect_json "$M.tested_address" 127.0.25.19
expect_json "$M | has(\"details\")" false
expect_json '[.warnings[] | select(test("rate_limited: mail\\.mail-busy\\.example \\(127\\.0\\.25\\.19\\)"))] | length' 1
expect_scoring_formula
# asked again with backoff (0.5, 1, 2, 4, 8, 16 s, never past the test's deadline: --timeout
# 30 allows at most 7 tries); the mail_ipv6 reachability probe of port 25 meets a 421 too.
# How many of the pauses fit depends on when the scan starts within the deadline, so only
# the two properties are asserted: asked again (at least 2 tries + the probe) and never
# hammered (no more than the schedule allows). A count in between is a timing assertion.
n=$((after - before))
_check "mail-busy: the MX was asked again after its 421, with backoff (3 to 8 connections)" true \
	"$([ "$n" -ge 3 ] && [ "$n" -le 8 ] && echo true || echo "false ($n)")"

# ---- a windowed limiter: the backoff gets through, tested normally ----
before=$(stub_count "421 smtp-ratelimit 127.0.25.18:25")
ic mail mail-ratelimit.example
after=$(stub_count "421 smtp-ratelimit 127.0.25.18:25")
expect_test mail_starttls_tls_available passed good
expect_test mail_starttls_tls_version passed good
expect_test mail_starttls_tls_ciphers passed good
expect_test mail_starttls_dane_valid passed good
expect_percent mail_starttls 100
expect_json '.results.custom.mail_servers_testable_status' ok
M=$(mx mail.mail-ratelimit.example)
expect_json "$M | has(\"rate_limited\")" false
expect_json "$M.server_testable" true
expect_json '[.warnings[]? | select(test("rate_limited"))] | length' 0
_check "mail-ratelimit: the limiter refused some connections (421 on connect)" true \
	"$([ $((after - before)) -gt 0 ] && echo true || echo "false ($((after - before)))")"
# documents of other MX are unchanged: no rate_limited key at all
ic mail mail-multiline.example
expect_json "$(mx mail.mail-multiline.example) | has(\"rate_limited\")" false

# ---- QUIT: sessions we end before STARTTLS say goodbye (RFC 5321 §4.1.1.10) ----
# (a run with its own options, so the e2e cache cannot answer it)
before=$(stub_count "QUIT smtp-nostarttls 127.0.25.13:25")
ic mail mail-rude-nostarttls.example --timeout 29
after=$(stub_count "QUIT smtp-nostarttls 127.0.25.13:25")
expect_test mail_starttls_tls_available error other
_check "mail-rude-nostarttls: no STARTTLS offered, the session ended with QUIT" true \
	"$([ $((after - before)) -gt 0 ] && echo true || echo "false ($((after - before)))")"
before=$(stub_count "QUIT smtp-starttls454 127.0.25.14:25")
ic mail mail-rude-454.example --timeout 29
after=$(stub_count "QUIT smtp-starttls454 127.0.25.14:25")
expect_test mail_starttls_tls_available error other
_check "mail-rude-454: STARTTLS refused (454), the session ended with QUIT" true \
	"$([ $((after - before)) -gt 0 ] && echo true || echo "false ($((after - before)))")"

# shellcheck shell=bash
# 95-mail-starttls -- the mail_starttls category (spec §3.6, §3.10, §3.3.6 DANE, §3.3.7 CAA,
# §2.4, §4.1, §5.3 custom results, §5.4 receiving_mailservers, §8 items 11-13, 27-28).
# Scenarios: tests/fixture/README.md "Mail (STARTTLS / DANE) scenarios". The standard MX
# (127.0.25.1 / fd00:25::1) is Postfix with the 100 % mail TLS configuration and the
# fixture's ECDSA P-256 certificate (SAN *.<zone>, so mail.<zone> matches).
# Scored set (§4.1): starttls, fs, ciphers, order, version, compression, secure reneg,
# pubkey, signature, 0-RTT, kex hash, EMS = 120, + dane_exists 10 + dane_valid 10 (one
# shared field, §8 item 11) when a usable TLSA exists: 140 → 100, 130 → 92, 120/140 → 85,
# 110/140 → 78.

# MX key in the technical section: the MX name with a trailing dot
mx() { echo ".technical.receiving_mailservers[\"$1.\"]"; }

# ---- perfect.example: TLSA 3 1 1 of the key + 3 1 1 of the next key (current+next rollover) ----
ic mail perfect.example
expect_test mail_starttls_tls_available passed good
expect_test mail_starttls_tls_keyexchange passed good
expect_test mail_starttls_tls_ciphers passed good
expect_test mail_starttls_tls_cipherorder passed good
expect_test mail_starttls_tls_version passed good
expect_test mail_starttls_tls_compress passed good
expect_test mail_starttls_tls_secreneg passed good
expect_test mail_starttls_tls_clientreneg passed not-allowed
# trust is informational for mail (§8 item 12); with --ca-file the fixture CA is trusted
expect_test mail_starttls_cert_chain passed good
expect_test mail_starttls_cert_pubkey passed good
expect_test mail_starttls_cert_sig passed good
expect_test mail_starttls_cert_domain passed good
# §3.3.7: CAA 0 issue "letsencrypt.org" at perfect.example, found by climbing from the MX name
expect_test mail_starttls_tls_caa passed good
expect_test mail_starttls_dane_exist passed good
expect_test mail_starttls_dane_valid passed good
expect_test mail_starttls_dane_rollover passed good
# §3.10: mail never runs 0-RTT: always passed/na with its 10 points
expect_test mail_starttls_tls_0rtt passed na
expect_json '.results.tests.mail_starttls_tls_keyexchangehash.status | IN("passed", "warning")' true
expect_test mail_starttls_tls_extendedmastersecret passed good
expect_max_points mail_starttls 140
expect_percent mail_starttls 100
expect_category mail_starttls passed
expect_json '.results.categories.mail_starttls.verdict' passed
# §5.3: mail 0-RTT is always "na", so tls_1_3_support is "no" (§8 item 40)
expect_json '.results.custom.tls_1_3_support' no
expect_json '.results.custom.mail_servers_testable_status' ok
# §5.4 receiving_mailservers
M=$(mx mail.perfect.example)
expect_json "$M.server_reachable" true
expect_json "$M.starttls_enabled" true
expect_json "$M.server_testable" true
expect_json "$M.tested_address" 127.0.25.1
expect_json "$M.dnssec.status" secure
expect_json "$M.details.dane_status" validated
expect_json "$M.details.dane_rollover" true
expect_json "$M.details.dane_records | length" 2
expect_json "$M.details.zero_rtt" na
expect_json "$M.details.cert_trusted" 0
expect_json "$M.details.protocols_bad | length" 0
# §5.4 / §8 item 38: mail details have no CAA and no OCSP keys
expect_json "[$M.details | keys[] | select(startswith(\"caa_\") or . == \"ocsp_stapling\")] | length" 0
expect_json "$M.details | has(\"kex_params_bad\") and has(\"cert_hostmatch_bad\") and has(\"extended_master_secret\")" true
expect_scoring_formula
# §4.2: every mail category at 100 → 100 overall
expect_overall 100

# ---- rollover variants (§3.3.6): current+issuer passes, a single record is info/bad ----
ic mail mail-dane-issuer.example
expect_test mail_starttls_dane_valid passed good
expect_test mail_starttls_dane_rollover passed good
expect_percent mail_starttls 100
ic mail mail-dane-single.example
expect_test mail_starttls_dane_valid passed good
# OPT: "bad" is capped to info and never scored
expect_test mail_starttls_dane_rollover info bad
expect_percent mail_starttls 100
expect_category mail_starttls passed
expect_json "$(mx mail.mail-dane-single.example).details.dane_rollover" false

# ---- §8 item 11: a TLSA that does not match scores lower than no TLSA at all ----
ic mail mail-dane-mismatch.example
expect_test mail_starttls_dane_exist passed good
expect_test mail_starttls_dane_valid failed bad
expect_max_points mail_starttls 140
expect_percent mail_starttls 85
expect_category mail_starttls failed
expect_json "$(mx mail.mail-dane-mismatch.example).details.dane_status" failed
expect_scoring_formula

# TLSA in an unsigned zone → none (§3.3.6): dane_exists failed/bad, dane_valid not required
ic mail mail-dane-unsigned.example
expect_test mail_starttls_dane_exist failed bad
expect_test mail_starttls_dane_valid not_tested not-tested
expect_test mail_starttls_dane_rollover not_tested not-tested
expect_max_points mail_starttls 130
expect_percent mail_starttls 92
expect_json "$(mx mail.mail-dane-unsigned.example).details.dane_status" none
expect_json "$(mx mail.mail-dane-unsigned.example).details.dane_records | length" 0

# only the TLSA RRset is bogus → none_bogus: failed/bogus, 0 points
ic mail mail-dane-bogus.example
expect_test mail_starttls_dane_exist failed bogus
expect_max_points mail_starttls 130
expect_percent mail_starttls 92
expect_json "$(mx mail.mail-dane-bogus.example).details.dane_status" none_bogus
# the MX itself validates and was scanned
expect_test mail_starttls_tls_available passed good

# usages 0 and 1 are ignored for mail (§3.3.6 "Mail") → none
ic mail mail-dane-usage01.example
expect_test mail_starttls_dane_exist failed bad
expect_percent mail_starttls 92

# ---- host name (§3.10): informational, but forced failed/bad with a DANE-TA record ----
ic mail mail-dane-ta-name.example
expect_test mail_starttls_dane_valid passed good
expect_test mail_starttls_cert_domain failed bad
# the icon turns failed, the score does not move (still unscored)
expect_category mail_starttls failed
expect_percent mail_starttls 100
expect_json "$(mx mx.deep.mail-dane-ta-name.example).details.cert_hostmatch_bad | length > 0" true
# §8 item 45: the verifier checks the MX name too, so trust fails with it (informational)
expect_test mail_starttls_cert_chain info bad
expect_json "$(mx mx.deep.mail-dane-ta-name.example).details.cert_trust_error" hostname-mismatch
ic mail mail-wrong-name.example
expect_test mail_starttls_cert_domain info bad
expect_test mail_starttls_cert_chain info bad
expect_json "$(mx mx.deep.mail-wrong-name.example).details.cert_trust_error" hostname-mismatch
expect_category mail_starttls passed
expect_percent mail_starttls 100

# ---- unreachable MX (§3.10, §8 item 27): error/other, 0 of 10 ----
for d in mail-nostarttls mail-noaddr mail-rude-554 mail-rude-421 mail-rude-nostarttls mail-rude-454; do
	ic mail "$d.example"
	expect_test mail_starttls_tls_available error other
	expect_max_points mail_starttls 10
	expect_percent mail_starttls 0
	expect_category mail_starttls error
	expect_json '.results.categories.mail_starttls.verdict' unreachable
	expect_json '.results.custom.mail_servers_testable_status' unreachable
	expect_json '.results.custom.tls_1_3_support' undetermined
	# nothing else was tested (§2.5 step 4: the icon follows starttls_exists)
	expect_test mail_starttls_tls_ciphers not_tested not-tested
	expect_test mail_starttls_dane_exist not_tested not-tested
	expect_scoring_formula
done
M=$(mx mail.mail-nostarttls.example)
ic mail mail-nostarttls.example
expect_json "$M.server_reachable" false
expect_json "$M.starttls_enabled" false
expect_json "$M.server_testable" true
expect_json "$M | has(\"details\")" false
ic mail mail-noaddr.example
expect_json "$(mx mail.mail-noaddr.example) | has(\"tested_address\")" false

# a silent server: the per-connection timeout (10 s) ends the scan → unreachable
ic mail mail-rude-silent.example
expect_test mail_starttls_tls_available error other
# ... unless the test's own deadline comes first: could not test (§3.10 "untestable")
ic mail mail-rude-silent.example --timeout 6
expect_test mail_starttls_tls_available error could-not-test
expect_json '.results.categories.mail_starttls.verdict' untestable
expect_json '.results.custom.mail_servers_testable_status' untestable
expect_json "$(mx mail.mail-rude-silent.example).server_testable" false
expect_json "$(mx mail.mail-rude-silent.example).server_reachable" true
expect_max_points mail_starttls 10
expect_percent mail_starttls 0

# multi-line replies and replies split over many reads still reach TLS
for d in mail-multiline mail-slow; do
	ic mail "$d.example"
	expect_test mail_starttls_tls_available passed good
	expect_test mail_starttls_dane_valid passed good
	expect_percent mail_starttls 100
done

# ---- address choice (§3.10): the last IPv4 address, else the first IPv6 one ----
ic mail mail-v6only.example
expect_json "$(mx mail.mail-v6only.example).tested_address" fd00:25::1
expect_test mail_starttls_tls_available passed good
expect_percent mail_starttls 100
ic mail mail-v4-dead6.example
expect_json "$(mx mail.mail-v4-dead6.example).tested_address" 127.0.25.1
expect_percent mail_starttls 100
# (its IPv6 address does not accept mail: mail_ipv6 fails, STARTTLS does not care)
expect_test mail_ipv6_mx_reach failed bad

# ---- TLS 1.2 only with a CBC-SHA1 suite: ciphers insufficient (§3.3.3) ----
ic mail mail-cbc.example
expect_test mail_starttls_tls_ciphers failed bad
expect_test mail_starttls_tls_version passed good
expect_json "$(mx mail.mail-cbc.example).details.ciphers_bad | index(\"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA\") != null" true
expect_max_points mail_starttls 140
expect_percent mail_starttls 92

# ---- two MX of different quality (§2.4): points are the minimum over MX of their sums ----
# mx1: everything good + DANE (140); mx2: insufficient cipher, no TLSA (140-10-20 = 110)
ic mail mail-two-mx.example
expect_test mail_starttls_tls_ciphers failed bad
expect_test mail_starttls_dane_exist failed bad
expect_max_points mail_starttls 140
expect_percent mail_starttls 78
expect_json '.scoring.categories.mail_starttls.points' 110
expect_json "$(mx mx1.mail-two-mx.example).details.dane_status" validated
expect_json "$(mx mx2.mail-two-mx.example).details.dane_status" none

# ---- §3.6 states without MX: category excluded (max 0), text verdicts ----
ic mail nullmx-perfect.example
expect_test mail_starttls_tls_available not_tested null-mx
expect_json '.results.categories.mail_starttls.verdict' null-mx
expect_max_points mail_starttls 0
expect_json '.results.custom.mail_servers_testable_status' ok
expect_json '.results.custom.tls_1_3_support' no
expect_json '.results.custom.mail_non_sending_domain' true
# §8 item 13: Null MX and everything else perfect → 100
expect_overall 100
expect_scoring_formula
ic mail no-mx.example
expect_test mail_starttls_tls_available not_tested other-2
expect_json '.results.categories.mail_starttls.verdict' no-mx
expect_json '.results.custom.mail_servers_testable_status' no_mx
expect_max_points mail_starttls 0
ic mail no-null-mx.example
expect_test mail_starttls_tls_available info no-null-mx
expect_json '.results.categories.mail_starttls.verdict' no-null-mx
ic mail nullmx-other.example
expect_test mail_starttls_tls_available warning null-mx-with-other-mx
expect_json '.results.categories.mail_starttls.verdict' null-mx-with-other-mx
expect_max_points mail_starttls 0
ic mail nullmx-noaddr.example
expect_test mail_starttls_tls_available info null-mx-without-a-aaaa
expect_json '.results.categories.mail_starttls.verdict' null-mx-without-a-aaaa

# ---- text report: the failing subtest with its Postfix / Exim fix ----
expect_exit 0 icfix mail mail-cbc.example --allow-private --brief
expect_stdout '^  failed +Ciphers'
# the details: one row per affected suite, [mail server, suite, class]
expect_stdout '^ +mail\.mail-cbc\.example  TLS_[A-Z0-9_]+_CBC_[A-Z0-9_]+  (insufficient|phase_out)$'
expect_stdout 'Postfix: .smtpd_tls_ciphers = high'
expect_stdout 'Exim: .tls_require_ciphers'
expect_exit 0 icfix mail mail-nostarttls.example --allow-private --brief
expect_stdout 'STARTTLS and DANE.*unreachable'

# shellcheck shell=bash
# 90-web-https -- the web_https category (spec §3.3.1, §3.3.5-§3.3.8, §4.1, §8 items 5, 10,
# 14, 26). Scenarios: tests/fixture/README.md "HTTPS and security options" (sites made by
# tests/fixture/gen-web.sh). Scored set: 15 subtests x 10 = 150 (140 without TLS 1.2);
# category % = int(100.0 / max * points): 150 → 100, 142 → 94, 140 → 93.
# Tech keys (§5.4) are read from the IPv4 server (.technical.webservers.ipv4.details).

T4=.technical.webservers.ipv4.details
T6=.technical.webservers.ipv6.details
# msgids KEY -- the sorted msgids of a §5.4 message list of the IPv4 server, space-joined
msgids() { echo "[$T4.$1[]?.msgid] | sort | join(\" \")"; }

# ---- the reference configuration (§6.2) on the standard site: every scored subtest good ----
ic web secure.example
expect_test web_https_http_available passed good
expect_test web_https_http_redirect passed good
expect_test web_https_http_hsts passed good
expect_test web_https_http_compress passed good
expect_test web_https_tls_keyexchange passed good
expect_test web_https_tls_ciphers passed good
expect_test web_https_tls_cipherorder passed good
expect_test web_https_tls_version passed good
expect_test web_https_tls_compress passed good
expect_test web_https_tls_secreneg passed good
expect_test web_https_tls_clientreneg passed not-allowed
expect_test web_https_cert_chain passed good
# §3.3.3: ECDSA P-256 leaf → good (not phase-out)
expect_test web_https_cert_pubkey passed good
expect_test web_https_cert_sig passed good
expect_test web_https_cert_domain passed good
expect_test web_https_tls_0rtt passed good
# §3.3.4: the leaf has no OCSP URL
expect_test web_https_tls_ocsp not_tested not-in-cert
# §6.2: no SHA-1/SHA-224 in SignatureAlgorithms → good (not phase-out, §8 item 19)
expect_test web_https_tls_keyexchangehash passed good
expect_test web_https_tls_extendedmastersecret passed good
# §3.3.7: no CAA up the tree → warning/bad (REC, not scored); §3.3.6: no TLSA → info/bad
expect_test web_https_tls_caa warning bad
expect_test web_https_dane_exist info bad
expect_test web_https_dane_valid not_tested not-tested
# §2.5: the category has required subtests, so REC/OPT warnings do not change its icon
expect_category web_https passed
expect_percent web_https 100
expect_max_points web_https 150
expect_json '.results.custom.tls_1_3_support' yes
expect_json "$T4.https_redirect" good
expect_json "$T4.hsts" true
expect_json "$T4.http_compression" false
expect_json "$T4.cert_trusted" 0
expect_json "$T4.kex_hash_func" good
expect_json "$T4.extended_master_secret" supported
expect_json "$T6.https_redirect" good
expect_json '.technical.webservers.ipv4.tested_address' 127.0.10.1
expect_json '.technical.webservers.ipv6.tested_address' fd00:80::1
expect_scoring_formula

# ---- HTTPS redirect (§3.3.5 forced_https, §3.3.8 https_forced) ----
# the first redirect goes to https://www.<name>/: another host → bad, 140/150 = 93
ic web https-redir-www.example
expect_test web_https_http_redirect failed bad
expect_json "$T4.https_redirect" bad
expect_category web_https failed
expect_percent web_https 93
# plain 200 over http, no redirect → bad
ic web https-noredir.example
expect_test web_https_http_redirect failed bad
expect_json "$T4.https_redirect" bad
expect_percent web_https 93
# nothing on port 80 → passed/other, 10 points
ic web https-no80.example
expect_test web_https_http_redirect passed other
expect_json "$T4.https_redirect" no_http
expect_json "$T6.https_redirect" no_http
expect_category web_https passed
expect_percent web_https 100

# ---- HSTS (§3.3.5; §8 item 10) ----
ic web hsts-none.example
expect_test web_https_http_hsts failed bad
expect_json "$T4.hsts" false
expect_category web_https failed
expect_percent web_https 93
# max-age=31535999: one second short of a year → failed/other, 2 points: 142/150 → 94
ic web hsts-short.example
expect_test web_https_http_hsts failed other
expect_json "$T4.hsts_policies[0]" max-age=31535999
expect_percent web_https 94
# exactly a year → good
ic web hsts-year.example
expect_test web_https_http_hsts passed good
expect_json "$T4.hsts" true
expect_percent web_https 100
# max-age="31536000": quotes are not allowed → unparsable → bad, 0 points
ic web hsts-quoted.example
expect_test web_https_http_hsts failed bad
expect_percent web_https 93
# two headers, merged "max-age=31536000, max-age=0": the first element counts → good
ic web hsts-two.example
expect_test web_https_http_hsts passed good
expect_percent web_https 100

# ---- CAA (§3.3.7; REC: never scored) ----
ic web caa-none.example
expect_test web_https_tls_caa warning bad
expect_json "$T4.caa_enabled" false
expect_percent web_https 100
# §6.2: 0 issue "letsencrypt.org"
ic web caa-good.example
expect_test web_https_tls_caa passed good
expect_json "$T4.caa_enabled" true
expect_json "$(msgids caa_errors)" ""
expect_json "$T4.caa_found_on_domain" caa-good.example
ic web caa-unknown.example
expect_test web_https_tls_caa warning syntax-error
expect_json "$(msgids caa_errors)" invalid-unknown-property
ic web caa-noissue.example
expect_test web_https_tls_caa warning insufficient
expect_json "$(msgids caa_errors)" missing-required-property-issue
ic web caa-bad-iodef.example
expect_test web_https_tls_caa warning syntax-error
expect_json "$(msgids caa_errors)" invalid-property-iodef-value

# ---- DANE for HTTPS (§3.3.6; dane_exists OPT, dane_valid REC: never scored) ----
# TLSA 3 1 1 = SHA-256 of the served leaf's SubjectPublicKeyInfo
ic web dane-valid.example
expect_test web_https_dane_exist passed good
expect_test web_https_dane_valid passed good
expect_json "$T4.dane_status" validated
expect_json "$T6.dane_status" validated
expect_percent web_https 100
ic web dane-mismatch.example
expect_test web_https_dane_exist passed good
expect_test web_https_dane_valid warning bad
expect_json "$T4.dane_status" failed
expect_percent web_https 100
# TLSA in a zone whose signatures expired: SERVFAIL, then data with CD → bogus
ic web dane-bogus.example
expect_test web_https_dane_exist info bogus
expect_test web_https_dane_valid not_tested not-tested
expect_json "$T4.dane_status" none_bogus
# TLSA in an unsigned zone: not secure → none
ic web dane-unsigned.example
expect_test web_https_dane_exist info bad
expect_test web_https_dane_valid not_tested not-tested
expect_json "$T4.dane_status" none

# ---- unreachable IPv6 (§3.3.1, §3.3.2 step 2, §2.5 steps 4-5, §8 item 5) ----
# AAAA answers on port 80 but refuses 443; IPv4 is the perfect standard site. The IPv6
# server is unreachable: every other subtest is not tested there, the worst status over
# servers is not_tested, so the icon is https_exists' (error) with text verdict
# "unreachable", and min over servers of the summed points = 0.
for d in https6-dead.example web6-dead.example; do
	ic web "$d"
	expect_test web_https_http_available error other
	expect_category web_https error
	expect_json '.results.categories.web_https.verdict' unreachable
	expect_percent web_https 0
	expect_json '.technical.webservers.ipv6.server_reachable' false
	expect_json '.technical.webservers.ipv4.server_reachable' true
done

# ---- a TLS 1.0-only server (§8 items 15, 16, 26; §3.13) ----
# The scanner's legacy client completes TLS 1.0 → https_exists passed; the TLS >= 1.2 HTTP
# client cannot fetch https://name/ → redirect not_tested/no-https (0 points), HSTS bad (0).
# No TLS 1.2 → EMS not scored: max 140. Failing: redirect, HSTS, version (TLS 1.0),
# ciphers (ECDHE-ECDSA-AES*-SHA: CBC with SHA-1 MAC, insufficient) → 100/140 = int(71.4) = 71.
# The kex-hash subtest is left open: TLS 1.0 has no signature_algorithms, and its ECDSA
# ServerKeyExchange is signed over SHA-1, so §3.3.4 can be read as bad (then 90/140 = 64).
ic web https-tls10.example
expect_test web_https_http_available passed good
expect_test web_https_tls_version failed bad
expect_test web_https_http_redirect not_tested no-https
expect_test web_https_http_hsts failed bad
expect_test web_https_tls_ciphers failed bad
expect_json '.results.tests.web_https_tls_keyexchangehash.status | IN("passed", "failed")' true
expect_test web_https_tls_extendedmastersecret not_tested na-no-tls-1-2
expect_json "$T4.https_redirect" no_https
expect_json "$T4.hsts" false
expect_json "$T4.extended_master_secret" na_no_tls_1_2
expect_json "[$T4.protocols_bad[]?] | join(\",\")" "TLS 1.0"
expect_category web_https failed
expect_max_points web_https 140
expect_json '.scoring.categories.web_https.percentage | IN(64, 71)' true
expect_scoring_formula

# ---- the different-page site: nginx defaults (no redirect, no HSTS) ----
# Only statuses that follow from the site's HTTP behaviour are asserted (its TLS settings
# are nginx's defaults, judged in 80-tls.sh).
ic web diff-page.example
expect_test web_https_http_redirect failed bad
expect_test web_https_http_hsts failed bad
expect_category web_https failed
expect_scoring_formula

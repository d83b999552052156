# shellcheck shell=bash
# 40-mail-mx -- domains with MX: spec §3.7 (mail_ipv6, max 20 with MX: ns_reach 10 +
# mx_reach 10) and §3.8 (mail_dnssec, max 10: min over the domain and every MX of 10/2/0).

# Signed domain, MX in the same signed zone, everything reachable over IPv6.
for d in secure.example mx-signed.example; do
	ic mail "$d"
	expect_test mail_ipv6_ns_address passed good
	expect_test mail_ipv6_ns_reach passed good
	expect_test mail_ipv6_mx_address passed good
	expect_test mail_ipv6_mx_reach passed good
	expect_category mail_ipv6 passed
	expect_percent mail_ipv6 100
	expect_max_points mail_ipv6 20
	expect_test mail_dnssec_mailto_exist passed good
	expect_test mail_dnssec_mailto_valid passed good
	expect_test mail_dnssec_mx_exist passed good
	expect_test mail_dnssec_mx_valid passed good
	expect_category mail_dnssec passed
	expect_percent mail_dnssec 100
	expect_scoring_formula
done

# Unsigned domain with its MX in the same unsigned zone.
ic mail insecure.example
expect_test mail_dnssec_mailto_exist failed bad
# §3.2 as web: insecure → dnssec_valid stays not_tested
expect_test mail_dnssec_mailto_valid not_tested not-tested
expect_test mail_dnssec_mx_exist failed bad
# §3.8: per MX insecure → dnssec_mx_valid not_tested
expect_test mail_dnssec_mx_valid not_tested not-tested
expect_category mail_dnssec failed
# §3.8: min(2, 2) = 2/10 → 20
expect_percent mail_dnssec 20
expect_percent mail_ipv6 100

# Signed domain whose MX is in the unsigned zone insecure.example.
ic mail mx-unsigned.example
expect_test mail_dnssec_mailto_exist passed good
expect_test mail_dnssec_mailto_valid passed good
expect_test mail_dnssec_mx_exist failed bad
expect_test mail_dnssec_mx_valid not_tested not-tested
expect_category mail_dnssec failed
# §3.8: "any insecure MX → 20 %" (min over domain 10 and MX 2)
expect_percent mail_dnssec 20
expect_max_points mail_dnssec 10
expect_percent mail_ipv6 100

# Bogus domain (expired signatures) with its MX in the same bogus zone.
ic mail bogus-sig.example
expect_test mail_dnssec_mailto_exist passed good
expect_test mail_dnssec_mailto_valid failed bad
# §3.8: per MX bogus → exists passed/good, valid failed/bad
expect_test mail_dnssec_mx_exist passed good
expect_test mail_dnssec_mx_valid failed bad
expect_category mail_dnssec failed
expect_percent mail_dnssec 0
# §1.4: MX/NS/A/AAAA are queried with CD, so IPv6 is still tested normally
expect_percent mail_ipv6 100

# MX with A on the SMTP listener and AAAA where nothing listens on 25.
ic mail mx6-dead.example
expect_test mail_ipv6_mx_address passed good
# §3.7 mx_reach: an MX IPv6 address unreachable on 25 → failed/bad
expect_test mail_ipv6_mx_reach failed bad
expect_category mail_ipv6 failed
# §3.7: per-MX points 0 (no good IPv6) → mx_score 0; NS 10 → 10/20 → 50
expect_percent mail_ipv6 50
expect_scoring_formula

# 11 MX, all good.
ic mail mx-eleven.example
expect_test mail_ipv6_mx_address passed good
expect_test mail_ipv6_mx_reach passed good
expect_percent mail_ipv6 100
expect_percent mail_dnssec 100
# §3.6: at most 10 MX kept, sorted alphabetically → mx01..mx10; mx11 dropped
# (§5.4: receiving_mailservers keyed by MX name with a trailing dot)
expect_json '.technical.receiving_mailservers | length' 10
expect_json '.technical.receiving_mailservers | has("mx11.mx-eleven.example.")' false

# 11 MX; mx11 has the best preference but is alphabetically last, and its AAAA is dead.
ic mail mx-eleven-dead.example
# §3.6: the 10 kept are the first 10 *alphabetically* (mx01..mx10), not by preference,
# so the dead mx11 is never tested
expect_test mail_ipv6_mx_address passed good
expect_test mail_ipv6_mx_reach passed good
expect_percent mail_ipv6 100

# Mail NS part "as web" (§3.7): one NS with IPv6. one-ns6.example has no MX and no SPF → no_mx.
ic mail one-ns6.example
expect_test mail_ipv6_ns_address failed other
expect_test mail_ipv6_ns_reach passed good
# §3.6 no_mx: mx_aaaa not_tested/other
expect_test mail_ipv6_mx_address not_tested other
# §4.1: mail IPv6 max is 10 without MX; ns_score 5 (as web) → 5/10 → 50
expect_max_points mail_ipv6 10
expect_percent mail_ipv6 50

# shellcheck shell=bash
# 30-web-ipv6 -- spec §3.1 (web_ipv6, max 22 = ns_reach 10 + web_reach 10 + web_ipv46 2;
# 20 for an IPv6-only site). Category % = int(100.0 / max * points) (§4.1):
#   22 → 100, 20 → 90, 17 → 77, 10 → 45; IPv6-only 20/20 → 100.

# Two name servers with A+AAAA, site on the standard site (same page over both families).
for d in secure.example two-ns6.example; do
	ic web "$d"
	expect_test web_ipv6_ns_address passed good
	expect_test web_ipv6_ns_reach passed good
	expect_test web_ipv6_ws_address passed good
	expect_test web_ipv6_ws_reach passed good
	expect_test web_ipv6_ws_similar passed good
	expect_category web_ipv6 passed
	expect_percent web_ipv6 100
	expect_max_points web_ipv6 22
	expect_json '.technical.nameservers | length' 2
	expect_scoring_formula
done

# §1.4: NS/A/AAAA queries set CD, so a bogus zone's servers are still found and tested.
ic web bogus-sig.example
expect_test web_ipv6_ns_address passed good
expect_test web_ipv6_ws_reach passed good
expect_percent web_ipv6 100

# ns1 has A+AAAA, ns2 A only.
ic web one-ns6.example
# §3.1 ns_aaaa: exactly 1 NS with AAAA → failed/other
expect_test web_ipv6_ns_address failed other
# §3.1 ns_reach: evaluated because some NS has AAAA; no NS IPv6 address is unreachable → good
expect_test web_ipv6_ns_reach passed good
expect_test web_ipv6_ws_address passed good
expect_test web_ipv6_ws_reach passed good
expect_test web_ipv6_ws_similar passed good
expect_category web_ipv6 failed
# §3.1 ns_score: only one NS has AAAA, so both are counted: (10 + 0) / 20 × 10 = 5
# (the single-NS cap gives 5 too); 5 + 10 + 2 = 17/22 → int(77.27) = 77
expect_percent web_ipv6 77
expect_scoring_formula

# Two NS with AAAA, but ns2's IPv6 address (fd00:53::99) does not answer.
ic web ns6-dead.example
# §3.1 ns_aaaa: ≥2 NS with AAAA → passed/good
expect_test web_ipv6_ns_address passed good
# §3.1 ns_reach: some NS IPv6 address unreachable → failed/bad
expect_test web_ipv6_ns_reach failed bad
expect_test web_ipv6_ws_reach passed good
expect_category web_ipv6 failed
# §3.1: ns1 10 points, ns2 0 (no good IPv6); both counted: 10/20 × 10 = 5; 5+10+2 = 17 → 77
expect_percent web_ipv6 77
# §5.4 technical: the dead NS address is listed as not reachable
expect_json '[.technical.nameservers[].ipv6.addresses[]? | select(.address == "fd00:53::99") | .reachable]' '[false]'

# Web server with an A record only.
ic web no-aaaa.example
expect_test web_ipv6_ns_address passed good
expect_test web_ipv6_ns_reach passed good
# §3.1 web_aaaa: no AAAA → failed/bad
expect_test web_ipv6_ws_address failed bad
# §3.13: no AAAA → web_reach and web_ipv46 not tested (both count as failures, 0 points)
expect_test web_ipv6_ws_reach not_tested not-tested
expect_test web_ipv6_ws_similar not_tested not-tested
expect_category web_ipv6 failed
# §4.3: "no AAAA for web server (NS fine): IPv6 10/22 → 45"
expect_percent web_ipv6 45
expect_max_points web_ipv6 22

# AAAA on an address where nothing listens on 80/443.
ic web web6-dead.example
expect_test web_ipv6_ws_address passed good
# §3.1 web_reach: an IPv6 address unreachable on both 80/443 → failed/bad
expect_test web_ipv6_ws_reach failed bad
# §3.13: no reachable IPv6 → web_ipv46 not tested
expect_test web_ipv6_ws_similar not_tested not-tested
expect_category web_ipv6 failed
# §3.1: web points 0 (no good IPv6), similarity 0 → 10/22 → 45
expect_percent web_ipv6 45
expect_json '[.technical.webservers.ipv6.addresses[]? | select(.address == "fd00:80::99") | .reachable]' '[false]'

# Reachable over both families, but IPv6 serves a clearly different page.
ic web diff-page.example
expect_test web_ipv6_ws_reach passed good
# §3.1 web_ipv46: distance > 10 → warning/notice, 0 points
expect_test web_ipv6_ws_similar warning notice
# §2.5: the category has required subtests (is_mandatory), so a NOTICE does not change the
# icon and nothing failed → passed
expect_category web_ipv6 passed
# §4.3: "site reachable over IPv6 but different page content: IPv6 20/22 → 90"
expect_percent web_ipv6 90

# IPv6-only site.
ic web v6only.example
expect_test web_ipv6_ws_address passed good
expect_test web_ipv6_ws_reach passed good
# §3.1 web_ipv46: IPv6-only (no A) → not_tested and removed from the score
expect_test web_ipv6_ws_similar not_tested not-tested
# §2.5 step 2: the removed subtest counts in its worst_status bucket (NOT_TESTED), not as a failure
expect_category web_ipv6 passed
# §4.1: max 20 for an IPv6-only site; 10 + 10 = 20/20
expect_max_points web_ipv6 20
expect_percent web_ipv6 100
expect_scoring_formula

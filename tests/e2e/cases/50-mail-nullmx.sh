# shellcheck shell=bash
# 50-mail-nullmx -- the non-has_mx states of spec §3.6 and their effect on mail_ipv6 (§3.7)
# and mail_dnssec (§3.8). In every one of them the MX subtests are not scored: mail_ipv6 max
# is 10 (NS only, §4.1) and mail_dnssec depends on the domain alone. All zones are signed and
# have two good IPv6 name servers, so both categories are 100 %.
# §2.5: the categories keep required subtests (ns_aaaa, dnssec_exists), so the NOTICE/INFO
# forced on the MX subtests never changes the icon → passed.

mx_not_scored() {
	expect_test mail_ipv6_ns_address passed good
	expect_test mail_ipv6_ns_reach passed good
	# §2.6: subtests that never run keep not_tested / not-tested
	expect_test mail_ipv6_mx_reach not_tested not-tested
	expect_test mail_dnssec_mailto_exist passed good
	expect_test mail_dnssec_mailto_valid passed good
	expect_test mail_dnssec_mx_valid not_tested not-tested
	expect_max_points mail_ipv6 10
	expect_percent mail_ipv6 100
	expect_percent mail_dnssec 100
	expect_category mail_ipv6 passed
	expect_category mail_dnssec passed
	expect_scoring_formula
}

# MX 0 . + an A record → null_mx
ic mail nullmx.example
expect_test mail_ipv6_mx_address not_tested null-mx
expect_test mail_dnssec_mx_exist not_tested null-mx
mx_not_scored

# MX 0 . plus MX 10 mail.secure.example. → null_mx_with_other_mx (warning, forced)
ic mail nullmx-other.example
expect_test mail_ipv6_mx_address warning null-mx-with-other-mx
expect_test mail_dnssec_mx_exist warning null-mx-with-other-mx
mx_not_scored

# MX 0 . and neither A nor AAAA → null_mx_without_a_aaaa (info, forced)
ic mail nullmx-noaddr.example
expect_test mail_ipv6_mx_address info null-mx-without-a-aaaa
expect_test mail_dnssec_mx_exist info null-mx-without-a-aaaa
mx_not_scored

# A record, no MX, no SPF → no_mx
ic mail no-mx.example
expect_test mail_ipv6_mx_address not_tested other
expect_test mail_dnssec_mx_exist not_tested no-mailservers
mx_not_scored

# A record and SPF "v=spf1 -all", no MX → no_null_mx (suggest publishing a Null MX)
ic mail no-null-mx.example
expect_test mail_ipv6_mx_address info no-null-mx
expect_test mail_dnssec_mx_exist info no-null-mx
mx_not_scored

# Only "MX 10 localhost." (ignored), no A/AAAA, no SPF → no usable MX → no_mx
ic mail mx-localhost.example
expect_test mail_ipv6_mx_address not_tested other
expect_test mail_dnssec_mx_exist not_tested no-mailservers
mx_not_scored

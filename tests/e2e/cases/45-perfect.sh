# shellcheck shell=bash
# 45-perfect -- a domain that does everything inetcheck implements right must score 100 on
# each category and overall (spec §4.1/§4.2); with RPKI every category is there, so the
# report is not partial.

# The web site is the reference "100 %" configuration of §6.2 (tests/fixture/gen-web.sh),
# with CAA 0 issue "letsencrypt.org" and a TLSA 3 1 1 record of its key.
ic web perfect.example
expect_percent web_ipv6 100
expect_percent web_dnssec 100
# §3.3.8: 15 scored subtests, all good: 150/150
expect_percent web_https 100
expect_max_points web_https 150
expect_category web_https passed
expect_test web_https_tls_caa passed good
expect_test web_https_dane_exist passed good
expect_test web_https_dane_valid passed good
# §3.4: every security option good; never scored (max 0, not in the average, §8 item 1)
expect_category web_appsecpriv passed
expect_max_points web_appsecpriv 0
for t in x_frame_options x_content_type_options csp referrer_policy securitytxt; do
	expect_test "web_appsecpriv_$t" passed good
done
# §3.5: routes and ROAs valid for the web server and the name servers: 30/30
expect_percent web_rpki 100
expect_category web_rpki passed
# §4.2: int((100 + 100 + 100 + 100) / 4) = 100; security options are not counted
expect_overall 100
expect_scoring_formula
expect_json 'has("partial")' false

ic mail perfect.example
expect_percent mail_ipv6 100
expect_percent mail_dnssec 100
expect_percent mail_auth 100
expect_max_points mail_auth 50
expect_test mail_auth_dmarc_exist passed good
expect_test mail_auth_dmarc_policy passed good
expect_test mail_auth_dkim_exist passed good
expect_test mail_auth_spf_exist passed good
expect_test mail_auth_spf_policy passed good
expect_json '.results.custom.mail_non_sending_domain' false
expect_json '.technical.domain.dmarc.policy_status' valid
expect_json '.technical.domain.spf.policy_status' valid
expect_json '.technical.domain.dkim.discovered' true
# §3.10: Postfix STARTTLS with the 100 % configuration and a validated TLSA: 140/140
expect_percent mail_starttls 100
expect_max_points mail_starttls 140
# §3.11: MX, NS and MX-NS groups valid: 45/45
expect_percent mail_rpki 100
# §4.2: int((100 + 100 + 100 + 100 + 100) / 5) = 100
expect_overall 100
expect_json 'has("partial")' false

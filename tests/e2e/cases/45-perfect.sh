# shellcheck shell=bash
# 45-perfect -- a domain that does everything inetcheck implements right must score 100 on
# each implemented category and overall (spec §4.1/§4.2; the partial flag stays while
# categories are missing).

ic web perfect.example
expect_percent web_ipv6 100
expect_percent web_dnssec 100
expect_overall 100
expect_json '.partial' true

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
expect_overall 100

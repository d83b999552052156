# shellcheck shell=bash
# 91-web-appsecpriv -- security options (spec §3.4, §3.4.1 CSP, §3.4.2 security.txt; §8
# items 1, 7, 41-43): X-Frame-Options (OPT), X-Content-Type-Options, CSP, Referrer-Policy,
# security.txt (REC). Never scored: max 0, excluded from the overall average (§4.1, §4.2).
# Scenarios: tests/fixture/README.md "HTTPS and security options" (tests/fixture/gen-web.sh).
# Tech keys (§5.4) are read from the IPv4 server.

T4=.technical.webservers.ipv4.details
# msgids KEY -- the sorted msgids of a §5.4 message list of the IPv4 server, space-joined
msgids() { echo "[$T4.$1[]?.msgid] | sort | join(\" \")"; }
# has_msgid KEY MSGID -- the list contains MSGID (other messages may come with it)
has_msgid() { expect_json "[$T4.$1[]?.msgid] | index(\"$2\") != null" true; }

# ---- the reference configuration (§6.2): all five good ----
ic web secure.example
expect_test web_appsecpriv_x_frame_options passed good
expect_test web_appsecpriv_x_content_type_options passed good
expect_test web_appsecpriv_csp passed good
expect_test web_appsecpriv_referrer_policy passed good
# a signed file with Canonical = the final URL, Contact mailto: + Encryption, Expires < 1 year
expect_test web_appsecpriv_securitytxt passed good
expect_category web_appsecpriv passed
expect_max_points web_appsecpriv 0
expect_percent web_appsecpriv 0
expect_json "$T4.x_frame_options_enabled" true
expect_json "$T4.x_frame_options_values[0]" SAMEORIGIN
expect_json "$T4.x_content_type_options_enabled" true
expect_json "$T4.content_security_policy_enabled" true
expect_json "$(msgids content_security_policy_errors)" ""
expect_json "$T4.referrer_policy_enabled" true
expect_json "$(msgids referrer_policy_errors)" ""
expect_json "$(msgids referrer_policy_recommendations)" ""
expect_json "$T4.securitytxt_enabled" true
expect_json "$(msgids securitytxt_errors)" ""
expect_json "$(msgids securitytxt_recommendations)" ""
expect_json "$T4.securitytxt_found_host" secure.example
# the same signed file names www.secure.example as its Canonical when asked as that name
ic web www.secure.example
expect_test web_appsecpriv_securitytxt passed good
expect_json "$T4.securitytxt_found_host" www.secure.example
# §8 item 1: security options never change the overall percentage
ic web hdr-none.example
expect_test web_appsecpriv_x_frame_options info bad
expect_test web_appsecpriv_x_content_type_options warning bad
expect_test web_appsecpriv_csp warning bad
expect_test web_appsecpriv_referrer_policy info recommendations
expect_json "$(msgids referrer_policy_recommendations)" no-policy
expect_json "$T4.content_security_policy_enabled" false
expect_json "$T4.x_frame_options_enabled" false
# §2.5: no required subtest; a warning is present → warning
expect_category web_appsecpriv warning
expect_max_points web_appsecpriv 0
expect_scoring_formula

# ---- Content-Security-Policy (§3.4.1) ----
ic web csp-minimal.example
expect_test web_appsecpriv_csp passed good
expect_json "$(msgids content_security_policy_errors)" ""
ic web csp-none.example
expect_test web_appsecpriv_csp warning bad
expect_json "$T4.content_security_policy_enabled" false
# scenario = the msgids it must produce (and nothing else)
for sm in unsafe-inline:has-unsafe-inline unsafe-eval:has-unsafe-eval \
          unsafe-hashes:has-unsafe-hashes http:has-http bare-https:has-bare-https \
          host-noscheme:has-host-without-scheme data:has-data invalid-host:has-invalid-host \
          no-default-src:missing-invalid-default-src \
          "no-frame-src:missing-invalid-default-src missing-invalid-frame-src" \
          no-frame-ancestors:missing-invalid-frame-ancestors \
          no-base-uri:missing-invalid-base-uri no-form-action:missing-invalid-form-action; do
	ic web "csp-${sm%%:*}.example"
	expect_test web_appsecpriv_csp warning bad
	expect_json "$(msgids content_security_policy_errors)" "${sm#*:}"
done

# ---- Referrer-Policy (§3.4; §8 item 41) ----
ic web ref-none.example
expect_test web_appsecpriv_referrer_policy info recommendations
expect_json "$(msgids referrer_policy_recommendations)" no-policy
expect_json "$T4.referrer_policy_enabled" false
for d in ref-no-referrer ref-same-origin; do
	ic web "$d.example"
	expect_test web_appsecpriv_referrer_policy passed good
	expect_json "$(msgids referrer_policy_errors)" ""
	expect_json "$(msgids referrer_policy_recommendations)" ""
done
ic web ref-strict-origin.example
expect_test web_appsecpriv_referrer_policy info recommendations
expect_json "$(msgids referrer_policy_recommendations)" recommendation-strict-origin
ic web ref-unsafe-url.example
expect_test web_appsecpriv_referrer_policy warning bad
expect_json "$(msgids referrer_policy_errors)" bad-unsafe-url
ic web ref-invalid.example
expect_test web_appsecpriv_referrer_policy warning bad
expect_json "$(msgids referrer_policy_errors)" bad-invalid

# ---- security.txt (§3.4.2; §8 item 43) ----
ic web sectxt-signed.example
expect_test web_appsecpriv_securitytxt passed good
expect_json "$(msgids securitytxt_errors)" ""
expect_json "$(msgids securitytxt_recommendations)" ""
# valid but unsigned: only the not_signed recommendation → info/recommendations
ic web sectxt-unsigned.example
expect_test web_appsecpriv_securitytxt info recommendations
expect_json "$(msgids securitytxt_errors)" ""
expect_json "$(msgids securitytxt_recommendations)" not_signed
ic web sectxt-expired.example
expect_test web_appsecpriv_securitytxt warning bad
expect_json "$(msgids securitytxt_errors)" expired
ic web sectxt-nocontact.example
expect_test web_appsecpriv_securitytxt warning bad
expect_json "$(msgids securitytxt_errors)" no_contact
# wrong media type: not parsed
ic web sectxt-html.example
expect_test web_appsecpriv_securitytxt warning bad
expect_json "$(msgids securitytxt_errors)" invalid_media
expect_json "$(msgids securitytxt_recommendations)" ""
ic web sectxt-charset.example
expect_test web_appsecpriv_securitytxt warning bad
has_msgid securitytxt_errors invalid_charset
# found only at /security.txt (its Canonical names that URL, the final one)
ic web sectxt-legacy.example
expect_test web_appsecpriv_securitytxt warning bad
expect_json "$(msgids securitytxt_errors)" location
expect_json "$T4.securitytxt_enabled" true
ic web sectxt-canon.example
expect_test web_appsecpriv_securitytxt warning bad
expect_json "$(msgids securitytxt_errors)" no_canonical_match
ic web sectxt-after-sig.example
expect_test web_appsecpriv_securitytxt warning bad
has_msgid securitytxt_errors data_after_sig
ic web sectxt-bom.example
expect_test web_appsecpriv_securitytxt warning bad
has_msgid securitytxt_errors bom_in_file
ic web sectxt-none.example
expect_test web_appsecpriv_securitytxt warning bad
expect_json "$(msgids securitytxt_errors)" no_security_txt_404
expect_json "$T4.securitytxt_enabled" false

# ---- no HTTPS response at all (TLS 1.0 only): all five stay not tested (§3.4, §3.13) ----
ic web https-tls10.example
expect_test web_appsecpriv_x_frame_options not_tested not-tested
expect_test web_appsecpriv_x_content_type_options not_tested not-tested
expect_test web_appsecpriv_csp not_tested not-tested
expect_test web_appsecpriv_referrer_policy not_tested not-tested
expect_test web_appsecpriv_securitytxt not_tested not-tested
expect_max_points web_appsecpriv 0

/*
 * catalog.c -- every category and subtest of the three tests, once (shared/DESIGN.md
 * "the catalog"). Names, levels and points from spec §3 (subtest tables) and
 * §4.1; the connection test's from §3.12. Subtests that internet.nl starts at INFO and promotes to FAIL only when
 * they produce a result ("was_tested", §2.2) carry INFO here; the evaluator
 * raises them with result_set_worst().
 */
#include "report/catalog.h"

#include "report/texts.h"

#include <string.h>

#define REQ STATUS_FAIL
#define REC STATUS_NOTICE
#define OPT STATUS_INFO

#define S(id, cat, key, api, title, worst, pts, verdicts) \
	[id] = { id, cat, key, api, title, worst, pts, verdicts, OVERRIDE_NONE }
/* RPKI rows: scored (worst FAIL) but never "mandatory" for the icon (§3.5 note *) */
#define SR(id, cat, key, api, title, pts, verdicts) \
	[id] = { id, cat, key, api, title, REQ, pts, verdicts, OVERRIDE_FALSE }

static const struct catalog_subtest subtests[SUB_COUNT] = {
	/* web_ipv6, §3.1 */
	S(SUB_WEB_IPV6_NS_ADDRESS, CAT_WEB_IPV6, "ns_aaaa", "web_ipv6_ns_address",
	  "IPv6 addresses for name servers", REQ, 0, "good bad other"),
	S(SUB_WEB_IPV6_NS_REACH, CAT_WEB_IPV6, "ns_reach", "web_ipv6_ns_reach",
	  "IPv6 reachability of name servers", REQ, 10, "good bad"),
	S(SUB_WEB_IPV6_WS_ADDRESS, CAT_WEB_IPV6, "web_aaaa", "web_ipv6_ws_address",
	  "IPv6 addresses for web server", REQ, 0, "good bad"),
	S(SUB_WEB_IPV6_WS_REACH, CAT_WEB_IPV6, "web_reach", "web_ipv6_ws_reach",
	  "IPv6 reachability of web server", REQ, 10, "good bad"),
	S(SUB_WEB_IPV6_WS_SIMILAR, CAT_WEB_IPV6, "web_ipv46", "web_ipv6_ws_similar",
	  "Same website on IPv6 and IPv4", REQ, 2, "good bad notice notice-status-code"),
	/* web_dnssec, §3.2 */
	S(SUB_WEB_DNSSEC_EXIST, CAT_WEB_DNSSEC, "dnssec_exists", "web_dnssec_exist",
	  "DNSSEC existence", REQ, 0, "good bad resolver-error servfail"),
	S(SUB_WEB_DNSSEC_VALID, CAT_WEB_DNSSEC, "dnssec_valid", "web_dnssec_valid",
	  "DNSSEC validity", REQ, 10, "good bad"),
	/* web_https, §3.3.8 */
	S(SUB_WEB_HTTPS_HTTP_AVAILABLE, CAT_WEB_HTTPS, "https_exists", "web_https_http_available",
	  "HTTPS available", REQ, 0, "good bad other"),
	S(SUB_WEB_HTTPS_HTTP_REDIRECT, CAT_WEB_HTTPS, "https_forced", "web_https_http_redirect",
	  "HTTPS redirect", REQ, 10, "good bad other no-https"),
	S(SUB_WEB_HTTPS_HTTP_HSTS, CAT_WEB_HTTPS, "https_hsts", "web_https_http_hsts",
	  "HSTS", REQ, 10, "good bad other"),
	S(SUB_WEB_HTTPS_HTTP_COMPRESS, CAT_WEB_HTTPS, "http_compression", "web_https_http_compress",
	  "HTTP compression", OPT, 0, "good bad"),
	S(SUB_WEB_HTTPS_TLS_KEYEXCHANGE, CAT_WEB_HTTPS, "fs_params", "web_https_tls_keyexchange",
	  "Key exchange parameters", REQ, 10, "good bad phase-out na could-not-test"),
	S(SUB_WEB_HTTPS_TLS_CIPHERS, CAT_WEB_HTTPS, "tls_ciphers", "web_https_tls_ciphers",
	  "Ciphers", REQ, 10, "good bad phase-out could-not-test"),
	S(SUB_WEB_HTTPS_TLS_CIPHERORDER, CAT_WEB_HTTPS, "tls_cipher_order", "web_https_tls_cipherorder",
	  "Cipher order", REQ, 10, "good bad na could-not-test"),
	S(SUB_WEB_HTTPS_TLS_VERSION, CAT_WEB_HTTPS, "tls_version", "web_https_tls_version",
	  "TLS version", REQ, 10, "good bad could-not-test"),
	S(SUB_WEB_HTTPS_TLS_COMPRESS, CAT_WEB_HTTPS, "tls_compression", "web_https_tls_compress",
	  "TLS compression", REQ, 10, "good bad"),
	S(SUB_WEB_HTTPS_TLS_SECRENEG, CAT_WEB_HTTPS, "renegotiation_secure", "web_https_tls_secreneg",
	  "Secure renegotiation", REQ, 10, "good bad"),
	S(SUB_WEB_HTTPS_TLS_CLIENTRENEG, CAT_WEB_HTTPS, "renegotiation_client", "web_https_tls_clientreneg",
	  "Client-initiated renegotiation", OPT, 0,
	  "not-allowed allowed-with-low-limit allowed-with-too-high-limit"),
	S(SUB_WEB_HTTPS_CERT_CHAIN, CAT_WEB_HTTPS, "cert_trust", "web_https_cert_chain",
	  "Trust chain of certificate", REQ, 10, "good bad could-not-test"),
	S(SUB_WEB_HTTPS_CERT_PUBKEY, CAT_WEB_HTTPS, "cert_pubkey", "web_https_cert_pubkey",
	  "Public key of certificate", REQ, 10, "good bad phase-out"),
	S(SUB_WEB_HTTPS_CERT_SIG, CAT_WEB_HTTPS, "cert_signature", "web_https_cert_sig",
	  "Signature of certificate", REQ, 10, "good bad phase-out"),
	S(SUB_WEB_HTTPS_CERT_DOMAIN, CAT_WEB_HTTPS, "cert_hostmatch", "web_https_cert_domain",
	  "Domain name on certificate", REQ, 10, "good bad"),
	S(SUB_WEB_HTTPS_TLS_CAA, CAT_WEB_HTTPS, "web_caa", "web_https_tls_caa",
	  "CAA for domain", REC, 0, "good bad syntax-error insufficient recommendations"),
	S(SUB_WEB_HTTPS_DANE_EXIST, CAT_WEB_HTTPS, "dane_exists", "web_https_dane_exist",
	  "DANE existence", OPT, 0, "good bad bogus"),
	S(SUB_WEB_HTTPS_DANE_VALID, CAT_WEB_HTTPS, "dane_valid", "web_https_dane_valid",
	  "DANE validity", REC, 0, "good bad"),
	S(SUB_WEB_HTTPS_TLS_0RTT, CAT_WEB_HTTPS, "zero_rtt", "web_https_tls_0rtt",
	  "0-RTT", REQ, 10, "good bad na"),
	S(SUB_WEB_HTTPS_TLS_OCSP, CAT_WEB_HTTPS, "ocsp_stapling", "web_https_tls_ocsp",
	  "OCSP stapling", REC, 0, "good bad ok not-in-cert"),
	/* "REQ once run" (§3.3.8): starts INFO, the evaluator promotes it to FAIL
	 * when the kex-hash probe produced a result (§2.2 was_tested) */
	S(SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, CAT_WEB_HTTPS, "kex_hash_func", "web_https_tls_keyexchangehash",
	  "Hash function for key exchange", OPT, 10, "good bad phase-out"),
	/* "REQ if TLS 1.2": starts INFO, promoted to FAIL when the server speaks
	 * TLS 1.2; without it na-no-tls-1-2 stays unscored (§3.3.8, §4.1 140/150) */
	S(SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, CAT_WEB_HTTPS, "extended_master_secret",
	  "web_https_tls_extendedmastersecret", "Extended Master Secret", OPT, 10, "good bad na-no-tls-1-2"),
	/* web_appsecpriv, §3.4 -- never scored */
	S(SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, CAT_WEB_APPSECPRIV, "http_x_frame",
	  "web_appsecpriv_x_frame_options", "X-Frame-Options", OPT, 0, "good bad"),
	S(SUB_WEB_APPSECPRIV_X_CONTENT_TYPE_OPTIONS, CAT_WEB_APPSECPRIV, "http_x_content_type",
	  "web_appsecpriv_x_content_type_options", "X-Content-Type-Options", REC, 0, "good bad"),
	S(SUB_WEB_APPSECPRIV_CSP, CAT_WEB_APPSECPRIV, "http_csp", "web_appsecpriv_csp",
	  "Content-Security-Policy", REC, 0, "good bad"),
	S(SUB_WEB_APPSECPRIV_REFERRER_POLICY, CAT_WEB_APPSECPRIV, "http_referrer_policy",
	  "web_appsecpriv_referrer_policy", "Referrer-Policy", REC, 0, "good bad recommendations"),
	S(SUB_WEB_APPSECPRIV_SECURITYTXT, CAT_WEB_APPSECPRIV, "http_securitytxt",
	  "web_appsecpriv_securitytxt", "security.txt", REC, 0, "good bad recommendations"),
	/* web_rpki, §3.5 -- scored but override_mandatory False */
	SR(SUB_WEB_RPKI_EXISTS, CAT_WEB_RPKI, "web_rpki_exists", "web_rpki_exists",
	  "Route Origin Authorisation existence", 5, "good bad no-addresses not-tested"),
	SR(SUB_WEB_RPKI_VALID, CAT_WEB_RPKI, "web_rpki_valid", "web_rpki_valid",
	  "Route announcement validity", 10, "good bad invalid not-routed not-tested"),
	SR(SUB_WEB_NS_RPKI_EXISTS, CAT_WEB_RPKI, "ns_rpki_exists", "web_ns_rpki_exists",
	  "Route Origin Authorisation existence (name servers)", 5, "good bad no-addresses not-tested"),
	SR(SUB_WEB_NS_RPKI_VALID, CAT_WEB_RPKI, "ns_rpki_valid", "web_ns_rpki_valid",
	  "Route announcement validity (name servers)", 10, "good bad invalid not-routed not-tested"),
	/* mail_ipv6, §3.7 */
	S(SUB_MAIL_IPV6_NS_ADDRESS, CAT_MAIL_IPV6, "ns_aaaa", "mail_ipv6_ns_address",
	  "IPv6 addresses for name servers", REQ, 0, "good bad other"),
	S(SUB_MAIL_IPV6_NS_REACH, CAT_MAIL_IPV6, "ns_reach", "mail_ipv6_ns_reach",
	  "IPv6 reachability of name servers", REQ, 10, "good bad"),
	/* "REQ once MX exist (else REC)" (§3.7): REC here, the evaluator sets FAIL
	 * when the domain has MX; mx_reach starts INFO and is promoted alike */
	S(SUB_MAIL_IPV6_MX_ADDRESS, CAT_MAIL_IPV6, "mx_aaaa", "mail_ipv6_mx_address",
	  "IPv6 addresses for mail servers", REC, 0,
	  "good bad other null-mx no-null-mx null-mx-with-other-mx null-mx-without-a-aaaa"),
	S(SUB_MAIL_IPV6_MX_REACH, CAT_MAIL_IPV6, "mx_reach", "mail_ipv6_mx_reach",
	  "IPv6 reachability of mail servers", OPT, 10, "good bad"),
	/* mail_dnssec, §3.8 */
	S(SUB_MAIL_DNSSEC_MAILTO_EXIST, CAT_MAIL_DNSSEC, "dnssec_exists", "mail_dnssec_mailto_exist",
	  "DNSSEC existence (email address domain)", REQ, 0, "good bad resolver-error servfail"),
	S(SUB_MAIL_DNSSEC_MAILTO_VALID, CAT_MAIL_DNSSEC, "dnssec_valid", "mail_dnssec_mailto_valid",
	  "DNSSEC validity (email address domain)", REQ, 10, "good bad"),
	/* "REQ once tested" (§3.8): INFO until MX were tested; MX scores live in
	 * the category's min-over-servers points, not here (§2.4) */
	S(SUB_MAIL_DNSSEC_MX_EXIST, CAT_MAIL_DNSSEC, "dnssec_mx_exists", "mail_dnssec_mx_exist",
	  "DNSSEC existence (mail server domains)", OPT, 0,
	  "good bad resolver-error no-mailservers null-mx no-null-mx null-mx-with-other-mx "
	  "null-mx-without-a-aaaa"),
	S(SUB_MAIL_DNSSEC_MX_VALID, CAT_MAIL_DNSSEC, "dnssec_mx_valid", "mail_dnssec_mx_valid",
	  "DNSSEC validity (mail server domains)", OPT, 0, "good bad"),
	/* mail_auth, §3.9 */
	S(SUB_MAIL_AUTH_DMARC_EXIST, CAT_MAIL_AUTH, "dmarc", "mail_auth_dmarc_exist",
	  "DMARC existence", REQ, 10, "good bad"),
	S(SUB_MAIL_AUTH_DMARC_POLICY, CAT_MAIL_AUTH, "dmarc_policy", "mail_auth_dmarc_policy",
	  "DMARC policy", REQ, 10, "good bad policy external"),
	S(SUB_MAIL_AUTH_DKIM_EXIST, CAT_MAIL_AUTH, "dkim", "mail_auth_dkim_exist",
	  "DKIM existence", REQ, 10, "good bad no-email"),
	S(SUB_MAIL_AUTH_SPF_EXIST, CAT_MAIL_AUTH, "spf", "mail_auth_spf_exist",
	  "SPF existence", REQ, 10, "good bad"),
	S(SUB_MAIL_AUTH_SPF_POLICY, CAT_MAIL_AUTH, "spf_policy", "mail_auth_spf_policy",
	  "SPF policy", REQ, 10, "good bad max-lookups all include redirect"),
	/* mail_starttls, §3.10 -- every subtest with points starts at INFO and is
	 * promoted to FAIL by the evaluator once an MX produced a result (§2.2
	 * was_tested): no MX / Null MX / nothing reachable leaves them unscored
	 * (§8 items 12, 13). The table's "REQ" column is the promoted level. */
	S(SUB_MAIL_STARTTLS_TLS_AVAILABLE, CAT_MAIL_STARTTLS, "starttls_exists", "mail_starttls_tls_available",
	  "STARTTLS available", OPT, 10,
	  "good bad other other-2 could-not-test null-mx no-null-mx null-mx-with-other-mx null-mx-without-a-aaaa"),
	S(SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, CAT_MAIL_STARTTLS, "fs_params", "mail_starttls_tls_keyexchange",
	  "Key exchange parameters", OPT, 10, "good bad phase-out na could-not-test"),
	S(SUB_MAIL_STARTTLS_TLS_CIPHERS, CAT_MAIL_STARTTLS, "tls_ciphers", "mail_starttls_tls_ciphers",
	  "Ciphers", OPT, 10, "good bad phase-out could-not-test"),
	S(SUB_MAIL_STARTTLS_TLS_CIPHERORDER, CAT_MAIL_STARTTLS, "tls_cipher_order", "mail_starttls_tls_cipherorder",
	  "Cipher order", OPT, 10, "good bad na could-not-test"),
	S(SUB_MAIL_STARTTLS_TLS_VERSION, CAT_MAIL_STARTTLS, "tls_version", "mail_starttls_tls_version",
	  "TLS version", OPT, 10, "good bad could-not-test"),
	S(SUB_MAIL_STARTTLS_TLS_COMPRESS, CAT_MAIL_STARTTLS, "tls_compression", "mail_starttls_tls_compress",
	  "TLS compression", OPT, 10, "good bad"),
	S(SUB_MAIL_STARTTLS_TLS_SECRENEG, CAT_MAIL_STARTTLS, "renegotiation_secure", "mail_starttls_tls_secreneg",
	  "Secure renegotiation", OPT, 10, "good bad"),
	S(SUB_MAIL_STARTTLS_TLS_CLIENTRENEG, CAT_MAIL_STARTTLS, "renegotiation_client",
	  "mail_starttls_tls_clientreneg", "Client-initiated renegotiation", OPT, 0,
	  "not-allowed allowed-with-low-limit allowed-with-too-high-limit"),
	S(SUB_MAIL_STARTTLS_CERT_CHAIN, CAT_MAIL_STARTTLS, "cert_trust", "mail_starttls_cert_chain",
	  "Trust chain of certificate", OPT, 0, "good bad could-not-test"),
	S(SUB_MAIL_STARTTLS_CERT_PUBKEY, CAT_MAIL_STARTTLS, "cert_pubkey", "mail_starttls_cert_pubkey",
	  "Public key of certificate", OPT, 10, "good bad phase-out"),
	S(SUB_MAIL_STARTTLS_CERT_SIG, CAT_MAIL_STARTTLS, "cert_signature", "mail_starttls_cert_sig",
	  "Signature of certificate", OPT, 10, "good bad phase-out"),
	S(SUB_MAIL_STARTTLS_CERT_DOMAIN, CAT_MAIL_STARTTLS, "cert_hostmatch", "mail_starttls_cert_domain",
	  "Domain name on certificate", OPT, 0, "good bad"),
	S(SUB_MAIL_STARTTLS_TLS_CAA, CAT_MAIL_STARTTLS, "mail_caa", "mail_starttls_tls_caa",
	  "CAA for mail server domain", REC, 0, "good bad syntax-error insufficient recommendations"),
	S(SUB_MAIL_STARTTLS_DANE_EXIST, CAT_MAIL_STARTTLS, "dane_exists", "mail_starttls_dane_exist",
	  "DANE existence", OPT, 10, "good bad bogus"),
	S(SUB_MAIL_STARTTLS_DANE_VALID, CAT_MAIL_STARTTLS, "dane_valid", "mail_starttls_dane_valid",
	  "DANE validity", OPT, 10, "good bad"),
	S(SUB_MAIL_STARTTLS_DANE_ROLLOVER, CAT_MAIL_STARTTLS, "dane_rollover", "mail_starttls_dane_rollover",
	  "DANE rollover scheme", OPT, 0, "good bad"),
	S(SUB_MAIL_STARTTLS_TLS_0RTT, CAT_MAIL_STARTTLS, "zero_rtt", "mail_starttls_tls_0rtt",
	  "0-RTT", OPT, 10, "good bad na"),
	S(SUB_MAIL_STARTTLS_TLS_KEYEXCHANGEHASH, CAT_MAIL_STARTTLS, "kex_hash_func",
	  "mail_starttls_tls_keyexchangehash", "Hash function for key exchange", OPT, 10, "good bad phase-out"),
	S(SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET, CAT_MAIL_STARTTLS, "extended_master_secret",
	  "mail_starttls_tls_extendedmastersecret", "Extended Master Secret", OPT, 10, "good bad na-no-tls-1-2"),
	/* mail_rpki, §3.11 */
	SR(SUB_MAIL_RPKI_EXISTS, CAT_MAIL_RPKI, "mail_rpki_exists", "mail_rpki_exists",
	  "Route Origin Authorisation existence (mail servers)", 5, "good bad no-addresses not-tested"),
	SR(SUB_MAIL_RPKI_VALID, CAT_MAIL_RPKI, "mail_rpki_valid", "mail_rpki_valid",
	  "Route announcement validity (mail servers)", 10, "good bad invalid not-routed not-tested"),
	SR(SUB_MAIL_NS_RPKI_EXISTS, CAT_MAIL_RPKI, "ns_rpki_exists", "mail_ns_rpki_exists",
	  "Route Origin Authorisation existence (name servers)", 5, "good bad no-addresses not-tested"),
	SR(SUB_MAIL_NS_RPKI_VALID, CAT_MAIL_RPKI, "ns_rpki_valid", "mail_ns_rpki_valid",
	  "Route announcement validity (name servers)", 10, "good bad invalid not-routed not-tested"),
	SR(SUB_MAIL_MX_NS_RPKI_EXISTS, CAT_MAIL_RPKI, "mail_mx_ns_rpki_exists", "mail_mx_ns_rpki_exists",
	  "Route Origin Authorisation existence (mail server name servers)", 5,
	  "good bad no-addresses not-tested"),
	SR(SUB_MAIL_MX_NS_RPKI_VALID, CAT_MAIL_RPKI, "mail_mx_ns_rpki_valid", "mail_mx_ns_rpki_valid",
	  "Route announcement validity (mail server name servers)", 10,
	  "good bad invalid not-routed not-tested"),
	/* conn_ipv6, §3.12: the points are the IPv6 score's 20 + 60 + 20 (max 100);
	 * privacy warns at most, ipv4_conn informs at most. No batch API: the names
	 * are ours, prefixed by the category. */
	S(SUB_CONN_IPV6_RESOLVER_CONN, CAT_CONN_IPV6, "resolver_conn", "conn_ipv6_resolver_conn",
	  "Resolver reaches IPv6-only name servers", REQ, 20, "good bad"),
	S(SUB_CONN_IPV6_DNS_CONN, CAT_CONN_IPV6, "dns_conn", "conn_ipv6_dns_conn",
	  "Name with only an IPv6 address", REQ, 60, "good bad"),
	S(SUB_CONN_IPV6_CONNECTION, CAT_CONN_IPV6, "connection", "conn_ipv6_connection",
	  "Connection to an IPv6 address", REQ, 20, "good bad"),
	S(SUB_CONN_IPV6_PRIVACY, CAT_CONN_IPV6, "privacy", "conn_ipv6_privacy",
	  "Privacy of your IPv6 address", REC, 0, "good bad"),
	S(SUB_CONN_IPV6_IPV4_CONN, CAT_CONN_IPV6, "ipv4_conn", "conn_ipv6_ipv4_conn",
	  "Connection over IPv4", OPT, 0, "good bad"),
	/* conn_dnssec, §3.12: the DNSSEC score is all or nothing */
	S(SUB_CONN_DNSSEC_VALIDATION, CAT_CONN_DNSSEC, "validation", "conn_dnssec_validation",
	  "DNSSEC validation by your resolver", REQ, 100, "good bad"),
	/* web_beyond (issue 22): ours, informational, REQ as mail_beyond */
	S(SUB_WEB_BEYOND_HTTPS_RR, CAT_WEB_BEYOND, "https_rr", "web_beyond_https_rr",
	  "HTTPS records (RFC 9460)", REQ, 0, "good none invalid hints-mismatch not-tested"),
	/* mail_beyond (issue 22): ours, informational; REQ only so that a failure shows as
	 * one (no points, never in the score) */
	S(SUB_MAIL_BEYOND_SPF_LOOKUPS, CAT_MAIL_BEYOND, "spf_lookups", "mail_beyond_spf_lookups",
	  "SPF lookups (RFC 7208)", REQ, 0, "good too-many-lookups too-many-void not-tested"),
	S(SUB_MAIL_BEYOND_TLS_RPT, CAT_MAIL_BEYOND, "tls_rpt", "mail_beyond_tls_rpt",
	  "TLS reporting (TLS-RPT)", REQ, 0, "good absent invalid not-tested"),
	S(SUB_MAIL_BEYOND_DKIM_KEYS, CAT_MAIL_BEYOND, "dkim_keys", "mail_beyond_dkim_keys",
	  "DKIM keys of the given selectors", REQ, 0,
	  "good revoked invalid unusable insufficient phase-out none no-selector not-tested"),
	S(SUB_MAIL_BEYOND_MTA_STS, CAT_MAIL_BEYOND, "mta_sts", "mail_beyond_mta_sts",
	  "MTA-STS (RFC 8461)", REQ, 0,
	  "good absent record-invalid policy-unavailable policy-invalid mode-none mx-not-covered "
	  "mx-cert-invalid mode-testing not-tested"),
};

static const struct catalog_category categories[CAT_COUNT] = {
	[CAT_WEB_IPV6] = { CAT_WEB_IPV6, TEST_WEB, "web_ipv6", "IPv6",
	                   SUB_WEB_IPV6_NS_ADDRESS, SUB_WEB_IPV6_WS_SIMILAR },
	[CAT_WEB_DNSSEC] = { CAT_WEB_DNSSEC, TEST_WEB, "web_dnssec", "DNSSEC",
	                     SUB_WEB_DNSSEC_EXIST, SUB_WEB_DNSSEC_VALID },
	[CAT_WEB_HTTPS] = { CAT_WEB_HTTPS, TEST_WEB, "web_https", "HTTPS",
	                    SUB_WEB_HTTPS_HTTP_AVAILABLE, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET },
	[CAT_WEB_APPSECPRIV] = { CAT_WEB_APPSECPRIV, TEST_WEB, "web_appsecpriv", "Security options",
	                         SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, SUB_WEB_APPSECPRIV_SECURITYTXT },
	[CAT_WEB_RPKI] = { CAT_WEB_RPKI, TEST_WEB, "web_rpki", "RPKI",
	                   SUB_WEB_RPKI_EXISTS, SUB_WEB_NS_RPKI_VALID },
	[CAT_MAIL_IPV6] = { CAT_MAIL_IPV6, TEST_MAIL, "mail_ipv6", "IPv6",
	                    SUB_MAIL_IPV6_NS_ADDRESS, SUB_MAIL_IPV6_MX_REACH },
	[CAT_MAIL_DNSSEC] = { CAT_MAIL_DNSSEC, TEST_MAIL, "mail_dnssec", "DNSSEC",
	                      SUB_MAIL_DNSSEC_MAILTO_EXIST, SUB_MAIL_DNSSEC_MX_VALID },
	[CAT_MAIL_AUTH] = { CAT_MAIL_AUTH, TEST_MAIL, "mail_auth", "DMARC, DKIM and SPF",
	                    SUB_MAIL_AUTH_DMARC_EXIST, SUB_MAIL_AUTH_SPF_POLICY },
	[CAT_MAIL_STARTTLS] = { CAT_MAIL_STARTTLS, TEST_MAIL, "mail_starttls", "STARTTLS and DANE",
	                        SUB_MAIL_STARTTLS_TLS_AVAILABLE, SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET },
	[CAT_MAIL_RPKI] = { CAT_MAIL_RPKI, TEST_MAIL, "mail_rpki", "RPKI",
	                    SUB_MAIL_RPKI_EXISTS, SUB_MAIL_MX_NS_RPKI_VALID },
	[CAT_CONN_IPV6] = { CAT_CONN_IPV6, TEST_CONN, "conn_ipv6", "IPv6",
	                    SUB_CONN_IPV6_RESOLVER_CONN, SUB_CONN_IPV6_IPV4_CONN },
	[CAT_CONN_DNSSEC] = { CAT_CONN_DNSSEC, TEST_CONN, "conn_dnssec", "DNSSEC",
	                      SUB_CONN_DNSSEC_VALIDATION, SUB_CONN_DNSSEC_VALIDATION },
	[CAT_WEB_BEYOND] = { CAT_WEB_BEYOND, TEST_WEB, "web_beyond", "Beyond internet.nl",
	                     SUB_WEB_BEYOND_HTTPS_RR, SUB_WEB_BEYOND_HTTPS_RR, true },
	[CAT_MAIL_BEYOND] = { CAT_MAIL_BEYOND, TEST_MAIL, "mail_beyond", "Beyond internet.nl",
	                      SUB_MAIL_BEYOND_SPF_LOOKUPS, SUB_MAIL_BEYOND_MTA_STS, true },
};

static const char *const test_names[] = {
	[TEST_WEB] = "web", [TEST_MAIL] = "mail", [TEST_CONN] = "connection",
};

const char *catalog_test_name(enum test_kind kind)
{
	return (unsigned)kind < sizeof(test_names) / sizeof(test_names[0]) ? test_names[kind] : "web";
}

int catalog_test_parse(const char *name, enum test_kind *out)
{
	for (size_t i = 0; name != NULL && i < sizeof(test_names) / sizeof(test_names[0]); i++)
		if (strcmp(test_names[i], name) == 0) {
			*out = (enum test_kind)i;
			return 0;
		}
	return -1;
}

bool catalog_in_batch_api(enum subtest_id id)
{
	return categories[subtests[id].category].test != TEST_CONN &&
	       !categories[subtests[id].category].beyond;
}

const struct catalog_subtest *catalog_subtest(enum subtest_id id)
{
	return &subtests[id];
}

const struct catalog_category *catalog_category(enum category_id id)
{
	return &categories[id];
}

size_t catalog_categories_of(enum test_kind kind, enum category_id out[5])
{
	size_t n = 0;
	for (int c = 0; c < CAT_COUNT && n < 5; c++)
		if (categories[c].test == kind && !categories[c].beyond)
			out[n++] = (enum category_id)c;
	return n;
}

size_t catalog_report_categories(enum test_kind kind, enum category_id out[CATALOG_REPORT_CATEGORIES_MAX])
{
	size_t n = catalog_categories_of(kind, out);
	for (int c = 0; c < CAT_COUNT && n < CATALOG_REPORT_CATEGORIES_MAX; c++)
		if (categories[c].test == kind && categories[c].beyond)
			out[n++] = (enum category_id)c;
	return n;
}

const struct catalog_subtest *catalog_find_subtest(const char *api_name)
{
	for (int i = 0; i < SUB_COUNT; i++)
		if (!strcmp(subtests[i].api_name, api_name))
			return &subtests[i];
	return NULL;
}

const struct catalog_category *catalog_find_category(const char *api_name)
{
	for (int i = 0; i < CAT_COUNT; i++)
		if (!strcmp(categories[i].api_name, api_name))
			return &categories[i];
	return NULL;
}

const char *status_api_name(enum status st)
{
	switch (st) {
	case STATUS_ERROR: return "error";
	case STATUS_FAIL: return "failed";
	case STATUS_NOTICE: return "warning";
	case STATUS_INFO: return "info";
	case STATUS_NOT_TESTED:
	case STATUS_GOOD_NOT_TESTED: return "not_tested";
	case STATUS_SUCCESS: return "passed";
	}
	return "error";
}

/*
 * Fix advice, per (subtest, verdict): one plain-language line each. Verdicts
 * that need no action (good, na, not-allowed, no-addresses, not-routed, the
 * not_tested dependency tokens) have no entry, so catalog_advice() returns NULL.
 * Every text is a message id (texts.h, po/); a text shared by several entries is
 * written out in each, and translated once.
 */
static const struct {
	enum subtest_id id;
	const char *verdict;
	const char *text;   /* what to do, one sentence (a message id, texts.h) */
	const char *how;    /* the server settings that do it, "Server: 'setting'; ..."; or NULL */
} advice[] = {
	/* web_ipv6, §3.1 */
	{ SUB_WEB_IPV6_NS_ADDRESS, "bad", N_("Give at least two of your name servers an IPv6 address (AAAA record) that answers DNS queries."), NULL },
	{ SUB_WEB_IPV6_NS_ADDRESS, "other", N_("Only one name server has IPv6: give a second name server an AAAA record too."), NULL },
	{ SUB_WEB_IPV6_NS_REACH, "bad", N_("A name server's IPv6 address does not answer DNS queries: fix its IPv6 connectivity or firewall (UDP and TCP port 53)."), NULL },
	{ SUB_WEB_IPV6_WS_ADDRESS, "bad", N_("Publish an AAAA record for the web server and serve the site over IPv6."), NULL },
	{ SUB_WEB_IPV6_WS_REACH, "bad", N_("The web server's IPv6 address does not accept connections on port 80 or 443: fix IPv6 routing, firewall or the listen directive (e.g. nginx 'listen [::]:443')."), NULL },
	{ SUB_WEB_IPV6_WS_SIMILAR, "bad", N_("The site could not be compared over IPv4 and IPv6: make it answer on the same ports with the same status over both."), NULL },
	{ SUB_WEB_IPV6_WS_SIMILAR, "notice", N_("The site serves different content over IPv6 than over IPv4: serve the same site on both."), NULL },
	{ SUB_WEB_IPV6_WS_SIMILAR, "notice-status-code", N_("The site answers with an error status over IPv6 and IPv4: serve a 2xx or 3xx page on /."), NULL },
	/* web_dnssec, §3.2 */
	{ SUB_WEB_DNSSEC_EXIST, "bad", N_("Sign your zone with DNSSEC and publish its DS record at your registrar."), NULL },
	{ SUB_WEB_DNSSEC_EXIST, "resolver-error", N_("The domain's DNS did not answer reliably (SERVFAIL, NXDOMAIN or timeout): check your name servers and the delegation."), NULL },
	{ SUB_WEB_DNSSEC_EXIST, "servfail", N_("The domain's DNS did not answer reliably (SERVFAIL, NXDOMAIN or timeout): check your name servers and the delegation."), NULL },
	{ SUB_WEB_DNSSEC_VALID, "bad", N_("DNSSEC validation fails (bogus): re-sign the zone (expired signatures?) or fix the DS record at your registrar."), NULL },
	/* web_https, §3.3.8 */
	{ SUB_WEB_HTTPS_HTTP_AVAILABLE, "bad", N_("The name has no A or AAAA record: publish one and serve the site over HTTPS."), NULL },
	{ SUB_WEB_HTTPS_HTTP_AVAILABLE, "other", N_("The web server does not complete a TLS handshake on port 443 (on this address): enable HTTPS with a certificate and TLS 1.2/1.3."),
	  N_("nginx: 'listen 443 ssl;' with ssl_certificate; Apache: 'Listen 443' and 'SSLEngine on' with SSLCertificateFile.") },
	{ SUB_WEB_HTTPS_HTTP_REDIRECT, "bad", N_("Redirect http:// to https:// on the same host as the very first hop (not to www. or another name first)."),
	  N_("nginx (port 80 server): 'return 301 https://$host$request_uri;'; Apache (port 80 vhost): 'Redirect permanent / https://<this host>/'.") },
	{ SUB_WEB_HTTPS_HTTP_REDIRECT, "no-https", N_("The HTTPS page could not be fetched with TLS 1.2 or newer: enable TLS 1.2/1.3 so the redirect and headers can be checked."),
	  N_("nginx: 'ssl_protocols TLSv1.2 TLSv1.3;'; Apache: 'SSLProtocol -all +TLSv1.2 +TLSv1.3'.") },
	{ SUB_WEB_HTTPS_HTTP_HSTS, "bad", N_("Send Strict-Transport-Security with a max-age of at least one year on the first HTTPS response (also on a redirect)."),
	  N_("nginx: 'add_header Strict-Transport-Security \"max-age=31536000\" always;'; Apache: 'Header always set Strict-Transport-Security \"max-age=31536000\"'.") },
	{ SUB_WEB_HTTPS_HTTP_HSTS, "other", N_("The HSTS max-age is shorter than one year: raise it to at least 31536000 seconds."),
	  N_("nginx: 'add_header Strict-Transport-Security \"max-age=31536000\" always;'; Apache: 'Header always set Strict-Transport-Security \"max-age=31536000\"'.") },
	{ SUB_WEB_HTTPS_HTTP_COMPRESS, "bad", N_("Optional: HTTP compression is on; disable it on pages with secrets (BREACH) or mitigate otherwise."),
	  N_("nginx: 'gzip off;' (and brotli off); Apache: 'SetEnv no-gzip 1' or disable mod_deflate for those pages.") },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGE, "bad", N_("Disable insufficient key exchange: finite-field DH other than ffdhe3072 or larger (ffdhe2048 and custom groups fail) and curves other than X25519, X448, secp256r1/384r1/521r1 or brainpool."), NULL },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGE, "phase-out", N_("Phase out finite-field DHE (and secp224r1): prefer ECDHE with X25519, secp256r1 or secp384r1."), NULL },
	{ SUB_WEB_HTTPS_TLS_CIPHERS, "bad", N_("Disable insufficient cipher suites: every CBC-SHA1 suite, static RSA (TLS_RSA_WITH_*), 3DES, RC4, NULL, EXPORT and CCM_8; keep ECDHE with AES-GCM or CHACHA20-POLY1305."), NULL },
	{ SUB_WEB_HTTPS_TLS_CIPHERS, "phase-out", N_("Phase out CBC-SHA256/384, CAMELLIA, ARIA and DHE suites; prefer ECDHE with AES-GCM or CHACHA20-POLY1305."), NULL },
	{ SUB_WEB_HTTPS_TLS_CIPHERORDER, "bad", N_("Enforce the server's cipher preference (nginx 'ssl_prefer_server_ciphers on', Postfix 'tls_preempt_cipherlist = yes') and list sufficient suites before phase-out ones."), NULL },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGE, "could-not-test", N_("The server left some probes unanswered, even when asked again (time-outs, resets): test again; if it persists, check connection limits, rate limiting or a firewall in front of it."), NULL },
	{ SUB_WEB_HTTPS_TLS_CIPHERS, "could-not-test", N_("The server left some probes unanswered, even when asked again (time-outs, resets): test again; if it persists, check connection limits, rate limiting or a firewall in front of it."), NULL },
	{ SUB_WEB_HTTPS_TLS_CIPHERORDER, "could-not-test", N_("The server left some probes unanswered, even when asked again (time-outs, resets): test again; if it persists, check connection limits, rate limiting or a firewall in front of it."), NULL },
	{ SUB_WEB_HTTPS_TLS_VERSION, "could-not-test", N_("The server left some probes unanswered, even when asked again (time-outs, resets): test again; if it persists, check connection limits, rate limiting or a firewall in front of it."), NULL },
	{ SUB_WEB_HTTPS_TLS_VERSION, "bad", N_("Disable SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1; offer only TLS 1.3 and TLS 1.2."), NULL },
	{ SUB_WEB_HTTPS_TLS_COMPRESS, "bad", N_("Disable TLS-level compression (CRIME attack); current TLS libraries do so by default."), NULL },
	{ SUB_WEB_HTTPS_TLS_SECRENEG, "bad", N_("Enable secure renegotiation (RFC 5746): update the TLS library or server software."), NULL },
	{ SUB_WEB_HTTPS_TLS_CLIENTRENEG, "allowed-with-low-limit", N_("Disable client-initiated renegotiation (a denial-of-service risk)."), NULL },
	{ SUB_WEB_HTTPS_TLS_CLIENTRENEG, "allowed-with-too-high-limit", N_("Disable client-initiated renegotiation (a denial-of-service risk)."), NULL },
	{ SUB_WEB_HTTPS_CERT_CHAIN, "bad", N_("The certificate chain does not verify against public roots: use a certificate from a public CA, serve the intermediates, and renew it before it expires."), NULL },
	{ SUB_WEB_HTTPS_CERT_PUBKEY, "bad", N_("Reissue the certificate with a stronger key: RSA of at least 2048 (better 3072) bits or ECDSA on P-256/P-384; DSA and small RSA keys fail."), NULL },
	{ SUB_WEB_HTTPS_CERT_PUBKEY, "phase-out", N_("Plan to move to RSA of 3072 bits or more, or ECDSA P-256/P-384 (RSA 2048 is phase-out)."), NULL },
	{ SUB_WEB_HTTPS_CERT_SIG, "bad", N_("Reissue the certificate (and intermediates) signed with SHA-256 or stronger; SHA-1, MD5 and RSASSA-PSS signatures fail."), NULL },
	{ SUB_WEB_HTTPS_CERT_SIG, "phase-out", N_("Reissue the certificate signed with SHA-256 or stronger (SHA-224 is phase-out)."), NULL },
	{ SUB_WEB_HTTPS_CERT_DOMAIN, "bad", N_("The certificate does not cover this host name (subjectAltName): reissue it including the name."), NULL },
	{ SUB_WEB_HTTPS_TLS_CAA, "bad", N_("Publish a CAA record naming the certificate authorities allowed to issue for this name, e.g. CAA 0 issue \"letsencrypt.org\"."), NULL },
	{ SUB_WEB_HTTPS_TLS_CAA, "syntax-error", N_("A CAA record has a syntax error: correct it (see the details)."), NULL },
	{ SUB_WEB_HTTPS_TLS_CAA, "insufficient", N_("The CAA records contain no 'issue' property: add at least one."), NULL },
	{ SUB_WEB_HTTPS_TLS_CAA, "recommendations", N_("Optional: follow the CAA recommendations in the details."), NULL },
	{ SUB_WEB_HTTPS_DANE_EXIST, "bad", N_("Optional: publish a TLSA record for _443._tcp.<host> in a DNSSEC-signed zone."), NULL },
	{ SUB_WEB_HTTPS_DANE_EXIST, "bogus", N_("The TLSA record fails DNSSEC validation: fix the signatures of its zone."), NULL },
	{ SUB_WEB_HTTPS_DANE_VALID, "bad", N_("No TLSA record matches the certificate the server sends: update the TLSA record (publish the new one before changing keys)."), NULL },
	{ SUB_WEB_HTTPS_TLS_0RTT, "bad", N_("Disable TLS 1.3 0-RTT early data."),
	  N_("nginx: 'ssl_early_data off;'; Apache (mod_ssl) does not offer it: check a proxy or CDN in front.") },
	{ SUB_WEB_HTTPS_TLS_OCSP, "bad", N_("The stapled OCSP response is not valid: fix OCSP stapling or turn it off."), NULL },
	{ SUB_WEB_HTTPS_TLS_OCSP, "ok", N_("Optional: enable OCSP stapling (nginx 'ssl_stapling on')."), NULL },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, "bad", N_("Stop accepting SHA-1 for the key-exchange signature (signature_algorithms): allow only SHA-256 or stronger."), NULL },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, "phase-out", N_("Optional: stop accepting SHA-224 for the key-exchange signature (signature_algorithms)."), NULL },
	{ SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, "bad", N_("Enable the Extended Master Secret extension (RFC 7627) for TLS 1.2: update the TLS library or server software."), NULL },
	/* web_appsecpriv, §3.4 */
	{ SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, "bad", N_("Optional: send 'X-Frame-Options: DENY' (or SAMEORIGIN) on the HTTPS page."),
	  N_("nginx: 'add_header X-Frame-Options \"DENY\" always;'; Apache: 'Header always set X-Frame-Options \"DENY\"'.") },
	{ SUB_WEB_APPSECPRIV_X_CONTENT_TYPE_OPTIONS, "bad", N_("Send 'X-Content-Type-Options: nosniff' on the HTTPS page."),
	  N_("nginx: 'add_header X-Content-Type-Options \"nosniff\" always;'; Apache: 'Header always set X-Content-Type-Options \"nosniff\"'.") },
	{ SUB_WEB_APPSECPRIV_CSP, "bad", N_("Send a Content-Security-Policy with default-src, frame-ancestors, base-uri and form-action 'self' or stricter, no unsafe-inline/unsafe-eval (see the details)."),
	  N_("nginx: 'add_header Content-Security-Policy \"default-src \'self\'; frame-ancestors \'self\'; base-uri \'self\'; form-action \'self\'\" always;'; Apache: 'Header always set Content-Security-Policy \"<same value>\"'.") },
	{ SUB_WEB_APPSECPRIV_REFERRER_POLICY, "bad", N_("Send 'Referrer-Policy: no-referrer' or 'same-origin' (the last value counts)."),
	  N_("nginx: 'add_header Referrer-Policy \"no-referrer\" always;'; Apache: 'Header always set Referrer-Policy \"no-referrer\"'.") },
	{ SUB_WEB_APPSECPRIV_REFERRER_POLICY, "recommendations", N_("Consider 'Referrer-Policy: no-referrer' or 'same-origin'."),
	  N_("nginx: 'add_header Referrer-Policy \"same-origin\" always;'; Apache: 'Header always set Referrer-Policy \"same-origin\"'.") },
	{ SUB_WEB_APPSECPRIV_SECURITYTXT, "bad", N_("Publish https://<host>/.well-known/security.txt with Contact: and Expires: fields (RFC 9116); see the details for errors."), NULL },
	{ SUB_WEB_APPSECPRIV_SECURITYTXT, "recommendations", N_("Optional: follow the security.txt recommendations in the details."), NULL },
	/* web_beyond (issue 22) */
	{ SUB_WEB_BEYOND_HTTPS_RR, "invalid", N_("Correct or remove the HTTPS record that does not parse or is not self-consistent (RFC 9460): every key in mandatory= must be present, and no-default-alpn needs alpn=; the details say which record."), NULL },
	{ SUB_WEB_BEYOND_HTTPS_RR, "hints-mismatch", N_("Make the ipv4hint and ipv6hint addresses of the HTTPS record the same as the A and AAAA records of its target, or remove the hints (RFC 9460 section 7.3)."), NULL },
	/* web_rpki, §3.5 */
	{ SUB_WEB_RPKI_EXISTS, "bad", N_("Some addresses are not covered by a Route Origin Authorisation: ask the holder of the prefix (your hosting or network provider) to publish ROAs."), NULL },
	{ SUB_WEB_RPKI_EXISTS, "not-tested", N_("The relying party (--rpki-vrps FILE or --rpki-validator URL) or the BGP route source (--bgp-whois) was missing or unavailable, see the warning: fix that and test again."), NULL },
	{ SUB_WEB_RPKI_VALID, "bad", N_("A route has no matching ROA (not-found): ask the prefix holder to publish a ROA for the announcing AS and prefix length."), NULL },
	{ SUB_WEB_RPKI_VALID, "invalid", N_("A route is RPKI-invalid (wrong origin AS or too specific a prefix): fix the ROA or the BGP announcement; validating networks drop this route."), NULL },
	{ SUB_WEB_RPKI_VALID, "not-tested", N_("The relying party (--rpki-vrps FILE or --rpki-validator URL) or the BGP route source (--bgp-whois) was missing or unavailable, see the warning: fix that and test again."), NULL },
	{ SUB_WEB_NS_RPKI_EXISTS, "bad", N_("Some addresses are not covered by a Route Origin Authorisation: ask the holder of the prefix (your hosting or network provider) to publish ROAs."), NULL },
	{ SUB_WEB_NS_RPKI_EXISTS, "not-tested", N_("The relying party (--rpki-vrps FILE or --rpki-validator URL) or the BGP route source (--bgp-whois) was missing or unavailable, see the warning: fix that and test again."), NULL },
	{ SUB_WEB_NS_RPKI_VALID, "bad", N_("A route has no matching ROA (not-found): ask the prefix holder to publish a ROA for the announcing AS and prefix length."), NULL },
	{ SUB_WEB_NS_RPKI_VALID, "invalid", N_("A route is RPKI-invalid (wrong origin AS or too specific a prefix): fix the ROA or the BGP announcement; validating networks drop this route."), NULL },
	{ SUB_WEB_NS_RPKI_VALID, "not-tested", N_("The relying party (--rpki-vrps FILE or --rpki-validator URL) or the BGP route source (--bgp-whois) was missing or unavailable, see the warning: fix that and test again."), NULL },
	/* mail_ipv6, §3.7 (Null MX states §3.6) */
	{ SUB_MAIL_IPV6_NS_ADDRESS, "bad", N_("Give at least two of your name servers an IPv6 address (AAAA record) that answers DNS queries."), NULL },
	{ SUB_MAIL_IPV6_NS_ADDRESS, "other", N_("Only one name server has IPv6: give a second name server an AAAA record too."), NULL },
	{ SUB_MAIL_IPV6_NS_REACH, "bad", N_("A name server's IPv6 address does not answer DNS queries: fix its IPv6 connectivity or firewall (UDP and TCP port 53)."), NULL },
	{ SUB_MAIL_IPV6_MX_ADDRESS, "bad", N_("Give every mail server (MX) an IPv6 address (AAAA record) and let it receive mail over IPv6."), NULL },
	{ SUB_MAIL_IPV6_MX_ADDRESS, "no-null-mx", N_("This domain receives no mail: publish a Null MX record ('MX 0 .') to say so."), NULL },
	{ SUB_MAIL_IPV6_MX_ADDRESS, "null-mx-with-other-mx", N_("A Null MX must be the only MX record: remove the other MX records or the Null MX."), NULL },
	{ SUB_MAIL_IPV6_MX_ADDRESS, "null-mx-without-a-aaaa", N_("A Null MX is only needed for a name with an A or AAAA record; it does no harm here."), NULL },
	{ SUB_MAIL_IPV6_MX_REACH, "bad", N_("A mail server's IPv6 address does not accept connections on port 25: fix IPv6 routing, firewall or the MTA's listen addresses (Postfix inet_protocols = all)."), NULL },
	/* mail_dnssec, §3.8 */
	{ SUB_MAIL_DNSSEC_MAILTO_EXIST, "bad", N_("Sign your zone with DNSSEC and publish its DS record at your registrar."), NULL },
	{ SUB_MAIL_DNSSEC_MAILTO_EXIST, "resolver-error", N_("The domain's DNS did not answer reliably (SERVFAIL, NXDOMAIN or timeout): check your name servers and the delegation."), NULL },
	{ SUB_MAIL_DNSSEC_MAILTO_EXIST, "servfail", N_("The domain's DNS did not answer reliably (SERVFAIL, NXDOMAIN or timeout): check your name servers and the delegation."), NULL },
	{ SUB_MAIL_DNSSEC_MAILTO_VALID, "bad", N_("DNSSEC validation fails (bogus): re-sign the zone (expired signatures?) or fix the DS record at your registrar."), NULL },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "bad", N_("Sign the zones of your mail server names with DNSSEC (ask your mail provider)."), NULL },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "resolver-error", N_("A mail server name did not resolve reliably: check the MX names and their name servers."), NULL },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "no-null-mx", N_("This domain receives no mail: publish a Null MX record ('MX 0 .') to say so."), NULL },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "null-mx-with-other-mx", N_("A Null MX must be the only MX record: remove the other MX records or the Null MX."), NULL },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "null-mx-without-a-aaaa", N_("A Null MX is only needed for a name with an A or AAAA record; it does no harm here."), NULL },
	{ SUB_MAIL_DNSSEC_MX_VALID, "bad", N_("DNSSEC validation fails for a mail server name: its zone must be re-signed or its DS fixed."), NULL },
	/* mail_auth, §3.9 */
	{ SUB_MAIL_AUTH_DMARC_EXIST, "bad", N_("Publish exactly one DMARC record, e.g. _dmarc TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@<your domain>\"."), NULL },
	{ SUB_MAIL_AUTH_DMARC_POLICY, "bad", N_("The DMARC record has a syntax error: start with 'v=DMARC1;', put p= first, use only known tags, each once."), NULL },
	{ SUB_MAIL_AUTH_DMARC_POLICY, "policy", N_("Use p=quarantine or p=reject (and sp= for subdomains); p=none does not protect, and t=y weakens quarantine."), NULL },
	{ SUB_MAIL_AUTH_DMARC_POLICY, "external", N_("A report address at another domain must authorise you: it publishes TXT \"v=DMARC1;\" at <your domain>._report._dmarc.<its domain>."), NULL },
	{ SUB_MAIL_AUTH_DKIM_EXIST, "bad", N_("Sign outgoing mail with DKIM and publish the key at <selector>._domainkey.<your domain>; a domain that sends no mail can publish 'v=spf1 -all' and 'v=DMARC1; p=reject;' instead."), NULL },
	{ SUB_MAIL_AUTH_SPF_EXIST, "bad", N_("Publish exactly one SPF record, e.g. TXT \"v=spf1 mx -all\" (\"v=spf1 -all\" if the domain sends no mail)."), NULL },
	{ SUB_MAIL_AUTH_SPF_POLICY, "bad", N_("The SPF record has a syntax error: check every mechanism and modifier against RFC 7208."), NULL },
	{ SUB_MAIL_AUTH_SPF_POLICY, "max-lookups", N_("The SPF record needs more than 10 DNS lookups: remove unused includes or replace them by ip4:/ip6: ranges."), NULL },
	/* mail_beyond (issue 22) */
	{ SUB_MAIL_BEYOND_SPF_LOOKUPS, "too-many-lookups", N_("Bring the SPF record to at most 10 DNS lookups: the table shows which include costs how many; replace the largest by ip4:/ip6: ranges or drop includes you no longer send through."), NULL },
	{ SUB_MAIL_BEYOND_TLS_RPT, "absent", N_("Publish a TLS-RPT record (_smtp._tls TXT \"v=TLSRPTv1; rua=mailto:...\") to receive reports of failed TLS connections to your mail servers."), NULL },
	{ SUB_MAIL_BEYOND_TLS_RPT, "invalid", N_("Fix the TLS-RPT record: exactly one TXT record at _smtp._tls starting with v=TLSRPTv1, with rua= naming mailto: or https: addresses."), NULL },
	{ SUB_MAIL_BEYOND_DKIM_KEYS, "insufficient", N_("Replace the DKIM key by an RSA key of at least 2048 bits or an Ed25519 key, publish it under a new selector and sign with it."), NULL },
	{ SUB_MAIL_BEYOND_DKIM_KEYS, "phase-out", N_("Move to an RSA key of 2048 bits or more (or Ed25519) under a new selector; 1024-bit RSA is being phased out."), NULL },
	{ SUB_MAIL_BEYOND_DKIM_KEYS, "invalid", N_("Fix the DKIM key record: tag=value pairs separated by ';', v=DKIM1 first if present, and p= the base64 public key."), NULL },
	{ SUB_MAIL_BEYOND_DKIM_KEYS, "unusable", N_("The DKIM key record names a key type, service or hash receivers do not use: use k=rsa or k=ed25519, no s= restriction other than email, and allow sha256."), NULL },
	{ SUB_MAIL_BEYOND_DKIM_KEYS, "none", N_("None of the given selectors has a DKIM key record: check the selector names your mail servers sign with."), NULL },
	{ SUB_MAIL_BEYOND_MTA_STS, "absent", N_("Publish an MTA-STS policy (RFC 8461): a TXT record _mta-sts \"v=STSv1; id=...\" and the file https://mta-sts.<domain>/.well-known/mta-sts.txt listing your MX names; start in mode testing, then enforce."), NULL },
	{ SUB_MAIL_BEYOND_MTA_STS, "record-invalid", N_("Publish exactly one TXT record at _mta-sts of the form \"v=STSv1; id=<1 to 32 letters or digits>\"; change the id whenever the policy changes."), NULL },
	{ SUB_MAIL_BEYOND_MTA_STS, "policy-unavailable", N_("Serve the policy at https://mta-sts.<domain>/.well-known/mta-sts.txt directly (no redirect) with status 200, Content-Type text/plain and a certificate valid for mta-sts.<domain>."), NULL },
	{ SUB_MAIL_BEYOND_MTA_STS, "policy-invalid", N_("Fix the policy file: lines key: value, version: STSv1 first, mode: enforce, testing or none, one mx: line per mail server name (or *.domain), max_age in seconds; the details name the line."), NULL },
	{ SUB_MAIL_BEYOND_MTA_STS, "mx-not-covered", N_("Add an mx: line for every MX host of your domain to the MTA-STS policy (and change the id of the _mta-sts record), or senders applying it will not deliver to the missing ones."), NULL },
	{ SUB_MAIL_BEYOND_MTA_STS, "mx-cert-invalid", N_("Give each mail server in the MTA-STS policy a certificate from a trusted CA that is valid for its MX name, or senders applying the policy will not deliver to it."), NULL },
	{ SUB_MAIL_BEYOND_MTA_STS, "mode-testing", N_("When the TLS reports show no failures, switch the MTA-STS policy to mode: enforce and change the id of the _mta-sts record."), NULL },
	{ SUB_MAIL_BEYOND_SPF_LOOKUPS, "too-many-void", N_("Remove the includes or redirect that name domains without an SPF record or that do not exist: more than two such lookups make receivers stop with an error."), NULL },
	{ SUB_MAIL_AUTH_SPF_POLICY, "all", N_("End the SPF record with -all or ~all (not +all, ?all, or nothing without a redirect=)."), NULL },
	{ SUB_MAIL_AUTH_SPF_POLICY, "include", N_("An include: names a domain without a valid SPF record (or with a bad 'all'): fix or remove it."), NULL },
	{ SUB_MAIL_AUTH_SPF_POLICY, "redirect", N_("The redirect= target has no valid SPF record (or a bad 'all'): fix it or remove the redirect."), NULL },
	/* mail_starttls, §3.10: the text says what, `how` the Postfix (main.cf) and Exim
	 * (main configuration) settings that do it */
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "bad", N_("Offer STARTTLS on every mail server (port 25), with a certificate."),
	  N_("Postfix: 'smtpd_tls_security_level = may' and 'smtpd_tls_chain_files = key.pem, fullchain.pem'; Exim: 'tls_advertise_hosts = *' with tls_certificate and tls_privatekey.") },
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "other", N_("A mail server did not answer on port 25, has no address, or did not offer STARTTLS (after EHLO): make it reachable and enable STARTTLS."),
	  N_("Postfix: 'smtpd_tls_security_level = may' and 'smtpd_tls_chain_files = key.pem, fullchain.pem'; Exim: 'tls_advertise_hosts = *' with tls_certificate and tls_privatekey.") },
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "could-not-test", N_("A mail server could not be tested within the time limit: test again later (or raise --timeout)."), NULL },
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "no-null-mx", N_("This domain receives no mail: publish a Null MX record ('MX 0 .') to say so."), NULL },
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "null-mx-with-other-mx", N_("A Null MX must be the only MX record: remove the other MX records or the Null MX."), NULL },
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "null-mx-without-a-aaaa", N_("A Null MX is only needed for a name with an A or AAAA record; it does no harm here."), NULL },
	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, "bad", N_("Disable insufficient key exchange: finite-field DH other than ffdhe3072 or larger (ffdhe2048 and custom groups fail) and curves other than X25519, X448, secp256r1/384r1/521r1 or brainpool."),
	  N_("Postfix: 'tls_eecdh_auto_curves = X25519 prime256v1 secp384r1' and a 3072-bit+ ffdhe file in smtpd_tls_dh1024_param_file (or no DHE suites); Exim: 'tls_dhparam = ffdhe3072' and 'tls_eccurve = auto'.") },
	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, "phase-out", N_("Phase out finite-field DHE (and secp224r1): prefer ECDHE with X25519, secp256r1 or secp384r1."),
	  N_("Postfix: leave DHE out of tls_high_cipherlist (e.g. 'ECDHE+AESGCM:ECDHE+CHACHA20'); Exim: 'tls_require_ciphers = ECDHE+AESGCM:ECDHE+CHACHA20' (OpenSSL builds).") },
	{ SUB_MAIL_STARTTLS_TLS_CIPHERS, "bad", N_("Disable insufficient cipher suites: every CBC-SHA1 suite, static RSA (TLS_RSA_WITH_*), 3DES, RC4, NULL, EXPORT and CCM_8; keep ECDHE with AES-GCM or CHACHA20-POLY1305."),
	  N_("Postfix: 'smtpd_tls_ciphers = high', 'smtpd_tls_mandatory_ciphers = high', 'tls_high_cipherlist = ECDHE+AESGCM:ECDHE+CHACHA20'; Exim: 'tls_require_ciphers = ECDHE+AESGCM:ECDHE+CHACHA20' (GnuTLS builds: a priority string without CBC).") },
	{ SUB_MAIL_STARTTLS_TLS_CIPHERS, "phase-out", N_("Phase out CBC-SHA256/384, CAMELLIA, ARIA and DHE suites; prefer ECDHE with AES-GCM or CHACHA20-POLY1305."),
	  N_("Postfix: 'tls_high_cipherlist = ECDHE+AESGCM:ECDHE+CHACHA20' with 'smtpd_tls_ciphers = high'; Exim: 'tls_require_ciphers = ECDHE+AESGCM:ECDHE+CHACHA20'.") },
	{ SUB_MAIL_STARTTLS_TLS_CIPHERORDER, "bad", N_("Enforce the server's cipher preference and list sufficient suites before phase-out ones."),
	  N_("Postfix: 'tls_preempt_cipherlist = yes'; Exim (OpenSSL): 'openssl_options = +cipher_server_preference'.") },
	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, "could-not-test", N_("The server left some probes unanswered, even when asked again (time-outs, resets): test again; if it persists, check connection limits, rate limiting or a firewall in front of it."), NULL },
	{ SUB_MAIL_STARTTLS_TLS_CIPHERS, "could-not-test", N_("The server left some probes unanswered, even when asked again (time-outs, resets): test again; if it persists, check connection limits, rate limiting or a firewall in front of it."), NULL },
	{ SUB_MAIL_STARTTLS_TLS_CIPHERORDER, "could-not-test", N_("The server left some probes unanswered, even when asked again (time-outs, resets): test again; if it persists, check connection limits, rate limiting or a firewall in front of it."), NULL },
	{ SUB_MAIL_STARTTLS_TLS_VERSION, "could-not-test", N_("The server left some probes unanswered, even when asked again (time-outs, resets): test again; if it persists, check connection limits, rate limiting or a firewall in front of it."), NULL },
	{ SUB_MAIL_STARTTLS_TLS_VERSION, "bad", N_("Disable SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1; offer only TLS 1.3 and TLS 1.2."),
	  N_("Postfix: 'smtpd_tls_protocols = >=TLSv1.2' and 'smtpd_tls_mandatory_protocols = >=TLSv1.2'; Exim (OpenSSL): 'openssl_options = +no_sslv3 +no_tlsv1 +no_tlsv1_1'.") },
	{ SUB_MAIL_STARTTLS_TLS_COMPRESS, "bad", N_("Disable TLS-level compression (CRIME attack); current TLS libraries do so by default."),
	  N_("Postfix: 'tls_ssl_options = NO_COMPRESSION'; Exim (OpenSSL): 'openssl_options = +no_compression'.") },
	{ SUB_MAIL_STARTTLS_TLS_SECRENEG, "bad", N_("Enable secure renegotiation (RFC 5746): update the TLS library or server software."),
	  N_("Postfix and Exim use the system TLS library: update OpenSSL/GnuTLS and restart the MTA.") },
	{ SUB_MAIL_STARTTLS_TLS_CLIENTRENEG, "allowed-with-low-limit", N_("Disable client-initiated renegotiation (a denial-of-service risk)."),
	  N_("Postfix: 'tls_ssl_options = NO_RENEGOTIATION'; Exim (OpenSSL): 'openssl_options = +no_renegotiation'.") },
	{ SUB_MAIL_STARTTLS_TLS_CLIENTRENEG, "allowed-with-too-high-limit", N_("Disable client-initiated renegotiation (a denial-of-service risk)."),
	  N_("Postfix: 'tls_ssl_options = NO_RENEGOTIATION'; Exim (OpenSSL): 'openssl_options = +no_renegotiation'.") },
	{ SUB_MAIL_STARTTLS_CERT_CHAIN, "bad", N_("Optional for mail: use a certificate from a public CA and serve its intermediates."),
	  N_("Postfix: 'smtpd_tls_chain_files = key.pem, fullchain.pem'; Exim: 'tls_certificate = fullchain.pem'.") },
	{ SUB_MAIL_STARTTLS_CERT_PUBKEY, "bad", N_("Reissue the certificate with a stronger key: RSA of at least 2048 (better 3072) bits or ECDSA on P-256/P-384; DSA and small RSA keys fail."),
	  N_("Postfix: smtpd_tls_chain_files; Exim: tls_certificate and tls_privatekey (point them at the new key and certificate).") },
	{ SUB_MAIL_STARTTLS_CERT_PUBKEY, "phase-out", N_("Plan to move to RSA of 3072 bits or more, or ECDSA P-256/P-384 (RSA 2048 is phase-out)."), NULL },
	{ SUB_MAIL_STARTTLS_CERT_SIG, "bad", N_("Reissue the certificate (and intermediates) signed with SHA-256 or stronger; SHA-1, MD5 and RSASSA-PSS signatures fail."), NULL },
	{ SUB_MAIL_STARTTLS_CERT_SIG, "phase-out", N_("Reissue the certificate signed with SHA-256 or stronger (SHA-224 is phase-out)."), NULL },
	{ SUB_MAIL_STARTTLS_CERT_DOMAIN, "bad", N_("The certificate does not cover the mail server name (required with a DANE-TA TLSA record): reissue it including the MX name."),
	  N_("Postfix: smtpd_tls_chain_files; Exim: tls_certificate (the reissued certificate).") },
	{ SUB_MAIL_STARTTLS_TLS_CAA, "bad", N_("Publish a CAA record naming the certificate authorities allowed to issue for this name, e.g. CAA 0 issue \"letsencrypt.org\"."), NULL },
	{ SUB_MAIL_STARTTLS_TLS_CAA, "syntax-error", N_("A CAA record has a syntax error: correct it (see the details)."), NULL },
	{ SUB_MAIL_STARTTLS_TLS_CAA, "insufficient", N_("The CAA records contain no 'issue' property: add at least one."), NULL },
	{ SUB_MAIL_STARTTLS_TLS_CAA, "recommendations", N_("Optional: follow the CAA recommendations in the details."), NULL },
	{ SUB_MAIL_STARTTLS_DANE_EXIST, "bad", N_("Publish a TLSA record for _25._tcp.<mx name> in a DNSSEC-signed zone, e.g. '3 1 1' of the server's public key:"),
	  N_("openssl x509 -in cert.pem -noout -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256 (Postfix and Exim need no change).") },
	{ SUB_MAIL_STARTTLS_DANE_EXIST, "bogus", N_("The TLSA record fails DNSSEC validation: fix the signatures of its zone."), NULL },
	{ SUB_MAIL_STARTTLS_DANE_VALID, "bad", N_("No TLSA record matches the certificate the server sends: update the TLSA record (publish the new one before changing keys)."),
	  N_("Compare the TLSA data with the key in Postfix smtpd_tls_chain_files / Exim tls_certificate; publish the new record before switching keys.") },
	{ SUB_MAIL_STARTTLS_DANE_ROLLOVER, "bad", N_("Publish a second TLSA record (the next key, or a '2 1 1' of the issuing CA) so a key rollover does not break delivery."), NULL },
	{ SUB_MAIL_STARTTLS_TLS_0RTT, "bad", N_("Disable TLS 1.3 0-RTT early data."),
	  N_("nginx: 'ssl_early_data off;'; Apache (mod_ssl) does not offer it: check a proxy or CDN in front.") },
	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGEHASH, "bad", N_("Stop accepting SHA-1 for the key-exchange signature (signature_algorithms): allow only SHA-256 or stronger."), NULL },
	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGEHASH, "phase-out", N_("Optional: stop accepting SHA-224 for the key-exchange signature (signature_algorithms)."), NULL },
	{ SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET, "bad", N_("Enable the Extended Master Secret extension (RFC 7627) for TLS 1.2: update the TLS library or server software."), NULL },
	/* mail_rpki, §3.11 */
	{ SUB_MAIL_RPKI_EXISTS, "bad", N_("Some addresses are not covered by a Route Origin Authorisation: ask the holder of the prefix (your hosting or network provider) to publish ROAs."), NULL },
	{ SUB_MAIL_RPKI_EXISTS, "not-tested", N_("The relying party (--rpki-vrps FILE or --rpki-validator URL) or the BGP route source (--bgp-whois) was missing or unavailable, see the warning: fix that and test again."), NULL },
	{ SUB_MAIL_RPKI_VALID, "bad", N_("A route has no matching ROA (not-found): ask the prefix holder to publish a ROA for the announcing AS and prefix length."), NULL },
	{ SUB_MAIL_RPKI_VALID, "invalid", N_("A route is RPKI-invalid (wrong origin AS or too specific a prefix): fix the ROA or the BGP announcement; validating networks drop this route."), NULL },
	{ SUB_MAIL_RPKI_VALID, "not-tested", N_("The relying party (--rpki-vrps FILE or --rpki-validator URL) or the BGP route source (--bgp-whois) was missing or unavailable, see the warning: fix that and test again."), NULL },
	{ SUB_MAIL_NS_RPKI_EXISTS, "bad", N_("Some addresses are not covered by a Route Origin Authorisation: ask the holder of the prefix (your hosting or network provider) to publish ROAs."), NULL },
	{ SUB_MAIL_NS_RPKI_EXISTS, "not-tested", N_("The relying party (--rpki-vrps FILE or --rpki-validator URL) or the BGP route source (--bgp-whois) was missing or unavailable, see the warning: fix that and test again."), NULL },
	{ SUB_MAIL_NS_RPKI_VALID, "bad", N_("A route has no matching ROA (not-found): ask the prefix holder to publish a ROA for the announcing AS and prefix length."), NULL },
	{ SUB_MAIL_NS_RPKI_VALID, "invalid", N_("A route is RPKI-invalid (wrong origin AS or too specific a prefix): fix the ROA or the BGP announcement; validating networks drop this route."), NULL },
	{ SUB_MAIL_NS_RPKI_VALID, "not-tested", N_("The relying party (--rpki-vrps FILE or --rpki-validator URL) or the BGP route source (--bgp-whois) was missing or unavailable, see the warning: fix that and test again."), NULL },
	{ SUB_MAIL_MX_NS_RPKI_EXISTS, "bad", N_("Some addresses are not covered by a Route Origin Authorisation: ask the holder of the prefix (your hosting or network provider) to publish ROAs."), NULL },
	{ SUB_MAIL_MX_NS_RPKI_EXISTS, "not-tested", N_("The relying party (--rpki-vrps FILE or --rpki-validator URL) or the BGP route source (--bgp-whois) was missing or unavailable, see the warning: fix that and test again."), NULL },
	{ SUB_MAIL_MX_NS_RPKI_VALID, "bad", N_("A route has no matching ROA (not-found): ask the prefix holder to publish a ROA for the announcing AS and prefix length."), NULL },
	{ SUB_MAIL_MX_NS_RPKI_VALID, "invalid", N_("A route is RPKI-invalid (wrong origin AS or too specific a prefix): fix the ROA or the BGP announcement; validating networks drop this route."), NULL },
	{ SUB_MAIL_MX_NS_RPKI_VALID, "not-tested", N_("The relying party (--rpki-vrps FILE or --rpki-validator URL) or the BGP route source (--bgp-whois) was missing or unavailable, see the warning: fix that and test again."), NULL },
	/* conn_ipv6 and conn_dnssec, §3.12: advice to the visitor, not to a server operator */
	{ SUB_CONN_IPV6_RESOLVER_CONN, "bad", N_("Your DNS resolver cannot reach name servers that have only IPv6: ask your internet provider (or the operator of the resolver you chose) for a resolver with IPv6 connectivity."), NULL },
	{ SUB_CONN_IPV6_DNS_CONN, "bad", N_("Your device could not reach a name that has only an IPv6 address: ask your internet provider for IPv6, and check that IPv6 is switched on in your router and on your device."), NULL },
	{ SUB_CONN_IPV6_CONNECTION, "bad", N_("Your device could not connect to an IPv6 address directly: check the IPv6 settings and the firewall of your router and your device."), NULL },
	{ SUB_CONN_IPV6_PRIVACY, "bad", N_("Switch on IPv6 privacy extensions (temporary addresses, RFC 8981) on your device, so that its IPv6 address no longer carries the hardware address of its network card."), NULL },
	{ SUB_CONN_IPV6_IPV4_CONN, "bad", N_("Your device could not reach a name that has only an IPv4 address: much of the internet still needs IPv4, so check your connection or ask your internet provider."), NULL },
	{ SUB_CONN_DNSSEC_VALIDATION, "bad", N_("Use a DNS resolver that validates DNSSEC: ask your internet provider to switch validation on, or configure a resolver that validates."), NULL },
};

static int advice_find(enum subtest_id id, const char *verdict)
{
	if (!verdict)
		return -1;
	for (size_t i = 0; i < sizeof(advice) / sizeof(advice[0]); i++)
		if (advice[i].id == id && !strcmp(advice[i].verdict, verdict))
			return (int)i;
	return -1;
}

const char *catalog_advice(enum subtest_id id, const char *verdict)
{
	int i = advice_find(id, verdict);
	return i < 0 ? NULL : advice[i].text;
}

const char *catalog_advice_how(enum subtest_id id, const char *verdict)
{
	int i = advice_find(id, verdict);
	return i < 0 ? NULL : advice[i].how;
}

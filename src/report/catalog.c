/*
 * catalog.c -- every category and subtest of both tests, once (shared/DESIGN.md
 * "the catalog"). Names, levels and points from spec §3 (subtest tables) and
 * §4.1. Subtests that internet.nl starts at INFO and promotes to FAIL only when
 * they produce a result ("was_tested", §2.2) carry INFO here; the evaluator
 * raises them with result_set_worst().
 */
#include "report/catalog.h"

#include <string.h>

#define REQ STATUS_FAIL
#define REC STATUS_NOTICE
#define OPT STATUS_INFO

#define S(id, cat, key, api, title, worst, pts, verdicts) \
	[id] = { id, cat, key, api, title, worst, pts, verdicts }

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
	  "Key exchange parameters", REQ, 10, "good bad phase-out na"),
	S(SUB_WEB_HTTPS_TLS_CIPHERS, CAT_WEB_HTTPS, "tls_ciphers", "web_https_tls_ciphers",
	  "Ciphers", REQ, 10, "good bad phase-out"),
	S(SUB_WEB_HTTPS_TLS_CIPHERORDER, CAT_WEB_HTTPS, "tls_cipher_order", "web_https_tls_cipherorder",
	  "Cipher order", REQ, 10, "good bad na"),
	S(SUB_WEB_HTTPS_TLS_VERSION, CAT_WEB_HTTPS, "tls_version", "web_https_tls_version",
	  "TLS version", REQ, 10, "good bad"),
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
	S(SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, CAT_WEB_HTTPS, "kex_hash_func", "web_https_tls_keyexchangehash",
	  "Hash function for key exchange", OPT, 10, "good bad phase-out"),
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
	S(SUB_WEB_RPKI_EXISTS, CAT_WEB_RPKI, "web_rpki_exists", "web_rpki_exists",
	  "Route Origin Authorisation existence", REQ, 5, "good bad no-addresses not-tested"),
	S(SUB_WEB_RPKI_VALID, CAT_WEB_RPKI, "web_rpki_valid", "web_rpki_valid",
	  "Route announcement validity", REQ, 10, "good bad invalid not-routed not-tested"),
	S(SUB_WEB_NS_RPKI_EXISTS, CAT_WEB_RPKI, "ns_rpki_exists", "web_ns_rpki_exists",
	  "Route Origin Authorisation existence (name servers)", REQ, 5, "good bad no-addresses not-tested"),
	S(SUB_WEB_NS_RPKI_VALID, CAT_WEB_RPKI, "ns_rpki_valid", "web_ns_rpki_valid",
	  "Route announcement validity (name servers)", REQ, 10, "good bad invalid not-routed not-tested"),
	/* mail_ipv6, §3.7 */
	S(SUB_MAIL_IPV6_NS_ADDRESS, CAT_MAIL_IPV6, "ns_aaaa", "mail_ipv6_ns_address",
	  "IPv6 addresses for name servers", REQ, 0, "good bad other"),
	S(SUB_MAIL_IPV6_NS_REACH, CAT_MAIL_IPV6, "ns_reach", "mail_ipv6_ns_reach",
	  "IPv6 reachability of name servers", REQ, 10, "good bad"),
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
	/* mail_starttls, §3.10 -- "was_tested" subtests start at INFO (§2.2) */
	S(SUB_MAIL_STARTTLS_TLS_AVAILABLE, CAT_MAIL_STARTTLS, "starttls_exists", "mail_starttls_tls_available",
	  "STARTTLS available", OPT, 10,
	  "good bad other other-2 could-not-test null-mx no-null-mx null-mx-with-other-mx null-mx-without-a-aaaa"),
	S(SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, CAT_MAIL_STARTTLS, "fs_params", "mail_starttls_tls_keyexchange",
	  "Key exchange parameters", OPT, 10, "good bad phase-out na"),
	S(SUB_MAIL_STARTTLS_TLS_CIPHERS, CAT_MAIL_STARTTLS, "tls_ciphers", "mail_starttls_tls_ciphers",
	  "Ciphers", OPT, 10, "good bad phase-out"),
	S(SUB_MAIL_STARTTLS_TLS_CIPHERORDER, CAT_MAIL_STARTTLS, "tls_cipher_order", "mail_starttls_tls_cipherorder",
	  "Cipher order", OPT, 10, "good bad na"),
	S(SUB_MAIL_STARTTLS_TLS_VERSION, CAT_MAIL_STARTTLS, "tls_version", "mail_starttls_tls_version",
	  "TLS version", OPT, 10, "good bad"),
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
	S(SUB_MAIL_RPKI_EXISTS, CAT_MAIL_RPKI, "mail_rpki_exists", "mail_rpki_exists",
	  "Route Origin Authorisation existence (mail servers)", REQ, 5, "good bad no-addresses not-tested"),
	S(SUB_MAIL_RPKI_VALID, CAT_MAIL_RPKI, "mail_rpki_valid", "mail_rpki_valid",
	  "Route announcement validity (mail servers)", REQ, 10, "good bad invalid not-routed not-tested"),
	S(SUB_MAIL_NS_RPKI_EXISTS, CAT_MAIL_RPKI, "ns_rpki_exists", "mail_ns_rpki_exists",
	  "Route Origin Authorisation existence (name servers)", REQ, 5, "good bad no-addresses not-tested"),
	S(SUB_MAIL_NS_RPKI_VALID, CAT_MAIL_RPKI, "ns_rpki_valid", "mail_ns_rpki_valid",
	  "Route announcement validity (name servers)", REQ, 10, "good bad invalid not-routed not-tested"),
	S(SUB_MAIL_MX_NS_RPKI_EXISTS, CAT_MAIL_RPKI, "mx_ns_rpki_exists", "mail_mx_ns_rpki_exists",
	  "Route Origin Authorisation existence (mail server name servers)", REQ, 5,
	  "good bad no-addresses not-tested"),
	S(SUB_MAIL_MX_NS_RPKI_VALID, CAT_MAIL_RPKI, "mx_ns_rpki_valid", "mail_mx_ns_rpki_valid",
	  "Route announcement validity (mail server name servers)", REQ, 10,
	  "good bad invalid not-routed not-tested"),
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
};

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
		if (categories[c].test == kind)
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

/* What to do, per (subtest, verdict). NULL verdict = any verdict not listed. */
static const struct {
	enum subtest_id id;
	const char *verdict;
	const char *text;
} advice[] = {
	{ SUB_WEB_IPV6_NS_ADDRESS, "bad", "Give at least two of your name servers an IPv6 address (AAAA record); ask your DNS operator." },
	{ SUB_WEB_IPV6_NS_ADDRESS, "other", "Only one name server has IPv6: give a second name server an AAAA record too." },
	{ SUB_WEB_IPV6_NS_REACH, "bad", "A name server's IPv6 address does not answer DNS queries: fix its IPv6 connectivity or firewall (UDP and TCP port 53)." },
	{ SUB_WEB_IPV6_WS_ADDRESS, "bad", "Publish an AAAA record for the web server and serve the site over IPv6." },
	{ SUB_WEB_IPV6_WS_REACH, "bad", "The web server's IPv6 address does not accept connections on port 80 or 443: fix IPv6 routing, firewall or the listen directive (e.g. nginx 'listen [::]:443')." },
	{ SUB_WEB_IPV6_WS_SIMILAR, "bad", "The site could not be compared over IPv4 and IPv6: make it answer on the same ports with the same status over both." },
	{ SUB_WEB_IPV6_WS_SIMILAR, "notice", "The site serves different content over IPv6 than over IPv4: serve the same site on both." },
	{ SUB_WEB_IPV6_WS_SIMILAR, "notice-status-code", "The site answers with an error status over IPv6 and IPv4: serve a 2xx or 3xx page on /." },
	{ SUB_WEB_DNSSEC_EXIST, "bad", "Sign your zone with DNSSEC and publish its DS record at your registrar." },
	{ SUB_WEB_DNSSEC_EXIST, "resolver-error", "The domain's DNS did not answer reliably (SERVFAIL, NXDOMAIN or timeout): check your name servers." },
	{ SUB_WEB_DNSSEC_VALID, "bad", "DNSSEC validation fails (bogus): re-sign the zone (expired signatures?) or fix the DS record at your registrar." },
	{ SUB_MAIL_IPV6_NS_ADDRESS, "bad", "Give at least two of your name servers an IPv6 address (AAAA record); ask your DNS operator." },
	{ SUB_MAIL_IPV6_NS_ADDRESS, "other", "Only one name server has IPv6: give a second name server an AAAA record too." },
	{ SUB_MAIL_IPV6_NS_REACH, "bad", "A name server's IPv6 address does not answer DNS queries: fix its IPv6 connectivity or firewall (UDP and TCP port 53)." },
	{ SUB_MAIL_IPV6_MX_ADDRESS, "bad", "Give every mail server (MX) an IPv6 address (AAAA record) and let it receive mail over IPv6." },
	{ SUB_MAIL_IPV6_MX_ADDRESS, "no-null-mx", "This domain receives no mail: publish a Null MX record ('MX 0 .') to say so." },
	{ SUB_MAIL_IPV6_MX_ADDRESS, "null-mx-with-other-mx", "A Null MX must be the only MX record: remove the other MX records or the Null MX." },
	{ SUB_MAIL_IPV6_MX_ADDRESS, "null-mx-without-a-aaaa", "A Null MX is only needed for a name with an A or AAAA record; it does no harm here." },
	{ SUB_MAIL_IPV6_MX_REACH, "bad", "A mail server's IPv6 address does not accept connections on port 25: fix IPv6 routing, firewall or the MTA's listen addresses (Postfix inet_protocols = all)." },
	{ SUB_MAIL_DNSSEC_MAILTO_EXIST, "bad", "Sign your zone with DNSSEC and publish its DS record at your registrar." },
	{ SUB_MAIL_DNSSEC_MAILTO_EXIST, "resolver-error", "The domain's DNS did not answer reliably (SERVFAIL, NXDOMAIN or timeout): check your name servers." },
	{ SUB_MAIL_DNSSEC_MAILTO_VALID, "bad", "DNSSEC validation fails (bogus): re-sign the zone (expired signatures?) or fix the DS record at your registrar." },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "bad", "Sign the zones of your mail server names with DNSSEC (ask your mail provider)." },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "resolver-error", "A mail server name did not resolve reliably: check the MX names and their name servers." },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "no-null-mx", "This domain receives no mail: publish a Null MX record ('MX 0 .') to say so." },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "null-mx-with-other-mx", "A Null MX must be the only MX record: remove the other MX records or the Null MX." },
	{ SUB_MAIL_AUTH_DMARC_EXIST, "bad", "Publish exactly one DMARC record, e.g. _dmarc TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@<your domain>\"." },
	{ SUB_MAIL_AUTH_DMARC_POLICY, "bad", "The DMARC record has a syntax error: start with 'v=DMARC1;', put p= first, use only known tags, each once." },
	{ SUB_MAIL_AUTH_DMARC_POLICY, "policy", "Use p=quarantine or p=reject (and sp= for subdomains); p=none does not protect, and t=y weakens quarantine." },
	{ SUB_MAIL_AUTH_DMARC_POLICY, "external", "A report address at another domain must authorise you: it publishes TXT \"v=DMARC1;\" at <your domain>._report._dmarc.<its domain>." },
	{ SUB_MAIL_AUTH_DKIM_EXIST, "bad", "Sign outgoing mail with DKIM and publish the key at <selector>._domainkey.<your domain>; a domain that sends no mail can publish 'v=spf1 -all' and 'v=DMARC1; p=reject;' instead." },
	{ SUB_MAIL_AUTH_SPF_EXIST, "bad", "Publish exactly one SPF record, e.g. TXT \"v=spf1 mx -all\" (\"v=spf1 -all\" if the domain sends no mail)." },
	{ SUB_MAIL_AUTH_SPF_POLICY, "bad", "The SPF record has a syntax error: check every mechanism and modifier against RFC 7208." },
	{ SUB_MAIL_AUTH_SPF_POLICY, "max-lookups", "The SPF record needs more than 10 DNS lookups: remove unused includes or replace them by ip4:/ip6: ranges." },
	{ SUB_MAIL_AUTH_SPF_POLICY, "all", "End the SPF record with -all or ~all (not +all, ?all, or nothing without a redirect=)." },
	{ SUB_MAIL_AUTH_SPF_POLICY, "include", "An include: names a domain without a valid SPF record (or with a bad 'all'): fix or remove it." },
	{ SUB_MAIL_AUTH_SPF_POLICY, "redirect", "The redirect= target has no valid SPF record (or a bad 'all'): fix it or remove the redirect." },
	{ SUB_MAIL_DNSSEC_MX_VALID, "bad", "DNSSEC validation fails for a mail server name: its zone must be re-signed or its DS fixed." },
};

const char *catalog_advice(enum subtest_id id, const char *verdict)
{
	if (!verdict)
		return NULL;
	for (size_t i = 0; i < sizeof(advice) / sizeof(advice[0]); i++)
		if (advice[i].id == id && !strcmp(advice[i].verdict, verdict))
			return advice[i].text;
	return NULL;
}

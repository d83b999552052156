/* test_https_rules.c -- the web_https and web_appsecpriv rules (spec §3.3.8,
 * §3.4, §2.4 per-server aggregation, §5.3 custom, §5.4 technical) from
 * hand-written facts: no network. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "checks/https.h"
#include "checks/servers.h"
#include "report/catalog.h"
#include "report/score.h"
#include "certpool_facts.h"
#include "tech_columns.h"

#define S_ECDHE_RSA_AES256_GCM 0xc030
#define S_ECDHE_RSA_AES128_GCM 0xc02f
#define S_ECDHE_RSA_CHACHA 0xcca8
#define S_ECDHE_RSA_AES128_CBC_SHA 0xc013
#define G_X25519 29

/* ---- fixtures ----------------------------------------------------------- */

static void add_suite(struct tls_scan_facts *f, uint32_t code, enum tls_version v)
{
	struct tls_accepted *a = &f->accepted[f->n_accepted++];
	a->code = code;
	a->version = v;
	a->kex.type = TLS_KEX_ECDHE;
	a->kex.group = G_X25519;
}

static void cert(struct tls_cert_info *c, const char *cn, const char *type, int bits, const char *curve,
                 const char *sig, bool root)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->cn, cn);
	strcpy(c->key_type, type);
	c->key_bits = bits;
	strcpy(c->curve, curve);
	strcpy(c->sig_alg, sig);
	c->trust_root = root;
}

/* The TLS facts of a server that earns every TLS point (as test_tls_rules.c). */
static void perfect_tls(struct tls_scan_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->reach = TLS_REACH_OK;
	f->version[TLS_V_TLS12] = true;
	f->version[TLS_V_TLS13] = true;
	add_suite(f, S_ECDHE_RSA_AES256_GCM, TLS_V_TLS12);
	add_suite(f, S_ECDHE_RSA_CHACHA, TLS_V_TLS12);
	add_suite(f, S_ECDHE_RSA_AES128_GCM, TLS_V_TLS12);
	f->order = TLS_ORDER_GOOD;
	f->kex_hash = TLS_KEX_HASH_GOOD;
	f->compression = TLS_TRI_NO;
	f->secure_reneg = TLS_TRI_YES;
	f->ems = TLS_EMS_SUPPORTED;
	f->client_reneg = 0;
	f->zero_rtt = TLS_ZERO_RTT_GOOD;
	f->ocsp = TLS_OCSP_GOOD;
	f->cert.obtained = true;
	f->cert.n = 3;
	cert(&f->cert.chain[0], "example.nl", "RSA", 3072, "", "sha256WithRSAEncryption", false);
	cert(&f->cert.chain[1], "Example CA", "EC", 384, "secp384r1", "ecdsa-with-SHA384", false);
	cert(&f->cert.chain[2], "Example Root", "RSA", 4096, "", "sha384WithRSAEncryption", true);
	test_cert_chain(&f->cert, "example.nl", "example.nl", true);
	f->cert.hostmatch = true;
	strcpy(f->cert.names, "example.nl");
	f->cert.has_ocsp_url = true;
}

/* A server of the §6.2 reference configuration: every HTTP check good. */
static void perfect_server(struct https_server *s, int family)
{
	memset(s, 0, sizeof(*s));
	netaddr_parse(family == AF_INET6 ? "2001:db8::1" : "192.0.2.1", &s->addr);
	s->addr.port = 443;
	perfect_tls(&s->tls);
	s->https_ok = true;
	s->redirect = HTTPS_REDIRECT_GOOD;
	s->hsts = HSTS_GOOD;
	s->hsts_max_age = 31536000;
	s->hsts_value = strdup("max-age=31536000");
	s->http_compression = false;
	s->x_frame_options = strdup("DENY");
	s->x_content_type_options = strdup("nosniff");
	s->csp = strdup("default-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'");
	s->referrer_policy = strdup("no-referrer");
	s->securitytxt.found = true;
	strcpy(s->securitytxt.found_host, "example.nl");
}

static struct https_facts *facts(size_t n)
{
	struct https_facts *f = calloc(1, sizeof(*f));
	strcpy(f->domain, "example.nl");
	f->n = n;
	for (size_t i = 0; i < n; i++)
		perfect_server(&f->servers[i], i == 0 ? AF_INET : AF_INET6);
	f->caa.enabled = true;
	f->caa.outcome = CAA_OUT_GOOD;
	strcpy(f->caa.found_on, "example.nl");
	return f;
}

/* A server that answered TCP but whose facts say unreachable (no TLS). */
static void unreachable(struct https_server *s, enum tls_reach why)
{
	struct netaddr a = s->addr;
	free(s->hsts_value);
	free(s->x_frame_options);
	free(s->x_content_type_options);
	free(s->csp);
	free(s->referrer_policy);
	tls_scan_facts_release(&s->tls);
	memset(s, 0, sizeof(*s));
	s->addr = a;
	s->tls.reach = why;
	strcpy(s->tls.reach_detail, "connection refused");
	s->redirect = HTTPS_REDIRECT_NOT_TESTED;
	s->http_compression = true;
}

static struct report *run(struct https_facts *f)
{
	struct report *r = calloc(1, sizeof(*r));
	report_init(r, TEST_WEB, "example.nl");
	https_evaluate(f, r);
	appsecpriv_evaluate(f, r);
	score_report(r);
	return r;
}

static void done(struct report *r, struct https_facts *f)
{
	tech_assert_fits(r, false);
	report_release(r);
	free(r);
	if (f) {
		https_facts_free(f);
		free(f);
	}
}

static void expect(const struct report *r, enum subtest_id id, enum status st, const char *verdict)
{
	assert_int_equal(score_subtest_status(r, id), st);
	assert_string_equal(score_subtest_verdict(r, id), verdict);
}

static const char *custom(const struct report *r, const char *key)
{
	return json_string_value(json_object_get(r->custom, key));
}

/* ---- web_https ----------------------------------------------------------- */

/* §3.3.8 https_exists: no A/AAAA at all → failed/bad, everything else not tested. */
static void test_https_no_address_failed(void **st)
{
	(void)st;
	struct https_facts *f = facts(0);
	f->no_address = true;
	struct report *r = run(f);
	expect(r, SUB_WEB_HTTPS_HTTP_AVAILABLE, STATUS_FAIL, "bad");
	expect(r, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_NOT_TESTED, "not-tested");
	assert_true(r->cat[CAT_WEB_HTTPS].implemented);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].status, STATUS_FAIL);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 0);
	assert_string_equal(custom(r, "tls_1_3_support"), "no");
	done(r, f);
}

/* §3.3.8 / §2.5 step 5: an unreachable server → error/other and text verdict "unreachable". */
static void test_https_unreachable_error_text_verdict(void **st)
{
	(void)st;
	struct https_facts *f = facts(1);
	unreachable(&f->servers[0], TLS_REACH_TCP_FAILED);
	struct report *r = run(f);
	expect(r, SUB_WEB_HTTPS_HTTP_AVAILABLE, STATUS_ERROR, "other");
	expect(r, SUB_WEB_HTTPS_TLS_VERSION, STATUS_NOT_TESTED, "not-tested");
	expect(r, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_NOT_TESTED, "not-tested");
	assert_int_equal(r->cat[CAT_WEB_HTTPS].status, STATUS_ERROR);
	assert_string_equal(r->cat[CAT_WEB_HTTPS].verdict, "unreachable");
	assert_int_equal(r->cat[CAT_WEB_HTTPS].obtained_points, 0);
	assert_string_equal(custom(r, "tls_1_3_support"), "undetermined");
	done(r, f);
}

/* §8 item 5: IPv4 perfect, IPv6 unreachable → the whole category scores 0. */
static void test_https_one_unreachable_ip_zeroes_category(void **st)
{
	(void)st;
	struct https_facts *f = facts(2);
	unreachable(&f->servers[1], TLS_REACH_NO_TLS);
	struct report *r = run(f);
	expect(r, SUB_WEB_HTTPS_HTTP_AVAILABLE, STATUS_ERROR, "other");
	assert_int_equal(r->cat[CAT_WEB_HTTPS].max_points, 150);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].obtained_points, 0);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 0);
	assert_string_equal(r->cat[CAT_WEB_HTTPS].verdict, "unreachable");
	done(r, f);
}

/* §2.4: min of sums, not sum of mins: short HSTS on one IP (142) and a bad
 * redirect on the other (140) → 140/150, though both subtests show failed. */
static void test_https_min_of_sums_two_servers(void **st)
{
	(void)st;
	struct https_facts *f = facts(2);
	f->servers[0].hsts = HSTS_SHORT;
	f->servers[1].redirect = HTTPS_REDIRECT_BAD;
	struct report *r = run(f);
	expect(r, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_FAIL, "other");
	expect(r, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_FAIL, "bad");
	assert_int_equal(r->cat[CAT_WEB_HTTPS].obtained_points, 140);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 93);
	done(r, f);
}

/* §3.3.8 https_forced: HTTPS GET failed → not_tested/no-https, 0 points, non-mandatory. */
static void test_redirect_no_https_not_tested_non_mandatory(void **st)
{
	(void)st;
	struct https_facts *f = facts(1);
	struct https_server *s = &f->servers[0];
	s->https_ok = false;
	s->redirect = HTTPS_REDIRECT_NO_HTTPS;
	s->hsts = HSTS_BAD;
	s->http_compression = true;
	struct report *r = run(f);
	expect(r, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_NOT_TESTED, "no-https");
	assert_int_equal(r->sub[SUB_WEB_HTTPS_HTTP_REDIRECT].points, 0);
	assert_int_equal(score_subtest_override(r, SUB_WEB_HTTPS_HTTP_REDIRECT), OVERRIDE_FALSE);
	expect(r, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_FAIL, "bad");
	expect(r, SUB_WEB_HTTPS_HTTP_COMPRESS, STATUS_INFO, "bad");
	assert_int_equal(r->cat[CAT_WEB_HTTPS].obtained_points, 130);
	done(r, f);
}

/* §3.3.5 step 2: nothing on port 80 → passed/other, 10 points. */
static void test_redirect_no_http_passes_10(void **st)
{
	(void)st;
	struct https_facts *f = facts(1);
	f->servers[0].redirect = HTTPS_REDIRECT_NO_HTTP;
	struct report *r = run(f);
	expect(r, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_SUCCESS, "other");
	assert_int_equal(r->sub[SUB_WEB_HTTPS_HTTP_REDIRECT].points, 10);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 100);
	done(r, f);
}

/* §8 item 10: HSTS shorter than a year → failed/other, 2 of 10 points → 142/150 = 94. */
static void test_hsts_short_2_points(void **st)
{
	(void)st;
	struct https_facts *f = facts(1);
	f->servers[0].hsts = HSTS_SHORT;
	struct report *r = run(f);
	expect(r, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_FAIL, "other");
	assert_int_equal(r->sub[SUB_WEB_HTTPS_HTTP_HSTS].points, 2);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].obtained_points, 142);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 94);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].status, STATUS_FAIL);
	done(r, f);
}

/* §3.3.8 http_compression: optional, info/bad, never costs points. */
static void test_http_compression_info(void **st)
{
	(void)st;
	struct https_facts *f = facts(1);
	f->servers[0].http_compression = true;
	struct report *r = run(f);
	expect(r, SUB_WEB_HTTPS_HTTP_COMPRESS, STATUS_INFO, "bad");
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 100);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].status, STATUS_SUCCESS);
	done(r, f);
}

/* §4.3: everything perfect on both addresses → 150/150 = 100 %, passed. */
static void test_perfect_server_150(void **st)
{
	(void)st;
	struct https_facts *f = facts(2);
	struct report *r = run(f);
	expect(r, SUB_WEB_HTTPS_HTTP_AVAILABLE, STATUS_SUCCESS, "good");
	expect(r, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_SUCCESS, "good");
	expect(r, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_SUCCESS, "good");
	expect(r, SUB_WEB_HTTPS_HTTP_COMPRESS, STATUS_SUCCESS, "good");
	assert_int_equal(r->cat[CAT_WEB_HTTPS].max_points, 150);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].obtained_points, 150);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 100);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].status, STATUS_SUCCESS);
	assert_string_equal(r->cat[CAT_WEB_HTTPS].verdict, "passed");
	assert_null(r->cat[CAT_WEB_HTTPS].text_verdict);
	done(r, f);
}

/* §8 item 26: a TLS 1.0-only server: the TLS-1.2 HTTP client fails, so
 * redirect no-https (0) and HSTS bad (0), and the security options not tested. */
static void test_tls10_only_server_no_https_and_hsts_bad(void **st)
{
	(void)st;
	struct https_facts *f = facts(1);
	struct https_server *s = &f->servers[0];
	s->tls.version[TLS_V_TLS12] = false;
	s->tls.version[TLS_V_TLS13] = false;
	s->tls.version[TLS_V_TLS10] = true;
	s->tls.n_accepted = 0;
	add_suite(&s->tls, S_ECDHE_RSA_AES128_CBC_SHA, TLS_V_TLS10);
	s->tls.order = TLS_ORDER_NA;
	s->tls.ems = TLS_EMS_NA_NO_TLS12;
	s->https_ok = false;
	s->redirect = HTTPS_REDIRECT_NO_HTTPS;
	s->hsts = HSTS_BAD;
	s->http_compression = true;
	struct report *r = run(f);
	expect(r, SUB_WEB_HTTPS_HTTP_AVAILABLE, STATUS_SUCCESS, "good");
	expect(r, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_NOT_TESTED, "no-https");
	expect(r, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_FAIL, "bad");
	expect(r, SUB_WEB_HTTPS_TLS_VERSION, STATUS_FAIL, "bad");
	expect(r, SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, STATUS_NOT_TESTED, "not-tested");
	expect(r, SUB_WEB_APPSECPRIV_SECURITYTXT, STATUS_NOT_TESTED, "not-tested");
	assert_int_equal(r->sub[SUB_WEB_HTTPS_HTTP_REDIRECT].points, 0);
	assert_int_equal(r->sub[SUB_WEB_HTTPS_HTTP_HSTS].points, 0);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].status, STATUS_FAIL);
	done(r, f);
}

/* §3.3.8 dane_exists: no TLSA → info/bad (optional); dane_valid stays not tested. */
static void test_dane_exists_info_bad_when_none(void **st)
{
	(void)st;
	struct https_facts *f = facts(1);
	struct report *r = run(f);
	expect(r, SUB_WEB_HTTPS_DANE_EXIST, STATUS_INFO, "bad");
	expect(r, SUB_WEB_HTTPS_DANE_VALID, STATUS_NOT_TESTED, "not-tested");
	assert_int_equal(r->cat[CAT_WEB_HTTPS].status, STATUS_SUCCESS);
	done(r, f);

	f = facts(1);
	f->servers[0].dane.status = DANE_NONE_BOGUS;
	r = run(f);
	expect(r, SUB_WEB_HTTPS_DANE_EXIST, STATUS_INFO, "bogus");
	done(r, f);

	f = facts(1);
	f->servers[0].dane.exists = true;
	f->servers[0].dane.n = 1;
	strcpy(f->servers[0].dane.records[0].text, "3 1 1 aabb");
	f->servers[0].dane.status = DANE_FAILED;
	r = run(f);
	expect(r, SUB_WEB_HTTPS_DANE_EXIST, STATUS_SUCCESS, "good");
	expect(r, SUB_WEB_HTTPS_DANE_VALID, STATUS_NOTICE, "bad");
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 100);
	done(r, f);
}

/* ---- web_appsecpriv ------------------------------------------------------- */

/* §3.4 / §8 item 1: security options never count: max 0, excluded from the
 * average, even when every header is missing. */
static void test_appsecpriv_never_scored(void **st)
{
	(void)st;
	struct https_facts *f = facts(1);
	struct https_server *s = &f->servers[0];
	free(s->x_frame_options);
	free(s->x_content_type_options);
	free(s->csp);
	free(s->referrer_policy);
	s->x_frame_options = s->x_content_type_options = s->csp = s->referrer_policy = NULL;
	s->securitytxt.found = false;
	struct report *r = run(f);
	assert_true(r->cat[CAT_WEB_APPSECPRIV].implemented);
	assert_int_equal(r->cat[CAT_WEB_APPSECPRIV].max_points, 0);
	assert_false(r->cat[CAT_WEB_APPSECPRIV].counted);
	expect(r, SUB_WEB_APPSECPRIV_X_CONTENT_TYPE_OPTIONS, STATUS_NOTICE, "bad");
	expect(r, SUB_WEB_APPSECPRIV_SECURITYTXT, STATUS_NOTICE, "bad");
	expect(r, SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, STATUS_INFO, "bad");
	assert_int_equal(r->cat[CAT_WEB_APPSECPRIV].status, STATUS_NOTICE);
	/* only web_https is implemented and counted here: overall = its 100 % */
	assert_int_equal(r->percentage, 100);
	done(r, f);
}

/* §3.4: the HTTPS GET failed → all five stay not tested. */
static void test_appsecpriv_get_failed_all_not_tested(void **st)
{
	(void)st;
	struct https_facts *f = facts(1);
	f->servers[0].https_ok = false;
	f->servers[0].redirect = HTTPS_REDIRECT_NO_HTTPS;
	struct report *r = run(f);
	for (int id = SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS; id <= SUB_WEB_APPSECPRIV_SECURITYTXT; id++)
		expect(r, id, STATUS_NOT_TESTED, "not-tested");
	assert_true(r->cat[CAT_WEB_APPSECPRIV].implemented);
	done(r, f);
}

/* ---- aggregation, custom, technical ---------------------------------------- */

/* §2.4: equal capped status → the later server's verdict wins, the tech holds
 * every server's rows in server order, each after its server's label; a worse
 * status wins whatever the order; the capped status counts (X-Frame-Options
 * "failed" is stored as info). */
static void test_servers_merge_ties_later_wins(void **st)
{
	(void)st;
	struct report sum, a, b;
	report_init(&sum, TEST_WEB, "example.nl");
	report_init(&a, TEST_WEB, "example.nl");
	report_init(&b, TEST_WEB, "example.nl");
	result_set(&a, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_SUCCESS, "good");
	result_set_tech(&a, SUB_WEB_HTTPS_HTTP_REDIRECT, json_pack("[s]", "a"));
	result_set(&b, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_SUCCESS, "other");
	result_set_tech(&b, SUB_WEB_HTTPS_HTTP_REDIRECT, json_pack("[[s,s]]", "b", "c"));
	/* web CAA is the domain's: not prefixed, the same row once */
	result_set_tech(&a, SUB_WEB_HTTPS_TLS_CAA, json_pack("[[s,s,s]]", "example.nl", "0 issue \"ca\"", ""));
	result_set_tech(&b, SUB_WEB_HTTPS_TLS_CAA, json_pack("[[s,s,s]]", "example.nl", "0 issue \"ca\"", ""));
	result_set(&a, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_FAIL, "bad");
	result_set_points(&a, SUB_WEB_HTTPS_HTTP_HSTS, 0);
	result_set(&b, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_SUCCESS, "good");
	result_set_points(&b, SUB_WEB_HTTPS_HTTP_HSTS, 10);
	servers_merge(&sum, &a, CAT_WEB_HTTPS, true, "192.0.2.1");
	servers_merge(&sum, &b, CAT_WEB_HTTPS, false, "192.0.2.2");
	expect(&sum, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_SUCCESS, "other");
	json_t *want = json_pack("[[s,s],[s,s,s]]", "192.0.2.1", "a", "192.0.2.2", "b", "c");
	assert_true(json_equal(sum.sub[SUB_WEB_HTTPS_HTTP_REDIRECT].tech, want));
	json_decref(want);
	want = json_pack("[[s,s,s]]", "example.nl", "0 issue \"ca\"", "");
	assert_true(json_equal(sum.sub[SUB_WEB_HTTPS_TLS_CAA].tech, want));
	json_decref(want);
	expect(&sum, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_FAIL, "bad");
	assert_int_equal(sum.sub[SUB_WEB_HTTPS_HTTP_HSTS].points, 0);
	report_release(&a);
	report_release(&b);

	/* capped: FAIL on an optional subtest ties with INFO, so the later wins */
	report_init(&a, TEST_WEB, "example.nl");
	report_init(&b, TEST_WEB, "example.nl");
	result_set(&a, SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, STATUS_FAIL, "bad");
	result_set(&b, SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, STATUS_INFO, "other");
	servers_merge(&sum, &a, CAT_WEB_APPSECPRIV, true, "192.0.2.1");
	servers_merge(&sum, &b, CAT_WEB_APPSECPRIV, false, "192.0.2.2");
	expect(&sum, SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, STATUS_INFO, "other");
	report_release(&a);
	report_release(&b);

	/* the summary requirement level is the worst over servers (§2.4) */
	report_init(&a, TEST_WEB, "example.nl");
	report_init(&b, TEST_WEB, "example.nl");
	result_set_worst(&a, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, STATUS_FAIL);
	result_set(&a, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, STATUS_SUCCESS, "good");
	result_set(&b, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, STATUS_NOT_TESTED, "na-no-tls-1-2");
	servers_merge(&sum, &a, CAT_WEB_HTTPS, true, "192.0.2.1");
	servers_merge(&sum, &b, CAT_WEB_HTTPS, false, "192.0.2.2");
	expect(&sum, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, STATUS_NOT_TESTED, "na-no-tls-1-2");
	assert_int_equal(score_subtest_worst(&sum, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET), STATUS_FAIL);
	report_release(&a);
	report_release(&b);
	report_release(&sum);
}

/* §5.3 / §8 item 40: every reachable web server → "yes". */
static void test_tls13_support_custom_yes(void **st)
{
	(void)st;
	struct https_facts *f = facts(2);
	f->servers[1].tls.version[TLS_V_TLS13] = false;   /* still "yes": web 0-RTT never na */
	struct report *r = run(f);
	assert_string_equal(custom(r, "tls_1_3_support"), "yes");
	done(r, f);
}

/* §5.4: webservers.ipv4/ipv6 get https_enabled, server_reachable,
 * tested_address and details with the TLS, HTTP and security-option keys. */
static void test_technical_webservers_keys(void **st)
{
	(void)st;
	static const char *const keys[] = {
		"kex_params_bad", "ciphers_bad", "cipher_order", "protocols_bad", "zero_rtt",
		"cert_trusted", "https_redirect", "http_compression", "hsts", "hsts_policies",
		"dane_status", "dane_records",
		"content_security_policy_enabled", "content_security_policy_values",
		"content_security_policy_errors", "referrer_policy_enabled", "referrer_policy_values",
		"referrer_policy_errors", "referrer_policy_recommendations",
		"x_content_type_options_enabled", "x_content_type_options_values",
		"x_frame_options_enabled", "x_frame_options_values", "securitytxt_enabled",
		"securitytxt_errors", "securitytxt_recommendations", "securitytxt_found_host",
	};
	struct https_facts *f = facts(2);
	free(f->servers[0].hsts_value);
	f->servers[0].hsts_value = strdup("max-age=31536000; includeSubDomains, max-age=0");
	unreachable(&f->servers[1], TLS_REACH_TCP_FAILED);
	struct report *r = run(f);
	json_t *ws = json_object_get(r->technical, "webservers");
	json_t *v4 = json_object_get(ws, "ipv4"), *v6 = json_object_get(ws, "ipv6");
	json_t *d = json_object_get(v4, "details");

	assert_true(json_is_true(json_object_get(v4, "https_enabled")));
	assert_true(json_is_true(json_object_get(v4, "server_reachable")));
	assert_string_equal(json_string_value(json_object_get(v4, "tested_address")), "192.0.2.1");
	assert_non_null(d);
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		if (!json_object_get(d, keys[i]))
			fail_msg("details lack %s", keys[i]);
	}
	assert_string_equal(json_string_value(json_object_get(d, "https_redirect")), "good");
	assert_true(json_is_true(json_object_get(d, "hsts")));
	assert_int_equal(json_array_size(json_object_get(d, "hsts_policies")), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(d, "hsts_policies"), 0)),
	                    "max-age=31536000; includeSubDomains");
	assert_string_equal(json_string_value(json_object_get(d, "dane_status")), "none");
	assert_string_equal(json_string_value(json_array_get(json_object_get(d, "x_frame_options_values"), 0)),
	                    "DENY");

	assert_true(json_is_false(json_object_get(v6, "https_enabled")));
	assert_true(json_is_false(json_object_get(v6, "server_reachable")));
	assert_string_equal(json_string_value(json_object_get(v6, "tested_address")), "2001:db8::1");
	assert_null(json_object_get(v6, "details"));
	done(r, f);
}

/* Issue 15 item 7: a security.txt redirect the guard refused is named in a warning. */
static void test_securitytxt_refused_redirect_is_named(void **s)
{
	(void)s;
	struct https_facts *f = facts(1);
	struct report *r;

	snprintf(f->servers[0].securitytxt.refused, sizeof(f->servers[0].securitytxt.refused),
	         "refused by the target guard: 10.1.2.3 is a private-use address (special-purpose); "
	         "use --allow-private to test it");
	r = run(f);
	assert_int_equal(json_array_size(r->warnings), 1);
	assert_string_equal(json_string_value(json_array_get(r->warnings, 0)),
	                    "security.txt of example.nl: not following a redirect, refused by the target "
	                    "guard: 10.1.2.3 is a private-use address (special-purpose); use "
	                    "--allow-private to test it");
	done(r, f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_https_no_address_failed),
		cmocka_unit_test(test_securitytxt_refused_redirect_is_named),
		cmocka_unit_test(test_https_unreachable_error_text_verdict),
		cmocka_unit_test(test_https_one_unreachable_ip_zeroes_category),
		cmocka_unit_test(test_https_min_of_sums_two_servers),
		cmocka_unit_test(test_redirect_no_https_not_tested_non_mandatory),
		cmocka_unit_test(test_redirect_no_http_passes_10),
		cmocka_unit_test(test_hsts_short_2_points),
		cmocka_unit_test(test_http_compression_info),
		cmocka_unit_test(test_perfect_server_150),
		cmocka_unit_test(test_tls10_only_server_no_https_and_hsts_bad),
		cmocka_unit_test(test_dane_exists_info_bad_when_none),
		cmocka_unit_test(test_appsecpriv_never_scored),
		cmocka_unit_test(test_appsecpriv_get_failed_all_not_tested),
		cmocka_unit_test(test_servers_merge_ties_later_wins),
		cmocka_unit_test(test_tls13_support_custom_yes),
		cmocka_unit_test(test_technical_webservers_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_score.c -- status capping (spec §2.2), category icons (§2.5),
 * percentages (§4.1, §4.2) and every worked example of §4.3, built from
 * hand-written subtest results.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>

#include "report/catalog.h"
#include "report/score.h"

static struct report *new_report(enum test_kind kind)
{
	struct report *r = calloc(1, sizeof(*r));
	report_init(r, kind, "example.nl");
	return r;
}

static void done(struct report *r)
{
	report_release(r);
	free(r);
}

static void set(struct report *r, enum subtest_id id, enum status st, const char *verdict, int points)
{
	result_set(r, id, st, verdict);
	if (points != POINTS_NULL)
		result_set_points(r, id, points);
}

static void implement_all(struct report *r)
{
	enum category_id cats[5];
	size_t n = catalog_categories_of(r->kind, cats);
	for (size_t i = 0; i < n; i++)
		r->cat[cats[i]].implemented = true;
}

/* ---- a perfect web report: every category at 100 (§4.3 table, first row) ---- */

static void web_ipv6_perfect(struct report *r)
{
	set(r, SUB_WEB_IPV6_NS_ADDRESS, STATUS_SUCCESS, "good", POINTS_NULL);
	set(r, SUB_WEB_IPV6_NS_REACH, STATUS_SUCCESS, "good", 10);
	set(r, SUB_WEB_IPV6_WS_ADDRESS, STATUS_SUCCESS, "good", POINTS_NULL);
	set(r, SUB_WEB_IPV6_WS_REACH, STATUS_SUCCESS, "good", 10);
	set(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_SUCCESS, "good", 2);
}

static void web_tls_perfect(struct report *r)
{
	for (int id = SUB_WEB_HTTPS_HTTP_AVAILABLE; id <= SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET; id++)
		set(r, id, STATUS_SUCCESS, "good", catalog_subtest(id)->max_points ? 10 : POINTS_NULL);
	/* kex hash and EMS were run: promoted to required (§2.2 was_tested) */
	result_set_worst(r, SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, STATUS_FAIL);
	result_set_worst(r, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, STATUS_FAIL);
}

static void web_rpki_perfect(struct report *r)
{
	set(r, SUB_WEB_RPKI_EXISTS, STATUS_SUCCESS, "good", 5);
	set(r, SUB_WEB_RPKI_VALID, STATUS_SUCCESS, "good", 10);
	set(r, SUB_WEB_NS_RPKI_EXISTS, STATUS_SUCCESS, "good", 5);
	set(r, SUB_WEB_NS_RPKI_VALID, STATUS_SUCCESS, "good", 10);
	for (int id = SUB_WEB_RPKI_EXISTS; id <= SUB_WEB_NS_RPKI_VALID; id++)
		r->sub[id].override_mandatory = OVERRIDE_FALSE;
}

static struct report *web_perfect(void)
{
	struct report *r = new_report(TEST_WEB);
	implement_all(r);
	web_ipv6_perfect(r);
	set(r, SUB_WEB_DNSSEC_EXIST, STATUS_SUCCESS, "good", POINTS_NULL);
	set(r, SUB_WEB_DNSSEC_VALID, STATUS_SUCCESS, "good", 10);
	web_tls_perfect(r);
	for (int id = SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS; id <= SUB_WEB_APPSECPRIV_SECURITYTXT; id++)
		set(r, id, STATUS_SUCCESS, "good", POINTS_NULL);
	web_rpki_perfect(r);
	return r;
}

/* ---- rules ---- */

static void test_percentage_double_truncation(void **s)
{
	(void)s;
	assert_int_equal(score_percentage(22, 12), 54);
	assert_int_equal(score_percentage(150, 140), 93);
	assert_int_equal(score_percentage(140, 130), 92);
	assert_int_equal(score_percentage(45, 30), 66);
	assert_int_equal(score_percentage(20, 10), 50);
	assert_int_equal(score_percentage(0, 0), 0);
	/* §4.3 floating-point note: 100.0/97*97 = 99.999... -> 99 (integer math says 100) */
	assert_int_equal(score_percentage(97, 97), 99);
	assert_int_equal(score_percentage(161, 161), 99);
	assert_int_equal(score_percentage(194, 97), 49);
}

static void test_capping_client_reneg_too_high_is_info(void **s)
{
	(void)s;
	struct report *r = new_report(TEST_WEB);
	/* §2.2: asks FAIL, the subtest's worst is INFO -> stored and reported as info */
	set(r, SUB_WEB_HTTPS_TLS_CLIENTRENEG, STATUS_FAIL, "allowed-with-too-high-limit", POINTS_NULL);
	assert_int_equal(score_subtest_status(r, SUB_WEB_HTTPS_TLS_CLIENTRENEG), STATUS_INFO);
	/* §8 item 7: X-Frame-Options missing is info, CAA missing is warning */
	set(r, SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, STATUS_FAIL, "bad", POINTS_NULL);
	assert_int_equal(score_subtest_status(r, SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS), STATUS_INFO);
	set(r, SUB_WEB_HTTPS_TLS_CAA, STATUS_FAIL, "bad", POINTS_NULL);
	assert_int_equal(score_subtest_status(r, SUB_WEB_HTTPS_TLS_CAA), STATUS_NOTICE);
	done(r);
}

static void test_forced_status_bypasses_cap(void **s)
{
	(void)s;
	struct report *r = new_report(TEST_MAIL);
	result_force(r, SUB_MAIL_IPV6_MX_ADDRESS, STATUS_NOTICE, "null-mx-with-other-mx");
	result_set_worst(r, SUB_MAIL_IPV6_MX_ADDRESS, STATUS_INFO);
	assert_int_equal(score_subtest_status(r, SUB_MAIL_IPV6_MX_ADDRESS), STATUS_NOTICE);
	result_set(r, SUB_MAIL_IPV6_MX_ADDRESS, STATUS_NOTICE, "null-mx-with-other-mx");
	assert_int_equal(score_subtest_status(r, SUB_MAIL_IPV6_MX_ADDRESS), STATUS_INFO);
	done(r);
}

static void test_unevaluated_subtest_is_not_tested(void **s)
{
	(void)s;
	struct report *r = new_report(TEST_WEB);
	assert_int_equal(score_subtest_status(r, SUB_WEB_DNSSEC_VALID), STATUS_NOT_TESTED);
	assert_string_equal(score_subtest_verdict(r, SUB_WEB_DNSSEC_VALID), "not-tested");
	done(r);
}

static void test_perfect_web_is_100(void **s)
{
	(void)s;
	struct report *r = web_perfect();
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].max_points, 150);
	assert_int_equal(r->cat[CAT_WEB_IPV6].max_points, 22);
	assert_int_equal(r->cat[CAT_WEB_RPKI].max_points, 30);
	assert_false(r->cat[CAT_WEB_APPSECPRIV].counted);   /* §8 item 1 */
	assert_int_equal(r->percentage, 100);
	assert_false(r->partial);
	done(r);
}

static void test_not_tested_required_counts_as_failure_in_icon(void **s)
{
	(void)s;
	struct report *r = web_perfect();
	/* DNSSEC insecure: valid stays not_tested but counts as a failure (§2.5 step 2) */
	set(r, SUB_WEB_DNSSEC_EXIST, STATUS_FAIL, "bad", POINTS_NULL);
	r->sub[SUB_WEB_DNSSEC_VALID].evaluated = false;
	result_set_points(r, SUB_WEB_DNSSEC_VALID, 2);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_DNSSEC].status, STATUS_FAIL);
	assert_int_equal(r->cat[CAT_WEB_DNSSEC].percentage, 20);
	assert_int_equal(r->percentage, 80);      /* §4.3 table: unsigned zone */
	done(r);
}

static void test_warning_in_mandatory_category_is_passed(void **s)
{
	(void)s;
	struct report *r = web_perfect();
	set(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_NOTICE, "notice", 0);
	score_report(r);
	/* §2.5 step 3 / §8 item 3: warnings do not change the icon of a category with REQ subtests */
	assert_int_equal(r->cat[CAT_WEB_IPV6].status, STATUS_SUCCESS);
	assert_int_equal(r->cat[CAT_WEB_IPV6].percentage, 90);
	assert_int_equal(r->percentage, 97);      /* §4.3 table: different content over IPv6 */
	done(r);
}

static void test_appsecpriv_icon_without_required_subtests(void **s)
{
	(void)s;
	struct report *r = web_perfect();
	set(r, SUB_WEB_APPSECPRIV_CSP, STATUS_FAIL, "bad", POINTS_NULL);       /* capped to warning */
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_APPSECPRIV].status, STATUS_NOTICE);
	assert_int_equal(r->percentage, 100);     /* never scored */
	set(r, SUB_WEB_APPSECPRIV_CSP, STATUS_SUCCESS, "good", POINTS_NULL);
	set(r, SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, STATUS_FAIL, "bad", POINTS_NULL); /* capped to info */
	score_report(r);
	/* optional subtests present (has_optional): info does not change the icon */
	assert_int_equal(r->cat[CAT_WEB_APPSECPRIV].status, STATUS_SUCCESS);
	done(r);
}

static void test_override_mandatory_false_rpki_icon_warning(void **s)
{
	(void)s;
	struct report *r = web_perfect();
	/* §3.5: a missing ROA shows warning but still costs the points */
	set(r, SUB_WEB_RPKI_EXISTS, STATUS_NOTICE, "bad", 0);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_RPKI].status, STATUS_NOTICE);
	assert_int_equal(r->cat[CAT_WEB_RPKI].percentage, 83);   /* 25/30 */
	/* not-tested RPKI subtests do not count as failures (override False) */
	r->sub[SUB_WEB_NS_RPKI_VALID].evaluated = false;
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_RPKI].status, STATUS_NOTICE);
	done(r);
}

static void test_tls_icon_follows_https_exists_when_rest_not_tested(void **s)
{
	(void)s;
	struct report *r = web_perfect();
	for (int id = SUB_WEB_HTTPS_HTTP_REDIRECT; id <= SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET; id++) {
		r->sub[id].evaluated = false;
		r->sub[id].points = POINTS_NULL;
	}
	result_force(r, SUB_WEB_HTTPS_HTTP_AVAILABLE, STATUS_ERROR, "other");
	r->cat[CAT_WEB_HTTPS].text_verdict = "unreachable";
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].status, STATUS_ERROR);
	assert_string_equal(r->cat[CAT_WEB_HTTPS].verdict, "unreachable");
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 0);
	/* §2.5 step 4: NOT_TESTED first subtest maps to info */
	r->sub[SUB_WEB_HTTPS_HTTP_AVAILABLE].evaluated = false;
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].status, STATUS_INFO);
	done(r);
}

static void test_unimplemented_category_excluded_and_partial(void **s)
{
	(void)s;
	struct report *r = web_perfect();
	r->cat[CAT_WEB_RPKI].implemented = false;
	set(r, SUB_WEB_DNSSEC_EXIST, STATUS_FAIL, "bad", POINTS_NULL);
	r->sub[SUB_WEB_DNSSEC_VALID].evaluated = false;
	result_set_points(r, SUB_WEB_DNSSEC_VALID, 2);
	score_report(r);
	assert_true(r->partial);
	assert_false(r->cat[CAT_WEB_RPKI].counted);
	assert_int_equal(r->cat[CAT_WEB_RPKI].status, STATUS_NOT_TESTED);
	assert_string_equal(r->cat[CAT_WEB_RPKI].verdict, "not-implemented");
	assert_int_equal(r->percentage, 73);      /* int((100 + 20 + 100) / 3) */
	done(r);
}

static void test_per_server_points_override_sum(void **s)
{
	(void)s;
	struct report *r = web_perfect();
	/* §2.4: min over servers of summed points, set by the evaluator */
	r->cat[CAT_WEB_HTTPS].points = 130;
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].obtained_points, 130);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 86);
	done(r);
}

/* ---- §4.3 worked examples ---- */

static void test_worked_example_web_target_54(void **s)
{
	(void)s;
	struct report *r = new_report(TEST_WEB);
	implement_all(r);
	/* IPv6: no NS found (0) + web reachable (10) + identical pages (2) = 12/22 */
	set(r, SUB_WEB_IPV6_NS_ADDRESS, STATUS_FAIL, "bad", POINTS_NULL);
	result_set_points(r, SUB_WEB_IPV6_NS_REACH, 0);
	set(r, SUB_WEB_IPV6_WS_ADDRESS, STATUS_SUCCESS, "good", POINTS_NULL);
	set(r, SUB_WEB_IPV6_WS_REACH, STATUS_SUCCESS, "good", 10);
	set(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_SUCCESS, "good", 2);
	/* DNSSEC insecure: 2/10 */
	set(r, SUB_WEB_DNSSEC_EXIST, STATUS_FAIL, "bad", POINTS_NULL);
	result_set_points(r, SUB_WEB_DNSSEC_VALID, 2);
	/* TLS: only cert_trust fails; kex hash phase-out keeps its 10 points -> 140/150 */
	web_tls_perfect(r);
	set(r, SUB_WEB_HTTPS_CERT_CHAIN, STATUS_FAIL, "bad", 0);
	set(r, SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, STATUS_NOTICE, "phase-out", 10);
	set(r, SUB_WEB_HTTPS_TLS_CAA, STATUS_NOTICE, "bad", POINTS_NULL);
	set(r, SUB_WEB_HTTPS_DANE_EXIST, STATUS_INFO, "bad", POINTS_NULL);
	r->sub[SUB_WEB_HTTPS_DANE_VALID].evaluated = false;
	set(r, SUB_WEB_HTTPS_TLS_OCSP, STATUS_NOT_TESTED, "not-in-cert", POINTS_NULL);
	/* security options: warning icon, excluded */
	set(r, SUB_WEB_APPSECPRIV_CSP, STATUS_NOTICE, "bad", POINTS_NULL);
	set(r, SUB_WEB_APPSECPRIV_SECURITYTXT, STATUS_NOTICE, "bad", POINTS_NULL);
	/* RPKI: validator disabled -> web group error (0 + 0), no NS -> not tested (5 + 10) */
	result_force(r, SUB_WEB_RPKI_EXISTS, STATUS_ERROR, "not-tested");
	result_force(r, SUB_WEB_RPKI_VALID, STATUS_ERROR, "not-tested");
	set(r, SUB_WEB_NS_RPKI_EXISTS, STATUS_NOT_TESTED, "no-addresses", 5);
	result_set_points(r, SUB_WEB_NS_RPKI_VALID, 10);
	for (int id = SUB_WEB_RPKI_EXISTS; id <= SUB_WEB_NS_RPKI_VALID; id++)
		r->sub[id].override_mandatory = OVERRIDE_FALSE;
	score_report(r);

	assert_int_equal(r->cat[CAT_WEB_IPV6].percentage, 54);
	assert_int_equal(r->cat[CAT_WEB_IPV6].status, STATUS_FAIL);
	assert_int_equal(r->cat[CAT_WEB_DNSSEC].percentage, 20);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 93);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].status, STATUS_FAIL);
	assert_false(r->cat[CAT_WEB_APPSECPRIV].counted);
	assert_int_equal(r->cat[CAT_WEB_APPSECPRIV].status, STATUS_NOTICE);
	assert_int_equal(r->cat[CAT_WEB_RPKI].percentage, 50);
	assert_int_equal(r->cat[CAT_WEB_RPKI].status, STATUS_ERROR);
	assert_int_equal(r->percentage, 54);      /* int(54.25) */
	done(r);
}

static void test_worked_example_mail_target_31(void **s)
{
	(void)s;
	struct report *r = new_report(TEST_MAIL);
	implement_all(r);
	/* IPv6: NS 0 + MX reachable 10 -> 10/20 */
	set(r, SUB_MAIL_IPV6_NS_ADDRESS, STATUS_FAIL, "bad", POINTS_NULL);
	result_set_points(r, SUB_MAIL_IPV6_NS_REACH, 0);
	result_set_worst(r, SUB_MAIL_IPV6_MX_ADDRESS, STATUS_FAIL);
	result_set_worst(r, SUB_MAIL_IPV6_MX_REACH, STATUS_FAIL);
	set(r, SUB_MAIL_IPV6_MX_ADDRESS, STATUS_SUCCESS, "good", POINTS_NULL);
	set(r, SUB_MAIL_IPV6_MX_REACH, STATUS_SUCCESS, "good", 10);
	/* DNSSEC 20 */
	set(r, SUB_MAIL_DNSSEC_MAILTO_EXIST, STATUS_FAIL, "bad", POINTS_NULL);
	result_set_points(r, SUB_MAIL_DNSSEC_MAILTO_VALID, 2);
	result_set_worst(r, SUB_MAIL_DNSSEC_MX_EXIST, STATUS_FAIL);
	result_set_worst(r, SUB_MAIL_DNSSEC_MX_VALID, STATUS_FAIL);
	set(r, SUB_MAIL_DNSSEC_MX_EXIST, STATUS_FAIL, "bad", POINTS_NULL);
	/* auth: DMARC none (0, policy 0), DKIM available (10), SPF none (0, 0) -> 10/50 */
	set(r, SUB_MAIL_AUTH_DMARC_EXIST, STATUS_FAIL, "bad", 0);
	set(r, SUB_MAIL_AUTH_DKIM_EXIST, STATUS_SUCCESS, "good", 10);
	set(r, SUB_MAIL_AUTH_SPF_EXIST, STATUS_FAIL, "bad", 0);
	/* TLS: no STARTTLS -> unreachable (error) -> 0/10 */
	result_set_worst(r, SUB_MAIL_STARTTLS_TLS_AVAILABLE, STATUS_FAIL);
	result_force(r, SUB_MAIL_STARTTLS_TLS_AVAILABLE, STATUS_ERROR, "other");
	result_set_points(r, SUB_MAIL_STARTTLS_TLS_AVAILABLE, 0);
	r->cat[CAT_MAIL_STARTTLS].text_verdict = "unreachable";
	/* RPKI: MX group error (0), NS and MX-NS groups empty (15 + 15) -> 30/45 */
	result_force(r, SUB_MAIL_RPKI_EXISTS, STATUS_ERROR, "not-tested");
	result_force(r, SUB_MAIL_RPKI_VALID, STATUS_ERROR, "not-tested");
	set(r, SUB_MAIL_NS_RPKI_EXISTS, STATUS_NOT_TESTED, "no-addresses", 5);
	result_set_points(r, SUB_MAIL_NS_RPKI_VALID, 10);
	set(r, SUB_MAIL_MX_NS_RPKI_EXISTS, STATUS_NOT_TESTED, "no-addresses", 5);
	result_set_points(r, SUB_MAIL_MX_NS_RPKI_VALID, 10);
	for (int id = SUB_MAIL_RPKI_EXISTS; id <= SUB_MAIL_MX_NS_RPKI_VALID; id++)
		r->sub[id].override_mandatory = OVERRIDE_FALSE;
	score_report(r);

	assert_int_equal(r->cat[CAT_MAIL_IPV6].percentage, 50);
	assert_int_equal(r->cat[CAT_MAIL_DNSSEC].percentage, 20);
	assert_int_equal(r->cat[CAT_MAIL_AUTH].percentage, 20);
	assert_int_equal(r->cat[CAT_MAIL_STARTTLS].max_points, 10);
	assert_int_equal(r->cat[CAT_MAIL_STARTTLS].percentage, 0);
	assert_int_equal(r->cat[CAT_MAIL_STARTTLS].status, STATUS_ERROR);
	assert_string_equal(r->cat[CAT_MAIL_STARTTLS].verdict, "unreachable");
	assert_int_equal(r->cat[CAT_MAIL_RPKI].percentage, 66);
	assert_int_equal(r->percentage, 31);      /* int(31.2) */
	done(r);
}

/* §4.3 illustrative table: one change to a perfect web report, TLS % and overall %. */
static void test_illustrative_table(void **s)
{
	(void)s;
	struct report *r;

	/* SHA-1 accepted in signature_algorithms: 140/150 -> 93, overall 98 */
	r = web_perfect();
	set(r, SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, STATUS_FAIL, "bad", 0);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 93);
	assert_int_equal(r->percentage, 98);
	done(r);

	/* an insufficient cipher enabled: 98 */
	r = web_perfect();
	set(r, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_FAIL, "bad", 0);
	score_report(r);
	assert_int_equal(r->percentage, 98);
	done(r);

	/* HSTS max-age 6 months: 142/150 -> 94, overall 98 */
	r = web_perfect();
	set(r, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_FAIL, "other", 2);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 94);
	assert_int_equal(r->percentage, 98);
	done(r);

	/* TLS 1.0 + CBC-SHA1 ciphers + SHA-1 kex hash: 120/150 -> 80, overall 95 */
	r = web_perfect();
	set(r, SUB_WEB_HTTPS_TLS_VERSION, STATUS_FAIL, "bad", 0);
	set(r, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_FAIL, "bad", 0);
	set(r, SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, STATUS_FAIL, "bad", 0);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 80);
	assert_int_equal(r->percentage, 95);
	done(r);

	/* no HSTS and no HTTP->HTTPS redirect: 130/150 -> 86, overall 96 */
	r = web_perfect();
	set(r, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_FAIL, "bad", 0);
	set(r, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_FAIL, "bad", 0);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 86);
	assert_int_equal(r->percentage, 96);
	done(r);

	/* phase-out only: warnings keep full points (§8 item 3) -> 100 */
	r = web_perfect();
	set(r, SUB_WEB_HTTPS_TLS_KEYEXCHANGE, STATUS_NOTICE, "phase-out", 10);
	set(r, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_NOTICE, "phase-out", 10);
	set(r, SUB_WEB_HTTPS_CERT_PUBKEY, STATUS_NOTICE, "phase-out", 10);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 100);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].status, STATUS_SUCCESS);
	assert_int_equal(r->percentage, 100);
	done(r);

	/* no ROAs anywhere (not-found for web and NS): RPKI 0 -> 75 */
	r = web_perfect();
	set(r, SUB_WEB_RPKI_EXISTS, STATUS_NOTICE, "bad", 0);
	set(r, SUB_WEB_RPKI_VALID, STATUS_FAIL, "bad", 0);
	set(r, SUB_WEB_NS_RPKI_EXISTS, STATUS_NOTICE, "bad", 0);
	set(r, SUB_WEB_NS_RPKI_VALID, STATUS_FAIL, "bad", 0);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_RPKI].percentage, 0);
	assert_int_equal(r->cat[CAT_WEB_RPKI].status, STATUS_FAIL);
	assert_int_equal(r->percentage, 75);
	done(r);

	/* ROA for web IPs but not for NS IPs: RPKI 15/30 = 50 -> 87 */
	r = web_perfect();
	set(r, SUB_WEB_NS_RPKI_EXISTS, STATUS_NOTICE, "bad", 0);
	set(r, SUB_WEB_NS_RPKI_VALID, STATUS_FAIL, "bad", 0);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_RPKI].percentage, 50);
	assert_int_equal(r->percentage, 87);
	done(r);

	/* no AAAA for the web server (NS fine): IPv6 10/22 -> 45, overall 86 */
	r = web_perfect();
	set(r, SUB_WEB_IPV6_WS_ADDRESS, STATUS_FAIL, "bad", POINTS_NULL);
	r->sub[SUB_WEB_IPV6_WS_REACH].evaluated = false;
	result_set_points(r, SUB_WEB_IPV6_WS_REACH, 0);
	r->sub[SUB_WEB_IPV6_WS_SIMILAR].evaluated = false;
	result_set_points(r, SUB_WEB_IPV6_WS_SIMILAR, POINTS_NULL);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_IPV6].percentage, 45);
	assert_int_equal(r->percentage, 86);
	done(r);
}

static void test_mail_null_mx_drops_tls_from_average(void **s)
{
	(void)s;
	struct report *r = new_report(TEST_MAIL);
	r->cat[CAT_MAIL_IPV6].implemented = true;
	r->cat[CAT_MAIL_STARTTLS].implemented = true;
	set(r, SUB_MAIL_IPV6_NS_ADDRESS, STATUS_SUCCESS, "good", POINTS_NULL);
	set(r, SUB_MAIL_IPV6_NS_REACH, STATUS_SUCCESS, "good", 10);
	set(r, SUB_MAIL_STARTTLS_TLS_AVAILABLE, STATUS_NOT_TESTED, "null-mx", POINTS_NULL);
	score_report(r);
	/* §8 item 13: TLS max 0 -> skipped; a Null MX domain can score 100 */
	assert_false(r->cat[CAT_MAIL_STARTTLS].counted);
	assert_int_equal(r->percentage, 100);
	done(r);
}

static void test_catalog_names_unique_and_complete(void **s)
{
	(void)s;
	for (int i = 0; i < SUB_COUNT; i++) {
		const struct catalog_subtest *t = catalog_subtest(i);
		assert_int_equal(t->id, i);
		assert_non_null(t->api_name);
		assert_ptr_equal(catalog_find_subtest(t->api_name), t);
		const struct catalog_category *c = catalog_category(t->category);
		assert_true(i >= (int)c->first && i <= (int)c->last);
	}
	for (int c = 0; c < CAT_COUNT; c++)
		assert_ptr_equal(catalog_find_category(catalog_category(c)->api_name), catalog_category(c));
	assert_string_equal(status_api_name(STATUS_GOOD_NOT_TESTED), "not_tested");
	assert_string_equal(status_api_name(STATUS_NOTICE), "warning");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percentage_double_truncation),
		cmocka_unit_test(test_capping_client_reneg_too_high_is_info),
		cmocka_unit_test(test_forced_status_bypasses_cap),
		cmocka_unit_test(test_unevaluated_subtest_is_not_tested),
		cmocka_unit_test(test_perfect_web_is_100),
		cmocka_unit_test(test_not_tested_required_counts_as_failure_in_icon),
		cmocka_unit_test(test_warning_in_mandatory_category_is_passed),
		cmocka_unit_test(test_appsecpriv_icon_without_required_subtests),
		cmocka_unit_test(test_override_mandatory_false_rpki_icon_warning),
		cmocka_unit_test(test_tls_icon_follows_https_exists_when_rest_not_tested),
		cmocka_unit_test(test_unimplemented_category_excluded_and_partial),
		cmocka_unit_test(test_per_server_points_override_sum),
		cmocka_unit_test(test_worked_example_web_target_54),
		cmocka_unit_test(test_worked_example_mail_target_31),
		cmocka_unit_test(test_illustrative_table),
		cmocka_unit_test(test_mail_null_mx_drops_tls_from_average),
		cmocka_unit_test(test_catalog_names_unique_and_complete),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

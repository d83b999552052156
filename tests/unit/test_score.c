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
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/catalog.h"
#include "report/render.h"
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

	/* the catalog carries the False default: an evaluator need not set it */
	for (int id = SUB_WEB_RPKI_EXISTS; id <= SUB_WEB_NS_RPKI_VALID; id++)
		r->sub[id].override_mandatory = OVERRIDE_NONE;
	score_report(r);
	assert_int_equal(score_subtest_override(r, SUB_WEB_RPKI_VALID), OVERRIDE_FALSE);
	assert_int_equal(score_subtest_override(r, SUB_WEB_DNSSEC_VALID), OVERRIDE_NONE);
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

	/* TLS 1.0 or 1.1 still enabled: 140/150 -> 93, overall 98 */
	r = web_perfect();
	set(r, SUB_WEB_HTTPS_TLS_VERSION, STATUS_FAIL, "bad", 0);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 93);
	assert_int_equal(r->percentage, 98);
	done(r);

	/* three failures: legacy ciphers + SHA-1 kex hash + no EMS: 120/150 -> 80, overall 95 */
	r = web_perfect();
	set(r, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_FAIL, "bad", 0);
	set(r, SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, STATUS_FAIL, "bad", 0);
	set(r, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, STATUS_FAIL, "bad", 0);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].max_points, 150);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 80);
	assert_int_equal(r->percentage, 95);
	done(r);

	/* unsigned zone: DNSSEC insecure 2/10 -> 20, overall int(320/4) = 80 */
	r = web_perfect();
	set(r, SUB_WEB_DNSSEC_EXIST, STATUS_FAIL, "bad", POINTS_NULL);
	r->sub[SUB_WEB_DNSSEC_VALID].evaluated = false;
	result_set_points(r, SUB_WEB_DNSSEC_VALID, 2);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_DNSSEC].percentage, 20);
	assert_int_equal(r->percentage, 80);
	done(r);

	/* reachable over IPv6 but different page content: IPv6 20/22 -> 90, overall 97 */
	r = web_perfect();
	set(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_NOTICE, "notice", 0);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_IPV6].percentage, 90);
	assert_int_equal(r->percentage, 97);
	done(r);

	/* everything perfect: 150/150, overall 100 */
	r = web_perfect();
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 100);
	assert_int_equal(r->percentage, 100);
	done(r);
}

/* §3.3.8: EMS is only required with TLS 1.2; a TLS 1.3-only server scores out of 140. */
static void test_ems_without_tls12_removed_from_max(void **s)
{
	(void)s;
	struct report *r = web_perfect();
	r->sub[SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET].worst_set = false;   /* not promoted */
	set(r, SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, STATUS_NOT_TESTED, "na-no-tls-1-2", POINTS_NULL);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].max_points, 140);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 100);
	/* worst INFO: the not-tested EMS adds to the info bucket, not a failure */
	assert_int_equal(r->cat[CAT_WEB_HTTPS].status, STATUS_SUCCESS);
	assert_int_equal(r->percentage, 100);
	done(r);
}

/* §8 item 12: web loses 40 points without a certificate (REQ subtests not tested). */
static void test_no_certificate_web_loses_40_points(void **s)
{
	(void)s;
	struct report *r = web_perfect();
	set(r, SUB_WEB_HTTPS_CERT_CHAIN, STATUS_NOT_TESTED, "could-not-test", 0);
	for (int id = SUB_WEB_HTTPS_CERT_PUBKEY; id <= SUB_WEB_HTTPS_TLS_CAA; id++) {
		r->sub[id].evaluated = false;
		r->sub[id].points = POINTS_NULL;
	}
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].obtained_points, 110);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 73);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].status, STATUS_FAIL);   /* §2.5 step 2 */
	done(r);
}

/* ---- a perfect mail report ---- */

static struct report *mail_perfect(bool dane)
{
	struct report *r = new_report(TEST_MAIL);
	implement_all(r);
	set(r, SUB_MAIL_IPV6_NS_ADDRESS, STATUS_SUCCESS, "good", POINTS_NULL);
	set(r, SUB_MAIL_IPV6_NS_REACH, STATUS_SUCCESS, "good", 10);
	result_set_worst(r, SUB_MAIL_IPV6_MX_ADDRESS, STATUS_FAIL);
	result_set_worst(r, SUB_MAIL_IPV6_MX_REACH, STATUS_FAIL);
	set(r, SUB_MAIL_IPV6_MX_ADDRESS, STATUS_SUCCESS, "good", POINTS_NULL);
	set(r, SUB_MAIL_IPV6_MX_REACH, STATUS_SUCCESS, "good", 10);
	set(r, SUB_MAIL_DNSSEC_MAILTO_EXIST, STATUS_SUCCESS, "good", POINTS_NULL);
	set(r, SUB_MAIL_DNSSEC_MAILTO_VALID, STATUS_SUCCESS, "good", 10);
	result_set_worst(r, SUB_MAIL_DNSSEC_MX_EXIST, STATUS_FAIL);
	result_set_worst(r, SUB_MAIL_DNSSEC_MX_VALID, STATUS_FAIL);
	set(r, SUB_MAIL_DNSSEC_MX_EXIST, STATUS_SUCCESS, "good", POINTS_NULL);
	set(r, SUB_MAIL_DNSSEC_MX_VALID, STATUS_SUCCESS, "good", POINTS_NULL);
	for (int id = SUB_MAIL_AUTH_DMARC_EXIST; id <= SUB_MAIL_AUTH_SPF_POLICY; id++)
		set(r, id, STATUS_SUCCESS, "good", 10);
	/* §2.2 was_tested: every scored mail TLS subtest that ran is promoted */
	for (int id = SUB_MAIL_STARTTLS_TLS_AVAILABLE; id <= SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET; id++) {
		int max = catalog_subtest(id)->max_points;
		if (!dane && (id == SUB_MAIL_STARTTLS_DANE_VALID || id == SUB_MAIL_STARTTLS_DANE_ROLLOVER))
			continue;               /* no TLSA: dane_valid/rollover not tested */
		if (max)
			result_set_worst(r, id, STATUS_FAIL);
		set(r, id, STATUS_SUCCESS, "good", max ? max : POINTS_NULL);
	}
	if (!dane) {
		/* no TLSA: dane_exists failed/bad, 0 of its 10 points */
		set(r, SUB_MAIL_STARTTLS_DANE_EXIST, STATUS_FAIL, "bad", 0);
		/* dane_valid only REQ when TLSA present: stays at INFO, unscored */
	}
	set(r, SUB_MAIL_STARTTLS_TLS_0RTT, STATUS_SUCCESS, "na", 10);
	set(r, SUB_MAIL_RPKI_EXISTS, STATUS_SUCCESS, "good", 5);
	set(r, SUB_MAIL_RPKI_VALID, STATUS_SUCCESS, "good", 10);
	set(r, SUB_MAIL_NS_RPKI_EXISTS, STATUS_SUCCESS, "good", 5);
	set(r, SUB_MAIL_NS_RPKI_VALID, STATUS_SUCCESS, "good", 10);
	set(r, SUB_MAIL_MX_NS_RPKI_EXISTS, STATUS_SUCCESS, "good", 5);
	set(r, SUB_MAIL_MX_NS_RPKI_VALID, STATUS_SUCCESS, "good", 10);
	for (int id = SUB_MAIL_RPKI_EXISTS; id <= SUB_MAIL_MX_NS_RPKI_VALID; id++)
		r->sub[id].override_mandatory = OVERRIDE_FALSE;
	return r;
}

static void test_perfect_mail_is_100_with_dane(void **s)
{
	(void)s;
	struct report *r = mail_perfect(true);
	score_report(r);
	assert_int_equal(r->cat[CAT_MAIL_IPV6].max_points, 20);
	assert_int_equal(r->cat[CAT_MAIL_DNSSEC].max_points, 10);
	assert_int_equal(r->cat[CAT_MAIL_AUTH].max_points, 50);
	assert_int_equal(r->cat[CAT_MAIL_STARTTLS].max_points, 140);   /* §4.1, DANE counts twice */
	assert_int_equal(r->cat[CAT_MAIL_RPKI].max_points, 45);
	assert_int_equal(r->percentage, 100);
	for (int c = CAT_MAIL_IPV6; c <= CAT_MAIL_RPKI; c++)
		assert_int_equal(r->cat[c].status, STATUS_SUCCESS);
	done(r);
}

/* §8 item 11: TLSA present but failing (120/140 = 85) scores lower than none (120/130 = 92). */
static void test_mail_dane_failing_scores_below_no_tlsa(void **s)
{
	(void)s;
	struct report *r = mail_perfect(true);
	set(r, SUB_MAIL_STARTTLS_DANE_EXIST, STATUS_SUCCESS, "good", 0);
	set(r, SUB_MAIL_STARTTLS_DANE_VALID, STATUS_FAIL, "bad", 0);
	score_report(r);
	assert_int_equal(r->cat[CAT_MAIL_STARTTLS].percentage, 85);
	done(r);

	r = mail_perfect(false);
	score_report(r);
	assert_int_equal(r->cat[CAT_MAIL_STARTTLS].max_points, 130);
	assert_int_equal(r->cat[CAT_MAIL_STARTTLS].percentage, 92);
	assert_int_equal(r->cat[CAT_MAIL_STARTTLS].status, STATUS_FAIL);
	done(r);
}

/* §8 item 12: mail trust/host match are informational; a mismatch costs nothing. */
static void test_mail_cert_trust_and_hostmatch_informational(void **s)
{
	(void)s;
	struct report *r = mail_perfect(true);
	set(r, SUB_MAIL_STARTTLS_CERT_CHAIN, STATUS_FAIL, "bad", POINTS_NULL);
	set(r, SUB_MAIL_STARTTLS_CERT_DOMAIN, STATUS_FAIL, "bad", POINTS_NULL);
	score_report(r);
	assert_int_equal(score_subtest_status(r, SUB_MAIL_STARTTLS_CERT_CHAIN), STATUS_INFO);
	assert_int_equal(r->cat[CAT_MAIL_STARTTLS].percentage, 100);
	assert_int_equal(r->cat[CAT_MAIL_STARTTLS].status, STATUS_SUCCESS);
	/* the DANE-TA hack forces failed/bad: icon failed, still unscored (§3.10) */
	result_force(r, SUB_MAIL_STARTTLS_CERT_DOMAIN, STATUS_FAIL, "bad");
	score_report(r);
	assert_int_equal(r->cat[CAT_MAIL_STARTTLS].status, STATUS_FAIL);
	assert_int_equal(r->cat[CAT_MAIL_STARTTLS].percentage, 100);
	done(r);
}

/* §2.5 step 1: https_forced no-https carries override False; later REQ subtests set it back. */
static void test_https_redirect_no_https_not_a_failure(void **s)
{
	(void)s;
	struct report *r = web_perfect();
	set(r, SUB_WEB_HTTPS_HTTP_REDIRECT, STATUS_NOT_TESTED, "no-https", 0);
	r->sub[SUB_WEB_HTTPS_HTTP_REDIRECT].override_mandatory = OVERRIDE_FALSE;
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].status, STATUS_SUCCESS);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].percentage, 93);   /* 140/150: still in the max */
	/* and a later warning does not show: is_mandatory was set back by HSTS and the rest */
	set(r, SUB_WEB_HTTPS_TLS_CIPHERS, STATUS_NOTICE, "phase-out", 10);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_HTTPS].status, STATUS_SUCCESS);
	done(r);
}

/* §2.5 step 1: override_mandatory is the last writer; True on the last subtest wins. */
static void test_override_mandatory_last_writer_wins(void **s)
{
	(void)s;
	struct report *r = web_perfect();
	set(r, SUB_WEB_RPKI_EXISTS, STATUS_NOTICE, "bad", 0);
	r->sub[SUB_WEB_NS_RPKI_VALID].override_mandatory = OVERRIDE_TRUE;
	score_report(r);
	/* mandatory again: the warning no longer shows in the icon */
	assert_int_equal(r->cat[CAT_WEB_RPKI].status, STATUS_SUCCESS);
	/* and a not-tested required subtest without override False counts as failure */
	r->sub[SUB_WEB_NS_RPKI_VALID].evaluated = false;
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_RPKI].status, STATUS_FAIL);
	done(r);
}

/* §2.5 step 3: error beats failed; info shows only without required or recommended subtests. */
static void test_icon_order_error_failed_warning_info(void **s)
{
	(void)s;
	struct report *r = web_perfect();
	set(r, SUB_WEB_RPKI_VALID, STATUS_FAIL, "bad", 0);
	result_force(r, SUB_WEB_NS_RPKI_VALID, STATUS_ERROR, "not-tested");
	result_set_points(r, SUB_WEB_NS_RPKI_VALID, POINTS_NULL);
	score_report(r);
	assert_int_equal(r->cat[CAT_WEB_RPKI].status, STATUS_ERROR);
	assert_string_equal(r->cat[CAT_WEB_RPKI].verdict, "error");
	assert_int_equal(r->cat[CAT_WEB_RPKI].percentage, 33);   /* 10/30, NULL counts 0 */
	done(r);

	/* a category with only optional subtests: info icon */
	r = web_perfect();
	for (int id = SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS; id <= SUB_WEB_APPSECPRIV_SECURITYTXT; id++)
		result_set_worst(r, id, STATUS_INFO);
	set(r, SUB_WEB_APPSECPRIV_CSP, STATUS_FAIL, "bad", POINTS_NULL);
	score_report(r);
	assert_int_equal(score_subtest_status(r, SUB_WEB_APPSECPRIV_CSP), STATUS_INFO);
	assert_int_equal(r->cat[CAT_WEB_APPSECPRIV].status, STATUS_INFO);
	assert_string_equal(r->cat[CAT_WEB_APPSECPRIV].verdict, "info");
	done(r);
}

/* §2.5 step 4: mail TLS follows starttls_exists (forced warning for Null MX with other MX). */
static void test_mail_tls_icon_follows_starttls_exists(void **s)
{
	(void)s;
	struct report *r = new_report(TEST_MAIL);
	implement_all(r);
	result_force(r, SUB_MAIL_STARTTLS_TLS_AVAILABLE, STATUS_NOTICE, "null-mx-with-other-mx");
	r->cat[CAT_MAIL_STARTTLS].text_verdict = "null-mx-with-other-mx";
	score_report(r);
	assert_int_equal(r->cat[CAT_MAIL_STARTTLS].status, STATUS_NOTICE);
	assert_string_equal(r->cat[CAT_MAIL_STARTTLS].verdict, "null-mx-with-other-mx");
	assert_int_equal(r->cat[CAT_MAIL_STARTTLS].max_points, 0);
	assert_false(r->cat[CAT_MAIL_STARTTLS].counted);
	done(r);
}

/* §4.2: nothing counted -> 0; the average truncates. */
static void test_overall_average_and_empty(void **s)
{
	(void)s;
	struct report *r = new_report(TEST_WEB);
	score_report(r);                  /* nothing implemented */
	assert_int_equal(r->percentage, 0);
	assert_true(r->partial);
	for (int c = CAT_WEB_IPV6; c <= CAT_WEB_RPKI; c++) {
		assert_false(r->cat[c].counted);
		assert_string_equal(r->cat[c].verdict, "not-implemented");
	}
	done(r);
}

/* §2.6: the verdict is the token set by the evaluator, "not-tested" until then. */
static void test_status_api_names_and_verdicts(void **s)
{
	(void)s;
	assert_string_equal(status_api_name(STATUS_ERROR), "error");
	assert_string_equal(status_api_name(STATUS_FAIL), "failed");
	assert_string_equal(status_api_name(STATUS_NOTICE), "warning");
	assert_string_equal(status_api_name(STATUS_INFO), "info");
	assert_string_equal(status_api_name(STATUS_NOT_TESTED), "not_tested");
	assert_string_equal(status_api_name(STATUS_SUCCESS), "passed");
	struct report *r = new_report(TEST_WEB);
	set(r, SUB_WEB_DNSSEC_EXIST, STATUS_FAIL, "resolver-error", POINTS_NULL);
	assert_string_equal(score_subtest_verdict(r, SUB_WEB_DNSSEC_EXIST), "resolver-error");
	assert_int_equal(score_subtest_worst(r, SUB_WEB_DNSSEC_EXIST), STATUS_FAIL);
	result_set_worst(r, SUB_WEB_DNSSEC_EXIST, STATUS_NOTICE);
	assert_int_equal(score_subtest_worst(r, SUB_WEB_DNSSEC_EXIST), STATUS_NOTICE);
	assert_int_equal(score_subtest_status(r, SUB_WEB_DNSSEC_EXIST), STATUS_NOTICE);
	done(r);
}

/* §3 tables: levels, points and category maxima of the catalog. */
static void test_catalog_levels_and_maxima(void **s)
{
	(void)s;
	static const struct { enum category_id c; int max; } full[] = {
		/* every subtest with points counted (promoted where §2.2 says so) */
		{ CAT_WEB_IPV6, 22 }, { CAT_WEB_DNSSEC, 10 }, { CAT_WEB_HTTPS, 150 },
		{ CAT_WEB_APPSECPRIV, 0 }, { CAT_WEB_RPKI, 30 }, { CAT_MAIL_IPV6, 20 },
		{ CAT_MAIL_DNSSEC, 10 }, { CAT_MAIL_AUTH, 50 }, { CAT_MAIL_STARTTLS, 140 },
		{ CAT_MAIL_RPKI, 45 }, { CAT_CONN_IPV6, 100 }, { CAT_CONN_DNSSEC, 100 },
	};
	for (size_t i = 0; i < sizeof(full) / sizeof(full[0]); i++) {
		const struct catalog_category *c = catalog_category(full[i].c);
		int sum = 0;
		for (int id = c->first; id <= (int)c->last; id++)
			sum += catalog_subtest(id)->max_points;
		assert_int_equal(sum, full[i].max);
	}
	/* initial levels of the "REQ once tested" subtests (§2.2) */
	assert_int_equal(catalog_subtest(SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH)->worst, STATUS_INFO);
	assert_int_equal(catalog_subtest(SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET)->worst, STATUS_INFO);
	assert_int_equal(catalog_subtest(SUB_MAIL_IPV6_MX_ADDRESS)->worst, STATUS_NOTICE);
	assert_int_equal(catalog_subtest(SUB_MAIL_IPV6_MX_REACH)->worst, STATUS_INFO);
	assert_int_equal(catalog_subtest(SUB_MAIL_STARTTLS_TLS_AVAILABLE)->worst, STATUS_INFO);
	assert_int_equal(catalog_subtest(SUB_WEB_HTTPS_TLS_CAA)->worst, STATUS_NOTICE);
	assert_int_equal(catalog_subtest(SUB_WEB_HTTPS_CERT_CHAIN)->worst, STATUS_FAIL);
	/* categories of each test in report order (§5.3) */
	enum category_id cats[5];
	assert_int_equal(catalog_categories_of(TEST_WEB, cats), 5);
	assert_int_equal(cats[0], CAT_WEB_IPV6);
	assert_int_equal(cats[3], CAT_WEB_APPSECPRIV);
	assert_int_equal(cats[4], CAT_WEB_RPKI);
	assert_int_equal(catalog_categories_of(TEST_MAIL, cats), 5);
	assert_int_equal(cats[2], CAT_MAIL_AUTH);
	assert_int_equal(cats[4], CAT_MAIL_RPKI);
	assert_int_equal(catalog_categories_of(TEST_CONN, cats), 2);
	assert_int_equal(cats[0], CAT_CONN_IPV6);
	assert_int_equal(cats[1], CAT_CONN_DNSSEC);
	assert_null(catalog_find_subtest("web_ipv6_nope"));
	assert_string_equal(catalog_find_subtest("mail_starttls_dane_rollover")->key, "dane_rollover");
}

/* Every "bad" verdict has a fix line; no fix for a good verdict; IPv6/DNSSEC fully covered. */
static void test_catalog_advice_coverage(void **s)
{
	(void)s;
	/* tokens that need no action (dependency or no-MX states shown as not_tested) */
	static const char *const no_action[] = {
		"good", "na", "not-allowed", "no-addresses", "not-routed", "other-2",
		"no-mailservers", "null-mx", "na-no-tls-1-2", "not-in-cert",
	};
	for (int id = 0; id < SUB_COUNT; id++) {
		const struct catalog_subtest *t = catalog_subtest(id);
		char buf[256];
		char *save = NULL;

		assert_null(catalog_advice(id, "good"));
		assert_null(catalog_advice(id, NULL));
		snprintf(buf, sizeof(buf), "%s", t->verdicts);
		for (char *v = strtok_r(buf, " ", &save); v; v = strtok_r(NULL, " ", &save)) {
			bool skip = false;
			for (size_t k = 0; k < sizeof(no_action) / sizeof(no_action[0]); k++)
				skip |= !strcmp(v, no_action[k]);
			/* "other" on mx_aaaa means "no MX" (not_tested), not a fault */
			if (id == SUB_MAIL_IPV6_MX_ADDRESS && !strcmp(v, "other"))
				skip = true;
			if (skip)
				continue;
			if (!strcmp(v, "bad") || t->category == CAT_WEB_IPV6 || t->category == CAT_WEB_DNSSEC ||
			    t->category == CAT_MAIL_IPV6 || t->category == CAT_MAIL_DNSSEC) {
				const char *a = catalog_advice(id, v);
				if (!a)
					fail_msg("no advice for %s/%s", t->api_name, v);
				assert_true(strlen(a) > 20);
			}
		}
	}
	assert_string_equal(catalog_advice(SUB_WEB_IPV6_NS_ADDRESS, "bad"),
		"Give at least two of your name servers an IPv6 address (AAAA record) that answers DNS queries.");
	assert_string_equal(catalog_advice(SUB_WEB_DNSSEC_EXIST, "bad"),
		"Sign your zone with DNSSEC and publish its DS record at your registrar.");
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

/* ---- beyond internet.nl (issue 22): informational, outside the score ---- */

static void test_beyond_failure_never_changes_the_score(void **s)
{
	(void)s;
	struct report *r = mail_perfect(true);
	enum status before[CAT_COUNT];
	int pct;

	score_report(r);
	pct = r->percentage;
	for (int c = 0; c < CAT_COUNT; c++)
		before[c] = r->cat[c].status;
	r->cat[CAT_MAIL_BEYOND].implemented = true;
	set(r, SUB_MAIL_BEYOND_SPF_LOOKUPS, STATUS_FAIL, "too-many-lookups", POINTS_NULL);
	score_report(r);
	assert_int_equal(r->percentage, pct);
	assert_int_equal(pct, 100);
	for (int c = 0; c < CAT_COUNT; c++)
		if (c != CAT_MAIL_BEYOND)
			assert_int_equal(r->cat[c].status, before[c]);
	assert_int_equal(r->cat[CAT_MAIL_BEYOND].status, STATUS_FAIL);
	assert_false(r->cat[CAT_MAIL_BEYOND].counted);
	assert_int_equal(r->cat[CAT_MAIL_BEYOND].max_points, 0);
	/* --fail-on judges internet.nl's subtests only */
	assert_false(score_any_subtest_at(r, STATUS_INFO));
	assert_false(r->partial);
	done(r);
}

static void test_beyond_not_run_is_not_partial(void **s)
{
	(void)s;
	struct report *r = mail_perfect(true);
	score_report(r);
	assert_false(r->cat[CAT_MAIL_BEYOND].implemented);
	assert_false(r->partial);
	assert_int_equal(r->cat[CAT_MAIL_BEYOND].status, STATUS_NOT_TESTED);
	done(r);
}

static void test_beyond_json_key_apart_from_results(void **s)
{
	(void)s;
	struct report *r = mail_perfect(true);
	json_t *doc;

	score_report(r);
	doc = render_json(r);
	assert_null(json_object_get(doc, "beyond"));   /* did not run: no key */
	json_decref(doc);
	r->cat[CAT_MAIL_BEYOND].implemented = true;
	set(r, SUB_MAIL_BEYOND_SPF_LOOKUPS, STATUS_NOTICE, "too-many-void", POINTS_NULL);
	score_report(r);
	doc = render_json(r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(json_object_get(
		doc, "beyond"), "tests"), "mail_beyond_spf_lookups"), "verdict")), "too-many-void");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(json_object_get(
		doc, "beyond"), "categories"), "mail_beyond"), "status")), "warning");
	assert_null(json_object_get(json_object_get(json_object_get(doc, "results"), "tests"),
	                            "mail_beyond_spf_lookups"));
	assert_null(json_object_get(json_object_get(json_object_get(doc, "results"), "categories"),
	                            "mail_beyond"));
	assert_false(catalog_in_batch_api(SUB_MAIL_BEYOND_SPF_LOOKUPS));
	json_decref(doc);
	done(r);
}

/* issue 22 item 5: whatever web_beyond_https_rr finds, the web score and internet.nl's
 * categories stay as they are */
static void test_beyond_web_never_changes_the_web_score(void **s)
{
	(void)s;
	static const struct { enum status st; const char *verdict; } found[] = {
		{ STATUS_SUCCESS, "good" }, { STATUS_INFO, "none" }, { STATUS_FAIL, "invalid" },
		{ STATUS_NOTICE, "hints-mismatch" }, { STATUS_NOT_TESTED, "not-tested" },
	};

	for (size_t k = 0; k < sizeof(found) / sizeof(found[0]); k++) {
		struct report *r = web_perfect();
		enum status before[CAT_COUNT];
		json_t *doc;

		score_report(r);
		assert_int_equal(r->percentage, 100);
		for (int c = 0; c < CAT_COUNT; c++)
			before[c] = r->cat[c].status;
		r->cat[CAT_WEB_BEYOND].implemented = true;
		set(r, SUB_WEB_BEYOND_HTTPS_RR, found[k].st, found[k].verdict, POINTS_NULL);
		score_report(r);
		assert_int_equal(r->percentage, 100);
		for (int c = 0; c < CAT_COUNT; c++)
			if (c != CAT_WEB_BEYOND)
				assert_int_equal(r->cat[c].status, before[c]);
		assert_false(r->cat[CAT_WEB_BEYOND].counted);
		assert_int_equal(r->cat[CAT_WEB_BEYOND].max_points, 0);
		assert_false(r->partial);
		assert_false(score_any_subtest_at(r, STATUS_INFO));
		doc = render_json(r);
		assert_null(json_object_get(json_object_get(json_object_get(doc, "results"), "tests"),
		                            "web_beyond_https_rr"));
		assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(
			json_object_get(doc, "beyond"), "tests"), "web_beyond_https_rr"), "verdict")),
			found[k].verdict);
		json_decref(doc);
		done(r);
	}
	assert_false(catalog_in_batch_api(SUB_WEB_BEYOND_HTTPS_RR));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percentage_double_truncation),
		cmocka_unit_test(test_beyond_failure_never_changes_the_score),
		cmocka_unit_test(test_beyond_not_run_is_not_partial),
		cmocka_unit_test(test_beyond_json_key_apart_from_results),
		cmocka_unit_test(test_beyond_web_never_changes_the_web_score),
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
		cmocka_unit_test(test_ems_without_tls12_removed_from_max),
		cmocka_unit_test(test_no_certificate_web_loses_40_points),
		cmocka_unit_test(test_perfect_mail_is_100_with_dane),
		cmocka_unit_test(test_mail_dane_failing_scores_below_no_tlsa),
		cmocka_unit_test(test_mail_cert_trust_and_hostmatch_informational),
		cmocka_unit_test(test_https_redirect_no_https_not_a_failure),
		cmocka_unit_test(test_override_mandatory_last_writer_wins),
		cmocka_unit_test(test_icon_order_error_failed_warning_info),
		cmocka_unit_test(test_mail_tls_icon_follows_starttls_exists),
		cmocka_unit_test(test_overall_average_and_empty),
		cmocka_unit_test(test_status_api_names_and_verdicts),
		cmocka_unit_test(test_catalog_levels_and_maxima),
		cmocka_unit_test(test_catalog_advice_coverage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_ipv6_rules.c -- the rules of web_ipv6 (spec §3.1) and mail_ipv6 (§3.7)
 * from hand-written facts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "checks/ipv6.h"
#include "report/score.h"
#include "tech_columns.h"

/* A host with n6 IPv6 addresses of which `good6` answer, n4 IPv4 addresses all answering.
 * ports: bitmask answered by every good address. */
static void host(struct ipv6_host_facts *h, const char *name, size_t n6, size_t good6,
                 size_t n4, unsigned ports6, unsigned ports4)
{
	memset(h, 0, sizeof(*h));
	strcpy(h->name, name);
	h->n6 = n6;
	h->n4 = n4;
	for (size_t i = 0; i < n6; i++) {
		h->v6[i].addr.family = AF_INET6;
		h->v6[i].addr.a.v6.s6_addr[15] = (uint8_t)(i + 1);
		h->v6[i].ports_ok = i < good6 ? ports6 : 0;
	}
	for (size_t i = 0; i < n4; i++) {
		h->v4[i].addr.family = AF_INET;
		h->v4[i].addr.a.v4.s_addr = htonl(0x7f000001 + (uint32_t)i);
		h->v4[i].ports_ok = ports4;
	}
}

static struct report *web_report(struct ipv6_facts *f)
{
	struct report *r = calloc(1, sizeof(*r));
	report_init(r, f->kind, "example.nl");
	ipv6_evaluate(f, r);
	score_report(r);
	return r;
}

static void report_free(struct report *r)
{
	tech_assert_fits(r, false);
	report_release(r);
	free(r);
}

static void expect(const struct report *r, enum subtest_id id, enum status st, const char *verdict)
{
	assert_int_equal(score_subtest_status(r, id), st);
	assert_string_equal(score_subtest_verdict(r, id), verdict);
}

static struct ipv6_facts *good_web(void)
{
	struct ipv6_facts *f = calloc(1, sizeof(*f));
	f->kind = TEST_WEB;
	f->n_ns = 2;
	host(&f->ns[0], "ns1.example.nl", 1, 1, 1, 1, 1);
	host(&f->ns[1], "ns2.example.nl", 1, 1, 1, 1, 1);
	host(&f->web, "example.nl", 1, 1, 1, 3, 3);
	f->site_compared = true;
	f->site = (struct ipv6_site_facts){ .v4_response = true, .v6_response = true, .v4_ports = 3,
	                                    .v6_ports = 3, .v4_status = 200, .v6_status = 200 };
	return f;
}

static void test_host_points_good_partial_none(void **s)
{
	(void)s;
	struct ipv6_host_facts h;
	host(&h, "a", 2, 2, 1, 3, 3);
	assert_int_equal(ipv6_host_points(&h), 10);
	host(&h, "a", 2, 1, 1, 3, 3);        /* one bad IPv6 address */
	assert_int_equal(ipv6_host_points(&h), 2);
	host(&h, "a", 1, 1, 1, 1, 3);        /* 443 over IPv4 only: port difference */
	assert_true(ipv6_host_port_diff(&h));
	assert_int_equal(ipv6_host_points(&h), 2);
	host(&h, "a", 1, 0, 1, 3, 3);
	assert_int_equal(ipv6_host_points(&h), 0);
	host(&h, "a", 0, 0, 1, 0, 3);
	assert_int_equal(ipv6_host_points(&h), 0);
}

static void test_ns_score_single_ns_capped_at_5(void **s)
{
	(void)s;
	struct ipv6_host_facts ns[3];
	host(&ns[0], "ns1", 1, 1, 1, 1, 1);
	assert_int_equal(ipv6_ns_score(ns, 1), 5);
	/* two NS, only one with AAAA: both counted -> 10/20*10 = 5 */
	host(&ns[1], "ns2", 0, 0, 1, 0, 1);
	assert_int_equal(ipv6_ns_score(ns, 2), 5);
	/* three NS, two with AAAA: the one without is not counted */
	host(&ns[1], "ns2", 1, 1, 1, 1, 1);
	host(&ns[2], "ns3", 0, 0, 1, 0, 1);
	assert_int_equal(ipv6_ns_score(ns, 3), 10);
	/* two with AAAA, one unreachable: (10 + 0) / 20 * 10 = 5 */
	host(&ns[1], "ns2", 1, 0, 1, 1, 1);
	assert_int_equal(ipv6_ns_score(ns, 3), 5);
	assert_int_equal(ipv6_ns_score(ns, 0), 0);
}

static void test_ns_score_truncates(void **s)
{
	(void)s;
	struct ipv6_host_facts ns[3];
	host(&ns[0], "ns1", 1, 1, 1, 1, 1);
	host(&ns[1], "ns2", 1, 1, 1, 1, 1);
	host(&ns[2], "ns3", 2, 1, 1, 1, 1);    /* 2 points */
	assert_int_equal(ipv6_ns_score(ns, 3), 7);   /* 22/30*10 = 7.33 */
}

static void test_web_all_good_is_100(void **s)
{
	(void)s;
	struct ipv6_facts *f = good_web();
	struct report *r = web_report(f);
	expect(r, SUB_WEB_IPV6_NS_ADDRESS, STATUS_SUCCESS, "good");
	expect(r, SUB_WEB_IPV6_NS_REACH, STATUS_SUCCESS, "good");
	expect(r, SUB_WEB_IPV6_WS_ADDRESS, STATUS_SUCCESS, "good");
	expect(r, SUB_WEB_IPV6_WS_REACH, STATUS_SUCCESS, "good");
	expect(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_SUCCESS, "good");
	assert_int_equal(r->cat[CAT_WEB_IPV6].max_points, 22);
	assert_int_equal(r->cat[CAT_WEB_IPV6].percentage, 100);
	assert_int_equal(r->cat[CAT_WEB_IPV6].status, STATUS_SUCCESS);
	report_free(r);
	free(f);
}

/* Issue 15 item 7: a redirect target the guard refused is named in a warning. */
static void test_web_refused_redirect_is_named(void **s)
{
	(void)s;
	struct ipv6_facts *f = good_web();
	struct report *r;

	snprintf(f->site.refused, sizeof(f->site.refused), "refused by the target guard: 10.1.2.3 is "
	         "a private-use address (special-purpose); use --allow-private to test it");
	r = web_report(f);
	assert_int_equal(json_array_size(r->warnings), 1);
	assert_string_equal(json_string_value(json_array_get(r->warnings, 0)),
	                    "IPv6 same-website comparison of example.nl: not following a redirect, refused "
	                    "by the target guard: 10.1.2.3 is a private-use address (special-purpose); "
	                    "use --allow-private to test it");
	report_free(r);
	free(f);
}

static void test_ns_aaaa_one_ns_is_failed_other(void **s)
{
	(void)s;
	struct ipv6_facts *f = good_web();
	host(&f->ns[1], "ns2.example.nl", 0, 0, 1, 0, 1);
	struct report *r = web_report(f);
	expect(r, SUB_WEB_IPV6_NS_ADDRESS, STATUS_FAIL, "other");
	expect(r, SUB_WEB_IPV6_NS_REACH, STATUS_SUCCESS, "good");
	/* ns 5 + web 10 + same 2 = 17/22 -> 77 */
	assert_int_equal(r->cat[CAT_WEB_IPV6].percentage, 77);
	assert_int_equal(r->cat[CAT_WEB_IPV6].status, STATUS_FAIL);
	report_free(r);
	free(f);
}

static void test_no_ns_aaaa_leaves_ns_reach_not_tested(void **s)
{
	(void)s;
	struct ipv6_facts *f = good_web();
	host(&f->ns[0], "ns1.example.nl", 0, 0, 1, 0, 1);
	host(&f->ns[1], "ns2.example.nl", 0, 0, 1, 0, 1);
	struct report *r = web_report(f);
	expect(r, SUB_WEB_IPV6_NS_ADDRESS, STATUS_FAIL, "bad");
	expect(r, SUB_WEB_IPV6_NS_REACH, STATUS_NOT_TESTED, "not-tested");
	assert_int_equal(r->cat[CAT_WEB_IPV6].percentage, 54);   /* 12/22, spec §4.3 */
	report_free(r);
	free(f);
}

static void test_ns_unreachable_ipv6_fails_reach(void **s)
{
	(void)s;
	struct ipv6_facts *f = good_web();
	host(&f->ns[1], "ns2.example.nl", 1, 0, 1, 1, 1);
	struct report *r = web_report(f);
	expect(r, SUB_WEB_IPV6_NS_ADDRESS, STATUS_SUCCESS, "good");
	expect(r, SUB_WEB_IPV6_NS_REACH, STATUS_FAIL, "bad");
	assert_int_equal(r->cat[CAT_WEB_IPV6].percentage, 77);   /* 5 + 10 + 2 */
	report_free(r);
	free(f);
}

static void test_web_without_aaaa_is_45(void **s)
{
	(void)s;
	struct ipv6_facts *f = good_web();
	host(&f->web, "example.nl", 0, 0, 1, 0, 3);
	f->site_compared = false;
	struct report *r = web_report(f);
	expect(r, SUB_WEB_IPV6_WS_ADDRESS, STATUS_FAIL, "bad");
	expect(r, SUB_WEB_IPV6_WS_REACH, STATUS_NOT_TESTED, "not-tested");
	expect(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_NOT_TESTED, "not-tested");
	assert_int_equal(r->cat[CAT_WEB_IPV6].percentage, 45);   /* 10/22, spec §4.3 table */
	report_free(r);
	free(f);
}

static void test_web_ipv6_unreachable(void **s)
{
	(void)s;
	struct ipv6_facts *f = good_web();
	host(&f->web, "example.nl", 1, 0, 1, 3, 3);
	f->site_compared = false;
	struct report *r = web_report(f);
	expect(r, SUB_WEB_IPV6_WS_REACH, STATUS_FAIL, "bad");
	expect(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_NOT_TESTED, "not-tested");
	assert_int_equal(r->cat[CAT_WEB_IPV6].percentage, 45);   /* 10 + 0 + 0 */
	report_free(r);
	free(f);
}

static void test_ipv6_only_site_removes_similar_from_score(void **s)
{
	(void)s;
	struct ipv6_facts *f = good_web();
	host(&f->web, "example.nl", 1, 1, 0, 3, 0);
	f->site_compared = false;
	struct report *r = web_report(f);
	expect(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_NOT_TESTED, "not-tested");
	assert_int_equal(r->cat[CAT_WEB_IPV6].max_points, 20);
	assert_int_equal(r->cat[CAT_WEB_IPV6].percentage, 100);
	assert_int_equal(r->cat[CAT_WEB_IPV6].status, STATUS_SUCCESS);
	report_free(r);
	free(f);
}

static void test_different_page_is_warning_zero_points(void **s)
{
	(void)s;
	struct ipv6_facts *f = good_web();
	f->site.distance = 11;
	struct report *r = web_report(f);
	expect(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_NOTICE, "notice");
	assert_int_equal(r->cat[CAT_WEB_IPV6].percentage, 90);   /* 20/22, spec §4.3 table */
	report_free(r);
	free(f);
}

static void test_similar_threshold_is_10(void **s)
{
	(void)s;
	struct ipv6_facts *f = good_web();
	f->site.distance = 10;
	struct report *r = web_report(f);
	expect(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_SUCCESS, "good");
	report_free(r);
	free(f);
}

static void test_similar_threshold_uses_exact_distance(void **s)
{
	(void)s;
	struct ipv6_facts *f = good_web();
	f->site.distance = 10.5;     /* int() would be 10, but 10.5 > 10 */
	struct report *r = web_report(f);
	expect(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_NOTICE, "notice");
	report_free(r);
	free(f);
}

static void test_similar_bad_status_is_notice_status_code(void **s)
{
	(void)s;
	struct ipv6_facts *f = good_web();
	f->site.v4_status = f->site.v6_status = 404;
	struct report *r = web_report(f);
	expect(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_NOTICE, "notice-status-code");
	assert_int_equal(r->cat[CAT_WEB_IPV6].percentage, 100);  /* still 2 points */
	report_free(r);
	free(f);
}

static void test_status_mismatch_fails_but_scores_2(void **s)
{
	(void)s;
	struct ipv6_facts *f = good_web();
	f->site.v6_status = 500;
	struct report *r = web_report(f);
	expect(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_FAIL, "bad");
	assert_int_equal(r->cat[CAT_WEB_IPV6].percentage, 100);  /* quirk §8 item 36 */
	report_free(r);
	free(f);
}

static void test_port_difference_not_calculable(void **s)
{
	(void)s;
	struct ipv6_facts *f = good_web();
	host(&f->web, "example.nl", 1, 1, 1, 1, 3);   /* 443 only over IPv4 */
	f->site_compared = false;
	struct report *r = web_report(f);
	expect(r, SUB_WEB_IPV6_WS_REACH, STATUS_SUCCESS, "good");   /* still shows good */
	expect(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_FAIL, "bad");
	assert_int_equal(r->cat[CAT_WEB_IPV6].percentage, 54);   /* 10 + 2 + 0 */
	report_free(r);
	free(f);
}

static struct ipv6_facts *mail_facts(struct mx_list *mx, size_t n_mx)
{
	struct ipv6_facts *f = calloc(1, sizeof(*f));
	f->kind = TEST_MAIL;
	f->n_ns = 2;
	host(&f->ns[0], "ns1.example.nl", 1, 1, 1, 1, 1);
	host(&f->ns[1], "ns2.example.nl", 1, 1, 1, 1, 1);
	f->mx_list = mx;
	f->n_mx = n_mx;
	for (size_t i = 0; i < n_mx; i++)
		host(&f->mx[i], mx->names[i], 1, 1, 1, 1, 1);
	return f;
}

static void test_mail_mx_all_good(void **s)
{
	(void)s;
	struct mx_list mx = { .state = MX_HAS_MX, .n = 2 };
	strcpy(mx.names[0], "mx1.example.nl");
	strcpy(mx.names[1], "mx2.example.nl");
	struct ipv6_facts *f = mail_facts(&mx, 2);
	struct report *r = web_report(f);
	expect(r, SUB_MAIL_IPV6_MX_ADDRESS, STATUS_SUCCESS, "good");
	expect(r, SUB_MAIL_IPV6_MX_REACH, STATUS_SUCCESS, "good");
	assert_int_equal(r->cat[CAT_MAIL_IPV6].max_points, 20);
	assert_int_equal(r->cat[CAT_MAIL_IPV6].percentage, 100);
	report_free(r);
	free(f);
}

static void test_mail_mx_without_aaaa(void **s)
{
	(void)s;
	struct mx_list mx = { .state = MX_HAS_MX, .n = 2 };
	strcpy(mx.names[0], "mx1.example.nl");
	strcpy(mx.names[1], "mx2.example.nl");
	struct ipv6_facts *f = mail_facts(&mx, 2);
	host(&f->mx[1], "mx2.example.nl", 0, 0, 1, 0, 1);
	struct report *r = web_report(f);
	expect(r, SUB_MAIL_IPV6_MX_ADDRESS, STATUS_FAIL, "bad");
	expect(r, SUB_MAIL_IPV6_MX_REACH, STATUS_SUCCESS, "good");
	assert_int_equal(r->cat[CAT_MAIL_IPV6].percentage, 75);   /* (10 + 5) / 20 */
	/* no MX with AAAA at all: mx_reach required, not tested, 0 points */
	host(&f->mx[0], "mx1.example.nl", 0, 0, 1, 0, 1);
	report_free(r);
	r = web_report(f);
	expect(r, SUB_MAIL_IPV6_MX_REACH, STATUS_NOT_TESTED, "not-tested");
	assert_int_equal(r->cat[CAT_MAIL_IPV6].max_points, 20);
	assert_int_equal(r->cat[CAT_MAIL_IPV6].percentage, 50);
	report_free(r);
	free(f);
}

static void test_mail_null_mx_states_not_scored(void **s)
{
	(void)s;
	static const struct { enum mx_state st; enum status status; const char *verdict; } cases[] = {
		{ MX_NO_MX, STATUS_NOT_TESTED, "other" },
		{ MX_NULL_MX, STATUS_NOT_TESTED, "null-mx" },
		{ MX_NO_NULL_MX, STATUS_INFO, "no-null-mx" },
		{ MX_NULL_MX_WITH_OTHER_MX, STATUS_NOTICE, "null-mx-with-other-mx" },
		{ MX_NULL_MX_WITHOUT_A_AAAA, STATUS_INFO, "null-mx-without-a-aaaa" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mx_list mx = { .state = cases[i].st };
		struct ipv6_facts *f = mail_facts(&mx, 0);
		struct report *r = web_report(f);
		expect(r, SUB_MAIL_IPV6_MX_ADDRESS, cases[i].status, cases[i].verdict);
		assert_int_equal(r->cat[CAT_MAIL_IPV6].max_points, 10);
		assert_int_equal(r->cat[CAT_MAIL_IPV6].percentage, 100);
		report_free(r);
		free(f);
	}
}

static void test_technical_addresses_shape(void **s)
{
	(void)s;
	struct ipv6_facts *f = good_web();
	struct report *r = web_report(f);
	json_t *v6 = json_object_get(json_object_get(json_object_get(r->technical, "webservers"), "ipv6"),
	                             "addresses");
	assert_true(json_is_array(v6));
	assert_int_equal(json_array_size(v6), 1);
	assert_true(json_is_true(json_object_get(json_array_get(v6, 0), "reachable")));
	assert_true(json_is_array(json_object_get(json_array_get(v6, 0), "routing")));
	assert_non_null(json_object_get(json_object_get(r->technical, "nameservers"), "ns1.example.nl"));
	/* identical pages: no ip_similarity key (spec §8 item 39) */
	assert_null(json_object_get(json_object_get(r->technical, "webservers"), "ip_similarity"));
	report_free(r);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_points_good_partial_none),
		cmocka_unit_test(test_ns_score_single_ns_capped_at_5),
		cmocka_unit_test(test_ns_score_truncates),
		cmocka_unit_test(test_web_all_good_is_100),
		cmocka_unit_test(test_web_refused_redirect_is_named),
		cmocka_unit_test(test_ns_aaaa_one_ns_is_failed_other),
		cmocka_unit_test(test_no_ns_aaaa_leaves_ns_reach_not_tested),
		cmocka_unit_test(test_ns_unreachable_ipv6_fails_reach),
		cmocka_unit_test(test_web_without_aaaa_is_45),
		cmocka_unit_test(test_web_ipv6_unreachable),
		cmocka_unit_test(test_ipv6_only_site_removes_similar_from_score),
		cmocka_unit_test(test_different_page_is_warning_zero_points),
		cmocka_unit_test(test_similar_threshold_is_10),
		cmocka_unit_test(test_similar_threshold_uses_exact_distance),
		cmocka_unit_test(test_similar_bad_status_is_notice_status_code),
		cmocka_unit_test(test_status_mismatch_fails_but_scores_2),
		cmocka_unit_test(test_port_difference_not_calculable),
		cmocka_unit_test(test_mail_mx_all_good),
		cmocka_unit_test(test_mail_mx_without_aaaa),
		cmocka_unit_test(test_mail_null_mx_states_not_scored),
		cmocka_unit_test(test_technical_addresses_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_diff.c -- report/diff.h: what changed between two --json results (issue 21). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/diff.h"

/* A web result as render_json writes it (the keys diff reads), score `pct`. */
static json_t *web_doc(const char *domain, int pct)
{
	json_error_t e;
	json_t *doc = json_loads("{\"domain\": \"x\", \"test\": \"web\", \"status\": \"ok\","
		" \"scoring\": {\"percentage\": 0},"
		" \"results\": {\"categories\": {"
		"   \"web_ipv6\": {\"status\": \"passed\", \"verdict\": \"passed\"},"
		"   \"web_dnssec\": {\"status\": \"passed\", \"verdict\": \"passed\"}},"
		"  \"tests\": {"
		"   \"web_ipv6_ns_address\": {\"status\": \"passed\", \"verdict\": \"good\"},"
		"   \"web_ipv6_ns_reach\": {\"status\": \"passed\", \"verdict\": \"good\"},"
		"   \"web_dnssec_exist\": {\"status\": \"passed\", \"verdict\": \"good\"},"
		"   \"web_dnssec_valid\": {\"status\": \"passed\", \"verdict\": \"good\"}},"
		"  \"custom\": {}}, \"technical\": {}}", 0, &e);
	assert_non_null(doc);
	json_object_set_new(doc, "domain", json_string(domain));
	json_object_set_new(json_object_get(doc, "scoring"), "percentage", json_integer(pct));
	return doc;
}

static void set_test(json_t *doc, const char *name, const char *status, const char *verdict)
{
	json_object_set_new(json_object_get(json_object_get(doc, "results"), "tests"), name,
	                    json_pack("{s:s, s:s}", "status", status, "verdict", verdict));
}

static void set_category(json_t *doc, const char *name, const char *status)
{
	json_object_set_new(json_object_get(json_object_get(doc, "results"), "categories"), name,
	                    json_pack("{s:s, s:s}", "status", status, "verdict", status));
}

/* the text of render_diff_text, newly allocated */
static char *diff_text(const struct diff *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_int_equal(render_diff_text(d, m), 0);
	fclose(m);
	return buf;
}

static void test_same_document_no_change(void **s)
{
	(void)s;
	struct error err = {{0}};
	struct diff d;
	json_t *a = web_doc("example.nl", 90);

	assert_int_equal(diff_compute(a, a, "a", "b", &d, &err), 0);
	assert_true(diff_empty(&d));
	assert_false(diff_worse(&d));
	assert_int_equal(d.n_tests, 0);
	assert_int_equal(d.n_categories, 0);
	char *t = diff_text(&d);
	assert_non_null(strstr(t, "score  90% -> 90%\n"));
	assert_non_null(strstr(t, "no change\n"));
	free(t);
	diff_free(&d);
	json_decref(a);
}

static void test_score_down_is_worse_up_is_not(void **s)
{
	(void)s;
	struct error err = {{0}};
	struct diff d;
	json_t *a = web_doc("example.nl", 90), *b = web_doc("example.nl", 89);

	assert_int_equal(diff_compute(a, b, NULL, NULL, &d, &err), 0);
	assert_true(diff_worse(&d));
	assert_false(diff_empty(&d));   /* the score alone changed */
	char *t = diff_text(&d);
	assert_non_null(strstr(t, "score  90% -> 89% (-1)\n"));
	assert_null(strstr(t, "no change"));
	free(t);
	diff_free(&d);

	assert_int_equal(diff_compute(b, a, NULL, NULL, &d, &err), 0);
	assert_false(diff_worse(&d));
	diff_free(&d);
	json_decref(a);
	json_decref(b);
}

static void test_status_change_listed(void **s)
{
	(void)s;
	struct error err = {{0}};
	struct diff d;
	json_t *a = web_doc("example.nl", 100), *b = web_doc("example.nl", 94);

	set_test(b, "web_ipv6_ns_address", "failed", "other");
	set_category(b, "web_ipv6", "failed");
	assert_int_equal(diff_compute(a, b, NULL, NULL, &d, &err), 0);
	assert_int_equal(d.n_tests, 1);
	assert_string_equal(d.tests[0].name, "web_ipv6_ns_address");
	assert_string_equal(d.tests[0].category, "web_ipv6");
	assert_string_equal(d.tests[0].old_status, "passed");
	assert_string_equal(d.tests[0].old_verdict, "good");
	assert_string_equal(d.tests[0].new_status, "failed");
	assert_string_equal(d.tests[0].new_verdict, "other");
	assert_int_equal(d.n_categories, 1);
	assert_string_equal(d.categories[0].name, "web_ipv6");
	assert_null(d.categories[0].category);
	char *t = diff_text(&d);
	assert_non_null(strstr(t, "web_ipv6_ns_address  passed/good -> failed/other\n"));
	assert_non_null(strstr(t, "  web_ipv6             passed -> failed\n"));
	/* nothing else: the unchanged subtests are not named */
	assert_null(strstr(t, "web_dnssec"));
	assert_null(strstr(t, "ns_reach"));
	free(t);
	diff_free(&d);
	json_decref(a);
	json_decref(b);
}

static void test_verdict_only_change_listed(void **s)
{
	(void)s;
	struct error err = {{0}};
	struct diff d;
	json_t *a = web_doc("example.nl", 100), *b = web_doc("example.nl", 100);

	set_test(b, "web_dnssec_valid", "passed", "good-other");
	assert_int_equal(diff_compute(a, b, NULL, NULL, &d, &err), 0);
	assert_int_equal(d.n_tests, 1);
	assert_string_equal(d.tests[0].name, "web_dnssec_valid");
	assert_int_equal(d.n_categories, 0);
	assert_false(diff_empty(&d));
	assert_false(diff_worse(&d));
	diff_free(&d);
	json_decref(a);
	json_decref(b);
}

/* a category whose status changed while its subtests' did not (a category verdict) */
static void test_category_change_only(void **s)
{
	(void)s;
	struct error err = {{0}};
	struct diff d;
	json_t *a = web_doc("example.nl", 100), *b = web_doc("example.nl", 100);

	set_category(b, "web_dnssec", "warning");
	/* a category's verdict alone is not a change of status */
	json_object_set_new(json_object_get(json_object_get(json_object_get(a, "results"), "categories"),
	                                    "web_ipv6"), "verdict", json_string("other"));
	assert_int_equal(diff_compute(a, b, NULL, NULL, &d, &err), 0);
	assert_int_equal(d.n_categories, 1);
	assert_string_equal(d.categories[0].name, "web_dnssec");
	assert_string_equal(d.categories[0].new_status, "warning");
	assert_int_equal(d.n_tests, 0);
	diff_free(&d);
	json_decref(a);
	json_decref(b);
}

/* a subtest only one result has (an older version's document) is a change */
static void test_missing_subtest(void **s)
{
	(void)s;
	struct error err = {{0}};
	struct diff d;
	json_t *a = web_doc("example.nl", 100), *b = web_doc("example.nl", 100);

	json_object_del(json_object_get(json_object_get(a, "results"), "tests"), "web_dnssec_valid");
	assert_int_equal(diff_compute(a, b, NULL, NULL, &d, &err), 0);
	assert_int_equal(d.n_tests, 1);
	assert_null(d.tests[0].old_status);
	assert_string_equal(d.tests[0].new_status, "passed");
	char *t = diff_text(&d);
	assert_non_null(strstr(t, "web_dnssec_valid  - -> passed/good\n"));
	free(t);
	diff_free(&d);
	json_decref(a);
	json_decref(b);
}

static void test_different_domains_said(void **s)
{
	(void)s;
	struct error err = {{0}};
	struct diff d;
	json_t *a = web_doc("example.nl", 80), *b = web_doc("staging.example.nl", 80);

	assert_int_equal(diff_compute(a, b, NULL, NULL, &d, &err), 0);
	assert_true(diff_empty(&d));
	char *t = diff_text(&d);
	assert_non_null(strstr(t, "example.nl (old) and staging.example.nl (new): different domains"));
	free(t);
	json_t *j = render_diff_json(&d);
	assert_false(json_is_true(json_object_get(j, "same_domain")));
	assert_false(json_is_true(json_object_get(j, "changed")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "new"), "domain")),
	                    "staging.example.nl");
	json_decref(j);
	diff_free(&d);
	json_decref(a);
	json_decref(b);
}

static void test_kind_mismatch_refused(void **s)
{
	(void)s;
	struct error err = {{0}};
	struct diff d;
	json_t *a = web_doc("example.nl", 80), *b = web_doc("example.nl", 80);

	json_object_set_new(b, "test", json_string("mail"));
	assert_int_equal(diff_compute(a, b, "old.json", "new.json", &d, &err), -1);
	assert_non_null(strstr(err.msg, "old.json is a web result and new.json a mail result"));
	json_decref(a);
	json_decref(b);
}

static void test_not_a_result_refused(void **s)
{
	(void)s;
	struct error err = {{0}};
	struct diff d;
	json_t *a = web_doc("example.nl", 80), *b;

	b = json_pack("{s:s}", "hello", "world");
	assert_int_equal(diff_compute(a, b, "a.json", "b.json", &d, &err), -1);
	assert_non_null(strstr(err.msg, "b.json: not an inetcheck --json result"));
	json_decref(b);
	/* a test that could not run: nothing to compare */
	b = json_pack("{s:s, s:s, s:s, s:s}", "domain", "example.nl", "test", "web", "status", "error",
	              "error", "does not resolve");
	memset(&err, 0, sizeof(err));
	assert_int_equal(diff_compute(b, a, "a.json", "b.json", &d, &err), -1);
	assert_non_null(strstr(err.msg, "a.json: the web test of example.nl could not run"));
	json_decref(b);
	/* a result without the score */
	b = web_doc("example.nl", 80);
	json_object_del(json_object_get(b, "scoring"), "percentage");
	assert_int_equal(diff_compute(a, b, "a.json", "b.json", &d, &err), -1);
	json_decref(b);
	/* a score out of 0..100 (it would overflow the difference) */
	b = web_doc("example.nl", 80);
	json_object_set_new(json_object_get(b, "scoring"), "percentage", json_integer(4294967296LL));
	assert_int_equal(diff_compute(a, b, "a.json", "b.json", &d, &err), -1);
	json_object_set_new(json_object_get(b, "scoring"), "percentage", json_integer(-1));
	assert_int_equal(diff_compute(a, b, "a.json", "b.json", &d, &err), -1);
	json_decref(b);
	/* the connection test has no domain result to compare */
	b = web_doc("example.nl", 80);
	json_object_set_new(b, "test", json_string("connection"));
	assert_int_equal(diff_compute(b, b, "a.json", "b.json", &d, &err), -1);
	json_decref(b);
	json_decref(a);
}

static void test_json_shape(void **s)
{
	(void)s;
	struct error err = {{0}};
	struct diff d;
	json_t *a = web_doc("example.nl", 100), *b = web_doc("example.nl", 94);

	set_test(b, "web_ipv6_ns_address", "failed", "other");
	assert_int_equal(diff_compute(a, b, NULL, NULL, &d, &err), 0);
	json_t *j = render_diff_json(&d);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "test")), "web");
	assert_int_equal(json_integer_value(json_object_get(j, "score_change")), -6);
	assert_true(json_is_true(json_object_get(j, "worse")));
	assert_true(json_is_true(json_object_get(j, "changed")));
	json_t *t0 = json_array_get(json_object_get(j, "tests"), 0);
	assert_string_equal(json_string_value(json_object_get(t0, "name")), "web_ipv6_ns_address");
	assert_string_equal(json_string_value(json_object_get(t0, "category")), "web_ipv6");
	assert_string_equal(json_string_value(json_object_get(json_object_get(t0, "new"), "verdict")), "other");
	assert_int_equal(json_array_size(json_object_get(j, "categories")), 0);
	json_decref(j);
	diff_free(&d);
	json_decref(a);
	json_decref(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_document_no_change),
		cmocka_unit_test(test_score_down_is_worse_up_is_not),
		cmocka_unit_test(test_status_change_listed),
		cmocka_unit_test(test_verdict_only_change_listed),
		cmocka_unit_test(test_category_change_only),
		cmocka_unit_test(test_missing_subtest),
		cmocka_unit_test(test_different_domains_said),
		cmocka_unit_test(test_kind_mismatch_refused),
		cmocka_unit_test(test_not_a_result_refused),
		cmocka_unit_test(test_json_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

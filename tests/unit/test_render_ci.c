/* test_render_ci.c -- the CI formats of issue 21: SARIF 2.1.0 and JUnit XML from the
 * view of a hand-built report, and --fail-on's score_any_subtest_at. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/catalog.h"
#include "report/render.h"
#include "report/score.h"
#include "report/view.h"

/* web: IPv6 with one failed subtest, DNSSEC all good, security options with one
 * warning (recommended, capped from failed) and one info (optional); the rest not
 * implemented. */
static struct report *sample(void)
{
	struct report *r = calloc(1, sizeof(*r));
	report_init(r, TEST_WEB, "example.nl");
	r->cat[CAT_WEB_IPV6].implemented = true;
	r->cat[CAT_WEB_DNSSEC].implemented = true;
	r->cat[CAT_WEB_APPSECPRIV].implemented = true;
	result_set(r, SUB_WEB_IPV6_NS_ADDRESS, STATUS_FAIL, "other");
	result_set(r, SUB_WEB_IPV6_NS_REACH, STATUS_SUCCESS, "good");
	result_set(r, SUB_WEB_IPV6_WS_ADDRESS, STATUS_SUCCESS, "good");
	result_set(r, SUB_WEB_IPV6_WS_REACH, STATUS_SUCCESS, "good");
	result_set(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_SUCCESS, "good");
	result_set(r, SUB_WEB_DNSSEC_EXIST, STATUS_SUCCESS, "good");
	result_set(r, SUB_WEB_DNSSEC_VALID, STATUS_SUCCESS, "good");
	result_set(r, SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, STATUS_FAIL, "bad");         /* -> info */
	result_set(r, SUB_WEB_APPSECPRIV_X_CONTENT_TYPE_OPTIONS, STATUS_FAIL, "bad");   /* -> warning */
	result_set(r, SUB_WEB_APPSECPRIV_CSP, STATUS_SUCCESS, "good");
	result_set(r, SUB_WEB_APPSECPRIV_REFERRER_POLICY, STATUS_SUCCESS, "good");
	result_set(r, SUB_WEB_APPSECPRIV_SECURITYTXT, STATUS_SUCCESS, "good");
	score_report(r);
	return r;
}

static void report_free(struct report *r)
{
	report_release(r);
	free(r);
}

static char *junit_of(const struct report *r)
{
	struct view v;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	assert_int_equal(view_build(r, &v), 0);
	assert_int_equal(render_junit(&v, m, 0), 0);
	fclose(m);
	view_free(&v);
	return buf;
}

static json_t *sarif_of(const struct report *r)
{
	struct view v;
	json_t *doc;

	assert_int_equal(view_build(r, &v), 0);
	doc = render_sarif(&v);
	view_free(&v);
	assert_non_null(doc);
	return doc;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_sarif_one_result_per_failed_or_warning(void **s)
{
	(void)s;
	struct report *r = sample();
	json_t *doc = sarif_of(r);
	json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
	json_t *results = json_object_get(run, "results");
	json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");

	assert_string_equal(json_string_value(json_object_get(doc, "version")), "2.1.0");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(run, "tool"),
	                    "driver"), "name")), "inetcheck");
	/* a rule per subtest of the three implemented categories: 5 + 2 + 5 */
	assert_int_equal(json_array_size(rules), 12);
	assert_int_equal(json_array_size(results), 2);

	json_t *r0 = json_array_get(results, 0), *r1 = json_array_get(results, 1);
	assert_string_equal(json_string_value(json_object_get(r0, "ruleId")), "web_ipv6_ns_address");
	assert_string_equal(json_string_value(json_object_get(r0, "level")), "error");
	assert_string_equal(json_string_value(json_object_get(r1, "ruleId")),
	                    "web_appsecpriv_x_content_type_options");
	assert_string_equal(json_string_value(json_object_get(r1, "level")), "warning");
	/* ruleIndex points at the rule of the same id */
	json_t *rule = json_array_get(rules, (size_t)json_integer_value(json_object_get(r1, "ruleIndex")));
	assert_string_equal(json_string_value(json_object_get(rule, "id")), "web_appsecpriv_x_content_type_options");
	assert_string_equal(json_string_value(json_object_get(json_object_get(rule, "defaultConfiguration"),
	                    "level")), "warning");
	assert_non_null(json_string_value(json_object_get(json_object_get(rule, "fullDescription"), "text")));

	/* the message: what was found, then how to fix it (the text report's words) */
	const char *msg = json_string_value(json_object_get(json_object_get(r0, "message"), "text"));
	struct view v;
	assert_int_equal(view_build(r, &v), 0);
	const struct view_subtest *vs = &v.cats[0].subs[0];
	assert_int_equal(vs->id, SUB_WEB_IPV6_NS_ADDRESS);
	assert_non_null(vs->fix.text);
	assert_true(strncmp(msg, vs->sentence, strlen(vs->sentence)) == 0);
	assert_non_null(strstr(msg, vs->fix.text));
	assert_non_null(strstr(msg, "How to fix: "));
	view_free(&v);

	/* the location: the domain as the artifact, DOMAIN/CATEGORY as the logical one */
	json_t *loc = json_array_get(json_object_get(r0, "locations"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(loc,
	                    "physicalLocation"), "artifactLocation"), "uri")), "example.nl");
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(loc,
	                    "logicalLocations"), 0), "fullyQualifiedName")), "example.nl/web_ipv6");
	json_decref(doc);
	report_free(r);
}

static void test_sarif_error_report_unsuccessful_without_results(void **s)
{
	(void)s;
	struct report *r = calloc(1, sizeof(*r));
	report_init(r, TEST_MAIL, "example.nl");
	r->error = true;
	snprintf(r->error_msg, sizeof(r->error_msg), "example.nl does not resolve");
	json_t *doc = sarif_of(r);
	json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
	json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);

	assert_int_equal(json_array_size(json_object_get(run, "results")), 0);
	assert_true(json_is_false(json_object_get(inv, "executionSuccessful")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(
	                    json_object_get(inv, "toolExecutionNotifications"), 0), "message"), "text")),
	                    "example.nl does not resolve");
	json_decref(doc);
	report_free(r);
}

static void test_junit_suites_cases_failures(void **s)
{
	(void)s;
	struct report *r = sample();
	char *x = junit_of(r);

	assert_true(strncmp(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", 52) == 0);
	assert_int_equal(count(x, "<testsuite "), 3);
	assert_int_equal(count(x, "<testcase "), 12);
	assert_int_equal(count(x, "<failure "), 1);
	assert_non_null(strstr(x, "<testsuite name=\"web_ipv6\" package=\"inetcheck.web\" id=\"0\" "
	                          "timestamp=\"1970-01-01T00:00:00\" hostname=\"example.nl\" tests=\"5\" "
	                          "failures=\"1\" errors=\"0\" skipped=\"0\" time=\"0\">"));
	assert_non_null(strstr(x, "<testcase classname=\"web_ipv6\" name=\"web_ipv6_ns_address\" time=\"0\">\n"
	                          "      <failure message=\""));
	assert_non_null(strstr(x, "type=\"other\">"));
	/* the warning and the info pass, and are said in the suite's output */
	assert_non_null(strstr(x, "<testcase classname=\"web_appsecpriv\" "
	                          "name=\"web_appsecpriv_x_content_type_options\" time=\"0\"/>"));
	assert_non_null(strstr(x, "<system-out>info: web_appsecpriv_x_frame_options: "));
	assert_non_null(strstr(x, "\nwarning: web_appsecpriv_x_content_type_options: "));
	assert_int_equal(count(x, "<system-err/>"), 3);
	assert_non_null(strstr(x, "</testsuites>\n"));
	free(x);
	report_free(r);
}

/* what a server or a user gave ends up escaped: markup, quotes, control characters
 * and bytes that are no UTF-8 */
static void test_junit_escapes_everything(void **s)
{
	(void)s;
	struct report *r = calloc(1, sizeof(*r));
	report_init(r, TEST_WEB, "example.nl");
	r->error = true;
	snprintf(r->error_msg, sizeof(r->error_msg), "<b>&\"x\"\x01\xff\xed\xa0\x80 \xc3\xa9\n");
	char *x = junit_of(r);

	assert_non_null(strstr(x, "message=\"&lt;b&gt;&amp;&quot;x&quot;\xef\xbf\xbd\xef\xbf\xbd"
	                          "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xc3\xa9&#10;\">"));
	assert_non_null(strstr(x, ">&lt;b&gt;&amp;\"x\"\xef\xbf\xbd"));
	assert_null(strchr(x, '\x01'));
	assert_null(strstr(x, "\xff"));
	assert_int_equal(count(x, "<error type=\"error\""), 1);
	assert_non_null(strstr(x, "errors=\"1\""));
	free(x);
	report_free(r);
}

static void test_fail_on_levels(void **s)
{
	(void)s;
	struct report *r = sample();

	/* failed, warning and info present: every level trips */
	assert_true(score_any_subtest_at(r, STATUS_FAIL));
	assert_true(score_any_subtest_at(r, STATUS_NOTICE));
	assert_true(score_any_subtest_at(r, STATUS_INFO));
	/* no failed subtest: only warning and info trip */
	result_set(r, SUB_WEB_IPV6_NS_ADDRESS, STATUS_SUCCESS, "good");
	score_report(r);
	assert_false(score_any_subtest_at(r, STATUS_FAIL));
	assert_true(score_any_subtest_at(r, STATUS_NOTICE));
	/* only an info left */
	result_set(r, SUB_WEB_APPSECPRIV_X_CONTENT_TYPE_OPTIONS, STATUS_SUCCESS, "good");
	score_report(r);
	assert_false(score_any_subtest_at(r, STATUS_NOTICE));
	assert_true(score_any_subtest_at(r, STATUS_INFO));
	/* an error (could not test) is no status of --fail-on */
	result_set(r, SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, STATUS_SUCCESS, "good");
	result_force(r, SUB_WEB_DNSSEC_VALID, STATUS_ERROR, "error");
	score_report(r);
	assert_false(score_any_subtest_at(r, STATUS_INFO));
	report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sarif_one_result_per_failed_or_warning),
		cmocka_unit_test(test_sarif_error_report_unsuccessful_without_results),
		cmocka_unit_test(test_junit_suites_cases_failures),
		cmocka_unit_test(test_junit_escapes_everything),
		cmocka_unit_test(test_fail_on_levels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

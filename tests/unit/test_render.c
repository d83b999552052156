/* test_render.c -- the --json shape (spec §5.3/§5.4 plus our additions) and the text report. */
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

static struct report *sample(void)
{
	struct report *r = calloc(1, sizeof(*r));
	report_init(r, TEST_WEB, "example.nl");
	r->cat[CAT_WEB_IPV6].implemented = true;
	r->cat[CAT_WEB_DNSSEC].implemented = true;
	result_set(r, SUB_WEB_IPV6_NS_ADDRESS, STATUS_FAIL, "other");
	result_set_tech(r, SUB_WEB_IPV6_NS_ADDRESS, json_pack("[[s,s,s],[s,s,s]]",
		"ns1.example.nl", "2001:db8::53", "192.0.2.53", "ns2.example.nl", "None", "192.0.2.54"));
	result_set(r, SUB_WEB_IPV6_NS_REACH, STATUS_SUCCESS, "good");
	result_set_points(r, SUB_WEB_IPV6_NS_REACH, 5);
	result_set(r, SUB_WEB_IPV6_WS_ADDRESS, STATUS_SUCCESS, "good");
	result_set(r, SUB_WEB_IPV6_WS_REACH, STATUS_SUCCESS, "good");
	result_set_points(r, SUB_WEB_IPV6_WS_REACH, 10);
	result_set(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_SUCCESS, "good");
	result_set_points(r, SUB_WEB_IPV6_WS_SIMILAR, 2);
	result_set(r, SUB_WEB_DNSSEC_EXIST, STATUS_SUCCESS, "good");
	result_set(r, SUB_WEB_DNSSEC_VALID, STATUS_SUCCESS, "good");
	result_set_points(r, SUB_WEB_DNSSEC_VALID, 10);
	report_warn(r, "not contacting %s", "127.0.0.1");
	report_warn(r, "not contacting %s", "127.0.0.1");   /* the same warning once */
	score_report(r);
	return r;
}

static const char *str(json_t *doc, const char *path)
{
	json_t *v = doc;
	char buf[256], *save = NULL;
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
		v = json_object_get(v, k);
	return json_string_value(v);
}

static void test_json_envelope(void **s)
{
	(void)s;
	struct report *r = sample();
	json_t *doc = render_json(r);
	assert_string_equal(str(doc, "domain"), "example.nl");
	assert_string_equal(str(doc, "test"), "web");
	assert_string_equal(str(doc, "status"), "ok");
	assert_true(json_is_true(json_object_get(doc, "partial")));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "scoring"), "percentage")), 88);
	assert_non_null(json_object_get(json_object_get(doc, "results"), "custom"));
	assert_non_null(json_object_get(doc, "technical"));
	assert_int_equal(json_array_size(json_object_get(doc, "warnings")), 1);
	json_decref(doc);
	report_release(r);
	free(r);
}

static void test_json_tests_and_categories_use_batch_names(void **s)
{
	(void)s;
	struct report *r = sample();
	json_t *doc = render_json(r);
	json_t *tests = json_object_get(json_object_get(doc, "results"), "tests");
	assert_string_equal(str(tests, "web_ipv6_ns_address.status"), "failed");
	assert_string_equal(str(tests, "web_ipv6_ns_address.verdict"), "other");
	assert_string_equal(str(tests, "web_dnssec_valid.status"), "passed");
	/* unimplemented categories: not_tested / not-implemented (issue 2, part 5) */
	assert_string_equal(str(tests, "web_https_tls_version.status"), "not_tested");
	assert_string_equal(str(tests, "web_https_tls_version.verdict"), "not-implemented");
	assert_null(json_object_get(tests, "mail_ipv6_mx_address"));   /* web test only */
	json_t *cats = json_object_get(json_object_get(doc, "results"), "categories");
	assert_string_equal(str(cats, "web_ipv6.status"), "failed");
	assert_string_equal(str(cats, "web_dnssec.verdict"), "passed");
	assert_string_equal(str(cats, "web_rpki.verdict"), "not-implemented");
	json_t *sc = json_object_get(json_object_get(json_object_get(doc, "scoring"), "categories"), "web_ipv6");
	assert_int_equal(json_integer_value(json_object_get(sc, "percentage")), 77);
	assert_int_equal(json_integer_value(json_object_get(sc, "points")), 17);
	assert_int_equal(json_integer_value(json_object_get(sc, "max_points")), 22);
	json_decref(doc);
	report_release(r);
	free(r);
}

static void test_json_error_has_no_results(void **s)
{
	(void)s;
	struct report r;
	report_init(&r, TEST_MAIL, "example.nl");
	r.error = true;
	snprintf(r.error_msg, sizeof(r.error_msg), "example.nl does not resolve (NXDOMAIN)");
	json_t *doc = render_json(&r);
	assert_string_equal(str(doc, "status"), "error");
	assert_string_equal(str(doc, "test"), "mail");
	assert_null(json_object_get(doc, "results"));
	assert_null(json_object_get(doc, "scoring"));
	json_decref(doc);
	report_release(&r);
}

static char *text_of(const struct report *r, bool colour)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	render_text(r, f, colour);
	fclose(f);
	return buf;
}

static void test_text_lines(void **s)
{
	(void)s;
	struct report *r = sample();
	char *t = text_of(r, false);
	assert_non_null(strstr(t, "example.nl  web test  score 88%  (partial: 3 of 5 categories not implemented yet)"));
	assert_non_null(strstr(t, "IPv6                 failed       77%  (17/22 points)"));
	/* a table row: its cells separated by two spaces */
	assert_non_null(strstr(t, "ns2.example.nl  None  192.0.2.54\n"));
	assert_non_null(strstr(t, "fix: Only one name server has IPv6"));
	assert_non_null(strstr(t, "HTTPS                not implemented yet"));
	assert_null(strchr(t, '\033'));      /* no colour unless asked */
	free(t);
	t = text_of(r, true);
	assert_non_null(strchr(t, '\033'));
	free(t);
	report_release(r);
	free(r);
}

static void test_json_complete_report_has_no_partial_key(void **s)
{
	(void)s;
	struct report *r = sample();
	for (int c = CAT_WEB_IPV6; c <= CAT_WEB_RPKI; c++)
		r->cat[c].implemented = true;
	score_report(r);
	json_t *doc = render_json(r);
	assert_false(r->partial);
	assert_null(json_object_get(doc, "partial"));
	json_t *cats = json_object_get(json_object_get(doc, "results"), "categories");
	/* an implemented category with nothing run: the icon, not "not-implemented" */
	assert_string_equal(str(cats, "web_https.verdict"), "info");
	json_decref(doc);
	report_release(r);
	free(r);
}

static void test_json_mail_has_only_mail_names_and_exact_shape(void **s)
{
	(void)s;
	struct report r;
	report_init(&r, TEST_MAIL, "example.nl");
	r.cat[CAT_MAIL_STARTTLS].implemented = true;
	result_force(&r, SUB_MAIL_STARTTLS_TLS_AVAILABLE, STATUS_NOT_TESTED, "null-mx");
	r.cat[CAT_MAIL_STARTTLS].text_verdict = "null-mx";
	json_object_set_new(r.custom, "mail_non_sending_domain", json_true());
	score_report(&r);
	json_t *doc = render_json(&r);
	json_t *results = json_object_get(doc, "results");
	json_t *tests = json_object_get(results, "tests");
	json_t *cats = json_object_get(results, "categories");
	const char *k;
	json_t *v;
	size_t ntests = 0;

	assert_int_equal(json_object_size(cats), 5);
	json_object_foreach(cats, k, v) {
		assert_true(strncmp(k, "mail_", 5) == 0);
		assert_int_equal(json_object_size(v), 2);          /* exactly status, verdict */
	}
	for (int c = CAT_MAIL_IPV6; c <= CAT_MAIL_RPKI; c++)
		ntests += catalog_category(c)->last - catalog_category(c)->first + 1;
	assert_int_equal(json_object_size(tests), ntests);
	json_object_foreach(tests, k, v) {
		assert_true(strncmp(k, "mail_", 5) == 0);
		assert_int_equal(json_object_size(v), 2);
		assert_non_null(json_string_value(json_object_get(v, "status")));
		assert_non_null(json_string_value(json_object_get(v, "verdict")));
	}
	assert_string_equal(str(cats, "mail_starttls.status"), "info");   /* §2.5 step 4 */
	assert_string_equal(str(cats, "mail_starttls.verdict"), "null-mx");
	assert_string_equal(str(tests, "mail_starttls_tls_available.status"), "not_tested");
	assert_string_equal(str(tests, "mail_starttls_tls_available.verdict"), "null-mx");
	assert_string_equal(str(tests, "mail_starttls_tls_version.verdict"), "not-tested");
	assert_string_equal(str(tests, "mail_auth_spf_exist.verdict"), "not-implemented");
	assert_true(json_is_true(json_object_get(json_object_get(results, "custom"), "mail_non_sending_domain")));
	json_t *sc = json_object_get(json_object_get(json_object_get(doc, "scoring"), "categories"), "mail_starttls");
	assert_int_equal(json_integer_value(json_object_get(sc, "max_points")), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "scoring"), "percentage")), 0);
	json_decref(doc);
	report_release(&r);
}

static void test_text_error_report(void **s)
{
	(void)s;
	struct report r;
	report_init(&r, TEST_MAIL, "example.nl");
	r.error = true;
	snprintf(r.error_msg, sizeof(r.error_msg), "does not resolve");
	char *t = text_of(&r, false);
	assert_string_equal(t, "example.nl  mail test  error: does not resolve\n");
	free(t);
	report_release(&r);
}

static void test_text_details_flattened_and_fix_only_when_not_passed(void **s)
{
	(void)s;
	struct report *r = sample();
	result_set(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_NOTICE, "notice");
	result_set_points(r, SUB_WEB_IPV6_WS_SIMILAR, 0);
	result_set_tech(r, SUB_WEB_IPV6_WS_SIMILAR, json_pack("{s:i, s:i, s:[s,s]}",
		"distance", 23, "ipv4_status", 200, "addresses", "2001:db8::1", "2001:db8::2"));
	/* a plain string row prints as it is */
	result_set_tech(r, SUB_WEB_IPV6_NS_ADDRESS, json_pack("[s]", "ns2.example.nl: no AAAA"));
	/* a passed subtest shows neither details nor a fix line */
	result_set_tech(r, SUB_WEB_DNSSEC_VALID, json_pack("[s]", "secret-detail"));
	r->cat[CAT_WEB_IPV6].advice = "ask your hosting provider";
	score_report(r);
	char *t = text_of(r, false);
	assert_non_null(strstr(t, "  warning    Same website on IPv6 and IPv4"));
	assert_non_null(strstr(t, "distance: 23; ipv4_status: 200; addresses: 2001:db8::1, 2001:db8::2\n"));
	assert_non_null(strstr(t, "               ns2.example.nl: no AAAA\n"));
	assert_non_null(strstr(t, "fix: The site serves different content over IPv6"));
	assert_non_null(strstr(t, "  fix: ask your hosting provider\n"));
	assert_null(strstr(t, "secret-detail"));
	assert_non_null(strstr(t, "  passed     DNSSEC validity"));
	assert_non_null(strstr(t, "Security options     not implemented yet"));
	free(t);
	report_release(r);
	free(r);
}

static void test_text_colours_by_status(void **s)
{
	(void)s;
	struct report *r = sample();
	char *t = text_of(r, true);
	assert_non_null(strstr(t, "\033[32mpassed"));      /* green */
	assert_non_null(strstr(t, "\033[31mfailed"));      /* red */
	free(t);
	report_release(r);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_envelope),
		cmocka_unit_test(test_json_tests_and_categories_use_batch_names),
		cmocka_unit_test(test_json_error_has_no_results),
		cmocka_unit_test(test_text_lines),
		cmocka_unit_test(test_json_complete_report_has_no_partial_key),
		cmocka_unit_test(test_json_mail_has_only_mail_names_and_exact_shape),
		cmocka_unit_test(test_text_error_report),
		cmocka_unit_test(test_text_details_flattened_and_fix_only_when_not_passed),
		cmocka_unit_test(test_text_colours_by_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

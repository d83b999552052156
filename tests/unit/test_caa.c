/* test_caa.c -- CAA record checks and the CAA subtest (spec §3.3.7, §3.3.8, §5.4). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "checks/caa.h"
#include "report/score.h"

/* Records under test; values point into `vals` (not owned, never freed). */
#define MAXRR 128
static struct dns_rr rrs[MAXRR];
static uint8_t vals[MAXRR][300];
static size_t nrr;
static struct caa_result res;

static void reset(void)
{
	memset(rrs, 0, sizeof(rrs));
	nrr = 0;
}

static void add_raw(uint8_t flags, const char *tag, const void *value, size_t len)
{
	struct dns_rr *rr = &rrs[nrr];

	assert_true(nrr < MAXRR && len < sizeof(vals[0]));
	rr->type = DNS_TYPE_CAA;
	rr->u.caa.flags = flags;
	snprintf(rr->u.caa.tag, sizeof(rr->u.caa.tag), "%s", tag);
	memcpy(vals[nrr], value, len);
	vals[nrr][len] = 0;
	rr->u.caa.value = len ? vals[nrr] : NULL;
	rr->u.caa.len = len;
	nrr++;
}

static void add(uint8_t flags, const char *tag, const char *value)
{
	add_raw(flags, tag, value, strlen(value));
}

static void evaluate(void)
{
	memset(&res, 0, sizeof(res));
	caa_evaluate_records(rrs, nrr, &res);
}

/* The record set "0 issue letsencrypt.org" plus one record under test. */
static void eval_one(uint8_t flags, const char *tag, const char *value)
{
	reset();
	add(0, "issue", "letsencrypt.org");
	add(flags, tag, value);
	evaluate();
}

static bool has_msg(const char *msgid)
{
	for (size_t i = 0; i < res.n_errors; i++)
		if (strcmp(res.errors[i].msgid, msgid) == 0)
			return true;
	return false;
}

static const char *only_msg(void)
{
	assert_int_equal(res.n_errors, 1);
	return res.errors[0].msgid;
}

static void assert_good(void)
{
	if (res.n_errors)
		fail_msg("unexpected %s (%s)", res.errors[0].msgid, res.errors[0].context);
	assert_int_equal(res.outcome, CAA_OUT_GOOD);
}

static void test_caa_issue_letsencrypt_good(void **state)
{
	(void)state;
	reset();
	add(0, "issue", "letsencrypt.org");
	evaluate();
	assert_true(res.enabled);
	assert_int_equal(res.n_records, 1);
	assert_string_equal(res.records[0], "0 issue \"letsencrypt.org\"");
	assert_good();

	/* RFC 8659 §4.2 grammar: parameters, whitespace, critical flag */
	const char *ok[] = {
		"ca.example.com", "  ca.example.com  ", "example.net; accounturi=https://example.net/account/1234",
		"example.net;accounturi = x ; validationmethods=dns-01", "ca.example; a=", "a--b.example",
		"example.net; validationmethods=dns-01,ca-custom",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		eval_one(128, "issuewild", ok[i]);
		assert_good();
	}
	const char *bad[] = {
		"%", "ca.example; a=b;", "ca..example", "-ca.example", "ca-.example", "ca.example x", "ca.example; =b",
		"ca.example; a=b c",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		eval_one(0, "issue", bad[i]);
		assert_string_equal(only_msg(), "invalid-property-syntax");
		assert_int_equal(res.outcome, CAA_OUT_SYNTAX_ERROR);
	}
	/* the position and character of the abnf ParseError */
	eval_one(0, "issue", "ca.example x");
	assert_string_equal(res.errors[0].context, "issue@11 x: ca.example x");
	eval_one(0, "issuevmc", "ca.example; a=b;");
	assert_string_equal(res.errors[0].context, "issuevmc@15 ;: ca.example; a=b;");
}

static void test_caa_missing_issue_insufficient(void **state)
{
	(void)state;
	reset();
	add(0, "issuewild", "letsencrypt.org");
	add(0, "iodef", "mailto:security@example.nl");
	evaluate();
	assert_true(res.enabled);
	assert_string_equal(only_msg(), "missing-required-property-issue");
	assert_string_equal(res.errors[0].context, "issue");
	assert_int_equal(res.outcome, CAA_OUT_INSUFFICIENT);

	/* a syntax error besides: still insufficient (any missing-issue error) */
	reset();
	add(0, "issuewild", "%");
	evaluate();
	assert_int_equal(res.n_errors, 2);
	assert_true(has_msg("invalid-property-syntax"));
	assert_true(has_msg("missing-required-property-issue"));
	assert_int_equal(res.outcome, CAA_OUT_INSUFFICIENT);
}

static void test_caa_unknown_tag(void **state)
{
	(void)state;
	eval_one(0, "foo", "bar");
	assert_string_equal(only_msg(), "invalid-unknown-property");
	assert_string_equal(res.errors[0].context, "foo");
	assert_int_equal(res.outcome, CAA_OUT_SYNTAX_ERROR);
	/* an empty tag (dnspython would refuse it) is unknown too */
	eval_one(0, "", "x");
	assert_string_equal(only_msg(), "invalid-unknown-property");
}

static void test_caa_reserved_tag_policy(void **state)
{
	(void)state;
	const char *tags[] = { "policy", "auth", "path", "Policy" };
	for (size_t i = 0; i < 4; i++) {
		eval_one(0, tags[i], "whatever");
		assert_string_equal(only_msg(), "invalid-reserved-property");
		assert_string_equal(res.errors[0].context, tags[i]);
		assert_int_equal(res.outcome, CAA_OUT_SYNTAX_ERROR);
	}
}

static void test_caa_flags_reserved_bits(void **state)
{
	(void)state;
	const uint8_t bad[] = { 1, 5, 64, 129, 255 };
	for (size_t i = 0; i < sizeof(bad); i++) {
		eval_one(bad[i], "issue", ";");
		assert_string_equal(only_msg(), "invalid-flags-reserved-bits");
	}
	eval_one(255, "issue", ";");
	assert_string_equal(res.errors[0].context, "255");
	/* one error per record: the flags hide an unknown tag */
	eval_one(1, "foo", "x");
	assert_string_equal(only_msg(), "invalid-flags-reserved-bits");
	eval_one(128, "issue", ";");
	assert_good();
}

static void test_caa_iodef_http_bad(void **state)
{
	(void)state;
	const char *bad[] = {
		"http://report.example.com", "https://", "ftp://report.example.com", "report.example.com",
		"https:/report.example.com", "https://[::1/x", "",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		eval_one(0, "iodef", bad[i]);
		assert_string_equal(only_msg(), "invalid-property-iodef-value");
		assert_string_equal(res.errors[0].context, bad[i]);
		assert_int_equal(res.outcome, CAA_OUT_SYNTAX_ERROR);
	}
	eval_one(0, "iodef", "https://report.example.com/caa");
	assert_good();
	eval_one(0, "iodef", "HTTPS://report.example.com");
	assert_good();
}

static void test_caa_iodef_mailto_ok(void **state)
{
	(void)state;
	const char *ok[] = { "mailto:report@example.com", "mailto:r@x?subject=caa", "MAILTO:a b@c" };
	for (size_t i = 0; i < 3; i++) {
		eval_one(0, "iodef", ok[i]);
		assert_good();
	}
	const char *bad[] = { "mailto:report", "mailto:a@b@c", "mailto:@example.com", "mailto://a@b", "mailto:a@" };
	for (size_t i = 0; i < 5; i++) {
		eval_one(0, "iodef", bad[i]);
		assert_string_equal(only_msg(), "invalid-property-iodef-value");
	}
}

static void test_caa_validationmethods_unknown(void **state)
{
	(void)state;
	eval_one(0, "issue", "example.net; validationmethods=dns-01,custom");
	assert_string_equal(only_msg(), "invalid-parameter-validation-methods");
	assert_string_equal(res.errors[0].context, "dns-01,custom");
	assert_int_equal(res.outcome, CAA_OUT_SYNTAX_ERROR);
	/* the parameter's own grammar: a trailing comma is a syntax error */
	eval_one(0, "issue", "example.net; validationmethods=dns-01,");
	assert_string_equal(only_msg(), "invalid-property-syntax");
	/* the parameter name is a dict key in the Python: compared exactly */
	eval_one(0, "issue", "example.net; ValidationMethods=bogus");
	assert_good();
	/* the last occurrence wins */
	eval_one(0, "issue", "example.net; validationmethods=bogus; validationmethods=dns-01");
	assert_good();
}

static void test_caa_validationmethods_ca_prefix_ok(void **state)
{
	(void)state;
	const char *ok[] = {
		"example.net; validationmethods=ca-custom", "example.net; validationmethods=http-01,tls-alpn-01",
		"example.net; validationmethods=email-reply-00,tkauth-01,onion-csr-01,bp-nodeid-00",
		"example.net; validationmethods=",
	};
	for (size_t i = 0; i < 4; i++) {
		eval_one(0, "issue", ok[i]);
		assert_good();
	}
	eval_one(0, "issue", "example.net; validationmethods=CA-custom");
	assert_string_equal(only_msg(), "invalid-parameter-validation-methods");
}

static void test_caa_issue_empty_value_ok(void **state)
{
	(void)state;
	/* RFC 8659 §4.2: ";" (or nothing) = no CA may issue; a valid policy */
	eval_one(0, "issue", ";");
	assert_good();
	reset();
	add(0, "issue", ";");
	evaluate();
	assert_good();
	reset();
	add(0, "issue", "");
	evaluate();
	assert_good();
	assert_string_equal(res.records[0], "0 issue \"\"");
}

static void test_caa_contactphone(void **state)
{
	(void)state;
	const char *ok[] = { "+3185123456", "+31-(85)-123.456", "+31851;ext=12", "+31851;isub=a;b", "+1;foo=bar;x" };
	for (size_t i = 0; i < 5; i++) {
		eval_one(0, "contactphone", ok[i]);
		assert_good();
	}
	/* a grammar failure is a ParseError in internet.nl: invalid-property-syntax */
	const char *bad[] = { "not-a-phone-number", "+", "0851234567", "+31 85", "+31;", "" };
	for (size_t i = 0; i < 6; i++) {
		eval_one(0, "contactphone", bad[i]);
		assert_string_equal(only_msg(), "invalid-property-syntax");
	}
	eval_one(0, "contactphone", "+31 85");
	assert_string_equal(res.errors[0].context, "contactphone@3  : +31 85");
}

static void test_caa_issuemail(void **state)
{
	(void)state;
	const char *ok[] = { ";", "authority.example; account=123456", "authority.example", "" };
	for (size_t i = 0; i < 4; i++) {
		eval_one(0, "issuemail", ok[i]);
		assert_good();
	}
	eval_one(0, "issuemail", "authority.example; account=\xf0\x9f\x92\xa9");
	assert_string_equal(only_msg(), "invalid-property-syntax");
	/* U+1F4A9 at code-point index 27 */
	assert_string_equal(res.errors[0].context, "issuemail@27 \xf0\x9f\x92\xa9: authority.example; account=\xf0\x9f\x92\xa9");
	/* no validationmethods check for issuemail */
	eval_one(0, "issuemail", "authority.example; validationmethods=bogus");
	assert_good();
	eval_one(0, "contactemail", "contact@example.com");
	assert_good();
	eval_one(0, "contactemail", "not-an-email");
	assert_string_equal(only_msg(), "invalid-property-contactemail-value");
}

static void test_caa_non_utf8_value(void **state)
{
	(void)state;
	reset();
	add(0, "issue", "letsencrypt.org");
	add_raw(0, "issuewild", "ca\xff.example", 11);
	evaluate();
	assert_string_equal(only_msg(), "invalid-property-encoding");
	assert_string_equal(res.errors[0].context, "issuewild");
	assert_string_equal(res.records[1], "0 issuewild \"ca\\255.example\"");
	/* decoded before the flags and the tag are looked at */
	reset();
	add(0, "issue", ";");
	add_raw(7, "bogus", "\xc0\xaf", 2);   /* overlong '/' */
	add_raw(0, "iodef", "\xed\xa0\x80", 3);   /* a surrogate */
	evaluate();
	assert_int_equal(res.n_errors, 2);
	assert_string_equal(res.errors[0].msgid, "invalid-property-encoding");
	assert_string_equal(res.errors[1].msgid, "invalid-property-encoding");
	/* valid UTF-8 but not the grammar's ASCII: syntax */
	eval_one(0, "issue", "\xf0\x9f\x92\xa9");
	assert_string_equal(only_msg(), "invalid-property-syntax");
	assert_int_equal(res.outcome, CAA_OUT_SYNTAX_ERROR);
}

static void test_caa_tag_case_insensitive(void **state)
{
	(void)state;
	/* RFC 8659 §4.1: tags are validated case-insensitively */
	eval_one(0, "IoDeF", "ftp://x");
	assert_string_equal(only_msg(), "invalid-property-iodef-value");
	eval_one(128, "ISSue", ";");
	assert_good();
	/* internet.nl's required-tag set holds the tags as written: "ISSUE"
	 * alone does not satisfy it (checks/caa/retrieval.py caa_tags) */
	reset();
	add(0, "ISSUE", "letsencrypt.org");
	evaluate();
	assert_string_equal(only_msg(), "missing-required-property-issue");
	assert_int_equal(res.outcome, CAA_OUT_INSUFFICIENT);
}

static void test_caa_first_100_only(void **state)
{
	(void)state;
	reset();
	for (int i = 0; i < 100; i++)
		add(0, "issuewild", "ca.example");
	add(0, "issue", "letsencrypt.org");   /* record 101: ignored */
	add(0, "bogus", "x");
	evaluate();
	assert_int_equal(res.n_records, 100);
	assert_string_equal(only_msg(), "missing-required-property-issue");

	/* 100 bad records overflow the message list; missing-issue survives */
	reset();
	for (int i = 0; i < 100; i++)
		add(0, "bogus", "x");
	evaluate();
	assert_int_equal(res.n_errors, CAA_MSGS_MAX);
	assert_string_equal(res.errors[CAA_MSGS_MAX - 1].msgid, "missing-required-property-issue");
	assert_int_equal(res.outcome, CAA_OUT_INSUFFICIENT);
}

static void eval_report(struct report *r, json_t *details)
{
	report_init(r, TEST_WEB, "example.nl");
	caa_evaluate(&res, SUB_WEB_HTTPS_TLS_CAA, r, details);
	score_report(r);
}

static void test_caa_none_is_bad_warning(void **state)
{
	struct report r;
	(void)state;

	reset();
	evaluate();
	assert_false(res.enabled);
	assert_int_equal(res.outcome, CAA_OUT_NONE);
	assert_string_equal(only_msg(), "missing-required-property-issue");
	eval_report(&r, NULL);
	assert_int_equal(score_subtest_status(&r, SUB_WEB_HTTPS_TLS_CAA), STATUS_NOTICE);
	assert_string_equal(score_subtest_verdict(&r, SUB_WEB_HTTPS_TLS_CAA), "bad");
	report_release(&r);

	/* the other outcomes, web and mail */
	struct { const char *tag, *value; enum status st; const char *verdict; } cases[] = {
		{ "issue", "letsencrypt.org", STATUS_SUCCESS, "good" },
		{ "issue", "%", STATUS_NOTICE, "syntax-error" },
		{ "issuewild", "letsencrypt.org", STATUS_NOTICE, "insufficient" },
	};
	for (size_t i = 0; i < 3; i++) {
		reset();
		add(0, cases[i].tag, cases[i].value);
		evaluate();
		eval_report(&r, NULL);
		assert_int_equal(score_subtest_status(&r, SUB_WEB_HTTPS_TLS_CAA), cases[i].st);
		assert_string_equal(score_subtest_verdict(&r, SUB_WEB_HTTPS_TLS_CAA), cases[i].verdict);
		report_release(&r);

		report_init(&r, TEST_MAIL, "example.nl");
		caa_evaluate(&res, SUB_MAIL_STARTTLS_TLS_CAA, &r, NULL);
		score_report(&r);
		assert_int_equal(score_subtest_status(&r, SUB_MAIL_STARTTLS_TLS_CAA), cases[i].st);
		assert_string_equal(score_subtest_verdict(&r, SUB_MAIL_STARTTLS_TLS_CAA), cases[i].verdict);
		report_release(&r);
	}
}

static void test_caa_details_keys(void **state)
{
	struct report r;
	json_t *d = json_object(), *e;
	(void)state;

	reset();
	add(0, "issue", "letsencrypt.org");
	add(0, "issue", "ca.example x");
	add(3, "issue", ";");
	add(0, "Policy", "x");
	add(0, "iodef", "ftp://x");
	memset(&res, 0, sizeof(res));
	snprintf(res.found_on, sizeof(res.found_on), "example.nl");
	caa_evaluate_records(rrs, nrr, &res);
	assert_string_equal(res.found_on, "example.nl");
	eval_report(&r, d);

	assert_true(json_is_true(json_object_get(d, "caa_enabled")));
	assert_string_equal(json_string_value(json_object_get(d, "caa_found_on_domain")), "example.nl");
	assert_int_equal(json_array_size(json_object_get(d, "caa_records")), 5);
	assert_string_equal(json_string_value(json_array_get(json_object_get(d, "caa_records"), 0)),
	                    "0 issue \"letsencrypt.org\"");
	assert_int_equal(json_array_size(json_object_get(d, "caa_recommendations")), 0);
	e = json_object_get(d, "caa_errors");
	assert_int_equal(json_array_size(e), 4);
	/* internet.nl's context objects */
	json_t *syn = json_array_get(e, 0);
	assert_string_equal(json_string_value(json_object_get(syn, "msgid")), "invalid-property-syntax");
	json_t *ctx = json_object_get(syn, "context");
	assert_string_equal(json_string_value(json_object_get(ctx, "property_name")), "issue");
	assert_string_equal(json_string_value(json_object_get(ctx, "property_value")), "ca.example x");
	assert_int_equal(json_integer_value(json_object_get(ctx, "invalid_character_position")), 11);
	assert_string_equal(json_string_value(json_object_get(ctx, "invalid_character")), "x");
	ctx = json_object_get(json_array_get(e, 1), "context");
	assert_string_equal(json_string_value(json_object_get(ctx, "flags")), "3");
	ctx = json_object_get(json_array_get(e, 2), "context");
	assert_string_equal(json_string_value(json_object_get(ctx, "property_tag")), "Policy");
	ctx = json_object_get(json_array_get(e, 3), "context");
	assert_string_equal(json_string_value(json_object_get(ctx, "property_value")), "ftp://x");
	assert_string_equal(score_subtest_verdict(&r, SUB_WEB_HTTPS_TLS_CAA), "syntax-error");
	assert_non_null(r.sub[SUB_WEB_HTTPS_TLS_CAA].tech);
	report_release(&r);
	json_decref(d);

	/* nothing found: enabled false, found_on null, missing-issue error */
	d = json_object();
	reset();
	evaluate();
	eval_report(&r, d);
	assert_true(json_is_false(json_object_get(d, "caa_enabled")));
	assert_true(json_is_null(json_object_get(d, "caa_found_on_domain")));
	assert_int_equal(json_array_size(json_object_get(d, "caa_records")), 0);
	e = json_array_get(json_object_get(d, "caa_errors"), 0);
	assert_string_equal(json_string_value(json_object_get(e, "msgid")), "missing-required-property-issue");
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "context"), "property_tag")), "issue");
	report_release(&r);
	json_decref(d);
}

/* Long values: records and contexts truncate, JSON stays valid UTF-8. */
static void test_caa_long_value_truncated(void **state)
{
	char v[290];
	struct report r;
	json_t *d = json_object();
	(void)state;

	memset(v, 0, sizeof(v));
	for (size_t i = 0; i + 4 < 280; i += 4)
		memcpy(v + i, "\xf0\x9f\x92\xa9", 4);
	eval_one(0, "iodef", v);
	assert_string_equal(only_msg(), "invalid-property-iodef-value");
	eval_report(&r, d);
	json_t *ctx = json_object_get(json_array_get(json_object_get(d, "caa_errors"), 0), "context");
	assert_non_null(json_string_value(json_object_get(ctx, "property_value")));
	assert_true(strlen(res.records[1]) < sizeof(res.records[1]));
	report_release(&r);
	json_decref(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_caa_issue_letsencrypt_good),
		cmocka_unit_test(test_caa_missing_issue_insufficient),
		cmocka_unit_test(test_caa_unknown_tag),
		cmocka_unit_test(test_caa_reserved_tag_policy),
		cmocka_unit_test(test_caa_flags_reserved_bits),
		cmocka_unit_test(test_caa_iodef_http_bad),
		cmocka_unit_test(test_caa_iodef_mailto_ok),
		cmocka_unit_test(test_caa_validationmethods_unknown),
		cmocka_unit_test(test_caa_validationmethods_ca_prefix_ok),
		cmocka_unit_test(test_caa_issue_empty_value_ok),
		cmocka_unit_test(test_caa_contactphone),
		cmocka_unit_test(test_caa_issuemail),
		cmocka_unit_test(test_caa_non_utf8_value),
		cmocka_unit_test(test_caa_tag_case_insensitive),
		cmocka_unit_test(test_caa_first_100_only),
		cmocka_unit_test(test_caa_none_is_bad_warning),
		cmocka_unit_test(test_caa_details_keys),
		cmocka_unit_test(test_caa_long_value_truncated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

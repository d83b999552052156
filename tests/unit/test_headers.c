/* test_headers.c -- the HTTP header rules of spec §3.3.5 and §3.4 (checks/headers.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "checks/headers.h"

/* ---- HSTS (§3.3.5, §8 item 10) ---- */

static void test_hsts_one_year_good(void **state)
{
	long long age;

	(void)state;
	assert_int_equal(hsts_evaluate("max-age=31536000", &age), HSTS_GOOD);
	assert_int_equal(age, 31536000);
	assert_int_equal(hsts_evaluate("max-age=63072000; includeSubDomains; preload", &age), HSTS_GOOD);
	assert_int_equal(age, 63072000);
	/* max-age need not come first inside the element */
	assert_int_equal(hsts_evaluate("includeSubDomains; max-age=31536000", &age), HSTS_GOOD);
	/* one second short of a year */
	assert_int_equal(hsts_evaluate("max-age=31535999", &age), HSTS_SHORT);
	/* beyond long long: Python's int is unbounded, we saturate */
	assert_int_equal(hsts_evaluate("max-age=99999999999999999999999999", &age), HSTS_GOOD);
}

static void test_hsts_one_second_short(void **state)
{
	long long age;

	(void)state;
	assert_int_equal(hsts_evaluate("max-age=1", &age), HSTS_SHORT);
	assert_int_equal(age, 1);
}

static void test_hsts_zero_short(void **state)
{
	long long age;

	(void)state;
	assert_int_equal(hsts_evaluate("max-age=0", &age), HSTS_SHORT);
	assert_int_equal(age, 0);
	/* int("-5") parses: a negative age is short, not unparsable */
	assert_int_equal(hsts_evaluate("max-age=-5", &age), HSTS_SHORT);
	assert_int_equal(age, -5);
}

static void test_hsts_absent_bad(void **state)
{
	long long age = 7;

	(void)state;
	assert_int_equal(hsts_evaluate(NULL, &age), HSTS_BAD);
	assert_int_equal(age, -1);
	assert_int_equal(hsts_evaluate("", &age), HSTS_BAD);
	assert_int_equal(hsts_evaluate("   ", &age), HSTS_BAD);
	assert_int_equal(hsts_evaluate("includeSubDomains", &age), HSTS_BAD);
	assert_int_equal(hsts_evaluate("max-age", &age), HSTS_BAD);
	assert_int_equal(hsts_evaluate("max-age=", &age), HSTS_BAD);
	assert_int_equal(hsts_evaluate("max-age=;includeSubDomains", &age), HSTS_BAD);
	assert_int_equal(hsts_evaluate("max-age=1y", &age), HSTS_BAD);
	assert_int_equal(hsts_evaluate("max-age=3.5", &age), HSTS_BAD);
	assert_int_equal(hsts_evaluate("max-age = 31536000", &age), HSTS_BAD);
	assert_int_equal(age, -1);
}

static void test_hsts_quoted_bad(void **state)
{
	long long age;

	(void)state;
	/* RFC 6797 allows a quoted-string, internet.nl's int() does not */
	assert_int_equal(hsts_evaluate("max-age=\"31536000\"", &age), HSTS_BAD);
	assert_int_equal(hsts_evaluate("max-age='31536000'", &age), HSTS_BAD);
	assert_int_equal(age, -1);
}

static void test_hsts_whitespace_ok(void **state)
{
	long long age;

	(void)state;
	assert_int_equal(hsts_evaluate("  max-age= 31536000 ;includeSubDomains", &age), HSTS_GOOD);
	assert_int_equal(age, 31536000);
	assert_int_equal(hsts_evaluate("max-age=\t31536000\t", &age), HSTS_GOOD);
	/* Python int(): sign and PEP 515 underscores are accepted, inner space is not */
	assert_int_equal(hsts_evaluate("max-age=+31536000", &age), HSTS_GOOD);
	assert_int_equal(hsts_evaluate("max-age=31_536_000", &age), HSTS_GOOD);
	assert_int_equal(age, 31536000);
	assert_int_equal(hsts_evaluate("max-age=31__536000", &age), HSTS_BAD);
	assert_int_equal(hsts_evaluate("max-age=_31536000", &age), HSTS_BAD);
	assert_int_equal(hsts_evaluate("max-age=31536000_", &age), HSTS_BAD);
	assert_int_equal(hsts_evaluate("max-age=+ 31536000", &age), HSTS_BAD);
	assert_int_equal(hsts_evaluate("max-age=315 36000", &age), HSTS_BAD);
	assert_int_equal(hsts_evaluate("max-age=+", &age), HSTS_BAD);
}

static void test_hsts_two_headers_merged_first_wins(void **state)
{
	long long age;

	(void)state;
	/* repeated headers arrive merged with ", ": only the first element counts */
	assert_int_equal(hsts_evaluate("max-age=31536000, max-age=0", &age), HSTS_GOOD);
	assert_int_equal(age, 31536000);
	assert_int_equal(hsts_evaluate("max-age=300, max-age=31536000", &age), HSTS_SHORT);
	assert_int_equal(age, 300);
	assert_int_equal(hsts_evaluate("includeSubDomains, max-age=31536000", &age), HSTS_BAD);
	/* .split("max-age=")[1]: the value ends at a second "max-age=" too */
	assert_int_equal(hsts_evaluate("max-age=31536000max-age=5", &age), HSTS_GOOD);
	assert_int_equal(age, 31536000);
}

static void test_hsts_uppercase_max_age(void **state)
{
	long long age;

	(void)state;
	assert_int_equal(hsts_evaluate("MAX-AGE=31536000; INCLUDESUBDOMAINS", &age), HSTS_GOOD);
	assert_int_equal(hsts_evaluate("Max-Age=600", &age), HSTS_SHORT);
	assert_int_equal(age, 600);
}

/* ---- HTTPS redirect (§3.3.5 step 3, §8 item 26) ---- */

static void test_redirect_same_host_https_good(void **state)
{
	(void)state;
	assert_true(redirect_target_good("https://example.nl/", "example.nl"));
	assert_true(redirect_target_good("https://example.nl", "example.nl"));
	assert_true(redirect_target_good("https://example.nl/path?q=1#f", "example.nl"));
	assert_true(redirect_target_good("HTTPS://Example.NL/", "example.nl"));
	assert_true(redirect_target_good("https://user:pw@example.nl/", "example.nl"));
	assert_true(redirect_target_good(" https://exa\tmple.nl/", "example.nl"));
}

static void test_redirect_other_host_bad(void **state)
{
	(void)state;
	assert_false(redirect_target_good("https://www.example.nl/", "example.nl"));
	assert_false(redirect_target_good("https://sub.example.nl/", "example.nl"));
	assert_false(redirect_target_good("https://example.nl.evil.nl/", "example.nl"));
	assert_false(redirect_target_good("https://example.nl@evil.nl/", "example.nl"));
	assert_false(redirect_target_good("https://example.nl./", "example.nl"));
	assert_false(redirect_target_good("https://[2001:db8::1]/", "example.nl"));
	assert_false(redirect_target_good("https:///example.nl/", "example.nl"));
	assert_false(redirect_target_good("/relative", "example.nl"));
	assert_false(redirect_target_good("", "example.nl"));
	assert_false(redirect_target_good(NULL, "example.nl"));
}

static void test_redirect_http_bad(void **state)
{
	(void)state;
	assert_false(redirect_target_good("http://example.nl/", "example.nl"));
	assert_false(redirect_target_good("ftp://example.nl/", "example.nl"));
	assert_false(redirect_target_good("https:example.nl", "example.nl"));
	assert_false(redirect_target_good("httpss://example.nl/", "example.nl"));
}

static void test_redirect_explicit_port_ok(void **state)
{
	(void)state;
	assert_true(redirect_target_good("https://example.nl:443/", "example.nl"));
	assert_true(redirect_target_good("https://example.nl:8443/x", "example.nl"));
	assert_true(redirect_target_good("https://example.nl:/", "example.nl"));
}

/* ---- X-Frame-Options, X-Content-Type-Options (§3.4) ---- */

static void test_xfo_deny(void **state)
{
	(void)state;
	assert_true(x_frame_options_good("DENY"));
	assert_true(x_frame_options_good("  DENY  "));
	assert_true(x_frame_options_good("DENY, SAMEORIGIN"));
	assert_false(x_frame_options_good("DENY;"));
	assert_false(x_frame_options_good(NULL));
	assert_false(x_frame_options_good(""));
}

static void test_xfo_sameorigin(void **state)
{
	(void)state;
	assert_true(x_frame_options_good("SAMEORIGIN"));
	assert_true(x_frame_options_good("SAMEORIGIN, ALLOW-FROM https://x.nl/"));
	assert_false(x_frame_options_good("SAME-ORIGIN"));
}

static void test_xfo_allow_from_bad(void **state)
{
	(void)state;
	assert_false(x_frame_options_good("ALLOW-FROM https://example.nl/"));
	/* only the first value counts */
	assert_false(x_frame_options_good("ALLOW-FROM https://example.nl/, DENY"));
	assert_false(x_frame_options_good(", DENY"));
}

static void test_xfo_lowercase(void **state)
{
	(void)state;
	assert_true(x_frame_options_good("deny"));
	assert_true(x_frame_options_good("sameOrigin"));
}

static void test_xcto_nosniff(void **state)
{
	(void)state;
	assert_true(x_content_type_options_good("nosniff"));
	assert_true(x_content_type_options_good("NoSniff"));
	assert_true(x_content_type_options_good(" nosniff , nosniff"));
	assert_false(x_content_type_options_good("sniff, nosniff"));
	assert_false(x_content_type_options_good("nosniff;"));
	assert_false(x_content_type_options_good(""));
	assert_false(x_content_type_options_good(NULL));
}

/* ---- Referrer-Policy (§3.4, §8 item 41) ---- */

static enum referrer_class rp(const char *v, char *msgid, size_t len)
{
	return referrer_policy_evaluate(v, msgid, len);
}

static void test_referrer_absent_no_policy(void **state)
{
	char m[128];

	(void)state;
	assert_int_equal(rp(NULL, m, sizeof(m)), REFERRER_RECOMMENDATIONS);
	assert_string_equal(m, "no-policy");
}

static void test_referrer_empty_no_policy(void **state)
{
	char m[128];

	(void)state;
	assert_int_equal(rp("", m, sizeof(m)), REFERRER_RECOMMENDATIONS);
	assert_string_equal(m, "no-policy");
	assert_int_equal(rp("  \t ", m, sizeof(m)), REFERRER_RECOMMENDATIONS);
	assert_string_equal(m, "no-policy");
}

static void test_referrer_good(void **state)
{
	char m[128];

	(void)state;
	assert_int_equal(rp("no-referrer", m, sizeof(m)), REFERRER_GOOD);
	assert_string_equal(m, "");
	assert_int_equal(rp("same-origin", m, sizeof(m)), REFERRER_GOOD);
	assert_string_equal(m, "");
	/* the last token is the effective one (fallback lists) */
	assert_int_equal(rp("unsafe-url, no-referrer", m, sizeof(m)), REFERRER_GOOD);
	assert_int_equal(rp("foo,same-origin ", m, sizeof(m)), REFERRER_GOOD);
}

static void test_referrer_recommendation_embeds_whole_value(void **state)
{
	char m[128];

	(void)state;
	assert_int_equal(rp("strict-origin", m, sizeof(m)), REFERRER_RECOMMENDATIONS);
	assert_string_equal(m, "recommendation-strict-origin");
	assert_int_equal(rp("strict-origin-when-cross-origin", m, sizeof(m)), REFERRER_RECOMMENDATIONS);
	assert_string_equal(m, "recommendation-strict-origin-when-cross-origin");
	/* §8 item 41: the whole header value, unstripped, not only the last token */
	assert_int_equal(rp("no-referrer, strict-origin", m, sizeof(m)), REFERRER_RECOMMENDATIONS);
	assert_string_equal(m, "recommendation-no-referrer, strict-origin");
	assert_int_equal(rp(" strict-origin ", m, sizeof(m)), REFERRER_RECOMMENDATIONS);
	assert_string_equal(m, "recommendation- strict-origin ");
	/* truncated to the buffer, still terminated */
	assert_int_equal(rp("strict-origin", m, 10), REFERRER_RECOMMENDATIONS);
	assert_string_equal(m, "recommend");
}

static void test_referrer_bad_values(void **state)
{
	static const char *const bad[] = {
		"origin", "origin-when-cross-origin", "no-referrer-when-downgrade", "unsafe-url",
	};
	char m[128], want[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(rp(bad[i], m, sizeof(m)), REFERRER_BAD);
		snprintf(want, sizeof(want), "bad-%s", bad[i]);
		assert_string_equal(m, want);
	}
	/* last token decides, msgid names the token only */
	assert_int_equal(rp("no-referrer, unsafe-url ", m, sizeof(m)), REFERRER_BAD);
	assert_string_equal(m, "bad-unsafe-url");
}

static void test_referrer_invalid(void **state)
{
	char m[128];

	(void)state;
	assert_int_equal(rp("nonsense", m, sizeof(m)), REFERRER_BAD);
	assert_string_equal(m, "bad-invalid");
	/* case-sensitive */
	assert_int_equal(rp("No-Referrer", m, sizeof(m)), REFERRER_BAD);
	assert_string_equal(m, "bad-invalid");
	/* a trailing comma leaves an empty last token */
	assert_int_equal(rp("no-referrer,", m, sizeof(m)), REFERRER_BAD);
	assert_string_equal(m, "bad-invalid");
	assert_int_equal(rp("no-referrer;", m, sizeof(m)), REFERRER_BAD);
	assert_string_equal(m, "bad-invalid");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hsts_one_year_good),
		cmocka_unit_test(test_hsts_one_second_short),
		cmocka_unit_test(test_hsts_zero_short),
		cmocka_unit_test(test_hsts_absent_bad),
		cmocka_unit_test(test_hsts_quoted_bad),
		cmocka_unit_test(test_hsts_whitespace_ok),
		cmocka_unit_test(test_hsts_two_headers_merged_first_wins),
		cmocka_unit_test(test_hsts_uppercase_max_age),
		cmocka_unit_test(test_redirect_same_host_https_good),
		cmocka_unit_test(test_redirect_other_host_bad),
		cmocka_unit_test(test_redirect_http_bad),
		cmocka_unit_test(test_redirect_explicit_port_ok),
		cmocka_unit_test(test_xfo_deny),
		cmocka_unit_test(test_xfo_sameorigin),
		cmocka_unit_test(test_xfo_allow_from_bad),
		cmocka_unit_test(test_xfo_lowercase),
		cmocka_unit_test(test_xcto_nosniff),
		cmocka_unit_test(test_referrer_absent_no_policy),
		cmocka_unit_test(test_referrer_empty_no_policy),
		cmocka_unit_test(test_referrer_good),
		cmocka_unit_test(test_referrer_recommendation_embeds_whole_value),
		cmocka_unit_test(test_referrer_bad_values),
		cmocka_unit_test(test_referrer_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

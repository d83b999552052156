/* test_domain.c -- input normalisation and the domain regex (spec §3.6, §3.13). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/domain.h"

static void expect_norm(const char *in, bool mail, const char *want)
{
	char out[256];
	struct error err = {{0}};
	int rc = domain_normalise(in, mail, out, sizeof(out), &err);
	if (rc != 0)
		fail_msg("'%s' rejected: %s", in, err.msg);
	assert_string_equal(out, want);
}

static void expect_bad(const char *in, bool mail)
{
	char out[256];
	struct error err = {{0}};
	assert_int_equal(domain_normalise(in, mail, out, sizeof(out), &err), -1);
	assert_true(strlen(err.msg) > 0);
	assert_null(strchr(err.msg, '\n'));   /* one-line error */
}

static void test_plain_domain_lowercased(void **s)
{
	(void)s;
	expect_norm("Example.NL", false, "example.nl");
	expect_norm("  www.example.nl  ", false, "www.example.nl");
}

static void test_url_reduced_to_host(void **s)
{
	(void)s;
	expect_norm("https://www.example.nl/some/path?q=1", false, "www.example.nl");
	expect_norm("http://user:pw@example.nl:8080/", false, "example.nl");
	expect_norm("example.nl/", false, "example.nl");
	expect_norm("example.nl/path", false, "example.nl");
}

static void test_mail_address_reduced_to_domain(void **s)
{
	(void)s;
	expect_norm("info@example.nl", true, "example.nl");
	expect_norm("\"a@b\"@mail.example.nl", true, "mail.example.nl");
}

static void test_trailing_dot_dropped(void **s)
{
	(void)s;
	expect_norm("example.nl.", false, "example.nl");
}

static void test_idn_to_alabel(void **s)
{
	(void)s;
	expect_norm("münchen.de", false, "xn--mnchen-3ya.de");
	expect_norm("例え.テスト", false, "xn--r8jz45g.xn--zckzah");
}

static void test_regex_rejects(void **s)
{
	(void)s;
	expect_bad("", false);
	expect_bad("localhost", false);          /* single label */
	expect_bad("under_score.nl", false);     /* no underscores */
	expect_bad("-lead.nl", false);
	expect_bad("trail-.nl", false);
	expect_bad("example.n", false);          /* TLD too short */
	expect_bad("example.123", false);        /* TLD not alphabetic */
	expect_bad("127.0.0.1", false);
	expect_bad("http://[2001:db8::1]/", false);
	expect_bad("a..b.nl", false);
	expect_bad("bad name.nl", false);
}

static void test_regex_accepts(void **s)
{
	(void)s;
	assert_true(domain_is_valid("a.nl"));
	assert_true(domain_is_valid("1.2.3.example.xn--p1ai"));
	assert_true(domain_is_valid("a-b.c-d.museum"));
	assert_false(domain_is_valid("nl"));
	char l63[80], l64[80];
	memset(l63, 'a', 63); strcpy(l63 + 63, ".nl");
	memset(l64, 'a', 64); strcpy(l64 + 64, ".nl");
	assert_true(domain_is_valid(l63));
	assert_false(domain_is_valid(l64));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_domain_lowercased),
		cmocka_unit_test(test_url_reduced_to_host),
		cmocka_unit_test(test_mail_address_reduced_to_domain),
		cmocka_unit_test(test_trailing_dot_dropped),
		cmocka_unit_test(test_idn_to_alabel),
		cmocka_unit_test(test_regex_rejects),
		cmocka_unit_test(test_regex_accepts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

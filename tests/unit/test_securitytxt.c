/*
 * test_securitytxt.c -- security.txt parser and retrieval checks (spec §3.4.2),
 * one test per sectxt 0.9.8 code, with the line numbers sectxt reports.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "checks/securitytxt.h"

#define NOW ((time_t)1717200000)   /* 2024-06-01T00:00:00Z */
#define URL "https://example.nl/.well-known/security.txt"
#define EXP "Expires: 2024-12-31T23:59:59Z\n"
#define CONTACT "Contact: https://example.nl/contact\n"
/* a real ed25519 signature made with gpg --clearsign (not verified by the parser) */
#define SIG "-----BEGIN PGP SIGNATURE-----\n\n" \
	"iHUEARYIAB0WIQTYwQnef2K2pM9ajh0zAU4Ou28X5gUCawQN5gAKCRAzAU4Ou28X\n" \
	"5tjLAP9vy4GAhVpHG7tCyCDQNJ+Q8DDqTKeY5R57luowpF+7vAD5AcTNy61/Va7b\n" \
	"6PagnDtsiN5kYFRKH7rJ4SFf6LE0rQY=\n=LS2h\n-----END PGP SIGNATURE-----\n"

static struct sectxt_result res;

static void parse_url(const char *s, size_t len, const char *url)
{
	memset(&res, 0, sizeof(res));
	securitytxt_parse(s, len, url, NOW, &res);
}

static void parse(const char *s)
{
	parse_url(s, strlen(s), URL);
}

/* Line of the first message `code` in `arr`, or -1 when absent. */
static int find(const struct sectxt_msg *arr, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(arr[i].code, code) == 0)
			return arr[i].line;
	return -1;
}

static int err(const char *code)
{
	return find(res.errors, res.n_errors, code);
}

static int rec(const char *code)
{
	return find(res.recommendations, res.n_recommendations, code);
}

static void test_sectxt_valid_minimal(void **state)
{
	(void)state;
	parse(CONTACT EXP);
	assert_int_equal(res.n_errors, 0);
	assert_int_equal(res.n_recommendations, 1);
	assert_int_equal(rec("not_signed"), 0);
	parse("Contact: https://example.nl/contact\r\nExpires: 2024-12-31T23:59:59Z\r\n");
	assert_int_equal(res.n_errors, 0);
	/* a fraction and an offset are ISO 8601 too */
	parse(CONTACT "Expires: 2024-12-31 23:59:59.123+02:00\n");
	assert_int_equal(res.n_errors, 0);
}

static void test_sectxt_no_contact(void **state)
{
	(void)state;
	parse(EXP);
	assert_int_equal(err("no_contact"), 0);
}

static void test_sectxt_no_expire(void **state)
{
	(void)state;
	parse(CONTACT);
	assert_int_equal(err("no_expire"), 0);
	assert_int_equal(res.n_errors, 1);
}

static void test_sectxt_multi_expire(void **state)
{
	(void)state;
	parse(CONTACT EXP EXP);
	assert_int_equal(err("multi_expire"), 0);
	assert_int_equal(res.n_errors, 1);
}

static void test_sectxt_expired(void **state)
{
	(void)state;
	parse(CONTACT "Expires: 2024-05-31T23:59:59Z\n");
	assert_int_equal(err("expired"), 2);
	/* the offset counts: 00:30+01:00 is 23:30 UTC the day before */
	parse(CONTACT "Expires: 2024-06-01T00:30:00+01:00\n");
	assert_int_equal(err("expired"), 2);
	parse(CONTACT "Expires: 2024-06-01T00:30:00-01:00\n");
	assert_int_equal(err("expired"), -1);
}

static void test_sectxt_long_expiry_recommendation(void **state)
{
	(void)state;
	parse(CONTACT "Expires: 2025-06-01T00:00:01Z\n");
	assert_int_equal(rec("long_expiry"), 2);
	assert_int_equal(res.n_errors, 0);
	/* exactly one year ahead is not too long */
	parse(CONTACT "Expires: 2025-06-01T00:00:00Z\n");
	assert_int_equal(rec("long_expiry"), -1);
}

static void test_sectxt_invalid_expiry_format(void **state)
{
	static const char *const bad[] = {
		"Expires: 2024-12-31\n", "Expires: 2024-12-31T23:59:59\n",
		"Expires: Tue, 31 Dec 2024 23:59:59 GMT\n", "Expires: 2024-13-01T00:00:00Z\n",
		"Expires: 2025-02-29T00:00:00Z\n", "Expires: 2024-12-31T24:00:00Z\n",
		"Expires: 2024-12-31T23:59:59Zjunk\n", "Expires: 2024-12-31T23:59:59.Z\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char buf[256];
		strcpy(buf, CONTACT);
		strcat(buf, bad[i]);
		parse(buf);
		assert_int_equal(err("invalid_expiry"), 2);
		assert_int_equal(err("expired"), -1);
	}
	/* lowercase t and z are accepted (re.IGNORECASE); leap day is fine */
	parse(CONTACT "Expires: 2024-12-31t23:59:59z\n");
	assert_int_equal(res.n_errors, 0);
	parse(CONTACT "Expires: 2025-02-28T00:00:00Z\n");
	assert_int_equal(res.n_errors, 0);
}

static void test_sectxt_bom_in_file(void **state)
{
	(void)state;
	parse("\xef\xbb\xbf" CONTACT EXP);
	assert_int_equal(err("bom_in_file"), 0);
	assert_int_equal(res.n_errors, 1);
}

static void test_sectxt_invalid_utf8(void **state)
{
	(void)state;
	parse(CONTACT EXP "# caf\xe9\n");
	assert_int_equal(err("utf8"), 0);
	assert_int_equal(res.n_errors, 1);
	/* surrogates and overlong forms are invalid too; NUL is valid UTF-8 */
	parse(CONTACT EXP "# \xed\xa0\x80\n");
	assert_int_equal(err("utf8"), 0);
	parse(CONTACT EXP "# \xc0\xaf\n");
	assert_int_equal(err("utf8"), 0);
	parse_url(CONTACT EXP "# a\0b\n", strlen(CONTACT EXP) + 6, URL);
	assert_int_equal(err("utf8"), -1);
	assert_int_equal(res.n_errors, 0);
	parse(CONTACT EXP "# caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n");
	assert_int_equal(res.n_errors, 0);
}

static void test_sectxt_prec_ws(void **state)
{
	(void)state;
	parse("Contact : https://example.nl/contact\n" EXP);
	assert_int_equal(err("prec_ws"), 1);
	assert_int_equal(err("no_contact"), -1);   /* the key is still "contact" */
}

static void test_sectxt_no_space(void **state)
{
	(void)state;
	parse("Contact:https://example.nl/contact\n" EXP);
	assert_int_equal(err("no_space"), 1);
	assert_int_equal(err("no_contact"), -1);
}

static void test_sectxt_empty_key(void **state)
{
	(void)state;
	parse(CONTACT EXP ": value\n");
	assert_int_equal(err("empty_key"), 3);
}

static void test_sectxt_empty_value(void **state)
{
	(void)state;
	parse(CONTACT EXP "Hiring:\n");
	assert_int_equal(err("empty_value"), 3);
	parse(CONTACT EXP "Hiring:   \n");
	assert_int_equal(err("empty_value"), 3);
	assert_int_equal(err("no_space"), -1);   /* rstrip first: the value is empty */
}

static void test_sectxt_no_https_contact_http(void **state)
{
	(void)state;
	parse("Contact: http://example.nl/contact\n" EXP "Policy: example.nl/policy\n");
	assert_int_equal(err("no_https"), 1);
	assert_int_equal(err("no_uri"), 3);
	parse("Contact: HTTP://example.nl/contact\n" EXP);
	assert_int_equal(err("no_https"), 1);
	parse("Contact: tel:+31-70-1234567\n" EXP);
	assert_int_equal(res.n_errors, 0);
}

static void test_sectxt_mailto_contact_no_encryption_recommendation(void **state)
{
	(void)state;
	parse("Contact: mailto:security@example.nl\n" EXP);
	assert_int_equal(rec("no_encryption"), 0);
	assert_int_equal(res.n_errors, 0);
	parse("Contact: mailto:security@example.nl\n" EXP "Encryption: https://example.nl/key.asc\n");
	assert_int_equal(rec("no_encryption"), -1);
}

static void test_sectxt_canonical_mismatch(void **state)
{
	(void)state;
	parse(CONTACT EXP "Canonical: https://other.nl/.well-known/security.txt\n");
	assert_int_equal(err("no_canonical_match"), 0);
	/* without a URL (pure parse) Canonical is not matched */
	parse_url(CONTACT EXP "Canonical: https://other.nl/.well-known/security.txt\n",
	          strlen(CONTACT EXP "Canonical: https://other.nl/.well-known/security.txt\n"), NULL);
	assert_int_equal(err("no_canonical_match"), -1);
}

static void test_sectxt_canonical_match(void **state)
{
	(void)state;
	parse(CONTACT EXP "Canonical: https://other.nl/.well-known/security.txt\nCanonical: " URL "\n");
	assert_int_equal(err("no_canonical_match"), -1);
	assert_int_equal(res.n_errors, 0);
}

static void test_sectxt_no_line_separators(void **state)
{
	(void)state;
	parse(CONTACT "Expires: 2024-12-31T23:59:59Z");
	assert_int_equal(err("no_line_separators"), 2);
	/* trailing whitespace on the last line makes it an empty line */
	parse(CONTACT EXP "  ");
	assert_int_equal(err("no_line_separators"), -1);
}

static void test_sectxt_signed_ok_not_signed_recommendation_absent(void **state)
{
	(void)state;
	parse("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" CONTACT EXP
	      "Canonical: " URL "\n" SIG);
	assert_int_equal(res.n_errors, 0);
	assert_int_equal(rec("not_signed"), -1);
	assert_int_equal(rec("no_canonical"), -1);
	assert_int_equal(res.n_recommendations, 0);
}

static void test_sectxt_signed_data_after_sig(void **state)
{
	(void)state;
	parse("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" CONTACT EXP
	      "Canonical: " URL "\n" SIG "Hiring: https://example.nl/jobs\n");
	assert_int_equal(err("data_after_sig"), 14);
}

static void test_sectxt_signed_too_many_line_separators(void **state)
{
	(void)state;
	parse("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" CONTACT EXP
	      "Canonical: " URL "\n" SIG "\n");
	assert_int_equal(err("too_many_line_separators"), 15);
	/* unsigned files may end with blank lines */
	parse(CONTACT EXP "\n\n");
	assert_int_equal(err("too_many_line_separators"), -1);
}

static void test_sectxt_signed_no_canonical(void **state)
{
	(void)state;
	parse("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n- " CONTACT EXP SIG);
	assert_int_equal(rec("no_canonical"), 0);
	assert_int_equal(res.n_errors, 0);    /* the dash-escaped Contact counts */
}

static void test_sectxt_signed_format_issues(void **state)
{
	(void)state;
	/* the header must be the first line */
	parse("\n-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" CONTACT EXP
	      "Canonical: " URL "\n" SIG);
	assert_int_equal(err("signed_format_issue"), 2);
	/* no signature block at all */
	parse("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" CONTACT EXP "Canonical: " URL "\n");
	assert_int_equal(err("pgp_data_error"), 1);
	/* bad base64 padding */
	parse("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" CONTACT EXP "Canonical: " URL "\n"
	      "-----BEGIN PGP SIGNATURE-----\n\niQEzBAE\n=abcd\n-----END PGP SIGNATURE-----\n");
	assert_int_equal(err("pgp_error"), 1);
	/* a signature packet longer than the data */
	parse("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" CONTACT EXP "Canonical: " URL "\n"
	      "-----BEGIN PGP SIGNATURE-----\n\niQEz\n=abcd\n-----END PGP SIGNATURE-----\n");
	assert_int_equal(err("pgp_signature_error"), 1);
}

static void test_sectxt_unknown_field_notification(void **state)
{
	(void)state;
	parse(CONTACT EXP "X-Custom: yes\n");
	assert_int_equal(rec("unknown_field"), 3);
	assert_int_equal(res.n_errors, 0);
	/* notifications follow sectxt's recommendations */
	assert_string_equal(res.recommendations[res.n_recommendations - 1].code, "unknown_field");
	parse(CONTACT EXP "Hash: SHA256\n");   /* Hash is only an envelope line when signed */
	assert_int_equal(rec("unknown_field"), 3);
}

static void test_sectxt_invalid_lang(void **state)
{
	(void)state;
	parse(CONTACT EXP "Preferred-Languages: en, nl, zh-Hant-TW, de-CH-1996\n");
	assert_int_equal(res.n_errors, 0);
	parse(CONTACT EXP "Preferred-Languages: en, 12\n");
	assert_int_equal(err("invalid_lang"), 3);
	parse(CONTACT EXP "Preferred-Languages: en_US\n");
	assert_int_equal(err("invalid_lang"), 3);
	parse(CONTACT EXP "Preferred-Languages: en\nPreferred-Languages: nl\n");
	assert_int_equal(err("multi_lang"), 0);
}

static void test_sectxt_csaf_not_provider_metadata(void **state)
{
	(void)state;
	parse(CONTACT EXP "CSAF: https://example.nl/csaf.json\n");
	assert_int_equal(err("no_csaf_file"), 0);
	parse(CONTACT EXP "CSAF: https://example.nl/a/provider-metadata.json\n"
	      "CSAF: https://example.nl/b/provider-metadata.json\n");
	assert_int_equal(err("no_csaf_file"), -1);
	assert_int_equal(rec("multiple_csaf_fields"), 0);
}

static void test_sectxt_line_numbers(void **state)
{
	(void)state;
	parse("# comment\r\n\r\n" CONTACT "junk line\n" EXP "Policy:https://example.nl/p\n");
	assert_int_equal(err("invalid_line"), 4);
	assert_int_equal(err("no_space"), 6);
	assert_int_equal(res.n_errors, 2);
	/* sectxt's order: line errors first, then the file-level ones */
	parse("Contact: http://x.nl\n" "Expires: never");
	assert_string_equal(res.errors[0].code, "no_https");
	assert_int_equal(res.errors[0].line, 1);
	assert_string_equal(res.errors[1].code, "invalid_expiry");
	assert_int_equal(res.errors[1].line, 2);
	assert_string_equal(res.errors[2].code, "no_line_separators");
	assert_int_equal(res.errors[2].line, 2);
}

static void test_sectxt_garbage_bounded(void **state)
{
	char buf[3 * SECTXT_MSGS_MAX * 2];

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i += 2) {
		buf[i] = 'x';
		buf[i + 1] = '\n';
	}
	parse_url(buf, sizeof(buf), URL);
	assert_int_equal(res.n_errors, SECTXT_MSGS_MAX);
	parse_url(NULL, 0, URL);
	assert_int_equal(err("no_contact"), 0);
	assert_int_equal(err("no_line_separators"), -1);
}

/* ---- retrieval ---- */

static void test_sectxt_status_404(void **state)
{
	(void)state;
	memset(&res, 0, sizeof(res));
	assert_false(securitytxt_check_response(404, "text/plain", &res));
	assert_int_equal(err("no_security_txt_404"), 0);
	memset(&res, 0, sizeof(res));
	assert_false(securitytxt_check_response(0, NULL, &res));
	assert_int_equal(err("no_security_txt_404"), 0);
}

static void test_sectxt_status_500_context(void **state)
{
	(void)state;
	memset(&res, 0, sizeof(res));
	assert_false(securitytxt_check_response(500, "text/plain", &res));
	assert_int_equal(res.n_errors, 1);
	assert_string_equal(res.errors[0].code, "no_security_txt_other");
	assert_string_equal(res.errors[0].context, "500");
}

static void test_sectxt_no_content_type(void **state)
{
	(void)state;
	memset(&res, 0, sizeof(res));
	assert_false(securitytxt_check_response(200, NULL, &res));
	assert_int_equal(err("no_content_type"), 0);
	memset(&res, 0, sizeof(res));
	assert_false(securitytxt_check_response(200, "", &res));
	assert_int_equal(err("no_content_type"), 0);
}

static void test_sectxt_invalid_media(void **state)
{
	(void)state;
	memset(&res, 0, sizeof(res));
	assert_false(securitytxt_check_response(200, "text/html; charset=utf-8", &res));
	assert_int_equal(err("invalid_media"), 0);
	assert_int_equal(res.n_errors, 1);
	memset(&res, 0, sizeof(res));
	assert_true(securitytxt_check_response(200, " Text/Plain ", &res));
	assert_int_equal(res.n_errors, 0);
}

static void test_sectxt_invalid_charset(void **state)
{
	(void)state;
	memset(&res, 0, sizeof(res));
	assert_true(securitytxt_check_response(200, "text/plain; charset=iso-8859-1", &res));
	assert_int_equal(err("invalid_charset"), 0);
	memset(&res, 0, sizeof(res));
	assert_true(securitytxt_check_response(200, "text/plain;charset=\"utf-16\"", &res));
	assert_int_equal(err("invalid_charset"), 0);
}

static void test_sectxt_charset_csutf8_ok(void **state)
{
	static const char *const ok[] = {
		"text/plain", "text/plain; charset=utf-8", "text/plain; charset=UTF-8",
		"text/plain; charset=csUTF8", "text/plain; charset=\"utf-8\"",
		"text/plain; format=flowed; CHARSET=utf-8",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(&res, 0, sizeof(res));
		assert_true(securitytxt_check_response(200, ok[i], &res));
		assert_int_equal(res.n_errors, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sectxt_valid_minimal),
		cmocka_unit_test(test_sectxt_no_contact),
		cmocka_unit_test(test_sectxt_no_expire),
		cmocka_unit_test(test_sectxt_multi_expire),
		cmocka_unit_test(test_sectxt_expired),
		cmocka_unit_test(test_sectxt_long_expiry_recommendation),
		cmocka_unit_test(test_sectxt_invalid_expiry_format),
		cmocka_unit_test(test_sectxt_bom_in_file),
		cmocka_unit_test(test_sectxt_invalid_utf8),
		cmocka_unit_test(test_sectxt_prec_ws),
		cmocka_unit_test(test_sectxt_no_space),
		cmocka_unit_test(test_sectxt_empty_key),
		cmocka_unit_test(test_sectxt_empty_value),
		cmocka_unit_test(test_sectxt_no_https_contact_http),
		cmocka_unit_test(test_sectxt_mailto_contact_no_encryption_recommendation),
		cmocka_unit_test(test_sectxt_canonical_mismatch),
		cmocka_unit_test(test_sectxt_canonical_match),
		cmocka_unit_test(test_sectxt_no_line_separators),
		cmocka_unit_test(test_sectxt_signed_ok_not_signed_recommendation_absent),
		cmocka_unit_test(test_sectxt_signed_data_after_sig),
		cmocka_unit_test(test_sectxt_signed_too_many_line_separators),
		cmocka_unit_test(test_sectxt_signed_no_canonical),
		cmocka_unit_test(test_sectxt_signed_format_issues),
		cmocka_unit_test(test_sectxt_unknown_field_notification),
		cmocka_unit_test(test_sectxt_invalid_lang),
		cmocka_unit_test(test_sectxt_csaf_not_provider_metadata),
		cmocka_unit_test(test_sectxt_line_numbers),
		cmocka_unit_test(test_sectxt_garbage_bounded),
		cmocka_unit_test(test_sectxt_status_404),
		cmocka_unit_test(test_sectxt_status_500_context),
		cmocka_unit_test(test_sectxt_no_content_type),
		cmocka_unit_test(test_sectxt_invalid_media),
		cmocka_unit_test(test_sectxt_invalid_charset),
		cmocka_unit_test(test_sectxt_charset_csutf8_ok),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

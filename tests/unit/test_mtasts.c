/* test_mtasts.c -- MTA-STS (RFC 8461): TXT record (§3.1), policy file (§3.2),
 * fetch rules (§3.3), MX matching (§4.1) and the overall judgement. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/mtasts.h"

#define GOOD_POLICY "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n"

/* ---- helpers ---- */

static void expect_record(const char *record, const char *reason, const char *id)
{
	struct mtasts_record rec;
	const char *why = NULL;
	int rc = mtasts_record_parse(record, &rec, &why);

	if (!reason) {
		if (rc != 0)
			fail_msg("\"%s\" should parse, got %s", record, why);
		assert_string_equal(rec.id, id);
	} else {
		if (rc == 0)
			fail_msg("\"%s\" should be refused (%s)", record, reason);
		if (strcmp(why, reason) != 0)
			fail_msg("\"%s\": %s, expected %s", record, why, reason);
	}
}

/* Parse `body`; expect `reason` (NULL = valid) at `line`. */
static void expect_policy_n(const char *body, size_t len, const char *reason, size_t line)
{
	struct mtasts_policy p;
	const char *why = NULL;
	size_t at = 99;
	int rc = mtasts_policy_parse(body, len, &p, &why, &at);

	if (!reason) {
		if (rc != 0)
			fail_msg("policy should parse, got %s at line %zu:\n%s", why, at, body);
		mtasts_policy_free(&p);
		return;
	}
	if (rc == 0)
		fail_msg("policy should be refused (%s):\n%s", reason, body);
	if (strcmp(why, reason) != 0 || at != line)
		fail_msg("%s at line %zu, expected %s at line %zu:\n%s", why, at, reason, line, body);
	assert_null(p.mx);
	assert_int_equal(p.n_mx, 0);
}

static void expect_policy(const char *body, const char *reason, size_t line)
{
	expect_policy_n(body, strlen(body), reason, line);
}

static struct mtasts_policy parse_ok(const char *body)
{
	struct mtasts_policy p;
	const char *why = NULL;

	if (mtasts_policy_parse(body, strlen(body), &p, &why, NULL) != 0)
		fail_msg("policy should parse, got %s:\n%s", why, body);
	return p;
}

static struct mtasts_fetch_facts good_fetch(const char *body)
{
	struct mtasts_fetch_facts f = {
		.outcome = MTASTS_HTTP_RESPONSE, .cert_valid = true, .redirected = false,
		.http_status = 200, .content_type = "text/plain", .body = (const uint8_t *)body,
		.body_len = strlen(body), .body_truncated = false,
	};
	return f;
}

static const char *fetch_status(const struct mtasts_fetch_facts *f)
{
	struct mtasts_fetch_result r;
	const char *s;

	assert_int_equal(mtasts_fetch_judge(f, &r), 0);
	s = r.status;
	assert_int_equal(r.has_policy, strcmp(s, "good") == 0);
	mtasts_fetch_result_free(&r);
	return s;
}

/* ---- §3.1 TXT record ---- */

static void test_rfc8461_s3_1_valid_records(void **state)
{
	(void)state;
	expect_record("v=STSv1; id=20160831085700Z;", NULL, "20160831085700Z");
	expect_record("v=STSv1;id=abc", NULL, "abc");
	expect_record("v=STSv1 ; id=a1 ; ext-1=x", NULL, "a1");
	expect_record("v=STSv1; foo.bar=baz; id=Z", NULL, "Z");
}

static void test_rfc8461_s3_1_version_case_sensitive(void **state)
{
	(void)state;
	expect_record("v=stsv1; id=1", "syntax", NULL);
	expect_record("V=STSv1; id=1", "syntax", NULL);
	expect_record("id=1; v=STSv1", "syntax", NULL);
	expect_record("v=STSv10; id=1", "syntax", NULL);
}

static void test_rfc8461_s3_1_id_required(void **state)
{
	(void)state;
	expect_record("v=STSv1", "no-id", NULL);
	expect_record("v=STSv1;", "no-id", NULL);
	expect_record("v=STSv1; ID=1", "no-id", NULL);   /* %s"id=" */
	expect_record("v=STSv1; x=1", "no-id", NULL);
}

/* sts-id = %s"id=" 1*32(ALPHA / DIGIT) */
static void test_rfc8461_s3_1_id_alphanumeric_1_to_32(void **state)
{
	(void)state;
	expect_record("v=STSv1; id=12345678901234567890123456789012", NULL,
	              "12345678901234567890123456789012");
	expect_record("v=STSv1; id=123456789012345678901234567890123", "bad-id", NULL);
	expect_record("v=STSv1; id=2019-01-01", "bad-id", NULL);
	expect_record("v=STSv1; id=a_b", "bad-id", NULL);
	expect_record("v=STSv1; id=", "syntax", NULL);
	expect_record("v=STSv1; id=a b", "syntax", NULL);
}

/* our choice (§3.1 is silent): the first id= counts, as §3.2 does for the policy */
static void test_rfc8461_s3_1_duplicate_id_first_wins(void **state)
{
	(void)state;
	expect_record("v=STSv1; id=first; id=second", NULL, "first");
	expect_record("v=STSv1; id=first; id=not-alnum", NULL, "first");
}

static void test_rfc8461_s3_1_whitespace_and_separators(void **state)
{
	(void)state;
	expect_record("v=STSv1\t;\tid=1\t;", NULL, "1");
	expect_record("v=STSv1;;id=1", "syntax", NULL);
	expect_record("v=STSv1 id=1", "syntax", NULL);
	expect_record("v=STSv1; id=1 ", "syntax", NULL);
	expect_record("v=STSv1; id =1", "syntax", NULL);
}

static void test_rfc8461_s3_1_record_selection(void **state)
{
	struct txt_set set = { NULL, 0, 0 };
	size_t n;
	(void)state;

	txt_set_add(&set, "v=spf1 -all");
	assert_int_equal(mtasts_select_record(&set, &n), -1);
	assert_int_equal(n, 0);
	txt_set_add(&set, "v=STSv10; id=1");     /* not a v=STSv1 record */
	assert_int_equal(mtasts_select_record(&set, &n), -1);
	txt_set_add(&set, "v=STSv1; id=1");
	assert_int_equal(mtasts_select_record(&set, &n), 2);
	assert_int_equal(n, 1);
	txt_set_add(&set, "V=stsv1; id=2");      /* selected caselessly, then invalid */
	assert_int_equal(mtasts_select_record(&set, &n), -2);
	assert_int_equal(n, 2);
	txt_set_clear(&set);
}

/* ---- §3.2 policy ---- */

static void test_rfc8461_s3_2_valid_policy(void **state)
{
	struct mtasts_policy p = parse_ok(GOOD_POLICY);
	(void)state;
	assert_int_equal(p.mode, MTASTS_MODE_ENFORCE);
	assert_int_equal(p.max_age, 604800);
	assert_int_equal(p.n_mx, 2);
	assert_string_equal(p.mx[0], "mail.example.com");
	assert_string_equal(p.mx[1], "*.example.net");
	mtasts_policy_free(&p);
}

/* sts-policy-term = LF / CRLF, mixed, last one optional */
static void test_rfc8461_s3_2_crlf_and_lf(void **state)
{
	(void)state;
	expect_policy("version: STSv1\nmode: testing\nmx: a.example\nmax_age: 1\n", NULL, 0);
	expect_policy("version: STSv1\r\nmode: testing\nmx: a.example\r\nmax_age: 1", NULL, 0);
	expect_policy("version: STSv1\r\nmode: none\r\nmax_age: 0\r\n", NULL, 0);
	/* a bare CR is a control character, not a terminator */
	expect_policy("version: STSv1\rmode: none\rmax_age: 0\r", "syntax", 1);
	expect_policy("version: STSv1\r\nmode: none\r\nmax_age: 0\r", "syntax", 3);
	expect_policy("version: STSv1\r\r\nmode: none\r\nmax_age: 0\r\n", "syntax", 1);
}

/* the ABNF has no empty lines: only one optional terminator at the end */
static void test_rfc8461_s3_2_no_empty_lines(void **state)
{
	(void)state;
	expect_policy("version: STSv1\n\nmode: none\nmax_age: 0\n", "syntax", 2);
	expect_policy("version: STSv1\nmode: none\nmax_age: 0\n\n", "syntax", 4);
	expect_policy("", "no-version", 0);
}

/* sts-policy-field-delim = ":" *WSP; *WSP before the terminator; nothing before the key */
static void test_rfc8461_s3_2_whitespace(void **state)
{
	(void)state;
	expect_policy("version:STSv1\nmode:\t enforce \t\nmx:   a.example\t\nmax_age: 5 \n", NULL, 0);
	expect_policy("version : STSv1\nmode: none\nmax_age: 0\n", "syntax", 1);
	expect_policy(" version: STSv1\nmode: none\nmax_age: 0\n", "syntax", 1);
	expect_policy("version: STSv1\nmode: none\nmax_age: 0\nfoo: a\tb\n", "syntax", 4);
	expect_policy("version: STSv1\nmode: none\nmax_age: 0\nfoo: a  b\n", NULL, 0);
	expect_policy("version: STSv1\nmode: none\nmax_age: 0\nfoo:\n", "syntax", 4);
	expect_policy("version: STSv1\nmode: none\nmax_age: 0\nfoo:  \n", "syntax", 4);
	expect_policy("version: STSv1\nmode: none\nmax_age: 0\nno colon here\n", "syntax", 4);
}

/* "version: STSv1" required and first (the ABNF's note) */
static void test_rfc8461_s3_2_version_first(void **state)
{
	(void)state;
	expect_policy("mode: none\nmax_age: 0\n", "no-version", 0);
	expect_policy("mode: none\nversion: STSv1\nmax_age: 0\n", "version-not-first", 2);
	expect_policy("version: STSv2\nmode: none\nmax_age: 0\n", "bad-version", 1);
	expect_policy("version: stsv1\nmode: none\nmax_age: 0\n", "bad-version", 1);
	expect_policy("Version: STSv1\nmode: none\nmax_age: 0\n", "no-version", 0);
}

/* keys and values are case-sensitive (%s in the ABNF) */
static void test_rfc8461_s3_2_case_sensitive(void **state)
{
	(void)state;
	expect_policy("version: STSv1\nmode: Enforce\nmx: a.example\nmax_age: 1\n", "bad-mode", 2);
	expect_policy("version: STSv1\nMode: enforce\nmx: a.example\nmax_age: 1\n", "no-mode", 0);
	expect_policy("version: STSv1\nmode: enforce\nMX: a.example\nmax_age: 1\n", "no-mx", 0);
	expect_policy("version: STSv1\nmode: none\nMAX_AGE: 1\n", "no-max-age", 0);
}

static void test_rfc8461_s3_2_mode_values(void **state)
{
	struct mtasts_policy p;
	(void)state;
	p = parse_ok("version: STSv1\nmode: testing\nmx: a.example\nmax_age: 1\n");
	assert_int_equal(p.mode, MTASTS_MODE_TESTING);
	mtasts_policy_free(&p);
	p = parse_ok("version: STSv1\nmode: none\nmax_age: 1\n");
	assert_int_equal(p.mode, MTASTS_MODE_NONE);
	mtasts_policy_free(&p);
	expect_policy("version: STSv1\nmode: reject\nmax_age: 1\n", "bad-mode", 2);
	expect_policy("version: STSv1\nmode: enforce now\nmax_age: 1\n", "bad-mode", 2);
	expect_policy("version: STSv1\nmax_age: 1\n", "no-mode", 0);
	assert_string_equal(mtasts_mode_name(MTASTS_MODE_ENFORCE), "enforce");
	assert_string_equal(mtasts_mode_name(MTASTS_MODE_TESTING), "testing");
	assert_string_equal(mtasts_mode_name(MTASTS_MODE_NONE), "none");
}

/* max_age = 1*10(DIGIT), at most 31557600 */
static void test_rfc8461_s3_2_max_age_bounds(void **state)
{
	struct mtasts_policy p;
	(void)state;
	p = parse_ok("version: STSv1\nmode: none\nmax_age: 0\n");
	assert_int_equal(p.max_age, 0);
	mtasts_policy_free(&p);
	p = parse_ok("version: STSv1\nmode: none\nmax_age: 31557600\n");
	assert_int_equal(p.max_age, 31557600);
	mtasts_policy_free(&p);
	p = parse_ok("version: STSv1\nmode: none\nmax_age: 0000000001\n");   /* 10 digits */
	assert_int_equal(p.max_age, 1);
	mtasts_policy_free(&p);
	expect_policy("version: STSv1\nmode: none\nmax_age: 31557601\n", "bad-max-age", 3);
	expect_policy("version: STSv1\nmode: none\nmax_age: 00000000001\n", "bad-max-age", 3);
	expect_policy("version: STSv1\nmode: none\nmax_age: 9999999999\n", "bad-max-age", 3);
	expect_policy("version: STSv1\nmode: none\nmax_age: -1\n", "bad-max-age", 3);
	expect_policy("version: STSv1\nmode: none\nmax_age: 1d\n", "bad-max-age", 3);
	expect_policy("version: STSv1\nmode: none\n", "no-max-age", 0);
}

/* mx required at least once unless mode is none; ["*."] Domain */
static void test_rfc8461_s3_2_mx_patterns(void **state)
{
	(void)state;
	expect_policy("version: STSv1\nmode: enforce\nmax_age: 1\n", "no-mx", 0);
	expect_policy("version: STSv1\nmode: testing\nmax_age: 1\n", "no-mx", 0);
	expect_policy("version: STSv1\nmode: none\nmx: a.example\nmax_age: 1\n", NULL, 0);
	expect_policy("version: STSv1\nmode: enforce\nmx: *.example\nmax_age: 1\n", NULL, 0);
	expect_policy("version: STSv1\nmode: enforce\nmx: a.*.example\nmax_age: 1\n", "bad-mx", 3);
	expect_policy("version: STSv1\nmode: enforce\nmx: *example.com\nmax_age: 1\n", "bad-mx", 3);
	expect_policy("version: STSv1\nmode: enforce\nmx: *\nmax_age: 1\n", "bad-mx", 3);
	expect_policy("version: STSv1\nmode: enforce\nmx: *.\nmax_age: 1\n", "bad-mx", 3);
	expect_policy("version: STSv1\nmode: enforce\nmx: a.example.\nmax_age: 1\n", "bad-mx", 3);
	expect_policy("version: STSv1\nmode: enforce\nmx: a_b.example\nmax_age: 1\n", "bad-mx", 3);
	expect_policy("version: STSv1\nmode: enforce\nmx: a.example b.example\nmax_age: 1\n", "bad-mx", 3);
	expect_policy("version: STSv1\nmode: none\nmx: -a.example\nmax_age: 1\n", "bad-mx", 3);
}

/* §3.2: of a repeated field (all but mx) only the first counts */
static void test_rfc8461_s3_2_duplicate_keys_first_wins(void **state)
{
	struct mtasts_policy p;
	(void)state;
	p = parse_ok("version: STSv1\nmode: enforce\nmode: none\nmx: a.example\nmax_age: 10\n"
	             "max_age: 20\nversion: STSv9\n");
	assert_int_equal(p.mode, MTASTS_MODE_ENFORCE);
	assert_int_equal(p.max_age, 10);
	mtasts_policy_free(&p);
	/* a later invalid value of a repeated field is ignored with it */
	p = parse_ok("version: STSv1\nmode: testing\nmode: bogus\nmx: a.example\nmax_age: 10\n"
	             "max_age: 99999999999\n");
	assert_int_equal(p.mode, MTASTS_MODE_TESTING);
	mtasts_policy_free(&p);
	/* mx repeats: all patterns count */
	p = parse_ok("version: STSv1\nmode: enforce\nmx: a.example\nmx: b.example\nmx: a.example\nmax_age: 1\n");
	assert_int_equal(p.n_mx, 3);
	mtasts_policy_free(&p);
	/* but the first bad value is fatal */
	expect_policy("version: STSv1\nmode: bogus\nmode: enforce\nmx: a.example\nmax_age: 1\n", "bad-mode", 2);
}

/* §3.2: unknown keys are ignored when well-formed (ext-name, vchar / UTF-8 value) */
static void test_rfc8461_s3_2_extension_keys(void **state)
{
	(void)state;
	expect_policy("version: STSv1\nmode: none\nmax_age: 0\nx-comment: h\xc3\xa9 \xe2\x82\xac!\n", NULL, 0);
	expect_policy("version: STSv1\nfoo_bar.baz-1: x\nmode: none\nmax_age: 0\n", NULL, 0);
	expect_policy("version: STSv1\nmode: none\nmax_age: 0\n_x: y\n", "syntax", 4);
	expect_policy("version: STSv1\nmode: none\nmax_age: 0\n"
	              "a234567890123456789012345678901bc: y\n", "syntax", 4);
	expect_policy("version: STSv1\nmode: none\nmax_age: 0\n"
	              "a234567890123456789012345678901b: y\n", NULL, 0);
	/* invalid UTF-8: overlong, surrogate, truncated, lone continuation */
	expect_policy("version: STSv1\nmode: none\nmax_age: 0\nx: \xc0\xaf\n", "syntax", 4);
	expect_policy("version: STSv1\nmode: none\nmax_age: 0\nx: \xed\xa0\x80\n", "syntax", 4);
	expect_policy("version: STSv1\nmode: none\nmax_age: 0\nx: \xe2\x82", "syntax", 4);
	expect_policy("version: STSv1\nmode: none\nmax_age: 0\nx: \x80\n", "syntax", 4);
	expect_policy("version: STSv1\nmode: none\nmax_age: 0\nx: a\x01" "b\n", "syntax", 4);
}

static void test_rfc8461_s3_2_nul_byte(void **state)
{
	static const char body[] = "version: STSv1\nmode: none\nmax_age: 0\nx: a\0b\n";
	(void)state;
	expect_policy_n(body, sizeof(body) - 1, "syntax", 4);
}

/* §3.3: a suggested maximum policy size of 64 kilobytes; we take 65536 bytes */
static void test_rfc8461_s3_3_size_limit_64k(void **state)
{
	const char *head = "version: STSv1\nmode: none\nmax_age: 0\nx: ";
	size_t hl = strlen(head);
	char *body = malloc(MTASTS_POLICY_MAX_BYTES + 2);
	(void)state;

	assert_non_null(body);
	memcpy(body, head, hl);
	memset(body + hl, 'a', MTASTS_POLICY_MAX_BYTES + 1 - hl);
	body[MTASTS_POLICY_MAX_BYTES - 1] = '\n';
	expect_policy_n(body, MTASTS_POLICY_MAX_BYTES, NULL, 0);
	expect_policy_n(body, MTASTS_POLICY_MAX_BYTES + 1, "too-large", 0);
	free(body);
}

/* ---- §4.1 MX matching ---- */

static void test_rfc8461_s4_1_exact_match(void **state)
{
	(void)state;
	assert_true(mtasts_mx_matches("mail.example.com", "mail.example.com"));
	assert_true(mtasts_mx_matches("mail.example.com", "MAIL.Example.COM"));
	assert_true(mtasts_mx_matches("MAIL.example.com", "mail.example.com"));
	assert_true(mtasts_mx_matches("mail.example.com", "mail.example.com."));
	assert_true(mtasts_mx_matches("mail.example.com.", "mail.example.com"));
	assert_false(mtasts_mx_matches("mail.example.com", "mail2.example.com"));
	assert_false(mtasts_mx_matches("mail.example.com", "example.com"));
	assert_false(mtasts_mx_matches("mail.example.com", "x.mail.example.com"));
	assert_false(mtasts_mx_matches("mail.example.com", ""));
	assert_false(mtasts_mx_matches("", "mail.example.com"));
	assert_false(mtasts_mx_matches("", ""));
	assert_false(mtasts_mx_matches(".", "."));
}

/* a wildcard matches exactly one leftmost label */
static void test_rfc8461_s4_1_wildcard_one_label(void **state)
{
	(void)state;
	assert_true(mtasts_mx_matches("*.example.com", "mx.example.com"));
	assert_true(mtasts_mx_matches("*.example.com", "MX1.EXAMPLE.com."));
	assert_true(mtasts_mx_matches("*.example.com.", "a.example.com"));
	assert_false(mtasts_mx_matches("*.example.com", "a.b.example.com"));
	assert_false(mtasts_mx_matches("*.example.com", "example.com"));
	assert_false(mtasts_mx_matches("*.example.com", ".example.com"));
	assert_false(mtasts_mx_matches("*.example.com", "mx.example.org"));
	assert_false(mtasts_mx_matches("*.example.com", "mxexample.com"));
	assert_false(mtasts_mx_matches("*.example.com", "mx.notexample.com"));
	assert_false(mtasts_mx_matches("*.", "a."));
	assert_false(mtasts_mx_matches("*", "a"));
	assert_true(mtasts_mx_matches("*.com", "example.com"));
	/* the '*' is only a wildcard as the whole leftmost label */
	assert_false(mtasts_mx_matches("mx*.example.com", "mx1.example.com"));
	assert_true(mtasts_mx_matches("*.example.com", "*.example.com"));
}

static void test_rfc8461_s4_1_mx_not_covered(void **state)
{
	struct mtasts_policy p = parse_ok(GOOD_POLICY);
	const char *mx[] = { "mail.example.com.", "mx1.example.net", "a.b.example.net", "other.example.org" };
	bool miss[4];
	(void)state;

	assert_int_equal(mtasts_mx_not_covered(&p, mx, 4, miss), 2);
	assert_false(miss[0]);
	assert_false(miss[1]);
	assert_true(miss[2]);
	assert_true(miss[3]);
	assert_int_equal(mtasts_mx_not_covered(&p, mx, 2, NULL), 0);
	assert_int_equal(mtasts_mx_not_covered(&p, mx, 0, NULL), 0);
	assert_true(mtasts_mx_covered(&p, "MAIL.EXAMPLE.COM"));
	mtasts_policy_free(&p);
}

/* ---- §3.3 fetch ---- */

static void test_rfc8461_s3_2_content_type_text_plain(void **state)
{
	(void)state;
	assert_true(mtasts_content_type_ok("text/plain"));
	assert_true(mtasts_content_type_ok("Text/Plain"));
	assert_true(mtasts_content_type_ok("text/plain; charset=utf-8"));
	assert_true(mtasts_content_type_ok(" text/plain ;charset=us-ascii"));
	assert_false(mtasts_content_type_ok(NULL));
	assert_false(mtasts_content_type_ok(""));
	assert_false(mtasts_content_type_ok("text/html"));
	assert_false(mtasts_content_type_ok("text/plainx"));
	assert_false(mtasts_content_type_ok("text/plain x"));
	assert_false(mtasts_content_type_ok("application/octet-stream"));
}

static void test_rfc8461_s3_3_fetch_outcomes(void **state)
{
	struct mtasts_fetch_facts f;
	(void)state;

	f = good_fetch(GOOD_POLICY);
	assert_string_equal(fetch_status(&f), "good");
	f.outcome = MTASTS_HTTP_UNREACHABLE;
	assert_string_equal(fetch_status(&f), "unreachable");
	f.outcome = MTASTS_HTTP_NO_HOST;
	assert_string_equal(fetch_status(&f), "no-host");
	f = good_fetch(GOOD_POLICY);
	f.cert_valid = false;   /* the certificate MUST be valid for mta-sts.<domain> */
	assert_string_equal(fetch_status(&f), "cert-invalid");
	f = good_fetch(GOOD_POLICY);
	f.http_status = 301;    /* 3xx MUST NOT be followed */
	assert_string_equal(fetch_status(&f), "redirect");
	f.http_status = 200;
	f.redirected = true;
	assert_string_equal(fetch_status(&f), "redirect");
	f = good_fetch(GOOD_POLICY);
	f.http_status = 404;
	assert_string_equal(fetch_status(&f), "no-policy");
	f.http_status = 500;
	assert_string_equal(fetch_status(&f), "http-status");
	f.http_status = 204;    /* only 200 counts */
	assert_string_equal(fetch_status(&f), "http-status");
	f = good_fetch(GOOD_POLICY);
	f.content_type = "text/html";
	assert_string_equal(fetch_status(&f), "content-type");
	f.content_type = NULL;
	assert_string_equal(fetch_status(&f), "content-type");
	f = good_fetch(GOOD_POLICY);
	f.body_truncated = true;
	assert_string_equal(fetch_status(&f), "too-large");
	f = good_fetch(GOOD_POLICY);
	f.body_len = MTASTS_POLICY_MAX_BYTES + 1;   /* never read: judged on the length */
	f.body = NULL;
	assert_string_equal(fetch_status(&f), "too-large");
}

static void test_rfc8461_s3_3_fetch_syntax_reason(void **state)
{
	struct mtasts_fetch_facts f = good_fetch("version: STSv1\nmode: enforce\nmax_age: 1\n");
	struct mtasts_fetch_result r;
	(void)state;

	assert_int_equal(mtasts_fetch_judge(&f, &r), 0);
	assert_string_equal(r.status, "syntax");
	assert_string_equal(r.policy_reason, "no-mx");
	assert_false(r.has_policy);
	mtasts_fetch_result_free(&r);
}

/* ---- the overall judgement ---- */

struct scenario {
	int txt_rc;
	const char *txt[3];
	const struct mtasts_fetch_facts *fetch;
	bool mx_known;
	const char *mx[3];
	const struct mtasts_mx_cert *cert;   /* per mx, or NULL */
};

static json_t *judge(const struct scenario *s, enum status status, const char *verdict,
                     const char *reason)
{
	struct txt_set set = { NULL, 0, 0 };
	struct mtasts_facts facts;
	struct mtasts_judgement j;
	size_t n_mx = 0;

	for (size_t i = 0; i < 3 && s->txt[i]; i++)
		assert_int_equal(txt_set_add(&set, s->txt[i]), 0);
	while (n_mx < 3 && s->mx[n_mx])
		n_mx++;
	facts.txt_rc = s->txt_rc;
	facts.txt = &set;
	facts.fetch = s->fetch;
	facts.mx_known = s->mx_known;
	facts.mx_names = s->mx;
	facts.n_mx = n_mx;
	facts.mx_cert = s->cert;
	assert_int_equal(mtasts_evaluate(&facts, &j), 0);
	txt_set_clear(&set);
	assert_non_null(j.details);
	if (j.status != status || strcmp(j.verdict, verdict) != 0)
		fail_msg("%d %s, expected %d %s", j.status, j.verdict, status, verdict);
	if (reason ? !j.reason || strcmp(j.reason, reason) != 0 : j.reason != NULL)
		fail_msg("reason %s, expected %s", j.reason ? j.reason : "NULL", reason ? reason : "NULL");
	assert_string_equal(json_string_value(json_object_get(j.details, "verdict")), verdict);
	return j.details;
}

#define RECORD "v=STSv1; id=20240101T000000"

static void test_mtasts_judgement_absent_is_info(void **state)
{
	struct scenario s = { DNS_LOOKUP_NXDOMAIN, { NULL }, NULL, false, { NULL }, NULL };
	struct scenario other = { DNS_LOOKUP_OK, { "v=spf1 -all" }, NULL, false, { NULL }, NULL };
	(void)state;
	json_decref(judge(&s, STATUS_INFO, "absent", NULL));
	s.txt_rc = DNS_LOOKUP_NODATA;
	json_decref(judge(&s, STATUS_INFO, "absent", NULL));
	json_decref(judge(&other, STATUS_INFO, "absent", NULL));
	s.txt_rc = DNS_LOOKUP_ERROR;
	json_decref(judge(&s, STATUS_NOT_TESTED, "not-tested", "dns"));
}

static void test_mtasts_judgement_record_invalid(void **state)
{
	struct mtasts_fetch_facts f = good_fetch(GOOD_POLICY);
	struct scenario bad = { DNS_LOOKUP_OK, { "v=STSv1; id=a-b" }, &f, true, { "mail.example.com" }, NULL };
	struct scenario two = { DNS_LOOKUP_OK, { RECORD, "v=STSv1; id=2" }, &f, true, { "mail.example.com" }, NULL };
	struct scenario none = { DNS_LOOKUP_OK, { "v=STSv1;" }, NULL, false, { NULL }, NULL };
	json_t *d;
	(void)state;
	d = judge(&bad, STATUS_FAIL, "record-invalid", "bad-id");
	assert_string_equal(json_string_value(json_object_get(d, "record_status")), "bad-id");
	json_decref(d);
	d = judge(&two, STATUS_FAIL, "record-invalid", "several-records");
	assert_int_equal(json_array_size(json_object_get(d, "records")), 2);
	json_decref(d);
	json_decref(judge(&none, STATUS_FAIL, "record-invalid", "no-id"));
}

static void test_mtasts_judgement_fetch_problems(void **state)
{
	struct mtasts_fetch_facts f = good_fetch(GOOD_POLICY);
	struct scenario s = { DNS_LOOKUP_OK, { RECORD }, NULL, true, { "mail.example.com" }, NULL };
	json_t *d;
	(void)state;

	json_decref(judge(&s, STATUS_NOT_TESTED, "not-tested", "not-fetched"));
	s.fetch = &f;
	f.outcome = MTASTS_HTTP_UNREACHABLE;   /* our silence is never a verdict */
	json_decref(judge(&s, STATUS_NOT_TESTED, "not-tested", "unreachable"));
	f.outcome = MTASTS_HTTP_NO_HOST;
	json_decref(judge(&s, STATUS_FAIL, "policy-unavailable", "no-host"));
	f = good_fetch(GOOD_POLICY);
	f.http_status = 302;
	d = judge(&s, STATUS_FAIL, "policy-unavailable", "redirect");
	assert_int_equal(json_integer_value(json_object_get(d, "http_status")), 302);
	json_decref(d);
	f = good_fetch(GOOD_POLICY);
	f.http_status = 404;
	json_decref(judge(&s, STATUS_FAIL, "policy-unavailable", "no-policy"));
	f = good_fetch(GOOD_POLICY);
	f.cert_valid = false;
	json_decref(judge(&s, STATUS_FAIL, "policy-unavailable", "cert-invalid"));
	f = good_fetch(GOOD_POLICY);
	f.content_type = "text/html; charset=utf-8";
	json_decref(judge(&s, STATUS_FAIL, "policy-unavailable", "content-type"));
}

static void test_mtasts_judgement_policy_syntax(void **state)
{
	struct mtasts_fetch_facts f = good_fetch("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: x\n");
	struct scenario s = { DNS_LOOKUP_OK, { RECORD }, &f, true, { "a.example" }, NULL };
	json_t *d;
	(void)state;
	d = judge(&s, STATUS_FAIL, "policy-invalid", "bad-max-age");
	assert_string_equal(json_string_value(json_object_get(d, "policy_fetch")), "syntax");
	assert_int_equal(json_integer_value(json_object_get(d, "policy_line")), 4);
	json_decref(d);
}

static void test_mtasts_judgement_modes(void **state)
{
	struct mtasts_fetch_facts none = good_fetch("version: STSv1\nmode: none\nmax_age: 86400\n");
	struct mtasts_fetch_facts testing = good_fetch("version: STSv1\nmode: testing\nmx: *.example.com\nmax_age: 86400\n");
	struct scenario s = { DNS_LOOKUP_OK, { RECORD }, &none, true, { "mx.example.com" }, NULL };
	json_t *d;
	(void)state;
	d = judge(&s, STATUS_INFO, "mode-none", NULL);
	assert_string_equal(json_string_value(json_object_get(d, "mode")), "none");
	assert_true(json_is_null(json_object_get(d, "mx_not_covered")));
	json_decref(d);
	s.fetch = &testing;
	d = judge(&s, STATUS_NOTICE, "mode-testing", NULL);
	assert_int_equal(json_array_size(json_object_get(d, "mx_not_covered")), 0);
	json_decref(d);
}

static void test_mtasts_judgement_mx_not_covered(void **state)
{
	struct mtasts_fetch_facts f = good_fetch(GOOD_POLICY);
	struct mtasts_fetch_facts t = good_fetch("version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 1\n");
	struct scenario s = { DNS_LOOKUP_OK, { RECORD }, &f, true,
	                      { "mail.example.com", "backup.example.org", "a.b.example.net" }, NULL };
	json_t *d, *miss;
	(void)state;
	d = judge(&s, STATUS_FAIL, "mx-not-covered", NULL);
	miss = json_object_get(d, "mx_not_covered");
	assert_int_equal(json_array_size(miss), 2);
	assert_string_equal(json_string_value(json_array_get(miss, 0)), "backup.example.org");
	assert_string_equal(json_string_value(json_array_get(miss, 1)), "a.b.example.net");
	json_decref(d);
	s.fetch = &t;   /* in testing mode: a notice, not a failure */
	json_decref(judge(&s, STATUS_NOTICE, "mx-not-covered", NULL));
}

/* RFC 8461 §4.2: each MX the policy names must present a certificate valid for its name;
 * from the STARTTLS scan's facts. An unknown certificate (MX unreachable) is no verdict,
 * an MX the policy does not cover is reported as that, not as a certificate problem. */
static void test_rfc8461_s4_2_mx_certificate(void **state)
{
	struct mtasts_fetch_facts f = good_fetch(GOOD_POLICY);
	struct mtasts_fetch_facts t = good_fetch("version: STSv1\nmode: testing\nmx: mail.example.com\nmx: *.example.net\nmax_age: 1\n");
	struct mtasts_mx_cert certs[3] = {
		{ MTASTS_MX_CERT_VALID, NULL },
		{ MTASTS_MX_CERT_INVALID, "hostname-mismatch" },
		{ MTASTS_MX_CERT_UNKNOWN, NULL },
	};
	struct mtasts_mx_cert unknown[3] = { { MTASTS_MX_CERT_UNKNOWN, NULL } };
	struct scenario s = { DNS_LOOKUP_OK, { RECORD }, &f, true,
	                      { "mail.example.com", "mx2.example.net", "mx3.example.net" }, certs };
	struct scenario uncovered = { DNS_LOOKUP_OK, { RECORD }, &f, true,
	                              { "mail.example.com", "other.example.org", "mx3.example.net" }, certs };
	json_t *d, *bad;
	(void)state;
	d = judge(&s, STATUS_FAIL, "mx-cert-invalid", NULL);
	bad = json_object_get(d, "mx_cert_invalid");
	assert_int_equal(json_array_size(bad), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(bad, 0), "mx")), "mx2.example.net");
	assert_string_equal(json_string_value(json_object_get(json_array_get(bad, 0), "error")),
	                    "hostname-mismatch");
	json_decref(d);
	s.fetch = &t;   /* testing: reported, not enforced */
	json_decref(judge(&s, STATUS_NOTICE, "mx-cert-invalid", NULL));
	s.fetch = &f;
	s.cert = unknown;   /* unreachable MX: no verdict from what we could not see */
	json_decref(judge(&s, STATUS_SUCCESS, "good", NULL));
	s.cert = NULL;
	d = judge(&s, STATUS_SUCCESS, "good", NULL);
	assert_int_equal(json_array_size(json_object_get(d, "mx_cert_invalid")), 0);
	json_decref(d);
	/* the MX with the bad certificate is not covered: that is what is reported */
	d = judge(&uncovered, STATUS_FAIL, "mx-not-covered", NULL);
	assert_int_equal(json_array_size(json_object_get(d, "mx_cert_invalid")), 0);
	json_decref(d);
}

static void test_mtasts_judgement_good(void **state)
{
	struct mtasts_fetch_facts f = good_fetch(GOOD_POLICY);
	struct scenario s = { DNS_LOOKUP_OK, { "v=spf1 -all", RECORD }, &f, true,
	                      { "MAIL.example.com.", "mx9.example.net" }, NULL };
	struct scenario unknown_mx = { DNS_LOOKUP_OK, { RECORD }, &f, false, { NULL }, NULL };
	json_t *d;
	(void)state;
	d = judge(&s, STATUS_SUCCESS, "good", NULL);
	assert_string_equal(json_string_value(json_object_get(d, "id")), "20240101T000000");
	assert_string_equal(json_string_value(json_object_get(d, "mode")), "enforce");
	assert_int_equal(json_integer_value(json_object_get(d, "max_age")), 604800);
	assert_int_equal(json_array_size(json_object_get(d, "mx_patterns")), 2);
	assert_int_equal(json_array_size(json_object_get(d, "records")), 1);
	assert_string_equal(json_string_value(json_object_get(d, "policy_fetch")), "good");
	json_decref(d);
	d = judge(&unknown_mx, STATUS_SUCCESS, "good", NULL);
	assert_true(json_is_null(json_object_get(d, "mx_not_covered")));
	json_decref(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8461_s3_1_valid_records),
		cmocka_unit_test(test_rfc8461_s3_1_version_case_sensitive),
		cmocka_unit_test(test_rfc8461_s3_1_id_required),
		cmocka_unit_test(test_rfc8461_s3_1_id_alphanumeric_1_to_32),
		cmocka_unit_test(test_rfc8461_s3_1_duplicate_id_first_wins),
		cmocka_unit_test(test_rfc8461_s3_1_whitespace_and_separators),
		cmocka_unit_test(test_rfc8461_s3_1_record_selection),
		cmocka_unit_test(test_rfc8461_s3_2_valid_policy),
		cmocka_unit_test(test_rfc8461_s3_2_crlf_and_lf),
		cmocka_unit_test(test_rfc8461_s3_2_no_empty_lines),
		cmocka_unit_test(test_rfc8461_s3_2_whitespace),
		cmocka_unit_test(test_rfc8461_s3_2_version_first),
		cmocka_unit_test(test_rfc8461_s3_2_case_sensitive),
		cmocka_unit_test(test_rfc8461_s3_2_mode_values),
		cmocka_unit_test(test_rfc8461_s3_2_max_age_bounds),
		cmocka_unit_test(test_rfc8461_s3_2_mx_patterns),
		cmocka_unit_test(test_rfc8461_s3_2_duplicate_keys_first_wins),
		cmocka_unit_test(test_rfc8461_s3_2_extension_keys),
		cmocka_unit_test(test_rfc8461_s3_2_nul_byte),
		cmocka_unit_test(test_rfc8461_s3_3_size_limit_64k),
		cmocka_unit_test(test_rfc8461_s4_1_exact_match),
		cmocka_unit_test(test_rfc8461_s4_1_wildcard_one_label),
		cmocka_unit_test(test_rfc8461_s4_1_mx_not_covered),
		cmocka_unit_test(test_rfc8461_s3_2_content_type_text_plain),
		cmocka_unit_test(test_rfc8461_s3_3_fetch_outcomes),
		cmocka_unit_test(test_rfc8461_s3_3_fetch_syntax_reason),
		cmocka_unit_test(test_mtasts_judgement_absent_is_info),
		cmocka_unit_test(test_mtasts_judgement_record_invalid),
		cmocka_unit_test(test_mtasts_judgement_fetch_problems),
		cmocka_unit_test(test_mtasts_judgement_policy_syntax),
		cmocka_unit_test(test_mtasts_judgement_modes),
		cmocka_unit_test(test_mtasts_judgement_mx_not_covered),
		cmocka_unit_test(test_rfc8461_s4_2_mx_certificate),
		cmocka_unit_test(test_mtasts_judgement_good),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

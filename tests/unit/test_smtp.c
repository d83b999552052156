/*
 * test_smtp.c -- the SMTP reply parser of the STARTTLS dialogue (tls/smtp.h,
 * spec §3.10). One test per rule; the rules are those conn.c applied before the
 * parser was split out of it, quirks included (marked "as before the split").
 * Every input is an exact-size heap copy, so ASan sees a read past its end.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tls/smtp.h"

/* ------------------------------------------------------------ helpers ---- */

struct parsed {
	int got;
	struct smtp_reply r;
	size_t used;
	char why[160];
};

static struct parsed parse_bytes(const void *bytes, size_t len)
{
	struct parsed p;
	uint8_t *copy = malloc(len ? len : 1);

	assert_non_null(copy);
	memcpy(copy, bytes, len);
	memset(&p, 0, sizeof p);
	p.got = smtp_reply_parse(copy, len, &p.r, &p.used, p.why, sizeof p.why);
	free(copy);
	return p;
}

static struct parsed parse(const char *s)
{
	return parse_bytes(s, strlen(s));
}

/* A growing text buffer for the long inputs. */
struct text {
	char *b;
	size_t n, cap;
};

static void text_add(struct text *t, const char *s, size_t n)
{
	if (t->n + n + 1 > t->cap) {
		t->cap = (t->n + n + 1) * 2;
		t->b = realloc(t->b, t->cap);
		assert_non_null(t->b);
	}
	memcpy(t->b + t->n, s, n);
	t->n += n;
	t->b[t->n] = '\0';
}

static void text_str(struct text *t, const char *s) { text_add(t, s, strlen(s)); }

static void text_fill(struct text *t, char c, size_t n)
{
	while (n--)
		text_add(t, &c, 1);
}

/* `n` continuation lines "250-LINEnnn" */
static void text_lines(struct text *t, size_t n)
{
	char line[32];
	for (size_t i = 0; i < n; i++) {
		snprintf(line, sizeof line, "250-LINE%03zu\r\n", i);
		text_str(t, line);
	}
}

static void assert_complete(const struct parsed *p, int code, bool starttls, size_t lines,
                            size_t used)
{
	assert_int_equal(p->got, 1);
	assert_int_equal(p->r.code, code);
	assert_int_equal(p->r.starttls, starttls);
	assert_int_equal(p->r.lines, lines);
	assert_int_equal(p->used, used);
	assert_string_equal(p->why, "");
}

static void assert_error(const struct parsed *p, const char *why)
{
	assert_int_equal(p->got, -1);
	assert_string_equal(p->why, why);
}

static bool starttls_in(const char *ehlo)
{
	struct parsed p = parse(ehlo);
	assert_int_equal(p.got, 1);
	return p.r.starttls;
}

/* -------------------------------------------------------------- tests ---- */

static void test_single_line_reply(void **s)
{
	(void)s;
	const char *banner = "220 mx.example.nl ESMTP Postfix\r\n";
	struct parsed p = parse(banner);
	assert_complete(&p, 220, false, 1, strlen(banner));
}

static void test_multi_line_reply_with_starttls_in_the_middle(void **s)
{
	(void)s;
	const char *ehlo = "250-mx.example.nl\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
	                   "250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250 CHUNKING\r\n";
	struct parsed p = parse(ehlo);
	assert_complete(&p, 250, true, 6, strlen(ehlo));
}

static void test_multi_line_reply_without_starttls(void **s)
{
	(void)s;
	const char *ehlo = "250-mx.example.nl\r\n250-PIPELINING\r\n250 8BITMIME\r\n";
	struct parsed p = parse(ehlo);
	assert_complete(&p, 250, false, 3, strlen(ehlo));
}

static void test_starttls_on_the_last_line(void **s)
{
	(void)s;
	assert_true(starttls_in("250-mx.example.nl\r\n250 STARTTLS\r\n"));
}

static void test_starttls_any_case(void **s)
{
	(void)s;
	assert_true(starttls_in("250-mx\r\n250-starttls\r\n250 OK\r\n"));
	assert_true(starttls_in("250-mx\r\n250-StartTls\r\n250 OK\r\n"));
}

static void test_starttls_with_trailing_blanks(void **s)
{
	(void)s;
	assert_true(starttls_in("250-STARTTLS   \r\n250 OK\r\n"));
	assert_true(starttls_in("250-STARTTLS\t \t\r\n250 OK\r\n"));
}

static void test_starttls_after_leading_spaces(void **s)
{
	(void)s;
	/* spaces before the keyword are skipped, a tab is not (as before the split) */
	assert_true(starttls_in("250-  STARTTLS\r\n250 OK\r\n"));
	assert_false(starttls_in("250-\tSTARTTLS\r\n250 OK\r\n"));
}

static void test_starttls_inside_another_word_not_detected(void **s)
{
	(void)s;
	assert_false(starttls_in("250-STARTTLSX\r\n250 OK\r\n"));
	assert_false(starttls_in("250-X-STARTTLS\r\n250 OK\r\n"));
	assert_false(starttls_in("250-STARTTLS REQUIRED\r\n250 OK\r\n"));
	assert_false(starttls_in("250-STARTTL\r\n250 OK\r\n"));
	assert_false(starttls_in("250-STARTTLS.\r\n250 OK\r\n"));
}

static void test_starttls_needs_the_separator(void **s)
{
	(void)s;
	/* "250STARTTLS" is not "DDD-text" / "DDD text": the line is malformed */
	struct parsed p = parse("250STARTTLS\r\n");
	assert_error(&p, "malformed reply line");
}

static void test_starttls_text_ends_at_nul(void **s)
{
	(void)s;
	/* the text was a C string before the split: a NUL byte ends it */
	static const char line[] = "250-STARTTLS\0junk\r\n250 OK\r\n";
	struct parsed p = parse_bytes(line, sizeof line - 1);
	assert_complete(&p, 250, true, 2, sizeof line - 1);
}

static void test_only_one_cr_is_stripped(void **s)
{
	(void)s;
	/* "STARTTLS\r" is not the keyword (as before the split) */
	assert_false(starttls_in("250-STARTTLS\r\r\n250 OK\r\n"));
}

static void test_code_alone_is_a_last_line(void **s)
{
	(void)s;
	struct parsed p = parse("250-mx\r\n250\r\n");
	assert_complete(&p, 250, false, 2, 13);
	p = parse("250-\r\n250 \r\n");
	assert_complete(&p, 250, false, 2, 12);
}

static void test_incomplete_reply_then_complete(void **s)
{
	(void)s;
	const char *ehlo = "250-mx.example.nl\r\n250-STARTTLS\r\n250 OK\r\n";
	size_t len = strlen(ehlo);
	struct parsed p;

	assert_int_equal(parse("").got, 0);
	for (size_t n = 1; n < len; n++) {
		p = parse_bytes(ehlo, n);
		assert_int_equal(p.got, 0);
		assert_string_equal(p.why, "");
	}
	p = parse_bytes(ehlo, len);
	assert_complete(&p, 250, true, 3, len);
}

static void test_two_replies_back_to_back(void **s)
{
	(void)s;
	const char *stream = "220-mx.example.nl ESMTP\r\n220 ready\r\n250-mx\r\n250 STARTTLS\r\n";
	struct parsed p = parse(stream);
	assert_complete(&p, 220, false, 2, 36);
	p = parse(stream + p.used);
	assert_complete(&p, 250, true, 2, strlen(stream) - 36);
}

static void test_bytes_after_the_reply_are_not_used(void **s)
{
	(void)s;
	/* conn.c's "data after the 220" check relies on *used stopping at the reply */
	const char *stream = "220 go ahead\r\n\x16\x03\x01";
	struct parsed p = parse(stream);
	assert_complete(&p, 220, false, 1, 14);
}

static void test_lf_only_line_ends(void **s)
{
	(void)s;
	const char *ehlo = "250-mx.example.com\n250-STARTTLS\n250 8BITMIME\n";
	struct parsed p = parse(ehlo);
	assert_complete(&p, 250, true, 3, strlen(ehlo));
	p = parse("250-mx\r\n250-STARTTLS\n250 OK\r\n");     /* mixed */
	assert_complete(&p, 250, true, 3, 29);
}

static void test_bare_cr_does_not_end_a_line(void **s)
{
	(void)s;
	struct parsed p = parse("250-mx\r250 OK\r\n");
	assert_int_equal(p.got, 0);                          /* one line "250-mx\r250 OK" */
}

static void test_codes_differ_within_one_reply(void **s)
{
	(void)s;
	struct parsed p = parse("250-mx.example.net\r\n251-STARTTLS\r\n250 OK\r\n");
	assert_error(&p, "reply codes differ within one reply");
	p = parse("250-mx.example.net\r\n220 OK\r\n");      /* also on the last line */
	assert_error(&p, "reply codes differ within one reply");
}

static void test_codes_differ_decided_before_the_end(void **s)
{
	(void)s;
	/* the error comes as soon as the differing line is complete */
	struct parsed p = parse("250-mx\r\n251-STARTTLS\r\n");
	assert_error(&p, "reply codes differ within one reply");
}

static void test_malformed_line(void **s)
{
	(void)s;
	static const char *bad[] = {
		"25O ok\r\n", "2500 ok\r\n", "250:ok\r\n", "25\r\n", "\r\n", "\n",
		" 250 ok\r\n", "250_ok\r\n", "250\tok\r\n", "HTTP/1.1 400 Bad Request\r\n",
		("2\xb2" "0 ok\r\n"),   /* a byte over 0x7f among the digits */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct parsed p = parse(bad[i]);
		assert_error(&p, "malformed reply line");
	}
}

static void test_malformed_line_after_good_ones(void **s)
{
	(void)s;
	struct parsed p = parse("250-mx\r\n250-STARTTLS\r\n25O OK\r\n");
	assert_error(&p, "malformed reply line");
}

static void test_any_three_digits_are_a_code(void **s)
{
	(void)s;
	/* the parser checks syntax only; conn.c judges the code */
	struct parsed p = parse("000 zero\r\n");
	assert_complete(&p, 0, false, 1, 10);
	p = parse("999-a\r\n999 b\r\n");
	assert_complete(&p, 999, false, 2, 14);
}

static void test_100_lines_allowed(void **s)
{
	(void)s;
	struct text t = { 0 };
	text_lines(&t, 99);
	text_str(&t, "250 OK\r\n");
	struct parsed p = parse_bytes(t.b, t.n);
	assert_complete(&p, 250, false, 100, t.n);
	free(t.b);
}

static void test_101_lines_rejected(void **s)
{
	(void)s;
	struct text t = { 0 };
	text_lines(&t, 100);
	text_str(&t, "250 OK\r\n");
	struct parsed p = parse_bytes(t.b, t.n);
	assert_error(&p, "reply over 100 lines");
	free(t.b);
}

static void test_101st_line_counts_once_complete(void **s)
{
	(void)s;
	struct text t = { 0 };
	text_lines(&t, 100);
	text_str(&t, "250 O");                               /* not yet a line */
	assert_int_equal(parse_bytes(t.b, t.n).got, 0);
	text_str(&t, "K\n");
	struct parsed p = parse_bytes(t.b, t.n);
	assert_error(&p, "reply over 100 lines");
	free(t.b);
}

static void test_long_line_kept_to_1023_bytes(void **s)
{
	(void)s;
	struct text t = { 0 };
	/* a 2000-byte line is fine; only its first SMTP_LINE_MAX - 1 bytes are looked at */
	text_str(&t, "250-");
	text_fill(&t, 'A', 2000);
	text_str(&t, "\r\n250-STARTTLS\r\n250 OK\r\n");
	struct parsed p = parse_bytes(t.b, t.n);
	assert_complete(&p, 250, true, 3, t.n);
	free(t.b);
}

static void test_long_line_truncation_can_make_starttls(void **s)
{
	(void)s;
	/* "STARTTLS", blanks up to byte 1023, then "X": the X is cut off and the
	 * keyword is seen (as before the split) */
	struct text t = { 0 };
	text_str(&t, "250-STARTTLS");
	text_fill(&t, ' ', SMTP_LINE_MAX - 1 - 12);
	text_str(&t, "X\r\n250 OK\r\n");
	assert_true(parse_bytes(t.b, t.n).r.starttls);
	/* one blank less and the X is the 1023rd byte: not the keyword */
	t.n = 0;
	text_str(&t, "250-STARTTLS");
	text_fill(&t, ' ', SMTP_LINE_MAX - 2 - 12);
	text_str(&t, "X\r\n250 OK\r\n");
	struct parsed p = parse_bytes(t.b, t.n);
	assert_int_equal(p.got, 1);
	assert_false(p.r.starttls);
	free(t.b);
}

static void test_reply_up_to_4096_bytes_with_its_line_end(void **s)
{
	(void)s;
	struct text t = { 0 };
	text_str(&t, "250 ");
	text_fill(&t, 'a', SMTP_REPLY_MAX - 4 - 2);
	text_str(&t, "\r\n");                                 /* 4096 bytes with CR LF */
	assert_int_equal(t.n, 4096);
	struct parsed p = parse_bytes(t.b, t.n);
	assert_complete(&p, 250, false, 1, 4096);
	free(t.b);
}

static void test_line_over_4096_bytes_rejected(void **s)
{
	(void)s;
	struct text t = { 0 };
	text_str(&t, "250 ");
	text_fill(&t, 'a', SMTP_REPLY_MAX - 4 - 1);
	text_str(&t, "\r\n");                                 /* 4097 bytes: no LF in the first 4096 */
	struct parsed p = parse_bytes(t.b, t.n);
	assert_error(&p, "reply over 4096 bytes");
	free(t.b);
}

static void test_reply_without_end_rejected_at_4096_bytes(void **s)
{
	(void)s;
	struct text t = { 0 };
	text_str(&t, "250-mx\r\n250 ");
	text_fill(&t, 'a', SMTP_REPLY_MAX - 12 - 1);          /* 4095 bytes, no LF yet */
	assert_int_equal(t.n, SMTP_REPLY_MAX - 1);
	assert_int_equal(parse_bytes(t.b, t.n).got, 0);
	text_str(&t, "a");                                    /* 4096 bytes, no end */
	struct parsed p = parse_bytes(t.b, t.n);
	assert_error(&p, "reply over 4096 bytes");
	free(t.b);
}

static void test_reply_over_4096_bytes_in_short_lines_rejected(void **s)
{
	(void)s;
	/* the 4096-byte limit is per reply (RFC 5321 lines are at most 512 bytes) */
	struct text t = { 0 };
	text_str(&t, "250-mx\r\n");
	for (int i = 0; i < 60; i++) {
		text_str(&t, "250-");
		text_fill(&t, 'x', 100);
		text_str(&t, "\r\n");
	}
	text_str(&t, "250 STARTTLS\r\n");
	assert_true(t.n > SMTP_REPLY_MAX);
	struct parsed p = parse_bytes(t.b, t.n);
	assert_error(&p, "reply over 4096 bytes");
	free(t.b);
}

static void test_full_buffer_is_always_decided(void **s)
{
	(void)s;
	/* a buffer of SMTP_REPLY_MAX bytes never gets "incomplete": conn.c relies on it */
	struct text t = { 0 };
	text_str(&t, "250-");
	text_fill(&t, 'x', SMTP_REPLY_MAX - 4);
	assert_int_equal(t.n, SMTP_REPLY_MAX);
	struct parsed p = parse_bytes(t.b, t.n);
	assert_error(&p, "reply over 4096 bytes");
	free(t.b);
}

static void test_why_may_be_null(void **s)
{
	(void)s;
	struct smtp_reply r;
	size_t used;
	static const uint8_t bad[] = "25O ok\r\n";
	assert_int_equal(smtp_reply_parse(bad, sizeof bad - 1, &r, &used, NULL, 0), -1);
	assert_int_equal(smtp_reply_parse(NULL, 0, &r, &used, NULL, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_line_reply),
		cmocka_unit_test(test_multi_line_reply_with_starttls_in_the_middle),
		cmocka_unit_test(test_multi_line_reply_without_starttls),
		cmocka_unit_test(test_starttls_on_the_last_line),
		cmocka_unit_test(test_starttls_any_case),
		cmocka_unit_test(test_starttls_with_trailing_blanks),
		cmocka_unit_test(test_starttls_after_leading_spaces),
		cmocka_unit_test(test_starttls_inside_another_word_not_detected),
		cmocka_unit_test(test_starttls_needs_the_separator),
		cmocka_unit_test(test_starttls_text_ends_at_nul),
		cmocka_unit_test(test_only_one_cr_is_stripped),
		cmocka_unit_test(test_code_alone_is_a_last_line),
		cmocka_unit_test(test_incomplete_reply_then_complete),
		cmocka_unit_test(test_two_replies_back_to_back),
		cmocka_unit_test(test_bytes_after_the_reply_are_not_used),
		cmocka_unit_test(test_lf_only_line_ends),
		cmocka_unit_test(test_bare_cr_does_not_end_a_line),
		cmocka_unit_test(test_codes_differ_within_one_reply),
		cmocka_unit_test(test_codes_differ_decided_before_the_end),
		cmocka_unit_test(test_malformed_line),
		cmocka_unit_test(test_malformed_line_after_good_ones),
		cmocka_unit_test(test_any_three_digits_are_a_code),
		cmocka_unit_test(test_100_lines_allowed),
		cmocka_unit_test(test_101_lines_rejected),
		cmocka_unit_test(test_101st_line_counts_once_complete),
		cmocka_unit_test(test_long_line_kept_to_1023_bytes),
		cmocka_unit_test(test_long_line_truncation_can_make_starttls),
		cmocka_unit_test(test_reply_up_to_4096_bytes_with_its_line_end),
		cmocka_unit_test(test_line_over_4096_bytes_rejected),
		cmocka_unit_test(test_reply_without_end_rejected_at_4096_bytes),
		cmocka_unit_test(test_reply_over_4096_bytes_in_short_lines_rejected),
		cmocka_unit_test(test_full_buffer_is_always_decided),
		cmocka_unit_test(test_why_may_be_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_domainlist.c -- the batch list reader (issue 17 item 1): normalisation as for
 * a single test, comments, blank lines, invalid lines with their numbers, duplicates,
 * CRLF, overlong lines, NUL bytes, and a list far larger than any buffer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/domainlist.h"

static FILE *mem(const char *text, size_t len)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	rewind(f);
	return f;
}

static enum domainlist_entry next(struct domainlist *l, char d[256])
{
	char why[300];
	return domainlist_next(l, d, why, sizeof(why));
}

static void test_batch_input_normalised_as_single_test(void **s)
{
	static const char text[] = "Example.NL\nhttps://www.Example.nl:8443/a?b\n  bücher.example \n";
	FILE *f = mem(text, sizeof(text) - 1);
	struct domainlist l;
	char d[256];

	(void)s;
	domainlist_init(&l, f, false);
	assert_int_equal(next(&l, d), DOMAINLIST_DOMAIN);
	assert_string_equal(d, "example.nl");
	assert_int_equal(next(&l, d), DOMAINLIST_DOMAIN);
	assert_string_equal(d, "www.example.nl");
	assert_int_equal(next(&l, d), DOMAINLIST_DOMAIN);
	assert_string_equal(d, "xn--bcher-kva.example");
	assert_int_equal(next(&l, d), DOMAINLIST_END);
	assert_int_equal(next(&l, d), DOMAINLIST_END);
	domainlist_free(&l);
	fclose(f);
}

static void test_batch_input_mail_addresses(void **s)
{
	static const char text[] = "postmaster@Example.nl\nexample.org\n";
	FILE *f = mem(text, sizeof(text) - 1);
	struct domainlist l;
	char d[256];

	(void)s;
	domainlist_init(&l, f, true);
	assert_int_equal(next(&l, d), DOMAINLIST_DOMAIN);
	assert_string_equal(d, "example.nl");
	assert_int_equal(next(&l, d), DOMAINLIST_DOMAIN);
	assert_string_equal(d, "example.org");
	domainlist_free(&l);
	fclose(f);
}

static void test_batch_input_comments_blank_crlf(void **s)
{
	static const char text[] = "# header\r\n\r\n   \t\n  # indented comment\nexample.nl\r\nlast.example";
	FILE *f = mem(text, sizeof(text) - 1);
	struct domainlist l;
	char d[256];

	(void)s;
	domainlist_init(&l, f, false);
	assert_int_equal(next(&l, d), DOMAINLIST_DOMAIN);
	assert_string_equal(d, "example.nl");
	assert_int_equal(l.line, 5);
	assert_int_equal(next(&l, d), DOMAINLIST_DOMAIN);   /* no newline at the end */
	assert_string_equal(d, "last.example");
	assert_int_equal(l.line, 6);
	assert_int_equal(next(&l, d), DOMAINLIST_END);
	assert_int_equal(l.blank, 4);
	domainlist_free(&l);
	fclose(f);
}

static void test_batch_input_invalid_line_numbered_not_fatal(void **s)
{
	static const char text[] = "ok.example\nnot_valid\n10.0.0.1\nalso.example\n";
	FILE *f = mem(text, sizeof(text) - 1);
	struct domainlist l;
	char d[256], why[300];

	(void)s;
	domainlist_init(&l, f, false);
	assert_int_equal(next(&l, d), DOMAINLIST_DOMAIN);
	assert_int_equal(domainlist_next(&l, d, why, sizeof(why)), DOMAINLIST_INVALID);
	assert_int_equal(l.line, 2);
	assert_non_null(strstr(why, "not_valid"));
	assert_int_equal(next(&l, d), DOMAINLIST_INVALID);
	assert_int_equal(l.line, 3);
	assert_int_equal(next(&l, d), DOMAINLIST_DOMAIN);
	assert_string_equal(d, "also.example");
	assert_int_equal(l.invalid, 2);
	domainlist_free(&l);
	fclose(f);
}

static void test_batch_input_duplicates_tested_once(void **s)
{
	static const char text[] = "a.example\nA.EXAMPLE.\nhttps://a.example/\nb.example\na.example\n";
	FILE *f = mem(text, sizeof(text) - 1);
	struct domainlist l;
	char d[256];

	(void)s;
	domainlist_init(&l, f, false);
	assert_int_equal(next(&l, d), DOMAINLIST_DOMAIN);
	assert_int_equal(next(&l, d), DOMAINLIST_DUPLICATE);
	assert_int_equal(next(&l, d), DOMAINLIST_DUPLICATE);
	assert_int_equal(next(&l, d), DOMAINLIST_DOMAIN);
	assert_string_equal(d, "b.example");
	assert_int_equal(next(&l, d), DOMAINLIST_DUPLICATE);
	assert_int_equal(l.duplicates, 3);
	domainlist_free(&l);
	fclose(f);
}

static void test_batch_input_overlong_line_and_nul(void **s)
{
	size_t big = DOMAINLIST_LINE_MAX + 100, n = 0;
	char *text = malloc(big + 64);
	struct domainlist l;
	char d[256];
	FILE *f;

	(void)s;
	assert_non_null(text);
	memset(text, 'a', big);
	n = big;
	text[n++] = '\n';
	memcpy(text + n, "x.exa\0mple\nok.example\n", 22);
	n += 22;
	f = mem(text, n);
	domainlist_init(&l, f, false);
	assert_int_equal(next(&l, d), DOMAINLIST_INVALID);
	assert_int_equal(l.line, 1);
	assert_int_equal(next(&l, d), DOMAINLIST_INVALID);   /* the NUL byte */
	assert_int_equal(l.line, 2);
	assert_int_equal(next(&l, d), DOMAINLIST_DOMAIN);
	assert_string_equal(d, "ok.example");
	assert_int_equal(l.line, 3);
	domainlist_free(&l);
	fclose(f);
	free(text);
}

/* 50 000 distinct names and every one again: the set grows, nothing is lost. */
static void test_batch_input_many_domains(void **s)
{
	FILE *f = tmpfile();
	struct domainlist l;
	char d[256];
	unsigned long got = 0, dup = 0;
	enum domainlist_entry e;

	(void)s;
	assert_non_null(f);
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < 50000; i++)
			fprintf(f, "d%d.example\n", i);
	rewind(f);
	domainlist_init(&l, f, false);
	while ((e = next(&l, d)) != DOMAINLIST_END) {
		assert_true(e == DOMAINLIST_DOMAIN || e == DOMAINLIST_DUPLICATE);
		got += e == DOMAINLIST_DOMAIN;
		dup += e == DOMAINLIST_DUPLICATE;
	}
	assert_int_equal(got, 50000);
	assert_int_equal(dup, 50000);
	domainlist_free(&l);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_input_normalised_as_single_test),
		cmocka_unit_test(test_batch_input_mail_addresses),
		cmocka_unit_test(test_batch_input_comments_blank_crlf),
		cmocka_unit_test(test_batch_input_invalid_line_numbered_not_fatal),
		cmocka_unit_test(test_batch_input_duplicates_tested_once),
		cmocka_unit_test(test_batch_input_overlong_line_and_nul),
		cmocka_unit_test(test_batch_input_many_domains),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

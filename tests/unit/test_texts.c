/*
 * test_texts.c -- the texts for people are complete (issues 16, 20): every (subtest,
 * verdict token) of the catalog has a sentence, every subtest a title and an
 * explanation, every category a title, an explanation and a headline per status;
 * no text names a token the catalog does not know; the Dutch catalog translates
 * them (the .po completeness itself is tests/po-complete.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/i18n.h"
#include "report/catalog.h"
#include "report/texts.h"

static bool token_in(const char *list, const char *token)
{
	size_t n = strlen(token);

	for (const char *p = list; (p = strstr(p, token)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static void test_texts_every_verdict_has_a_sentence(void **s)
{
	(void)s;
	size_t missing = 0;

	for (int id = 0; id < SUB_COUNT; id++) {
		const struct catalog_subtest *cs = catalog_subtest((enum subtest_id)id);
		char buf[512];
		char *save = NULL;

		snprintf(buf, sizeof(buf), "%s not-tested", cs->verdicts);
		for (char *v = strtok_r(buf, " ", &save); v; v = strtok_r(NULL, " ", &save)) {
			const char *t = texts_verdict((enum subtest_id)id, v);
			if (t == NULL || strlen(t) < 10) {
				printf("# no sentence for %s/%s\n", cs->api_name, v);
				missing++;
			}
		}
	}
	assert_int_equal(missing, 0);
}

static void check_verdicts(const struct text_verdict *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct catalog_subtest *cs = catalog_subtest(t[i].id);
		if (strcmp(t[i].verdict, "not-tested") != 0 && !token_in(cs->verdicts, t[i].verdict))
			fail_msg("text for %s/%s: the catalog has no such verdict", cs->api_name, t[i].verdict);
		for (size_t k = 0; k < i; k++)
			if (t[k].id == t[i].id && strcmp(t[k].verdict, t[i].verdict) == 0)
				fail_msg("two texts for %s/%s", cs->api_name, t[i].verdict);
	}
}

static void test_texts_no_stray_or_double_verdicts(void **s)
{
	(void)s;
	check_verdicts(texts_web_verdicts, texts_web_verdicts_n);
	check_verdicts(texts_mail_verdicts, texts_mail_verdicts_n);
	check_verdicts(texts_conn_verdicts, texts_conn_verdicts_n);
}

static void test_texts_every_subtest_explained(void **s)
{
	(void)s;
	for (int id = 0; id < SUB_COUNT; id++) {
		const struct text_subtest *t = texts_subtest((enum subtest_id)id);
		const char *name = catalog_subtest((enum subtest_id)id)->api_name;
		if (t == NULL)
			fail_msg("no texts for %s", name);
		if (t->title == NULL || strlen(t->title) < 3)
			fail_msg("no title for %s", name);
		if (t->explanation == NULL || strlen(t->explanation) < 40)
			fail_msg("no explanation for %s", name);
		for (size_t c = 0; c < TEXT_COLUMNS_MAX && t->columns[c] != NULL; c++)
			assert_true(strlen(t->columns[c]) > 1);
	}
}

static void test_texts_every_category_has_headlines(void **s)
{
	(void)s;
	static const char *const statuses[] = { "passed", "failed", "warning", "info", "error",
	                                        "not_tested" };
	for (int id = 0; id < CAT_COUNT; id++) {
		const struct text_category *t = texts_category((enum category_id)id);
		const char *name = catalog_category((enum category_id)id)->api_name;
		if (t == NULL || t->title == NULL || t->explanation == NULL || strlen(t->explanation) < 40)
			fail_msg("no title or explanation for %s", name);
		for (size_t k = 0; k < sizeof(statuses) / sizeof(*statuses); k++)
			if (texts_headline((enum category_id)id, statuses[k]) == NULL)
				fail_msg("no %s headline for %s", statuses[k], name);
	}
}

static void test_texts_no_placeholders(void **s)
{
	(void)s;
	/* texts are never format strings: a '%' would be a printf bug waiting */
	for (size_t i = 0; i < texts_web_verdicts_n; i++)
		assert_null(strchr(texts_web_verdicts[i].sentence, '%'));
	for (size_t i = 0; i < texts_mail_verdicts_n; i++)
		assert_null(strchr(texts_mail_verdicts[i].sentence, '%'));
	for (size_t i = 0; i < texts_conn_verdicts_n; i++)
		assert_null(strchr(texts_conn_verdicts[i].sentence, '%'));
}

/* The Dutch catalog is built and found: a few texts of every kind translate. */
static void test_texts_dutch_catalog_loads(void **s)
{
	(void)s;
	assert_int_equal(i18n_init("nl"), 0);
	assert_string_equal(i18n_code(), "nl");
	size_t same = 0, total = 0;
	for (size_t i = 0; i < texts_web_verdicts_n; i++, total++)
		same += strcmp(_(texts_web_verdicts[i].sentence), texts_web_verdicts[i].sentence) == 0;
	for (size_t i = 0; i < texts_mail_verdicts_n; i++, total++)
		same += strcmp(_(texts_mail_verdicts[i].sentence), texts_mail_verdicts[i].sentence) == 0;
	for (size_t i = 0; i < texts_conn_verdicts_n; i++, total++)
		same += strcmp(_(texts_conn_verdicts[i].sentence), texts_conn_verdicts[i].sentence) == 0;
	/* every sentence is a sentence, so none reads the same in Dutch */
	if (same)
		fail_msg("%zu of %zu verdict sentences are not translated", same, total);
	assert_string_not_equal(_(catalog_advice(SUB_WEB_HTTPS_TLS_VERSION, "bad")),
	                        catalog_advice(SUB_WEB_HTTPS_TLS_VERSION, "bad"));
	assert_string_not_equal(_(catalog_advice(SUB_CONN_IPV6_PRIVACY, "bad")),
	                        catalog_advice(SUB_CONN_IPV6_PRIVACY, "bad"));
	assert_string_not_equal(_("Connection test"), "Connection test");
	assert_int_equal(i18n_init("en"), 0);
	assert_string_equal(_(texts_web_verdicts[0].sentence), texts_web_verdicts[0].sentence);
	assert_int_equal(i18n_init("fr"), -1);
}


/* issue 18: serve answers each request in its own language at the same time; the
 * C library's messages never follow ours (they end up in logs and details). */
static void *dutch_thread(void *arg)
{
	const char **out = arg;
	i18n_use(I18N_NL);
	for (int i = 0; i < 1000; i++)
		out[0] = _("Website test");
	out[1] = i18n_code();
	return NULL;
}

static void test_texts_language_per_thread(void **s)
{
	(void)s;
	const char *got[2] = { NULL, NULL };
	const char *language = getenv("LANGUAGE");
	pthread_t t;

	assert_int_equal(i18n_init("en"), 0);
	i18n_bind();
	assert_int_equal(pthread_create(&t, NULL, dutch_thread, got), 0);
	for (int i = 0; i < 1000; i++)
		assert_string_equal(_("Website test"), "Website test");
	pthread_join(t, NULL);
	assert_string_not_equal(got[0], "Website test");
	assert_string_equal(got[1], "nl");
	assert_string_equal(i18n_code(), "en");
	assert_ptr_equal(getenv("LANGUAGE"), language);
	if (language == NULL)
		assert_string_equal(strerror(ENOENT), "No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_texts_every_verdict_has_a_sentence),
		cmocka_unit_test(test_texts_no_stray_or_double_verdicts),
		cmocka_unit_test(test_texts_every_subtest_explained),
		cmocka_unit_test(test_texts_every_category_has_headlines),
		cmocka_unit_test(test_texts_no_placeholders),
		cmocka_unit_test(test_texts_dutch_catalog_loads),
		cmocka_unit_test(test_texts_language_per_thread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

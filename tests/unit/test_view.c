/*
 * test_view.c -- the report people read (issue 16): the view (texts, rows, advice
 * split into a sentence and server snippets) and its three layouts, text, Markdown
 * and HTML, with hostile strings from servers shown as text, never as markup.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "report/catalog.h"
#include "report/render.h"
#include "report/score.h"
#include "report/view.h"

#define XSS_HEADER "<script>alert(1)</script>"
#define XSS_TXT "</td><img src=x onerror=alert(1)>"

static struct report *sample(void)
{
	struct report *r = calloc(1, sizeof(*r));
	report_init(r, TEST_WEB, "example.nl");
	r->cat[CAT_WEB_IPV6].implemented = true;
	r->cat[CAT_WEB_DNSSEC].implemented = true;
	r->cat[CAT_WEB_HTTPS].implemented = true;
	result_set(r, SUB_WEB_IPV6_NS_ADDRESS, STATUS_FAIL, "bad");
	result_set_tech(r, SUB_WEB_IPV6_NS_ADDRESS,
	                json_pack("[[s,s,s]]", "ns1.example.nl", XSS_TXT, "192.0.2.1"));
	result_set(r, SUB_WEB_IPV6_NS_REACH, STATUS_SUCCESS, "good");
	result_set(r, SUB_WEB_DNSSEC_EXIST, STATUS_SUCCESS, "good");
	result_set(r, SUB_WEB_DNSSEC_VALID, STATUS_SUCCESS, "good");
	result_set(r, SUB_WEB_HTTPS_TLS_VERSION, STATUS_FAIL, "bad");
	result_set_tech(r, SUB_WEB_HTTPS_TLS_VERSION, json_pack("[[s,s,s]]", "192.0.2.1", "TLS 1.0",
	                                                        "insufficient"));
	result_set(r, SUB_WEB_HTTPS_HTTP_HSTS, STATUS_FAIL, "bad");
	result_set_tech(r, SUB_WEB_HTTPS_HTTP_HSTS, json_pack("[s]", "192.0.2.1: " XSS_HEADER "\x1b[31m"));
	report_warn(r, "server said %s", XSS_HEADER);
	score_report(r);
	return r;
}

static char *render(int (*fn)(const struct view *, FILE *), const struct view *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(fn(v, f), 0);
	fclose(f);
	return buf;
}

static int text_fn(const struct view *v, FILE *f)
{
	return render_text_full(v, f, false, 100);
}

static struct view_subtest *find(struct view *v, enum subtest_id id)
{
	for (size_t i = 0; i < v->n_cats; i++)
		for (size_t k = 0; k < v->cats[i].n_subs; k++)
			if (v->cats[i].subs[k].id == id)
				return &v->cats[i].subs[k];
	return NULL;
}

static void test_view_texts_and_rows(void **s)
{
	(void)s;
	struct report *r = sample();
	struct view v;
	assert_int_equal(i18n_init("en"), 0);
	assert_int_equal(view_build(r, &v), 0);
	struct view_subtest *tv = find(&v, SUB_WEB_HTTPS_TLS_VERSION);
	assert_non_null(tv);
	assert_string_equal(tv->status_api, "failed");
	assert_string_equal(tv->sentence, texts_verdict(SUB_WEB_HTTPS_TLS_VERSION, "bad"));
	assert_true(strlen(tv->explanation) > 40);
	assert_int_equal(json_array_size(tv->rows), 1);
	assert_int_equal(tv->n_columns, 3);   /* the rows fit the columns: a header */
	assert_string_equal(tv->fix.text, catalog_advice(SUB_WEB_HTTPS_TLS_VERSION, "bad"));
	assert_int_equal(tv->fix.n_snippets, 0);
	/* nginx and Apache settings as snippets, the Apache one ending in "'" */
	struct view_subtest *hsts = find(&v, SUB_WEB_HTTPS_HTTP_HSTS);
	assert_int_equal(hsts->fix.n_snippets, 2);
	assert_string_equal(hsts->fix.snippets[0].server, "nginx");
	assert_string_equal(hsts->fix.snippets[0].code,
	                    "add_header Strict-Transport-Security \"max-age=31536000\" always;");
	assert_string_equal(hsts->fix.snippets[1].server, "Apache");
	assert_string_equal(hsts->fix.snippets[1].code,
	                    "Header always set Strict-Transport-Security \"max-age=31536000\"");
	/* one string per row: one column, no header */
	assert_int_equal(json_array_size(json_array_get(hsts->rows, 0)), 1);
	/* a passed subtest has nothing to fix */
	assert_null(find(&v, SUB_WEB_DNSSEC_VALID)->fix.text);
	view_free(&v);
	report_release(r);
	free(r);
}

/* Issue 16: for every subtest with columns, rows as wide as its columns get the
 * header; rows one cell short get none (the evaluators' widths are checked
 * against the columns in the rule tests, tech_columns.h). */
static void test_view_header_for_every_subtest_with_columns(void **s)
{
	(void)s;
	assert_int_equal(i18n_init("en"), 0);
	for (int kind = TEST_WEB; kind <= TEST_CONN; kind++) {
		for (int shorter = 0; shorter < 2; shorter++) {
			struct report *r = calloc(1, sizeof(*r));
			struct view v;
			report_init(r, (enum test_kind)kind, "example.nl");
			for (int id = 0; id < SUB_COUNT; id++) {
				const struct catalog_subtest *cs = catalog_subtest((enum subtest_id)id);
				const struct text_subtest *ts = texts_subtest((enum subtest_id)id);
				if (catalog_category(cs->category)->test != (enum test_kind)kind || ts == NULL)
					continue;
				r->cat[cs->category].implemented = true;
				json_t *row = json_array();
				for (size_t c = 0; ts->columns[c] != NULL; c++)
					if (!shorter || ts->columns[c + 1] != NULL)
						json_array_append_new(row, json_string("x"));
				result_set(r, (enum subtest_id)id, STATUS_FAIL, "bad");
				result_set_tech(r, (enum subtest_id)id, json_pack("[o]", row));
			}
			score_report(r);
			assert_int_equal(view_build(r, &v), 0);
			for (size_t i = 0; i < v.n_cats; i++)
				for (size_t k = 0; k < v.cats[i].n_subs; k++) {
					const struct view_subtest *vs = &v.cats[i].subs[k];
					const struct text_subtest *ts = texts_subtest(vs->id);
					size_t n = 0;
					while (ts != NULL && ts->columns[n] != NULL)
						n++;
					if (n == 0 || (shorter && n == 1))
						continue;
					assert_int_equal(vs->n_columns, shorter ? 0 : n);
				}
			view_free(&v);
			report_release(r);
			free(r);
		}
	}
}

/* Every snippet of every advice parses: code non-empty, no quote left at its ends. */
static void test_view_every_advice_parses(void **s)
{
	(void)s;
	struct report *r = calloc(1, sizeof(*r));
	assert_int_equal(i18n_init("en"), 0);
	for (int id = 0; id < SUB_COUNT; id++) {
		const struct catalog_subtest *cs = catalog_subtest((enum subtest_id)id);
		char buf[512], *save = NULL;
		snprintf(buf, sizeof(buf), "%s", cs->verdicts);
		for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
			const char *how = catalog_advice_how((enum subtest_id)id, t);
			if (how == NULL)
				continue;
			report_init(r, catalog_category(cs->category)->test, "example.nl");
			r->cat[cs->category].implemented = true;
			result_set(r, (enum subtest_id)id, STATUS_FAIL, t);
			score_report(r);
			struct view v;
			assert_int_equal(view_build(r, &v), 0);
			struct view_subtest *vs = find(&v, (enum subtest_id)id);
			assert_non_null(vs);
			assert_non_null(vs->fix.text);
			for (size_t n = 0; n < vs->fix.n_snippets; n++) {
				const char *code = vs->fix.snippets[n].code;
				if (code[0] == '\0' || code[0] == '\'' || strlen(vs->fix.snippets[n].server) > 40)
					fail_msg("%s/%s: snippet %zu '%s' of '%s'", cs->api_name, t, n, code, how);
			}
			view_free(&v);
			report_release(r);
		}
	}
	free(r);
}

static void test_view_html_escapes_everything(void **s)
{
	(void)s;
	struct report *r = sample();
	struct view v;
	assert_int_equal(i18n_init("en"), 0);
	assert_int_equal(view_build(r, &v), 0);
	char *html = render(render_html, &v);
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "</td><img"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "&lt;/td&gt;&lt;img src=x onerror=alert(1)&gt;"));
	assert_null(strchr(html, '\x1b'));   /* control characters never pass */
	assert_non_null(strstr(html, "<!DOCTYPE html>"));
	assert_non_null(strstr(html, "<html lang=\"en\">"));
	assert_non_null(strstr(html, "<details"));
	assert_non_null(strstr(html, "@media print"));
	/* every badge carries its own status: a passed subtest of a failed category is green */
	assert_non_null(strstr(html, "<span class=\"badge passed\">"));
	assert_non_null(strstr(html, "<span class=\"badge failed\">"));
	assert_null(strstr(html, "<span class=\"badge\">"));
	free(html);
	view_free(&v);
	report_release(r);
	free(r);
}

static void test_view_markdown_escapes_everything(void **s)
{
	(void)s;
	struct report *r = sample();
	struct view v;
	assert_int_equal(i18n_init("en"), 0);
	assert_int_equal(view_build(r, &v), 0);
	char *md = render(render_markdown, &v);
	assert_null(strstr(md, "<script"));
	assert_null(strstr(md, "<img"));
	assert_non_null(strstr(md, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(md, "```nginx\nadd_header Strict-Transport-Security \"max-age=31536000\" always;\n```"));
	assert_non_null(strstr(md, "| 192.0.2.1 | TLS 1.0 | insufficient |"));
	assert_null(strchr(md, '\x1b'));
	free(md);
	view_free(&v);
	report_release(r);
	free(r);
}

static void test_view_text_has_sentences_tables_explanations(void **s)
{
	(void)s;
	struct report *r = sample();
	struct view v;
	assert_int_equal(i18n_init("en"), 0);
	assert_int_equal(view_build(r, &v), 0);
	char *t = render(text_fn, &v);
	char head[24];
	snprintf(head, sizeof(head), "%s", texts_verdict(SUB_WEB_HTTPS_TLS_VERSION, "bad"));
	assert_non_null(strstr(t, head));   /* the sentence starts on its line, then wraps */
	assert_non_null(strstr(t, "Technical details:"));
	assert_non_null(strstr(t, "Test explanation:"));
	assert_non_null(strstr(t, "How to fix:"));
	assert_non_null(strstr(t, "TLS 1.0"));
	assert_null(strchr(t, '\x1b'));   /* no colour asked, and none smuggled in */
	free(t);
	view_free(&v);
	report_release(r);
	free(r);
}


/* issue 18: a stored result renders as the report did when it was made, in either
 * language; a document that is not our facts is refused, never half shown. */
static void test_view_facts_round_trip(void **s)
{
	struct report *r = sample();
	struct view direct, stored;
	json_t *facts = view_facts(r);
	char *text = NULL;

	assert_non_null(facts);
	text = json_dumps(facts, JSON_COMPACT);
	json_decref(facts);
	facts = json_loads(text, 0, NULL);       /* as read back from the store */
	free(text);
	assert_int_equal(view_build(r, &direct), 0);
	assert_int_equal(view_build_facts(facts, &stored), 0);
	json_decref(facts);                      /* the view holds its own reference */
	char *a = render(render_html, &direct), *b = render(render_html, &stored);
	assert_string_equal(a, b);
	free(a);
	free(b);
	a = render(text_fn, &direct);
	b = render(text_fn, &stored);
	assert_string_equal(a, b);
	free(a);
	free(b);
	view_free(&direct);
	view_free(&stored);
	report_release(r);
	free(r);
}

static void test_view_facts_of_error_result(void **s)
{
	struct report r;
	struct view v;
	report_init(&r, TEST_MAIL, "broken.example");
	r.error = true;
	snprintf(r.error_msg, sizeof(r.error_msg), "refused: 127.0.0.1 is %s", XSS_HEADER);
	json_t *facts = view_facts(&r);
	assert_int_equal(view_build_facts(facts, &v), 0);
	assert_true(v.error);
	assert_string_equal(v.error_msg, r.error_msg);
	char *html = render(render_html_body, &v);
	assert_null(strstr(html, XSS_HEADER));
	assert_non_null(strstr(html, "refused: 127.0.0.1"));
	free(html);
	view_free(&v);
	json_decref(facts);
	report_release(&r);
}

static void test_view_facts_refuses_foreign_documents(void **s)
{
	static const char *const bad[] = {
		"{}", "[]", "{\"view\": 2, \"domain\": \"a.nl\", \"test\": \"web\"}",
		"{\"view\": 1, \"domain\": \"a.nl\", \"test\": \"ftp\"}",
		"{\"view\": 1, \"domain\": \"a.nl\", \"test\": \"web\", \"categories\": {}}",
		"{\"view\": 1, \"domain\": \"a.nl\", \"test\": \"web\", \"categories\": {\"web_ipv6\":"
		" {\"status\": 99}}}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct view v;
		json_t *doc = json_loads(bad[i], 0, NULL);
		assert_int_equal(view_build_facts(doc, &v), -1);
		view_free(&v);
		json_decref(doc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_view_texts_and_rows),
		cmocka_unit_test(test_view_header_for_every_subtest_with_columns),
		cmocka_unit_test(test_view_every_advice_parses),
		cmocka_unit_test(test_view_html_escapes_everything),
		cmocka_unit_test(test_view_markdown_escapes_everything),
		cmocka_unit_test(test_view_text_has_sentences_tables_explanations),
		cmocka_unit_test(test_view_facts_round_trip),
		cmocka_unit_test(test_view_facts_of_error_result),
		cmocka_unit_test(test_view_facts_refuses_foreign_documents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

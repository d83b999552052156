/*
 * diff.c -- what changed between two --json results of the same test (issue 21).
 * The documents are read as written by render_json (report/render_json.c); anything
 * else is refused with a reason, never guessed at.
 */
#include "report/diff.h"
#include "report/render.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "report/catalog.h"

int diff_check_result(json_t *doc, const char *which, enum test_kind *kind, struct error *err)
{
	const char *test = json_string_value(json_object_get(doc, "test"));
	const char *status = json_string_value(json_object_get(doc, "status"));
	json_t *results = json_object_get(doc, "results");

	if (!json_is_object(doc) || test == NULL || status == NULL ||
	    !json_is_string(json_object_get(doc, "domain")) || catalog_test_parse(test, kind) < 0)
		return error_set(err, "%s: not an inetcheck --json result (no test, domain and status)", which);
	if (*kind != TEST_WEB && *kind != TEST_MAIL)
		return error_set(err, "%s: a %s test; only web and mail results are compared", which, test);
	if (strcmp(status, "ok") != 0)
		return error_set(err, "%s: the %s test of %s could not run (status %s)", which, test,
		                 json_string_value(json_object_get(doc, "domain")), status);
	json_t *pct = json_object_get(json_object_get(doc, "scoring"), "percentage");
	if (!json_is_integer(pct) || json_integer_value(pct) < 0 || json_integer_value(pct) > 100 ||
	    !json_is_object(json_object_get(results, "categories")) ||
	    !json_is_object(json_object_get(results, "tests")))
		return error_set(err, "%s: not an inetcheck --json result (no scoring.percentage from 0 "
		                 "to 100, results.categories or results.tests)", which);
	return 0;
}

static const char *field(json_t *entry, const char *key)
{
	return json_string_value(json_object_get(entry, key));
}

/* strcmp that treats NULL (missing) as a value of its own */
static bool same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Append `name` to `list` when its status (or, with `verdicts`, its verdict) differs. */
static int diff_entry(json_t *old_map, json_t *new_map, const char *name, const char *category,
                      bool verdicts, struct diff_change *list, size_t *n)
{
	json_t *o = json_object_get(old_map, name), *w = json_object_get(new_map, name);
	struct diff_change c = {
		.name = name, .category = category,
		.old_status = field(o, "status"), .old_verdict = o != NULL ? field(o, "verdict") : NULL,
		.new_status = field(w, "status"), .new_verdict = w != NULL ? field(w, "verdict") : NULL,
	};

	if (same(c.old_status, c.new_status) && (!verdicts || same(c.old_verdict, c.new_verdict)))
		return 0;
	list[(*n)++] = c;
	return 0;
}

int diff_compute(json_t *old_doc, json_t *new_doc, const char *which_old, const char *which_new,
                 struct diff *d, struct error *err)
{
	enum test_kind old_kind, new_kind;
	enum category_id cats[5];
	size_t n_cats;

	memset(d, 0, sizeof(*d));
	if (diff_check_result(old_doc, which_old ? which_old : "old", &old_kind, err) < 0 ||
	    diff_check_result(new_doc, which_new ? which_new : "new", &new_kind, err) < 0)
		return -1;
	if (old_kind != new_kind)
		return error_set(err, "%s is a %s result and %s a %s result: only results of the same "
		                 "test can be compared", which_old ? which_old : "old",
		                 catalog_test_name(old_kind), which_new ? which_new : "new",
		                 catalog_test_name(new_kind));
	n_cats = catalog_categories_of(old_kind, cats);
	d->categories = calloc(n_cats, sizeof(*d->categories));
	d->tests = calloc(SUB_COUNT, sizeof(*d->tests));
	if (d->categories == NULL || d->tests == NULL) {
		diff_free(d);
		return error_set(err, "out of memory");
	}
	d->old_doc = json_incref(old_doc);
	d->new_doc = json_incref(new_doc);
	d->test = catalog_test_name(old_kind);
	d->old_domain = json_string_value(json_object_get(old_doc, "domain"));
	d->new_domain = json_string_value(json_object_get(new_doc, "domain"));
	d->old_percentage = (int)json_integer_value(json_object_get(json_object_get(old_doc, "scoring"), "percentage"));
	d->new_percentage = (int)json_integer_value(json_object_get(json_object_get(new_doc, "scoring"), "percentage"));

	json_t *old_res = json_object_get(old_doc, "results"), *new_res = json_object_get(new_doc, "results");
	json_t *old_cats = json_object_get(old_res, "categories"), *new_cats = json_object_get(new_res, "categories");
	json_t *old_tests = json_object_get(old_res, "tests"), *new_tests = json_object_get(new_res, "tests");
	for (size_t i = 0; i < n_cats; i++) {
		const struct catalog_category *cc = catalog_category(cats[i]);
		diff_entry(old_cats, new_cats, cc->api_name, NULL, false, d->categories, &d->n_categories);
		for (int id = (int)cc->first; id <= (int)cc->last; id++)
			diff_entry(old_tests, new_tests, catalog_subtest((enum subtest_id)id)->api_name,
			           cc->api_name, true, d->tests, &d->n_tests);
	}
	return 0;
}

void diff_free(struct diff *d)
{
	free(d->categories);
	free(d->tests);
	json_decref(d->old_doc);
	json_decref(d->new_doc);
	memset(d, 0, sizeof(*d));
}

bool diff_empty(const struct diff *d)
{
	return d->old_percentage == d->new_percentage && d->n_categories == 0 && d->n_tests == 0;
}

bool diff_worse(const struct diff *d)
{
	return d->new_percentage < d->old_percentage;
}

/* ---- output ---- */

/* A string of a user's file on a terminal: control characters as '?' */
static void text_token(FILE *out, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, out);
}

/* "failed/other", "failed" (categories), "-" (missing) */
static void side_text(FILE *out, const char *status, const char *verdict, bool verdicts)
{
	if (status == NULL) {
		fputc('-', out);
		return;
	}
	text_token(out, status);
	if (verdicts && verdict != NULL) {
		fputc('/', out);
		text_token(out, verdict);
	}
}

static void change_text(FILE *out, const struct diff_change *c, bool verdicts, int width)
{
	fprintf(out, "  %-*s  ", width, c->name);
	side_text(out, c->old_status, c->old_verdict, verdicts);
	fputs(" -> ", out);
	side_text(out, c->new_status, c->new_verdict, verdicts);
	fputc('\n', out);
}

static void head_text(const struct diff *d, FILE *out)
{
	fputs(strcmp(d->test, "mail") == 0 ? _("mail test of ") : _("web test of "), out);
	text_token(out, d->old_domain);
	if (strcmp(d->old_domain, d->new_domain) != 0) {
		fputs(_(" (old) and "), out);
		text_token(out, d->new_domain);
		fputs(_(" (new): different domains"), out);
	}
	fputc('\n', out);
	fprintf(out, "%s  %d%% -> %d%%", _("score"), d->old_percentage, d->new_percentage);
	if (d->new_percentage != d->old_percentage)
		fprintf(out, " (%+d)", d->new_percentage - d->old_percentage);
	fputc('\n', out);
}

int render_diff_text(const struct diff *d, FILE *out)
{
	int width = 0;

	for (size_t i = 0; i < d->n_categories; i++)
		if ((int)strlen(d->categories[i].name) > width)
			width = (int)strlen(d->categories[i].name);
	for (size_t i = 0; i < d->n_tests; i++)
		if ((int)strlen(d->tests[i].name) > width)
			width = (int)strlen(d->tests[i].name);
	head_text(d, out);
	if (diff_empty(d))
		fprintf(out, "%s\n", _("no change"));
	if (d->n_categories > 0)
		fprintf(out, "%s\n", _("categories"));
	for (size_t i = 0; i < d->n_categories; i++)
		change_text(out, &d->categories[i], false, width);
	if (d->n_tests > 0)
		fprintf(out, "%s\n", _("subtests"));
	for (size_t i = 0; i < d->n_tests; i++)
		change_text(out, &d->tests[i], true, width);
	return ferror(out) ? -1 : 0;
}

/* Names, statuses and verdicts are our own tokens, shown as code; but the documents
 * are files a user gave: anything else is escaped as Markdown or HTML would read it. */
static void md_token(FILE *out, const char *s)
{
	if (s != NULL && *s != '\0' && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                                         "0123456789_.-") == strlen(s)) {
		fprintf(out, "`%s`", s);
		return;
	}
	md_text(out, s);
}

static void md_side(FILE *out, const char *status, const char *verdict, bool verdicts)
{
	if (status == NULL) {
		fputs("\u2014", out);
		return;
	}
	md_token(out, status);
	if (verdicts && verdict != NULL) {
		fputs(" (", out);
		md_token(out, verdict);
		fputc(')', out);
	}
}

static void md_rows(FILE *out, const struct diff_change *list, size_t n, bool verdicts)
{
	for (size_t i = 0; i < n; i++) {
		fputs("| ", out);
		md_token(out, list[i].name);
		fputs(" | ", out);
		md_side(out, list[i].old_status, list[i].old_verdict, verdicts);
		fputs(" | ", out);
		md_side(out, list[i].new_status, list[i].new_verdict, verdicts);
		fputs(" |\n", out);
	}
}

int render_diff_markdown(const struct diff *d, FILE *out)
{
	fprintf(out, "## %s ", strcmp(d->test, "mail") == 0 ? _("Mail test:") : _("Web test:"));
	md_token(out, d->old_domain);
	if (strcmp(d->old_domain, d->new_domain) != 0) {
		fputs(_(" (old) and "), out);
		md_token(out, d->new_domain);
		fputs(_(" (new): different domains"), out);
	}
	fprintf(out, "\n\n**%s %d%% \u2192 %d%%", _("Score:"), d->old_percentage, d->new_percentage);
	if (d->new_percentage != d->old_percentage)
		fprintf(out, " (%+d)", d->new_percentage - d->old_percentage);
	fputs("**\n", out);
	if (diff_empty(d))
		fprintf(out, "\n%s\n", _("No change."));
	if (d->n_categories > 0) {
		fprintf(out, "\n| %s | %s | %s |\n|---|---|---|\n", _("Category"), _("Old"), _("New"));
		md_rows(out, d->categories, d->n_categories, false);
	}
	if (d->n_tests > 0) {
		fprintf(out, "\n| %s | %s | %s |\n|---|---|---|\n", _("Subtest"), _("Old"), _("New"));
		md_rows(out, d->tests, d->n_tests, true);
	}
	return ferror(out) ? -1 : 0;
}

static json_t *side_json(const char *status, const char *verdict)
{
	if (status == NULL)
		return json_null();
	return json_pack("{s:s, s:s?}", "status", status, "verdict", verdict);
}

static json_t *changes_json(const struct diff_change *list, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++) {
		const struct diff_change *c = &list[i];
		json_t *e = json_pack("{s:s, s:o, s:o}", "name", c->name,
		                      "old", side_json(c->old_status, c->old_verdict),
		                      "new", side_json(c->new_status, c->new_verdict));
		if (e != NULL && c->category != NULL)
			json_object_set_new(e, "category", json_string(c->category));
		if (json_array_append_new(a, e) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *render_diff_json(const struct diff *d)
{
	return json_pack("{s:s, s:{s:s, s:i}, s:{s:s, s:i}, s:b, s:i, s:b, s:b, s:o, s:o}",
	                 "test", d->test,
	                 "old", "domain", d->old_domain, "percentage", d->old_percentage,
	                 "new", "domain", d->new_domain, "percentage", d->new_percentage,
	                 "same_domain", strcmp(d->old_domain, d->new_domain) == 0,
	                 "score_change", d->new_percentage - d->old_percentage,
	                 "changed", !diff_empty(d), "worse", diff_worse(d),
	                 "categories", changes_json(d->categories, d->n_categories),
	                 "tests", changes_json(d->tests, d->n_tests));
}

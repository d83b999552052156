/*
 * view.c -- the report as people read it (issue 16): texts looked up and translated,
 * technical details flattened to rows of strings, fix advice split into a sentence
 * and "Server: 'code'" snippets. All the computing of the people formats happens
 * here, once; the renderers only lay the view out.
 */
#include "report/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "report/catalog.h"
#include "report/score.h"

static const char *const labels[VIEW_L_COUNT] = {
	[VIEW_L_DETAILS] = N_("Technical details"),
	[VIEW_L_EXPLANATION] = N_("Test explanation"),
	[VIEW_L_FIX] = N_("How to fix"),
	[VIEW_L_SCORE] = N_("Score"),
	[VIEW_L_POINTS] = N_("points"),
	[VIEW_L_NOT_SCORED] = N_("not scored"),
	[VIEW_L_WARNINGS] = N_("Warnings"),
	[VIEW_L_SUMMARY] = N_("Summary"),
	[VIEW_L_CATEGORY] = N_("Category"),
	[VIEW_L_RESULT] = N_("Result"),
	[VIEW_L_GENERATED] = N_("Tested by inetcheck, with the subtests and scoring of internet.nl."),
};

const char *view_label(enum view_label l)
{
	return (unsigned)l < VIEW_L_COUNT ? _(labels[l]) : "";
}

static const char *status_word(enum status st)
{
	switch (st) {
	case STATUS_SUCCESS: return _(N_("Passed"));
	case STATUS_FAIL: return _(N_("Failed"));
	case STATUS_NOTICE: return _(N_("Warning"));
	case STATUS_INFO: return _(N_("Info"));
	case STATUS_ERROR: return _(N_("Error"));
	case STATUS_NOT_TESTED:
	case STATUS_GOOD_NOT_TESTED: return _(N_("Not tested"));
	}
	return "";
}

/* ---- technical details as rows of strings ---- */

static char *cell_text(const json_t *v)
{
	if (json_is_string(v))
		return strdup(json_string_value(v));
	if (json_is_array(v)) {
		/* a list inside a cell: its items joined by ", " */
		size_t i, len = 1;
		json_t *e;
		char *out;
		json_array_foreach(v, i, e) {
			char *t = cell_text(e);
			len += (t ? strlen(t) : 0) + 2;
			free(t);
		}
		out = calloc(1, len);
		if (out == NULL)
			return NULL;
		json_array_foreach(v, i, e) {
			char *t = cell_text(e);
			if (i)
				strcat(out, ", ");
			if (t)
				strcat(out, t);
			free(t);
		}
		return out;
	}
	if (json_is_null(v))
		return strdup("-");
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
}

static int row_add(json_t *rows, const json_t *const *cells, size_t n)
{
	json_t *row = json_array();

	if (row == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char *t = cell_text(cells[i]);
		/* a class or state in a cell reads as a word of the report's language */
		const char *term = texts_term(t);
		json_array_append_new(row, json_string(term != NULL ? _(term) : t ? t : ""));
		free(t);
	}
	return json_array_append_new(rows, row);
}

/* tech, whatever its shape, as an array of rows: an array of arrays as it is, an
 * array of scalars one cell per row, an object one [key, value] row per member. */
static json_t *rows_of(const json_t *tech)
{
	json_t *rows = json_array();
	const char *k;
	json_t *v;
	size_t i;

	if (rows == NULL || tech == NULL)
		return rows;
	if (json_is_array(tech)) {
		json_array_foreach(tech, i, v) {
			if (json_is_array(v)) {
				size_t n = json_array_size(v);
				const json_t *cells[16];
				if (n > 16)
					n = 16;
				for (size_t c = 0; c < n; c++)
					cells[c] = json_array_get(v, c);
				row_add(rows, cells, n);
			} else if (json_is_object(v)) {
				const char *kk;
				json_t *vv;
				json_object_foreach(v, kk, vv) {
					json_t *key = json_string(kk);
					const json_t *cells[2] = { key, vv };
					row_add(rows, cells, 2);
					json_decref(key);
				}
			} else {
				const json_t *cells[1] = { v };
				row_add(rows, cells, 1);
			}
		}
	} else if (json_is_object(tech)) {
		json_object_foreach((json_t *)tech, k, v) {
			json_t *key = json_string(k);
			const json_t *cells[2] = { key, v };
			row_add(rows, cells, 2);
			json_decref(key);
		}
	} else {
		const json_t *cells[1] = { tech };
		row_add(rows, cells, 1);
	}
	return rows;
}

/* ---- fix advice: a sentence, and "Server: 'code'; Server: 'code'" ---- */

/* Where a "Name: '" snippet starts at or after `p` (NULL: none); *name is the start
 * of its name: after "; " (or the start of `how`), at most 40 characters, no quote. */
static const char *snippet_start(const char *how, const char *p, const char **name)
{
	for (const char *c = strstr(p, ": '"); c != NULL; c = strstr(c + 1, ": '")) {
		const char *n = c;
		while (n > how && n[-1] != '\'' && !(n - 2 >= how && n[-2] == ';' && n[-1] == ' '))
			n--;
		if (n > how && n[-1] == '\'')
			continue;            /* inside code */
		if (c - n > 40 || memchr(n, ':', (size_t)(c - n)) != NULL)
			continue;
		*name = n;
		return c;
	}
	return NULL;
}

static void fix_parse(const char *text, const char *how, struct view_fix *fix)
{
	const char *name, *start, *prose_end;
	char *prose = NULL;

	memset(fix, 0, sizeof(*fix));
	if (text == NULL)
		return;
	fix->text = strdup(_(text));
	if (how == NULL)
		return;
	how = _(how);
	start = snippet_start(how, how, &name);
	prose_end = start != NULL ? name : how + strlen(how);
	/* prose before the first snippet (or all of it) stays with the sentence */
	while (prose_end > how && (prose_end[-1] == ' ' || prose_end[-1] == ';'))
		prose_end--;
	if (prose_end > how)
		prose = strndup(how, (size_t)(prose_end - how));
	while (start != NULL && fix->n_snippets < VIEW_SNIPPETS_MAX) {
		const char *next_name = NULL, *next = snippet_start(how, start + 3, &next_name);
		const char *seg_end = next != NULL ? next_name : how + strlen(how);
		const char *code = start + 3, *q = seg_end;
		/* the code ends at the segment's last quote; what follows is a note */
		while (q > code && q[-1] != '\'')
			q--;
		if (q <= code)
			break;
		struct view_snippet *sn = &fix->snippets[fix->n_snippets++];
		sn->server = strndup(name, (size_t)(start - name));
		sn->code = strndup(code, (size_t)(q - 1 - code));
		const char *note = q;
		while (note < seg_end && (*note == ' ' || *note == ';' || *note == ',' || *note == '.'))
			note++;
		const char *note_end = seg_end;
		while (note_end > note && (note_end[-1] == ' ' || note_end[-1] == ';'))
			note_end--;
		sn->note = note_end > note ? strndup(note, (size_t)(note_end - note)) : NULL;
		start = next;
		name = next_name;
	}
	if (prose != NULL) {
		size_t len = strlen(fix->text) + strlen(prose) + 2;
		char *joined = malloc(len);
		if (joined != NULL) {
			snprintf(joined, len, "%s %s", fix->text, prose);
			free(fix->text);
			fix->text = joined;
		}
		free(prose);
	}
}

static void fix_free(struct view_fix *fix)
{
	free(fix->text);
	for (size_t i = 0; i < fix->n_snippets; i++) {
		free(fix->snippets[i].server);
		free(fix->snippets[i].code);
		free(fix->snippets[i].note);
	}
	memset(fix, 0, sizeof(*fix));
}

char *view_fix_plain(const struct view_fix *fix)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	if (fix->text == NULL || (m = open_memstream(&buf, &len)) == NULL)
		return NULL;
	fputs(fix->text, m);
	for (size_t i = 0; i < fix->n_snippets; i++) {
		const struct view_snippet *sn = &fix->snippets[i];
		fprintf(m, "\n%s: %s", sn->server, sn->code);
		if (sn->note != NULL)
			fprintf(m, " (%s)", sn->note);
	}
	if (fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* ---- building ---- */

/* One subtest's view from what the report (or stored facts) says of it: its scored
 * status and verdict, whether it was evaluated, and its table rows (taken over). */
static int subtest_fill(enum subtest_id id, enum status status, const char *verdict,
                        bool evaluated, json_t *rows, struct view_subtest *s)
{
	const struct catalog_subtest *cs = catalog_subtest(id);
	const struct text_subtest *ts = texts_subtest(id);
	const char *sentence;

	memset(s, 0, sizeof(*s));
	s->id = id;
	s->status = status;
	s->status_api = status_api_name(s->status);
	s->status_word = status_word(s->status);
	s->verdict = verdict;
	s->title = _(ts != NULL && ts->title != NULL ? ts->title : cs->title);
	sentence = texts_verdict(id, s->verdict);
	s->sentence = sentence != NULL ? _(sentence) : s->verdict;
	s->explanation = ts != NULL && ts->explanation != NULL ? _(ts->explanation) : "";
	s->rows = rows;
	if (s->rows == NULL)
		return -1;
	/* a header only where it fits the rows */
	size_t width = json_array_size(s->rows) ? json_array_size(json_array_get(s->rows, 0)) : 0;
	size_t ncols = 0;
	while (ts != NULL && ncols < TEXT_COLUMNS_MAX && ts->columns[ncols] != NULL)
		ncols++;
	if (ncols > 0 && ncols == width) {
		for (size_t c = 0; c < ncols; c++)
			s->columns[c] = _(ts->columns[c]);
		s->n_columns = ncols;
	}
	/* what to do: for anything that did not pass, and for a not-tested subtest
	 * with a verdict of its own (https_forced "no-https", §3.3.8) */
	bool own_verdict = evaluated && strcmp(s->verdict, "not-tested") != 0;
	bool not_tested = s->status == STATUS_NOT_TESTED || s->status == STATUS_GOOD_NOT_TESTED;
	if (s->status != STATUS_SUCCESS && (!not_tested || own_verdict))
		fix_parse(catalog_advice(id, s->verdict), catalog_advice_how(id, s->verdict), &s->fix);
	return 0;
}

static int subtest_build(const struct report *r, enum subtest_id id, struct view_subtest *s)
{
	return subtest_fill(id, score_subtest_status(r, id), score_subtest_verdict(r, id),
	                    r->sub[id].evaluated, rows_of(r->sub[id].tech), s);
}

size_t view_table_width(const struct view_subtest *s)
{
	size_t ncols = s->n_columns, i;
	json_t *row;

	json_array_foreach(s->rows, i, row)
		if (json_array_size(row) > ncols)
			ncols = json_array_size(row);
	return ncols;
}

/* A category's head: everything but its subtests. */
static void category_head(enum category_id id, const struct category_result *cr,
                          const char *text_verdict, struct view_category *c)
{
	const struct catalog_category *cc = catalog_category(id);
	const struct text_category *tc = texts_category(id);
	const char *headline = NULL;

	c->id = id;
	c->implemented = cr->implemented;
	c->status = cr->status;
	c->status_api = status_api_name(cr->status);
	c->status_word = status_word(cr->status);
	c->title = _(tc != NULL && tc->title != NULL ? tc->title : cc->title);
	c->explanation = tc != NULL && tc->explanation != NULL ? _(tc->explanation) : "";
	if (text_verdict != NULL)
		headline = texts_headline(id, text_verdict);
	if (headline == NULL)
		headline = texts_headline(id, c->status_api);
	c->headline = headline != NULL ? _(headline) : "";
	c->counted = cr->counted;
	c->percentage = cr->percentage;
	c->points = cr->obtained_points;
	c->max_points = cr->max_points;
	c->n_subs = (size_t)(cc->last - cc->first) + 1;
}

static void view_head(const char *domain, enum test_kind kind, struct view *v)
{
	v->domain = domain;
	v->kind = kind;
	v->test_title = kind == TEST_WEB    ? _(N_("Website test"))
	                : kind == TEST_MAIL ? _(N_("Mail test"))
	                                    : _(N_("Connection test"));
	v->lang = i18n_code();
}

/* The translated formats below are checked against the English ones by msgfmt --check
 * (c-format, tests/po-complete.sh), not by the compiler. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
json_t *view_what_if(const json_t *what_if)
{
	json_t *lines, *e;
	size_t i;
	char buf[1400];

	if (!what_if)
		return NULL;
	lines = json_array();
	json_array_append_new(lines, json_string(_(N_("What-if test: this result uses the name overrides "
		"and zone files below, not only what is published today."))));
	json_array_foreach(json_object_get(what_if, "resolve"), i, e) {
		json_t *a;
		size_t k;
		char addrs[900] = "";
		size_t used = 0;
		json_array_foreach(json_object_get(e, "addresses"), k, a)
			used += (size_t)snprintf(addrs + used, used < sizeof(addrs) ? sizeof(addrs) - used : 0,
			                         "%s%s", k ? ", " : "", json_string_value(a));
		if (json_integer_value(json_object_get(e, "port")))
			snprintf(buf, sizeof(buf), _(N_("%s (port %d): connected to %s instead of its A/AAAA "
			         "records; DNS subtests still see the real records.")),
			         json_string_value(json_object_get(e, "name")),
			         (int)json_integer_value(json_object_get(e, "port")), addrs);
		else
			snprintf(buf, sizeof(buf), _(N_("%s: connected to %s instead of its A/AAAA records; DNS "
			         "subtests still see the real records.")),
			         json_string_value(json_object_get(e, "name")), addrs);
		json_array_append_new(lines, json_string(buf));
	}
	json_array_foreach(json_object_get(what_if, "zones"), i, e) {
		bool is_signed = !strcmp(json_string_value(json_object_get(e, "dnssec")), "signed");
		snprintf(buf, sizeof(buf), is_signed
		         ? _(N_("Zone %s answered from %s as if published; it is signed, so DNSSEC is judged "
		                "from the trust anchor as the published zone would be."))
		         : _(N_("Zone %s answered from %s as if published; it is unsigned, so its DNSSEC "
		                "counts as insecure (sign the file to have DNSSEC judged).")),
		         json_string_value(json_object_get(e, "origin")),
		         json_string_value(json_object_get(e, "file")));
		json_array_append_new(lines, json_string(buf));
	}
	return lines;
}
#pragma GCC diagnostic pop

int view_build(const struct report *r, struct view *v)
{
	enum category_id cats[CATALOG_REPORT_CATEGORIES_MAX];
	size_t n;

	memset(v, 0, sizeof(*v));
	view_head(r->domain, r->kind, v);
	v->what_if = view_what_if(r->what_if);
	v->error = r->error;
	v->error_msg = r->error_msg;
	v->percentage = r->percentage;
	v->warnings = r->warnings;
	if (r->error)
		return 0;
	n = catalog_report_categories(r->kind, cats);
	for (size_t i = 0; i < n; i++) {
		const struct catalog_category *cc = catalog_category(cats[i]);
		struct view_category *c = &v->cats[v->n_cats];

		if (cc->beyond && !r->cat[cats[i]].implemented)
			continue;   /* issue 22: shown only when it ran */
		v->n_cats++;
		category_head(cats[i], &r->cat[cats[i]], r->cat[cats[i]].text_verdict, c);
		c->subs = calloc(c->n_subs, sizeof(*c->subs));
		if (c->subs == NULL)
			return -1;
		for (size_t k = 0; k < c->n_subs; k++)
			if (subtest_build(r, (enum subtest_id)(cc->first + (int)k), &c->subs[k]) < 0)
				return -1;
	}
	return 0;
}

/* ---- stored views (issue 18) ----
 * {"view": 1, "domain", "test": "web"|"mail"|"connection", "error": "why" (only when the test
 *  could not run), "percentage", "warnings": [...],
 *  "categories": {"web_ipv6": {"implemented", "status" (enum status), "text_verdict"?,
 *                 "counted", "percentage", "points", "max_points"}},
 *  "subtests": {"<api name>": {"status", "verdict", "evaluated", "rows"}}}
 * Statuses are kept as their enum values: the document carries its version ("view")
 * and a program refuses versions it does not know. */
#define VIEW_FACTS_VERSION 1

json_t *view_facts(const struct report *r)
{
	json_t *doc = json_pack("{s:i, s:s, s:s, s:i, s:O?}", "view", VIEW_FACTS_VERSION,
	                        "domain", r->domain, "test", catalog_test_name(r->kind),
	                        "percentage", r->percentage, "warnings", r->warnings);
	json_t *cats = json_object(), *subs = json_object();
	enum category_id ids[CATALOG_REPORT_CATEGORIES_MAX];
	size_t n;

	if (doc == NULL || cats == NULL || subs == NULL)
		goto fail;
	json_object_set_new(doc, "categories", cats);
	json_object_set_new(doc, "subtests", subs);
	if (r->error)
		return json_object_set_new(doc, "error", json_string(r->error_msg)) == 0 ? doc : NULL;
	n = catalog_report_categories(r->kind, ids);
	for (size_t i = 0; i < n; i++) {
		const struct catalog_category *cc = catalog_category(ids[i]);
		const struct category_result *cr = &r->cat[ids[i]];
		if (cc->beyond && !cr->implemented)
			continue;
		json_t *c = json_pack("{s:b, s:i, s:s?, s:b, s:i, s:i, s:i}",
		                      "implemented", cr->implemented, "status", (int)cr->status,
		                      "text_verdict", cr->text_verdict, "counted", cr->counted,
		                      "percentage", cr->percentage, "points", cr->obtained_points,
		                      "max_points", cr->max_points);
		if (c == NULL || json_object_set_new(cats, cc->api_name, c) < 0)
			goto fail;
		for (int id = (int)cc->first; id <= (int)cc->last; id++) {
			json_t *rows = rows_of(r->sub[id].tech);
			json_t *sj = rows == NULL ? NULL
				: json_pack("{s:i, s:s, s:b, s:o}",
				            "status", (int)score_subtest_status(r, (enum subtest_id)id),
				            "verdict", score_subtest_verdict(r, (enum subtest_id)id),
				            "evaluated", r->sub[id].evaluated, "rows", rows);
			if (sj == NULL ||
			    json_object_set_new(subs, catalog_subtest((enum subtest_id)id)->api_name, sj) < 0)
				goto fail;
		}
	}
	return doc;
fail:
	json_decref(doc);
	return NULL;
}

static bool status_valid(json_int_t st)
{
	return st >= STATUS_ERROR && st <= STATUS_SUCCESS;
}

int view_build_facts(json_t *facts, struct view *v)
{
	const char *domain = NULL, *test = NULL;
	json_t *cats, *subs;
	enum category_id ids[CATALOG_REPORT_CATEGORIES_MAX];
	enum test_kind kind;

	memset(v, 0, sizeof(*v));
	if (json_integer_value(json_object_get(facts, "view")) != VIEW_FACTS_VERSION ||
	    (domain = json_string_value(json_object_get(facts, "domain"))) == NULL ||
	    (test = json_string_value(json_object_get(facts, "test"))) == NULL ||
	    catalog_test_parse(test, &kind) < 0)
		return -1;
	v->facts = json_incref(facts);
	view_head(domain, kind, v);
	v->percentage = (int)json_integer_value(json_object_get(facts, "percentage"));
	v->warnings = json_object_get(facts, "warnings");
	if (json_object_get(facts, "error") != NULL) {
		v->error = true;
		v->error_msg = json_string_value(json_object_get(facts, "error"));
		if (v->error_msg == NULL)
			v->error_msg = "";
		return 0;
	}
	cats = json_object_get(facts, "categories");
	subs = json_object_get(facts, "subtests");
	size_t n = catalog_report_categories(kind, ids);
	for (size_t i = 0; i < n; i++) {
		const struct catalog_category *cc = catalog_category(ids[i]);
		json_t *c = json_object_get(cats, cc->api_name);
		if (cc->beyond && c == NULL)
			continue;   /* issue 22: it did not run, or facts stored before it existed */
		json_int_t st = json_integer_value(json_object_get(c, "status"));
		struct category_result cr = {
			.implemented = json_is_true(json_object_get(c, "implemented")),
			.status = (enum status)st,
			.counted = json_is_true(json_object_get(c, "counted")),
			.percentage = (int)json_integer_value(json_object_get(c, "percentage")),
			.obtained_points = (int)json_integer_value(json_object_get(c, "points")),
			.max_points = (int)json_integer_value(json_object_get(c, "max_points")),
		};
		struct view_category *vc = &v->cats[v->n_cats];

		if (!json_is_object(c) || !status_valid(st))
			return -1;
		category_head(ids[i], &cr, json_string_value(json_object_get(c, "text_verdict")), vc);
		vc->subs = calloc(vc->n_subs, sizeof(*vc->subs));
		v->n_cats++;
		if (vc->subs == NULL)
			return -1;
		for (size_t k = 0; k < vc->n_subs; k++) {
			enum subtest_id id = (enum subtest_id)(cc->first + (int)k);
			json_t *sj = json_object_get(subs, catalog_subtest(id)->api_name);
			json_int_t sst = json_integer_value(json_object_get(sj, "status"));
			const char *verdict = json_string_value(json_object_get(sj, "verdict"));

			if (!json_is_object(sj) || !status_valid(sst) || verdict == NULL)
				return -1;
			if (subtest_fill(id, (enum status)sst, verdict,
			                 json_is_true(json_object_get(sj, "evaluated")),
			                 rows_of(json_object_get(sj, "rows")), &vc->subs[k]) < 0)
				return -1;
		}
	}
	return 0;
}

void view_free(struct view *v)
{
	for (size_t i = 0; i < v->n_cats; i++) {
		for (size_t k = 0; v->cats[i].subs != NULL && k < v->cats[i].n_subs; k++) {
			json_decref(v->cats[i].subs[k].rows);
			fix_free(&v->cats[i].subs[k].fix);
		}
		free(v->cats[i].subs);
		v->cats[i].subs = NULL;
	}
	v->n_cats = 0;
	json_decref(v->facts);
	v->facts = NULL;
	json_decref(v->what_if);
	v->what_if = NULL;
}

/*
 * view.c -- the report as people read it (issue 16): texts looked up and translated,
 * technical details flattened to rows of strings, fix advice split into a sentence
 * and "Server: 'code'" snippets. All the computing of the people formats happens
 * here, once; the renderers only lay the view out.
 */
#include "report/view.h"

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

/* ---- building ---- */

static int subtest_build(const struct report *r, enum subtest_id id, struct view_subtest *s)
{
	const struct catalog_subtest *cs = catalog_subtest(id);
	const struct text_subtest *ts = texts_subtest(id);
	const char *sentence;

	memset(s, 0, sizeof(*s));
	s->id = id;
	s->status = score_subtest_status(r, id);
	s->status_api = status_api_name(s->status);
	s->status_word = status_word(s->status);
	s->verdict = score_subtest_verdict(r, id);
	s->title = _(ts != NULL && ts->title != NULL ? ts->title : cs->title);
	sentence = texts_verdict(id, s->verdict);
	s->sentence = sentence != NULL ? _(sentence) : s->verdict;
	s->explanation = ts != NULL && ts->explanation != NULL ? _(ts->explanation) : "";
	s->rows = rows_of(r->sub[id].tech);
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
	bool own_verdict = r->sub[id].evaluated && strcmp(s->verdict, "not-tested") != 0;
	bool not_tested = s->status == STATUS_NOT_TESTED || s->status == STATUS_GOOD_NOT_TESTED;
	if (s->status != STATUS_SUCCESS && (!not_tested || own_verdict))
		fix_parse(catalog_advice(id, s->verdict), catalog_advice_how(id, s->verdict), &s->fix);
	return 0;
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

int view_build(const struct report *r, struct view *v)
{
	enum category_id cats[5];

	memset(v, 0, sizeof(*v));
	v->domain = r->domain;
	v->kind = r->kind;
	v->test_title = r->kind == TEST_WEB ? _(N_("Website test")) : _(N_("Mail test"));
	v->lang = i18n_code();
	v->error = r->error;
	v->error_msg = r->error_msg;
	v->percentage = r->percentage;
	v->warnings = r->warnings;
	if (r->error)
		return 0;
	v->n_cats = catalog_categories_of(r->kind, cats);
	for (size_t i = 0; i < v->n_cats; i++) {
		const struct catalog_category *cc = catalog_category(cats[i]);
		const struct category_result *cr = &r->cat[cats[i]];
		const struct text_category *tc = texts_category(cats[i]);
		struct view_category *c = &v->cats[i];
		const char *headline = NULL;

		c->id = cats[i];
		c->implemented = cr->implemented;
		c->status = cr->status;
		c->status_api = status_api_name(cr->status);
		c->status_word = status_word(cr->status);
		c->title = _(tc != NULL && tc->title != NULL ? tc->title : cc->title);
		c->explanation = tc != NULL && tc->explanation != NULL ? _(tc->explanation) : "";
		if (cr->text_verdict != NULL)
			headline = texts_headline(cats[i], cr->text_verdict);
		if (headline == NULL)
			headline = texts_headline(cats[i], c->status_api);
		c->headline = headline != NULL ? _(headline) : "";
		c->counted = cr->counted;
		c->percentage = cr->percentage;
		c->points = cr->obtained_points;
		c->max_points = cr->max_points;
		c->n_subs = (size_t)(cc->last - cc->first) + 1;
		c->subs = calloc(c->n_subs, sizeof(*c->subs));
		if (c->subs == NULL)
			return -1;
		for (size_t k = 0; k < c->n_subs; k++)
			if (subtest_build(r, (enum subtest_id)(cc->first + (int)k), &c->subs[k]) < 0)
				return -1;
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
}

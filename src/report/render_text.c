/* render_text.c -- the human report: aligned, colour only on a tty (STYLE rule 13). */
#include "report/render.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "report/catalog.h"
#include "report/score.h"
#include "report/view.h"

static const char *colour_of(enum status st)
{
	switch (st) {
	case STATUS_SUCCESS: return "\033[32m";
	case STATUS_FAIL:
	case STATUS_ERROR: return "\033[31m";
	case STATUS_NOTICE: return "\033[33m";
	case STATUS_INFO: return "\033[34m";
	default: return "\033[2m";
	}
}

static void status_word(FILE *out, enum status st, bool colour)
{
	const char *w = status_api_name(st);
	if (colour)
		fprintf(out, "%s%-11s\033[0m", colour_of(st), w);
	else
		fprintf(out, "%-11s", w);
}

#define DETAIL_INDENT "               "

/* One JSON scalar as people read it: strings bare, numbers and booleans as JSON. */
static void print_scalar(FILE *out, const json_t *v)
{
	if (json_is_string(v)) {
		fputs(json_string_value(v), out);
	} else {
		char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
		fputs(s ? s : "", out);
		free(s);
	}
}

/* A value inside an object: an array of scalars joined by ", ", anything else
 * (nested objects, arrays of arrays) as compact JSON. */
static void print_value(FILE *out, const json_t *v)
{
	size_t i;
	json_t *e;

	if (json_is_array(v)) {
		json_array_foreach(v, i, e) {
			if (json_is_object(e) || json_is_array(e)) {
				char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
				fputs(s ? s : "", out);
				free(s);
				return;
			}
		}
		json_array_foreach(v, i, e) {
			if (i)
				fputs(", ", out);
			print_scalar(out, e);
		}
		return;
	}
	print_scalar(out, v);
}

/* "fix: ..." under a subtest, and the server settings (nginx / Apache, Postfix /
 * Exim) under it when there are any. */
static void print_fix(FILE *out, const char *fix, const char *how)
{
	fprintf(out, DETAIL_INDENT "fix: %s\n", _(fix));
	if (how)
		fprintf(out, DETAIL_INDENT "     %s\n", _(how));
}

/*
 * Technical details under a subtest: an array prints one line per element
 * (one table row, or one string); a row's cells are separated by two spaces
 * ("192.0.2.1  TLS 1.0  insufficient"); an object prints one compact line
 * "key: value; key: a, b"; anything else as compact JSON.
 */
static void print_tech(FILE *out, const json_t *tech)
{
	size_t i;
	const char *k;
	json_t *v;

	if (!tech)
		return;
	if (json_is_array(tech)) {
		json_array_foreach(tech, i, v) {
			fputs(DETAIL_INDENT, out);
			if (json_is_array(v)) {
				size_t c;
				json_t *cell;
				json_array_foreach(v, c, cell) {
					if (c)
						fputs("  ", out);
					if (json_is_object(cell) || json_is_array(cell))
						print_value(out, cell);
					else
						print_scalar(out, cell);
				}
			} else if (json_is_object(v)) {
				print_value(out, v);
			} else {
				print_scalar(out, v);
			}
			fputc('\n', out);
		}
		return;
	}
	if (json_is_object(tech)) {
		bool first = true;
		if (!json_object_size(tech))
			return;
		fputs(DETAIL_INDENT, out);
		json_object_foreach((json_t *)tech, k, v) {
			fprintf(out, "%s%s: ", first ? "" : "; ", k);
			print_value(out, v);
			first = false;
		}
		fputc('\n', out);
		return;
	}
	fputs(DETAIL_INDENT, out);
	print_scalar(out, tech);
	fputc('\n', out);
}

void render_text(const struct report *r, FILE *out, bool colour)
{
	enum category_id cats[5];
	size_t n = catalog_categories_of(r->kind, cats), missing = 0;
	int title_width = 0;

	fprintf(out, "%s%s%s  %s test  ", colour ? "\033[1m" : "", r->domain,
	        colour ? "\033[0m" : "", catalog_test_name(r->kind));
	if (r->error) {
		/* the test could not run: no categories to show */
		if (colour)
			fprintf(out, "%serror\033[0m: %s\n", colour_of(STATUS_ERROR), r->error_msg);
		else
			fprintf(out, "error: %s\n", r->error_msg);
		return;
	}
	/* one title column for the whole report, as wide as its longest title */
	for (size_t i = 0; i < n; i++) {
		const struct catalog_category *c = catalog_category(cats[i]);
		missing += !r->cat[cats[i]].implemented;
		for (int id = c->first; id <= (int)c->last; id++) {
			int w = (int)strlen(catalog_subtest(id)->title);
			if (w > title_width)
				title_width = w;
		}
	}
	fprintf(out, "score %d%%", r->percentage);
	if (missing)
		fprintf(out, "  (partial: %zu of %zu categories not implemented yet)", missing, n);
	fputc('\n', out);

	for (size_t i = 0; i < n; i++) {
		const struct catalog_category *c = catalog_category(cats[i]);
		const struct category_result *cr = &r->cat[cats[i]];

		fputc('\n', out);
		if (!cr->implemented) {
			fprintf(out, "%-20s not implemented yet\n", c->title);
			continue;
		}
		fprintf(out, "%-20s ", c->title);
		status_word(out, cr->status, colour);
		if (cr->counted)
			fprintf(out, " %3d%%  (%d/%d points)", cr->percentage, cr->obtained_points, cr->max_points);
		else
			fprintf(out, "  not scored");
		if (cr->text_verdict)
			fprintf(out, "  %s", cr->text_verdict);
		fputc('\n', out);
		if (cr->advice)
			fprintf(out, "  fix: %s\n", cr->advice);
		for (int id = c->first; id <= (int)c->last; id++) {
			enum status st = score_subtest_status(r, id);
			const char *verdict = score_subtest_verdict(r, id);
			const char *fix;

			fprintf(out, "  ");
			status_word(out, st, colour);
			fprintf(out, "%-*s %s\n", title_width, catalog_subtest(id)->title, verdict);
			/* a not-tested result with a verdict of its own (e.g. https_forced
			 * "no-https", §3.3.8) still says why and what to do */
			bool own_verdict = r->sub[id].evaluated && strcmp(verdict, "not-tested") != 0;
			if (st == STATUS_SUCCESS ||
			    ((st == STATUS_NOT_TESTED || st == STATUS_GOOD_NOT_TESTED) && !own_verdict))
				continue;
			fix = catalog_advice(id, verdict);
			if (st == STATUS_NOT_TESTED || st == STATUS_GOOD_NOT_TESTED) {
				if (fix)
					print_fix(out, fix, catalog_advice_how(id, verdict));
				continue;
			}
			print_tech(out, r->sub[id].tech);
			if (fix)
				print_fix(out, fix, catalog_advice_how(id, verdict));
		}
	}
}

/* ---------------------------------------------------- the full report ---- */

/* Display width of UTF-8 text: code points, not bytes (good enough for the Latin
 * texts of the report and for what servers send). */
static size_t text_width(const char *s, size_t len)
{
	size_t w = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

/* A control character from a server never reaches the terminal. */
static void put_clean(FILE *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		fputc(c < 0x20 || c == 0x7f ? '?' : c, out);
	}
}

/* `text` wrapped at `width`, every line starting with `indent` spaces. */
static void put_wrapped(FILE *out, const char *text, int indent, int width)
{
	int avail = width - indent > 20 ? width - indent : 20;
	const char *p = text;

	while (*p != '\0') {
		const char *line = p, *brk = NULL;
		size_t w = 0;
		while (*p != '\0' && *p != '\n') {
			if (*p == ' ')
				brk = p;
			if (((unsigned char)*p & 0xc0) != 0x80)
				w++;
			if ((int)w > avail && brk != NULL)
				break;
			p++;
		}
		const char *end = (*p == '\0' || *p == '\n') ? p : brk;
		fprintf(out, "%*s", indent, "");
		put_clean(out, line, (size_t)(end - line));
		fputc('\n', out);
		p = end;
		if (*p == ' ' || *p == '\n')
			p++;
	}
}

/* The technical-details table: a header (when the rows have one) and columns as
 * wide as their widest cell, the last column wrapped. */
static void put_table(FILE *out, const struct view_subtest *s, int indent, int width, bool colour)
{
	size_t ncols = 0, i, c;
	size_t w[16] = { 0 };
	json_t *row;

	json_array_foreach(s->rows, i, row)
		if (json_array_size(row) > ncols)
			ncols = json_array_size(row) < 16 ? json_array_size(row) : 16;
	if (ncols == 0)
		return;
	for (c = 0; c < s->n_columns && c < ncols; c++)
		w[c] = text_width(s->columns[c], strlen(s->columns[c]));
	json_array_foreach(s->rows, i, row)
		for (c = 0; c < ncols && c < json_array_size(row); c++) {
			const char *t = json_string_value(json_array_get(row, c));
			size_t tw = text_width(t, strlen(t));
			if (tw > w[c])
				w[c] = tw;
		}
	/* cap the columns before the last so the last keeps room */
	for (c = 0; c + 1 < ncols; c++)
		if (w[c] > 40)
			w[c] = 40;
	if (s->n_columns) {
		fprintf(out, "%*s%s", indent, "", colour ? "\033[1m" : "");
		for (c = 0; c < s->n_columns; c++)
			fprintf(out, "%s%-*s", c ? "  " : "", c + 1 < s->n_columns ? (int)w[c] : 0, s->columns[c]);
		fprintf(out, "%s\n", colour ? "\033[0m" : "");
	}
	json_array_foreach(s->rows, i, row) {
		size_t col = (size_t)indent;
		fprintf(out, "%*s", indent, "");
		for (c = 0; c < json_array_size(row) && c < ncols; c++) {
			const char *t = json_string_value(json_array_get(row, c));
			size_t len = strlen(t), tw = text_width(t, len);
			if (c)
				fputs("  ", out), col += 2;
			if (c + 1 < ncols) {
				/* a cell wider than its column is cut with an ellipsis */
				if (tw > w[c]) {
					size_t keep = 0, k = 0;
					while (keep < len && k + 1 < w[c])
						if (((unsigned char)t[++keep] & 0xc0) != 0x80)
							k++;
					put_clean(out, t, keep);
					fputs("\u2026", out);
				} else {
					put_clean(out, t, len);
					fprintf(out, "%*s", (int)(w[c] - tw), "");
				}
				col += w[c];
			} else if ((int)(col + tw) <= width || (int)col > width - 20) {
				put_clean(out, t, len);
			} else {
				/* the last cell wraps under itself */
				char *copy = strndup(t, len);
				if (copy != NULL) {
					fputc('\n', out);
					put_wrapped(out, copy, (int)col, width);
					free(copy);
					goto next_row;
				}
			}
		}
		fputc('\n', out);
next_row:;
	}
}

int render_text_full(const struct view *v, FILE *out, bool colour, int width)
{
	const char *bold = colour ? "\033[1m" : "", *off = colour ? "\033[0m" : "";

	if (width < 40)
		width = 40;
	fprintf(out, "%s%s%s  %s\n", bold, v->domain, off, v->test_title);
	if (v->what_if) {
		size_t i;
		json_t *w;
		json_array_foreach(v->what_if, i, w) {
			fputs(i ? "  - " : colour ? "\033[1;33m" : "", out);
			put_clean(out, json_string_value(w), strlen(json_string_value(w)));
			fputs(i == 0 && colour ? "\033[0m\n" : "\n", out);
		}
	}
	if (v->error) {
		fprintf(out, "%s%s%s: %s\n", colour ? colour_of(STATUS_ERROR) : "", _(N_("Error")), off,
		        v->error_msg);
		return ferror(out) ? -1 : 0;
	}
	fprintf(out, "%s %d%%\n", view_label(VIEW_L_SCORE), v->percentage);
	for (size_t i = 0; i < v->n_cats; i++) {
		const struct view_category *c = &v->cats[i];

		if (!c->implemented)
			continue;
		fprintf(out, "\n%s%s%s%s  %s%s%s", bold, c->title, off, "", colour ? colour_of(c->status) : "",
		        c->status_word, off);
		if (c->counted)
			fprintf(out, "  %d%% (%d/%d %s)\n", c->percentage, c->points, c->max_points,
			        view_label(VIEW_L_POINTS));
		else
			fprintf(out, "  (%s)\n", view_label(VIEW_L_NOT_SCORED));
		if (c->headline[0])
			put_wrapped(out, c->headline, 2, width);
		for (size_t k = 0; k < c->n_subs; k++) {
			const struct view_subtest *s = &c->subs[k];

			fprintf(out, "\n  %s%-10s%s %s%s%s\n", colour ? colour_of(s->status) : "", s->status_word,
			        off, bold, s->title, off);
			put_wrapped(out, s->sentence, 13, width);
			if (json_array_size(s->rows)) {
				fprintf(out, "%13s%s:\n", "", view_label(VIEW_L_DETAILS));
				put_table(out, s, 15, width, colour);
			}
			if (s->fix.text != NULL) {
				fprintf(out, "%13s%s:\n", "", view_label(VIEW_L_FIX));
				put_wrapped(out, s->fix.text, 15, width);
				for (size_t n = 0; n < s->fix.n_snippets; n++) {
					fprintf(out, "%15s%s:\n", "", s->fix.snippets[n].server);
					put_wrapped(out, s->fix.snippets[n].code, 17, width);
					if (s->fix.snippets[n].note != NULL)
						put_wrapped(out, s->fix.snippets[n].note, 17, width);
				}
			}
			if (s->explanation[0]) {
				fprintf(out, "%13s%s%s:%s\n", "", colour ? "\033[2m" : "", view_label(VIEW_L_EXPLANATION),
				        off);
				if (colour)
					fputs("\033[2m", out);
				put_wrapped(out, s->explanation, 15, width);
				if (colour)
					fputs("\033[0m", out);
			}
		}
	}
	if (json_array_size(v->warnings)) {
		size_t i;
		json_t *w;
		fprintf(out, "\n%s%s%s\n", bold, view_label(VIEW_L_WARNINGS), off);
		json_array_foreach(v->warnings, i, w) {
			fputs("  - ", out);
			put_clean(out, json_string_value(w), strlen(json_string_value(w)));
			fputc('\n', out);
		}
	}
	return ferror(out) ? -1 : 0;
}

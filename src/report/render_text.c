/* render_text.c -- the human report: aligned, colour only on a tty (STYLE rule 13). */
#include "report/render.h"

#include <stdlib.h>
#include <string.h>

#include "report/catalog.h"
#include "report/score.h"

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

/*
 * Technical details under a subtest: an array prints one line per element
 * (the checks put one server or record per element); an object prints one
 * compact line "key: value; key: a, b"; anything else as compact JSON.
 */
/* "fix: ..." under a subtest; an advice line may hold a second line after '\n'
 * (the nginx / Apache directives), printed under the first. */
static void print_fix(FILE *out, const char *fix)
{
	const char *nl = strchr(fix, '\n');

	if (!nl) {
		fprintf(out, DETAIL_INDENT "fix: %s\n", fix);
		return;
	}
	fprintf(out, DETAIL_INDENT "fix: %.*s\n", (int)(nl - fix), fix);
	fprintf(out, DETAIL_INDENT "     %s\n", nl + 1);
}

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
			if (json_is_object(v) || json_is_array(v))
				print_value(out, v);
			else
				print_scalar(out, v);
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
	        colour ? "\033[0m" : "", r->kind == TEST_WEB ? "web" : "mail");
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
					print_fix(out, fix);
				continue;
			}
			print_tech(out, r->sub[id].tech);
			if (fix)
				print_fix(out, fix);
		}
	}
}

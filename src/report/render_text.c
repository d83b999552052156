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

/* Technical details in one or a few compact lines: strings as they are, other JSON compact. */
static void print_tech(FILE *out, const json_t *tech)
{
	size_t i;
	json_t *v;

	if (!tech)
		return;
	if (json_is_array(tech)) {
		json_array_foreach(tech, i, v) {
			if (json_is_string(v)) {
				fprintf(out, "               %s\n", json_string_value(v));
			} else {
				char *s = json_dumps(v, JSON_COMPACT);
				fprintf(out, "               %s\n", s ? s : "");
				free(s);
			}
		}
		return;
	}
	char *s = json_dumps(tech, JSON_COMPACT | JSON_PRESERVE_ORDER);
	fprintf(out, "               %s\n", s ? s : "");
	free(s);
}

void render_text(const struct report *r, FILE *out, bool colour)
{
	enum category_id cats[5];
	size_t n = catalog_categories_of(r->kind, cats), missing = 0;

	for (size_t i = 0; i < n; i++)
		missing += !r->cat[cats[i]].implemented;
	fprintf(out, "%s%s%s  %s test  score %d%%", colour ? "\033[1m" : "", r->domain,
	        colour ? "\033[0m" : "", r->kind == TEST_WEB ? "web" : "mail", r->percentage);
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
		for (int id = c->first; id <= (int)c->last; id++) {
			enum status st = score_subtest_status(r, id);
			const char *verdict = score_subtest_verdict(r, id);
			const char *fix;

			fprintf(out, "  ");
			status_word(out, st, colour);
			fprintf(out, "%-48s %s\n", catalog_subtest(id)->title, verdict);
			if (st == STATUS_SUCCESS || st == STATUS_NOT_TESTED || st == STATUS_GOOD_NOT_TESTED)
				continue;
			print_tech(out, r->sub[id].tech);
			fix = catalog_advice(id, verdict);
			if (fix)
				fprintf(out, "               fix: %s\n", fix);
		}
	}
}

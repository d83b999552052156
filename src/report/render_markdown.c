/*
 * render_markdown.c -- the report people read as GitHub-flavoured Markdown (issue 16):
 * for issue trackers and wikis. Lays out a view (report/view.h); every string is
 * escaped, so what a server sent is shown as text, never as markup or a link.
 */
#include "report/render.h"

#include <string.h>

#include "core/i18n.h"
#include "report/view.h"

/* Text as Markdown text: HTML-significant characters as entities (inline HTML
 * would otherwise render), the Markdown punctuation that makes emphasis, code, links
 * and tables backslash-escaped (with [ ] escaped no link or image can form), line
 * breaks and control characters as spaces (a table cell is one line). */
void md_text(FILE *out, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '#':
			fputc('\\', out);
			fputc(c, out);
			break;
		default:
			fputc(c < 0x20 || c == 0x7f ? ' ' : c, out);
		}
	}
}

/* A fenced code block whose fence is longer than any backtick run inside. */
static void md_code(FILE *out, const char *lang, const char *code)
{
	size_t run = 0, longest = 0;

	for (const char *p = code; *p != '\0'; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	size_t fence = longest >= 3 ? longest + 1 : 3;
	for (size_t i = 0; i < fence; i++)
		fputc('`', out);
	fprintf(out, "%s\n%s\n", lang, code);
	for (size_t i = 0; i < fence; i++)
		fputc('`', out);
	fputc('\n', out);
}

static const char *code_lang(const char *server)
{
	if (strcmp(server, "nginx") == 0)
		return "nginx";
	if (strcmp(server, "Apache") == 0)
		return "apache";
	return "";
}

static void md_table(FILE *out, const struct view_subtest *s)
{
	size_t ncols = view_table_width(s), i;
	json_t *row;

	fputc('|', out);
	for (size_t c = 0; c < ncols; c++) {
		fputc(' ', out);
		md_text(out, c < s->n_columns ? s->columns[c] : "");
		fputs(" |", out);
	}
	fputs("\n|", out);
	for (size_t c = 0; c < ncols; c++)
		fputs("---|", out);
	fputc('\n', out);
	json_array_foreach(s->rows, i, row) {
		fputc('|', out);
		for (size_t c = 0; c < ncols; c++) {
			fputc(' ', out);
			md_text(out, json_string_value(json_array_get(row, c)));
			fputs(" |", out);
		}
		fputc('\n', out);
	}
}

int render_markdown(const struct view *v, FILE *out)
{
	fputs("# ", out);
	md_text(out, v->domain);
	fputs(" \u2014 ", out);
	md_text(out, v->test_title);
	fputs("\n\n", out);
	if (v->what_if) {
		size_t i;
		json_t *w;
		json_array_foreach(v->what_if, i, w) {
			fputs(i ? "> - " : "> **", out);
			md_text(out, json_string_value(w));
			fputs(i ? "\n" : "**\n>\n", out);
		}
		fputs("\n", out);
	}
	if (v->error) {
		fprintf(out, "**%s:** ", _(N_("Error")));
		md_text(out, v->error_msg);
		fputs("\n", out);
		return ferror(out) ? -1 : 0;
	}
	fprintf(out, "**%s: %d%%**\n\n", view_label(VIEW_L_SCORE), v->percentage);
	fprintf(out, "| %s | %s | %s |\n|---|---|---|\n", view_label(VIEW_L_CATEGORY),
	        view_label(VIEW_L_RESULT), view_label(VIEW_L_SCORE));
	for (size_t i = 0; i < v->n_cats; i++) {
		const struct view_category *c = &v->cats[i];
		if (!c->implemented)
			continue;
		fputs("| ", out);
		md_text(out, c->title);
		fprintf(out, " | %s | ", c->status_word);
		if (c->counted)
			fprintf(out, "%d%% |\n", c->percentage);
		else
			fprintf(out, "%s |\n", view_label(VIEW_L_NOT_SCORED));
	}
	for (size_t i = 0; i < v->n_cats; i++) {
		const struct view_category *c = &v->cats[i];
		if (!c->implemented)
			continue;
		fputs("\n## ", out);
		md_text(out, c->title);
		fprintf(out, " \u2014 %s", c->status_word);
		if (c->counted)
			fprintf(out, ", %d%% (%d/%d %s)", c->percentage, c->points, c->max_points,
			        view_label(VIEW_L_POINTS));
		fputs("\n\n", out);
		if (c->headline[0]) {
			md_text(out, c->headline);
			fputs("\n\n", out);
		}
		if (c->explanation[0]) {
			fputs("_", out);
			md_text(out, c->explanation);
			fputs("_\n", out);
		}
		for (size_t k = 0; k < c->n_subs; k++) {
			const struct view_subtest *s = &c->subs[k];
			fprintf(out, "\n### %s: ", s->status_word);
			md_text(out, s->title);
			fputs("\n\n", out);
			md_text(out, s->sentence);
			fputs("\n", out);
			if (json_array_size(s->rows)) {
				fprintf(out, "\n**%s**\n\n", view_label(VIEW_L_DETAILS));
				md_table(out, s);
			}
			if (s->fix.text != NULL) {
				fprintf(out, "\n**%s:** ", view_label(VIEW_L_FIX));
				md_text(out, s->fix.text);
				fputs("\n", out);
				for (size_t n = 0; n < s->fix.n_snippets; n++) {
					fputs("\n", out);
					md_text(out, s->fix.snippets[n].server);
					fputs(":\n\n", out);
					md_code(out, code_lang(s->fix.snippets[n].server), s->fix.snippets[n].code);
					if (s->fix.snippets[n].note != NULL) {
						md_text(out, s->fix.snippets[n].note);
						fputs("\n", out);
					}
				}
			}
			if (s->explanation[0]) {
				fprintf(out, "\n**%s:** ", view_label(VIEW_L_EXPLANATION));
				md_text(out, s->explanation);
				fputs("\n", out);
			}
		}
	}
	if (json_array_size(v->warnings)) {
		size_t i;
		json_t *w;
		fprintf(out, "\n## %s\n\n", view_label(VIEW_L_WARNINGS));
		json_array_foreach(v->warnings, i, w) {
			fputs("- ", out);
			md_text(out, json_string_value(w));
			fputs("\n", out);
		}
	}
	fputs("\n---\n", out);
	md_text(out, view_label(VIEW_L_GENERATED));
	fputs("\n", out);
	return ferror(out) ? -1 : 0;
}

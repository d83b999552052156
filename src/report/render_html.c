/*
 * render_html.c -- the report people read as one self-contained HTML5 document
 * (issue 16): inline CSS, no script, no network. A summary with the score at the
 * top, one section per category, every subtest a <details> that opens on click and
 * is open when printed. Every string is escaped: what a server sent is text, never
 * markup (tests/e2e: the escaping scenario, an HTML5 parser and headless Chromium).
 */
#include "report/render.h"

#include <string.h>

#include "core/i18n.h"
#include "report/view.h"

void html_escape(FILE *out, const char *s)
{
	const char *run = s;     /* bytes that need no escaping go out in one write */

	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		const char *rep;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				rep = "\xef\xbf\xbd";
			else
				continue;
		}
		if (s > run)
			fwrite(run, 1, (size_t)(s - run), out);
		fputs(rep, out);
		run = s + 1;
	}
	if (s != NULL && s > run)
		fwrite(run, 1, (size_t)(s - run), out);
}

static void h(FILE *out, const char *s)
{
	html_escape(out, s);
}

static const char css[] =
	":root{--ok:#1a7f37;--bad:#b42318;--warn:#8a5a00;--info:#0550ae;--err:#6e3b17;"
	"--nt:#57606a;--fg:#1f2328;--muted:#59636e;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa}"
	"*{box-sizing:border-box}"
	"body{margin:0 auto;max-width:60rem;padding:1.5rem;font:16px/1.5 system-ui,-apple-system,"
	"'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;color:var(--fg);background:var(--bg)}"
	"header{border-bottom:2px solid var(--line);margin-bottom:1rem}"
	"h1{font-size:1.8rem;margin:.2rem 0;word-break:break-all}"
	".test{color:var(--muted);margin:0}"
	".score{font-size:1.3rem;margin:.4rem 0 1rem}"
	".score strong{font-size:2rem}"
	"table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.95rem}"
	"th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top;"
	"overflow-wrap:anywhere}"
	"th{background:var(--soft)}"
	"caption{text-align:left;font-weight:600;padding:.3rem 0}"
	".badge{display:inline-block;min-width:5.5rem;text-align:center;color:#fff;border-radius:.25rem;"
	"padding:0 .4rem;font-size:.85rem;font-weight:600;margin-right:.5rem}"
	".badge.passed{background:var(--ok)}"
	".badge.failed{background:var(--bad)}"
	".badge.warning{background:var(--warn)}"
	".whatif{border:2px solid var(--warn);padding:.3em .8em;margin:.5em 0}"
	".badge.info{background:var(--info)}"
	".badge.error{background:var(--err)}"
	".badge.not_tested{background:var(--nt)}"
	"section.category{margin:2rem 0}"
	"section.category>h2{font-size:1.35rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}"
	".headline{font-weight:600}"
	".expl{color:var(--muted)}"
	"details{border:1px solid var(--line);border-radius:.4rem;margin:.5rem 0;background:var(--bg)}"
	"summary{cursor:pointer;padding:.5rem .7rem;list-style-position:outside}"
	"summary h3{display:inline;font-size:1rem;margin:0}"
	"summary .sentence{display:block;color:var(--muted);margin-left:6.2rem;font-size:.95rem}"
	"details[open] summary{border-bottom:1px solid var(--line);background:var(--soft)}"
	".body{padding:.2rem 1rem .8rem}"
	".body h4{font-size:.95rem;margin:.8rem 0 .2rem}"
	"pre{background:var(--soft);border:1px solid var(--line);padding:.5rem;overflow-x:auto;"
	"white-space:pre-wrap;overflow-wrap:anywhere}"
	".server{margin:.4rem 0 0;font-weight:600}"
	"footer{border-top:1px solid var(--line);margin-top:2rem;color:var(--muted);font-size:.9rem}"
	"a{color:var(--info)}"
	"@media print{body{max-width:none;padding:0;font-size:11pt}"
	"details::details-content{content-visibility:visible;display:block}"
	"details{break-inside:avoid}summary{list-style:none}"
	"section.category{break-before:page}section.category:first-of-type{break-before:auto}"
	".badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:inherit}}";

static void table(FILE *out, const struct view_subtest *s)
{
	size_t ncols = view_table_width(s), i;
	json_t *row;

	fputs("<table>", out);
	if (s->n_columns) {
		fputs("<thead><tr>", out);
		for (size_t c = 0; c < ncols; c++) {
			fputs("<th scope=\"col\">", out);
			h(out, c < s->n_columns ? s->columns[c] : "");
			fputs("</th>", out);
		}
		fputs("</tr></thead>", out);
	}
	fputs("<tbody>", out);
	json_array_foreach(s->rows, i, row) {
		fputs("<tr>", out);
		for (size_t c = 0; c < ncols; c++) {
			fputs("<td>", out);
			h(out, json_string_value(json_array_get(row, c)));
			fputs("</td>", out);
		}
		fputs("</tr>", out);
	}
	fputs("</tbody></table>\n", out);
}

static void subtest(FILE *out, const struct view_category *c, const struct view_subtest *s)
{
	(void)c;
	fprintf(out, "<details class=\"subtest %s\" id=\"sub-%d\"><summary><span class=\"badge %s\">",
	        s->status_api, (int)s->id, s->status_api);
	h(out, s->status_word);
	fputs("</span><h3>", out);
	h(out, s->title);
	fputs("</h3><span class=\"sentence\">", out);
	h(out, s->sentence);
	fputs("</span></summary>\n<div class=\"body\">\n", out);
	if (json_array_size(s->rows)) {
		fputs("<h4>", out);
		h(out, view_label(VIEW_L_DETAILS));
		fputs("</h4>\n", out);
		table(out, s);
	}
	if (s->fix.text != NULL) {
		fputs("<h4>", out);
		h(out, view_label(VIEW_L_FIX));
		fputs("</h4>\n<p>", out);
		h(out, s->fix.text);
		fputs("</p>\n", out);
		for (size_t n = 0; n < s->fix.n_snippets; n++) {
			fputs("<p class=\"server\">", out);
			h(out, s->fix.snippets[n].server);
			fputs("</p><pre><code>", out);
			h(out, s->fix.snippets[n].code);
			fputs("</code></pre>\n", out);
			if (s->fix.snippets[n].note != NULL) {
				fputs("<p>", out);
				h(out, s->fix.snippets[n].note);
				fputs("</p>\n", out);
			}
		}
	}
	if (s->explanation[0]) {
		fputs("<h4>", out);
		h(out, view_label(VIEW_L_EXPLANATION));
		fputs("</h4>\n<p>", out);
		h(out, s->explanation);
		fputs("</p>\n", out);
	}
	fputs("</div></details>\n", out);
}

const char *render_html_css(void)
{
	return css;
}

int render_html(const struct view *v, FILE *out)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	        "style-src 'unsafe-inline'\">\n<title>", v->lang);
	h(out, v->domain);
	fputs(" \u2014 ", out);
	h(out, v->test_title);
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
	if (render_html_body(v, out) < 0)
		return -1;
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}

int render_html_body(const struct view *v, FILE *out)
{
	fputs("<header>\n<h1>", out);
	h(out, v->domain);
	fputs("</h1>\n<p class=\"test\">", out);
	h(out, v->test_title);
	fputs("</p>\n", out);
	if (v->what_if) {
		size_t i;
		json_t *w;
		fputs("<div class=\"whatif\">\n", out);
		json_array_foreach(v->what_if, i, w) {
			fputs(i == 1 ? "<ul>\n<li>" : i ? "<li>" : "<p><strong>", out);
			h(out, json_string_value(w));
			fputs(i ? "</li>\n" : "</strong></p>\n", out);
		}
		fputs(json_array_size(v->what_if) > 1 ? "</ul>\n</div>\n" : "</div>\n", out);
	}
	if (v->error) {
		fputs("<p class=\"error\"><span class=\"badge error\">", out);
		h(out, _(N_("Error")));
		fputs("</span>", out);
		h(out, v->error_msg);
		fputs("</p>\n</header>\n", out);
		return ferror(out) ? -1 : 0;
	}
	fputs("<p class=\"score\">", out);
	h(out, view_label(VIEW_L_SCORE));
	fprintf(out, " <strong>%d%%</strong></p>\n</header>\n<nav>\n<table class=\"summary\"><caption>",
	        v->percentage);
	h(out, view_label(VIEW_L_SUMMARY));
	fputs("</caption><thead><tr><th scope=\"col\">", out);
	h(out, view_label(VIEW_L_CATEGORY));
	fputs("</th><th scope=\"col\">", out);
	h(out, view_label(VIEW_L_RESULT));
	fputs("</th><th scope=\"col\">", out);
	h(out, view_label(VIEW_L_SCORE));
	fputs("</th></tr></thead><tbody>\n", out);
	for (size_t i = 0; i < v->n_cats; i++) {
		const struct view_category *c = &v->cats[i];
		if (!c->implemented)
			continue;
		fprintf(out, "<tr class=\"%s\"><td><a href=\"#cat-%d\">", c->status_api, (int)c->id);
		h(out, c->title);
		fprintf(out, "</a></td><td><span class=\"badge %s\">", c->status_api);
		h(out, c->status_word);
		fputs("</span></td><td>", out);
		if (c->counted)
			fprintf(out, "%d%% (%d/%d)", c->percentage, c->points, c->max_points);
		else
			h(out, view_label(VIEW_L_NOT_SCORED));
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n</nav>\n<main>\n", out);
	for (size_t i = 0; i < v->n_cats; i++) {
		const struct view_category *c = &v->cats[i];
		if (!c->implemented)
			continue;
		fprintf(out, "<section class=\"category %s\" id=\"cat-%d\">\n<h2><span class=\"badge %s\">",
		        c->status_api, (int)c->id, c->status_api);
		h(out, c->status_word);
		fputs("</span>", out);
		h(out, c->title);
		fputs("</h2>\n", out);
		if (c->headline[0]) {
			fputs("<p class=\"headline\">", out);
			h(out, c->headline);
			fputs("</p>\n", out);
		}
		if (c->counted)
			fprintf(out, "<p>%d%% (%d/%d %s)</p>\n", c->percentage, c->points, c->max_points,
			        view_label(VIEW_L_POINTS));
		if (c->explanation[0]) {
			fputs("<p class=\"expl\">", out);
			h(out, c->explanation);
			fputs("</p>\n", out);
		}
		for (size_t k = 0; k < c->n_subs; k++)
			subtest(out, c, &c->subs[k]);
		fputs("</section>\n", out);
	}
	fputs("</main>\n", out);
	if (json_array_size(v->warnings)) {
		size_t i;
		json_t *w;
		fputs("<aside>\n<h2>", out);
		h(out, view_label(VIEW_L_WARNINGS));
		fputs("</h2>\n<ul>\n", out);
		json_array_foreach(v->warnings, i, w) {
			fputs("<li>", out);
			h(out, json_string_value(w));
			fputs("</li>\n", out);
		}
		fputs("</ul>\n</aside>\n", out);
	}
	fputs("<footer><p>", out);
	h(out, view_label(VIEW_L_GENERATED));
	fputs("</p></footer>\n", out);
	return ferror(out) ? -1 : 0;
}

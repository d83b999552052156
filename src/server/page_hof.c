/*
 * page_hof.c -- the Hall of Fame (spec §7: the domains whose latest web, mail or
 * both tests scored 100 %, newest first, up to 1000 per list) and the SVG badge of
 * a domain's latest score (issue 18).
 */
#include "server/pages.h"

#include <stdlib.h>
#include <string.h>

#include "core/domain.h"
#include "report/render.h"
#include "store/store.h"

#define HOF_MAX 1000   /* spec §7: pages show up to 1000 entries */

struct hof_list {
	const char *test;    /* store_hof's "web", "mail", "champions" */
	FILE *f;             /* the table rows */
	char *buf;
	size_t len;
	int count;
};

static int hof_row(void *arg, const char *domain, int64_t since, int64_t result_id)
{
	struct hof_list *l = arg;

	l->count++;
	fputs("<tr><td>", l->f);
	if (strcmp(l->test, "champions") == 0) {
		html_escape(l->f, domain);
		fputs("</td><td class=\"date\">", l->f);
		page_date(l->f, since);
		fputs("</td><td><a href=\"/site/", l->f);
		html_escape(l->f, domain);
		fputs("/results\">", l->f);
		html_escape(l->f, _("website"));
		fputs("</a> \u00b7 <a href=\"/mail/", l->f);
		html_escape(l->f, domain);
		fputs("/results\">", l->f);
		html_escape(l->f, _("mail"));
		fputs("</a></td></tr>\n", l->f);
		return 0;
	}
	fputs("<a href=\"", l->f);
	page_permalink(l->f, l->test, domain, result_id);
	fputs("\">", l->f);
	html_escape(l->f, domain);
	fputs("</a></td><td class=\"date\">", l->f);
	page_date(l->f, since);
	fputs("</td></tr>\n", l->f);
	return 0;
}

int page_hof(struct srv_req *rq)
{
	struct hof_list lists[3] = { { .test = "champions" }, { .test = "web" }, { .test = "mail" } };
	const char *titles[3] = { _("Champions: website and mail"), _("Websites"), _("Mail") };
	const char *texts[3] = {
		_("Both the latest website test and the latest mail test of these domains scored 100%."),
		_("The latest website test of these domains scored 100%."),
		_("The latest mail test of these domains scored 100%."),
	};
	struct error err = {{0}};
	struct page p;
	int rc = 0;

	for (int i = 0; i < 3; i++) {
		lists[i].f = open_memstream(&lists[i].buf, &lists[i].len);
		if (lists[i].f == NULL)
			rc = -1;
		else if (store_hof(srv_store(rq), lists[i].test, HOF_MAX, hof_row, &lists[i], &err) < 0)
			rc = -1;
	}
	for (int i = 0; i < 3; i++)
		if (lists[i].f != NULL && fclose(lists[i].f) != 0)
			rc = -1;
	if (rc < 0 || page_begin(&p, rq, _("Hall of Fame"), 0) < 0) {
		if (err.msg[0])
			fprintf(stderr, "inetcheck serve: hall of fame: %s\n", err.msg);
		for (int i = 0; i < 3; i++)
			free(lists[i].buf);
		return page_error(rq, 500);
	}
	fputs("<div class=\"hof\">\n<h1>", p.f);
	html_escape(p.f, _("Hall of Fame"));
	fputs("</h1>\n<p class=\"intro\">", p.f);
	html_escape(p.f, _("Domains whose latest test scored 100%, newest first. Test your own domain "
	                   "and it appears here when everything is in order."));
	fputs("</p>\n<nav>", p.f);
	for (int i = 0; i < 3; i++) {
		fprintf(p.f, "<a href=\"#%s\">", lists[i].test);
		html_escape(p.f, titles[i]);
		fprintf(p.f, " (%d)</a>", lists[i].count);
	}
	fputs("</nav>\n", p.f);
	for (int i = 0; i < 3; i++) {
		bool champ = i == 0;
		fprintf(p.f, "<section id=\"%s\">\n<h2>", lists[i].test);
		html_escape(p.f, titles[i]);
		fputs("</h2>\n<p>", p.f);
		html_escape(p.f, texts[i]);
		fputs("</p>\n", p.f);
		if (lists[i].count == 0) {
			fputs("<p class=\"hint\">", p.f);
			html_escape(p.f, _("No domain yet."));
			fputs("</p>\n</section>\n", p.f);
			continue;
		}
		fputs("<table><thead><tr><th scope=\"col\">", p.f);
		html_escape(p.f, _("Domain"));
		fputs("</th><th scope=\"col\">", p.f);
		html_escape(p.f, _("100% since"));
		fputs("</th>", p.f);
		if (champ) {
			fputs("<th scope=\"col\">", p.f);
			html_escape(p.f, _("Results"));
			fputs("</th>", p.f);
		}
		fputs("</tr></thead><tbody>\n", p.f);
		fwrite(lists[i].buf, 1, lists[i].len, p.f);
		fputs("</tbody></table>\n</section>\n", p.f);
	}
	fputs("</div>\n", p.f);
	for (int i = 0; i < 3; i++)
		free(lists[i].buf);
	return page_end(&p, rq);
}

/* ---------------------------------------------------------------- badges */

/* Width in pixels of `s` in 11 px Verdana, roughly (digits and lowercase ~7 px). */
static int text_width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		w += *s == ' ' ? 4 : *s == '%' ? 10 : (*s == 'i' || *s == 'l' || *s == 't') ? 4 : 7;
	return w;
}

static const char *badge_colour(int pct)
{
	if (pct < 0)
		return "#57606a";
	if (pct >= 100)
		return "#1a7f37";
	if (pct >= 80)
		return "#5f7f00";
	if (pct >= 50)
		return "#a05a00";
	return "#b42318";
}

int page_badge(struct srv_req *rq, enum page_test t, const char *file)
{
	struct store_row row;
	struct error err = {{0}};
	char domain[256], value[16], label[32];
	size_t n = strlen(file);
	int pct = -1, rc, lw, vw;
	char *body = NULL;
	size_t len = 0;
	FILE *f;

	if (n <= 4 || n - 4 >= sizeof(domain) || strcmp(file + n - 4, ".svg") != 0)
		return page_error(rq, 404);
	memcpy(domain, file, n - 4);
	domain[n - 4] = '\0';
	if (!domain_is_valid(domain))
		return page_error(rq, 404);
	memset(&row, 0, sizeof(row));
	rc = store_result_latest(srv_store(rq), domain, page_test_store(t), 0, true, &row, &err);
	if (rc < 0) {
		fprintf(stderr, "inetcheck serve: badge %s: %s\n", domain, err.msg);
		return page_error(rq, 500);
	}
	if (rc > 0) {
		pct = row.percentage;
		store_row_free(&row);
	}
	if (pct >= 0)
		snprintf(value, sizeof(value), "%d%%", pct);
	else
		snprintf(value, sizeof(value), "unknown");
	snprintf(label, sizeof(label), "inetcheck %s", page_test_store(t));
	lw = text_width(label) + 12;
	vw = text_width(value) + 12;
	f = open_memstream(&body, &len);
	if (f == NULL)
		return page_error(rq, 500);
	/* only our own words and a number: nothing to escape */
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"20\" role=\"img\" "
	        "aria-label=\"%s: %s\"><title>%s: %s</title>"
	        "<rect width=\"%d\" height=\"20\" rx=\"3\" fill=\"#3b434b\"/>"
	        "<rect x=\"%d\" width=\"%d\" height=\"20\" rx=\"3\" fill=\"%s\"/>"
	        "<rect x=\"%d\" width=\"4\" height=\"20\" fill=\"%s\"/>"
	        "<g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\" "
	        "text-anchor=\"middle\"><text x=\"%d\" y=\"14\">%s</text>"
	        "<text x=\"%d\" y=\"14\">%s</text></g></svg>\n",
	        lw + vw, label, value, label, value, lw, lw, vw, badge_colour(pct), lw,
	        badge_colour(pct), lw / 2, label, lw + vw / 2, value);
	if (fclose(f) != 0) {
		free(body);
		return page_error(rq, 500);
	}
	srv_add_header(rq, "Cache-Control", "public, max-age=300");
	return srv_reply(rq, 200, "image/svg+xml", body, len);
}

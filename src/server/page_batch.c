/*
 * page_batch.c -- the pages of the batch API's users (issue 18): /batch/ lists
 * their requests, /batch/RID/ shows one -- its progress, a histogram of the scores
 * and the pass rate per category as inline SVG (drawn here, no script), the domains
 * in a table sortable by score -- and /batch/RID/results.json (JSON Lines of the
 * stored documents) and results.csv (the columns of `inetcheck batch --csv`).
 * HTTP Basic auth with the API's accounts; a request is only shown to its user.
 */
#include "server/pages.h"

#include <stdlib.h>
#include <string.h>

#include "report/catalog.h"
#include "report/render.h"
#include "report/texts.h"
#include "store/store.h"

#define BATCH_LIST_MAX 200

static const char *request_status_word(const char *s)
{
	if (strcmp(s, "registering") == 0)
		return _("registering");
	if (strcmp(s, "running") == 0)
		return _("running");
	if (strcmp(s, "done") == 0)
		return _("done");
	if (strcmp(s, "cancelled") == 0)
		return _("cancelled");
	return _("error");
}

static const char *job_state_word(const char *s)
{
	if (strcmp(s, "queued") == 0)
		return _("waiting");
	if (strcmp(s, "running") == 0)
		return _("testing");
	if (strcmp(s, "done") == 0)
		return _("done");
	if (strcmp(s, "cancelled") == 0)
		return _("cancelled");
	return _("error");
}

static const char *category_title(enum category_id id)
{
	const struct text_category *tc = texts_category(id);

	return _(tc != NULL && tc->title != NULL ? tc->title : catalog_category(id)->title);
}

/* ---------------------------------------------------------------- /batch/ */

struct list_ctx {
	FILE *f;
	int n;
};

static int list_row(void *arg, const struct store_request *r)
{
	struct list_ctx *c = arg;

	c->n++;
	fprintf(c->f, "<tr><td><a href=\"/batch/%s/\">", r->rid);
	html_escape(c->f, r->name[0] ? r->name : r->rid);
	fputs("</a></td><td>", c->f);
	html_escape(c->f, strcmp(r->test, "mail") == 0 ? _("Mail test") : _("Website test"));
	fputs("</td><td>", c->f);
	html_escape(c->f, request_status_word(r->status));
	fputs("</td><td class=\"date\">", c->f);
	page_date(c->f, r->created);
	fprintf(c->f, "</td><td class=\"num\">%d / %d</td></tr>\n", r->finished_jobs, r->total);
	return 0;
}

int page_batch_list(struct srv_req *rq)
{
	const char *user = srv_user(rq);
	struct error err = {{0}};
	struct list_ctx c = {0};
	struct page p;
	char *rows = NULL;
	size_t len = 0;

	if (user == NULL)
		return srv_reply_unauthorized(rq);
	c.f = open_memstream(&rows, &len);
	if (c.f == NULL)
		return page_error(rq, 500);
	if (store_request_list(srv_store(rq), user, BATCH_LIST_MAX, list_row, &c, &err) < 0) {
		fclose(c.f);
		free(rows);
		return page_store_failed(rq, &err);
	}
	if (fclose(c.f) != 0 || page_begin(&p, rq, _("Batch requests"), PAGE_NOINDEX) < 0) {
		free(rows);
		return page_error(rq, 500);
	}
	srv_add_header(rq, "Cache-Control", "private, no-store");
	fputs("<h1>", p.f);
	html_escape(p.f, _("Batch requests"));
	fputs("</h1>\n<p class=\"intro\">", p.f);
	html_escape(p.f, _("The requests you made through the batch API, newest first."));
	fputs("</p>\n", p.f);
	if (c.n == 0) {
		fputs("<p class=\"hint\">", p.f);
		html_escape(p.f, _("No requests yet."));
		fputs("</p>\n", p.f);
	} else {
		fputs("<table><thead><tr><th scope=\"col\">", p.f);
		html_escape(p.f, _("Name"));
		fputs("</th><th scope=\"col\">", p.f);
		html_escape(p.f, _("Test"));
		fputs("</th><th scope=\"col\">", p.f);
		html_escape(p.f, _("Status"));
		fputs("</th><th scope=\"col\">", p.f);
		html_escape(p.f, _("Submitted"));
		fputs("</th><th scope=\"col\">", p.f);
		html_escape(p.f, _("Domains done"));
		fputs("</th></tr></thead><tbody>\n", p.f);
		fwrite(rows, 1, len, p.f);
		fputs("</tbody></table>\n", p.f);
	}
	free(rows);
	return page_end(&p, rq);
}

/* ---------------------------------------------------------------- /batch/RID/ */

struct entry {
	char *domain;
	char state[16];
	int64_t result;             /* 0: none */
	bool ok;                    /* an 'ok' result */
	int pct;                    /* -1: none */
	int cat_pct[5];             /* -1: none or not scored */
	bool cat_passed[5];
	int cat_csv[5];             /* as `inetcheck batch --csv` writes it; -1: none */
	char *doc;                  /* the stored document (downloads) */
	size_t order;
};

struct jobs_ctx {
	struct entry *e;
	size_t n, cap;
	enum category_id cats[5];
	size_t n_cats;
	bool docs;                  /* keep the documents */
	bool oom;
};

static int job_row(void *arg, const char *domain, const char *state, const struct store_row *row)
{
	struct jobs_ctx *c = arg;
	struct entry *e;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct entry *ne = realloc(c->e, cap * sizeof(*ne));
		if (ne == NULL) {
			c->oom = true;
			return -1;
		}
		c->e = ne;
		c->cap = cap;
	}
	e = &c->e[c->n];
	memset(e, 0, sizeof(*e));
	e->order = c->n;
	e->domain = strdup(domain);
	if (e->domain == NULL) {
		c->oom = true;
		return -1;
	}
	c->n++;
	snprintf(e->state, sizeof(e->state), "%s", state);
	e->pct = -1;
	for (size_t i = 0; i < 5; i++)
		e->cat_pct[i] = e->cat_csv[i] = -1;
	if (row == NULL)
		return 0;
	e->result = row->id;
	e->ok = strcmp(row->status, "ok") == 0;
	e->pct = e->ok ? row->percentage : -1;
	if (row->doc == NULL)
		return 0;
	if (c->docs) {
		e->doc = strdup(row->doc);
		if (e->doc == NULL) {
			c->oom = true;
			return -1;
		}
	}
	if (e->ok) {
		json_t *doc = json_loads(row->doc, 0, NULL);
		json_t *scores = json_object_get(json_object_get(doc, "scoring"), "categories");
		json_t *states = json_object_get(json_object_get(doc, "results"), "categories");
		for (size_t i = 0; i < c->n_cats; i++) {
			const char *name = catalog_category(c->cats[i])->api_name;
			json_t *sc = json_object_get(scores, name);
			json_t *pct = json_object_get(sc, "percentage");
			const char *st = json_string_value(json_object_get(json_object_get(states, name), "status"));
			/* a category without points (security options) has no percentage to show */
			e->cat_pct[i] = json_is_integer(pct) && json_integer_value(json_object_get(sc, "max_points")) > 0
			                ? (int)json_integer_value(pct) : -1;
			e->cat_csv[i] = json_is_integer(pct) ? (int)json_integer_value(pct) : -1;
			e->cat_passed[i] = st != NULL && strcmp(st, "passed") == 0;
		}
		json_decref(doc);
	}
	return 0;
}

static void jobs_free(struct jobs_ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->e[i].domain);
		free(c->e[i].doc);
	}
	free(c->e);
}

static int by_score(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->pct != y->pct)
		return y->pct - x->pct;   /* highest first; none (-1) last */
	return strcmp(x->domain, y->domain);
}

static int by_domain(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return strcmp(x->domain, y->domain);
}

/* A histogram of the scores in 10 buckets (0-9, ..., 90-100) as inline SVG. */
static void histogram(FILE *f, const struct jobs_ctx *c)
{
	int bucket[10] = {0}, max = 0;
	const int h = 110, top = 18, bw = 28, left = 8;

	for (size_t i = 0; i < c->n; i++) {
		if (c->e[i].pct < 0)
			continue;
		int b = c->e[i].pct >= 100 ? 9 : c->e[i].pct / 10;
		if (++bucket[b] > max)
			max = bucket[b];
	}
	fputs("<figure><figcaption>", f);
	html_escape(f, _("Scores"));
	fprintf(f, "</figcaption>\n<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", left * 2 + bw * 11,
	        top + h + 20);
	html_escape(f, _("Number of domains per score range"));
	fputs("\">\n", f);
	fprintf(f, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", left, top + h,
	        left + bw * 11, top + h);
	for (int b = 0; b < 10; b++) {
		int bh = max ? bucket[b] * h / max : 0;
		int x = left + b * bw + (b == 9 ? 0 : 0);
		fprintf(f, "<g><title>%d\u2013%d%%: %d</title>", b * 10, b == 9 ? 100 : b * 10 + 9, bucket[b]);
		fprintf(f, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>", x + 2,
		        top + h - bh, bw - 4, bh);
		if (bucket[b])
			fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>", x + bw / 2,
			        top + h - bh - 4, bucket[b]);
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text></g>\n", x + bw / 2,
		        top + h + 14, b * 10);
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">100</text>\n", left + bw * 10 + bw / 2,
	        top + h + 14);
	fputs("</svg></figure>\n", f);
}

/* The share of the tested domains that passed each category, as inline SVG bars. */
static void pass_rates(FILE *f, const struct jobs_ctx *c)
{
	const int row = 24, lw = 215, bw = 130, w = lw + bw + 45;
	int tested = 0;

	for (size_t i = 0; i < c->n; i++)
		tested += c->e[i].ok;
	fputs("<figure><figcaption>", f);
	html_escape(f, _("Passed per category"));
	fprintf(f, "</figcaption>\n<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", w,
	        (int)c->n_cats * row + 6);
	html_escape(f, _("Share of the tested domains that passed each category"));
	fputs("\">\n", f);
	for (size_t k = 0; k < c->n_cats; k++) {
		int passed = 0, pct;
		for (size_t i = 0; i < c->n; i++)
			passed += c->e[i].ok && c->e[i].cat_passed[k];
		pct = tested ? passed * 100 / tested : 0;
		int y = (int)k * row + 4;
		fputs("<g><title>", f);
		html_escape(f, category_title(c->cats[k]));
		fprintf(f, ": %d/%d</title><text x=\"0\" y=\"%d\">", passed, tested, y + 14);
		html_escape(f, category_title(c->cats[k]));
		fprintf(f, "</text><rect class=\"axis\" fill=\"none\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\"/>"
		        "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\"/>"
		        "<text x=\"%d\" y=\"%d\">%d%%</text></g>\n", lw, y + 2, bw, lw, y + 2, bw * pct / 100,
		        lw + bw + 6, y + 14, pct);
	}
	fputs("</svg></figure>\n", f);
}

static void downloads(FILE *f, const char *rid)
{
	fprintf(f, "<p class=\"downloads\"><a class=\"button\" href=\"/batch/%s/results.json\" download>",
	        rid);
	html_escape(f, _("Results as JSON Lines"));
	fprintf(f, "</a><a class=\"button\" href=\"/batch/%s/results.csv\" download>", rid);
	html_escape(f, _("Results as CSV"));
	fputs("</a></p>\n", f);
}

static void sort_link(FILE *f, const char *rid, const char *key, const char *current,
                      const char *label)
{
	fprintf(f, "<a href=\"/batch/%s/?sort=%s\"%s>", rid, key,
	        strcmp(key, current) == 0 ? " aria-current=\"true\"" : "");
	html_escape(f, label);
	fputs("</a>", f);
}

static void domain_table(FILE *f, const struct store_request *req, const struct jobs_ctx *c,
                         const char *sort)
{
	fputs("<div class=\"tablewrap\"><table id=\"domains\" class=\"scores\"><thead><tr><th scope=\"col\">", f);
	sort_link(f, req->rid, "domain", sort, _("Domain"));
	fputs("</th><th scope=\"col\">", f);
	html_escape(f, _("Status"));
	fputs("</th><th scope=\"col\" class=\"num\">", f);
	sort_link(f, req->rid, "score", sort, _("Score"));
	fputs("</th>", f);
	for (size_t k = 0; k < c->n_cats; k++) {
		fputs("<th scope=\"col\" class=\"num\">", f);
		html_escape(f, category_title(c->cats[k]));
		fputs("</th>", f);
	}
	fputs("</tr></thead><tbody>\n", f);
	for (size_t i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];
		fputs("<tr><td>", f);
		if (e->result > 0) {
			fputs("<a href=\"", f);
			page_permalink(f, req->test, e->domain, e->result);
			fputs("\">", f);
			html_escape(f, e->domain);
			fputs("</a>", f);
		} else {
			html_escape(f, e->domain);
		}
		fputs("</td><td>", f);
		html_escape(f, e->result > 0 && !e->ok ? _("could not test") : job_state_word(e->state));
		fputs("</td><td class=\"num pct\">", f);
		if (e->pct >= 0)
			fprintf(f, "%d%%", e->pct);
		fputs("</td>", f);
		for (size_t k = 0; k < c->n_cats; k++) {
			fputs("<td class=\"num\">", f);
			if (e->cat_pct[k] >= 0)
				fprintf(f, "%d%%", e->cat_pct[k]);
			else if (e->ok)
				fputs("\u2013", f);   /* not scored */
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
}

/* The CSV of `inetcheck batch --csv` (cli/cmd_batch.c): domain,test,status,score,
 * then each category's percentage. */
static int results_csv(struct srv_req *rq, const struct store_request *req, const struct jobs_ctx *c)
{
	char *body = NULL, disp[128];
	size_t len = 0;
	FILE *f = open_memstream(&body, &len);

	if (f == NULL)
		return page_error(rq, 500);
	fputs("domain,test,status,score", f);
	for (size_t k = 0; k < c->n_cats; k++)
		fprintf(f, ",%s", catalog_category(c->cats[k])->api_name);
	fputc('\n', f);
	for (size_t i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];
		if (e->result <= 0)
			continue;
		/* domains are A-labels (letters, digits, dots, hyphens): no quoting needed */
		fprintf(f, "%s,%s,%s,", e->domain, req->test, e->ok ? "ok" : "error");
		if (e->pct >= 0)
			fprintf(f, "%d", e->pct);
		for (size_t k = 0; k < c->n_cats; k++) {
			if (e->cat_csv[k] >= 0)
				fprintf(f, ",%d", e->cat_csv[k]);
			else
				fputc(',', f);
		}
		fputc('\n', f);
	}
	if (fclose(f) != 0) {
		free(body);
		return page_error(rq, 500);
	}
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s.csv\"", req->rid);
	srv_add_header(rq, "Content-Disposition", disp);
	srv_add_header(rq, "Cache-Control", "private, no-store");
	return srv_reply(rq, 200, "text/csv; charset=utf-8", body, len);
}

/* JSON Lines: the stored document of every tested domain, in job order. */
static int results_jsonl(struct srv_req *rq, const struct store_request *req, const struct jobs_ctx *c)
{
	char *body = NULL, disp[128];
	size_t len = 0;
	FILE *f = open_memstream(&body, &len);

	if (f == NULL)
		return page_error(rq, 500);
	for (size_t i = 0; i < c->n; i++)
		if (c->e[i].doc != NULL)
			fprintf(f, "%s\n", c->e[i].doc);
	if (fclose(f) != 0) {
		free(body);
		return page_error(rq, 500);
	}
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s.jsonl\"", req->rid);
	srv_add_header(rq, "Content-Disposition", disp);
	srv_add_header(rq, "Cache-Control", "private, no-store");
	return srv_reply(rq, 200, "application/jsonl; charset=utf-8", body, len);
}

int page_batch(struct srv_req *rq, const char *rid, const char *file)
{
	const char *user = srv_user(rq);
	struct store *st = srv_store(rq);
	struct store_request req;
	struct error err = {{0}};
	struct jobs_ctx c = {0};
	struct page p;
	const char *sort = srv_query(rq, "sort");
	int rc;

	if (user == NULL)
		return srv_reply_unauthorized(rq);
	if (!store_rid_valid(rid))
		return page_error(rq, 404);
	if (file != NULL && strcmp(file, "results.json") != 0 && strcmp(file, "results.csv") != 0)
		return page_error(rq, 404);
	rc = store_request_find(st, rid, user, &req, &err);
	if (rc < 0)
		return page_store_failed(rq, &err);
	if (rc == 0)
		return page_error(rq, 404);
	c.n_cats = catalog_categories_of(strcmp(req.test, "mail") == 0 ? TEST_MAIL : TEST_WEB, c.cats);
	c.docs = file != NULL && strcmp(file, "results.json") == 0;
	if (store_request_jobs(st, req.id, true, job_row, &c, &err) < 0) {
		jobs_free(&c);
		if (c.oom)
			return page_error(rq, 500);
		return page_store_failed(rq, &err);
	}
	if (file != NULL) {
		rc = c.docs ? results_jsonl(rq, &req, &c) : results_csv(rq, &req, &c);
		jobs_free(&c);
		return rc;
	}
	if (sort == NULL || (strcmp(sort, "score") != 0 && strcmp(sort, "domain") != 0))
		sort = "";
	if (strcmp(sort, "score") == 0)
		qsort(c.e, c.n, sizeof(*c.e), by_score);
	else if (strcmp(sort, "domain") == 0)
		qsort(c.e, c.n, sizeof(*c.e), by_domain);

	if (page_begin(&p, rq, req.name[0] ? req.name : req.rid, PAGE_NOINDEX) < 0) {
		jobs_free(&c);
		return page_error(rq, 500);
	}
	srv_add_header(rq, "Cache-Control", "private, no-store");
	fputs("<h1>", p.f);
	html_escape(p.f, req.name[0] ? req.name : req.rid);
	fputs("</h1>\n<p class=\"test\">", p.f);
	html_escape(p.f, strcmp(req.test, "mail") == 0 ? _("Mail test") : _("Website test"));
	fputs(" \u00b7 ", p.f);
	html_escape(p.f, _("submitted"));
	fputc(' ', p.f);
	page_date(p.f, req.created);
	if (req.finished > 0) {
		fputs(" \u00b7 ", p.f);
		html_escape(p.f, _("finished"));
		fputc(' ', p.f);
		page_date(p.f, req.finished);
	}
	fprintf(p.f, " \u00b7 <span class=\"reqstatus\" data-status=\"%s\">",
	        strcmp(req.status, "done") == 0 ? "done" : strcmp(req.status, "cancelled") == 0 ? "cancelled" : "running");
	html_escape(p.f, request_status_word(req.status));
	fprintf(p.f, "</span></p>\n<p><progress max=\"%d\" value=\"%d\"></progress><br>",
	        req.total > 0 ? req.total : 1, req.finished_jobs);
	fprintf(p.f, "<span id=\"progress\">%d / %d</span> ", req.finished_jobs, req.total);
	html_escape(p.f, _("domains done"));
	fputs("</p>\n<div class=\"charts\">\n", p.f);
	histogram(p.f, &c);
	pass_rates(p.f, &c);
	fputs("</div>\n", p.f);
	downloads(p.f, req.rid);
	domain_table(p.f, &req, &c, sort);
	fputs("<p><a href=\"/batch/\">", p.f);
	html_escape(p.f, _("All your requests"));
	fputs("</a></p>\n", p.f);
	jobs_free(&c);
	return page_end(&p, rq);
}

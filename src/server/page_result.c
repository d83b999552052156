/*
 * page_result.c -- the pages of one test (issue 18): the progress page of a web UI
 * request and its JSON, the result page at its permalink /site|mail/DOMAIN/ID/, and
 * /site|mail/DOMAIN/results (the latest, spec §5.6).
 *
 * A stored result never changes, so the report part of its page is rendered once
 * per language and kept in a small table (the most asked-for pages are the same few
 * results); only the chrome and the "test again" form (the client's CSRF token) are
 * written per request.
 */
#include "server/pages.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/domain.h"
#include "report/render.h"
#include "report/view.h"
#include "store/store.h"

/* ---------------------------------------------------------------- helpers */

static bool parse_id(const char *s, int64_t *id)
{
	int64_t v = 0;

	if (s == NULL || s[0] == '\0' || strlen(s) > 18)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
	}
	*id = v;
	return v > 0;
}

static int redirect_permalink(struct srv_req *rq, unsigned status, enum page_test t,
                              const char *domain, int64_t id)
{
	char loc[320];

	snprintf(loc, sizeof(loc), "/%s/%s/%lld/", page_test_url(t), domain, (long long)id);
	return srv_reply_redirect(rq, status, loc);
}

/* ---------------------------------------------------------------- progress */

struct probe_label {
	const char *probe;   /* as in jobs.progress (engine/queue.c) */
	const char *label;
};

static const struct probe_label web_probes[] = {
	{ "ipv6", N_("IPv6") },
	{ "dnssec", N_("DNSSEC") },
	{ "https", N_("Secure connection (HTTPS) and security options") },
	{ "rpki", N_("Route origins (RPKI)") },
};
static const struct probe_label mail_probes[] = {
	{ "ipv6", N_("IPv6") },
	{ "dnssec", N_("DNSSEC") },
	{ "auth", N_("DMARC, DKIM and SPF") },
	{ "starttls", N_("Secure mail transport (STARTTLS and DANE)") },
	{ "rpki", N_("Route origins (RPKI)") },
};

/* "ipv6,dnssec" has `probe`. */
static bool has_probe(const char *list, const char *probe)
{
	size_t n = strlen(probe);

	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, probe, n) == 0)
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

static const char *state_word(const char *state)
{
	if (strcmp(state, "queued") == 0)
		return _("Waiting for a free tester\u2026");
	if (strcmp(state, "running") == 0)
		return _("Testing\u2026");
	if (strcmp(state, "cancelled") == 0)
		return _("The test was cancelled.");
	if (strcmp(state, "error") == 0)
		return _("The test could not be completed.");
	return _("Done, opening the result\u2026");
}

struct first_job {
	char domain[256];
	bool found;
};

static int first_job_cb(void *arg, const char *domain, const char *state, const struct store_row *row)
{
	struct first_job *fj = arg;

	(void)state;
	(void)row;
	snprintf(fj->domain, sizeof(fj->domain), "%s", domain);
	fj->found = true;
	return 1;   /* one is enough */
}

static int progress_json(struct srv_req *rq, enum page_test t, const char *domain,
                         const char *state, const char *progress, int64_t result)
{
	json_t *doc = json_object(), *probes = json_array();
	char loc[320];

	for (const char *p = progress; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > 0)
			json_array_append_new(probes, json_stringn(p, len));
		p = end ? end + 1 : NULL;
	}
	json_object_set_new(doc, "state", json_string(state));
	json_object_set_new(doc, "probes", probes);
	if (result > 0) {
		snprintf(loc, sizeof(loc), "/%s/%s/%lld/", page_test_url(t), domain, (long long)result);
		json_object_set_new(doc, "result", json_string(loc));
	} else {
		json_object_set_new(doc, "result", json_null());
	}
	srv_add_header(rq, "Cache-Control", "no-store");
	return srv_reply_json(rq, 200, doc);
}

int page_progress(struct srv_req *rq, enum page_test t, const char *domain, const char *rid,
                  bool json)
{
	struct store *st = srv_store(rq);
	struct store_request req;
	struct first_job fj = {0};
	struct error err = {{0}};
	struct page p;
	char state[16] = "";
	char *progress = NULL;
	int64_t result = 0;
	const struct probe_label *labels = t == PAGE_MAIL ? mail_probes : web_probes;
	size_t n_labels = t == PAGE_MAIL ? sizeof(mail_probes) / sizeof(*mail_probes)
	                                 : sizeof(web_probes) / sizeof(*web_probes);
	int rc;

	if (!domain_is_valid(domain) || !store_rid_valid(rid))
		return page_error(rq, 404);
	rc = store_request_find(st, rid, NULL, &req, &err);
	if (rc < 0)
		return page_store_failed(rq, &err);
	/* only the web UI's own requests: a batch request's id is its user's */
	if (rc == 0 || req.origin != STORE_SITE || strcmp(req.test, page_test_store(t)) != 0)
		return page_error(rq, 404);
	if (store_request_jobs(st, req.id, false, first_job_cb, &fj, &err) < 0 && !fj.found)
		return page_store_failed(rq, &err);
	if (!fj.found || strcasecmp(fj.domain, domain) != 0)
		return page_error(rq, 404);
	rc = store_job_get(st, req.id, state, &progress, &result, &err);
	if (rc < 0)
		return page_store_failed(rq, &err);
	if (rc == 0) {
		free(progress);
		return page_error(rq, 404);
	}
	if (strcmp(state, "done") != 0 && strcmp(state, "error") != 0)
		result = 0;
	if (json) {
		rc = progress_json(rq, t, fj.domain, state, progress, result);
		free(progress);
		return rc;
	}
	if (result > 0) {
		free(progress);
		return redirect_permalink(rq, 303, t, fj.domain, result);
	}
	if (page_begin(&p, rq, fj.domain, PAGE_PROGRESS | PAGE_NOINDEX) < 0) {
		free(progress);
		return page_error(rq, 500);
	}
	srv_add_header(rq, "Cache-Control", "no-store");
	fputs("<h1>", p.f);
	html_escape(p.f, fj.domain);
	fputs("</h1>\n<p class=\"test\">", p.f);
	html_escape(p.f, t == PAGE_MAIL ? _("Mail test") : _("Website test"));
	fputs("</p>\n<p id=\"state\" class=\"headline\" aria-live=\"polite\">", p.f);
	html_escape(p.f, state_word(state));
	fprintf(p.f, "</p>\n<ul class=\"probes\" id=\"probes\" data-json=\"/%s/%s/progress/%s/json\"",
	        page_test_url(t), fj.domain, rid);
	static const char *const states[] = { "queued", "running", "done", "error", "cancelled" };
	for (size_t i = 0; i < sizeof(states) / sizeof(*states); i++) {
		fprintf(p.f, " data-state-%s=\"", states[i]);
		html_escape(p.f, state_word(states[i]));
		fputs("\"", p.f);
	}
	fputs(" data-done=\"", p.f);
	html_escape(p.f, _("done"));
	fputs("\" data-pending=\"", p.f);
	html_escape(p.f, strcmp(state, "queued") == 0 ? _("waiting") : _("testing"));
	fputs("\">\n", p.f);
	for (size_t i = 0; i < n_labels; i++) {
		bool done = has_probe(progress, labels[i].probe);
		fprintf(p.f, "<li data-probe=\"%s\" class=\"%s\"><span class=\"state\">", labels[i].probe,
		        done ? "done" : "pending");
		html_escape(p.f, done ? _("done") : strcmp(state, "queued") == 0 ? _("waiting") : _("testing"));
		fputs("</span>", p.f);
		html_escape(p.f, _(labels[i].label));
		fputs("</li>\n", p.f);
	}
	fputs("</ul>\n<noscript><p class=\"hint\">", p.f);
	html_escape(p.f, _("This page refreshes itself every few seconds until the result is there."));
	fputs("</p></noscript>\n", p.f);
	if (strcmp(state, "cancelled") == 0) {
		fputs("<p><a class=\"button\" href=\"/\">", p.f);
		html_escape(p.f, _("Start a test"));
		fputs("</a></p>\n", p.f);
	}
	free(progress);
	return page_end(&p, rq);
}

/* ---------------------------------------------------------------- result pages */

/* The report part of a result page, rendered once per (result, language) and shared:
 * a request holds a reference while it copies the bytes into its reply. */
struct rendered {
	int refs;                   /* the table's one, and one per request using it */
	int64_t id;
	enum i18n_lang lang;
	char domain[256];
	char test[8];
	int64_t created;
	char *html;
	size_t len;
};

#define RENDERED_SLOTS 128
static struct rendered *rendered[RENDERED_SLOTS];
static pthread_mutex_t rendered_mu = PTHREAD_MUTEX_INITIALIZER;

static size_t slot_of(int64_t id, enum i18n_lang lang)
{
	return (size_t)(((uint64_t)id * 2 + (unsigned)lang) % RENDERED_SLOTS);
}

/* Drop a reference (under rendered_mu). */
static void rendered_unref_locked(struct rendered *r)
{
	if (r != NULL && --r->refs == 0) {
		free(r->html);
		free(r);
	}
}

static void rendered_release(struct rendered *r)
{
	pthread_mutex_lock(&rendered_mu);
	rendered_unref_locked(r);
	pthread_mutex_unlock(&rendered_mu);
}

static void rendered_release_cb(void *arg)
{
	rendered_release(arg);
}

/* The error of a result whose test could not run, from its --json document. */
static void error_notice(FILE *f, const struct store_row *row)
{
	json_t *doc = row->doc ? json_loads(row->doc, 0, NULL) : NULL;
	const char *msg = json_string_value(json_object_get(doc, "error"));

	fputs("<header><h1>", f);
	html_escape(f, row->domain);
	fputs("</h1><p class=\"test\">", f);
	html_escape(f, strcmp(row->test, "mail") == 0 ? _("Mail test") : _("Website test"));
	fputs("</p></header>\n<div class=\"notice\"><p class=\"headline\">", f);
	html_escape(f, _("This test could not be run."));
	fputs("</p>\n<p>", f);
	html_escape(f, _("Reason:"));
	fputs(" <strong class=\"reason\">", f);
	html_escape(f, msg && msg[0] ? msg : _("unknown"));
	fputs("</strong></p>\n<p>", f);
	html_escape(f, _("A domain is only tested when it exists and its servers have public Internet "
	                 "addresses: this tester never connects to private or local networks. Check "
	                 "the name and test again."));
	fputs("</p></div>\n", f);
	json_decref(doc);
}

/* The report of a stored result into f (language of the thread): 0, or -1 when
 * its view cannot be built. */
static int report_html(FILE *f, const struct store_row *row)
{
	json_t *facts;
	struct view v;
	int rc;

	if (strcmp(row->status, "ok") != 0) {
		error_notice(f, row);
		return 0;
	}
	facts = row->view ? json_loads(row->view, 0, NULL) : NULL;
	if (facts == NULL) {
		/* a result kept without its view (not made by serve): the score only */
		fputs("<header><h1>", f);
		html_escape(f, row->domain);
		fprintf(f, "</h1><p class=\"score\"><strong>%d%%</strong></p></header>\n", row->percentage);
		return 0;
	}
	memset(&v, 0, sizeof(v));
	rc = view_build_facts(facts, &v);
	if (rc == 0)
		rc = render_html_body(&v, f);
	view_free(&v);
	json_decref(facts);
	return rc;
}

/* The rendered report of result `id` in the thread's language, from the table or
 * made from the store, with a reference for the caller (rendered_release): 1 found,
 * 0 no such result, -1 (err). */
static int rendered_get(struct store *st, int64_t id, struct rendered **out, struct error *err)
{
	enum i18n_lang lang = i18n_current();
	size_t slot = slot_of(id, lang);
	struct store_row row;
	struct rendered *r;
	FILE *f;
	int rc;

	pthread_mutex_lock(&rendered_mu);
	r = rendered[slot];
	if (r != NULL && r->id == id && r->lang == lang) {
		r->refs++;
		pthread_mutex_unlock(&rendered_mu);
		*out = r;
		return 1;
	}
	pthread_mutex_unlock(&rendered_mu);

	if (st == NULL)
		return error_set(err, "no store");
	memset(&row, 0, sizeof(row));
	rc = store_result_get(st, id, &row, err);
	if (rc <= 0)
		return rc;
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		store_row_free(&row);
		return error_set(err, "out of memory");
	}
	r->refs = 1;
	r->id = id;
	r->lang = lang;
	snprintf(r->domain, sizeof(r->domain), "%s", row.domain);
	snprintf(r->test, sizeof(r->test), "%s", row.test);
	r->created = row.created;
	f = open_memstream(&r->html, &r->len);
	if (f == NULL) {
		store_row_free(&row);
		free(r);
		return error_set(err, "out of memory");
	}
	rc = report_html(f, &row);
	store_row_free(&row);
	if (fclose(f) != 0 || rc < 0) {
		free(r->html);
		free(r);
		return error_set(err, "result %lld: its report could not be made", (long long)id);
	}
	/* the table keeps it too (another request may have put one there meanwhile) */
	pthread_mutex_lock(&rendered_mu);
	rendered_unref_locked(rendered[slot]);
	rendered[slot] = r;
	r->refs++;
	pthread_mutex_unlock(&rendered_mu);
	*out = r;
	return 1;
}

int page_result(struct srv_req *rq, enum page_test t, const char *domain, const char *id_text)
{
	struct rendered *r = NULL;
	struct error err = {{0}};
	struct page p;
	char title[320];
	int64_t id;
	int rc;

	if (!domain_is_valid(domain) || !parse_id(id_text, &id))
		return page_error(rq, 404);
	rc = rendered_get(srv_store(rq), id, &r, &err);
	if (rc < 0)
		return page_store_failed(rq, &err);
	if (rc == 0 || r == NULL)
		return page_error(rq, 404);
	if (strcasecmp(r->domain, domain) != 0 || strcmp(r->test, page_test_store(t)) != 0) {
		rendered_release(r);
		return page_error(rq, 404);
	}
	snprintf(title, sizeof(title), "%s \u2014 %s", r->domain,
	         t == PAGE_MAIL ? _("Mail test") : _("Website test"));
	if (page_begin(&p, rq, title, PAGE_NOINDEX) < 0) {
		rendered_release(r);
		return page_error(rq, 500);
	}
	fputs("<div class=\"resultbar\"><p>", p.f);
	html_escape(p.f, _("Tested on"));
	fputc(' ', p.f);
	page_date(p.f, r->created);
	fputs(" \u00b7 <a class=\"permalink\" href=\"", p.f);
	page_permalink(p.f, r->test, r->domain, r->id);
	fputs("\">", p.f);
	html_escape(p.f, _("Permanent link"));
	fprintf(p.f, "</a></p>\n<form method=\"post\" action=\"/test/%s\" id=\"again-form\">"
	        "<input type=\"hidden\" name=\"csrf\" value=\"", page_test_url(t));
	html_escape(p.f, srv_csrf_token(rq));
	fputs("\"><input type=\"hidden\" name=\"domain\" value=\"", p.f);
	html_escape(p.f, r->domain);
	fputs("\"><input type=\"hidden\" name=\"again\" value=\"1\"><button type=\"submit\">", p.f);
	html_escape(p.f, _("Test again"));
	fputs("</button></form></div>\n", p.f);
	return page_end_shared(&p, rq, r->html, r->len, rendered_release_cb, r);
}

int page_results_latest(struct srv_req *rq, enum page_test t, const char *domain)
{
	struct store_row row;
	struct error err = {{0}};
	int64_t id;
	int rc;

	if (!domain_is_valid(domain))
		return page_error(rq, 404);
	memset(&row, 0, sizeof(row));
	rc = store_result_latest(srv_store(rq), domain, page_test_store(t), 0, false, &row, &err);
	if (rc < 0)
		return page_store_failed(rq, &err);
	if (rc == 0)
		return page_error(rq, 404);
	id = row.id;
	char name[256];
	snprintf(name, sizeof(name), "%s", row.domain);
	store_row_free(&row);
	return redirect_permalink(rq, 302, t, name, id);
}

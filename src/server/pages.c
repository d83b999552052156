/*
 * pages.c -- the web UI of `inetcheck serve` (issue 18): the routes of every page,
 * the chrome around them (head, top bar with the language switch, footer), the home
 * page with the two test forms, the POSTs that start a test, the error pages and the
 * static files built into the binary (server/assets/, gen-assets.py).
 *
 * Pages are HTML5 without inline script or style (our CSP: default-src 'self');
 * every string that is not a literal of ours is escaped with html_escape.
 */
#include "server/pages.h"
#include "server/conn.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/domain.h"
#include "report/render.h"
#include "store/store.h"

const char *page_test_url(enum page_test t)
{
	return t == PAGE_MAIL ? "mail" : "site";
}

const char *page_test_store(enum page_test t)
{
	return t == PAGE_MAIL ? "mail" : "web";
}

const char *page_url_of_store(const char *test)
{
	if (strcmp(test, "web") == 0)
		return "site";
	if (strcmp(test, "mail") == 0)
		return "mail";
	return NULL;
}

int64_t page_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void page_text(FILE *f, const char *s)
{
	html_escape(f, s);
}

void page_date(FILE *f, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char buf[64];

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M UTC", &tm);
	fprintf(f, "<time datetime=\"%lldZ\">%s</time>", (long long)t, buf);
}

void page_permalink(FILE *f, const char *test_store, const char *domain, int64_t id)
{
	const char *u = page_url_of_store(test_store);

	fprintf(f, "/%s/", u ? u : "site");
	html_escape(f, domain);
	fprintf(f, "/%lld/", (long long)id);
}

/* ---------------------------------------------------------------- static files */

/* The report's style sheet (render_html_css) as a file of its own, with an ETag of
 * its bytes computed once. */
static const char *report_css;
static size_t report_css_len;
static char report_css_etag[24];
static pthread_once_t report_css_once = PTHREAD_ONCE_INIT;

static void report_css_init(void)
{
	uint64_t h = 14695981039346656037ull;   /* FNV-1a */

	report_css = render_html_css();
	report_css_len = strlen(report_css);
	for (size_t i = 0; i < report_css_len; i++)
		h = (h ^ (unsigned char)report_css[i]) * 1099511628211ull;
	snprintf(report_css_etag, sizeof(report_css_etag), "\"%016llx\"", (unsigned long long)h);
}

static const struct asset *asset_find(const char *path)
{
	for (size_t i = 0; i < server_assets_count; i++)
		if (strcmp(server_assets[i].path, path) == 0)
			return &server_assets[i];
	return NULL;
}

/* The version tag of an asset for its URL (?v=), so pages can ask browsers to keep
 * it for a long time. */
static const char *asset_version(const char *path)
{
	const struct asset *a;

	if (strcmp(path, "/static/report.css") == 0) {
		pthread_once(&report_css_once, report_css_init);
		return report_css_etag;
	}
	a = asset_find(path);
	return a ? a->etag : "\"\"";
}

/* An ETag without its quotes into buf. */
static const char *unquoted(const char *etag, char *buf, size_t cap)
{
	size_t n = strlen(etag);

	if (n >= 2 && etag[0] == '"' && n - 2 < cap) {
		memcpy(buf, etag + 1, n - 2);
		buf[n - 2] = '\0';
		return buf;
	}
	return "";
}

static int serve_static(struct srv_req *rq, const char *type, const void *data, size_t len,
                        const char *etag)
{
	const char *inm = srv_header(rq, "If-None-Match");

	srv_add_header(rq, "ETag", etag);
	/* versioned URLs (?v=) change with the bytes: keep them a day, revalidate after */
	srv_add_header(rq, "Cache-Control", "public, max-age=86400");
	if (inm != NULL && strstr(inm, etag) != NULL)
		return srv_reply_static(rq, 304, type, "", 0);
	return srv_reply_static(rq, 200, type, data, len);
}

static int static_file(struct srv_req *rq, const char *path)
{
	const struct asset *a;

	if (strcmp(path, "/static/report.css") == 0) {
		pthread_once(&report_css_once, report_css_init);
		return serve_static(rq, "text/css; charset=utf-8", report_css, report_css_len,
		                    report_css_etag);
	}
	if (strcmp(path, "/favicon.ico") == 0)
		path = "/static/favicon.svg";
	a = asset_find(path);
	if (a == NULL)
		return page_error(rq, 404);
	return serve_static(rq, a->type, a->data, a->len, a->etag);
}

/* ---------------------------------------------------------------- the chrome */

/* A path we may put into the language switch as it is: our own URL characters only. */
static bool plain_path(const char *p)
{
	if (p == NULL || p[0] != '/' || strlen(p) > 300)
		return false;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '/' || *p == '.' || *p == '-' || *p == '_'))
			return false;
	return true;
}

static void stylesheet(FILE *f, const char *path)
{
	char v[40];

	fprintf(f, "<link rel=\"stylesheet\" href=\"%s?v=%s\">\n", path,
	        unquoted(asset_version(path), v, sizeof(v)));
}

int page_begin(struct page *p, struct srv_req *rq, const char *title, unsigned flags)
{
	const char *path = srv_path(rq);
	bool nl = i18n_current() == I18N_NL;
	char v[40];

	memset(p, 0, sizeof(*p));
	p->status = 200;
	p->f = open_memstream(&p->buf, &p->len);
	if (p->f == NULL)
		return -1;
	if (strcmp(srv_method(rq), "POST") == 0 || !plain_path(path))
		path = "/";
	fprintf(p->f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
	        i18n_code());
	if (flags & PAGE_NOINDEX)
		fputs("<meta name=\"robots\" content=\"noindex\">\n", p->f);
	if (flags & PAGE_PROGRESS) {
		/* no JavaScript: the page asks again by itself (the server sends the result
		 * when it is there); with JavaScript progress.js polls instead */
		fputs("<noscript><meta http-equiv=\"refresh\" content=\"3\"></noscript>\n", p->f);
		fprintf(p->f, "<script src=\"/static/progress.js?v=%s\" defer></script>\n",
		        unquoted(asset_version("/static/progress.js"), v, sizeof(v)));
	}
	if (flags & PAGE_CONN)
		fprintf(p->f, "<script src=\"/static/conn.js?v=%s\" defer></script>\n",
		        unquoted(asset_version("/static/conn.js"), v, sizeof(v)));
	fputs("<title>", p->f);
	html_escape(p->f, title);
	fputs(" \u2014 inetcheck</title>\n", p->f);
	stylesheet(p->f, "/static/report.css");
	stylesheet(p->f, "/static/site.css");
	fputs("<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
	      "</head>\n<body>\n<div class=\"topbar\">\n<a class=\"brand\" href=\"/\">inetcheck</a>\n"
	      "<nav class=\"sitenav\"><a href=\"/\">", p->f);
	html_escape(p->f, _("Test"));
	fputs("</a><a href=\"/halloffame/\">", p->f);
	html_escape(p->f, _("Hall of Fame"));
	fputs("</a></nav>\n<span class=\"langs\">", p->f);
	fprintf(p->f, "<a href=\"%s?lang=en\" hreflang=\"en\" lang=\"en\"%s>English</a> | "
	        "<a href=\"%s?lang=nl\" hreflang=\"nl\" lang=\"nl\"%s>Nederlands</a>",
	        path, nl ? "" : " aria-current=\"true\"", path, nl ? " aria-current=\"true\"" : "");
	fputs("</span>\n</div>\n<div class=\"page\">\n", p->f);
	return 0;
}

static void page_footer(FILE *f)
{
	fputs("</div>\n<p class=\"sitefoot\">", f);
	html_escape(f, _("inetcheck tests websites and mail domains for modern Internet standards."));
	fputs(" <a href=\"/halloffame/\">", f);
	html_escape(f, _("Hall of Fame"));
	fputs("</a></p>\n</body>\n</html>\n", f);
}

int page_end(struct page *p, struct srv_req *rq)
{
	page_footer(p->f);
	if (fclose(p->f) != 0) {
		free(p->buf);
		return srv_reply_static(rq, 500, "text/plain; charset=utf-8", "out of memory\n", 14);
	}
	return srv_reply(rq, p->status, "text/html; charset=utf-8", p->buf, p->len);
}

/* What page_end_shared's reply holds until it is sent. */
struct shared_reply {
	char *head, *foot;
	void (*release)(void *arg);
	void *arg;
};

static void shared_reply_free(void *arg)
{
	struct shared_reply *sr = arg;

	free(sr->head);
	free(sr->foot);
	sr->release(sr->arg);
	free(sr);
}

int page_end_shared(struct page *p, struct srv_req *rq, const char *body, size_t len,
                    void (*release)(void *arg), void *arg)
{
	struct shared_reply *sr = calloc(1, sizeof(*sr));
	size_t foot_len = 0;
	FILE *f = NULL;

	if (sr == NULL || (f = open_memstream(&sr->foot, &foot_len)) == NULL) {
		fclose(p->f);
		goto oom;
	}
	page_footer(f);
	int foot_rc = fclose(f), page_rc = fclose(p->f);   /* both, whatever the first gave */
	if (foot_rc != 0 || page_rc != 0)
		goto oom;
	/* the report itself is sent from the shared copy, not copied per request */
	sr->head = p->buf;
	sr->release = release;
	sr->arg = arg;
	struct srv_part parts[3] = { { sr->head, p->len }, { body, len }, { sr->foot, foot_len } };
	return srv_reply_parts(rq, p->status, "text/html; charset=utf-8", parts, 3,
	                       shared_reply_free, sr);
oom:
	free(p->buf);
	if (sr != NULL)
		free(sr->foot);
	free(sr);
	release(arg);
	return srv_reply_static(rq, 500, "text/plain; charset=utf-8", "out of memory\n", 14);
}

/* ---------------------------------------------------------------- error pages */

int page_store_failed(struct srv_req *rq, const struct error *err)
{
	fprintf(stderr, "inetcheck serve: %s %s: %s\n", srv_method(rq), srv_path(rq), err->msg);
	return page_error(rq, 500);
}

int page_error(struct srv_req *rq, unsigned status)
{
	struct page p;
	const char *title, *text;

	switch (status) {
	case 403:
		title = _("This form has expired");
		text = _("The form was sent without the check that shows it came from this site, "
		         "or the check is too old. Open the page again and send the form from there.");
		break;
	case 405:
		title = _("Not allowed");
		text = _("This address cannot be used this way.");
		break;
	case 429:
		title = _("Too many tests from your address");
		text = _("You have started many tests in a short time. Try again later; results of "
		         "recent tests stay available at their addresses.");
		break;
	case 500:
		title = _("Something went wrong on our side");
		text = _("The page could not be made. Try again in a moment.");
		break;
	default:
		status = 404;
		title = _("Page not found");
		text = _("There is no page at this address. The test or result may not exist, or "
		         "the address was typed wrong.");
	}
	if (page_begin(&p, rq, title, PAGE_NOINDEX) < 0)
		return srv_reply_static(rq, status, "text/plain; charset=utf-8", "error\n", 6);
	p.status = status;
	fprintf(p.f, "<p class=\"big\">%u</p>\n<h1>", status);
	html_escape(p.f, title);
	fputs("</h1>\n<p>", p.f);
	html_escape(p.f, text);
	fputs("</p>\n<p><a class=\"button\" href=\"/\">", p.f);
	html_escape(p.f, _("Start a test"));
	fputs("</a></p>\n", p.f);
	if (status == 405)
		srv_add_header(rq, "Allow", "GET, HEAD");
	return page_end(&p, rq);
}

/* ---------------------------------------------------------------- home */

void page_test_form(FILE *f, struct srv_req *rq, enum page_test t, const char *value,
                    const char *error)
{
	const char *u = page_test_url(t);

	fprintf(f, "<form class=\"testform\" id=\"%s-form\" method=\"post\" action=\"/test/%s\">\n<h2>",
	        u, u);
	html_escape(f, t == PAGE_SITE ? _("Test your website") : _("Test your email"));
	fprintf(f, "</h2>\n<input type=\"hidden\" name=\"csrf\" value=\"");
	html_escape(f, srv_csrf_token(rq));
	fprintf(f, "\">\n<label for=\"%s-domain\">", u);
	html_escape(f, t == PAGE_SITE ? _("Website address") : _("Email address or domain"));
	fprintf(f, "</label>\n<div class=\"row\"><input type=\"text\" id=\"%s-domain\" name=\"domain\" "
	        "required maxlength=\"300\" spellcheck=\"false\" autocapitalize=\"off\" "
	        "placeholder=\"%s\" value=\"", u, t == PAGE_SITE ? "example.nl" : "name@example.nl");
	html_escape(f, value ? value : "");
	fputs("\"", f);
	if (error != NULL)
		fprintf(f, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", u);
	fputs("><button type=\"submit\">", f);
	html_escape(f, _("Test"));
	fputs("</button></div>\n", f);
	if (error != NULL) {
		fprintf(f, "<p class=\"formerror\" id=\"%s-error\" role=\"alert\">", u);
		html_escape(f, error);
		fputs("</p>\n", f);
	}
	fputs("<p class=\"hint\">", f);
	html_escape(f, t == PAGE_SITE ? _("The site's name, or a link to it.")
	                              : _("The part after the @ is tested."));
	fputs("</p>\n</form>\n", f);
}

static void what_list(FILE *f, const char *heading, const char *const *items, size_t n)
{
	fputs("<div><h3>", f);
	html_escape(f, heading);
	fputs("</h3><ul>", f);
	for (size_t i = 0; i < n; i++) {
		fputs("<li>", f);
		html_escape(f, _(items[i]));
		fputs("</li>", f);
	}
	fputs("</ul></div>\n", f);
}

static const char *const what_web[] = {
	N_("IPv6: the site and its name servers can be reached over IPv6"),
	N_("DNSSEC: the domain's answers are signed and the signature checks out"),
	N_("HTTPS: a secure connection with current TLS settings and a trusted certificate"),
	N_("Security options: headers that protect visitors, and security.txt"),
	N_("RPKI: the routes to the servers are covered by valid route origins"),
};
static const char *const what_mail[] = {
	N_("IPv6: the mail servers and name servers can be reached over IPv6"),
	N_("DNSSEC: the domain and its mail servers' names are signed"),
	N_("DMARC, DKIM and SPF: others cannot easily send mail in your name"),
	N_("STARTTLS and DANE: mail reaches your servers encrypted"),
	N_("RPKI: the routes to the servers are covered by valid route origins"),
};

/* The home page; `t`/`value`/`error`: a form shown again with what was wrong. */
static int home(struct srv_req *rq, enum page_test t, const char *value, const char *error,
                unsigned status)
{
	struct page p;

	if (page_begin(&p, rq, _("Test your website and email"), 0) < 0)
		return page_error(rq, 500);
	p.status = status;
	fputs("<h1>", p.f);
	html_escape(p.f, _("Is your domain up to date?"));
	fputs("</h1>\n<p class=\"intro\">", p.f);
	html_escape(p.f, _("Test whether a website or a mail domain uses the modern Internet standards "
	                   "that make it reachable, trustworthy and private. The test takes about a minute."));
	fputs("</p>\n<div class=\"forms\">\n", p.f);
	page_test_form(p.f, rq, PAGE_SITE, t == PAGE_SITE ? value : NULL, t == PAGE_SITE ? error : NULL);
	page_test_form(p.f, rq, PAGE_MAIL, t == PAGE_MAIL ? value : NULL, t == PAGE_MAIL ? error : NULL);
	fputs("</div>\n<h2>", p.f);
	html_escape(p.f, _("What is tested"));
	fputs("</h2>\n<div class=\"what\">\n", p.f);
	what_list(p.f, _("Website test"), what_web, sizeof(what_web) / sizeof(*what_web));
	what_list(p.f, _("Mail test"), what_mail, sizeof(what_mail) / sizeof(*what_mail));
	fputs("</div>\n<p>", p.f);
	html_escape(p.f, _("Every result has its own address that you can share."));
	fputs(" <a href=\"/halloffame/\">", p.f);
	html_escape(p.f, _("See the domains that score 100% in the Hall of Fame."));
	fputs("</a></p>\n", p.f);
	return page_end(&p, rq);
}

/* ---------------------------------------------------------------- starting a test */

/* POST /test/site and /test/mail: the cached result, or a new request and its
 * progress page (303 either way). */
static int test_post(struct srv_req *rq, enum page_test t)
{
	struct store *st;
	struct store_row row;
	struct store_request req;
	struct error err = {{0}};
	const char *in = srv_form(rq, "domain"), *again = srv_form(rq, "again");
	const char *test = page_test_store(t);
	char domain[256], loc[400];
	int rc;

	if (!srv_csrf_ok(rq))
		return page_error(rq, 403);
	if (in == NULL || in[strspn(in, " \t\r\n")] == '\0')
		return home(rq, t, "", _("Enter a domain name, for example example.nl."), 400);
	if (domain_normalise(in, t == PAGE_MAIL, domain, sizeof(domain), &err) < 0)
		return home(rq, t, in, _("That is not a domain name that can be tested. Enter a name "
		                         "like example.nl, without spaces or other characters."), 400);
	st = srv_store(rq);
	/* --cache-minutes 0: no cache at all (a result of this very millisecond is not
	 * "younger than 0 minutes") */
	if ((again == NULL || strcmp(again, "1") != 0) && srv_config(rq)->cache_minutes > 0) {
		int64_t since = page_now_ms() - (int64_t)srv_config(rq)->cache_minutes * 60000;
		memset(&row, 0, sizeof(row));
		rc = store_result_latest(st, domain, test, since, false, &row, &err);
		if (rc < 0)
			return page_store_failed(rq, &err);
		if (rc > 0) {
			snprintf(loc, sizeof(loc), "/%s/%s/%lld/", page_test_url(t), domain, (long long)row.id);
			store_row_free(&row);
			return srv_reply_redirect(rq, 303, loc);
		}
	}
	if (!srv_rate_take(rq))
		return page_error(rq, 429);
	const char *domains[1] = { domain };
	if (store_request_create(st, STORE_SITE, "", test, "site", domains, 1, &req, &err) < 0)
		return page_store_failed(rq, &err);
	srv_poke(rq);
	snprintf(loc, sizeof(loc), "/%s/%s/progress/%s/", page_test_url(t), domain, req.rid);
	return srv_reply_redirect(rq, 303, loc);
}

/* ---------------------------------------------------------------- routes */

#define MAX_SEGS 6

/* Split "/a/b/c/" into its segments (no empty ones); -1 when there are too many. */
static int split(const char *path, char *buf, size_t cap, char *seg[MAX_SEGS])
{
	size_t n = strlen(path);
	int k = 0;

	if (n >= cap)
		return -1;
	memcpy(buf, path, n + 1);
	for (char *s = strtok(buf, "/"); s != NULL; s = strtok(NULL, "/")) {
		if (k == MAX_SEGS)
			return -1;
		seg[k++] = s;
	}
	return k;
}

static bool segment_is(const char *s, const char *word)
{
	return s != NULL && strcmp(s, word) == 0;
}

/* /site/... and /mail/... */
static int test_pages(struct srv_req *rq, enum page_test t, char **seg, int n)
{
	if (n == 3 && segment_is(seg[2], "results"))
		return page_results_latest(rq, t, seg[1]);
	if (n == 3)
		return page_result(rq, t, seg[1], seg[2]);
	if (n == 4 && segment_is(seg[2], "progress"))
		return page_progress(rq, t, seg[1], seg[3], false);
	if (n == 5 && segment_is(seg[2], "progress") && segment_is(seg[4], "json"))
		return page_progress(rq, t, seg[1], seg[3], true);
	return page_error(rq, 404);
}

int pages_handle(struct srv_req *rq)
{
	const char *method = srv_method(rq), *path = srv_path(rq);
	bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	char buf[512], *seg[MAX_SEGS] = {0};
	int n;

	srv_lang(rq);
	if (path == NULL)
		return page_error(rq, 404);
	if (conn_wants(rq))
		return conn_handle(rq);
	if (strcmp(method, "POST") == 0) {
		if (strcmp(path, "/test/site") == 0)
			return test_post(rq, PAGE_SITE);
		if (strcmp(path, "/test/mail") == 0)
			return test_post(rq, PAGE_MAIL);
		return page_error(rq, 405);
	}
	if (!get)
		return page_error(rq, 405);
	if (strcmp(path, "/") == 0)
		return home(rq, PAGE_SITE, NULL, NULL, 200);
	if (strncmp(path, "/static/", 8) == 0 || strcmp(path, "/favicon.ico") == 0)
		return static_file(rq, path);
	n = split(path, buf, sizeof(buf), seg);
	if (n <= 0)
		return page_error(rq, 404);
	if (segment_is(seg[0], "site"))
		return test_pages(rq, PAGE_SITE, seg, n);
	if (segment_is(seg[0], "mail"))
		return test_pages(rq, PAGE_MAIL, seg, n);
	if (n == 1 && segment_is(seg[0], "halloffame"))
		return page_hof(rq);
	if (n == 3 && segment_is(seg[0], "badge") && segment_is(seg[1], "site"))
		return page_badge(rq, PAGE_SITE, seg[2]);
	if (n == 3 && segment_is(seg[0], "badge") && segment_is(seg[1], "mail"))
		return page_badge(rq, PAGE_MAIL, seg[2]);
	if (segment_is(seg[0], "batch")) {
		if (n == 1)
			return page_batch_list(rq);
		if (n == 2 || n == 3)
			return page_batch(rq, seg[1], n == 3 ? seg[2] : NULL);
	}
	return page_error(rq, 404);
}

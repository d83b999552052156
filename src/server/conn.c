/*
 * conn.c -- see conn.h. The table of running tests, the probe endpoints, the test
 * page's endpoints (start, finish) and the result page.
 *
 * Names (spec §3.12), for base domain B and test id ID (32 lowercase hex):
 *   ID.bogus.conn.test-ns-signed.B    signed zone, this name's signatures left out:
 *                                     reached only through a resolver that does not
 *                                     validate
 *   ID.aaaa.conn.test-ns-signed.B     AAAA only: reached only over IPv6
 *   ID.a.conn.test-ns-signed.B        A only: reached only over IPv4
 *   ID.a-aaaa.conn.test-ns6-signed.B  A and AAAA, in the zone whose name server has
 *                                     only an IPv6 address: resolved only by a
 *                                     resolver that reaches IPv6-only name servers
 *   [our IPv6]/connection/probe/ID    the literal address: IPv6 without DNS
 * Every probe is `GET /connection/probe/ID` on that host, answered with a small JSON
 * and an Access-Control-Allow-Origin of the page's origin (a plain CORS fetch from
 * the test page, no JSONP).
 */
#include "server/conn.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "checks/conn.h"
#include "checks/oui.h"
#include "checks/rpsl.h"
#include "core/deadline.h"
#include "core/i18n.h"
#include "dns/resolver.h"
#include "net/guard.h"
#include "net/whois.h"
#include "report/render.h"
#include "report/score.h"
#include "report/view.h"
#include "server/conndns.h"
#include "server/pages.h"
#include "store/store.h"

/* What was seen of one test so far. */
struct conn_obs {
	char id[33];                 /* "" = a free slot */
	int64_t created;             /* monotonic ms */
	bool finished;
	bool bogus, aaaa, a, ns6, v6literal;
	bool has4, has6;
	struct netaddr client4, client6;
	int n_resolvers;
	struct netaddr resolver[CONN_MAX_RESOLVERS];   /* checks/conn.h's bound */
};

static struct {
	bool on;
	char domain[256];            /* B, lower case, no trailing dot */
	char zone4[300], zone6[300]; /* test-ns-signed.B, test-ns6-signed.B */
	struct netaddr ipv4, ipv6;
	char ipv6_text[64];          /* as the literal probe's Host: [..] */
	pthread_mutex_t mu;
	struct conn_obs *tests;      /* CONN_MAX_TESTS slots, open addressing */
	char origin[3][320];         /* origins allowed to read the probes' answers */
	struct conndns *dns;
	struct oui_table *ouis;      /* NULL: no vendor list (privacy: EUI-64 alone passes) */
	const struct server_config *cfg;
} conn = { .mu = PTHREAD_MUTEX_INITIALIZER };

bool conn_enabled(void)
{
	return conn.on;
}

static size_t id_hash(const char *id)
{
	size_t h = 0;

	for (int i = 0; i < 8; i++)       /* random hex: its first digits are hash enough */
		h = h * 16 + (size_t)(id[i] <= '9' ? id[i] - '0' : id[i] - 'a' + 10);
	return h % CONN_MAX_TESTS;
}

static bool expired(const struct conn_obs *o, int64_t now)
{
	return o->id[0] && now - o->created > CONN_TTL_MS;
}

/* The live test `id` (under conn.mu), or NULL (also when it expired). Slots are never
 * emptied, only reused, so a lookup of an unknown id reads at most CONN_MAX_TESTS. */
static struct conn_obs *find(const char *id)
{
	int64_t now = deadline_now_ms();
	size_t h = id_hash(id);

	for (size_t k = 0; k < CONN_MAX_TESTS; k++) {
		struct conn_obs *o = &conn.tests[(h + k) % CONN_MAX_TESTS];
		if (!o->id[0])
			return NULL;          /* never used: the probe sequence ends here */
		if (strcmp(o->id, id) == 0)
			return expired(o, now) ? NULL : o;
	}
	return NULL;
}

/* A new test in the table: its id in `id` (33 bytes), or -1 when full or no random. */
static int create(char *id)
{
	unsigned char r[16];
	int64_t now = deadline_now_ms();

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return -1;
	for (int i = 0; i < 16; i++)
		snprintf(id + 2 * i, 3, "%02x", r[i]);
	pthread_mutex_lock(&conn.mu);
	size_t h = id_hash(id);
	for (size_t k = 0; k < CONN_MAX_TESTS; k++) {
		struct conn_obs *o = &conn.tests[(h + k) % CONN_MAX_TESTS];
		/* a slot never used, or an expired test's: slots are reused in place, so a
		 * probe sequence never breaks (no deletions) */
		if (!o->id[0] || expired(o, now)) {
			memset(o, 0, sizeof(*o));
			memcpy(o->id, id, 33);
			o->created = now;
			pthread_mutex_unlock(&conn.mu);
			return 0;
		}
	}
	pthread_mutex_unlock(&conn.mu);
	return -1;
}

/* The responder saw a resolver ask for a name of a test (conndns_seen_fn). */
static void on_dns(void *arg, const struct conndns_query *q)
{
	struct conn_obs *o;
	const char *id = q->id;

	(void)arg;
	if (!store_rid_valid(id))     /* a test id is shaped as a request id */
		return;
	struct netaddr r = q->source;
	r.port = 0;                   /* the resolver, not its query's source port */
	pthread_mutex_lock(&conn.mu);
	if ((o = find(id)) != NULL && !o->finished) {
		int i;
		for (i = 0; i < o->n_resolvers; i++)
			if (netaddr_equal(&o->resolver[i], &r))
				break;
		if (i == o->n_resolvers && o->n_resolvers < CONN_MAX_RESOLVERS)
			o->resolver[o->n_resolvers++] = r;
	}
	pthread_mutex_unlock(&conn.mu);
}

/* ---------------------------------------------------------------- probes */

enum probe { PROBE_NONE, PROBE_BOGUS, PROBE_AAAA, PROBE_A, PROBE_NS6, PROBE_LITERAL };

/* Which probe a Host header names, its test id in `id` (33 bytes; "" for the literal,
 * whose id is in the path). The port, if any, is ignored. */
static enum probe probe_of_host(const char *host, char *id)
{
	char h[320];
	size_t n;
	static const struct {
		const char *label;
		bool ns6;
		enum probe p;
	} kinds[] = {
		{".bogus.conn.", false, PROBE_BOGUS}, {".aaaa.conn.", false, PROBE_AAAA},
		{".a.conn.", false, PROBE_A}, {".a-aaaa.conn.", true, PROBE_NS6},
	};

	id[0] = '\0';
	if (host == NULL || strlen(host) >= sizeof(h))
		return PROBE_NONE;
	if (host[0] == '[') {
		const char *end = strchr(host, ']');
		if (end && (size_t)(end - host - 1) < sizeof(h)) {
			struct netaddr a;
			memcpy(h, host + 1, (size_t)(end - host - 1));
			h[end - host - 1] = '\0';
			if (netaddr_parse(h, &a) == 0 && a.family == AF_INET6) {
				a.port = 0;
				if (netaddr_equal(&a, &conn.ipv6))
					return PROBE_LITERAL;
			}
		}
		return PROBE_NONE;
	}
	for (n = 0; host[n] && host[n] != ':'; n++)
		h[n] = (char)(host[n] >= 'A' && host[n] <= 'Z' ? host[n] + 32 : host[n]);
	h[n] = '\0';
	if (n > 0 && h[n - 1] == '.')
		h[--n] = '\0';
	if (n < 33)
		return PROBE_NONE;
	memcpy(id, h, 32);
	id[32] = '\0';
	if (store_rid_valid(id)) {
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			size_t l = strlen(kinds[k].label);
			const char *zone = kinds[k].ns6 ? conn.zone6 : conn.zone4;
			if (strncmp(h + 32, kinds[k].label, l) == 0 && strcmp(h + 32 + l, zone) == 0)
				return kinds[k].p;
		}
	}
	id[0] = '\0';
	return PROBE_NONE;
}

bool conn_wants(struct srv_req *rq)
{
	const char *path = srv_path(rq);
	char id[33];

	if (!conn.on)
		return false;
	if (path && (strcmp(path, "/connection") == 0 || strncmp(path, "/connection/", 12) == 0))
		return true;
	return probe_of_host(srv_header(rq, "Host"), id) != PROBE_NONE;
}

/* May `origin` read the probes' answers? Only the test page's own origins: that of
 * --public-url, and http(s)://conn.B, where internet.nl serves the page. */
static bool origin_ours(const char *origin)
{
	if (origin == NULL)
		return false;
	for (int i = 0; i < 3; i++)
		if (conn.origin[i][0] && strcasecmp(origin, conn.origin[i]) == 0)
			return true;
	return false;
}

/* A probe: record it (a test unknown or finished is answered the same: nothing to
 * tell a stranger), and answer with a small JSON the page may read. */
static int probe(struct srv_req *rq, enum probe p, const char *host_id)
{
	const char *path = srv_path(rq), *origin = srv_header(rq, "Origin");
	const char *id;
	struct netaddr client;
	struct conn_obs *o;
	bool known = false;

	if (strncmp(path, "/connection/probe/", 18) != 0 || !store_rid_valid(path + 18))
		return srv_reply_static(rq, 404, "text/plain; charset=utf-8", "not found\n", 10);
	id = path + 18;
	if (host_id[0] && strcmp(host_id, id) != 0)
		return srv_reply_static(rq, 404, "text/plain; charset=utf-8", "not found\n", 10);
	if (netaddr_parse(srv_client(rq), &client) != 0)
		memset(&client, 0, sizeof(client));
	client.port = 0;
	pthread_mutex_lock(&conn.mu);
	if ((o = find(id)) != NULL && !o->finished) {
		known = true;
		switch (p) {
		case PROBE_BOGUS: o->bogus = true; break;
		case PROBE_AAAA: o->aaaa = true; break;
		case PROBE_A: o->a = true; break;
		case PROBE_NS6: o->ns6 = true; break;
		case PROBE_LITERAL: o->v6literal = true; break;
		case PROBE_NONE: break;
		}
		/* spec §3.12: the client addresses as the AAAA-only and A-only names saw them
		 * (the literal's too: it can only be IPv6) */
		if (client.family == AF_INET6 && (p == PROBE_AAAA || p == PROBE_LITERAL) && !o->has6) {
			o->client6 = client;
			o->has6 = true;
		}
		if (client.family == AF_INET && p == PROBE_A && !o->has4) {
			o->client4 = client;
			o->has4 = true;
		}
	}
	pthread_mutex_unlock(&conn.mu);
	if (origin_ours(origin)) {
		srv_add_header(rq, "Access-Control-Allow-Origin", origin);
		srv_add_header(rq, "Vary", "Origin");
	}
	return srv_reply_json(rq, 200, json_pack("{s:b}", "recorded", known));
}

static int conn_judge(const struct conn_obs *o, char **view, int *pct);

/* ---------------------------------------------------------------- the test page */

/* The probe URLs of test `id`, in the order the page fetches them (spec §3.12). */
static json_t *probe_urls(const char *id)
{
	char u[5][400];

	snprintf(u[0], sizeof(u[0]), "http://%s.bogus.conn.%s/connection/probe/%s", id, conn.zone4, id);
	snprintf(u[1], sizeof(u[1]), "http://%s.aaaa.conn.%s/connection/probe/%s", id, conn.zone4, id);
	snprintf(u[2], sizeof(u[2]), "http://%s.a.conn.%s/connection/probe/%s", id, conn.zone4, id);
	snprintf(u[3], sizeof(u[3]), "http://%s.a-aaaa.conn.%s/connection/probe/%s", id, conn.zone6, id);
	snprintf(u[4], sizeof(u[4]), "http://[%s]/connection/probe/%s", conn.ipv6_text, id);
	return json_pack("[s,s,s,s,s]", u[0], u[1], u[2], u[3], u[4]);
}

/* GET /connection/: the page; conn.js does the rest (nothing works without it). */
static int test_page(struct srv_req *rq)
{
	struct page p;

	/* the probes are plain HTTP on our other names and our IPv6 literal, which a CSP
	 * host list cannot name ([v6] is not a host-source): any http: for fetch only */
	srv_add_header(rq, "Content-Security-Policy", SRV_CSP "; connect-src 'self' http:");
	if (page_begin(&p, rq, _("Test your connection"), PAGE_CONN | PAGE_NOINDEX) < 0)
		return srv_reply_static(rq, 500, "text/plain; charset=utf-8", "out of memory\n", 14);
	fputs("<h1>", p.f);
	html_escape(p.f, _("Test your connection"));
	fputs("</h1>\n<p>", p.f);
	html_escape(p.f, _("This test checks whether your own Internet connection can reach "
	                   "websites over IPv6 and whether your DNS resolver validates DNSSEC "
	                   "signatures. It takes a few seconds."));
	fputs("</p>\n<form id=\"conn\" method=\"post\" action=\"/connection/start\" data-timeout=\"", p.f);
	fprintf(p.f, "%d\" data-failed=\"", CONN_PROBE_TIMEOUT_MS);
	html_escape(p.f, _("The test could not be run. Please try again."));
	fputs("\">\n<input type=\"hidden\" name=\"csrf\" value=\"", p.f);
	html_escape(p.f, srv_csrf_token(rq));
	fputs("\">\n<p id=\"conn-state\" role=\"status\">", p.f);
	html_escape(p.f, _("Testing your connection\u2026"));
	fputs("</p>\n</form>\n<noscript><p class=\"formerror\">", p.f);
	html_escape(p.f, _("The connection test runs in your browser: it needs JavaScript."));
	fputs("</p></noscript>\n", p.f);
	return page_end(&p, rq);
}

/* POST /connection/start: a new test id and the URLs to fetch. */
static int start(struct srv_req *rq)
{
	char id[33], finish[64];

	if (!srv_csrf_ok(rq))
		return srv_reply_json(rq, 403, json_pack("{s:s}", "error", "bad or missing csrf token"));
	if (!srv_rate_take(rq))
		return srv_reply_json(rq, 429, json_pack("{s:s}", "error", "too many tests"));
	if (create(id) < 0)
		return srv_reply_json(rq, 503, json_pack("{s:s}", "error", "too many tests running"));
	snprintf(finish, sizeof(finish), "/connection/finish/%s", id);
	return srv_reply_json(rq, 200, json_pack("{s:s, s:o, s:s, s:i}", "id", id, "probes",
	                                         probe_urls(id), "finish", finish, "timeout_ms",
	                                         CONN_PROBE_TIMEOUT_MS));
}

/* POST /connection/finish/ID: judge what was seen, store it, and say where it is. */
static int finish(struct srv_req *rq, const char *id)
{
	struct conn_obs o;
	struct conn_obs *live;
	struct error err = {{0}};
	char url[80], *view = NULL;
	int pct = 0, rc;

	if (!srv_csrf_ok(rq))
		return srv_reply_json(rq, 403, json_pack("{s:s}", "error", "bad or missing csrf token"));
	snprintf(url, sizeof(url), "/connection/%s/results", id);
	pthread_mutex_lock(&conn.mu);
	live = find(id);
	if (live != NULL && !live->finished) {
		live->finished = true;       /* nothing is recorded after this */
		o = *live;
	}
	pthread_mutex_unlock(&conn.mu);
	if (live == NULL) {
		/* finished before (the page sent it twice), or unknown / expired */
		char *old = NULL;
		rc = store_conn_get(srv_store(rq), id, &old, NULL, NULL, &err);
		free(old);
		if (rc == 1)
			return srv_reply_json(rq, 200, json_pack("{s:s}", "url", url));
		return srv_reply_json(rq, 404, json_pack("{s:s}", "error", "no such test (expired?)"));
	}
	if (conn_judge(&o, &view, &pct) < 0)
		return srv_reply_json(rq, 500, json_pack("{s:s}", "error", "out of memory"));
	rc = store_conn_put(srv_store(rq), id, pct, view, &err);
	free(view);
	if (rc < 0)
		return srv_reply_json(rq, 503, json_pack("{s:s}", "error", "the result could not be stored"));
	return srv_reply_json(rq, 200, json_pack("{s:s}", "url", url));
}

/* ---------------------------------------------------------------- judging */

/* The AS that announces `a` (RIS whois, as the routing tests ask it; --bgp-whois), or
 * 0 when unknown or `dl` passed. Whois is infrastructure, not a test target: no guard. */
static uint32_t as_of(const struct netaddr *a, deadline_t dl)
{
	const struct rpki_config *rc = conn.cfg->engine.rpki;
	struct netaddr srv;
	struct whois_answer ans = {0};
	struct rpsl_routes routes = {0};
	struct error err = {{0}};
	char q[64];
	uint32_t asn = 0;

	if (rc == NULL || rc->whois.host[0] == '\0' || deadline_expired(dl))
		return 0;
	if (netaddr_parse(rc->whois.host, &srv) != 0) {
		struct dns_answer da = {0};
		if (conn.cfg->engine.res == NULL ||
		    resolver_query(conn.cfg->engine.res, rc->whois.host, DNS_TYPE_A, 0, dl, &da) < 0 ||
		    da.n == 0) {
			dns_answer_free(&da);
			return 0;
		}
		memset(&srv, 0, sizeof(srv));
		srv.family = AF_INET;
		srv.a.v4 = da.rr[0].u.a;
		dns_answer_free(&da);
	}
	srv.port = rc->whois.port;
	netaddr_str(a, q, sizeof(q));
	if (whois_query(&srv, q, dl, &ans, &err) == 0 &&
	    rpsl_parse_routes(ans.data, ans.len, &routes, &err) == 0 && routes.n > 0)
		asn = routes.v[0].origin;
	whois_answer_free(&ans);
	rpsl_routes_free(&routes);
	return asn;
}

/* The ASes of a test are looked up within this long in all (the visitor waits). */
#define CONN_AS_LOOKUP_MS 5000

/* A finished test's facts (checks/conn.h) from what was seen, with the ASes. */
static void facts_of(const struct conn_obs *o, struct conn_facts *f)
{
	deadline_t dl = deadline_in(CONN_AS_LOOKUP_MS);

	memset(f, 0, sizeof(*f));
	f->ns6_reached = o->ns6;
	f->aaaa_reached = o->aaaa;
	f->literal_reached = o->v6literal;
	f->bogus_reached = o->bogus;
	if (o->has4) {
		f->v4.recorded = true;
		f->v4.addr = o->client4;
		f->v4.as.number = as_of(&o->client4, dl);
	}
	if (o->has6) {
		f->v6.recorded = true;
		f->v6.addr = o->client6;
		f->v6.as.number = as_of(&o->client6, dl);
		/* from the full address, before anything anonymises it */
		conn_privacy_observe(&o->client6.a.v6, conn.ouis, &f->privacy);
	}
	for (int i = 0; i < o->n_resolvers; i++) {
		struct conn_as as = { .number = as_of(&o->resolver[i], dl) };
		conn_add_resolver(f, &o->resolver[i], &as);
	}
}

/* Judge a finished test: the stored view (report/view.h facts, which hold only
 * anonymised addresses) and the score. 0, or -1 when out of memory. */
static int conn_judge(const struct conn_obs *o, char **view, int *pct)
{
	struct conn_facts f;
	struct report r;
	json_t *facts;

	facts_of(o, &f);
	report_init(&r, TEST_CONN, o->id);
	conn_evaluate(&f, &r);
	score_report(&r);
	*pct = r.percentage;
	facts = view_facts(&r);
	*view = facts ? json_dumps(facts, JSON_COMPACT) : NULL;
	json_decref(facts);
	report_release(&r);
	return *view ? 0 : -1;
}

/* GET /connection/ID/results: the stored report, in the request's language. */
static int result_page(struct srv_req *rq, const char *id)
{
	struct error err = {{0}};
	char *text = NULL;
	int64_t created = 0;
	json_t *facts;
	struct view v;
	struct page p;
	int rc = store_conn_get(srv_store(rq), id, &text, &created, NULL, &err);

	if (rc < 0)
		return page_store_failed(rq, &err);
	if (rc == 0)
		return page_error(rq, 404);
	facts = json_loads(text, 0, NULL);
	free(text);
	memset(&v, 0, sizeof(v));
	if (facts == NULL || view_build_facts(facts, &v) < 0 || v.kind != TEST_CONN) {
		view_free(&v);
		json_decref(facts);
		return page_error(rq, 500);
	}
	v.domain = _("Your connection");      /* not the test id */
	if (page_begin(&p, rq, _("Your connection"), PAGE_NOINDEX) < 0) {
		view_free(&v);
		json_decref(facts);
		return page_error(rq, 500);
	}
	fputs("<div class=\"resultbar\"><p>", p.f);
	html_escape(p.f, _("Tested on"));
	fputc(' ', p.f);
	page_date(p.f, created);
	fputs(" \u00b7 <a class=\"permalink\" href=\"/connection/", p.f);
	fputs(id, p.f);               /* 32 hex digits: nothing to escape */
	fputs("/results\">", p.f);
	html_escape(p.f, _("Permanent link"));
	fputs("</a> \u00b7 <a href=\"/connection/\">", p.f);
	html_escape(p.f, _("Test again"));
	fputs("</a></p></div>\n<div class=\"report\">\n", p.f);
	rc = render_html_body(&v, p.f);
	fputs("</div>\n", p.f);
	view_free(&v);
	json_decref(facts);
	if (rc < 0) {
		fclose(p.f);
		free(p.buf);
		return page_error(rq, 500);
	}
	return page_end(&p, rq);
}

/* ---------------------------------------------------------------- routing */

int conn_handle(struct srv_req *rq)
{
	const char *path = srv_path(rq), *method = srv_method(rq);
	bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	bool post = strcmp(method, "POST") == 0;
	char id[33];
	enum probe p = probe_of_host(srv_header(rq, "Host"), id);

	if (p != PROBE_NONE) {
		if (!get)
			return srv_reply_static(rq, 405, "text/plain; charset=utf-8", "GET only\n", 9);
		return probe(rq, p, id);
	}
	if (strcmp(path, "/connection") == 0)
		return srv_reply_redirect(rq, 302, "/connection/");
	if (strcmp(path, "/connection/") == 0 && get)
		return test_page(rq);
	if (strcmp(path, "/connection/start") == 0 && post)
		return start(rq);
	if (strncmp(path, "/connection/finish/", 19) == 0 && post && store_rid_valid(path + 19))
		return finish(rq, path + 19);
	/* /connection/ID/results */
	if (strlen(path) == 12 + 32 + 8 && strcmp(path + 44, "/results") == 0) {
		memcpy(id, path + 12, 32);
		id[32] = '\0';
		if (store_rid_valid(id))
			return get ? result_page(rq, id) : page_error(rq, 405);
	}
	return page_error(rq, (get || post) ? 404 : 405);
}

/* ---------------------------------------------------------------- start, stop */

/* The responder on c->conn.dns_listen, its key made when absent. */
static int dns_start(const struct server_config *c, struct error *err)
{
	char list[512], *save = NULL, *tok;
	const char *listen[9];
	size_t n = 0;

	if (snprintf(list, sizeof(list), "%s", c->conn.dns_listen ? c->conn.dns_listen : "") >=
	    (int)sizeof(list))
		return error_set(err, "--conn-dns: too long");
	for (tok = strtok_r(list, ",", &save); tok && n < 8; tok = strtok_r(NULL, ",", &save))
		if (*tok)
			listen[n++] = tok;
	if (n == 0)
		return error_set(err, "--conn-dns: no address to listen on");
	if (tok != NULL)
		return error_set(err, "--conn-dns: at most 8 addresses");
	listen[n] = NULL;
	if (conndns_key_create(c->conn.key_file, err) < 0)
		return -1;
	struct conndns_config dc = {
		.base = conn.domain, .key_file = c->conn.key_file,
		.answer_v4 = c->conn.ipv4, .answer_v6 = c->conn.ipv6,
		.listen = listen, .seen = on_dns,
	};
	conn.dns = conndns_start(&dc, err);
	return conn.dns ? 0 : -1;
}

static void dns_stop(void)
{
	conndns_stop(conn.dns);
	conn.dns = NULL;
}

/* "scheme://host[:port]" of a URL into out (empty when it has none). */
static void origin_of(const char *url, char *out, size_t n)
{
	const char *p = url ? strstr(url, "://") : NULL;
	size_t len;

	out[0] = '\0';
	if (p == NULL)
		return;
	len = strcspn(p + 3, "/?#") + (size_t)(p + 3 - url);
	if (len < n) {
		memcpy(out, url, len);
		out[len] = '\0';
	}
}

int conn_init(const struct server_config *c, struct error *err)
{
	const char *d = c->conn.domain;
	size_t n;

	if (d == NULL || d[0] == '\0')
		return 0;
	n = strlen(d);
	if (n >= sizeof(conn.domain) - 20)
		return error_set(err, "--conn-domain %s: too long", d);
	for (size_t i = 0; i < n; i++)
		conn.domain[i] = (char)(d[i] >= 'A' && d[i] <= 'Z' ? d[i] + 32 : d[i]);
	conn.domain[n] = '\0';
	if (n > 0 && conn.domain[n - 1] == '.')
		conn.domain[n - 1] = '\0';
	snprintf(conn.zone4, sizeof(conn.zone4), "test-ns-signed.%s", conn.domain);
	snprintf(conn.zone6, sizeof(conn.zone6), "test-ns6-signed.%s", conn.domain);
	if (c->conn.ipv4 == NULL || netaddr_parse(c->conn.ipv4, &conn.ipv4) != 0 ||
	    conn.ipv4.family != AF_INET)
		return error_set(err, "the connection test needs --conn-ipv4, this server's IPv4 address");
	if (c->conn.ipv6 == NULL || netaddr_parse(c->conn.ipv6, &conn.ipv6) != 0 ||
	    conn.ipv6.family != AF_INET6)
		return error_set(err, "the connection test needs --conn-ipv6, this server's IPv6 address");
	conn.ipv4.port = conn.ipv6.port = 0;
	netaddr_str(&conn.ipv6, conn.ipv6_text, sizeof(conn.ipv6_text));
	origin_of(c->public_url, conn.origin[0], sizeof(conn.origin[0]));
	snprintf(conn.origin[1], sizeof(conn.origin[1]), "http://conn.%s", conn.domain);
	snprintf(conn.origin[2], sizeof(conn.origin[2]), "https://conn.%s", conn.domain);
	conn.tests = calloc(CONN_MAX_TESTS, sizeof(*conn.tests));
	if (conn.tests == NULL)
		return error_set(err, "out of memory");
	conn.cfg = c;
	{
		struct error oerr = {{0}};
		conn.ouis = oui_table_load(OUI_DEFAULT_PATH, &oerr);
		if (conn.ouis == NULL)
			fprintf(stderr, "inetcheck: serve: connection test: no MAC vendor list (%s): "
			        "the privacy subtest sees EUI-64 addresses only\n", oerr.msg);
	}
	if (dns_start(c, err) < 0) {
		oui_table_free(conn.ouis);
		conn.ouis = NULL;
		free(conn.tests);
		conn.tests = NULL;
		return -1;
	}
	conn.on = true;
	return 0;
}

void conn_shutdown(void)
{
	if (!conn.on)
		return;
	conn.on = false;
	dns_stop();
	oui_table_free(conn.ouis);
	conn.ouis = NULL;
	free(conn.tests);
	conn.tests = NULL;
}

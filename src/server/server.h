/*
 * server.h -- `inetcheck serve` (issue 18; shared/DESIGN.md "Service"): one
 * libmicrohttpd daemon for the web UI (server/pages.c) and the batch API v2
 * (server/api.c, spec §5), over the store (store/store.h) and the in-process
 * workers of the queue (engine/queue.h).
 *
 * The core (server.c) owns the daemon, its limits (connections per client, request
 * body and header sizes, slow-client timeouts), the store handles, the language of
 * each request, the CSRF token, the rate limit of new tests and the headers every
 * reply carries (CSP, X-Frame-Options, X-Content-Type-Options, Referrer-Policy).
 * Handlers see a request through the accessors below and answer with exactly one
 * srv_reply* call.
 */
#ifndef INETCHECK_SERVER_SERVER_H
#define INETCHECK_SERVER_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "core/error.h"
#include "core/i18n.h"
#include "engine/engine.h"

struct store;
struct queue;

struct server_config {
	const char *listen;          /* "ADDR:PORT" / "[ADDR]:PORT"; default 127.0.0.1:8080 */
	const char *db;              /* store URL (store/store.h); default inetcheck.sqlite */
	const char *users;           /* htpasswd file of the API users, or NULL: no API */
	int workers;                 /* in-process tests at once; 0 = none (issue 19) */
	const char *public_url;      /* base of permalinks in API results; default http://LISTEN */
	int cache_minutes;           /* a result younger is shown instead of a new test (5) */
	int rate_tests;              /* new tests per client address per rate window (30) */
	int rate_window_s;           /* (3600) */
	int max_conns_per_client;    /* open connections per client address (32) */
	int max_conns;               /* open connections in all (1024) */
	int timeout_s;               /* an idle or slow connection is closed after (30) */
	size_t max_body;             /* request body cap in bytes (1 MiB) */
	int lease_s;                 /* job lease of the workers (30) */
	const char *trusted_proxy;   /* a reverse proxy's address: its X-Real-IP names the
	                              * client (rate limit); per-client connection limits are
	                              * then the proxy's to apply. NULL: none */
	struct engine_config engine; /* the tests' resolver, trust, budgets (cli/setup.c) */
	struct {                     /* the connection test (server/conn.h, issue 20) */
		const char *domain;      /* base domain B; NULL: no connection test */
		const char *key_file;    /* the zones' signing key (PEM), made when absent */
		const char *dns_listen;  /* the responder's ADDR:PORT list, comma-separated */
		const char *ipv4, *ipv6; /* this server's addresses the test names point to */
	} conn;
};

/* Defaults for every field above (engine left zero). */
void server_config_defaults(struct server_config *c);

struct server;
/* Open the store, start the workers and the daemon: NULL after err. */
struct server *server_start(const struct server_config *c, struct error *err);
/* The address really listened on ("127.0.0.1:8080"). */
const char *server_address(const struct server *s);
/* Stop taking connections; running tests get `grace_ms`, then their jobs are handed
 * back. true when everything stopped; false when tests still run in their threads
 * (queue_stop): the caller leaves with _exit, freeing nothing they use. */
bool server_stop(struct server *s, int grace_ms);

/* ---- for handlers ---- */

struct srv_req;

const struct server_config *srv_config(const struct srv_req *rq);
const char *srv_method(const struct srv_req *rq);   /* "GET", "POST", ... */
const char *srv_path(const struct srv_req *rq);     /* decoded, without the query */
/* A query argument (decoded), a request header, a cookie; NULL when absent. */
const char *srv_query(const struct srv_req *rq, const char *key);
const char *srv_header(const struct srv_req *rq, const char *name);
const char *srv_cookie(const struct srv_req *rq, const char *name);
/* The request body (NUL-terminated; NULL/0 when none). Bodies over max_body were
 * refused with 413 before any handler runs. */
const char *srv_body(const struct srv_req *rq, size_t *len);
/* A field of an application/x-www-form-urlencoded body (decoded), or NULL. */
const char *srv_form(const struct srv_req *rq, const char *key);
/* The client's address in text form (the rate limit's key). */
const char *srv_client(const struct srv_req *rq);
/* The language of this request: ?lang=, then the "lang" cookie, then
 * Accept-Language; also made the thread's language (core/i18n.h) for _(). */
enum i18n_lang srv_lang(const struct srv_req *rq);
/* The store handle of this request's thread (never shared while the handler runs). */
struct store *srv_store(struct srv_req *rq);
/* Wake the workers: new jobs were queued. */
void srv_poke(struct srv_req *rq);

/* The API user of the request's HTTP Basic credentials, checked against --users with
 * crypt(3) (answers cached by a digest of the credentials): NULL when none or wrong. */
const char *srv_user(struct srv_req *rq);

/* CSRF (server.c): the token to put in a POST form's hidden "csrf" field, and the
 * check of a submitted form (field "csrf" against the client's cookie). */
const char *srv_csrf_token(struct srv_req *rq);
bool srv_csrf_ok(struct srv_req *rq);

/* The rate limit of new tests: true when the client may start one more now (and
 * counts it); false when over (the handler shows the "too many tests" page, 429). */
bool srv_rate_take(struct srv_req *rq);

/* ---- replies: exactly one per request ---- */

/* The Content-Security-Policy of every reply (a handler may send its own instead with
 * srv_add_header): scripts, styles and images only from us, never framed. `data:`
 * images: the inline SVG charts' and badges' own. */
#define SRV_CSP "default-src 'self'; script-src 'self'; style-src 'self'; " \
                "img-src 'self' data:; object-src 'none'; base-uri 'none'; " \
                "form-action 'self'; frame-ancestors 'none'"

/* Add a header to the reply about to be made (Content-Disposition, Refresh, ...). */
void srv_add_header(struct srv_req *rq, const char *name, const char *value);
/* A reply body of `len` bytes, taken over (free()d by the server). */
int srv_reply(struct srv_req *rq, unsigned status, const char *content_type, char *body,
              size_t len);
/* A body that lives for ever (built-in assets): not copied, not freed. */
int srv_reply_static(struct srv_req *rq, unsigned status, const char *content_type,
                     const void *body, size_t len);
/* A body in parts sent as they are (no copy): `release(arg)` is called once the reply
 * is gone (sent, or the client left), also when the reply could not be made. */
struct srv_part {
	const void *data;
	size_t len;
};
int srv_reply_parts(struct srv_req *rq, unsigned status, const char *content_type,
                    const struct srv_part *parts, unsigned n, void (*release)(void *arg),
                    void *arg);
/* A JSON document, compact (the reference is stolen). */
int srv_reply_json(struct srv_req *rq, unsigned status, json_t *doc);
/* 303 See Other (after a POST) or 302 to `location` (a path of ours). */
int srv_reply_redirect(struct srv_req *rq, unsigned status, const char *location);
/* 401 with WWW-Authenticate: Basic realm="inetcheck", empty body (spec §5.1). */
int srv_reply_unauthorized(struct srv_req *rq);

/* ---- the two halves of the site, called by the core ---- */

/* The batch API v2 and its OpenAPI document: every path under /api/batch/.
 * Returns the srv_reply result. */
int api_handle(struct srv_req *rq);
/* Everything else: pages, assets, JSON progress, badges. A 404 page when unknown. */
int pages_handle(struct srv_req *rq);

/* Called once by server_start / server_stop (state of the halves, e.g. the API's
 * report generation thread): 0 or -1 (err). */
int api_init(const struct server_config *c, struct error *err);
void api_shutdown(void);

#endif

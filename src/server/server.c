/*
 * server.c -- see server.h: the libmicrohttpd daemon, the limits that make it safe
 * to put on the Internet (issue 18 item 4), per-request language, CSRF, the rate
 * limit of new tests, and the headers every reply carries.
 */
#include "server/server.h"
#include "server/conn.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "engine/queue.h"
#include "server/auth.h"
#include "store/store.h"

#define SRV_THREADS_PER_CPU 2     /* handler threads: the store and the pages are quick, and
                                   * more threads than CPUs mostly switch between each other */
#define SRV_MAX_HEADERS 8         /* headers a handler may add */
#define SRV_RATE_SLOTS 4096       /* rate-limit table (by hash of the client address) */
#define SRV_BODY_DRAIN 16         /* bodies up to 16 x the cap are read, dropped, answered 413 */
#define CSRF_COOKIE "ic_csrf"

/*
 * Every reply carries the headers inetcheck itself asks of a website (spec §3.4):
 * our pages load scripts, styles and images only from us, are never framed, and
 * send no referrer. `data:` images: the inline SVG charts' and badges' own.
 */
static const char csp[] = SRV_CSP;

struct srv_header {
	char *name, *value;
};

struct srv_req {
	struct server *srv;
	struct MHD_Connection *conn;
	const char *method, *path;
	char *body;
	size_t body_len;
	bool body_too_big;
	bool form_parsed;
	char **form;                  /* key, value, key, value, ..., NULL */
	char client[INET6_ADDRSTRLEN];
	enum i18n_lang lang;
	bool lang_chosen;             /* ?lang= given: remember it in a cookie */
	bool user_checked;
	const char *user;
	char csrf_cookie[33];         /* the client's, or a new one to set */
	bool csrf_new;
	char csrf_token[65];
	struct srv_header headers[SRV_MAX_HEADERS];
	size_t n_headers;
	bool replied;
};

struct rate_slot {
	char client[INET6_ADDRSTRLEN];
	int64_t window;               /* start of the window, Unix s */
	int count;
};

struct server {
	struct server_config c;
	struct MHD_Daemon *mhd;
	int listen_fd;
	char address[INET6_ADDRSTRLEN + 16];
	char *public_url;
	struct queue *queue;
	struct auth *auth;
	unsigned char secret[32];     /* CSRF tokens: HMAC key, new at every start */
	EVP_MAC_CTX *csrf_mac;        /* HMAC-SHA256 keyed with it: copied per token */
	pthread_mutex_t mac_mu;
	pthread_mutex_t mu;           /* stores list, rate table */
	struct store **stores;        /* one per handler thread, closed at stop */
	size_t n_stores, cap_stores;
	struct rate_slot rate[SRV_RATE_SLOTS];
};

static _Thread_local struct store *thread_store;

void server_config_defaults(struct server_config *c)
{
	memset(c, 0, sizeof(*c));
	c->listen = "127.0.0.1:8080";
	c->db = "inetcheck.sqlite";
	c->workers = 4;
	c->cache_minutes = 5;
	c->rate_tests = 30;
	c->rate_window_s = 3600;
	c->max_conns_per_client = 32;
	c->max_conns = 1024;
	c->timeout_s = 30;
	c->max_body = 1024 * 1024;
	c->lease_s = 30;
}

/* ------------------------------------------------------------ accessors */

const struct server_config *srv_config(const struct srv_req *rq) { return &rq->srv->c; }
const char *srv_method(const struct srv_req *rq) { return rq->method; }
const char *srv_path(const struct srv_req *rq) { return rq->path; }
const char *srv_client(const struct srv_req *rq) { return rq->client; }
enum i18n_lang srv_lang(const struct srv_req *rq) { return rq->lang; }

const char *srv_query(const struct srv_req *rq, const char *key)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *srv_header(const struct srv_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *srv_cookie(const struct srv_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, name);
}

const char *srv_body(const struct srv_req *rq, size_t *len)
{
	if (len != NULL)
		*len = rq->body_len;
	return rq->body;
}

/* %XX and '+' decoded in place. */
static void form_decode(char *s)
{
	char *w = s;

	for (; *s != '\0'; s++) {
		if (*s == '+') {
			*w++ = ' ';
		} else if (*s == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
			char hex[3] = { s[1], s[2], 0 };
			*w++ = (char)strtol(hex, NULL, 16);
			s += 2;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

static void form_parse(struct srv_req *rq)
{
	size_t n = 0, cap = 0;
	char *copy, *save = NULL;
	const char *ct = srv_header(rq, MHD_HTTP_HEADER_CONTENT_TYPE);

	rq->form_parsed = true;
	if (rq->body == NULL || ct == NULL ||
	    strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0 ||
	    (copy = strdup(rq->body)) == NULL)
		return;
	for (char *pair = strtok_r(copy, "&", &save); pair != NULL; pair = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(pair, '=');
		if (n + 3 > cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **grown = realloc(rq->form, ncap * sizeof(*grown));
			if (grown == NULL)
				break;
			rq->form = grown;
			cap = ncap;
		}
		if (eq != NULL)
			*eq = '\0';
		rq->form[n] = strdup(pair);
		rq->form[n + 1] = strdup(eq != NULL ? eq + 1 : "");
		if (rq->form[n] == NULL || rq->form[n + 1] == NULL) {
			free(rq->form[n]);
			free(rq->form[n + 1]);
			break;
		}
		form_decode(rq->form[n]);
		form_decode(rq->form[n + 1]);
		n += 2;
	}
	if (rq->form != NULL)
		rq->form[n] = NULL;
	free(copy);
}

const char *srv_form(const struct srv_req *rq, const char *key)
{
	struct srv_req *w = (struct srv_req *)rq;     /* parsed on first use */

	if (!w->form_parsed)
		form_parse(w);
	for (size_t i = 0; w->form != NULL && w->form[i] != NULL; i += 2)
		if (strcmp(w->form[i], key) == 0)
			return w->form[i + 1];
	return NULL;
}

struct store *srv_store(struct srv_req *rq)
{
	struct server *s = rq->srv;
	struct error err = {{0}};

	if (thread_store != NULL)
		return thread_store;
	thread_store = store_open(s->c.db, &err);
	if (thread_store == NULL) {
		fprintf(stderr, "inetcheck: serve: %s\n", err.msg);
		return NULL;
	}
	pthread_mutex_lock(&s->mu);
	if (s->n_stores == s->cap_stores) {
		size_t ncap = s->cap_stores ? s->cap_stores * 2 : 16;
		struct store **grown = realloc(s->stores, ncap * sizeof(*grown));
		if (grown != NULL) {
			s->stores = grown;
			s->cap_stores = ncap;
		}
	}
	if (s->n_stores < s->cap_stores)
		s->stores[s->n_stores++] = thread_store;
	pthread_mutex_unlock(&s->mu);
	return thread_store;
}

void srv_poke(struct srv_req *rq)
{
	if (rq->srv->queue != NULL)
		queue_poke(rq->srv->queue);
}

/* ------------------------------------------------------------ auth */

const char *srv_user(struct srv_req *rq)
{
	const char *h = srv_header(rq, MHD_HTTP_HEADER_AUTHORIZATION);
	unsigned char decoded[768];
	char *colon;
	int n;

	if (rq->user_checked)
		return rq->user;
	rq->user_checked = true;
	if (rq->srv->auth == NULL || h == NULL || strncasecmp(h, "Basic ", 6) != 0)
		return NULL;
	h += 6;
	while (*h == ' ')
		h++;
	size_t len = strlen(h);
	if (len == 0 || len % 4 != 0 || len / 4 * 3 >= sizeof(decoded))
		return NULL;
	n = EVP_DecodeBlock(decoded, (const unsigned char *)h, (int)len);
	if (n < 0)
		return NULL;
	/* EVP_DecodeBlock counts the padding's bytes as zeros */
	while (len > 0 && h[len - 1] == '=') {
		len--;
		n--;
	}
	decoded[n] = '\0';
	if (memchr(decoded, '\0', (size_t)n) != NULL ||
	    (colon = strchr((char *)decoded, ':')) == NULL)
		return NULL;
	*colon = '\0';
	rq->user = auth_check(rq->srv->auth, (char *)decoded, colon + 1);
	OPENSSL_cleanse(decoded, sizeof(decoded));
	return rq->user;
}

/* ------------------------------------------------------------ CSRF */

static void hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static bool hex_token(const char *s, size_t len)
{
	if (s == NULL || strlen(s) != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* The token is the HMAC of the client's random cookie under a key of this run:
 * another site can neither read the cookie nor compute the token. */
const char *srv_csrf_token(struct srv_req *rq)
{
	unsigned char mac[32];

	if (rq->csrf_token[0] != '\0')
		return rq->csrf_token;
	if (rq->csrf_cookie[0] == '\0') {
		const char *have = srv_cookie(rq, CSRF_COOKIE);
		if (hex_token(have, 32)) {
			snprintf(rq->csrf_cookie, sizeof(rq->csrf_cookie), "%s", have);
		} else {
			unsigned char b[16];
			if (RAND_bytes(b, sizeof(b)) != 1)
				return "";
			hex(b, sizeof(b), rq->csrf_cookie);
			rq->csrf_new = true;
		}
	}
	/* a copy of the keyed context: no algorithm lookup per token */
	pthread_mutex_lock(&rq->srv->mac_mu);
	EVP_MAC_CTX *c = EVP_MAC_CTX_dup(rq->srv->csrf_mac);
	pthread_mutex_unlock(&rq->srv->mac_mu);
	size_t got = 0;
	bool ok = c != NULL && EVP_MAC_update(c, (const unsigned char *)rq->csrf_cookie, 32) == 1 &&
	          EVP_MAC_final(c, mac, &got, sizeof(mac)) == 1 && got == sizeof(mac);
	EVP_MAC_CTX_free(c);
	if (!ok)
		return "";
	hex(mac, got, rq->csrf_token);
	return rq->csrf_token;
}

bool srv_csrf_ok(struct srv_req *rq)
{
	const char *sent = srv_form(rq, "csrf");
	const char *have = srv_cookie(rq, CSRF_COOKIE);

	if (!hex_token(have, 32) || sent == NULL)
		return false;
	snprintf(rq->csrf_cookie, sizeof(rq->csrf_cookie), "%s", have);
	const char *want = srv_csrf_token(rq);
	return strlen(sent) == strlen(want) && CRYPTO_memcmp(sent, want, strlen(want)) == 0;
}

/* ------------------------------------------------------------ rate limit */

bool srv_rate_take(struct srv_req *rq)
{
	struct server *s = rq->srv;
	uint64_t h = 1469598103934665603ULL;
	int64_t now = (int64_t)time(NULL);
	bool ok;

	if (s->c.rate_tests <= 0)
		return true;
	for (const char *p = rq->client; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	pthread_mutex_lock(&s->mu);
	struct rate_slot *slot = &s->rate[h % SRV_RATE_SLOTS];
	if (strcmp(slot->client, rq->client) != 0 || now - slot->window >= s->c.rate_window_s) {
		/* a new window (or another client took the slot: it starts afresh) */
		snprintf(slot->client, sizeof(slot->client), "%s", rq->client);
		slot->window = now;
		slot->count = 0;
	}
	ok = slot->count < s->c.rate_tests;
	if (ok)
		slot->count++;
	pthread_mutex_unlock(&s->mu);
	return ok;
}

/* ------------------------------------------------------------ replies */

void srv_add_header(struct srv_req *rq, const char *name, const char *value)
{
	if (rq->n_headers == SRV_MAX_HEADERS)
		return;
	rq->headers[rq->n_headers].name = strdup(name);
	rq->headers[rq->n_headers].value = strdup(value);
	rq->n_headers++;
}

static int queue_reply(struct srv_req *rq, unsigned status, struct MHD_Response *resp,
                       const char *content_type)
{
	char cookie[128];
	int rc;

	if (resp == NULL)
		return MHD_NO;
	if (rq->replied) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	rq->replied = true;
	if (content_type != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	/* a handler may set a policy of its own (the connection test page fetches from
	 * our probe hosts: connect-src) */
	bool own_csp = false;
	for (size_t i = 0; i < rq->n_headers; i++)
		if (rq->headers[i].name != NULL &&
		    strcasecmp(rq->headers[i].name, "Content-Security-Policy") == 0)
			own_csp = true;
	if (!own_csp)
		MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	bool has_cache = false;
	for (size_t i = 0; i < rq->n_headers; i++) {
		if (rq->headers[i].name == NULL || rq->headers[i].value == NULL)
			continue;
		if (strcasecmp(rq->headers[i].name, "Cache-Control") == 0)
			has_cache = true;
		MHD_add_response_header(resp, rq->headers[i].name, rq->headers[i].value);
	}
	if (!has_cache)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (rq->csrf_new) {
		snprintf(cookie, sizeof(cookie), CSRF_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict",
		         rq->csrf_cookie);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	}
	if (rq->lang_chosen) {
		snprintf(cookie, sizeof(cookie), "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax",
		         rq->lang == I18N_NL ? "nl" : "en");
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	}
	rc = MHD_queue_response(rq->conn, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

int srv_reply(struct srv_req *rq, unsigned status, const char *content_type, char *body, size_t len)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, body != NULL ? body : (char *)"",
		                                body != NULL ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		free(body);
	return queue_reply(rq, status, resp, content_type);
}

int srv_reply_parts(struct srv_req *rq, unsigned status, const char *content_type,
                    const struct srv_part *parts, unsigned n, void (*release)(void *arg),
                    void *arg)
{
	struct MHD_IoVec iov[8];
	struct MHD_Response *resp = NULL;

	if (n <= sizeof(iov) / sizeof(*iov)) {
		for (unsigned i = 0; i < n; i++) {
			iov[i].iov_base = parts[i].data;
			iov[i].iov_len = parts[i].len;
		}
		resp = MHD_create_response_from_iovec(iov, n, release, arg);
	}
	if (resp == NULL) {
		release(arg);
		return srv_reply_static(rq, 500, "text/plain; charset=utf-8", "out of memory\n", 14);
	}
	return queue_reply(rq, status, resp, content_type);
}

int srv_reply_static(struct srv_req *rq, unsigned status, const char *content_type,
                     const void *body, size_t len)
{
	return queue_reply(rq, status,
	                   MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_PERSISTENT),
	                   content_type);
}

int srv_reply_json(struct srv_req *rq, unsigned status, json_t *doc)
{
	char *text = doc != NULL ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	json_decref(doc);
	if (text == NULL)
		return srv_reply_static(rq, 500, "text/plain; charset=utf-8", "out of memory\n", 14);
	return srv_reply(rq, status, "application/json", text, strlen(text));
}

int srv_reply_redirect(struct srv_req *rq, unsigned status, const char *location)
{
	srv_add_header(rq, MHD_HTTP_HEADER_LOCATION, location);
	return srv_reply(rq, status, "text/plain; charset=utf-8", NULL, 0);
}

int srv_reply_unauthorized(struct srv_req *rq)
{
	srv_add_header(rq, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Basic realm=\"inetcheck\"");
	return srv_reply(rq, 401, NULL, NULL, 0);
}

/* ------------------------------------------------------------ the daemon */

/* Accept-Language: the preferred of nl and en by q (RFC 9110 §12.5.4); en when neither. */
static enum i18n_lang accept_language(const char *h)
{
	double best_q = -1;
	enum i18n_lang best = I18N_EN;

	while (h != NULL && *h != '\0') {
		const char *end = strchr(h, ',');
		size_t len = end != NULL ? (size_t)(end - h) : strlen(h);
		char item[64];
		double q = 1.0;

		snprintf(item, sizeof(item), "%.*s", (int)(len < 63 ? len : 63), h);
		char *semi = strchr(item, ';');
		if (semi != NULL) {
			char *qp = strstr(semi, "q=");
			if (qp != NULL)
				q = strtod(qp + 2, NULL);
			*semi = '\0';
		}
		char *t = item;
		while (*t == ' ')
			t++;
		bool nl = strncasecmp(t, "nl", 2) == 0 && (t[2] == '\0' || t[2] == '-' || t[2] == ' ');
		bool en = strncasecmp(t, "en", 2) == 0 && (t[2] == '\0' || t[2] == '-' || t[2] == ' ');
		if ((nl || en) && q > best_q && q > 0) {
			best_q = q;
			best = nl ? I18N_NL : I18N_EN;
		}
		h = end != NULL ? end + 1 : NULL;
	}
	return best;
}

static void choose_language(struct srv_req *rq)
{
	const char *q = srv_query(rq, "lang"), *c = srv_cookie(rq, "lang");

	if (q != NULL && (strcmp(q, "nl") == 0 || strcmp(q, "en") == 0)) {
		rq->lang = strcmp(q, "nl") == 0 ? I18N_NL : I18N_EN;
		rq->lang_chosen = true;
	} else if (c != NULL && (strcmp(c, "nl") == 0 || strcmp(c, "en") == 0)) {
		rq->lang = strcmp(c, "nl") == 0 ? I18N_NL : I18N_EN;
	} else {
		rq->lang = accept_language(srv_header(rq, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
	}
	i18n_use(rq->lang);
}

/* The client's address: the TCP peer's, or behind --trusted-proxy the X-Real-IP that
 * proxy sets (only an address literal is taken: anything else keeps the proxy's). */
static void client_address(struct srv_req *rq)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;
	unsigned char bin[sizeof(struct in6_addr)];

	snprintf(rq->client, sizeof(rq->client), "unknown");
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		          rq->client, sizeof(rq->client));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		          rq->client, sizeof(rq->client));
	const char *proxy = rq->srv->c.trusted_proxy, *real = srv_header(rq, "X-Real-IP");
	if (proxy != NULL && real != NULL && strcmp(rq->client, proxy) == 0 &&
	    strlen(real) < sizeof(rq->client) &&
	    (inet_pton(AF_INET, real, bin) == 1 || inet_pton(AF_INET6, real, bin) == 1))
		snprintf(rq->client, sizeof(rq->client), "%s", real);
}

static int plain(struct srv_req *rq, unsigned status, const char *text)
{
	return srv_reply_static(rq, status, "text/plain; charset=utf-8", text, strlen(text));
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **req_cls)
{
	struct server *s = cls;
	struct srv_req *rq = *req_cls;

	(void)version;
	if (rq == NULL) {
		const char *cl;
		if ((rq = calloc(1, sizeof(*rq))) == NULL)
			return MHD_NO;
		rq->srv = s;
		rq->conn = conn;
		rq->method = method;
		rq->path = url;
		*req_cls = rq;
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL && strtoull(cl, NULL, 10) > s->c.max_body) {
			rq->body_too_big = true;
			/* a body a little over the cap is read and dropped, so the client (which
			 * sends it whole) reads the 413 instead of a reset; a huge one is
			 * answered at once and the connection closed */
			if (strtoull(cl, NULL, 10) > SRV_BODY_DRAIN * s->c.max_body)
				return plain(rq, 413, "request body too large\n") == MHD_YES ? MHD_YES : MHD_NO;
		}
		return MHD_YES;
	}
	if (*upload_size > 0) {
		/* a body over the cap is read and dropped, then answered 413 (libmicrohttpd
		 * cannot answer in the middle of a chunked upload); one that goes on and on
		 * is cut off */
		if (rq->body_len + *upload_size > s->c.max_body)
			rq->body_too_big = true;
		if (!rq->body_too_big) {
			char *grown = realloc(rq->body, rq->body_len + *upload_size + 1);
			if (grown == NULL)
				return MHD_NO;
			rq->body = grown;
			memcpy(rq->body + rq->body_len, upload, *upload_size);
			rq->body[rq->body_len + *upload_size] = '\0';
		}
		rq->body_len += *upload_size;
		*upload_size = 0;
		return rq->body_len > SRV_BODY_DRAIN * s->c.max_body ? MHD_NO : MHD_YES;
	}
	if (rq->body_too_big && !rq->replied)
		return plain(rq, 413, "request body too large\n") == MHD_YES ? MHD_YES : MHD_NO;
	if (rq->replied)
		return MHD_YES;
	client_address(rq);
	choose_language(rq);
	int rc;
	if (strncmp(url, "/api/batch/", 11) == 0 || strcmp(url, "/api/batch") == 0)
		rc = api_handle(rq);
	else
		rc = pages_handle(rq);
	if (!rq->replied)
		rc = plain(rq, 500, "internal error: no reply\n");
	return rc == MHD_YES ? MHD_YES : MHD_NO;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct srv_req *rq = *req_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (rq == NULL)
		return;
	free(rq->body);
	for (size_t i = 0; rq->form != NULL && rq->form[i] != NULL; i++)
		free(rq->form[i]);
	free(rq->form);
	for (size_t i = 0; i < rq->n_headers; i++) {
		free(rq->headers[i].name);
		free(rq->headers[i].value);
	}
	free(rq);
	*req_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	(void)fmt;
	(void)ap;
	/* libmicrohttpd reports every client that misbehaves (timeouts, resets): not
	 * the operator's news. Errors that are ours are said where they happen. */
}

static void sock_name(int fd, char *shown, size_t shown_len);

/* "fd:N": a listening socket handed over by whoever started us (systemd socket
 * activation, make serve-demo's host-side socket); -1 after err. */
static int listen_inherited(const char *spec, char *shown, size_t shown_len, struct error *err)
{
	int fd, on = 0;
	socklen_t len = sizeof(on);
	char *end;
	long n = strtol(spec + 3, &end, 10);

	if (end == spec + 3 || *end != '\0' || n < 0 || n > 65535)
		return error_set(err, "--listen %s: want fd:N, a descriptor number", spec);
	fd = (int)n;
	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) < 0 || !on)
		return error_set(err, "--listen %s: descriptor %d is not a listening socket", spec, fd);
	sock_name(fd, shown, shown_len);
	return fd;
}

/* "ADDR:PORT", "[V6]:PORT", ":PORT" or "fd:N" → a bound, listening socket; -1 after err. */
static int listen_on(const char *spec, char *shown, size_t shown_len, struct error *err)
{
	char host[256], port[16];
	const char *colon = strrchr(spec, ':');
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
	struct addrinfo *ai = NULL;
	int fd = -1, one = 1, rc;

	if (strncmp(spec, "fd:", 3) == 0)
		return listen_inherited(spec, shown, shown_len, err);
	if (colon == NULL || colon[1] == '\0' || strlen(colon + 1) >= sizeof(port))
		return error_set(err, "--listen %s: want ADDRESS:PORT, e.g. 127.0.0.1:8080", spec);
	snprintf(port, sizeof(port), "%s", colon + 1);
	size_t hl = (size_t)(colon - spec);
	if (hl >= sizeof(host))
		return error_set(err, "--listen %s: address too long", spec);
	memcpy(host, spec, hl);
	host[hl] = '\0';
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = '\0';
	}
	if ((rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &ai)) != 0)
		return error_set(err, "--listen %s: %s", spec, gai_strerror(rc));
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 512) < 0) {
		error_set(err, "--listen %s: %s", spec, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	sock_name(fd, shown, shown_len);
	return fd;
}

/* The address a socket is bound to, as "ADDR:PORT" or "[V6]:PORT". */
static void sock_name(int fd, char *shown, size_t shown_len)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char a[INET6_ADDRSTRLEN] = "?";
	unsigned p = 0;
	getsockname(fd, (struct sockaddr *)&ss, &sl);
	if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)&ss;
		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		p = ntohs(s6->sin6_port);
		snprintf(shown, shown_len, "[%s]:%u", a, p);
	} else {
		const struct sockaddr_in *s4 = (const void *)&ss;
		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		p = ntohs(s4->sin_port);
		snprintf(shown, shown_len, "%s:%u", a, p);
	}
}

/* The keyed HMAC-SHA256 context the CSRF tokens are copied from. 0 or -1. */
static int csrf_mac_new(struct server *s)
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
		OSSL_PARAM_construct_end(),
	};

	s->csrf_mac = mac != NULL ? EVP_MAC_CTX_new(mac) : NULL;
	EVP_MAC_free(mac);
	if (s->csrf_mac == NULL ||
	    EVP_MAC_init(s->csrf_mac, s->secret, sizeof(s->secret), params) != 1)
		return -1;
	return 0;
}

const char *server_address(const struct server *s)
{
	return s->address;
}

/* What server_start made, once the daemon and the workers are gone. */
static void server_free(struct server *s)
{
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	for (size_t i = 0; i < s->n_stores; i++)
		store_close(s->stores[i]);
	free(s->stores);
	auth_free(s->auth);
	free(s->public_url);
	EVP_MAC_CTX_free(s->csrf_mac);
	pthread_mutex_destroy(&s->mac_mu);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

struct server *server_start(const struct server_config *c, struct error *err)
{
	struct server *s = calloc(1, sizeof(*s));
	struct store *probe;

	if (s == NULL) {
		error_set(err, "out of memory");
		return NULL;
	}
	s->c = *c;
	s->listen_fd = -1;
	pthread_mutex_init(&s->mu, NULL);
	pthread_mutex_init(&s->mac_mu, NULL);
	if (RAND_bytes(s->secret, sizeof(s->secret)) != 1 || csrf_mac_new(s) < 0) {
		error_set(err, "cannot make the CSRF key");
		goto fail;
	}
	/* the store first: a bad --db is said before anything listens */
	if ((probe = store_open(c->db, err)) == NULL)
		goto fail;
	store_close(probe);
	if (c->users != NULL && (s->auth = auth_load(c->users, err)) == NULL)
		goto fail;
	if ((s->listen_fd = listen_on(c->listen, s->address, sizeof(s->address), err)) < 0)
		goto fail;
	if (c->public_url == NULL) {
		size_t n = strlen(s->address) + 8;
		if ((s->public_url = malloc(n)) != NULL)
			snprintf(s->public_url, n, "http://%s", s->address);
		s->c.public_url = s->public_url;
	}
	if (api_init(&s->c, err) < 0)
		goto fail;
	if (conn_init(&s->c, err) < 0)
		goto fail_api;
	if (c->workers > 0) {
		struct queue_config qc = { .db = c->db, .lease_s = c->lease_s, .engine = c->engine };
		qc.engine.jobs = c->workers;
		if ((s->queue = queue_start(&qc, err)) == NULL)
			goto fail_api;
	}
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = (unsigned)(cpus > 0 ? cpus : 1) * SRV_THREADS_PER_CPU;
	s->mhd = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_TURBO | MHD_USE_ERROR_LOG, 0, NULL, NULL,
		on_request, s,
		MHD_OPTION_LISTEN_SOCKET, s->listen_fd,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)c->max_conns,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		(unsigned)(c->trusted_proxy != NULL ? 0 : c->max_conns_per_client),
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)c->timeout_s,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),   /* headers, URL */
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
		MHD_OPTION_END);
	if (s->mhd == NULL) {
		error_set(err, "cannot start the HTTP server on %s", s->address);
		goto fail_queue;
	}
	return s;
fail_queue:
	queue_stop(s->queue, 0);
fail_api:
	conn_shutdown();
	api_shutdown();
fail:
	server_free(s);
	return NULL;
}

bool server_stop(struct server *s, int grace_ms)
{
	bool all;

	if (s == NULL)
		return true;
	MHD_stop_daemon(s->mhd);            /* joins the handler threads */
	all = queue_stop(s->queue, grace_ms);
	conn_shutdown();
	api_shutdown();
	server_free(s);
	return all;
}

/*
 * http.c -- HTTP(S) GET through libcurl, pinned to a checked address
 * (spec §3.1 step 1, §3.3.5). See http.h.
 *
 * Header lines and body chunks come from the network; they are read through
 * the cursor only (STYLE rule 5).
 */
#include "net/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "core/cursor.h"
#include "core/error.h"
#include "net/budget.h"

#define HTTP_USER_AGENT "Mozilla/5.0 (compatible; inetcheck/" INETCHECK_VERSION "; +https://github.com/inetcheck)"

/* Sockets curl holds open at once in one transfer (with the budget on, reuse is
 * forbidden: one, two during happy eyeballs). */
#define HTTP_SOCKETS_MAX 16

struct http_ctx {
	struct http_response *resp;
	deadline_t dl;              /* the attempt's end: a wait for a budget slot stops there */
	/* fd -> address of every socket on_open_socket opened, so on_close_socket gives
	 * the right budget slot back (issue 17) */
	struct { curl_socket_t fd; struct netaddr addr; } socks[HTTP_SOCKETS_MAX];
	size_t n_socks;
	bool budget_timeout;        /* no budget slot came before the deadline */
	const char *url;            /* base for resolving the first Location */
	size_t max_body;
	size_t body_cap;            /* allocated bytes of resp->body (incl. NUL) */
	size_t body_seen;           /* body bytes of the current response, kept or not */
	int finals;                 /* non-1xx status lines seen */
	long status;                /* of the current response */
	bool ceiling_hit;
	bool oom;
	bool refused;               /* the guard refused an address curl wanted */
	char why[200];
	size_t headers_cap;         /* allocated entries of resp->headers */
	size_t header_lines;        /* of the current response, folded lines included */
	bool too_many_headers;      /* more than HTTP_MAX_HEADER_LINES: the request failed */
};

/* libcurl's TLS backend is OpenSSL: CURLOPT_SSL_CTX_FUNCTION hands us an SSL_CTX. */
static bool http_tls_is_openssl;

/* --resolve (issue 21): "name:port:addresses" for every request, set before threads */
static char (*resolve_entries)[600];
static size_t n_resolve_entries;

int http_set_resolve(const char (*entries)[600], size_t n)
{
	char (*copy)[600] = NULL;

	if (n && !(copy = malloc(n * sizeof(*copy))))
		return -1;
	if (n)
		memcpy(copy, entries, n * sizeof(*copy));
	free(resolve_entries);
	resolve_entries = copy;
	n_resolve_entries = n;
	return 0;
}

int http_global_init(void)
{
	const curl_version_info_data *v;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	v = curl_version_info(CURLVERSION_NOW);
	/* a multi-backend build names the inactive ones in parentheses */
	http_tls_is_openssl = v != NULL && v->ssl_version != NULL &&
	                      strncmp(v->ssl_version, "OpenSSL/", 8) == 0;
	return 0;
}

/* Certificates are not verified (§3.3.5), yet OpenSSL would still build and check
 * the served chain in every handshake, only to record a result curl merely logs
 * with VERIFYPEER off: skip that per-connection work (issue 17 item 6). */
static int http_skip_verify(X509_STORE_CTX *sc, void *arg)
{
	(void)sc;
	(void)arg;
	return 1;
}

/* `arg`: the request's verify_store, or NULL (no verification). With a store, the
 * shared process store (tls/truststore.h: system bundle plus --ca-file) replaces the
 * one curl loaded; curl configures nothing on the SSL_CTX after this callback. */
static CURLcode on_ssl_ctx(CURL *curl, void *ssl_ctx, void *arg)
{
	(void)curl;
	if (arg != NULL)
		SSL_CTX_set1_cert_store(ssl_ctx, arg);
	else
		SSL_CTX_set_cert_verify_callback(ssl_ctx, http_skip_verify, NULL);
	return CURLE_OK;
}

void http_global_cleanup(void)
{
	curl_global_cleanup();
	free(resolve_entries);
	resolve_entries = NULL;
	n_resolve_entries = 0;
}

static void headers_clear(struct http_response *resp)
{
	for (size_t i = 0; i < resp->n_headers; i++) {
		free(resp->headers[i].name);
		free(resp->headers[i].value);
	}
	free(resp->headers);
	resp->headers = NULL;
	resp->n_headers = 0;
}

void http_response_free(struct http_response *resp)
{
	if (!resp)
		return;
	headers_clear(resp);
	free(resp->final_url);
	free(resp->first_location);
	free(resp->body);
	memset(resp, 0, sizeof(*resp));
}

/* Copy the bytes of `c` into a new NUL-terminated string. */
static char *cursor_strdup(struct cursor c)
{
	size_t n = cursor_len(&c);
	char *s = malloc(n + 1);

	if (!s)
		return NULL;
	(void)cursor_copy(&c, s, n);
	s[n] = '\0';
	return s;
}

static bool is_lws(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* Drop leading and trailing spaces, tabs and CR/LF. */
static struct cursor cursor_trim(struct cursor c)
{
	struct cursor t;
	uint8_t ch;
	size_t n;

	for (;;) {
		t = c;
		if (cursor_get_u8(&t, &ch) < 0 || !is_lws(ch))
			break;
		c = t;
	}
	n = cursor_len(&c);
	while (n > 0) {
		t = c;
		(void)cursor_skip(&t, n - 1);
		(void)cursor_get_u8(&t, &ch);
		if (!is_lws(ch))
			break;
		n--;
	}
	(void)cursor_get_bytes(&c, &t, n);
	return t;
}

static bool cursor_starts_with(const struct cursor *c, const char *lit)
{
	struct cursor t = *c;
	for (; *lit; lit++) {
		uint8_t ch;
		if (cursor_get_u8(&t, &ch) < 0 || ch != (unsigned char)*lit)
			return false;
	}
	return true;
}

/* "HTTP/1.1 301 Moved" -> 301; 0 if unparsable. */
static long status_parse(struct cursor c)
{
	uint8_t ch;
	long code = 0;

	do {
		if (cursor_get_u8(&c, &ch) < 0)
			return 0;
	} while (ch != ' ');
	for (int i = 0; i < 3; i++) {
		if (cursor_get_u8(&c, &ch) < 0 || ch < '0' || ch > '9')
			return 0;
		code = code * 10 + (ch - '0');
	}
	return code;
}

/* `location` made absolute against `base`; malloc'd; the raw value if curl cannot parse it. */
static char *location_resolve(const char *base, const char *location)
{
	CURLU *u = curl_url();
	char *abs = NULL, *out = NULL;

	if (u && curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_URL, location, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &abs, 0) == CURLUE_OK)
		out = strdup(abs);
	else
		out = strdup(location);
	curl_free(abs);
	curl_url_cleanup(u);
	return out;
}

static int header_add(struct http_ctx *ctx, struct cursor name, struct cursor value)
{
	struct http_response *resp = ctx->resp;
	struct http_header *h = resp->headers;
	char *n = cursor_strdup(name), *v = cursor_strdup(value);

	/* doubling: one realloc per header was quadratic (100 000 headers: 38 s under ASan) */
	if (n && v && resp->n_headers == ctx->headers_cap) {
		size_t cap = ctx->headers_cap ? 2 * ctx->headers_cap : 16;
		h = realloc(resp->headers, cap * sizeof(*h));
		if (h) {
			resp->headers = h;
			ctx->headers_cap = cap;
		}
	}
	if (!n || !v || !h) {
		free(n);
		free(v);
		return -1;
	}
	h[resp->n_headers].name = n;
	h[resp->n_headers].value = v;
	resp->n_headers++;

	/* the first response's Location, if it redirects (spec §3.3.5, §8 item 26) */
	if (ctx->finals == 1 && ctx->status >= 300 && ctx->status < 400 && !resp->first_location &&
	    strcasecmp(n, "location") == 0) {
		resp->first_location = location_resolve(ctx->url, v);
		if (!resp->first_location)
			return -1;
	}
	return 0;
}

/* An obsolete folded line continues the previous header's value. */
static int header_continue(struct http_response *resp, struct cursor more)
{
	struct http_header *h;
	size_t old, add = cursor_len(&more);
	char *v;

	if (resp->n_headers == 0 || add == 0)
		return 0;
	h = &resp->headers[resp->n_headers - 1];
	old = strlen(h->value);
	v = realloc(h->value, old + 1 + add + 1);
	if (!v)
		return -1;
	v[old] = ' ';
	(void)cursor_copy(&more, v + old + 1, add);
	v[old + 1 + add] = '\0';
	h->value = v;
	return 0;
}

static size_t on_header(char *buffer, size_t size, size_t nitems, void *userdata)
{
	struct http_ctx *ctx = userdata;
	size_t len = size * nitems;
	struct cursor line, name, rest;
	uint8_t ch;
	size_t colon = 0;

	cursor_init(&line, buffer, len);
	if (cursor_starts_with(&line, "HTTP/")) {
		/* a new response: keep only the headers and body of the last one */
		ctx->status = status_parse(line);
		if (ctx->status >= 200)
			ctx->finals++;
		headers_clear(ctx->resp);
		ctx->headers_cap = 0;
		ctx->header_lines = 0;
		ctx->resp->body_len = 0;
		ctx->body_seen = 0;
		return len;
	}
	rest = line;
	if (cursor_get_u8(&rest, &ch) < 0)
		return len;
	if (ch != '\r' && ch != '\n' && ++ctx->header_lines > HTTP_MAX_HEADER_LINES) {
		ctx->too_many_headers = true;
		return 0;       /* aborts the transfer */
	}
	if (ch == ' ' || ch == '\t') {
		if (header_continue(ctx->resp, cursor_trim(line)) < 0)
			goto oom;
		return len;
	}
	rest = line;
	while (cursor_get_u8(&rest, &ch) == 0 && ch != ':')
		colon++;
	if (colon == 0 || colon == len)
		return len;     /* the blank line ending the block, or no ':' */
	rest = line;
	(void)cursor_get_bytes(&rest, &name, colon);
	(void)cursor_skip(&rest, 1);
	if (header_add(ctx, name, cursor_trim(rest)) < 0)
		goto oom;
	return len;
oom:
	ctx->oom = true;
	return 0;               /* aborts the transfer */
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct http_ctx *ctx = userdata;
	struct http_response *resp = ctx->resp;
	size_t len = size * nmemb, keep = 0;
	struct cursor c;

	cursor_init(&c, ptr, len);
	ctx->body_seen += len;
	if (resp->body_len < ctx->max_body)
		keep = ctx->max_body - resp->body_len < len ? ctx->max_body - resp->body_len : len;
	if (keep > 0) {
		if (resp->body_len + keep + 1 > ctx->body_cap) {
			size_t cap = ctx->body_cap ? ctx->body_cap : 16384;
			char *b;
			while (cap < resp->body_len + keep + 1)
				cap *= 2;
			if (cap > ctx->max_body + 1)
				cap = ctx->max_body + 1;
			b = realloc(resp->body, cap);
			if (!b) {
				ctx->oom = true;
				return 0;
			}
			resp->body = b;
			ctx->body_cap = cap;
		}
		(void)cursor_copy(&c, resp->body + resp->body_len, keep);
		resp->body_len += keep;
		resp->body[resp->body_len] = '\0';
	}
	if (ctx->body_seen > HTTP_BODY_CEILING) {
		ctx->ceiling_hit = true;
		return 0;       /* stop reading; what we kept stands */
	}
	return len;
}

/* Every address curl connects to passes the target guard first. */
static curl_socket_t on_open_socket(void *clientp, curlsocktype purpose, struct curl_sockaddr *address)
{
	struct http_ctx *ctx = clientp;
	struct netaddr na;

	if (purpose != CURLSOCKTYPE_IPCXN ||
	    netaddr_from_sockaddr(&address->addr, address->addrlen, &na) < 0) {
		ctx->refused = true;
		snprintf(ctx->why, sizeof(ctx->why), "target guard: unsupported socket");
		return CURL_SOCKET_BAD;
	}
	if (guard_check(&na, ctx->why, sizeof(ctx->why)) < 0) {
		ctx->refused = true;
		return CURL_SOCKET_BAD;
	}
	/* issue 17: every connection takes a slot of the per-address budget until
	 * on_close_socket; a thread holds one at a time (reuse forbidden when it is on) */
	if (budget_acquire(&na, ctx->dl) < 0) {
		ctx->budget_timeout = true;
		return CURL_SOCKET_BAD;
	}
	if (budget_enabled() && ctx->n_socks == HTTP_SOCKETS_MAX) {
		budget_release(&na);
		snprintf(ctx->why, sizeof(ctx->why), "too many sockets in one transfer");
		return CURL_SOCKET_BAD;
	}
	curl_socket_t fd = socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
	if (fd == CURL_SOCKET_BAD) {
		error_note_errno(errno);   /* out of descriptors: not the server's fault */
		budget_release(&na);
		return fd;
	}
	if (ctx->n_socks < HTTP_SOCKETS_MAX) {   /* budget off: an untracked socket is harmless */
		ctx->socks[ctx->n_socks].fd = fd;
		ctx->socks[ctx->n_socks].addr = na;
		ctx->n_socks++;
	}
	return fd;
}

/* Every socket curl closes: give its budget slot back (issue 17). */
static int on_close_socket(void *clientp, curl_socket_t fd)
{
	struct http_ctx *ctx = clientp;
	int rc = close(fd);

	for (size_t i = 0; i < ctx->n_socks; i++) {
		if (ctx->socks[i].fd != fd)
			continue;
		budget_release(&ctx->socks[i].addr);
		ctx->socks[i] = ctx->socks[--ctx->n_socks];
		break;
	}
	return rc;
}

/* Failures worth the one retry of spec §3.3.5 (connection-level, not HTTP-level). */
static bool retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return true;
	default:
		return false;
	}
}

/*
 * "host:port:address" entries pinning the URL's host to req->addr on the URL's
 * port, 80 and 443. An IP-literal host is not pinned. Then the --resolve entries of
 * other hosts (a redirect may go there). *list stays NULL when there is nothing.
 */
/* Append the --resolve entries except those of `pinned` (already pinned). 0, or -1. */
static int resolve_entries_add(struct curl_slist **list, const char *pinned, char *err, size_t errlen)
{
	size_t plen = pinned ? strlen(pinned) : 0;

	for (size_t i = 0; i < n_resolve_entries; i++) {
		struct curl_slist *l;
		if (pinned && strncasecmp(resolve_entries[i], pinned, plen) == 0 &&
		    resolve_entries[i][plen] == ':')
			continue;
		l = curl_slist_append(*list, resolve_entries[i]);
		if (!l) {
			snprintf(err, errlen, "out of memory");
			curl_slist_free_all(*list);
			*list = NULL;
			return -1;
		}
		*list = l;
	}
	return 0;
}

static int pins_build(const char *url, const struct netaddr *addr, struct curl_slist **list,
                      char *err, size_t errlen)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL;
	char abuf[INET6_ADDRSTRLEN], entry[600];
	struct netaddr literal;
	long ports[3] = { 0, 80, 443 };
	int rc = -1;

	*list = NULL;
	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
		snprintf(err, errlen, "invalid URL: %s", url);
		goto out;
	}
	if (host[0] == '[' || netaddr_parse(host, &literal) == 0) {
		rc = resolve_entries_add(list, NULL, err, errlen);
		goto out;
	}
	ports[0] = strtol(port, NULL, 10);
	netaddr_str(addr, abuf, sizeof(abuf));
	for (int i = 0; i < 3; i++) {
		struct curl_slist *l;
		if (i > 0 && ports[i] == ports[0])
			continue;
		snprintf(entry, sizeof(entry), addr->family == AF_INET6 ? "%s:%ld:[%s]" : "%s:%ld:%s",
		         host, ports[i], abuf);
		l = curl_slist_append(*list, entry);
		if (!l) {
			snprintf(err, errlen, "out of memory");
			curl_slist_free_all(*list);
			*list = NULL;
			goto out;
		}
		*list = l;
	}
	rc = resolve_entries_add(list, host, err, errlen);
out:
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
}

/* One attempt; fills resp. Returns curl's code; ctx tells guard refusals apart. */
static CURLcode attempt_once(const struct http_request *req, struct curl_slist *pins,
                             struct curl_slist *extra, struct http_ctx *ctx, long timeout_ms)
{
	struct http_response *resp = ctx->resp;
	char errbuf[CURL_ERROR_SIZE] = "";
	CURL *curl = curl_easy_init();
	CURLcode rc;
	char *eff = NULL;
	long redirects = 0;

	if (!curl) {
		snprintf(resp->error, sizeof(resp->error), "curl_easy_init failed");
		return CURLE_FAILED_INIT;
	}
	curl_easy_setopt(curl, CURLOPT_URL, req->url);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_PROXY, "");              /* never via a proxy from the environment */
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(curl, CURLOPT_USERAGENT, HTTP_USER_AGENT);
	curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);  /* like urllib3 */
	curl_easy_setopt(curl, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);  /* §3.3.5 (derived) */
	/* §3.3.5: not verified; RFC 8461 §3.3 (MTA-STS): verified, name included */
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, req->verify_store ? 1L : 0L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, req->verify_store ? 2L : 0L);
	if (http_tls_is_openssl) {
		curl_easy_setopt(curl, CURLOPT_SSL_CTX_FUNCTION, on_ssl_ctx);
		curl_easy_setopt(curl, CURLOPT_SSL_CTX_DATA, req->verify_store);
		/* the store comes from on_ssl_ctx: curl must not load its CA bundle (a machine
		 * without one would fail every verified request with "error setting certificate
		 * file" before the callback runs) */
		if (req->verify_store) {
			curl_easy_setopt(curl, CURLOPT_CAINFO, NULL);
			curl_easy_setopt(curl, CURLOPT_CAPATH, NULL);
		}
	}
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, req->follow_redirects ? 1L : 0L);
	curl_easy_setopt(curl, CURLOPT_MAXREDIRS, (long)HTTP_MAX_REDIRECTS);
	curl_easy_setopt(curl, CURLOPT_COOKIEFILE, "");        /* in-memory cookies across redirects */
	if (pins)
		curl_easy_setopt(curl, CURLOPT_RESOLVE, pins);
	if (extra)
		curl_easy_setopt(curl, CURLOPT_HTTPHEADER, extra);
	curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
	curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, ctx);
	curl_easy_setopt(curl, CURLOPT_CLOSESOCKETFUNCTION, on_close_socket);
	curl_easy_setopt(curl, CURLOPT_CLOSESOCKETDATA, ctx);
	/* issue 17: with a budget, an idle kept-alive connection must not hold a slot while
	 * the same transfer (a redirect) waits for another one of the same address */
	if (budget_enabled())
		curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
	ctx->dl = deadline_in(timeout_ms);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, ctx);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, ctx);

	rc = curl_easy_perform(curl);
	if (rc == CURLE_WRITE_ERROR && ctx->ceiling_hit && !ctx->oom)
		rc = CURLE_OK;  /* an endless body: keep what we have */

	if (rc == CURLE_OK) {
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp->status);
		curl_easy_getinfo(curl, CURLINFO_REDIRECT_COUNT, &redirects);
		curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &eff);
		resp->redirects = (int)redirects;
		resp->final_url = strdup(eff ? eff : req->url);
		if (!resp->body)
			resp->body = calloc(1, 1);
		if (!resp->final_url || !resp->body) {
			snprintf(resp->error, sizeof(resp->error), "out of memory");
			rc = CURLE_OUT_OF_MEMORY;
		} else {
			resp->ok = true;
		}
	} else if (ctx->refused) {
		resp->refused = true;
		snprintf(resp->error, sizeof(resp->error), "refused by the target guard: %s", ctx->why);
	} else if (ctx->oom) {
		snprintf(resp->error, sizeof(resp->error), "out of memory");
	} else if (ctx->budget_timeout) {
		snprintf(resp->error, sizeof(resp->error),
		         "timed out waiting for a free connection slot to the address");
	} else if (ctx->too_many_headers) {
		snprintf(resp->error, sizeof(resp->error), "more than %d header lines in a response "
		         "(Python's http.client, which internet.nl uses, refuses them too)",
		         HTTP_MAX_HEADER_LINES);
	} else {
		resp->cert_invalid = rc == CURLE_PEER_FAILED_VERIFICATION;   /* verify_store only */
		snprintf(resp->error, sizeof(resp->error), "%s",
		         errbuf[0] ? errbuf : curl_easy_strerror(rc));
	}
	curl_easy_cleanup(curl);
	return rc;
}

int http_get(const struct http_request *req, struct http_response *resp)
{
	struct curl_slist *pins = NULL, *extra = NULL;
	char why[200];
	int rc = -1;

	memset(resp, 0, sizeof(*resp));
	if (!req->url || !req->addr) {
		snprintf(resp->error, sizeof(resp->error), "no URL or address");
		return -1;
	}
	if (guard_check(req->addr, why, sizeof(why)) < 0) {
		resp->refused = true;
		snprintf(resp->error, sizeof(resp->error), "refused by the target guard: %s", why);
		return -1;
	}
	if (pins_build(req->url, req->addr, &pins, resp->error, sizeof(resp->error)) < 0)
		return -1;
	if (req->accept_encoding) {
		/* a raw header: curl must not decode, internet.nl judges Content-Encoding (§3.3.5) */
		char hdr[512];
		snprintf(hdr, sizeof(hdr), "Accept-Encoding: %s", req->accept_encoding);
		extra = curl_slist_append(NULL, hdr);
		if (!extra) {
			snprintf(resp->error, sizeof(resp->error), "out of memory");
			goto out;
		}
	}

	for (int attempt = 0; attempt < 2; attempt++) {
		long per = req->attempt_timeout_ms > 0 ? req->attempt_timeout_ms : HTTP_ATTEMPT_TIMEOUT_MS;
		long left = deadline_left_ms(req->deadline);
		struct http_ctx ctx = {
			.resp = resp,
			.url = req->url,
			.max_body = req->max_body ? req->max_body : HTTP_DEFAULT_MAX_BODY,
		};
		CURLcode cc;

		if (left <= 0) {
			if (attempt == 0)
				snprintf(resp->error, sizeof(resp->error), "deadline passed before the request");
			break;
		}
		if (attempt > 0)
			http_response_free(resp);       /* spec §3.3.5: one retry */
		cc = attempt_once(req, pins, extra, &ctx, per < left ? per : left);
		if (cc == CURLE_OK) {
			rc = 0;
			break;
		}
		if (ctx.refused || !retryable(cc))
			break;
	}
out:
	curl_slist_free_all(pins);
	curl_slist_free_all(extra);
	return rc;
}

const char *http_header_get(const struct http_response *resp, const char *name)
{
	for (size_t i = 0; i < resp->n_headers; i++)
		if (strcasecmp(resp->headers[i].name, name) == 0)
			return resp->headers[i].value;
	return NULL;
}

char *http_header_merged(const struct http_response *resp, const char *name)
{
	size_t total = 0, n = 0;
	char *out, *p;

	for (size_t i = 0; i < resp->n_headers; i++)
		if (strcasecmp(resp->headers[i].name, name) == 0) {
			total += strlen(resp->headers[i].value) + (n ? 2 : 0);
			n++;
		}
	if (n == 0)
		return NULL;
	out = malloc(total + 1);
	if (!out)
		return NULL;
	p = out;
	n = 0;
	for (size_t i = 0; i < resp->n_headers; i++)
		if (strcasecmp(resp->headers[i].name, name) == 0) {
			size_t l = strlen(resp->headers[i].value);
			if (n++) {
				memcpy(p, ", ", 2);
				p += 2;
			}
			memcpy(p, resp->headers[i].value, l);
			p += l;
		}
	*p = '\0';
	return out;
}

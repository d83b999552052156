/*
 * http.h -- HTTP(S) requests through libcurl, pinned to one checked address.
 *
 * The URL's host name is used for Host and SNI; the TCP connection goes to
 * `addr` only (CURLOPT_RESOLVE-style pinning), which the target guard has
 * checked. Redirects to other hosts are resolved by curl itself through the
 * system resolver, like internet.nl (spec §1.4 exceptions) -- but every
 * connection curl opens is first passed through the target guard (via
 * CURLOPT_OPENSOCKETFUNCTION), so nothing unchecked is contacted.
 * Certificates are not verified (spec §3.3.5), unless a request brings a trust
 * store (`verify_store`: MTA-STS, RFC 8461 §3.3, issue 22).
 */
#ifndef INETCHECK_NET_HTTP_H
#define INETCHECK_NET_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/deadline.h"
#include "net/guard.h"

struct http_request {
	const char *url;            /* http://name/ or https://name/ */
	const struct netaddr *addr; /* pin: connect here for the URL's host (port from URL) */
	bool follow_redirects;      /* up to 30 (libcurl default used by internet.nl) */
	const char *accept_encoding;/* raw header value or NULL */
	size_t max_body;            /* bytes kept; the rest is read and dropped; 0 = 1 MiB */
	deadline_t deadline;
	long attempt_timeout_ms;    /* per attempt (spec §9: 10 s); 0 = 10 s; always capped by deadline */
	void *verify_store;         /* NULL: certificates not verified (§3.3.5). Else an OpenSSL
	                               X509_STORE * (opaque here: net/ stays below tls/) the peer's
	                               chain must verify against, and the URL's host must match
	                               the certificate; a failure sets resp->cert_invalid */
};

#define HTTP_DEFAULT_MAX_BODY   (1024 * 1024)
#define HTTP_BODY_CEILING       (8 * 1024 * 1024)  /* a longer body is cut off here (still ok) */
#define HTTP_ATTEMPT_TIMEOUT_MS 10000
#define HTTP_MAX_REDIRECTS      30
/* More header lines in one response fail the request, as in Python's http.client
 * (_MAXHEADERS), which internet.nl's requests uses; also bounds the work per response. */
#define HTTP_MAX_HEADER_LINES   100

struct http_header {
	char *name;                 /* as received */
	char *value;
};

struct http_response {
	bool ok;                    /* a response was received */
	char error[256];            /* curl's message when !ok */
	bool refused;               /* the target guard refused an address, redirects included;
	                               `error` names it ("refused by the target guard: ...") */
	bool cert_invalid;          /* with verify_store: the certificate did not verify
	                               (untrusted, expired, wrong name); `error` says why */
	long status;                /* final status code */
	char *final_url;            /* after redirects */
	char *first_location;       /* Location of the first response, if it was a 3xx with one;
	                               made absolute against the request URL (raw if unparsable) */
	int redirects;
	struct http_header *headers;/* of the final response, in order */
	size_t n_headers;
	char *body;                 /* NUL-terminated, at most max_body bytes */
	size_t body_len;
};

/* Initialise libcurl once (call from main before threads start). */
int http_global_init(void);
/* --resolve (issue 21): libcurl "NAME:PORT:ADDR[,ADDR...]" entries every request uses
 * for other hosts than its pinned one (redirects); copied. Before threads start. 0/-1. */
int http_set_resolve(const char (*entries)[600], size_t n);
void http_global_cleanup(void);

/*
 * Perform the request; always fills `resp` (free with http_response_free). 0 if ok.
 * The target guard checks req->addr first and every address curl connects to
 * (redirects included); a refusal fails at once with the guard's reason in
 * resp->error. One retry after a connection-level failure (connect, TLS
 * handshake, send/receive, empty reply, timeout) if the deadline has time left
 * (spec §3.3.5). HTTP/1.1, TLS >= 1.2, certificates not verified (unless
 * req->verify_store; a verification failure is not retried), no proxy,
 * cookies kept across the redirects of one request (as requests' session does).
 * Pinning: the URL's host on the URL's port and on 80 and 443 resolves to
 * req->addr (so an http -> https redirect to the same host stays on the address);
 * a URL whose host is an IP literal is not re-pinned. The body is never
 * decoded (Content-Encoding is reported as received).
 */
int http_get(const struct http_request *req, struct http_response *resp);
/* Free what `resp` holds and zero it; safe on a zeroed or already freed response. */
void http_response_free(struct http_response *resp);

/* Value of the first header named `name` (case-insensitive), or NULL. Repeated
 * headers are NOT merged here; see http_header_merged. */
const char *http_header_get(const struct http_response *resp, const char *name);
/* All values of header `name` joined with ", " (as the Python library does); malloc'd or NULL. */
char *http_header_merged(const struct http_response *resp, const char *name);

#endif

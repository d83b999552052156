/*
 * http.h -- HTTP(S) requests through libcurl, pinned to one checked address.
 *
 * The URL's host name is used for Host and SNI; the TCP connection goes to
 * `addr` only (CURLOPT_RESOLVE-style pinning), which the target guard has
 * checked. Redirects to other hosts are resolved by curl itself through the
 * system resolver, like internet.nl (spec §1.4 exceptions) -- but every
 * connection curl opens is first passed through the target guard (via
 * CURLOPT_OPENSOCKETFUNCTION), so nothing unchecked is contacted.
 * Certificates are not verified (spec §3.3.5).
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
};

struct http_header {
	char *name;                 /* as received */
	char *value;
};

struct http_response {
	bool ok;                    /* a response was received */
	char error[256];            /* curl's message when !ok */
	long status;                /* final status code */
	char *final_url;            /* after redirects */
	char *first_location;       /* Location of the first response, if it redirected */
	int redirects;
	struct http_header *headers;/* of the final response, in order */
	size_t n_headers;
	char *body;                 /* NUL-terminated, at most max_body bytes */
	size_t body_len;
};

/* Initialise libcurl once (call from main before threads start). */
int http_global_init(void);
void http_global_cleanup(void);

/* Perform the request; always fills `resp` (free with http_response_free). 0 if ok. */
int http_get(const struct http_request *req, struct http_response *resp);
void http_response_free(struct http_response *resp);

/* Value of the first header named `name` (case-insensitive), or NULL. Repeated
 * headers are NOT merged here; see http_header_merged. */
const char *http_header_get(const struct http_response *resp, const char *name);
/* All values of header `name` joined with ", " (as the Python library does); malloc'd or NULL. */
char *http_header_merged(const struct http_response *resp, const char *name);

#endif

/*
 * securitytxt.h -- security.txt retrieval and evaluation, spec §3.4.2: the
 * retrieval rules (well-known, then legacy location; status, media type,
 * charset) and an RFC 9116 parser with internet.nl's (sectxt 0.9.8) error,
 * recommendation and notification codes and line numbers. The parser is pure
 * and fuzzed (fuzz/fuzz_securitytxt.c); securitytxt_probe does the HTTP.
 */
#ifndef INETCHECK_CHECKS_SECURITYTXT_H
#define INETCHECK_CHECKS_SECURITYTXT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/deadline.h"
#include "net/guard.h"

#define SECTXT_MSGS_MAX 64
#define SECTXT_MAX_BYTES (100 * 1024)   /* §3.4.2 step 2 */

struct sectxt_msg {
	const char *code;           /* "no_contact", "invalid_media", "long_expiry", ... (static) */
	int line;                   /* 1-based line number; 0 when not about a line */
	char context[64];           /* e.g. the status code for no_security_txt_other; "" */
};

struct sectxt_result {
	bool found;                 /* a 200 response with non-empty content ("enabled") */
	char found_host[256];       /* host of the final URL (after redirects), else the name */
	struct sectxt_msg errors[SECTXT_MSGS_MAX];
	size_t n_errors;
	struct sectxt_msg recommendations[SECTXT_MSGS_MAX];  /* incl. notifications (unknown_field) */
	size_t n_recommendations;
	char refused[256];          /* the guard refused an address of a redirect: its reason */
};

/*
 * Pure parser of step 4: parse `content` (`len` bytes, may contain anything) as
 * sectxt 0.9.8 does, with `final_url` for Canonical matching and `now` for
 * Expires; append errors and recommendations to `out` (not reset).
 */
void securitytxt_parse(const char *content, size_t len, const char *final_url, time_t now,
                       struct sectxt_result *out);

/*
 * Pure retrieval checks of step 3 for one response: `status` (0 = no response),
 * `content_type` (NULL = header missing); appends no_security_txt_404 /
 * no_security_txt_other / no_content_type / invalid_media / invalid_charset to
 * `out`. Returns true when the content is to be parsed.
 */
bool securitytxt_check_response(long status, const char *content_type, struct sectxt_result *out);

/* Steps 1-5 against `addr` for `name` (HTTPS, pinned, redirects followed). */
void securitytxt_probe(const char *name, const struct netaddr *addr, deadline_t deadline,
                       struct sectxt_result *out);

#endif

/*
 * headers.h -- the HTTP-level rules of spec §3.3.5 (HTTPS redirect, HSTS, HTTP
 * compression) and §3.4 (X-Frame-Options, X-Content-Type-Options,
 * Referrer-Policy). Pure functions over header values as the HTTP library
 * gives them (repeated headers merged with ", "; NULL = absent); fuzzed
 * (fuzz/fuzz_headers.c).
 */
#ifndef INETCHECK_CHECKS_HEADERS_H
#define INETCHECK_CHECKS_HEADERS_H

#include <stdbool.h>
#include <stddef.h>

#define HSTS_MIN_MAX_AGE 31536000LL   /* §3.3.5: one year */

enum hsts_state {
	HSTS_BAD = 0,     /* absent or unparsable (0 points) */
	HSTS_SHORT,       /* max-age < one year, incl. 0 ("max_age" failure, 2 points) */
	HSTS_GOOD,        /* max-age >= one year (10 points) */
};
/* §3.3.5: first comma-separated element, lowercased, text after "max-age=" up to the
 * next ';', integer with optional surrounding whitespace, no quotes. `max_age` gets
 * the value when parsed (else -1). */
enum hsts_state hsts_evaluate(const char *value, long long *max_age);

/* §3.3.5 step 3: is the first redirect target (or the plain response URL) https on
 * exactly host `name` (port may be explicit)? `url` may be NULL (→ false). */
bool redirect_target_good(const char *url, const char *name);

/* §3.4: first comma-separated value, uppercased, is DENY or SAMEORIGIN. */
bool x_frame_options_good(const char *value);
/* §3.4: first comma-separated value, lowercased (trimmed), is "nosniff". */
bool x_content_type_options_good(const char *value);

enum referrer_class {
	REFERRER_GOOD = 0,           /* no-referrer, same-origin */
	REFERRER_RECOMMENDATIONS,    /* absent/empty (msgid no-policy), strict-origin,
	                              * strict-origin-when-cross-origin (recommendation-<value>) */
	REFERRER_BAD,                /* bad-<value> for the four bad values, else bad-invalid */
};
/* §3.4 and §8 item 41: judge the last comma-separated token (case-sensitive); `msgid`
 * gets "no-policy", "recommendation-<whole header value>", "bad-<value>" or
 * "bad-invalid" ("" when good). */
enum referrer_class referrer_policy_evaluate(const char *value, char *msgid, size_t len);

#endif

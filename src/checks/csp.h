/*
 * csp.h -- the Content-Security-Policy evaluation of spec §3.4.1, exactly as
 * internet.nl does it (case-sensitive directive names, fallbacks, "self-like",
 * every failure msgid). Pure; fuzzed (fuzz/fuzz_csp.c).
 */
#ifndef INETCHECK_CHECKS_CSP_H
#define INETCHECK_CHECKS_CSP_H

#include <stdbool.h>
#include <stddef.h>

#define CSP_FAILURES_MAX 16

struct csp_result {
	bool found;                 /* a CSP header was present (tech "policy-found") */
	bool good;                  /* found and no failure */
	const char *failures[CSP_FAILURES_MAX]; /* msgids in internet.nl's order
	                             * (ParseResult.failures(): as §3.4.1's table, except that
	                             * has-unsafe-hashes comes after has-invalid-host) */
	size_t n_failures;
};

/* Evaluate the merged Content-Security-Policy header value (repeated headers
 * joined with ", "; NULL = absent) for the tested name `domain` (no trailing dot). */
void csp_evaluate(const char *header, const char *domain, struct csp_result *out);

#endif

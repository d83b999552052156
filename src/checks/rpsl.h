/*
 * rpsl.h -- route objects from a RIPE RIS whois answer (spec §3.5 step 2).
 *
 * The answer to `-L <address>` is RPSL: objects separated by blank lines,
 * "attribute: value" lines, '%' comment lines, e.g.
 *
 *   route:          192.0.2.0/24
 *   origin:         AS64496
 *   descr:          EXAMPLE-AS
 *   lastupd-frst:   2024-01-01 00:00Z  192.0.2.1@rrc00
 *   lastupd-last:   2024-06-01 00:00Z  192.0.2.1@rrc00
 *   seen-at:        rrc00,rrc01
 *   num-rispeers:   312
 *   source:         RISWHOIS
 *
 * The rules are internet.nl's (checks/tasks/routing.py, RisWhoisIPtoASN):
 * CRLF is read as LF; objects are split on an empty line ("\n\n"); inside an
 * object, lines starting with '%' and lines without ':' are ignored; the
 * attribute is the text before the first ':' and the value the text after it,
 * both with surrounding white space removed; attribute names are compared
 * exactly (case-sensitive) and a repeated attribute keeps its last value. An
 * object yields a route when `route` (else `route6`) is non-empty, `origin` and
 * `num-rispeers` are non-empty, origin is "AS<n>" or "<n>" with n < 2^32,
 * num-rispeers is a decimal integer, and the prefix parses (a missing length
 * means a host prefix; host bits set = unparseable). Any other object is
 * skipped, never an error: a malformed object costs only itself. Only routes
 * seen by at least RPSL_MIN_RISPEERS peers are kept.
 *
 * Parsed through the cursor only (STYLE rule 5); fuzzed by fuzz/fuzz_rpsl.c.
 */
#ifndef INETCHECK_CHECKS_RPSL_H
#define INETCHECK_CHECKS_RPSL_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "net/prefix.h"

/* spec §3.5 / §9: only routes seen by at least this many RIS peers count */
#define RPSL_MIN_RISPEERS 10

/* One announcement: origin AS and prefix, with the number of RIS peers that saw it. */
struct rpsl_route {
	uint32_t origin;
	struct prefix prefix;
	uint32_t peers;
};

/* A growable list of routes; zero-initialise, release with rpsl_routes_free(). */
struct rpsl_routes {
	struct rpsl_route *v;
	size_t n, cap;
	size_t skipped;          /* objects with a route that were dropped (malformed or < 10 peers) */
};

/*
 * Parse a whois answer of `len` untrusted bytes and append the routes it
 * holds (rules above) to `out`, in answer order. Returns 0, or -1 with a reason
 * in `err` when the answer is not valid UTF-8 (internet.nl's decode fails: "BGP
 * source unavailable") or memory runs out; on -1, `out` keeps only what it had
 * before the call.
 */
int rpsl_parse_routes(const uint8_t *data, size_t len, struct rpsl_routes *out, struct error *err);

void rpsl_routes_free(struct rpsl_routes *routes);

#endif

/*
 * rov.h -- route origin validation through a relying party (spec §3.5 step 3):
 * a loaded VRP set (--rpki-vrps, checks/vrp.h) or a Routinator-style HTTP API
 * (--rpki-validator, GET <url>/<asn>/<prefix>, what internet.nl uses).
 *
 * Either way the answer has internet.nl's shape: a state, and the number of
 * VRPs in the list internet.nl keeps for it ("matched" when valid,
 * "unmatched_<reason>" when invalid, none when not-found). That number is what
 * the existence subtests look at.
 */
#ifndef INETCHECK_CHECKS_ROV_H
#define INETCHECK_CHECKS_ROV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/vrp.h"
#include "core/deadline.h"
#include "core/error.h"
#include "net/guard.h"
#include "net/prefix.h"

#define ROV_HTTP_TIMEOUT_MS 10000          /* spec §9: HTTP client timeout */
#define ROV_MAX_ANSWER (1024 * 1024)       /* a validity answer is a few hundred bytes */
#define ROV_URL_MAX 512

/* The relying party of a run: exactly one of the two is set (or neither: none configured). */
struct rov_rp {
	const struct vrp_set *vrps;        /* --rpki-vrps, or NULL */
	const char *url;                   /* --rpki-validator after rov_validator_url(), or NULL */
};

struct rov_answer {
	enum rov_state state;
	size_t n_vrps;                     /* VRPs of the list kept for the state */
};

/* True when a relying party is configured. */
bool rov_configured(const struct rov_rp *rp);

/*
 * Validate the route (`asn`, `route`). Returns 0, or -1 when the relying party
 * is unavailable (none configured, HTTP error or status >= 400, timeout, an
 * answer that is not the expected JSON): internet.nl's
 * RelyingPartyUnvailableError. `err` says why.
 */
int rov_validate(const struct rov_rp *rp, uint32_t asn, const struct prefix *route,
                 deadline_t deadline, struct rov_answer *out, struct error *err);

/*
 * The existence fallback for an address without routes (§3.5 step 3, the AS0
 * trick): validate (AS0, the address as /32 or /128) and report whether any VRP
 * covers it. An IPv4-mapped IPv6 address stays IPv6 here, as in internet.nl.
 * Returns 0 or -1 as rov_validate.
 */
int rov_covered(const struct rov_rp *rp, const struct netaddr *addr, deadline_t deadline,
                bool *covered, struct error *err);

/*
 * Parse a Routinator /api/v1/validity answer (untrusted) as internet.nl's
 * Routinator.validate does: validated_route.validity.state, compared
 * case-insensitively, must be valid, invalid or not-found; for invalid,
 * "reason" must be "as" or "length"; every VRP of the kept list must have an
 * "AS<n>" asn below 2^32, a parseable prefix and an integer max_length (number
 * or string). Returns 0, or -1 with the problem in `err`.
 */
int rov_parse_routinator(const char *body, size_t len, struct rov_answer *out, struct error *err);

/*
 * The request base of --rpki-validator URL: an http(s) URL whose path is
 * empty or "/" gets Routinator's "/api/v1/validity"; any other path is used
 * as given (without a trailing '/'), like internet.nl's ROUTINATOR_URL.
 * Returns 0, or -1 for a URL that is not http(s)://host[...], too long, or has
 * a query or fragment.
 */
int rov_validator_url(const char *arg, char *out, size_t outlen, struct error *err);

#endif

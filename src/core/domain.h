/*
 * domain.h -- user input to an A-label domain name (spec §3.6, §3.13).
 */
#ifndef INETCHECK_CORE_DOMAIN_H
#define INETCHECK_CORE_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

/*
 * Normalise what a user typed into the domain to test, written to `out`
 * (lowercase A-label, no trailing dot):
 *   - surrounding white space and one trailing '/' are dropped;
 *   - a URL ("https://user@www.example.nl:8443/path?q") is reduced to its host;
 *     without a scheme, anything from the first '/' is dropped;
 *   - for mail (`mail` true) everything up to the last '@' is dropped (§3.6);
 *   - one trailing dot is dropped;
 *   - an IDN is converted to its A-label with libidn2 (IDNA2008);
 *   - the result must match internet.nl's domain regex (§3.13): two or more
 *     labels of 1-63 letters, digits and inner hyphens, the last one alphabetic
 *     (2-63) or "xn--..."; no underscores, no IP literals.
 * Returns 0, or -1 with a one-line reason in `err`.
 */
int domain_normalise(const char *input, bool mail, char *out, size_t outlen, struct error *err);

/* True if `name` matches the §3.13 domain regex exactly. */
bool domain_is_valid(const char *name);

#endif

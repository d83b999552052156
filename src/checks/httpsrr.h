/*
 * httpsrr.h -- HTTPS resource records (RFC 9460) of a web name, for the
 * informational "Beyond internet.nl" section (issue 22 item 5).
 *
 * Pure rules over facts the probe gathers (no DNS here): the parsed HTTPS
 * records of the name (dns_rr_parse, type DNS_TYPE_HTTPS), how many did not
 * parse, and the A/AAAA records the hints are compared with. Not in the
 * catalog: the caller decides where status and details go.
 */
#ifndef INETCHECK_CHECKS_HTTPSRR_H
#define INETCHECK_CHECKS_HTTPSRR_H

#include <stddef.h>
#include <jansson.h>

#include "core/result.h"
#include "dns/resolver.h"

/* The A and AAAA records of one name (either kind may be absent). */
struct httpsrr_addrs {
	const char *name;           /* lowercase, no trailing dot */
	const struct dns_rr *rr;    /* records of type A or AAAA; others are ignored */
	size_t n;
};

struct httpsrr_facts {
	const char *name;           /* the name queried: lowercase, no trailing dot */
	const struct dns_rr *https; /* its HTTPS records as parsed (dns_answer.rr) */
	size_t n_https;
	size_t n_malformed;         /* HTTPS records that did not parse (dns_answer.n_malformed) */
	/* A/AAAA of `name` and, optionally, of other TargetNames of ServiceMode records;
	 * the hints of a record whose target is not among them are not compared */
	const struct httpsrr_addrs *addrs;
	size_t n_addrs;
};

/*
 * Judge the HTTPS records of one name. Verdicts, first match wins:
 *   no record at all                                        → info    "none"
 *   a record that did not parse (RFC 9460 §2.2: malformed),
 *   or a ServiceMode record that is not self-consistent
 *   (§8 mandatory key absent, §7.1.1 no-default-alpn
 *   without alpn)                                           → failed  "invalid"
 *   an ipv4hint/ipv6hint address not among the A/AAAA of
 *   the record's target (§7.3 "hints ... SHOULD match")     → warning "hints-mismatch"
 *   otherwise                                               → passed  "good"
 * `*verdict` gets the token (static string). When `details` is non-NULL it gets a
 * new JSON object owned by the caller: "name", "records" (per record: priority,
 * mode "alias"/"service", target ("." for the root), alpn, no_default_alpn, port,
 * ech and ech_length, ipv4hint, ipv6hint, mandatory, unknown_keys, hints
 * "match"/"mismatch"/"not-compared"/"none", notes), "malformed", "hints_mismatch"
 * (the addresses) and "reason"; NULL when out of memory.
 */
enum status httpsrr_evaluate(const struct httpsrr_facts *f, const char **verdict,
                             json_t **details);

#endif

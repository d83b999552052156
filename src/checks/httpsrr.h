/*
 * httpsrr.h -- HTTPS resource records (RFC 9460) of a web name, for the
 * informational "Beyond internet.nl" section (issue 22 item 5).
 *
 * Pure rules over facts the probe gathers (no DNS here): the parsed HTTPS
 * records of the name (dns_rr_parse, type DNS_TYPE_HTTPS), how many did not
 * parse, and the A/AAAA records the hints are compared with. httpsrr_probe
 * gathers them and httpsrr_report puts the verdict into the report.
 */
#ifndef INETCHECK_CHECKS_HTTPSRR_H
#define INETCHECK_CHECKS_HTTPSRR_H

#include <stdbool.h>
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

/* ---- the probe and the report (httpsrr_probe.c): web_beyond_https_rr ---- */

#define HTTPSRR_NAMES_MAX 5   /* the name and up to 4 other ServiceMode TargetNames */

/* What the probe found; owned, release with httpsrr_lookup_free. */
struct httpsrr_lookup {
	bool probed;
	bool dns_failed;            /* a lookup timed out or failed (SERVFAIL, ...): not-tested */
	char failed_name[256];      /* the name of the failed lookup */
	char name[256];             /* the records' owner (after CNAMEs), lowercase, no dot */
	struct dns_answer https;    /* its HTTPS records (CD) */
	size_t n_names;             /* names whose A/AAAA were looked up; [0] = `name` */
	char names[HTTPSRR_NAMES_MAX][256];
	struct dns_rr *addr_rr[HTTPSRR_NAMES_MAX];  /* their A and AAAA records, malloc'd */
	size_t n_addr_rr[HTTPSRR_NAMES_MAX];
};

/*
 * Query HTTPS (with CD) for `name`; when there are records, the A/AAAA of the owner
 * and of each other TargetName of a ServiceMode record (up to HTTPSRR_NAMES_MAX names
 * in all), the published records, never --resolve overrides. Always fills `out`; a
 * timeout or an rcode other than NOERROR/NXDOMAIN sets `dns_failed`.
 */
void httpsrr_probe(struct resolver *res, const char *name, deadline_t deadline,
                   struct httpsrr_lookup *out);
void httpsrr_lookup_free(struct httpsrr_lookup *l);

/*
 * Pure: web_beyond_https_rr (issue 22 item 5) from `l` through httpsrr_evaluate: its
 * status and verdict (not-tested when not probed or a lookup failed), a table of the
 * records (Record, Target, ALPN, ECH, Hints), the full details under
 * technical.domain.https_rr, and marks CAT_WEB_BEYOND implemented.
 */
void httpsrr_report(const struct httpsrr_lookup *l, struct report *r);

#endif

/*
 * caa.h -- CAA for the tested name (web) or each MX name (mail), spec §3.3.7:
 * lookup with CD climbing the tree, RFC 8659 / RFC 8657 / RFC 9495 checks of
 * at most 100 records, the outcome and its msgids. The evaluation is pure (over
 * parsed records) and fuzzed (fuzz/fuzz_caa.c); caa_probe does the DNS.
 */
#ifndef INETCHECK_CHECKS_CAA_H
#define INETCHECK_CHECKS_CAA_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "core/deadline.h"
#include "core/result.h"
#include "dns/resolver.h"

#define CAA_RECORDS_MAX 100   /* §3.3.7: evaluate at most the first 100 */
#define CAA_MSGS_MAX 64

struct caa_msg {
	const char *msgid;        /* "invalid-unknown-property", ... (static string) */
	char context[192];        /* the offending property / value, "" when none */
};

enum caa_outcome {
	CAA_OUT_NONE = 0,         /* no CAA record found anywhere up the tree → bad */
	CAA_OUT_GOOD,
	CAA_OUT_SYNTAX_ERROR,     /* errors, all of syntax kinds */
	CAA_OUT_INSUFFICIENT,     /* missing-required-property-issue among the errors */
	CAA_OUT_RECOMMENDATIONS,  /* (none implemented by internet.nl; kept for completeness) */
};

struct caa_result {
	bool enabled;                         /* records found */
	char found_on[256];                   /* the name they were found at (no trailing dot) */
	size_t n_records;
	char records[CAA_RECORDS_MAX][320];   /* presentation form: 0 issue "letsencrypt.org" */
	struct caa_msg errors[CAA_MSGS_MAX];
	size_t n_errors;
	struct caa_msg recommendations[CAA_MSGS_MAX];
	size_t n_recommendations;
	enum caa_outcome outcome;
};

/* Pure: evaluate one CAA RRset (the first CAA_RECORDS_MAX of `n`) into `out`
 * (enabled, records, msgids, outcome; found_on is the caller's). */
void caa_evaluate_records(const struct dns_rr *rrs, size_t n, struct caa_result *out);

/* §3.3.7: query CAA with CD for `name`; on NoAnswer/NXDOMAIN the parent, ... up to
 * (excluding) the root; evaluate what is found. Always fills `out`. */
void caa_probe(struct resolver *res, const char *name, deadline_t deadline, struct caa_result *out);

/* Set the CAA subtest `id` (SUB_WEB_HTTPS_TLS_CAA or SUB_MAIL_STARTTLS_TLS_CAA) per §3.3.8:
 * good → passed/good; none → warning/bad; syntax → warning/syntax-error; missing issue →
 * warning/insufficient; recommendations → info/recommendations. If `details` is non-NULL,
 * add caa_enabled, caa_errors, caa_recommendations, caa_records, caa_found_on_domain (§5.4). */
void caa_evaluate(const struct caa_result *c, enum subtest_id id, struct report *r, json_t *details);

#endif

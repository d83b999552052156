/*
 * mtasts_probe.h -- the I/O behind mail_beyond_mta_sts (issue 22 item 1, RFC 8461):
 * the _mta-sts TXT record, the policy fetch from https://mta-sts.<domain>/ with a
 * verified certificate, and the subtest from those facts plus the MX certificates of
 * the mail_starttls scan (no second scan). The rules are mtasts.c's (pure).
 */
#ifndef INETCHECK_CHECKS_MTASTS_PROBE_H
#define INETCHECK_CHECKS_MTASTS_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "checks/check.h"
#include "checks/mtasts.h"
#include "checks/starttls.h"

/* What the probe saw; owned, release with mtasts_lookup_free. */
struct mtasts_lookup {
	bool probed;
	int txt_rc;                     /* DNS_LOOKUP_* of TXT _mta-sts.<domain> */
	struct txt_set txt;
	bool fetched;                   /* the record was valid, so the policy was fetched (§3.3) */
	struct mtasts_fetch_facts fetch;/* content_type and body point into the two below */
	char *content_type;
	uint8_t *body;
	char url[340];                  /* https://mta-sts.<domain>/.well-known/mta-sts.txt */
	char address[64];               /* the address the answer (or the last try) came from */
	char error[256];                /* why there was no usable HTTP response */
};

/*
 * Look up _mta-sts.<domain>; when exactly one record parses, resolve mta-sts.<domain>
 * (--resolve applies: it is a connection) and GET the policy from its first IPv4, then
 * its first IPv6 address until one answers: certificate verified against the system
 * bundle plus --ca-file for the name mta-sts.<domain>, no redirect followed, at most
 * 64 KiB + 1 bytes kept. Always fills `out`.
 */
void mtasts_probe(const struct check_ctx *ctx, const char *domain, struct mtasts_lookup *out);
void mtasts_lookup_free(struct mtasts_lookup *l);

/*
 * Pure (webpki for the MX certificates): mail_beyond_mta_sts from `l`, the MX names
 * and certificates of `st` (§3.6 MX only: without MX the coverage is not judged),
 * through mtasts_evaluate: status and verdict, a table (Name, Value) and the details
 * under technical.domain.mta_sts.
 */
void mtasts_report(const struct mtasts_lookup *l, const struct starttls_facts *st, struct report *r);

#endif

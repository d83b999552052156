/*
 * check.h -- what every probe gets: the shared resolver, the test's overall
 * deadline and the concurrency bound. Probes fill *_facts structs (network
 * I/O, may run in parallel); *_evaluate functions turn facts into subtest
 * results (pure, run one after another). STYLE rule 6.
 */
#ifndef INETCHECK_CHECKS_CHECK_H
#define INETCHECK_CHECKS_CHECK_H

#include "core/deadline.h"
#include "dns/resolver.h"

struct scan_memo;

struct check_ctx {
	struct resolver *res;
	deadline_t deadline;     /* the whole test ends by then */
	int max_threads;         /* connections in flight per probe */
	const char *ca_file;     /* extra trust anchors (--ca-file), or NULL */
	const char *ehlo;        /* EHLO name for STARTTLS (--ehlo), or NULL */
	struct scan_memo *memo;  /* STARTTLS scans shared across a batch (tls/scanmemo.h), or
	                          * NULL: every test scans its own MX (issue 17) */
	const char *const *dkim_selectors;   /* --dkim-selector (issue 22), NULL-terminated */
};

/* spec §9 timings */
#define CHECK_TCP_TIMEOUT_MS 4000    /* IPv6 web/mail reachability */
#define CHECK_DNS_TIMEOUT_MS 5000    /* NS reachability query */
#define CHECK_HTTP_TIMEOUT_MS 10000  /* HTTP client */

#endif

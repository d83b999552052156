/*
 * budget.h -- the per-address connection budget (issue 17 "Polite by construction";
 * shared/DESIGN.md "Service"): one table for the whole process, shared by every test
 * that runs in it, so a thousand domains hosted on one address never hold more than
 * `per_address` TCP connections to it at once (SMTP, port 25: `per_address_smtp`,
 * internet.nl's one). Every TCP connect of the program passes through here: the TLS
 * scanner's (tls/conn.c), the reachability probes' (net/probe.c) and libcurl's
 * (net/http.c, open/close socket callbacks). Off (no limit) until budget_configure;
 * single tests leave it off.
 */
#ifndef INETCHECK_NET_BUDGET_H
#define INETCHECK_NET_BUDGET_H

#include <stdbool.h>

#include "core/deadline.h"
#include "net/guard.h"

/* Limits for the rest of the process; 0 = no limit. Call before any test starts. */
void budget_configure(int per_address, int per_address_smtp);
/* Is any limit set? (libcurl then forbids connection reuse, so an idle kept-alive
 * connection never holds a slot while the same transfer waits for another.) */
bool budget_enabled(void);

/*
 * Take one connection slot of addr's address (port 25 counts against the SMTP
 * limit, every other port against the general one), waiting until one is free or
 * `dl` passes: 0, or -1 when the deadline passed first (nothing taken). Always 0
 * when the budget is off.
 */
int budget_acquire(const struct netaddr *addr, deadline_t dl);
/* Give back a slot taken by budget_acquire for the same address and port class, on
 * the thread that took it (a thread holding a slot never waits for another: it
 * takes a free one or fails at once, so slots cannot deadlock). */
void budget_release(const struct netaddr *addr);

/* Counters for the batch summary and the benchmark: connections granted, the
 * highest number held at once to any one address, and waits that timed out. */
struct budget_stats {
	unsigned long long granted;
	int peak;            /* general ports */
	int peak_smtp;       /* port 25 */
	unsigned long long timeouts;
};
void budget_get_stats(struct budget_stats *out);
/* Zero the counters (tests, a benchmark's rounds). */
void budget_stats_reset(void);

#endif

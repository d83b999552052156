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

/*
 * Shared slots (issue 19 item 3): with several processes working one store (serve and
 * `inetcheck worker`s on many machines), the budget must hold for all of them
 * together. Then each connection also needs a slot of the address held by this
 * process in the store; the table above still counts this process's connections.
 * - A slot is taken from the store by the first connection that finds none of this
 *   process's slots free (one round trip), then kept for the next connections to the
 *   same address (a TLS scan makes dozens): it is given back when unused for
 *   BUDGET_SHARED_LINGER_MS, or at the first release after BUDGET_SHARED_HOLD_MS of
 *   holding it (then this process waits BUDGET_SHARED_COOLDOWN_MS before taking one of
 *   that address again, so other processes asking meanwhile get it: no process keeps an
 *   address to itself).
 * - When every slot is held elsewhere, the waiting connection asks again after
 *   BUDGET_SHARED_POLL_MS, then 2 and 3 times that while refused (plus up to
 *   BUDGET_SHARED_POLL_MS at random), always within a holder's cooldown.
 * - A keeper thread renews this process's slots every BUDGET_SHARED_RENEW_MS; their
 *   lease is BUDGET_SHARED_LEASE_MS, so a killed process's slots are free again within
 *   it. A process that cannot renew (the store is gone) stops using its slots after
 *   BUDGET_SHARED_LEASE_MS - BUDGET_SHARED_RENEW_MS, before anyone else may take them;
 *   when a renewal finds slots were taken over, all are given up and taken anew.
 * The limits are each process's own: when they differ, the highest applies.
 */
#define BUDGET_SHARED_LEASE_MS 3000
#define BUDGET_SHARED_RENEW_MS 1000
#define BUDGET_SHARED_LINGER_MS 300
#define BUDGET_SHARED_HOLD_MS 2000
#define BUDGET_SHARED_COOLDOWN_MS 200
#define BUDGET_SHARED_POLL_MS 40

struct budget_shared {
	/* Take a free slot among 0 .. limit-1 of (address as inet_ntop writes it, smtp)
	 * for this process, leased for BUDGET_SHARED_LEASE_MS: the slot number, -1 when
	 * every one is held elsewhere, -2 on an error (the hook says it). */
	int (*take)(void *arg, const char *address, bool smtp, int limit);
	/* Give a slot back. */
	void (*give)(void *arg, const char *address, bool smtp, int slot);
	/* Extend every slot this process holds: how many were extended, or -1. */
	long (*renew)(void *arg);
	/* Give back every slot this process holds. */
	void (*give_all)(void *arg);
	void *arg;
};

/* Share the budget through `ops` from now on (copied; a keeper thread starts): 0, or
 * -1 when the thread cannot start. Call before any connection is made. */
int budget_share(const struct budget_shared *ops);
/* Stop sharing: the keeper stops, and the slots are given back when `give_back` (all
 * connections are closed), else left to expire (connections may still be open, as when
 * the process is about to exit with tests running). Call when no connection is being
 * made. */
void budget_unshare(bool give_back);

/* Counters for the batch summary and the benchmark: connections granted, the
 * highest number held at once to any one address, and waits that timed out. */
struct budget_stats {
	unsigned long long granted;
	int peak;            /* general ports */
	int peak_smtp;       /* port 25 */
	unsigned long long timeouts;
	/* shared slots: taken from the store, asked for when all were held elsewhere,
	 * given back (the store's round trips, but for the keeper's renewals) */
	unsigned long long shared_taken, shared_full, shared_given;
};
void budget_get_stats(struct budget_stats *out);
/* Zero the counters (tests, a benchmark's rounds). */
void budget_stats_reset(void);

#endif

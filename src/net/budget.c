/*
 * budget.c -- the per-address connection budget (issue 17 item 3). See budget.h.
 *
 * One table for the process: an entry per (address, port class) with at least one
 * slot held or one thread waiting, in a small chained hash under one mutex; each
 * waiter has its own condition variable (CLOCK_MONOTONIC) and a release wakes only
 * the first in line of that address: with 25 scan threads waiting for 5 slots, a
 * broadcast would wake 20 threads to find nothing for them (measured: futex wake-ups
 * were a fifth of a batch's CPU). Entries with nobody holding or waiting are freed,
 * so memory follows the connections in flight, not the length of the batch.
 *
 * Fairness: waiters queue in arrival order and a newcomer never passes a queue,
 * so a scan that connects again right after each close (one slot, port 25) cannot
 * starve another test's connection to the same server.
 *
 * Deadlock: a thread that already holds any slot never blocks here (it takes a
 * free slot or fails at once), so no thread can hold a slot while waiting for
 * another: the hold-and-wait condition cannot arise. Every caller holds one
 * connection at a time anyway (a scan probe, an OpenSSL handshake, a reachability
 * probe; libcurl with connection reuse forbidden while the budget is on), so this
 * only guards against future code. The count is per thread: a slot is released
 * on the thread that took it (tls_conn_close, curl's close callback, probe.c).
 */
#include "net/budget.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BUDGET_BUCKETS 256
#define BUDGET_SMTP_PORT 25     /* spec §9: internet.nl's one connection per mail server */

/* A thread waiting for a slot, on its own stack, in the entry's queue. */
struct budget_waiter {
	struct budget_waiter *next;
	pthread_cond_t cv;
};

struct budget_entry {
	struct budget_entry *next;
	int family;
	uint8_t addr[16];
	bool smtp;
	int held;
	int waiters;
	struct budget_waiter *queue, **queue_tail;   /* arrival order */
};

static pthread_mutex_t budget_mu = PTHREAD_MUTEX_INITIALIZER;
static struct budget_entry *budget_table[BUDGET_BUCKETS];
static _Atomic int limit_general, limit_smtp;
static _Atomic unsigned long long stat_granted, stat_timeouts;
static int stat_peak, stat_peak_smtp;     /* under budget_mu */
static _Thread_local int thread_held;      /* slots this thread holds (limited classes) */

void budget_configure(int per_address, int per_address_smtp)
{
	atomic_store(&limit_general, per_address > 0 ? per_address : 0);
	atomic_store(&limit_smtp, per_address_smtp > 0 ? per_address_smtp : 0);
}

bool budget_enabled(void)
{
	return atomic_load(&limit_general) > 0 || atomic_load(&limit_smtp) > 0;
}

static bool addr_is_smtp(const struct netaddr *addr)
{
	return addr->port == BUDGET_SMTP_PORT;
}

static int limit_of(const struct netaddr *addr)
{
	return addr_is_smtp(addr) ? atomic_load(&limit_smtp) : atomic_load(&limit_general);
}

/* The address bytes of the key (family-sized, the rest zero). */
static void key_bytes(const struct netaddr *addr, uint8_t out[16])
{
	memset(out, 0, 16);
	if (addr->family == AF_INET)
		memcpy(out, &addr->a.v4, 4);
	else
		memcpy(out, &addr->a.v6, 16);
}

static unsigned key_hash(const uint8_t b[16], bool smtp)
{
	uint32_t h = 2166136261u;      /* FNV-1a */

	for (int i = 0; i < 16; i++)
		h = (h ^ b[i]) * 16777619u;
	h = (h ^ (smtp ? 1u : 0u)) * 16777619u;
	return h % BUDGET_BUCKETS;
}

/* The entry of (addr, class) under budget_mu; created when `create`; NULL when absent
 * (or out of memory). */
static struct budget_entry *entry_find(const struct netaddr *addr, bool create)
{
	uint8_t b[16];
	bool smtp = addr_is_smtp(addr);
	unsigned h;
	struct budget_entry *e;

	key_bytes(addr, b);
	h = key_hash(b, smtp);
	for (e = budget_table[h]; e != NULL; e = e->next)
		if (e->family == addr->family && e->smtp == smtp && memcmp(e->addr, b, 16) == 0)
			return e;
	if (!create)
		return NULL;
	e = calloc(1, sizeof *e);
	if (e == NULL)
		return NULL;
	e->family = addr->family;
	memcpy(e->addr, b, 16);
	e->smtp = smtp;
	e->queue_tail = &e->queue;
	e->next = budget_table[h];
	budget_table[h] = e;
	return e;
}

/* Free `e` once nobody holds or waits for it (under budget_mu). */
static void entry_drop_if_idle(struct budget_entry *e)
{
	uint8_t b[16];
	struct budget_entry **pp;

	if (e->held > 0 || e->waiters > 0)
		return;
	memcpy(b, e->addr, 16);
	for (pp = &budget_table[key_hash(b, e->smtp)]; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			free(e);
			return;
		}
	}
}

static void deadline_timespec(deadline_t dl, struct timespec *ts)
{
	ts->tv_sec = (time_t)(dl / 1000);
	ts->tv_nsec = (long)(dl % 1000) * 1000000L;
}

int budget_acquire(const struct netaddr *addr, deadline_t dl)
{
	int limit = limit_of(addr);
	struct budget_entry *e;
	int rc = 0;

	if (limit == 0) {
		atomic_fetch_add(&stat_granted, 1ull);
		return 0;
	}
	pthread_mutex_lock(&budget_mu);
	e = entry_find(addr, true);
	if (e == NULL) {
		/* out of memory: fail like a connection that could not be made */
		pthread_mutex_unlock(&budget_mu);
		atomic_fetch_add(&stat_timeouts, 1ull);
		return -1;
	}
	/* a free slot and nobody queued before us: take it; a thread that already holds
	 * a slot may take a free one past the queue, but never waits */
	if (e->held >= limit || (e->queue != NULL && thread_held == 0)) {
		struct budget_waiter w = { .next = NULL };
		struct budget_waiter **pp;
		pthread_condattr_t ca;

		if (thread_held > 0) {
			rc = -1;
		} else {
			pthread_condattr_init(&ca);
			pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
			pthread_cond_init(&w.cv, &ca);
			pthread_condattr_destroy(&ca);
			*e->queue_tail = &w;
			e->queue_tail = &w.next;
			e->waiters++;
			while (e->held >= limit || e->queue != &w) {
				struct timespec ts;

				if (deadline_expired(dl)) {
					rc = -1;
					break;
				}
				deadline_timespec(dl, &ts);
				pthread_cond_timedwait(&w.cv, &budget_mu, &ts);
			}
			/* leave the queue (from its head, or from anywhere on a timeout) */
			for (pp = &e->queue; *pp != &w; pp = &(*pp)->next)
				;
			*pp = w.next;
			if (e->queue_tail == &w.next)
				e->queue_tail = pp;
			e->waiters--;
			pthread_cond_destroy(&w.cv);
			/* the next in line may go now if a slot is still free (after our own
			 * slot below, or after we gave up) */
			if (e->queue != NULL && e->held + (rc == 0) < limit)
				pthread_cond_signal(&e->queue->cv);
		}
	}
	if (rc == 0) {
		int *peak = e->smtp ? &stat_peak_smtp : &stat_peak;

		e->held++;
		thread_held++;
		if (e->held > *peak)
			*peak = e->held;
	} else {
		entry_drop_if_idle(e);
	}
	pthread_mutex_unlock(&budget_mu);
	atomic_fetch_add(rc == 0 ? &stat_granted : &stat_timeouts, 1ull);
	return rc;
}

void budget_release(const struct netaddr *addr)
{
	struct budget_entry *e;

	if (limit_of(addr) == 0)
		return;
	pthread_mutex_lock(&budget_mu);
	e = entry_find(addr, false);
	if (e != NULL && e->held > 0) {
		e->held--;
		if (thread_held > 0)
			thread_held--;
		if (e->queue != NULL)
			pthread_cond_signal(&e->queue->cv);   /* the first in line takes it */
		entry_drop_if_idle(e);
	}
	pthread_mutex_unlock(&budget_mu);
}

void budget_get_stats(struct budget_stats *out)
{
	memset(out, 0, sizeof *out);
	out->granted = atomic_load(&stat_granted);
	out->timeouts = atomic_load(&stat_timeouts);
	pthread_mutex_lock(&budget_mu);
	out->peak = stat_peak;
	out->peak_smtp = stat_peak_smtp;
	pthread_mutex_unlock(&budget_mu);
}

void budget_stats_reset(void)
{
	atomic_store(&stat_granted, 0ull);
	atomic_store(&stat_timeouts, 0ull);
	pthread_mutex_lock(&budget_mu);
	stat_peak = stat_peak_smtp = 0;
	pthread_mutex_unlock(&budget_mu);
}

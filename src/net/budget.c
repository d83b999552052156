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
 *
 * Shared slots (budget.h): an entry then also counts the store's slots this process
 * holds for it (`own`), and a connection needs one of those free as well. The store
 * is asked with budget_mu released, by one thread of an entry at a time (`fetching`):
 * the first in line, which then takes the slot itself; the keeper thread renews and
 * gives back idle slots, also without holding budget_mu during the round trips.
 */
#include "net/budget.h"

#include <arpa/inet.h>
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

/* A store slot this process holds (shared slots). */
struct budget_own {
	int slot;
	int64_t since;     /* monotonic ms it was asked for */
};

struct budget_entry {
	struct budget_entry *next;
	int family;
	uint8_t addr[16];
	bool smtp;
	int held;
	int waiters;
	struct budget_waiter *queue, **queue_tail;   /* arrival order */
	/* shared slots */
	int owned, own_cap;        /* own[0 .. owned-1] held, room for own_cap */
	struct budget_own *own;
	bool fetching;             /* a thread is asking the store (budget_mu released) */
	int64_t retry_at;          /* monotonic ms: ask the store again from then on */
	int refused;               /* answers in a row that every slot was held (to 3) */
	int64_t used_at;           /* the last release */
};

static pthread_mutex_t budget_mu = PTHREAD_MUTEX_INITIALIZER;
static struct budget_entry *budget_table[BUDGET_BUCKETS];
static _Atomic int limit_general, limit_smtp;
static _Atomic unsigned long long stat_granted, stat_timeouts;
static _Atomic unsigned long long stat_taken, stat_full, stat_given;
static int stat_peak, stat_peak_smtp;     /* under budget_mu */
static _Thread_local int thread_held;      /* slots this thread holds (limited classes) */

/* Shared slots, under budget_mu but `ops` (set before sharing starts) */
static struct budget_shared shared_ops;
static bool shared_on;
static long owned_total;                   /* store slots held, all entries */
static unsigned long owned_gen;            /* changes with every take, give or forget */
static int64_t renew_ok_at;                /* monotonic ms of the last renewal's start */
static pthread_t keeper_thread;
static pthread_cond_t keeper_cv;
static bool keeper_quit, keeper_running;

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
	if (shared_on) {
		e->own_cap = limit_of(addr);
		if (e->own_cap > 0 && (e->own = calloc((size_t)e->own_cap, sizeof(*e->own))) == NULL) {
			free(e);
			return NULL;
		}
	}
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

	if (e->held > 0 || e->waiters > 0 || e->owned > 0 || e->fetching)
		return;
	/* a cooling down entry must remember it (the keeper frees it later) */
	if (shared_on && e->retry_at > deadline_now_ms())
		return;
	memcpy(b, e->addr, 16);
	for (pp = &budget_table[key_hash(b, e->smtp)]; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			free(e->own);
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

/* The address of `e` as inet_ntop writes it (the store's key of shared slots). */
static void entry_text(const struct budget_entry *e, char out[INET6_ADDRSTRLEN])
{
	if (inet_ntop(e->family, e->addr, out, INET6_ADDRSTRLEN) == NULL)
		out[0] = '\0';
}

/* Connections this process may hold to e's address now: the limit, and with shared
 * slots no more than the store's slots it holds. */
static int capacity(const struct budget_entry *e, int limit)
{
	return shared_on ? (e->owned < limit ? e->owned : limit) : limit;
}

/* May a thread ask the store for one more slot of `e` now? */
static bool may_fetch(const struct budget_entry *e, int limit, int64_t now)
{
	return shared_on && !e->fetching && e->owned < limit && e->owned < e->own_cap &&
	       now >= e->retry_at;
}

/* The pause before asking the store again after `refused` answers in a row that every
 * slot is held: BUDGET_SHARED_POLL_MS, twice, then three times that (fewer round trips
 * while an address stays busy), plus up to BUDGET_SHARED_POLL_MS at random so processes
 * waiting for the same address do not ask in step. Never as long as
 * BUDGET_SHARED_COOLDOWN_MS: a slot given back after BUDGET_SHARED_HOLD_MS is asked for
 * by every waiting process before its holder may take it again. */
static int64_t poll_pause(int refused)
{
	static _Thread_local uint32_t x;

	if (x == 0)
		x = (uint32_t)(uintptr_t)&x ^ (uint32_t)deadline_now_ms() ^ 0x9e3779b9u;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return BUDGET_SHARED_POLL_MS * (refused < 3 ? refused : 3) +
	       (int64_t)(x % (BUDGET_SHARED_POLL_MS + 1));
}
_Static_assert(4 * BUDGET_SHARED_POLL_MS < BUDGET_SHARED_COOLDOWN_MS,
               "a waiting process must ask within the holder's cooldown");

/* Ask the store for a slot of `e` (under budget_mu, released during the round trip);
 * then wake the first in line unless that is `me`: it waited for the answer. */
static void fetch(struct budget_entry *e, int limit, const struct budget_waiter *me)
{
	char text[INET6_ADDRSTRLEN];
	int64_t since = deadline_now_ms();
	int slot;

	entry_text(e, text);
	e->fetching = true;
	pthread_mutex_unlock(&budget_mu);
	slot = text[0] ? shared_ops.take(shared_ops.arg, text, e->smtp, limit) : -2;
	pthread_mutex_lock(&budget_mu);
	e->fetching = false;
	if (slot >= 0) {
		e->own[e->owned].slot = slot;
		e->own[e->owned].since = since;
		e->owned++;
		owned_total++;
		owned_gen++;
		e->refused = 0;
		atomic_fetch_add(&stat_taken, 1ull);
	} else {
		if (e->refused < 3)
			e->refused++;
		e->retry_at = deadline_now_ms() + poll_pause(e->refused);
		if (slot == -1)
			atomic_fetch_add(&stat_full, 1ull);
	}
	if (e->queue != NULL && e->queue != me)
		pthread_cond_signal(&e->queue->cv);
}

int budget_acquire(const struct netaddr *addr, deadline_t dl)
{
	int limit = limit_of(addr);
	struct budget_entry *e;
	struct budget_waiter w = { .next = NULL };
	bool queued = false;
	int rc;

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
	for (;;) {
		/* our turn: first in line, or nobody in line; a thread that already holds a
		 * slot may go past the line, but never waits */
		bool turn = queued ? e->queue == &w : (e->queue == NULL || thread_held > 0);
		int64_t now = deadline_now_ms();
		deadline_t until = dl;
		struct timespec ts;

		if (turn && e->held < capacity(e, limit)) {
			rc = 0;
			break;
		}
		if (turn && may_fetch(e, limit, now)) {
			fetch(e, limit, queued ? &w : NULL);
			continue;
		}
		if (thread_held > 0 || deadline_expired(dl)) {
			rc = -1;
			break;
		}
		if (!queued) {
			pthread_condattr_t ca;

			pthread_condattr_init(&ca);
			pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
			pthread_cond_init(&w.cv, &ca);
			pthread_condattr_destroy(&ca);
			*e->queue_tail = &w;
			e->queue_tail = &w.next;
			e->waiters++;
			queued = true;
			continue;
		}
		/* a release signals us; so does the end of another thread's question to the
		 * store; the store is asked again at retry_at */
		if (turn && may_fetch(e, limit, e->retry_at))
			until = deadline_min(dl, e->retry_at);
		deadline_timespec(until, &ts);
		pthread_cond_timedwait(&w.cv, &budget_mu, &ts);
	}
	if (queued) {
		struct budget_waiter **pp;

		/* leave the line (from its head, or from anywhere on a timeout) */
		for (pp = &e->queue; *pp != &w; pp = &(*pp)->next)
			;
		*pp = w.next;
		if (e->queue_tail == &w.next)
			e->queue_tail = pp;
		e->waiters--;
		pthread_cond_destroy(&w.cv);
		/* the next in line may go now, or ask the store */
		if (e->queue != NULL && (e->held + (rc == 0) < capacity(e, limit) || shared_on))
			pthread_cond_signal(&e->queue->cv);
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

/* Stop counting e's own[i] as held (under budget_mu). */
static void own_remove(struct budget_entry *e, int i)
{
	e->own[i] = e->own[--e->owned];
	owned_total--;
	owned_gen++;
}

void budget_release(const struct netaddr *addr)
{
	struct budget_entry *e;
	char text[INET6_ADDRSTRLEN];
	bool smtp = addr_is_smtp(addr);
	int give = -1;

	if (limit_of(addr) == 0)
		return;
	pthread_mutex_lock(&budget_mu);
	e = entry_find(addr, false);
	if (e != NULL && e->held > 0) {
		int64_t now = deadline_now_ms();

		e->held--;
		if (thread_held > 0)
			thread_held--;
		e->used_at = now;
		/* held too long: back to the store, where another process may be waiting */
		if (shared_on && e->owned > e->held) {
			int old = 0;

			for (int i = 1; i < e->owned; i++)
				if (e->own[i].since < e->own[old].since)
					old = i;
			if (now - e->own[old].since >= BUDGET_SHARED_HOLD_MS) {
				give = e->own[old].slot;
				entry_text(e, text);
				own_remove(e, old);
				e->retry_at = now + BUDGET_SHARED_COOLDOWN_MS;
			}
		}
		if (e->queue != NULL)
			pthread_cond_signal(&e->queue->cv);   /* the first in line takes it */
		entry_drop_if_idle(e);
	}
	pthread_mutex_unlock(&budget_mu);
	if (give >= 0 && text[0]) {
		shared_ops.give(shared_ops.arg, text, smtp, give);
		atomic_fetch_add(&stat_given, 1ull);
	}
}

/* Stop using every store slot (under budget_mu): they cannot be renewed, or some were
 * taken over. Connections open go on; new ones ask the store again. */
static void forget_all(void)
{
	for (int h = 0; h < BUDGET_BUCKETS; h++) {
		struct budget_entry *e = budget_table[h], *next;

		for (; e != NULL; e = next) {
			next = e->next;
			e->owned = 0;
			entry_drop_if_idle(e);
		}
	}
	owned_total = 0;
	owned_gen++;
}

/* A slot to give back, collected by the keeper under budget_mu. */
struct budget_give {
	char text[INET6_ADDRSTRLEN];
	bool smtp;
	int slot;
};

/* The keeper's rounds (every BUDGET_SHARED_POLL_MS): renew every
 * BUDGET_SHARED_RENEW_MS, stop using slots it could not renew in time, and give back
 * slots nobody here used for BUDGET_SHARED_LINGER_MS. */
static void *keeper(void *arg)
{
	int64_t next_renew = 0;
	struct budget_give *gives = NULL;
	size_t ngives = 0, cap = 0;

	(void)arg;
	pthread_mutex_lock(&budget_mu);
	while (!keeper_quit) {
		int64_t now = deadline_now_ms();
		struct timespec ts;

		if (now >= next_renew) {
			long expect = owned_total, n;
			unsigned long gen = owned_gen;

			next_renew = now + BUDGET_SHARED_RENEW_MS;
			if (expect == 0) {
				/* nothing held: nothing to renew (slots taken from now on have
				 * a lease of their own) */
				renew_ok_at = now;
				goto idle;
			}
			pthread_mutex_unlock(&budget_mu);
			n = shared_ops.renew(shared_ops.arg);
			pthread_mutex_lock(&budget_mu);
			if (n >= 0) {
				renew_ok_at = now;
				if (gen == owned_gen && n < expect)
					forget_all();
			}
		}
idle:
		if (now - renew_ok_at > BUDGET_SHARED_LEASE_MS - BUDGET_SHARED_RENEW_MS &&
		    owned_total > 0)
			forget_all();
		ngives = 0;
		for (int h = 0; h < BUDGET_BUCKETS; h++) {
			struct budget_entry *e = budget_table[h], *next;

			for (; e != NULL; e = next) {
				next = e->next;
				while (e->owned > e->held && e->waiters == 0 && !e->fetching &&
				       now - e->used_at >= BUDGET_SHARED_LINGER_MS) {
					if (ngives == cap) {
						size_t c = cap ? cap * 2 : 16;
						struct budget_give *g = realloc(gives, c * sizeof(*g));
						if (g == NULL)
							break;
						gives = g;
						cap = c;
					}
					entry_text(e, gives[ngives].text);
					gives[ngives].smtp = e->smtp;
					gives[ngives].slot = e->own[e->owned - 1].slot;
					ngives++;
					own_remove(e, e->owned - 1);
				}
				entry_drop_if_idle(e);
			}
		}
		if (ngives > 0) {
			pthread_mutex_unlock(&budget_mu);
			for (size_t i = 0; i < ngives; i++)
				if (gives[i].text[0])
					shared_ops.give(shared_ops.arg, gives[i].text, gives[i].smtp, gives[i].slot);
			atomic_fetch_add(&stat_given, (unsigned long long)ngives);
			pthread_mutex_lock(&budget_mu);
			continue;
		}
		deadline_timespec(deadline_now_ms() + BUDGET_SHARED_POLL_MS, &ts);
		if (!keeper_quit)
			pthread_cond_timedwait(&keeper_cv, &budget_mu, &ts);
	}
	pthread_mutex_unlock(&budget_mu);
	free(gives);
	return NULL;
}

int budget_share(const struct budget_shared *ops)
{
	pthread_condattr_t ca;
	int rc;

	pthread_mutex_lock(&budget_mu);
	shared_ops = *ops;
	shared_on = true;
	keeper_quit = false;
	renew_ok_at = deadline_now_ms();
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&keeper_cv, &ca);
	pthread_condattr_destroy(&ca);
	rc = pthread_create(&keeper_thread, NULL, keeper, NULL);
	keeper_running = rc == 0;
	if (rc != 0) {
		shared_on = false;
		pthread_cond_destroy(&keeper_cv);
	}
	pthread_mutex_unlock(&budget_mu);
	return rc == 0 ? 0 : -1;
}

void budget_unshare(bool give_back)
{
	pthread_mutex_lock(&budget_mu);
	if (!keeper_running) {
		pthread_mutex_unlock(&budget_mu);
		return;
	}
	keeper_quit = true;
	pthread_cond_signal(&keeper_cv);
	pthread_mutex_unlock(&budget_mu);
	pthread_join(keeper_thread, NULL);
	pthread_mutex_lock(&budget_mu);
	keeper_running = false;
	pthread_cond_destroy(&keeper_cv);
	forget_all();
	shared_on = false;
	pthread_mutex_unlock(&budget_mu);
	if (give_back)
		shared_ops.give_all(shared_ops.arg);
}

void budget_get_stats(struct budget_stats *out)
{
	memset(out, 0, sizeof *out);
	out->granted = atomic_load(&stat_granted);
	out->timeouts = atomic_load(&stat_timeouts);
	out->shared_taken = atomic_load(&stat_taken);
	out->shared_full = atomic_load(&stat_full);
	out->shared_given = atomic_load(&stat_given);
	pthread_mutex_lock(&budget_mu);
	out->peak = stat_peak;
	out->peak_smtp = stat_peak_smtp;
	pthread_mutex_unlock(&budget_mu);
}

void budget_stats_reset(void)
{
	atomic_store(&stat_granted, 0ull);
	atomic_store(&stat_timeouts, 0ull);
	atomic_store(&stat_taken, 0ull);
	atomic_store(&stat_full, 0ull);
	atomic_store(&stat_given, 0ull);
	pthread_mutex_lock(&budget_mu);
	stat_peak = stat_peak_smtp = 0;
	pthread_mutex_unlock(&budget_mu);
}

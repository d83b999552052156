/*
 * test_budget.c -- the per-address connection budget (net/budget.h, issue 17 item 3
 * "Polite by construction"): off never waits, the limits hold under many threads,
 * port 25 has its own limit, a wait ends at its deadline having taken nothing, a
 * thread holding a slot never waits for another, and the counters.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "core/deadline.h"
#include "net/budget.h"
#include "net/guard.h"
#include "net/probe.h"
#include "tls/conn.h"

static struct netaddr addr_of(const char *ip, unsigned short port)
{
	struct netaddr a;

	assert_int_equal(netaddr_parse(ip, &a), 0);
	a.port = port;
	return a;
}

static void pause_us(long us)
{
	struct timespec ts = { .tv_sec = us / 1000000L, .tv_nsec = us % 1000000L * 1000L };
	nanosleep(&ts, NULL);
}

static int teardown(void **state)
{
	(void)state;
	budget_configure(0, 0);
	budget_stats_reset();
	return 0;
}

/* Off (the default for single tests): every acquire succeeds at once, even past its
 * deadline and without releases; releases are harmless. */
static void test_off_never_waits(void **state)
{
	struct netaddr a = addr_of("192.0.2.1", 443), m = addr_of("192.0.2.1", 25);
	struct budget_stats st;
	int64_t t0 = deadline_now_ms();

	(void)state;
	budget_configure(0, 0);
	budget_stats_reset();
	assert_false(budget_enabled());
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(budget_acquire(&a, deadline_now_ms() - 1), 0);
		assert_int_equal(budget_acquire(&m, deadline_now_ms() - 1), 0);
	}
	budget_release(&a);
	budget_release(&m);
	assert_true(deadline_now_ms() - t0 < 1000);
	budget_get_stats(&st);
	assert_int_equal(st.granted, 2000);
	assert_int_equal(st.timeouts, 0);
}

/* ---- many threads on a few addresses: never more than the limit at once ---- */

#define HAMMER_THREADS 16
#define HAMMER_ROUNDS 300
#define HAMMER_ADDRS 3
#define HAMMER_LIMIT 3
#define HAMMER_LIMIT_SMTP 1

static _Atomic int holders[HAMMER_ADDRS][2];     /* [address][smtp] held now */
static _Atomic int most[HAMMER_ADDRS][2];        /* the most seen at once */
static _Atomic int failures;
static const char *const hammer_ip[HAMMER_ADDRS] = { "192.0.2.10", "2001:db8::10", "198.51.100.7" };

static void *hammer(void *arg)
{
	unsigned seed = (unsigned)(uintptr_t)arg;

	for (int i = 0; i < HAMMER_ROUNDS; i++) {
		int k = (int)(rand_r(&seed) % HAMMER_ADDRS);
		int smtp = (int)(rand_r(&seed) % 4 == 0);
		struct netaddr a = addr_of(hammer_ip[k], smtp ? 25 : (i % 2 ? 443 : 80));
		int now, seen;

		if (budget_acquire(&a, deadline_in(10000)) < 0) {
			atomic_fetch_add(&failures, 1);
			continue;
		}
		now = atomic_fetch_add(&holders[k][smtp], 1) + 1;
		seen = atomic_load(&most[k][smtp]);
		while (now > seen && !atomic_compare_exchange_weak(&most[k][smtp], &seen, now))
			;
		pause_us(50 + rand_r(&seed) % 200);
		atomic_fetch_sub(&holders[k][smtp], 1);
		budget_release(&a);
	}
	return NULL;
}

static void test_limits_hold_under_threads(void **state)
{
	pthread_t t[HAMMER_THREADS];
	struct budget_stats st;

	(void)state;
	budget_configure(HAMMER_LIMIT, HAMMER_LIMIT_SMTP);
	budget_stats_reset();
	assert_true(budget_enabled());
	for (uintptr_t i = 0; i < HAMMER_THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, hammer, (void *)(i + 1)), 0);
	for (int i = 0; i < HAMMER_THREADS; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(atomic_load(&failures), 0);
	for (int k = 0; k < HAMMER_ADDRS; k++) {
		/* port 80 and 443 share the general limit of the address */
		assert_true(atomic_load(&most[k][0]) <= HAMMER_LIMIT);
		assert_true(atomic_load(&most[k][1]) <= HAMMER_LIMIT_SMTP);
		assert_int_equal(atomic_load(&holders[k][0]), 0);
		assert_int_equal(atomic_load(&holders[k][1]), 0);
	}
	budget_get_stats(&st);
	assert_int_equal(st.granted, HAMMER_THREADS * HAMMER_ROUNDS);
	assert_true(st.peak <= HAMMER_LIMIT && st.peak >= 1);
	assert_true(st.peak_smtp == HAMMER_LIMIT_SMTP);
	assert_int_equal(st.timeouts, 0);
}

/* ---- a holder thread, so the main thread can wait against it ---- */

struct holder {
	struct netaddr addr;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool taken, let_go;
};

static void *hold(void *arg)
{
	struct holder *h = arg;

	assert_int_equal(budget_acquire(&h->addr, deadline_in(5000)), 0);
	pthread_mutex_lock(&h->mu);
	h->taken = true;
	pthread_cond_broadcast(&h->cv);
	while (!h->let_go)
		pthread_cond_wait(&h->cv, &h->mu);
	pthread_mutex_unlock(&h->mu);
	budget_release(&h->addr);
	return NULL;
}

static void holder_start(struct holder *h, pthread_t *t, struct netaddr a)
{
	memset(h, 0, sizeof *h);
	h->addr = a;
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	assert_int_equal(pthread_create(t, NULL, hold, h), 0);
	pthread_mutex_lock(&h->mu);
	while (!h->taken)
		pthread_cond_wait(&h->cv, &h->mu);
	pthread_mutex_unlock(&h->mu);
}

static void holder_stop(struct holder *h, pthread_t t)
{
	pthread_mutex_lock(&h->mu);
	h->let_go = true;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
	pthread_join(t, NULL);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->cv);
}

/* SMTP (port 25) is counted apart from the other ports of the same address. */
static void test_smtp_limit_separate(void **state)
{
	struct netaddr web = addr_of("203.0.113.5", 443), mail = addr_of("203.0.113.5", 25);
	struct holder h;
	pthread_t t;

	(void)state;
	budget_configure(2, 1);
	holder_start(&h, &t, mail);              /* the one SMTP slot is taken elsewhere */
	assert_int_equal(budget_acquire(&web, deadline_in(100)), 0);
	holder_stop(&h, t);
	holder_start(&h, &t, web);               /* both general slots taken now */
	assert_int_equal(budget_acquire(&mail, deadline_in(100)), 0);
	budget_release(&mail);
	assert_int_equal(budget_acquire(&web, deadline_in(100)), -1);
	holder_stop(&h, t);
	budget_release(&web);
	/* a general limit only: port 25 unlimited */
	budget_configure(1, 0);
	holder_start(&h, &t, mail);
	assert_int_equal(budget_acquire(&mail, deadline_in(100)), 0);
	budget_release(&mail);
	holder_stop(&h, t);
}

/* A wait that reaches its deadline fails then, and has taken nothing. */
static void test_wait_times_out_and_takes_nothing(void **state)
{
	struct netaddr a = addr_of("192.0.2.99", 443);
	struct budget_stats st;
	struct holder h;
	pthread_t t;
	int64_t t0, waited;

	(void)state;
	budget_configure(1, 1);
	budget_stats_reset();
	holder_start(&h, &t, a);
	t0 = deadline_now_ms();
	assert_int_equal(budget_acquire(&a, deadline_in(200)), -1);
	waited = deadline_now_ms() - t0;
	assert_true(waited >= 190 && waited < 2000);
	budget_get_stats(&st);
	assert_int_equal(st.timeouts, 1);
	holder_stop(&h, t);
	/* nothing was taken by the failed wait: the slot is free at once */
	t0 = deadline_now_ms();
	assert_int_equal(budget_acquire(&a, deadline_in(5000)), 0);
	assert_true(deadline_now_ms() - t0 < 100);
	budget_release(&a);
	/* an expired deadline with a free slot still gets it (no wait needed) */
	assert_int_equal(budget_acquire(&a, deadline_now_ms() - 1), 0);
	budget_release(&a);
}

/* A waiter wakes when the holder releases, well before its deadline. */
static void *let_go_later(void *arg)
{
	struct holder *h = arg;

	pause_us(150000);
	pthread_mutex_lock(&h->mu);
	h->let_go = true;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

static void test_release_wakes_waiter(void **state)
{
	struct netaddr a = addr_of("192.0.2.77", 25);
	struct holder h;
	pthread_t t, stopper;
	int64_t t0, waited;

	(void)state;
	budget_configure(5, 1);
	holder_start(&h, &t, a);
	assert_int_equal(pthread_create(&stopper, NULL, let_go_later, &h), 0);
	t0 = deadline_now_ms();
	assert_int_equal(budget_acquire(&a, deadline_in(5000)), 0);
	waited = deadline_now_ms() - t0;
	assert_true(waited >= 100 && waited < 2000);
	budget_release(&a);
	pthread_join(stopper, NULL);
	holder_stop(&h, t);
}

/* No hold-and-wait: a thread that holds a slot and finds the address full fails at
 * once instead of waiting for a slot it might itself be keeping busy. */
static void test_holder_never_waits(void **state)
{
	struct netaddr a = addr_of("192.0.2.55", 443), b = addr_of("192.0.2.56", 443);
	int64_t t0;

	(void)state;
	budget_configure(1, 1);
	assert_int_equal(budget_acquire(&a, deadline_in(1000)), 0);
	t0 = deadline_now_ms();
	assert_int_equal(budget_acquire(&a, deadline_in(3000)), -1);
	assert_true(deadline_now_ms() - t0 < 500);
	/* a free slot of another address is still granted */
	assert_int_equal(budget_acquire(&b, deadline_in(1000)), 0);
	budget_release(&b);
	budget_release(&a);
	/* with nothing held, it waits (and times out) as usual */
	assert_int_equal(budget_acquire(&a, deadline_in(1000)), 0);
	budget_release(&a);
}

/* First come, first served: a thread that releases and connects again at once goes
 * behind the thread already waiting (a scan's back-to-back connections to a mail
 * server cannot starve another test's). */
static _Atomic int fifo_got;

static void *fifo_waiter(void *arg)
{
	struct netaddr *a = arg;

	if (budget_acquire(a, deadline_in(5000)) == 0) {
		atomic_store(&fifo_got, 1);
		pause_us(300000);
		budget_release(a);
	}
	return NULL;
}

static void test_waiters_first_come_first_served(void **state)
{
	struct netaddr a = addr_of("192.0.2.88", 25);
	pthread_t t;

	(void)state;
	budget_configure(3, 1);
	atomic_store(&fifo_got, 0);
	assert_int_equal(budget_acquire(&a, deadline_in(1000)), 0);
	assert_int_equal(pthread_create(&t, NULL, fifo_waiter, &a), 0);
	pause_us(100000);                      /* the other thread is queued now */
	budget_release(&a);
	assert_int_equal(budget_acquire(&a, deadline_in(100)), -1);   /* behind it */
	assert_int_equal(atomic_load(&fifo_got), 1);
	assert_int_equal(budget_acquire(&a, deadline_in(5000)), 0);   /* after it */
	budget_release(&a);
	pthread_join(t, NULL);
}

/* The connects that use the budget: a slot that does not come in time is our limit,
 * said apart from a server's failure (STYLE rule 3), and nothing was sent. */
static void test_connects_report_a_busy_address(void **state)
{
	struct netaddr a = addr_of("127.0.0.1", 9), m = addr_of("127.0.0.1", 25);
	struct holder h;
	struct tls_conn c;
	pthread_t t;
	int64_t t0;

	(void)state;
	guard_allow_private(true);
	budget_configure(1, 1);
	holder_start(&h, &t, a);
	t0 = deadline_now_ms();
	assert_int_equal(probe_tcp_connect_within(&a, deadline_in(150), 4000), PROBE_BUSY);
	assert_true(deadline_now_ms() - t0 >= 140);
	assert_int_equal(probe_tcp_connect(&a, deadline_in(50)), PROBE_FAILED);
	assert_int_equal(tls_conn_open_within(&c, &a, TLS_STARTTLS_NONE, NULL, deadline_in(100), 10000),
	                 TLS_CONN_TCP_FAILED);
	assert_true(c.budget_timeout);
	assert_int_equal(c.fd, -1);
	holder_stop(&h, t);
	holder_start(&h, &t, m);
	assert_int_equal(tls_conn_open(&c, &m, TLS_STARTTLS_SMTP, NULL, deadline_in(100)),
	                 TLS_CONN_TCP_FAILED);
	assert_true(c.budget_timeout);
	holder_stop(&h, t);
	guard_allow_private(false);
}

/* Counters: granted, peaks per class, timeouts; reset. */
static void test_stats(void **state)
{
	struct netaddr a = addr_of("192.0.2.200", 443), m = addr_of("192.0.2.200", 25);
	struct budget_stats st;
	struct holder h1, h2;
	pthread_t t1, t2;

	(void)state;
	budget_configure(4, 2);
	budget_stats_reset();
	budget_get_stats(&st);
	assert_int_equal(st.granted, 0);
	assert_int_equal(st.peak, 0);
	holder_start(&h1, &t1, a);
	holder_start(&h2, &t2, a);
	assert_int_equal(budget_acquire(&m, deadline_in(100)), 0);
	budget_release(&m);
	holder_stop(&h1, t1);
	holder_stop(&h2, t2);
	budget_get_stats(&st);
	assert_int_equal(st.granted, 3);
	assert_int_equal(st.peak, 2);
	assert_int_equal(st.peak_smtp, 1);
	assert_int_equal(st.timeouts, 0);
}

/*
 * Shared slots (budget.h "Shared slots", issue 19 item 3), against a store in memory
 * that stands for the database: slots of an address are held by "us" (this process,
 * through the hooks) or by "another process" (the test, directly).
 */
#define FAKE_SLOTS 8
enum { FREE = 0, OURS, THEIRS };

static struct fake {
	pthread_mutex_t mu;
	char addr[64];
	int owner[2][FAKE_SLOTS];          /* [smtp][slot] */
	int takes, fulls, gives, renews, give_alls;
	bool renew_fails, renew_lies;
	int conns[2], worst[2];            /* our open connections; the most over our slots */
} fake = { .mu = PTHREAD_MUTEX_INITIALIZER };

static int fake_count(int smtp, int who)
{
	int n = 0;

	for (int i = 0; i < FAKE_SLOTS; i++)
		n += fake.owner[smtp][i] == who;
	return n;
}

static int fake_take(void *arg, const char *address, bool smtp, int limit)
{
	int slot = -1;

	(void)arg;
	pthread_mutex_lock(&fake.mu);
	assert_string_equal(address, fake.addr);
	for (int i = 0; i < limit && i < FAKE_SLOTS; i++)
		if (fake.owner[smtp][i] == FREE) {
			fake.owner[smtp][i] = OURS;
			slot = i;
			break;
		}
	if (slot >= 0)
		fake.takes++;
	else
		fake.fulls++;
	pthread_mutex_unlock(&fake.mu);
	return slot;
}

static void fake_give(void *arg, const char *address, bool smtp, int slot)
{
	(void)arg;
	pthread_mutex_lock(&fake.mu);
	assert_string_equal(address, fake.addr);
	assert_int_equal(fake.owner[smtp][slot], OURS);   /* never a slot it does not hold */
	fake.owner[smtp][slot] = FREE;
	fake.gives++;
	pthread_mutex_unlock(&fake.mu);
}

static long fake_renew(void *arg)
{
	long n;

	(void)arg;
	pthread_mutex_lock(&fake.mu);
	fake.renews++;
	n = fake.renew_fails ? -1 : fake_count(0, OURS) + fake_count(1, OURS);
	if (fake.renew_lies && n > 0)
		n--;                          /* one was taken over meanwhile */
	pthread_mutex_unlock(&fake.mu);
	return n;
}

static void fake_give_all(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&fake.mu);
	for (int c = 0; c < 2; c++)
		for (int i = 0; i < FAKE_SLOTS; i++)
			if (fake.owner[c][i] == OURS)
				fake.owner[c][i] = FREE;
	fake.give_alls++;
	pthread_mutex_unlock(&fake.mu);
}

static int shared_setup(void **state)
{
	struct budget_shared ops = {
		.take = fake_take, .give = fake_give, .renew = fake_renew,
		.give_all = fake_give_all,
	};

	(void)state;
	pthread_mutex_lock(&fake.mu);
	memset(fake.owner, 0, sizeof(fake.owner));
	fake.takes = fake.fulls = fake.gives = fake.renews = fake.give_alls = 0;
	fake.renew_fails = fake.renew_lies = false;
	memset(fake.conns, 0, sizeof(fake.conns));
	memset(fake.worst, 0, sizeof(fake.worst));
	snprintf(fake.addr, sizeof(fake.addr), "192.0.2.7");
	pthread_mutex_unlock(&fake.mu);
	budget_configure(3, 1);
	budget_stats_reset();
	assert_int_equal(budget_share(&ops), 0);
	return 0;
}

static int shared_teardown(void **state)
{
	budget_unshare(true);
	return teardown(state);
}

/* A connection opened (after budget_acquire) or closed (before budget_release): the
 * fake checks it never has more open than the slots it holds in the store. */
static void fake_conn(int smtp, int delta)
{
	pthread_mutex_lock(&fake.mu);
	fake.conns[smtp] += delta;
	if (fake.conns[smtp] - fake_count(smtp, OURS) > fake.worst[smtp])
		fake.worst[smtp] = fake.conns[smtp] - fake_count(smtp, OURS);
	pthread_mutex_unlock(&fake.mu);
}

static int fake_get(int *field)
{
	int v;

	pthread_mutex_lock(&fake.mu);
	v = *field;
	pthread_mutex_unlock(&fake.mu);
	return v;
}

/* One store round trip for a run of connections: the slot taken for the first is
 * kept for the next ones to the same address. */
static void test_shared_slot_kept_between_connections(void **state)
{
	struct netaddr a = addr_of("192.0.2.7", 443);

	(void)state;
	for (int i = 0; i < 20; i++) {
		assert_int_equal(budget_acquire(&a, deadline_in(1000)), 0);
		fake_conn(0, 1);
		fake_conn(0, -1);
		budget_release(&a);
	}
	assert_int_equal(fake_get(&fake.takes), 1);
	assert_int_equal(fake_get(&fake.worst[0]), 0);
}

/* Unused for BUDGET_SHARED_LINGER_MS, the slot goes back to the store. */
static void test_shared_idle_slot_given_back(void **state)
{
	struct netaddr a = addr_of("192.0.2.7", 443);
	struct budget_stats st;

	(void)state;
	assert_int_equal(budget_acquire(&a, deadline_in(1000)), 0);
	budget_release(&a);
	assert_int_equal(fake_get(&fake.gives), 0);
	pause_us((BUDGET_SHARED_LINGER_MS + 4 * BUDGET_SHARED_POLL_MS) * 1000L);
	assert_int_equal(fake_get(&fake.gives), 1);
	pthread_mutex_lock(&fake.mu);
	assert_int_equal(fake_count(0, OURS), 0);
	pthread_mutex_unlock(&fake.mu);
	budget_get_stats(&st);
	assert_int_equal(st.shared_taken, 1);
	assert_int_equal(st.shared_given, 1);
}

/* Held by others, the store's slots bound this process below its own limit: three
 * allowed, two held elsewhere, so one connection at a time. */
static void *shared_hammer(void *arg)
{
	struct netaddr a = addr_of("192.0.2.7", 443);
	atomic_int *open = arg;

	for (int i = 0; i < 30; i++) {
		if (budget_acquire(&a, deadline_in(5000)) != 0)
			continue;
		fake_conn(0, 1);
		int now = atomic_fetch_add(open, 1) + 1;
		assert_true(now <= 1);
		pause_us(300);
		atomic_fetch_sub(open, 1);
		fake_conn(0, -1);
		budget_release(&a);
	}
	return NULL;
}

static void test_shared_others_slots_bound_this_process(void **state)
{
	pthread_t t[6];
	atomic_int open = 0;
	struct budget_stats st;

	(void)state;
	pthread_mutex_lock(&fake.mu);
	fake.owner[0][0] = fake.owner[0][2] = THEIRS;
	pthread_mutex_unlock(&fake.mu);
	for (int i = 0; i < 6; i++)
		assert_int_equal(pthread_create(&t[i], NULL, shared_hammer, &open), 0);
	for (int i = 0; i < 6; i++)
		pthread_join(t[i], NULL);
	budget_get_stats(&st);
	assert_int_equal(st.granted, 180);
	assert_int_equal(st.peak, 1);
	assert_int_equal(fake_get(&fake.worst[0]), 0);
	assert_true(fake_get(&fake.fulls) >= 1);    /* it asked for more and was told no */
}

/* Every slot held elsewhere: the connection waits, asking the store again every
 * BUDGET_SHARED_POLL_MS to 4 times that, and goes once the other process gives one back. */
static void *other_gives_back(void *arg)
{
	(void)arg;
	pause_us(300 * 1000L);
	pthread_mutex_lock(&fake.mu);
	fake.owner[1][0] = FREE;
	pthread_mutex_unlock(&fake.mu);
	return NULL;
}

static void test_shared_waits_for_another_process(void **state)
{
	struct netaddr m = addr_of("192.0.2.7", 25);
	pthread_t t;
	int64_t t0 = deadline_now_ms();

	(void)state;
	pthread_mutex_lock(&fake.mu);
	fake.owner[1][0] = THEIRS;
	pthread_mutex_unlock(&fake.mu);
	/* never freed: the deadline ends the wait, nothing taken */
	assert_int_equal(budget_acquire(&m, deadline_in(200)), -1);
	assert_true(deadline_now_ms() - t0 >= 200);
	assert_true(fake_get(&fake.fulls) >= 2);
	assert_true(fake_get(&fake.fulls) <= 200 / BUDGET_SHARED_POLL_MS + 1);
	/* freed after 300 ms: taken soon after */
	assert_int_equal(pthread_create(&t, NULL, other_gives_back, NULL), 0);
	t0 = deadline_now_ms();
	assert_int_equal(budget_acquire(&m, deadline_in(3000)), 0);
	assert_true(deadline_now_ms() - t0 < 300 + 4 * BUDGET_SHARED_POLL_MS + 50);
	budget_release(&m);
	pthread_join(t, NULL);
	pthread_mutex_lock(&fake.mu);
	assert_int_equal(fake.owner[1][0], OURS);
	pthread_mutex_unlock(&fake.mu);
}

/* A process connecting to one address again and again gives its slot back after
 * BUDGET_SHARED_HOLD_MS, and waits BUDGET_SHARED_COOLDOWN_MS: another process asking
 * every BUDGET_SHARED_POLL_MS gets it. */
static atomic_bool busy_quit;

static void *busy_smtp(void *arg)
{
	struct netaddr m = addr_of("192.0.2.7", 25);

	(void)arg;
	while (!atomic_load(&busy_quit)) {
		if (budget_acquire(&m, deadline_in(5000)) == 0) {
			fake_conn(1, 1);
			pause_us(2000);
			fake_conn(1, -1);
			budget_release(&m);
		}
	}
	return NULL;
}

static void test_shared_hold_limit_lets_others_in(void **state)
{
	pthread_t t;
	int64_t t0 = deadline_now_ms();
	bool got = false;

	(void)state;
	atomic_store(&busy_quit, false);
	assert_int_equal(pthread_create(&t, NULL, busy_smtp, NULL), 0);
	pause_us(100 * 1000L);
	while (!got && deadline_now_ms() - t0 < 3 * BUDGET_SHARED_HOLD_MS) {
		pthread_mutex_lock(&fake.mu);
		if (fake.owner[1][0] == FREE) {
			fake.owner[1][0] = THEIRS;
			got = true;
		}
		pthread_mutex_unlock(&fake.mu);
		pause_us(BUDGET_SHARED_POLL_MS * 1000L);
	}
	assert_true(got);
	assert_true(deadline_now_ms() - t0 <= BUDGET_SHARED_HOLD_MS + 500);
	pause_us(200 * 1000L);
	pthread_mutex_lock(&fake.mu);
	fake.owner[1][0] = FREE;       /* the other process is done */
	pthread_mutex_unlock(&fake.mu);
	pause_us(200 * 1000L);
	atomic_store(&busy_quit, true);
	pthread_join(t, NULL);
	assert_int_equal(fake_get(&fake.worst[1]), 0);
	assert_true(fake_get(&fake.takes) >= 2);        /* it took the slot again after */
}

/* The store cannot be reached: the slots are not used past
 * BUDGET_SHARED_LEASE_MS - BUDGET_SHARED_RENEW_MS without a renewal (another process
 * may take them once their lease ends); the next connection asks the store again. */
static void test_shared_unrenewed_slots_not_used(void **state)
{
	struct netaddr a = addr_of("192.0.2.7", 443);

	(void)state;
	pthread_mutex_lock(&fake.mu);
	fake.renew_fails = true;
	pthread_mutex_unlock(&fake.mu);
	assert_int_equal(budget_acquire(&a, deadline_in(1000)), 0);
	pause_us((BUDGET_SHARED_LEASE_MS - BUDGET_SHARED_RENEW_MS + 3 * BUDGET_SHARED_POLL_MS) * 1000L);
	assert_true(fake_get(&fake.renews) >= 1);
	/* the connection still open goes on; the next one needs a fresh slot: the fake
	 * still counts slot 0 as ours (its lease has not run out), so slot 1 */
	budget_release(&a);
	assert_int_equal(fake_get(&fake.gives), 0);    /* forgotten, not given */
	assert_int_equal(budget_acquire(&a, deadline_in(1000)), 0);
	assert_int_equal(fake_get(&fake.takes), 2);
	pthread_mutex_lock(&fake.mu);
	assert_int_equal(fake.owner[0][1], OURS);
	fake.renew_fails = false;
	pthread_mutex_unlock(&fake.mu);
	budget_release(&a);
}

/* A renewal that extends fewer slots than this process holds: some were taken over,
 * so none is used any more. */
static void test_shared_lost_slots_given_up(void **state)
{
	struct netaddr a = addr_of("192.0.2.7", 443);

	(void)state;
	assert_int_equal(budget_acquire(&a, deadline_in(1000)), 0);
	pthread_mutex_lock(&fake.mu);
	fake.renew_lies = true;
	pthread_mutex_unlock(&fake.mu);
	pause_us((BUDGET_SHARED_RENEW_MS + 3 * BUDGET_SHARED_POLL_MS) * 1000L);
	budget_release(&a);
	pthread_mutex_lock(&fake.mu);
	fake.renew_lies = false;
	pthread_mutex_unlock(&fake.mu);
	assert_int_equal(budget_acquire(&a, deadline_in(1000)), 0);
	assert_int_equal(fake_get(&fake.takes), 2);
	assert_int_equal(fake_get(&fake.gives), 0);    /* forgotten, not given: may be another's */
	budget_release(&a);
}

/* budget_unshare(true) gives every slot back; (false) leaves them to their lease. */
static void test_shared_unshare_gives_back(void **state)
{
	struct netaddr a = addr_of("192.0.2.7", 443);
	struct budget_shared ops = {
		.take = fake_take, .give = fake_give, .renew = fake_renew,
		.give_all = fake_give_all,
	};

	(void)state;
	assert_int_equal(budget_acquire(&a, deadline_in(1000)), 0);
	budget_release(&a);
	budget_unshare(false);
	assert_int_equal(fake_get(&fake.give_alls), 0);
	assert_int_equal(budget_share(&ops), 0);
	assert_int_equal(budget_acquire(&a, deadline_in(1000)), 0);
	budget_release(&a);
	budget_unshare(true);
	assert_int_equal(fake_get(&fake.give_alls), 1);
	assert_int_equal(budget_share(&ops), 0);       /* for the teardown */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_off_never_waits, teardown),
		cmocka_unit_test_teardown(test_limits_hold_under_threads, teardown),
		cmocka_unit_test_teardown(test_smtp_limit_separate, teardown),
		cmocka_unit_test_teardown(test_wait_times_out_and_takes_nothing, teardown),
		cmocka_unit_test_teardown(test_release_wakes_waiter, teardown),
		cmocka_unit_test_teardown(test_holder_never_waits, teardown),
		cmocka_unit_test_teardown(test_waiters_first_come_first_served, teardown),
		cmocka_unit_test_teardown(test_connects_report_a_busy_address, teardown),
		cmocka_unit_test_teardown(test_stats, teardown),
		cmocka_unit_test_setup_teardown(test_shared_slot_kept_between_connections, shared_setup, shared_teardown),
		cmocka_unit_test_setup_teardown(test_shared_idle_slot_given_back, shared_setup, shared_teardown),
		cmocka_unit_test_setup_teardown(test_shared_others_slots_bound_this_process, shared_setup, shared_teardown),
		cmocka_unit_test_setup_teardown(test_shared_waits_for_another_process, shared_setup, shared_teardown),
		cmocka_unit_test_setup_teardown(test_shared_hold_limit_lets_others_in, shared_setup, shared_teardown),
		cmocka_unit_test_setup_teardown(test_shared_unrenewed_slots_not_used, shared_setup, shared_teardown),
		cmocka_unit_test_setup_teardown(test_shared_lost_slots_given_up, shared_setup, shared_teardown),
		cmocka_unit_test_setup_teardown(test_shared_unshare_gives_back, shared_setup, shared_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

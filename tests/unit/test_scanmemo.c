/*
 * test_scanmemo.c -- the STARTTLS scan memo (tls/scanmemo.h, issue 17 item 3): one
 * scan per (MX name, address), concurrent callers wait for it and get their own
 * copy of the facts (chain PEM and certificate pool released by each holder: ASan
 * sees a double free or a leak), cut-short scans (deadline, rate limiting) are not
 * kept, a waiter gives up at its deadline, the LRU bound. The scan is a stand-in
 * (scan_memo_set_scanner): no network.
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
#include "tls/certpool.h"
#include "tls/scanmemo.h"

static _Atomic int scans_run;
static int scan_ms;                 /* how long the stand-in scan takes */
static bool scan_incomplete, scan_rate_limited;

static void pause_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* A scan's facts with an owned chain and a pool whose certificate owns SAN names. */
static int fake_scan(const struct tls_scan_opts *o, struct tls_scan_facts *f)
{
	char pem[64];
	bool incomplete = scan_incomplete, rate_limited = scan_rate_limited;   /* as it starts */

	atomic_fetch_add(&scans_run, 1);
	pause_ms(scan_ms);
	memset(f, 0, sizeof *f);
	f->reach = TLS_REACH_OK;
	f->version[TLS_V_TLS12] = true;
	f->incomplete = incomplete;
	f->rate_limited = rate_limited;
	snprintf(pem, sizeof pem, "PEM of %s port %u", o->sni, o->addr.port);
	f->cert.obtained = true;
	f->cert.chain_pem = strdup(pem);
	f->cert.pool = calloc(1, sizeof *f->cert.pool);
	assert_non_null(f->cert.chain_pem);
	assert_non_null(f->cert.pool);
	f->cert.pool->n = 1;
	f->cert.pool->cert[0].n_gnames = 2;
	f->cert.pool->cert[0].gnames = calloc(2, sizeof(struct cert_gname));
	assert_non_null(f->cert.pool->cert[0].gnames);
	snprintf(f->cert.pool->cert[0].gnames[1].value, CERT_GNAME_LEN, "%s", o->sni);
	return 0;
}

static int setup(void **state)
{
	struct scan_memo *m = scan_memo_new(8);

	assert_non_null(m);
	scan_memo_set_scanner(m, fake_scan);
	atomic_store(&scans_run, 0);
	scan_ms = 0;
	scan_incomplete = scan_rate_limited = false;
	*state = m;
	return 0;
}

static int teardown(void **state)
{
	scan_memo_free(*state);
	return 0;
}

static struct tls_scan_opts opts_of(const char *name, const char *ip, int deadline_ms)
{
	struct tls_scan_opts o = { .sni = name, .starttls = TLS_STARTTLS_SMTP };

	assert_int_equal(netaddr_parse(ip, &o.addr), 0);
	o.addr.port = 25;
	o.deadline = deadline_in(deadline_ms);
	return o;
}

/* ---- concurrent callers of one MX ---- */

#define CALLERS 8

struct caller {
	struct scan_memo *m;
	const char *name;
	struct tls_scan_facts f;
};

static void *call(void *arg)
{
	struct caller *c = arg;
	struct tls_scan_opts o = opts_of(c->name, "192.0.2.25", 5000);

	scan_memo_scan(c->m, c->name, &o, &c->f);
	return NULL;
}

static void test_one_scan_for_concurrent_callers(void **state)
{
	struct scan_memo *m = *state;
	struct caller c[CALLERS];
	pthread_t t[CALLERS];
	struct scan_memo_stats st;

	scan_ms = 200;
	for (int i = 0; i < CALLERS; i++) {
		c[i] = (struct caller){ .m = m, .name = "mx.hoster.example" };
		assert_int_equal(pthread_create(&t[i], NULL, call, &c[i]), 0);
	}
	for (int i = 0; i < CALLERS; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(atomic_load(&scans_run), 1);
	scan_memo_get_stats(m, &st);
	assert_int_equal(st.scans, 1);
	assert_int_equal(st.reused, CALLERS - 1);
	for (int i = 0; i < CALLERS; i++) {
		assert_int_equal(c[i].f.reach, TLS_REACH_OK);
		assert_string_equal(c[i].f.cert.chain_pem, "PEM of mx.hoster.example port 25");
		assert_string_equal(c[i].f.cert.pool->cert[0].gnames[1].value, "mx.hoster.example");
		for (int j = 0; j < i; j++) {   /* each holder owns its own copy */
			assert_ptr_not_equal(c[i].f.cert.chain_pem, c[j].f.cert.chain_pem);
			assert_ptr_not_equal(c[i].f.cert.pool, c[j].f.cert.pool);
		}
	}
	for (int i = 0; i < CALLERS; i++)
		tls_scan_facts_release(&c[i].f);
}

/* A later caller takes the kept facts; another name or address is another scan. */
static void test_key_is_name_and_address(void **state)
{
	struct scan_memo *m = *state;
	struct tls_scan_facts f;
	struct tls_scan_opts o;

	o = opts_of("mx1.example", "192.0.2.1", 5000);
	scan_memo_scan(m, "mx1.example", &o, &f);
	tls_scan_facts_release(&f);
	scan_memo_scan(m, "mx1.example", &o, &f);
	tls_scan_facts_release(&f);
	assert_int_equal(atomic_load(&scans_run), 1);
	o = opts_of("mx2.example", "192.0.2.1", 5000);
	scan_memo_scan(m, "mx2.example", &o, &f);
	tls_scan_facts_release(&f);
	o = opts_of("mx1.example", "2001:db8::1", 5000);
	scan_memo_scan(m, "mx1.example", &o, &f);
	tls_scan_facts_release(&f);
	assert_int_equal(atomic_load(&scans_run), 3);
}

/* Cut-short scans are not kept: the next caller scans again. */
static void test_cut_short_not_kept(void **state)
{
	struct scan_memo *m = *state;
	struct tls_scan_facts f;
	struct tls_scan_opts o = opts_of("mx.example", "192.0.2.2", 5000);

	scan_incomplete = true;
	scan_memo_scan(m, "mx.example", &o, &f);
	assert_true(f.incomplete);
	tls_scan_facts_release(&f);
	scan_incomplete = false;
	scan_rate_limited = true;
	scan_memo_scan(m, "mx.example", &o, &f);
	assert_true(f.rate_limited);
	tls_scan_facts_release(&f);
	scan_rate_limited = false;
	scan_memo_scan(m, "mx.example", &o, &f);
	tls_scan_facts_release(&f);
	scan_memo_scan(m, "mx.example", &o, &f);
	assert_false(f.incomplete || f.rate_limited);
	tls_scan_facts_release(&f);
	assert_int_equal(atomic_load(&scans_run), 3);
}

/* A waiter whose deadline passes first gets "incomplete" (could not test) at once. */
static void *call_slow(void *arg)
{
	struct caller *c = arg;
	struct tls_scan_opts o = opts_of(c->name, "192.0.2.3", 5000);

	scan_memo_scan(c->m, c->name, &o, &c->f);
	return NULL;
}

static void test_waiter_gives_up_at_deadline(void **state)
{
	struct scan_memo *m = *state;
	struct caller first = { .m = m, .name = "slow.example" };
	struct tls_scan_facts f;
	struct tls_scan_opts o = opts_of("slow.example", "192.0.2.3", 150);
	pthread_t t;
	int64_t t0;

	scan_ms = 800;
	assert_int_equal(pthread_create(&t, NULL, call_slow, &first), 0);
	pause_ms(50);                    /* the first caller is scanning */
	t0 = deadline_now_ms();
	scan_memo_scan(m, "slow.example", &o, &f);
	assert_true(deadline_now_ms() - t0 < 600);
	assert_true(f.incomplete);
	assert_int_not_equal(f.reach, TLS_REACH_OK);
	assert_null(f.cert.chain_pem);
	tls_scan_facts_release(&f);
	pthread_join(t, NULL);
	assert_false(first.f.incomplete);
	tls_scan_facts_release(&first.f);
	assert_int_equal(atomic_load(&scans_run), 1);
}

/* A waiter behind a scan that is then dropped scans itself. */
static void *call_cut(void *arg)
{
	struct caller *c = arg;
	struct tls_scan_opts o = opts_of(c->name, "192.0.2.4", 5000);

	scan_memo_scan(c->m, c->name, &o, &c->f);
	return NULL;
}

static void test_waiter_rescans_after_drop(void **state)
{
	struct scan_memo *m = *state;
	struct caller first = { .m = m, .name = "cut.example" };
	struct tls_scan_facts f;
	struct tls_scan_opts o = opts_of("cut.example", "192.0.2.4", 5000);
	pthread_t t;

	scan_ms = 300;
	scan_incomplete = true;
	assert_int_equal(pthread_create(&t, NULL, call_cut, &first), 0);
	pause_ms(50);
	scan_incomplete = false;         /* read by the second scan only */
	scan_memo_scan(m, "cut.example", &o, &f);
	pthread_join(t, NULL);
	assert_true(first.f.incomplete);
	assert_false(f.incomplete);
	assert_int_equal(atomic_load(&scans_run), 2);
	tls_scan_facts_release(&f);
	tls_scan_facts_release(&first.f);
}

/* At most max_entries finished scans are kept; the least recently used goes first. */
static void test_lru_bound(void **state)
{
	struct scan_memo *m = scan_memo_new(2);
	struct tls_scan_facts f;
	struct tls_scan_opts a = opts_of("a.example", "192.0.2.5", 5000),
	                     b = opts_of("b.example", "192.0.2.5", 5000),
	                     c = opts_of("c.example", "192.0.2.5", 5000);

	(void)state;
	scan_memo_set_scanner(m, fake_scan);
	scan_memo_scan(m, "a.example", &a, &f); tls_scan_facts_release(&f);
	scan_memo_scan(m, "b.example", &b, &f); tls_scan_facts_release(&f);
	scan_memo_scan(m, "a.example", &a, &f); tls_scan_facts_release(&f);   /* a used last */
	scan_memo_scan(m, "c.example", &c, &f); tls_scan_facts_release(&f);   /* b dropped */
	assert_int_equal(atomic_load(&scans_run), 3);
	scan_memo_scan(m, "a.example", &a, &f); tls_scan_facts_release(&f);
	scan_memo_scan(m, "c.example", &c, &f); tls_scan_facts_release(&f);
	assert_int_equal(atomic_load(&scans_run), 3);
	scan_memo_scan(m, "b.example", &b, &f); tls_scan_facts_release(&f);
	assert_int_equal(atomic_load(&scans_run), 4);
	scan_memo_free(m);
}

/* The facts copy used by every holder: chain and pool duplicated, nothing shared. */
static void test_facts_copy(void **state)
{
	struct tls_scan_facts a, b;
	struct tls_scan_opts o = opts_of("copy.example", "192.0.2.6", 5000);

	(void)state;
	fake_scan(&o, &a);
	assert_int_equal(tls_scan_facts_copy(&b, &a), 0);
	assert_ptr_not_equal(a.cert.chain_pem, b.cert.chain_pem);
	assert_ptr_not_equal(a.cert.pool->cert[0].gnames, b.cert.pool->cert[0].gnames);
	tls_scan_facts_release(&a);
	assert_string_equal(b.cert.pool->cert[0].gnames[1].value, "copy.example");
	tls_scan_facts_release(&b);
	/* no chain: nothing to copy */
	memset(&a, 0, sizeof a);
	assert_int_equal(tls_scan_facts_copy(&b, &a), 0);
	assert_null(b.cert.chain_pem);
	assert_null(b.cert.pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_scan_for_concurrent_callers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_is_name_and_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_short_not_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waiter_gives_up_at_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waiter_rescans_after_drop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lru_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_facts_copy, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

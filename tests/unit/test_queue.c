/* test_queue.c -- the queue's heartbeat (issue 19): a queue on an empty store writes
 * its worker row at start and again every lease / 3, and marks it stopped on a clean
 * stop. No job is queued, so no test runs (no resolver needed). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/queue.h"
#include "store/store.h"

struct found {
	char name[128];
	struct store_worker w;
	bool seen;
};

static int find_worker(void *arg, const struct store_worker *w)
{
	struct found *f = arg;
	if (strcmp(w->name, f->name) == 0) {
		f->w = *w;
		f->seen = true;
	}
	return 0;
}

/* The row of worker `name` as store_status reads it: true when listed. */
static bool worker_row(const char *url, const char *name, struct store_worker *out)
{
	struct error err = {{0}};
	struct store_status s;
	struct found f = {.seen = false};
	struct store *st = store_open(url, &err);
	if (!st)
		fail_msg("store_open: %s", err.msg);
	snprintf(f.name, sizeof(f.name), "%s", name);
	if (store_status(st, &s, find_worker, &f, &err) != 0)
		fail_msg("store_status: %s", err.msg);
	store_close(st);
	*out = f.w;
	return f.seen;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static void test_queue_heartbeat_then_stopped(void **state)
{
	char dir[] = "/tmp/test_queueXXXXXX", url[128];
	struct error err = {{0}};
	struct store_worker w;
	int i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(url, sizeof(url), "%s/q.db", dir);
	struct queue_config c = {.db = url, .worker = "beat-1", .lease_s = 3,
	                         .engine = {.jobs = 2}};
	struct queue *q = queue_start(&c, &err);
	if (!q)
		fail_msg("queue_start: %s", err.msg);
	/* the first heartbeat at start */
	for (i = 0; i < 100 && !worker_row(url, "beat-1", &w); i++)
		sleep_ms(50);
	assert_true(i < 100);
	assert_int_equal(w.state, STORE_WORKER_ALIVE);
	assert_int_equal(w.pid, getpid());
	assert_int_equal(w.jobs, 2);
	assert_int_equal(w.beat_interval, 1000);   /* lease 3 s: every second */
	assert_int_equal(w.running, 0);
	assert_true(w.started > 0 && w.started <= w.seen + 1000);
	/* and again a second later */
	int64_t first = w.seen;
	for (i = 0; i < 60 && worker_row(url, "beat-1", &w) && w.seen == first; i++)
		sleep_ms(50);
	assert_true(w.seen > first);
	assert_true(queue_stop(q, 2000));
	assert_true(worker_row(url, "beat-1", &w));
	assert_int_equal(w.state, STORE_WORKER_STOPPED);
	assert_true(w.stopped > 0);
	char p[160];
	static const char *const suffix[] = {"", "-wal", "-shm"};
	for (size_t k = 0; k < 3; k++) {
		snprintf(p, sizeof(p), "%s%s", url, suffix[k]);
		unlink(p);
	}
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queue_heartbeat_then_stopped),
	};
	return cmocka_run_group_tests_name("queue", tests, NULL, NULL);
}

/*
 * engine.c -- see engine.h. Workers are plain threads, each running one test at a
 * time as straight-line blocking code (shared/DESIGN.md "Concurrency"); a test
 * still spreads its own categories and servers over threads of its own
 * (core/parallel.h). What the tests share is made thread-safe where it lives: the
 * resolver (one libunbound context), the trust store, the connection budget and
 * the scan memo.
 */
#include "engine/engine.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/testrun.h"
#include "core/deadline.h"
#include "net/budget.h"
#include "net/whois.h"
#include "report/score.h"

#define ENGINE_JOBS_PER_CPU 4     /* tests wait on the network far more than they compute */
#define ENGINE_JOBS_MAX_DEFAULT 64
#define ENGINE_WHOIS_ANSWERS 4096  /* whois answers kept (net/whois.h): 4096 prefixes */

struct engine {
	struct engine_config c;
	struct engine_callbacks cb;

	pthread_mutex_t io;           /* one caller of next() and done() at a time */
	pthread_mutex_t probe_mu;     /* one caller of probe() at a time */
	pthread_mutex_t mu;           /* guards the counters below, with `cv` and `idle` */
	pthread_cond_t cv;
	pthread_cond_t idle;          /* idle workers wait here for engine_poke */
	unsigned pokes;
	atomic_bool stopping;
	int n_threads, exited, running;
	pthread_t *threads;
};

int engine_default_jobs(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long jobs = (cpus > 0 ? cpus : 1) * ENGINE_JOBS_PER_CPU;

	return (int)(jobs > ENGINE_JOBS_MAX_DEFAULT ? ENGINE_JOBS_MAX_DEFAULT : jobs);
}

/* Wait for engine_poke or engine_stop, at most a second. */
static void idle_wait(struct engine *e)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 1;
	pthread_mutex_lock(&e->mu);
	unsigned seen = e->pokes;
	while (seen == e->pokes && !atomic_load(&e->stopping))
		if (pthread_cond_timedwait(&e->idle, &e->mu, &until) != 0)
			break;
	pthread_mutex_unlock(&e->mu);
}

/* The next job, unless the engine is stopping or the caller has no more; waits
 * while the caller is idle. */
static bool take(struct engine *e, struct engine_job *job)
{
	for (;;) {
		enum engine_next got = ENGINE_END;

		pthread_mutex_lock(&e->io);
		if (!atomic_load(&e->stopping))
			got = e->cb.next(e->cb.arg, job);
		pthread_mutex_unlock(&e->io);
		if (got != ENGINE_IDLE)
			return got == ENGINE_JOB;
		idle_wait(e);
	}
}

struct probe_call {
	struct engine *e;
	struct engine_job *job;
};

static void on_probe(void *arg, const char *probe)
{
	struct probe_call *pc = arg;

	pthread_mutex_lock(&pc->e->probe_mu);
	pc->e->cb.probe(pc->e->cb.arg, pc->job, probe);
	pthread_mutex_unlock(&pc->e->probe_mu);
}

static void run_one(struct engine *e, struct engine_job *job)
{
	struct probe_call pc = { e, job };
	struct testrun_options o = {
		.res = e->c.res,
		.timeout_s = e->c.timeout_s,
		.ca_file = e->c.ca_file,
		.ehlo = e->c.ehlo,
		.rpki = e->c.rpki,
		.memo = e->c.memo,
		.on_probe = e->cb.probe != NULL ? on_probe : NULL,
		.probe_arg = &pc,
	};
	struct report r;     /* 4 KiB; the facts, which are large, live on the heap */
	int64_t t0 = deadline_now_ms();

	if (testrun_run(&o, job->kind, job->domain, &r) == 0)
		score_report(&r);
	pthread_mutex_lock(&e->io);
	e->cb.done(e->cb.arg, job, &r, (double)(deadline_now_ms() - t0) / 1000.0);
	pthread_mutex_unlock(&e->io);
	report_release(&r);
}

static void *worker(void *arg)
{
	struct engine *e = arg;
	struct engine_job job;

	while (take(e, &job)) {
		pthread_mutex_lock(&e->mu);
		e->running++;
		pthread_mutex_unlock(&e->mu);
		run_one(e, &job);
		pthread_mutex_lock(&e->mu);
		e->running--;
		pthread_mutex_unlock(&e->mu);
	}
	pthread_mutex_lock(&e->mu);
	e->exited++;
	pthread_cond_broadcast(&e->cv);
	pthread_mutex_unlock(&e->mu);
	return NULL;
}

struct engine *engine_start(const struct engine_config *c, const struct engine_callbacks *cb)
{
	struct engine *e = calloc(1, sizeof(*e));
	pthread_attr_t attr;
	int want;

	if (!e)
		return NULL;
	e->c = *c;
	budget_configure(c->per_address, c->per_address_smtp);
	whois_cache_configure(ENGINE_WHOIS_ANSWERS);
	e->cb = *cb;
	want = c->jobs > 0 ? c->jobs : engine_default_jobs();
	e->threads = calloc((size_t)want, sizeof(*e->threads));
	if (!e->threads) {
		free(e);
		return NULL;
	}
	pthread_mutex_init(&e->io, NULL);
	pthread_mutex_init(&e->probe_mu, NULL);
	pthread_mutex_init(&e->mu, NULL);
	pthread_cond_init(&e->cv, NULL);
	pthread_cond_init(&e->idle, NULL);
	pthread_attr_init(&attr);
	/* a test's own threads do the deep work; 1 MiB is ample for a worker's frames */
	pthread_attr_setstacksize(&attr, 1024 * 1024);
	for (int i = 0; i < want; i++) {
		if (pthread_create(&e->threads[i], &attr, worker, e) != 0)
			break;
		e->n_threads++;
	}
	pthread_attr_destroy(&attr);
	if (e->n_threads == 0) {
		engine_free(e);
		return NULL;
	}
	return e;
}

void engine_stop(struct engine *e)
{
	atomic_store(&e->stopping, true);
	engine_poke(e);
}

void engine_poke(struct engine *e)
{
	pthread_mutex_lock(&e->mu);
	e->pokes++;
	pthread_cond_broadcast(&e->idle);
	pthread_mutex_unlock(&e->mu);
}

bool engine_wait(struct engine *e, int ms)
{
	bool all;
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	if (ms >= 0) {
		until.tv_sec += ms / 1000;
		until.tv_nsec += (long)(ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
	}
	pthread_mutex_lock(&e->mu);
	while (e->exited < e->n_threads) {
		if (ms < 0)
			pthread_cond_wait(&e->cv, &e->mu);
		else if (pthread_cond_timedwait(&e->cv, &e->mu, &until) != 0)
			break;
	}
	all = e->exited == e->n_threads;
	pthread_mutex_unlock(&e->mu);
	return all;
}

int engine_running(struct engine *e)
{
	int n;

	pthread_mutex_lock(&e->mu);
	n = e->running;
	pthread_mutex_unlock(&e->mu);
	return n;
}

void engine_free(struct engine *e)
{
	if (!e)
		return;
	for (int i = 0; i < e->n_threads; i++)
		pthread_join(e->threads[i], NULL);
	pthread_mutex_destroy(&e->io);
	pthread_mutex_destroy(&e->probe_mu);
	pthread_mutex_destroy(&e->mu);
	pthread_cond_destroy(&e->cv);
	pthread_cond_destroy(&e->idle);
	whois_cache_configure(0);   /* frees the answers */
	free(e->threads);
	free(e);
}

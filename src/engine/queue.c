/* queue.c -- see queue.h. */
#include "engine/queue.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/slots.h"
#include "report/render.h"
#include "report/view.h"
#include "store/store.h"

#define QUEUE_LEASE_DEFAULT_S 30

/* A claimed job while it runs. */
struct qjob {
	struct store_job sj;
	char probes[96];           /* "ipv6,dnssec": the progress page's */
	struct qjob *next;         /* the running list */
};

struct queue {
	struct queue_config c;
	char worker[128];
	char host[256];            /* for the heartbeat (store_worker_beat) */
	int64_t started;           /* Unix ms */
	int jobs;                  /* tests at once */
	struct store *st;          /* next/done (the engine calls them one at a time) */
	struct store *progress_st; /* probe (one at a time too, engine's probe_mu) */
	struct store *renew_st;    /* the renewing thread's */
	struct engine *eng;
	struct slots *slots;       /* the budget across processes; NULL when no budget */

	pthread_mutex_t mu;        /* the running list, stats; with `cv` for the renewer */
	pthread_cond_t cv;
	struct qjob *running;
	struct queue_stats stats;
	bool closed;               /* stopped: results that still come are dropped */
	bool renew_quit;
	pthread_t renewer;
	bool renewer_started;
	int64_t last_complaint;    /* store errors are said at most every 10 s */
};

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

/* A store failure, said on stderr now and then: the queue goes on (the database may
 * come back; a job that cannot be written is claimed again when its lease ends). */
static void complain(struct queue *q, const char *what, const struct error *err)
{
	int64_t now = now_s();

	if (now - q->last_complaint < 10)
		return;
	q->last_complaint = now;
	fprintf(stderr, "inetcheck: queue: %s: %s\n", what, err->msg);
}

static void running_add(struct queue *q, struct qjob *j)
{
	pthread_mutex_lock(&q->mu);
	j->next = q->running;
	q->running = j;
	q->stats.running++;
	pthread_mutex_unlock(&q->mu);
}

static void running_remove(struct queue *q, struct qjob *j)
{
	pthread_mutex_lock(&q->mu);
	for (struct qjob **p = &q->running; *p != NULL; p = &(*p)->next)
		if (*p == j) {
			*p = j->next;
			q->stats.running--;
			break;
		}
	pthread_mutex_unlock(&q->mu);
}

/* The ids of the running jobs (malloc'd, *n of them); NULL when none. */
static int64_t *running_ids(struct queue *q, size_t *n)
{
	int64_t *ids = NULL;
	size_t k = 0;

	pthread_mutex_lock(&q->mu);
	if (q->stats.running > 0 && (ids = calloc((size_t)q->stats.running, sizeof(*ids))) != NULL)
		for (struct qjob *j = q->running; j != NULL; j = j->next)
			ids[k++] = j->sj.id;
	pthread_mutex_unlock(&q->mu);
	*n = k;
	return ids;
}

/* engine_callbacks.next: claim one job; a job done at once with a fresh result
 * (spec §5.2 reuse) is only counted. */
static enum engine_next on_next(void *arg, struct engine_job *job)
{
	struct queue *q = arg;
	struct store_job sj;
	struct error err = {{0}};

	for (;;) {
		int n = store_jobs_claim(q->st, q->worker, (int64_t)q->c.lease_s * 1000, 1, &sj, &err);
		if (n < 0) {
			complain(q, "claiming a job", &err);
			return ENGINE_IDLE;
		}
		if (n == 0)
			return ENGINE_IDLE;
		pthread_mutex_lock(&q->mu);
		q->stats.claimed++;
		if (sj.reused > 0)
			q->stats.reused++;
		pthread_mutex_unlock(&q->mu);
		if (sj.reused > 0)
			continue;
		struct qjob *j = calloc(1, sizeof(*j));
		if (j == NULL) {
			/* the lease ends and the job is claimed again */
			return ENGINE_IDLE;
		}
		j->sj = sj;
		running_add(q, j);
		job->kind = strcmp(sj.test, "mail") == 0 ? TEST_MAIL : TEST_WEB;
		snprintf(job->domain, sizeof(job->domain), "%s", sj.domain);
		job->tag = j;
		return ENGINE_JOB;
	}
}

/* engine_callbacks.done: the result and the job done, in one transaction. */
static void on_done(void *arg, struct engine_job *job, struct report *r, double seconds)
{
	struct queue *q = arg;
	struct qjob *j = job->tag;
	json_t *doc = render_json(r), *facts = view_facts(r);
	char *doc_text = doc ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	char *view_text = facts ? json_dumps(facts, JSON_COMPACT) : NULL;
	struct error err = {{0}};
	bool closed;

	(void)seconds;
	pthread_mutex_lock(&q->mu);
	closed = q->closed;
	pthread_mutex_unlock(&q->mu);
	if (!closed && doc_text != NULL) {
		struct store_result res = {
			.domain = r->domain, .test = j->sj.test,
			.status = r->error ? "error" : "ok",
			.percentage = r->error ? -1 : r->percentage,
			.doc = doc_text, .view = view_text,
		};
		if (store_job_complete(q->st, j->sj.id, q->worker, &res, NULL, &err) < 0)
			complain(q, "storing a result", &err);
	}
	pthread_mutex_lock(&q->mu);
	if (r->error)
		q->stats.failed++;
	else
		q->stats.finished++;
	pthread_mutex_unlock(&q->mu);
	running_remove(q, j);
	free(j);
	free(doc_text);
	free(view_text);
	json_decref(doc);
	json_decref(facts);
}

/* engine_callbacks.probe: the progress page of a person's test (site jobs only:
 * nobody watches a batch domain's probes). */
static void on_probe(void *arg, struct engine_job *job, const char *probe)
{
	struct queue *q = arg;
	struct qjob *j = job->tag;
	struct error err = {{0}};
	size_t len = strlen(j->probes);

	snprintf(j->probes + len, sizeof(j->probes) - len, "%s%s", len ? "," : "", probe);
	if (j->sj.origin == STORE_SITE && q->progress_st != NULL &&
	    store_job_progress(q->progress_st, j->sj.id, j->probes, &err) < 0)
		complain(q, "recording progress", &err);
}

/* Seconds between lease renewals and heartbeats: a third of the lease. */
static int renew_every_s(const struct queue *q)
{
	return q->c.lease_s / 3 > 0 ? q->c.lease_s / 3 : 1;
}

/* This worker's heartbeat with its figures (store_worker_beat), on renew_st: from the
 * renewing thread, or after it stopped. */
static void heartbeat(struct queue *q)
{
	struct store_worker w;
	struct queue_stats s;
	struct error err = {{0}};

	queue_get_stats(q, &s);
	memset(&w, 0, sizeof(w));
	snprintf(w.name, sizeof(w.name), "%s", q->worker);
	snprintf(w.host, sizeof(w.host), "%s", q->host);
	w.pid = (int64_t)getpid();
	w.started = q->started;
	w.beat_interval = (int64_t)renew_every_s(q) * 1000;
	w.jobs = q->jobs;
	w.running = s.running;
	w.finished = (int64_t)s.finished;
	w.failed = (int64_t)s.failed;
	if (store_worker_beat(q->renew_st, &w, &err) < 0)
		complain(q, "writing the heartbeat", &err);
}

/* The last heartbeat and the clean stop in the store, once the renewing thread is
 * done with renew_st; a failure is only said (the row then turns "gone"). */
static void heartbeat_stopped(struct queue *q)
{
	struct error err = {{0}};

	heartbeat(q);
	if (store_worker_stopped(q->renew_st, q->worker, &err) < 0)
		fprintf(stderr, "inetcheck: queue: marking worker %s stopped: %s\n", q->worker,
		        err.msg);
}

/* Renew the leases of the running jobs every lease / 3, and write the heartbeat (once
 * at start, then after each renewal): `inetcheck status` tells live workers from
 * killed ones by it. */
static void *renewer(void *arg)
{
	struct queue *q = arg;
	int every = renew_every_s(q);

	heartbeat(q);
	pthread_mutex_lock(&q->mu);
	while (!q->renew_quit) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += every;
		while (!q->renew_quit && pthread_cond_timedwait(&q->cv, &q->mu, &until) == 0)
			;
		if (q->renew_quit)
			break;
		pthread_mutex_unlock(&q->mu);
		size_t n;
		int64_t *ids = running_ids(q, &n);
		struct error err = {{0}};
		if (n > 0 && store_jobs_renew(q->renew_st, q->worker, ids, n,
		                              (int64_t)q->c.lease_s * 1000, &err) < 0)
			complain(q, "renewing leases", &err);
		free(ids);
		heartbeat(q);
		pthread_mutex_lock(&q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

static void renewer_stop(struct queue *q)
{
	if (!q->renewer_started)
		return;
	pthread_mutex_lock(&q->mu);
	q->renew_quit = true;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->renewer, NULL);
	q->renewer_started = false;
}

static void queue_free(struct queue *q)
{
	renewer_stop(q);
	slots_stop(q->slots, true);
	store_close(q->st);
	store_close(q->progress_st);
	store_close(q->renew_st);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
	free(q);
}

struct queue *queue_start(const struct queue_config *c, struct error *err)
{
	struct queue *q = calloc(1, sizeof(*q));
	char host[64] = "localhost";

	if (q == NULL) {
		error_set(err, "out of memory");
		return NULL;
	}
	gethostname(host, sizeof(host) - 1);
	q->c = *c;
	if (q->c.lease_s <= 0)
		q->c.lease_s = QUEUE_LEASE_DEFAULT_S;
	if (c->worker != NULL && c->worker[0] != '\0') {
		snprintf(q->worker, sizeof(q->worker), "%s", c->worker);
	} else {
		snprintf(q->worker, sizeof(q->worker), "%s:%ld", host, (long)getpid());
	}
	snprintf(q->host, sizeof(q->host), "%s", host);
	q->started = (int64_t)time(NULL) * 1000;
	q->jobs = c->engine.jobs > 0 ? c->engine.jobs : engine_default_jobs();
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	if ((q->st = store_open(c->db, err)) == NULL ||
	    (q->progress_st = store_open(c->db, err)) == NULL ||
	    (q->renew_st = store_open(c->db, err)) == NULL)
		goto fail;
	/* issue 19 item 3: other processes may work this store too (more workers, on
	 * other machines): the per-address budget holds for all of them together */
	if ((c->engine.per_address > 0 || c->engine.per_address_smtp > 0) &&
	    (q->slots = slots_start(c->db, q->worker, err)) == NULL)
		goto fail;
	if (pthread_create(&q->renewer, NULL, renewer, q) != 0) {
		error_set(err, "cannot start the lease thread");
		goto fail;
	}
	q->renewer_started = true;
	struct engine_callbacks cb = { .next = on_next, .done = on_done, .probe = on_probe, .arg = q };
	if ((q->eng = engine_start(&c->engine, &cb)) == NULL) {
		error_set(err, "cannot start the workers");
		renewer_stop(q);
		heartbeat_stopped(q);
		goto fail;
	}
	return q;
fail:
	queue_free(q);
	return NULL;
}

void queue_poke(struct queue *q)
{
	engine_poke(q->eng);
}

void queue_get_stats(struct queue *q, struct queue_stats *out)
{
	pthread_mutex_lock(&q->mu);
	*out = q->stats;
	pthread_mutex_unlock(&q->mu);
}

const char *queue_worker_name(const struct queue *q)
{
	return q->worker;
}

bool queue_stop(struct queue *q, int ms)
{
	if (q == NULL)
		return true;
	engine_stop(q->eng);
	if (engine_wait(q->eng, ms)) {
		engine_free(q->eng);
		renewer_stop(q);
		heartbeat_stopped(q);
		queue_free(q);      /* gives the connection slots back */
		return true;
	}
	/* tests still running: hand their jobs back now (another worker, or this
	 * program's next start, takes them at once) and drop what they would write */
	size_t n;
	int64_t *ids;
	struct error err = {{0}};
	pthread_mutex_lock(&q->mu);
	q->closed = true;
	pthread_mutex_unlock(&q->mu);
	renewer_stop(q);     /* its store handle is used below */
	ids = running_ids(q, &n);
	if (n > 0 && store_jobs_release(q->renew_st, q->worker, ids, n, &err) < 0)
		fprintf(stderr, "inetcheck: queue: handing back %zu jobs: %s\n", n, err.msg);
	free(ids);
	slots_stop(q->slots, false);    /* connections may be open: left to their lease */
	if (store_worker_stopped(q->renew_st, q->worker, &err) < 0)
		fprintf(stderr, "inetcheck: queue: marking worker %s stopped: %s\n", q->worker,
		        err.msg);
	/* The engine's threads are still in their tests: the process is about to exit,
	 * and freeing what they use would be the bug. */
	return false;
}

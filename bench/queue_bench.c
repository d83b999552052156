/*
 * queue_bench.c -- the job queue's own cost per job (issue 19 benchmark): a request of
 * N jobs, then W threads, each with its own store connection, claiming one job at a
 * time and completing it at once with a stored document of realistic size (an "empty
 * test"), until the queue is empty. Prints jobs/s, the wall time per job and per claim +
 * complete, and the process CPU per job. Every job must end done exactly once.
 *
 * queue_bench URL N W DOC_BYTES   (URL: an SQLite file or postgresql://...; the store
 *                                  must be new or hold nothing of this program's name)
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "store/store.h"

struct shared {
	const char *url;
	const char *doc;
	atomic_long done, failed;
	double busy_ms;          /* sum over threads of the time in claim + complete */
	pthread_mutex_t mu;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

static void *worker(void *arg)
{
	struct shared *sh = arg;
	struct error err = {{0}};
	struct store *st = store_open(sh->url, &err);
	char name[32];
	double busy = 0;

	if (st == NULL) {
		fprintf(stderr, "queue_bench: %s\n", err.msg);
		atomic_fetch_add(&sh->failed, 1);
		return NULL;
	}
	snprintf(name, sizeof(name), "bench-%lx", (unsigned long)pthread_self());
	for (;;) {
		struct store_job job;
		double t0 = now_ms();
		int n = store_jobs_claim(st, name, 60000, 1, &job, &err);
		if (n <= 0) {
			if (n < 0) {
				fprintf(stderr, "queue_bench: claim: %s\n", err.msg);
				atomic_fetch_add(&sh->failed, 1);
			}
			break;
		}
		struct store_result res = { .domain = job.domain, .test = job.test, .status = "ok",
		                            .percentage = 100, .doc = sh->doc, .view = NULL };
		if (store_job_complete(st, job.id, name, &res, NULL, &err) < 0) {
			fprintf(stderr, "queue_bench: complete: %s\n", err.msg);
			atomic_fetch_add(&sh->failed, 1);
			break;
		}
		busy += now_ms() - t0;
		atomic_fetch_add(&sh->done, 1);
	}
	pthread_mutex_lock(&sh->mu);
	sh->busy_ms += busy;
	pthread_mutex_unlock(&sh->mu);
	store_close(st);
	return NULL;
}

int main(int argc, char **argv)
{
	struct shared sh = { 0 };
	struct error err = {{0}};
	struct store_request req;

	if (argc != 5) {
		fprintf(stderr, "usage: queue_bench URL N WORKERS DOC_BYTES\n");
		return 2;
	}
	long n = atol(argv[2]), w = atol(argv[3]), bytes = atol(argv[4]);
	if (n < 1 || w < 1 || w > 256 || bytes < 16) {
		fprintf(stderr, "queue_bench: N >= 1, 1 <= WORKERS <= 256, DOC_BYTES >= 16\n");
		return 2;
	}
	/* a JSON document of the given size: {"pad":"xxxx...x"} */
	char *doc = malloc((size_t)bytes + 1);
	snprintf(doc, (size_t)bytes + 1, "{\"pad\":\"");
	memset(doc + 8, 'x', (size_t)bytes - 10);
	memcpy(doc + bytes - 2, "\"}", 3);
	sh.url = argv[1];
	sh.doc = doc;
	pthread_mutex_init(&sh.mu, NULL);

	struct store *st = store_open(sh.url, &err);
	if (st == NULL) {
		fprintf(stderr, "queue_bench: %s\n", err.msg);
		return 1;
	}
	char **names = calloc((size_t)n, sizeof(*names));
	for (long i = 0; i < n; i++) {
		names[i] = malloc(64);
		snprintf(names[i], 64, "d%07ld.queue-bench.example", i);
	}
	if (store_request_create(st, STORE_API, "bench", "web", "queue_bench",
	                         (const char *const *)names, (size_t)n, &req, &err) < 0) {
		fprintf(stderr, "queue_bench: %s\n", err.msg);
		return 1;
	}
	double t0 = now_ms(), c0 = cpu_ms();
	pthread_t *th = calloc((size_t)w, sizeof(*th));
	for (long i = 0; i < w; i++)
		pthread_create(&th[i], NULL, worker, &sh);
	for (long i = 0; i < w; i++)
		pthread_join(th[i], NULL);
	double wall = now_ms() - t0, cpu = cpu_ms() - c0;
	long done = atomic_load(&sh.done);

	struct store_request after;
	int found = store_request_find(st, req.rid, NULL, &after, &err);
	printf("store %s: %ld jobs, %ld workers, documents of %ld bytes\n",
	       strncmp(sh.url, "postgres", 8) == 0 ? "postgresql" : "sqlite", n, w, bytes);
	printf("  %ld done in %.0f ms: %.0f jobs/s; %.3f ms wall per job; claim + complete "
	       "%.3f ms per job per worker; process CPU %.3f ms per job\n",
	       done, wall, done * 1000.0 / wall, wall / (double)done, sh.busy_ms / (double)done,
	       cpu / (double)done);
	bool ok = done == n && atomic_load(&sh.failed) == 0 && found == 1 &&
	          after.finished_jobs == n && strcmp(after.status, "done") == 0;
	printf("  every job done once: %s\n", ok ? "yes" : "NO");
	for (long i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(th);
	free(doc);
	store_close(st);
	return ok ? 0 : 1;
}

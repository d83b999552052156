/*
 * queue.h -- the engine fed from the store's job queue (issue 18; shared/DESIGN.md
 * "Service"): the in-process workers of `inetcheck serve`, and of `inetcheck worker`
 * later (issue 19). Jobs are claimed from the store (store_jobs_claim: site jobs
 * first, then a random user's oldest request, spec §5.2), leased and renewed while
 * they run, and each result is written with its job done in one transaction; a job
 * whose lease ends (the process died) is claimed again. One code path with
 * `inetcheck batch`: the stored document is render_json's --json document.
 * The thread renewing the leases also writes this worker's heartbeat to the store
 * (store_worker_beat: at start, then every lease_s / 3, with queue_stats' figures);
 * queue_stop marks the worker stopped (store_worker_stopped), for `inetcheck status`.
 * With a connection budget, the queue shares it with every other process working the
 * store (engine/slots.h), so the limits hold across workers and machines.
 */
#ifndef INETCHECK_ENGINE_QUEUE_H
#define INETCHECK_ENGINE_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "engine/engine.h"

struct queue_config {
	const char *db;              /* store URL: the queue opens its own handles */
	const char *worker;          /* this worker's name (host:pid when NULL) */
	int lease_s;                 /* lease of a claimed job; renewed every lease_s / 3 */
	struct engine_config engine;
};

struct queue_stats {
	uint64_t claimed, reused, finished, failed;
	int running;
};

struct queue;

struct queue *queue_start(const struct queue_config *c, struct error *err);
/* New jobs are queued: idle workers look at once instead of at their next poll. */
void queue_poke(struct queue *q);
void queue_get_stats(struct queue *q, struct queue_stats *out);
/* This worker's name in the store (queue_config.worker, or host:pid). */
const char *queue_worker_name(const struct queue *q);
/* Stop claiming; wait up to `ms` for the running tests and free: true. When tests
 * still run after that, their jobs are handed back (released) and whatever they would
 * write is dropped, but they still use the engine's resolver and trust store: false,
 * and the caller must leave the process without freeing those (_exit). */
bool queue_stop(struct queue *q, int ms);

#endif

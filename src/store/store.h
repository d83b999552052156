/*
 * store.h -- results, batch requests and the job queue (shared/DESIGN.md "Service").
 * One interface, backends chosen by URL: a file path or `sqlite:FILE` (SQLite, WAL;
 * the embedded default) and, later (issue 19), `postgresql://...`. The schema is
 * created and upgraded by numbered migrations applied on open.
 *
 * URL: a plain path or `sqlite:PATH` (also `sqlite:///ABSOLUTE-PATH`) is SQLite;
 * `postgresql://` and `postgres://` are refused until `inetcheck worker` brings them;
 * any other `scheme:` is refused naming it (a file name with a colon: `./a:b`).
 * Schema versions are rows of schema_migrations(version, applied_at) (store/migrations.c).
 *
 * Tables (migration 1):
 *   requests  id, username, test ('web'|'mail'), name, status, created, finished
 *   jobs      id, request, domain, test, state ('queued'|'running'|'done'|'error'|'cancelled'),
 *             attempts, lease_until, worker, result, emitted   UNIQUE(request, test, domain)
 *   results   id, domain, test, created (Unix ms), status ('ok'|'error'), percentage,
 *             doc (the --json document whole, as text)          INDEX(domain, test, created)
 *
 * `inetcheck batch --state FILE` (issue 17) uses one request per test kind (name
 * "batch"), and a job per domain: written done with its result in one transaction,
 * then marked emitted once the line is out. A store is used by one thread at a time.
 */
#ifndef INETCHECK_STORE_STORE_H
#define INETCHECK_STORE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"

struct store;

/* Open (creating and migrating as needed) the store at `url`: NULL after `err`
 * says why (unreadable, not a database, newer schema than this program, an
 * unsupported URL scheme). */
struct store *store_open(const char *url, struct error *err);
void store_close(struct store *st);
/* The schema version after the migrations (for tests and `status`). */
int store_schema_version(struct store *st);

/* The command line's request `name` of `test` ("web"/"mail"; username ''), created
 * when missing: its id, or -1 (err). */
int64_t store_request_get(struct store *st, const char *test, const char *name, struct error *err);

struct store_result {
	const char *domain, *test;   /* A-label domain; "web" or "mail" */
	const char *status;          /* "ok" or "error" */
	int percentage;              /* -1 for an error */
	const char *doc;             /* the --json document, compact text */
};

/* Job state of (request, test, domain): 1 and *done / *emitted when the job exists,
 * 0 when not, -1 on a database error (err). */
int store_job_state(struct store *st, int64_t request, const char *test, const char *domain,
                    bool *done, bool *emitted, struct error *err);
/* One transaction: the result row, and the job of (request, res->test, res->domain)
 * done with that result, not yet emitted. 0 or -1 (err). */
int store_job_finish(struct store *st, int64_t request, const struct store_result *res,
                     struct error *err);
/* Mark the job emitted (its line was written and flushed). 0 or -1 (err; also when
 * there is no done job of (request, test, domain)). */
int store_job_emitted(struct store *st, int64_t request, const char *test, const char *domain,
                      struct error *err);
/* Call fn for every done job of `request` whose line was not emitted (a previous run
 * stopped between storing and writing it), oldest first; fn returns 0 to go on and
 * may call store_job_emitted. 0, or -1 on a database error (err) or when fn stopped
 * (err untouched: fn's reason is the caller's). */
int store_jobs_unemitted(struct store *st, int64_t request,
                         int (*fn)(void *arg, const char *domain, const char *doc), void *arg,
                         struct error *err);

#endif

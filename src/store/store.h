/*
 * store.h -- results, batch requests and the job queue (shared/DESIGN.md "Service").
 * One interface, two backends chosen by URL: a file path or `sqlite:FILE` (SQLite, WAL;
 * the embedded default) and `postgresql://...` or `postgres://...` (a libpq connection
 * URI, e.g. postgresql://inetcheck@db.example/inetcheck or
 * postgresql:///inetcheck?host=/run/postgresql; PostgreSQL 13 or newer) for many
 * processes on many machines (issue 19). The same schema, created and upgraded by the
 * same numbered migrations applied on open (store/migrations.c), and the same SQL and
 * logic (store/store.c over store/backend.h); PostgreSQL differs only where it must:
 * claims take rows with FOR UPDATE SKIP LOCKED so that concurrent workers never claim
 * one job twice nor wait for each other, where SQLite runs one BEGIN IMMEDIATE
 * transaction at a time.
 *
 * URL: a plain path or `sqlite:PATH` (also `sqlite:///ABSOLUTE-PATH`) is SQLite;
 * `postgresql://` and `postgres://` are PostgreSQL: the tables live in the current
 * schema (the first of search_path: `?options=-csearch_path%3DNAME` gives a store a
 * schema of its own); any other `scheme:` is refused naming it (a file name with a
 * colon: `./a:b`). Messages show a PostgreSQL URL without its password. Schema
 * versions are rows of schema_migrations(version, applied_at); on PostgreSQL each
 * migration runs under an advisory lock, so processes starting at once are safe.
 *
 * Tables (migration 1):
 *   requests  id, username, test ('web'|'mail'), name, status, created, finished
 *   jobs      id, request, domain, test, state ('queued'|'running'|'done'|'error'|'cancelled'),
 *             attempts, lease_until, worker, result, emitted   UNIQUE(request, test, domain)
 *   results   id, domain, test, created (Unix ms), status ('ok'|'error'), percentage,
 *             doc (the --json document whole, as text)          INDEX(domain, test, created)
 *
 * Documents (results.doc, request_reports.doc) are read back byte for byte on both
 * backends: SQLite TEXT, PostgreSQL `json`, not `jsonb`. json is checked to be JSON on
 * insert and has the JSON operators (doc->'tests', json_each; doc::jsonb for jsonb's),
 * but keeps the text as given; jsonb would sort the keys, drop duplicate keys, respace
 * and refuse \u0000, so `inetcheck batch --state` would write lines that differ from
 * `--json` and from a SQLite run, and a document with \u0000 could not be stored at all.
 * results_by_domain indexes the plain columns (domain, test, created).
 *
 * `inetcheck batch --state FILE` (issue 17) uses one request per test kind (name
 * "batch"), and a job per domain: written done with its result in one transaction,
 * then marked emitted once the line is out. A store is used by one thread at a time.
 */
#ifndef INETCHECK_STORE_STORE_H
#define INETCHECK_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct store;

/* Open (creating and migrating as needed) the store at `url`: NULL after `err`
 * says why (unreadable, not a database, newer schema than this program, an
 * unsupported URL scheme). */
struct store *store_open(const char *url, struct error *err);
/* The same, but a SQLite file that does not exist is refused, not created (`inetcheck
 * status`: a mistyped path is said, not made into an empty store). */
struct store *store_open_existing(const char *url, struct error *err);
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
	const char *view;            /* view facts (report/view.h), or NULL (issue 18) */
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

/* ---- issue 18: the requests of the batch API and the web UI, the job queue, results ----
 *
 * Migration 2 adds: requests.rid (the public id, 32 lowercase hex, UNIQUE),
 * requests.origin ('cli'|'api'|'site'); jobs.progress (the probes finished, a
 * comma-separated list, for the web UI's progress page); results.view (the
 * language-independent view facts of report/view.h, NULL when not kept);
 * request_reports(request, kind 'results'|'technical', doc, created) for the
 * documents of spec §5.3/§5.4, built once.
 *
 * Request status in the table: 'registering' only inside store_request_create,
 * then 'running'; 'done' (finished set) when no job of it is queued or running;
 * 'cancelled'; 'error' is not used by the store (the API maps done without both
 * report documents to "generating", spec §5.1). Job states: queued → running (claimed,
 * leased) → done | error | cancelled.
 */

enum store_origin { STORE_CLI = 0, STORE_API, STORE_SITE };

struct store_request {
	int64_t id;
	char rid[33];              /* 32 lowercase hex */
	char username[128];        /* '' for the command line and the web UI */
	char test[8];              /* "web" | "mail" */
	char name[256];
	char status[16];           /* as in the table */
	enum store_origin origin;
	int64_t created, finished; /* Unix ms; finished 0 = not yet */
	int total, finished_jobs;  /* jobs, and those done|error|cancelled */
	bool reports;              /* both request_reports documents exist */
};

/* A request id as store_request_create makes them: 32 lowercase hex digits. */
bool store_rid_valid(const char *s);

/* Create a request with one queued job per domain, in the order given (the caller
 * validates, deduplicates and shuffles, spec §5.2; a repeated domain is kept once),
 * in one transaction; its rid is random (OpenSSL RAND_bytes). `out` gets the request
 * as registered (status "registering", as the API's reply shows it). 0 or -1 (err). */
int store_request_create(struct store *st, enum store_origin origin, const char *username,
                         const char *test, const char *name, const char *const *domains,
                         size_t n, struct store_request *out, struct error *err);
/* The request `rid` (of `username`, or of anyone when NULL), with its job counts:
 * 1 found, 0 not, -1 (err). */
int store_request_find(struct store *st, const char *rid, const char *username,
                       struct store_request *out, struct error *err);
/* The requests of `username`, newest first, at most `limit` (0: all), with job
 * counts; fn returns 0 to go on. 0 or -1 (err, or fn stopped). */
int store_request_list(struct store *st, const char *username, int limit,
                       int (*fn)(void *arg, const struct store_request *r), void *arg,
                       struct error *err);
/* Cancel: the request's queued and running jobs become 'cancelled', the request
 * 'cancelled' with finished = now (a done request stays done). 1, 0 unknown, -1. */
int store_request_cancel(struct store *st, const char *rid, const char *username,
                         struct store_request *out, struct error *err);
/* The §5.3/§5.4 documents of a request ("results" / "technical"): put replaces; get
 * gives a malloc'd copy in *doc, 1 found, 0 not, -1 (err). */
int store_report_put(struct store *st, int64_t request, const char *kind, const char *doc,
                     struct error *err);
int store_report_get(struct store *st, int64_t request, const char *kind, char **doc,
                     struct error *err);

/* A claimed job. */
struct store_job {
	int64_t id, request;
	char domain[256];
	char test[8];
	enum store_origin origin;
	int attempts;              /* claims so far, this one included */
	int64_t reused;            /* > 0: done at once with this result (spec §5.2), not run */
};

#define STORE_MAX_ATTEMPTS 3   /* spec §5.2: the third failed attempt is an error */

/*
 * Claim up to `max` jobs for `worker` with a lease of `lease_ms`, one transaction:
 * - first, jobs 'running' whose lease ended go back to 'queued', or become 'error'
 *   (with an error result "the test did not finish in STORE_MAX_ATTEMPTS attempts")
 *   when they had STORE_MAX_ATTEMPTS attempts;
 * - then, one job at a time: a queued job of a 'site' request when there is one
 *   (oldest first: a person waits for it); else a random user among the users with
 *   queued jobs, that user's oldest running request, its first queued job
 *   (spec §5.2 step 3, per-user FIFO);
 * - a job whose (domain, test) has an 'ok' result created at or after its request's
 *   creation is done at once with that result (spec §5.2 reuse) and returned with
 *   `reused` set, not leased (the caller just counts it);
 * - requests left with no queued or running job become 'done' (finished = now).
 * Returns the number of jobs in `out`, or -1 (err).
 */
int store_jobs_claim(struct store *st, const char *worker, int64_t lease_ms, size_t max,
                     struct store_job *out, struct error *err);
/* Extend the leases of `worker`'s running jobs `ids` to now + lease_ms. 0 or -1. */
int store_jobs_renew(struct store *st, const char *worker, const int64_t *ids, size_t n,
                     int64_t lease_ms, struct error *err);
/* Hand back `worker`'s running jobs `ids` (a clean stop): queued again, the claim not
 * counted as an attempt. 0 or -1. */
int store_jobs_release(struct store *st, const char *worker, const int64_t *ids, size_t n,
                       struct error *err);
/* Record the probes finished so far ("ipv6,dnssec") of a running job. 0 or -1. */
int store_job_progress(struct store *st, int64_t job, const char *probes, struct error *err);
/*
 * One transaction: the result row (res->view may be NULL), and job `job` done with
 * it when it is still `worker`'s and running; its request becomes 'done' when it was
 * the last. A job cancelled meanwhile keeps its state and the result row is kept, for
 * reuse; a job another worker claimed (our lease ended) or finished is theirs: nothing
 * is written and *result_id is 0, so no domain is finished twice. *result_id gets the
 * result's id (may be NULL). 0 or -1 (err).
 */
int store_job_complete(struct store *st, int64_t job, const char *worker,
                       const struct store_result *res, int64_t *result_id, struct error *err);

/* The state of job (request, test, domain) as text and its progress, for the
 * progress page; 1 found, 0 not, -1. progress may be "" (malloc'd copy in *progress). */
int store_job_get(struct store *st, int64_t request, char state[16], char **progress,
                  int64_t *result, struct error *err);

/* A stored result, read back (strings malloc'd; store_row_free). */
struct store_row {
	int64_t id;
	char domain[256];
	char test[8];
	int64_t created;           /* Unix ms */
	char status[8];            /* "ok" | "error" */
	int percentage;            /* -1 for error */
	char *doc;                 /* the --json document */
	char *view;                /* view facts, or NULL */
};
void store_row_free(struct store_row *row);
/* Result `id`: 1 found, 0 not, -1. */
int store_result_get(struct store *st, int64_t id, struct store_row *out, struct error *err);
/* The newest result of (domain, test) created at or after `since` ms, 'ok' ones only
 * when `ok_only`: 1 found, 0 not, -1. (The badge: since 0; the web UI's cache:
 * since now - cache minutes.) */
int store_result_latest(struct store *st, const char *domain, const char *test, int64_t since,
                        bool ok_only, struct store_row *out, struct error *err);
/* Every job of request `request` in job order with its state and, when done, its
 * result (row NULL otherwise; doc and view filled only when `with_docs`); fn returns
 * 0 to go on. 0 or -1. */
int store_request_jobs(struct store *st, int64_t request, bool with_docs,
                       int (*fn)(void *arg, const char *domain, const char *state,
                                 const struct store_row *row),
                       void *arg, struct error *err);

/* Hall of Fame (spec §7): the domains whose latest result of `test` ("web", "mail",
 * or "champions" for both, the newer of the two) scored 100, newest first, at most
 * `limit`: the date is the first result of the latest run of 100s, the result id the
 * latest. fn returns 0 to go on. 0 or -1. */
int store_hof(struct store *st, const char *test, int limit,
              int (*fn)(void *arg, const char *domain, int64_t since, int64_t result_id),
              void *arg, struct error *err);

/* ---- issue 19: workers' liveness and the queue's figures (`inetcheck status`) ----
 *
 * Migration 3 adds workers(name PRIMARY KEY, host, pid, started, seen, beat_interval,
 * jobs, running, finished, failed, stopped): each worker process (engine/queue.c)
 * writes its row every beat_interval ms. Times are Unix ms of the writer's clock, as
 * the leases are: the machines' clocks must agree (NTP) within a heartbeat.
 */

enum store_worker_state {
	STORE_WORKER_ALIVE = 0,    /* seen within STORE_WORKER_GONE_BEATS intervals */
	STORE_WORKER_GONE,         /* not seen for longer: killed, hung or its machine down */
	STORE_WORKER_STOPPED,      /* stopped cleanly (store_worker_stopped) */
};

#define STORE_WORKER_GONE_BEATS 3
/* store_status lists the workers seen within this long (older rows are kept). */
#define STORE_WORKER_LISTED_MS (24 * 3600 * 1000LL)

struct store_worker {
	char name[128];            /* as the queue names it (HOST:PID or --name) */
	char host[256];
	int64_t pid;
	int64_t started, seen;     /* Unix ms; seen: the last heartbeat (store_worker_beat sets it) */
	int64_t beat_interval;     /* ms between heartbeats */
	int jobs;                  /* tests at once */
	int running;               /* tests running at the last heartbeat */
	int64_t finished, failed;  /* tests since it started: ok results, error results */
	int64_t stopped;           /* Unix ms of a clean stop; 0: not stopped */
	enum store_worker_state state;   /* store_status's reading; ignored by store_worker_beat */
};

struct store_status {
	int64_t now;               /* Unix ms the figures were taken at (this process's clock) */
	int64_t requests_running;  /* requests registering or running */
	int64_t queued, running;   /* jobs waiting, jobs claimed */
	int64_t expired;           /* of the running jobs, those whose lease ended (worker gone) */
	int64_t finished_minute, failed_minute;   /* results of the last 60 s: ok, error */
	int64_t finished_hour, failed_hour;       /* the same over the last 3600 s */
	int workers, workers_alive;               /* listed, and of them alive */
};

/* The heartbeat of worker w->name: its row created or replaced with w's figures,
 * seen = now, stopped cleared (started = now when w->started is 0). 0 or -1 (err). */
int store_worker_beat(struct store *st, const struct store_worker *w, struct error *err);
/* Worker `name` stopped cleanly: stopped = seen = now, running 0. 0, or -1 (err; also
 * when there is no such worker). */
int store_worker_stopped(struct store *st, const char *name, struct error *err);
/* The queue's figures in *out (one snapshot), then fn for each worker seen within
 * STORE_WORKER_LISTED_MS, by name, with its state (fn may be NULL; it returns 0 to go
 * on). 0, or -1 (err, or fn stopped). */
int store_status(struct store *st, struct store_status *out,
                 int (*fn)(void *arg, const struct store_worker *w), void *arg,
                 struct error *err);

/*
 * Shared connection slots (issue 19 item 3; net/budget.h "Shared slots"): the
 * per-address connection budget held across every process working one store. A slot
 * is a row (address, class, slot) with the worker holding it and a lease on the
 * database's clock (PostgreSQL: clock_timestamp(); SQLite: this machine's), so the
 * workers' own clocks do not matter. A slot whose lease ended (its worker was killed
 * or lost the database) is free again. `cls`: STORE_SLOT_GENERAL (every port but 25)
 * or STORE_SLOT_SMTP (port 25); `address` as inet_ntop writes it. Migration 4 adds
 * address_slots(address, class, slot, worker, lease_until) PRIMARY KEY (address, class,
 * slot), one row per slot taken (or ended and not yet taken over or dropped).
 */
enum { STORE_SLOT_GENERAL = 0, STORE_SLOT_SMTP = 1 };

/* Take the lowest free slot of (address, cls) among 0 .. limit-1 for `worker`, leased
 * for lease_ms: 0 with *slot set, 1 when every one is held (a race lost to another
 * worker reads as held too: ask again later), -1 on an error. */
int store_slot_take(struct store *st, const char *address, int cls, int limit,
                    const char *worker, int64_t lease_ms, int *slot, struct error *err);
/* Give back slot `slot` of (address, cls) if `worker` still holds it. 0 or -1. */
int store_slot_give(struct store *st, const char *address, int cls, int slot,
                    const char *worker, struct error *err);
/* Extend the lease of every slot `worker` holds whose lease has not ended to now +
 * lease_ms: the number of slots extended (fewer than the worker thinks it holds: some
 * were lost), or -1 on an error. */
int64_t store_slots_renew(struct store *st, const char *worker, int64_t lease_ms,
                          struct error *err);
/* Give back every slot of `worker`, and forget slots whose lease ended more than a
 * minute ago (killed workers leave theirs behind). 0 or -1. */
int store_slots_drop(struct store *st, const char *worker, struct error *err);

/*
 * Connection tests (issue 20, spec §3.12): a finished test's report facts (`view`,
 * report/view.h JSON) and score under the test's id (32 lowercase hex).
 */
/* Store a finished test: 1, or 0 when the id already has a result (kept: a test is
 * finished once), -1 on an error (also a bad id, percentage or view). */
int store_conn_put(struct store *st, const char *id, int percentage, const char *view,
                   struct error *err);
/* A stored test: 1 with *view (malloc'd), *created (Unix ms) and *percentage set (either
 * may be NULL), 0 when there is none (or the id is malformed), -1 on an error. */
int store_conn_get(struct store *st, const char *id, char **view, int64_t *created,
                   int *percentage, struct error *err);

#endif

/*
 * engine.h -- many tests side by side in one process (issue 17; shared/DESIGN.md
 * "Service"): `jobs` worker threads pull work from the caller, run testrun_run on
 * the shared resolver, trust store, VRP set, per-address connection budget, whois
 * answers (engine_start configures net/budget.h and net/whois.h's cache for the
 * process) and STARTTLS scan memo, score the report and hand it back. The caller's
 * callbacks keep the engine free of input formats, output formats and storage.
 */
#ifndef INETCHECK_ENGINE_ENGINE_H
#define INETCHECK_ENGINE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "checks/rpki.h"
#include "core/result.h"
#include "dns/resolver.h"

struct scan_memo;   /* tls/scanmemo.h */

struct engine_config {
	struct resolver *res;            /* shared by every test */
	const struct rpki_config *rpki;  /* shared; NULL = no RPKI sources */
	const char *ca_file, *ehlo;      /* as testrun_options */
	int timeout_s;                   /* per test; 0 = TESTRUN_DEFAULT_TIMEOUT_S */
	int jobs;                        /* tests at once; 0 = engine_default_jobs() */
	int per_address;                 /* connection budget (net/budget.h); 0 = none */
	int per_address_smtp;
	struct scan_memo *memo;          /* one STARTTLS scan per (MX, address); NULL = none */
};

/* One test handed to the engine, and back with its report. */
struct engine_job {
	enum test_kind kind;
	char domain[256];           /* A-label */
	void *tag;                  /* the caller's (e.g. a claimed job) */
};

enum engine_next { ENGINE_END = 0, ENGINE_JOB, ENGINE_IDLE };

struct engine_callbacks {
	/* The next test: fill `job` and return ENGINE_JOB; ENGINE_IDLE when there is
	 * none now (the worker waits for engine_poke, at most a second, and asks again);
	 * ENGINE_END when there will be no more (the worker exits). Called by one thread
	 * at a time. */
	enum engine_next (*next)(void *arg, struct engine_job *job);
	/* A finished test: `r` is scored (or r->error says why it could not run) and is
	 * the callee's to read, not to keep. Called by one thread at a time (one with
	 * next). */
	void (*done)(void *arg, struct engine_job *job, struct report *r, double seconds);
	/* Optional: a probe of a running test finished (testrun_options.on_probe), from
	 * that probe's thread, never at the same time as another probe call. */
	void (*probe)(void *arg, struct engine_job *job, const char *probe);
	void *arg;
};

struct engine;

/* A sensible --jobs default for this machine. */
int engine_default_jobs(void);

/* Start the workers; NULL when they could not be created. */
struct engine *engine_start(const struct engine_config *c, const struct engine_callbacks *cb);
/* Work may have come: idle workers ask next() again now (safe from any thread). */
void engine_poke(struct engine *e);
/* No new tests from now on (safe from any thread; tests already running go on). */
void engine_stop(struct engine *e);
/* Wait up to `ms` (< 0: for ever) for every worker to finish: true when all did. */
bool engine_wait(struct engine *e, int ms);
/* Tests running now. */
int engine_running(struct engine *e);
/* Free the engine after engine_wait returned true. */
void engine_free(struct engine *e);

#endif

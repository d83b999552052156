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

/* The next test to run: fill `kind` and `domain` (A-label) and return true, or
 * return false when there is no more work. Called by one thread at a time. */
typedef bool (*engine_next_fn)(void *arg, enum test_kind *kind, char domain[256]);
/* A finished test: `r` is scored (or r->error says why it could not run) and is
 * the callee's to read, not to keep. Called by one thread at a time. */
typedef void (*engine_done_fn)(void *arg, struct report *r, double seconds);

struct engine;

/* A sensible --jobs default for this machine. */
int engine_default_jobs(void);

/* Start the workers; NULL when they could not be created. */
struct engine *engine_start(const struct engine_config *c, engine_next_fn next,
                            engine_done_fn done, void *arg);
/* No new tests from now on (safe from any thread; tests already running go on). */
void engine_stop(struct engine *e);
/* Wait up to `ms` (< 0: for ever) for every worker to finish: true when all did. */
bool engine_wait(struct engine *e, int ms);
/* Tests running now. */
int engine_running(struct engine *e);
/* Free the engine after engine_wait returned true. */
void engine_free(struct engine *e);

#endif

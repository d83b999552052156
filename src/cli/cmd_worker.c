/*
 * cmd_worker.c -- `inetcheck worker --db URL` (issue 19): tests from the store's job
 * queue (engine/queue.h) on this machine, beside any number of other workers and a
 * `serve --workers 0` that only queues. Until SIGINT or SIGTERM: then no new job is
 * claimed, running tests get WORKER_GRACE_MS to finish, and what still runs is handed
 * back to the queue for another worker (nothing is lost, nothing is half written).
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "engine/queue.h"
#include "net/budget.h"
#include "store/store.h"

#define WORKER_GRACE_MS 10000

int cmd_worker(int argc, char **argv)
{
	struct options o;
	struct test_env env;
	struct queue *q;
	struct store *probe;
	struct error err = {{0}};
	sigset_t sigs;
	int rc, sig = 0;

	rc = parse_options(argc, argv, CMD_WORKER, &o);
	if (rc)
		return rc;
	if (o.input)
		return usage_error("worker: unexpected argument '%s'", o.input);
	if (o.db == NULL)
		return usage_error("worker: say which store with --db (a file, sqlite:FILE or "
		                   "postgresql://...)");
	if (o.fail_under >= 0)
		return usage_error("worker: --fail-under is for web, mail and batch");
	if (o.name != NULL && (o.name[0] == '\0' || strlen(o.name) > 100))
		return usage_error("worker: --name wants 1 to 100 characters");
	o.kind = TEST_MAIL;    /* a worker runs both tests: --ehlo is allowed */
	/* a bad store is said before anything else starts */
	if ((probe = store_open(o.db, &err)) == NULL) {
		fprintf(stderr, "inetcheck: worker: --db %s: %s\n", o.db, err.msg);
		return EXIT_USAGE;
	}
	store_close(probe);
	rc = test_env_open(&o, "worker", &env);
	if (rc)
		return rc;
	signals_take(&sigs);
	signal(SIGPIPE, SIG_IGN);

	struct queue_config qc = {
		.db = o.db, .worker = o.name, .lease_s = o.lease_s > 0 ? o.lease_s : 0,
		.engine = test_env_engine(&o, &env),
	};
	q = queue_start(&qc, &err);
	if (q == NULL) {
		fprintf(stderr, "inetcheck: worker: %s\n", err.msg);
		test_env_close(&env);
		return EXIT_NOTRUN;
	}
	fprintf(stderr, "inetcheck: worker %s: testing jobs of %s, %d at once\n", queue_worker_name(q),
	        o.db, o.jobs > 0 ? o.jobs : engine_default_jobs());
	fflush(stderr);
	sigwait(&sigs, &sig);
	struct queue_stats st;
	queue_get_stats(q, &st);
	fprintf(stderr, "inetcheck: worker: %s: stopping; %d tests running get %d s, then go "
	        "back to the queue (%llu finished, %llu could not run, %llu reused)\n",
	        strsignal(sig), st.running, WORKER_GRACE_MS / 1000,
	        (unsigned long long)st.finished, (unsigned long long)st.failed,
	        (unsigned long long)st.reused);
	/* what the shared budget cost: the store's round trips per connection */
	struct budget_stats bs;
	budget_get_stats(&bs);
	fprintf(stderr, "inetcheck: worker: %llu connections, at most %d at once to an address "
	        "(SMTP %d), %llu waits timed out; connection slots: %llu taken from the store, "
	        "%llu given back, %llu times all held elsewhere\n",
	        bs.granted, bs.peak, bs.peak_smtp, bs.timeouts, bs.shared_taken,
	        bs.shared_given, bs.shared_full);
	fflush(stderr);
	if (!queue_stop(q, WORKER_GRACE_MS)) {
		/* tests still in their threads: their jobs are back in the queue, and
		 * nothing they would write is kept; leave without waiting for them */
		fflush(stderr);
		_exit(sig == SIGINT ? 130 : 143);
	}
	test_env_close(&env);
	return sig == SIGINT ? 130 : 143;
}

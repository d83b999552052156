/*
 * cmd_status.c -- `inetcheck status --db URL [--json]` (issue 19): what the queue of a
 * store holds and does (requests running, jobs queued and running, tests finished in
 * the last minute and hour, tests/s) and its workers (engine/queue.c's heartbeats):
 * alive, gone (not seen for three heartbeats: killed, hung, machine down) or stopped.
 * Only reads (the store's migrations aside); a SQLite file is not created.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"

static const char *const state_names[] = {
	[STORE_WORKER_ALIVE] = "alive",
	[STORE_WORKER_GONE] = "gone",
	[STORE_WORKER_STOPPED] = "stopped",
};

/* The workers store_status lists, in its order. */
struct worker_list {
	struct store_worker *w;
	size_t n, size;
};

static int worker_list_add(void *arg, const struct store_worker *w)
{
	struct worker_list *l = arg;

	if (l->n == l->size) {
		size_t size = l->size ? 2 * l->size : 16;
		struct store_worker *grown = realloc(l->w, size * sizeof(*grown));
		if (grown == NULL)
			return 1;
		l->w = grown;
		l->size = size;
	}
	l->w[l->n++] = *w;
	return 0;
}

/* Tests per second over `seconds`. */
static double rate(int64_t tests, int seconds)
{
	return (double)tests / seconds;
}

/* "3 s ago", "12 min ago", "5 h ago", "2 d ago" ("0 s ago" for a clock ahead of ours). */
static void age_text(int64_t ms, char *buf, size_t size)
{
	int64_t s = ms > 0 ? ms / 1000 : 0;

	if (s < 120)
		snprintf(buf, size, "%lld s ago", (long long)s);
	else if (s < 120 * 60)
		snprintf(buf, size, "%lld min ago", (long long)(s / 60));
	else if (s < 48 * 3600)
		snprintf(buf, size, "%lld h ago", (long long)(s / 3600));
	else
		snprintf(buf, size, "%lld d ago", (long long)(s / 86400));
}

static json_t *window_json(int64_t finished, int64_t failed, int seconds)
{
	return json_pack("{s:I, s:I, s:f}", "finished", (json_int_t)finished, "failed",
	                 (json_int_t)failed, "tests_per_second",
	                 (double)(int64_t)(rate(finished + failed, seconds) * 1000 + 0.5) / 1000);
}

static json_t *worker_json(const struct store_worker *w, int64_t now)
{
	json_t *o = json_pack("{s:s, s:s, s:I, s:i, s:i, s:I, s:I, s:I, s:I, s:I, s:s}",
	                      "name", w->name, "host", w->host, "pid", (json_int_t)w->pid,
	                      "jobs", w->jobs, "running", w->running,
	                      "finished", (json_int_t)w->finished, "failed", (json_int_t)w->failed,
	                      "started", (json_int_t)w->started, "seen", (json_int_t)w->seen,
	                      "seen_seconds_ago",
	                      (json_int_t)(now > w->seen ? (now - w->seen) / 1000 : 0),
	                      "state", state_names[w->state]);
	if (o != NULL)
		json_object_set_new(o, "stopped", w->stopped > 0 ? json_integer(w->stopped) : json_null());
	return o;
}

/* The --json document: 0, or -1 out of memory. */
static int print_status_json(const struct store_status *s, const struct worker_list *l)
{
	json_t *workers = json_array();
	json_t *doc = json_pack("{s:I, s:{s:I, s:I, s:I, s:I, s:o, s:o}, s:i, s:o}",
	                        "time", (json_int_t)s->now,
	                        "queue",
	                        "requests_running", (json_int_t)s->requests_running,
	                        "queued", (json_int_t)s->queued,
	                        "running", (json_int_t)s->running,
	                        "lease_ended", (json_int_t)s->expired,
	                        "last_minute", window_json(s->finished_minute, s->failed_minute, 60),
	                        "last_hour", window_json(s->finished_hour, s->failed_hour, 3600),
	                        "workers_alive", s->workers_alive,
	                        "workers", workers);
	int rc = doc != NULL ? 0 : -1;

	for (size_t i = 0; rc == 0 && i < l->n; i++)
		if (json_array_append_new(workers, worker_json(&l->w[i], s->now)) != 0)
			rc = -1;
	if (rc == 0)
		print_json(doc);
	json_decref(doc);
	return rc;
}

/* A worker's row of the table: its cells as text. */
enum { COL_NAME, COL_HOST, COL_PID, COL_JOBS, COL_RUNNING, COL_FINISHED, COL_FAILED,
       COL_SEEN, COL_STATE, COLS };

static void worker_cells(const struct store_worker *w, int64_t now, char cell[COLS][256])
{
	snprintf(cell[COL_NAME], 256, "%s", w->name);
	snprintf(cell[COL_HOST], 256, "%s", w->host);
	snprintf(cell[COL_PID], 256, "%lld", (long long)w->pid);
	snprintf(cell[COL_JOBS], 256, "%d", w->jobs);
	snprintf(cell[COL_RUNNING], 256, "%d", w->running);
	snprintf(cell[COL_FINISHED], 256, "%lld", (long long)w->finished);
	snprintf(cell[COL_FAILED], 256, "%lld", (long long)w->failed);
	age_text(now - w->seen, cell[COL_SEEN], 256);
	snprintf(cell[COL_STATE], 256, "%s", state_names[w->state]);
}

static void print_status_text(const struct store_status *s, const struct worker_list *l)
{
	static const char *const head[COLS] = {"NAME", "HOST", "PID", "JOBS", "RUNNING",
	                                       "FINISHED", "FAILED", "LAST SEEN", "STATE"};
	/* numbers right-aligned */
	static const bool right[COLS] = {[COL_PID] = true, [COL_JOBS] = true, [COL_RUNNING] = true,
	                                 [COL_FINISHED] = true, [COL_FAILED] = true};
	char cell[COLS][256];
	size_t width[COLS];

	printf("Queue\n");
	printf("  requests running     %lld\n", (long long)s->requests_running);
	printf("  jobs queued          %lld\n", (long long)s->queued);
	printf("  jobs running         %lld", (long long)s->running);
	if (s->expired > 0)
		printf(" (%lld whose lease ended: their worker is gone; tested again)",
		       (long long)s->expired);
	printf("\n");
	printf("  last minute          %lld finished, %lld could not be tested: %.2f tests/s\n",
	       (long long)s->finished_minute, (long long)s->failed_minute,
	       rate(s->finished_minute + s->failed_minute, 60));
	printf("  last hour            %lld finished, %lld could not be tested: %.2f tests/s\n",
	       (long long)s->finished_hour, (long long)s->failed_hour,
	       rate(s->finished_hour + s->failed_hour, 3600));
	printf("\nWorkers: %d alive", s->workers_alive);
	if (l->n == 0) {
		printf(", none seen in the last 24 hours\n");
		return;
	}
	printf(" of %zu seen in the last 24 hours\n", l->n);
	for (int c = 0; c < COLS; c++)
		width[c] = strlen(head[c]);
	for (size_t i = 0; i < l->n; i++) {
		worker_cells(&l->w[i], s->now, cell);
		for (int c = 0; c < COLS; c++)
			if (strlen(cell[c]) > width[c])
				width[c] = strlen(cell[c]);
	}
	for (size_t i = 0; i <= l->n; i++) {
		if (i > 0)
			worker_cells(&l->w[i - 1], s->now, cell);
		for (int c = 0; c < COLS; c++) {
			const char *text = i == 0 ? head[c] : cell[c];
			int w = (int)width[c];
			if (c == COLS - 1)
				printf("%s\n", text);
			else if (right[c])
				printf("%*s  ", w, text);
			else
				printf("%-*s  ", w, text);
		}
	}
}

int cmd_status(int argc, char **argv)
{
	struct options o;
	struct store *st;
	struct store_status s;
	struct worker_list l = {NULL, 0, 0};
	struct error err = {{0}};
	int rc;

	rc = parse_options(argc, argv, CMD_STATUS, &o);
	if (rc)
		return rc;
	if (o.input)
		return usage_error("status: unexpected argument '%s'", o.input);
	if (o.db == NULL)
		return usage_error("status: say which store with --db (a file, sqlite:FILE or "
		                   "postgresql://...)");
	if ((st = store_open_existing(o.db, &err)) == NULL) {
		fprintf(stderr, "inetcheck: status: --db %s: %s\n", o.db, err.msg);
		return EXIT_USAGE;
	}
	if (store_status(st, &s, worker_list_add, &l, &err) < 0) {
		if (err.msg[0] == '\0')
			snprintf(err.msg, sizeof(err.msg), "out of memory");
		fprintf(stderr, "inetcheck: status: %s\n", err.msg);
		rc = EXIT_NOTRUN;
		goto out;
	}
	if (o.json) {
		if (print_status_json(&s, &l) < 0) {
			fprintf(stderr, "inetcheck: status: out of memory\n");
			rc = EXIT_NOTRUN;
		}
	} else {
		print_status_text(&s, &l);
	}
out:
	free(l.w);
	store_close(st);
	return rc;
}

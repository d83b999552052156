/*
 * cmd_batch.c -- `inetcheck batch web|mail [FILE|-]` (issue 17): every domain of a
 * list, many at once in one process (engine/engine.h), one --json document per line
 * on stdout or --out, a CSV row per domain (--csv), finished results kept in
 * --state (store/store.h) so that the same command again resumes, a progress line on
 * a terminal and a summary at the end.
 *
 * Order of the work for one finished test (all under `out_mu`): the result is stored
 * and its job marked done (--state), the line and the row are written and flushed,
 * then the job is marked emitted. A process killed between the first and the last
 * step writes the line again on the next run (store_jobs_unemitted), so nothing is
 * lost; SIGINT and SIGTERM wait for `out_mu`, so they never split those steps.
 */
#include "cli/cli.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/deadline.h"
#include "core/domain.h"
#include "engine/domainlist.h"
#include "engine/engine.h"
#include "net/budget.h"
#include "report/catalog.h"
#include "report/render.h"
#include "store/store.h"
#include "tls/scanmemo.h"

#define SLOWEST_MAX 5
#define GRACE_MS 1500          /* SIGINT/SIGTERM: how long running tests may still finish */
#define PROGRESS_EVERY_MS 500
#define SCAN_MEMO_ENTRIES 4096 /* mail servers whose STARTTLS scan is kept for reuse */

struct slow {
	char domain[256];
	double seconds;
};

struct batch {
	const struct options *o;
	enum test_kind kind;
	const char *test;                  /* "web" or "mail" */
	const char *list_name;             /* for messages: the file, or "-" */
	struct domainlist list;
	bool list_failed;                  /* a read error ended the list early */

	struct store *state;
	int64_t request;
	bool state_failed;

	pthread_mutex_t out_mu;            /* the output files, the store, the counters */
	FILE *out, *csv;
	bool closed;                       /* after a signal: nothing more is written */
	bool out_failed;

	pthread_mutex_t err_mu;            /* stderr, shared with the progress line */
	bool progress;                     /* a progress line is on stderr now */
	bool show_progress;

	/* counters (out_mu) */
	unsigned long done, ok, errors, below, resumed, emitted_again;
	long total;                        /* -1: unknown (standard input) */
	unsigned long hist[11];            /* 0-9, ..., 90-99, 100 */
	long long score_sum;
	struct slow slowest[SLOWEST_MAX];
	int64_t started_ms;
};

/* ------------------------------------------------------------------ stderr */

static void progress_clear_locked(struct batch *b)
{
	if (b->progress) {
		fputs("\r\033[K", stderr);
		b->progress = false;
	}
}

/* A message on stderr that does not mix with the progress line. */
static void say(struct batch *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct batch *b, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&b->err_mu);
	progress_clear_locked(b);
	fputs("inetcheck: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	pthread_mutex_unlock(&b->err_mu);
}

static void duration_str(double s, char *buf, size_t len)
{
	long t = (long)(s + 0.5);

	if (t >= 3600)
		snprintf(buf, len, "%ldh%02ldm", t / 3600, t / 60 % 60);
	else if (t >= 60)
		snprintf(buf, len, "%ldm%02lds", t / 60, t % 60);
	else
		snprintf(buf, len, "%lds", t);
}

static void progress_draw(struct batch *b)
{
	unsigned long done, errors;
	long total;
	double secs, rate;
	char eta[32] = "";

	pthread_mutex_lock(&b->out_mu);
	done = b->done;
	errors = b->errors;
	total = b->total;
	pthread_mutex_unlock(&b->out_mu);
	secs = (double)(deadline_now_ms() - b->started_ms) / 1000.0;
	rate = secs > 0 ? (double)done / secs : 0;
	if (total >= 0 && rate > 0 && (unsigned long)total > done) {
		char d[24];
		duration_str((double)((unsigned long)total - done) / rate, d, sizeof(d));
		snprintf(eta, sizeof(eta), ", ETA %s", d);
	}
	pthread_mutex_lock(&b->err_mu);
	if (total >= 0)
		fprintf(stderr, "\r\033[Kbatch %s: %lu/%ld, %.1f tests/s%s, %lu could not be tested",
		        b->test, done, total, rate, eta, errors);
	else
		fprintf(stderr, "\r\033[Kbatch %s: %lu done, %.1f tests/s, %lu could not be tested",
		        b->test, done, rate, errors);
	fflush(stderr);
	b->progress = true;
	pthread_mutex_unlock(&b->err_mu);
}

/* ------------------------------------------------------------------ output */

/* The CSV row of one --json document: domain, test, status, score, then the
 * percentage of each category of the test (empty for a domain not tested). */
static void csv_row(struct batch *b, json_t *doc)
{
	enum category_id cats[5];
	size_t n = catalog_categories_of(b->kind, cats);
	const char *status = json_string_value(json_object_get(doc, "status"));
	json_t *scoring = json_object_get(doc, "scoring");
	json_t *pct = json_object_get(scoring, "percentage");

	fprintf(b->csv, "%s,%s,%s,", json_string_value(json_object_get(doc, "domain")), b->test,
	        status ? status : "error");
	if (json_is_integer(pct))
		fprintf(b->csv, "%lld", (long long)json_integer_value(pct));
	for (size_t i = 0; i < n; i++) {
		json_t *c = json_object_get(json_object_get(scoring, "categories"),
		                            catalog_category(cats[i])->api_name);
		json_t *p = json_object_get(c, "percentage");
		if (json_is_integer(p))
			fprintf(b->csv, ",%lld", (long long)json_integer_value(p));
		else
			fputc(',', b->csv);
	}
	fputc('\n', b->csv);
}

static void csv_header(struct batch *b)
{
	enum category_id cats[5];
	size_t n = catalog_categories_of(b->kind, cats);

	fputs("domain,test,status,score", b->csv);
	for (size_t i = 0; i < n; i++)
		fprintf(b->csv, ",%s", catalog_category(cats[i])->api_name);
	fputc('\n', b->csv);
}

/* One line and one row, flushed: 0, or -1 when writing failed (said once). */
static int emit(struct batch *b, const char *line, json_t *doc)
{
	fputs(line, b->out);
	fputc('\n', b->out);
	if (b->csv) {
		csv_row(b, doc);
		fflush(b->csv);
	}
	if (fflush(b->out) != 0 || ferror(b->out) || (b->csv && ferror(b->csv))) {
		if (!b->out_failed)
			say(b, "cannot write the output: %s", strerror(errno));
		b->out_failed = true;
		return -1;
	}
	return 0;
}

/* A stored result whose line a previous run did not write (it stopped in between). */
static int emit_stored(void *arg, const char *domain, const char *text)
{
	struct batch *b = arg;
	json_t *doc = json_loads(text, 0, NULL);
	struct error err = {{0}};

	if (!doc)
		return 0;   /* not ours to judge; the store wrote it */
	if (emit(b, text, doc) == 0 &&
	    store_job_emitted(b->state, b->request, b->test, domain, &err) < 0)
		say(b, "--state: %s", err.msg);
	b->emitted_again++;
	json_decref(doc);
	return b->out_failed ? -1 : 0;
}

static void count_result(struct batch *b, const struct report *r, double seconds)
{
	b->done++;
	if (r->error) {
		b->errors++;
		return;
	}
	b->ok++;
	b->score_sum += r->percentage;
	b->hist[r->percentage >= 100 ? 10 : r->percentage < 0 ? 0 : r->percentage / 10]++;
	if (b->o->fail_under >= 0 && r->percentage < b->o->fail_under)
		b->below++;
	for (int i = 0; i < SLOWEST_MAX; i++) {
		if (seconds > b->slowest[i].seconds) {
			memmove(&b->slowest[i + 1], &b->slowest[i], sizeof(b->slowest[0]) * (SLOWEST_MAX - 1 - (size_t)i));
			snprintf(b->slowest[i].domain, sizeof(b->slowest[i].domain), "%s", r->domain);
			b->slowest[i].seconds = seconds;
			break;
		}
	}
}

/* engine_callbacks.done */
static void on_done(void *arg, struct engine_job *job, struct report *r, double seconds)
{
	struct batch *b = arg;
	json_t *doc = render_json(r);
	char *line = doc ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	struct error err = {{0}};

	pthread_mutex_lock(&b->out_mu);
	if (b->closed || !line)
		goto out;     /* stopped: this test is done again by the next run */
	if (b->state && !b->state_failed) {
		struct store_result res = { .domain = r->domain, .test = b->test,
		                            .status = r->error ? "error" : "ok",
		                            .percentage = r->error ? -1 : r->percentage, .doc = line };
		if (store_job_finish(b->state, b->request, &res, &err) < 0) {
			say(b, "--state: %s; results are no longer kept", err.msg);
			b->state_failed = true;
		}
	}
	count_result(b, r, seconds);
	if (r->error && !b->o->quiet)
		say(b, "cannot test %s: %s", r->domain, r->error_msg);
	if (emit(b, line, doc) == 0 && b->state && !b->state_failed &&
	    store_job_emitted(b->state, b->request, b->test, r->domain, &err) < 0) {
		say(b, "--state: %s; results are no longer kept", err.msg);
		b->state_failed = true;
	}
out:
	pthread_mutex_unlock(&b->out_mu);
	free(line);
	json_decref(doc);
}

/* ------------------------------------------------------------------ input */

/* Already finished in --state (a previous run): 1, else 0. */
static int state_done(struct batch *b, const char *domain)
{
	bool done = false, emitted = false;
	struct error err = {{0}};

	if (!b->state || b->state_failed)
		return 0;
	if (store_job_state(b->state, b->request, b->test, domain, &done, &emitted, &err) < 0) {
		say(b, "--state: %s; results are no longer kept", err.msg);
		b->state_failed = true;   /* test it: better twice than never */
		return 0;
	}
	return done;
}

/* engine_callbacks.next: the next domain of the list not finished before. */
static enum engine_next on_next(void *arg, struct engine_job *job)
{
	struct batch *b = arg;
	char *domain = job->domain;
	char why[300];

	if (b->list_failed)
		return ENGINE_END;
	for (;;) {
		switch (domainlist_next(&b->list, domain, why, sizeof(why))) {
		case DOMAINLIST_END:
			return ENGINE_END;
		case DOMAINLIST_ERROR:
			say(b, "%s: %s; no more domains are read", b->list_name, why);
			b->list_failed = true;
			return ENGINE_END;
		case DOMAINLIST_INVALID:
			say(b, "%s:%lu: %s; skipped", b->list_name, b->list.line, why);
			continue;
		case DOMAINLIST_DUPLICATE:
			continue;
		case DOMAINLIST_DOMAIN:
			pthread_mutex_lock(&b->out_mu);
			if (state_done(b, domain)) {
				b->resumed++;
				pthread_mutex_unlock(&b->out_mu);
				continue;
			}
			pthread_mutex_unlock(&b->out_mu);
			job->kind = b->kind;
			return ENGINE_JOB;
		}
	}
}

/* The number of domains to test, when the list is a regular file (for the progress
 * line): the same reading as the run's, without messages; -1 when unknown. */
static long count_list(struct batch *b, const char *file)
{
	struct domainlist l;
	char domain[256], why[300];
	enum domainlist_entry e;
	long n = 0;
	struct stat st;
	FILE *in;

	if (!file || !strcmp(file, "-") || stat(file, &st) < 0 || !S_ISREG(st.st_mode))
		return -1;
	in = fopen(file, "r");
	if (!in)
		return -1;
	domainlist_init(&l, in, b->kind == TEST_MAIL);
	while ((e = domainlist_next(&l, domain, why, sizeof(why))) != DOMAINLIST_END && e != DOMAINLIST_ERROR)
		if (e == DOMAINLIST_DOMAIN && !state_done(b, domain))
			n++;
	domainlist_free(&l);
	fclose(in);
	return e == DOMAINLIST_ERROR ? -1 : n;
}

/* ------------------------------------------------------------------ summary */

/* The score distribution's buckets: b->hist[i] */
static const char *const buckets[11] = { "0-9", "10-19", "20-29", "30-39", "40-49", "50-59",
                                         "60-69", "70-79", "80-89", "90-99", "100" };

static json_t *summary_json(struct batch *b, double secs, int jobs, struct scan_memo *memo)
{
	struct budget_stats bs;
	struct scan_memo_stats ms = { 0 };
	json_t *hist = json_object(), *slow = json_array();

	budget_get_stats(&bs);
	if (memo)
		scan_memo_get_stats(memo, &ms);
	for (int i = 0; i < 11; i++)
		json_object_set_new(hist, buckets[i], json_integer((json_int_t)b->hist[i]));
	for (int i = 0; i < SLOWEST_MAX && b->slowest[i].domain[0]; i++)
		json_array_append_new(slow, json_pack("{s:s, s:f}", "domain", b->slowest[i].domain,
		                                      "seconds", b->slowest[i].seconds));
	return json_pack("{s:s, s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:o, s:o, s:o,"
	                 " s:I, s:i, s:i, s:I, s:I, s:I}",
		"test", b->test, "jobs", jobs,
		"tested", (json_int_t)b->done, "ok", (json_int_t)b->ok, "error", (json_int_t)b->errors,
		"below_fail_under", (json_int_t)b->below,
		"invalid_lines", (json_int_t)b->list.invalid, "duplicates", (json_int_t)b->list.duplicates,
		"resumed", (json_int_t)b->resumed, "written_again", (json_int_t)b->emitted_again,
		"seconds", secs, "tests_per_second", secs > 0 ? (double)b->done / secs : 0.0,
		"average_score", b->ok ? json_real((double)b->score_sum / (double)b->ok) : json_null(),
		"histogram", hist, "slowest", slow,
		"connections", (json_int_t)bs.granted, "peak_per_address", bs.peak,
		"peak_per_address_smtp", bs.peak_smtp, "budget_timeouts", (json_int_t)bs.timeouts,
		"mx_scans", (json_int_t)ms.scans, "mx_scans_reused", (json_int_t)ms.reused);
}

static void summary_print(struct batch *b, json_t *s)
{
	char d[24];

	pthread_mutex_lock(&b->err_mu);
	progress_clear_locked(b);
	duration_str(json_real_value(json_object_get(s, "seconds")), d, sizeof(d));
	fprintf(stderr, "batch %s: %lu tested in %s (%.2f tests/s, %d at once)\n", b->test, b->done, d,
	        json_real_value(json_object_get(s, "tests_per_second")),
	        (int)json_integer_value(json_object_get(s, "jobs")));
	fprintf(stderr, "  ok %lu, could not be tested %lu", b->ok, b->errors);
	if (b->o->fail_under >= 0)
		fprintf(stderr, ", below --fail-under %d%%: %lu", b->o->fail_under, b->below);
	fprintf(stderr, "\n  invalid lines %lu, duplicates %lu", b->list.invalid, b->list.duplicates);
	if (b->state)
		fprintf(stderr, ", done before (--state) %lu", b->resumed);
	fputc('\n', stderr);
	if (b->ok) {
		const char *sep = ";";
		fprintf(stderr, "  score: average %.1f%%", (double)b->score_sum / (double)b->ok);
		for (int i = 10; i >= 0; i--)
			if (b->hist[i]) {
				fprintf(stderr, "%s %s%%: %lu", sep, buckets[i], b->hist[i]);
				sep = ",";
			}
		fputc('\n', stderr);
	}
	if (b->slowest[0].domain[0]) {
		fputs("  slowest:", stderr);
		for (int i = 0; i < SLOWEST_MAX && b->slowest[i].domain[0]; i++)
			fprintf(stderr, "%s %s %.1f s", i ? "," : "", b->slowest[i].domain, b->slowest[i].seconds);
		fputc('\n', stderr);
	}
	fprintf(stderr, "  connections %lld (at most %lld at once to one address, %lld to one SMTP server)",
	        (long long)json_integer_value(json_object_get(s, "connections")),
	        (long long)json_integer_value(json_object_get(s, "peak_per_address")),
	        (long long)json_integer_value(json_object_get(s, "peak_per_address_smtp")));
	if (b->kind == TEST_MAIL)
		fprintf(stderr, "; STARTTLS scans %lld, reused %lld",
		        (long long)json_integer_value(json_object_get(s, "mx_scans")),
		        (long long)json_integer_value(json_object_get(s, "mx_scans_reused")));
	fputc('\n', stderr);
	pthread_mutex_unlock(&b->err_mu);
}

/* The summary of the run on stderr (not with --quiet) and to --summary FILE. */
static void summary_finish(struct batch *b, int jobs, struct scan_memo *memo)
{
	double secs = (double)(deadline_now_ms() - b->started_ms) / 1000.0;
	json_t *s = summary_json(b, secs, jobs, memo);

	if (!b->o->quiet)
		summary_print(b, s);
	if (b->o->summary && json_dump_file(s, b->o->summary, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
		say(b, "--summary %s: cannot write it", b->o->summary);
	json_decref(s);
}

/* ------------------------------------------------------------------ the command */

/* --out or --csv: appended to when resuming (--state), else replaced. */
static FILE *open_output(const char *opt, const char *file, bool append, bool *fresh)
{
	struct stat st;
	FILE *f;

	*fresh = !append || stat(file, &st) < 0 || st.st_size == 0;
	f = fopen(file, append ? "a" : "w");
	if (!f)
		fprintf(stderr, "inetcheck: %s %s: %s\n", opt, file, strerror(errno));
	return f;
}

static int finish_files(struct batch *b)
{
	int failed = b->out_failed;

	if (b->out && b->out != stdout && fclose(b->out) != 0)
		failed = 1;
	if (b->csv && fclose(b->csv) != 0)
		failed = 1;
	b->out = b->csv = NULL;
	if (failed && !b->out_failed)
		fprintf(stderr, "inetcheck: cannot write the output: %s\n", strerror(errno));
	return failed ? -1 : 0;
}

int cmd_batch(int argc, char **argv)
{
	struct options o;
	struct test_env env;
	struct batch b;
	struct engine *eng = NULL;
	struct scan_memo *memo = NULL;
	struct error err = {{0}};
	FILE *list = NULL;
	sigset_t sigs;
	int rc, sig = 0;
	bool fresh;

	rc = parse_options(argc, argv, CMD_BATCH, &o);
	if (rc)
		return rc;
	if (!o.input)
		return usage_error("batch: say which test: inetcheck batch web|mail [FILE|-]");
	if (strcmp(o.input, "web") && strcmp(o.input, "mail"))
		return usage_error("batch: the test is web or mail, not '%s'", o.input);
	o.kind = strcmp(o.input, "web") ? TEST_MAIL : TEST_WEB;

	memset(&b, 0, sizeof(b));
	b.o = &o;
	b.kind = o.kind;
	b.test = o.input;
	b.list_name = o.file && strcmp(o.file, "-") ? o.file : "-";
	b.total = -1;
	pthread_mutex_init(&b.out_mu, NULL);
	pthread_mutex_init(&b.err_mu, NULL);

	if (o.file && strcmp(o.file, "-")) {
		struct stat st;

		list = fopen(o.file, "r");
		if (!list) {
			fprintf(stderr, "inetcheck: %s: %s\n", o.file, strerror(errno));
			return EXIT_USAGE;
		}
		if (fstat(fileno(list), &st) == 0 && S_ISDIR(st.st_mode)) {
			fprintf(stderr, "inetcheck: %s: %s\n", o.file, strerror(EISDIR));
			fclose(list);
			return EXIT_USAGE;
		}
	}
	rc = test_env_open(&o, "batch", &env);
	if (rc) {
		if (list)
			fclose(list);
		return rc;
	}
	if (o.state) {
		b.state = store_open(o.state, &err);
		if (b.state)
			b.request = store_request_get(b.state, b.test, "batch", &err);
		if (!b.state || b.request < 0) {
			fprintf(stderr, "inetcheck: --state %s: %s\n", o.state, err.msg);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	b.out = stdout;
	if (o.out && !(b.out = open_output("--out", o.out, b.state != NULL, &fresh))) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (o.csv) {
		b.csv = open_output("--csv", o.csv, b.state != NULL, &fresh);
		if (!b.csv) {
			rc = EXIT_USAGE;
			goto out;
		}
		if (fresh)
			csv_header(&b);
	}
	domainlist_init(&b.list, list ? list : stdin, o.kind == TEST_MAIL);
	b.show_progress = !o.quiet && isatty(STDERR_FILENO);
	if (b.show_progress)
		b.total = count_list(&b, o.file);
	/* lines a previous run stored but did not write */
	if (b.state && store_jobs_unemitted(b.state, b.request, emit_stored, &b, &err) < 0 && !b.out_failed)
		say(&b, "--state: %s", err.msg);

	if (o.kind == TEST_MAIL && !(memo = scan_memo_new(SCAN_MEMO_ENTRIES))) {
		fprintf(stderr, "inetcheck: batch: out of memory\n");
		rc = EXIT_NOTRUN;
		goto out;
	}
	/* the signals are taken by this thread alone (sigtimedwait below) */
	signals_take(&sigs);

	struct engine_config ec = test_env_engine(&o, &env);
	ec.memo = memo;
	int jobs = o.jobs > 0 ? o.jobs : engine_default_jobs();
	b.started_ms = deadline_now_ms();
	struct engine_callbacks cb = { .next = on_next, .done = on_done, .arg = &b };
	eng = b.out_failed ? NULL : engine_start(&ec, &cb);
	if (!eng && !b.out_failed) {
		fprintf(stderr, "inetcheck: batch: cannot start the test threads\n");
		rc = EXIT_NOTRUN;
		goto out;
	}
	while (eng && !engine_wait(eng, 0)) {
		struct timespec ts = { 0, PROGRESS_EVERY_MS * 1000000L };
		int s = sigtimedwait(&sigs, NULL, &ts);

		if (s == SIGINT || s == SIGTERM) {
			sig = s;
			break;
		}
		pthread_mutex_lock(&b.out_mu);
		bool failed = b.out_failed;
		pthread_mutex_unlock(&b.out_mu);
		if (failed)
			engine_stop(eng);
		if (b.show_progress)
			progress_draw(&b);
	}
	if (sig) {
		/* finish what ends within the grace time; abandon the rest (the next run
		 * with --state tests it again): nothing written is lost or written twice */
		engine_stop(eng);
		say(&b, "%s: stopping; waiting up to %d ms for %d running tests", strsignal(sig),
		    GRACE_MS, engine_running(eng));
		bool all = engine_wait(eng, GRACE_MS);
		pthread_mutex_lock(&b.out_mu);
		b.closed = true;
		pthread_mutex_unlock(&b.out_mu);
		if (!all) {
			/* threads are still in their tests: leave without joining them */
			summary_finish(&b, jobs, memo);
			finish_files(&b);
			store_close(b.state);
			fflush(stdout);
			fflush(stderr);
			_exit(128 + sig);
		}
	}
	summary_finish(&b, jobs, memo);
	if (sig)
		rc = 128 + sig;
	else if (b.out_failed)
		rc = EXIT_OUTPUT;
	else if (b.errors || b.list_failed)
		rc = EXIT_NOTRUN;
	else if (b.below)
		rc = EXIT_BELOW;
	else
		rc = EXIT_OK;
out:
	if (eng) {
		engine_wait(eng, -1);
		engine_free(eng);
	}
	if (finish_files(&b) < 0 && rc != EXIT_USAGE)
		rc = EXIT_OUTPUT;
	domainlist_free(&b.list);
	if (list)
		fclose(list);
	store_close(b.state);
	scan_memo_free(memo);
	test_env_close(&env);
	pthread_mutex_destroy(&b.out_mu);
	pthread_mutex_destroy(&b.err_mu);
	return rc;
}

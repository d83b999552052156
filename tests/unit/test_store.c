/* test_store.c -- the SQLite store (issue 17 `--state FILE`): migrations, refusals,
 * requests, the job lifecycle and results, on temporary files. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/store.h"

struct tmp {
	char dir[64], path[96];
};

static int tmp_setup(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));
	assert_non_null(t);
	strcpy(t->dir, "/tmp/test_storeXXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->path, sizeof(t->path), "%s/state.db", t->dir);
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmp *t = *state;
	char p[128];
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", t->path, suffix[i]);
		unlink(p);
	}
	rmdir(t->dir);
	free(t);
	return 0;
}

static struct store *open_ok(const char *url)
{
	struct error err = {{0}};
	struct store *st = store_open(url, &err);
	if (!st)
		fail_msg("store_open(%s): %s", url, err.msg);
	return st;
}

/* Run `sql` on the file directly, yielding one integer (-1 when no row). */
static int64_t sql_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int64_t v = -1;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static void sql_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static int finish(struct store *st, int64_t request, const char *test, const char *domain,
                  const char *doc)
{
	struct error err = {{0}};
	struct store_result r = {domain, test, "ok", 80, doc, NULL};
	int rc = store_job_finish(st, request, &r, &err);
	if (rc != 0)
		print_error("store_job_finish: %s\n", err.msg);
	return rc;
}

static void test_create_and_migrate(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	assert_int_equal(store_schema_version(st), 2);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM schema_migrations"), 2);
	assert_int_equal(sql_int(t->path, "SELECT max(version) FROM schema_migrations"), 2);
	assert_true(sql_int(t->path, "SELECT min(applied_at) FROM schema_migrations") > 1700000000000);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
	                                  "AND name IN ('requests', 'jobs', 'results', "
	                                  "'request_reports')"), 4);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
	                                  "AND name IN ('results_by_domain', 'jobs_claim', "
	                                  "'jobs_unemitted', 'requests_by_rid', 'requests_queue', "
	                                  "'jobs_by_request')"), 6);
	/* WAL is a property of the file: a fresh connection sees it */
	{
		sqlite3 *db = NULL;
		sqlite3_stmt *s = NULL;
		assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
		sqlite3_finalize(s);
		sqlite3_close(db);
	}
	store_close(st);
}

static void test_reopen_keeps_data(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	char url[128];
	bool done = false, emitted = true;
	struct store *st = open_ok(t->path);
	int64_t req = store_request_get(st, "web", "batch", &err);
	assert_true(req > 0);
	assert_int_equal(finish(st, req, "web", "example.nl", "{\"a\":1}"), 0);
	int64_t applied = sql_int(t->path, "SELECT sum(applied_at) FROM schema_migrations");
	store_close(st);

	snprintf(url, sizeof(url), "sqlite:%s", t->path);
	st = open_ok(url);
	assert_int_equal(store_schema_version(st), 2);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM schema_migrations"), 2);
	assert_int_equal(sql_int(t->path, "SELECT sum(applied_at) FROM schema_migrations"), applied);
	assert_int_equal(store_request_get(st, "web", "batch", &err), req);
	assert_int_equal(store_job_state(st, req, "web", "example.nl", &done, &emitted, &err), 1);
	assert_true(done);
	assert_false(emitted);
	store_close(st);
}

static void test_newer_schema_refused(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	char want[256];
	store_close(open_ok(t->path));
	sql_exec(t->path, "INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)");
	assert_null(store_open(t->path, &err));
	snprintf(want, sizeof(want), "state file %s has schema version 99, newer than this "
	         "inetcheck knows (2): use a newer inetcheck", t->path);
	assert_string_equal(err.msg, want);
	/* left as it was */
	assert_int_equal(sql_int(t->path, "SELECT max(version) FROM schema_migrations"), 99);
}

static void test_not_a_database_refused(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	char want[256];

	write_file(t->path, "domain,percentage\nexample.nl,100\n"
	                    "padding padding padding padding padding padding padding padding\n");
	assert_null(store_open(t->path, &err));
	snprintf(want, sizeof(want), "%s is not an inetcheck state file (not an SQLite database)",
	         t->path);
	assert_string_equal(err.msg, want);
	unlink(t->path);

	/* an SQLite database of something else is not written to */
	sql_exec(t->path, "CREATE TABLE photos (id INTEGER PRIMARY KEY)");
	assert_null(store_open(t->path, &err));
	snprintf(want, sizeof(want), "%s is not an inetcheck state file (an SQLite database of "
	         "something else)", t->path);
	assert_string_equal(err.msg, want);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM sqlite_master"), 1);
	unlink(t->path);

	/* an empty file is a new database */
	write_file(t->path, "");
	store_close(open_ok(t->path));
}

static void test_unopenable_named(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	char want[256];
	assert_null(store_open("/nonexistent-dir/state.db", &err));
	assert_string_equal(err.msg,
	                    "cannot open state file /nonexistent-dir/state.db: No such file or directory");
	assert_null(store_open(t->dir, &err));
	snprintf(want, sizeof(want), "cannot open state file %s:", t->dir);
	assert_memory_equal(err.msg, want, strlen(want));
}

static void test_urls(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	char url[128];

	assert_null(store_open("mysql://db.example/inetcheck", &err));
	assert_non_null(strstr(err.msg, "unsupported scheme \"mysql\""));
	assert_null(store_open("FILE:x.db", &err));
	assert_non_null(strstr(err.msg, "unsupported scheme \"file\""));
	assert_null(store_open("averyveryveryveryveryveryverylongscheme://x", &err));
	assert_non_null(strstr(err.msg, "unsupported scheme \"averyveryveryveryveryveryverylo\""));
	assert_null(store_open("sqlite:", &err));
	assert_non_null(strstr(err.msg, "no file name"));
	assert_null(store_open("", &err));
	assert_non_null(strstr(err.msg, "no file name"));
	assert_null(store_open("sqlite://host/x.db", &err));
	assert_non_null(strstr(err.msg, "write sqlite:PATH"));

	assert_null(store_open("postgresql://user@db.example/inetcheck", &err));
	assert_string_equal(err.msg, "state URL postgresql://user@db.example/inetcheck: PostgreSQL "
	                    "comes with `inetcheck worker`, which is not built yet; use a file path "
	                    "or sqlite:PATH");
	assert_null(store_open("postgres://db.example/inetcheck", &err));
	assert_non_null(strstr(err.msg, "PostgreSQL comes with `inetcheck worker`"));

	/* sqlite:///ABSOLUTE is the file URL shape of the same file */
	snprintf(url, sizeof(url), "sqlite://%s", t->path);
	struct store *st = open_ok(url);
	assert_true(store_request_get(st, "mail", "batch", &err) > 0);
	store_close(st);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM requests"), 1);
}

static void test_request_get_idempotent(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	int64_t web = store_request_get(st, "web", "batch", &err);
	int64_t mail = store_request_get(st, "mail", "batch", &err);
	int64_t other = store_request_get(st, "web", "other", &err);
	assert_true(web > 0 && mail > 0 && other > 0);
	assert_true(web != mail && web != other && mail != other);
	assert_int_equal(store_request_get(st, "web", "batch", &err), web);
	assert_int_equal(store_request_get(st, "mail", "batch", &err), mail);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM requests"), 3);
	/* a second process on the same file finds the same request */
	struct store *st2 = open_ok(t->path);
	assert_int_equal(store_request_get(st2, "web", "batch", &err), web);
	store_close(st2);
	/* a test kind the schema does not know */
	assert_int_equal(store_request_get(st, "dns", "batch", &err), -1);
	assert_non_null(strstr(err.msg, "CHECK constraint failed"));
	store_close(st);
}

static void test_job_lifecycle(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	bool done = true, emitted = true;
	struct store *st = open_ok(t->path);
	int64_t req = store_request_get(st, "mail", "batch", &err);

	assert_int_equal(store_job_state(st, req, "mail", "example.nl", &done, &emitted, &err), 0);
	assert_int_equal(finish(st, req, "mail", "example.nl", "{}"), 0);
	assert_int_equal(store_job_state(st, req, "mail", "example.nl", &done, &emitted, &err), 1);
	assert_true(done);
	assert_false(emitted);
	/* the same domain's web job is another job */
	assert_int_equal(store_job_state(st, req, "web", "example.nl", &done, &emitted, &err), 0);
	assert_int_equal(store_job_emitted(st, req, "mail", "example.nl", &err), 0);
	assert_int_equal(store_job_state(st, req, "mail", "example.nl", &done, &emitted, &err), 1);
	assert_true(done);
	assert_true(emitted);
	/* finishing again (a rerun) makes a new result, not yet emitted */
	assert_int_equal(finish(st, req, "mail", "example.nl", "{\"again\":true}"), 0);
	assert_int_equal(store_job_state(st, req, "mail", "example.nl", &done, &emitted, &err), 1);
	assert_false(emitted);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM jobs"), 1);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM results"), 2);
	assert_int_equal(sql_int(t->path, "SELECT result FROM jobs"),
	                 sql_int(t->path, "SELECT max(id) FROM results"));

	assert_int_equal(store_job_emitted(st, req, "mail", "nosuch.nl", &err), -1);
	assert_non_null(strstr(err.msg, "no finished mail job for nosuch.nl"));
	store_close(st);
}

static void test_error_result(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	int64_t req = store_request_get(st, "web", "batch", &err);
	struct store_result r = {"broken.nl", "web", "error", -1, "{\"status\":\"error\"}", NULL};
	assert_int_equal(store_job_finish(st, req, &r, &err), 0);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM results WHERE percentage IS NULL "
	                                  "AND status = 'error'"), 1);
	store_close(st);
}

/* A failing job upsert takes the result row back with it: one transaction. */
static void test_finish_is_one_transaction(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	struct store_result r = {"example.nl", "web", "ok", 100, "{}", NULL};
	assert_int_equal(store_job_finish(st, 12345, &r, &err), -1);   /* no such request */
	assert_non_null(strstr(err.msg, "FOREIGN KEY constraint failed"));
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM results"), 0);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM jobs"), 0);
	/* and the store goes on working */
	int64_t req = store_request_get(st, "web", "batch", &err);
	assert_int_equal(store_job_finish(st, req, &r, &err), 0);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM results"), 1);
	store_close(st);
}

struct seen {
	char domains[100][32];
	int n, stop_at;
	struct store *st;
	int64_t request;
};

static int collect(void *arg, const char *domain, const char *doc)
{
	struct seen *s = arg;
	assert_true(s->n < 100);
	snprintf(s->domains[s->n++], sizeof(s->domains[0]), "%s", domain);
	assert_non_null(strstr(doc, domain));
	if (s->st) {   /* emitting from inside the walk, as batch does on resume */
		struct error err = {{0}};
		assert_int_equal(store_job_emitted(s->st, s->request, "web", domain, &err), 0);
	}
	return s->stop_at && s->n == s->stop_at;
}

static void test_unemitted_in_finish_order(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	int64_t req = store_request_get(st, "web", "batch", &err);
	static const char *const order[] = {"c.nl", "a.nl", "e.nl", "b.nl", "d.nl"};
	char doc[64];
	struct seen seen = {0};

	for (int i = 0; i < 5; i++) {
		snprintf(doc, sizeof(doc), "{\"domain\":\"%s\"}", order[i]);
		assert_int_equal(finish(st, req, "web", order[i], doc), 0);
	}
	assert_int_equal(store_job_emitted(st, req, "web", "e.nl", &err), 0);
	assert_int_equal(store_jobs_unemitted(st, req, collect, &seen, &err), 0);
	assert_int_equal(seen.n, 4);
	assert_string_equal(seen.domains[0], "c.nl");
	assert_string_equal(seen.domains[1], "a.nl");
	assert_string_equal(seen.domains[2], "b.nl");
	assert_string_equal(seen.domains[3], "d.nl");

	/* fn stops: -1 */
	memset(&seen, 0, sizeof(seen));
	seen.stop_at = 2;
	assert_int_equal(store_jobs_unemitted(st, req, collect, &seen, &err), -1);
	assert_int_equal(seen.n, 2);

	/* a re-finished job moves to the end */
	assert_int_equal(finish(st, req, "web", "c.nl", "{\"domain\":\"c.nl\"}"), 0);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(store_jobs_unemitted(st, req, collect, &seen, &err), 0);
	assert_int_equal(seen.n, 4);
	assert_string_equal(seen.domains[0], "a.nl");
	assert_string_equal(seen.domains[3], "c.nl");
	store_close(st);
}

/* More than a page, emitted from inside the callback: each seen once, in order. */
static void test_unemitted_many_emitting(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	int64_t req = store_request_get(st, "web", "batch", &err);
	char domain[32], doc[64];
	struct seen seen = {.st = st, .request = req};

	for (int i = 0; i < 75; i++) {
		snprintf(domain, sizeof(domain), "d%02d.nl", 74 - i);
		snprintf(doc, sizeof(doc), "{\"domain\":\"%s\"}", domain);
		assert_int_equal(finish(st, req, "web", domain, doc), 0);
	}
	assert_int_equal(store_jobs_unemitted(st, req, collect, &seen, &err), 0);
	assert_int_equal(seen.n, 75);
	for (int i = 0; i < 75; i++) {
		snprintf(domain, sizeof(domain), "d%02d.nl", 74 - i);
		assert_string_equal(seen.domains[i], domain);
	}
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(store_jobs_unemitted(st, req, collect, &seen, &err), 0);
	assert_int_equal(seen.n, 0);
	store_close(st);
}

static int keep_doc(void *arg, const char *domain, const char *doc)
{
	char **out = arg;
	*out = strdup(doc);
	return 0;
}

static void test_doc_round_trip(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	int64_t req = store_request_get(st, "web", "batch", &err);
	/* quotes, escapes, a newline, UTF-8 (IDN U-label, emoji), a very long run */
	static char doc[70000];
	int n = snprintf(doc, sizeof(doc), "{\"domain\":\"xn--bcher-kva.example\",\"name\":"
	                 "\"b\xc3\xbc" "cher \xf0\x9f\x93\x9a\",\"q\":\"\\\"it's\\\"\\n\\u0000\",\n"
	                 "\"pad\":\"");
	memset(doc + n, 'x', sizeof(doc) - (size_t)n - 3);
	memcpy(doc + sizeof(doc) - 3, "\"}", 3);
	assert_int_equal(strlen(doc), sizeof(doc) - 1);
	struct store_result r = {"xn--bcher-kva.example", "web", "ok", 42, doc, NULL};
	assert_int_equal(store_job_finish(st, req, &r, &err), 0);

	/* read back with SQLite directly: the same bytes, stored as TEXT */
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT r.doc, typeof(r.doc), r.percentage, r.domain "
	                                    "FROM jobs j JOIN results r ON r.id = j.result "
	                                    "WHERE j.domain = 'xn--bcher-kva.example'",
	                                    -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_bytes(s, 0), (int)strlen(doc));
	assert_memory_equal(sqlite3_column_text(s, 0), doc, strlen(doc));
	assert_string_equal((const char *)sqlite3_column_text(s, 1), "text");
	assert_int_equal(sqlite3_column_int(s, 2), 42);
	sqlite3_finalize(s);
	sqlite3_close(db);

	/* and through the store */
	char *back = NULL;
	assert_int_equal(store_jobs_unemitted(st, req, keep_doc, &back, &err), 0);
	assert_non_null(back);
	assert_string_equal(back, doc);
	free(back);
	store_close(st);
}

static void test_requests_kept_apart(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	bool done = false, emitted = false;
	struct store *st = open_ok(t->path);
	int64_t r1 = store_request_get(st, "web", "batch", &err);
	int64_t r2 = store_request_get(st, "web", "nightly", &err);
	struct seen seen = {0};

	assert_int_equal(finish(st, r1, "web", "example.nl", "{\"example.nl\":1}"), 0);
	assert_int_equal(store_job_state(st, r2, "web", "example.nl", &done, &emitted, &err), 0);
	assert_int_equal(store_jobs_unemitted(st, r2, collect, &seen, &err), 0);
	assert_int_equal(seen.n, 0);
	assert_int_equal(store_job_emitted(st, r2, "web", "example.nl", &err), -1);

	assert_int_equal(finish(st, r2, "web", "example.nl", "{\"example.nl\":2}"), 0);
	assert_int_equal(store_job_emitted(st, r1, "web", "example.nl", &err), 0);
	assert_int_equal(store_job_state(st, r1, "web", "example.nl", &done, &emitted, &err), 1);
	assert_true(emitted);
	assert_int_equal(store_job_state(st, r2, "web", "example.nl", &done, &emitted, &err), 1);
	assert_false(emitted);
	assert_int_equal(store_jobs_unemitted(st, r1, collect, &seen, &err), 0);
	assert_int_equal(seen.n, 0);
	assert_int_equal(store_jobs_unemitted(st, r2, collect, &seen, &err), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM jobs"), 2);
	store_close(st);
}

/* Two handles on one file (two processes later): writes of one are seen by the other. */
static void test_two_handles(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	bool done = false, emitted = true;
	struct store *a = open_ok(t->path), *b = open_ok(t->path);
	int64_t req = store_request_get(a, "web", "batch", &err);
	assert_int_equal(store_request_get(b, "web", "batch", &err), req);
	assert_int_equal(finish(a, req, "web", "one.nl", "{}"), 0);
	assert_int_equal(finish(b, req, "web", "two.nl", "{}"), 0);
	assert_int_equal(store_job_state(b, req, "web", "one.nl", &done, &emitted, &err), 1);
	assert_true(done);
	assert_int_equal(store_job_state(a, req, "web", "two.nl", &done, &emitted, &err), 1);
	store_close(a);
	store_close(b);
}

/* One child's work on the shared file: 0 when all went well. */
static int child_work(const char *path, int id)
{
	struct error err = {{0}};
	char domain[32];
	struct store *st = store_open(path, &err);
	int64_t req = st ? store_request_get(st, "web", "batch", &err) : -1;
	int rc = req > 0 ? 0 : -1;
	for (int i = 0; i < 25 && rc == 0; i++) {
		struct store_result r = {domain, "web", "ok", 100, "{}", NULL};
		snprintf(domain, sizeof(domain), "p%d-%02d.nl", id, i);
		rc = store_job_finish(st, req, &r, &err);
		if (rc == 0)
			rc = store_job_emitted(st, req, "web", domain, &err);
	}
	if (rc != 0)
		fprintf(stderr, "child %d: %s\n", id, err.msg);
	store_close(st);
	return rc;
}

/* Processes creating, migrating and writing one new file at once: the migration runs
 * once, they share one request, and nothing is lost to a busy lock. */
static void test_processes_share_a_new_file(void **state)
{
	struct tmp *t = *state;
	pid_t pid[4];
	int status;

	for (int i = 0; i < 4; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0)
			_exit(child_work(t->path, i) == 0 ? 0 : 1);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM schema_migrations"), 2);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM requests"), 1);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM jobs WHERE state = 'done' "
	                                  "AND emitted = 1"), 100);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM results"), 100);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tmp_setup, tmp_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_and_migrate),
		T(test_reopen_keeps_data),
		T(test_newer_schema_refused),
		T(test_not_a_database_refused),
		T(test_unopenable_named),
		T(test_urls),
		T(test_request_get_idempotent),
		T(test_job_lifecycle),
		T(test_error_result),
		T(test_finish_is_one_transaction),
		T(test_unemitted_in_finish_order),
		T(test_unemitted_many_emitting),
		T(test_doc_round_trip),
		T(test_requests_kept_apart),
		T(test_two_handles),
		T(test_processes_share_a_new_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

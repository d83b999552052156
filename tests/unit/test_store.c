/* test_store.c -- the store (issues 17-19) on both backends, one test per behaviour:
 * migrations, refusals, requests, the job lifecycle and queue, results. Each test runs
 * on a new SQLite file; with INETCHECK_TEST_PG=<libpq URI> (tests/unit/pg-run.sh, meson
 * test store-pg) every test runs on PostgreSQL instead, each in a new schema of that
 * database (search_path in the URL). A few tests check what only one backend has (WAL,
 * a file that is not a database), on that backend. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

/* The PostgreSQL database of the run (NULL: SQLite), and a connection to it that
 * creates and drops the tests' schemas. */
/* The schema version this inetcheck creates (migrations.c). */
#define SCHEMA_LATEST 5

static const char *pg_base;
static PGconn *pg_admin;

struct tmp {
	bool pg;
	char dir[64];
	char path[512];      /* the store's URL: the SQLite file, or the PostgreSQL URI */
	char schema[32];
};

/* One connection of the test's own to the PostgreSQL store, for sql_int & co. */
static PGconn *pg_helper;

static void pg_helper_close(void)
{
	PQfinish(pg_helper);
	pg_helper = NULL;
}

static void pg_admin_exec(const char *sql)
{
	PGresult *res = PQexec(pg_admin, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(pg_admin));
	PQclear(res);
}

static int tmp_setup(void **state)
{
	static int serial;
	struct tmp *t = calloc(1, sizeof(*t));
	char sql[64];
	assert_non_null(t);
	strcpy(t->dir, "/tmp/test_storeXXXXXX");
	assert_non_null(mkdtemp(t->dir));
	if (pg_base) {
		t->pg = true;
		snprintf(t->schema, sizeof(t->schema), "t%d_%d", (int)getpid(), ++serial);
		snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", t->schema);
		pg_admin_exec(sql);
		snprintf(t->path, sizeof(t->path), "%s%soptions=-csearch_path%%3D%s", pg_base,
		         strchr(pg_base, '?') ? "&" : "?", t->schema);
	} else {
		snprintf(t->path, sizeof(t->path), "%s/state.db", t->dir);
	}
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmp *t = *state;
	char p[600];
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	if (t->pg) {
		pg_helper_close();
		snprintf(p, sizeof(p), "DROP SCHEMA %s CASCADE", t->schema);
		pg_admin_exec(p);
	} else {
		for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
			snprintf(p, sizeof(p), "%s%s", t->path, suffix[i]);
			unlink(p);
		}
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

static bool is_pg(const char *url)
{
	return strncmp(url, "postgresql:", 11) == 0;
}

/* Run `sql` on the PostgreSQL store `url` through the helper connection. */
static PGresult *pg_query(const char *url, const char *sql)
{
	PGresult *res;
	if (!pg_helper) {
		pg_helper = PQconnectdb(url);
		if (PQstatus(pg_helper) != CONNECTION_OK)
			fail_msg("%s: %s", url, PQerrorMessage(pg_helper));
	}
	res = PQexec(pg_helper, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(pg_helper));
	return res;
}

/* Run `sql` on the store directly, yielding its first column as text (malloc'd; NULL
 * when no row or NULL). */
static char *sql_text(const char *path, const char *sql)
{
	char *v = NULL;
	if (is_pg(path)) {
		PGresult *res = pg_query(path, sql);
		if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
			v = strdup(PQgetvalue(res, 0, 0));
		PQclear(res);
		return v;
	}
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* Run `sql` on the store directly, yielding one integer (-1 when no row; a
 * PostgreSQL boolean is 1 or 0, NULL is 0). */
static int64_t sql_int(const char *path, const char *sql)
{
	if (is_pg(path)) {
		PGresult *res = pg_query(path, sql);
		int64_t v = -1;
		if (PQntuples(res) > 0) {
			const char *t = PQgetvalue(res, 0, 0);
			v = *t == 't' ? 1 : *t == 'f' ? 0 : strtoll(t, NULL, 10);
		}
		PQclear(res);
		return v;
	}
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
	if (is_pg(path)) {
		PQclear(pg_query(path, sql));
		return;
	}
	sqlite3 *db = NULL;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

/* `needle` (lowercase) in `text`, case aside: text, or NULL. */
static const char *contains_nocase(const char *text, const char *needle)
{
	for (const char *p = text; *p; p++) {
		size_t i = 0;
		while (needle[i] && p[i] && tolower((unsigned char)p[i]) == needle[i])
			i++;
		if (!needle[i])
			return p;
	}
	return NULL;
}

static void assert_prefix(const char *text, const char *prefix)
{
	if (strncmp(text, prefix, strlen(prefix)) != 0)
		fail_msg("\"%s\" does not start with \"%s\"", text, prefix);
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
	assert_int_equal(store_schema_version(st), SCHEMA_LATEST);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM schema_migrations"), SCHEMA_LATEST);
	assert_int_equal(sql_int(t->path, "SELECT max(version) FROM schema_migrations"), SCHEMA_LATEST);
	assert_true(sql_int(t->path, "SELECT min(applied_at) FROM schema_migrations") > 1700000000000);
	if (t->pg) {
		assert_int_equal(sql_int(t->path, "SELECT count(*) FROM information_schema.tables "
		                                  "WHERE table_schema = current_schema() AND table_name "
		                                  "IN ('requests', 'jobs', 'results', "
		                                  "'request_reports', 'workers', 'address_slots', "
		                                  "'conn_results')"), 7);
		assert_int_equal(sql_int(t->path, "SELECT count(*) FROM pg_indexes WHERE schemaname = "
		                                  "current_schema() AND indexname IN "
		                                  "('results_by_domain', 'jobs_claim', 'jobs_unemitted', "
		                                  "'requests_by_rid', 'requests_queue', "
		                                  "'jobs_by_request', 'results_by_created', "
		                                  "'address_slots_by_worker', 'conn_results_by_created')"), 9);
		/* the documents are json: kept byte for byte (store.h) */
		assert_int_equal(sql_int(t->path, "SELECT count(*) FROM information_schema.columns "
		                                  "WHERE table_schema = current_schema() AND "
		                                  "column_name = 'doc' AND data_type = 'json' AND "
		                                  "table_name IN ('results', 'request_reports')"), 2);
		store_close(st);
		return;
	}
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
	                                  "AND name IN ('requests', 'jobs', 'results', "
	                                  "'request_reports', 'workers', 'address_slots', "
	                                  "'conn_results')"), 7);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
	                                  "AND name IN ('results_by_domain', 'jobs_claim', "
	                                  "'jobs_unemitted', 'requests_by_rid', 'requests_queue', "
	                                  "'jobs_by_request', 'results_by_created', "
	                                  "'address_slots_by_worker', 'conn_results_by_created')"), 9);
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
	char url[600];
	bool done = false, emitted = true;
	struct store *st = open_ok(t->path);
	int64_t req = store_request_get(st, "web", "batch", &err);
	assert_true(req > 0);
	assert_int_equal(finish(st, req, "web", "example.nl", "{\"a\":1}"), 0);
	int64_t applied = sql_int(t->path, "SELECT sum(applied_at) FROM schema_migrations");
	store_close(st);

	/* the same store under its other name: sqlite:PATH, postgres:// */
	if (t->pg)
		snprintf(url, sizeof(url), "postgres:%s", t->path + strlen("postgresql:"));
	else
		snprintf(url, sizeof(url), "sqlite:%s", t->path);
	st = open_ok(url);
	assert_int_equal(store_schema_version(st), SCHEMA_LATEST);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM schema_migrations"), SCHEMA_LATEST);
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
	char want[800];
	store_close(open_ok(t->path));
	sql_exec(t->path, "INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)");
	assert_null(store_open(t->path, &err));
	snprintf(want, sizeof(want), "%s %s has schema version 99, newer than this "
	         "inetcheck knows (%d): use a newer inetcheck", t->pg ? "database" : "state file",
	         t->path, SCHEMA_LATEST);
	assert_string_equal(err.msg, want);
	/* left as it was */
	assert_int_equal(sql_int(t->path, "SELECT max(version) FROM schema_migrations"), 99);
}

static void test_not_a_database_refused(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	char want[800];

	if (t->pg) {
		/* a schema holding someone else's tables is not written to */
		sql_exec(t->path, "CREATE TABLE photos (id INTEGER PRIMARY KEY)");
		assert_null(store_open(t->path, &err));
		snprintf(want, sizeof(want), "database %s is not inetcheck's (tables, no "
		         "schema_migrations): use an empty database or schema", t->path);
		assert_string_equal(err.msg, want);
		assert_int_equal(sql_int(t->path, "SELECT count(*) FROM information_schema.tables "
		                                  "WHERE table_schema = current_schema()"), 1);
		/* an empty schema is a new store */
		sql_exec(t->path, "DROP TABLE photos");
		store_close(open_ok(t->path));
		return;
	}
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
	char want[800];
	if (t->pg) {
		/* no server at the socket; no such database: named, with libpq's reason */
		assert_null(store_open("postgresql:///inetcheck?host=/nonexistent-dir", &err));
		assert_prefix(err.msg, "cannot connect to PostgreSQL database postgresql:///"
		              "inetcheck?host=/nonexistent-dir: connection to server on socket "
		              "\"/nonexistent-dir/.s.PGSQL.5432\" failed: No such file or directory");
		snprintf(want, sizeof(want), "postgresql:///nosuchdb%s", strchr(pg_base, '?'));
		assert_null(store_open(want, &err));
		assert_non_null(strstr(err.msg, "database \"nosuchdb\" does not exist"));
		return;
	}
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
	char url[600];

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

	/* PostgreSQL (issue 19): libpq's URIs; a message never repeats the password */
	assert_null(store_open("postgresql://user:s3cret@/inetcheck?host=/nonexistent-dir", &err));
	assert_prefix(err.msg, "cannot connect to PostgreSQL database postgresql://user@/"
	              "inetcheck?host=/nonexistent-dir: ");
	assert_null(strstr(err.msg, "s3cret"));
	assert_null(store_open("POSTGRES:///inetcheck?password=hunter2&host=/nonexistent-dir", &err));
	assert_non_null(strstr(err.msg, "database POSTGRES:///inetcheck?password=***&host="));
	assert_null(strstr(err.msg, "hunter2"));
	if (t->pg)
		return;

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
	assert_non_null(contains_nocase(err.msg, "check constraint"));   /* each backend's words */
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
	assert_non_null(contains_nocase(err.msg, "foreign key constraint"));
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

	/* read back directly: the same bytes, stored as SQLite TEXT or PostgreSQL json (not
	 * jsonb, which would reorder, respace and refuse \u0000: store.h) */
	char *direct = sql_text(t->path, "SELECT r.doc FROM jobs j JOIN results r "
	                        "ON r.id = j.result WHERE j.domain = 'xn--bcher-kva.example'");
	assert_non_null(direct);
	assert_int_equal(strlen(direct), strlen(doc));
	assert_memory_equal(direct, doc, strlen(doc));
	free(direct);
	char *type = sql_text(t->path, t->pg ? "SELECT pg_typeof(doc)::text FROM results"
	                                     : "SELECT typeof(doc) FROM results");
	assert_string_equal(type, t->pg ? "json" : "text");
	free(type);
	assert_int_equal(sql_int(t->path, "SELECT percentage FROM results"), 42);

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
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM schema_migrations"), SCHEMA_LATEST);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM requests"), 1);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM jobs WHERE state = 'done' "
	                                  "AND emitted = 1"), 100);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM results"), 100);
}

/* Fork n processes that wait on a pipe, then all run fn at once (the parent closes the
 * pipe); each must return 0. With `open_first` each opens its store before waiting
 * and fn gets it, else fn gets NULL. */
static void run_at_once(int n, const char *url, bool open_first,
                        int (*fn)(struct store *st, const char *url, int i))
{
	pid_t pid[16];
	int go[2], status;

	assert_true(n <= 16);
	assert_int_equal(pipe(go), 0);
	for (int i = 0; i < n; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			struct error err = {{0}};
			struct store *st = open_first ? store_open(url, &err) : NULL;
			char c;
			close(go[1]);
			if (read(go[0], &c, 1) != 0)   /* EOF: the parent closed it, go */
				_exit(2);
			if (open_first && !st) {
				fprintf(stderr, "process %d: %s\n", i, err.msg);
				_exit(1);
			}
			int rc = fn(st, url, i);
			store_close(st);
			_exit(rc == 0 ? 0 : 1);
		}
	}
	close(go[0]);
	close(go[1]);
	for (int i = 0; i < n; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

static int open_at_once(struct store *unused, const char *url, int i)
{
	struct error err = {{0}};
	struct store *st = store_open(url, &err);
	if (!st)
		fprintf(stderr, "process %d: %s\n", i, err.msg);
	int version = st ? store_schema_version(st) : -1;
	store_close(st);
	return version == SCHEMA_LATEST ? 0 : -1;
}

/* Processes opening one new database at the same moment: each migration is applied
 * once and every process ends at the latest version (SQLite: BEGIN IMMEDIATE;
 * PostgreSQL: the advisory lock, without which two would create schema_migrations or
 * the tables at once and one would fail). */
static void test_processes_migrate_at_once(void **state)
{
	struct tmp *t = *state;
	run_at_once(6, t->path, false, open_at_once);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM schema_migrations"), SCHEMA_LATEST);
	store_close(open_ok(t->path));
}

static int request_get_at_once(struct store *st, const char *url, int i)
{
	struct error err = {{0}};
	int64_t id = store_request_get(st, "web", "nightly", &err);
	if (id <= 0)
		fprintf(stderr, "process %d: %s\n", i, err.msg);
	return id > 0 ? 0 : -1;
}

/* Processes asking for the same new command line request at the same moment get one
 * request (PostgreSQL: an advisory lock; SQLite: BEGIN IMMEDIATE). */
static void test_processes_request_get_at_once(void **state)
{
	struct tmp *t = *state;
	store_close(open_ok(t->path));   /* migrated once, not by them */
	for (int round = 0; round < 3; round++) {
		run_at_once(6, t->path, true, request_get_at_once);
		assert_int_equal(sql_int(t->path, "SELECT count(*) FROM requests"), 1);
		sql_exec(t->path, "DELETE FROM requests");
	}
}

/* ---- issue 18: requests, the job queue, results, Hall of Fame ---- */

static struct store_request create(struct store *st, enum store_origin origin, const char *user,
                                   const char *test, const char *const *domains, size_t n)
{
	struct error err = {{0}};
	struct store_request r;
	if (store_request_create(st, origin, user, test, "test", domains, n, &r, &err) != 0)
		fail_msg("store_request_create: %s", err.msg);
	return r;
}

static struct store_request find(struct store *st, const char *rid)
{
	struct error err = {{0}};
	struct store_request r;
	if (store_request_find(st, rid, NULL, &r, &err) != 1)
		fail_msg("store_request_find(%s): %s", rid, err.msg);
	return r;
}

static int claim(struct store *st, const char *worker, int64_t lease_ms, size_t max,
                 struct store_job *out)
{
	struct error err = {{0}};
	int n = store_jobs_claim(st, worker, lease_ms, max, out, &err);
	if (n < 0)
		fail_msg("store_jobs_claim: %s", err.msg);
	return n;
}

/* Complete job `job` for `worker` with an 'ok' result of `pct`: the result id. */
static int64_t complete(struct store *st, int64_t job, const char *worker, const char *domain,
                        const char *test, int pct)
{
	struct error err = {{0}};
	struct store_result r = {domain, test, "ok", pct, "{}", NULL};
	int64_t id = 0;
	if (store_job_complete(st, job, worker, &r, &id, &err) != 0)
		fail_msg("store_job_complete: %s", err.msg);
	return id;
}

/* `column` (an integer expression) of the newest job of `domain`. */
static int64_t job_int(const char *path, const char *column, const char *domain)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT %s FROM jobs WHERE domain = '%s' ORDER BY id DESC LIMIT 1",
	         column, domain);
	return sql_int(path, sql);
}

static bool job_state_is(const char *path, const char *domain, const char *state)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM jobs WHERE domain = '%s' AND state = '%s'",
	         domain, state);
	return sql_int(path, sql) == 1;
}

static bool is_rid(const char *rid)
{
	if (strlen(rid) != 32)
		return false;
	for (const char *p = rid; *p; p++)
		if (!strchr("0123456789abcdef", *p))
			return false;
	return true;
}

static void test_request_create(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"b.nl", "a.nl", "b.nl", "c.nl"};
	struct store_request r = create(st, STORE_API, "alice", "web", d, 4);
	struct store_request r2 = create(st, STORE_API, "alice", "web", d, 1);

	assert_true(is_rid(r.rid));
	assert_true(is_rid(r2.rid));
	assert_string_not_equal(r.rid, r2.rid);
	assert_string_equal(r.status, "registering");   /* what the API replies (spec §5.1) */
	assert_int_equal(r.total, 3);                   /* a repeated domain is kept once */
	assert_int_equal(r.finished_jobs, 0);
	assert_int_equal(r.origin, STORE_API);
	assert_true(r.created > 1700000000000);
	/* the order given is the job order */
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM jobs j1 JOIN jobs j2 "
	                                  "ON j1.domain = 'b.nl' AND j2.domain = 'a.nl' "
	                                  "AND j1.request = j2.request AND j1.id < j2.id"), 1);
	struct store_request f = find(st, r.rid);
	assert_int_equal(f.id, r.id);
	assert_string_equal(f.status, "running");
	assert_string_equal(f.username, "alice");
	assert_string_equal(f.test, "web");
	assert_string_equal(f.name, "test");
	assert_int_equal(f.total, 3);
	assert_int_equal(f.finished, 0);
	assert_false(f.reports);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM requests WHERE origin = 'api'"), 2);
	store_close(st);
}

static void test_request_create_empty_is_done(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	struct store_request r = create(st, STORE_API, "alice", "mail", NULL, 0);
	assert_int_equal(r.total, 0);
	struct store_request f = find(st, r.rid);
	assert_string_equal(f.status, "done");
	assert_true(f.finished >= r.created);
	store_close(st);
}

static void test_request_find_of_user(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"a.nl"};
	struct store_request r = create(st, STORE_API, "alice", "web", d, 1), f;
	assert_int_equal(store_request_find(st, r.rid, "alice", &f, &err), 1);
	assert_int_equal(store_request_find(st, r.rid, "bob", &f, &err), 0);
	assert_int_equal(store_request_find(st, "0123456789abcdef0123456789abcdef", NULL, &f, &err), 0);
	store_close(st);
}

struct listed {
	char rid[8][33];
	int n, stop_at;
};

static int list_collect(void *arg, const struct store_request *r)
{
	struct listed *l = arg;
	assert_true(l->n < 8);
	memcpy(l->rid[l->n++], r->rid, 33);
	assert_int_equal(r->total, 1);
	return l->stop_at && l->n == l->stop_at;
}

static void test_request_list_newest_first(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"a.nl"};
	struct store_request r[3];
	struct listed l = {0};

	for (int i = 0; i < 3; i++)
		r[i] = create(st, STORE_API, "alice", "web", d, 1);
	create(st, STORE_API, "bob", "web", d, 1);
	assert_int_equal(store_request_list(st, "alice", 0, list_collect, &l, &err), 0);
	assert_int_equal(l.n, 3);
	for (int i = 0; i < 3; i++)
		assert_string_equal(l.rid[i], r[2 - i].rid);
	memset(&l, 0, sizeof(l));
	assert_int_equal(store_request_list(st, "alice", 2, list_collect, &l, &err), 0);
	assert_int_equal(l.n, 2);
	memset(&l, 0, sizeof(l));
	l.stop_at = 1;
	assert_int_equal(store_request_list(st, "alice", 0, list_collect, &l, &err), -1);
	assert_int_equal(l.n, 1);
	store_close(st);
}

static void test_claim_site_first(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	static const char *const batch[] = {"b1.nl", "b2.nl"};
	static const char *const one[] = {"s1.nl"}, *const two[] = {"s2.nl"};
	struct store_job j[4];

	create(st, STORE_API, "alice", "web", batch, 2);
	create(st, STORE_SITE, "", "web", one, 1);
	create(st, STORE_SITE, "", "mail", two, 1);
	assert_int_equal(claim(st, "w", 60000, 3, j), 3);
	/* a person waits for the site jobs: oldest first, before any batch job */
	assert_string_equal(j[0].domain, "s1.nl");
	assert_int_equal(j[0].origin, STORE_SITE);
	assert_string_equal(j[1].domain, "s2.nl");
	assert_string_equal(j[1].test, "mail");
	assert_string_equal(j[2].domain, "b1.nl");
	assert_int_equal(j[2].origin, STORE_API);
	assert_int_equal(j[0].attempts, 1);
	assert_int_equal(j[0].reused, 0);
	assert_int_equal(claim(st, "w", 60000, 4, j), 1);
	assert_string_equal(j[0].domain, "b2.nl");
	assert_int_equal(claim(st, "w", 60000, 4, j), 0);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM jobs WHERE state = 'running' "
	                                  "AND worker = 'w' AND lease_until > 0"), 4);
	store_close(st);
}

static void test_claim_user_fifo(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	static const char *const first[] = {"c.nl", "a.nl"}, *const second[] = {"b.nl"};
	struct store_job j[4];

	struct store_request r1 = create(st, STORE_API, "alice", "web", first, 2);
	struct store_request r2 = create(st, STORE_API, "alice", "web", second, 1);
	assert_int_equal(claim(st, "w", 60000, 4, j), 3);
	/* spec §5.2 step 3: the user's oldest request, its jobs in order */
	assert_string_equal(j[0].domain, "c.nl");
	assert_int_equal(j[0].request, r1.id);
	assert_string_equal(j[1].domain, "a.nl");
	assert_string_equal(j[2].domain, "b.nl");
	assert_int_equal(j[2].request, r2.id);
	store_close(st);
}

/* Two users with many jobs each: a random user per claim, so both are served from the
 * start (the chance that 20 claims all go to one user is 2^-19). */
static void test_claim_random_user_fairness(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	char names[2][30][16];
	const char *d[2][30];
	struct store_job j[20];
	int served[2] = {0}, switches = 0;

	for (int u = 0; u < 2; u++) {
		for (int i = 0; i < 30; i++) {
			snprintf(names[u][i], sizeof(names[u][i]), "%c%02d.nl", 'a' + u, i);
			d[u][i] = names[u][i];
		}
	}
	struct store_request ra = create(st, STORE_API, "alice", "web", d[0], 30);
	create(st, STORE_API, "bob", "web", d[1], 30);
	assert_int_equal(claim(st, "w", 60000, 20, j), 20);
	for (int i = 0; i < 20; i++) {
		served[j[i].request == ra.id ? 0 : 1]++;
		if (i && j[i].request != j[i - 1].request)
			switches++;
	}
	assert_true(served[0] > 0 && served[1] > 0);
	assert_true(switches >= 1);
	/* each user's own jobs still in order */
	for (int u = 0, seen[2] = {-1, -1}; u < 20; u++) {
		int who = j[u].request == ra.id ? 0 : 1, n = atoi(j[u].domain + 1);
		assert_true(n > seen[who]);
		seen[who] = n;
	}
	store_close(st);
}

static void test_claim_reuses_fresh_result(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"fresh.nl", "other.nl"};
	struct store_job j[2];

	struct store_request r = create(st, STORE_API, "alice", "web", d, 2);
	/* results of other jobs after the request was submitted: an 'ok' one is reused, an
	 * error one is not */
	int64_t fresh = complete(st, 0, "seed", "fresh.nl", "web", 70);
	struct store_result e = {"other.nl", "web", "error", -1, "{}", NULL};
	assert_int_equal(store_job_complete(st, 0, "seed", &e, NULL, &err), 0);
	complete(st, 0, "seed", "other.nl", "mail", 100);   /* another test kind */

	assert_int_equal(claim(st, "w", 60000, 2, j), 2);
	assert_string_equal(j[0].domain, "fresh.nl");
	assert_int_equal(j[0].reused, fresh);
	assert_true(job_state_is(t->path, "fresh.nl", "done"));
	assert_int_equal(job_int(t->path, "result", "fresh.nl"), fresh);
	assert_int_equal(job_int(t->path, "lease_until IS NULL", "fresh.nl"), 1);
	assert_string_equal(j[1].domain, "other.nl");
	assert_int_equal(j[1].reused, 0);
	assert_true(job_state_is(t->path, "other.nl", "running"));
	assert_int_equal(find(st, r.rid).finished_jobs, 1);

	/* the last job reused: the request is done */
	static const char *const again[] = {"fresh.nl"};
	struct store_request r2 = create(st, STORE_API, "bob", "web", again, 1);
	complete(st, 0, "seed", "fresh.nl", "web", 90);
	assert_int_equal(claim(st, "w", 60000, 2, j), 1);
	assert_true(j[0].reused > fresh);
	assert_string_equal(find(st, r2.rid).status, "done");
	store_close(st);
}

static void test_claim_ignores_result_older_than_request(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"old.nl"};
	struct store_job j[1];

	complete(st, 0, "seed", "old.nl", "web", 100);
	sql_exec(t->path, "UPDATE results SET created = created - 1000");
	create(st, STORE_API, "alice", "web", d, 1);
	assert_int_equal(claim(st, "w", 60000, 1, j), 1);
	assert_int_equal(j[0].reused, 0);
	assert_int_equal(j[0].attempts, 1);
	assert_true(job_state_is(t->path, "old.nl", "running"));
	store_close(st);
}

static void test_lease_expiry_requeues(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"slow.nl"};
	struct store_job j[1];

	create(st, STORE_API, "alice", "web", d, 1);
	assert_int_equal(claim(st, "w1", -1000, 1, j), 1);   /* the lease ended at once */
	int64_t id = j[0].id;
	assert_int_equal(claim(st, "w2", 60000, 1, j), 1);
	assert_int_equal(j[0].id, id);
	assert_int_equal(j[0].attempts, 2);
	assert_int_equal(job_int(t->path, "worker = 'w2'", "slow.nl"), 1);
	/* a live lease is not taken */
	assert_int_equal(claim(st, "w3", 60000, 1, j), 0);
	store_close(st);
}

static void test_third_attempt_is_error(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"hangs.nl"};
	struct store_job j[1];
	struct store_row row;

	struct store_request r = create(st, STORE_API, "alice", "mail", d, 1);
	for (int i = 1; i <= STORE_MAX_ATTEMPTS; i++) {
		assert_int_equal(claim(st, "w", -1000, 1, j), 1);
		assert_int_equal(j[0].attempts, i);
	}
	/* spec §5.2 step 1: the third attempt that did not finish makes an error */
	assert_int_equal(claim(st, "w", 60000, 1, j), 0);
	assert_true(job_state_is(t->path, "hangs.nl", "error"));
	assert_int_equal(store_result_get(st, job_int(t->path, "result", "hangs.nl"), &row, &err), 1);
	assert_string_equal(row.status, "error");
	assert_int_equal(row.percentage, -1);
	assert_string_equal(row.doc, "{\"domain\":\"hangs.nl\",\"test\":\"mail\",\"status\":"
	                    "\"error\",\"error\":\"the test did not finish in 3 attempts\"}");
	store_row_free(&row);
	struct store_request f = find(st, r.rid);
	assert_string_equal(f.status, "done");
	assert_true(f.finished > 0);
	assert_int_equal(f.finished_jobs, 1);
	store_close(st);
}

static void test_complete_after_cancel_keeps_cancelled(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"late.nl"};
	struct store_job j[1];
	struct store_request c;

	struct store_request r = create(st, STORE_API, "alice", "web", d, 1);
	assert_int_equal(claim(st, "w", 60000, 1, j), 1);
	assert_int_equal(store_request_cancel(st, r.rid, "alice", &c, &err), 1);
	int64_t id = complete(st, j[0].id, "w", "late.nl", "web", 100);
	assert_true(id > 0);
	assert_true(job_state_is(t->path, "late.nl", "cancelled"));
	assert_int_equal(job_int(t->path, "result IS NULL", "late.nl"), 1);
	assert_string_equal(find(st, r.rid).status, "cancelled");
	/* the result is kept, for reuse */
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM results WHERE domain = 'late.nl'"), 1);
	store_close(st);
}

/* A job whose lease ended and that another worker claimed is no longer the first's. */
static void test_complete_by_former_worker_ignored(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"twice.nl"};
	struct store_job j[1];

	struct store_request r = create(st, STORE_API, "alice", "web", d, 1);
	assert_int_equal(claim(st, "w1", -1000, 1, j), 1);
	assert_int_equal(claim(st, "w2", 60000, 1, j), 1);
	/* w1's late result is dropped: w2 holds the job and writes the one result */
	assert_int_equal(complete(st, j[0].id, "w1", "twice.nl", "web", 50), 0);
	assert_true(job_state_is(t->path, "twice.nl", "running"));
	assert_string_equal(find(st, r.rid).status, "running");
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM results WHERE domain = 'twice.nl'"), 0);
	int64_t id = complete(st, j[0].id, "w2", "twice.nl", "web", 60);
	assert_true(job_state_is(t->path, "twice.nl", "done"));
	assert_int_equal(job_int(t->path, "result", "twice.nl"), id);
	/* and once w2 is done, a later one from w1 changes nothing either */
	assert_int_equal(complete(st, j[0].id, "w1", "twice.nl", "web", 40), 0);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM results WHERE domain = 'twice.nl'"), 1);
	assert_int_equal(job_int(t->path, "result", "twice.nl"), id);
	store_close(st);
}

static void test_release_not_an_attempt(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"stop.nl"};
	struct store_job j[1];

	create(st, STORE_API, "alice", "web", d, 1);
	assert_int_equal(claim(st, "w", 60000, 1, j), 1);
	int64_t id = j[0].id;
	/* another worker's release changes nothing */
	assert_int_equal(store_jobs_release(st, "other", &id, 1, &err), 0);
	assert_true(job_state_is(t->path, "stop.nl", "running"));
	assert_int_equal(store_jobs_release(st, "w", &id, 1, &err), 0);
	assert_true(job_state_is(t->path, "stop.nl", "queued"));
	assert_int_equal(job_int(t->path, "attempts", "stop.nl"), 0);
	assert_int_equal(job_int(t->path, "worker IS NULL AND lease_until IS NULL", "stop.nl"), 1);
	assert_int_equal(claim(st, "w", 60000, 1, j), 1);
	assert_int_equal(j[0].attempts, 1);
	store_close(st);
}

static void test_renew_extends_lease(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"long.nl"};
	struct store_job j[1];

	create(st, STORE_API, "alice", "web", d, 1);
	assert_int_equal(claim(st, "w", -1000, 1, j), 1);
	int64_t id = j[0].id;
	assert_int_equal(store_jobs_renew(st, "other", &id, 1, 60000, &err), 0);   /* not its job */
	assert_true(job_int(t->path, "lease_until", "long.nl") < sql_int(t->path, "SELECT "
	            "max(created) FROM requests"));
	assert_int_equal(store_jobs_renew(st, "w", &id, 1, 60000, &err), 0);
	assert_int_equal(claim(st, "w2", 60000, 1, j), 0);
	assert_int_equal(job_int(t->path, "attempts", "long.nl"), 1);
	store_close(st);
}

static void test_request_done_when_last_job(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"one.nl", "two.nl"};
	struct store_job j[2];

	struct store_request r = create(st, STORE_API, "alice", "mail", d, 2);
	assert_int_equal(claim(st, "w", 60000, 2, j), 2);
	complete(st, j[0].id, "w", "one.nl", "mail", 100);
	struct store_request f = find(st, r.rid);
	assert_string_equal(f.status, "running");
	assert_int_equal(f.finished, 0);
	assert_int_equal(f.finished_jobs, 1);
	complete(st, j[1].id, "w", "two.nl", "mail", 40);
	f = find(st, r.rid);
	assert_string_equal(f.status, "done");
	assert_true(f.finished >= f.created);
	assert_int_equal(f.finished_jobs, 2);
	store_close(st);
}

static void test_cancel(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"run.nl", "wait.nl"}, *const e[] = {"x.nl"};
	struct store_job j[1];
	struct store_request c;

	struct store_request r = create(st, STORE_API, "alice", "web", d, 2);
	assert_int_equal(claim(st, "w", 60000, 1, j), 1);
	assert_int_equal(store_request_cancel(st, r.rid, "bob", &c, &err), 0);   /* not bob's */
	assert_int_equal(store_request_cancel(st, "ffffffffffffffffffffffffffffffff", NULL, &c, &err), 0);
	assert_int_equal(store_request_cancel(st, r.rid, "alice", &c, &err), 1);
	assert_string_equal(c.status, "cancelled");
	assert_true(c.finished > 0);
	assert_int_equal(c.finished_jobs, 2);
	assert_true(job_state_is(t->path, "run.nl", "cancelled"));
	assert_true(job_state_is(t->path, "wait.nl", "cancelled"));
	assert_int_equal(claim(st, "w", 60000, 1, j), 0);
	/* again: stays cancelled, finished kept */
	int64_t finished = c.finished;
	assert_int_equal(store_request_cancel(st, r.rid, NULL, &c, &err), 1);
	assert_int_equal(c.finished, finished);

	/* a done request stays done */
	struct store_request r2 = create(st, STORE_API, "alice", "web", e, 1);
	assert_int_equal(claim(st, "w", 60000, 1, j), 1);
	complete(st, j[0].id, "w", "x.nl", "web", 100);
	assert_int_equal(store_request_cancel(st, r2.rid, "alice", &c, &err), 1);
	assert_string_equal(c.status, "done");
	assert_true(job_state_is(t->path, "x.nl", "done"));
	store_close(st);
}

/* A thread of the concurrency tests: its own store (a store is one thread's). */
struct racer {
	const char *url;
	char worker[8];
	int64_t ids[300];
	int n, failed;
	char why[256];
	int64_t (*jobs)[2];          /* complete: the jobs to complete, and their count */
	size_t njobs;
};

/* 200 claims of one job each (spec §5.2): the ids claimed. */
static void *racer_claim(void *arg)
{
	struct racer *r = arg;
	struct error err = {{0}};
	struct store *st = store_open(r->url, &err);
	for (int i = 0; st && i < 200 && !r->failed; i++) {
		struct store_job j[1];
		int n = store_jobs_claim(st, r->worker, 60000, 1, j, &err);
		if (n < 0)
			r->failed = 1;
		else if (n == 1)
			r->ids[r->n++] = j[0].id;
	}
	if (!st || r->failed) {
		r->failed = 1;
		snprintf(r->why, sizeof(r->why), "%s", err.msg);
	}
	store_close(st);
	return NULL;
}

static int id_compare(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Two workers (connections) claiming at once never get the same job, and together
 * they get every job once: 2 x 200 claims of 300 jobs of three users. */
static void test_claims_concurrent_never_twice(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	static char names[300][16];
	const char *d[100];
	static const char *const users[] = {"alice", "bob", "carol"};
	static struct racer r[2];
	pthread_t th[2];
	int64_t all[300];
	struct store_job j[1];

	for (int u = 0; u < 3; u++) {
		for (int i = 0; i < 100; i++) {
			snprintf(names[u * 100 + i], sizeof(names[0]), "%c%02d.nl", 'a' + u, i);
			d[i] = names[u * 100 + i];
		}
		create(st, STORE_API, users[u], "web", d, 100);
	}
	for (int i = 0; i < 2; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].url = t->path;
		snprintf(r[i].worker, sizeof(r[i].worker), "w%d", i);
		assert_int_equal(pthread_create(&th[i], NULL, racer_claim, &r[i]), 0);
	}
	for (int i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		if (r[i].failed)
			fail_msg("worker %d: %s", i, r[i].why);
	}
	assert_int_equal(r[0].n + r[1].n, 300);
	assert_true(r[0].n > 0 && r[1].n > 0);   /* both took part */
	memcpy(all, r[0].ids, (size_t)r[0].n * sizeof(all[0]));
	memcpy(all + r[0].n, r[1].ids, (size_t)r[1].n * sizeof(all[0]));
	qsort(all, 300, sizeof(all[0]), id_compare);
	for (int i = 1; i < 300; i++)
		assert_true(all[i] != all[i - 1]);
	/* in the database: each job running once, for the worker that got it */
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM jobs WHERE state = 'running' "
	                                  "AND attempts = 1"), 300);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM jobs WHERE worker = 'w0'"), r[0].n);
	assert_int_equal(claim(st, "w", 60000, 1, j), 0);
	store_close(st);
}

/* Both racers start each completion together. */
static pthread_barrier_t racers_together;

/* Complete the jobs given, each as the worker that claimed it, each at the moment the
 * other racer completes its own. */
static void *racer_complete(void *arg)
{
	struct racer *r = arg;
	struct error err = {{0}};
	struct store *st = store_open(r->url, &err);
	for (size_t i = 0; i < r->njobs; i++) {
		struct store_result res = {"x.nl", "web", "ok", 100, "{}", NULL};
		pthread_barrier_wait(&racers_together);   /* also after a failure: no deadlock */
		if (st && !r->failed && store_job_complete(st, r->jobs[i][0], "w", &res, NULL, &err) != 0)
			r->failed = 1;
	}
	if (!st || r->failed) {
		r->failed = 1;
		snprintf(r->why, sizeof(r->why), "%s", err.msg);
	}
	store_close(st);
	return NULL;
}

/* Two workers finishing the last two jobs of a request at the same moment: the request
 * is done all the same (spec §5.2 step 2; on PostgreSQL each would otherwise still see
 * the other's job running). 100 requests of two jobs, one worker per half. */
static void test_last_jobs_finished_at_once(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"one.nl", "two.nl"};
	static int64_t half[2][100][2];
	static struct racer r[2];
	struct store_job j[2];
	pthread_t th[2];

	for (int i = 0; i < 100; i++) {
		create(st, STORE_SITE, "", "web", d, 2);
		assert_int_equal(claim(st, "w", 60000, 2, j), 2);
		half[0][i][0] = j[0].id;
		half[1][i][0] = j[1].id;
	}
	assert_int_equal(pthread_barrier_init(&racers_together, NULL, 2), 0);
	for (int i = 0; i < 2; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].url = t->path;
		r[i].jobs = half[i];
		r[i].njobs = 100;
		assert_int_equal(pthread_create(&th[i], NULL, racer_complete, &r[i]), 0);
	}
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	pthread_barrier_destroy(&racers_together);
	for (int i = 0; i < 2; i++)
		if (r[i].failed)
			fail_msg("worker %d: %s", i, r[i].why);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM jobs WHERE state = 'done'"), 200);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM requests WHERE status = 'done' "
	                                  "AND finished IS NOT NULL"), 100);
	store_close(st);
}

static void test_job_progress_and_get(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"page.nl"};
	struct store_job j[1];
	char jstate[16];
	char *progress = NULL;
	int64_t result = -1;

	struct store_request r = create(st, STORE_SITE, "", "web", d, 1);
	assert_int_equal(store_job_get(st, r.id, jstate, &progress, &result, &err), 1);
	assert_string_equal(jstate, "queued");
	assert_string_equal(progress, "");
	assert_int_equal(result, 0);
	free(progress);
	assert_int_equal(claim(st, "w", 60000, 1, j), 1);
	assert_int_equal(store_job_progress(st, j[0].id, "ipv6,dnssec", &err), 0);
	assert_int_equal(store_job_get(st, r.id, jstate, &progress, &result, &err), 1);
	assert_string_equal(jstate, "running");
	assert_string_equal(progress, "ipv6,dnssec");
	free(progress);
	int64_t id = complete(st, j[0].id, "w", "page.nl", "web", 100);
	assert_int_equal(store_job_get(st, r.id, jstate, &progress, &result, &err), 1);
	assert_string_equal(jstate, "done");
	assert_int_equal(result, id);
	free(progress);
	assert_int_equal(store_job_get(st, r.id + 100, jstate, &progress, &result, &err), 0);
	assert_null(progress);
	store_close(st);
}

static void test_result_get_and_latest(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	struct store_result ok = {"r.nl", "web", "ok", 85, "{\"ok\":1}", "{\"view\":1}"};
	struct store_result bad = {"r.nl", "web", "error", -1, "{\"bad\":1}", NULL};
	struct store_row row;
	int64_t id_ok = 0, id_bad = 0;

	assert_int_equal(store_job_complete(st, 0, "seed", &ok, &id_ok, &err), 0);
	assert_int_equal(store_job_complete(st, 0, "seed", &bad, &id_bad, &err), 0);
	assert_int_equal(store_result_get(st, id_ok, &row, &err), 1);
	assert_int_equal(row.id, id_ok);
	assert_string_equal(row.domain, "r.nl");
	assert_string_equal(row.test, "web");
	assert_string_equal(row.status, "ok");
	assert_int_equal(row.percentage, 85);
	assert_string_equal(row.doc, "{\"ok\":1}");
	assert_string_equal(row.view, "{\"view\":1}");
	assert_true(row.created > 1700000000000);
	store_row_free(&row);
	assert_int_equal(store_result_get(st, id_bad + 1, &row, &err), 0);

	assert_int_equal(store_result_latest(st, "r.nl", "web", 0, false, &row, &err), 1);
	assert_int_equal(row.id, id_bad);
	assert_null(row.view);
	store_row_free(&row);
	assert_int_equal(store_result_latest(st, "r.nl", "web", 0, true, &row, &err), 1);
	assert_int_equal(row.id, id_ok);
	store_row_free(&row);
	assert_int_equal(store_result_latest(st, "r.nl", "mail", 0, false, &row, &err), 0);
	assert_int_equal(store_result_latest(st, "r.nl", "web", INT64_MAX, false, &row, &err), 0);
	store_close(st);
}

struct jobs_seen {
	char domain[4][32], state[4][16];
	int64_t result[4];
	bool doc[4];
	int n;
};

static int jobs_collect(void *arg, const char *domain, const char *jstate,
                        const struct store_row *row)
{
	struct jobs_seen *s = arg;
	assert_true(s->n < 4);
	snprintf(s->domain[s->n], sizeof(s->domain[0]), "%s", domain);
	snprintf(s->state[s->n], sizeof(s->state[0]), "%s", jstate);
	s->result[s->n] = row ? row->id : 0;
	s->doc[s->n] = row && row->doc;
	if (row) {
		assert_string_equal(row->domain, domain);
		assert_int_equal(row->percentage, 77);
	}
	s->n++;
	return 0;
}

static void test_request_jobs_in_order(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"z.nl", "y.nl", "x.nl"};
	struct store_job j[2];
	struct jobs_seen seen = {0};

	struct store_request r = create(st, STORE_API, "alice", "web", d, 3);
	assert_int_equal(claim(st, "w", 60000, 2, j), 2);
	int64_t id = complete(st, j[1].id, "w", "y.nl", "web", 77);
	assert_int_equal(store_request_jobs(st, r.id, false, jobs_collect, &seen, &err), 0);
	assert_int_equal(seen.n, 3);
	assert_string_equal(seen.domain[0], "z.nl");
	assert_string_equal(seen.state[0], "running");
	assert_int_equal(seen.result[0], 0);
	assert_string_equal(seen.domain[1], "y.nl");
	assert_string_equal(seen.state[1], "done");
	assert_int_equal(seen.result[1], id);
	assert_false(seen.doc[1]);
	assert_string_equal(seen.state[2], "queued");
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(store_request_jobs(st, r.id, true, jobs_collect, &seen, &err), 0);
	assert_true(seen.doc[1]);
	store_close(st);
}

struct hof {
	char domain[8][32];
	int64_t since[8], result[8];
	int n;
};

static int hof_collect(void *arg, const char *domain, int64_t since, int64_t result_id)
{
	struct hof *h = arg;
	assert_true(h->n < 8);
	snprintf(h->domain[h->n], sizeof(h->domain[0]), "%s", domain);
	h->since[h->n] = since;
	h->result[h->n++] = result_id;
	return 0;
}

/* Results with chosen dates: id = created / 1000 to name them. */
static const char hof_results[] =
	"INSERT INTO results (id, domain, test, created, status, percentage, doc) VALUES "
	"(1, 'a.nl', 'web', 1000, 'ok', 100, '{}'), (2, 'a.nl', 'web', 2000, 'ok', 90, '{}'), "
	"(3, 'a.nl', 'web', 3000, 'ok', 100, '{}'), (4, 'a.nl', 'web', 4000, 'ok', 100, '{}'), "
	"(5, 'b.nl', 'web', 1500, 'ok', 100, '{}'), (6, 'b.nl', 'web', 2500, 'ok', 100, '{}'), "
	"(7, 'c.nl', 'web', 1000, 'ok', 100, '{}'), (8, 'c.nl', 'web', 5000, 'error', NULL, '{}'), "
	"(9, 'd.nl', 'web', 1000, 'ok', 80, '{}'), (10, 'e.nl', 'mail', 6000, 'ok', 100, '{}'), "
	"(11, 'f.nl', 'web', 1000, 'error', NULL, '{}'), (12, 'f.nl', 'web', 2000, 'ok', 100, '{}'),"
	"(13, 'a.nl', 'mail', 7000, 'ok', 100, '{}'), (14, 'b.nl', 'mail', 500, 'ok', 100, '{}'), "
	"(15, 'c.nl', 'mail', 8000, 'ok', 100, '{}')";

static void test_hof_latest_streak(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	struct hof h = {0};

	sql_exec(t->path, hof_results);
	assert_int_equal(store_hof(st, "web", 0, hof_collect, &h, &err), 0);
	/* spec §7: the latest is 100; since the first of the latest run of 100s; newest first */
	assert_int_equal(h.n, 3);
	assert_string_equal(h.domain[0], "a.nl");
	assert_int_equal(h.since[0], 3000);
	assert_int_equal(h.result[0], 4);
	assert_string_equal(h.domain[1], "f.nl");   /* an error broke its run */
	assert_int_equal(h.since[1], 2000);
	assert_int_equal(h.result[1], 12);
	assert_string_equal(h.domain[2], "b.nl");
	assert_int_equal(h.since[2], 1500);
	assert_int_equal(h.result[2], 6);
	memset(&h, 0, sizeof(h));
	assert_int_equal(store_hof(st, "web", 1, hof_collect, &h, &err), 0);
	assert_int_equal(h.n, 1);
	memset(&h, 0, sizeof(h));
	assert_int_equal(store_hof(st, "mail", 0, hof_collect, &h, &err), 0);
	assert_int_equal(h.n, 4);
	assert_string_equal(h.domain[0], "c.nl");
	assert_int_equal(store_hof(st, "dns", 0, hof_collect, &h, &err), -1);
	store_close(st);
}

static void test_hof_champions(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	struct hof h = {0};

	sql_exec(t->path, hof_results);
	assert_int_equal(store_hof(st, "champions", 0, hof_collect, &h, &err), 0);
	/* in both lists (c.nl's web result is an error now); the newer of the two */
	assert_int_equal(h.n, 2);
	assert_string_equal(h.domain[0], "a.nl");
	assert_int_equal(h.since[0], 7000);
	assert_int_equal(h.result[0], 13);
	assert_string_equal(h.domain[1], "b.nl");
	assert_int_equal(h.since[1], 1500);
	assert_int_equal(h.result[1], 6);
	store_close(st);
}

/* The schema of migration 1 as released (issue 17), frozen here. */
static const char schema_v1[] =
	"CREATE TABLE requests (id INTEGER PRIMARY KEY, username TEXT NOT NULL DEFAULT '', "
	"test TEXT NOT NULL CHECK (test IN ('web', 'mail')), name TEXT NOT NULL, "
	"status TEXT NOT NULL DEFAULT 'registering' CHECK (status IN ('registering', "
	"'running', 'generating', 'done', 'error', 'cancelled')), created INTEGER NOT NULL, "
	"finished INTEGER);"
	"CREATE INDEX requests_by_name ON requests (username, test, name);"
	"CREATE INDEX requests_by_user ON requests (username, created);"
	"CREATE TABLE results (id INTEGER PRIMARY KEY AUTOINCREMENT, domain TEXT NOT NULL, "
	"test TEXT NOT NULL CHECK (test IN ('web', 'mail')), created INTEGER NOT NULL, "
	"status TEXT NOT NULL CHECK (status IN ('ok', 'error')), "
	"percentage INTEGER CHECK (percentage BETWEEN 0 AND 100), doc TEXT NOT NULL, "
	"CHECK (status = 'error' OR percentage IS NOT NULL));"
	"CREATE INDEX results_by_domain ON results (domain, test, created);"
	"CREATE TABLE jobs (id INTEGER PRIMARY KEY, "
	"request INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE, "
	"domain TEXT NOT NULL, test TEXT NOT NULL CHECK (test IN ('web', 'mail')), "
	"state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', "
	"'done', 'error', 'cancelled')), attempts INTEGER NOT NULL DEFAULT 0, "
	"lease_until INTEGER, worker TEXT, "
	"result INTEGER REFERENCES results (id) ON DELETE SET NULL, "
	"emitted INTEGER NOT NULL DEFAULT 0 CHECK (emitted IN (0, 1)), "
	"UNIQUE (request, test, domain));"
	"CREATE INDEX jobs_claim ON jobs (state, lease_until);"
	"CREATE INDEX jobs_by_result ON jobs (result);"
	"CREATE INDEX jobs_unemitted ON jobs (request, result) WHERE state = 'done' AND emitted = 0;"
	"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);"
	"INSERT INTO schema_migrations VALUES (1, 1700000000000);"
	"INSERT INTO requests (username, test, name, status, created) VALUES "
	"('', 'web', 'batch', 'running', 1700000000001), ('', 'mail', 'batch', 'running', "
	"1700000000002);"
	"INSERT INTO results (domain, test, created, status, percentage, doc) VALUES "
	"('old.nl', 'web', 1700000000003, 'ok', 100, '{\"old\":1}');"
	"INSERT INTO jobs (request, domain, test, state, attempts, result, emitted) VALUES "
	"(1, 'old.nl', 'web', 'done', 1, 1, 1);";

/* The same, in PostgreSQL's spelling (migrations.c). */
static const char schema_v1_pg[] =
	"CREATE TABLE requests (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
	"username TEXT NOT NULL DEFAULT '', "
	"test TEXT NOT NULL CHECK (test IN ('web', 'mail')), name TEXT NOT NULL, "
	"status TEXT NOT NULL DEFAULT 'registering' CHECK (status IN ('registering', "
	"'running', 'generating', 'done', 'error', 'cancelled')), created BIGINT NOT NULL, "
	"finished BIGINT);"
	"CREATE INDEX requests_by_name ON requests (username, test, name);"
	"CREATE INDEX requests_by_user ON requests (username, created);"
	"CREATE TABLE results (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
	"domain TEXT NOT NULL, test TEXT NOT NULL CHECK (test IN ('web', 'mail')), "
	"created BIGINT NOT NULL, status TEXT NOT NULL CHECK (status IN ('ok', 'error')), "
	"percentage INTEGER CHECK (percentage BETWEEN 0 AND 100), doc json NOT NULL, "
	"CHECK (status = 'error' OR percentage IS NOT NULL));"
	"CREATE INDEX results_by_domain ON results (domain, test, created);"
	"CREATE TABLE jobs (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
	"request BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE, "
	"domain TEXT NOT NULL, test TEXT NOT NULL CHECK (test IN ('web', 'mail')), "
	"state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', "
	"'done', 'error', 'cancelled')), attempts INTEGER NOT NULL DEFAULT 0, "
	"lease_until BIGINT, worker TEXT, "
	"result BIGINT REFERENCES results (id) ON DELETE SET NULL, "
	"emitted INTEGER NOT NULL DEFAULT 0 CHECK (emitted IN (0, 1)), "
	"UNIQUE (request, test, domain));"
	"CREATE INDEX jobs_claim ON jobs (state, lease_until);"
	"CREATE INDEX jobs_by_result ON jobs (result);"
	"CREATE INDEX jobs_unemitted ON jobs (request, result) WHERE state = 'done' AND emitted = 0;"
	"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL);"
	"INSERT INTO schema_migrations VALUES (1, 1700000000000);"
	"INSERT INTO requests (username, test, name, status, created) VALUES "
	"('', 'web', 'batch', 'running', 1700000000001), ('', 'mail', 'batch', 'running', "
	"1700000000002);"
	"INSERT INTO results (domain, test, created, status, percentage, doc) VALUES "
	"('old.nl', 'web', 1700000000003, 'ok', 100, '{\"old\":1}');"
	"INSERT INTO jobs (request, domain, test, state, attempts, result, emitted) VALUES "
	"(1, 'old.nl', 'web', 'done', 1, 1, 1);";

static void test_migration_1_to_2(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	bool done = false, emitted = false;
	struct store_row row;

	sql_exec(t->path, t->pg ? schema_v1_pg : schema_v1);
	struct store *st = open_ok(t->path);
	assert_int_equal(store_schema_version(st), SCHEMA_LATEST);
	/* rows kept; the old requests got distinct random rids and origin 'cli' */
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM requests WHERE length(rid) = 32 "
	                                  "AND rid = lower(rid) AND origin = 'cli'"), 2);
	assert_int_equal(sql_int(t->path, "SELECT count(DISTINCT rid) FROM requests"), 2);
	assert_int_equal(store_request_get(st, "web", "batch", &err), 1);
	assert_int_equal(store_job_state(st, 1, "web", "old.nl", &done, &emitted, &err), 1);
	assert_true(done && emitted);
	assert_int_equal(store_result_get(st, 1, &row, &err), 1);
	assert_string_equal(row.doc, "{\"old\":1}");
	assert_null(row.view);
	store_row_free(&row);
	assert_int_equal(sql_int(t->path, "SELECT applied_at FROM schema_migrations "
	                                  "WHERE version = 1"), 1700000000000);
	/* a new command line request gets a rid too */
	assert_true(store_request_get(st, "web", "nightly", &err) > 0);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM requests WHERE rid IS NULL"), 0);
	store_close(st);
}

static void test_report_put_get(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"a.nl"};
	char *doc = NULL;

	struct store_request r = create(st, STORE_API, "alice", "web", d, 1);
	assert_int_equal(store_report_get(st, r.id, "results", &doc, &err), 0);
	assert_null(doc);
	assert_int_equal(store_report_put(st, r.id, "results", "{\"v\":1}", &err), 0);
	assert_int_equal(store_report_put(st, r.id, "results", "{\"v\":2}", &err), 0);   /* replaces */
	assert_int_equal(store_report_get(st, r.id, "results", &doc, &err), 1);
	assert_string_equal(doc, "{\"v\":2}");
	free(doc);
	assert_false(find(st, r.rid).reports);   /* both are needed (spec §5.1 "generating") */
	assert_int_equal(store_report_put(st, r.id, "technical", "{\"t\":1}", &err), 0);
	assert_true(find(st, r.rid).reports);
	assert_int_equal(store_report_put(st, r.id, "summary", "{}", &err), -1);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM request_reports"), 2);
	store_close(st);
}

static void test_job_finish_keeps_view(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	int64_t req = store_request_get(st, "web", "batch", &err);
	struct store_result r = {"v.nl", "web", "ok", 100, "{}", "{\"facts\":[]}"};
	assert_int_equal(store_job_finish(st, req, &r, &err), 0);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM results "
	                                  "WHERE view = '{\"facts\":[]}'"), 1);
	store_close(st);
}

/* ---- issue 19: workers' liveness, the queue's figures ---- */

static struct store_worker worker_of(const char *name, int running, int64_t finished)
{
	struct store_worker w;
	memset(&w, 0, sizeof(w));
	snprintf(w.name, sizeof(w.name), "%s", name);
	snprintf(w.host, sizeof(w.host), "host-%s", name);
	w.pid = 4242;
	w.started = 1700000000000;
	w.beat_interval = 1000;
	w.jobs = 8;
	w.running = running;
	w.finished = finished;
	w.failed = 1;
	return w;
}

static void beat(struct store *st, const struct store_worker *w)
{
	struct error err = {{0}};
	if (store_worker_beat(st, w, &err) != 0)
		fail_msg("store_worker_beat: %s", err.msg);
}

/* The workers store_status lists, copied. */
struct workers_listed {
	int n;
	struct store_worker w[8];
};

static int workers_add(void *arg, const struct store_worker *w)
{
	struct workers_listed *l = arg;
	if (l->n < 8)
		l->w[l->n++] = *w;
	return 0;
}

static struct store_status status_of(struct store *st, struct workers_listed *l)
{
	struct error err = {{0}};
	struct store_status out;
	memset(l, 0, sizeof(*l));
	if (store_status(st, &out, workers_add, l, &err) != 0)
		fail_msg("store_status: %s", err.msg);
	return out;
}

static void test_worker_beat_creates_then_updates_one_row(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	struct store_worker w = worker_of("w1", 3, 10);
	struct workers_listed l;

	beat(st, &w);
	int64_t seen = sql_int(t->path, "SELECT seen FROM workers WHERE name = 'w1'");
	assert_true(seen > 1700000000000);   /* now, not the caller's */
	w.running = 5;
	w.finished = 12;
	beat(st, &w);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM workers"), 1);
	assert_true(sql_int(t->path, "SELECT seen FROM workers WHERE name = 'w1'") >= seen);
	struct store_status s = status_of(st, &l);
	assert_int_equal(l.n, 1);
	assert_int_equal(s.workers, 1);
	assert_int_equal(s.workers_alive, 1);
	assert_string_equal(l.w[0].name, "w1");
	assert_string_equal(l.w[0].host, "host-w1");
	assert_int_equal(l.w[0].pid, 4242);
	assert_int_equal(l.w[0].started, 1700000000000);
	assert_int_equal(l.w[0].beat_interval, 1000);
	assert_int_equal(l.w[0].jobs, 8);
	assert_int_equal(l.w[0].running, 5);
	assert_int_equal(l.w[0].finished, 12);
	assert_int_equal(l.w[0].failed, 1);
	assert_int_equal(l.w[0].stopped, 0);
	assert_int_equal(l.w[0].state, STORE_WORKER_ALIVE);
	assert_true(l.w[0].seen <= s.now);
	store_close(st);
}

static void test_worker_beat_without_start_time_is_now(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	struct store_worker w = worker_of("w1", 0, 0);
	w.started = 0;
	beat(st, &w);
	assert_true(sql_int(t->path, "SELECT started FROM workers WHERE name = 'w1'") > 1700000000000);
	w.name[0] = '\0';
	struct error err = {{0}};
	assert_int_equal(store_worker_beat(st, &w, &err), -1);
	store_close(st);
}

static void test_worker_stopped_marks_and_beat_revives(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	struct store_worker w = worker_of("w1", 2, 7);
	struct workers_listed l;

	beat(st, &w);
	assert_int_equal(store_worker_stopped(st, "w1", &err), 0);
	status_of(st, &l);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.w[0].state, STORE_WORKER_STOPPED);
	assert_true(l.w[0].stopped > 1700000000000);
	assert_int_equal(l.w[0].running, 0);
	assert_int_equal(l.w[0].finished, 7);
	/* the same name started again is alive */
	beat(st, &w);
	status_of(st, &l);
	assert_int_equal(l.w[0].state, STORE_WORKER_ALIVE);
	assert_int_equal(l.w[0].stopped, 0);
	/* a worker the store never saw */
	assert_int_equal(store_worker_stopped(st, "nobody", &err), -1);
	assert_non_null(strstr(err.msg, "nobody"));
	store_close(st);
}

/* Not seen for STORE_WORKER_GONE_BEATS of its intervals: gone (killed, machine down);
 * not seen for STORE_WORKER_LISTED_MS: not listed at all. */
static void test_status_worker_gone_after_three_beats(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	struct store_worker a = worker_of("a", 1, 0), b = worker_of("b", 1, 0),
	                    c = worker_of("c", 1, 0), d = worker_of("d", 1, 0);
	struct workers_listed l;

	b.beat_interval = 10000;
	beat(st, &a);
	beat(st, &b);
	beat(st, &c);
	beat(st, &d);
	/* a: 3.5 intervals ago; b: 3.5 s ago, but its interval is 10 s; c: 2 intervals ago */
	sql_exec(t->path, "UPDATE workers SET seen = seen - 3500 WHERE name IN ('a', 'b')");
	sql_exec(t->path, "UPDATE workers SET seen = seen - 2000 WHERE name = 'c'");
	sql_exec(t->path, "UPDATE workers SET seen = seen - 2 * 86400000 WHERE name = 'd'");
	struct store_status s = status_of(st, &l);
	assert_int_equal(l.n, 3);
	assert_int_equal(s.workers, 3);
	assert_int_equal(s.workers_alive, 2);
	assert_string_equal(l.w[0].name, "a");
	assert_int_equal(l.w[0].state, STORE_WORKER_GONE);
	assert_string_equal(l.w[1].name, "b");
	assert_int_equal(l.w[1].state, STORE_WORKER_ALIVE);
	assert_string_equal(l.w[2].name, "c");
	assert_int_equal(l.w[2].state, STORE_WORKER_ALIVE);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM workers"), 4);   /* d is kept */
	store_close(st);
}

static void test_status_queue_figures(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	static const char *const d[] = {"a.nl", "b.nl", "c.nl", "d.nl", "e.nl"};
	struct store_job j[3];
	struct workers_listed l;

	struct store_status s = status_of(st, &l);
	assert_int_equal(s.queued + s.running + s.requests_running + s.finished_hour, 0);
	assert_true(s.now > 1700000000000);

	create(st, STORE_API, "alice", "web", d, 5);
	assert_int_equal(claim(st, "w2", 60000, 2, j), 2);
	assert_int_equal(claim(st, "w1", -1000, 1, j + 2), 1);   /* its lease ended: expired */
	complete(st, j[0].id, "w2", j[0].domain, "web", 100);
	struct store_result bad = {j[1].domain, "web", "error", -1, "{}", NULL};
	assert_int_equal(store_job_complete(st, j[1].id, "w2", &bad, NULL, &err), 0);
	complete(st, 0, "seed", "old.nl", "web", 100);        /* a result of 30 minutes ago */
	sql_exec(t->path, "UPDATE results SET created = created - 1800000 WHERE domain = 'old.nl'");
	complete(st, 0, "seed", "older.nl", "web", 100);      /* and one of two hours ago */
	sql_exec(t->path, "UPDATE results SET created = created - 7200000 WHERE domain = 'older.nl'");

	s = status_of(st, &l);
	assert_int_equal(s.requests_running, 1);
	assert_int_equal(s.queued, 2);
	assert_int_equal(s.running, 1);
	assert_int_equal(s.expired, 1);
	assert_int_equal(s.finished_minute, 1);
	assert_int_equal(s.failed_minute, 1);
	assert_int_equal(s.finished_hour, 2);
	assert_int_equal(s.failed_hour, 1);
	/* every job of the request is queued, running or finished */
	assert_int_equal(s.queued + s.running + s.finished_minute + s.failed_minute, 5);
	store_close(st);
}

static int stop_at_first(void *arg, const struct store_worker *w)
{
	(void)w;
	++*(int *)arg;
	return 1;
}

static void test_status_callback_stops(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	struct store_worker a = worker_of("a", 0, 0), b = worker_of("b", 0, 0);
	struct store_status s;
	int calls = 0;

	beat(st, &a);
	beat(st, &b);
	assert_int_equal(store_status(st, &s, stop_at_first, &calls, &err), -1);
	assert_int_equal(calls, 1);
	assert_int_equal(store_status(st, &s, NULL, NULL, &err), 0);   /* figures only */
	assert_int_equal(s.workers, 2);
	store_close(st);
}

/* `inetcheck status` on a mistyped path says so and creates nothing. */
static void test_open_existing_refuses_missing_file(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	char path[600];

	if (t->pg) {
		store_close(open_ok(t->path));
		struct store *st = store_open_existing(t->path, &err);
		assert_non_null(st);
		store_close(st);
		return;
	}
	snprintf(path, sizeof(path), "%s/typo.db", t->dir);
	assert_null(store_open_existing(path, &err));
	assert_non_null(strstr(err.msg, "No such file"));
	assert_int_equal(access(path, F_OK), -1);
	store_close(open_ok(t->path));
	struct store *st = store_open_existing(t->path, &err);
	assert_non_null(st);
	store_close(st);
}

/* Migration 2 as released (issue 18), frozen here: applied to schema_v1 gives version 2. */
static const char schema_v2_from_v1[] =
	"ALTER TABLE requests ADD COLUMN rid TEXT;"
	"UPDATE requests SET rid = lower(hex(randomblob(16))) WHERE rid IS NULL;"
	"CREATE UNIQUE INDEX requests_by_rid ON requests (rid);"
	"ALTER TABLE requests ADD COLUMN origin TEXT NOT NULL DEFAULT 'cli' "
	"CHECK (origin IN ('cli', 'api', 'site'));"
	"CREATE INDEX requests_queue ON requests (status, origin, created);"
	"ALTER TABLE jobs ADD COLUMN progress TEXT;"
	"CREATE INDEX jobs_by_request ON jobs (request, state);"
	"ALTER TABLE results ADD COLUMN view TEXT;"
	"CREATE TABLE request_reports (request INTEGER NOT NULL REFERENCES requests (id) "
	"ON DELETE CASCADE, kind TEXT NOT NULL CHECK (kind IN ('results', 'technical')), "
	"doc TEXT NOT NULL, created INTEGER NOT NULL, PRIMARY KEY (request, kind));"
	"INSERT INTO schema_migrations VALUES (2, 1700000000004);"
	"UPDATE jobs SET state = 'queued', result = NULL, emitted = 0;"
	"UPDATE requests SET origin = 'api' WHERE id = 1;";

static const char schema_v2_from_v1_pg[] =
	"ALTER TABLE requests ADD COLUMN rid TEXT;"
	"UPDATE requests SET rid = replace(gen_random_uuid()::text, '-', '') WHERE rid IS NULL;"
	"CREATE UNIQUE INDEX requests_by_rid ON requests (rid);"
	"ALTER TABLE requests ADD COLUMN origin TEXT NOT NULL DEFAULT 'cli' "
	"CHECK (origin IN ('cli', 'api', 'site'));"
	"CREATE INDEX requests_queue ON requests (status, origin, created);"
	"ALTER TABLE jobs ADD COLUMN progress TEXT;"
	"CREATE INDEX jobs_by_request ON jobs (request, state);"
	"ALTER TABLE results ADD COLUMN view TEXT;"
	"CREATE TABLE request_reports (request BIGINT NOT NULL REFERENCES requests (id) "
	"ON DELETE CASCADE, kind TEXT NOT NULL CHECK (kind IN ('results', 'technical')), "
	"doc json NOT NULL, created BIGINT NOT NULL, PRIMARY KEY (request, kind));"
	"INSERT INTO schema_migrations VALUES (2, 1700000000004);"
	"UPDATE jobs SET state = 'queued', result = NULL, emitted = 0;"
	"UPDATE requests SET origin = 'api' WHERE id = 1;";

static void test_migration_2_to_3(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store_row row;
	struct store_job j[1];
	struct workers_listed l;

	sql_exec(t->path, t->pg ? schema_v1_pg : schema_v1);
	sql_exec(t->path, t->pg ? schema_v2_from_v1_pg : schema_v2_from_v1);
	assert_int_equal(sql_int(t->path, "SELECT max(version) FROM schema_migrations"), 2);
	struct store *st = open_ok(t->path);
	assert_int_equal(store_schema_version(st), SCHEMA_LATEST);
	assert_int_equal(sql_int(t->path, "SELECT applied_at FROM schema_migrations "
	                                  "WHERE version = 2"), 1700000000004);
	/* the rows of version 2 are kept: the queued job, the result */
	assert_int_equal(store_result_get(st, 1, &row, &err), 1);
	assert_string_equal(row.doc, "{\"old\":1}");
	store_row_free(&row);
	struct store_status s = status_of(st, &l);
	assert_int_equal(l.n, 0);
	assert_int_equal(s.queued, 1);
	assert_int_equal(s.requests_running, 2);
	assert_int_equal(s.finished_hour, 0);   /* the old result is from 2023 */
	/* the queue goes on: the job is done at once with the old result (spec §5.2 reuse) */
	assert_int_equal(claim(st, "w", 60000, 1, j), 1);
	assert_string_equal(j[0].domain, "old.nl");
	assert_int_equal(j[0].reused, 1);
	struct store_worker w = worker_of("w", 0, 0);
	beat(st, &w);
	s = status_of(st, &l);
	assert_int_equal(l.n, 1);
	assert_int_equal(s.queued + s.running, 0);
	assert_int_equal(s.requests_running, 1);
	store_close(st);
}

/* Migration 3 as released (issue 19), frozen here: applied after 1 and 2 gives version 3. */
static const char schema_v3_from_v2[] =
	"CREATE TABLE workers (name TEXT PRIMARY KEY, host TEXT NOT NULL DEFAULT '', "
	"pid INTEGER NOT NULL DEFAULT 0, started INTEGER NOT NULL, seen INTEGER NOT NULL, "
	"beat_interval INTEGER NOT NULL, jobs INTEGER NOT NULL DEFAULT 0, "
	"running INTEGER NOT NULL DEFAULT 0, finished INTEGER NOT NULL DEFAULT 0, "
	"failed INTEGER NOT NULL DEFAULT 0, stopped INTEGER);"
	"CREATE INDEX results_by_created ON results (created);"
	"INSERT INTO schema_migrations VALUES (3, 1700000000005);"
	"INSERT INTO workers (name, host, pid, started, seen, beat_interval) VALUES "
	"('old', 'h', 1, 1700000000006, 1700000000007, 1000);";

static const char schema_v3_from_v2_pg[] =
	"CREATE TABLE workers (name TEXT PRIMARY KEY, host TEXT NOT NULL DEFAULT '', "
	"pid INTEGER NOT NULL DEFAULT 0, started BIGINT NOT NULL, seen BIGINT NOT NULL, "
	"beat_interval INTEGER NOT NULL, jobs INTEGER NOT NULL DEFAULT 0, "
	"running INTEGER NOT NULL DEFAULT 0, finished BIGINT NOT NULL DEFAULT 0, "
	"failed BIGINT NOT NULL DEFAULT 0, stopped BIGINT);"
	"CREATE INDEX results_by_created ON results (created);"
	"INSERT INTO schema_migrations VALUES (3, 1700000000005);"
	"INSERT INTO workers (name, host, pid, started, seen, beat_interval) VALUES "
	"('old', 'h', 1, 1700000000006, 1700000000007, 1000);";

/* ---- issue 19 item 3: shared connection slots ---- */

/* store_slot_take: the slot taken, or -1 when every one is held (an error fails). */
static int slot_take(struct store *st, const char *address, int cls, int limit,
                     const char *worker, int64_t lease_ms)
{
	struct error err = {{0}};
	int slot = -2;
	int rc = store_slot_take(st, address, cls, limit, worker, lease_ms, &slot, &err);
	if (rc < 0)
		fail_msg("store_slot_take(%s, %d, %d, %s): %s", address, cls, limit, worker, err.msg);
	assert_true(rc == 0 || rc == 1);
	if (rc == 1) {
		assert_int_equal(slot, -2);   /* untouched */
		return -1;
	}
	return slot;
}

static void slot_give(struct store *st, const char *address, int cls, int slot,
                      const char *worker)
{
	struct error err = {{0}};
	if (store_slot_give(st, address, cls, slot, worker, &err) != 0)
		fail_msg("store_slot_give: %s", err.msg);
}

static int64_t slots_renew(struct store *st, const char *worker, int64_t lease_ms)
{
	struct error err = {{0}};
	int64_t n = store_slots_renew(st, worker, lease_ms, &err);
	if (n < 0)
		fail_msg("store_slots_renew: %s", err.msg);
	return n;
}

/* This machine's clock in Unix ms (on PostgreSQL the server's: the same machine). */
static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The lease end of slot `slot` of (address, cls), or -1 when nobody holds it. */
static int64_t slot_lease(const char *path, const char *address, int cls, int slot)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT lease_until FROM address_slots WHERE address = '%s' "
	         "AND class = %d AND slot = %d", address, cls, slot);
	return sql_int(path, sql);
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* The worker holding slot `slot` of (address, cls) in the table, malloc'd; NULL: none. */
static char *slot_holder(const char *path, const char *address, int cls, int slot)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT worker FROM address_slots WHERE address = '%s' "
	         "AND class = %d AND slot = %d", address, cls, slot);
	return sql_text(path, sql);
}

static void assert_holder(const char *path, const char *address, int cls, int slot,
                          const char *worker)
{
	char *w = slot_holder(path, address, cls, slot);
	if (!w || strcmp(w, worker) != 0)
		fail_msg("slot %d of %s/%d: held by %s, not %s", slot, address, cls, w ? w : "nobody",
		         worker);
	free(w);
}

static void test_migration_3_to_4(void **state)
{
	struct tmp *t = *state;
	struct workers_listed l;

	sql_exec(t->path, t->pg ? schema_v1_pg : schema_v1);
	sql_exec(t->path, t->pg ? schema_v2_from_v1_pg : schema_v2_from_v1);
	sql_exec(t->path, t->pg ? schema_v3_from_v2_pg : schema_v3_from_v2);
	assert_int_equal(sql_int(t->path, "SELECT max(version) FROM schema_migrations"), 3);
	struct store *st = open_ok(t->path);
	assert_int_equal(store_schema_version(st), SCHEMA_LATEST);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM schema_migrations"), SCHEMA_LATEST);
	assert_int_equal(sql_int(t->path, "SELECT applied_at FROM schema_migrations "
	                                  "WHERE version = 3"), 1700000000005);
	assert_true(sql_int(t->path, "SELECT applied_at FROM schema_migrations "
	                             "WHERE version = 4") > 1700000000005);
	/* the worker row of version 3 is kept (listed only within a day: count it) */
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM workers WHERE name = 'old' "
	                                  "AND seen = 1700000000007"), 1);
	status_of(st, &l);
	assert_int_equal(l.n, 0);
	/* the new table works */
	assert_int_equal(slot_take(st, "192.0.2.1", STORE_SLOT_GENERAL, 1, "w", 60000), 0);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM address_slots"), 1);
	store_close(st);
}

/* The lowest free slot first, 0 .. limit-1, then 1 (all held); limit is the caller's
 * at each call. */
static void test_slot_take_lowest_free_then_all_held(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	const char *a = "192.0.2.1";
	int64_t before = wall_ms(), after, lease;

	assert_int_equal(slot_take(st, a, STORE_SLOT_GENERAL, 3, "w1", 60000), 0);
	after = wall_ms();
	/* leased for lease_ms from now (PostgreSQL rounds its clock to the ms) */
	lease = slot_lease(t->path, a, STORE_SLOT_GENERAL, 0);
	assert_true(lease >= before + 60000 - 1 && lease <= after + 60000 + 1);
	assert_int_equal(slot_take(st, a, STORE_SLOT_GENERAL, 3, "w2", 60000), 1);
	assert_int_equal(slot_take(st, a, STORE_SLOT_GENERAL, 3, "w1", 60000), 2);
	assert_int_equal(slot_take(st, a, STORE_SLOT_GENERAL, 3, "w3", 60000), -1);
	assert_int_equal(slot_take(st, a, STORE_SLOT_GENERAL, 1, "w3", 60000), -1);
	assert_int_equal(slot_take(st, a, STORE_SLOT_GENERAL, 4, "w3", 60000), 3);
	assert_holder(t->path, a, STORE_SLOT_GENERAL, 0, "w1");
	assert_holder(t->path, a, STORE_SLOT_GENERAL, 1, "w2");
	assert_holder(t->path, a, STORE_SLOT_GENERAL, 2, "w1");
	assert_holder(t->path, a, STORE_SLOT_GENERAL, 3, "w3");
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM address_slots"), 4);
	/* a freed slot in the middle is the lowest free one */
	slot_give(st, a, STORE_SLOT_GENERAL, 1, "w2");
	assert_int_equal(slot_take(st, a, STORE_SLOT_GENERAL, 4, "w4", 60000), 1);
	store_close(st);
}

/* The budget is per (address, class): the SMTP class and another address count apart. */
static void test_slot_class_and_address_independent(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);

	assert_int_equal(slot_take(st, "192.0.2.1", STORE_SLOT_GENERAL, 1, "w1", 60000), 0);
	assert_int_equal(slot_take(st, "192.0.2.1", STORE_SLOT_GENERAL, 1, "w2", 60000), -1);
	assert_int_equal(slot_take(st, "192.0.2.1", STORE_SLOT_SMTP, 1, "w2", 60000), 0);
	assert_int_equal(slot_take(st, "192.0.2.1", STORE_SLOT_SMTP, 1, "w3", 60000), -1);
	assert_int_equal(slot_take(st, "2001:db8::1", STORE_SLOT_GENERAL, 1, "w3", 60000), 0);
	assert_int_equal(slot_take(st, "2001:db8::1", STORE_SLOT_SMTP, 1, "w3", 60000), 0);
	/* giving one back frees only that one */
	slot_give(st, "192.0.2.1", STORE_SLOT_SMTP, 0, "w2");
	assert_int_equal(slot_take(st, "192.0.2.1", STORE_SLOT_GENERAL, 1, "w4", 60000), -1);
	assert_int_equal(slot_take(st, "2001:db8::1", STORE_SLOT_SMTP, 1, "w4", 60000), -1);
	assert_int_equal(slot_take(st, "192.0.2.1", STORE_SLOT_SMTP, 1, "w4", 60000), 0);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM address_slots"), 4);
	store_close(st);
}

static void test_slot_give_frees_for_another_worker(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	const char *a = "192.0.2.7";

	assert_int_equal(slot_take(st, a, STORE_SLOT_SMTP, 2, "w1", 60000), 0);
	assert_int_equal(slot_take(st, a, STORE_SLOT_SMTP, 2, "w1", 60000), 1);
	assert_int_equal(slot_take(st, a, STORE_SLOT_SMTP, 2, "w2", 60000), -1);
	slot_give(st, a, STORE_SLOT_SMTP, 0, "w1");
	assert_null(slot_holder(t->path, a, STORE_SLOT_SMTP, 0));
	assert_int_equal(slot_take(st, a, STORE_SLOT_SMTP, 2, "w2", 60000), 0);
	assert_holder(t->path, a, STORE_SLOT_SMTP, 0, "w2");
	assert_holder(t->path, a, STORE_SLOT_SMTP, 1, "w1");
	store_close(st);
}

/* A worker gives back only what it holds: another's slot, or one of another class or
 * address, stays. */
static void test_slot_give_by_wrong_worker_does_nothing(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	const char *a = "192.0.2.8";

	assert_int_equal(slot_take(st, a, STORE_SLOT_GENERAL, 1, "w1", 60000), 0);
	slot_give(st, a, STORE_SLOT_GENERAL, 0, "w2");
	slot_give(st, a, STORE_SLOT_SMTP, 0, "w1");
	slot_give(st, "192.0.2.9", STORE_SLOT_GENERAL, 0, "w1");
	slot_give(st, a, STORE_SLOT_GENERAL, 1, "w1");
	assert_holder(t->path, a, STORE_SLOT_GENERAL, 0, "w1");
	assert_int_equal(slot_take(st, a, STORE_SLOT_GENERAL, 1, "w2", 60000), -1);
	store_close(st);
}

/* A slot whose lease ended (its worker killed) is taken over; the old worker's give
 * then does nothing. */
static void test_slot_expired_lease_taken_over(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	const char *a = "2001:db8::25";

	assert_int_equal(slot_take(st, a, STORE_SLOT_SMTP, 1, "w1", 1), 0);
	sleep_ms(20);
	assert_int_equal(slot_take(st, a, STORE_SLOT_SMTP, 1, "w2", 60000), 0);
	assert_holder(t->path, a, STORE_SLOT_SMTP, 0, "w2");
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM address_slots"), 1);
	slot_give(st, a, STORE_SLOT_SMTP, 0, "w1");
	assert_holder(t->path, a, STORE_SLOT_SMTP, 0, "w2");
	assert_int_equal(slot_take(st, a, STORE_SLOT_SMTP, 1, "w3", 60000), -1);
	store_close(st);
}

/* Renewing counts the worker's live slots only, and a renewed slot outlives its first
 * lease: nobody takes it over. */
static void test_slots_renew_counts_live_slots_and_keeps_them(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);

	assert_int_equal(slot_take(st, "192.0.2.1", STORE_SLOT_GENERAL, 2, "w1", 60000), 0);
	assert_int_equal(slot_take(st, "192.0.2.1", STORE_SLOT_GENERAL, 2, "w1", 60000), 1);
	assert_int_equal(slot_take(st, "192.0.2.2", STORE_SLOT_SMTP, 2, "w1", 60000), 0);
	assert_int_equal(slot_take(st, "192.0.2.3", STORE_SLOT_GENERAL, 2, "w2", 60000), 0);
	assert_int_equal(slot_take(st, "192.0.2.4", STORE_SLOT_GENERAL, 2, "w1", 1), 0);
	sleep_ms(20);   /* w1's slot of 192.0.2.4 ended: not renewed, nor counted */
	assert_int_equal(slots_renew(st, "w1", 60000), 3);
	assert_int_equal(slots_renew(st, "w2", 60000), 1);
	assert_int_equal(slots_renew(st, "nobody", 60000), 0);
	assert_true(slot_lease(t->path, "192.0.2.4", STORE_SLOT_GENERAL, 0) < wall_ms());
	assert_true(slot_lease(t->path, "192.0.2.3", STORE_SLOT_GENERAL, 0) > wall_ms() + 50000);
	assert_int_equal(slot_take(st, "192.0.2.4", STORE_SLOT_GENERAL, 1, "w2", 60000), 0);

	/* a lease of 300 ms renewed for a minute is still held after 400 ms */
	assert_int_equal(slot_take(st, "192.0.2.5", STORE_SLOT_GENERAL, 1, "w3", 300), 0);
	assert_int_equal(slots_renew(st, "w3", 60000), 1);
	sleep_ms(400);
	assert_int_equal(slot_take(st, "192.0.2.5", STORE_SLOT_GENERAL, 1, "w4", 60000), -1);
	assert_holder(t->path, "192.0.2.5", STORE_SLOT_GENERAL, 0, "w3");
	assert_int_equal(store_slots_renew(st, "w3", 60000, &err), 1);
	store_close(st);
}

/* A worker that lost a slot to a takeover renews fewer than it thinks it holds. */
static void test_slots_renew_after_takeover_returns_fewer(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);
	const char *a = "192.0.2.10";

	assert_int_equal(slot_take(st, a, STORE_SLOT_GENERAL, 2, "w1", 60000), 0);
	assert_int_equal(slot_take(st, a, STORE_SLOT_GENERAL, 2, "w1", 1), 1);
	sleep_ms(20);   /* slot 1's lease ended before w1 renewed it */
	assert_int_equal(slot_take(st, a, STORE_SLOT_GENERAL, 2, "w2", 60000), 1);
	assert_int_equal(slots_renew(st, "w1", 60000), 1);
	assert_holder(t->path, a, STORE_SLOT_GENERAL, 0, "w1");
	assert_holder(t->path, a, STORE_SLOT_GENERAL, 1, "w2");
	assert_int_equal(slots_renew(st, "w2", 60000), 1);
	store_close(st);
}

/* Dropping removes every slot of the worker, and the rows of others whose lease ended
 * over a minute ago; others' live slots, and leases ended only just, stay. */
static void test_slots_drop_own_and_long_expired(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);

	assert_int_equal(slot_take(st, "192.0.2.1", STORE_SLOT_GENERAL, 2, "w1", 60000), 0);
	assert_int_equal(slot_take(st, "192.0.2.1", STORE_SLOT_GENERAL, 2, "w1", 60000), 1);
	assert_int_equal(slot_take(st, "192.0.2.2", STORE_SLOT_SMTP, 2, "w1", 1), 0);
	assert_int_equal(slot_take(st, "192.0.2.1", STORE_SLOT_SMTP, 2, "w2", 60000), 0);
	assert_int_equal(slot_take(st, "192.0.2.3", STORE_SLOT_GENERAL, 2, "w3", 60000), 0);
	assert_int_equal(slot_take(st, "192.0.2.4", STORE_SLOT_GENERAL, 2, "w4", 1), 0);
	/* w3 was killed: its lease ended 140 s ago */
	sql_exec(t->path, "UPDATE address_slots SET lease_until = lease_until - 200000 "
	                  "WHERE worker = 'w3'");
	sleep_ms(20);   /* w4's lease ended just now */
	assert_int_equal(store_slots_drop(st, "w1", &err), 0);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM address_slots WHERE worker = 'w1'"),
	                 0);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM address_slots WHERE worker = 'w3'"),
	                 0);
	assert_holder(t->path, "192.0.2.1", STORE_SLOT_SMTP, 0, "w2");
	assert_holder(t->path, "192.0.2.4", STORE_SLOT_GENERAL, 0, "w4");
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM address_slots"), 2);
	/* w1's slots are free for others at once */
	assert_int_equal(slot_take(st, "192.0.2.1", STORE_SLOT_GENERAL, 2, "w5", 60000), 0);
	/* dropping a worker with nothing is no error */
	assert_int_equal(store_slots_drop(st, "nobody", &err), 0);
	store_close(st);
}

/* Arguments out of range are refused before the database is asked. */
static void test_slot_argument_errors(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	int slot = -2;
	static const struct {
		const char *address, *worker;
		int cls, limit;
		int64_t lease_ms;
	} bad[] = {
		{NULL, "w", 0, 1, 1000},
		{"", "w", 0, 1, 1000},
		{"192.0.2.1", NULL, 0, 1, 1000},
		{"192.0.2.1", "", 0, 1, 1000},
		{"192.0.2.1", "w", 0, 0, 1000},
		{"192.0.2.1", "w", 0, -1, 1000},
		{"192.0.2.1", "w", 2, 1, 1000},
		{"192.0.2.1", "w", -1, 1, 1000},
		{"192.0.2.1", "w", 1, 1, 0},
		{"192.0.2.1", "w", 1, 1, -5},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err.msg[0] = '\0';
		assert_int_equal(store_slot_take(st, bad[i].address, bad[i].cls, bad[i].limit,
		                                 bad[i].worker, bad[i].lease_ms, &slot, &err), -1);
		assert_prefix(err.msg, "store_slot_take: ");
		assert_int_equal(slot, -2);
	}
	assert_int_equal(store_slot_take(st, "192.0.2.1", 0, 1, "w", 1000, NULL, &err), -1);
	assert_int_equal(store_slot_give(st, NULL, 0, 0, "w", &err), -1);
	assert_int_equal(store_slot_give(st, "", 0, 0, "w", &err), -1);
	assert_int_equal(store_slot_give(st, "192.0.2.1", 0, 0, NULL, &err), -1);
	assert_int_equal(store_slot_give(st, "192.0.2.1", 0, 0, "", &err), -1);
	assert_int_equal(store_slot_give(st, "192.0.2.1", 2, 0, "w", &err), -1);
	assert_int_equal(store_slot_give(st, "192.0.2.1", 0, -1, "w", &err), -1);
	assert_prefix(err.msg, "store_slot_give: ");
	assert_int_equal(store_slots_renew(st, NULL, 1000, &err), -1);
	assert_int_equal(store_slots_renew(st, "", 1000, &err), -1);
	assert_int_equal(store_slots_renew(st, "w", 0, &err), -1);
	assert_prefix(err.msg, "store_slots_renew: ");
	assert_int_equal(store_slots_drop(st, NULL, &err), -1);
	assert_int_equal(store_slots_drop(st, "", &err), -1);
	assert_prefix(err.msg, "store_slots_drop: ");
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM address_slots"), 0);
	/* the store is still good */
	assert_int_equal(slot_take(st, "192.0.2.1", STORE_SLOT_GENERAL, 1, "w", 1000), 0);
	store_close(st);
}

/* The slot racers: how many hold a slot of the one address right now, and per slot
 * whether someone holds it (by the racers' own count, beside the database). */
#define SLOT_RACERS 8
#define SLOT_RACER_GRANTS 100
#define SLOT_RACE_LIMIT 2
static atomic_int slots_held;
static atomic_int slot_busy[SLOT_RACE_LIMIT];
static atomic_int slots_most;          /* the most held at once */

struct slot_racer {
	const char *url;
	char worker[8];
	int grants, held_answers;
	int taken[SLOT_RACE_LIMIT];
	char why[320];                /* "" when all went well; room for err.msg and more */
};

/* Take, hold for a moment, give back, SLOT_RACER_GRANTS times; a slot held twice or
 * more than SLOT_RACE_LIMIT at once is recorded in why. */
static void *slot_racer_run(void *arg)
{
	struct slot_racer *r = arg;
	struct error err = {{0}};
	struct store *st = store_open(r->url, &err);

	if (!st)
		snprintf(r->why, sizeof(r->why), "store_open: %s", err.msg);
	for (int tries = 0; st && !r->why[0] && r->grants < SLOT_RACER_GRANTS; tries++) {
		int slot = -1, rc, held;
		if (tries > 200000) {
			snprintf(r->why, sizeof(r->why), "only %d slots in %d tries", r->grants, tries);
			break;
		}
		rc = store_slot_take(st, "198.51.100.1", STORE_SLOT_GENERAL, SLOT_RACE_LIMIT,
		                     r->worker, 60000, &slot, &err);
		if (rc < 0) {
			snprintf(r->why, sizeof(r->why), "store_slot_take: %s", err.msg);
			break;
		}
		if (rc == 1) {
			r->held_answers++;
			sched_yield();
			continue;
		}
		if (slot < 0 || slot >= SLOT_RACE_LIMIT) {
			snprintf(r->why, sizeof(r->why), "slot %d out of 0..%d", slot,
			         SLOT_RACE_LIMIT - 1);
			break;
		}
		held = atomic_fetch_add(&slots_held, 1) + 1;
		if (atomic_exchange(&slot_busy[slot], 1) != 0)
			snprintf(r->why, sizeof(r->why), "slot %d granted twice", slot);
		else if (held > SLOT_RACE_LIMIT)
			snprintf(r->why, sizeof(r->why), "%d slots held at once", held);
		for (int most = atomic_load(&slots_most);
		     held > most && !atomic_compare_exchange_weak(&slots_most, &most, held);)
			;
		r->grants++;
		r->taken[slot]++;
		sched_yield();   /* hold it a moment: others try meanwhile */
		atomic_store(&slot_busy[slot], 0);
		atomic_fetch_sub(&slots_held, 1);
		if (store_slot_give(st, "198.51.100.1", STORE_SLOT_GENERAL, slot, r->worker,
		                    &err) != 0 && !r->why[0])
			snprintf(r->why, sizeof(r->why), "store_slot_give: %s", err.msg);
	}
	store_close(st);
	return NULL;
}

/* Workers (threads with a connection each) taking and giving back slots of one address
 * at once never hold more than the limit, nor one slot twice (PostgreSQL: a lost race
 * reads as held, store.c). */
static void test_slots_concurrent_never_over_limit(void **state)
{
	struct tmp *t = *state;
	struct store *st = open_ok(t->path);   /* migrated before the racers start */
	static struct slot_racer r[SLOT_RACERS];
	pthread_t th[SLOT_RACERS];
	int taken1 = 0, held_answers = 0;

	atomic_store(&slots_held, 0);
	atomic_store(&slots_most, 0);
	for (int i = 0; i < SLOT_RACE_LIMIT; i++)
		atomic_store(&slot_busy[i], 0);
	for (int i = 0; i < SLOT_RACERS; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].url = t->path;
		snprintf(r[i].worker, sizeof(r[i].worker), "w%d", i);
		assert_int_equal(pthread_create(&th[i], NULL, slot_racer_run, &r[i]), 0);
	}
	for (int i = 0; i < SLOT_RACERS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (int i = 0; i < SLOT_RACERS; i++) {
		if (r[i].why[0])
			fail_msg("worker %d: %s", i, r[i].why);
		assert_int_equal(r[i].grants, SLOT_RACER_GRANTS);
		taken1 += r[i].taken[1];
		held_answers += r[i].held_answers;
	}
	print_message("slots: %d grants, slot 1 %d times, %d answers \"all held\", "
	              "at most %d held at once\n", SLOT_RACERS * SLOT_RACER_GRANTS, taken1,
	              held_answers, atomic_load(&slots_most));
	/* they did race: slot 1 is taken only while slot 0 is held */
	assert_true(taken1 > 0);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM address_slots"), 0);
	store_close(st);
}

/* Connection tests (issue 20): stored under their id, read back byte for byte; a
 * second finish keeps the first result; malformed ids and values are refused. */
static void test_conn_result_put_get_first_kept(void **state)
{
	struct tmp *t = *state;
	struct error err = {{0}};
	struct store *st = open_ok(t->path);
	const char *id = "0123456789abcdef0123456789abcdef";
	char *view = NULL;
	int64_t created = 0;
	int pct = -1;

	assert_int_equal(store_conn_get(st, id, &view, &created, &pct, &err), 0);
	assert_null(view);
	assert_int_equal(store_conn_put(st, id, 80, "{\"b\":1,\"a\":[2]}", &err), 1);
	assert_int_equal(store_conn_put(st, id, 20, "{\"c\":3}", &err), 0);
	assert_int_equal(store_conn_get(st, id, &view, &created, &pct, &err), 1);
	assert_string_equal(view, "{\"b\":1,\"a\":[2]}");
	assert_int_equal(pct, 80);
	assert_true(created > 1700000000000);
	free(view);
	assert_int_equal(store_conn_get(st, id, &view, NULL, NULL, &err), 1);
	free(view);
	/* refused without a database round trip */
	assert_int_equal(store_conn_put(st, "0123456789ABCDEF0123456789ABCDEF", 80, "{}", &err), -1);
	assert_int_equal(store_conn_put(st, "0123", 80, "{}", &err), -1);
	assert_int_equal(store_conn_put(st, id, 101, "{}", &err), -1);
	assert_int_equal(store_conn_put(st, id, 50, NULL, &err), -1);
	assert_int_equal(store_conn_get(st, "../etc/passwd", &view, NULL, NULL, &err), 0);
	assert_null(view);
	assert_int_equal(sql_int(t->path, "SELECT count(*) FROM conn_results"), 1);
	store_close(st);
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
		T(test_processes_migrate_at_once),
		T(test_processes_request_get_at_once),
		T(test_request_create),
		T(test_request_create_empty_is_done),
		T(test_request_find_of_user),
		T(test_request_list_newest_first),
		T(test_claim_site_first),
		T(test_claim_user_fifo),
		T(test_claim_random_user_fairness),
		T(test_claim_reuses_fresh_result),
		T(test_claim_ignores_result_older_than_request),
		T(test_lease_expiry_requeues),
		T(test_third_attempt_is_error),
		T(test_complete_after_cancel_keeps_cancelled),
		T(test_complete_by_former_worker_ignored),
		T(test_release_not_an_attempt),
		T(test_renew_extends_lease),
		T(test_request_done_when_last_job),
		T(test_cancel),
		T(test_claims_concurrent_never_twice),
		T(test_last_jobs_finished_at_once),
		T(test_job_progress_and_get),
		T(test_result_get_and_latest),
		T(test_request_jobs_in_order),
		T(test_hof_latest_streak),
		T(test_hof_champions),
		T(test_migration_1_to_2),
		T(test_report_put_get),
		T(test_job_finish_keeps_view),
		T(test_worker_beat_creates_then_updates_one_row),
		T(test_worker_beat_without_start_time_is_now),
		T(test_worker_stopped_marks_and_beat_revives),
		T(test_status_worker_gone_after_three_beats),
		T(test_status_queue_figures),
		T(test_status_callback_stops),
		T(test_open_existing_refuses_missing_file),
		T(test_migration_2_to_3),
		T(test_migration_3_to_4),
		T(test_conn_result_put_get_first_kept),
		T(test_slot_take_lowest_free_then_all_held),
		T(test_slot_class_and_address_independent),
		T(test_slot_give_frees_for_another_worker),
		T(test_slot_give_by_wrong_worker_does_nothing),
		T(test_slot_expired_lease_taken_over),
		T(test_slots_renew_counts_live_slots_and_keeps_them),
		T(test_slots_renew_after_takeover_returns_fewer),
		T(test_slots_drop_own_and_long_expired),
		T(test_slot_argument_errors),
		T(test_slots_concurrent_never_over_limit),
	};
	pg_base = getenv("INETCHECK_TEST_PG");
	if (pg_base && !*pg_base)
		pg_base = NULL;
	if (pg_base) {
		pg_admin = PQconnectdb(pg_base);
		if (PQstatus(pg_admin) != CONNECTION_OK) {
			fprintf(stderr, "INETCHECK_TEST_PG=%s: %s", pg_base, PQerrorMessage(pg_admin));
			return 1;
		}
		PQclear(PQexec(pg_admin, "SET client_min_messages = warning"));
	}
	int failed = cmocka_run_group_tests_name(pg_base ? "store on PostgreSQL" : "store on SQLite",
	                                         tests, NULL, NULL);
	PQfinish(pg_admin);
	return failed;
}

/* store.c -- see store.h: the SQLite backend. */
#include "store.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "migrations.h"

/* The cached statements. Plain SQL that PostgreSQL runs as well, except BEGIN IMMEDIATE
 * (SQLite takes the write lock up front, so a transaction never fails half-way with
 * SQLITE_BUSY: the busy timeout applies to BEGIN instead). */
enum statement {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_REQUEST_FIND,
	ST_REQUEST_INSERT,
	ST_JOB_STATE,
	ST_RESULT_INSERT,
	ST_JOB_DONE,
	ST_JOB_EMITTED,
	ST_JOBS_UNEMITTED,
	ST_COUNT
};

static const char *const statement_sql[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	/* the command line's requests have no user: username '' */
	[ST_REQUEST_FIND] =
		"SELECT id FROM requests WHERE username = '' AND test = ?1 AND name = ?2 "
		"ORDER BY id LIMIT 1",
	[ST_REQUEST_INSERT] =
		"INSERT INTO requests (username, test, name, status, created) "
		"VALUES ('', ?1, ?2, 'running', ?3) RETURNING id",
	[ST_JOB_STATE] =
		"SELECT state, emitted FROM jobs WHERE request = ?1 AND test = ?2 AND domain = ?3",
	[ST_RESULT_INSERT] =
		"INSERT INTO results (domain, test, created, status, percentage, doc) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
	/* attempts: a job first seen here ran once; a claimed one counted its claim */
	[ST_JOB_DONE] =
		"INSERT INTO jobs (request, domain, test, state, attempts, result, emitted) "
		"VALUES (?1, ?2, ?3, 'done', 1, ?4, 0) "
		"ON CONFLICT (request, test, domain) DO UPDATE SET state = 'done', "
		"result = excluded.result, emitted = 0, lease_until = NULL, worker = NULL",
	[ST_JOB_EMITTED] =
		"UPDATE jobs SET emitted = 1 "
		"WHERE request = ?1 AND test = ?2 AND domain = ?3 AND state = 'done'",
	/* results ids grow with every insert (AUTOINCREMENT): result order = finish order */
	[ST_JOBS_UNEMITTED] =
		"SELECT j.result, j.domain, r.doc FROM jobs j JOIN results r ON r.id = j.result "
		"WHERE j.request = ?1 AND j.state = 'done' AND j.emitted = 0 AND j.result > ?2 "
		"ORDER BY j.result LIMIT ?3",
};

/* Unemitted jobs are read a page at a time, then handed to the callback with no
 * statement running, so the callback may call store_job_emitted. */
#define UNEMITTED_PAGE 32

struct store {
	sqlite3 *db;
	char *path;          /* for messages */
	int version;
	sqlite3_stmt *stmt[ST_COUNT];
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The URL's scheme ("postgresql" of "postgresql://...") copied into `scheme`, or 0
 * when `url` has none: RFC 3986 ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":". */
static size_t url_scheme(const char *url, char *scheme, size_t size)
{
	size_t n = 0;
	if (!isalpha((unsigned char)url[0]))
		return 0;
	while (isalnum((unsigned char)url[n]) || url[n] == '+' || url[n] == '-' || url[n] == '.')
		n++;
	if (url[n] != ':')
		return 0;
	for (size_t i = 0; i < n && i < size - 1; i++)   /* a long one is shown cut */
		scheme[i] = (char)tolower((unsigned char)url[i]);
	scheme[n < size - 1 ? n : size - 1] = '\0';
	return n;
}

/* The SQLite file named by `url`: a plain path, `sqlite:PATH` or `sqlite:///ABSPATH`. */
static const char *url_sqlite_path(const char *url, struct error *err)
{
	char scheme[32];
	size_t n = url_scheme(url, scheme, sizeof(scheme));
	const char *path = url;

	if (n && strcmp(scheme, "sqlite") == 0) {
		path = url + n + 1;
		if (strncmp(path, "//", 2) == 0) {
			if (path[2] != '/') {
				error_set(err, "state URL %s: write sqlite:PATH or sqlite:///ABSOLUTE-PATH", url);
				return NULL;
			}
			path += 2;
		}
	} else if (n && (strcmp(scheme, "postgresql") == 0 || strcmp(scheme, "postgres") == 0)) {
		error_set(err, "state URL %s: PostgreSQL comes with `inetcheck worker`, which is not "
		          "built yet; use a file path or sqlite:PATH", url);
		return NULL;
	} else if (n && strncmp(url + n + 1, "//", 2) == 0) {
		error_set(err, "state URL %s: unsupported scheme \"%s\" (use a file path, sqlite:PATH "
		          "or postgresql://)", url, scheme);
		return NULL;
	} else if (n) {
		/* "a:b.db" is more likely a URL typo than a file name: ask for ./ to be sure */
		error_set(err, "state URL %s: unsupported scheme \"%s\" (use a file path, sqlite:PATH "
		          "or postgresql://; a file name with a colon: ./%s)", url, scheme, url);
		return NULL;
	}
	if (!*path) {
		error_set(err, "state URL %s: no file name", url);
		return NULL;
	}
	return path;
}

static int fail(struct store *st, int rc, const char *what, struct error *err)
{
	return store_error_sqlite(err, st->db, rc, st->path, what);
}

/* Done with a cached statement: reset, and drop bindings to the caller's strings. */
static void stmt_release(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/* Step a cached statement yielding no row: SQLITE_OK or the error code. */
static int stmt_run(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	stmt_release(s);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void bind_str(sqlite3_stmt *s, int i, const char *v)
{
	sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

/* Run a PRAGMA; when `want`, it must answer that (journal_mode answers the mode it is
 * in). 0, or -1 (err) with the SQLite code in *code (SQLITE_OK for a wrong answer). */
static int pragma_set(struct store *st, const char *sql, const char *want, int *code,
                      struct error *err)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	*code = rc;
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(s);
		const char *got = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
		if (want && rc == SQLITE_ROW && (!got || sqlite3_stricmp(got, want) != 0)) {
			error_set(err, "state file %s: %s gave \"%s\" (the file system may not support it)",
			          st->path, sql, got ? got : "");
			sqlite3_finalize(s);
			return -1;
		}
		rc = *code = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	if (rc != SQLITE_OK)
		fail(st, rc, sql, err);
	sqlite3_finalize(s);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Switch the file to WAL (a lasting property of the file). SQLite may answer
 * SQLITE_BUSY here without calling the busy handler (processes creating one new file
 * at once), so retry for as long as the busy timeout would have waited. */
static int journal_wal(struct store *st, struct error *err)
{
	int64_t deadline = now_ms() + STORE_BUSY_TIMEOUT_MS;
	int code;
	while (pragma_set(st, "PRAGMA journal_mode = WAL", "wal", &code, err) < 0) {
		if ((code & 0xff) != SQLITE_BUSY || now_ms() >= deadline)
			return -1;
		sqlite3_sleep(20);
	}
	return 0;
}

struct store *store_open(const char *url, struct error *err)
{
	const char *path = url ? url_sqlite_path(url, err) : NULL;
	struct store *st;
	int rc;

	if (!url)
		error_set(err, "no state file given");
	if (!path)
		return NULL;
	st = calloc(1, sizeof(*st));
	if (!st || !(st->path = strdup(path))) {
		free(st);
		error_set(err, "out of memory");
		return NULL;
	}
	rc = sqlite3_open_v2(path, &st->db,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
	if (rc != SQLITE_OK) {
		fail(st, rc, "opening", err);
		goto out;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	/* read before writing anything: a foreign or newer file is left as it was */
	if (migrations_current(st->db, st->path, err) < 0)
		goto out;
	if (journal_wal(st, err) < 0 ||
	    pragma_set(st, "PRAGMA synchronous = NORMAL", NULL, &rc, err) < 0 ||
	    pragma_set(st, "PRAGMA foreign_keys = ON", NULL, &rc, err) < 0)
		goto out;
	st->version = migrations_apply(st->db, st->path, err);
	if (st->version < 0)
		goto out;
	for (int i = 0; i < ST_COUNT; i++) {
		rc = sqlite3_prepare_v3(st->db, statement_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
		                        &st->stmt[i], NULL);
		if (rc != SQLITE_OK) {
			fail(st, rc, "preparing statements (damaged schema?)", err);
			goto out;
		}
	}
	return st;
out:
	store_close(st);
	return NULL;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int store_schema_version(struct store *st)
{
	return st->version;
}

/* BEGIN IMMEDIATE: 0, or -1 (err). */
static int transaction_begin(struct store *st, const char *what, struct error *err)
{
	int rc = stmt_run(st->stmt[ST_BEGIN]);
	return rc == SQLITE_OK ? 0 : fail(st, rc, what, err);
}

/* COMMIT when rc is SQLITE_OK, else (or when COMMIT fails) ROLLBACK: 0 or -1 (err). */
static int transaction_end(struct store *st, int rc, const char *what, struct error *err)
{
	if (rc == SQLITE_OK)
		rc = stmt_run(st->stmt[ST_COMMIT]);
	if (rc == SQLITE_OK)
		return 0;
	fail(st, rc, what, err);
	if (!sqlite3_get_autocommit(st->db))
		stmt_run(st->stmt[ST_ROLLBACK]);
	return -1;
}

/* The id of the command line's request (test, name), or 0 when missing: SQLITE_OK or
 * the error code. */
static int request_find(struct store *st, const char *test, const char *name, int64_t *id)
{
	sqlite3_stmt *s = st->stmt[ST_REQUEST_FIND];
	int rc;
	bind_str(s, 1, test);
	bind_str(s, 2, name);
	*id = 0;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		rc = SQLITE_DONE;
	}
	stmt_release(s);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int64_t store_request_get(struct store *st, const char *test, const char *name, struct error *err)
{
	const char *what = "looking up the request";
	sqlite3_stmt *s = st->stmt[ST_REQUEST_INSERT];
	int64_t id = 0;
	int rc;

	if (!test || !name)
		return error_set(err, "store_request_get: no test or name");
	rc = request_find(st, test, name, &id);
	if (rc != SQLITE_OK)
		return fail(st, rc, what, err);
	if (id)
		return id;
	/* look again under the write lock: another process may have created it meanwhile */
	if (transaction_begin(st, what, err) < 0)
		return -1;
	rc = request_find(st, test, name, &id);
	if (rc == SQLITE_OK && !id) {
		what = "creating the request";
		bind_str(s, 1, test);
		bind_str(s, 2, name);
		sqlite3_bind_int64(s, 3, now_ms());
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			id = sqlite3_column_int64(s, 0);
			rc = sqlite3_step(s);
		}
		stmt_release(s);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	if (transaction_end(st, rc, what, err) < 0)
		return -1;
	return id;
}

int store_job_state(struct store *st, int64_t request, const char *test, const char *domain,
                    bool *done, bool *emitted, struct error *err)
{
	sqlite3_stmt *s = st->stmt[ST_JOB_STATE];
	int rc, found = 0;

	sqlite3_bind_int64(s, 1, request);
	bind_str(s, 2, test);
	bind_str(s, 3, domain);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		found = 1;
		*done = strcmp((const char *)sqlite3_column_text(s, 0), "done") == 0;
		*emitted = sqlite3_column_int(s, 1) != 0;
		rc = SQLITE_DONE;
	}
	stmt_release(s);
	if (rc != SQLITE_DONE)
		return fail(st, rc, "reading a job", err);
	return found;
}

/* Insert the result row: SQLITE_OK with *id, or the error code. */
static int result_insert(struct store *st, const struct store_result *res, int64_t *id)
{
	sqlite3_stmt *s = st->stmt[ST_RESULT_INSERT];
	int rc;

	bind_str(s, 1, res->domain);
	bind_str(s, 2, res->test);
	sqlite3_bind_int64(s, 3, now_ms());
	bind_str(s, 4, res->status);
	if (res->percentage >= 0)
		sqlite3_bind_int(s, 5, res->percentage);
	else
		sqlite3_bind_null(s, 5);
	/* the document's exact bytes; its length given, so nothing is re-read or cut */
	sqlite3_bind_text64(s, 6, res->doc, strlen(res->doc), SQLITE_STATIC, SQLITE_UTF8);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		rc = sqlite3_step(s);
	}
	stmt_release(s);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int store_job_finish(struct store *st, int64_t request, const struct store_result *res,
                     struct error *err)
{
	sqlite3_stmt *s = st->stmt[ST_JOB_DONE];
	int64_t result = 0;
	char what[320];
	int rc;

	if (!res || !res->domain || !res->test || !res->status || !res->doc)
		return error_set(err, "store_job_finish: incomplete result");
	snprintf(what, sizeof(what), "storing the %s result of %s", res->test, res->domain);
	if (transaction_begin(st, what, err) < 0)
		return -1;
	rc = result_insert(st, res, &result);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, request);
		bind_str(s, 2, res->domain);
		bind_str(s, 3, res->test);
		sqlite3_bind_int64(s, 4, result);
		rc = stmt_run(s);
	}
	return transaction_end(st, rc, what, err);
}

int store_job_emitted(struct store *st, int64_t request, const char *test, const char *domain,
                      struct error *err)
{
	sqlite3_stmt *s = st->stmt[ST_JOB_EMITTED];
	int rc;

	sqlite3_bind_int64(s, 1, request);
	bind_str(s, 2, test);
	bind_str(s, 3, domain);
	rc = stmt_run(s);
	if (rc != SQLITE_OK)
		return fail(st, rc, "marking a job emitted", err);
	if (sqlite3_changes(st->db) == 0)
		return error_set(err, "state file %s: no finished %s job for %s in request %lld",
		                 st->path, test, domain, (long long)request);
	return 0;
}

struct unemitted {
	int64_t result;
	char *domain, *doc;
};

/* Read the next page of unemitted jobs after result id `after`: the count, or -1. */
static int unemitted_page(struct store *st, int64_t request, int64_t after,
                          struct unemitted *page, struct error *err)
{
	sqlite3_stmt *s = st->stmt[ST_JOBS_UNEMITTED];
	int n = 0, rc;

	sqlite3_bind_int64(s, 1, request);
	sqlite3_bind_int64(s, 2, after);
	sqlite3_bind_int(s, 3, UNEMITTED_PAGE);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *domain = (const char *)sqlite3_column_text(s, 1);
		const char *doc = (const char *)sqlite3_column_text(s, 2);
		page[n].result = sqlite3_column_int64(s, 0);
		page[n].domain = strdup(domain ? domain : "");
		page[n].doc = strdup(doc ? doc : "");
		n++;
		if (!page[n - 1].domain || !page[n - 1].doc) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	stmt_release(s);
	if (rc != SQLITE_DONE) {
		for (int i = 0; i < n; i++) {
			free(page[i].domain);
			free(page[i].doc);
		}
		if (rc == SQLITE_NOMEM)
			return error_set(err, "state file %s: reading unemitted jobs: out of memory",
			                 st->path);
		return fail(st, rc, "reading unemitted jobs", err);
	}
	return n;
}

int store_jobs_unemitted(struct store *st, int64_t request,
                         int (*fn)(void *arg, const char *domain, const char *doc), void *arg,
                         struct error *err)
{
	struct unemitted page[UNEMITTED_PAGE];
	int64_t after = 0;
	int n, stop = 0;

	do {
		n = unemitted_page(st, request, after, page, err);
		if (n < 0)
			return -1;
		for (int i = 0; i < n; i++) {
			if (!stop)
				stop = fn(arg, page[i].domain, page[i].doc);
			after = page[i].result;
			free(page[i].domain);
			free(page[i].doc);
		}
	} while (!stop && n == UNEMITTED_PAGE);
	return stop ? -1 : 0;
}

/* backend_sqlite.c -- the SQLite backend of the store (backend.h): one file, WAL. */
#include "backend.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How long a statement waits for another process's lock before failing. */
#define SQLITE_BUSY_TIMEOUT_MS 10000

_Static_assert(DB_OK == SQLITE_OK && DB_ERROR == SQLITE_ERROR && DB_NOMEM == SQLITE_NOMEM &&
               DB_ROW == SQLITE_ROW && DB_DONE == SQLITE_DONE, "SQLite's codes pass through");

struct lite {
	struct db base;
	sqlite3 *db;
};

struct lite_stmt {
	struct db_stmt base;
	sqlite3_stmt *s;
};

static sqlite3 *handle(struct db *db)
{
	return ((struct lite *)db)->db;
}

static sqlite3_stmt *stmt(struct db_stmt *s)
{
	return ((struct lite_stmt *)s)->s;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "not an inetcheck state file" for SQLITE_NOTADB, the OS reason when the file
 * cannot be opened. */
static int lite_error(struct db *db, int rc, const char *what, struct error *err)
{
	sqlite3 *h = handle(db);
	const char *path = db->name;
	int sys = h ? sqlite3_system_errno(h) : 0;
	switch (rc & 0xff) {
	case SQLITE_NOTADB:
		return error_set(err, "%s is not an inetcheck state file (not an SQLite database)", path);
	case SQLITE_CANTOPEN:
		return error_set(err, "cannot open state file %s: %s", path,
		                 sys ? strerror(sys) : sqlite3_errstr(rc));
	case SQLITE_BUSY:
		return error_set(err, "state file %s: %s: locked by another process (waited %d s)",
		                 path, what, SQLITE_BUSY_TIMEOUT_MS / 1000);
	case SQLITE_NOMEM:
		return error_set(err, "state file %s: %s: out of memory", path, what);
	default:
		return error_set(err, "state file %s: %s: %s", path, what,
		                 h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
	}
}

static int lite_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	struct lite_stmt *ls = calloc(1, sizeof(*ls));
	int rc;
	*out = NULL;
	if (!ls)
		return SQLITE_NOMEM;
	rc = sqlite3_prepare_v3(handle(db), sql, -1, SQLITE_PREPARE_PERSISTENT, &ls->s, NULL);
	if (rc != SQLITE_OK) {
		free(ls);
		return rc;
	}
	ls->base.db = db;
	*out = &ls->base;
	return SQLITE_OK;
}

static void lite_finalize(struct db_stmt *s)
{
	sqlite3_finalize(stmt(s));
	free(s);
}

static void lite_bind_int64(struct db_stmt *s, int i, int64_t v)
{
	sqlite3_bind_int64(stmt(s), i, v);
}

static void lite_bind_text(struct db_stmt *s, int i, const char *v)
{
	/* the exact bytes, length given, so nothing is re-read or cut */
	if (v)
		sqlite3_bind_text64(stmt(s), i, v, strlen(v), SQLITE_STATIC, SQLITE_UTF8);
	else
		sqlite3_bind_null(stmt(s), i);
}

static int lite_step(struct db_stmt *s)
{
	return sqlite3_step(stmt(s));
}

static void lite_reset(struct db_stmt *s)
{
	sqlite3_reset(stmt(s));
	sqlite3_clear_bindings(stmt(s));
}

static bool lite_column_null(struct db_stmt *s, int col)
{
	return sqlite3_column_type(stmt(s), col) == SQLITE_NULL;
}

static int64_t lite_column_int64(struct db_stmt *s, int col)
{
	return sqlite3_column_int64(stmt(s), col);
}

static const char *lite_column_text(struct db_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(stmt(s), col);
}

static int64_t lite_changes(struct db *db)
{
	return sqlite3_changes(handle(db));
}

static int lite_exec(struct db *db, const char *sql)
{
	return sqlite3_exec(handle(db), sql, NULL, NULL, NULL);
}

static bool lite_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(handle(db));
}

/* Run a PRAGMA; when `want`, it must answer that (journal_mode answers the mode it is
 * in). 0, or -1 (err) with the SQLite code in *code (SQLITE_OK for a wrong answer). */
static int pragma_set(struct db *db, const char *sql, const char *want, int *code,
                      struct error *err)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(handle(db), sql, -1, &s, NULL);
	*code = rc;
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(s);
		const char *got = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
		if (want && rc == SQLITE_ROW && (!got || sqlite3_stricmp(got, want) != 0)) {
			error_set(err, "state file %s: %s gave \"%s\" (the file system may not support it)",
			          db->name, sql, got ? got : "");
			sqlite3_finalize(s);
			return -1;
		}
		rc = *code = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	if (rc != SQLITE_OK)
		lite_error(db, rc, sql, err);
	sqlite3_finalize(s);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Switch the file to WAL (a lasting property of the file). SQLite may answer
 * SQLITE_BUSY here without calling the busy handler (processes creating one new file
 * at once), so retry for as long as the busy timeout would have waited. */
static int lite_ready(struct db *db, struct error *err)
{
	int64_t deadline = now_ms() + SQLITE_BUSY_TIMEOUT_MS;
	int code;
	while (pragma_set(db, "PRAGMA journal_mode = WAL", "wal", &code, err) < 0) {
		if ((code & 0xff) != SQLITE_BUSY || now_ms() >= deadline)
			return -1;
		sqlite3_sleep(20);
	}
	if (pragma_set(db, "PRAGMA synchronous = NORMAL", NULL, &code, err) < 0 ||
	    pragma_set(db, "PRAGMA foreign_keys = ON", NULL, &code, err) < 0)
		return -1;
	return 0;
}

static void lite_close(struct db *db)
{
	sqlite3_close(handle(db));
	free(db->name);
	free(db);
}

static const struct db_ops lite_ops = {
	.prepare = lite_prepare,
	.finalize = lite_finalize,
	.bind_int64 = lite_bind_int64,
	.bind_text = lite_bind_text,
	.step = lite_step,
	.reset = lite_reset,
	.column_null = lite_column_null,
	.column_int64 = lite_column_int64,
	.column_text = lite_column_text,
	.changes = lite_changes,
	.exec = lite_exec,
	.in_transaction = lite_in_transaction,
	.error = lite_error,
	.ready = lite_ready,
	.close = lite_close,
};

struct db *db_sqlite_open(const char *path, struct error *err)
{
	struct lite *l = calloc(1, sizeof(*l));
	int rc;

	if (!l || !(l->base.name = strdup(path))) {
		free(l);
		error_set(err, "out of memory");
		return NULL;
	}
	l->base.ops = &lite_ops;
	l->base.kind = DB_SQLITE;
	l->base.label = "state file";
	rc = sqlite3_open_v2(path, &l->db,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
	if (rc != SQLITE_OK) {
		lite_error(&l->base, rc, "opening", err);
		lite_close(&l->base);
		return NULL;
	}
	sqlite3_extended_result_codes(l->db, 1);
	sqlite3_busy_timeout(l->db, SQLITE_BUSY_TIMEOUT_MS);
	return &l->base;
}

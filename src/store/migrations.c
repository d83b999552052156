/* migrations.c -- see migrations.h. */
#include "migrations.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/*
 * Versions are rows of schema_migrations rather than PRAGMA user_version: the same
 * table works in PostgreSQL (issue 19), and each row says when it was applied.
 * Migrations are append-only: a released one is never edited, a change is a new one.
 *
 * Portability to PostgreSQL: timestamps are Unix milliseconds in INTEGER columns,
 * flags are INTEGER 0/1, and the requests owner is `username` because `user` is
 * reserved there. CHECK lists already hold every value the batch API (spec §5) will
 * need ('cancelled', 'generating'): SQLite cannot alter a CHECK without rebuilding
 * the table.
 */
static const char migration_1[] =
	"CREATE TABLE requests (\n"
	"  id       INTEGER PRIMARY KEY,\n"
	"  username TEXT NOT NULL DEFAULT '',\n"  /* '' = the local command line */
	"  test     TEXT NOT NULL CHECK (test IN ('web', 'mail')),\n"
	"  name     TEXT NOT NULL,\n"
	"  status   TEXT NOT NULL DEFAULT 'registering' CHECK (status IN ('registering',\n"
	"             'running', 'generating', 'done', 'error', 'cancelled')),\n"
	"  created  INTEGER NOT NULL,\n"          /* Unix ms */
	"  finished INTEGER\n"
	");\n"
	"CREATE INDEX requests_by_name ON requests (username, test, name);\n"
	"CREATE INDEX requests_by_user ON requests (username, created);\n"
	"\n"
	"CREATE TABLE results (\n"
	"  id         INTEGER PRIMARY KEY AUTOINCREMENT,\n"  /* ids never reused: finish order */
	"  domain     TEXT NOT NULL,\n"
	"  test       TEXT NOT NULL CHECK (test IN ('web', 'mail')),\n"
	"  created    INTEGER NOT NULL,\n"
	"  status     TEXT NOT NULL CHECK (status IN ('ok', 'error')),\n"
	"  percentage INTEGER CHECK (percentage BETWEEN 0 AND 100),\n"  /* NULL for an error */
	"  doc        TEXT NOT NULL,\n"
	"  CHECK (status = 'error' OR percentage IS NOT NULL)\n"
	");\n"
	"CREATE INDEX results_by_domain ON results (domain, test, created);\n"
	"\n"
	"CREATE TABLE jobs (\n"
	"  id          INTEGER PRIMARY KEY,\n"
	"  request     INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,\n"
	"  domain      TEXT NOT NULL,\n"
	"  test        TEXT NOT NULL CHECK (test IN ('web', 'mail')),\n"
	"  state       TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running',\n"
	"                'done', 'error', 'cancelled')),\n"
	"  attempts    INTEGER NOT NULL DEFAULT 0,\n"
	"  lease_until INTEGER,\n"               /* Unix ms while 'running' */
	"  worker      TEXT,\n"
	"  result      INTEGER REFERENCES results (id) ON DELETE SET NULL,\n"
	"  emitted     INTEGER NOT NULL DEFAULT 0 CHECK (emitted IN (0, 1)),\n"
	"  UNIQUE (request, test, domain)\n"
	");\n"
	/* claiming: state = 'queued', or 'running' with lease_until in the past */
	"CREATE INDEX jobs_claim ON jobs (state, lease_until);\n"
	/* ON DELETE SET NULL when a result is deleted: the jobs pointing at it */
	"CREATE INDEX jobs_by_result ON jobs (result);\n"
	/* store_jobs_unemitted: the few jobs stored but not yet written out */
	"CREATE INDEX jobs_unemitted ON jobs (request, result) WHERE state = 'done' AND emitted = 0;\n";

/*
 * Migration 2 (issue 18): the batch API's and the web UI's requests, the queue's
 * progress, view facts and the report documents (spec §5.1, §5.3, §5.4). SQLite adds
 * no UNIQUE column, so rid is a column plus a unique index; rows from migration 1 get
 * a random rid here (lower(hex(randomblob(16))) is SQLite's; a PostgreSQL database is
 * created with version 2 and has no old rows to fill).
 */
static const char migration_2[] =
	"ALTER TABLE requests ADD COLUMN rid TEXT;\n"
	"UPDATE requests SET rid = lower(hex(randomblob(16))) WHERE rid IS NULL;\n"
	"CREATE UNIQUE INDEX requests_by_rid ON requests (rid);\n"
	"ALTER TABLE requests ADD COLUMN origin TEXT NOT NULL DEFAULT 'cli'\n"
	"  CHECK (origin IN ('cli', 'api', 'site'));\n"
	/* claiming: the running requests, 'site' ones oldest first */
	"CREATE INDEX requests_queue ON requests (status, origin, created);\n"
	"ALTER TABLE jobs ADD COLUMN progress TEXT;\n"
	/* claiming a request's first queued job; a request's counts; is it finished */
	"CREATE INDEX jobs_by_request ON jobs (request, state);\n"
	"ALTER TABLE results ADD COLUMN view TEXT;\n"
	"\n"
	"CREATE TABLE request_reports (\n"
	"  request INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,\n"
	"  kind    TEXT NOT NULL CHECK (kind IN ('results', 'technical')),\n"
	"  doc     TEXT NOT NULL,\n"
	"  created INTEGER NOT NULL,\n"          /* Unix ms */
	"  PRIMARY KEY (request, kind)\n"
	");\n";

static const struct migration {
	int version;
	const char *sql;
} migrations[] = {
	{1, migration_1},
	{2, migration_2},
};

#define MIGRATION_COUNT ((int)(sizeof(migrations) / sizeof(migrations[0])))

int migrations_latest(void)
{
	return migrations[MIGRATION_COUNT - 1].version;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int store_error_sqlite(struct error *err, sqlite3 *db, int rc, const char *path, const char *what)
{
	int sys = db ? sqlite3_system_errno(db) : 0;
	switch (rc & 0xff) {
	case SQLITE_NOTADB:
		return error_set(err, "%s is not an inetcheck state file (not an SQLite database)", path);
	case SQLITE_CANTOPEN:
		return error_set(err, "cannot open state file %s: %s", path,
		                 sys ? strerror(sys) : sqlite3_errstr(rc));
	case SQLITE_BUSY:
		return error_set(err, "state file %s: %s: locked by another process (waited %d s)",
		                 path, what, STORE_BUSY_TIMEOUT_MS / 1000);
	default:
		return error_set(err, "state file %s: %s: %s", path, what,
		                 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	}
}

/* Run one statement yielding at most one integer (0 when no row). 0 or an SQLite code. */
static int query_int(sqlite3 *db, const char *sql, int bind, int64_t *out)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return rc;
	if (bind >= 0)
		sqlite3_bind_int(s, 1, bind);
	*out = 0;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int refuse_newer(int version, const char *path, struct error *err)
{
	return error_set(err, "state file %s has schema version %d, newer than this inetcheck "
	                 "knows (%d): use a newer inetcheck", path, version, migrations_latest());
}

int migrations_current(sqlite3 *db, const char *path, struct error *err)
{
	sqlite3_stmt *s = NULL;
	int64_t ours = 0, others = 0, version = 0;
	/* one statement, one snapshot: another process may be creating the schema now */
	int rc = sqlite3_prepare_v2(db,
		"SELECT count(*) FILTER (WHERE type = 'table' AND name = 'schema_migrations'), "
		"count(*) FILTER (WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\') FROM sqlite_master",
		-1, &s, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		ours = sqlite3_column_int64(s, 0);
		others = sqlite3_column_int64(s, 1);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_OK)
		return store_error_sqlite(err, db, rc, path, "reading the schema");
	if (!ours) {
		if (others)
			return error_set(err, "%s is not an inetcheck state file (an SQLite database "
			                 "of something else)", path);
		return 0;
	}
	rc = query_int(db, "SELECT max(version) FROM schema_migrations", -1, &version);
	if (rc != SQLITE_OK)
		return store_error_sqlite(err, db, rc, path, "reading the schema version");
	if (version > migrations_latest())
		return refuse_newer((int)version, path, err);
	return (int)version;
}

/* One migration in its own transaction, skipped when another process got there first. */
static int migration_run(sqlite3 *db, const char *path, const struct migration *m,
                         struct error *err)
{
	char what[64], *msg = NULL;
	int64_t done = 0, when = now_ms();
	sqlite3_stmt *s = NULL;
	int rc;

	snprintf(what, sizeof(what), "migration %d", m->version);
	rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_error_sqlite(err, db, rc, path, what);
	rc = sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
	                      "  version    INTEGER PRIMARY KEY,\n"
	                      "  applied_at INTEGER NOT NULL\n"  /* Unix ms */
	                      ")", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = query_int(db, "SELECT count(*) FROM schema_migrations WHERE version = ?",
		               m->version, &done);
	if (rc != SQLITE_OK || done)
		goto out;
	rc = query_int(db, "SELECT max(version) FROM schema_migrations", -1, &done);
	if (rc == SQLITE_OK && done > migrations_latest()) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return refuse_newer((int)done, path, err);
	}
	if (rc != SQLITE_OK)
		goto out;
	rc = sqlite3_exec(db, m->sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		goto out;
	rc = sqlite3_prepare_v2(db, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
	                        -1, &s, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int(s, 1, m->version);
		sqlite3_bind_int64(s, 2, when);
		rc = sqlite3_step(s);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		sqlite3_finalize(s);
	}
out:
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		if (msg)
			error_set(err, "state file %s: %s: %s", path, what, msg);
		else
			store_error_sqlite(err, db, rc, path, what);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int migrations_apply(sqlite3 *db, const char *path, struct error *err)
{
	int version = migrations_current(db, path, err);
	if (version < 0)
		return -1;
	for (int i = 0; i < MIGRATION_COUNT; i++)
		if (migrations[i].version > version && migration_run(db, path, &migrations[i], err) < 0)
			return -1;
	return migrations_current(db, path, err);
}

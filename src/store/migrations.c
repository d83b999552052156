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
 * a random rid here (lower(hex(randomblob(16))) is SQLite's; PostgreSQL's spelling
 * below).
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

/*
 * Migration 3 (issue 19): the workers' liveness, one row per worker name, written by
 * its heartbeat (store_worker_beat) every beat_interval ms: a worker not seen for three
 * intervals is gone (killed, machine down), one with `stopped` set stopped cleanly.
 * results_by_created: `inetcheck status` counts the results of the last minute and
 * hour (tests/s) without reading the whole table.
 */
static const char migration_3[] =
	"CREATE TABLE workers (\n"
	"  name          TEXT PRIMARY KEY,\n"
	"  host          TEXT NOT NULL DEFAULT '',\n"
	"  pid           INTEGER NOT NULL DEFAULT 0,\n"
	"  started       INTEGER NOT NULL,\n"      /* Unix ms */
	"  seen          INTEGER NOT NULL,\n"      /* Unix ms: the last heartbeat */
	"  beat_interval INTEGER NOT NULL,\n"      /* ms between heartbeats */
	"  jobs          INTEGER NOT NULL DEFAULT 0,\n"   /* tests at once */
	"  running       INTEGER NOT NULL DEFAULT 0,\n"
	"  finished      INTEGER NOT NULL DEFAULT 0,\n"
	"  failed        INTEGER NOT NULL DEFAULT 0,\n"
	"  stopped       INTEGER\n"                /* Unix ms of a clean stop */
	");\n"
	"CREATE INDEX results_by_created ON results (created);\n";

/*
 * Migration 4 (issue 19 item 3): shared connection slots, the per-address connection
 * budget held across every worker of one store (net/budget.h's limits were per
 * process, so n workers put n times the budget on one server). A row is a slot taken:
 * (address, class 0 general / 1 SMTP, slot number below the limit), the worker holding
 * it and its lease in Unix ms (PostgreSQL: the database's clock). A row whose lease
 * ended is free again; store_slots_drop removes them. address_slots_by_worker: renewing
 * and dropping a worker's slots.
 */
static const char migration_4[] =
	"CREATE TABLE address_slots (\n"
	"  address     TEXT NOT NULL,\n"          /* as inet_ntop writes it */
	"  class       INTEGER NOT NULL CHECK (class IN (0, 1)),\n"
	"  slot        INTEGER NOT NULL,\n"
	"  worker      TEXT NOT NULL,\n"
	"  lease_until INTEGER NOT NULL,\n"       /* Unix ms */
	"  PRIMARY KEY (address, class, slot)\n"
	");\n"
	"CREATE INDEX address_slots_by_worker ON address_slots (worker);\n";

/*
 * The same migrations in PostgreSQL's spelling (issue 19): identity ids (BY DEFAULT,
 * so rows may be copied in with their ids), BIGINT for Unix ms and ids, and the
 * documents as `json`, not `jsonb`: json keeps the text byte for byte (the key order
 * of `--json`, which `inetcheck batch` writes out again and compares, and \u0000,
 * which jsonb refuses) and still checks on insert that it is JSON; its operators
 * (->, ->>, json_each) work in queries, and `doc::jsonb` gives jsonb's where wanted.
 * jsonb would reorder keys, drop duplicates and respace, so a document read back
 * would differ from the one stored and from the SQLite backend's.
 */
static const char migration_1_pg[] =
	"CREATE TABLE requests (\n"
	"  id       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
	"  username TEXT NOT NULL DEFAULT '',\n"
	"  test     TEXT NOT NULL CHECK (test IN ('web', 'mail')),\n"
	"  name     TEXT NOT NULL,\n"
	"  status   TEXT NOT NULL DEFAULT 'registering' CHECK (status IN ('registering',\n"
	"             'running', 'generating', 'done', 'error', 'cancelled')),\n"
	"  created  BIGINT NOT NULL,\n"
	"  finished BIGINT\n"
	");\n"
	"CREATE INDEX requests_by_name ON requests (username, test, name);\n"
	"CREATE INDEX requests_by_user ON requests (username, created);\n"
	"\n"
	"CREATE TABLE results (\n"
	"  id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
	"  domain     TEXT NOT NULL,\n"
	"  test       TEXT NOT NULL CHECK (test IN ('web', 'mail')),\n"
	"  created    BIGINT NOT NULL,\n"
	"  status     TEXT NOT NULL CHECK (status IN ('ok', 'error')),\n"
	"  percentage INTEGER CHECK (percentage BETWEEN 0 AND 100),\n"
	"  doc        json NOT NULL,\n"
	"  CHECK (status = 'error' OR percentage IS NOT NULL)\n"
	");\n"
	"CREATE INDEX results_by_domain ON results (domain, test, created);\n"
	"\n"
	"CREATE TABLE jobs (\n"
	"  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
	"  request     BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,\n"
	"  domain      TEXT NOT NULL,\n"
	"  test        TEXT NOT NULL CHECK (test IN ('web', 'mail')),\n"
	"  state       TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running',\n"
	"                'done', 'error', 'cancelled')),\n"
	"  attempts    INTEGER NOT NULL DEFAULT 0,\n"
	"  lease_until BIGINT,\n"
	"  worker      TEXT,\n"
	"  result      BIGINT REFERENCES results (id) ON DELETE SET NULL,\n"
	"  emitted     INTEGER NOT NULL DEFAULT 0 CHECK (emitted IN (0, 1)),\n"
	"  UNIQUE (request, test, domain)\n"
	");\n"
	"CREATE INDEX jobs_claim ON jobs (state, lease_until);\n"
	"CREATE INDEX jobs_by_result ON jobs (result);\n"
	"CREATE INDEX jobs_unemitted ON jobs (request, result) WHERE state = 'done' AND emitted = 0;\n";

/* gen_random_uuid() (PostgreSQL 13) without its dashes: 32 lowercase hex, 122 bits
 * random. */
static const char migration_2_pg[] =
	"ALTER TABLE requests ADD COLUMN rid TEXT;\n"
	"UPDATE requests SET rid = replace(gen_random_uuid()::text, '-', '') WHERE rid IS NULL;\n"
	"CREATE UNIQUE INDEX requests_by_rid ON requests (rid);\n"
	"ALTER TABLE requests ADD COLUMN origin TEXT NOT NULL DEFAULT 'cli'\n"
	"  CHECK (origin IN ('cli', 'api', 'site'));\n"
	"CREATE INDEX requests_queue ON requests (status, origin, created);\n"
	"ALTER TABLE jobs ADD COLUMN progress TEXT;\n"
	"CREATE INDEX jobs_by_request ON jobs (request, state);\n"
	"ALTER TABLE results ADD COLUMN view TEXT;\n"
	"\n"
	"CREATE TABLE request_reports (\n"
	"  request BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,\n"
	"  kind    TEXT NOT NULL CHECK (kind IN ('results', 'technical')),\n"
	"  doc     json NOT NULL,\n"
	"  created BIGINT NOT NULL,\n"
	"  PRIMARY KEY (request, kind)\n"
	");\n";

static const char migration_3_pg[] =
	"CREATE TABLE workers (\n"
	"  name          TEXT PRIMARY KEY,\n"
	"  host          TEXT NOT NULL DEFAULT '',\n"
	"  pid           INTEGER NOT NULL DEFAULT 0,\n"
	"  started       BIGINT NOT NULL,\n"
	"  seen          BIGINT NOT NULL,\n"
	"  beat_interval INTEGER NOT NULL,\n"
	"  jobs          INTEGER NOT NULL DEFAULT 0,\n"
	"  running       INTEGER NOT NULL DEFAULT 0,\n"
	"  finished      BIGINT NOT NULL DEFAULT 0,\n"
	"  failed        BIGINT NOT NULL DEFAULT 0,\n"
	"  stopped       BIGINT\n"
	");\n"
	"CREATE INDEX results_by_created ON results (created);\n";

static const char migration_4_pg[] =
	"CREATE TABLE address_slots (\n"
	"  address     TEXT NOT NULL,\n"
	"  class       INTEGER NOT NULL CHECK (class IN (0, 1)),\n"
	"  slot        INTEGER NOT NULL,\n"
	"  worker      TEXT NOT NULL,\n"
	"  lease_until BIGINT NOT NULL,\n"
	"  PRIMARY KEY (address, class, slot)\n"
	");\n"
	"CREATE INDEX address_slots_by_worker ON address_slots (worker);\n";

/*
 * Migration 5 (issue 20): the connection test's results, by the test's own id (32 hex,
 * the permalink /connection/<id>/results). Not in `results`: they belong to a visitor's
 * connection, not to a domain, and never feed the batch API or the Hall of Fame. `view`
 * is the report's language-independent facts (report/view.h), rendered on every view.
 */
static const char migration_5[] =
	"CREATE TABLE conn_results (\n"
	"  id         TEXT PRIMARY KEY,\n"
	"  created    INTEGER NOT NULL,\n"        /* Unix ms */
	"  percentage INTEGER NOT NULL CHECK (percentage BETWEEN 0 AND 100),\n"
	"  view       TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX conn_results_by_created ON conn_results (created);\n";

static const char migration_5_pg[] =
	"CREATE TABLE conn_results (\n"
	"  id         TEXT PRIMARY KEY,\n"
	"  created    BIGINT NOT NULL,\n"
	"  percentage INTEGER NOT NULL CHECK (percentage BETWEEN 0 AND 100),\n"
	"  view       json NOT NULL\n"
	");\n"
	"CREATE INDEX conn_results_by_created ON conn_results (created);\n";

static const struct migration {
	int version;
	const char *sql[2];   /* by enum db_kind */
} migrations[] = {
	{1, {[DB_SQLITE] = migration_1, [DB_POSTGRESQL] = migration_1_pg}},
	{2, {[DB_SQLITE] = migration_2, [DB_POSTGRESQL] = migration_2_pg}},
	{3, {[DB_SQLITE] = migration_3, [DB_POSTGRESQL] = migration_3_pg}},
	{4, {[DB_SQLITE] = migration_4, [DB_POSTGRESQL] = migration_4_pg}},
	{5, {[DB_SQLITE] = migration_5, [DB_POSTGRESQL] = migration_5_pg}},
};

#define MIGRATION_COUNT ((int)(sizeof(migrations) / sizeof(migrations[0])))

/*
 * What the database holds before anything is written: (is there a schema_migrations,
 * how many other tables). SQLite: the file's tables; PostgreSQL: the tables of the
 * current schema (the first of search_path), so one database may hold several stores
 * in schemas of their own.
 */
static const char *const schema_probe[2] = {
	[DB_SQLITE] =
		"SELECT count(*) FILTER (WHERE type = 'table' AND name = 'schema_migrations'), "
		"count(*) FILTER (WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\') FROM sqlite_master",
	[DB_POSTGRESQL] =
		"SELECT count(*) FILTER (WHERE table_name = 'schema_migrations'), count(*) "
		"FROM information_schema.tables WHERE table_schema = current_schema()",
};

/*
 * A migration's transaction: SQLite takes the file's write lock up front; PostgreSQL
 * takes an advisory lock (inetcheck's key, 1 = migrations) held until COMMIT, so that
 * processes starting at once apply each migration once, one after the other, and the
 * others then find it recorded (READ COMMITTED: each statement sees what committed
 * before it began).
 */
static const char *const migration_begin[2] = {
	[DB_SQLITE] = "BEGIN IMMEDIATE",
	[DB_POSTGRESQL] = "BEGIN ISOLATION LEVEL READ COMMITTED; "
	                  "SELECT pg_advisory_xact_lock(" STORE_LOCK_KEY ", 1)",
};

/* Unix ms: PostgreSQL's INTEGER has 32 bits. */
static const char *const migrations_table[2] = {
	[DB_SQLITE] = "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
	              "  version    INTEGER PRIMARY KEY,\n"
	              "  applied_at INTEGER NOT NULL\n"
	              ")",
	[DB_POSTGRESQL] = "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
	                  "  version    INTEGER PRIMARY KEY,\n"
	                  "  applied_at BIGINT NOT NULL\n"
	                  ")",
};

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

/* Run one statement yielding up to two integers (0 when no row; `bind` >= 0 is ?1).
 * DB_OK or an error code. */
static int query_int(struct db *db, const char *sql, int64_t bind, int64_t *a, int64_t *b)
{
	struct db_stmt *s = NULL;
	int rc = db_prepare(db, sql, &s);
	if (rc != DB_OK)
		return rc;
	if (bind >= 0)
		db_bind_int64(s, 1, bind);
	*a = 0;
	if (b)
		*b = 0;
	rc = db_step(s);
	if (rc == DB_ROW) {
		*a = db_column_int64(s, 0);
		if (b)
			*b = db_column_int64(s, 1);
		rc = DB_DONE;
	}
	db_reset(s);
	db_finalize(s);
	return rc == DB_DONE ? DB_OK : rc;
}

static int refuse_newer(struct db *db, int version, struct error *err)
{
	return error_set(err, "%s %s has schema version %d, newer than this inetcheck "
	                 "knows (%d): use a newer inetcheck", db->label, db->name, version,
	                 migrations_latest());
}

static int refuse_foreign(struct db *db, struct error *err)
{
	if (db->kind == DB_SQLITE)
		return error_set(err, "%s is not an inetcheck state file (an SQLite database of "
		                 "something else)", db->name);
	return error_set(err, "database %s is not inetcheck's (tables, no schema_migrations): "
	                 "use an empty database or schema", db->name);
}

int migrations_current(struct db *db, struct error *err)
{
	int64_t ours = 0, others = 0, version = 0;
	/* one statement, one snapshot: another process may be creating the schema now */
	int rc = query_int(db, schema_probe[db->kind], -1, &ours, &others);
	if (rc != DB_OK)
		return db_error(db, rc, "reading the schema", err);
	if (!ours)
		return others ? refuse_foreign(db, err) : 0;
	rc = query_int(db, "SELECT max(version) FROM schema_migrations", -1, &version, NULL);
	if (rc != DB_OK)
		return db_error(db, rc, "reading the schema version", err);
	if (version > migrations_latest())
		return refuse_newer(db, (int)version, err);
	return (int)version;
}

/* One migration in its own transaction, skipped when another process got there first. */
static int migration_run(struct db *db, const struct migration *m, struct error *err)
{
	char what[64], insert[128];
	int64_t done = 0;
	int rc;

	snprintf(what, sizeof(what), "migration %d", m->version);
	rc = db_exec(db, migration_begin[db->kind]);
	if (rc != DB_OK)
		goto out;
	rc = db_exec(db, migrations_table[db->kind]);
	if (rc == DB_OK)
		rc = query_int(db, "SELECT count(*) FROM schema_migrations WHERE version = ?1",
		               m->version, &done, NULL);
	if (rc != DB_OK || done)
		goto out;
	rc = query_int(db, "SELECT max(version) FROM schema_migrations", -1, &done, NULL);
	if (rc == DB_OK && done > migrations_latest()) {
		db_exec(db, "ROLLBACK");
		return refuse_newer(db, (int)done, err);
	}
	if (rc != DB_OK)
		goto out;
	rc = db_exec(db, m->sql[db->kind]);
	if (rc != DB_OK)
		goto out;
	snprintf(insert, sizeof(insert), "INSERT INTO schema_migrations (version, applied_at) "
	         "VALUES (%d, %lld)", m->version, (long long)now_ms());
	rc = db_exec(db, insert);
out:
	if (rc == DB_OK)
		rc = db_exec(db, "COMMIT");
	if (rc != DB_OK) {
		db_error(db, rc, what, err);
		if (db->ops->in_transaction(db))
			db_exec(db, "ROLLBACK");
		return -1;
	}
	return 0;
}

int migrations_apply(struct db *db, struct error *err)
{
	int version = migrations_current(db, err);
	if (version < 0)
		return -1;
	for (int i = 0; i < MIGRATION_COUNT; i++)
		if (migrations[i].version > version && migration_run(db, &migrations[i], err) < 0)
			return -1;
	return migrations_current(db, err);
}

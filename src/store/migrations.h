/*
 * migrations.h -- the numbered schema migrations of the SQLite store (internal to
 * store/; store.c applies them on open). Each runs in its own BEGIN IMMEDIATE
 * transaction and is recorded in schema_migrations(version, applied_at), so
 * applying them twice, or from two processes at once, is a no-op.
 */
#ifndef INETCHECK_STORE_MIGRATIONS_H
#define INETCHECK_STORE_MIGRATIONS_H

#include <sqlite3.h>

#include "core/error.h"

/* How long a statement waits for another process's lock before failing. */
#define STORE_BUSY_TIMEOUT_MS 10000

/* Leave the reason for SQLite code `rc` during `what` on state file `path` in err:
 * "not an inetcheck state file" for SQLITE_NOTADB, the OS reason when it cannot be
 * opened. Returns -1. */
int store_error_sqlite(struct error *err, sqlite3 *db, int rc, const char *path, const char *what);

/* The newest schema version this program knows. */
int migrations_latest(void);

/* The highest version recorded in `db` (0 for a fresh database), or -1 (err). Only
 * reads. Refused: an SQLite database holding tables but no schema_migrations (not
 * ours), and a version newer than migrations_latest(). */
int migrations_current(sqlite3 *db, const char *path, struct error *err);

/* Apply every migration `db` lacks, in order: the version reached, or -1 (err; the
 * failing migration is rolled back, earlier ones stay). */
int migrations_apply(sqlite3 *db, const char *path, struct error *err);

#endif

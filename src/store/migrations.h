/*
 * migrations.h -- the numbered schema migrations of the store, in SQLite's and
 * PostgreSQL's spelling (internal to store/; store.c applies them on open). Each runs
 * in its own transaction under a lock (SQLite BEGIN IMMEDIATE, PostgreSQL an advisory
 * lock) and is recorded in schema_migrations(version, applied_at), so applying them
 * twice, or from several processes at once, is a no-op.
 */
#ifndef INETCHECK_STORE_MIGRATIONS_H
#define INETCHECK_STORE_MIGRATIONS_H

#include "backend.h"
#include "core/error.h"

/* The first key of inetcheck's PostgreSQL advisory locks (pg_advisory_xact_lock(key,
 * n)): "inet" in ASCII; n = 1 migrations, 2 creating a command line request. */
#define STORE_LOCK_KEY "1768842612"

/* The newest schema version this program knows. */
int migrations_latest(void);

/* The highest version recorded in `db` (0 for a new database), or -1 (err). Only
 * reads. Refused: a database holding tables but no schema_migrations (not ours), and
 * a version newer than migrations_latest(). */
int migrations_current(struct db *db, struct error *err);

/* Apply every migration `db` lacks, in order: the version reached, or -1 (err; the
 * failing migration is rolled back, earlier ones stay). */
int migrations_apply(struct db *db, struct error *err);

#endif

/*
 * backend.h -- the two databases behind the store (internal to store/): a connection
 * and prepared statements with one small interface, so that store.c and migrations.c
 * hold the logic and the SQL once. SQL is written with SQLite's numbered parameters
 * (?1, ?2, ...); the PostgreSQL backend turns them into $1, $2 when it prepares.
 *
 * Return codes are SQLite's numbers (DB_OK, DB_ROW, DB_DONE); any other value is an
 * error the backend explains with db_error(). A store, hence a connection, is used
 * by one thread at a time.
 */
#ifndef INETCHECK_STORE_BACKEND_H
#define INETCHECK_STORE_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"

enum { DB_OK = 0, DB_ERROR = 1, DB_NOMEM = 7, DB_ROW = 100, DB_DONE = 101 };

enum db_kind { DB_SQLITE, DB_POSTGRESQL };

struct db;

/* A prepared statement; each backend's own struct starts with this. */
struct db_stmt {
	struct db *db;
};

struct db_ops {
	/* Prepare `sql` (one statement): DB_OK with *out, or an error code. */
	int (*prepare)(struct db *db, const char *sql, struct db_stmt **out);
	void (*finalize)(struct db_stmt *s);
	/* Parameters count from 1; text is not copied and must live until reset (NULL
	 * binds SQL NULL); unbound parameters are NULL. */
	void (*bind_int64)(struct db_stmt *s, int i, int64_t v);
	void (*bind_text)(struct db_stmt *s, int i, const char *v);
	/* Run or go on: DB_ROW (a row to read), DB_DONE, or an error code. */
	int (*step)(struct db_stmt *s);
	/* Done with the statement: rows dropped, bindings cleared. */
	void (*reset)(struct db_stmt *s);
	/* Columns of the current row, from 0; NULL reads as 0 and as NULL text. Text
	 * stays valid until the next step or reset. */
	bool (*column_null)(struct db_stmt *s, int col);
	int64_t (*column_int64)(struct db_stmt *s, int col);
	const char *(*column_text)(struct db_stmt *s, int col);
	/* Rows the last INSERT, UPDATE or DELETE changed. */
	int64_t (*changes)(struct db *db);
	/* Run a script of statements without parameters: DB_OK or an error code. */
	int (*exec)(struct db *db, const char *sql);
	/* Inside a transaction (also a failed one, awaiting ROLLBACK). */
	bool (*in_transaction)(struct db *db);
	/* Leave the reason for code `rc` during `what` in err; returns -1. */
	int (*error)(struct db *db, int rc, const char *what, struct error *err);
	/* Ready to write, after migrations_current() found the database ours or new
	 * (SQLite: WAL and its pragmas): 0 or -1 (err). */
	int (*ready)(struct db *db, struct error *err);
	void (*close)(struct db *db);
};

struct db {
	const struct db_ops *ops;
	enum db_kind kind;
	const char *label;   /* "state file" or "database", for messages */
	char *name;          /* the file, or the URL without its password */
};

/* Open the SQLite file `path` (created when missing). NULL after err says why. */
struct db *db_sqlite_open(const char *path, struct error *err);
/* Connect to PostgreSQL with `url`, a libpq connection URI (postgresql://...).
 * NULL after err says why (the password is never repeated). */
struct db *db_postgresql_open(const char *url, struct error *err);

static inline int db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	return db->ops->prepare(db, sql, out);
}

static inline void db_finalize(struct db_stmt *s)
{
	if (s)
		s->db->ops->finalize(s);
}

static inline void db_bind_int64(struct db_stmt *s, int i, int64_t v)
{
	s->db->ops->bind_int64(s, i, v);
}

static inline void db_bind_text(struct db_stmt *s, int i, const char *v)
{
	s->db->ops->bind_text(s, i, v);
}

static inline int db_step(struct db_stmt *s)
{
	return s->db->ops->step(s);
}

static inline void db_reset(struct db_stmt *s)
{
	s->db->ops->reset(s);
}

static inline bool db_column_null(struct db_stmt *s, int col)
{
	return s->db->ops->column_null(s, col);
}

static inline int64_t db_column_int64(struct db_stmt *s, int col)
{
	return s->db->ops->column_int64(s, col);
}

static inline const char *db_column_text(struct db_stmt *s, int col)
{
	return s->db->ops->column_text(s, col);
}

static inline int64_t db_changes(struct db *db)
{
	return db->ops->changes(db);
}

static inline int db_exec(struct db *db, const char *sql)
{
	return db->ops->exec(db, sql);
}

static inline int db_error(struct db *db, int rc, const char *what, struct error *err)
{
	return db->ops->error(db, rc, what, err);
}

static inline void db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

#endif

/*
 * backend_pg.c -- the PostgreSQL backend of the store (backend.h), with libpq.
 *
 * Statements are prepared on the server once per connection (named s1, s2, ...), with
 * SQLite's ?N parameters rewritten to $N; values travel as text, and the server infers
 * each parameter's type from where it is used. A statement runs at its first step;
 * its rows are then read from the result one step at a time.
 */
#include "backend.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ON CONFLICT, SKIP LOCKED, identity columns, gen_random_uuid() (migration 2) */
#define PG_MIN_VERSION 130000

struct pg {
	struct db base;
	PGconn *conn;
	int64_t changes;
	int statements;      /* prepared so far: the next name */
	char *message;       /* the last error's text (malloc'd) */
};

struct pg_stmt {
	struct db_stmt base;
	char name[16];
	int nparams;
	const char **values;       /* per parameter: text or NULL */
	char (*numbers)[24];       /* the text of integer parameters */
	PGresult *res;
	int row, rows;             /* row read last (-1 before the first) and rows in res */
};

static struct pg *pg_of(struct db *db)
{
	return (struct pg *)db;
}

static struct pg_stmt *stmt(struct db_stmt *s)
{
	return (struct pg_stmt *)s;
}

/* Keep `text` as the last error's message: its first line, trailing space cut, or
 * the rest joined to it ("...failed: refused\n\tIs the server running..."). */
static void message_keep(struct pg *pg, const char *text)
{
	size_t n;
	char *m = strdup(text && *text ? text : "unknown error");
	if (!m)
		return;
	for (char *p = m; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	n = strlen(m);
	while (n && isspace((unsigned char)m[n - 1]))
		m[--n] = '\0';
	free(pg->message);
	pg->message = m;
}

/* The error of result `res` (NULL: of the connection) kept: DB_ERROR. */
static int result_error(struct pg *pg, PGresult *res)
{
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	message_keep(pg, primary ? primary : res ? PQresultErrorMessage(res)
	                                         : PQerrorMessage(pg->conn));
	return DB_ERROR;
}

static int pg_error(struct db *db, int rc, const char *what, struct error *err)
{
	struct pg *pg = pg_of(db);
	if (rc == DB_NOMEM)
		return error_set(err, "database %s: %s: out of memory", db->name, what);
	return error_set(err, "database %s: %s: %s", db->name, what,
	                 pg->message ? pg->message : "unknown error");
}

/* `sql` with ?N (and a bare ?, numbered in order) as $N, outside quoted text:
 * malloc'd, or NULL out of memory; *nparams the highest number. */
static char *sql_translate(const char *sql, int *nparams)
{
	/* $N is as long as ?N; a bare ? becomes $N of up to 4 digits */
	char *out = malloc(strlen(sql) * 5 + 1), *o = out;
	int bare = 0;
	char quote = 0;

	*nparams = 0;
	if (!out)
		return NULL;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			*o++ = *p;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p;
		} else if (*p == '?') {
			int n = 0;
			const char *q = p + 1;
			while (isdigit((unsigned char)*q))
				n = n * 10 + (*q++ - '0');
			if (q == p + 1)
				n = ++bare;
			o += sprintf(o, "$%d", n);
			if (n > *nparams)
				*nparams = n;
			p = q - 1;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static int pg_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	struct pg *pg = pg_of(db);
	struct pg_stmt *ps = calloc(1, sizeof(*ps));
	char *text = NULL;
	PGresult *res = NULL;
	int rc = DB_NOMEM;

	*out = NULL;
	if (!ps || !(text = sql_translate(sql, &ps->nparams)))
		goto out;
	if (ps->nparams && (!(ps->values = calloc((size_t)ps->nparams, sizeof(*ps->values))) ||
	                    !(ps->numbers = calloc((size_t)ps->nparams, sizeof(*ps->numbers)))))
		goto out;
	snprintf(ps->name, sizeof(ps->name), "s%d", ++pg->statements);
	res = PQprepare(pg->conn, ps->name, text, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = result_error(pg, res);
		goto out;
	}
	ps->base.db = db;
	ps->row = -1;
	*out = &ps->base;
	rc = DB_OK;
out:
	PQclear(res);
	free(text);
	if (rc != DB_OK && ps) {
		free(ps->values);
		free(ps->numbers);
		free(ps);
	}
	return rc;
}

static void pg_reset(struct db_stmt *s)
{
	struct pg_stmt *ps = stmt(s);
	PQclear(ps->res);
	ps->res = NULL;
	ps->row = -1;
	ps->rows = 0;
	for (int i = 0; i < ps->nparams; i++)
		ps->values[i] = NULL;
}

static void pg_finalize(struct db_stmt *s)
{
	struct pg_stmt *ps = stmt(s);
	/* no DEALLOCATE: statements are finalized when the store closes, and the server
	 * drops a connection's prepared statements with it */
	pg_reset(s);
	free(ps->values);
	free(ps->numbers);
	free(ps);
}

static void pg_bind_int64(struct db_stmt *s, int i, int64_t v)
{
	struct pg_stmt *ps = stmt(s);
	if (i < 1 || i > ps->nparams)
		return;
	snprintf(ps->numbers[i - 1], sizeof(ps->numbers[0]), "%lld", (long long)v);
	ps->values[i - 1] = ps->numbers[i - 1];
}

static void pg_bind_text(struct db_stmt *s, int i, const char *v)
{
	struct pg_stmt *ps = stmt(s);
	if (i >= 1 && i <= ps->nparams)
		ps->values[i - 1] = v;
}

static int pg_step(struct db_stmt *s)
{
	struct pg_stmt *ps = stmt(s);
	struct pg *pg = pg_of(s->db);

	if (!ps->res) {
		ExecStatusType status;
		ps->res = PQexecPrepared(pg->conn, ps->name, ps->nparams, ps->values, NULL, NULL, 0);
		status = PQresultStatus(ps->res);
		if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
			int rc = ps->res ? result_error(pg, ps->res) : DB_NOMEM;
			PQclear(ps->res);
			ps->res = NULL;
			return rc;
		}
		ps->rows = PQntuples(ps->res);
		ps->row = -1;
		pg->changes = strtoll(PQcmdTuples(ps->res), NULL, 10);   /* "" for a SELECT */
	}
	if (ps->row + 1 >= ps->rows) {
		ps->row = ps->rows;
		return DB_DONE;
	}
	ps->row++;
	return DB_ROW;
}

static bool pg_column_null(struct db_stmt *s, int col)
{
	struct pg_stmt *ps = stmt(s);
	return !ps->res || ps->row < 0 || ps->row >= ps->rows ||
	       PQgetisnull(ps->res, ps->row, col);
}

static const char *pg_column_text(struct db_stmt *s, int col)
{
	struct pg_stmt *ps = stmt(s);
	return pg_column_null(s, col) ? NULL : PQgetvalue(ps->res, ps->row, col);
}

/* Integers as the server writes them; a boolean reads as 1 or 0. */
static int64_t pg_column_int64(struct db_stmt *s, int col)
{
	const char *v = pg_column_text(s, col);
	if (!v)
		return 0;
	if (v[0] == 't' || v[0] == 'f')
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

static int64_t pg_changes(struct db *db)
{
	return pg_of(db)->changes;
}

static int pg_exec(struct db *db, const char *sql)
{
	struct pg *pg = pg_of(db);
	PGresult *res = PQexec(pg->conn, sql);
	ExecStatusType status = PQresultStatus(res);
	int rc = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ? DB_OK
	         : res ? result_error(pg, res) : DB_NOMEM;
	PQclear(res);
	return rc;
}

static bool pg_in_transaction(struct db *db)
{
	return PQtransactionStatus(pg_of(db)->conn) != PQTRANS_IDLE;
}

static int pg_ready(struct db *db, struct error *err)
{
	return 0;
}

static void pg_close(struct db *db)
{
	struct pg *pg = pg_of(db);
	PQfinish(pg->conn);
	free(pg->message);
	free(db->name);
	free(pg);
}

static const struct db_ops pg_ops = {
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.bind_int64 = pg_bind_int64,
	.bind_text = pg_bind_text,
	.step = pg_step,
	.reset = pg_reset,
	.column_null = pg_column_null,
	.column_int64 = pg_column_int64,
	.column_text = pg_column_text,
	.changes = pg_changes,
	.exec = pg_exec,
	.in_transaction = pg_in_transaction,
	.error = pg_error,
	.ready = pg_ready,
	.close = pg_close,
};

/* `url` for messages: the password of user:password@ and of password=... left out. */
static char *url_redact(const char *url)
{
	/* each "password=" (9 bytes) may grow by 3 ("***" for a shorter one) */
	char *out = malloc(2 * strlen(url) + 4), *p;
	if (!out)
		return NULL;
	strcpy(out, url);
	p = strstr(out, "://");
	if (p) {
		char *auth = p + 3, *end = auth + strcspn(auth, "/?"), *at = NULL;
		for (char *q = auth; q < end; q++)
			if (*q == '@')
				at = q;
		char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		if (colon)
			memmove(colon, at, strlen(at) + 1);
	}
	for (p = out; (p = strstr(p, "password=")) != NULL;) {
		char *v = p + strlen("password="), *end = v + strcspn(v, "&");
		if (p == out || p[-1] == '?' || p[-1] == '&' || p[-1] == ' ') {
			memmove(v + 3, end, strlen(end) + 1);
			memcpy(v, "***", 3);
		}
		p = v;
	}
	return out;
}

struct db *db_postgresql_open(const char *url, struct error *err)
{
	struct pg *pg = calloc(1, sizeof(*pg));
	char *shown = url_redact(url);

	if (!pg || !shown) {
		free(pg);
		free(shown);
		error_set(err, "out of memory");
		return NULL;
	}
	pg->base.ops = &pg_ops;
	pg->base.kind = DB_POSTGRESQL;
	pg->base.label = "database";
	pg->base.name = shown;
	pg->conn = PQconnectdb(url);
	if (!pg->conn || PQstatus(pg->conn) != CONNECTION_OK) {
		message_keep(pg, pg->conn ? PQerrorMessage(pg->conn) : "out of memory");
		error_set(err, "cannot connect to PostgreSQL database %s: %s", shown,
		          pg->message ? pg->message : "out of memory");
		goto fail;
	}
	if (PQserverVersion(pg->conn) < PG_MIN_VERSION) {
		error_set(err, "database %s: PostgreSQL %d.%d is too old (13 or newer needed)", shown,
		          PQserverVersion(pg->conn) / 10000, PQserverVersion(pg->conn) % 10000);
		goto fail;
	}
	/* text in UTF-8; notices (CREATE ... IF NOT EXISTS) are not for stderr */
	if (PQsetClientEncoding(pg->conn, "UTF8") != 0 ||
	    pg_exec(&pg->base, "SET client_min_messages = warning") != DB_OK) {
		if (!pg->message)
			message_keep(pg, PQerrorMessage(pg->conn));
		pg_error(&pg->base, DB_ERROR, "setting up the connection", err);
		goto fail;
	}
	return &pg->base;
fail:
	pg_close(&pg->base);
	return NULL;
}

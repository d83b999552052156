/* store.c -- see store.h: the logic and SQL of both backends (backend.h). */
#include "store.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "migrations.h"

/*
 * The cached statements: one SQL text for both backends (statement_sql), and
 * PostgreSQL's own where the two really differ (statement_sql_postgresql):
 * - SQLite's BEGIN IMMEDIATE takes the file's write lock up front, so a transaction
 *   never fails half-way with SQLITE_BUSY (the busy timeout applies to BEGIN), and
 *   transactions run one at a time;
 * - PostgreSQL's transactions run side by side (READ COMMITTED): claims lock the rows
 *   they take with FOR UPDATE SKIP LOCKED, so workers on many machines never take the
 *   same job nor wait for each other's; a request row is locked before asking whether
 *   its last job finished (two workers finishing its last two jobs at once would each
 *   still see the other's running); an advisory lock serializes creating a command
 *   line request. An empty text: the statement is not needed on that backend.
 */
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
	/* issue 18 */
	ST_REQUEST_CREATE,
	ST_JOB_QUEUE,
	ST_REQUEST_RUNNING,
	ST_REQUEST_SETTLE,
	ST_REQUEST_BY_RID,
	ST_REQUEST_LIST,
	ST_REQUEST_CANCEL_JOBS,
	ST_REQUEST_CANCEL,
	ST_REPORT_PUT,
	ST_REPORT_GET,
	ST_JOBS_REQUEUE_EXPIRED,
	ST_JOB_EXPIRED_FAILED,
	ST_JOB_FAIL,
	ST_CLAIM_SITE,
	ST_CLAIM_USER,
	ST_CLAIM_USER_JOB,
	ST_RESULT_REUSABLE,
	ST_JOB_REUSE,
	ST_JOB_LEASE,
	ST_JOB_RENEW,
	ST_JOB_RELEASE,
	ST_JOB_PROGRESS,
	ST_JOB_COMPLETE,
	ST_JOB_REQUEST,
	ST_JOB_GET,
	ST_RESULT_GET,
	ST_RESULT_LATEST,
	ST_REQUEST_JOBS,
	ST_HOF,
	ST_HOF_CHAMPIONS,
	/* issue 19: PostgreSQL only */
	ST_CLAIM_ANY,
	ST_REQUEST_LOCK,
	ST_REQUEST_GET_LOCK,
	/* issue 19: liveness, status */
	ST_WORKER_BEAT,
	ST_WORKER_STOPPED,
	ST_STATUS,
	ST_WORKERS,
	/* issue 19 item 3: shared connection slots */
	ST_SLOT_TAKE,
	ST_SLOT_GIVE,
	ST_SLOTS_RENEW,
	ST_SLOTS_DROP,
	/* issue 20 */
	ST_JOB_STATE_OF,
	ST_CONN_PUT,
	ST_CONN_GET,
	ST_COUNT
};

/* A request with its job counts (struct store_request, request_read). */
#define REQUEST_COLUMNS \
	"SELECT r.id, r.rid, r.username, r.test, r.name, r.status, r.origin, r.created, " \
	"r.finished, (SELECT count(*) FROM jobs j WHERE j.request = r.id), " \
	"(SELECT count(*) FROM jobs j WHERE j.request = r.id " \
	"AND j.state IN ('done', 'error', 'cancelled')), " \
	"(SELECT count(*) FROM request_reports p WHERE p.request = r.id) FROM requests r "

/* A result (struct store_row, row_read). */
#define RESULT_COLUMNS "SELECT id, domain, test, created, status, percentage, doc, view FROM results "

/* A claimable job (job_read): the request's creation for the reuse rule. */
#define CLAIM_COLUMNS \
	"SELECT j.id, j.request, j.domain, j.test, r.origin, j.attempts, r.created " \
	"FROM requests r JOIN jobs j ON j.request = r.id "

/*
 * spec §7: per (domain, test), results newest first (n = 1 is the latest); the first
 * not-100 one (an error counts as not 100) breaks the streak; the rows before it are
 * the latest run of 100s: none when the latest result is not 100. ?1 is the test, or
 * 'champions' for both.
 */
#define HOF_STREAKS \
	"WITH r AS (SELECT id, domain, test, created, " \
	"CASE WHEN status = 'ok' AND percentage = 100 THEN 1 ELSE 0 END AS good, " \
	"row_number() OVER (PARTITION BY domain, test ORDER BY created DESC, id DESC) AS n " \
	"FROM results WHERE test = ?1 OR (?1 = 'champions' AND test IN ('web', 'mail'))), " \
	"b AS (SELECT domain, test, min(n) AS brk FROM r WHERE good = 0 GROUP BY domain, test), " \
	"h AS (SELECT r.domain, r.test, min(r.created) AS since, " \
	"min(CASE WHEN r.n = 1 THEN r.id END) AS result_id FROM r " \
	"LEFT JOIN b ON b.domain = r.domain AND b.test = r.test " \
	"WHERE b.brk IS NULL OR r.n < b.brk GROUP BY r.domain, r.test) "

/*
 * Shared connection slots (store.h): the leases are on the database's clock where
 * there is one to share. SQLite's is this machine's: its now_ms() is bound as the
 * statement's last parameter. PostgreSQL's text uses the server's clock instead and
 * leaves that parameter out (backend_pg.c ignores a binding above the highest ?N), so
 * the clocks of the workers' machines do not matter. clock_timestamp(), not now()
 * (the start of the transaction): the time the row is looked at.
 */
#define PG_NOW_MS "(extract(epoch FROM clock_timestamp()) * 1000)::bigint"

/*
 * Take the lowest slot n of (?1 address, ?2 class) in 0 .. ?3-1 that no live lease
 * holds, for ?4 worker until now + ?5: one statement, so one round trip and no
 * transaction; RETURNING gives the slot, no row when every one is held.
 * - a free n has no row, or a row whose lease ended: INSERT, or ON CONFLICT the
 *   ended lease taken over, but only when it has still ended (the WHERE);
 * - SQLite: a writer at a time, so what the SELECT saw is still so. Its parser needs
 *   the SELECT of an INSERT with an upsert to have a WHERE (else ON could begin a
 *   join's ON clause; sqlite.org/lang_upsert.html "Parsing Ambiguity"): it has one;
 * - PostgreSQL, READ COMMITTED: two workers may both see n free and both try it. The
 *   second waits on the first's row (a new row's index entry, or the lock of the
 *   ended row it takes over); when the first commits, the second's ON CONFLICT finds
 *   the committed row, locks its newest version and checks the WHERE against it,
 *   whatever its own snapshot saw: the lease is live, nothing is written, no row is
 *   returned: store_slot_take answers 1 (held, ask again), never a second grant.
 *   When the first gave up instead (rolled back, or store_slot_give deleted the row),
 *   the second inserts. The second does not go on to n + 1: a lost race reads as held.
 */
#define SLOT_TAKE(NOW) \
	"WITH RECURSIVE n(slot) AS (SELECT 0 UNION ALL SELECT slot + 1 FROM n WHERE slot + 1 < ?3) " \
	"INSERT INTO address_slots (address, class, slot, worker, lease_until) " \
	"SELECT ?1, ?2, n.slot, ?4, " NOW " + ?5 FROM n WHERE NOT EXISTS (SELECT 1 " \
	"FROM address_slots a WHERE a.address = ?1 AND a.class = ?2 AND a.slot = n.slot " \
	"AND a.lease_until >= " NOW ") ORDER BY n.slot LIMIT 1 " \
	"ON CONFLICT (address, class, slot) DO UPDATE SET worker = excluded.worker, " \
	"lease_until = excluded.lease_until WHERE address_slots.lease_until < " NOW " " \
	"RETURNING slot"

/* ?1 worker, ?2 lease ms: the live leases only (an ended one may be another's now) */
#define SLOTS_RENEW(NOW) \
	"UPDATE address_slots SET lease_until = " NOW " + ?2 " \
	"WHERE worker = ?1 AND lease_until >= " NOW

/* ?1 worker's slots, and everyone's whose lease ended over a minute ago */
#define SLOTS_DROP(NOW) \
	"DELETE FROM address_slots WHERE worker = ?1 OR lease_until < " NOW " - 60000"

static const char *const statement_sql[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	/* the command line's requests have no user: username '' */
	[ST_REQUEST_FIND] =
		"SELECT id FROM requests WHERE username = '' AND test = ?1 AND name = ?2 "
		"ORDER BY id LIMIT 1",
	[ST_REQUEST_INSERT] =
		"INSERT INTO requests (username, test, name, status, created, rid) "
		"VALUES ('', ?1, ?2, 'running', ?3, ?4) RETURNING id",
	[ST_JOB_STATE] =
		"SELECT state, emitted FROM jobs WHERE request = ?1 AND test = ?2 AND domain = ?3",
	[ST_RESULT_INSERT] =
		"INSERT INTO results (domain, test, created, status, percentage, doc, view) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
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
	[ST_REQUEST_CREATE] =
		"INSERT INTO requests (rid, username, test, name, status, origin, created) "
		"VALUES (?1, ?2, ?3, ?4, 'registering', ?5, ?6) RETURNING id",
	/* a repeated domain is kept once */
	[ST_JOB_QUEUE] =
		"INSERT INTO jobs (request, domain, test) VALUES (?1, ?2, ?3) "
		"ON CONFLICT (request, test, domain) DO NOTHING",
	[ST_REQUEST_RUNNING] =
		"UPDATE requests SET status = 'running' WHERE id = ?1 AND status = 'registering'",
	/* spec §5.2 scheduler step 2: no job waiting and none running: done */
	[ST_REQUEST_SETTLE] =
		"UPDATE requests SET status = 'done', finished = ?2 WHERE id = ?1 "
		"AND status = 'running' AND NOT EXISTS (SELECT 1 FROM jobs "
		"WHERE request = ?1 AND state IN ('queued', 'running'))",
	[ST_REQUEST_BY_RID] =
		REQUEST_COLUMNS "WHERE r.rid = ?1 AND (CAST(?2 AS TEXT) IS NULL OR r.username = ?2)",
	[ST_REQUEST_LIST] =
		REQUEST_COLUMNS "WHERE (CAST(?1 AS TEXT) IS NULL OR r.username = ?1) "
		"ORDER BY r.created DESC, r.id DESC LIMIT ?2",
	[ST_REQUEST_CANCEL_JOBS] =
		"UPDATE jobs SET state = 'cancelled', worker = NULL, lease_until = NULL "
		"WHERE request = ?1 AND state IN ('queued', 'running')",
	[ST_REQUEST_CANCEL] =
		"UPDATE requests SET status = 'cancelled', finished = ?2 "
		"WHERE id = ?1 AND status NOT IN ('done', 'cancelled')",
	[ST_REPORT_PUT] =
		"INSERT INTO request_reports (request, kind, doc, created) VALUES (?1, ?2, ?3, ?4) "
		"ON CONFLICT (request, kind) DO UPDATE SET doc = excluded.doc, "
		"created = excluded.created",
	[ST_REPORT_GET] = "SELECT doc FROM request_reports WHERE request = ?1 AND kind = ?2",
	/* spec §5.2 scheduler step 1: an ended lease is a failed attempt */
	[ST_JOBS_REQUEUE_EXPIRED] =
		"UPDATE jobs SET state = 'queued', worker = NULL, lease_until = NULL "
		"WHERE state = 'running' AND lease_until < ?1 AND attempts < ?2",
	/* run after the requeue: the expired jobs left had their last attempt */
	[ST_JOB_EXPIRED_FAILED] =
		"SELECT id, request, domain, test FROM jobs "
		"WHERE state = 'running' AND lease_until < ?1 ORDER BY id LIMIT 1",
	[ST_JOB_FAIL] =
		"UPDATE jobs SET state = 'error', result = ?2, worker = NULL, lease_until = NULL "
		"WHERE id = ?1",
	/* a person waits for a 'site' job: oldest first, before any batch job */
	[ST_CLAIM_SITE] =
		CLAIM_COLUMNS "WHERE r.status = 'running' AND r.origin = 'site' "
		"AND j.state = 'queued' ORDER BY r.created, r.id, j.id LIMIT 1",
	/* spec §5.2 scheduler step 3: a random user among those with waiting jobs */
	[ST_CLAIM_USER] =
		"SELECT r.username FROM requests r WHERE r.status = 'running' AND r.origin <> 'site' "
		"AND EXISTS (SELECT 1 FROM jobs j WHERE j.request = r.id AND j.state = 'queued') "
		"GROUP BY r.username ORDER BY random() LIMIT 1",
	/* ... that user's oldest request, its first waiting job (per-user FIFO) */
	[ST_CLAIM_USER_JOB] =
		CLAIM_COLUMNS "WHERE r.username = ?1 AND r.status = 'running' AND r.origin <> 'site' "
		"AND j.state = 'queued' ORDER BY r.created, r.id, j.id LIMIT 1",
	/* spec §5.2: reuse a result of the domain created after the request was submitted */
	[ST_RESULT_REUSABLE] =
		"SELECT id FROM results WHERE domain = ?1 AND test = ?2 AND status = 'ok' "
		"AND created >= ?3 ORDER BY created DESC, id DESC LIMIT 1",
	[ST_JOB_REUSE] =
		"UPDATE jobs SET state = 'done', result = ?2, worker = NULL, lease_until = NULL "
		"WHERE id = ?1",
	[ST_JOB_LEASE] =
		"UPDATE jobs SET state = 'running', attempts = attempts + 1, worker = ?2, "
		"lease_until = ?3 WHERE id = ?1 RETURNING attempts",
	[ST_JOB_RENEW] =
		"UPDATE jobs SET lease_until = ?3 WHERE id = ?1 AND worker = ?2 AND state = 'running'",
	/* a clean stop is not a failed attempt: the claim is taken back */
	[ST_JOB_RELEASE] =
		"UPDATE jobs SET state = 'queued', "
		"attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, "
		"worker = NULL, lease_until = NULL WHERE id = ?1 AND worker = ?2 AND state = 'running'",
	[ST_JOB_PROGRESS] = "UPDATE jobs SET progress = ?2 WHERE id = ?1 AND state = 'running'",
	[ST_JOB_COMPLETE] =
		"UPDATE jobs SET state = 'done', result = ?3, worker = NULL, lease_until = NULL "
		"WHERE id = ?1 AND worker = ?2 AND state = 'running'",
	[ST_JOB_REQUEST] = "SELECT request FROM jobs WHERE id = ?1",
	[ST_JOB_STATE_OF] = "SELECT state FROM jobs WHERE id = ?1",
	/* the web UI's request has one job */
	[ST_JOB_GET] =
		"SELECT state, progress, result FROM jobs WHERE request = ?1 ORDER BY id LIMIT 1",
	[ST_RESULT_GET] = RESULT_COLUMNS "WHERE id = ?1",
	[ST_RESULT_LATEST] =
		RESULT_COLUMNS "WHERE domain = ?1 AND test = ?2 AND created >= ?3 "
		"AND (?4 = 0 OR status = 'ok') ORDER BY created DESC, id DESC LIMIT 1",
	[ST_REQUEST_JOBS] =
		"SELECT j.domain, j.state, r.id, r.domain, r.test, r.created, r.status, r.percentage, "
		"CASE WHEN ?2 = 1 THEN r.doc END, CASE WHEN ?2 = 1 THEN r.view END "
		"FROM jobs j LEFT JOIN results r ON r.id = j.result AND j.state IN ('done', 'error') "
		"WHERE j.request = ?1 ORDER BY j.id",
	[ST_HOF] =
		HOF_STREAKS "SELECT domain, since, result_id FROM h ORDER BY since DESC, domain LIMIT ?2",
	/* spec §7 champions: in both lists; the date and permalink of the newer */
	[ST_HOF_CHAMPIONS] =
		HOF_STREAKS "SELECT w.domain, "
		"CASE WHEN m.since > w.since THEN m.since ELSE w.since END, "
		"CASE WHEN m.since > w.since THEN m.result_id ELSE w.result_id END "
		"FROM h w JOIN h m ON m.domain = w.domain AND m.test = 'mail' "
		"WHERE w.test = 'web' ORDER BY 2 DESC, 1 LIMIT ?2",
	[ST_CLAIM_ANY] = "",
	[ST_REQUEST_LOCK] = "",
	[ST_REQUEST_GET_LOCK] = "",
	/* a restarted worker of the same name takes its row over */
	[ST_WORKER_BEAT] =
		"INSERT INTO workers (name, host, pid, started, seen, beat_interval, jobs, running, "
		"finished, failed, stopped) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, NULL) "
		"ON CONFLICT (name) DO UPDATE SET host = excluded.host, pid = excluded.pid, "
		"started = excluded.started, seen = excluded.seen, "
		"beat_interval = excluded.beat_interval, jobs = excluded.jobs, "
		"running = excluded.running, finished = excluded.finished, "
		"failed = excluded.failed, stopped = NULL",
	[ST_WORKER_STOPPED] =
		"UPDATE workers SET stopped = ?2, seen = ?2, running = 0 WHERE name = ?1",
	/* one statement, one snapshot: the figures add up (indexes requests_queue,
	 * jobs_claim, results_by_created) */
	[ST_STATUS] =
		"SELECT (SELECT count(*) FROM requests WHERE status IN ('registering', 'running')), "
		"(SELECT count(*) FROM jobs WHERE state = 'queued'), "
		"(SELECT count(*) FROM jobs WHERE state = 'running'), "
		"(SELECT count(*) FROM jobs WHERE state = 'running' AND lease_until < ?1), "
		"(SELECT count(*) FROM results WHERE created >= ?2 AND status = 'ok'), "
		"(SELECT count(*) FROM results WHERE created >= ?2 AND status = 'error'), "
		"(SELECT count(*) FROM results WHERE created >= ?3 AND status = 'ok'), "
		"(SELECT count(*) FROM results WHERE created >= ?3 AND status = 'error')",
	[ST_WORKERS] =
		"SELECT name, host, pid, started, seen, beat_interval, jobs, running, finished, "
		"failed, stopped FROM workers WHERE seen >= ?1 ORDER BY name",
	/* now: ?6 */
	[ST_SLOT_TAKE] = SLOT_TAKE("?6"),
	[ST_SLOT_GIVE] =
		"DELETE FROM address_slots WHERE address = ?1 AND class = ?2 AND slot = ?3 "
		"AND worker = ?4",
	/* now: ?3 */
	[ST_SLOTS_RENEW] = SLOTS_RENEW("?3"),
	/* now: ?2 */
	[ST_SLOTS_DROP] = SLOTS_DROP("?2"),
	/* a test finished twice (the visitor reloaded) keeps its first result */
	[ST_CONN_PUT] =
		"INSERT INTO conn_results (id, created, percentage, view) VALUES (?1, ?2, ?3, ?4) "
		"ON CONFLICT (id) DO NOTHING",
	[ST_CONN_GET] = "SELECT view, created, percentage FROM conn_results WHERE id = ?1",
};

/* PostgreSQL's own texts (NULL: statement_sql's). */
static const char *const statement_sql_postgresql[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN ISOLATION LEVEL READ COMMITTED",
	/* spec §5.2 step 1; jobs another worker is expiring or claiming right now are its */
	[ST_JOBS_REQUEUE_EXPIRED] =
		"UPDATE jobs SET state = 'queued', worker = NULL, lease_until = NULL "
		"WHERE id IN (SELECT id FROM jobs WHERE state = 'running' AND lease_until < ?1 "
		"AND attempts < ?2 FOR UPDATE SKIP LOCKED)",
	[ST_JOB_EXPIRED_FAILED] =
		"SELECT id, request, domain, test FROM jobs "
		"WHERE state = 'running' AND lease_until < ?1 ORDER BY id LIMIT 1 "
		"FOR UPDATE SKIP LOCKED",
	[ST_CLAIM_SITE] =
		CLAIM_COLUMNS "WHERE r.status = 'running' AND r.origin = 'site' "
		"AND j.state = 'queued' ORDER BY r.created, r.id, j.id LIMIT 1 "
		"FOR UPDATE OF j SKIP LOCKED",
	[ST_CLAIM_USER_JOB] =
		CLAIM_COLUMNS "WHERE r.username = ?1 AND r.status = 'running' AND r.origin <> 'site' "
		"AND j.state = 'queued' ORDER BY r.created, r.id, j.id LIMIT 1 "
		"FOR UPDATE OF j SKIP LOCKED",
	/* the random user's waiting jobs were all taken meanwhile by other workers: the
	 * oldest request's first job no other worker holds */
	[ST_CLAIM_ANY] =
		CLAIM_COLUMNS "WHERE r.status = 'running' AND r.origin <> 'site' "
		"AND j.state = 'queued' ORDER BY r.created, r.id, j.id LIMIT 1 "
		"FOR UPDATE OF j SKIP LOCKED",
	[ST_REQUEST_LOCK] = "SELECT id FROM requests WHERE id = ?1 FOR UPDATE",
	[ST_REQUEST_GET_LOCK] = "SELECT pg_advisory_xact_lock(" STORE_LOCK_KEY ", 2)",
	/* the server's clock, not the bound now (the last parameter, left out) */
	[ST_SLOT_TAKE] = SLOT_TAKE(PG_NOW_MS),
	[ST_SLOTS_RENEW] = SLOTS_RENEW(PG_NOW_MS),
	[ST_SLOTS_DROP] = SLOTS_DROP(PG_NOW_MS),
};

/* Unemitted jobs are read a page at a time, then handed to the callback with no
 * statement running, so the callback may call store_job_emitted. */
#define UNEMITTED_PAGE 32

struct store {
	struct db *db;
	int version;
	struct db_stmt *stmt[ST_COUNT];   /* NULL: not needed on this backend */
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

/* The backend of `url`: DB_POSTGRESQL for postgresql:// and postgres:// (libpq's
 * URIs), else DB_SQLITE with the file in *path (a plain path, `sqlite:PATH` or
 * `sqlite:///ABSPATH`); -1 (err) for anything else. */
static int url_backend(const char *url, const char **path, struct error *err)
{
	char scheme[32];
	size_t n = url_scheme(url, scheme, sizeof(scheme));

	*path = url;
	if (n && strcmp(scheme, "sqlite") == 0) {
		*path = url + n + 1;
		if (strncmp(*path, "//", 2) == 0) {
			if ((*path)[2] != '/')
				return error_set(err, "state URL %s: write sqlite:PATH or "
				                 "sqlite:///ABSOLUTE-PATH", url);
			*path += 2;
		}
	} else if (n && (strcmp(scheme, "postgresql") == 0 || strcmp(scheme, "postgres") == 0)) {
		return DB_POSTGRESQL;
	} else if (n && strncmp(url + n + 1, "//", 2) == 0) {
		return error_set(err, "state URL %s: unsupported scheme \"%s\" (use a file path, "
		                 "sqlite:PATH or postgresql://)", url, scheme);
	} else if (n) {
		/* "a:b.db" is more likely a URL typo than a file name: ask for ./ to be sure */
		return error_set(err, "state URL %s: unsupported scheme \"%s\" (use a file path, "
		                 "sqlite:PATH or postgresql://; a file name with a colon: ./%s)", url,
		                 scheme, url);
	}
	if (!**path)
		return error_set(err, "state URL %s: no file name", url);
	return DB_SQLITE;
}

static int fail(struct store *st, int rc, const char *what, struct error *err)
{
	return db_error(st->db, rc, what, err);
}

/* A request's public id (spec §5.1: 32 lowercase hex), from OpenSSL's generator. */
static int rid_random(char rid[33], struct error *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	if (RAND_bytes(b, sizeof(b)) != 1)
		return error_set(err, "no random bytes for a request id (OpenSSL RAND_bytes)");
	for (size_t i = 0; i < sizeof(b); i++) {
		rid[2 * i] = hex[b[i] >> 4];
		rid[2 * i + 1] = hex[b[i] & 0xf];
	}
	rid[32] = '\0';
	return 0;
}

/* Done with a cached statement: reset, and drop bindings to the caller's strings. */
static void stmt_release(struct db_stmt *s)
{
	db_reset(s);
}

/* Step a cached statement yielding no row: DB_OK or the error code. */
static int stmt_run(struct db_stmt *s)
{
	int rc = db_step(s);
	stmt_release(s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Run a statement this backend may not need (a lock PostgreSQL takes and SQLite's
 * BEGIN IMMEDIATE already holds), its rows ignored: DB_OK or the error code. */
static int stmt_lock(struct store *st, enum statement which, int64_t id)
{
	struct db_stmt *s = st->stmt[which];
	int rc;
	if (!s)
		return DB_OK;
	if (id)
		db_bind_int64(s, 1, id);
	rc = db_step(s);
	stmt_release(s);
	return rc == DB_DONE || rc == DB_ROW ? DB_OK : rc;
}

static void bind_str(struct db_stmt *s, int i, const char *v)
{
	db_bind_text(s, i, v);
}

/* store_open; a SQLite file that does not exist is created only when `create`. */
static struct store *store_open_as(const char *url, bool create, struct error *err)
{
	const char *path = NULL;
	int kind = url ? url_backend(url, &path, err) : error_set(err, "no state file given");
	struct store *st;
	int rc;

	if (kind < 0)
		return NULL;
	if (kind == DB_SQLITE && !create && access(path, F_OK) != 0) {
		error_set(err, "state file %s: %s", path, strerror(errno));
		return NULL;
	}
	st = calloc(1, sizeof(*st));
	if (!st) {
		error_set(err, "out of memory");
		return NULL;
	}
	st->db = kind == DB_POSTGRESQL ? db_postgresql_open(url, err) : db_sqlite_open(path, err);
	if (!st->db)
		goto out;
	/* read before writing anything: a foreign or newer database is left as it was */
	if (migrations_current(st->db, err) < 0 || st->db->ops->ready(st->db, err) < 0)
		goto out;
	st->version = migrations_apply(st->db, err);
	if (st->version < 0)
		goto out;
	for (int i = 0; i < ST_COUNT; i++) {
		const char *sql = statement_sql[i];
		if (kind == DB_POSTGRESQL && statement_sql_postgresql[i])
			sql = statement_sql_postgresql[i];
		if (!*sql)
			continue;
		rc = db_prepare(st->db, sql, &st->stmt[i]);
		if (rc != DB_OK) {
			fail(st, rc, "preparing statements (damaged schema?)", err);
			goto out;
		}
	}
	return st;
out:
	store_close(st);
	return NULL;
}

struct store *store_open(const char *url, struct error *err)
{
	return store_open_as(url, true, err);
}

struct store *store_open_existing(const char *url, struct error *err)
{
	return store_open_as(url, false, err);
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		db_finalize(st->stmt[i]);
	db_close(st->db);
	free(st);
}

int store_schema_version(struct store *st)
{
	return st->version;
}

/* BEGIN (SQLite: IMMEDIATE): 0, or -1 (err). */
static int transaction_begin(struct store *st, const char *what, struct error *err)
{
	int rc = stmt_run(st->stmt[ST_BEGIN]);
	return rc == DB_OK ? 0 : fail(st, rc, what, err);
}

/* COMMIT when rc is DB_OK, else (or when COMMIT fails) ROLLBACK: 0 or -1 (err). */
static int transaction_end(struct store *st, int rc, const char *what, struct error *err)
{
	if (rc == DB_OK)
		rc = stmt_run(st->stmt[ST_COMMIT]);
	if (rc == DB_OK)
		return 0;
	fail(st, rc, what, err);
	if (st->db->ops->in_transaction(st->db))
		stmt_run(st->stmt[ST_ROLLBACK]);
	return -1;
}

/* The id of the command line's request (test, name), or 0 when missing: DB_OK or
 * the error code. */
static int request_find(struct store *st, const char *test, const char *name, int64_t *id)
{
	struct db_stmt *s = st->stmt[ST_REQUEST_FIND];
	int rc;
	bind_str(s, 1, test);
	bind_str(s, 2, name);
	*id = 0;
	rc = db_step(s);
	if (rc == DB_ROW) {
		*id = db_column_int64(s, 0);
		rc = DB_DONE;
	}
	stmt_release(s);
	return rc == DB_DONE ? DB_OK : rc;
}

int64_t store_request_get(struct store *st, const char *test, const char *name, struct error *err)
{
	const char *what = "looking up the request";
	struct db_stmt *s = st->stmt[ST_REQUEST_INSERT];
	int64_t id = 0;
	char rid[33];
	int rc;

	if (!test || !name)
		return error_set(err, "store_request_get: no test or name");
	rc = request_find(st, test, name, &id);
	if (rc != DB_OK)
		return fail(st, rc, what, err);
	if (id)
		return id;
	if (rid_random(rid, err) < 0)
		return -1;
	/* look again under the write lock: another process may have created it meanwhile */
	if (transaction_begin(st, what, err) < 0)
		return -1;
	rc = stmt_lock(st, ST_REQUEST_GET_LOCK, 0);
	if (rc == DB_OK)
		rc = request_find(st, test, name, &id);
	if (rc == DB_OK && !id) {
		what = "creating the request";
		bind_str(s, 1, test);
		bind_str(s, 2, name);
		db_bind_int64(s, 3, now_ms());
		bind_str(s, 4, rid);
		rc = db_step(s);
		if (rc == DB_ROW) {
			id = db_column_int64(s, 0);
			rc = db_step(s);
		}
		stmt_release(s);
		rc = rc == DB_DONE ? DB_OK : rc;
	}
	if (transaction_end(st, rc, what, err) < 0)
		return -1;
	return id;
}

int store_job_state(struct store *st, int64_t request, const char *test, const char *domain,
                    bool *done, bool *emitted, struct error *err)
{
	struct db_stmt *s = st->stmt[ST_JOB_STATE];
	int rc, found = 0;

	db_bind_int64(s, 1, request);
	bind_str(s, 2, test);
	bind_str(s, 3, domain);
	rc = db_step(s);
	if (rc == DB_ROW) {
		found = 1;
		*done = strcmp(db_column_text(s, 0), "done") == 0;
		*emitted = (int)db_column_int64(s, 1) != 0;
		rc = DB_DONE;
	}
	stmt_release(s);
	if (rc != DB_DONE)
		return fail(st, rc, "reading a job", err);
	return found;
}

/* Insert the result row: DB_OK with *id, or the error code. */
static int result_insert(struct store *st, const struct store_result *res, int64_t *id)
{
	struct db_stmt *s = st->stmt[ST_RESULT_INSERT];
	int rc;

	bind_str(s, 1, res->domain);
	bind_str(s, 2, res->test);
	db_bind_int64(s, 3, now_ms());
	bind_str(s, 4, res->status);
	if (res->percentage >= 0)
		db_bind_int64(s, 5, res->percentage);
	else
		db_bind_text(s, 5, NULL);
	/* the document's exact bytes; its length given, so nothing is re-read or cut */
	db_bind_text(s, 6, res->doc);
	if (res->view)
		db_bind_text(s, 7, res->view);
	else
		db_bind_text(s, 7, NULL);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*id = db_column_int64(s, 0);
		rc = db_step(s);
	}
	stmt_release(s);
	return rc == DB_DONE ? DB_OK : rc;
}

int store_job_finish(struct store *st, int64_t request, const struct store_result *res,
                     struct error *err)
{
	struct db_stmt *s = st->stmt[ST_JOB_DONE];
	int64_t result = 0;
	char what[320];
	int rc;

	if (!res || !res->domain || !res->test || !res->status || !res->doc)
		return error_set(err, "store_job_finish: incomplete result");
	snprintf(what, sizeof(what), "storing the %s result of %s", res->test, res->domain);
	if (transaction_begin(st, what, err) < 0)
		return -1;
	rc = result_insert(st, res, &result);
	if (rc == DB_OK) {
		db_bind_int64(s, 1, request);
		bind_str(s, 2, res->domain);
		bind_str(s, 3, res->test);
		db_bind_int64(s, 4, result);
		rc = stmt_run(s);
	}
	return transaction_end(st, rc, what, err);
}

int store_job_emitted(struct store *st, int64_t request, const char *test, const char *domain,
                      struct error *err)
{
	struct db_stmt *s = st->stmt[ST_JOB_EMITTED];
	int rc;

	db_bind_int64(s, 1, request);
	bind_str(s, 2, test);
	bind_str(s, 3, domain);
	rc = stmt_run(s);
	if (rc != DB_OK)
		return fail(st, rc, "marking a job emitted", err);
	if (db_changes(st->db) == 0)
		return error_set(err, "%s %s: no finished %s job for %s in request %lld",
		                 st->db->label, st->db->name, test, domain, (long long)request);
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
	struct db_stmt *s = st->stmt[ST_JOBS_UNEMITTED];
	int n = 0, rc;

	db_bind_int64(s, 1, request);
	db_bind_int64(s, 2, after);
	db_bind_int64(s, 3, UNEMITTED_PAGE);
	while ((rc = db_step(s)) == DB_ROW) {
		const char *domain = db_column_text(s, 1);
		const char *doc = db_column_text(s, 2);
		page[n].result = db_column_int64(s, 0);
		page[n].domain = strdup(domain ? domain : "");
		page[n].doc = strdup(doc ? doc : "");
		n++;
		if (!page[n - 1].domain || !page[n - 1].doc) {
			rc = DB_NOMEM;
			break;
		}
	}
	stmt_release(s);
	if (rc != DB_DONE) {
		for (int i = 0; i < n; i++) {
			free(page[i].domain);
			free(page[i].doc);
		}
		if (rc == DB_NOMEM)
			return fail(st, rc, "reading unemitted jobs", err);
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

/* ---- issue 18: requests, the job queue, results ---- */

static const char *const origin_names[] = {[STORE_CLI] = "cli", [STORE_API] = "api",
                                           [STORE_SITE] = "site"};

static enum store_origin origin_parse(const char *name)
{
	return strcmp(name, "api") == 0 ? STORE_API : strcmp(name, "site") == 0 ? STORE_SITE
	                                                                          : STORE_CLI;
}

/* Unlimited for a LIMIT: 0 means all (SQLite refuses LIMIT NULL). */
static int64_t limit_or_all(int limit)
{
	return limit > 0 ? limit : INT64_MAX;
}

/* Column `col` copied into buf (cut to size), "" for NULL. */
static void column_copy(struct db_stmt *s, int col, char *buf, size_t size)
{
	const char *v = db_column_text(s, col);
	snprintf(buf, size, "%s", v ? v : "");
}

/* Column `col` as a malloc'd string in *out (NULL for NULL): 0, or -1 out of memory. */
static int column_dup(struct db_stmt *s, int col, char **out)
{
	const char *v = db_column_text(s, col);
	*out = v ? strdup(v) : NULL;
	return v && !*out ? -1 : 0;
}

static void request_read(struct db_stmt *s, struct store_request *r)
{
	char origin[8];
	memset(r, 0, sizeof(*r));
	r->id = db_column_int64(s, 0);
	column_copy(s, 1, r->rid, sizeof(r->rid));
	column_copy(s, 2, r->username, sizeof(r->username));
	column_copy(s, 3, r->test, sizeof(r->test));
	column_copy(s, 4, r->name, sizeof(r->name));
	column_copy(s, 5, r->status, sizeof(r->status));
	column_copy(s, 6, origin, sizeof(origin));
	r->origin = origin_parse(origin);
	r->created = db_column_int64(s, 7);
	r->finished = db_column_int64(s, 8);   /* NULL reads as 0 */
	r->total = (int)db_column_int64(s, 9);
	r->finished_jobs = (int)db_column_int64(s, 10);
	r->reports = (int)db_column_int64(s, 11) == 2;
}

/* A result from columns c.. of RESULT_COLUMNS' shape; doc and view only when `docs`.
 * 0, or -1 out of memory (row freed). */
static int row_read(struct db_stmt *s, int c, struct store_row *row, bool docs)
{
	memset(row, 0, sizeof(*row));
	row->id = db_column_int64(s, c);
	column_copy(s, c + 1, row->domain, sizeof(row->domain));
	column_copy(s, c + 2, row->test, sizeof(row->test));
	row->created = db_column_int64(s, c + 3);
	column_copy(s, c + 4, row->status, sizeof(row->status));
	row->percentage = db_column_null(s, c + 5) ? -1
	                  : (int)db_column_int64(s, c + 5);
	if (docs && (column_dup(s, c + 6, &row->doc) < 0 || column_dup(s, c + 7, &row->view) < 0)) {
		store_row_free(row);
		return -1;
	}
	return 0;
}

void store_row_free(struct store_row *row)
{
	if (!row)
		return;
	free(row->doc);
	free(row->view);
	row->doc = row->view = NULL;
}

/* spec §5.2 step 2: the request is done when no job of it waits or runs. */
static int request_settle(struct store *st, int64_t request, int64_t now)
{
	struct db_stmt *s = st->stmt[ST_REQUEST_SETTLE];
	int rc = stmt_lock(st, ST_REQUEST_LOCK, request);   /* PostgreSQL: see statement */
	if (rc != DB_OK)
		return rc;
	db_bind_int64(s, 1, request);
	db_bind_int64(s, 2, now);
	return stmt_run(s);
}

/* Insert the request row, 'registering': DB_OK with out->id, or the error code. */
static int request_insert(struct store *st, struct store_request *out)
{
	struct db_stmt *s = st->stmt[ST_REQUEST_CREATE];
	int rc;
	bind_str(s, 1, out->rid);
	bind_str(s, 2, out->username);
	bind_str(s, 3, out->test);
	bind_str(s, 4, out->name);
	bind_str(s, 5, origin_names[out->origin]);
	db_bind_int64(s, 6, out->created);
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->id = db_column_int64(s, 0);
		rc = db_step(s);
	}
	stmt_release(s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* One queued job per domain in the given order, a repeat kept once: DB_OK or the
 * error code; out->total counts the jobs. */
static int request_queue(struct store *st, struct store_request *out,
                         const char *const *domains, size_t n)
{
	struct db_stmt *s = st->stmt[ST_JOB_QUEUE];
	int rc = DB_OK;
	for (size_t i = 0; i < n && rc == DB_OK; i++) {
		db_bind_int64(s, 1, out->id);
		bind_str(s, 2, domains[i]);
		bind_str(s, 3, out->test);
		rc = stmt_run(s);
		out->total += db_changes(st->db);
	}
	return rc;
}

int store_request_create(struct store *st, enum store_origin origin, const char *username,
                         const char *test, const char *name, const char *const *domains,
                         size_t n, struct store_request *out, struct error *err)
{
	const char *what = "registering a request";
	struct db_stmt *s = st->stmt[ST_REQUEST_RUNNING];
	int rc;

	if (!test || !out || (n && !domains) || (unsigned)origin > STORE_SITE)
		return error_set(err, "store_request_create: no test, domains or output");
	memset(out, 0, sizeof(*out));
	if (rid_random(out->rid, err) < 0)
		return -1;
	snprintf(out->username, sizeof(out->username), "%s", username ? username : "");
	snprintf(out->test, sizeof(out->test), "%s", test);
	snprintf(out->name, sizeof(out->name), "%s", name ? name : "");
	snprintf(out->status, sizeof(out->status), "registering");
	out->origin = origin;
	out->created = now_ms();
	if (transaction_begin(st, what, err) < 0)
		return -1;
	rc = request_insert(st, out);
	if (rc == DB_OK)
		rc = request_queue(st, out, domains, n);
	if (rc == DB_OK) {
		db_bind_int64(s, 1, out->id);
		rc = stmt_run(s);
	}
	if (rc == DB_OK)   /* nothing left to test (every domain dropped): done at once */
		rc = request_settle(st, out->id, out->created);
	return transaction_end(st, rc, what, err);
}

/* The request `rid` (of `username` unless NULL): DB_ROW with *out, DB_DONE when
 * there is none, or the error code. */
static int request_by_rid(struct store *st, const char *rid, const char *username,
                          struct store_request *out)
{
	struct db_stmt *s = st->stmt[ST_REQUEST_BY_RID];
	int rc;
	bind_str(s, 1, rid);
	bind_str(s, 2, username);   /* NULL binds NULL: anyone's */
	rc = db_step(s);
	if (rc == DB_ROW)
		request_read(s, out);
	stmt_release(s);
	return rc;
}

int store_request_find(struct store *st, const char *rid, const char *username,
                       struct store_request *out, struct error *err)
{
	int rc;
	if (!rid || !out)
		return error_set(err, "store_request_find: no request id");
	rc = request_by_rid(st, rid, username, out);
	if (rc != DB_ROW && rc != DB_DONE)
		return fail(st, rc, "reading a request", err);
	return rc == DB_ROW;
}

int store_request_list(struct store *st, const char *username, int limit,
                       int (*fn)(void *arg, const struct store_request *r), void *arg,
                       struct error *err)
{
	struct db_stmt *s = st->stmt[ST_REQUEST_LIST];
	struct store_request r;
	int rc, stop = 0;

	bind_str(s, 1, username);
	db_bind_int64(s, 2, limit_or_all(limit));
	while (!stop && (rc = db_step(s)) == DB_ROW) {
		request_read(s, &r);
		stop = fn(arg, &r);
	}
	stmt_release(s);
	if (stop)
		return -1;
	return rc == DB_DONE ? 0 : fail(st, rc, "listing requests", err);
}

/* Cancel request `id` and its waiting and running jobs (a done one stays done). */
static int request_cancel(struct store *st, int64_t id)
{
	struct db_stmt *jobs = st->stmt[ST_REQUEST_CANCEL_JOBS], *req = st->stmt[ST_REQUEST_CANCEL];
	int rc;
	db_bind_int64(jobs, 1, id);
	rc = stmt_run(jobs);
	if (rc != DB_OK)
		return rc;
	db_bind_int64(req, 1, id);
	db_bind_int64(req, 2, now_ms());
	return stmt_run(req);
}

int store_request_cancel(struct store *st, const char *rid, const char *username,
                         struct store_request *out, struct error *err)
{
	const char *what = "cancelling a request";
	struct store_request r;
	int rc;

	if (!rid)
		return error_set(err, "store_request_cancel: no request id");
	if (transaction_begin(st, what, err) < 0)
		return -1;
	rc = request_by_rid(st, rid, username, &r);
	if (rc == DB_ROW && (rc = request_cancel(st, r.id)) == DB_OK)
		rc = request_by_rid(st, rid, username, &r);   /* as it is now */
	if (transaction_end(st, rc == DB_ROW || rc == DB_DONE ? DB_OK : rc, what,
	                    err) < 0)
		return -1;
	if (rc == DB_ROW && out)
		*out = r;
	return rc == DB_ROW;
}

static bool report_kind_known(const char *kind)
{
	return kind && (strcmp(kind, "results") == 0 || strcmp(kind, "technical") == 0);
}

int store_report_put(struct store *st, int64_t request, const char *kind, const char *doc,
                     struct error *err)
{
	struct db_stmt *s = st->stmt[ST_REPORT_PUT];
	int rc;

	if (!report_kind_known(kind) || !doc)
		return error_set(err, "store_report_put: kind \"%s\" unknown or no document",
		                 kind ? kind : "");
	db_bind_int64(s, 1, request);
	bind_str(s, 2, kind);
	db_bind_text(s, 3, doc);
	db_bind_int64(s, 4, now_ms());
	rc = stmt_run(s);
	return rc == DB_OK ? 0 : fail(st, rc, "storing a report", err);
}

int store_report_get(struct store *st, int64_t request, const char *kind, char **doc,
                     struct error *err)
{
	struct db_stmt *s = st->stmt[ST_REPORT_GET];
	int rc, found = 0;

	*doc = NULL;
	db_bind_int64(s, 1, request);
	bind_str(s, 2, kind);
	rc = db_step(s);
	if (rc == DB_ROW) {
		found = 1;
		rc = column_dup(s, 0, doc) < 0 || !*doc ? DB_NOMEM : DB_DONE;
	}
	stmt_release(s);
	if (rc == DB_NOMEM)
		return fail(st, DB_NOMEM, "reading a report", err);
	return rc == DB_DONE ? found : fail(st, rc, "reading a report", err);
}

/* The error result of a job whose last attempt's lease ended (spec §5.2 step 1):
 * DB_OK with *id, or the error code. */
static int result_insert_expired(struct store *st, const char *domain, const char *test,
                                 int64_t *id)
{
	char reason[64];
	json_t *o;
	char *doc;
	int rc;

	snprintf(reason, sizeof(reason), "the test did not finish in %d attempts",
	         STORE_MAX_ATTEMPTS);
	o = json_pack("{s:s, s:s, s:s, s:s}", "domain", domain, "test", test, "status", "error",
	              "error", reason);
	doc = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	if (!doc)
		return DB_NOMEM;
	struct store_result res = {domain, test, "error", -1, doc, NULL};
	rc = result_insert(st, &res, id);
	free(doc);
	return rc;
}

/* The next expired job that had its last attempt becomes 'error' with an error result:
 * DB_ROW when there was one, DB_DONE when not, or the error code. */
static int job_expire_failed(struct store *st, int64_t now)
{
	struct db_stmt *s = st->stmt[ST_JOB_EXPIRED_FAILED], *u = st->stmt[ST_JOB_FAIL];
	char domain[256], test[8];
	int64_t id, request, result = 0;
	int rc;

	db_bind_int64(s, 1, now);
	rc = db_step(s);
	if (rc == DB_ROW) {
		id = db_column_int64(s, 0);
		request = db_column_int64(s, 1);
		column_copy(s, 2, domain, sizeof(domain));
		column_copy(s, 3, test, sizeof(test));
	}
	stmt_release(s);
	if (rc != DB_ROW)
		return rc;
	rc = result_insert_expired(st, domain, test, &result);
	if (rc == DB_OK) {
		db_bind_int64(u, 1, id);
		db_bind_int64(u, 2, result);
		rc = stmt_run(u);
	}
	if (rc == DB_OK)
		rc = request_settle(st, request, now);
	return rc == DB_OK ? DB_ROW : rc;
}

/* spec §5.2 step 1: jobs whose lease ended are queued again, or 'error' after their
 * STORE_MAX_ATTEMPTS-th attempt. DB_OK or the error code. */
static int jobs_expire(struct store *st, int64_t now)
{
	struct db_stmt *s = st->stmt[ST_JOBS_REQUEUE_EXPIRED];
	int rc;
	db_bind_int64(s, 1, now);
	db_bind_int64(s, 2, STORE_MAX_ATTEMPTS);
	rc = stmt_run(s);
	if (rc != DB_OK)
		return rc;
	do
		rc = job_expire_failed(st, now);
	while (rc == DB_ROW);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Step a CLAIM_COLUMNS statement: DB_ROW with *job and the request's creation in
 * *created, DB_DONE, or the error code. */
static int job_select(struct db_stmt *s, struct store_job *job, int64_t *created)
{
	int rc = db_step(s);
	if (rc == DB_ROW) {
		char origin[8];
		memset(job, 0, sizeof(*job));
		job->id = db_column_int64(s, 0);
		job->request = db_column_int64(s, 1);
		column_copy(s, 2, job->domain, sizeof(job->domain));
		column_copy(s, 3, job->test, sizeof(job->test));
		column_copy(s, 4, origin, sizeof(origin));
		job->origin = origin_parse(origin);
		job->attempts = (int)db_column_int64(s, 5);
		*created = db_column_int64(s, 6);
	}
	stmt_release(s);
	return rc;
}

/* A random user with waiting jobs, malloc'd in *user (NULL when none): DB_OK or the
 * error code. */
static int claim_user(struct store *st, char **user)
{
	struct db_stmt *s = st->stmt[ST_CLAIM_USER];
	int rc = db_step(s);
	*user = NULL;
	if (rc == DB_ROW)
		rc = column_dup(s, 0, user) < 0 ? DB_NOMEM : DB_DONE;
	stmt_release(s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* The next job to run: a 'site' one, else a random user's oldest request's first
 * waiting job. DB_ROW, DB_DONE when nothing waits, or the error code. */
static int claim_pick(struct store *st, struct store_job *job, int64_t *created)
{
	char *user = NULL;
	int rc = job_select(st->stmt[ST_CLAIM_SITE], job, created);
	if (rc != DB_DONE)
		return rc;
	rc = claim_user(st, &user);
	if (rc != DB_OK || !user)
		return rc == DB_OK ? DB_DONE : rc;
	bind_str(st->stmt[ST_CLAIM_USER_JOB], 1, user);
	rc = job_select(st->stmt[ST_CLAIM_USER_JOB], job, created);
	free(user);
	if (rc == DB_DONE && st->stmt[ST_CLAIM_ANY])   /* PostgreSQL: taken meanwhile */
		rc = job_select(st->stmt[ST_CLAIM_ANY], job, created);
	return rc;
}

/* spec §5.2 reuse: the newest 'ok' result of the job's domain created at or after its
 * request (*id, 0 when none): DB_OK or the error code. */
static int result_reusable(struct store *st, const struct store_job *job, int64_t created,
                           int64_t *id)
{
	struct db_stmt *s = st->stmt[ST_RESULT_REUSABLE];
	int rc;
	bind_str(s, 1, job->domain);
	bind_str(s, 2, job->test);
	db_bind_int64(s, 3, created);
	*id = 0;
	rc = db_step(s);
	if (rc == DB_ROW) {
		*id = db_column_int64(s, 0);
		rc = DB_DONE;
	}
	stmt_release(s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* The job done at once with result job->reused; its request may be finished now. */
static int job_reuse(struct store *st, const struct store_job *job, int64_t now)
{
	struct db_stmt *s = st->stmt[ST_JOB_REUSE];
	int rc;
	db_bind_int64(s, 1, job->id);
	db_bind_int64(s, 2, job->reused);
	rc = stmt_run(s);
	return rc == DB_OK ? request_settle(st, job->request, now) : rc;
}

/* The job running for `worker` until lease_until; job->attempts counts this claim. */
static int job_lease(struct store *st, struct store_job *job, const char *worker,
                     int64_t lease_until)
{
	struct db_stmt *s = st->stmt[ST_JOB_LEASE];
	int rc;
	db_bind_int64(s, 1, job->id);
	bind_str(s, 2, worker);
	db_bind_int64(s, 3, lease_until);
	rc = db_step(s);
	if (rc == DB_ROW) {
		job->attempts = (int)db_column_int64(s, 0);
		rc = db_step(s);
	}
	stmt_release(s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Claim one job into *job: DB_ROW, DB_DONE when nothing waits, or the code. */
static int claim_one(struct store *st, const char *worker, int64_t now, int64_t lease_ms,
                     struct store_job *job)
{
	int64_t created = 0;
	int rc = claim_pick(st, job, &created);
	if (rc != DB_ROW)
		return rc;
	rc = result_reusable(st, job, created, &job->reused);
	if (rc == DB_OK)
		rc = job->reused ? job_reuse(st, job, now) : job_lease(st, job, worker, now + lease_ms);
	return rc == DB_OK ? DB_ROW : rc;
}

int store_jobs_claim(struct store *st, const char *worker, int64_t lease_ms, size_t max,
                     struct store_job *out, struct error *err)
{
	const char *what = "claiming jobs";
	int64_t now = now_ms();
	size_t n = 0;
	int rc;

	if (!worker || (max && !out))
		return error_set(err, "store_jobs_claim: no worker or output");
	if (transaction_begin(st, what, err) < 0)
		return -1;
	rc = jobs_expire(st, now);
	while (rc == DB_OK && n < max) {
		rc = claim_one(st, worker, now, lease_ms, &out[n]);
		if (rc == DB_ROW) {
			n++;
			rc = DB_OK;
		} else if (rc == DB_DONE) {
			rc = DB_OK;
			break;
		}
	}
	if (transaction_end(st, rc, what, err) < 0)
		return -1;
	return (int)n;
}

/* Run `which` (?1 job id, ?2 worker, ?3 lease end when lease_ms is given) on each id,
 * in one transaction. 0 or -1. */
static int jobs_update(struct store *st, enum statement which, const char *worker,
                       const int64_t *ids, size_t n, const int64_t *lease_until,
                       const char *what, struct error *err)
{
	struct db_stmt *s = st->stmt[which];
	int rc = DB_OK;

	if (!worker || (n && !ids))
		return error_set(err, "%s: no worker or job ids", what);
	if (transaction_begin(st, what, err) < 0)
		return -1;
	for (size_t i = 0; i < n && rc == DB_OK; i++) {
		db_bind_int64(s, 1, ids[i]);
		bind_str(s, 2, worker);
		if (lease_until)
			db_bind_int64(s, 3, *lease_until);
		rc = stmt_run(s);
	}
	return transaction_end(st, rc, what, err);
}

int store_jobs_renew(struct store *st, const char *worker, const int64_t *ids, size_t n,
                     int64_t lease_ms, struct error *err)
{
	int64_t until = now_ms() + lease_ms;
	return jobs_update(st, ST_JOB_RENEW, worker, ids, n, &until, "renewing leases", err);
}

int store_jobs_release(struct store *st, const char *worker, const int64_t *ids, size_t n,
                       struct error *err)
{
	return jobs_update(st, ST_JOB_RELEASE, worker, ids, n, NULL, "releasing jobs", err);
}

int store_job_progress(struct store *st, int64_t job, const char *probes, struct error *err)
{
	struct db_stmt *s = st->stmt[ST_JOB_PROGRESS];
	int rc;
	db_bind_int64(s, 1, job);
	bind_str(s, 2, probes ? probes : "");
	rc = stmt_run(s);
	return rc == DB_OK ? 0 : fail(st, rc, "recording a job's progress", err);
}

/* The request of job `id` (0 when there is no such job): DB_OK or the error code. */
static int job_request(struct store *st, int64_t id, int64_t *request)
{
	struct db_stmt *s = st->stmt[ST_JOB_REQUEST];
	int rc;
	db_bind_int64(s, 1, id);
	*request = 0;
	rc = db_step(s);
	if (rc == DB_ROW) {
		*request = db_column_int64(s, 0);
		rc = DB_DONE;
	}
	stmt_release(s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Job `job` done with `result` when it is still `worker`'s and running; then its
 * request is done when this was its last job. */
/* A job another worker holds or has done: its result is theirs to write. */
#define JOB_TAKEN (-2)

/* Is job `id` running or done (by another worker, once ours failed to match)?
 * JOB_TAKEN, DB_OK, or the error code. */
static int job_taken(struct store *st, int64_t id)
{
	struct db_stmt *s = st->stmt[ST_JOB_STATE_OF];
	int rc;
	db_bind_int64(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		const char *state = db_column_text(s, 0);
		rc = state && (strcmp(state, "running") == 0 || strcmp(state, "done") == 0)
		     ? JOB_TAKEN : DB_DONE;
	}
	stmt_release(s);
	return rc == DB_DONE ? DB_OK : rc;
}

static int job_complete(struct store *st, int64_t job, const char *worker, int64_t result)
{
	struct db_stmt *s = st->stmt[ST_JOB_COMPLETE];
	int64_t request = 0;
	int rc;
	db_bind_int64(s, 1, job);
	bind_str(s, 2, worker);
	db_bind_int64(s, 3, result);
	rc = stmt_run(s);
	if (rc == DB_OK && db_changes(st->db) == 0)
		return job_taken(st, job);
	if (rc == DB_OK)
		rc = job_request(st, job, &request);
	if (rc == DB_OK && request)
		rc = request_settle(st, request, now_ms());
	return rc;
}

int store_job_complete(struct store *st, int64_t job, const char *worker,
                       const struct store_result *res, int64_t *result_id, struct error *err)
{
	int64_t result = 0;
	char what[320];
	int rc;

	if (!worker || !res || !res->domain || !res->test || !res->status || !res->doc)
		return error_set(err, "store_job_complete: no worker or incomplete result");
	snprintf(what, sizeof(what), "storing the %s result of %s", res->test, res->domain);
	if (transaction_begin(st, what, err) < 0)
		return -1;
	rc = result_insert(st, res, &result);
	if (rc == DB_OK)
		rc = job_complete(st, job, worker, result);
	if (rc == JOB_TAKEN) {
		/* our lease ended (this process was too slow to renew it) and another worker
		 * claimed the job: its result will be the one, so ours is not kept and no
		 * domain is finished twice */
		stmt_run(st->stmt[ST_ROLLBACK]);
		if (result_id)
			*result_id = 0;
		return 0;
	}
	if (transaction_end(st, rc, what, err) < 0)
		return -1;
	if (result_id)
		*result_id = result;
	return 0;
}

int store_job_get(struct store *st, int64_t request, char state[16], char **progress,
                  int64_t *result, struct error *err)
{
	struct db_stmt *s = st->stmt[ST_JOB_GET];
	int rc, found = 0;

	if (progress)
		*progress = NULL;
	db_bind_int64(s, 1, request);
	rc = db_step(s);
	if (rc == DB_ROW) {
		const char *p = db_column_text(s, 1);
		found = 1;
		column_copy(s, 0, state, 16);
		if (result)
			*result = db_column_int64(s, 2);   /* NULL reads as 0 */
		rc = progress && !(*progress = strdup(p ? p : "")) ? DB_NOMEM : DB_DONE;
	}
	stmt_release(s);
	if (rc == DB_NOMEM)
		return fail(st, DB_NOMEM, "reading a job", err);
	return rc == DB_DONE ? found : fail(st, rc, "reading a job", err);
}

/* Step a statement of RESULT_COLUMNS' shape once: 1 with *out, 0, or -1 (err). */
static int result_read_one(struct store *st, struct db_stmt *s, struct store_row *out,
                           struct error *err)
{
	int rc = db_step(s), found = rc == DB_ROW;
	if (found)
		rc = row_read(s, 0, out, true) < 0 ? DB_NOMEM : DB_DONE;
	stmt_release(s);
	if (rc == DB_NOMEM)
		return fail(st, DB_NOMEM, "reading a result", err);
	return rc == DB_DONE ? found : fail(st, rc, "reading a result", err);
}

int store_result_get(struct store *st, int64_t id, struct store_row *out, struct error *err)
{
	struct db_stmt *s = st->stmt[ST_RESULT_GET];
	db_bind_int64(s, 1, id);
	return result_read_one(st, s, out, err);
}

int store_result_latest(struct store *st, const char *domain, const char *test, int64_t since,
                        bool ok_only, struct store_row *out, struct error *err)
{
	struct db_stmt *s = st->stmt[ST_RESULT_LATEST];
	bind_str(s, 1, domain);
	bind_str(s, 2, test);
	db_bind_int64(s, 3, since);
	db_bind_int64(s, 4, ok_only);
	return result_read_one(st, s, out, err);
}

int store_request_jobs(struct store *st, int64_t request, bool with_docs,
                       int (*fn)(void *arg, const char *domain, const char *state,
                                 const struct store_row *row),
                       void *arg, struct error *err)
{
	struct db_stmt *s = st->stmt[ST_REQUEST_JOBS];
	struct store_row row;
	char domain[256], state[16];
	int rc, stop = 0;

	db_bind_int64(s, 1, request);
	db_bind_int64(s, 2, with_docs);
	while (!stop && (rc = db_step(s)) == DB_ROW) {
		bool has = !db_column_null(s, 2);
		column_copy(s, 0, domain, sizeof(domain));
		column_copy(s, 1, state, sizeof(state));
		if (has && row_read(s, 2, &row, with_docs) < 0) {
			rc = DB_NOMEM;
			break;
		}
		stop = fn(arg, domain, state, has ? &row : NULL);
		if (has)
			store_row_free(&row);
	}
	stmt_release(s);
	if (rc == DB_NOMEM)
		return fail(st, DB_NOMEM, "reading jobs", err);
	if (stop)
		return -1;
	return rc == DB_DONE ? 0 : fail(st, rc, "reading a request's jobs", err);
}

int store_hof(struct store *st, const char *test, int limit,
              int (*fn)(void *arg, const char *domain, int64_t since, int64_t result_id),
              void *arg, struct error *err)
{
	bool champions = test && strcmp(test, "champions") == 0;
	struct db_stmt *s = st->stmt[champions ? ST_HOF_CHAMPIONS : ST_HOF];
	int rc, stop = 0;

	if (!champions && (!test || (strcmp(test, "web") != 0 && strcmp(test, "mail") != 0)))
		return error_set(err, "Hall of Fame: unknown list \"%s\"", test ? test : "");
	bind_str(s, 1, test);
	db_bind_int64(s, 2, limit_or_all(limit));
	while (!stop && (rc = db_step(s)) == DB_ROW)
		stop = fn(arg, db_column_text(s, 0), db_column_int64(s, 1),
		          db_column_int64(s, 2));
	stmt_release(s);
	if (stop)
		return -1;
	return rc == DB_DONE ? 0 : fail(st, rc, "reading the Hall of Fame", err);
}

bool store_rid_valid(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == 32;
}

/* ---- issue 19: workers' liveness, the queue's figures ---- */

int store_worker_beat(struct store *st, const struct store_worker *w, struct error *err)
{
	struct db_stmt *s = st->stmt[ST_WORKER_BEAT];
	int64_t now = now_ms();
	int rc;

	if (!w || !w->name[0])
		return error_set(err, "store_worker_beat: no worker name");
	bind_str(s, 1, w->name);
	bind_str(s, 2, w->host);
	db_bind_int64(s, 3, w->pid);
	db_bind_int64(s, 4, w->started > 0 ? w->started : now);
	db_bind_int64(s, 5, now);
	db_bind_int64(s, 6, w->beat_interval);
	db_bind_int64(s, 7, w->jobs);
	db_bind_int64(s, 8, w->running);
	db_bind_int64(s, 9, w->finished);
	db_bind_int64(s, 10, w->failed);
	rc = stmt_run(s);
	return rc == DB_OK ? 0 : fail(st, rc, "writing a worker's heartbeat", err);
}

int store_worker_stopped(struct store *st, const char *name, struct error *err)
{
	struct db_stmt *s = st->stmt[ST_WORKER_STOPPED];
	int rc;

	if (!name)
		return error_set(err, "store_worker_stopped: no worker name");
	bind_str(s, 1, name);
	db_bind_int64(s, 2, now_ms());
	rc = stmt_run(s);
	if (rc != DB_OK)
		return fail(st, rc, "marking a worker stopped", err);
	if (db_changes(st->db) == 0)
		return error_set(err, "%s %s: no worker named %s", st->db->label, st->db->name, name);
	return 0;
}

/* A worker row of ST_WORKERS, with its state at `now`. */
static void worker_read(struct db_stmt *s, int64_t now, struct store_worker *w)
{
	memset(w, 0, sizeof(*w));
	column_copy(s, 0, w->name, sizeof(w->name));
	column_copy(s, 1, w->host, sizeof(w->host));
	w->pid = db_column_int64(s, 2);
	w->started = db_column_int64(s, 3);
	w->seen = db_column_int64(s, 4);
	w->beat_interval = db_column_int64(s, 5);
	w->jobs = (int)db_column_int64(s, 6);
	w->running = (int)db_column_int64(s, 7);
	w->finished = db_column_int64(s, 8);
	w->failed = db_column_int64(s, 9);
	w->stopped = db_column_int64(s, 10);   /* NULL reads as 0 */
	if (w->stopped > 0)
		w->state = STORE_WORKER_STOPPED;
	else if (now - w->seen > STORE_WORKER_GONE_BEATS * w->beat_interval)
		w->state = STORE_WORKER_GONE;
	else
		w->state = STORE_WORKER_ALIVE;
}

/* The queue's figures at out->now: DB_OK or the error code. */
static int status_figures(struct store *st, struct store_status *out)
{
	struct db_stmt *s = st->stmt[ST_STATUS];
	int rc;

	db_bind_int64(s, 1, out->now);
	db_bind_int64(s, 2, out->now - 60 * 1000);
	db_bind_int64(s, 3, out->now - 3600 * 1000);
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->requests_running = db_column_int64(s, 0);
		out->queued = db_column_int64(s, 1);
		out->running = db_column_int64(s, 2);
		out->expired = db_column_int64(s, 3);
		out->finished_minute = db_column_int64(s, 4);
		out->failed_minute = db_column_int64(s, 5);
		out->finished_hour = db_column_int64(s, 6);
		out->failed_hour = db_column_int64(s, 7);
		rc = DB_DONE;
	}
	stmt_release(s);
	return rc == DB_DONE ? DB_OK : rc;
}

int store_status(struct store *st, struct store_status *out,
                 int (*fn)(void *arg, const struct store_worker *w), void *arg,
                 struct error *err)
{
	struct db_stmt *s = st->stmt[ST_WORKERS];
	struct store_worker w;
	int rc, stop = 0;

	if (!out)
		return error_set(err, "store_status: no output");
	memset(out, 0, sizeof(*out));
	out->now = now_ms();
	rc = status_figures(st, out);
	if (rc != DB_OK)
		return fail(st, rc, "reading the queue's figures", err);
	db_bind_int64(s, 1, out->now - STORE_WORKER_LISTED_MS);
	while (!stop && (rc = db_step(s)) == DB_ROW) {
		worker_read(s, out->now, &w);
		out->workers++;
		out->workers_alive += w.state == STORE_WORKER_ALIVE;
		if (fn)
			stop = fn(arg, &w);
	}
	stmt_release(s);
	if (stop)
		return -1;
	return rc == DB_DONE ? 0 : fail(st, rc, "reading the workers", err);
}

/* ---- issue 19 item 3: shared connection slots ---- */

static bool slot_class_valid(int cls)
{
	return cls == STORE_SLOT_GENERAL || cls == STORE_SLOT_SMTP;
}

int store_slot_take(struct store *st, const char *address, int cls, int limit,
                    const char *worker, int64_t lease_ms, int *slot, struct error *err)
{
	struct db_stmt *s = st->stmt[ST_SLOT_TAKE];
	int rc, taken = 0;

	if (!address || !*address || !worker || !*worker || !slot)
		return error_set(err, "store_slot_take: no address, worker or slot");
	if (!slot_class_valid(cls) || limit < 1 || lease_ms < 1)
		return error_set(err, "store_slot_take: class %d, limit %d, lease %lld ms", cls,
		                 limit, (long long)lease_ms);
	bind_str(s, 1, address);
	db_bind_int64(s, 2, cls);
	db_bind_int64(s, 3, limit);
	bind_str(s, 4, worker);
	db_bind_int64(s, 5, lease_ms);
	db_bind_int64(s, 6, now_ms());   /* SQLite's clock; PostgreSQL uses its own */
	rc = db_step(s);
	if (rc == DB_ROW) {
		*slot = (int)db_column_int64(s, 0);
		taken = 1;
		rc = db_step(s);
	}
	stmt_release(s);
	if (rc != DB_DONE)
		return fail(st, rc, "taking a connection slot", err);
	return taken ? 0 : 1;
}

int store_slot_give(struct store *st, const char *address, int cls, int slot,
                    const char *worker, struct error *err)
{
	struct db_stmt *s = st->stmt[ST_SLOT_GIVE];
	int rc;

	if (!address || !*address || !worker || !*worker)
		return error_set(err, "store_slot_give: no address or worker");
	if (!slot_class_valid(cls) || slot < 0)
		return error_set(err, "store_slot_give: class %d, slot %d", cls, slot);
	bind_str(s, 1, address);
	db_bind_int64(s, 2, cls);
	db_bind_int64(s, 3, slot);
	bind_str(s, 4, worker);
	rc = stmt_run(s);
	return rc == DB_OK ? 0 : fail(st, rc, "giving back a connection slot", err);
}

int64_t store_slots_renew(struct store *st, const char *worker, int64_t lease_ms,
                          struct error *err)
{
	struct db_stmt *s = st->stmt[ST_SLOTS_RENEW];
	int rc;

	if (!worker || !*worker)
		return error_set(err, "store_slots_renew: no worker");
	if (lease_ms < 1)
		return error_set(err, "store_slots_renew: lease %lld ms", (long long)lease_ms);
	bind_str(s, 1, worker);
	db_bind_int64(s, 2, lease_ms);
	db_bind_int64(s, 3, now_ms());
	rc = stmt_run(s);
	if (rc != DB_OK)
		return fail(st, rc, "renewing connection slots", err);
	/* both backends count the rows the UPDATE changed (PostgreSQL: "UPDATE n") */
	return db_changes(st->db);
}

int store_slots_drop(struct store *st, const char *worker, struct error *err)
{
	struct db_stmt *s = st->stmt[ST_SLOTS_DROP];
	int rc;

	if (!worker || !*worker)
		return error_set(err, "store_slots_drop: no worker");
	bind_str(s, 1, worker);
	db_bind_int64(s, 2, now_ms());
	rc = stmt_run(s);
	return rc == DB_OK ? 0 : fail(st, rc, "dropping connection slots", err);
}

/* ---- issue 20: connection test results ---- */

int store_conn_put(struct store *st, const char *id, int percentage, const char *view,
                   struct error *err)
{
	struct db_stmt *s = st->stmt[ST_CONN_PUT];
	int rc;

	if (!id || !store_rid_valid(id) || percentage < 0 || percentage > 100 || !view)
		return error_set(err, "store_conn_put: a bad id, percentage or view");
	bind_str(s, 1, id);
	db_bind_int64(s, 2, now_ms());
	db_bind_int64(s, 3, percentage);
	db_bind_text(s, 4, view);
	rc = stmt_run(s);
	if (rc != DB_OK)
		return fail(st, rc, "storing a connection test", err);
	return db_changes(st->db) > 0 ? 1 : 0;
}

int store_conn_get(struct store *st, const char *id, char **view, int64_t *created,
                   int *percentage, struct error *err)
{
	struct db_stmt *s = st->stmt[ST_CONN_GET];
	int rc, found = 0;

	*view = NULL;
	if (!id || !store_rid_valid(id))
		return 0;
	bind_str(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		found = 1;
		if (created)
			*created = db_column_int64(s, 1);
		if (percentage)
			*percentage = (int)db_column_int64(s, 2);
		rc = column_dup(s, 0, view) < 0 || !*view ? DB_NOMEM : DB_DONE;
	}
	stmt_release(s);
	if (rc == DB_NOMEM)
		return fail(st, DB_NOMEM, "reading a connection test", err);
	return rc == DB_DONE ? found : fail(st, rc, "reading a connection test", err);
}

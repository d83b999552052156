/*
 * conn.h -- the connection test of `inetcheck serve` (issue 20, spec §3.12): does the
 * visitor's own connection use IPv6, and does its resolver validate DNSSEC?
 *
 * The visitor's browser opens /connection/, gets a test id, fetches five probe URLs
 * (names under test-ns-signed.B and test-ns6-signed.B that only our DNS responder,
 * server/conndns.c, answers, and our IPv6 address as a literal), then asks us to
 * finish. What arrived is recorded against the test id: by the responder, the
 * addresses of the resolvers that asked for the names; by the probe requests, which
 * names the browser reached and from which client addresses. The result is judged by
 * checks/conn.c, stored (store_conn_put) and shown at /connection/<id>/results.
 *
 * Internal to server/: the core calls conn_init / conn_shutdown, and pages_handle
 * hands over /connection/... and every request on a probe host to conn_handle.
 */
#ifndef INETCHECK_SERVER_CONN_H
#define INETCHECK_SERVER_CONN_H

#include <stdbool.h>

#include "core/error.h"
#include "server/server.h"

/* spec §3.12: a test id lives 200 s; the browser waits 6 s for each probe */
#define CONN_TTL_MS 200000
#define CONN_PROBE_TIMEOUT_MS 6000
/* tests alive at once (memory is bounded; a full table refuses new tests, 503) */
#define CONN_MAX_TESTS 4096

/* Start the responder and the table when c->conn.domain is set: 0, or -1 (err). */
int conn_init(const struct server_config *c, struct error *err);
void conn_shutdown(void);
/* Is the connection test on? */
bool conn_enabled(void);
/* A request of the connection test: a path under /connection, or any request on a
 * probe host (<id>.<kind>.conn.test-ns[6]-signed.B, [our IPv6]). */
bool conn_wants(struct srv_req *rq);
/* Answer it (the srv_reply result). */
int conn_handle(struct srv_req *rq);

#endif

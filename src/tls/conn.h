/*
 * conn.h -- one TCP connection to a TLS server, optionally after SMTP STARTTLS
 * (spec §3.10: banner, EHLO, require "250 ", STARTTLS, require "220"). Checks
 * the address with the target guard first; every wait honours a deadline.
 * Used by the raw probes (scan.c) and by the OpenSSL handshakes (handshake.c).
 */
#ifndef INETCHECK_TLS_CONN_H
#define INETCHECK_TLS_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/deadline.h"
#include "net/guard.h"
#include "tls/wire.h"

enum tls_starttls { TLS_STARTTLS_NONE = 0, TLS_STARTTLS_SMTP };

enum tls_conn_result {
	TLS_CONN_OK = 0,
	TLS_CONN_REFUSED,          /* the target guard refused the address */
	TLS_CONN_TCP_FAILED,       /* connect refused / unreachable / timed out */
	TLS_CONN_SMTP_FAILED,      /* no banner, a 4xx/5xx reply, a disconnect, a timeout */
	TLS_CONN_NO_STARTTLS,      /* EHLO does not offer STARTTLS, or STARTTLS was not answered 220 */
	TLS_CONN_RATE_LIMITED,     /* STARTTLS: banner 421, or closed/reset before the banner, on
	                            * every try of the backoff (issue 17: a connection limit) */
};

struct tls_conn {
	int fd;                    /* -1 when closed */
	deadline_t dl;             /* after tls_conn_open*: the deadline of this connection's I/O */
	int64_t slot_at;           /* when the last try got its budget slot and connected (ms) */
	char why[160];             /* reason of the last failure, for the report */
	/* the connection slot taken from net/budget.h (meaningful while fd >= 0) */
	bool budget_held;
	struct netaddr budget_addr;
	bool budget_timeout;       /* the connect failed waiting for a budget slot (our limit) */
	bool smtp;                 /* an SMTP session was opened: QUIT before closing (issue 17) */
};

/* Connect to `addr` (port in addr->port) and, for TLS_STARTTLS_SMTP, do the SMTP
 * dialogue with `ehlo` as EHLO name (NULL: "inetcheck.invalid"). On TLS_CONN_OK the
 * socket is ready for the ClientHello; otherwise it is closed and c->why says why.
 * Every connect takes a slot of the connection budget (net/budget.h) until
 * tls_conn_close. An SMTP dialogue we end (no STARTTLS) ends with QUIT. Everything,
 * waits and backoff included, ends by `dl` (c->dl = dl). */
enum tls_conn_result tls_conn_open(struct tls_conn *c, const struct netaddr *addr,
                                   enum tls_starttls st, const char *ehlo, deadline_t dl);
/*
 * tls_conn_open for a scan (issue 17): the wait for a budget slot and the backoff
 * from a mail server that answers the connect with 421 or hangs up before its banner
 * (asked again after 0.5, 1, 2, 4, 8, 16 s, 16 s ...) last until `wait_dl`, the scan's
 * deadline; each try gets `timeout_ms` (§9: the per-connection timeout) from when its
 * slot was taken, as c->dl, which the caller uses for the rest of the connection.
 * TLS_CONN_RATE_LIMITED when the server never let us in; a slot that never came is
 * TLS_CONN_TCP_FAILED with c->budget_timeout (our limit, not the server's answer).
 */
enum tls_conn_result tls_conn_open_within(struct tls_conn *c, const struct netaddr *addr,
                                          enum tls_starttls st, const char *ehlo,
                                          deadline_t wait_dl, int timeout_ms);
/* Send all `len` bytes; 0 or -1. */
int tls_conn_send(struct tls_conn *c, const void *buf, size_t len, deadline_t dl);
/* Receive up to `cap` bytes: > 0 bytes read, 0 EOF, -1 error or deadline. */
ssize_t tls_conn_recv(struct tls_conn *c, void *buf, size_t cap, deadline_t dl);
/* Send `hello` (a built ClientHello) and feed the replies into `f` (already
 * initialised) until DONE, ERROR, EOF or the deadline; returns f->status
 * (TLS_FLIGHT_MORE when the server went silent or closed first). */
enum tls_flight_status tls_conn_exchange(struct tls_conn *c, const uint8_t *hello, size_t len,
                                         struct tls_flight *f, deadline_t dl);
/* Close the socket and give back its budget slot (no-op when closed). */
void tls_conn_close(struct tls_conn *c);
/* Best effort "QUIT" in plaintext on an SMTP session, never waits (issue 17). */
void tls_conn_smtp_quit(struct tls_conn *c);

#endif

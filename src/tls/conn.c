/*
 * conn.c -- one TCP connection to a TLS server, optionally after SMTP STARTTLS
 * (spec §3.10). See conn.h. The server's SMTP replies are parsed by tls/smtp.c,
 * which reads them through the cursor (STYLE rule 5); this file only moves bytes.
 * Every wait is a poll(2) bounded by the caller's deadline.
 */
#include "tls/conn.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/cursor.h"
#include "core/error.h"
#include "net/budget.h"
#include "net/probe.h"
#include "tls/smtp.h"

#define FLIGHT_CHUNK     16384
/* issue 17: a mail server that refuses a connection (421 on connect, a hang-up before
 * the banner) is asked again after these pauses (the last one repeats), while a try
 * still leaves CONN_RETRY_RESERVE_MS before the wait deadline for the dialogue itself */
static const int conn_backoff_ms[] = { 500, 1000, 2000, 4000, 8000, 16000 };
#define CONN_RETRY_RESERVE_MS 2000

static void conn_why(struct tls_conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void conn_why(struct tls_conn *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof c->why, fmt, ap);
	va_end(ap);
}

/* Non-blocking connect: a budget slot by `wait_dl`, then the connect by c->dl (set
 * here: `timeout_ms` from then, never past wait_dl; 0 = wait_dl): 0 or -1 (c->why
 * set, fd closed). */
static int tcp_connect(struct tls_conn *c, const struct netaddr *addr, deadline_t wait_dl,
                       int timeout_ms)
{
	struct sockaddr_storage ss;
	socklen_t sslen = netaddr_sockaddr(addr, &ss);
	int err = 0;
	socklen_t errlen = sizeof err;
	deadline_t dl;
	int fd, w;

	if (sslen == 0 || addr->port == 0) {
		conn_why(c, "no address or port to connect to");
		return -1;
	}
	/* issue 17: a slot of the per-address budget; a wait past the deadline is a timeout */
	c->dl = wait_dl;
	if (budget_acquire(addr, wait_dl) < 0) {
		c->budget_timeout = true;
		conn_why(c, "connect: timed out waiting for a free connection slot to the address");
		return -1;
	}
	c->slot_at = deadline_now_ms();
	if (timeout_ms > 0)
		c->dl = deadline_min(wait_dl, c->slot_at + timeout_ms);
	dl = c->dl;
	fd = socket(addr->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		error_note_errno(errno);   /* out of descriptors: not the server's fault */
		conn_why(c, "socket: %s", strerror(errno));
		budget_release(addr);
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&ss, sslen) < 0) {
		if (errno != EINPROGRESS) {
			conn_why(c, "connect: %s", strerror(errno));
			goto fail;
		}
		w = probe_wait_fd(fd, POLLOUT, dl);
		if (w == 0) {
			conn_why(c, "connect: timed out");
			goto fail;
		}
		if (w < 0) {
			conn_why(c, "connect: poll: %s", strerror(errno));
			goto fail;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0)
			err = errno;
		if (err != 0) {
			conn_why(c, "connect: %s", strerror(err));
			goto fail;
		}
	}
	c->fd = fd;
	c->budget_held = true;
	c->budget_addr = *addr;
	return 0;
fail:
	close(fd);
	budget_release(addr);
	return -1;
}

int tls_conn_send(struct tls_conn *c, const void *buf, size_t len, deadline_t dl)
{
	const unsigned char *p = buf;
	size_t off = 0;

	if (c->fd < 0)
		return -1;
	while (off < len) {
		ssize_t n = send(c->fd, p + off, len - off, MSG_NOSIGNAL);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			int w = probe_wait_fd(c->fd, POLLOUT, dl);
			if (w == 1)
				continue;
			conn_why(c, "send: %s", w == 0 ? "timed out" : strerror(errno));
			return -1;
		}
		conn_why(c, "send: %s", n < 0 ? strerror(errno) : "nothing sent");
		return -1;
	}
	return 0;
}

ssize_t tls_conn_recv(struct tls_conn *c, void *buf, size_t cap, deadline_t dl)
{
	if (c->fd < 0 || cap == 0)
		return -1;
	for (;;) {
		ssize_t n = recv(c->fd, buf, cap, 0);
		int w;

		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			int e = errno;
			conn_why(c, "recv: %s", strerror(e));
			errno = e;                 /* smtp_read_reply tells a reset apart */
			return -1;
		}
		w = probe_wait_fd(c->fd, POLLIN, dl);
		if (w == 1)
			continue;
		conn_why(c, "recv: %s", w == 0 ? "timed out" : strerror(errno));
		return -1;
	}
}

/* ------------------------------------------------------------- SMTP ---- */

/* Bytes received but not yet parsed: the rest of the stream after a reply. A full
 * buffer always gets a decision from smtp_reply_parse (SMTP_REPLY_MAX). */
struct smtp_stream {
	uint8_t buf[SMTP_REPLY_MAX];
	size_t len;
};

/* Read one complete (multi-line) reply: 0, or -1 with c->why (timeout, EOF, garbage),
 * -2 when the server closed or reset the connection before sending a byte of it. */
static int smtp_read_reply(struct tls_conn *c, struct smtp_stream *s, struct smtp_reply *r,
                           const char *what, deadline_t dl)
{
	char why[sizeof c->why];

	for (;;) {
		size_t used;
		int got = smtp_reply_parse(s->buf, s->len, r, &used, why, sizeof why);

		if (got < 0) {
			conn_why(c, "SMTP %s: %s", what, why);
			return -1;
		}
		if (got > 0) {
			/* keep what follows the reply (STYLE rule 5: via the cursor) */
			struct cursor rest;
			cursor_init(&rest, s->buf, s->len);
			(void)cursor_skip(&rest, used);
			memmove(s->buf, cursor_data(&rest), cursor_len(&rest));
			s->len = cursor_len(&rest);
			return 0;
		}
		if (s->len == sizeof s->buf) {   /* cannot happen: a full buffer is decided */
			conn_why(c, "SMTP %s: reply over %d bytes", what, SMTP_REPLY_MAX);
			return -1;
		}
		errno = 0;
		ssize_t n = tls_conn_recv(c, s->buf + s->len, sizeof s->buf - s->len, dl);
		if (n == 0) {
			conn_why(c, "SMTP %s: server closed the connection", what);
			return s->len == 0 ? -2 : -1;
		}
		if (n < 0) {
			bool reset = errno == ECONNRESET || errno == EPIPE;
			char prev[sizeof c->why];
			snprintf(prev, sizeof prev, "%s", c->why);
			conn_why(c, "SMTP %s: %s", what, prev);
			return reset && s->len == 0 ? -2 : -1;
		}
		s->len += (size_t)n;
	}
}

/* spec §3.10: banner, EHLO (250 with STARTTLS), STARTTLS (220). */
static enum tls_conn_result smtp_starttls(struct tls_conn *c, const char *ehlo, deadline_t dl)
{
	struct smtp_stream s = { .len = 0 };
	struct smtp_reply r;
	char cmd[300];
	int n;

	int got = smtp_read_reply(c, &s, &r, "banner", dl);
	if (got == -2)
		return TLS_CONN_RATE_LIMITED;   /* hung up before the banner: a connection limit */
	if (got < 0)
		return TLS_CONN_SMTP_FAILED;
	if (r.code == 421) {
		/* RFC 5321 §3.8 / §4.2.3: "service not available" on connect, the answer of a
		 * server over its connection limit (issue 17); a 421 to EHLO is not this */
		conn_why(c, "SMTP banner: 421 (the server refuses more connections now)");
		return TLS_CONN_RATE_LIMITED;
	}
	if (r.code < 200 || r.code > 299) {
		conn_why(c, "SMTP banner: %d", r.code);
		tls_conn_smtp_quit(c);          /* RFC 5321 §3.1: QUIT after a 554 greeting */
		return TLS_CONN_SMTP_FAILED;
	}
	n = snprintf(cmd, sizeof cmd, "EHLO %s\r\n", ehlo ? ehlo : "inetcheck.invalid");
	if (n < 0 || (size_t)n >= sizeof cmd) {
		conn_why(c, "EHLO name too long");
		return TLS_CONN_SMTP_FAILED;
	}
	if (tls_conn_send(c, cmd, (size_t)n, dl) < 0) {
		conn_why(c, "SMTP EHLO: send failed");
		return TLS_CONN_SMTP_FAILED;
	}
	if (smtp_read_reply(c, &s, &r, "EHLO", dl) < 0)
		return TLS_CONN_SMTP_FAILED;
	if (r.code != 250) {
		conn_why(c, "SMTP EHLO: %d", r.code);
		if (r.code != 421)              /* a 421 closes the session (RFC 5321 §3.8) */
			tls_conn_smtp_quit(c);
		return TLS_CONN_SMTP_FAILED;
	}
	if (!r.starttls) {
		conn_why(c, "SMTP EHLO: STARTTLS not offered");
		tls_conn_smtp_quit(c);
		return TLS_CONN_NO_STARTTLS;
	}
	if (tls_conn_send(c, "STARTTLS\r\n", 10, dl) < 0) {
		conn_why(c, "SMTP STARTTLS: send failed");
		return TLS_CONN_SMTP_FAILED;
	}
	if (smtp_read_reply(c, &s, &r, "STARTTLS", dl) < 0)
		return TLS_CONN_SMTP_FAILED;
	if (r.code != 220) {
		conn_why(c, "SMTP STARTTLS: %d", r.code);
		tls_conn_smtp_quit(c);
		return TLS_CONN_NO_STARTTLS;
	}
	/* bytes after the 220 would be a protocol violation (and a STARTTLS injection) */
	if (s.len > 0) {
		conn_why(c, "SMTP STARTTLS: data after the 220 reply");
		return TLS_CONN_SMTP_FAILED;
	}
	return TLS_CONN_OK;
}

enum tls_conn_result tls_conn_open_within(struct tls_conn *c, const struct netaddr *addr,
                                          enum tls_starttls st, const char *ehlo,
                                          deadline_t wait_dl, int timeout_ms)
{
	enum tls_conn_result res;

	c->fd = -1;
	c->dl = wait_dl;
	c->slot_at = deadline_now_ms();
	c->why[0] = '\0';
	c->budget_held = false;
	c->budget_timeout = false;
	c->smtp = false;
	if (guard_check(addr, c->why, sizeof c->why) < 0) {
		if (c->why[0] == '\0')
			conn_why(c, "address refused by the target guard");
		return TLS_CONN_REFUSED;
	}
	for (size_t attempt = 0;; attempt++) {
		size_t last = sizeof conn_backoff_ms / sizeof conn_backoff_ms[0] - 1;
		int pause = conn_backoff_ms[attempt < last ? attempt : last];

		if (tcp_connect(c, addr, wait_dl, timeout_ms) < 0)
			return TLS_CONN_TCP_FAILED;
		if (st != TLS_STARTTLS_SMTP)
			return TLS_CONN_OK;
		c->smtp = true;
		res = smtp_starttls(c, ehlo, c->dl);
		if (res == TLS_CONN_OK) {
			c->smtp = false;        /* TLS from here on: no plaintext QUIT */
			return res;
		}
		tls_conn_close(c);              /* the slot goes back during the pause */
		if (res != TLS_CONN_RATE_LIMITED)
			return res;
		/* issue 17: back off and ask again, never past the deadline (STYLE rule 8) */
		if (deadline_left_ms(wait_dl) < pause + CONN_RETRY_RESERVE_MS)
			return res;
		(void)poll(NULL, 0, pause);
	}
}

enum tls_conn_result tls_conn_open(struct tls_conn *c, const struct netaddr *addr,
                                   enum tls_starttls st, const char *ehlo, deadline_t dl)
{
	return tls_conn_open_within(c, addr, st, ehlo, dl, 0);
}

enum tls_flight_status tls_conn_exchange(struct tls_conn *c, const uint8_t *hello, size_t len,
                                         struct tls_flight *f, deadline_t dl)
{
	uint8_t buf[FLIGHT_CHUNK];

	if (tls_conn_send(c, hello, len, dl) < 0)
		return f->status;
	while (f->status == TLS_FLIGHT_MORE) {
		ssize_t n = tls_conn_recv(c, buf, sizeof buf, dl);
		if (n == 0) {
			conn_why(c, "server closed the connection");
			break;
		}
		if (n < 0)
			break;
		tls_flight_feed(f, buf, (size_t)n);
	}
	return f->status;
}

void tls_conn_smtp_quit(struct tls_conn *c)
{
	/* best effort, never waits: the reply is not read (issue 17: end sessions politely) */
	if (c->fd >= 0 && c->smtp)
		(void)send(c->fd, "QUIT\r\n", 6, MSG_NOSIGNAL | MSG_DONTWAIT);
	c->smtp = false;
}

void tls_conn_close(struct tls_conn *c)
{
	if (c->fd >= 0) {
		close(c->fd);
		if (c->budget_held)
			budget_release(&c->budget_addr);
	}
	c->budget_held = false;
	c->fd = -1;
}

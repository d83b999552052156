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
#include "net/probe.h"
#include "tls/smtp.h"

#define FLIGHT_CHUNK     16384

static void conn_why(struct tls_conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void conn_why(struct tls_conn *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof c->why, fmt, ap);
	va_end(ap);
}

/* Non-blocking connect bounded by the deadline: 0 or -1 (c->why set, fd closed). */
static int tcp_connect(struct tls_conn *c, const struct netaddr *addr, deadline_t dl)
{
	struct sockaddr_storage ss;
	socklen_t sslen = netaddr_sockaddr(addr, &ss);
	int err = 0;
	socklen_t errlen = sizeof err;
	int fd, w;

	if (sslen == 0 || addr->port == 0) {
		conn_why(c, "no address or port to connect to");
		return -1;
	}
	fd = socket(addr->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		error_note_errno(errno);   /* out of descriptors: not the server's fault */
		conn_why(c, "socket: %s", strerror(errno));
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
	return 0;
fail:
	close(fd);
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
			conn_why(c, "recv: %s", strerror(errno));
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

/* Read one complete (multi-line) reply: 0, or -1 with c->why (timeout, EOF, garbage). */
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
		ssize_t n = tls_conn_recv(c, s->buf + s->len, sizeof s->buf - s->len, dl);
		if (n == 0) {
			conn_why(c, "SMTP %s: server closed the connection", what);
			return -1;
		}
		if (n < 0) {
			char prev[sizeof c->why];
			snprintf(prev, sizeof prev, "%s", c->why);
			conn_why(c, "SMTP %s: %s", what, prev);
			return -1;
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

	if (smtp_read_reply(c, &s, &r, "banner", dl) < 0)
		return TLS_CONN_SMTP_FAILED;
	if (r.code < 200 || r.code > 299) {
		conn_why(c, "SMTP banner: %d", r.code);
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
		return TLS_CONN_SMTP_FAILED;
	}
	if (!r.starttls) {
		conn_why(c, "SMTP EHLO: STARTTLS not offered");
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
		return TLS_CONN_NO_STARTTLS;
	}
	/* bytes after the 220 would be a protocol violation (and a STARTTLS injection) */
	if (s.len > 0) {
		conn_why(c, "SMTP STARTTLS: data after the 220 reply");
		return TLS_CONN_SMTP_FAILED;
	}
	return TLS_CONN_OK;
}

enum tls_conn_result tls_conn_open(struct tls_conn *c, const struct netaddr *addr,
                                   enum tls_starttls st, const char *ehlo, deadline_t dl)
{
	enum tls_conn_result res;

	c->fd = -1;
	c->why[0] = '\0';
	if (guard_check(addr, c->why, sizeof c->why) < 0) {
		if (c->why[0] == '\0')
			conn_why(c, "address refused by the target guard");
		return TLS_CONN_REFUSED;
	}
	if (tcp_connect(c, addr, dl) < 0)
		return TLS_CONN_TCP_FAILED;
	if (st != TLS_STARTTLS_SMTP)
		return TLS_CONN_OK;
	res = smtp_starttls(c, ehlo, dl);
	if (res != TLS_CONN_OK) {
		close(c->fd);
		c->fd = -1;
	}
	return res;
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

void tls_conn_close(struct tls_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

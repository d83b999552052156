/*
 * probe.c -- TCP reachability and direct DNS queries (spec §3.1, §8 item 30).
 * See probe.h. Received bytes are only read through the cursor (STYLE rule 5).
 */
#include "net/probe.h"

#include "core/error.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/cursor.h"
#include "net/budget.h"

#define DNS_PORT          53
#define DNS_HEADER_LEN    12
#define DNS_CLASS_IN      1
#define DNS_TYPE_OPT      41
#define DNS_FLAG_QR       0x8000
#define DNS_FLAG_TC       0x0200
#define DNS_FLAG_RD       0x0100
#define DNS_FLAG_CD       0x0010
#define DNS_MAX_MSG       65535

/* rcodes for which dnspython accepts a reply with an empty question section */
#define DNS_RCODE_FORMERR  1
#define DNS_RCODE_SERVFAIL 2
#define DNS_RCODE_NOTIMP   4
#define DNS_RCODE_REFUSED  5

/* ---------------------------------------------------------------- TCP ---- */

/* A non-blocking socket connected (or connecting) to `addr`; -1 on error. */
static int socket_connect(const struct netaddr *addr, int type, bool *in_progress)
{
	struct sockaddr_storage ss;
	socklen_t sslen = netaddr_sockaddr(addr, &ss);
	int fd;

	*in_progress = false;
	if (sslen == 0)
		return -1;
	fd = socket(addr->family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		error_note_errno(errno);   /* out of descriptors: not the server's fault */
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&ss, sslen) == 0)
		return fd;
	if (errno == EINPROGRESS) {
		*in_progress = true;
		return fd;
	}
	close(fd);
	return -1;
}

/* A TCP socket_connect holding a slot of the connection budget (issue 17), -1 when
 * the slot's wait reached the deadline or the socket failed; close with tcp_close. */
static int tcp_open(const struct netaddr *addr, deadline_t deadline, bool *in_progress)
{
	int fd;

	*in_progress = false;
	if (budget_acquire(addr, deadline) < 0)
		return -1;
	fd = socket_connect(addr, SOCK_STREAM, in_progress);
	if (fd < 0)
		budget_release(addr);
	return fd;
}

static void tcp_close(int fd, const struct netaddr *addr)
{
	close(fd);
	budget_release(addr);
}

int probe_wait_fd(int fd, short events, deadline_t deadline)
{
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = events };
		int left = deadline_left_ms(deadline);
		int n;

		if (left == 0)
			return 0;
		n = poll(&pfd, 1, left);
		if (n > 0)
			return 1;
		if (n == 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

/* Finish a non-blocking connect: 0 connected, -1 failed or timed out. */
static int connect_finish(int fd, bool in_progress, deadline_t deadline)
{
	int err = 0;
	socklen_t errlen = sizeof(err);

	if (!in_progress)
		return 0;
	if (probe_wait_fd(fd, POLLOUT, deadline) != 1)
		return -1;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0 || err != 0)
		return -1;
	return 0;
}

enum probe_outcome probe_tcp_connect_within(const struct netaddr *addr, deadline_t wait_dl,
                                            int timeout_ms)
{
	enum probe_outcome o = PROBE_FAILED;
	bool in_progress;
	deadline_t deadline;
	int fd;

	if (guard_check(addr, NULL, 0) < 0)
		return PROBE_REFUSED;
	if (addr->port == 0)
		return PROBE_FAILED;
	if (budget_acquire(addr, wait_dl) < 0)
		return PROBE_BUSY;
	/* the connect's own timeout starts once the slot is ours (issue 17) */
	deadline = timeout_ms > 0 ? deadline_min(wait_dl, deadline_in(timeout_ms)) : wait_dl;
	fd = socket_connect(addr, SOCK_STREAM, &in_progress);
	if (fd < 0) {
		budget_release(addr);
		return PROBE_FAILED;
	}
	if (connect_finish(fd, in_progress, deadline) == 0)
		o = PROBE_OK;
	tcp_close(fd, addr);
	return o;
}

enum probe_outcome probe_tcp_connect(const struct netaddr *addr, deadline_t deadline)
{
	enum probe_outcome o = probe_tcp_connect_within(addr, deadline, 0);

	return o == PROBE_BUSY ? PROBE_FAILED : o;
}

/* ------------------------------------------------------ DNS wire format ---- */

static void put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

int dns_query_build(uint8_t *buf, size_t buflen, const char *qname, uint16_t qtype, uint16_t id)
{
	size_t namelen = strlen(qname), o = DNS_HEADER_LEN, wire = 1;
	size_t i = 0;

	if (namelen > 0 && qname[namelen - 1] == '.')
		namelen--;          /* one trailing dot: the root */
	if (buflen < DNS_HEADER_LEN)
		return -1;
	put_u16(buf, id);
	put_u16(buf + 2, DNS_FLAG_RD | DNS_FLAG_CD);   /* dnspython default RD; CD per spec §3.1 */
	put_u16(buf + 4, 1);    /* QDCOUNT */
	put_u16(buf + 6, 0);    /* ANCOUNT */
	put_u16(buf + 8, 0);    /* NSCOUNT */
	put_u16(buf + 10, 1);   /* ARCOUNT: the OPT record */

	while (i < namelen) {
		size_t start = i;
		while (i < namelen && qname[i] != '.') {
			if (qname[i] == '\\')
				return -1;      /* escapes are not needed for A-labels */
			i++;
		}
		size_t label = i - start;
		if (label == 0 || label > 63)
			return -1;
		wire += 1 + label;
		if (wire > 255 || o + 1 + label > buflen)
			return -1;
		buf[o++] = (uint8_t)label;
		memcpy(buf + o, qname + start, label);
		o += label;
		if (i < namelen) {
			i++;            /* the dot */
			if (i == namelen)
				return -1;  /* "a..": empty last label */
		}
	}
	/* root label, question type/class, OPT RR (RFC 6891) */
	if (o + 1 + 4 + 11 > buflen)
		return -1;
	buf[o++] = 0;
	put_u16(buf + o, qtype);
	put_u16(buf + o + 2, DNS_CLASS_IN);
	o += 4;
	buf[o++] = 0;                               /* owner: root */
	put_u16(buf + o, DNS_TYPE_OPT);
	put_u16(buf + o + 2, DNS_EDNS_UDPSIZE);     /* class = UDP payload size */
	put_u16(buf + o + 4, 0);                    /* extended rcode, version */
	put_u16(buf + o + 6, 0);                    /* DO=0, Z */
	put_u16(buf + o + 8, 0);                    /* RDLENGTH */
	o += 10;
	return (int)o;
}

struct dns_header {
	uint16_t id, flags, qd, an, ns, ar;
};

static int header_get(struct cursor *c, struct dns_header *h)
{
	if (cursor_get_u16(c, &h->id) < 0 || cursor_get_u16(c, &h->flags) < 0 ||
	    cursor_get_u16(c, &h->qd) < 0 || cursor_get_u16(c, &h->an) < 0 ||
	    cursor_get_u16(c, &h->ns) < 0 || cursor_get_u16(c, &h->ar) < 0)
		return -1;
	return 0;
}

/* An uncompressed name as a sub-cursor (labels and the root byte). */
static int name_get(struct cursor *c, struct cursor *name)
{
	struct cursor start = *c;
	size_t wire = 0;

	for (;;) {
		uint8_t len;
		if (cursor_get_u8(c, &len) < 0 || len > 63 || cursor_skip(c, len) < 0)
			goto fail;
		wire += 1u + len;
		if (wire > 255)
			goto fail;
		if (len == 0)
			break;
	}
	return cursor_get_bytes(&start, name, wire);
fail:
	*c = start;
	return -1;
}

/* Skip a possibly compressed name (the pointer target is not followed). */
static int name_skip(struct cursor *c)
{
	size_t wire = 0;

	for (;;) {
		uint8_t len, low;
		if (cursor_get_u8(c, &len) < 0)
			return -1;
		if ((len & 0xc0) == 0xc0)
			return cursor_get_u8(c, &low);
		if (len > 63)
			return -1;      /* 0x40 / 0x80 label types are obsolete */
		wire += 1u + len;
		if (wire > 255 || cursor_skip(c, len) < 0)
			return -1;
		if (len == 0)
			return 0;
	}
}

/* Equal wire names, ASCII case-insensitively (length octets are <= 63, never letters). */
static bool name_equal(struct cursor a, struct cursor b)
{
	if (cursor_len(&a) != cursor_len(&b))
		return false;
	while (cursor_len(&a) > 0) {
		uint8_t x, y;
		(void)cursor_get_u8(&a, &x);
		(void)cursor_get_u8(&b, &y);
		if (x >= 'A' && x <= 'Z')
			x = (uint8_t)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (uint8_t)(y + 32);
		if (x != y)
			return false;
	}
	return true;
}

struct dns_question {
	struct cursor name;
	uint16_t type, class;
};

static int question_get(struct cursor *c, struct dns_question *q)
{
	if (name_get(c, &q->name) < 0 || cursor_get_u16(c, &q->type) < 0 ||
	    cursor_get_u16(c, &q->class) < 0)
		return -1;
	return 0;
}

/* Walk `n` resource records; an OPT record's extended rcode goes into *ext_rcode. */
static int records_skip(struct cursor *c, unsigned n, unsigned *ext_rcode)
{
	for (unsigned i = 0; i < n; i++) {
		uint16_t type, class;
		uint32_t ttl;
		struct cursor rdata;
		if (name_skip(c) < 0 || cursor_get_u16(c, &type) < 0 || cursor_get_u16(c, &class) < 0 ||
		    cursor_get_u32(c, &ttl) < 0 || cursor_get_u16_prefixed(c, &rdata) < 0)
			return -1;
		if (type == DNS_TYPE_OPT)
			*ext_rcode = ttl >> 24;
	}
	return 0;
}

int dns_reply_matches(const uint8_t *reply, size_t len, const uint8_t *query, size_t qlen,
                      bool *truncated)
{
	struct cursor qc, rc;
	struct dns_header qh, rh;
	struct dns_question ours;
	unsigned rcode, ext_rcode = 0;
	bool tc;

	cursor_init(&qc, query, qlen);
	if (header_get(&qc, &qh) < 0 || qh.qd != 1 || question_get(&qc, &ours) < 0)
		return 0;

	cursor_init(&rc, reply, len);
	if (header_get(&rc, &rh) < 0)
		return 0;
	if (rh.id != qh.id || !(rh.flags & DNS_FLAG_QR) ||
	    ((rh.flags >> 11) & 0xf) != ((qh.flags >> 11) & 0xf))
		return 0;
	tc = (rh.flags & DNS_FLAG_TC) != 0;

	for (unsigned i = 0; i < rh.qd; i++) {
		struct dns_question theirs;
		if (question_get(&rc, &theirs) < 0 || !name_equal(theirs.name, ours.name) ||
		    theirs.type != ours.type || theirs.class != ours.class)
			return 0;
	}
	if (!tc) {
		/* a complete message: every counted record present, nothing after them */
		if (records_skip(&rc, (unsigned)rh.an + rh.ns + rh.ar, &ext_rcode) < 0 ||
		    cursor_len(&rc) != 0)
			return 0;
	}
	rcode = (ext_rcode << 4) | (rh.flags & 0xf);
	if (rh.qd == 0 && rcode != DNS_RCODE_FORMERR && rcode != DNS_RCODE_SERVFAIL &&
	    rcode != DNS_RCODE_NOTIMP && rcode != DNS_RCODE_REFUSED)
		return 0;
	if (truncated)
		*truncated = tc;
	return 1;
}

/* ------------------------------------------------------- DNS transport ---- */

static int random_u16(uint16_t *out)
{
	for (;;) {
		ssize_t n = getrandom(out, sizeof(*out), 0);
		if (n == (ssize_t)sizeof(*out))
			return 0;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

/* One exchange over a connected UDP socket; *truncated set when TC=1. */
static enum probe_outcome dns_exchange_udp(const struct netaddr *to, const uint8_t *q, size_t qlen,
                                           deadline_t deadline, bool *truncated)
{
	enum probe_outcome o = PROBE_FAILED;
	uint8_t *buf = NULL;
	bool in_progress;
	int fd;

	fd = socket_connect(to, SOCK_DGRAM, &in_progress);
	if (fd < 0)
		return PROBE_FAILED;
	buf = malloc(DNS_MAX_MSG);
	if (!buf)
		goto out;
	if (send(fd, q, qlen, MSG_NOSIGNAL) != (ssize_t)qlen)
		goto out;
	for (;;) {
		ssize_t n;
		if (probe_wait_fd(fd, POLLIN, deadline) != 1)
			goto out;
		n = recv(fd, buf, DNS_MAX_MSG, 0);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
				continue;
			goto out;       /* ECONNREFUSED etc.: ICMP error on the connected socket */
		}
		/* anything that does not answer our query is ignored (spoofed, stray) */
		if (dns_reply_matches(buf, (size_t)n, q, qlen, truncated)) {
			o = PROBE_OK;
			goto out;
		}
	}
out:
	free(buf);
	tcp_close(fd, to);
	return o;
}

static int write_all(int fd, const uint8_t *p, size_t n, deadline_t deadline)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w;
		if (probe_wait_fd(fd, POLLOUT, deadline) != 1)
			return -1;
		w = send(fd, p + done, n - done, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
				continue;
			return -1;
		}
		done += (size_t)w;
	}
	return 0;
}

static int read_all(int fd, uint8_t *p, size_t n, deadline_t deadline)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r;
		if (probe_wait_fd(fd, POLLIN, deadline) != 1)
			return -1;
		r = recv(fd, p + done, n - done, 0);
		if (r == 0)
			return -1;      /* closed early */
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
				continue;
			return -1;
		}
		done += (size_t)r;
	}
	return 0;
}

/* One exchange over TCP with the 2-byte length prefix (RFC 1035 §4.2.2). */
static enum probe_outcome dns_exchange_tcp(const struct netaddr *to, const uint8_t *q, size_t qlen,
                                           deadline_t deadline)
{
	enum probe_outcome o = PROBE_FAILED;
	uint8_t *buf = NULL;
	uint8_t out[2 + DNS_QUERY_MAX], lenbuf[2];
	struct cursor lc;
	uint16_t rlen;
	bool in_progress;
	int fd;

	if (qlen > DNS_QUERY_MAX)
		return PROBE_FAILED;
	fd = tcp_open(to, deadline, &in_progress);
	if (fd < 0)
		return PROBE_FAILED;
	buf = malloc(DNS_MAX_MSG);
	if (!buf || connect_finish(fd, in_progress, deadline) < 0)
		goto out;
	put_u16(out, (uint16_t)qlen);
	memcpy(out + 2, q, qlen);
	if (write_all(fd, out, qlen + 2, deadline) < 0)
		goto out;
	if (read_all(fd, lenbuf, sizeof(lenbuf), deadline) < 0)
		goto out;
	cursor_init(&lc, lenbuf, sizeof(lenbuf));
	if (cursor_get_u16(&lc, &rlen) < 0 || read_all(fd, buf, rlen, deadline) < 0)
		goto out;
	if (dns_reply_matches(buf, rlen, q, qlen, NULL))
		o = PROBE_OK;
out:
	free(buf);
	tcp_close(fd, to);
	return o;
}

enum probe_outcome probe_dns_query(const struct netaddr *addr, const char *qname, deadline_t deadline)
{
	uint8_t q[DNS_QUERY_MAX];
	struct netaddr to = *addr;
	enum probe_outcome o;
	bool truncated = false;
	uint16_t id;
	int qlen;

	if (guard_check(addr, NULL, 0) < 0)
		return PROBE_REFUSED;
	if (to.port == 0)
		to.port = DNS_PORT;
	if (random_u16(&id) < 0)
		return PROBE_FAILED;
	qlen = dns_query_build(q, sizeof(q), qname, DNS_TYPE_NS, id);
	if (qlen < 0)
		return PROBE_FAILED;
	o = dns_exchange_udp(&to, q, (size_t)qlen, deadline, &truncated);
	/* spec §3.1: TCP fallback when truncated; like dnspython's udp_with_fallback,
	 * the TCP exchange then decides */
	if (o == PROBE_OK && truncated)
		o = dns_exchange_tcp(&to, q, (size_t)qlen, deadline);
	return o;
}

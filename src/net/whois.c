/*
 * whois.c -- one query to a RIS-style whois server (spec §3.5 step 2, §9).
 * See whois.h.
 *
 * As internet.nl's RisWhoisIPtoASN._query_riswhois: connect (3 s), send
 * "-L <address>\n", read until the server closes (8 s per read), fail when
 * the answer grows over 1 MiB. The caller's deadline caps every wait, so a
 * slow server costs at most what the test run allows. The answer is not
 * looked at here: checks/rpsl.c parses it.
 */
#include "net/whois.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/budget.h"
#include "net/probe.h"

#define WHOIS_CHUNK (64 * 1024)

/* ------------------------------------------------------------ server ---- */

/* "1".."65535", decimal digits only. */
static int port_parse(const char *s, unsigned short *port)
{
	unsigned long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > 65535)
			return -1;
	}
	if (v == 0)
		return -1;
	*port = (unsigned short)v;
	return 0;
}

/* A host name or IPv4 literal: letters, digits, '-', '_' and '.'. */
static bool host_chars_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
			return false;
	return true;
}

int whois_server_parse(const char *arg, struct whois_server *out, struct error *err)
{
	const char *host = arg, *port = NULL, *colon;
	size_t hostlen;
	bool ipv6 = false;
	struct netaddr na;

	memset(out, 0, sizeof(*out));
	out->port = WHOIS_DEFAULT_PORT;
	if (arg[0] == '[') {
		const char *close = strchr(arg, ']');
		if (!close)
			return error_set(err, "unbalanced brackets in \"%s\"", arg);
		host = arg + 1;
		hostlen = (size_t)(close - host);
		if (close[1] == ':')
			port = close + 2;
		else if (close[1] != '\0')
			return error_set(err, "expected \":PORT\" after \"]\" in \"%s\"", arg);
		ipv6 = true;
	} else if (strchr(arg, ']')) {
		return error_set(err, "unbalanced brackets in \"%s\"", arg);
	} else if ((colon = strchr(arg, ':')) != NULL && strchr(colon + 1, ':')) {
		hostlen = strlen(arg);          /* two or more colons: a bare IPv6 literal */
		ipv6 = true;
	} else if (colon) {
		hostlen = (size_t)(colon - arg);
		port = colon + 1;
	} else {
		hostlen = strlen(arg);
	}
	if (hostlen == 0)
		return error_set(err, "empty host in \"%s\"", arg);
	if (hostlen >= sizeof(out->host))
		return error_set(err, "host name over %zu characters", sizeof(out->host) - 1);
	memcpy(out->host, host, hostlen);
	out->host[hostlen] = '\0';
	if (ipv6 && (netaddr_parse(out->host, &na) < 0 || na.family != AF_INET6))
		return error_set(err, "\"%s\" is not an IPv6 address", out->host);
	if (!ipv6 && !host_chars_ok(out->host))
		return error_set(err, "bad character in host \"%s\"", out->host);
	if (port && port_parse(port, &out->port) < 0)
		return error_set(err, "bad port \"%s\" (1-65535)", port);
	return 0;
}

/* -------------------------------------------------------- connection ---- */

/* "192.0.2.1:43" or "[2001:db8::1]:43" for messages. */
static const char *endpoint_str(const struct netaddr *addr, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	netaddr_str(addr, a, sizeof(a));
	snprintf(buf, len, addr->family == AF_INET6 ? "[%s]:%u" : "%s:%u", a, (unsigned)addr->port);
	return buf;
}

/* Non-blocking TCP connect within min(deadline, 3 s): the socket, or -1 with a reason. */
static int whois_connect(const struct netaddr *addr, deadline_t deadline, const char *where,
                         struct error *err)
{
	struct sockaddr_storage ss;
	socklen_t sslen = netaddr_sockaddr(addr, &ss), errlen = sizeof(int);
	int fd, soerr = 0, ready;

	if (sslen == 0)
		return error_set(err, "connect to %s: unknown address family", where);
	fd = socket(addr->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		error_note_errno(errno);   /* out of descriptors: not the server's fault */
		return error_set(err, "socket: %s", strerror(errno));
	}
	if (connect(fd, (struct sockaddr *)&ss, sslen) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		error_set(err, "connect to %s: %s", where, strerror(errno));
		goto fail;
	}
	ready = probe_wait_fd(fd, POLLOUT,
	                      deadline_min(deadline, deadline_in(WHOIS_CONNECT_TIMEOUT_MS)));
	if (ready == 0) {
		error_set(err, "connect to %s: timed out", where);
		goto fail;
	}
	if (ready < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &errlen) < 0) {
		error_set(err, "connect to %s: %s", where, strerror(errno));
		goto fail;
	}
	if (soerr != 0) {
		error_set(err, "connect to %s: %s", where, strerror(soerr));
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

/* Send all of `buf`, each wait within min(deadline, 8 s). */
static int send_all(int fd, const char *buf, size_t len, deadline_t deadline, const char *where,
                    struct error *err)
{
	size_t sent = 0;

	while (sent < len) {
		ssize_t n = send(fd, buf + sent, len - sent, MSG_NOSIGNAL);
		if (n > 0) {
			sent += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return error_set(err, "send to %s: %s", where, strerror(errno));
		int ready = probe_wait_fd(fd, POLLOUT,
		                          deadline_min(deadline, deadline_in(WHOIS_READ_TIMEOUT_MS)));
		if (ready == 0)
			return error_set(err, "send to %s: timed out", where);
		if (ready < 0)
			return error_set(err, "send to %s: %s", where, strerror(errno));
	}
	return 0;
}

/* Read until EOF into `out` (NUL-terminated), each wait within min(deadline, 8 s). */
static int read_all(int fd, deadline_t deadline, const char *where, struct whois_answer *out,
                    struct error *err)
{
	size_t cap = 0;

	for (;;) {
		/* room for one byte over the limit (to see it) and the NUL */
		if (out->len + 1 >= cap) {
			size_t grown = cap ? cap * 2 : WHOIS_CHUNK;
			if (grown > (size_t)WHOIS_MAX_ANSWER + 2)
				grown = (size_t)WHOIS_MAX_ANSWER + 2;
			uint8_t *p = realloc(out->data, grown);
			if (!p)
				return error_set(err, "out of memory");
			out->data = p;
			cap = grown;
		}
		size_t room = cap - 1 - out->len;
		if (room > WHOIS_CHUNK)
			room = WHOIS_CHUNK;
		ssize_t n = recv(fd, out->data + out->len, room, 0);
		if (n > 0) {
			out->len += (size_t)n;
			if (out->len > WHOIS_MAX_ANSWER)
				return error_set(err, "answer over %d bytes", WHOIS_MAX_ANSWER);
			continue;
		}
		if (n == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return error_set(err, "read from %s: %s", where, strerror(errno));
		int ready = probe_wait_fd(fd, POLLIN,
		                          deadline_min(deadline, deadline_in(WHOIS_READ_TIMEOUT_MS)));
		if (ready == 0)
			return error_set(err, "read from %s: timed out", where);
		if (ready < 0)
			return error_set(err, "read from %s: %s", where, strerror(errno));
	}
	if (!out->data) {
		out->data = malloc(1);
		if (!out->data)
			return error_set(err, "out of memory");
	}
	out->data[out->len] = '\0';
	return 0;
}

/* ------------------------------------------------------------- cache ---- */

#define WHOIS_CACHE_BUCKETS 1024

struct cached_answer {
	struct cached_answer *next;
	struct netaddr server;
	char query[INET6_ADDRSTRLEN];
	uint8_t *data;
	size_t len;
};

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static struct cached_answer *cache[WHOIS_CACHE_BUCKETS];
static size_t cache_max, cache_n;

static size_t cache_bucket(const struct netaddr *server, const char *query)
{
	size_t h = 5381u + server->port;

	for (const char *p = query; *p; p++)
		h = h * 33u + (unsigned char)*p;
	return h % WHOIS_CACHE_BUCKETS;
}

static void cache_clear_locked(void)
{
	for (size_t i = 0; i < WHOIS_CACHE_BUCKETS; i++)
		while (cache[i]) {
			struct cached_answer *c = cache[i];
			cache[i] = c->next;
			free(c->data);
			free(c);
		}
	cache_n = 0;
}

void whois_cache_configure(size_t max_answers)
{
	pthread_mutex_lock(&cache_mu);
	cache_clear_locked();
	cache_max = max_answers;
	pthread_mutex_unlock(&cache_mu);
}

/* The kept answer of (server, query), or NULL; under cache_mu. */
static struct cached_answer *cache_find_locked(const struct netaddr *server, const char *query)
{
	struct cached_answer *c = cache[cache_bucket(server, query)];

	while (c && !(netaddr_equal(&c->server, server) && strcmp(c->query, query) == 0))
		c = c->next;
	return c;
}

/* A copy of the cached answer into `out`: true when there was one. */
static bool cache_get(const struct netaddr *server, const char *query, struct whois_answer *out)
{
	struct cached_answer *c;
	bool hit = false;

	pthread_mutex_lock(&cache_mu);
	c = cache_max > 0 ? cache_find_locked(server, query) : NULL;
	if (c && (out->data = malloc(c->len + 1)) != NULL) {
		memcpy(out->data, c->data, c->len + 1);
		out->len = c->len;
		hit = true;
	}
	pthread_mutex_unlock(&cache_mu);
	return hit;
}

/* Keep a copy of a successful answer (nothing when the cache is off or memory is short). */
static void cache_put(const struct netaddr *server, const char *query, const struct whois_answer *a)
{
	struct cached_answer *c;
	size_t b;

	pthread_mutex_lock(&cache_mu);
	if (cache_max == 0)
		goto out;
	if (cache_n >= cache_max)
		cache_clear_locked();
	if (cache_find_locked(server, query))
		goto out;               /* a concurrent query of the same question came first */
	b = cache_bucket(server, query);
	c = calloc(1, sizeof(*c));
	if (c)
		c->data = malloc(a->len + 1);
	if (!c || !c->data) {
		free(c);
		goto out;
	}
	memcpy(c->data, a->data, a->len + 1);
	c->len = a->len;
	c->server = *server;
	snprintf(c->query, sizeof(c->query), "%s", query);
	c->next = cache[b];
	cache[b] = c;
	cache_n++;
out:
	pthread_mutex_unlock(&cache_mu);
}

/* ------------------------------------------------------------- query ---- */

int whois_query(const struct netaddr *addr, const char *query, deadline_t deadline,
                struct whois_answer *out, struct error *err)
{
	char where[INET6_ADDRSTRLEN + 10], request[INET6_ADDRSTRLEN + 8];
	struct netaddr q;
	int fd, rc = -1;

	out->data = NULL;
	out->len = 0;
	/* only an address literal: nothing else may reach the server's command line */
	if (strlen(query) >= INET6_ADDRSTRLEN || netaddr_parse(query, &q) < 0)
		return error_set(err, "whois query \"%.64s\" is not an IP address", query);
	if (cache_get(addr, query, out))
		return 0;
	endpoint_str(addr, where, sizeof(where));
	/* the whois server is an address like any other: the connection budget holds for
	 * it too, shared by every test of a batch (issue 17) */
	if (budget_acquire(addr, deadline) < 0)
		return error_set(err, "connect to %s: no connection slot before the deadline", where);
	fd = whois_connect(addr, deadline, where, err);
	if (fd < 0) {
		budget_release(addr);
		return -1;
	}
	snprintf(request, sizeof(request), "-L %s\n", query);
	if (send_all(fd, request, strlen(request), deadline, where, err) < 0 ||
	    read_all(fd, deadline, where, out, err) < 0)
		goto out;
	rc = 0;
	cache_put(addr, query, out);
out:
	close(fd);
	budget_release(addr);
	if (rc < 0)
		whois_answer_free(out);
	return rc;
}

void whois_answer_free(struct whois_answer *a)
{
	free(a->data);
	a->data = NULL;
	a->len = 0;
}

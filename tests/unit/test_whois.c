/*
 * test_whois.c -- the RIS whois client (net/whois.h, spec §3.5 step 2, §9):
 * the server argument's forms, and one query against a tiny whois server
 * thread this test runs on 127.0.0.1 (an ephemeral port; no other traffic).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/whois.h"

/* -------------------------------------------------- whois_server_parse ---- */

static void assert_server(const char *arg, const char *host, unsigned short port)
{
	struct whois_server s;
	struct error err = { "" };

	if (whois_server_parse(arg, &s, &err) != 0)
		fail_msg("whois_server_parse(\"%s\"): %s", arg, err.msg);
	assert_string_equal(s.host, host);
	assert_int_equal(s.port, port);
}

static void assert_server_rejected(const char *arg, const char *why_part)
{
	struct whois_server s;
	struct error err = { "" };

	assert_int_equal(whois_server_parse(arg, &s, &err), -1);
	if (!strstr(err.msg, why_part))
		fail_msg("\"%s\": \"%s\" does not say \"%s\"", arg, err.msg, why_part);
}

static void test_server_host_alone_uses_port_43(void **s)
{
	(void)s;
	assert_server("riswhois.ripe.net", "riswhois.ripe.net", 43);
	assert_server(WHOIS_DEFAULT_HOST, WHOIS_DEFAULT_HOST, WHOIS_DEFAULT_PORT);
	assert_server("whois", "whois", 43);
}

static void test_server_host_and_port(void **s)
{
	(void)s;
	assert_server("whois.example.nl:4343", "whois.example.nl", 4343);
	assert_server("localhost:1", "localhost", 1);
	assert_server("localhost:65535", "localhost", 65535);
}

static void test_server_ipv4_literal_with_and_without_port(void **s)
{
	(void)s;
	assert_server("192.0.2.1:4343", "192.0.2.1", 4343);
	assert_server("192.0.2.1", "192.0.2.1", 43);
}

static void test_server_ipv6_literal_in_brackets(void **s)
{
	(void)s;
	assert_server("[2001:db8::1]:4343", "2001:db8::1", 4343);
	assert_server("[::1]:43", "::1", 43);
	assert_server("[2001:db8::1]", "2001:db8::1", 43);
}

static void test_server_bare_ipv6_literal_has_no_port(void **s)
{
	(void)s;
	assert_server("2001:db8::1", "2001:db8::1", 43);
	assert_server("::1", "::1", 43);
	assert_server("::ffff:192.0.2.1", "::ffff:192.0.2.1", 43);
}

static void test_server_empty_host_rejected(void **s)
{
	(void)s;
	assert_server_rejected("", "empty host");
	assert_server_rejected(":43", "empty host");
	assert_server_rejected("[]:43", "empty host");
	assert_server_rejected("[]", "empty host");
}

static void test_server_bad_or_zero_port_rejected(void **s)
{
	(void)s;
	assert_server_rejected("whois.example.nl:", "bad port");
	assert_server_rejected("whois.example.nl:0", "bad port");
	assert_server_rejected("whois.example.nl:00", "bad port");
	assert_server_rejected("whois.example.nl:65536", "bad port");
	assert_server_rejected("whois.example.nl:99999999999", "bad port");
	assert_server_rejected("whois.example.nl:-1", "bad port");
	assert_server_rejected("whois.example.nl:+43", "bad port");
	assert_server_rejected("whois.example.nl:43x", "bad port");
	assert_server_rejected("whois.example.nl: 43", "bad port");
	assert_server_rejected("[2001:db8::1]:", "bad port");
	assert_server_rejected("[2001:db8::1]:0", "bad port");
}

static void test_server_unbalanced_brackets_rejected(void **s)
{
	(void)s;
	assert_server_rejected("[2001:db8::1", "unbalanced brackets");
	assert_server_rejected("[2001:db8::1:43", "unbalanced brackets");
	assert_server_rejected("2001:db8::1]:43", "unbalanced brackets");
	assert_server_rejected("whois]", "unbalanced brackets");
}

static void test_server_junk_after_brackets_rejected(void **s)
{
	(void)s;
	assert_server_rejected("[2001:db8::1]43", "after \"]\"");
	assert_server_rejected("[2001:db8::1]x:43", "after \"]\"");
}

static void test_server_brackets_hold_an_ipv6_literal(void **s)
{
	(void)s;
	assert_server_rejected("[192.0.2.1]:43", "not an IPv6 address");
	assert_server_rejected("[whois.example.nl]:43", "not an IPv6 address");
	assert_server_rejected("2001:db8::zz", "not an IPv6 address");
	/* "host:43:44" has two colons: it can only be an IPv6 literal */
	assert_server_rejected("whois.example.nl:43:44", "not an IPv6 address");
}

static void test_server_over_long_name_rejected(void **s)
{
	(void)s;
	char name[300];

	memset(name, 'a', 255);
	name[255] = '\0';
	assert_server(name, name, 43);
	memset(name, 'a', 256);
	name[256] = '\0';
	assert_server_rejected(name, "over 255");
	strcpy(name + 256, ":43");
	assert_server_rejected(name, "over 255");
}

static void test_server_bad_characters_rejected(void **s)
{
	(void)s;
	assert_server_rejected("whois example", "bad character");
	assert_server_rejected("whois/43", "bad character");
	assert_server_rejected("who\tis:43", "bad character");
	assert_server_rejected("whois@example.nl", "bad character");
}

/* ---------------------------------------------------- the whois server ---- */

enum server_mode {
	SERVE_ANSWER,   /* read the request line, send the answer, close */
	SERVE_SILENT,   /* accept, read the request, never answer (until the client closes) */
};

struct server {
	int listen_fd;
	unsigned short port;
	enum server_mode mode;
	const uint8_t *answer;
	size_t answer_len;
	char request[256];      /* what the client sent, up to and including '\n' */
	size_t request_len;
	pthread_t thread;
};

static void read_request(struct server *sv, int fd)
{
	while (sv->request_len < sizeof(sv->request) - 1) {
		ssize_t n = recv(fd, sv->request + sv->request_len, 1, 0);
		if (n <= 0)
			break;
		sv->request_len++;
		if (sv->request[sv->request_len - 1] == '\n')
			break;
	}
	sv->request[sv->request_len] = '\0';
}

static void *server_main(void *arg)
{
	struct server *sv = arg;
	int fd = accept(sv->listen_fd, NULL, NULL);
	char sink[256];

	if (fd < 0)
		return NULL;
	read_request(sv, fd);
	if (sv->mode == SERVE_ANSWER) {
		size_t sent = 0;
		while (sent < sv->answer_len) {
			/* the client may close early (answer too long): no SIGPIPE */
			ssize_t n = send(fd, sv->answer + sent, sv->answer_len - sent, MSG_NOSIGNAL);
			if (n <= 0)
				break;
			sent += (size_t)n;
		}
	} else {
		while (recv(fd, sink, sizeof(sink), 0) > 0)
			;
	}
	close(fd);
	return NULL;
}

/* A listening socket on 127.0.0.1 and an ephemeral port; the thread serves one client. */
static void server_start(struct server *sv, enum server_mode mode, const void *answer, size_t len)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t slen = sizeof(sin);

	memset(sv, 0, sizeof(*sv));
	sv->mode = mode;
	sv->answer = answer;
	sv->answer_len = len;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sv->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(sv->listen_fd >= 0);
	assert_int_equal(bind(sv->listen_fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(sv->listen_fd, 4), 0);
	assert_int_equal(getsockname(sv->listen_fd, (struct sockaddr *)&sin, &slen), 0);
	sv->port = ntohs(sin.sin_port);
	assert_int_equal(pthread_create(&sv->thread, NULL, server_main, sv), 0);
}

static void server_stop(struct server *sv)
{
	/* wakes accept() if no client came */
	shutdown(sv->listen_fd, SHUT_RDWR);
	pthread_join(sv->thread, NULL);
	close(sv->listen_fd);
}

static struct netaddr loopback(unsigned short port)
{
	struct netaddr a;

	assert_int_equal(netaddr_parse("127.0.0.1", &a), 0);
	a.port = port;
	return a;
}

struct queried {
	int rc;
	struct whois_answer ans;
	struct error err;
	int64_t ms;
};

static struct queried query(unsigned short port, const char *q, int64_t deadline_ms)
{
	struct queried r;
	struct netaddr a = loopback(port);
	int64_t start = deadline_now_ms();

	memset(&r, 0, sizeof(r));
	r.ans.data = (uint8_t *)"garbage";      /* whois_query must set it */
	r.ans.len = 7;
	r.rc = whois_query(&a, q, deadline_in(deadline_ms), &r.ans, &r.err);
	r.ms = deadline_now_ms() - start;
	return r;
}

static void assert_failed(const struct queried *r, const char *why_part)
{
	assert_int_equal(r->rc, -1);
	assert_null(r->ans.data);
	assert_int_equal(r->ans.len, 0);
	if (!strstr(r->err.msg, why_part))
		fail_msg("\"%s\" does not say \"%s\"", r->err.msg, why_part);
}

/* ------------------------------------------------------- whois_query ---- */

/* issue 17: a batch keeps whois answers; the same question to the same server is
 * answered again without a connection, a failure is never kept, 0 turns it off */
static void test_cache_answers_again_without_a_connection(void **s)
{
	(void)s;
	static const char answer[] = "route: 192.0.2.0/24\norigin: AS64496\nnum-rispeers: 300\n\n";
	struct server sv;
	unsigned short port;

	whois_cache_configure(16);
	server_start(&sv, SERVE_ANSWER, answer, sizeof(answer) - 1);
	port = sv.port;
	struct queried first = query(port, "192.0.2.0", 5000);
	server_stop(&sv);                       /* nothing listens on `port` from now on */
	assert_int_equal(first.rc, 0);
	struct queried again = query(port, "192.0.2.0", 5000);
	assert_int_equal(again.rc, 0);
	assert_int_equal(again.ans.len, sizeof(answer) - 1);
	assert_memory_equal(again.ans.data, answer, sizeof(answer) - 1);
	assert_int_equal(again.ans.data[again.ans.len], '\0');
	/* another question: asked, and refused */
	struct queried other = query(port, "198.51.100.0", 2000);
	assert_failed(&other, "connect");
	/* the failure was not kept: still refused */
	struct queried other2 = query(port, "198.51.100.0", 2000);
	assert_failed(&other2, "connect");
	/* off: the kept answer is gone */
	whois_cache_configure(0);
	struct queried off = query(port, "192.0.2.0", 2000);
	assert_failed(&off, "connect");
	whois_answer_free(&first.ans);
	whois_answer_free(&again.ans);
}

static void test_query_sends_dash_l_and_reads_the_answer(void **s)
{
	(void)s;
	static const char answer[] = "% RIS whois\n\nroute: 192.0.2.0/24\norigin: AS64496\n"
	                             "num-rispeers: 300\n\n";
	struct server sv;

	server_start(&sv, SERVE_ANSWER, answer, sizeof(answer) - 1);
	struct queried r = query(sv.port, "192.0.2.0", 5000);
	server_stop(&sv);
	assert_int_equal(r.rc, 0);
	assert_string_equal(sv.request, "-L 192.0.2.0\n");
	assert_int_equal(r.ans.len, sizeof(answer) - 1);
	assert_memory_equal(r.ans.data, answer, sizeof(answer) - 1);
	assert_int_equal(r.ans.data[r.ans.len], '\0');
	whois_answer_free(&r.ans);
	assert_null(r.ans.data);
	assert_int_equal(r.ans.len, 0);
}

static void test_query_ipv6_address(void **s)
{
	(void)s;
	static const char answer[] = "route6: 2001:db8::/32\n";
	struct server sv;

	server_start(&sv, SERVE_ANSWER, answer, sizeof(answer) - 1);
	struct queried r = query(sv.port, "2001:db8:1234::", 5000);
	server_stop(&sv);
	assert_int_equal(r.rc, 0);
	assert_string_equal(sv.request, "-L 2001:db8:1234::\n");
	assert_string_equal((const char *)r.ans.data, answer);
	whois_answer_free(&r.ans);
}

static void test_query_empty_answer_is_not_an_error(void **s)
{
	(void)s;
	struct server sv;

	server_start(&sv, SERVE_ANSWER, "", 0);
	struct queried r = query(sv.port, "192.0.2.0", 5000);
	server_stop(&sv);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.ans.len, 0);
	assert_non_null(r.ans.data);
	assert_int_equal(r.ans.data[0], '\0');
	whois_answer_free(&r.ans);
}

static void test_query_refused_port_is_a_connect_error(void **s)
{
	(void)s;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t slen = sizeof(sin);
	char want[64];
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	/* a port bound but not listening: nobody else can take it, connects are refused */
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &slen), 0);
	struct queried r = query(ntohs(sin.sin_port), "192.0.2.0", 5000);
	close(fd);
	snprintf(want, sizeof(want), "connect to 127.0.0.1:%u: %s", ntohs(sin.sin_port),
	         strerror(ECONNREFUSED));
	assert_failed(&r, want);
	assert_string_equal(r.err.msg, want);
}

static void test_query_answer_over_limit_rejected(void **s)
{
	(void)s;
	size_t len = (size_t)WHOIS_MAX_ANSWER + 1;
	uint8_t *big = malloc(len);
	struct server sv;

	assert_non_null(big);
	memset(big, 'x', len);
	server_start(&sv, SERVE_ANSWER, big, len);
	struct queried r = query(sv.port, "192.0.2.0", 10000);
	server_stop(&sv);
	free(big);
	assert_failed(&r, "answer over 1048576 bytes");
	assert_string_equal(r.err.msg, "answer over 1048576 bytes");
}

static void test_query_answer_of_exactly_the_limit_kept(void **s)
{
	(void)s;
	size_t len = WHOIS_MAX_ANSWER;
	uint8_t *big = malloc(len);
	struct server sv;

	assert_non_null(big);
	for (size_t i = 0; i < len; i++)
		big[i] = (uint8_t)('a' + i % 26);
	server_start(&sv, SERVE_ANSWER, big, len);
	struct queried r = query(sv.port, "192.0.2.0", 10000);
	server_stop(&sv);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.ans.len, len);
	assert_memory_equal(r.ans.data, big, len);
	assert_int_equal(r.ans.data[len], '\0');
	free(big);
	whois_answer_free(&r.ans);
}

static void test_query_silent_server_times_out_at_the_deadline(void **s)
{
	(void)s;
	struct server sv;

	server_start(&sv, SERVE_SILENT, NULL, 0);
	struct queried r = query(sv.port, "192.0.2.0", 300);
	server_stop(&sv);
	assert_failed(&r, "timed out");
	assert_non_null(strstr(r.err.msg, "read from 127.0.0.1:"));
	assert_true(r.ms >= 250);
	assert_true(r.ms < 2000);
	assert_string_equal(sv.request, "-L 192.0.2.0\n");
}

static void test_query_connect_timeout_capped_by_the_deadline(void **s)
{
	(void)s;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t slen = sizeof(sin);
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), filler[2];
	size_t n_fill = 0;

	/* a listener whose accept queue is full and never drained: Linux drops further
	 * SYNs, so a connect stays pending until the deadline */
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(lfd >= 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(lfd, 0), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sin, &slen), 0);
	for (; n_fill < sizeof(filler) / sizeof(filler[0]); n_fill++) {
		filler[n_fill] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		assert_true(filler[n_fill] >= 0);
		(void)connect(filler[n_fill], (struct sockaddr *)&sin, sizeof(sin));
	}
	usleep(50 * 1000);
	struct queried r = query(ntohs(sin.sin_port), "192.0.2.0", 300);
	for (size_t i = 0; i < n_fill; i++)
		close(filler[i]);
	close(lfd);
	assert_failed(&r, "timed out");
	assert_non_null(strstr(r.err.msg, "connect to 127.0.0.1:"));
	assert_true(r.ms >= 250);
	assert_true(r.ms < 2000);
}

static void test_query_past_deadline_fails_at_once(void **s)
{
	(void)s;
	struct server sv;

	server_start(&sv, SERVE_SILENT, NULL, 0);
	struct queried r = query(sv.port, "192.0.2.0", 0);
	server_stop(&sv);
	assert_failed(&r, "timed out");
	assert_true(r.ms < 1000);
}

static void test_query_must_be_an_address_literal(void **s)
{
	(void)s;
	static const char *const bad[] = {
		"", "riswhois.ripe.net", "192.0.2.0/24", "192.0.2.0\n-L 10.0.0.0", "192.0.2.0 ",
		" 192.0.2.0", "-V", "2001:db8::/48", "192.0.2",
	};
	/* no server at all: the query is refused before any connection */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct queried r = query(1, bad[i], 1000);
		assert_failed(&r, "is not an IP address");
	}
	char longq[600];
	memset(longq, '1', sizeof(longq) - 1);
	longq[sizeof(longq) - 1] = '\0';
	struct queried r = query(1, longq, 1000);
	assert_failed(&r, "is not an IP address");
}

static void test_answer_free_on_empty_answer(void **s)
{
	(void)s;
	struct whois_answer a = { NULL, 0 };

	whois_answer_free(&a);
	whois_answer_free(&a);
	assert_null(a.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server_host_alone_uses_port_43),
		cmocka_unit_test(test_server_host_and_port),
		cmocka_unit_test(test_server_ipv4_literal_with_and_without_port),
		cmocka_unit_test(test_server_ipv6_literal_in_brackets),
		cmocka_unit_test(test_server_bare_ipv6_literal_has_no_port),
		cmocka_unit_test(test_server_empty_host_rejected),
		cmocka_unit_test(test_server_bad_or_zero_port_rejected),
		cmocka_unit_test(test_server_unbalanced_brackets_rejected),
		cmocka_unit_test(test_server_junk_after_brackets_rejected),
		cmocka_unit_test(test_server_brackets_hold_an_ipv6_literal),
		cmocka_unit_test(test_server_over_long_name_rejected),
		cmocka_unit_test(test_server_bad_characters_rejected),
		cmocka_unit_test(test_query_sends_dash_l_and_reads_the_answer),
		cmocka_unit_test(test_query_ipv6_address),
		cmocka_unit_test(test_query_empty_answer_is_not_an_error),
		cmocka_unit_test(test_query_refused_port_is_a_connect_error),
		cmocka_unit_test(test_query_answer_over_limit_rejected),
		cmocka_unit_test(test_query_answer_of_exactly_the_limit_kept),
		cmocka_unit_test(test_query_silent_server_times_out_at_the_deadline),
		cmocka_unit_test(test_query_connect_timeout_capped_by_the_deadline),
		cmocka_unit_test(test_query_past_deadline_fails_at_once),
		cmocka_unit_test(test_query_must_be_an_address_literal),
		cmocka_unit_test(test_answer_free_on_empty_answer),
		cmocka_unit_test(test_cache_answers_again_without_a_connection),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

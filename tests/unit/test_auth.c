/* test_auth.c -- the API users of `inetcheck serve --users` (issue 18, server/auth.h):
 * htpasswd lines, the accepted and refused hash schemes, wrong passwords and unknown
 * users, the cache of verified credentials, and several threads at once. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <crypt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/auth.h"

/* A crypt(3) hash of `password` with a fresh salt of `prefix` ("$y$", ...); `count`
 * 0 = the scheme's default cost. Returns a static buffer per call slot. */
static const char *make_hash(const char *prefix, unsigned long count, const char *password)
{
	static char out[4][CRYPT_OUTPUT_SIZE];
	static int next;
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *cd = calloc(1, sizeof *cd);
	assert_non_null(cd);
	assert_non_null(crypt_gensalt_rn(prefix, count, NULL, 0, setting, sizeof setting));
	const char *h = crypt_rn(password, setting, cd, (int)sizeof *cd);
	assert_non_null(h);
	assert_true(h[0] == '$');
	char *slot = out[next++ % 4];
	snprintf(slot, CRYPT_OUTPUT_SIZE, "%s", h);
	free(cd);
	return slot;
}

/* Write `text` to a temporary file; its path in `path`. */
static void write_file(char path[64], const char *text)
{
	snprintf(path, 64, "/tmp/test_auth.XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static struct auth *load_text(const char *text, struct error *err)
{
	char path[64];
	write_file(path, text);
	struct auth *a = auth_load(path, err);
	unlink(path);
	return a;
}

static void test_auth_every_accepted_scheme(void **s)
{
	(void)s;
	static const char *const prefixes[] = { "$y$", "$2b$", "$2y$", "$6$" };
	for (size_t i = 0; i < 4; i++) {
		char text[1024];
		snprintf(text, sizeof text, "# users\n\nalice:%s\nbob:%s\n",
		         make_hash(prefixes[i], 0, "alice-secret"), make_hash(prefixes[i], 0, "bob pw"));
		struct error err = { "" };
		struct auth *a = load_text(text, &err);
		assert_non_null(a);
		assert_int_equal(auth_users(a), 2);
		const char *who = auth_check(a, "alice", "alice-secret");
		assert_non_null(who);
		assert_string_equal(who, "alice");
		assert_string_equal(auth_check(a, "bob", "bob pw"), "bob");
		assert_null(auth_check(a, "alice", "bob pw"));
		assert_null(auth_check(a, "alice", "alice-secreT"));
		assert_null(auth_check(a, "alice", ""));
		assert_null(auth_check(a, "carol", "alice-secret"));
		assert_null(auth_check(a, "", ""));
		assert_null(auth_check(a, "alice", NULL));
		auth_free(a);
	}
}

static void test_auth_refuses_weak_schemes(void **s)
{
	(void)s;
	struct {
		const char *line, *want;
	} cases[] = {
		{ "u:plaintext\n", "plain text" },
		{ "u:$1$abc$0123456789abcdefghijkl\n", "MD5-crypt" },
		{ "u:$apr1$abc$0123456789abcdefghijkl\n", "Apache MD5" },
		{ "u:abJnggxhB/yWI\n", "DES" },
		{ "u:$5$salt$0123456789\n", "SHA-256" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct error err = { "" };
		assert_null(load_text(cases[i].line, &err));
		assert_non_null(strstr(err.msg, ":1:"));
		assert_non_null(strstr(err.msg, cases[i].want));
		assert_non_null(strstr(err.msg, "yescrypt"));
	}
}

static void test_auth_bad_lines_named(void **s)
{
	(void)s;
	char text[1024];
	const char *h = make_hash("$6$", 1000, "x");
	/* each case: lines before, the line with the hash ("H" replaced), lines after */
	struct {
		const char *before, *after, *want;
	} cases[] = {
		{ "# c\n", "no colon here\n", ":3: not a `user:hash` line" },
		{ "", ":x\n", ":2: empty user name" },
		{ "", "nohash:\n", ":2: user 'nohash' has no password hash" },
		{ "", "ok:$6$abc$def\n", ":2: user 'ok' appears twice" },
		{ "", "two:$6$a$b:extra\n", ":2: the hash of 'two' is not one crypt(3) string" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(text, sizeof text, "%sok:%s\n%s", cases[i].before, h, cases[i].after);
		struct error err = { "" };
		assert_null(load_text(text, &err));
		assert_non_null(strstr(err.msg, cases[i].want));
	}
	struct error err = { "" };
	assert_null(load_text("# only comments\n\n", &err));
	assert_non_null(strstr(err.msg, "no users"));
	assert_null(auth_load("/nonexistent/users", &err));
	assert_non_null(strstr(err.msg, "No such file"));
}

static void test_auth_crlf_and_spaces(void **s)
{
	(void)s;
	char text[512];
	snprintf(text, sizeof text, "  # indented comment\r\n  alice:%s  \r\n",
	         make_hash("$6$", 1000, "pw"));
	struct error err = { "" };
	struct auth *a = load_text(text, &err);
	assert_non_null(a);
	assert_string_equal(auth_check(a, "alice", "pw"), "alice");
	auth_free(a);
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The second check of the same credentials is answered from the cache: much faster
 * than yescrypt; a wrong password is never cached (still refused after a good one). */
static void test_auth_cache_of_verified_credentials(void **s)
{
	(void)s;
	char text[512];
	snprintf(text, sizeof text, "alice:%s\n", make_hash("$y$", 0, "pw"));
	struct error err = { "" };
	struct auth *a = load_text(text, &err);
	assert_non_null(a);
	double t0 = seconds();
	assert_non_null(auth_check(a, "alice", "pw"));
	double first = seconds() - t0;
	t0 = seconds();
	for (int i = 0; i < 100; i++)
		assert_non_null(auth_check(a, "alice", "pw"));
	double cached = (seconds() - t0) / 100;
	assert_true(cached * 10 < first);
	assert_null(auth_check(a, "alice", "pw "));
	assert_null(auth_check(a, "alice", "p"));
	assert_non_null(auth_check(a, "alice", "pw"));
	auth_free(a);
}

struct worker {
	struct auth *a;
	int id, good, bad;
};

static void *hammer(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < 60; i++) {
		const char *user = (i + w->id) % 2 ? "alice" : "bob";
		const char *pw = (i + w->id) % 2 ? "alice-pw" : "bob-pw";
		if (i % 5 == 0)
			pw = "wrong";
		const char *got = auth_check(w->a, user, pw);
		if (got && !strcmp(got, user) && i % 5 != 0)
			w->good++;
		else if (!got && i % 5 == 0)
			w->bad++;
	}
	return NULL;
}

static void test_auth_threads(void **s)
{
	(void)s;
	char text[1024];
	snprintf(text, sizeof text, "alice:%s\nbob:%s\n", make_hash("$6$", 1000, "alice-pw"),
	         make_hash("$2b$", 4, "bob-pw"));
	struct error err = { "" };
	struct auth *a = load_text(text, &err);
	assert_non_null(a);
	pthread_t t[8];
	struct worker w[8];
	for (int i = 0; i < 8; i++) {
		w[i] = (struct worker){ a, i, 0, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, hammer, &w[i]), 0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].good, 48);
		assert_int_equal(w[i].bad, 12);
	}
	auth_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auth_every_accepted_scheme),
		cmocka_unit_test(test_auth_refuses_weak_schemes),
		cmocka_unit_test(test_auth_bad_lines_named),
		cmocka_unit_test(test_auth_crlf_and_spaces),
		cmocka_unit_test(test_auth_cache_of_verified_credentials),
		cmocka_unit_test(test_auth_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

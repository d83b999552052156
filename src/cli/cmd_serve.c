/*
 * cmd_serve.c -- `inetcheck serve` (issue 18): the web UI and the batch API v2
 * (server/server.h) with in-process workers, until SIGINT or SIGTERM.
 * The target guard stays on unless --allow-private is given: a public tester must
 * never become a probe into its own network (shared/DESIGN.md "Service").
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "server/server.h"

int cmd_serve(int argc, char **argv)
{
	struct options o;
	struct test_env env;
	struct server_config c;
	struct server *s;
	struct error err = {{0}};
	sigset_t sigs;
	int rc, sig = 0;

	rc = parse_options(argc, argv, CMD_SERVE, &o);
	if (rc)
		return rc;
	if (o.input)
		return usage_error("serve: unexpected argument '%s'", o.input);
	if (o.fail_under >= 0)
		return usage_error("serve: --fail-under is for web, mail and batch");
	if (!o.conn_domain && (o.conn_key || o.conn_dns || o.conn_ipv4 || o.conn_ipv6))
		return usage_error("serve: the --conn-... options need --conn-domain (the "
		                   "connection test's base domain)");
	if (o.conn_domain && (!o.conn_ipv4 || !o.conn_ipv6))
		return usage_error("serve: --conn-domain needs --conn-ipv4 and --conn-ipv6 (this "
		                   "server's addresses)");
	o.kind = TEST_MAIL;    /* serve runs both tests: --ehlo is allowed */
	server_config_defaults(&c);
	if (o.listen)
		c.listen = o.listen;
	if (o.db)
		c.db = o.db;
	c.users = o.users;
	c.trusted_proxy = o.trusted_proxy;
	c.conn.domain = o.conn_domain;
	c.conn.key_file = o.conn_key ? o.conn_key : "inetcheck-conn.key";
	c.conn.dns_listen = o.conn_dns ? o.conn_dns : "0.0.0.0:53,[::]:53";
	c.conn.ipv4 = o.conn_ipv4;
	c.conn.ipv6 = o.conn_ipv6;
	c.public_url = o.public_url;
	if (c.public_url && strncmp(c.public_url, "http://", 7) && strncmp(c.public_url, "https://", 8))
		return usage_error("serve: --public-url wants an http:// or https:// URL, not '%s'",
		                   c.public_url);
	if (o.workers >= 0)
		c.workers = o.workers;
	if (o.cache_minutes >= 0)
		c.cache_minutes = o.cache_minutes;
	if (o.rate_limit >= 0)
		c.rate_tests = o.rate_limit;
	if (o.lease_s > 0)
		c.lease_s = o.lease_s;
	if (o.client_timeout_s > 0)
		c.timeout_s = o.client_timeout_s;
	if (c.users && check_readable("--users", c.users))
		return EXIT_USAGE;

	/* the Dutch catalog is ready for any request; each request picks its language */
	i18n_bind();
	rc = test_env_open(&o, "serve", &env);
	if (rc)
		return rc;
	c.engine = test_env_engine(&o, &env);
	/* the signals are taken by this thread alone */
	signals_take(&sigs);
	signal(SIGPIPE, SIG_IGN);

	s = server_start(&c, &err);
	if (s == NULL) {
		fprintf(stderr, "inetcheck: serve: %s\n", err.msg);
		test_env_close(&env);
		return EXIT_USAGE;
	}
	fprintf(stderr, "inetcheck: serving http://%s/ (store %s, %d workers%s%s)\n",
	        server_address(s), c.db, c.workers, c.users ? ", API users from " : "",
	        c.users ? c.users : "");
	fflush(stderr);
	sigwait(&sigs, &sig);
	fprintf(stderr, "inetcheck: serve: %s: stopping\n", strsignal(sig));
	/* running tests get 1.5 s, then their jobs go back to the queue */
	if (!server_stop(s, 1500)) {
		fflush(stderr);
		_exit(sig == SIGINT ? 130 : 143);
	}
	test_env_close(&env);
	return sig == SIGINT ? 130 : 143;
}

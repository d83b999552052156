/*
 * setup.c -- start-up and the end of the output: what libunbound must not query, the
 * file descriptors, the standard streams, the final flush.
 */
#include "cli/cli.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "checks/dane.h"
#include "checks/testrun.h"
#include "dns/resolver.h"
#include "net/http.h"
#include "tls/cafile.h"
#include "tls/handshake.h"
#include "tls/scan.h"
#include "tls/truststore.h"

/*
 * What libunbound must not query: the target guard's special-purpose ranges, from the
 * guard's own table, unless --allow-private (then NULL: anything). Static storage,
 * filled once per process.
 */
#define DO_NOT_QUERY_MAX 256   /* the guard's table gives 66 prefixes today */

const char *const *resolver_do_not_query(bool allow_private)
{
	static char prefixes[DO_NOT_QUERY_MAX][INET6_ADDRSTRLEN + 5];
	static const char *list[DO_NOT_QUERY_MAX + 1];
	size_t n = 0;

	if (allow_private)
		return NULL;
	while (n < DO_NOT_QUERY_MAX && guard_special_prefix(n, prefixes[n], sizeof(prefixes[n])) == 0) {
		list[n] = prefixes[n];
		n++;
	}
	/* a guard table that outgrew this array must not leave libunbound a range to query */
	if (guard_special_prefix(n, NULL, 0) == 0) {
		fprintf(stderr, "inetcheck: internal error: more than %d special-purpose prefixes\n",
		        DO_NOT_QUERY_MAX);
		abort();
	}
	list[n] = NULL;
	return list;
}

/*
 * Issue 15 item 6: a web test at `ulimit -n 16` scored 6 % instead of 78 %. Take every
 * descriptor the hard limit allows, and call a test during which socket() or open()
 * ran out of them "could not run": its connection failures were ours, not the servers'.
 */
#define DESCRIPTORS_MIN 20   /* below this libunbound's libevent exits 1 at its first query */

void descriptors_raise(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* Before a test: -1 after a message when even the raised limit is too low to start. */
int descriptors_check(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return 0;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < DESCRIPTORS_MIN) {
		fprintf(stderr, "inetcheck: cannot run: ran out of file descriptors before the test "
		        "(limit %llu, at least %d needed); raise it with ulimit -n\n",
		        (unsigned long long)rl.rlim_cur, DESCRIPTORS_MIN);
		return -1;
	}
	return 0;
}

/* "" when the test had the descriptors it needed, else why it could not run. */
const char *descriptors_problem(char *buf, size_t len)
{
	struct rlimit rl;
	int e = error_descriptors_exhausted();

	if (!e)
		return "";
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		snprintf(buf, len, "ran out of file descriptors during the test (%s; limit %llu); "
		         "raise it with ulimit -n", strerror(e), (unsigned long long)rl.rlim_cur);
	else
		snprintf(buf, len, "ran out of file descriptors during the test (%s)", strerror(e));
	return buf;
}

/*
 * A closed stdin, stdout or stderr would be reused by the first open() -- a trust
 * anchor, a socket -- and the report written into it. Hold them with /dev/null opened
 * read-only: reads give EOF, writes fail (EBADF), and output_finish() reports it.
 */
void std_fds_hold(void)
{
	for (int fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
			int n = open("/dev/null", O_RDONLY);
			if (n >= 0 && n != fd) {
				dup2(n, fd);
				close(n);
			}
		}
}

/*
 * Every byte of the report goes through stdout's buffer; a failed write (a full disk,
 * /dev/full, a closed stdout) shows as an error at the final flush and close, so it is
 * checked once there: exit 4 with a message, never a silent 0 (issue 15 item 5).
 */
int output_finish(int rc)
{
	int failed = fflush(stdout) != 0 || ferror(stdout);
	int saved = errno;

	if (fclose(stdout) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	if (!failed)
		return rc;
	fprintf(stderr, "inetcheck: cannot write the output: %s\n", strerror(saved));
	return rc == EXIT_USAGE || rc == EXIT_NOTRUN ? rc : EXIT_OUTPUT;
}

void cli_tls_cleanup(void)
{
	tls_handshake_cleanup();
	dane_cleanup();
	truststore_cleanup();
}

/* The "what_if" object of the report (issue 21): the overrides and the overlays. */
static json_t *what_if_json(const struct options *o, const struct dns_overlay *ov, size_t n)
{
	json_t *doc = json_object(), *resolve = json_array(), *zones = json_array();

	for (size_t i = 0; i < o->n_overrides; i++) {
		const struct dns_override *d = &o->overrides[i];
		json_t *addrs = json_array();
		char a[INET6_ADDRSTRLEN];
		for (size_t k = 0; k < d->n4; k++)
			json_array_append_new(addrs, json_string(inet_ntop(AF_INET, &d->v4[k], a, sizeof(a))));
		for (size_t k = 0; k < d->n6; k++)
			json_array_append_new(addrs, json_string(inet_ntop(AF_INET6, &d->v6[k], a, sizeof(a))));
		json_array_append_new(resolve, json_pack("{s:s, s:o, s:o}", "name", d->name, "port",
		                      d->port ? json_integer(d->port) : json_null(), "addresses", addrs));
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(zones, json_pack("{s:s, s:s, s:s}", "file", ov[i].file,
		                      "origin", ov[i].origin, "dnssec", ov[i].is_signed ? "signed" : "unsigned"));
	json_object_set_new(doc, "resolve", resolve);
	json_object_set_new(doc, "zones", zones);
	return doc;
}

int cli_resolver_open(const struct options *o, struct resolver **res, json_t **what_if)
{
	struct resolver_config rcfg = { 0 };
	struct dns_overlay *ov = NULL;
	struct error err = {{0}};
	char (*curl)[600] = NULL;
	size_t n_curl = 0, n_ov = 0, n_hosts;
	int rc = EXIT_NOTRUN;

	*res = NULL;
	if (what_if)
		*what_if = NULL;
	if (o->n_zones) {
		ov = calloc(o->n_zones, sizeof(*ov));
		if (!ov) {
			fprintf(stderr, "inetcheck: out of memory\n");
			return EXIT_NOTRUN;
		}
	}
	for (; n_ov < o->n_zones; n_ov++)
		if (dns_overlay_load(o->zones[n_ov], &ov[n_ov], &err) < 0) {
			fprintf(stderr, "inetcheck: --zone: %s\n", err.msg);
			rc = EXIT_USAGE;
			goto out;
		}
	for (size_t i = 0; i < n_ov; i++)
		for (size_t k = 0; k < i; k++)
			if (!strcmp(ov[i].origin, ov[k].origin)) {
				fprintf(stderr, "inetcheck: --zone: %s and %s are both the zone %s\n", ov[k].file,
				        ov[i].file, ov[i].origin);
				rc = EXIT_USAGE;
				goto out;
			}
	rcfg.root_hints = o->root_hints;
	rcfg.trust_anchor = o->trust_anchor;
	rcfg.do_not_query = resolver_do_not_query(o->allow_private || o->private_dns);
	rcfg.overrides = o->overrides;
	rcfg.n_overrides = o->n_overrides;
	rcfg.overlays = ov;
	rcfg.n_overlays = n_ov;
	*res = resolver_new(&rcfg, &err);
	if (*res == NULL) {
		fprintf(stderr, "inetcheck: %s\n", err.msg);
		goto out;
	}
	/* the HTTP client resolves redirect targets by itself: the same overrides, then the
	 * overlays' addresses of names no override names */
	n_hosts = o->n_overrides;
	for (size_t i = 0; i < n_ov; i++)
		n_hosts += ov[i].n_hosts;
	if (n_hosts) {
		curl = calloc(2 * n_hosts, sizeof(*curl));
		if (!curl) {
			fprintf(stderr, "inetcheck: out of memory\n");
			goto out;
		}
		for (size_t i = 0; i < o->n_overrides; i++)
			(void)dns_override_curl_entries(&o->overrides[i], curl, 2 * n_hosts, &n_curl);
		for (size_t i = 0; i < n_ov; i++)
			for (size_t k = 0; k < ov[i].n_hosts; k++)
				if (!dns_override_find(o->overrides, o->n_overrides, ov[i].hosts[k].name, 0))
					(void)dns_override_curl_entries(&ov[i].hosts[k], curl, 2 * n_hosts, &n_curl);
		if (http_set_resolve((const char (*)[600])curl, n_curl) < 0) {
			fprintf(stderr, "inetcheck: out of memory\n");
			goto out;
		}
	}
	if (what_if && (o->n_overrides || n_ov))
		*what_if = what_if_json(o, ov, n_ov);
	rc = 0;
out:
	/* libunbound read the overlays when it started: their copies can go */
	for (size_t i = 0; i < n_ov; i++)
		dns_overlay_release(&ov[i]);
	free(ov);
	free(curl);
	if (rc) {
		resolver_free(*res);
		*res = NULL;
	}
	return rc;
}

/*
 * The options every web, mail and batch test shares, checked (exit 2) and set up
 * (exit 3): the files, --ehlo, the RPKI sources (the VRP file loaded once), the
 * target guard, libcurl and the resolver.
 */
int test_env_open(const struct options *o, const char *cmd, struct test_env *env)
{
	struct error err = {{0}};
	int rc;

	memset(env, 0, sizeof(*env));
	if ((o->root_hints && check_root_hints(o->root_hints, o->allow_private || o->private_dns)) ||
	    (o->trust_anchor && check_trust_anchor(o->trust_anchor)) ||
	    (o->ca_file && check_ca_file(o->ca_file)) ||
	    (o->rpki_vrps && check_readable("--rpki-vrps", o->rpki_vrps)))
		return EXIT_USAGE;
	if (o->ehlo && o->kind == TEST_WEB)
		return usage_error("web: --ehlo is for mail (STARTTLS) and tls --starttls");
	if (o->n_dkim_selectors && o->kind == TEST_WEB)
		return usage_error("web: --dkim-selector is for mail");
	if (o->ehlo && !ehlo_valid(o->ehlo))
		return usage_error("%s: --ehlo '%s' is not a valid EHLO name", cmd, o->ehlo);
	if (o->rpki_vrps && o->rpki_validator)
		return usage_error("%s: give --rpki-vrps or --rpki-validator, not both", cmd);
	if (o->rpki_validator &&
	    rov_validator_url(o->rpki_validator, env->validator_url, sizeof(env->validator_url), &err) < 0)
		return usage_error("%s: --rpki-validator %s", cmd, err.msg);
	if (whois_server_parse(o->bgp_whois ? o->bgp_whois : WHOIS_DEFAULT_HOST, &env->rpki.whois, &err) < 0)
		return usage_error("%s: --bgp-whois %s", cmd, err.msg);
	if (o->rpki_vrps) {
		/* loaded once, before any test; a broken file is bad input (exit 2) */
		env->vrps = vrp_load(o->rpki_vrps, deadline_in((int64_t)(o->timeout_s > 0 ? o->timeout_s
		                                                  : TESTRUN_DEFAULT_TIMEOUT_S) * 1000), &err);
		if (!env->vrps) {
			fprintf(stderr, "inetcheck: --rpki-vrps %s\n", err.msg);
			return EXIT_USAGE;
		}
	}
	env->rpki.rp.vrps = env->vrps;
	env->rpki.rp.url = o->rpki_validator ? env->validator_url : NULL;
	env->rpki.lookup_private = o->allow_private;

	rc = EXIT_NOTRUN;
	if (descriptors_check() < 0)
		goto fail;
	guard_allow_private(o->allow_private);
	if (http_global_init() < 0) {
		fprintf(stderr, "inetcheck: cannot initialise libcurl\n");
		goto fail;
	}
	env->http_ready = true;
	rc = cli_resolver_open(o, &env->res, &env->what_if);
	if (rc)
		goto fail;
	return 0;
fail:
	test_env_close(env);
	return rc;
}

void test_env_close(struct test_env *env)
{
	cli_tls_cleanup();
	resolver_free(env->res);
	env->res = NULL;
	json_decref(env->what_if);
	env->what_if = NULL;
	vrp_free(env->vrps);
	env->vrps = NULL;
	if (env->http_ready)
		http_global_cleanup();
	env->http_ready = false;
}

struct engine_config test_env_engine(const struct options *o, const struct test_env *env)
{
	return (struct engine_config){
		.res = env->res, .rpki = &env->rpki, .ca_file = o->ca_file, .ehlo = o->ehlo,
		.timeout_s = o->timeout_s, .jobs = o->jobs, .per_address = o->per_address,
		.per_address_smtp = o->per_address_smtp,
	};
}

void signals_take(sigset_t *sigs)
{
	sigemptyset(sigs);
	sigaddset(sigs, SIGINT);
	sigaddset(sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, sigs, NULL);
}

/*
 * cpu_bench.c -- CPU per test when many tests run in one process (issue 17 item 6):
 * one resolver, trust store and SSL_CTX set for the process, the given tests run one
 * after the other, each twice over the list; prints the process CPU (user + system,
 * getrusage) of each test and the mean over the second round, when everything
 * loaded once (trust store, contexts) is loaded and the resolver's cache is warm for
 * the shared zones (root, TLD) but each test still does its own probes.
 *
 * cpu_bench ROOT_HINTS TRUST_ANCHOR CA_FILE VRPS WHOIS KIND:DOMAIN...   (as root, in the
 * fixture's netns; bench/README.md "CPU per test")
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "checks/dane.h"
#include "checks/rpki.h"
#include "checks/testrun.h"
#include "checks/vrp.h"
#include "core/deadline.h"
#include "core/error.h"
#include "dns/resolver.h"
#include "net/guard.h"
#include "net/http.h"
#include "net/whois.h"
#include "tls/handshake.h"
#include "tls/truststore.h"

static double cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

int main(int argc, char **argv)
{
	struct resolver_config rcfg = { 0 };
	struct rpki_config rpki = { 0 };
	struct error err = {{0}};
	struct resolver *res;
	struct vrp_set *vrps;
	double sum[2] = { 0, 0 };
	int n[2] = { 0, 0 }, rc = 0;

	if (argc < 7) {
		fprintf(stderr, "usage: %s ROOT_HINTS TRUST_ANCHOR CA_FILE VRPS WHOIS KIND:DOMAIN...\n",
		        argv[0]);
		return 2;
	}
	guard_allow_private(true);
	if (http_global_init() < 0)
		return 1;
	rcfg.root_hints = argv[1];
	rcfg.trust_anchor = argv[2];
	res = resolver_new(&rcfg, &err);
	vrps = vrp_load(argv[4], deadline_in(60000), &err);
	if (res == NULL || vrps == NULL || whois_server_parse(argv[5], &rpki.whois, &err) < 0) {
		fprintf(stderr, "cpu_bench: %s\n", err.msg);
		return 1;
	}
	rpki.rp.vrps = vrps;
	rpki.lookup_private = true;
	for (int round = 0; round < 2; round++)
		for (int i = 6; i < argc; i++) {
			struct testrun_options to = { .res = res, .ca_file = argv[3], .rpki = &rpki };
			struct report *r = calloc(1, sizeof(*r));
			enum test_kind kind = strncmp(argv[i], "mail:", 5) == 0 ? TEST_MAIL : TEST_WEB;
			const char *domain = strchr(argv[i], ':') ? strchr(argv[i], ':') + 1 : argv[i];
			double t0 = cpu_ms(), t;

			if (r == NULL || testrun_run(&to, kind, domain, r) < 0) {
				fprintf(stderr, "cpu_bench: %s failed\n", argv[i]);
				rc = 1;
			}
			t = cpu_ms() - t0;
			printf("round %d %-28s %7.1f ms CPU\n", round + 1, argv[i], t);
			sum[round] += t;
			n[round]++;
			if (r != NULL)
				report_release(r);
			free(r);
		}
	printf("first round: %.1f ms CPU per test (%d tests, one-off loads included)\n",
	       sum[0] / n[0], n[0]);
	printf("second round: %.1f ms CPU per test (%d tests)\n", sum[1] / n[1], n[1]);
	resolver_free(res);
	vrp_free(vrps);
	tls_handshake_cleanup();
	dane_cleanup();
	truststore_cleanup();
	http_global_cleanup();
	return rc;
}

/*
 * cmd_conn_records.c -- `inetcheck conn-records --conn-domain B --conn-ipv4 A
 * --conn-ipv6 AAAA [--conn-key FILE]` (issue 20): the records the operator of B
 * publishes so that the connection test of `inetcheck serve` works: the delegations of
 * test-ns-signed.B (name server with an IPv4 and an IPv6 address) and
 * test-ns6-signed.B (IPv6 only) to serve's DNS responder, and their DS records from
 * the signing key (made when absent, as serve makes it), in zone-file form.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "server/conndns.h"

int cmd_conn_records(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "conn-domain", required_argument, NULL, 'd' },
		{ "conn-key", required_argument, NULL, 'k' },
		{ "conn-ipv4", required_argument, NULL, '4' },
		{ "conn-ipv6", required_argument, NULL, '6' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *domain = NULL, *key = "inetcheck-conn.key", *v4 = NULL, *v6 = NULL;
	unsigned char bin[16];
	char ds[1024];
	struct error err = {{0}};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': domain = optarg; break;
		case 'k': key = optarg; break;
		case '4': v4 = optarg; break;
		case '6': v6 = optarg; break;
		case 'h':
			fputs("usage: inetcheck conn-records --conn-domain B --conn-ipv4 ADDR "
			      "--conn-ipv6 ADDR [--conn-key FILE]\n"
			      "The records to publish in zone B for serve's connection test (the same\n"
			      "options as serve's; the key is made when absent).\n", stdout);
			return EXIT_OK;
		default:
			return usage_error("conn-records: unknown option or missing value '%s'",
			                   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("conn-records: unexpected argument '%s'", argv[optind]);
	if (domain == NULL || v4 == NULL || v6 == NULL)
		return usage_error("conn-records: needs --conn-domain, --conn-ipv4 and --conn-ipv6");
	if (inet_pton(AF_INET, v4, bin) != 1)
		return usage_error("--conn-ipv4 wants an IPv4 address, not '%s'", v4);
	if (inet_pton(AF_INET6, v6, bin) != 1)
		return usage_error("--conn-ipv6 wants an IPv6 address, not '%s'", v6);
	char b[256];   /* B without a trailing dot */
	size_t n = strlen(domain);
	snprintf(b, sizeof(b), "%.*s", (int)(n > 0 && domain[n - 1] == '.' ? n - 1 : n), domain);
	if (conndns_key_create(key, &err) < 0 ||
	    conndns_ds_records(key, domain, ds, sizeof(ds), &err) < 0) {
		fprintf(stderr, "inetcheck: conn-records: %s\n", err.msg);
		return EXIT_USAGE;
	}
	printf("; the connection test of inetcheck serve: publish in %s\n", b);
	printf("test-ns-signed.%s. 3600 IN NS ns.test-ns-signed.%s.\n", b, b);
	printf("ns.test-ns-signed.%s. 3600 IN A %s\n", b, v4);
	printf("ns.test-ns-signed.%s. 3600 IN AAAA %s\n", b, v6);
	printf("test-ns6-signed.%s. 3600 IN NS ns.test-ns6-signed.%s.\n", b, b);
	printf("ns.test-ns6-signed.%s. 3600 IN AAAA %s\n", b, v6);
	fputs(ds, stdout);
	return EXIT_OK;
}

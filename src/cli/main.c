/*
 * main.c -- the inetcheck command line: option parsing and wiring only.
 *
 * Exit codes (documented in --help, README and inetcheck(1)):
 *   0  the test ran (and the score is at least --fail-under, if given)
 *   1  the test ran and the score is below --fail-under
 *   2  usage error or bad input (unknown option, invalid domain, unreadable file)
 *   3  the test could not run (resolver set-up failed, domain does not resolve)
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/testrun.h"
#include "core/domain.h"
#include "dns/resolver.h"
#include "net/guard.h"
#include "net/http.h"
#include "report/render.h"
#include "report/score.h"

enum { EXIT_OK = 0, EXIT_BELOW = 1, EXIT_USAGE = 2, EXIT_NOTRUN = 3 };

static const char usage_text[] =
	"Usage: inetcheck web DOMAIN [options]\n"
	"       inetcheck mail DOMAIN [options]\n"
	"       inetcheck --version | --help\n"
	"\n"
	"Test how well a domain's website (web) or e-mail (mail) follows modern\n"
	"Internet standards, with the subtests, verdicts and score of internet.nl.\n"
	"DOMAIN may be a URL (web) or an e-mail address (mail); IDNs are accepted.\n"
	"\n"
	"Options:\n"
	"  --json                  print the result as JSON (internet.nl batch API v2 shape)\n"
	"  --root-hints FILE       root hints in zone-file format (default: built-in IANA hints)\n"
	"  --trust-anchor FILE     DNSSEC trust anchor, DS or DNSKEY records in zone-file format\n"
	"                          (default: " RESOLVER_DEFAULT_TRUST_ANCHOR ")\n"
	"  --ca-file FILE          extra trusted CA certificates, PEM (HTTPS/STARTTLS categories)\n"
	"  --allow-private         allow loopback, private, ULA, link-local and other\n"
	"                          special-purpose addresses as targets (test networks)\n"
	"  --rpki-vrps FILE        validated ROA payloads, rpki-client or Routinator JSON/CSV (RPKI)\n"
	"  --rpki-validator URL    Routinator-style validity API (RPKI)\n"
	"  --bgp-whois HOST[:PORT] RIS-style whois server for route origins (RPKI)\n"
	"  --timeout SECONDS       deadline for the whole test (default 120)\n"
	"  --fail-under PERCENT    exit 1 when the score is lower than PERCENT (0-100)\n"
	"  --version               print the version and exit\n"
	"  --help                  print this help and exit\n"
	"\n"
	"Exit status: 0 test ran; 1 score below --fail-under; 2 usage error or bad input;\n"
	"3 the test could not run (resolver set-up failed, domain does not resolve).\n";

struct options {
	enum test_kind kind;
	const char *input;
	bool json;
	const char *root_hints, *trust_anchor, *ca_file;
	const char *rpki_vrps, *rpki_validator, *bgp_whois;
	bool allow_private;
	int timeout_s;
	int fail_under;          /* -1: not given */
};

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "inetcheck: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'inetcheck --help'.\n");
	return EXIT_USAGE;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int check_readable(const char *opt, const char *file)
{
	if (access(file, R_OK) == 0)
		return 0;
	fprintf(stderr, "inetcheck: %s %s: %s\n", opt, file, strerror(errno));
	return -1;
}

/* Options whose category is not implemented yet are accepted, never silently ignored. */
static void note_not_implemented(const char *opt, const char *what)
{
	fprintf(stderr, "inetcheck: note: %s accepted, but %s is not implemented yet; it has no effect\n",
	        opt, what);
}

static int parse_options(int argc, char **argv, struct options *o)
{
	enum { O_JSON = 256, O_ROOT, O_TA, O_CA, O_PRIV, O_VRPS, O_VALIDATOR, O_WHOIS,
	       O_TIMEOUT, O_FAIL, O_VERSION, O_HELP };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, O_JSON },
		{ "root-hints", required_argument, NULL, O_ROOT },
		{ "trust-anchor", required_argument, NULL, O_TA },
		{ "ca-file", required_argument, NULL, O_CA },
		{ "allow-private", no_argument, NULL, O_PRIV },
		{ "rpki-vrps", required_argument, NULL, O_VRPS },
		{ "rpki-validator", required_argument, NULL, O_VALIDATOR },
		{ "bgp-whois", required_argument, NULL, O_WHOIS },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "fail-under", required_argument, NULL, O_FAIL },
		{ "version", no_argument, NULL, O_VERSION },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->fail_under = -1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1 || optind < argc) {
		if (c == -1) {
			/* a positional argument: the command, then the domain */
			const char *arg = argv[optind++];
			if (o->input)
				return usage_error("unexpected argument '%s'", arg);
			o->input = arg;
			continue;
		}
		switch (c) {
		case O_JSON: o->json = true; break;
		case O_ROOT: o->root_hints = optarg; break;
		case O_TA: o->trust_anchor = optarg; break;
		case O_CA: o->ca_file = optarg; break;
		case O_PRIV: o->allow_private = true; break;
		case O_VRPS: o->rpki_vrps = optarg; break;
		case O_VALIDATOR: o->rpki_validator = optarg; break;
		case O_WHOIS: o->bgp_whois = optarg; break;
		case O_TIMEOUT:
			if (parse_int(optarg, 1, 3600, &o->timeout_s) < 0)
				return usage_error("--timeout wants whole seconds from 1 to 3600, not '%s'", optarg);
			break;
		case O_FAIL:
			if (parse_int(optarg, 0, 100, &o->fail_under) < 0)
				return usage_error("--fail-under wants a percentage from 0 to 100, not '%s'", optarg);
			break;
		case O_VERSION:
			printf("inetcheck %s\n", INETCHECK_VERSION);
			exit(EXIT_OK);
		case O_HELP:
			fputs(usage_text, stdout);
			exit(EXIT_OK);
		case ':':
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	struct resolver_config rcfg = { 0 };
	struct resolver *res = NULL;
	struct report *r = NULL;
	struct error err = {{0}};
	char domain[256];
	const char *cmd;
	int rc;

	if (argc < 2) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	/* the command comes first: inetcheck web|mail DOMAIN [options] */
	cmd = argv[1];
	if (strcmp(cmd, "web") && strcmp(cmd, "mail")) {
		if (cmd[0] == '-') {
			rc = parse_options(argc, argv, &o);   /* --help, --version, or an error */
			if (rc)
				return rc;
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		}
		fprintf(stderr, "inetcheck: unknown command '%s' (expected 'web' or 'mail')\n"
		        "Try 'inetcheck --help'.\n", cmd);
		return EXIT_USAGE;
	}
	rc = parse_options(argc - 1, argv + 1, &o);
	if (rc)
		return rc;
	o.kind = strcmp(cmd, "web") ? TEST_MAIL : TEST_WEB;
	if (!o.input)
		return usage_error("%s: a domain to test is required", cmd);
	if (domain_normalise(o.input, o.kind == TEST_MAIL, domain, sizeof(domain), &err) < 0) {
		fprintf(stderr, "inetcheck: %s\n", err.msg);
		return EXIT_USAGE;
	}
	if ((o.root_hints && check_readable("--root-hints", o.root_hints)) ||
	    (o.trust_anchor && check_readable("--trust-anchor", o.trust_anchor)) ||
	    (o.ca_file && check_readable("--ca-file", o.ca_file)) ||
	    (o.rpki_vrps && check_readable("--rpki-vrps", o.rpki_vrps)))
		return EXIT_USAGE;
	if (o.ca_file)
		note_not_implemented("--ca-file", "the HTTPS/STARTTLS category");
	if (o.rpki_vrps)
		note_not_implemented("--rpki-vrps", "the RPKI category");
	if (o.rpki_validator)
		note_not_implemented("--rpki-validator", "the RPKI category");
	if (o.bgp_whois)
		note_not_implemented("--bgp-whois", "the RPKI category");

	guard_allow_private(o.allow_private);
	if (http_global_init() < 0) {
		fprintf(stderr, "inetcheck: cannot initialise libcurl\n");
		return EXIT_NOTRUN;
	}
	rcfg.root_hints = o.root_hints;
	rcfg.trust_anchor = o.trust_anchor;
	res = resolver_new(&rcfg, &err);
	if (!res) {
		fprintf(stderr, "inetcheck: %s\n", err.msg);
		rc = EXIT_NOTRUN;
		goto out;
	}

	r = calloc(1, sizeof(*r));
	if (!r) {
		rc = EXIT_NOTRUN;
		goto out;
	}
	struct testrun_options to = { .res = res, .timeout_s = o.timeout_s };
	if (testrun_run(&to, o.kind, domain, r) < 0) {
		fprintf(stderr, "inetcheck: cannot test %s: %s\n", domain, r->error_msg);
		rc = EXIT_NOTRUN;
		if (o.json) {
			json_t *doc = render_json(r);
			json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			fputc('\n', stdout);
			json_decref(doc);
		}
		goto out;
	}
	score_report(r);

	size_t i;
	json_t *w;
	json_array_foreach(r->warnings, i, w)
		fprintf(stderr, "inetcheck: warning: %s\n", json_string_value(w));
	if (o.json) {
		json_t *doc = render_json(r);
		json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(doc);
	} else {
		render_text(r, stdout, isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
	}
	rc = EXIT_OK;
	if (o.fail_under >= 0 && r->percentage < o.fail_under) {
		fprintf(stderr, "inetcheck: score %d%% is below --fail-under %d%%\n", r->percentage, o.fail_under);
		rc = EXIT_BELOW;
	}
out:
	if (r) {
		report_release(r);
		free(r);
	}
	resolver_free(res);
	http_global_cleanup();
	return rc;
}

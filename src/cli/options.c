/*
 * options.c -- the options of the subcommands: --help, parsing, the file checks.
 */
#include "cli/cli.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "dns/resolver.h"
#include "net/whois.h"
#include "tls/cafile.h"

const char usage_text[] =
	"Usage: inetcheck web DOMAIN [options]\n"
	"       inetcheck mail DOMAIN [options]\n"
	"       inetcheck tls HOST[:PORT] [options]\n"
	"       inetcheck batch web|mail [FILE|-] [options]\n"
	"       inetcheck serve [options]\n"
	"       inetcheck worker --db FILE|URL [options]\n"
	"       inetcheck status --db FILE|URL [--json]\n"
	"       inetcheck diff OLD.json NEW.json [--format text|markdown|json] [--lang LANG]\n"
	"       inetcheck conn-records --conn-domain B --conn-ipv4 ADDR --conn-ipv6 ADDR\n"
	"                              [--conn-key FILE]\n"
	"       inetcheck --version | --help\n"
	"\n"
	"Test how well a domain's website (web) or e-mail (mail) follows modern\n"
	"Internet standards, with the subtests, verdicts and score of internet.nl.\n"
	"DOMAIN may be a URL (web) or an e-mail address (mail); IDNs are accepted.\n"
	"tls tests one TLS server (HOST a name or an IP literal, [v6]:PORT) with the\n"
	"TLS and certificate subtests of web (default, port 443) or mail (STARTTLS, 25).\n"
	"\n"
	"Options:\n"
	"  --json                  print the result as JSON (internet.nl batch API v2 shape)\n"
	"  --format FORMAT         text (default: sentences, details tables, explanations),\n"
	"                          markdown, html (one self-contained page), json, sarif\n"
	"                          (SARIF 2.1.0 for code scanning: a result per failed or\n"
	"                          warning subtest) or junit (JUnit XML: a test suite per\n"
	"                          category, a failing test case per failed subtest)\n"
	"  --brief                 text: one line per subtest (status and verdict token)\n"
	"  --lang LANG             en or nl (default: from LANGUAGE/LC_ALL/LC_MESSAGES/LANG)\n"
	"  --no-color              no colour in the text report (also when NO_COLOR is set)\n"
	"  --text FILE, --markdown FILE, --html FILE, --sarif FILE, --junit FILE\n"
	"                          also write the report in that format to FILE (e.g. --json\n"
	"                          for a CI gate and --html FILE as an artifact of one run)\n"
	"  --root-hints FILE       root hints in zone-file format (default: built-in IANA hints)\n"
	"  --trust-anchor FILE     DNSSEC trust anchor, DS or DNSKEY records in zone-file format\n"
	"                          (default: " RESOLVER_DEFAULT_TRUST_ANCHOR ")\n"
	"  --ca-file FILE          extra trusted CA certificates, PEM (HTTPS/STARTTLS categories, tls)\n"
	"  --allow-private         allow loopback, private, ULA, link-local and other\n"
	"                          special-purpose addresses as targets (test networks);\n"
	"                          RPKI then asks for their routes too\n"
	"  --private-dns           let the resolver ask name servers on such addresses (a\n"
	"                          lab's own root, a company's DNS); targets stay refused\n"
	"  --rpki-vrps FILE        validated ROA payloads to judge routes with (RPKI): an\n"
	"                          rpki-client or Routinator export, JSON or CSV\n"
	"  --rpki-validator URL    or ask a Routinator HTTP server, e.g. http://127.0.0.1:8323\n"
	"                          (GET URL/api/v1/validity/ASN/PREFIX); without either,\n"
	"                          the RPKI subtests of hosts with addresses are errors\n"
	"  --bgp-whois HOST[:PORT] RIS-style whois server for route origins\n"
	"                          (default " WHOIS_DEFAULT_HOST ":43)\n"
	"  --ehlo NAME             EHLO name for STARTTLS (mail; tls with --starttls)\n"
	"                          (default: inetcheck.invalid)\n"
	"  --timeout SECONDS       deadline for the whole test (default 120)\n"
	"  --fail-under PERCENT    exit 1 when the score is lower than PERCENT (0-100)\n"
	"  --resolve NAME[:PORT]=ADDR[,ADDR...]\n"
	"                          connect to ADDR instead of NAME's A/AAAA records (a staging\n"
	"                          server; repeatable; curl's NAME:PORT:ADDR also works); DNS\n"
	"                          subtests still see the real records\n"
	"  --dkim-selector NAME    mail: judge the DKIM key of selector NAME (repeatable),\n"
	"                          beyond internet.nl, which cannot know selectors\n"
	"  --zone FILE             answer names at or below the zone of FILE (master format,\n"
	"                          the zone about to be published) from it; repeatable;\n"
	"                          DNSSEC: a signed FILE is validated from the trust anchor,\n"
	"                          an unsigned one counts as insecure\n"
	"  --fail-on STATUS        web, mail: exit 1 when a subtest is failed (STATUS failed),\n"
	"                          failed or warning (warning), or failed, warning or info\n"
	"                          (info); subtests that could not be tested do not count\n"
	"  --baseline FILE         web, mail: compare with FILE, an earlier --json result of\n"
	"                          the same test, as diff does; the changes go to standard\n"
	"                          error and exit 1 when the score is lower\n"
	"  --version               print the version and exit\n"
	"  --help                  print this help and exit\n"
	"\n"
	"batch tests every domain of FILE (one per line, as DOMAIN above; # comments\n"
	"and blank lines skipped; standard input without FILE or with -), many at once\n"
	"in one process, and writes one JSON document per line (that of --json).\n"
	"Options of batch only (the report options --format, --text ... do not apply):\n"
	"  --out FILE              the JSON lines to FILE instead of standard output\n"
	"  --csv FILE              also one CSV row per domain: domain, test, status,\n"
	"                          score and each category's percentage\n"
	"  --state FILE|URL        keep finished results in FILE (SQLite) or postgresql://...;\n"
	"                          the same command again resumes, testing and writing\n"
	"                          nothing twice\n"
	"                          (--out and --csv files are then appended to)\n"
	"  --jobs N                tests at once (default: 4 per CPU, at most 64)\n"
	"  --per-address N         connections at once to one IP address, shared by every\n"
	"                          test (default 5; 0: no limit)\n"
	"  --per-address-smtp N    the same for SMTP, port 25 (default 1)\n"
	"  --summary FILE          the end summary as JSON to FILE\n"
	"  --quiet                 no progress line and no summary on standard error\n"
	"  --timeout and --fail-under apply to each domain.\n"
	"\n"
	"serve runs the web UI and the batch API v2 (internet.nl's) with tests on\n"
	"in-process workers, until SIGINT or SIGTERM. Without --allow-private a name that\n"
	"points only to special-purpose addresses is refused. Options of serve only:\n"
	"  --listen ADDR:PORT      where to listen (default 127.0.0.1:8080; port 0: any;\n"
	"                          fd:N: a listening socket handed over, e.g. by systemd)\n"
	"  --db FILE|URL           the store (default inetcheck.sqlite; sqlite:FILE, or\n"
	"                          PostgreSQL: postgresql://USER@HOST/DB, a libpq URI)\n"
	"  --users FILE            API users, htpasswd lines user:hash (yescrypt, bcrypt,\n"
	"                          SHA-512-crypt); without it the API answers 401\n"
	"  --workers N             tests at once in this process (default 4; 0: none)\n"
	"  --public-url URL        the base of report links in API results\n"
	"                          (default http://LISTEN)\n"
	"  --cache-minutes N       show a result younger than N minutes instead of testing\n"
	"                          again (default 5)\n"
	"  --rate-limit N          new tests per client address per hour (default 30; 0: no\n"
	"                          limit)\n"
	"  --lease-seconds N       a running test's lease; a job whose lease ends (its\n"
	"                          process died) is tested again (default 30)\n"
	"  --client-timeout N      close a client's connection idle or slow for N seconds\n"
	"                          (default 30)\n"
	"  --trusted-proxy ADDR    a reverse proxy at ADDR names the client in X-Real-IP (the\n"
	"                          rate limit's key); connection limits are then the proxy's\n"
	"  --per-address, --per-address-smtp, --timeout: as for batch.\n"
	"The connection test (/connection/: the visitor's own IPv6 and DNSSEC), on when\n"
	"--conn-domain is given (docs/deploy.md \"The connection test\"):\n"
	"  --conn-domain B         answer for test-ns-signed.B and test-ns6-signed.B, which\n"
	"                          B delegates to this server (conn-records prints them)\n"
	"  --conn-key FILE         their signing key (default inetcheck-conn.key; made when\n"
	"                          absent)\n"
	"  --conn-dns LIST         where the DNS responder listens: ADDR:PORT, [ADDR]:PORT,\n"
	"                          comma-separated (default 0.0.0.0:53,[::]:53)\n"
	"  --conn-ipv4 ADDR        this server's IPv4 address, which the test names point to\n"
	"  --conn-ipv6 ADDR        this server's IPv6 address (also fetched as a literal)\n"
	"\n"
	"worker tests the jobs of a store that serve (e.g. --workers 0) or other workers\n"
	"share, until SIGINT or SIGTERM (running tests get 10 s, then go back to the queue):\n"
	"  --db FILE|URL           the store, as for serve (required)\n"
	"  --jobs N                tests at once (default: 4 per CPU, at most 64)\n"
	"  --name NAME             this worker's name in the store (default HOST:PID)\n"
	"  --lease-seconds, --per-address, --per-address-smtp, --timeout: as above.\n"
	"\n"
	"status shows the queue of a store (requests running, jobs queued and running,\n"
	"tests finished and tests/s over the last minute and hour) and its workers: alive,\n"
	"gone (no heartbeat for 3 intervals of lease/3: killed or its machine down) or\n"
	"stopped. Exit 0; 2 for a bad --db (a SQLite file must exist):\n"
	"  --db FILE|URL           the store, as for serve (required)\n"
	"  --json                  the same as one JSON document\n"
	"\n"
	"diff compares two --json results of the same test (web or mail; the domains may\n"
	"differ, e.g. staging and production): the scores, each category whose status\n"
	"changed and each subtest whose status or verdict changed, or \"no change\".\n"
	"--format json (or --json) prints it as one JSON document; --lang en|nl the\n"
	"language of text and markdown (default from the environment, as for web/mail;\n"
	"names, statuses and verdicts stay tokens). Exit 1 when the new\n"
	"score is lower than the old, else 0; 2 for an unreadable file, one that is not\n"
	"an inetcheck --json result, or results of different tests.\n"
	"\n"
	"Options of tls only (the RPKI options do not apply to it):\n"
	"  --starttls smtp         SMTP STARTTLS first (default port 25) and the mail rules\n"
	"  --sni NAME              server name to send and match (default: HOST if a name)\n"
	"  --max-conns N           connections in flight, 1-100 (default 25 web, 1 STARTTLS)\n"
	"  -4, -6                  resolve HOST to IPv4 (A) or IPv6 (AAAA) only\n"
	"\n"
	"Exit status: 0 test ran; 1 score below --fail-under, a subtest at --fail-on's\n"
	"status or worse, or score lower than --baseline's; 2 usage error or bad input;\n"
	"3 the test could not run (resolver set-up failed, domain does not resolve);\n"
	"4 the output could not be written (a full disk, a closed stdout, a --html FILE).\n"
	"batch: 0 every domain tested; 1 some score below --fail-under; 3 some domain could\n"
	"not be tested; 130/143 stopped by SIGINT/SIGTERM (finished results are kept).\n"
	"An unreachable TLS server is a result (tls: status unreachable, score 0).\n";

int usage_error(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "inetcheck: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'inetcheck --help'.\n");
	return EXIT_USAGE;
}

int parse_int(const char *s, int lo, int hi, int *out)
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

int check_readable(const char *opt, const char *file)
{
	if (access(file, R_OK) == 0)
		return 0;
	fprintf(stderr, "inetcheck: %s %s: %s\n", opt, file, strerror(errno));
	return -1;
}

/*
 * --root-hints: a file without any A or AAAA record is bad input (libunbound would
 * accept it and fail every query); without --allow-private a file whose every server
 * is special-purpose gets a warning, since the resolver may not query those (issue 15).
 * 0, or -1 after a message.
 */
int check_root_hints(const char *file, bool allow_private)
{
	struct error err = {{0}};
	char (*addrs)[INET6_ADDRSTRLEN] = NULL;
	size_t n = 0, special = 0;

	if (resolver_root_hints_addresses(file, &addrs, &n, &err) < 0) {
		fprintf(stderr, "inetcheck: --root-hints: %s\n", err.msg);
		return -1;
	}
	if (n == 0) {
		fprintf(stderr, "inetcheck: --root-hints %s: no A or AAAA record of a root server\n", file);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		struct netaddr a;
		if (netaddr_parse(addrs[i], &a) == 0 && guard_special_range(&a))
			special++;
	}
	if (!allow_private && special == n)
		fprintf(stderr, "inetcheck: warning: every root server of --root-hints %s is on a "
		        "special-purpose address (%s ...); the resolver does not query those without "
		        "--allow-private\n", file, addrs[0]);
	free(addrs);
	return 0;
}

/* --trust-anchor: unreadable, not a regular file, or without DS/DNSKEY is bad input. */
int check_trust_anchor(const char *file)
{
	struct error err = {{0}};

	if (resolver_trust_anchor_check(file, &err) == 0)
		return 0;
	fprintf(stderr, "inetcheck: --trust-anchor: %s\n", err.msg);
	return -1;
}

/* --ca-file: missing, not a regular file or without a certificate is bad input. */
int check_ca_file(const char *file)
{
	struct error err = {{0}};

	if (ca_file_check(file, &err) == 0)
		return 0;
	fprintf(stderr, "inetcheck: --ca-file: %s\n", err.msg);
	return -1;
}

int parse_options(int argc, char **argv, enum cmd_kind cmd, struct options *o)
{
	bool tls_cmd = cmd == CMD_TLS, batch_cmd = cmd == CMD_BATCH, serve_cmd = cmd == CMD_SERVE;
	bool worker_cmd = cmd == CMD_WORKER, status_cmd = cmd == CMD_STATUS;
	const char *cmd_name = serve_cmd ? "serve" : worker_cmd ? "worker" : "batch";
	enum { O_JSON = 256, O_ROOT, O_TA, O_CA, O_PRIV, O_VRPS, O_VALIDATOR, O_WHOIS,
	       O_TIMEOUT, O_FAIL, O_VERSION, O_HELP, O_STARTTLS, O_SNI, O_EHLO, O_MAXCONNS,
	       O_FORMAT, O_BRIEF, O_LANG, O_NOCOLOR, O_ALSO_TEXT, O_ALSO_MD, O_ALSO_HTML,
	       O_OUT, O_CSV, O_STATE, O_SUMMARY, O_JOBS, O_PERADDR, O_PERADDR_SMTP, O_QUIET,
	       O_PRIVDNS, O_LISTEN, O_DB, O_USERS, O_WORKERS, O_PUBLIC_URL, O_CACHE_MIN, O_RATE, O_LEASE, O_CLIENT_TIMEOUT, O_NAME, O_PROXY,
	       O_CONN_DOMAIN, O_CONN_KEY, O_CONN_DNS, O_CONN_IPV4, O_CONN_IPV6, O_RESOLVE, O_ZONE,
	       O_ALSO_SARIF, O_ALSO_JUNIT, O_FAIL_ON, O_BASELINE, O_DKIM_SELECTOR };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, O_JSON },
		{ "root-hints", required_argument, NULL, O_ROOT },
		{ "trust-anchor", required_argument, NULL, O_TA },
		{ "ca-file", required_argument, NULL, O_CA },
		{ "allow-private", no_argument, NULL, O_PRIV },
		{ "private-dns", no_argument, NULL, O_PRIVDNS },
		{ "rpki-vrps", required_argument, NULL, O_VRPS },
		{ "rpki-validator", required_argument, NULL, O_VALIDATOR },
		{ "bgp-whois", required_argument, NULL, O_WHOIS },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "fail-under", required_argument, NULL, O_FAIL },
		{ "version", no_argument, NULL, O_VERSION },
		{ "help", no_argument, NULL, O_HELP },
		{ "starttls", required_argument, NULL, O_STARTTLS },
		{ "sni", required_argument, NULL, O_SNI },
		{ "ehlo", required_argument, NULL, O_EHLO },
		{ "max-conns", required_argument, NULL, O_MAXCONNS },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "brief", no_argument, NULL, O_BRIEF },
		{ "lang", required_argument, NULL, O_LANG },
		{ "no-color", no_argument, NULL, O_NOCOLOR },
		{ "text", required_argument, NULL, O_ALSO_TEXT },
		{ "markdown", required_argument, NULL, O_ALSO_MD },
		{ "html", required_argument, NULL, O_ALSO_HTML },
		{ "sarif", required_argument, NULL, O_ALSO_SARIF },
		{ "junit", required_argument, NULL, O_ALSO_JUNIT },
		{ "fail-on", required_argument, NULL, O_FAIL_ON },
		{ "baseline", required_argument, NULL, O_BASELINE },
		{ "out", required_argument, NULL, O_OUT },
		{ "csv", required_argument, NULL, O_CSV },
		{ "state", required_argument, NULL, O_STATE },
		{ "summary", required_argument, NULL, O_SUMMARY },
		{ "jobs", required_argument, NULL, O_JOBS },
		{ "per-address", required_argument, NULL, O_PERADDR },
		{ "per-address-smtp", required_argument, NULL, O_PERADDR_SMTP },
		{ "quiet", no_argument, NULL, O_QUIET },
		{ "listen", required_argument, NULL, O_LISTEN },
		{ "db", required_argument, NULL, O_DB },
		{ "users", required_argument, NULL, O_USERS },
		{ "workers", required_argument, NULL, O_WORKERS },
		{ "public-url", required_argument, NULL, O_PUBLIC_URL },
		{ "cache-minutes", required_argument, NULL, O_CACHE_MIN },
		{ "rate-limit", required_argument, NULL, O_RATE },
		{ "lease-seconds", required_argument, NULL, O_LEASE },
		{ "client-timeout", required_argument, NULL, O_CLIENT_TIMEOUT },
		{ "name", required_argument, NULL, O_NAME },
		{ "trusted-proxy", required_argument, NULL, O_PROXY },
		{ "conn-domain", required_argument, NULL, O_CONN_DOMAIN },
		{ "conn-key", required_argument, NULL, O_CONN_KEY },
		{ "conn-dns", required_argument, NULL, O_CONN_DNS },
		{ "conn-ipv4", required_argument, NULL, O_CONN_IPV4 },
		{ "conn-ipv6", required_argument, NULL, O_CONN_IPV6 },
		{ "resolve", required_argument, NULL, O_RESOLVE },
		{ "zone", required_argument, NULL, O_ZONE },
		{ "dkim-selector", required_argument, NULL, O_DKIM_SELECTOR },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	/* the option as typed: a separate value was argv[optind - 1], the option before it */
#define OPT_TOKEN() (optarg && optind >= 2 && optarg == argv[optind - 1] ? argv[optind - 2] : argv[optind - 1])
	/* web and mail report a tls-only option as unknown, exactly as before it existed */
#define TLS_ONLY() do { if (!tls_cmd) return usage_error("unknown option '%s'", OPT_TOKEN()); } while (0)
	/* web, mail and tls report a batch-only option as unknown */
#define BATCH_ONLY() do { if (!batch_cmd) return usage_error("unknown option '%s'", OPT_TOKEN()); } while (0)
	/* --jobs: batch's and worker's; --db and --lease-seconds: serve's and worker's; --name: worker's */
#define JOBS_ONLY() do { if (!batch_cmd && !worker_cmd) return usage_error("unknown option '%s'", \
                                                                        OPT_TOKEN()); } while (0)
#define QUEUE_ONLY() do { if (!serve_cmd && !worker_cmd && !status_cmd) \
                                    return usage_error("unknown option '%s'", OPT_TOKEN()); } while (0)
#define WORKER_ONLY() do { if (!worker_cmd) return usage_error("unknown option '%s'", OPT_TOKEN()); } while (0)
	/* serve's own options are unknown elsewhere; the connection budget is batch's and serve's */
#define SERVE_ONLY() do { if (!serve_cmd) return usage_error("unknown option '%s'", OPT_TOKEN()); } while (0)
#define SERVICE_ONLY() do { if (!batch_cmd && !serve_cmd && !worker_cmd) \
                                    return usage_error("unknown option '%s'", OPT_TOKEN()); } while (0)
	/* batch writes JSON lines and serve pages: the options of a report on stdout are not theirs */
#define NOT_BATCH() do { if (batch_cmd || serve_cmd || worker_cmd) return usage_error("option '%s' is not " \
                                  "used by %s (%s)", OPT_TOKEN(), cmd_name, batch_cmd ? "it writes JSON lines; " \
                                  "see --out and --csv" : serve_cmd ? "its reports are pages and API documents" \
                                  : "its results go to the store"); } while (0)
	/* what-if options (issue 21): one test of web, mail or tls */
#define ONE_TEST() do { if (batch_cmd || serve_cmd || worker_cmd) return usage_error("option '%s' is " \
                                  "for one test (web, mail, tls), not %s", OPT_TOKEN(), cmd_name); } while (0)
#define NOT_TLS() do { if (tls_cmd) return usage_error("option '%s' is not used by the tls command", \
                                                       OPT_TOKEN()); } while (0)

	memset(o, 0, sizeof(*o));
	o->fail_under = -1;
	o->fail_on = -1;
	o->per_address = 5;        /* issue 17: five connections to one address at once */
	o->per_address_smtp = 1;   /* SMTP: one, as internet.nl */
	o->workers = o->cache_minutes = o->rate_limit = o->lease_s = -1;
	opterr = 0;
	/* leading ':' (after '+'): a missing value is ':' and not '?', so it is named as such */
	while ((c = getopt_long(argc, argv, "+:46", longopts, NULL)) != -1 || optind < argc) {
		if (c == -1) {
			/* a positional argument: the command, then the domain */
			const char *arg = argv[optind++];
			if (batch_cmd && o->input && !o->file) {
				o->file = arg;   /* batch web|mail [FILE|-] */
				continue;
			}
			if (o->input)
				return usage_error("unexpected argument '%s'", arg);
			o->input = arg;
			continue;
		}
		/* status reads a store: --db and --json only */
		if (status_cmd && c != O_DB && c != O_JSON && c != O_HELP && c != O_VERSION && c != ':' &&
		    c != '?')
			return usage_error("unknown option '%s'", OPT_TOKEN());
		switch (c) {
		case O_JSON: o->json = true; o->format = FORMAT_JSON; break;
		case O_FORMAT:
			NOT_BATCH();
			if (!strcmp(optarg, "text"))
				o->format = FORMAT_TEXT;
			else if (!strcmp(optarg, "json"))
				o->format = FORMAT_JSON;
			else if (!strcmp(optarg, "markdown") && !tls_cmd)
				o->format = FORMAT_MARKDOWN;
			else if (!strcmp(optarg, "html") && !tls_cmd)
				o->format = FORMAT_HTML;
			else if (!strcmp(optarg, "sarif") && !tls_cmd)
				o->format = FORMAT_SARIF;
			else if (!strcmp(optarg, "junit") && !tls_cmd)
				o->format = FORMAT_JUNIT;
			else
				return usage_error("--format wants %s, not '%s'", tls_cmd ? "text or json"
				                   : "text, markdown, html, json, sarif or junit", optarg);
			o->json = o->format == FORMAT_JSON;
			break;
		case O_BRIEF: NOT_BATCH(); o->brief = true; break;
		case O_ALSO_TEXT: NOT_TLS(); NOT_BATCH(); o->also[FORMAT_TEXT] = optarg; break;
		case O_ALSO_MD: NOT_TLS(); NOT_BATCH(); o->also[FORMAT_MARKDOWN] = optarg; break;
		case O_ALSO_HTML: NOT_TLS(); NOT_BATCH(); o->also[FORMAT_HTML] = optarg; break;
		case O_ALSO_SARIF: NOT_TLS(); NOT_BATCH(); o->also[FORMAT_SARIF] = optarg; break;
		case O_ALSO_JUNIT: NOT_TLS(); NOT_BATCH(); o->also[FORMAT_JUNIT] = optarg; break;
		case O_FAIL_ON:
			NOT_TLS();
			NOT_BATCH();
			if (!strcmp(optarg, "failed"))
				o->fail_on = STATUS_FAIL;
			else if (!strcmp(optarg, "warning"))
				o->fail_on = STATUS_NOTICE;
			else if (!strcmp(optarg, "info"))
				o->fail_on = STATUS_INFO;
			else
				return usage_error("--fail-on wants failed, warning or info, not '%s'", optarg);
			break;
		case O_BASELINE: NOT_TLS(); NOT_BATCH(); o->baseline = optarg; break;
		case O_NOCOLOR: NOT_BATCH(); o->no_color = true; break;
		case O_LANG:
			NOT_BATCH();
			if (strcmp(optarg, "en") && strcmp(optarg, "nl"))
				return usage_error("--lang wants en or nl, not '%s'", optarg);
			o->lang = optarg;
			break;
		case O_ROOT: o->root_hints = optarg; break;
		case O_TA: o->trust_anchor = optarg; break;
		case O_CA: o->ca_file = optarg; break;
		case O_PRIV: o->allow_private = true; break;
		case O_PRIVDNS: NOT_TLS(); o->private_dns = true; break;
		case O_VRPS: o->rpki_vrps = optarg; NOT_TLS(); break;
		case O_VALIDATOR: o->rpki_validator = optarg; NOT_TLS(); break;
		case O_WHOIS: o->bgp_whois = optarg; NOT_TLS(); break;
		case O_STARTTLS: o->starttls = optarg; TLS_ONLY(); break;
		case O_SNI: o->sni = optarg; TLS_ONLY(); break;
		case O_EHLO: o->ehlo = optarg; break;   /* mail and tls: checked by the command */
		case O_MAXCONNS:
			TLS_ONLY();
			if (parse_int(optarg, 1, 100, &o->max_conns) < 0)
				return usage_error("--max-conns wants a number from 1 to 100, not '%s'", optarg);
			break;
		case '4':
		case '6':
			TLS_ONLY();
			if (o->family && o->family != (c == '4' ? 4 : 6))
				return usage_error("-4 and -6 exclude each other");
			o->family = c == '4' ? 4 : 6;
			break;
		case O_TIMEOUT:
			if (parse_int(optarg, 1, 3600, &o->timeout_s) < 0)
				return usage_error("--timeout wants whole seconds from 1 to 3600, not '%s'", optarg);
			break;
		case O_FAIL:
			if (parse_int(optarg, 0, 100, &o->fail_under) < 0)
				return usage_error("--fail-under wants a percentage from 0 to 100, not '%s'", optarg);
			break;
		case O_OUT: BATCH_ONLY(); o->out = optarg; break;
		case O_CSV: BATCH_ONLY(); o->csv = optarg; break;
		case O_STATE: BATCH_ONLY(); o->state = optarg; break;
		case O_SUMMARY: BATCH_ONLY(); o->summary = optarg; break;
		case O_QUIET: BATCH_ONLY(); o->quiet = true; break;
		case O_JOBS:
			JOBS_ONLY();
			if (parse_int(optarg, 1, 1024, &o->jobs) < 0)
				return usage_error("--jobs wants a number from 1 to 1024, not '%s'", optarg);
			break;
		case O_PERADDR:
			SERVICE_ONLY();
			if (parse_int(optarg, 0, 1000, &o->per_address) < 0)
				return usage_error("--per-address wants a number from 0 (no limit) to 1000, not '%s'", optarg);
			break;
		case O_PERADDR_SMTP:
			SERVICE_ONLY();
			if (parse_int(optarg, 0, 1000, &o->per_address_smtp) < 0)
				return usage_error("--per-address-smtp wants a number from 0 (no limit) to 1000, not '%s'",
				                   optarg);
			break;
		case O_LISTEN: SERVE_ONLY(); o->listen = optarg; break;
		case O_DB: QUEUE_ONLY(); o->db = optarg; break;
		case O_NAME: WORKER_ONLY(); o->name = optarg; break;
		case O_USERS: SERVE_ONLY(); o->users = optarg; break;
		case O_PUBLIC_URL: SERVE_ONLY(); o->public_url = optarg; break;
		case O_RESOLVE: {
			struct error err = {{0}};
			struct dns_override *d = &o->overrides[o->n_overrides];
			ONE_TEST();
			if (o->n_overrides == DNS_OVERRIDES_MAX)
				return usage_error("at most %d --resolve options", DNS_OVERRIDES_MAX);
			if (dns_override_parse(optarg, d, &err) < 0)
				return usage_error("--resolve %s", err.msg);
			for (size_t i = 0; i < o->n_overrides; i++) {
				if (strcmp(o->overrides[i].name, d->name) || o->overrides[i].port != d->port)
					continue;
				if (d->port)
					return usage_error("--resolve: %s:%u is given twice", d->name, d->port);
				return usage_error("--resolve: %s is given twice", d->name);
			}
			o->n_overrides++;
			break;
		}
		case O_DKIM_SELECTOR: {
			/* a selector is one or more labels (RFC 6376 §3.1): letters, digits, '-', '_' */
			size_t len = strlen(optarg), label = 0;
			bool ok = len > 0 && len <= 200 && optarg[0] != '.' && optarg[len - 1] != '.';
			ONE_TEST();
			NOT_TLS();
			for (size_t i = 0; ok && i < len; i++) {
				char ch = optarg[i];
				if (ch == '.') {
					ok = label > 0;
					label = 0;
				} else {
					ok = ++label <= 63 && (isalnum((unsigned char)ch) || ch == '-' || ch == '_');
				}
			}
			if (!ok)
				return usage_error("--dkim-selector wants a selector (labels of letters, digits, "
				                   "'-' and '_'), not '%s'", optarg);
			if (o->n_dkim_selectors == MAILAUTH_DKIM_SELECTORS_MAX)
				return usage_error("at most %d --dkim-selector options", MAILAUTH_DKIM_SELECTORS_MAX);
			o->dkim_selectors[o->n_dkim_selectors++] = optarg;
			break;
		}
		case O_ZONE:
			ONE_TEST();
			if (o->n_zones == DNS_OVERLAYS_MAX)
				return usage_error("at most %d --zone options", DNS_OVERLAYS_MAX);
			o->zones[o->n_zones++] = optarg;
			break;
		case O_CONN_DOMAIN: SERVE_ONLY(); o->conn_domain = optarg; break;
		case O_CONN_KEY: SERVE_ONLY(); o->conn_key = optarg; break;
		case O_CONN_DNS: SERVE_ONLY(); o->conn_dns = optarg; break;
		case O_CONN_IPV4:
		case O_CONN_IPV6: {
			unsigned char bin[16];
			bool v4 = c == O_CONN_IPV4;
			SERVE_ONLY();
			if (inet_pton(v4 ? AF_INET : AF_INET6, optarg, bin) != 1)
				return usage_error("--conn-ipv%c wants an IPv%c address, not '%s'",
				                   v4 ? '4' : '6', v4 ? '4' : '6', optarg);
			if (v4)
				o->conn_ipv4 = optarg;
			else
				o->conn_ipv6 = optarg;
			break;
		}
		case O_PROXY: {
			unsigned char bin[16];
			SERVE_ONLY();
			if (inet_pton(AF_INET, optarg, bin) != 1 && inet_pton(AF_INET6, optarg, bin) != 1)
				return usage_error("--trusted-proxy wants an IP address, not '%s'", optarg);
			o->trusted_proxy = optarg;
			break;
		}
		case O_WORKERS:
			SERVE_ONLY();
			if (parse_int(optarg, 0, 1024, &o->workers) < 0)
				return usage_error("--workers wants a number from 0 (queue only) to 1024, not '%s'", optarg);
			break;
		case O_CACHE_MIN:
			SERVE_ONLY();
			if (parse_int(optarg, 0, 10080, &o->cache_minutes) < 0)
				return usage_error("--cache-minutes wants a number from 0 to 10080, not '%s'", optarg);
			break;
		case O_RATE:
			SERVE_ONLY();
			if (parse_int(optarg, 0, 1000000, &o->rate_limit) < 0)
				return usage_error("--rate-limit wants tests per hour per address, 0 (no limit) to "
				                   "1000000, not '%s'", optarg);
			break;
		case O_LEASE:
			QUEUE_ONLY();
			if (parse_int(optarg, 1, 3600, &o->lease_s) < 0)
				return usage_error("--lease-seconds wants a number from 1 to 3600, not '%s'", optarg);
			break;
		case O_CLIENT_TIMEOUT:
			SERVE_ONLY();
			if (parse_int(optarg, 1, 3600, &o->client_timeout_s) < 0)
				return usage_error("--client-timeout wants a number from 1 to 3600, not '%s'", optarg);
			break;
		case O_VERSION:
			printf("inetcheck %s\n", INETCHECK_VERSION);
			exit(output_finish(EXIT_OK));
		case O_HELP:
			fputs(usage_text, stdout);
			exit(output_finish(EXIT_OK));
		case ':':
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			/* a short option: optopt, the argument may still be argv[optind] ("-a.example") */
			if (optopt > ' ' && optopt < 0x7f)
				return usage_error("unknown option '-%c'", optopt);
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	return 0;
#undef OPT_TOKEN
#undef TLS_ONLY
#undef NOT_TLS
#undef BATCH_ONLY
#undef SERVE_ONLY
#undef JOBS_ONLY
#undef QUEUE_ONLY
#undef WORKER_ONLY
#undef SERVICE_ONLY
#undef NOT_BATCH
#undef ONE_TEST
}

/* Colour in the text report: only on a terminal, never with --no-color or NO_COLOR
 * (https://no-color.org: any non-empty value). */
bool want_colour(const struct options *o)
{
	const char *nc = getenv("NO_COLOR");
	return !o->no_color && !(nc && nc[0]) && isatty(STDOUT_FILENO);
}

/* Columns of the terminal, else $COLUMNS, else 100. */
int text_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");
	int w;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	if (c && parse_int(c, 40, 1000, &w) == 0)
		return w;
	return 100;
}

void print_json(json_t *doc)
{
	json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
}

/* An EHLO name goes into the SMTP dialogue verbatim: printable, no spaces (RFC 5321 §4.1.1.1). */
bool ehlo_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 255)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return false;
	return true;
}


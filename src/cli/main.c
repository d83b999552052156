/*
 * main.c -- the inetcheck command line: option parsing and wiring only.
 *
 * Exit codes (documented in --help, README and inetcheck(1)):
 *   0  the test ran (and the score is at least --fail-under, if given)
 *   1  the test ran and the score is below --fail-under
 *   2  usage error or bad input (unknown option, invalid domain, unreadable file)
 *   3  the test could not run (resolver set-up failed, domain does not resolve)
 *   4  the output could not be written (checked at the final flush and close)
 * `inetcheck tls`: an unreachable server is a result (exit 0, status "unreachable").
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "checks/rov.h"
#include "checks/rpki.h"
#include "checks/testrun.h"
#include "checks/vrp.h"
#include "checks/tls.h"
#include "core/deadline.h"
#include "core/domain.h"
#include "core/i18n.h"
#include "dns/resolver.h"
#include "net/guard.h"
#include "net/http.h"
#include "net/whois.h"
#include "report/render.h"
#include "report/score.h"
#include "report/view.h"
#include "tls/cafile.h"
#include "tls/scan.h"

enum { EXIT_OK = 0, EXIT_BELOW = 1, EXIT_USAGE = 2, EXIT_NOTRUN = 3, EXIT_OUTPUT = 4 };

/*
 * Every byte of the report goes through stdout's buffer; a failed write (a full disk,
 * /dev/full, a closed stdout) shows as an error at the final flush and close, so it is
 * checked once there: exit 4 with a message, never a silent 0 (issue 15 item 5).
 */
static int output_finish(int rc)
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

static const char usage_text[] =
	"Usage: inetcheck web DOMAIN [options]\n"
	"       inetcheck mail DOMAIN [options]\n"
	"       inetcheck tls HOST[:PORT] [options]\n"
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
	"                          markdown, html (one self-contained page) or json\n"
	"  --brief                 text: one line per subtest (status and verdict token)\n"
	"  --lang LANG             en or nl (default: from LANGUAGE/LC_ALL/LC_MESSAGES/LANG)\n"
	"  --no-color              no colour in the text report (also when NO_COLOR is set)\n"
	"  --text FILE, --markdown FILE, --html FILE\n"
	"                          also write the report in that format to FILE (e.g. --json\n"
	"                          for a CI gate and --html FILE as an artifact of one run)\n"
	"  --root-hints FILE       root hints in zone-file format (default: built-in IANA hints)\n"
	"  --trust-anchor FILE     DNSSEC trust anchor, DS or DNSKEY records in zone-file format\n"
	"                          (default: " RESOLVER_DEFAULT_TRUST_ANCHOR ")\n"
	"  --ca-file FILE          extra trusted CA certificates, PEM (HTTPS/STARTTLS categories, tls)\n"
	"  --allow-private         allow loopback, private, ULA, link-local and other\n"
	"                          special-purpose addresses as targets (test networks);\n"
	"                          RPKI then asks for their routes too\n"
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
	"  --version               print the version and exit\n"
	"  --help                  print this help and exit\n"
	"\n"
	"Options of tls only (the RPKI options do not apply to it):\n"
	"  --starttls smtp         SMTP STARTTLS first (default port 25) and the mail rules\n"
	"  --sni NAME              server name to send and match (default: HOST if a name)\n"
	"  --max-conns N           connections in flight, 1-100 (default 25 web, 1 STARTTLS)\n"
	"  -4, -6                  resolve HOST to IPv4 (A) or IPv6 (AAAA) only\n"
	"\n"
	"Exit status: 0 test ran; 1 score below --fail-under; 2 usage error or bad input;\n"
	"3 the test could not run (resolver set-up failed, domain does not resolve);\n"
	"4 the output could not be written (a full disk, a closed stdout, a --html FILE).\n"
	"An unreachable TLS server is a result (tls: status unreachable, score 0).\n";

enum format { FORMAT_TEXT = 0, FORMAT_JSON, FORMAT_MARKDOWN, FORMAT_HTML };

struct options {
	enum test_kind kind;
	const char *input;
	bool json;               /* format == FORMAT_JSON */
	enum format format;
	bool brief, no_color;
	const char *lang;        /* NULL: from the environment */
	const char *also[4];     /* by enum format: also write that format to this file */
	const char *root_hints, *trust_anchor, *ca_file;
	const char *rpki_vrps, *rpki_validator, *bgp_whois;
	bool allow_private;
	int timeout_s;
	int fail_under;          /* -1: not given */
	/* tls only */
	const char *starttls, *sni, *ehlo;
	int max_conns;           /* 0: scan default */
	int family;              /* 0 any, 4 or 6 */
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

/*
 * --root-hints: a file without any A or AAAA record is bad input (libunbound would
 * accept it and fail every query); without --allow-private a file whose every server
 * is special-purpose gets a warning, since the resolver may not query those (issue 15).
 * 0, or -1 after a message.
 */
static int check_root_hints(const char *file, bool allow_private)
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
static int check_trust_anchor(const char *file)
{
	struct error err = {{0}};

	if (resolver_trust_anchor_check(file, &err) == 0)
		return 0;
	fprintf(stderr, "inetcheck: --trust-anchor: %s\n", err.msg);
	return -1;
}

/* --ca-file: missing, not a regular file or without a certificate is bad input. */
static int check_ca_file(const char *file)
{
	struct error err = {{0}};

	if (ca_file_check(file, &err) == 0)
		return 0;
	fprintf(stderr, "inetcheck: --ca-file: %s\n", err.msg);
	return -1;
}

static int parse_options(int argc, char **argv, bool tls_cmd, struct options *o)
{
	enum { O_JSON = 256, O_ROOT, O_TA, O_CA, O_PRIV, O_VRPS, O_VALIDATOR, O_WHOIS,
	       O_TIMEOUT, O_FAIL, O_VERSION, O_HELP, O_STARTTLS, O_SNI, O_EHLO, O_MAXCONNS,
	       O_FORMAT, O_BRIEF, O_LANG, O_NOCOLOR, O_ALSO_TEXT, O_ALSO_MD, O_ALSO_HTML };
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
		{ NULL, 0, NULL, 0 },
	};
	int c;
	/* the option as typed: a separate value was argv[optind - 1], the option before it */
#define OPT_TOKEN() (optarg && optind >= 2 && optarg == argv[optind - 1] ? argv[optind - 2] : argv[optind - 1])
	/* web and mail report a tls-only option as unknown, exactly as before it existed */
#define TLS_ONLY() do { if (!tls_cmd) return usage_error("unknown option '%s'", OPT_TOKEN()); } while (0)
#define NOT_TLS() do { if (tls_cmd) return usage_error("option '%s' is not used by the tls command", \
                                                       OPT_TOKEN()); } while (0)

	memset(o, 0, sizeof(*o));
	o->fail_under = -1;
	opterr = 0;
	/* leading ':' (after '+'): a missing value is ':' and not '?', so it is named as such */
	while ((c = getopt_long(argc, argv, "+:46", longopts, NULL)) != -1 || optind < argc) {
		if (c == -1) {
			/* a positional argument: the command, then the domain */
			const char *arg = argv[optind++];
			if (o->input)
				return usage_error("unexpected argument '%s'", arg);
			o->input = arg;
			continue;
		}
		switch (c) {
		case O_JSON: o->json = true; o->format = FORMAT_JSON; break;
		case O_FORMAT:
			if (!strcmp(optarg, "text"))
				o->format = FORMAT_TEXT;
			else if (!strcmp(optarg, "json"))
				o->format = FORMAT_JSON;
			else if (!strcmp(optarg, "markdown") && !tls_cmd)
				o->format = FORMAT_MARKDOWN;
			else if (!strcmp(optarg, "html") && !tls_cmd)
				o->format = FORMAT_HTML;
			else
				return usage_error("--format wants %s, not '%s'",
				                   tls_cmd ? "text or json" : "text, markdown, html or json", optarg);
			o->json = o->format == FORMAT_JSON;
			break;
		case O_BRIEF: o->brief = true; break;
		case O_ALSO_TEXT: NOT_TLS(); o->also[FORMAT_TEXT] = optarg; break;
		case O_ALSO_MD: NOT_TLS(); o->also[FORMAT_MARKDOWN] = optarg; break;
		case O_ALSO_HTML: NOT_TLS(); o->also[FORMAT_HTML] = optarg; break;
		case O_NOCOLOR: o->no_color = true; break;
		case O_LANG:
			if (strcmp(optarg, "en") && strcmp(optarg, "nl"))
				return usage_error("--lang wants en or nl, not '%s'", optarg);
			o->lang = optarg;
			break;
		case O_ROOT: o->root_hints = optarg; break;
		case O_TA: o->trust_anchor = optarg; break;
		case O_CA: o->ca_file = optarg; break;
		case O_PRIV: o->allow_private = true; break;
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
}

/*
 * What libunbound must not query: the target guard's special-purpose ranges, from the
 * guard's own table, unless --allow-private (then NULL: anything). Static storage,
 * filled once per process.
 */
#define DO_NOT_QUERY_MAX 256   /* the guard's table gives 66 prefixes today */

static const char *const *resolver_do_not_query(bool allow_private)
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

static void descriptors_raise(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* Before a test: -1 after a message when even the raised limit is too low to start. */
static int descriptors_check(void)
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
static const char *descriptors_problem(char *buf, size_t len)
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

/* ---------------------------------------------------------------- inetcheck tls */

/*
 * Split HOST[:PORT] into host and port: "name", "name:443", "192.0.2.1:443",
 * "2001:db8::1" (a bare IPv6 literal has no port), "[2001:db8::1]:443".
 * 0, or EXIT_USAGE after a usage message.
 */
static int split_host_port(const char *in, char *host, size_t hostlen, int *port)
{
	const char *colon, *end;
	size_t len;

	*port = 0;
	if (in[0] == '[') {
		end = strchr(in, ']');
		if (!end)
			return usage_error("tls: '%s': missing ']'", in);
		len = (size_t)(end - in - 1);
		if (end[1] == ':') {
			if (parse_int(end + 2, 1, 65535, port) < 0)
				return usage_error("tls: '%s': the port must be a number from 1 to 65535", in);
		} else if (end[1]) {
			return usage_error("tls: '%s': unexpected text after ']'", in);
		}
		if (len == 0 || len >= hostlen)
			return usage_error("tls: '%s' is not a host", in);
		memcpy(host, in + 1, len);
		host[len] = '\0';
		return 0;
	}
	colon = strchr(in, ':');
	if (colon && strchr(colon + 1, ':'))
		colon = NULL;                       /* a bare IPv6 literal */
	len = colon ? (size_t)(colon - in) : strlen(in);
	if (colon && parse_int(colon + 1, 1, 65535, port) < 0)
		return usage_error("tls: '%s': the port must be a number from 1 to 65535", in);
	if (len == 0 || len >= hostlen)
		return usage_error("tls: '%s' is not a host", in);
	memcpy(host, in, len);
	host[len] = '\0';
	return 0;
}

/* An EHLO name goes into the SMTP dialogue verbatim: printable, no spaces (RFC 5321 §4.1.1.1). */
static bool ehlo_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 255)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return false;
	return true;
}

/*
 * Resolve `name` to its first A, else its first AAAA record (family 4 or 6:
 * that one only), through our own resolver. 0, or -1 with a reason in `why`.
 */
static int resolve_host(struct resolver *res, const char *name, int family, deadline_t dl,
                        struct netaddr *out, char *why, size_t whylen)
{
	struct dns_answer a = {0}, aaaa = {0};
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (family != 6) {
		resolver_query(res, name, DNS_TYPE_A, RESOLVER_CD, dl, &a);
		if (a.n) {
			out->family = AF_INET;
			out->a.v4 = a.rr[0].u.a;
			rc = 0;
			goto out;
		}
	}
	if (family != 4) {
		resolver_query(res, name, DNS_TYPE_AAAA, RESOLVER_CD, dl, &aaaa);
		if (aaaa.n) {
			out->family = AF_INET6;
			out->a.v6 = aaaa.rr[0].u.aaaa;
			rc = 0;
			goto out;
		}
	}
	/* SERVFAIL of every query asked is not "no record" (issue 15; mail says it so) */
	if (!a.timeout && !aaaa.timeout && (family == 6 || a.rcode == DNS_RCODE_SERVFAIL) &&
	    (family == 4 || aaaa.rcode == DNS_RCODE_SERVFAIL))
		snprintf(why, whylen, "%s does not resolve (SERVFAIL)", name);
	else
		snprintf(why, whylen, "%s has no %s record%s", name,
		         family == 4 ? "A" : family == 6 ? "AAAA" : "A or AAAA",
		         a.timeout || aaaa.timeout ? " (DNS timed out)" :
		         a.rcode == DNS_RCODE_NXDOMAIN || aaaa.rcode == DNS_RCODE_NXDOMAIN ? " (NXDOMAIN)" : "");
out:
	dns_answer_free(&a);
	dns_answer_free(&aaaa);
	return rc;
}

/* Colour in the text report: only on a terminal, never with --no-color or NO_COLOR
 * (https://no-color.org: any non-empty value). */
static bool want_colour(const struct options *o)
{
	const char *nc = getenv("NO_COLOR");
	return !o->no_color && !(nc && nc[0]) && isatty(STDOUT_FILENO);
}

/* Columns of the terminal, else $COLUMNS, else 100. */
static int text_width(void)
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

/* One report for people (issue 16) in `format` to `out`: text (or --brief), markdown
 * or html. */
static void write_people(const struct report *r, const struct view *v, enum format format,
                         bool brief, bool colour, FILE *out)
{
	if (format == FORMAT_TEXT && brief)
		render_text(r, out, colour);
	else if (format == FORMAT_MARKDOWN)
		render_markdown(v, out);
	else if (format == FORMAT_HTML)
		render_html(v, out);
	else
		render_text_full(v, out, colour, out == stdout ? text_width() : 100);
}

/* The report on stdout (unless JSON, printed by the caller) and the --text, --markdown,
 * --html files. 0, or -1 when a file could not be written (said on stderr). */
static int print_people(const struct report *r, const struct options *o)
{
	struct view v;
	int rc = 0;

	if (view_build(r, &v) < 0) {
		fprintf(stderr, "inetcheck: out of memory\n");
		view_free(&v);
		return -1;
	}
	if (o->format != FORMAT_JSON)
		write_people(r, &v, o->format, o->brief, want_colour(o), stdout);
	for (int f = 0; f < 4; f++) {
		FILE *out;
		if (o->also[f] == NULL)
			continue;
		out = fopen(o->also[f], "w");
		if (out == NULL) {
			fprintf(stderr, "inetcheck: %s: %s\n", o->also[f], strerror(errno));
			rc = -1;
			continue;
		}
		write_people(r, &v, (enum format)f, o->brief, false, out);
		if (ferror(out) | fclose(out)) {
			fprintf(stderr, "inetcheck: %s: write failed\n", o->also[f]);
			rc = -1;
		}
	}
	view_free(&v);
	return rc;
}

static void print_json(json_t *doc)
{
	json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
}

/* inetcheck tls HOST[:PORT] [options]: argv[0] is "tls". */
static int run_tls(int argc, char **argv)
{
	struct options o;
	struct error err = {{0}};
	struct resolver_config rcfg = { 0 };
	struct resolver *res = NULL;
	struct report *r = NULL;
	struct tls_scan_facts *f = NULL;
	struct tls_scan_opts so = { 0 };
	struct tls_target t = { 0 };
	struct tls_score sc;
	json_t *details = NULL;
	char host[256], name[256], sni[256], addr[INET6_ADDRSTRLEN], why[300];
	bool is_literal;
	int port, rc;
	int64_t t0;

	rc = parse_options(argc, argv, true, &o);
	if (rc)
		return rc;
	if (!o.input)
		return usage_error("tls: a host to test is required (HOST[:PORT])");
	if (o.starttls && strcmp(o.starttls, "smtp"))
		return usage_error("tls: --starttls supports only 'smtp', not '%s'", o.starttls);
	if (o.ehlo && !o.starttls)
		return usage_error("tls: --ehlo needs --starttls smtp");
	if (o.ehlo && !ehlo_valid(o.ehlo))
		return usage_error("tls: --ehlo '%s' is not a valid EHLO name", o.ehlo);
	if (split_host_port(o.input, host, sizeof(host), &port))
		return EXIT_USAGE;
	if (!port)
		port = o.starttls ? 25 : 443;

	is_literal = netaddr_parse(host, &so.addr) == 0;
	if (is_literal) {
		if ((o.family == 4 && so.addr.family != AF_INET) || (o.family == 6 && so.addr.family != AF_INET6))
			return usage_error("tls: %s is not an IPv%d address", host, o.family);
		netaddr_str(&so.addr, name, sizeof(name));
	} else if (domain_normalise(host, false, name, sizeof(name), &err) < 0) {
		fprintf(stderr, "inetcheck: %s\n", err.msg);
		return EXIT_USAGE;
	}
	if (o.sni) {
		if (domain_normalise(o.sni, false, sni, sizeof(sni), &err) < 0) {
			fprintf(stderr, "inetcheck: --sni: %s\n", err.msg);
			return EXIT_USAGE;
		}
		so.sni = sni;
	} else if (!is_literal) {
		so.sni = name;       /* SNI defaults to HOST when it is a name */
	}
	if ((o.root_hints && check_root_hints(o.root_hints, o.allow_private)) ||
	    (o.trust_anchor && check_trust_anchor(o.trust_anchor)) ||
	    (o.ca_file && check_ca_file(o.ca_file)))
		return EXIT_USAGE;

	if (descriptors_check() < 0)
		return EXIT_NOTRUN;
	guard_allow_private(o.allow_private);
	so.deadline = deadline_in((int64_t)(o.timeout_s > 0 ? o.timeout_s : TESTRUN_DEFAULT_TIMEOUT_S) * 1000);
	if (!is_literal) {
		rcfg.root_hints = o.root_hints;
		rcfg.trust_anchor = o.trust_anchor;
		rcfg.do_not_query = resolver_do_not_query(o.allow_private);
		res = resolver_new(&rcfg, &err);
		if (!res) {
			fprintf(stderr, "inetcheck: %s\n", err.msg);
			return EXIT_NOTRUN;
		}
		if (resolve_host(res, name, o.family, so.deadline, &so.addr, why, sizeof(why)) < 0) {
			fprintf(stderr, "inetcheck: cannot test %s: %s\n", name, why);
			rc = EXIT_NOTRUN;
			goto out;
		}
	}
	so.addr.port = (unsigned short)port;
	so.starttls = o.starttls ? TLS_STARTTLS_SMTP : TLS_STARTTLS_NONE;
	so.ehlo = o.ehlo;
	so.ca_file = o.ca_file;
	so.max_conns = o.max_conns;
	so.web = !o.starttls;

	r = calloc(1, sizeof(*r));
	f = calloc(1, sizeof(*f));
	details = json_object();
	if (!r || !f || !details) {
		fprintf(stderr, "inetcheck: out of memory\n");
		rc = EXIT_NOTRUN;
		goto out;
	}
	t0 = deadline_now_ms();
	if (guard_check(&so.addr, why, sizeof(why)) < 0) {
		/* refused before any packet leaves: a result, as the scan would report it */
		f->reach = TLS_REACH_REFUSED;
		f->client_reneg = -1;
		snprintf(f->reach_detail, sizeof(f->reach_detail), "%.*s", (int)sizeof(f->reach_detail) - 1, why);
	} else if (tls_scan(&so, f) < 0) {
		fprintf(stderr, "inetcheck: cannot test %s: internal error in the TLS scan\n", name);
		rc = EXIT_NOTRUN;
		goto out;
	}
	if (*descriptors_problem(why, sizeof(why))) {
		fprintf(stderr, "inetcheck: cannot test %s: %s\n", name, why);
		rc = EXIT_NOTRUN;
		goto out;
	}
	if (f->elapsed_ms <= 0)
		f->elapsed_ms = deadline_now_ms() - t0;

	/* web rules §3.3.8 by default, mail rules §3.10 with STARTTLS */
	report_init(r, o.starttls ? TEST_MAIL : TEST_WEB, name);
	if (f->reach == TLS_REACH_REFUSED)
		report_warn(r, "%s", f->reach_detail[0] ? f->reach_detail :
		            "the target guard refused the address; use --allow-private");
	tls_evaluate(f, o.starttls ? TLS_RULES_MAIL : TLS_RULES_WEB, r, details);

	size_t i;
	json_t *w;
	json_array_foreach(r->warnings, i, w)
		fprintf(stderr, "inetcheck: warning: %s\n", json_string_value(w));

	t.host = name;
	t.address = netaddr_str(&so.addr, addr, sizeof(addr));
	t.port = (unsigned)port;
	t.sni = so.sni;
	t.starttls = o.starttls ? "smtp" : NULL;
	t.mail = o.starttls != NULL;
	if (o.json) {
		json_t *doc = render_tls_json(f, r, details, &t);
		print_json(doc);
		json_decref(doc);
	} else {
		render_tls_text(f, r, details, &t, stdout, want_colour(&o));
	}
	rc = EXIT_OK;
	render_tls_score(r, t.mail, &sc);
	if (o.fail_under >= 0 && sc.percentage < o.fail_under) {
		fprintf(stderr, "inetcheck: score %d%% is below --fail-under %d%%\n", sc.percentage, o.fail_under);
		rc = EXIT_BELOW;
	}
out:
	if (f) {
		tls_scan_facts_release(f);
		free(f);
	}
	if (r) {
		report_release(r);
		free(r);
	}
	json_decref(details);
	resolver_free(res);
	return rc;
}

static int run_web_mail(int argc, char **argv)
{
	struct options o;
	struct resolver_config rcfg = { 0 };
	struct resolver *res = NULL;
	struct report *r = NULL;
	struct error err = {{0}};
	char domain[256], validator_url[ROV_URL_MAX];
	struct rpki_config rpki = { 0 };
	struct vrp_set *vrps = NULL;
	const char *cmd;
	int rc;

	if (argc < 2) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	/* the command comes first: inetcheck web|mail DOMAIN [options], inetcheck tls HOST */
	cmd = argv[1];
	if (strcmp(cmd, "tls") == 0)
		return run_tls(argc - 1, argv + 1);
	if (strcmp(cmd, "web") && strcmp(cmd, "mail")) {
		if (cmd[0] == '-') {
			rc = parse_options(argc, argv, false, &o);   /* --help, --version, or an error */
			if (rc)
				return rc;
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		}
		fprintf(stderr, "inetcheck: unknown command '%s' (expected 'web', 'mail' or 'tls')\n"
		        "Try 'inetcheck --help'.\n", cmd);
		return EXIT_USAGE;
	}
	rc = parse_options(argc - 1, argv + 1, false, &o);
	if (rc)
		return rc;
	i18n_init(o.lang);   /* a --lang value was checked by parse_options */
	o.kind = strcmp(cmd, "web") ? TEST_MAIL : TEST_WEB;
	if (!o.input)
		return usage_error("%s: a domain to test is required", cmd);
	if (domain_normalise(o.input, o.kind == TEST_MAIL, domain, sizeof(domain), &err) < 0) {
		fprintf(stderr, "inetcheck: %s\n", err.msg);
		return EXIT_USAGE;
	}
	if ((o.root_hints && check_root_hints(o.root_hints, o.allow_private)) ||
	    (o.trust_anchor && check_trust_anchor(o.trust_anchor)) ||
	    (o.ca_file && check_ca_file(o.ca_file)) ||
	    (o.rpki_vrps && check_readable("--rpki-vrps", o.rpki_vrps)))
		return EXIT_USAGE;
	if (o.ehlo && o.kind == TEST_WEB)
		return usage_error("web: --ehlo is for mail (STARTTLS) and tls --starttls");
	if (o.ehlo && !ehlo_valid(o.ehlo))
		return usage_error("%s: --ehlo '%s' is not a valid EHLO name", cmd, o.ehlo);
	if (o.rpki_vrps && o.rpki_validator)
		return usage_error("%s: give --rpki-vrps or --rpki-validator, not both", cmd);
	if (o.rpki_validator &&
	    rov_validator_url(o.rpki_validator, validator_url, sizeof(validator_url), &err) < 0)
		return usage_error("%s: --rpki-validator %s", cmd, err.msg);
	if (whois_server_parse(o.bgp_whois ? o.bgp_whois : WHOIS_DEFAULT_HOST, &rpki.whois, &err) < 0)
		return usage_error("%s: --bgp-whois %s", cmd, err.msg);
	if (o.rpki_vrps) {
		/* loaded once, before the test; a broken file is bad input (exit 2) */
		vrps = vrp_load(o.rpki_vrps, deadline_in((int64_t)(o.timeout_s > 0 ? o.timeout_s
		                                                  : TESTRUN_DEFAULT_TIMEOUT_S) * 1000), &err);
		if (!vrps) {
			fprintf(stderr, "inetcheck: --rpki-vrps %s\n", err.msg);
			return EXIT_USAGE;
		}
	}
	rpki.rp.vrps = vrps;
	rpki.rp.url = o.rpki_validator ? validator_url : NULL;
	rpki.lookup_private = o.allow_private;

	if (descriptors_check() < 0) {
		rc = EXIT_NOTRUN;
		goto out;
	}
	guard_allow_private(o.allow_private);
	if (http_global_init() < 0) {
		fprintf(stderr, "inetcheck: cannot initialise libcurl\n");
		return EXIT_NOTRUN;
	}
	rcfg.root_hints = o.root_hints;
	rcfg.trust_anchor = o.trust_anchor;
	rcfg.do_not_query = resolver_do_not_query(o.allow_private);
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
	struct testrun_options to = { .res = res, .timeout_s = o.timeout_s, .ca_file = o.ca_file,
	                              .ehlo = o.ehlo, .rpki = &rpki };
	char fd_why[200];
	if (testrun_run(&to, o.kind, domain, r) < 0 || *descriptors_problem(fd_why, sizeof(fd_why))) {
		if (!r->error && *descriptors_problem(fd_why, sizeof(fd_why))) {
			/* the report is complete but its failures are ours: not a result */
			r->error = true;
			snprintf(r->error_msg, sizeof(r->error_msg), "%s", fd_why);
		}
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
	}
	rc = EXIT_OK;
	if (print_people(r, &o) < 0)
		rc = EXIT_OUTPUT;   /* a --text/--markdown/--html file could not be written */
	if (o.fail_under >= 0 && r->percentage < o.fail_under) {
		fprintf(stderr, "inetcheck: score %d%% is below --fail-under %d%%\n", r->percentage, o.fail_under);
		if (rc == EXIT_OK)
			rc = EXIT_BELOW;
	}
out:
	if (r) {
		report_release(r);
		free(r);
	}
	resolver_free(res);
	vrp_free(vrps);
	http_global_cleanup();
	return rc;
}

/*
 * A closed stdin, stdout or stderr would be reused by the first open() -- a trust
 * anchor, a socket -- and the report written into it. Hold them with /dev/null opened
 * read-only: reads give EOF, writes fail (EBADF), and output_finish() reports it.
 */
static void std_fds_hold(void)
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

int main(int argc, char **argv)
{
	std_fds_hold();
	descriptors_raise();
	return output_finish(run_web_mail(argc, argv));
}

/*
 * cli.h -- what the subcommands of the command line share (src/cli/: one file per
 * subcommand, STYLE "Keep rooms small"): the exit codes, the options and their
 * parsing, and the start-up and output helpers. Option parsing and wiring only.
 *
 * Exit codes (documented in --help, README and inetcheck(1)):
 *   0  the test ran (and the score is at least --fail-under, if given)
 *   1  the test ran and the score is below --fail-under, a subtest has the status of
 *      --fail-on or worse, or the score is lower than --baseline's; diff: the new score
 *      is lower than the old
 *   2  usage error or bad input (unknown option, invalid domain, unreadable file)
 *   3  the test could not run (resolver set-up failed, domain does not resolve)
 *   4  the output could not be written (checked at the final flush and close)
 * `inetcheck tls`: an unreachable server is a result (exit 0, status "unreachable").
 */
#ifndef INETCHECK_CLI_CLI_H
#define INETCHECK_CLI_CLI_H

#include <stdbool.h>
#include <signal.h>
#include <stddef.h>
#include <jansson.h>

#include "checks/mailauth.h"
#include "checks/rov.h"
#include "checks/rpki.h"
#include "checks/vrp.h"
#include "core/result.h"
#include "dns/overlay.h"
#include "engine/engine.h"

enum { EXIT_OK = 0, EXIT_BELOW = 1, EXIT_USAGE = 2, EXIT_NOTRUN = 3, EXIT_OUTPUT = 4 };

/* Which subcommand's options parse_options accepts. */
enum cmd_kind { CMD_TEST = 0, CMD_TLS, CMD_BATCH, CMD_SERVE, CMD_WORKER, CMD_STATUS };

enum format { FORMAT_TEXT = 0, FORMAT_JSON, FORMAT_MARKDOWN, FORMAT_HTML, FORMAT_SARIF,
              FORMAT_JUNIT, FORMAT_COUNT };

struct options {
	enum test_kind kind;
	const char *input;
	bool json;               /* format == FORMAT_JSON */
	enum format format;
	bool brief, no_color;
	const char *lang;        /* NULL: from the environment */
	const char *also[FORMAT_COUNT]; /* by enum format: also write that format to this file */
	const char *root_hints, *trust_anchor, *ca_file;
	const char *rpki_vrps, *rpki_validator, *bgp_whois;
	bool allow_private;
	bool private_dns;        /* the resolver may query special-purpose addresses */
	int timeout_s;
	int fail_under;          /* -1: not given */
	int fail_on;             /* web, mail: -1, or the mildest status that fails
	                          * (STATUS_FAIL, STATUS_NOTICE or STATUS_INFO) */
	const char *baseline;    /* web, mail: a previous --json result to compare with */
	/* tls only */
	const char *starttls, *sni, *ehlo;
	int max_conns;           /* 0: scan default */
	int family;              /* 0 any, 4 or 6 */
	/* batch only */
	const char *file;        /* the list; NULL or "-": standard input */
	const char *out, *csv, *state, *summary;
	int jobs;                /* 0: engine_default_jobs() */
	int per_address, per_address_smtp;   /* batch and serve */
	bool quiet;
	/* serve only (issue 18; server/server.h has the defaults) */
	const char *listen, *db, *users, *public_url;
	int workers;             /* -1: not given */
	int cache_minutes, rate_limit, lease_s;   /* -1: not given */
	int client_timeout_s;    /* 0: not given */
	const char *name;        /* worker only: its name in the store (host:pid) */
	const char *trusted_proxy; /* serve only */
	const char *conn_domain, *conn_key, *conn_dns, *conn_ipv4, *conn_ipv6;   /* serve only */
	/* web, mail and tls: testing before go-live (issue 21, dns/overlay.h) */
	struct dns_override overrides[DNS_OVERRIDES_MAX];   /* --resolve */
	size_t n_overrides;
	const char *zones[DNS_OVERLAYS_MAX];                /* --zone */
	size_t n_zones;
	/* mail: DKIM selectors whose keys are judged beyond internet.nl (issue 22) */
	const char *dkim_selectors[MAILAUTH_DKIM_SELECTORS_MAX + 1];   /* NULL-terminated */
	size_t n_dkim_selectors;
};

extern const char usage_text[];

/* options.c: "inetcheck: MESSAGE" and the --help hint on stderr; returns EXIT_USAGE. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A decimal number in [lo, hi]: 0, or -1. */
int parse_int(const char *s, int lo, int hi, int *out);
/* The file options' checks: 0, or -1 after a message naming the file (exit 2). */
int check_readable(const char *opt, const char *file);
int check_root_hints(const char *file, bool allow_private);
int check_trust_anchor(const char *file);
int check_ca_file(const char *file);
/* Parse the options of a subcommand (argv[0] is the subcommand) of kind `cmd`:
 * 0, or an exit code after a message (--help and --version exit here). */
int parse_options(int argc, char **argv, enum cmd_kind cmd, struct options *o);
/* An EHLO name: printable, no spaces, at most 255 characters (RFC 5321 §4.1.1.1). */
bool ehlo_valid(const char *s);
/* Colour in the text report: only on a terminal, never with --no-color or NO_COLOR. */
bool want_colour(const struct options *o);
/* Columns of the terminal, else $COLUMNS, else 100. */
int text_width(void);
void print_json(json_t *doc);

/* setup.c: start-up and the end of the output. */
const char *const *resolver_do_not_query(bool allow_private);
/*
 * The resolver of --root-hints, --trust-anchor, the target guard (no queries to
 * special-purpose addresses without --allow-private) and the what-if options
 * (--resolve, --zone; also handed to the HTTP client): 0, or EXIT_USAGE (a zone file
 * is unusable) or EXIT_NOTRUN after a message. `*what_if` (may be NULL when the
 * caller has no use for it) becomes the report's "what_if" object, NULL without
 * what-if options.
 */
struct resolver;
int cli_resolver_open(const struct options *o, struct resolver **res, json_t **what_if);
/* Free what the TLS checks keep for the whole process (trust stores, SSL_CTX
 * objects), so LeakSanitizer sees nothing held at exit; after the last test. */
void cli_tls_cleanup(void);
void descriptors_raise(void);
int descriptors_check(void);
const char *descriptors_problem(char *buf, size_t len);
void std_fds_hold(void);
/* What a web, mail or batch test needs besides its domain: shared by every test of
 * the process (issue 17). */
struct test_env {
	struct resolver *res;
	struct rpki_config rpki;
	struct vrp_set *vrps;
	char validator_url[ROV_URL_MAX];
	bool http_ready;
	json_t *what_if;         /* --resolve/--zone (cli_resolver_open), or NULL */
};
/* Check the options of web, mail and batch (o->kind set; exit 2 after a message) and
 * set up what the tests share (exit 3): 0, or the exit code. */
int test_env_open(const struct options *o, const char *cmd, struct test_env *env);
void test_env_close(struct test_env *env);
/* The engine's configuration of batch, serve and worker from their options and the
 * shared set-up (`memo` left NULL, `jobs` from --jobs). */
struct engine_config test_env_engine(const struct options *o, const struct test_env *env);
/* Block SIGINT and SIGTERM in every thread started from now on: the caller takes
 * them (sigwait) into `sigs`. */
void signals_take(sigset_t *sigs);
/* Flush and close stdout: `rc`, or EXIT_OUTPUT after a message when writing failed. */
int output_finish(int rc);

/* The subcommands: argv[0] is the subcommand's name. */
int cmd_tls(int argc, char **argv);
int cmd_test(int argc, char **argv);   /* web and mail */
int cmd_batch(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_worker(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_conn_records(int argc, char **argv);
int cmd_diff(int argc, char **argv);

/* cmd_diff.c: a --json result read from `file` (diff and --baseline): a new reference,
 * or NULL after a message on stderr naming the file (exit 2). Whether it is a
 * result is report/diff.h's diff_check_result. */
json_t *diff_load(const char *file);

#endif

/*
 * cmd_tls.c -- `inetcheck tls HOST[:PORT]`: one TLS server judged by the NCSC rules.
 */
#include "cli/cli.h"

#include <string.h>

#include "checks/testrun.h"
#include "checks/tls.h"
#include "core/domain.h"
#include "report/render.h"

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

/*
 * Resolve `name` to its first A, else its first AAAA record (family 4 or 6:
 * that one only), through our own resolver or a --resolve override for `port`.
 * 0, or -1 with a reason in `why`.
 */
static int resolve_host(struct resolver *res, const char *name, unsigned port, int family,
                        deadline_t dl, struct netaddr *out, char *why, size_t whylen)
{
	struct dns_answer a = {0}, aaaa = {0};
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (family != 6) {
		resolver_query_connect(res, name, port, DNS_TYPE_A, RESOLVER_CD, dl, &a);
		if (a.n) {
			out->family = AF_INET;
			out->a.v4 = a.rr[0].u.a;
			rc = 0;
			goto out;
		}
	}
	if (family != 4) {
		resolver_query_connect(res, name, port, DNS_TYPE_AAAA, RESOLVER_CD, dl, &aaaa);
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

/* inetcheck tls HOST[:PORT] [options]: argv[0] is "tls". */
int cmd_tls(int argc, char **argv)
{
	struct options o;
	struct error err = {{0}};
	struct resolver *res = NULL;
	struct report *r = NULL;
	struct tls_scan_facts *f = NULL;
	struct tls_scan_opts so = { 0 };
	struct tls_target t = { 0 };
	struct tls_score sc;
	json_t *details = NULL, *what_if = NULL;
	char host[256], name[256], sni[256], addr[INET6_ADDRSTRLEN], why[300];
	bool is_literal;
	int port, rc;
	int64_t t0;

	rc = parse_options(argc, argv, CMD_TLS, &o);
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
	if (is_literal && (o.n_overrides || o.n_zones))
		return usage_error("tls: --resolve and --zone need a HOST name, not an address");
	if (!is_literal) {
		rc = cli_resolver_open(&o, &res, &what_if);
		if (rc)
			return rc;
		if (resolve_host(res, name, (unsigned)port, o.family, so.deadline, &so.addr, why, sizeof(why)) < 0) {
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
	r->what_if = json_incref(what_if);
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
	json_decref(what_if);
	resolver_free(res);
	cli_tls_cleanup();
	return rc;
}

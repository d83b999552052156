/* ipv6.c -- web_ipv6 (spec §3.1) and mail_ipv6 (§3.7): probe, then rules. */
#include "checks/ipv6.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/similarity.h"
#include "core/jsonutil.h"
#include "core/parallel.h"
#include "net/http.h"
#include "net/probe.h"

/* ------------------------------------------------------------------ rules */

bool ipv6_host_port_diff(const struct ipv6_host_facts *h)
{
	unsigned v4 = 0, v6 = 0;
	for (size_t i = 0; i < h->n4; i++)
		v4 |= h->v4[i].ports_ok;
	for (size_t i = 0; i < h->n6; i++)
		v6 |= h->v6[i].ports_ok;
	return (v4 & ~v6) != 0;
}

static size_t good_count(const struct ipv6_addr_facts *a, size_t n)
{
	size_t good = 0;
	for (size_t i = 0; i < n; i++)
		good += a[i].ports_ok != 0;
	return good;
}

/* spec §3.1: 10 if >=1 good IPv6, no bad IPv6 and no port difference;
 * 2 if >=1 good IPv6 but a bad one or a port difference; else 0. */
int ipv6_host_points(const struct ipv6_host_facts *h)
{
	size_t good6 = good_count(h->v6, h->n6);
	if (good6 == 0)
		return 0;
	if (good6 < h->n6 || ipv6_host_port_diff(h))
		return 2;
	return 10;
}

/* spec §3.1 ns_score: sum / (counted x 10) x 10, truncated; NS without AAAA
 * are not counted when at least two NS have AAAA; one counted NS caps at 5. */
int ipv6_ns_score(const struct ipv6_host_facts *ns, size_t n)
{
	size_t with_aaaa = 0, counted = 0;
	int sum = 0, score;

	for (size_t i = 0; i < n; i++)
		with_aaaa += ns[i].n6 > 0;
	for (size_t i = 0; i < n; i++) {
		if (with_aaaa >= 2 && ns[i].n6 == 0)
			continue;
		counted++;
		sum += ipv6_host_points(&ns[i]);
	}
	if (counted == 0)
		return 0;
	score = (int)((double)sum / (double)(counted * 10) * 10.0);
	if (counted == 1 && score > 5)
		score = 5;
	return score;
}

/* spec §3.7 mx_score: sum / (n x 10) x 10, truncated. */
int ipv6_mx_score(const struct ipv6_host_facts *mx, size_t n)
{
	int sum = 0;
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		sum += ipv6_host_points(&mx[i]);
	return (int)((double)sum / (double)(n * 10) * 10.0);
}

static json_t *addr_list_json(const struct ipv6_addr_facts *a, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		char buf[64];
		json_array_append_new(list, json_pack("{s:s, s:b, s:[]}",
			"address", netaddr_str(&a[i].addr, buf, sizeof(buf)),
			"reachable", a[i].ports_ok != 0, "routing"));
	}
	return list;
}

/* §5.4: {"ipv4": {"addresses": [...]}, "ipv6": {"addresses": [...]}} merged into `o`. */
static void host_addresses_json(json_t *o, const struct ipv6_host_facts *h)
{
	json_object_set_new(json_child(o, "ipv4"), "addresses", addr_list_json(h->v4, h->n4));
	json_object_set_new(json_child(o, "ipv6"), "addresses", addr_list_json(h->v6, h->n6));
}

/* The addresses of `a` joined by ", ", or "None" (internet.nl's table shows "None"). */
static void addr_join(char *out, size_t len, const struct ipv6_addr_facts *a, size_t n)
{
	char buf[64];
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++) {
		int w = snprintf(out + used, len - used, "%s%s", i ? ", " : "",
		                 netaddr_str(&a[i].addr, buf, sizeof(buf)));
		if (w < 0)
			break;
		used += (size_t)w;
	}
	if (n == 0)
		snprintf(out, len, "None");
}

/* Table row [name, IPv6 addresses, IPv4 addresses] of one host. */
static void host_address_row(json_t *rows, const struct ipv6_host_facts *h)
{
	char v6[1024], v4[1024];

	addr_join(v6, sizeof(v6), h->v6, h->n6);
	addr_join(v4, sizeof(v4), h->v4, h->n4);
	json_array_append_new(rows, json_pack("[s,s,s]", h->name, v6, v4));
}

/* The address cell of a reachability row; a refused address says why. */
static void reach_addr(char *out, size_t len, const struct ipv6_addr_facts *a)
{
	char buf[64];
	snprintf(out, len, "%s%s", netaddr_str(&a->addr, buf, sizeof(buf)),
	         a->refused ? " (special-purpose address, not contacted)" : "");
}

/* Web table rows [name, address] of the host's unreachable IPv6 addresses. */
static void host_unreachable_rows(json_t *rows, const struct ipv6_host_facts *h)
{
	char addr[128];
	for (size_t i = 0; i < h->n6; i++) {
		if (h->v6[i].ports_ok)
			continue;
		reach_addr(addr, sizeof(addr), &h->v6[i]);
		json_array_append_new(rows, json_pack("[s,s]", h->name, addr));
	}
}

/* Mail table rows [name, address, yes|no] of every IPv6 address of the host. */
static void host_reach_rows(json_t *rows, const struct ipv6_host_facts *h)
{
	char addr[128];
	for (size_t i = 0; i < h->n6; i++) {
		reach_addr(addr, sizeof(addr), &h->v6[i]);
		json_array_append_new(rows, json_pack("[s,s,s]", h->name, addr, h->v6[i].ports_ok ? "yes" : "no"));
	}
}

static void warn_refused_addrs(struct report *r, const char *name, const struct ipv6_addr_facts *a,
                               size_t n)
{
	char buf[64];
	for (size_t i = 0; i < n; i++)
		if (a[i].refused)
			report_warn(r, "not contacting %s (%s): special-purpose address; use --allow-private to test it",
			            netaddr_str(&a[i].addr, buf, sizeof(buf)), name);
}

static void warn_refused(struct report *r, const struct ipv6_host_facts *h)
{
	warn_refused_addrs(r, h->name, h->v4, h->n4);
	warn_refused_addrs(r, h->name, h->v6, h->n6);
}

/* The name-server half, identical for web and mail (§3.1, §3.7). */
static void evaluate_ns(const struct ipv6_facts *f, struct report *r,
                        enum subtest_id sub_address, enum subtest_id sub_reach)
{
	size_t with_aaaa = 0;
	bool all_reachable = true;
	bool mail = f->kind == TEST_MAIL;
	json_t *lines = json_array(), *reach = json_array();
	json_t *nameservers = json_child(r->technical, "nameservers");

	for (size_t i = 0; i < f->n_ns; i++) {
		const struct ipv6_host_facts *h = &f->ns[i];
		with_aaaa += h->n6 > 0;
		for (size_t j = 0; j < h->n6; j++)
			all_reachable &= h->v6[j].ports_ok != 0;
		host_addresses_json(json_child(nameservers, h->name), h);
		host_address_row(lines, h);
		if (mail)
			host_reach_rows(reach, h);
		else
			host_unreachable_rows(reach, h);
		warn_refused(r, h);
	}
	/* spec §3.1 ns_aaaa: none bad, exactly one other, two or more good */
	if (with_aaaa == 0)
		result_set(r, sub_address, STATUS_FAIL, "bad");
	else if (with_aaaa == 1)
		result_set(r, sub_address, STATUS_FAIL, "other");
	else
		result_set(r, sub_address, STATUS_SUCCESS, "good");
	result_set_tech(r, sub_address, lines);

	/* ns_reach: only when some NS has AAAA; otherwise stays not_tested. */
	if (with_aaaa > 0) {
		result_set(r, sub_reach, all_reachable ? STATUS_SUCCESS : STATUS_FAIL,
		           all_reachable ? "good" : "bad");
		result_set_tech(r, sub_reach, reach);
	} else {
		json_decref(reach);
	}
	result_set_points(r, sub_reach, ipv6_ns_score(f->ns, f->n_ns));
}

static void evaluate_web(const struct ipv6_facts *f, struct report *r)
{
	const struct ipv6_host_facts *w = &f->web;
	size_t good6 = good_count(w->v6, w->n6);
	json_t *lines = json_array(), *reach = json_array();
	json_t *webservers = json_child(r->technical, "webservers");

	host_addresses_json(webservers, w);
	host_address_row(lines, w);
	host_unreachable_rows(reach, w);
	warn_refused(r, w);
	/* README "Target guard": every refused address is named, redirect targets too */
	if (f->site_compared && f->site.refused[0])
		report_warn(r, "IPv6 same-website comparison of %s: not following a redirect, %s",
		            w->name, f->site.refused);

	/* web_aaaa: at least one (non-mapped) AAAA */
	result_set(r, SUB_WEB_IPV6_WS_ADDRESS, w->n6 ? STATUS_SUCCESS : STATUS_FAIL, w->n6 ? "good" : "bad");
	result_set_tech(r, SUB_WEB_IPV6_WS_ADDRESS, lines);

	/* web_reach: only if AAAA exists; a port difference still shows good (§3.1) */
	if (w->n6) {
		bool ok = good6 == w->n6;
		result_set(r, SUB_WEB_IPV6_WS_REACH, ok ? STATUS_SUCCESS : STATUS_FAIL, ok ? "good" : "bad");
		result_set_tech(r, SUB_WEB_IPV6_WS_REACH, reach);
	} else {
		json_decref(reach);
	}
	result_set_points(r, SUB_WEB_IPV6_WS_REACH, ipv6_host_points(w));

	/* web_ipv46: only if >= 1 good IPv6 */
	if (good6 == 0)
		return;
	if (w->n4 == 0) {
		/* IPv6-only site: removed from the score (§3.1, §8 item 4) */
		result_set_worst(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_NOT_TESTED);
		return;
	}
	if (!f->site_compared) {
		/* IPv4 all unreachable, or a port difference: not calculable */
		result_set(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_FAIL, "bad");
		result_set_points(r, SUB_WEB_IPV6_WS_SIMILAR, 0);
		return;
	}
	const struct ipv6_site_facts *s = &f->site;
	/* internet.nl stores int(distance); the <= 10 test uses the exact value */
	int stored = (int)s->distance;
	char v6s[16], v4s[16], dist[16];
	snprintf(v6s, sizeof(v6s), "%d", (int)s->v6_status);
	snprintf(v4s, sizeof(v4s), "%d", (int)s->v4_status);
	snprintf(dist, sizeof(dist), "%d", stored);
	result_set_tech(r, SUB_WEB_IPV6_WS_SIMILAR, json_pack("[[s,s,s,s]]", w->name, v6s, v4s, dist));
	if (!s->v4_response || !s->v6_response || s->v4_ports != s->v6_ports) {
		result_set(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_FAIL, "bad");
		result_set_points(r, SUB_WEB_IPV6_WS_SIMILAR, 0);
		return;
	}
	if (s->v4_status != s->v6_status) {
		/* quirk §3.1 step 2 / §8 item 36: not calculable, but 2 points */
		result_set(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_FAIL, "bad");
		result_set_points(r, SUB_WEB_IPV6_WS_SIMILAR, 2);
		return;
	}
	/* §5.4: ip_similarity only when 0 < distance <= 100 (distance 0 is falsy, §8 item 39) */
	if (stored > 0)
		json_object_set_new(webservers, "ip_similarity", json_boolean(s->distance <= SIMILARITY_MAX_DISTANCE));
	if (s->distance <= SIMILARITY_MAX_DISTANCE) {
		bool status_ok = s->v6_status >= 200 && s->v6_status <= 400;
		result_set(r, SUB_WEB_IPV6_WS_SIMILAR, status_ok ? STATUS_SUCCESS : STATUS_NOTICE,
		           status_ok ? "good" : "notice-status-code");
		result_set_points(r, SUB_WEB_IPV6_WS_SIMILAR, 2);
	} else {
		result_set(r, SUB_WEB_IPV6_WS_SIMILAR, STATUS_NOTICE, "notice");
		result_set_points(r, SUB_WEB_IPV6_WS_SIMILAR, 0);
	}
}

static void evaluate_mail(const struct ipv6_facts *f, struct report *r)
{
	size_t with_aaaa = 0;
	bool all_reachable = true;
	json_t *lines, *reach, *mailservers;

	if (!f->mx_list || f->mx_list->state != MX_HAS_MX) {
		/* MX subtests not scored: recommended, mx_score 10 unscored (§3.7) */
		result_set_worst(r, SUB_MAIL_IPV6_MX_ADDRESS, STATUS_NOTICE);
		result_set_worst(r, SUB_MAIL_IPV6_MX_REACH, STATUS_INFO);
		result_set_points(r, SUB_MAIL_IPV6_MX_REACH, 10);
		mx_state_result(f->mx_list ? f->mx_list->state : MX_NO_MX, SUB_MAIL_IPV6_MX_ADDRESS, "other", r);
		return;
	}
	lines = json_array();
	reach = json_array();
	mailservers = json_child(r->technical, "receiving_mailservers");
	for (size_t i = 0; i < f->n_mx; i++) {
		const struct ipv6_host_facts *h = &f->mx[i];
		char key[260];
		with_aaaa += h->n6 > 0;
		for (size_t j = 0; j < h->n6; j++)
			all_reachable &= h->v6[j].ports_ok != 0;
		snprintf(key, sizeof(key), "%s.", h->name);
		host_addresses_json(json_child(json_child(mailservers, key), "addresses"), h);
		host_address_row(lines, h);
		host_reach_rows(reach, h);
		warn_refused(r, h);
	}
	/* mx_aaaa is required once MX exist; mx_reach once tested (§3.7) */
	result_set_worst(r, SUB_MAIL_IPV6_MX_ADDRESS, STATUS_FAIL);
	result_set_worst(r, SUB_MAIL_IPV6_MX_REACH, STATUS_FAIL);
	if (with_aaaa == f->n_mx)
		result_set(r, SUB_MAIL_IPV6_MX_ADDRESS, STATUS_SUCCESS, "good");
	else
		result_set(r, SUB_MAIL_IPV6_MX_ADDRESS, STATUS_FAIL, "bad");
	result_set_tech(r, SUB_MAIL_IPV6_MX_ADDRESS, lines);
	if (with_aaaa == 0) {
		/* no MX has AAAA: mx_reach forced required, not tested, 0 points */
		result_set_points(r, SUB_MAIL_IPV6_MX_REACH, 0);
		json_decref(reach);
		return;
	}
	result_set(r, SUB_MAIL_IPV6_MX_REACH, all_reachable ? STATUS_SUCCESS : STATUS_FAIL,
	           all_reachable ? "good" : "bad");
	result_set_tech(r, SUB_MAIL_IPV6_MX_REACH, reach);
	result_set_points(r, SUB_MAIL_IPV6_MX_REACH, ipv6_mx_score(f->mx, f->n_mx));
}

void ipv6_evaluate(const struct ipv6_facts *f, struct report *r)
{
	if (f->kind == TEST_WEB) {
		evaluate_ns(f, r, SUB_WEB_IPV6_NS_ADDRESS, SUB_WEB_IPV6_NS_REACH);
		evaluate_web(f, r);
		r->cat[CAT_WEB_IPV6].implemented = true;
	} else {
		evaluate_ns(f, r, SUB_MAIL_IPV6_NS_ADDRESS, SUB_MAIL_IPV6_NS_REACH);
		evaluate_mail(f, r);
		r->cat[CAT_MAIL_IPV6].implemented = true;
	}
}

/* ------------------------------------------------------------------ probe */

static void host_resolve(const struct check_ctx *ctx, struct ipv6_host_facts *h)
{
	struct dns_answer a = {0}, aaaa = {0};

	/* the addresses connected to: a --resolve override of the name stands in for its
	 * records (issue 21), for any port */
	resolver_query_connect(ctx->res, h->name, 0, DNS_TYPE_AAAA, RESOLVER_CD, ctx->deadline, &aaaa);
	for (size_t i = 0; i < aaaa.n && h->n6 < IPV6_MAX_ADDRS; i++) {
		/* spec §3.1: IPv4-mapped AAAA records are dropped */
		if (IN6_IS_ADDR_V4MAPPED(&aaaa.rr[i].u.aaaa))
			continue;
		h->v6[h->n6].addr.family = AF_INET6;
		h->v6[h->n6].addr.a.v6 = aaaa.rr[i].u.aaaa;
		h->n6++;
	}
	resolver_query_connect(ctx->res, h->name, 0, DNS_TYPE_A, RESOLVER_CD, ctx->deadline, &a);
	for (size_t i = 0; i < a.n && h->n4 < IPV6_MAX_ADDRS; i++) {
		h->v4[h->n4].addr.family = AF_INET;
		h->v4[h->n4].addr.a.v4 = a.rr[i].u.a;
		h->n4++;
	}
	dns_answer_free(&a);
	dns_answer_free(&aaaa);
}

enum job_kind { JOB_DNS, JOB_TCP };

struct job {
	struct ipv6_addr_facts *addr;
	enum job_kind kind;
	unsigned short port;
	unsigned bit;
};

struct jobs {
	const struct check_ctx *ctx;
	const char *qname;           /* NS reachability query name: the tested domain */
	struct job *list;
	size_t n, cap;
};

static void jobs_add_host(struct jobs *js, struct ipv6_host_facts *h, enum job_kind kind,
                          const unsigned short *ports, unsigned n_ports)
{
	h->n_ports = n_ports;
	for (int fam = 0; fam < 2; fam++) {
		struct ipv6_addr_facts *addrs = fam ? h->v6 : h->v4;
		size_t n = fam ? h->n6 : h->n4;
		for (size_t i = 0; i < n; i++)
			for (unsigned p = 0; p < n_ports; p++) {
				if (js->n == js->cap) {
					size_t cap = js->cap ? js->cap * 2 : 64;
					struct job *l = realloc(js->list, cap * sizeof(*l));
					if (!l)
						return;
					js->list = l;
					js->cap = cap;
				}
				js->list[js->n++] = (struct job){ &addrs[i], kind, ports[p], 1u << p };
			}
	}
}

static void job_run(void *arg, size_t i)
{
	struct jobs *js = arg;
	struct job *j = &js->list[i];
	struct netaddr a = j->addr->addr;
	enum probe_outcome o;

	a.port = j->port;
	if (j->kind == JOB_DNS)
		o = probe_dns_query(&a, js->qname,
		                    deadline_min(js->ctx->deadline, deadline_in(CHECK_DNS_TIMEOUT_MS)));
	else
		/* issue 17: a wait for a connection-budget slot may take until the test's end,
		 * the §9 connect timeout starts once the slot is ours (PROBE_BUSY then means the
		 * test's deadline passed first, as a connect timeout at the deadline did) */
		o = probe_tcp_connect_within(&a, js->ctx->deadline, CHECK_TCP_TIMEOUT_MS);
	/* each job owns one bit of one address: no two jobs write the same bit,
	 * but they share the word, so the update is atomic */
	if (o == PROBE_OK)
		__atomic_fetch_or(&j->addr->ports_ok, j->bit, __ATOMIC_RELAXED);
	else if (o == PROBE_REFUSED)
		__atomic_store_n(&j->addr->refused, true, __ATOMIC_RELAXED);
}

struct resolve_all {
	const struct check_ctx *ctx;
	struct ipv6_host_facts **hosts;
};

static void resolve_one(void *arg, size_t i)
{
	struct resolve_all *ra = arg;
	host_resolve(ra->ctx, ra->hosts[i]);
}

/*
 * The same-website comparison for one family (§3.1 step 1): GET http:// then
 * https:// on each address in turn until one answers; keep the ports that
 * answered and the last successful response.
 */
static void site_fetch(const struct check_ctx *ctx, const char *domain,
                       const struct ipv6_addr_facts *addrs, size_t n,
                       bool *responded, unsigned *ports, long *status, struct http_response *keep,
                       char *refused, size_t refusedlen)
{
	static const char *const schemes[2] = { "http", "https" };
	char url[300];

	for (size_t i = 0; i < n && !*responded; i++) {
		for (unsigned p = 0; p < 2; p++) {
			struct http_response resp = {0};
			struct http_request req = {
				.url = url,
				.addr = &addrs[i].addr,
				.follow_redirects = true,
				.max_body = 500000,       /* §3.1 step 3 */
				.deadline = deadline_min(ctx->deadline, deadline_in(CHECK_HTTP_TIMEOUT_MS * 2)),
			};
			snprintf(url, sizeof(url), "%s://%s/", schemes[p], domain);
			if (http_get(&req, &resp) == 0 && resp.ok) {
				*responded = true;
				*ports |= 1u << p;
				*status = resp.status;
				http_response_free(keep);
				*keep = resp;
			} else {
				if (resp.refused && !refused[0])
					snprintf(refused, refusedlen, "%s", resp.error);
				http_response_free(&resp);
			}
		}
	}
}

static void site_compare(const struct check_ctx *ctx, const char *domain, struct ipv6_facts *f)
{
	struct http_response r4 = {0}, r6 = {0};
	struct ipv6_site_facts *s = &f->site;

	site_fetch(ctx, domain, f->web.v4, f->web.n4, &s->v4_response, &s->v4_ports, &s->v4_status, &r4,
	           s->refused, sizeof(s->refused));
	site_fetch(ctx, domain, f->web.v6, f->web.n6, &s->v6_response, &s->v6_ports, &s->v6_status, &r6,
	           s->refused, sizeof(s->refused));
	if (s->v4_response && s->v6_response)
		s->distance = similarity_distance_exact(r4.body ? r4.body : "", r4.body_len,
		                                  r6.body ? r6.body : "", r6.body_len);
	http_response_free(&r4);
	http_response_free(&r6);
}

void ipv6_probe(const struct check_ctx *ctx, enum test_kind kind, const char *domain,
                const struct mx_list *mx, struct ipv6_facts *f)
{
	static const unsigned short web_ports[2] = { 80, 443 };
	static const unsigned short dns_port[1] = { 53 };
	static const unsigned short smtp_port[1] = { 25 };
	struct ipv6_host_facts *hosts[IPV6_MAX_NS + MX_MAX + 1];
	struct resolve_all ra = { ctx, hosts };
	struct jobs js = { .ctx = ctx, .qname = domain };
	char (*ns)[256] = NULL;
	size_t n_ns = 0, n_hosts = 0;

	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->mx_list = mx;

	/* name servers (§3.1 discovery), the web name, or the MX names */
	resolver_find_ns(ctx->res, domain, ctx->deadline, &ns, &n_ns);
	for (size_t i = 0; i < n_ns && f->n_ns < IPV6_MAX_NS; i++) {
		snprintf(f->ns[f->n_ns].name, sizeof(f->ns[0].name), "%s", ns[i]);
		hosts[n_hosts++] = &f->ns[f->n_ns++];
	}
	free(ns);
	if (kind == TEST_WEB) {
		snprintf(f->web.name, sizeof(f->web.name), "%s", domain);
		hosts[n_hosts++] = &f->web;
	} else if (mx && mx->state == MX_HAS_MX) {
		for (size_t i = 0; i < mx->n; i++) {
			snprintf(f->mx[i].name, sizeof(f->mx[i].name), "%s", mx->names[i]);
			hosts[n_hosts++] = &f->mx[i];
		}
		f->n_mx = mx->n;
	}
	parallel_for(n_hosts, ctx->max_threads, resolve_one, &ra);

	/* reachability: every address, every port, in parallel */
	for (size_t i = 0; i < f->n_ns; i++)
		jobs_add_host(&js, &f->ns[i], JOB_DNS, dns_port, 1);
	if (kind == TEST_WEB)
		jobs_add_host(&js, &f->web, JOB_TCP, web_ports, 2);
	for (size_t i = 0; i < f->n_mx; i++)
		jobs_add_host(&js, &f->mx[i], JOB_TCP, smtp_port, 1);
	parallel_for(js.n, ctx->max_threads, job_run, &js);
	free(js.list);

	/* §3.1: compare only with >= 1 good IPv6, >= 1 good IPv4 and no port difference */
	if (kind == TEST_WEB && good_count(f->web.v6, f->web.n6) > 0 &&
	    good_count(f->web.v4, f->web.n4) > 0 && !ipv6_host_port_diff(&f->web)) {
		f->site_compared = true;
		site_compare(ctx, domain, f);
	}
}

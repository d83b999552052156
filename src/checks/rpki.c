/*
 * rpki.c -- see rpki.h. Facts first (rpki_probe: DNS, whois, relying party),
 * then the rules (rpki_exists_outcome, rpki_valid_outcome: pure), then the
 * report (rpki_evaluate).
 */
#include "checks/rpki.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <sys/types.h>

#include "checks/rpsl.h"
#include "core/jsonutil.h"
#include "core/parallel.h"

#define WHOIS_PARALLEL 8        /* lookups in flight: RIS whois is a shared public service */

void rpki_truncate(const struct netaddr *addr, struct netaddr *out)
{
	*out = *addr;
	out->port = 0;
	if (addr->family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&addr->a.v6)) {
		out->family = AF_INET;
		memcpy(&out->a.v4, &addr->a.v6.s6_addr[12], 4);
	}
	if (out->family == AF_INET) {
		out->a.v4.s_addr &= htonl(0xffffff00u);           /* /24 */
	} else {
		memset(&out->a.v6.s6_addr[6], 0, 10);              /* /48 */
	}
}

/* ---------------------------------------------------------------- probe ---- */

/* One whois question: the routes of one /24 or /48, asked once per test however
 * many addresses of the groups are in it (name server pairs usually are). */
struct route_lookup {
	struct netaddr key;                /* the truncated address */
	bool error;                        /* BGPSourceUnavailableError */
	char why[200];
	struct rpki_route routes[RPKI_MAX_ROUTES];
	size_t n_routes;
};

struct lookup_ctx {
	const struct check_ctx *ctx;
	const struct rpki_config *cfg;
	bool have_whois;
	struct netaddr whois_addr;
	char whois_why[160];
	struct rpki_addr_facts **addrs;
	size_t n_addrs;
	struct route_lookup *keys;         /* distinct truncated addresses to ask about */
	size_t n_keys;
	ssize_t *key_of;                   /* per address: its entry in keys, -1 = not asked */
};

static void addr_error(struct rpki_addr_facts *a, bool bgp, const char *why)
{
	if (bgp)
		a->bgp_error = true;
	else
		a->rp_error = true;
	if (!a->why[0])
		snprintf(a->why, sizeof(a->why), "%.*s", (int)sizeof(a->why) - 1, why);
}

/* Is (asn, prefix) among the first `n` routes of `list`? */
static bool route_in(const struct rpki_route *list, size_t n, uint32_t asn, const struct prefix *p)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].asn == asn && list[i].prefix.len == p->len && prefix_covers(&list[i].prefix, p))
			return true;
	return false;
}

/* The routes of one truncated address from whois (spec §3.5 step 2). */
static void lookup_key(void *arg, size_t i)
{
	struct lookup_ctx *lc = arg;
	struct route_lookup *k = &lc->keys[i];
	struct whois_answer ans = {0};
	struct rpsl_routes routes = {0};
	struct error err = {{0}};
	char q[64];

	if (!lc->have_whois) {
		k->error = true;
		snprintf(k->why, sizeof(k->why), "%s", lc->whois_why);
		return;
	}
	netaddr_str(&k->key, q, sizeof(q));
	if (whois_query(&lc->whois_addr, q, lc->ctx->deadline, &ans, &err) < 0 ||
	    rpsl_parse_routes(ans.data, ans.len, &routes, &err) < 0) {
		k->error = true;
		/* an IPv6 literal in brackets, as --bgp-whois takes it: [fd00:43::1]:43 */
		bool v6 = strchr(lc->cfg->whois.host, ':') != NULL;
		snprintf(k->why, sizeof(k->why), "whois %s%.60s%s:%u: %.120s", v6 ? "[" : "",
		         lc->cfg->whois.host, v6 ? "]" : "", lc->cfg->whois.port, err.msg);
	}
	for (size_t r = 0; !k->error && r < routes.n && k->n_routes < RPKI_MAX_ROUTES; r++) {
		if (route_in(k->routes, k->n_routes, routes.v[r].origin, &routes.v[r].prefix))
			continue;                  /* internet.nl keys validity by (asn, prefix) */
		k->routes[k->n_routes].asn = routes.v[r].origin;
		k->routes[k->n_routes].prefix = routes.v[r].prefix;
		k->n_routes++;
	}
	whois_answer_free(&ans);
	rpsl_routes_free(&routes);
}

/* Which addresses need a whois question, and the distinct questions (lc->keys). */
static int plan_keys(struct lookup_ctx *lc)
{
	lc->keys = calloc(lc->n_addrs ? lc->n_addrs : 1, sizeof(*lc->keys));
	lc->key_of = calloc(lc->n_addrs ? lc->n_addrs : 1, sizeof(*lc->key_of));
	if (!lc->keys || !lc->key_of)
		return -1;
	for (size_t i = 0; i < lc->n_addrs; i++) {
		struct netaddr t;
		size_t k;
		lc->key_of[i] = -1;
		rpki_truncate(&lc->addrs[i]->addr, &t);
		if (guard_special_range(&t) && !lc->cfg->lookup_private)
			continue;                  /* not global: no routes, nothing asked */
		for (k = 0; k < lc->n_keys; k++)
			if (lc->keys[k].key.family == t.family &&
			    memcmp(&lc->keys[k].key.a, &t.a, t.family == AF_INET ? 4 : 16) == 0)
				break;
		if (k == lc->n_keys)
			lc->keys[lc->n_keys++].key = t;
		lc->key_of[i] = (ssize_t)k;
	}
	return 0;
}

/* Validate the routes of one address, or look up its covering ROAs (§3.5 step 3). */
static void lookup_one(void *arg, size_t i)
{
	struct lookup_ctx *lc = arg;
	struct rpki_addr_facts *a = lc->addrs[i];
	const struct rov_rp *rp = &lc->cfg->rp;
	struct error err = {{0}};

	if (!rov_configured(rp)) {
		addr_error(a, false, "no relying party (give --rpki-vrps FILE or --rpki-validator URL)");
		return;
	}
	if (lc->key_of[i] >= 0) {
		const struct route_lookup *k = &lc->keys[lc->key_of[i]];
		if (k->error)
			addr_error(a, true, k->why);
		memcpy(a->routes, k->routes, sizeof(a->routes));
		a->n_routes = k->n_routes;
	}
	if (a->n_routes == 0) {
		/* no routes (or no BGP data): only the existence of covering ROAs */
		if (rov_covered(rp, &a->addr, lc->ctx->deadline, &a->covered, &err) < 0)
			addr_error(a, false, err.msg);
		return;
	}
	for (size_t r = 0; r < a->n_routes; r++) {
		struct rov_answer ans;
		if (rov_validate(rp, a->routes[r].asn, &a->routes[r].prefix, lc->ctx->deadline, &ans, &err) < 0) {
			addr_error(a, false, err.msg);
			a->n_routes = 0;               /* internet.nl keeps no routes then */
			return;
		}
		a->routes[r].state = ans.state;
		a->routes[r].n_vrps = ans.n_vrps;
	}
}

/* All A then all AAAA of `h->name`, in answer order (do_resolve_all_a_aaaa). */
static void resolve_host(const struct check_ctx *ctx, struct rpki_host_facts *h)
{
	static const uint16_t types[2] = { DNS_TYPE_A, DNS_TYPE_AAAA };

	for (int t = 0; t < 2; t++) {
		struct dns_answer ans = {0};
		resolver_query(ctx->res, h->name, types[t], RESOLVER_CD, ctx->deadline, &ans);
		for (size_t i = 0; i < ans.n && h->n_addrs < RPKI_MAX_ADDRS; i++) {
			struct netaddr *a = &h->addrs[h->n_addrs++].addr;
			memset(a, 0, sizeof(*a));
			a->family = t == 0 ? AF_INET : AF_INET6;
			if (t == 0)
				a->a.v4 = ans.rr[i].u.a;
			else
				a->a.v6 = ans.rr[i].u.aaaa;
		}
		dns_answer_free(&ans);
	}
}

struct resolve_ctx {
	const struct check_ctx *ctx;
	struct rpki_host_facts **hosts;
};

static void resolve_one(void *arg, size_t i)
{
	struct resolve_ctx *rc = arg;
	resolve_host(rc->ctx, rc->hosts[i]);
}

static int host_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rpki_host_facts *)a)->name, ((const struct rpki_host_facts *)b)->name);
}

/* Append `name` to group `g` unless it is there already. */
static void group_add(struct rpki_group_facts *g, const char *name)
{
	for (size_t i = 0; i < g->n_hosts; i++)
		if (strcmp(g->hosts[i].name, name) == 0)
			return;
	if (g->n_hosts >= RPKI_MAX_HOSTS)
		return;
	snprintf(g->hosts[g->n_hosts++].name, sizeof(g->hosts[0].name), "%s", name);
}

static void group_add_ns(const struct check_ctx *ctx, struct rpki_group_facts *g, const char *name)
{
	char (*ns)[256] = NULL;
	size_t n = 0;

	resolver_find_ns(ctx->res, name, ctx->deadline, &ns, &n);
	for (size_t i = 0; i < n; i++)
		group_add(g, ns[i]);
	free(ns);
}

/* The whois server's address: a literal, or the first A (else AAAA) of its name. */
static void whois_resolve(struct lookup_ctx *lc)
{
	const struct whois_server *s = &lc->cfg->whois;
	struct dns_answer ans = {0};

	if (netaddr_parse(s->host, &lc->whois_addr) == 0) {
		lc->have_whois = true;
	} else {
		resolver_query(lc->ctx->res, s->host, DNS_TYPE_A, 0, lc->ctx->deadline, &ans);
		if (ans.n > 0) {
			lc->whois_addr.family = AF_INET;
			lc->whois_addr.a.v4 = ans.rr[0].u.a;
			lc->have_whois = true;
		} else {
			dns_answer_free(&ans);
			resolver_query(lc->ctx->res, s->host, DNS_TYPE_AAAA, 0, lc->ctx->deadline, &ans);
			if (ans.n > 0) {
				lc->whois_addr.family = AF_INET6;
				lc->whois_addr.a.v6 = ans.rr[0].u.aaaa;
				lc->have_whois = true;
			}
		}
		dns_answer_free(&ans);
	}
	lc->whois_addr.port = s->port;
	if (!lc->have_whois)
		snprintf(lc->whois_why, sizeof(lc->whois_why), "whois server %.100s does not resolve", s->host);
}

void rpki_probe(const struct check_ctx *ctx, const struct rpki_config *cfg, enum test_kind kind,
                const char *domain, const struct mx_list *mx, struct rpki_facts *f)
{
	struct rpki_host_facts *all[RPKI_GROUPS * RPKI_MAX_HOSTS];
	struct lookup_ctx lc = { .ctx = ctx, .cfg = cfg };
	struct resolve_ctx rc = { ctx, all };
	size_t n_all = 0;

	memset(f, 0, sizeof(*f));
	f->kind = kind;
	for (int g = 0; g < RPKI_GROUPS; g++) {
		f->group[g].hosts = calloc(RPKI_MAX_HOSTS, sizeof(struct rpki_host_facts));
		if (!f->group[g].hosts) {
			rpki_facts_free(f);
			return;
		}
	}
	if (kind == TEST_WEB) {
		group_add(&f->group[RPKI_WEB], domain);
		group_add_ns(ctx, &f->group[RPKI_NS], domain);
	} else {
		group_add_ns(ctx, &f->group[RPKI_NS], domain);
		if (mx && mx->state == MX_HAS_MX) {
			for (size_t i = 0; i < mx->n; i++) {
				group_add(&f->group[RPKI_MX], mx->names[i]);
				group_add_ns(ctx, &f->group[RPKI_MX_NS], mx->names[i]);
			}
		}
	}
	for (int g = 0; g < RPKI_GROUPS; g++)
		for (size_t i = 0; i < f->group[g].n_hosts; i++)
			all[n_all++] = &f->group[g].hosts[i];
	parallel_for(n_all, ctx->max_threads, resolve_one, &rc);

	/* internet.nl lists only names with addresses, ordered by name */
	for (int g = 0; g < RPKI_GROUPS; g++) {
		struct rpki_group_facts *gr = &f->group[g];
		size_t kept = 0;
		for (size_t i = 0; i < gr->n_hosts; i++)
			if (gr->hosts[i].n_addrs > 0)
				gr->hosts[kept++] = gr->hosts[i];
		gr->n_hosts = kept;
		qsort(gr->hosts, gr->n_hosts, sizeof(gr->hosts[0]), host_cmp);
	}

	size_t n = 0;
	for (int g = 0; g < RPKI_GROUPS; g++)
		for (size_t i = 0; i < f->group[g].n_hosts; i++)
			n += f->group[g].hosts[i].n_addrs;
	lc.addrs = calloc(n ? n : 1, sizeof(*lc.addrs));
	if (!lc.addrs)
		return;
	for (int g = 0; g < RPKI_GROUPS; g++)
		for (size_t i = 0; i < f->group[g].n_hosts; i++)
			for (size_t j = 0; j < f->group[g].hosts[i].n_addrs; j++)
				lc.addrs[lc.n_addrs++] = &f->group[g].hosts[i].addrs[j];
	if (plan_keys(&lc) < 0) {
		for (size_t i = 0; i < lc.n_addrs; i++)
			addr_error(lc.addrs[i], false, "out of memory");
	} else {
		int par = ctx->max_threads < WHOIS_PARALLEL ? ctx->max_threads : WHOIS_PARALLEL;
		if (rov_configured(&cfg->rp)) {
			whois_resolve(&lc);
			parallel_for(lc.n_keys, par, lookup_key, &lc);
		}
		parallel_for(lc.n_addrs, par, lookup_one, &lc);
	}
	free(lc.keys);
	free(lc.key_of);
	free(lc.addrs);
}

void rpki_facts_free(struct rpki_facts *f)
{
	for (int g = 0; g < RPKI_GROUPS; g++) {
		free(f->group[g].hosts);
		f->group[g].hosts = NULL;
		f->group[g].n_hosts = 0;
	}
}

/* ---------------------------------------------------------------- rules ---- */

/* Some VRP covers the address: through one of its routes, or the AS0 lookup. */
static bool addr_has_roa(const struct rpki_addr_facts *a)
{
	if (a->n_routes == 0)
		return a->covered;
	for (size_t r = 0; r < a->n_routes; r++)
		if (a->routes[r].n_vrps > 0)
			return true;
	return false;
}

/* generate_roa_existence_report (§3.5 table, row *_exists) */
enum rpki_exists_outcome rpki_exists_outcome(const struct rpki_group_facts *g)
{
	size_t missing = 0;

	for (size_t i = 0; i < g->n_hosts; i++) {
		for (size_t j = 0; j < g->hosts[i].n_addrs; j++) {
			const struct rpki_addr_facts *a = &g->hosts[i].addrs[j];
			if (a->rp_error)
				return RPKI_EXISTS_ERROR;
			missing += !addr_has_roa(a);
		}
	}
	if (g->n_hosts == 0)
		return RPKI_EXISTS_NO_ADDRESSES;
	return missing > 0 ? RPKI_EXISTS_BAD : RPKI_EXISTS_GOOD;
}

/* generate_validity_report (§3.5 table, row *_valid; §8 item 37) */
enum rpki_valid_outcome rpki_valid_outcome(const struct rpki_group_facts *g)
{
	size_t count = 0, not_routed = 0, invalid = 0, not_valid = 0;

	for (size_t i = 0; i < g->n_hosts; i++) {
		for (size_t j = 0; j < g->hosts[i].n_addrs; j++) {
			const struct rpki_addr_facts *a = &g->hosts[i].addrs[j];
			if (a->rp_error || a->bgp_error)
				return RPKI_VALID_ERROR;
			if (a->n_routes == 0) {
				count++;
				not_routed++;          /* the AS0 row, "not-tested" */
				continue;
			}
			for (size_t r = 0; r < a->n_routes; r++) {
				count++;
				if (a->routes[r].state == ROV_INVALID_AS || a->routes[r].state == ROV_INVALID_LENGTH)
					invalid++;
				else if (a->routes[r].state != ROV_VALID)
					not_valid++;
			}
		}
	}
	if (count == 0)
		return RPKI_VALID_NO_ADDRESSES;
	if (invalid > 0)
		return RPKI_VALID_INVALID;
	if (not_valid > 0)
		return RPKI_VALID_BAD;
	if (not_routed == count)
		return RPKI_VALID_NOT_ROUTED;
	return RPKI_VALID_GOOD;
}

/* --------------------------------------------------------------- report ---- */

static json_t *routing_json(const struct rpki_addr_facts *a)
{
	json_t *list = json_array();
	char pfx[PREFIX_STRLEN], asn[16];

	if (a->bgp_error)
		return list;                       /* §5.4: no rows without BGP data */
	for (size_t r = 0; r < a->n_routes; r++) {
		snprintf(asn, sizeof(asn), "AS%" PRIu32, a->routes[r].asn);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "origin", asn,
			"route", prefix_str(&a->routes[r].prefix, pfx, sizeof(pfx)),
			"rov_state", rov_state_str(a->routes[r].state)));
	}
	return list;
}

/* Put `routing` on the entry of `addr` in o.{ipv4,ipv6}.addresses, adding the
 * entry when the IPv6 probe did not list it (_add_routing_info). */
static void attach_routing(json_t *o, const struct rpki_addr_facts *a)
{
	const char *fam = a->addr.family == AF_INET ? "ipv4" : "ipv6";
	json_t *list = json_object_get(json_child(o, fam), "addresses");
	char ip[64];
	size_t i;
	json_t *e;

	netaddr_str(&a->addr, ip, sizeof(ip));
	if (!json_is_array(list)) {
		list = json_array();
		json_object_set_new(json_child(o, fam), "addresses", list);
	}
	json_array_foreach(list, i, e) {
		const char *have = json_string_value(json_object_get(e, "address"));
		if (have && strcmp(have, ip) == 0) {
			json_object_set_new(e, "routing", routing_json(a));
			return;
		}
	}
	json_array_append_new(list, json_pack("{s:s, s:o}", "address", ip, "routing", routing_json(a)));
}

static void technical(const struct rpki_facts *f, struct report *r)
{
	json_t *tech = r->technical;

	if (f->kind == TEST_MAIL)
		json_child(tech, "mx_nameservers");  /* §5.4: always there, {} without MX */
	for (int g = 0; g < RPKI_GROUPS; g++) {
		const struct rpki_group_facts *gr = &f->group[g];
		for (size_t i = 0; i < gr->n_hosts; i++) {
			const struct rpki_host_facts *h = &gr->hosts[i];
			char key[260];
			json_t *o;
			snprintf(key, sizeof(key), "%s.", h->name);
			switch (g) {
			case RPKI_WEB:
				o = json_child(tech, "webservers");
				break;
			case RPKI_NS:
				o = json_child(json_child(tech, "nameservers"), h->name);
				break;
			case RPKI_MX:
				o = json_child(json_child(json_child(tech, "receiving_mailservers"), key), "addresses");
				break;
			default:   /* §5.4 mx_nameservers: {"<ns>": {"<ip>": [routes]}} */
				o = json_child(json_child(tech, "mx_nameservers"), h->name);
				for (size_t j = 0; j < h->n_addrs; j++) {
					char ip[64];
					netaddr_str(&h->addrs[j].addr, ip, sizeof(ip));
					json_object_set_new(o, ip, routing_json(&h->addrs[j]));
				}
				continue;
			}
			for (size_t j = 0; j < h->n_addrs; j++)
				attach_routing(o, &h->addrs[j]);
		}
	}
}

/* Tech table rows: [host, ip, ROA yes|no]. */
static json_t *exists_rows(const struct rpki_group_facts *g)
{
	json_t *rows = json_array();
	char ip[64];

	for (size_t i = 0; i < g->n_hosts; i++)
		for (size_t j = 0; j < g->hosts[i].n_addrs; j++) {
			const struct rpki_addr_facts *a = &g->hosts[i].addrs[j];
			json_array_append_new(rows, json_pack("[s,s,s]", g->hosts[i].name,
			                      netaddr_str(&a->addr, ip, sizeof(ip)), addr_has_roa(a) ? "yes" : "no"));
		}
	return rows;
}

/* [host, route, "ASn", state], one row per distinct route of a host; an address
 * without routes shows as [host, ip/32, "-", "not-tested"] (internet.nl's AS0 row). */
static json_t *valid_rows(const struct rpki_group_facts *g)
{
	json_t *rows = json_array();
	char pfx[PREFIX_STRLEN], asn[16];

	for (size_t i = 0; i < g->n_hosts; i++) {
		const struct rpki_host_facts *h = &g->hosts[i];
		for (size_t j = 0; j < h->n_addrs; j++) {
			const struct rpki_addr_facts *a = &h->addrs[j];
			if (a->n_routes == 0) {
				struct prefix p;
				prefix_from_netaddr(&a->addr, prefix_family_bits(a->addr.family), &p);
				json_array_append_new(rows, json_pack("[s,s,s,s]", h->name,
				                      prefix_str(&p, pfx, sizeof(pfx)), "-", "not-tested"));
				continue;
			}
			for (size_t k = 0; k < a->n_routes; k++) {
				const struct rpki_route *rt = &a->routes[k];
				bool seen = route_in(a->routes, k, rt->asn, &rt->prefix);
				for (size_t jj = 0; jj < j && !seen; jj++)
					seen = route_in(h->addrs[jj].routes, h->addrs[jj].n_routes, rt->asn, &rt->prefix);
				if (seen)
					continue;          /* a route shows once per host */
				snprintf(asn, sizeof(asn), "AS%" PRIu32, a->routes[k].asn);
				json_array_append_new(rows, json_pack("[s,s,s,s]", h->name,
				                      prefix_str(&a->routes[k].prefix, pfx, sizeof(pfx)), asn,
				                      rov_state_str(a->routes[k].state)));
			}
		}
	}
	return rows;
}

/* What each outcome sets (§3.5 table): status, verdict token, score-field value,
 * whether it bypasses the cap (§2.2 override) and whether the tech table is shown. */
struct outcome_result {
	enum status status;
	const char *verdict;
	int points;
	bool forced, tech;
};

static const struct outcome_result exists_results[] = {
	[RPKI_EXISTS_ERROR] = { STATUS_ERROR, "not-tested", POINTS_NULL, true, false },
	[RPKI_EXISTS_NO_ADDRESSES] = { STATUS_NOT_TESTED, "no-addresses", 5, false, false },
	/* notice, not fail: the icon says warning, the 5 points are still lost (#1900) */
	[RPKI_EXISTS_BAD] = { STATUS_NOTICE, "bad", 0, false, true },
	[RPKI_EXISTS_GOOD] = { STATUS_SUCCESS, "good", 5, false, true },
};

static const struct outcome_result valid_results[] = {
	[RPKI_VALID_ERROR] = { STATUS_ERROR, "not-tested", POINTS_NULL, true, false },
	[RPKI_VALID_NO_ADDRESSES] = { STATUS_NOT_TESTED, "not-tested", 10, false, false },
	[RPKI_VALID_INVALID] = { STATUS_FAIL, "invalid", 0, true, true },
	[RPKI_VALID_BAD] = { STATUS_FAIL, "bad", 0, false, true },
	[RPKI_VALID_NOT_ROUTED] = { STATUS_NOT_TESTED, "not-routed", 10, false, true },
	[RPKI_VALID_GOOD] = { STATUS_SUCCESS, "good", 10, false, true },
};

static void set_result(struct report *r, enum subtest_id id, const struct outcome_result *o,
                       json_t *(*rows)(const struct rpki_group_facts *), const struct rpki_group_facts *g)
{
	if (o->forced)
		result_force(r, id, o->status, o->verdict);
	else
		result_set(r, id, o->status, o->verdict);
	result_set_points(r, id, o->points);
	if (o->tech)
		result_set_tech(r, id, rows(g));
}

static void set_group(const struct rpki_group_facts *g, enum subtest_id exists, enum subtest_id valid,
                      struct report *r)
{
	set_result(r, exists, &exists_results[rpki_exists_outcome(g)], exists_rows, g);
	set_result(r, valid, &valid_results[rpki_valid_outcome(g)], valid_rows, g);
}

/* One warning per distinct problem (the same whois or validator failure
 * usually hits every address). */
static void warn_errors(const struct rpki_facts *f, struct report *r)
{
	const char *seen[8];
	size_t n_seen = 0;

	for (int g = 0; g < RPKI_GROUPS; g++)
		for (size_t i = 0; i < f->group[g].n_hosts; i++)
			for (size_t j = 0; j < f->group[g].hosts[i].n_addrs; j++) {
				const char *why = f->group[g].hosts[i].addrs[j].why;
				bool dup = false;
				if (!why[0])
					continue;
				for (size_t k = 0; k < n_seen; k++)
					dup |= strcmp(seen[k], why) == 0;
				if (dup || n_seen == 8)
					continue;
				seen[n_seen++] = why;
				report_warn(r, "RPKI: %s", why);
			}
}

void rpki_evaluate(const struct rpki_facts *f, struct report *r)
{
	if (f->kind == TEST_WEB) {
		set_group(&f->group[RPKI_WEB], SUB_WEB_RPKI_EXISTS, SUB_WEB_RPKI_VALID, r);
		set_group(&f->group[RPKI_NS], SUB_WEB_NS_RPKI_EXISTS, SUB_WEB_NS_RPKI_VALID, r);
		r->cat[CAT_WEB_RPKI].implemented = true;
	} else {
		set_group(&f->group[RPKI_MX], SUB_MAIL_RPKI_EXISTS, SUB_MAIL_RPKI_VALID, r);
		set_group(&f->group[RPKI_NS], SUB_MAIL_NS_RPKI_EXISTS, SUB_MAIL_NS_RPKI_VALID, r);
		set_group(&f->group[RPKI_MX_NS], SUB_MAIL_MX_NS_RPKI_EXISTS, SUB_MAIL_MX_NS_RPKI_VALID, r);
		r->cat[CAT_MAIL_RPKI].implemented = true;
	}
	technical(f, r);
	warn_errors(f, r);
}

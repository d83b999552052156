/* conn.c -- the connection test's rules, scores and anonymisation (spec §3.12; conn.h). */
#include "checks/conn.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

/* ---- filling the facts ---- */

void conn_add_resolver(struct conn_facts *f, const struct netaddr *addr, const struct conn_as *as)
{
	struct netaddr a = *addr;

	a.port = 0;
	for (size_t i = 0; i < f->n_resolvers; i++)
		if (netaddr_equal(&f->resolvers[i].addr, &a)) {
			struct conn_as *have = &f->resolvers[i].as;
			if (as != NULL && have->number == 0 && have->name[0] == '\0')
				*have = *as;
			return;
		}
	if (f->n_resolvers == CONN_MAX_RESOLVERS) {
		f->resolvers_dropped++;
		return;
	}
	f->resolvers[f->n_resolvers].addr = a;
	if (as != NULL)
		f->resolvers[f->n_resolvers].as = *as;
	f->n_resolvers++;
}

bool conn_eui64(const struct in6_addr *a)
{
	return a->s6_addr[11] == 0xff && a->s6_addr[12] == 0xfe;
}

uint32_t conn_eui64_oui(const struct in6_addr *a)
{
	/* RFC 4291 appendix A: the EUI-64 inverts the MAC's universal/local bit */
	return (uint32_t)(a->s6_addr[8] ^ 0x02) << 16 | (uint32_t)a->s6_addr[9] << 8 | a->s6_addr[10];
}

void conn_privacy_observe(const struct in6_addr *a, const struct oui_table *ouis,
                          struct conn_privacy *out)
{
	out->eui64 = conn_eui64(a);
	out->vendor_known = out->eui64 && oui_table_has(ouis, conn_eui64_oui(a));
}

/* ---- anonymisation ---- */

void conn_anonymise(const struct netaddr *a, struct netaddr *out)
{
	memset(out, 0, sizeof(*out));
	out->family = a->family;
	if (a->family == AF_INET) {
		/* /16: the first two octets, network byte order */
		out->a.v4.s_addr = a->a.v4.s_addr & htonl(0xffff0000u);
	} else if (a->family == AF_INET6) {
		memcpy(out->a.v6.s6_addr, a->a.v6.s6_addr, 4);     /* /32 */
	}
}

const char *conn_anonymise_address(const struct netaddr *a, char *buf, size_t len)
{
	struct netaddr net;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (a->family != AF_INET && a->family != AF_INET6)
		return buf;
	conn_anonymise(a, &net);
	return netaddr_str(&net, buf, len);
}

#define CONN_MASK "[\xe2\x80\xa6]"   /* "[…]" */

const char *conn_anonymise_reverse(const char *name, char *buf, size_t len)
{
	size_t n, kept = 0;
	bool dot;
	const char *keep;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (name == NULL || name[0] == '\0')
		return buf;
	n = strlen(name);
	dot = name[n - 1] == '.';
	if (dot)
		n--;
	/* the last three labels, but never the first: internet.nl splits at most three
	 * dots off the end and always masks what is left in front */
	keep = name + n;
	while (keep > name && kept < 3) {
		const char *p = keep;
		while (p > name && p[-1] != '.')
			p--;
		if (p == name)
			break;               /* the first label: masked */
		keep = p - 1;            /* at the dot in front of this label */
		kept++;
	}
	snprintf(buf, len, "%s%.*s%s", CONN_MASK, (int)(name + n - keep), keep, dot ? "." : "");
	return buf;
}

/* ---- rules ---- */

static struct conn_result judged(enum status st, const char *verdict, int points)
{
	return (struct conn_result){ .tested = true, .status = st, .verdict = verdict,
	                             .points = points };
}

static struct conn_result not_tested(void)
{
	return (struct conn_result){ .tested = false, .status = STATUS_NOT_TESTED, .verdict = NULL,
	                             .points = POINTS_NULL };
}

struct conn_result conn_rule_resolver_conn(const struct conn_facts *f)
{
	return f->ns6_reached ? judged(STATUS_SUCCESS, "good", 20) : judged(STATUS_FAIL, "bad", 0);
}

struct conn_result conn_rule_dns_conn(const struct conn_facts *f)
{
	return f->aaaa_reached ? judged(STATUS_SUCCESS, "good", 60) : judged(STATUS_FAIL, "bad", 0);
}

struct conn_result conn_rule_connection(const struct conn_facts *f)
{
	if (!f->v6.recorded)
		return not_tested();
	return f->literal_reached ? judged(STATUS_SUCCESS, "good", 20) : judged(STATUS_FAIL, "bad", 0);
}

struct conn_result conn_rule_privacy(const struct conn_facts *f)
{
	if (!f->v6.recorded)
		return not_tested();
	/* both: ff:fe alone may be chance, an unknown OUI names no device */
	if (f->privacy.eui64 && f->privacy.vendor_known)
		return judged(STATUS_NOTICE, "bad", POINTS_NULL);
	return judged(STATUS_SUCCESS, "good", POINTS_NULL);
}

struct conn_result conn_rule_ipv4_conn(const struct conn_facts *f)
{
	return f->v4.recorded ? judged(STATUS_SUCCESS, "good", POINTS_NULL)
	                      : judged(STATUS_INFO, "bad", POINTS_NULL);
}

struct conn_result conn_rule_validation(const struct conn_facts *f)
{
	if (f->bogus_reached)
		return judged(STATUS_FAIL, "bad", 0);
	/* not reaching the bogus name means something only when other names were */
	if (f->v4.recorded || f->aaaa_reached)
		return judged(STATUS_SUCCESS, "good", 100);
	return not_tested();
}

/* ---- scores ---- */

static int points_of(struct conn_result res)
{
	return res.tested && res.points > 0 ? res.points : 0;
}

int conn_score_ipv6(const struct conn_facts *f)
{
	return points_of(conn_rule_dns_conn(f)) + points_of(conn_rule_connection(f)) +
	       points_of(conn_rule_resolver_conn(f));
}

int conn_score_dnssec(const struct conn_facts *f)
{
	return points_of(conn_rule_validation(f));
}

int conn_score_overall(int ipv6, int dnssec)
{
	int overall = (ipv6 + dnssec) / 2;

	return overall < 0 ? 0 : overall > 100 ? 100 : overall;
}

/* ---- the report ---- */

/* A JSON string of text from elsewhere (an AS holder's name, a PTR name): bytes
 * that are not valid UTF-8 become '?', so the string is never lost. */
static json_t *text_json(const char *s)
{
	json_t *j = json_string(s);
	char buf[2 * CONN_REVERSE_MAX];

	if (j != NULL)
		return j;
	snprintf(buf, sizeof(buf), "%s", s);
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p >= 0x80 || (unsigned char)*p < 0x20)
			*p = '?';
	return json_string(buf);
}

/* "AS64496 Example Networks", "AS64496", "Example Networks" or "unknown" (a term). */
static json_t *as_cell(const struct conn_as *as)
{
	char buf[CONN_AS_NAME_MAX + 16];

	if (as->number != 0 && as->name[0] != '\0')
		snprintf(buf, sizeof(buf), "AS%u %s", (unsigned)as->number, as->name);
	else if (as->number != 0)
		snprintf(buf, sizeof(buf), "AS%u", (unsigned)as->number);
	else if (as->name[0] != '\0')
		snprintf(buf, sizeof(buf), "%s", as->name);
	else
		snprintf(buf, sizeof(buf), "unknown");
	return text_json(buf);
}

/* One row of a client table: anonymised address, shortened reverse name, network. */
static json_t *client_row(const struct conn_client *c)
{
	char addr[INET6_ADDRSTRLEN], rev[CONN_REVERSE_MAX + 8];

	conn_anonymise_address(&c->addr, addr, sizeof(addr));
	conn_anonymise_reverse(c->reverse, rev, sizeof(rev));
	return json_pack("[s,o,o]", addr, text_json(rev[0] ? rev : "unknown"), as_cell(&c->as));
}

static json_t *client_json(const struct conn_client *c)
{
	char addr[INET6_ADDRSTRLEN], rev[CONN_REVERSE_MAX + 8];

	if (!c->recorded)
		return json_null();
	conn_anonymise_address(&c->addr, addr, sizeof(addr));
	conn_anonymise_reverse(c->reverse, rev, sizeof(rev));
	return json_pack("{s:s, s:o, s:I, s:o}", "address", addr, "reverse", text_json(rev),
	                 "asn", (json_int_t)c->as.number, "as_name", text_json(c->as.name));
}

static void set(struct report *r, enum subtest_id id, struct conn_result res)
{
	if (!res.tested)
		return;
	result_set(r, id, res.status, res.verdict);
	result_set_points(r, id, res.points);
}

void conn_evaluate(const struct conn_facts *f, struct report *r)
{
	json_t *resolvers = json_array(), *rows = json_array();
	char addr[INET6_ADDRSTRLEN];
	struct conn_result validation = conn_rule_validation(f);

	set(r, SUB_CONN_IPV6_RESOLVER_CONN, conn_rule_resolver_conn(f));
	set(r, SUB_CONN_IPV6_DNS_CONN, conn_rule_dns_conn(f));
	set(r, SUB_CONN_IPV6_CONNECTION, conn_rule_connection(f));
	set(r, SUB_CONN_IPV6_PRIVACY, conn_rule_privacy(f));
	set(r, SUB_CONN_IPV6_IPV4_CONN, conn_rule_ipv4_conn(f));
	set(r, SUB_CONN_DNSSEC_VALIDATION, validation);

	/* tables: who the visitor is, anonymised, wherever an address was recorded */
	if (f->v6.recorded)
		result_set_tech(r, SUB_CONN_IPV6_CONNECTION, json_pack("[o]", client_row(&f->v6)));
	if (f->v4.recorded)
		result_set_tech(r, SUB_CONN_IPV6_IPV4_CONN, json_pack("[o]", client_row(&f->v4)));
	for (size_t i = 0; i < f->n_resolvers; i++) {
		const struct conn_resolver *res = &f->resolvers[i];
		conn_anonymise_address(&res->addr, addr, sizeof(addr));
		json_array_append_new(rows, json_pack("[s,o]", addr, as_cell(&res->as)));
		json_array_append_new(resolvers, json_pack("{s:s, s:I, s:o}", "address", addr,
		                      "asn", (json_int_t)res->as.number, "as_name", text_json(res->as.name)));
	}
	if (validation.tested && json_array_size(rows) > 0)
		result_set_tech(r, SUB_CONN_DNSSEC_VALIDATION, json_incref(rows));
	json_decref(rows);

	json_object_set_new(r->technical, "reached",
	                    json_pack("{s:b, s:b, s:b, s:b, s:b}", "ns6", f->ns6_reached,
	                              "aaaa", f->aaaa_reached, "a", f->v4.recorded,
	                              "literal", f->literal_reached, "bogus", f->bogus_reached));
	json_object_set_new(r->technical, "ipv6", client_json(&f->v6));
	json_object_set_new(r->technical, "ipv4", client_json(&f->v4));
	json_object_set_new(r->technical, "resolvers", resolvers);
	json_object_set_new(r->technical, "resolvers_not_listed",
	                    json_integer((json_int_t)f->resolvers_dropped));

	r->cat[CAT_CONN_IPV6].implemented = true;
	r->cat[CAT_CONN_DNSSEC].implemented = true;
}

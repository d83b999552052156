/* test_rpki_rules.c -- the rules of web_rpki (spec §3.5) and mail_rpki (§3.11)
 * from hand-written facts: the existence and validity outcomes of one group,
 * the statuses, verdicts and points they give, the category icon with
 * override_mandatory False, and the technical "routing" entries (§5.4). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "checks/rpki.h"
#include "core/jsonutil.h"
#include "report/score.h"
#include "tech_columns.h"

/* ------------------------------------------------------------ builders ---- */

static struct rpki_facts *facts(enum test_kind kind)
{
	struct rpki_facts *f = calloc(1, sizeof(*f));
	f->kind = kind;
	for (int g = 0; g < RPKI_GROUPS; g++)
		f->group[g].hosts = calloc(RPKI_MAX_HOSTS, sizeof(struct rpki_host_facts));
	return f;
}

static void facts_free(struct rpki_facts *f)
{
	rpki_facts_free(f);
	free(f);
}

static struct rpki_host_facts *host(struct rpki_facts *f, enum rpki_group g, const char *name)
{
	struct rpki_host_facts *h = &f->group[g].hosts[f->group[g].n_hosts++];
	snprintf(h->name, sizeof(h->name), "%s", name);
	return h;
}

static struct rpki_addr_facts *addr(struct rpki_host_facts *h, const char *ip)
{
	struct rpki_addr_facts *a = &h->addrs[h->n_addrs++];
	assert_int_equal(netaddr_parse(ip, &a->addr), 0);
	return a;
}

static void route(struct rpki_addr_facts *a, uint32_t asn, const char *pfx, enum rov_state st,
                  size_t n_vrps)
{
	struct rpki_route *r = &a->routes[a->n_routes++];
	r->asn = asn;
	assert_int_equal(prefix_parse(pfx, &r->prefix, NULL), 0);
	r->state = st;
	r->n_vrps = n_vrps;
}

/* A routed address with one route in `st` (VRPs present unless not-found). */
static struct rpki_addr_facts *routed(struct rpki_host_facts *h, const char *ip, const char *pfx,
                                      enum rov_state st)
{
	struct rpki_addr_facts *a = addr(h, ip);
	route(a, 64500, pfx, st, st == ROV_NOT_FOUND ? 0 : 1);
	return a;
}

static struct report *evaluate(const struct rpki_facts *f)
{
	struct report *r = calloc(1, sizeof(*r));
	report_init(r, f->kind, "example.nl");
	rpki_evaluate(f, r);
	score_report(r);
	return r;
}

static void report_free(struct report *r)
{
	tech_assert_fits(r, false);
	report_release(r);
	free(r);
}

static void expect(const struct report *r, enum subtest_id id, enum status st, const char *verdict,
                   int points)
{
	assert_int_equal(score_subtest_status(r, id), st);
	assert_string_equal(score_subtest_verdict(r, id), verdict);
	assert_int_equal(r->sub[id].points, points);
}

static void expect_cat(const struct report *r, enum category_id c, enum status icon, int max,
                       int obtained, int pct)
{
	assert_int_equal(r->cat[c].status, icon);
	assert_int_equal(r->cat[c].max_points, max);
	assert_int_equal(r->cat[c].obtained_points, obtained);
	assert_int_equal(r->cat[c].percentage, pct);
}

/* The web test with a valid web server and valid name servers. */
static struct rpki_facts *web_valid(void)
{
	struct rpki_facts *f = facts(TEST_WEB);
	struct rpki_host_facts *w = host(f, RPKI_WEB, "example.nl");
	routed(w, "192.0.2.1", "192.0.2.0/24", ROV_VALID);
	routed(w, "2001:db8::1", "2001:db8::/32", ROV_VALID);
	struct rpki_host_facts *n = host(f, RPKI_NS, "ns1.example.nl");
	routed(n, "198.51.100.1", "198.51.100.0/24", ROV_VALID);
	return f;
}

/* ----------------------------------------------------------- truncation ---- */

static void test_truncate_ipv4_to_24(void **state)
{
	struct netaddr a, t;
	char buf[64];
	(void)state;
	netaddr_parse("193.0.14.129", &a);
	rpki_truncate(&a, &t);
	assert_string_equal(netaddr_str(&t, buf, sizeof(buf)), "193.0.14.0");
}

static void test_truncate_ipv6_to_48(void **state)
{
	struct netaddr a, t;
	char buf[64];
	(void)state;
	netaddr_parse("2001:67c:2e8:22::c100:68b", &a);
	rpki_truncate(&a, &t);
	assert_string_equal(netaddr_str(&t, buf, sizeof(buf)), "2001:67c:2e8::");
}

static void test_truncate_ipv4_mapped_unwrapped(void **state)
{
	struct netaddr a, t;
	char buf[64];
	(void)state;
	netaddr_parse("::ffff:193.0.14.129", &a);
	rpki_truncate(&a, &t);
	assert_int_equal(t.family, AF_INET);
	assert_string_equal(netaddr_str(&t, buf, sizeof(buf)), "193.0.14.0");
}

/* ------------------------------------------------------------ existence ---- */

static void test_exists_good_when_every_address_has_vrps(void **state)
{
	struct rpki_facts *f = web_valid();
	(void)state;
	assert_int_equal(rpki_exists_outcome(&f->group[RPKI_WEB]), RPKI_EXISTS_GOOD);
	facts_free(f);
}

static void test_exists_no_addresses(void **state)
{
	struct rpki_facts *f = facts(TEST_WEB);
	(void)state;
	assert_int_equal(rpki_exists_outcome(&f->group[RPKI_NS]), RPKI_EXISTS_NO_ADDRESSES);
	assert_int_equal(rpki_valid_outcome(&f->group[RPKI_NS]), RPKI_VALID_NO_ADDRESSES);
	facts_free(f);
}

static void test_exists_bad_when_one_address_lacks_roa(void **state)
{
	struct rpki_facts *f = web_valid();
	(void)state;
	routed(&f->group[RPKI_WEB].hosts[0], "203.0.113.1", "203.0.113.0/24", ROV_NOT_FOUND);
	assert_int_equal(rpki_exists_outcome(&f->group[RPKI_WEB]), RPKI_EXISTS_BAD);
	facts_free(f);
}

static void test_exists_counts_invalid_routes_as_covered(void **state)
{
	/* an invalid route has VRPs (unmatched_as / unmatched_length): a ROA exists */
	struct rpki_facts *f = facts(TEST_WEB);
	(void)state;
	routed(host(f, RPKI_WEB, "example.nl"), "192.0.2.1", "192.0.2.0/24", ROV_INVALID_AS);
	assert_int_equal(rpki_exists_outcome(&f->group[RPKI_WEB]), RPKI_EXISTS_GOOD);
	facts_free(f);
}

static void test_exists_any_route_with_vrps_is_enough(void **state)
{
	struct rpki_facts *f = facts(TEST_WEB);
	struct rpki_addr_facts *a = addr(host(f, RPKI_WEB, "example.nl"), "192.0.2.1");
	(void)state;
	route(a, 64500, "192.0.2.0/24", ROV_NOT_FOUND, 0);
	route(a, 64501, "192.0.0.0/16", ROV_VALID, 1);
	assert_int_equal(rpki_exists_outcome(&f->group[RPKI_WEB]), RPKI_EXISTS_GOOD);
	facts_free(f);
}

static void test_exists_unrouted_uses_as0_coverage(void **state)
{
	struct rpki_facts *f = facts(TEST_WEB);
	struct rpki_host_facts *h = host(f, RPKI_WEB, "example.nl");
	(void)state;
	addr(h, "192.0.2.1")->covered = true;
	assert_int_equal(rpki_exists_outcome(&f->group[RPKI_WEB]), RPKI_EXISTS_GOOD);
	addr(h, "192.0.2.2")->covered = false;
	assert_int_equal(rpki_exists_outcome(&f->group[RPKI_WEB]), RPKI_EXISTS_BAD);
	facts_free(f);
}

static void test_exists_error_on_relying_party_trouble(void **state)
{
	struct rpki_facts *f = web_valid();
	(void)state;
	addr(&f->group[RPKI_WEB].hosts[0], "203.0.113.1")->rp_error = true;
	assert_int_equal(rpki_exists_outcome(&f->group[RPKI_WEB]), RPKI_EXISTS_ERROR);
	facts_free(f);
}

static void test_exists_survives_bgp_source_trouble(void **state)
{
	/* whois failed but the AS0 lookup worked: existence is still judged */
	struct rpki_facts *f = facts(TEST_WEB);
	struct rpki_addr_facts *a = addr(host(f, RPKI_WEB, "example.nl"), "192.0.2.1");
	(void)state;
	a->bgp_error = true;
	a->covered = true;
	assert_int_equal(rpki_exists_outcome(&f->group[RPKI_WEB]), RPKI_EXISTS_GOOD);
	assert_int_equal(rpki_valid_outcome(&f->group[RPKI_WEB]), RPKI_VALID_ERROR);
	facts_free(f);
}

/* ------------------------------------------------------------- validity ---- */

static void test_valid_good(void **state)
{
	struct rpki_facts *f = web_valid();
	(void)state;
	assert_int_equal(rpki_valid_outcome(&f->group[RPKI_WEB]), RPKI_VALID_GOOD);
	facts_free(f);
}

static void test_valid_invalid_wins_over_not_found(void **state)
{
	struct rpki_facts *f = web_valid();
	struct rpki_host_facts *h = &f->group[RPKI_WEB].hosts[0];
	(void)state;
	routed(h, "203.0.113.1", "203.0.113.0/24", ROV_NOT_FOUND);
	assert_int_equal(rpki_valid_outcome(&f->group[RPKI_WEB]), RPKI_VALID_BAD);
	routed(h, "203.0.113.2", "203.0.113.0/25", ROV_INVALID_LENGTH);
	assert_int_equal(rpki_valid_outcome(&f->group[RPKI_WEB]), RPKI_VALID_INVALID);
	facts_free(f);
}

static void test_valid_single_not_found_fails(void **state)
{
	/* §8 item 37: one not-found route makes validity fail */
	struct rpki_facts *f = web_valid();
	(void)state;
	routed(host(f, RPKI_WEB, "www.example.nl"), "203.0.113.1", "203.0.113.0/24", ROV_NOT_FOUND);
	assert_int_equal(rpki_valid_outcome(&f->group[RPKI_WEB]), RPKI_VALID_BAD);
	facts_free(f);
}

static void test_valid_all_unrouted_is_not_routed(void **state)
{
	struct rpki_facts *f = facts(TEST_WEB);
	struct rpki_host_facts *h = host(f, RPKI_WEB, "example.nl");
	(void)state;
	addr(h, "192.0.2.1");
	addr(h, "2001:db8::1")->covered = true;
	assert_int_equal(rpki_valid_outcome(&f->group[RPKI_WEB]), RPKI_VALID_NOT_ROUTED);
	facts_free(f);
}

static void test_valid_some_unrouted_rest_valid_is_good(void **state)
{
	struct rpki_facts *f = web_valid();
	(void)state;
	addr(&f->group[RPKI_WEB].hosts[0], "203.0.113.1");
	assert_int_equal(rpki_valid_outcome(&f->group[RPKI_WEB]), RPKI_VALID_GOOD);
	facts_free(f);
}

static void test_valid_error_on_bgp_or_rp_trouble(void **state)
{
	struct rpki_facts *f = web_valid();
	struct rpki_host_facts *h = &f->group[RPKI_WEB].hosts[0];
	(void)state;
	h->addrs[1].bgp_error = true;
	assert_int_equal(rpki_valid_outcome(&f->group[RPKI_WEB]), RPKI_VALID_ERROR);
	h->addrs[1].bgp_error = false;
	h->addrs[0].rp_error = true;
	assert_int_equal(rpki_valid_outcome(&f->group[RPKI_WEB]), RPKI_VALID_ERROR);
	facts_free(f);
}

/* --------------------------------------------------- statuses and points ---- */

static void test_web_all_valid_scores_30_of_30(void **state)
{
	struct rpki_facts *f = web_valid();
	struct report *r = evaluate(f);
	(void)state;
	expect(r, SUB_WEB_RPKI_EXISTS, STATUS_SUCCESS, "good", 5);
	expect(r, SUB_WEB_RPKI_VALID, STATUS_SUCCESS, "good", 10);
	expect(r, SUB_WEB_NS_RPKI_EXISTS, STATUS_SUCCESS, "good", 5);
	expect(r, SUB_WEB_NS_RPKI_VALID, STATUS_SUCCESS, "good", 10);
	expect_cat(r, CAT_WEB_RPKI, STATUS_SUCCESS, 30, 30, 100);
	assert_true(r->cat[CAT_WEB_RPKI].implemented);
	report_free(r);
	facts_free(f);
}

static void test_exists_bad_is_warning_but_costs_points(void **state)
{
	/* §3.5: missing ROA -> notice ("warning"), 0 of 5; not-found route -> failed */
	struct rpki_facts *f = web_valid();
	struct report *r;
	(void)state;
	f->group[RPKI_NS].hosts[0].addrs[0].routes[0].state = ROV_NOT_FOUND;
	f->group[RPKI_NS].hosts[0].addrs[0].routes[0].n_vrps = 0;
	r = evaluate(f);
	expect(r, SUB_WEB_NS_RPKI_EXISTS, STATUS_NOTICE, "bad", 0);
	expect(r, SUB_WEB_NS_RPKI_VALID, STATUS_FAIL, "bad", 0);
	/* §4.3: ROA for web IPs but not for NS IPs -> RPKI 15/30 = 50 */
	expect_cat(r, CAT_WEB_RPKI, STATUS_FAIL, 30, 15, 50);
	report_free(r);
	facts_free(f);
}

static void test_only_missing_roa_gives_warning_icon(void **state)
{
	/* unrouted address without ROA: exists bad (notice), valid not-routed -> icon warning */
	struct rpki_facts *f = web_valid();
	struct report *r;
	(void)state;
	memset(&f->group[RPKI_NS].hosts[0].addrs[0].routes, 0, sizeof(f->group[RPKI_NS].hosts[0].addrs[0].routes));
	f->group[RPKI_NS].hosts[0].addrs[0].n_routes = 0;
	r = evaluate(f);
	expect(r, SUB_WEB_NS_RPKI_EXISTS, STATUS_NOTICE, "bad", 0);
	expect(r, SUB_WEB_NS_RPKI_VALID, STATUS_NOT_TESTED, "not-routed", 10);
	expect_cat(r, CAT_WEB_RPKI, STATUS_NOTICE, 30, 25, 83);
	report_free(r);
	facts_free(f);
}

static void test_invalid_forces_fail(void **state)
{
	struct rpki_facts *f = web_valid();
	struct report *r;
	(void)state;
	f->group[RPKI_WEB].hosts[0].addrs[0].routes[0].state = ROV_INVALID_AS;
	r = evaluate(f);
	expect(r, SUB_WEB_RPKI_EXISTS, STATUS_SUCCESS, "good", 5);
	expect(r, SUB_WEB_RPKI_VALID, STATUS_FAIL, "invalid", 0);
	assert_true(r->sub[SUB_WEB_RPKI_VALID].forced);
	expect_cat(r, CAT_WEB_RPKI, STATUS_FAIL, 30, 20, 66);
	report_free(r);
	facts_free(f);
}

static void test_validator_error_is_error_with_null_points(void **state)
{
	/* §4.3 / §6.1: Routinator disabled -> web group error (0 + 0), no NS -> 15 -> 50 % */
	struct rpki_facts *f = facts(TEST_WEB);
	struct rpki_host_facts *w = host(f, RPKI_WEB, "target.test");
	struct report *r;
	(void)state;
	addr(w, "172.16.0.1")->rp_error = true;
	addr(w, "fd00::1")->rp_error = true;
	r = evaluate(f);
	expect(r, SUB_WEB_RPKI_EXISTS, STATUS_ERROR, "not-tested", POINTS_NULL);
	expect(r, SUB_WEB_RPKI_VALID, STATUS_ERROR, "not-tested", POINTS_NULL);
	expect(r, SUB_WEB_NS_RPKI_EXISTS, STATUS_NOT_TESTED, "no-addresses", 5);
	expect(r, SUB_WEB_NS_RPKI_VALID, STATUS_NOT_TESTED, "not-tested", 10);
	expect_cat(r, CAT_WEB_RPKI, STATUS_ERROR, 30, 15, 50);
	report_free(r);
	facts_free(f);
}

static void test_mail_empty_groups_full_points(void **state)
{
	/* §3.11 / §4.3 mail target: MX group error, NS and MX-NS empty -> 30/45 = 66 */
	struct rpki_facts *f = facts(TEST_MAIL);
	struct report *r;
	(void)state;
	addr(host(f, RPKI_MX, "mail.target.test"), "172.16.0.25")->rp_error = true;
	r = evaluate(f);
	expect(r, SUB_MAIL_RPKI_EXISTS, STATUS_ERROR, "not-tested", POINTS_NULL);
	expect(r, SUB_MAIL_RPKI_VALID, STATUS_ERROR, "not-tested", POINTS_NULL);
	expect(r, SUB_MAIL_NS_RPKI_EXISTS, STATUS_NOT_TESTED, "no-addresses", 5);
	expect(r, SUB_MAIL_NS_RPKI_VALID, STATUS_NOT_TESTED, "not-tested", 10);
	expect(r, SUB_MAIL_MX_NS_RPKI_EXISTS, STATUS_NOT_TESTED, "no-addresses", 5);
	expect(r, SUB_MAIL_MX_NS_RPKI_VALID, STATUS_NOT_TESTED, "not-tested", 10);
	expect_cat(r, CAT_MAIL_RPKI, STATUS_ERROR, 45, 30, 66);
	report_free(r);
	facts_free(f);
}

static void test_mail_null_mx_all_valid_is_100(void **state)
{
	struct rpki_facts *f = facts(TEST_MAIL);
	struct report *r;
	(void)state;
	routed(host(f, RPKI_NS, "ns1.example.nl"), "198.51.100.1", "198.51.100.0/24", ROV_VALID);
	r = evaluate(f);
	expect(r, SUB_MAIL_RPKI_EXISTS, STATUS_NOT_TESTED, "no-addresses", 5);
	expect(r, SUB_MAIL_RPKI_VALID, STATUS_NOT_TESTED, "not-tested", 10);
	expect(r, SUB_MAIL_NS_RPKI_VALID, STATUS_SUCCESS, "good", 10);
	expect_cat(r, CAT_MAIL_RPKI, STATUS_SUCCESS, 45, 45, 100);
	report_free(r);
	facts_free(f);
}

/* --------------------------------------------------------- technical ---- */

static void test_technical_routing_entries(void **state)
{
	struct rpki_facts *f = facts(TEST_MAIL);
	struct rpki_host_facts *mx = host(f, RPKI_MX, "mx.example.nl");
	struct rpki_host_facts *ns = host(f, RPKI_MX_NS, "ns1.example.nl");
	struct rpki_addr_facts *a;
	struct report *r;
	json_t *routing;
	(void)state;
	a = addr(mx, "192.0.2.25");
	route(a, 64500, "192.0.2.0/24", ROV_VALID, 1);
	route(a, 64511, "192.0.2.0/24", ROV_INVALID_AS, 1);
	addr(mx, "2001:db8::25");                              /* unrouted: [] */
	routed(ns, "198.51.100.1", "198.51.100.0/24", ROV_INVALID_LENGTH);
	r = evaluate(f);
	routing = json_object_get(json_array_get(json_object_get(json_object_get(json_object_get(
	          json_object_get(json_object_get(r->technical, "receiving_mailservers"), "mx.example.nl."),
	          "addresses"), "ipv4"), "addresses"), 0), "routing");
	assert_int_equal(json_array_size(routing), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(routing, 0), "origin")), "AS64500");
	assert_string_equal(json_string_value(json_object_get(json_array_get(routing, 0), "route")), "192.0.2.0/24");
	assert_string_equal(json_string_value(json_object_get(json_array_get(routing, 0), "rov_state")), "valid");
	assert_string_equal(json_string_value(json_object_get(json_array_get(routing, 1), "rov_state")), "invalid (as)");
	routing = json_object_get(json_array_get(json_object_get(json_object_get(json_object_get(
	          json_object_get(json_object_get(r->technical, "receiving_mailservers"), "mx.example.nl."),
	          "addresses"), "ipv6"), "addresses"), 0), "routing");
	assert_true(json_is_array(routing));
	assert_int_equal(json_array_size(routing), 0);
	routing = json_object_get(json_object_get(json_object_get(r->technical, "mx_nameservers"),
	                                          "ns1.example.nl"), "198.51.100.1");
	assert_int_equal(json_array_size(routing), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(routing, 0), "rov_state")),
	                    "invalid (length)");
	report_free(r);
	facts_free(f);
}

static void test_technical_extends_existing_address_entry(void **state)
{
	/* the IPv6 probe listed the address with "reachable": routing goes on that entry */
	struct rpki_facts *f = web_valid();
	struct report *r = calloc(1, sizeof(*r));
	json_t *list;
	(void)state;
	report_init(r, TEST_WEB, "example.nl");
	list = json_pack("[{s:s, s:b, s:[]}]", "address", "192.0.2.1", "reachable", 1, "routing");
	json_object_set_new(json_child(json_child(r->technical, "webservers"), "ipv4"), "addresses", list);
	rpki_evaluate(f, r);
	assert_int_equal(json_array_size(list), 1);
	assert_true(json_is_true(json_object_get(json_array_get(list, 0), "reachable")));
	assert_int_equal(json_array_size(json_object_get(json_array_get(list, 0), "routing")), 1);
	report_free(r);
	facts_free(f);
}

static void test_valid_table_shows_a_route_once_per_host(void **state)
{
	/* generate_validity_report's routes_shown_for_host: two addresses in one /24 share
	 * the route; an unrouted address shows its /32 with origin "-" (issue 16: rows
	 * are [host, route, origin, state] and [host, ip, ROA yes|no]) */
	struct rpki_facts *f = facts(TEST_WEB);
	struct rpki_host_facts *h = host(f, RPKI_WEB, "example.nl");
	struct report *r;
	json_t *rows;
	(void)state;
	routed(h, "192.0.2.1", "192.0.2.0/24", ROV_VALID);
	routed(h, "192.0.2.2", "192.0.2.0/24", ROV_VALID);
	addr(h, "198.51.100.7");
	routed(host(f, RPKI_NS, "ns1.example.nl"), "192.0.2.53", "192.0.2.0/24", ROV_VALID);
	r = evaluate(f);
	rows = r->sub[SUB_WEB_RPKI_VALID].tech;
	assert_int_equal(json_array_size(rows), 2);
	json_t *want = json_pack("[[s,s,s,s],[s,s,s,s]]", "example.nl", "192.0.2.0/24", "AS64500", "valid",
	                         "example.nl", "198.51.100.7/32", "-", "not-tested");
	assert_true(json_equal(rows, want));
	json_decref(want);
	rows = r->sub[SUB_WEB_RPKI_EXISTS].tech;
	assert_int_equal(json_array_size(rows), 3);
	want = json_pack("[s,s,s]", "example.nl", "198.51.100.7", "no");
	assert_true(json_equal(json_array_get(rows, 2), want));
	json_decref(want);
	/* another host shows the same route again */
	assert_int_equal(json_array_size(r->sub[SUB_WEB_NS_RPKI_VALID].tech), 1);
	report_free(r);
	facts_free(f);
}

static void test_technical_bgp_error_has_no_routes(void **state)
{
	struct rpki_facts *f = facts(TEST_WEB);
	struct rpki_addr_facts *a = addr(host(f, RPKI_WEB, "example.nl"), "192.0.2.1");
	struct report *r;
	(void)state;
	a->bgp_error = true;
	a->covered = true;
	snprintf(a->why, sizeof(a->why), "whois 192.0.2.43:43: refused");
	r = evaluate(f);
	assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(json_object_get(
		json_object_get(r->technical, "webservers"), "ipv4"), "addresses"), 0), "routing")), 0);
	assert_int_equal(json_array_size(r->warnings), 1);
	report_free(r);
	facts_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truncate_ipv4_to_24),
		cmocka_unit_test(test_truncate_ipv6_to_48),
		cmocka_unit_test(test_truncate_ipv4_mapped_unwrapped),
		cmocka_unit_test(test_exists_good_when_every_address_has_vrps),
		cmocka_unit_test(test_exists_no_addresses),
		cmocka_unit_test(test_exists_bad_when_one_address_lacks_roa),
		cmocka_unit_test(test_exists_counts_invalid_routes_as_covered),
		cmocka_unit_test(test_exists_any_route_with_vrps_is_enough),
		cmocka_unit_test(test_exists_unrouted_uses_as0_coverage),
		cmocka_unit_test(test_exists_error_on_relying_party_trouble),
		cmocka_unit_test(test_exists_survives_bgp_source_trouble),
		cmocka_unit_test(test_valid_good),
		cmocka_unit_test(test_valid_invalid_wins_over_not_found),
		cmocka_unit_test(test_valid_single_not_found_fails),
		cmocka_unit_test(test_valid_all_unrouted_is_not_routed),
		cmocka_unit_test(test_valid_some_unrouted_rest_valid_is_good),
		cmocka_unit_test(test_valid_error_on_bgp_or_rp_trouble),
		cmocka_unit_test(test_web_all_valid_scores_30_of_30),
		cmocka_unit_test(test_exists_bad_is_warning_but_costs_points),
		cmocka_unit_test(test_only_missing_roa_gives_warning_icon),
		cmocka_unit_test(test_invalid_forces_fail),
		cmocka_unit_test(test_validator_error_is_error_with_null_points),
		cmocka_unit_test(test_mail_empty_groups_full_points),
		cmocka_unit_test(test_mail_null_mx_all_valid_is_100),
		cmocka_unit_test(test_technical_routing_entries),
		cmocka_unit_test(test_technical_extends_existing_address_entry),
		cmocka_unit_test(test_valid_table_shows_a_route_once_per_host),
		cmocka_unit_test(test_technical_bgp_error_has_no_routes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

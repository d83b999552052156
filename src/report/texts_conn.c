/*
 * texts_conn.c -- the texts for people of the connection test (issue 20,
 * report/texts.h): what each verdict of each subtest means, what each subtest checks
 * and the headers of its technical-details table, and the title, explanation and
 * headlines of both categories. English message ids, marked N_(); the Dutch is in
 * po/nl.po. Written from spec/internetnl-rules.md §3.12 and src/checks/conn.c, in
 * our own words; every number is the spec's.
 *
 * This test speaks to the visitor about their own device, connection and resolver,
 * not to a domain owner.
 */
#include "report/texts.h"

/* ---- verdict sentences: every (subtest, token) of the catalog, and not-tested ---- */

const struct text_verdict texts_conn_verdicts[] = {
	/* conn_ipv6, spec §3.12 */
	{ SUB_CONN_IPV6_RESOLVER_CONN, "good",
	  N_("Your DNS resolver can look up names whose name servers have only IPv6 "
	     "addresses.") },
	{ SUB_CONN_IPV6_RESOLVER_CONN, "bad",
	  N_("Your DNS resolver could not look up a name whose name servers have only IPv6 "
	     "addresses: it cannot reach name servers over IPv6.") },
	{ SUB_CONN_IPV6_RESOLVER_CONN, "not-tested",
	  N_("Whether your DNS resolver reaches name servers over IPv6 was not tested.") },
	{ SUB_CONN_IPV6_DNS_CONN, "good",
	  N_("Your device reached a name that has only an IPv6 address (AAAA record): it can "
	     "look up and connect to IPv6 services.") },
	{ SUB_CONN_IPV6_DNS_CONN, "bad",
	  N_("Your device could not reach a name that has only an IPv6 address (AAAA record), "
	     "so services that are only on IPv6 are out of its reach.") },
	{ SUB_CONN_IPV6_DNS_CONN, "not-tested",
	  N_("Whether your device reaches names with only an IPv6 address was not tested.") },
	{ SUB_CONN_IPV6_CONNECTION, "good",
	  N_("Your device connected straight to an IPv6 address, without looking up a "
	     "name.") },
	{ SUB_CONN_IPV6_CONNECTION, "bad",
	  N_("An IPv6 address of your device was seen, but your device could not connect "
	     "straight to an IPv6 address.") },
	{ SUB_CONN_IPV6_CONNECTION, "not-tested",
	  N_("Not tested, because no request of your device arrived over IPv6. This counts "
	     "as failed.") },
	{ SUB_CONN_IPV6_PRIVACY, "good",
	  N_("Your IPv6 address does not contain a recognisable hardware (MAC) address of "
	     "your network card.") },
	{ SUB_CONN_IPV6_PRIVACY, "bad",
	  N_("Your IPv6 address contains the hardware (MAC) address of your network card, "
	     "so websites can recognise your device on every network it uses.") },
	{ SUB_CONN_IPV6_PRIVACY, "not-tested",
	  N_("Not tested, because no request of your device arrived over IPv6.") },
	{ SUB_CONN_IPV6_IPV4_CONN, "good",
	  N_("Your device reached a name that has only an IPv4 address (A record).") },
	{ SUB_CONN_IPV6_IPV4_CONN, "bad",
	  N_("Your device could not reach a name that has only an IPv4 address (A record). "
	     "This is for information and does not count towards the score.") },
	{ SUB_CONN_IPV6_IPV4_CONN, "not-tested",
	  N_("Whether your device reaches names over IPv4 was not tested.") },
	/* conn_dnssec, spec §3.12 */
	{ SUB_CONN_DNSSEC_VALIDATION, "good",
	  N_("Your DNS resolver validates DNSSEC: it gave no address for a name whose "
	     "signatures are broken on purpose.") },
	{ SUB_CONN_DNSSEC_VALIDATION, "bad",
	  N_("Your DNS resolver does not validate DNSSEC: it gave the address of a name whose "
	     "signatures are broken on purpose.") },
	{ SUB_CONN_DNSSEC_VALIDATION, "not-tested",
	  N_("Whether your DNS resolver validates DNSSEC could not be seen, because none of "
	     "the test names was reached. This counts as failed.") },
};
const size_t texts_conn_verdicts_n =
	sizeof(texts_conn_verdicts) / sizeof(texts_conn_verdicts[0]);

/* ---- subtests: title, explanation (what, why, the standard), table columns ---- */

const struct text_subtest texts_conn_subtests[] = {
	/* conn_ipv6, spec §3.12 */
	{ SUB_CONN_IPV6_RESOLVER_CONN, N_("Resolver reaches IPv6-only name servers"),
	  N_("This test has your browser look up a name in a domain whose name servers have "
	     "only IPv6 addresses. The DNS resolver your connection uses (usually your "
	     "internet provider's) can answer only if it reaches those name servers over "
	     "IPv6. More and more domains are served from name servers on IPv6, and a "
	     "resolver without IPv6 cannot find them. RFC 3901 gives the guidance for DNS "
	     "over IPv6."),
	  { NULL } },
	{ SUB_CONN_IPV6_DNS_CONN, N_("Name with only an IPv6 address"),
	  N_("This test has your browser fetch a page from a name that has only an IPv6 "
	     "address (an AAAA record, RFC 3596). That works only when your resolver hands "
	     "out the IPv6 address and your device, router and internet connection all "
	     "carry IPv6. IPv4 addresses have run out: with IPv6 you reach services that "
	     "are only on IPv6, without the address translation IPv4 increasingly needs."),
	  { NULL } },
	{ SUB_CONN_IPV6_CONNECTION, N_("Connection to an IPv6 address"),
	  N_("This test has your browser fetch a page from an IPv6 address written as a "
	     "number, so no name is looked up. It shows whether your device can connect "
	     "over IPv6 on its own, apart from DNS. It runs only when one of the other "
	     "requests arrived over IPv6; the address shown is shortened to its first 32 "
	     "bits, and its reverse name to its last three labels."),
	  { N_("Your IPv6 network (anonymised)"), N_("Reverse name (shortened)"),
	    N_("Network operator (AS)"), NULL } },
	{ SUB_CONN_IPV6_PRIVACY, N_("Privacy of your IPv6 address"),
	  N_("With stateless address autoconfiguration (SLAAC, RFC 4862) a device may build "
	     "the second half of its IPv6 address from the hardware (MAC) address of its "
	     "network card, in the modified EUI-64 format with ff:fe in the middle. That "
	     "half is the same on every network, so websites can follow the device from "
	     "place to place. This test warns when the address holds such a hardware "
	     "address of a known manufacturer. Privacy extensions (RFC 8981) give the "
	     "device random, temporary addresses instead."),
	  { NULL } },
	{ SUB_CONN_IPV6_IPV4_CONN, N_("Connection over IPv4"),
	  N_("This test has your browser fetch a page from a name that has only an IPv4 "
	     "address (an A record). Much of the internet can still be reached only over "
	     "IPv4, so a connection needs it for now as well. The result is for "
	     "information and does not count towards the score; the address shown is "
	     "shortened to its first 16 bits, and its reverse name to its last three "
	     "labels."),
	  { N_("Your IPv4 network (anonymised)"), N_("Reverse name (shortened)"),
	    N_("Network operator (AS)"), NULL } },
	/* conn_dnssec, spec §3.12 */
	{ SUB_CONN_DNSSEC_VALIDATION, N_("DNSSEC validation by your resolver"),
	  N_("This test has your browser fetch a page from a name whose DNSSEC signatures "
	     "are broken on purpose. A resolver that validates DNSSEC (RFC 4033, RFC 4035) "
	     "refuses to give an address for such a name, so the page stays out of reach; "
	     "a resolver that does not validate gives the address anyway. Validation "
	     "protects you against forged DNS answers that could send you to a false "
	     "website. The table lists the resolvers that asked our name servers for the "
	     "test names, with their addresses shortened."),
	  { N_("Resolver network (anonymised)"), N_("Network operator (AS)"), NULL } },
};
const size_t texts_conn_subtests_n =
	sizeof(texts_conn_subtests) / sizeof(texts_conn_subtests[0]);

/* ---- category headlines, by status name (status_api_name); the connection test
 * only ever passes or fails (§3.12), the others are there for completeness ---- */

const struct text_headline texts_conn_headlines[] = {
	{ CAT_CONN_IPV6, "passed",
	  N_("Your internet connection fully supports the modern internet address IPv6.") },
	{ CAT_CONN_IPV6, "failed",
	  N_("Your internet connection does not support the modern internet address IPv6, or "
	     "not completely.") },
	{ CAT_CONN_IPV6, "warning",
	  N_("Your internet connection supports IPv6, but some results need your "
	     "attention.") },
	{ CAT_CONN_IPV6, "info",
	  N_("Your internet connection supports IPv6; the details contain some "
	     "information.") },
	{ CAT_CONN_IPV6, "error",
	  N_("An error occurred while testing the IPv6 support of your internet "
	     "connection.") },
	{ CAT_CONN_IPV6, "not_tested",
	  N_("The IPv6 support of your internet connection was not tested.") },
	{ CAT_CONN_DNSSEC, "passed",
	  N_("Your DNS resolver validates DNSSEC signatures.") },
	{ CAT_CONN_DNSSEC, "failed",
	  N_("Your DNS resolver does not validate DNSSEC signatures, or whether it does could "
	     "not be seen.") },
	{ CAT_CONN_DNSSEC, "warning",
	  N_("Your DNS resolver validates DNSSEC, but some results need your attention.") },
	{ CAT_CONN_DNSSEC, "info",
	  N_("Your DNS resolver validates DNSSEC; the details contain some information.") },
	{ CAT_CONN_DNSSEC, "error",
	  N_("An error occurred while testing whether your DNS resolver validates DNSSEC.") },
	{ CAT_CONN_DNSSEC, "not_tested",
	  N_("Whether your DNS resolver validates DNSSEC was not tested.") },
};
const size_t texts_conn_headlines_n =
	sizeof(texts_conn_headlines) / sizeof(texts_conn_headlines[0]);

/* ---- categories: title and explanation ---- */

const struct text_category texts_conn_categories[] = {
	{ CAT_CONN_IPV6, N_("Modern address (IPv6)"),
	  N_("This category checks whether your internet connection lets you use IPv6: "
	     "whether your DNS resolver reaches name servers over IPv6, whether your device "
	     "reaches names and addresses that exist only on IPv6, and whether your IPv6 "
	     "address keeps your device private. IPv4 addresses have run out, so more and "
	     "more of the internet moves to IPv6.") },
	{ CAT_CONN_DNSSEC, N_("Signed domain names (DNSSEC)"),
	  N_("This category checks whether the DNS resolver your connection uses validates "
	     "DNSSEC signatures. A validating resolver refuses forged or altered answers "
	     "for signed domain names, which protects you against being sent to a false "
	     "address.") },
};
const size_t texts_conn_categories_n =
	sizeof(texts_conn_categories) / sizeof(texts_conn_categories[0]);

/*
 * test_resolver.c -- typed rdata parsing (dns_rr_parse) and resolver set-up.
 * No network: queries against the live mini-internet are the e2e suite's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/resolver.h"
#include "net/guard.h"

#define PARSE_OK(type, bytes, rr) \
	assert_int_equal(dns_rr_parse((type), (bytes), sizeof(bytes), (rr)), 0)
#define PARSE_FAIL(type, bytes, rr) \
	assert_int_equal(dns_rr_parse((type), (bytes), sizeof(bytes), (rr)), -1)

/* Every strict prefix of a valid rdata is malformed (spec: never guess on truncation). */
static void assert_prefixes_fail(uint16_t type, const uint8_t *b, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		struct dns_rr rr;
		uint8_t *copy = malloc(i ? i : 1);   /* exact-size heap copy: ASan sees overreads */
		assert_non_null(copy);
		memcpy(copy, b, i);
		assert_int_equal(dns_rr_parse(type, copy, i, &rr), -1);
		free(copy);
	}
}

static void test_a(void **s)
{
	(void)s;
	const uint8_t ok[] = {127, 0, 10, 1};
	const uint8_t longer[] = {127, 0, 10, 1, 0};
	struct dns_rr rr;
	char buf[INET_ADDRSTRLEN];

	PARSE_OK(DNS_TYPE_A, ok, &rr);
	assert_int_equal(rr.type, DNS_TYPE_A);
	assert_string_equal(inet_ntop(AF_INET, &rr.u.a, buf, sizeof(buf)), "127.0.10.1");
	PARSE_FAIL(DNS_TYPE_A, longer, &rr);
	assert_prefixes_fail(DNS_TYPE_A, ok, sizeof(ok));
	assert_int_equal(dns_rr_parse(DNS_TYPE_A, NULL, 0, &rr), -1);
}

static void test_aaaa(void **s)
{
	(void)s;
	const uint8_t ok[] = {0xfd, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	struct dns_rr rr;
	char buf[INET6_ADDRSTRLEN];

	PARSE_OK(DNS_TYPE_AAAA, ok, &rr);
	assert_string_equal(inet_ntop(AF_INET6, &rr.u.aaaa, buf, sizeof(buf)), "fd00:80::1");
	assert_prefixes_fail(DNS_TYPE_AAAA, ok, sizeof(ok));
	/* an A-sized rdata is not an AAAA */
	const uint8_t four[] = {1, 2, 3, 4};
	PARSE_FAIL(DNS_TYPE_AAAA, four, &rr);
}

static void test_ns_cname_lowercase(void **s)
{
	(void)s;
	const uint8_t ok[] = {3, 'N', 'S', '1', 6, 'S', 'e', 'C', 'u', 'R', 'e', 7, 'E', 'X', 'A',
	                      'M', 'P', 'L', 'E', 0};
	struct dns_rr rr;

	PARSE_OK(DNS_TYPE_NS, ok, &rr);
	assert_string_equal(rr.u.name, "ns1.secure.example");
	PARSE_OK(DNS_TYPE_CNAME, ok, &rr);
	assert_int_equal(rr.type, DNS_TYPE_CNAME);
	assert_string_equal(rr.u.name, "ns1.secure.example");
	assert_prefixes_fail(DNS_TYPE_NS, ok, sizeof(ok));
	assert_prefixes_fail(DNS_TYPE_CNAME, ok, sizeof(ok));
}

static void test_name_malformed(void **s)
{
	(void)s;
	struct dns_rr rr;
	const uint8_t pointer[] = {3, 'w', 'w', 'w', 0xc0, 0x0c};         /* compression */
	const uint8_t trailing[] = {1, 'a', 0, 'x'};                        /* bytes after name */
	const uint8_t overlong_label[] = {64, 'a'};                         /* label > 63 */
	const uint8_t no_end[] = {1, 'a', 1, 'b'};                          /* no root label */
	const uint8_t root[] = {0};

	PARSE_FAIL(DNS_TYPE_NS, pointer, &rr);
	PARSE_FAIL(DNS_TYPE_NS, trailing, &rr);
	PARSE_FAIL(DNS_TYPE_CNAME, overlong_label, &rr);
	PARSE_FAIL(DNS_TYPE_CNAME, no_end, &rr);
	PARSE_OK(DNS_TYPE_NS, root, &rr);
	assert_string_equal(rr.u.name, "");
}

static void test_name_odd_bytes(void **s)
{
	(void)s;
	/* a label holding '.', NUL, space, 0xff and an upper-case letter; '-', '_', '*' stay */
	const uint8_t odd[] = {6, 'a', '.', 0, ' ', 0xff, 'Z', 5, '*', '-', '_', 'Q', '9', 0};
	struct dns_rr rr;

	PARSE_OK(DNS_TYPE_NS, odd, &rr);
	assert_string_equal(rr.u.name, "a\\046\\000\\032\\255z.*-_q9");
}

static void test_name_length_limits(void **s)
{
	(void)s;
	uint8_t wire[300];
	size_t o = 0;
	struct dns_rr rr;

	/* 63+63+63+61 octets of labels: 255 octets on the wire, the maximum */
	const size_t labels[] = {63, 63, 63, 61};
	for (size_t i = 0; i < 4; i++) {
		wire[o++] = (uint8_t)labels[i];
		memset(wire + o, 'a', labels[i]);
		o += labels[i];
	}
	wire[o++] = 0;
	assert_int_equal(o, 255);
	assert_int_equal(dns_rr_parse(DNS_TYPE_CNAME, wire, o, &rr), 0);
	assert_int_equal(strlen(rr.u.name), 253);

	/* one more octet: 256 on the wire is over the limit */
	wire[o - 1] = 1;
	wire[o] = 'a';
	wire[o + 1] = 0;
	assert_int_equal(dns_rr_parse(DNS_TYPE_CNAME, wire, o + 2, &rr), -1);

	/* a legal name whose escaped form does not fit 255 characters is skipped */
	o = 0;
	for (size_t i = 0; i < 3; i++) {
		wire[o++] = 63;
		memset(wire + o, 0x01, 63);
		o += 63;
	}
	wire[o++] = 0;
	assert_int_equal(dns_rr_parse(DNS_TYPE_NS, wire, o, &rr), -1);
}

static void test_mx(void **s)
{
	(void)s;
	const uint8_t ok[] = {0, 10, 4, 'M', 'a', 'i', 'l', 6, 's', 'e', 'c', 'u', 'r', 'e', 7,
	                      'e', 'x', 'a', 'm', 'p', 'l', 'e', 0};
	const uint8_t null_mx[] = {0, 0, 0};
	const uint8_t root_pref[] = {0, 5, 0};
	const uint8_t trailing[] = {0, 0, 0, 0};
	struct dns_rr rr;

	PARSE_OK(DNS_TYPE_MX, ok, &rr);
	assert_int_equal(rr.u.mx.preference, 10);
	assert_string_equal(rr.u.mx.exchange, "mail.secure.example");
	assert_prefixes_fail(DNS_TYPE_MX, ok, sizeof(ok));

	/* spec §3.6: Null MX is preference 0, exchange "." -> "" */
	PARSE_OK(DNS_TYPE_MX, null_mx, &rr);
	assert_int_equal(rr.u.mx.preference, 0);
	assert_string_equal(rr.u.mx.exchange, "");
	PARSE_OK(DNS_TYPE_MX, root_pref, &rr);
	assert_int_equal(rr.u.mx.preference, 5);
	assert_string_equal(rr.u.mx.exchange, "");
	PARSE_FAIL(DNS_TYPE_MX, trailing, &rr);
}

static void test_txt_concatenation(void **s)
{
	(void)s;
	const uint8_t two[] = {7, 'v', '=', 's', 'p', 'f', '1', ' ', 4, '-', 'a', 'l', 'l'};
	const uint8_t with_empty[] = {0, 2, 'a', 'b', 0, 1, 'c'};
	const uint8_t one_empty[] = {0};
	struct dns_rr rr;

	/* spec §1.4: the strings of one record are joined without separator */
	PARSE_OK(DNS_TYPE_TXT, two, &rr);
	assert_string_equal(rr.u.txt.text, "v=spf1 -all");
	assert_int_equal(rr.u.txt.len, 11);
	dns_rr_free(&rr);
	assert_null(rr.u.txt.text);

	PARSE_OK(DNS_TYPE_TXT, with_empty, &rr);
	assert_string_equal(rr.u.txt.text, "abc");
	dns_rr_free(&rr);

	PARSE_OK(DNS_TYPE_TXT, one_empty, &rr);
	assert_string_equal(rr.u.txt.text, "");
	assert_int_equal(rr.u.txt.len, 0);
	dns_rr_free(&rr);

	/* no strings at all: accepted as "" */
	assert_int_equal(dns_rr_parse(DNS_TYPE_TXT, NULL, 0, &rr), 0);
	assert_string_equal(rr.u.txt.text, "");
	dns_rr_free(&rr);
}

static void test_txt_long_strings(void **s)
{
	(void)s;
	uint8_t wire[2 * 256];
	struct dns_rr rr;

	/* a DKIM key is split over several 255-byte strings */
	wire[0] = 255;
	memset(wire + 1, 'x', 255);
	wire[256] = 255;
	memset(wire + 257, 'y', 255);
	assert_int_equal(dns_rr_parse(DNS_TYPE_TXT, wire, sizeof(wire), &rr), 0);
	assert_int_equal(rr.u.txt.len, 510);
	assert_int_equal(strlen(rr.u.txt.text), 510);
	assert_int_equal(rr.u.txt.text[254], 'x');
	assert_int_equal(rr.u.txt.text[255], 'y');
	dns_rr_free(&rr);
}

static void test_txt_escaping(void **s)
{
	(void)s;
	const uint8_t odd[] = {7, 'a', 0, '\n', 0x7f, 0xff, '"', '\\'};
	uint8_t all[256];
	struct dns_rr rr;

	/* non-printables as \DDD; printable ASCII (quote and backslash included) as is */
	PARSE_OK(DNS_TYPE_TXT, odd, &rr);
	assert_string_equal(rr.u.txt.text, "a\\000\\010\\127\\255\"\\");
	assert_int_equal(rr.u.txt.len, strlen(rr.u.txt.text));
	dns_rr_free(&rr);

	/* worst case: every byte escaped still fits */
	all[0] = 255;
	memset(all + 1, 0x80, 255);
	assert_int_equal(dns_rr_parse(DNS_TYPE_TXT, all, sizeof(all), &rr), 0);
	assert_int_equal(rr.u.txt.len, 4 * 255);
	assert_memory_equal(rr.u.txt.text, "\\128\\128", 8);
	dns_rr_free(&rr);
}

static void test_txt_truncated(void **s)
{
	(void)s;
	const uint8_t short_string[] = {5, 'a', 'b', 'c'};
	const uint8_t second_short[] = {1, 'a', 3, 'b'};
	const uint8_t ok[] = {3, 'a', 'b', 'c', 2, 'd', 'e'};
	struct dns_rr rr;

	PARSE_FAIL(DNS_TYPE_TXT, short_string, &rr);
	assert_null(rr.u.txt.text);      /* a failed parse owns nothing */
	PARSE_FAIL(DNS_TYPE_TXT, second_short, &rr);
	assert_null(rr.u.txt.text);
	/* prefixes ending on a string boundary are valid TXT; the others are not */
	for (size_t i = 1; i < sizeof(ok); i++) {
		int r = dns_rr_parse(DNS_TYPE_TXT, ok, i, &rr);
		assert_int_equal(r, (i == 4) ? 0 : -1);
		dns_rr_free(&rr);
	}
}

static void test_soa(void **s)
{
	(void)s;
	const uint8_t ok[] = {3, 'N', 's', '1', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0,
	                      10, 'h', 'o', 's', 't', 'm', 'a', 's', 't', 'e', 'r', 0, /* root */
	                      0, 0, 0, 1,  0, 0, 0x07, 0x08,  0, 0, 0x03, 0x84,
	                      0, 0x09, 0x3a, 0x80,  0, 0, 0x01, 0x2c};
	const uint8_t trailing[] = {0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 9};
	struct dns_rr rr;

	PARSE_OK(DNS_TYPE_SOA, ok, &rr);
	assert_string_equal(rr.u.soa.mname, "ns1.example");
	assert_string_equal(rr.u.soa.rname, "hostmaster");
	assert_int_equal(rr.u.soa.serial, 1);
	assert_int_equal(rr.u.soa.refresh, 1800);
	assert_int_equal(rr.u.soa.retry, 900);
	assert_int_equal(rr.u.soa.expire, 604800);
	assert_int_equal(rr.u.soa.minimum, 300);
	assert_prefixes_fail(DNS_TYPE_SOA, ok, sizeof(ok));
	PARSE_FAIL(DNS_TYPE_SOA, trailing, &rr);
}

static void test_tlsa(void **s)
{
	(void)s;
	uint8_t ok[3 + 32];
	const uint8_t no_data[] = {3, 1, 1};
	struct dns_rr rr;

	ok[0] = 3;
	ok[1] = 1;
	ok[2] = 1;
	for (size_t i = 0; i < 32; i++)
		ok[3 + i] = (uint8_t)i;
	PARSE_OK(DNS_TYPE_TLSA, ok, &rr);
	assert_int_equal(rr.u.tlsa.usage, 3);
	assert_int_equal(rr.u.tlsa.selector, 1);
	assert_int_equal(rr.u.tlsa.mtype, 1);
	assert_int_equal(rr.u.tlsa.len, 32);
	assert_memory_equal(rr.u.tlsa.data, ok + 3, 32);
	dns_rr_free(&rr);
	assert_null(rr.u.tlsa.data);

	/* an empty association is well-formed rdata; DANE judges it */
	PARSE_OK(DNS_TYPE_TLSA, no_data, &rr);
	assert_null(rr.u.tlsa.data);
	assert_int_equal(rr.u.tlsa.len, 0);
	assert_prefixes_fail(DNS_TYPE_TLSA, no_data, sizeof(no_data));
}

static void test_caa(void **s)
{
	(void)s;
	const uint8_t ok[] = {0, 5, 'i', 's', 's', 'u', 'e', 'c', 'a', '.', 'e', 'x', 'a', 'm',
	                      'p', 'l', 'e'};
	const uint8_t critical_empty[] = {128, 9, 'i', 's', 's', 'u', 'e', 'w', 'i', 'l', 'd'};
	const uint8_t odd_tag[] = {0, 3, 'T', 0, 0xfe, 'v'};
	const uint8_t tag_short[] = {0, 9, 'i', 's', 's'};
	struct dns_rr rr;

	PARSE_OK(DNS_TYPE_CAA, ok, &rr);
	assert_int_equal(rr.u.caa.flags, 0);
	assert_string_equal(rr.u.caa.tag, "issue");
	assert_int_equal(rr.u.caa.len, 10);
	assert_memory_equal(rr.u.caa.value, "ca.example", 10);
	assert_string_equal((const char *)rr.u.caa.value, "ca.example");   /* NUL-terminated */
	dns_rr_free(&rr);

	PARSE_OK(DNS_TYPE_CAA, critical_empty, &rr);
	assert_int_equal(rr.u.caa.flags, 128);
	assert_string_equal(rr.u.caa.tag, "issuewild");
	assert_null(rr.u.caa.value);
	assert_int_equal(rr.u.caa.len, 0);

	/* tags are kept (case included) for the CAA check to judge; odd bytes escaped */
	PARSE_OK(DNS_TYPE_CAA, odd_tag, &rr);
	assert_string_equal(rr.u.caa.tag, "T\\000\\254");
	assert_int_equal(rr.u.caa.len, 1);
	dns_rr_free(&rr);

	PARSE_FAIL(DNS_TYPE_CAA, tag_short, &rr);
	assert_prefixes_fail(DNS_TYPE_CAA, ok, 7);   /* up to the end of the tag */
}

/* RFC 9460 §2.2 wire samples, built by hand. */
#define SVC_PARAM(key, len) (uint8_t)((key) >> 8), (uint8_t)(key), (uint8_t)((len) >> 8), (uint8_t)(len)

static void test_svcb_alias_mode(void **s)
{
	(void)s;
	/* example.com. HTTPS 0 SVC.Example.NET. */
	const uint8_t ok[] = {0, 0, 3, 'S', 'V', 'C', 7, 'E', 'x', 'a', 'm', 'p', 'l', 'e',
	                      3, 'N', 'E', 'T', 0};
	struct dns_rr rr;

	PARSE_OK(DNS_TYPE_HTTPS, ok, &rr);
	assert_int_equal(rr.type, DNS_TYPE_HTTPS);
	assert_int_equal(rr.u.svcb.priority, 0);
	assert_string_equal(rr.u.svcb.target, "svc.example.net");
	assert_int_equal(rr.u.svcb.n_keys, 0);
	assert_null(rr.u.svcb.alpn);
	dns_rr_free(&rr);
	assert_prefixes_fail(DNS_TYPE_HTTPS, ok, sizeof(ok));
	PARSE_OK(DNS_TYPE_SVCB, ok, &rr);   /* same rdata format for SVCB (§9) */
	assert_int_equal(rr.type, DNS_TYPE_SVCB);
	dns_rr_free(&rr);
}

/* HTTPS 1 . mandatory=alpn alpn=h2,h3 ipv4hint=192.0.2.1,192.0.2.2 ech=(4 bytes)
 * ipv6hint=2001:db8::1 key7=(1 byte) */
static const uint8_t svcb_service[] = {
	0, 1, 0,
	SVC_PARAM(0, 2), 0, 1,
	SVC_PARAM(1, 6), 2, 'h', '2', 2, 'h', '3',
	SVC_PARAM(4, 8), 192, 0, 2, 1, 192, 0, 2, 2,
	SVC_PARAM(5, 4), 0, 2, 0xab, 0xcd,
	SVC_PARAM(6, 16), 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	SVC_PARAM(7, 1), 'x',
};

static void test_svcb_service_mode(void **s)
{
	(void)s;
	struct dns_rr rr;
	char text[INET6_ADDRSTRLEN];

	PARSE_OK(DNS_TYPE_HTTPS, svcb_service, &rr);
	assert_int_equal(rr.u.svcb.priority, 1);
	assert_string_equal(rr.u.svcb.target, "");
	assert_int_equal(rr.u.svcb.n_mandatory, 1);
	assert_int_equal(rr.u.svcb.mandatory[0], SVC_KEY_ALPN);
	assert_int_equal(rr.u.svcb.n_alpn, 2);
	assert_string_equal(rr.u.svcb.alpn[0], "h2");
	assert_string_equal(rr.u.svcb.alpn[1], "h3");
	assert_false(rr.u.svcb.no_default_alpn);
	assert_false(rr.u.svcb.has_port);
	assert_int_equal(rr.u.svcb.n_ipv4hint, 2);
	inet_ntop(AF_INET, &rr.u.svcb.ipv4hint[1], text, sizeof(text));
	assert_string_equal(text, "192.0.2.2");
	assert_true(rr.u.svcb.has_ech);
	assert_int_equal(rr.u.svcb.ech_len, 4);
	assert_int_equal(rr.u.svcb.n_ipv6hint, 1);
	inet_ntop(AF_INET6, &rr.u.svcb.ipv6hint[0], text, sizeof(text));
	assert_string_equal(text, "2001:db8::1");
	/* unknown keys are kept as numbers (§2.1 keyNNNNN) */
	assert_int_equal(rr.u.svcb.n_keys, 6);
	assert_int_equal(rr.u.svcb.keys[5], 7);
	dns_rr_free(&rr);
	assert_null(rr.u.svcb.alpn);
	assert_null(rr.u.svcb.ipv4hint);
	assert_null(rr.u.svcb.keys);
}

static void test_svcb_port_and_no_default_alpn(void **s)
{
	(void)s;
	const uint8_t ok[] = {0, 2, 3, 'd', 'o', 't', 0,
	                      SVC_PARAM(1, 4), 3, 'd', 'o', 't',
	                      SVC_PARAM(2, 0),
	                      SVC_PARAM(3, 2), 0x03, 0x55};
	const uint8_t odd_alpn[] = {0, 1, 0, SVC_PARAM(1, 3), 2, 'h', 0x01};
	struct dns_rr rr;

	PARSE_OK(DNS_TYPE_SVCB, ok, &rr);
	assert_string_equal(rr.u.svcb.target, "dot");
	assert_true(rr.u.svcb.no_default_alpn);
	assert_true(rr.u.svcb.has_port);
	assert_int_equal(rr.u.svcb.port, 853);
	dns_rr_free(&rr);
	/* alpn-ids are bytes; non-printables come out as \DDD like TXT */
	PARSE_OK(DNS_TYPE_HTTPS, odd_alpn, &rr);
	assert_string_equal(rr.u.svcb.alpn[0], "h\\001");
	dns_rr_free(&rr);
}

static void test_svcb_keys_out_of_order(void **s)
{
	(void)s;
	/* §2.2: SvcParamKeys strictly increasing: port before alpn, or a duplicate, is malformed */
	const uint8_t swapped[] = {0, 1, 0, SVC_PARAM(3, 2), 1, 187, SVC_PARAM(1, 3), 2, 'h', '2'};
	const uint8_t duplicate[] = {0, 1, 0, SVC_PARAM(1, 3), 2, 'h', '2', SVC_PARAM(1, 3), 2, 'h',
	                             '3'};
	const uint8_t unknown_dup[] = {0, 1, 0, SVC_PARAM(9, 0), SVC_PARAM(9, 0)};
	struct dns_rr rr;

	PARSE_FAIL(DNS_TYPE_HTTPS, swapped, &rr);
	PARSE_FAIL(DNS_TYPE_HTTPS, duplicate, &rr);
	PARSE_FAIL(DNS_TYPE_SVCB, unknown_dup, &rr);
	assert_null(rr.u.svcb.alpn);   /* nothing owned after -1 */
}

static void test_svcb_value_lengths(void **s)
{
	(void)s;
	const uint8_t v4_short[] = {0, 1, 0, SVC_PARAM(4, 5), 192, 0, 2, 1, 9};
	const uint8_t v4_empty[] = {0, 1, 0, SVC_PARAM(4, 0)};
	const uint8_t v6_short[] = {0, 1, 0, SVC_PARAM(6, 15), 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0,
	                            0, 0, 0, 0, 0, 0};
	const uint8_t port_1[] = {0, 1, 0, SVC_PARAM(3, 1), 1};
	const uint8_t port_3[] = {0, 1, 0, SVC_PARAM(3, 3), 1, 187, 0};
	const uint8_t alpn_empty[] = {0, 1, 0, SVC_PARAM(1, 0)};
	const uint8_t alpn_zero_id[] = {0, 1, 0, SVC_PARAM(1, 1), 0};
	const uint8_t alpn_overrun[] = {0, 1, 0, SVC_PARAM(1, 3), 3, 'h', '2'};
	const uint8_t ndalpn_value[] = {0, 1, 0, SVC_PARAM(2, 1), 0};
	const uint8_t mand_odd[] = {0, 1, 0, SVC_PARAM(0, 3), 0, 1, 0};
	const uint8_t mand_self[] = {0, 1, 0, SVC_PARAM(0, 2), 0, 0};
	const uint8_t mand_dup[] = {0, 1, 0, SVC_PARAM(0, 4), 0, 1, 0, 1};
	const uint8_t mand_empty[] = {0, 1, 0, SVC_PARAM(0, 0)};
	const uint8_t ech_empty[] = {0, 1, 0, SVC_PARAM(5, 0)};
	struct dns_rr rr;

	PARSE_FAIL(DNS_TYPE_HTTPS, v4_short, &rr);
	PARSE_FAIL(DNS_TYPE_HTTPS, v4_empty, &rr);
	PARSE_FAIL(DNS_TYPE_HTTPS, v6_short, &rr);
	PARSE_FAIL(DNS_TYPE_HTTPS, port_1, &rr);
	PARSE_FAIL(DNS_TYPE_HTTPS, port_3, &rr);
	PARSE_FAIL(DNS_TYPE_HTTPS, alpn_empty, &rr);
	PARSE_FAIL(DNS_TYPE_HTTPS, alpn_zero_id, &rr);
	PARSE_FAIL(DNS_TYPE_HTTPS, alpn_overrun, &rr);
	PARSE_FAIL(DNS_TYPE_HTTPS, ndalpn_value, &rr);
	PARSE_FAIL(DNS_TYPE_HTTPS, mand_odd, &rr);
	PARSE_FAIL(DNS_TYPE_HTTPS, mand_self, &rr);
	PARSE_FAIL(DNS_TYPE_HTTPS, mand_dup, &rr);
	PARSE_FAIL(DNS_TYPE_HTTPS, mand_empty, &rr);
	/* ech: only presence and length are kept; the ECHConfigList is not judged here */
	PARSE_OK(DNS_TYPE_HTTPS, ech_empty, &rr);
	assert_true(rr.u.svcb.has_ech);
	assert_int_equal(rr.u.svcb.ech_len, 0);
	dns_rr_free(&rr);
}

static void test_svcb_truncated(void **s)
{
	(void)s;
	/* cut anywhere: fine exactly at a SvcParam boundary (fewer params), malformed inside one */
	size_t bounds[] = {3, 9, 19, 31, 39, 59, 64};
	for (size_t i = 0; i < sizeof(svcb_service); i++) {
		struct dns_rr rr;
		bool boundary = false;
		uint8_t *copy = malloc(i ? i : 1);
		assert_non_null(copy);
		memcpy(copy, svcb_service, i);
		for (size_t j = 0; j < sizeof(bounds) / sizeof(bounds[0]); j++)
			boundary = boundary || bounds[j] == i;
		assert_int_equal(dns_rr_parse(DNS_TYPE_HTTPS, copy, i, &rr), boundary ? 0 : -1);
		dns_rr_free(&rr);
		free(copy);
	}
	assert_int_equal(sizeof(svcb_service), 64);
}

static void test_unsupported_type(void **s)
{
	(void)s;
	const uint8_t b[] = {1, 2, 3, 4};
	struct dns_rr rr;
	PARSE_FAIL(43 /* DS */, b, &rr);
	PARSE_FAIL(0, b, &rr);
}

static void test_status_names(void **s)
{
	(void)s;
	assert_string_equal(dnssec_status_name(DNSSEC_SECURE), "secure");
	assert_string_equal(dnssec_status_name(DNSSEC_INSECURE), "insecure");
	assert_string_equal(dnssec_status_name(DNSSEC_BOGUS), "bogus");
	assert_string_equal(dnssec_status_name(DNSSEC_ERROR), "dnserror");
}

static void test_answer_nodata(void **s)
{
	(void)s;
	struct dns_answer a = {0};
	a.security = DNSSEC_SECURE;
	assert_true(dns_answer_nodata(&a));
	a.rcode = DNS_RCODE_NXDOMAIN;
	assert_false(dns_answer_nodata(&a));
	a.rcode = DNS_RCODE_SERVFAIL;
	assert_false(dns_answer_nodata(&a));
	a.rcode = DNS_RCODE_NOERROR;
	a.timeout = true;
	assert_false(dns_answer_nodata(&a));
	dns_answer_free(&a);   /* empty answers free cleanly */
}

/* NXDOMAIN and NODATA are answers; a timeout or another rcode is a failed lookup */
static void test_answer_failed(void **s)
{
	(void)s;
	struct dns_answer a = {0};
	assert_false(dns_answer_failed(&a));
	a.rcode = DNS_RCODE_NXDOMAIN;
	assert_false(dns_answer_failed(&a));
	a.rcode = DNS_RCODE_SERVFAIL;
	assert_true(dns_answer_failed(&a));
	a.rcode = DNS_RCODE_NOERROR;
	a.timeout = true;
	assert_true(dns_answer_failed(&a));
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static void test_new_missing_trust_anchor(void **s)
{
	(void)s;
	struct resolver_config cfg = { .trust_anchor = "/nonexistent/inetcheck/root.key" };
	struct error err = {{0}};

	assert_null(resolver_new(&cfg, &err));
	assert_string_equal(err.msg, "cannot read trust anchor /nonexistent/inetcheck/root.key: "
	                             "No such file or directory");

	cfg.trust_anchor = "/";
	assert_null(resolver_new(&cfg, &err));
	assert_string_equal(err.msg, "cannot read trust anchor /: not a regular file");
}

static void test_new_missing_root_hints(void **s)
{
	(void)s;
	struct resolver_config cfg = { .root_hints = "/nonexistent/root.hints" };
	struct error err = {{0}};

	assert_null(resolver_new(&cfg, &err));
	assert_string_equal(err.msg, "cannot read root hints /nonexistent/root.hints: "
	                             "No such file or directory");
}

static void test_new_malformed_trust_anchor(void **s)
{
	(void)s;
	char path[] = "/tmp/test_resolver_taXXXXXX";
	int fd = mkstemp(path);
	struct resolver_config cfg = { .trust_anchor = path };
	struct error err = {{0}};

	assert_true(fd >= 0);
	assert_true(write(fd, "this is not a DS record\n", 24) == 24);
	close(fd);
	assert_null(resolver_new(&cfg, &err));
	assert_non_null(strstr(err.msg, "trust anchor /tmp/test_resolver_ta"));

	/* a DS line libunbound cannot parse: its own check fails */
	write_file(path, ". IN DS 20326 8 2 not-hex\n");
	assert_null(resolver_new(&cfg, &err));
	assert_non_null(strstr(err.msg, "cannot use trust anchor /tmp/test_resolver_ta"));
	unlink(path);
}

/* Issue 15 item 2: an empty or comment-only trust anchor turned validation off. */
static void test_new_trust_anchor_without_records(void **s)
{
	(void)s;
	char path[] = "/tmp/test_resolver_taXXXXXX";
	int fd = mkstemp(path);
	struct resolver_config cfg = { .trust_anchor = path };
	struct error err = {{0}};
	char want[200];

	assert_true(fd >= 0);
	close(fd);
	snprintf(want, sizeof(want), "trust anchor %s has no DS or DNSKEY record", path);
	assert_null(resolver_new(&cfg, &err));
	assert_string_equal(err.msg, want);
	assert_int_equal(resolver_trust_anchor_check(path, &err), -1);
	write_file(path, "; only a comment\n\n   ; DS 1 2 3 abcd\n");
	assert_null(resolver_new(&cfg, &err));
	assert_string_equal(err.msg, want);

	write_file(path, ". 172800 IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n");
	assert_int_equal(resolver_trust_anchor_check(path, &err), 0);
	write_file(path, ". IN DNSKEY 257 3 8 AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3\n");
	assert_int_equal(resolver_trust_anchor_check(path, &err), 0);
	unlink(path);

	assert_int_equal(resolver_trust_anchor_check("/dev/zero", &err), -1);
	assert_string_equal(err.msg, "cannot read trust anchor /dev/zero: not a regular file");
}

/* Needs Debian's dns-root-data key; sends nothing (no query gets a live deadline). */
static void test_new_default_and_offline_queries(void **s)
{
	(void)s;
	struct error err = {{0}};
	struct dns_answer a;
	struct resolver *res;
	char (*ns)[256] = NULL;
	size_t n = 99;
	char longname[300];

	if (access(RESOLVER_DEFAULT_TRUST_ANCHOR, R_OK) != 0)
		skip();
	res = resolver_new(NULL, &err);
	assert_non_null(res);

	/* a deadline already passed: timeout at once, nothing sent */
	assert_int_equal(resolver_query(res, "www.example.nl", DNS_TYPE_A, 0,
	                                deadline_in(-1), &a), -1);
	assert_true(a.timeout);
	assert_int_equal(a.security, DNSSEC_ERROR);
	assert_int_equal(a.rcode, DNS_RCODE_SERVFAIL);
	assert_int_equal(a.n, 0);
	dns_answer_free(&a);

	/* no such domain name */
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(resolver_query(res, longname, DNS_TYPE_A, 0, deadline_in(1000), &a), -1);
	assert_false(a.timeout);
	assert_int_equal(a.security, DNSSEC_ERROR);
	dns_answer_free(&a);

	/* §3.1: a single label (the TLD) is never queried */
	assert_int_equal(resolver_find_ns(res, "nl.", deadline_in(1000), &ns, &n), 0);
	assert_int_equal(n, 0);
	assert_null(ns);
	assert_int_equal(resolver_find_ns(res, longname, deadline_in(1000), &ns, &n), -1);

	resolver_free(res);
	resolver_free(NULL);
}

/* Issue 15 item 1: libunbound takes every range of the target guard as do-not-query,
 * and a prefix it cannot parse fails resolver_new. */
static void test_new_do_not_query_guard_ranges(void **s)
{
	(void)s;
	char prefixes[200][INET6_ADDRSTRLEN + 5];
	const char *list[201];
	const char *bad[] = { "10.0.0.0/8", "not-a-prefix/99", NULL };
	struct resolver_config cfg = { 0 };
	struct error err = {{0}};
	struct resolver *res;
	size_t n = 0;

	if (access(RESOLVER_DEFAULT_TRUST_ANCHOR, R_OK) != 0)
		skip();
	while (n < 200 && guard_special_prefix(n, prefixes[n], sizeof(prefixes[n])) == 0) {
		list[n] = prefixes[n];
		n++;
	}
	list[n] = NULL;
	assert_true(n > 30);
	cfg.do_not_query = list;
	res = resolver_new(&cfg, &err);
	assert_non_null(res);
	resolver_free(res);

	/* the control: libunbound does check the prefixes (it fails when finalizing) */
	cfg.do_not_query = bad;
	assert_null(resolver_new(&cfg, &err));
}

/* Issue 15 items 1 and 4: the root hints' addresses, for checks libunbound does not make. */
static void test_root_hints_addresses(void **s)
{
	(void)s;
	char path[] = "/tmp/test_resolver_hintsXXXXXX";
	char (*addrs)[INET6_ADDRSTRLEN] = NULL;
	struct error err = {{0}};
	size_t n = 99;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	write_file(path, "; named.root\n.  3600000  NS  A.ROOT-SERVERS.NET.\n"
	                 "A.ROOT-SERVERS.NET.  3600000  A  198.41.0.4 ; comment\n"
	                 "A.ROOT-SERVERS.NET.  3600000  IN AAAA  2001:503:ba3e::2:30\n"
	                 "b.root-servers.net. a 10.1.2.3\n"
	                 "bad. A 300.1.2.3\nbad. AAAA 10.1.2.3\nbad. TXT 10.1.2.3\n");
	assert_int_equal(resolver_root_hints_addresses(path, &addrs, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(addrs[0], "198.41.0.4");
	assert_string_equal(addrs[1], "2001:503:ba3e::2:30");
	assert_string_equal(addrs[2], "10.1.2.3");
	free(addrs);

	/* garbage or comments only: no address (the caller makes it a usage error) */
	write_file(path, "this is not a zone file\n; only a comment\n");
	assert_int_equal(resolver_root_hints_addresses(path, &addrs, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_null(addrs);
	unlink(path);

	assert_int_equal(resolver_root_hints_addresses("/", &addrs, &n, &err), -1);
	assert_string_equal(err.msg, "cannot read root hints /: not a regular file");
	assert_int_equal(resolver_root_hints_addresses("/dev/zero", &addrs, &n, &err), -1);
	assert_string_equal(err.msg, "cannot read root hints /dev/zero: not a regular file");
	assert_int_equal(resolver_root_hints_addresses("/nonexistent/hints", &addrs, &n, &err), -1);
	assert_null(addrs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a),
		cmocka_unit_test(test_aaaa),
		cmocka_unit_test(test_ns_cname_lowercase),
		cmocka_unit_test(test_name_malformed),
		cmocka_unit_test(test_name_odd_bytes),
		cmocka_unit_test(test_name_length_limits),
		cmocka_unit_test(test_mx),
		cmocka_unit_test(test_txt_concatenation),
		cmocka_unit_test(test_txt_long_strings),
		cmocka_unit_test(test_txt_escaping),
		cmocka_unit_test(test_txt_truncated),
		cmocka_unit_test(test_soa),
		cmocka_unit_test(test_tlsa),
		cmocka_unit_test(test_caa),
		cmocka_unit_test(test_svcb_alias_mode),
		cmocka_unit_test(test_svcb_service_mode),
		cmocka_unit_test(test_svcb_port_and_no_default_alpn),
		cmocka_unit_test(test_svcb_keys_out_of_order),
		cmocka_unit_test(test_svcb_value_lengths),
		cmocka_unit_test(test_svcb_truncated),
		cmocka_unit_test(test_unsupported_type),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_answer_nodata),
		cmocka_unit_test(test_answer_failed),
		cmocka_unit_test(test_new_missing_trust_anchor),
		cmocka_unit_test(test_new_missing_root_hints),
		cmocka_unit_test(test_new_malformed_trust_anchor),
		cmocka_unit_test(test_new_trust_anchor_without_records),
		cmocka_unit_test(test_new_default_and_offline_queries),
		cmocka_unit_test(test_new_do_not_query_guard_ranges),
		cmocka_unit_test(test_root_hints_addresses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

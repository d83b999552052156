/*
 * test_vrp.c -- VRP files and RFC 6811 origin validation (checks/vrp.h, spec
 * §3.5 step 3, §3.11). One test per rule: the four file formats, each error
 * message, duplicates, Routinator's classification of covering VRPs (the
 * length is checked before the origin, per VRP; "as" wins over "length"), the
 * lists internet.nl shows, vrp_covered, and a randomised comparison of the
 * prefix tree with a linear scan over every VRP. Every input is an exact-size
 * heap copy, so ASan sees a read past its end.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "checks/vrp.h"
#include "../../fuzz/vrp_scan.h"

/* ------------------------------------------------------------ helpers ---- */

static struct vrp_set *load_bytes(const char *name, const void *bytes, size_t len,
                                  struct error *err)
{
	void *copy = malloc(len ? len : 1);
	struct vrp_set *set;

	assert_non_null(copy);
	memcpy(copy, bytes, len);
	memset(err, 0, sizeof(*err));
	set = vrp_load_buffer(name, copy, len, err);
	free(copy);
	return set;
}

/* Load `text` that must parse. */
static struct vrp_set *load(const char *text)
{
	struct error err;
	struct vrp_set *set = load_bytes("t", text, strlen(text), &err);

	if (!set)
		fail_msg("unexpected error: %s", err.msg);
	return set;
}

/* Load `text` (as file `name`) that must fail with exactly `msg`. */
static void assert_load_error(const char *name, const char *text, const char *msg)
{
	struct error err;
	struct vrp_set *set = load_bytes(name, text, strlen(text), &err);

	if (set) {
		vrp_free(set);
		fail_msg("loaded, expected error: %s", msg);
	}
	assert_string_equal(err.msg, msg);
}

static struct prefix pfx(const char *s)
{
	struct prefix p;
	const char *why;

	if (prefix_parse(s, &p, &why) < 0)
		fail_msg("bad test prefix %s: %s", s, why);
	return p;
}

static enum rov_state validate(const struct vrp_set *set, uint32_t asn, const char *route,
                               struct vrp_match *m)
{
	struct prefix p = pfx(route);
	return vrp_validate(set, asn, &p, m);
}

/* vrps[i] is (asn, prefix, maxLength) */
static void assert_vrp(const struct vrp *v, uint32_t asn, const char *prefix, unsigned max_len)
{
	char buf[PREFIX_STRLEN];

	assert_int_equal(v->asn, asn);
	assert_string_equal(prefix_str(&v->prefix, buf, sizeof(buf)), prefix);
	assert_int_equal(v->max_len, max_len);
}

static void assert_counts(const struct vrp_match *m, size_t matched, size_t as, size_t length,
                          size_t n)
{
	assert_int_equal(m->matched, matched);
	assert_int_equal(m->unmatched_as, as);
	assert_int_equal(m->unmatched_length, length);
	assert_int_equal(m->n, n);
}

/* A growing text buffer for generated files. */
struct text {
	char *b;
	size_t n, cap;
};

static void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->b ? t->b + t->n : NULL, t->b ? t->cap - t->n : 0, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if (t->b && t->n + (size_t)n < t->cap)
			break;
		t->cap = (t->n + (size_t)n + 1) * 2;
		t->b = realloc(t->b, t->cap);
		assert_non_null(t->b);
	}
	t->n += (size_t)n;
}

/* ------------------------------------------------------------ formats ---- */

static const char RPKI_CLIENT_JSON[] =
	"{\n"
	"\t\"metadata\": {\n"
	"\t\t\"buildmachine\": \"rp.example\",\n"
	"\t\t\"buildtime\": \"2026-01-01T00:00:00Z\",\n"
	"\t\t\"roas\": 2, \"vrps\": 2, \"uniquevrps\": 2,\n"
	"\t\t\"talfiles\": [\"ripe.tal\"]\n"
	"\t},\n"
	"\t\"roas\": [\n"
	"\t\t{ \"asn\": 64496, \"prefix\": \"192.0.2.0/24\", \"maxLength\": 24, \"ta\": \"ripe\", \"expires\": 1700000000 },\n"
	"\t\t{ \"asn\": 4294967295, \"prefix\": \"2001:db8::/32\", \"maxLength\": 48, \"ta\": \"ripe\", \"expires\": 1700000000 }\n"
	"\t],\n"
	"\t\"bgpsec_keys\": [\n\t],\n"
	"\t\"provider_authorizations\": {\n\t\t\"ipv4\": [],\n\t\t\"ipv6\": []\n\t}\n"
	"}\n";

static void test_rpki_client_json_with_integer_asn(void **s)
{
	(void)s;
	struct vrp_set *set = load(RPKI_CLIENT_JSON);
	struct vrp v;

	assert_int_equal(vrp_count(set), 2);
	assert_int_equal(vrp_get(set, 0, &v), 0);
	assert_vrp(&v, 64496, "192.0.2.0/24", 24);
	assert_int_equal(vrp_get(set, 1, &v), 0);
	assert_vrp(&v, 4294967295u, "2001:db8::/32", 48);
	assert_int_equal(vrp_get(set, 2, &v), -1);
	vrp_free(set);
}

static void test_routinator_json_with_as_string_asn(void **s)
{
	(void)s;
	struct vrp_set *set = load(
		"{\n"
		"  \"metadata\": {\n    \"generated\": 1700000000,\n"
		"    \"generatedTime\": \"2023-11-14T22:13:20Z\"\n  },\n"
		"  \"roas\": [\n"
		"    { \"asn\": \"AS196615\", \"prefix\": \"93.175.147.0/24\", \"maxLength\": 24, \"ta\": \"ripe\" },\n"
		"    { \"asn\": \"as64496\", \"prefix\": \"2001:db8::/32\", \"maxLength\": 32, \"ta\": \"ripe\",\n"
		"      \"source\": [ { \"type\": \"roa\", \"uri\": \"rsync://rpki.example/x.roa\", \"validity\": { \"notBefore\": \"2023-01-01T00:00:00Z\" } } ] },\n"
		"    { \"asn\": \"64497\", \"prefix\": \"198.51.100.0/22\", \"maxLength\": 24, \"ta\": \"arin\" }\n"
		"  ]\n"
		"}\n");
	struct vrp v;

	assert_int_equal(vrp_count(set), 3);
	assert_int_equal(vrp_get(set, 0, &v), 0);
	assert_vrp(&v, 196615, "93.175.147.0/24", 24);
	assert_int_equal(vrp_get(set, 1, &v), 0);
	assert_vrp(&v, 64497, "198.51.100.0/22", 24);
	assert_int_equal(vrp_get(set, 2, &v), 0);
	assert_vrp(&v, 64496, "2001:db8::/32", 32);
	vrp_free(set);
}

static void test_rpki_client_csv_with_expires(void **s)
{
	(void)s;
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor,Expires\n"
	                           "AS64496,192.0.2.0/24,24,ripe,1700000000\n"
	                           "AS64497,2001:db8::/32,40,arin,1700000000\n");
	struct vrp v;

	assert_int_equal(vrp_count(set), 2);
	assert_int_equal(vrp_get(set, 0, &v), 0);
	assert_vrp(&v, 64496, "192.0.2.0/24", 24);
	assert_int_equal(vrp_get(set, 1, &v), 0);
	assert_vrp(&v, 64497, "2001:db8::/32", 40);
	vrp_free(set);
}

static void test_routinator_csv_asn_with_or_without_as(void **s)
{
	(void)s;
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\n"
	                           "AS64496,192.0.2.0/24,24,ripe\n"
	                           "as64497,198.51.100.0/24,24,ripe\n"
	                           "64498,203.0.113.0/24,24,ripe\n");
	struct vrp v;

	assert_int_equal(vrp_count(set), 3);
	assert_int_equal(vrp_get(set, 0, &v), 0);
	assert_vrp(&v, 64496, "192.0.2.0/24", 24);
	assert_int_equal(vrp_get(set, 1, &v), 0);
	assert_vrp(&v, 64497, "198.51.100.0/24", 24);
	assert_int_equal(vrp_get(set, 2, &v), 0);
	assert_vrp(&v, 64498, "203.0.113.0/24", 24);
	vrp_free(set);
}

static void test_csv_header_any_case_and_blanks_around_fields(void **s)
{
	(void)s;
	struct vrp_set *set = load("asn, ip prefix ,MAX LENGTH,trust anchor\n"
	                           " AS64496 , 192.0.2.0/24 ,\t24 , ripe \n");
	struct vrp v;

	assert_int_equal(vrp_count(set), 1);
	assert_int_equal(vrp_get(set, 0, &v), 0);
	assert_vrp(&v, 64496, "192.0.2.0/24", 24);
	vrp_free(set);
}

static void test_max_length_alias_accepted(void **s)
{
	(void)s;
	struct vrp_set *set = load("{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"max_length\":25}]}");
	struct vrp v;

	assert_int_equal(vrp_get(set, 0, &v), 0);
	assert_vrp(&v, 1, "192.0.2.0/24", 25);
	vrp_free(set);
}

static void test_utf8_bom_skipped(void **s)
{
	(void)s;
	struct vrp_set *set = load("\xef\xbb\xbf{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24}]}");
	assert_int_equal(vrp_count(set), 1);
	vrp_free(set);
	set = load("\xef\xbb\xbf" "ASN,IP Prefix,Max Length,Trust Anchor\nAS1,192.0.2.0/24,24,ripe\n");
	assert_int_equal(vrp_count(set), 1);
	vrp_free(set);
	/* only at the start: elsewhere it is not white space */
	assert_load_error("t", " \xef\xbb\xbf{\"roas\":[]}",
	                  "t:1: neither a JSON object nor a VRP CSV header "
	                  "\"ASN,IP Prefix,Max Length,Trust Anchor[,Expires]\"");
}

static void test_crlf_line_ends(void **s)
{
	(void)s;
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor,Expires\r\n"
	                           "AS1,192.0.2.0/24,24,ripe,1700000000\r\n"
	                           "\r\n"
	                           "AS2,198.51.100.0/24,24,ripe,1700000000\r\n");
	assert_int_equal(vrp_count(set), 2);
	vrp_free(set);
	set = load("{\r\n\"roas\": [\r\n{\"asn\": 1, \"prefix\": \"192.0.2.0/24\", \"maxLength\": 24}\r\n]\r\n}\r\n");
	assert_int_equal(vrp_count(set), 1);
	vrp_free(set);
	/* the line number still counts LFs */
	assert_load_error("t.csv", "ASN,IP Prefix,Max Length,Trust Anchor\r\n\r\nAS1,192.0.2.0/24,x,ripe\r\n",
	                  "t.csv:3: bad Max Length \"x\"");
}

static void test_other_json_members_skipped(void **s)
{
	(void)s;
	struct vrp_set *set = load(
		"{\"metadata\":{\"a\":[1,2.5,-3e+2,true,false,null,{\"b\":\"\\u00e9\\\"\\\\\\/\\b\\f\\n\\r\\t\"}]},"
		"\"roas\":[{\"ta\":\"ripe\",\"asn\":1,\"x\":{\"y\":[[]]},\"prefix\":\"192.0.2.0/24\",\"maxLength\":24,"
		"\"expires\":1700000000}],"
		"\"aspas\":[],\"bgpsec_keys\":[{\"asn\":\"bad\"}],\"a very long key that is none of ours\":0}");
	assert_int_equal(vrp_count(set), 1);
	vrp_free(set);
}

static void test_escaped_json_key_and_value(void **s)
{
	(void)s;
	/* JSON escapes are decoded before the key and value are looked at */
	struct vrp_set *set = load("{\"ro\\u0061s\":[{\"\\u0061sn\":\"AS\\u0031\",\"prefix\":\"192.0.2.0\\/24\",\"maxLength\":24}]}");
	struct vrp v;

	assert_int_equal(vrp_get(set, 0, &v), 0);
	assert_vrp(&v, 1, "192.0.2.0/24", 24);
	vrp_free(set);
}

static void test_empty_roas_is_a_valid_empty_set(void **s)
{
	(void)s;
	struct vrp_set *set = load("{\"metadata\":{},\"roas\":[]}");
	struct vrp_match m;
	struct vrp v;

	assert_int_equal(vrp_count(set), 0);
	assert_int_equal(vrp_get(set, 0, &v), -1);
	assert_int_equal(validate(set, 1, "192.0.2.0/24", &m), ROV_NOT_FOUND);
	vrp_free(set);
	set = load("ASN,IP Prefix,Max Length,Trust Anchor\n");
	assert_int_equal(vrp_count(set), 0);
	vrp_free(set);
	set = load("ASN,IP Prefix,Max Length,Trust Anchor");
	assert_int_equal(vrp_count(set), 0);
	vrp_free(set);
}

static void test_vrp_load_reads_a_file(void **s)
{
	(void)s;
	char path[] = "/tmp/test_vrp.XXXXXX";
	struct error err;
	struct vrp_set *set;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, RPKI_CLIENT_JSON, strlen(RPKI_CLIENT_JSON)),
	                 (ssize_t)strlen(RPKI_CLIENT_JSON));
	close(fd);
	set = vrp_load(path, deadline_in(60000), &err);
	unlink(path);
	assert_non_null(set);
	assert_int_equal(vrp_count(set), 2);
	vrp_free(set);
}

static void test_vrp_load_missing_file_names_it(void **s)
{
	(void)s;
	struct error err;

	assert_null(vrp_load("/nonexistent/vrps.json", deadline_in(60000), &err));
	assert_string_equal(err.msg, "/nonexistent/vrps.json: No such file or directory");
}

/* Issue 15 item 3: /dev/zero grew without bound, a named pipe blocked forever. */
static void test_vrp_load_regular_files_only_capped_with_deadline(void **s)
{
	(void)s;
	char dir[] = "/tmp/test_vrp_dirXXXXXX", fifo[64], big[64], ok[64];
	struct error err;
	int fd;

	assert_non_null(mkdtemp(dir));
	assert_null(vrp_load("/dev/zero", deadline_in(60000), &err));
	assert_string_equal(err.msg, "/dev/zero: not a regular file");
	assert_null(vrp_load(dir, deadline_in(60000), &err));
	assert_non_null(strstr(err.msg, ": not a regular file"));

	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_null(vrp_load(fifo, deadline_in(60000), &err));   /* returns, does not block */
	assert_non_null(strstr(err.msg, "/fifo: not a regular file"));
	unlink(fifo);

	snprintf(big, sizeof(big), "%s/big.json", dir);
	fd = open(big, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)VRP_FILE_MAX_BYTES + 1), 0);   /* sparse */
	close(fd);
	assert_null(vrp_load(big, deadline_in(60000), &err));
	assert_non_null(strstr(err.msg, "/big.json: larger than 536870912 bytes"));
	unlink(big);

	snprintf(ok, sizeof(ok), "%s/ok.json", dir);
	fd = open(ok, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, RPKI_CLIENT_JSON, strlen(RPKI_CLIENT_JSON)),
	                 (ssize_t)strlen(RPKI_CLIENT_JSON));
	close(fd);
	assert_null(vrp_load(ok, deadline_in(-1), &err));
	assert_non_null(strstr(err.msg, "/ok.json: reading took longer than --timeout"));
	unlink(ok);
	rmdir(dir);
}

/* ------------------------------------------------------------- errors ---- */

static void test_error_host_bits_set(void **s)
{
	(void)s;
	struct text t = { 0 };

	/* the example of vrp.h: the 11th ROA on line 12 */
	text_add(&t, "{\"roas\": [\n");
	for (int i = 0; i < 10; i++)
		text_add(&t, "{\"asn\": 64496, \"prefix\": \"10.%d.0.0/16\", \"maxLength\": 24},\n", i);
	text_add(&t, "{\"asn\": 64496, \"prefix\": \"192.0.2.1/24\", \"maxLength\": 24}\n]}\n");
	assert_load_error("vrps.json", t.b,
	                  "vrps.json:12: roas[10]: prefix \"192.0.2.1/24\": host bits set after the prefix length");
	free(t.b);
	assert_load_error("t.csv", "ASN,IP Prefix,Max Length,Trust Anchor\nAS1,2001:db8::1/32,32,ripe\n",
	                  "t.csv:2: prefix \"2001:db8::1/32\": host bits set after the prefix length");
}

static void test_error_bad_prefix(void **s)
{
	(void)s;
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2/24\",\"maxLength\":24}]}",
	                  "t:1: roas[0]: prefix \"192.0.2/24\": bad address");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0\",\"maxLength\":24}]}",
	                  "t:1: roas[0]: prefix \"192.0.2.0\": no prefix length");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/33\",\"maxLength\":24}]}",
	                  "t:1: roas[0]: prefix \"192.0.2.0/33\": bad prefix length");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":24,\"maxLength\":24}]}",
	                  "t:1: roas[0]: prefix is not a string");
	assert_load_error("t", "ASN,IP Prefix,Max Length,Trust Anchor\nAS1,192.0.2.0 /24,24,ripe\n",
	                  "t:2: prefix \"192.0.2.0 /24\": bad address");
}

static void test_error_nul_in_prefix_is_not_a_terminator(void **s)
{
	(void)s;
	static const char csv[] = "ASN,IP Prefix,Max Length,Trust Anchor\nAS1,192.0.2.0/24\0x,24,ripe\n";
	struct error err;

	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\\u0000x\",\"maxLength\":24}]}",
	                  "t:1: roas[0]: prefix \"192.0.2.0/24?x\": bad prefix length");
	assert_null(load_bytes("t", csv, sizeof(csv) - 1, &err));
	assert_string_equal(err.msg, "t:2: control character 0x00 in field 2");
}

static void test_error_message_quotes_input_as_printable_ascii(void **s)
{
	(void)s;
	/* a VRP file comes from outside: its bytes must not reach a terminal raw */
	assert_load_error("t", "ASN,IP Prefix,Max Length,Trust Anchor\nAS1,192.0.2.\xff\x9b/24,24,ripe\n",
	                  "t:2: prefix \"192.0.2.?\?/24\": bad address");
	assert_load_error("t", "ASN,IP Prefix,Max Length,Trust Anchor\nAS1,192.0.2.0\r/24,24,ripe\n",
	                  "t:2: prefix \"192.0.2.0?/24\": bad address");
}

static void test_error_max_length_shorter_than_prefix(void **s)
{
	(void)s;
	assert_load_error("t", "{\"roas\": [\n{\"asn\": 1, \"prefix\": \"192.0.2.0/24\",\n \"maxLength\": 16}]}",
	                  "t:3: roas[0]: maxLength 16 is shorter than the prefix length of 192.0.2.0/24");
	assert_load_error("t", "ASN,IP Prefix,Max Length,Trust Anchor\nAS1,2001:db8::/32,31,ripe\n",
	                  "t:2: maxLength 31 is shorter than the prefix length of 2001:db8::/32");
}

static void test_error_max_length_over_family_bits(void **s)
{
	(void)s;
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":33}]}",
	                  "t:1: roas[0]: maxLength 33 is longer than an IPv4 address (32 bits)");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"2001:db8::/32\",\"maxLength\":129}]}",
	                  "t:1: roas[0]: maxLength 129 is longer than an IPv6 address (128 bits)");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":99999999999999999999999}]}",
	                  "t:1: roas[0]: maxLength 99999999999999999999999 is longer than an IPv4 address (32 bits)");
	assert_load_error("t", "ASN,IP Prefix,Max Length,Trust Anchor\nAS1,192.0.2.0/24,255,ripe\n",
	                  "t:2: maxLength 255 is longer than an IPv4 address (32 bits)");
	assert_load_error("t", "ASN,IP Prefix,Max Length,Trust Anchor\nAS1,192.0.2.0/24,1000,ripe\n",
	                  "t:2: bad Max Length \"1000\"");
}

static void test_error_max_length_not_an_integer(void **s)
{
	(void)s;
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":\"24\"}]}",
	                  "t:1: roas[0]: maxLength is not a number");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24.0}]}",
	                  "t:1: roas[0]: maxLength 24.0 is not a non-negative integer");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":-24}]}",
	                  "t:1: roas[0]: maxLength -24 is not a non-negative integer");
	assert_load_error("t", "ASN,IP Prefix,Max Length,Trust Anchor\nAS1,192.0.2.0/24,,ripe\n",
	                  "t:2: empty Max Length");
}

static void test_error_asn_over_32_bits(void **s)
{
	(void)s;
	struct vrp_set *set = load("{\"roas\":[{\"asn\":4294967295,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24}]}");
	vrp_free(set);
	assert_load_error("t", "{\"roas\":[{\"asn\":4294967296,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24}]}",
	                  "t:1: roas[0]: asn 4294967296 is over 4294967295");
	assert_load_error("t", "{\"roas\":[{\"asn\":\"AS4294967296\",\"prefix\":\"192.0.2.0/24\",\"maxLength\":24}]}",
	                  "t:1: roas[0]: asn \"AS4294967296\" is over 4294967295");
	assert_load_error("t", "{\"roas\":[{\"asn\":184467440737095516160,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24}]}",
	                  "t:1: roas[0]: asn 184467440737095516160 is over 4294967295");
	assert_load_error("t", "ASN,IP Prefix,Max Length,Trust Anchor\nAS99999999999,192.0.2.0/24,24,ripe\n",
	                  "t:2: ASN \"AS99999999999\" is over 4294967295");
}

static void test_error_bad_asn(void **s)
{
	(void)s;
	assert_load_error("t", "{\"roas\":[{\"asn\":-1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24}]}",
	                  "t:1: roas[0]: asn -1 is not an integer in 0..4294967295");
	assert_load_error("t", "{\"roas\":[{\"asn\":\"ASN1\",\"prefix\":\"192.0.2.0/24\",\"maxLength\":24}]}",
	                  "t:1: roas[0]: bad asn \"ASN1\"");
	assert_load_error("t", "{\"roas\":[{\"asn\":null,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24}]}",
	                  "t:1: roas[0]: asn is neither a number nor a string");
	assert_load_error("t", "ASN,IP Prefix,Max Length,Trust Anchor\nAS,192.0.2.0/24,24,ripe\n",
	                  "t:2: bad ASN \"AS\"");
}

static void test_error_missing_field(void **s)
{
	(void)s;
	assert_load_error("t", "{\"roas\":[\n{\"prefix\":\"192.0.2.0/24\",\"maxLength\":24}]}",
	                  "t:2: roas[0]: missing \"asn\"");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24},\n{\"asn\":1,\"maxLength\":24}]}",
	                  "t:2: roas[1]: missing \"prefix\"");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxlength\":24}]}",
	                  "t:1: roas[0]: missing \"maxLength\"");
	assert_load_error("t", "{\"roas\":[{}]}", "t:1: roas[0]: missing \"asn\"");
	assert_load_error("t", "ASN,IP Prefix,Max Length,Trust Anchor,Expires\nAS1,192.0.2.0/24,24,ripe\n",
	                  "t:2: 4 fields, the header has 5");
	assert_load_error("t", "ASN,IP Prefix,Max Length,Trust Anchor\nAS1,192.0.2.0/24\n",
	                  "t:2: 2 fields, the header has 4");
}

static void test_error_duplicate_member(void **s)
{
	(void)s;
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"asn\":2,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24}]}",
	                  "t:1: roas[0]: duplicate \"asn\"");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24,\"max_length\":24}]}",
	                  "t:1: roas[0]: duplicate \"maxLength\"");
	assert_load_error("t", "{\"roas\":[],\"roas\":[]}", "t:1: duplicate \"roas\"");
}

static void test_error_trailing_garbage(void **s)
{
	(void)s;
	assert_load_error("t", "{\"roas\":[]}\n{}", "t:2: trailing data after the JSON document");
	assert_load_error("t", "{\"roas\":[]}x", "t:1: trailing data after the JSON document");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24 x}]}",
	                  "t:1: roas[0]: expected ',' or '}'");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24} 1]}",
	                  "t:1: roas[0]: expected ',' or ']'");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":024}]}",
	                  "t:1: roas[0]: expected ',' or '}'");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24},]}",
	                  "t:1: roas[1]: expected an object");
	assert_load_error("t", "ASN,IP Prefix,Max Length,Trust Anchor\nAS1,192.0.2.0/24,24,ripe,x\n",
	                  "t:2: 5 fields, the header has 4");
	assert_load_error("t", "ASN,IP Prefix,Max Length,Trust Anchor\nAS1,192.0.2.0/24,24x,ripe\n",
	                  "t:2: bad Max Length \"24x\"");
	assert_load_error("t", "ASN,IP Prefix,Max Length,Trust Anchor\nAS1x,192.0.2.0/24,24,ripe\n",
	                  "t:2: bad ASN \"AS1x\"");
}

static void test_error_truncated_json(void **s)
{
	(void)s;
	size_t len = strlen(RPKI_CLIENT_JSON);
	struct error err;

	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24}",
	                  "t:1: roas[0]: unexpected end of file");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.",
	                  "t:1: roas[0]: unexpected end of file in a string");
	assert_load_error("t", "{\"roas\":[{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":",
	                  "t:1: roas[0]: unexpected end of file");
	assert_load_error("t", "{\"roas\":[\n{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24},\n",
	                  "t:3: roas[1]: unexpected end of file");
	assert_load_error("t", "{\"metadata\":{\"x\":tru", "t:1: bad literal (expected true)");
	/* every cut of a good file fails, after the last byte that matters */
	for (size_t cut = 1; cut < len; cut++) {
		struct vrp_set *set = load_bytes("t", RPKI_CLIENT_JSON, cut, &err);
		if (set) {
			/* only white space after the closing brace may be cut */
			assert_true(cut >= len - 1);
			vrp_free(set);
			continue;
		}
		assert_true(strncmp(err.msg, "t:", 2) == 0);
	}
}

static void test_error_nesting_over_64(void **s)
{
	(void)s;
	struct text t = { 0 };
	struct vrp_set *set;

	/* the document is level 1, "x" holds 63 more: 64 levels pass */
	text_add(&t, "{\"x\":");
	for (int i = 0; i < 63; i++)
		text_add(&t, "[");
	for (int i = 0; i < 63; i++)
		text_add(&t, "]");
	text_add(&t, ",\"roas\":[]}");
	set = load(t.b);
	vrp_free(set);
	t.n = 0;
	text_add(&t, "{\"x\":");
	for (int i = 0; i < 64; i++)
		text_add(&t, "[");
	for (int i = 0; i < 64; i++)
		text_add(&t, "]");
	text_add(&t, ",\"roas\":[]}");
	assert_load_error("t", t.b, "t:1: JSON nested deeper than 64 levels");
	/* inside a ROA the same limit holds: roas is level 2, a ROA level 3 */
	t.n = 0;
	text_add(&t, "{\"roas\":[{\"source\":");
	for (int i = 0; i < 62; i++)
		text_add(&t, "{\"a\":");
	text_add(&t, "1");
	for (int i = 0; i < 62; i++)
		text_add(&t, "}");
	text_add(&t, "}]}");
	assert_load_error("t", t.b, "t:1: roas[0]: JSON nested deeper than 64 levels");
	/* deep nesting far beyond the limit stops at the limit (no stack overflow) */
	t.n = 0;
	text_add(&t, "{\"x\":");
	for (int i = 0; i < 100000; i++)
		text_add(&t, "[");
	assert_load_error("t", t.b, "t:1: JSON nested deeper than 64 levels");
	free(t.b);
}

static void test_error_not_a_vrp_file(void **s)
{
	(void)s;
	assert_load_error("t", "", "t: empty file");
	assert_load_error("t", " \r\n\t\n", "t: empty file");
	assert_load_error("t", "\n\nURI,ASN,IP Prefix,Max Length,Not Before,Not After\n",
	                  "t:3: neither a JSON object nor a VRP CSV header "
	                  "\"ASN,IP Prefix,Max Length,Trust Anchor[,Expires]\"");
	assert_load_error("t", "\x01\x02binary",
	                  "t:1: neither a JSON object nor a VRP CSV header "
	                  "\"ASN,IP Prefix,Max Length,Trust Anchor[,Expires]\"");
	assert_load_error("t", "[{\"asn\":1}]",
	                  "t:1: neither a JSON object nor a VRP CSV header "
	                  "\"ASN,IP Prefix,Max Length,Trust Anchor[,Expires]\"");
	assert_load_error("t", "{\"metadata\":{}}",
	                  "t:1: no \"roas\" array (not an rpki-client or Routinator VRP file)");
	assert_load_error("t", "{\"roas\":{}}", "t:1: \"roas\" is not an array");
	assert_load_error("t", "{\"roas\":[]", "t:1: unexpected end of file");
	assert_load_error("t", "{roas:[]}", "t:1: expected a string");
	assert_load_error("t", "{\"roas\" []}", "t:1: expected ':'");
	assert_load_error("t", "{\"roas\":[],\"x\":\"a\x01\"}", "t:1: control character 0x01 in a string");
	assert_load_error("t", "{\"roas\":[],\"x\":\"\\x\"}", "t:1: bad escape \\x in a string");
	assert_load_error("t", "{\"roas\":[],\"x\":\"\\u12\"}", "t:1: bad \\u escape in a string");
	assert_load_error("t", "{\"roas\":[],\"x\":1.}", "t:1: bad number");
	assert_load_error("t", "{\"roas\":[],\"x\":\xff}", "t:1: unexpected byte 0xff");
	assert_load_error("t", "{\"roas\":[],\"x\":+1}", "t:1: unexpected character '+'");
}

/* ---------------------------------------------------------- duplicates ---- */

static void test_duplicates_across_trust_anchors_kept_once(void **s)
{
	(void)s;
	struct vrp_set *set = load(
		"{\"roas\":["
		"{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24,\"ta\":\"ripe\"},"
		"{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24,\"ta\":\"arin\"},"
		"{\"asn\":1,\"prefix\":\"192.0.2.0/24\",\"maxLength\":25,\"ta\":\"arin\"},"
		"{\"asn\":2,\"prefix\":\"192.0.2.0/24\",\"maxLength\":24,\"ta\":\"arin\"},"
		"{\"asn\":1,\"prefix\":\"192.0.2.0/25\",\"maxLength\":25,\"ta\":\"arin\"},"
		"{\"asn\":1,\"prefix\":\"2001:db8::/32\",\"maxLength\":32,\"ta\":\"ripe\"},"
		"{\"asn\":1,\"prefix\":\"2001:db8::/32\",\"maxLength\":32,\"ta\":\"apnic\"}]}");
	struct vrp_match m;

	assert_int_equal(vrp_count(set), 5);
	assert_int_equal(validate(set, 1, "192.0.2.0/24", &m), ROV_VALID);
	assert_counts(&m, 2, 1, 0, 2);
	assert_vrp(&m.vrps[0], 1, "192.0.2.0/24", 24);
	assert_vrp(&m.vrps[1], 1, "192.0.2.0/24", 25);
	assert_int_equal(validate(set, 1, "2001:db8::/32", &m), ROV_VALID);
	assert_counts(&m, 1, 0, 0, 1);
	vrp_free(set);
}

/* ---------------------------------------------------------- validation ---- */

static void test_valid_route(void **s)
{
	(void)s;
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\n"
	                           "AS64496,192.0.2.0/24,24,ripe\n"
	                           "AS64496,198.51.100.0/22,24,ripe\n");
	struct vrp_match m;

	assert_int_equal(validate(set, 64496, "192.0.2.0/24", &m), ROV_VALID);
	assert_counts(&m, 1, 0, 0, 1);
	assert_vrp(&m.vrps[0], 64496, "192.0.2.0/24", 24);
	/* a more-specific up to maxLength */
	assert_int_equal(validate(set, 64496, "198.51.101.0/24", &m), ROV_VALID);
	assert_counts(&m, 1, 0, 0, 1);
	assert_vrp(&m.vrps[0], 64496, "198.51.100.0/22", 24);
	assert_int_equal(validate(set, 64496, "198.51.100.0/23", NULL), ROV_VALID);
	vrp_free(set);
}

static void test_invalid_as(void **s)
{
	(void)s;
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\nAS64496,192.0.2.0/24,24,ripe\n");
	struct vrp_match m;

	assert_int_equal(validate(set, 64497, "192.0.2.0/24", &m), ROV_INVALID_AS);
	assert_counts(&m, 0, 1, 0, 1);
	assert_vrp(&m.vrps[0], 64496, "192.0.2.0/24", 24);
	vrp_free(set);
}

static void test_invalid_length(void **s)
{
	(void)s;
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\nAS64496,192.0.2.0/24,24,ripe\n");
	struct vrp_match m;

	assert_int_equal(validate(set, 64496, "192.0.2.128/25", &m), ROV_INVALID_LENGTH);
	assert_counts(&m, 0, 0, 1, 1);
	assert_vrp(&m.vrps[0], 64496, "192.0.2.0/24", 24);
	vrp_free(set);
}

static void test_length_checked_before_asn_per_vrp(void **s)
{
	(void)s;
	/* Routinator puts a too-long route in unmatched_length whatever its origin */
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\nAS64496,192.0.2.0/24,24,ripe\n");
	struct vrp_match m;

	assert_int_equal(validate(set, 64511, "192.0.2.0/25", &m), ROV_INVALID_LENGTH);
	assert_counts(&m, 0, 0, 1, 1);
	assert_vrp(&m.vrps[0], 64496, "192.0.2.0/24", 24);
	vrp_free(set);
}

static void test_as_wins_over_length(void **s)
{
	(void)s;
	/* one covering VRP fails on the origin, another on the length: reason "as" */
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\n"
	                           "AS64496,192.0.0.0/16,16,ripe\n"
	                           "AS64497,192.0.2.0/24,24,ripe\n"
	                           "AS64498,192.0.2.0/23,24,ripe\n");
	struct vrp_match m;

	assert_int_equal(validate(set, 64496, "192.0.2.0/24", &m), ROV_INVALID_AS);
	assert_counts(&m, 0, 2, 1, 2);
	assert_vrp(&m.vrps[0], 64498, "192.0.2.0/23", 24);
	assert_vrp(&m.vrps[1], 64497, "192.0.2.0/24", 24);
	/* one match is enough for valid, whatever else covers */
	assert_int_equal(validate(set, 64497, "192.0.2.0/24", &m), ROV_VALID);
	assert_counts(&m, 1, 1, 1, 1);
	assert_vrp(&m.vrps[0], 64497, "192.0.2.0/24", 24);
	vrp_free(set);
}

static void test_not_found(void **s)
{
	(void)s;
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\n"
	                           "AS64496,192.0.2.0/24,32,ripe\n"
	                           "AS64496,198.51.100.0/25,25,ripe\n"
	                           "AS64496,2001:db8::/32,48,ripe\n");
	struct vrp_match m;

	memset(&m, 0xff, sizeof(m));
	assert_int_equal(validate(set, 64496, "203.0.113.0/24", &m), ROV_NOT_FOUND);
	assert_counts(&m, 0, 0, 0, 0);
	/* a sibling, a covering route (shorter than the VRP) and the other family */
	assert_int_equal(validate(set, 64496, "192.0.3.0/24", NULL), ROV_NOT_FOUND);
	assert_int_equal(validate(set, 64496, "198.51.100.0/24", NULL), ROV_NOT_FOUND);
	assert_int_equal(validate(set, 64496, "192.0.0.0/16", NULL), ROV_NOT_FOUND);
	assert_int_equal(validate(set, 64496, "2001:db9::/32", NULL), ROV_NOT_FOUND);
	assert_int_equal(validate(set, 64496, "::ffff:192.0.2.0/120", NULL), ROV_NOT_FOUND);
	vrp_free(set);
}

static void test_exact_host_routes(void **s)
{
	(void)s;
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\n"
	                           "AS64496,192.0.2.1/32,32,ripe\n"
	                           "AS64496,2001:db8::1/128,128,ripe\n");
	struct vrp_match m;

	assert_int_equal(validate(set, 64496, "192.0.2.1/32", &m), ROV_VALID);
	assert_counts(&m, 1, 0, 0, 1);
	assert_vrp(&m.vrps[0], 64496, "192.0.2.1/32", 32);
	assert_int_equal(validate(set, 64496, "192.0.2.0/32", NULL), ROV_NOT_FOUND);
	assert_int_equal(validate(set, 64496, "192.0.2.0/31", NULL), ROV_NOT_FOUND);
	assert_int_equal(validate(set, 64496, "2001:db8::1/128", &m), ROV_VALID);
	assert_vrp(&m.vrps[0], 64496, "2001:db8::1/128", 128);
	assert_int_equal(validate(set, 1, "2001:db8::1/128", NULL), ROV_INVALID_AS);
	assert_int_equal(validate(set, 64496, "2001:db8::/128", NULL), ROV_NOT_FOUND);
	assert_int_equal(validate(set, 64496, "2001:db8::/127", NULL), ROV_NOT_FOUND);
	vrp_free(set);
}

static void test_slash_zero_vrp_covers_everything(void **s)
{
	(void)s;
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\n"
	                           "AS0,0.0.0.0/0,0,ripe\n"
	                           "AS64496,::/0,128,ripe\n");
	struct vrp_match m;
	struct netaddr a = { .family = AF_INET };
	struct vrp v;

	assert_int_equal(validate(set, 64496, "192.0.2.0/24", &m), ROV_INVALID_LENGTH);
	assert_counts(&m, 0, 0, 1, 1);
	assert_vrp(&m.vrps[0], 0, "0.0.0.0/0", 0);
	/* AS0 gets no special treatment: a /0 route from AS0 matches */
	assert_int_equal(validate(set, 0, "0.0.0.0/0", &m), ROV_VALID);
	assert_int_equal(validate(set, 64496, "2001:db8::1/128", &m), ROV_VALID);
	assert_vrp(&m.vrps[0], 64496, "::/0", 128);
	assert_int_equal(validate(set, 64497, "::/0", &m), ROV_INVALID_AS);
	assert_int_equal(inet_pton(AF_INET, "203.0.113.9", &a.a.v4), 1);
	assert_int_equal(vrp_covered(set, &a, &v), 1);
	assert_vrp(&v, 0, "0.0.0.0/0", 0);
	vrp_free(set);
}

static void test_as0_vrp_gets_no_special_treatment(void **s)
{
	(void)s;
	/* Routinator treats AS0 like any other origin (RFC 6483 §4 is left to the router) */
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\n"
	                           "AS0,192.0.2.0/24,24,ripe\n");
	struct vrp_match m;

	assert_int_equal(validate(set, 0, "192.0.2.0/24", &m), ROV_VALID);
	assert_counts(&m, 1, 0, 0, 1);
	assert_int_equal(validate(set, 64496, "192.0.2.0/24", &m), ROV_INVALID_AS);
	vrp_free(set);
}

static void test_ipv6_validation(void **s)
{
	(void)s;
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\n"
	                           "AS64496,2001:db8::/32,48,ripe\n"
	                           "AS64497,2001:db8:1::/48,48,ripe\n"
	                           "AS64496,2001:db8:8000::/33,33,ripe\n"
	                           "AS64496,192.0.2.0/24,24,ripe\n");
	struct vrp_match m;

	assert_int_equal(validate(set, 64496, "2001:db8:2::/48", &m), ROV_VALID);
	assert_counts(&m, 1, 0, 0, 1);
	assert_int_equal(validate(set, 64497, "2001:db8:1::/48", &m), ROV_VALID);
	assert_counts(&m, 1, 1, 0, 1);
	assert_vrp(&m.vrps[0], 64497, "2001:db8:1::/48", 48);
	assert_int_equal(validate(set, 64496, "2001:db8:1::/48", &m), ROV_VALID);
	assert_counts(&m, 1, 1, 0, 1);
	assert_vrp(&m.vrps[0], 64496, "2001:db8::/32", 48);
	assert_int_equal(validate(set, 64496, "2001:db8:8000::/40", &m), ROV_VALID);
	assert_counts(&m, 1, 0, 1, 1);
	assert_int_equal(validate(set, 64496, "2001:db8:1:1::/64", &m), ROV_INVALID_LENGTH);
	assert_counts(&m, 0, 0, 2, 2);
	assert_vrp(&m.vrps[0], 64496, "2001:db8::/32", 48);
	assert_vrp(&m.vrps[1], 64497, "2001:db8:1::/48", 48);
	/* an IPv4 route never meets an IPv6 VRP */
	assert_int_equal(validate(set, 64496, "192.0.2.0/24", &m), ROV_VALID);
	assert_counts(&m, 1, 0, 0, 1);
	vrp_free(set);
}

static void test_match_lists_for_each_state(void **s)
{
	(void)s;
	/* three covering VRPs, one per list depending on the route */
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\n"
	                           "AS10,10.0.0.0/8,16,ripe\n"
	                           "AS20,10.1.0.0/16,24,ripe\n"
	                           "AS30,10.1.2.0/24,24,ripe\n");
	struct vrp_match m;

	/* valid: vrps = matched */
	assert_int_equal(validate(set, 20, "10.1.2.0/24", &m), ROV_VALID);
	assert_counts(&m, 1, 1, 1, 1);
	assert_vrp(&m.vrps[0], 20, "10.1.0.0/16", 24);
	/* invalid (as): vrps = unmatched_as, in prefix order */
	assert_int_equal(validate(set, 40, "10.1.2.0/24", &m), ROV_INVALID_AS);
	assert_counts(&m, 0, 2, 1, 2);
	assert_vrp(&m.vrps[0], 20, "10.1.0.0/16", 24);
	assert_vrp(&m.vrps[1], 30, "10.1.2.0/24", 24);
	/* invalid (length): vrps = unmatched_length */
	assert_int_equal(validate(set, 10, "10.1.2.0/25", &m), ROV_INVALID_LENGTH);
	assert_counts(&m, 0, 0, 3, 3);
	assert_vrp(&m.vrps[0], 10, "10.0.0.0/8", 16);
	assert_vrp(&m.vrps[1], 20, "10.1.0.0/16", 24);
	assert_vrp(&m.vrps[2], 30, "10.1.2.0/24", 24);
	/* not-found: no list */
	assert_int_equal(validate(set, 10, "11.0.0.0/8", &m), ROV_NOT_FOUND);
	assert_counts(&m, 0, 0, 0, 0);
	assert_string_equal(rov_state_str(ROV_VALID), "valid");
	assert_string_equal(rov_state_str(ROV_INVALID_AS), "invalid (as)");
	assert_string_equal(rov_state_str(ROV_INVALID_LENGTH), "invalid (length)");
	assert_string_equal(rov_state_str(ROV_NOT_FOUND), "not-found");
	vrp_free(set);
}

static void test_more_than_match_max_covering_vrps(void **s)
{
	(void)s;
	struct text t = { 0 };
	struct vrp_set *set;
	struct vrp_match m;

	/* 40 origins on 192.0.2.0/24 and 5 on each shorter length /20../23 */
	text_add(&t, "ASN,IP Prefix,Max Length,Trust Anchor\n");
	for (int i = 0; i < 40; i++)
		text_add(&t, "AS%d,192.0.2.0/24,24,ripe\n", 1000 + i);
	for (int len = 20; len < 24; len++)
		for (int i = 0; i < 5; i++)
			text_add(&t, "AS%d,192.0.%d.0/%d,%d,ripe\n", 2000 + i, len == 23 ? 2 : 0, len, len);
	set = load(t.b);
	free(t.b);
	assert_int_equal(vrp_count(set), 60);
	assert_int_equal(validate(set, 1, "192.0.2.0/24", &m), ROV_INVALID_AS);
	assert_counts(&m, 0, 40, 20, VRP_MATCH_MAX);
	for (size_t i = 0; i < VRP_MATCH_MAX; i++)
		assert_vrp(&m.vrps[i], 1000 + (uint32_t)i, "192.0.2.0/24", 24);
	assert_int_equal(validate(set, 1020, "192.0.2.0/24", &m), ROV_VALID);
	assert_counts(&m, 1, 39, 20, 1);
	assert_int_equal(validate(set, 1020, "192.0.2.0/25", &m), ROV_INVALID_LENGTH);
	assert_counts(&m, 0, 0, 60, VRP_MATCH_MAX);
	/* the shortest prefixes come first */
	assert_vrp(&m.vrps[0], 2000, "192.0.0.0/20", 20);
	assert_vrp(&m.vrps[15], 2000, "192.0.2.0/23", 23);
	vrp_free(set);
}

static void test_vrp_covered_any_asn_and_max_length(void **s)
{
	(void)s;
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\n"
	                           "AS0,192.0.2.0/24,24,ripe\n"
	                           "AS64496,192.0.0.0/16,16,ripe\n"
	                           "AS64497,192.0.2.0/25,25,ripe\n"
	                           "AS64496,2001:db8::/32,32,ripe\n");
	struct netaddr a;
	struct vrp v;

	assert_int_equal(netaddr_parse("192.0.2.1", &a), 0);
	memset(&v, 0, sizeof(v));
	assert_int_equal(vrp_covered(set, &a, &v), 3);
	assert_vrp(&v, 64496, "192.0.0.0/16", 16);
	assert_int_equal(vrp_covered(set, &a, NULL), 3);
	assert_int_equal(netaddr_parse("192.0.2.200", &a), 0);
	assert_int_equal(vrp_covered(set, &a, &v), 2);
	assert_int_equal(netaddr_parse("192.1.0.1", &a), 0);
	memset(&v, 0x5a, sizeof(v));
	assert_int_equal(vrp_covered(set, &a, &v), 0);
	assert_int_equal(v.asn, 0x5a5a5a5a);      /* untouched when nothing covers */
	assert_int_equal(netaddr_parse("2001:db8::53", &a), 0);
	assert_int_equal(vrp_covered(set, &a, &v), 1);
	assert_vrp(&v, 64496, "2001:db8::/32", 32);
	vrp_free(set);
}

static void test_vrp_covered_ipv4_mapped_looked_up_as_ipv6(void **s)
{
	(void)s;
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\n"
	                           "AS64496,192.0.2.0/24,24,ripe\n"
	                           "AS64497,::ffff:192.0.2.0/120,128,ripe\n");
	struct netaddr a;
	struct vrp v;

	assert_int_equal(netaddr_parse("::ffff:192.0.2.1", &a), 0);
	assert_int_equal(a.family, AF_INET6);
	assert_int_equal(vrp_covered(set, &a, &v), 1);
	assert_vrp(&v, 64497, "::ffff:192.0.2.0/120", 128);
	vrp_free(set);
}

static void test_empty_set_finds_nothing(void **s)
{
	(void)s;
	struct vrp_set *set = load("{\"roas\":[]}");
	struct vrp_match m;
	struct netaddr a;

	assert_int_equal(validate(set, 0, "0.0.0.0/0", &m), ROV_NOT_FOUND);
	assert_int_equal(validate(set, 0, "::/0", &m), ROV_NOT_FOUND);
	assert_int_equal(validate(set, 0, "2001:db8::1/128", &m), ROV_NOT_FOUND);
	assert_counts(&m, 0, 0, 0, 0);
	assert_int_equal(netaddr_parse("192.0.2.1", &a), 0);
	assert_int_equal(vrp_covered(set, &a, NULL), 0);
	vrp_free(set);
}

static void test_route_of_unknown_family_or_length_not_found(void **s)
{
	(void)s;
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\nAS1,0.0.0.0/0,32,ripe\n");
	struct prefix p = pfx("192.0.2.0/24");
	struct netaddr a = { .family = 0 };

	p.len = 33;
	assert_int_equal(vrp_validate(set, 1, &p, NULL), ROV_NOT_FOUND);
	p.len = 24;
	p.family = 0;
	assert_int_equal(vrp_validate(set, 1, &p, NULL), ROV_NOT_FOUND);
	assert_int_equal(vrp_covered(set, &a, NULL), 0);
	vrp_free(set);
}

static void test_vrp_get_order(void **s)
{
	(void)s;
	/* IPv4 first; each family by prefix (address, then length), asn, maxLength */
	struct vrp_set *set = load("ASN,IP Prefix,Max Length,Trust Anchor\n"
	                           "AS5,2001:db8::/32,32,ripe\n"
	                           "AS2,192.0.2.0/24,26,ripe\n"
	                           "AS2,192.0.2.0/24,25,ripe\n"
	                           "AS1,192.0.2.0/24,24,ripe\n"
	                           "AS9,192.0.0.0/16,16,ripe\n"
	                           "AS3,10.0.0.0/8,8,ripe\n");
	static const struct {
		uint32_t asn;
		const char *prefix;
		unsigned max_len;
	} want[] = {
		{ 3, "10.0.0.0/8", 8 }, { 9, "192.0.0.0/16", 16 }, { 1, "192.0.2.0/24", 24 },
		{ 2, "192.0.2.0/24", 25 }, { 2, "192.0.2.0/24", 26 }, { 5, "2001:db8::/32", 32 },
	};
	struct vrp v;

	assert_int_equal(vrp_count(set), 6);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(vrp_get(set, i, &v), 0);
		assert_vrp(&v, want[i].asn, want[i].prefix, want[i].max_len);
	}
	vrp_free(set);
}

/* ------------------------------------------------------- cross-check ---- */

static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* A random prefix of `family` whose address starts with one of a few values,
 * so that prefixes nest and overlap a lot. */
static void random_prefix(int family, unsigned min_len, unsigned max_len, struct prefix *out)
{
	static const uint8_t starts[4][4] = { { 10, 0, 0, 0 }, { 10, 1, 0, 0 }, { 192, 0, 2, 0 },
	                                      { 0, 0, 0, 0 } };
	struct netaddr a = { .family = family };
	uint8_t addr[16];
	unsigned bits = family == AF_INET ? 32 : 128;
	unsigned len = min_len + (unsigned)(rng() % (max_len - min_len + 1));

	for (size_t i = 0; i < sizeof(addr); i++)
		addr[i] = (uint8_t)rng();
	/* a shared start, then a few random bits, then mostly zero or one runs */
	memcpy(addr, starts[rng() % 4], 3);
	if (rng() % 2)
		memset(addr + 3, rng() % 2 ? 0 : 0xff, sizeof(addr) - 3);
	if (family == AF_INET)
		memcpy(&a.a.v4, addr, 4);
	else
		memcpy(&a.a.v6, addr, 16);
	prefix_from_netaddr(&a, len > bits ? bits : len, out);
}

static void test_random_routes_match_linear_scan(void **s)
{
	(void)s;
	struct text t = { 0 };
	struct vrp_set *set;
	size_t states[4] = { 0 };

	rng_state = 0x6811;
	text_add(&t, "ASN,IP Prefix,Max Length,Trust Anchor\n");
	for (int i = 0; i < 3000; i++) {
		int family = rng() % 4 ? AF_INET : AF_INET6;
		unsigned bits = family == AF_INET ? 32 : 128;
		struct prefix p;
		char buf[PREFIX_STRLEN];
		random_prefix(family, rng() % 500 ? bits / 4 : 1, bits, &p);
		text_add(&t, "AS%u,%s,%u,ripe\n", (unsigned)(rng() % 32),
		         prefix_str(&p, buf, sizeof(buf)),
		         p.len + (rng() % 3 ? 0 : (unsigned)(rng() % (bits - p.len + 1))));
		if (rng() % 10 == 0)        /* now and then the same line again */
			text_add(&t, "AS%u,%s,%u,arin\n", 0u, buf, (unsigned)p.len);
	}
	set = load(t.b);
	free(t.b);
	for (int i = 0; i < 5000; i++) {
		int family = rng() % 4 ? AF_INET : AF_INET6;
		unsigned bits = family == AF_INET ? 32 : 128;
		uint32_t asn = (uint32_t)(rng() % 32);
		struct vrp_match got, want;
		struct prefix route;
		struct netaddr a = { .family = family };
		struct vrp first;
		size_t covered = 0;
		enum rov_state state;

		random_prefix(family, bits / 4, bits, &route);
		state = vrp_validate(set, asn, &route, &got);
		assert_int_equal(state, vrp_scan_validate(set, asn, &route, &want));
		assert_counts(&got, want.matched, want.unmatched_as, want.unmatched_length, want.n);
		for (size_t k = 0; k < want.n; k++)
			assert_memory_equal(&got.vrps[k], &want.vrps[k], sizeof(struct vrp));
		states[state]++;
		/* vrp_covered is the count of VRPs covering the host route */
		if (family == AF_INET)
			memcpy(&a.a.v4, route.addr, 4);
		else
			memcpy(&a.a.v6, route.addr, 16);
		route.len = (uint8_t)bits;
		(void)vrp_scan_validate(set, 0, &route, &want);
		covered = want.matched + want.unmatched_as + want.unmatched_length;
		assert_int_equal(vrp_covered(set, &a, &first), covered);
		if (covered) {
			struct vrp v0;
			for (size_t k = 0; vrp_get(set, k, &v0) == 0; k++)
				if (prefix_covers(&v0.prefix, &route))
					break;
			assert_memory_equal(&first, &v0, sizeof(first));
		}
	}
	/* the routes reach every state (177, 3186, 1133 and 504 of them) */
	for (int k = 0; k < 4; k++)
		assert_true(states[k] > 100);
	vrp_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rpki_client_json_with_integer_asn),
		cmocka_unit_test(test_routinator_json_with_as_string_asn),
		cmocka_unit_test(test_rpki_client_csv_with_expires),
		cmocka_unit_test(test_routinator_csv_asn_with_or_without_as),
		cmocka_unit_test(test_csv_header_any_case_and_blanks_around_fields),
		cmocka_unit_test(test_max_length_alias_accepted),
		cmocka_unit_test(test_utf8_bom_skipped),
		cmocka_unit_test(test_crlf_line_ends),
		cmocka_unit_test(test_other_json_members_skipped),
		cmocka_unit_test(test_escaped_json_key_and_value),
		cmocka_unit_test(test_empty_roas_is_a_valid_empty_set),
		cmocka_unit_test(test_vrp_load_reads_a_file),
		cmocka_unit_test(test_vrp_load_missing_file_names_it),
		cmocka_unit_test(test_vrp_load_regular_files_only_capped_with_deadline),
		cmocka_unit_test(test_error_host_bits_set),
		cmocka_unit_test(test_error_bad_prefix),
		cmocka_unit_test(test_error_nul_in_prefix_is_not_a_terminator),
		cmocka_unit_test(test_error_message_quotes_input_as_printable_ascii),
		cmocka_unit_test(test_error_max_length_shorter_than_prefix),
		cmocka_unit_test(test_error_max_length_over_family_bits),
		cmocka_unit_test(test_error_max_length_not_an_integer),
		cmocka_unit_test(test_error_asn_over_32_bits),
		cmocka_unit_test(test_error_bad_asn),
		cmocka_unit_test(test_error_missing_field),
		cmocka_unit_test(test_error_duplicate_member),
		cmocka_unit_test(test_error_trailing_garbage),
		cmocka_unit_test(test_error_truncated_json),
		cmocka_unit_test(test_error_nesting_over_64),
		cmocka_unit_test(test_error_not_a_vrp_file),
		cmocka_unit_test(test_duplicates_across_trust_anchors_kept_once),
		cmocka_unit_test(test_valid_route),
		cmocka_unit_test(test_invalid_as),
		cmocka_unit_test(test_invalid_length),
		cmocka_unit_test(test_length_checked_before_asn_per_vrp),
		cmocka_unit_test(test_as_wins_over_length),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_exact_host_routes),
		cmocka_unit_test(test_slash_zero_vrp_covers_everything),
		cmocka_unit_test(test_as0_vrp_gets_no_special_treatment),
		cmocka_unit_test(test_ipv6_validation),
		cmocka_unit_test(test_match_lists_for_each_state),
		cmocka_unit_test(test_more_than_match_max_covering_vrps),
		cmocka_unit_test(test_vrp_covered_any_asn_and_max_length),
		cmocka_unit_test(test_vrp_covered_ipv4_mapped_looked_up_as_ipv6),
		cmocka_unit_test(test_empty_set_finds_nothing),
		cmocka_unit_test(test_route_of_unknown_family_or_length_not_found),
		cmocka_unit_test(test_vrp_get_order),
		cmocka_unit_test(test_random_routes_match_linear_scan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

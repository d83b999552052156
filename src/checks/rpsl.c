/*
 * rpsl.c -- route objects from a RIPE RIS whois answer (spec §3.5 step 2).
 * See rpsl.h for the rules.
 *
 * internet.nl (checks/tasks/routing.py, RisWhoisIPtoASN) works on a Python
 * str: bytes.decode("utf-8") (strict), replace("\r\n", "\n"), split("\n\n"),
 * then per object str.splitlines(), str.strip() of key and value, int() of
 * num-rispeers and of origin.removeprefix("AS"), and ipaddress.ip_network()
 * of the prefix. We follow each step on the UTF-8 bytes, with Python's own
 * notions where they differ from C's:
 *   - splitlines() also breaks lines at \r, \v, \f, 0x1c-0x1e, U+0085,
 *     U+2028 and U+2029 (but objects are still split only on "\n\n");
 *   - strip() removes every str.isspace() code point;
 *   - int() takes a sign, '_' between digits, any Unicode decimal digit
 *     (Nd, Unicode 15.1 as in Python 3.13) and at most 4300 digits;
 *   - ip_network() takes a length with leading zeros, an IPv4 netmask or
 *     hostmask instead of a length, and an IPv6 scope id ("fe80::%eth0/64").
 * Beyond internet.nl, an origin must fit in 32 bits (rpsl.h); huge peer counts
 * saturate at UINT32_MAX.
 *
 * The whole answer is validated as UTF-8 first, so a bad byte anywhere fails
 * the answer before anything is appended, as Python's decode does. Bytes are
 * read only through the cursor (STYLE rule 5); text is copied out only into
 * bounded local buffers for inet_pton().
 */
#include "checks/rpsl.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"

#define PY_INT_MAX_DIGITS 4300  /* sys.int_info.default_max_str_digits */
#define ADDR_TEXT_MAX     64    /* longer address or mask texts cannot parse */

/* ------------------------------------------------------------ UTF-8 ---- */

/*
 * Decode one code point as Python's strict decoder does: no overlongs, no
 * surrogates, nothing above U+10FFFF, no truncated sequences. -1 (cursor
 * unchanged) at the end or on an invalid sequence.
 */
static int utf8_get(struct cursor *c, uint32_t *cp)
{
	struct cursor start = *c;
	uint8_t b, lo = 0x80, hi = 0xbf;
	int more;

	if (cursor_get_u8(c, &b) < 0)
		return -1;
	if (b < 0x80) {
		*cp = b;
		return 0;
	}
	if (b >= 0xc2 && b <= 0xdf) {
		more = 1;
		*cp = b & 0x1fu;
	} else if (b >= 0xe0 && b <= 0xef) {
		more = 2;
		*cp = b & 0x0fu;
		lo = b == 0xe0 ? 0xa0 : 0x80;   /* overlong */
		hi = b == 0xed ? 0x9f : 0xbf;   /* surrogates */
	} else if (b >= 0xf0 && b <= 0xf4) {
		more = 3;
		*cp = b & 0x07u;
		lo = b == 0xf0 ? 0x90 : 0x80;   /* overlong */
		hi = b == 0xf4 ? 0x8f : 0xbf;   /* above U+10FFFF */
	} else {
		goto bad;
	}
	for (int i = 0; i < more; i++) {
		if (cursor_get_u8(c, &b) < 0 || b < lo || b > hi)
			goto bad;
		*cp = (*cp << 6) | (b & 0x3fu);
		lo = 0x80;
		hi = 0xbf;
	}
	return 0;
bad:
	*c = start;
	return -1;
}

/* 0 if all of `c` is valid UTF-8; else -1 with the offset of the bad sequence. */
static int utf8_validate(struct cursor c, size_t *bad_at)
{
	size_t total = cursor_len(&c);
	uint32_t cp;

	while (cursor_len(&c) > 0) {
		if (utf8_get(&c, &cp) < 0) {
			*bad_at = total - cursor_len(&c);
			return -1;
		}
	}
	return 0;
}

/* The next code point of text already validated (a stray byte reads as itself). */
static int text_get(struct cursor *c, uint32_t *cp)
{
	uint8_t b;

	if (utf8_get(c, cp) == 0)
		return 0;
	if (cursor_get_u8(c, &b) < 0)
		return -1;
	*cp = b;
	return 0;
}

/* ------------------------------------------------ Python's str notions ---- */

/* str.isspace() */
static bool py_isspace(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 ||
	       c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	       c == 0x202f || c == 0x205f || c == 0x3000;
}

/* What int() strips around a number: str.isspace() except 0x1c-0x1f (int("\x1c5") raises). */
static bool py_int_space(uint32_t c)
{
	return py_isspace(c) && !(c >= 0x1c && c <= 0x1f);
}

/* A line boundary of str.splitlines() ("\r\n" has been read as "\n" already). */
static bool py_line_break(uint32_t c)
{
	return (c >= 0x0a && c <= 0x0d) || (c >= 0x1c && c <= 0x1e) || c == 0x85 || c == 0x2028 ||
	       c == 0x2029;
}

/* The zero of every run of ten Unicode decimal digits (category Nd, Unicode 15.1). */
static const uint32_t nd_zeros[] = {
	0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6,
	0xd66, 0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0,
	0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0,
	0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136,
	0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950,
	0x11c50, 0x11d50, 0x11da0, 0x11f50, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8,
	0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e4f0, 0x1e950, 0x1fbf0,
};

/* The value of a decimal digit as int() reads it, or -1. */
static int py_decimal(uint32_t c)
{
	for (size_t i = 0; i < sizeof(nd_zeros) / sizeof(nd_zeros[0]); i++)
		if (c >= nd_zeros[i] && c < nd_zeros[i] + 10)
			return (int)(c - nd_zeros[i]);
	return -1;
}

/* `s` without leading and trailing code points for which `space` holds (str.strip()). */
static struct cursor py_strip(struct cursor s, bool (*space)(uint32_t))
{
	struct cursor scan = s, out;
	size_t off = 0, start = 0, end = 0;
	bool seen = false;
	uint32_t cp;

	for (;;) {
		size_t before = cursor_len(&scan);
		if (text_get(&scan, &cp) < 0)
			break;
		size_t n = before - cursor_len(&scan);
		if (!space(cp)) {
			if (!seen)
				start = off;
			seen = true;
			end = off + n;
		}
		off += n;
	}
	if (cursor_skip(&s, start) < 0 || cursor_get_bytes(&s, &out, end - start) < 0)
		cursor_init(&out, NULL, 0);
	return out;
}

/* Does `s` hold exactly the ASCII text `lit`? */
static bool text_equal(struct cursor s, const char *lit)
{
	size_t n = strlen(lit);

	return cursor_len(&s) == n && memcmp(cursor_data(&s), lit, n) == 0;
}

/* The first byte of `c` without consuming it (the copy is consumed). */
static int peek_u8(struct cursor c, uint8_t *b)
{
	return cursor_get_u8(&c, b);
}

/* Does `s` start with `lit`? Then skip it. */
static bool text_skip_prefix(struct cursor *s, const char *lit)
{
	struct cursor rest = *s, head;

	if (cursor_get_bytes(&rest, &head, strlen(lit)) < 0 || !text_equal(head, lit))
		return false;
	*s = rest;
	return true;
}

/* Split `s` at the first byte `sep`: `head` before it, `s` after it. False when absent. */
static bool text_split(struct cursor *s, uint8_t sep, struct cursor *head)
{
	struct cursor scan = *s;
	size_t at = 0;
	uint8_t b;

	while (cursor_get_u8(&scan, &b) == 0) {
		if (b == sep)
			return cursor_get_bytes(s, head, at) == 0 && cursor_skip(s, 1) == 0;
		at++;
	}
	return false;
}

/*
 * int(s) of a Python str in base 10: surrounding white space, one optional
 * sign, decimal digits of any script with single '_' between them, at most
 * 4300 digits. The magnitude saturates at UINT64_MAX. 0, or -1 where Python
 * raises ValueError.
 */
static int py_int(struct cursor s, bool *neg, uint64_t *value)
{
	size_t digits = 0;
	bool after_underscore = false;
	uint32_t cp;
	uint8_t sign;

	s = py_strip(s, py_int_space);
	*neg = false;
	*value = 0;
	if (peek_u8(s, &sign) == 0 && (sign == '+' || sign == '-')) {
		*neg = sign == '-';
		(void)cursor_skip(&s, 1);
	}
	while (text_get(&s, &cp) == 0) {
		int d = py_decimal(cp);

		if (cp == '_') {
			if (digits == 0 || after_underscore)
				return -1;      /* leading or doubled separator */
			after_underscore = true;
			continue;
		}
		if (d < 0 || ++digits > PY_INT_MAX_DIGITS)
			return -1;
		after_underscore = false;
		if (*value > (UINT64_MAX - (uint64_t)d) / 10)
			*value = UINT64_MAX;
		else
			*value = *value * 10 + (uint64_t)d;
	}
	if (digits == 0 || after_underscore)
		return -1;
	return 0;
}

/* -------------------------------------------------------- route values ---- */

/* origin: int(origin.removeprefix("AS")), within 0 .. 2^32 - 1 (rpsl.h). */
static int origin_parse(struct cursor v, uint32_t *asn)
{
	uint64_t n;
	bool neg;

	(void)text_skip_prefix(&v, "AS");
	if (py_int(v, &neg, &n) < 0 || (neg && n != 0) || n > UINT32_MAX)
		return -1;
	*asn = (uint32_t)n;
	return 0;
}

/* num-rispeers: int(peers); negative counts as 0 (below the minimum either way). */
static int peers_parse(struct cursor v, uint32_t *peers)
{
	uint64_t n;
	bool neg;

	if (py_int(v, &neg, &n) < 0)
		return -1;
	*peers = neg ? 0 : n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
	return 0;
}

/* Copy `s` into `buf` as a C string; -1 when too long or holding a NUL byte. */
static int text_copy(struct cursor s, char *buf, size_t cap)
{
	size_t n = cursor_len(&s);

	if (n >= cap || cursor_copy(&s, buf, n) < 0 || memchr(buf, '\0', n))
		return -1;
	buf[n] = '\0';
	return 0;
}

/* ipaddress' prefix length text: ASCII digits only (leading zeros fine), <= `bits`. */
static int length_parse(struct cursor s, unsigned bits, unsigned *len)
{
	unsigned v = 0;
	size_t digits = 0;
	uint8_t b;

	while (cursor_get_u8(&s, &b) == 0) {
		if (b < '0' || b > '9' || ++digits > PY_INT_MAX_DIGITS)
			return -1;
		v = v * 10 + (unsigned)(b - '0');
		if (v > bits)
			return -1;
	}
	if (digits == 0)
		return -1;
	*len = v;
	return 0;
}

/* 1...10...0 as a 32-bit mask: its number of ones, or -1. */
static int mask_ones(uint32_t m)
{
	uint32_t inverse = ~m;
	int n = 0;

	if ((inverse & (inverse + 1)) != 0)
		return -1;
	while (m) {
		n++;
		m <<= 1;
	}
	return n;
}

/* An IPv4 netmask ("255.255.255.0"), else hostmask ("0.0.0.255"), as ipaddress reads it. */
static int ipv4_mask_parse(struct cursor s, unsigned *len)
{
	char text[ADDR_TEXT_MAX];
	struct in_addr a;
	uint32_t m;
	int n;

	if (text_copy(s, text, sizeof(text)) < 0 || inet_pton(AF_INET, text, &a) != 1)
		return -1;
	m = ntohl(a.s_addr);
	n = mask_ones(m);
	if (n < 0)
		n = mask_ones(~m);
	if (n < 0)
		return -1;
	*len = (unsigned)n;
	return 0;
}

/*
 * ipaddress.ip_network(value) (strict): "ADDR", "ADDR/LEN", IPv4 "ADDR/MASK",
 * IPv6 with a scope id; host bits must be zero (prefix_parse checks them).
 */
static int route_prefix_parse(struct cursor v, struct prefix *out)
{
	char addr[ADDR_TEXT_MAX], text[ADDR_TEXT_MAX + 8];
	struct cursor a = v, len_text = v, rest, extra;
	struct netaddr na;
	bool has_len = text_split(&len_text, '/', &a);
	unsigned len;
	char *scope;

	rest = len_text;
	if (has_len && text_split(&rest, '/', &extra))
		return -1;      /* "Only one '/' permitted" */
	if (text_copy(a, addr, sizeof(addr)) < 0)
		return -1;
	scope = strchr(addr, '%');
	if (scope) {
		/* IPv6 only; the scope id is non-empty and has no second '%' */
		if (scope[1] == '\0' || strchr(scope + 1, '%'))
			return -1;
		*scope = '\0';
		if (netaddr_parse(addr, &na) < 0 || na.family != AF_INET6)
			return -1;
	} else if (netaddr_parse(addr, &na) < 0) {
		return -1;
	}
	if (!has_len)
		len = prefix_family_bits(na.family);    /* a missing length: host prefix */
	else if (length_parse(len_text, prefix_family_bits(na.family), &len) < 0 &&
	         (na.family != AF_INET || ipv4_mask_parse(len_text, &len) < 0))
		return -1;
	snprintf(text, sizeof(text), "%s/%u", addr, len);
	return prefix_parse(text, out, NULL);
}

/* ------------------------------------------------------------ objects ---- */

/* The attributes of one object that matter, each its last value ("" when absent). */
struct object {
	struct cursor route, route6, origin, peers;
};

static void object_reset(struct object *o)
{
	cursor_init(&o->route, NULL, 0);
	cursor_init(&o->route6, NULL, 0);
	cursor_init(&o->origin, NULL, 0);
	cursor_init(&o->peers, NULL, 0);
}

/* One line: '%' comments and lines without ':' are ignored; key: value, stripped. */
static void object_add_line(struct object *o, struct cursor line)
{
	struct cursor key, value;
	uint8_t b;

	if (peek_u8(line, &b) == 0 && b == '%')
		return;
	if (!text_split(&line, ':', &key))
		return;
	key = py_strip(key, py_isspace);
	value = py_strip(line, py_isspace);
	if (text_equal(key, "route"))
		o->route = value;
	else if (text_equal(key, "route6"))
		o->route6 = value;
	else if (text_equal(key, "origin"))
		o->origin = value;
	else if (text_equal(key, "num-rispeers"))
		o->peers = value;
}

static int routes_append(struct rpsl_routes *out, const struct rpsl_route *r)
{
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 8;
		struct rpsl_route *v = realloc(out->v, cap * sizeof(*v));
		if (!v)
			return -1;
		out->v = v;
		out->cap = cap;
	}
	out->v[out->n++] = *r;
	return 0;
}

/* The object ended: append its route, or count it as skipped. -1 only when out of memory. */
static int object_finish(const struct object *o, struct rpsl_routes *out)
{
	struct cursor prefix = cursor_len(&o->route) > 0 ? o->route : o->route6;
	struct rpsl_route r;

	if (cursor_len(&prefix) == 0)
		return 0;       /* not a route object */
	if (cursor_len(&o->origin) == 0 || cursor_len(&o->peers) == 0 ||
	    peers_parse(o->peers, &r.peers) < 0 || origin_parse(o->origin, &r.origin) < 0 ||
	    route_prefix_parse(prefix, &r.prefix) < 0 || r.peers < RPSL_MIN_RISPEERS) {
		out->skipped++;
		return 0;
	}
	return routes_append(out, &r);
}

int rpsl_parse_routes(const uint8_t *data, size_t len, struct rpsl_routes *out, struct error *err)
{
	struct cursor in, line_start;
	struct object obj;
	size_t n0 = out->n, skipped0 = out->skipped, bad_at, line_len = 0;
	bool prev_lf = false;

	cursor_init(&in, data, len);
	if (utf8_validate(in, &bad_at) < 0)
		return error_set(err, "whois answer is not UTF-8 (invalid byte at offset %zu)",
		                 bad_at);
	object_reset(&obj);
	line_start = in;
	for (;;) {
		size_t before = cursor_len(&in);
		struct cursor line;
		uint32_t cp;
		bool end = text_get(&in, &cp) < 0;
		uint8_t b;

		if (!end && cp == '\r' && peek_u8(in, &b) == 0 && b == '\n') {
			(void)cursor_skip(&in, 1);      /* raw.replace("\r\n", "\n") */
			cp = '\n';
		}
		if (!end && !py_line_break(cp)) {
			line_len += before - cursor_len(&in);
			prev_lf = false;
			continue;
		}
		if (cursor_get_bytes(&line_start, &line, line_len) == 0)
			object_add_line(&obj, line);
		line_start = in;
		line_len = 0;
		/* split("\n\n"): an empty line ends the object; a third LF starts afresh */
		if (end || (cp == '\n' && prev_lf)) {
			if (object_finish(&obj, out) < 0)
				goto oom;
			object_reset(&obj);
			prev_lf = false;
		} else {
			prev_lf = cp == '\n';
		}
		if (end)
			break;
	}
	return 0;
oom:
	out->n = n0;
	out->skipped = skipped0;
	return error_set(err, "out of memory");
}

void rpsl_routes_free(struct rpsl_routes *routes)
{
	free(routes->v);
	routes->v = NULL;
	routes->n = routes->cap = 0;
	routes->skipped = 0;
}

/*
 * vrp.c -- VRP files and RFC 6811 origin validation (see vrp.h; spec §3.5
 * step 3, §3.11).
 *
 * Loading is four steps: read the file into memory with one read(), parse
 * every VRP into one array, sort it by (family, prefix, asn, maxLength) and
 * drop duplicates (the same VRP from two trust anchors), then insert each
 * distinct prefix into its family's prefix tree.
 *
 * The prefix tree is a path-compressed binary trie: a node is either a prefix
 * that has VRPs (their range in the sorted array) or a branch point where two
 * subtrees part; chains of one-child nodes do not exist. Nodes live in one
 * array and refer to their children by index (0 = none: the root, a /0 node
 * that exists even without a /0 VRP, is never anyone's child). A node does not
 * store its address bits: they are the leading `len` bits of the VRP at
 * `first` (for a branch node, of a VRP below it). Validation walks from the
 * root along the route's bits and only looks at the nodes on that path (at
 * most one per prefix length), so a lookup costs about as much as the depth
 * of the tree (~20 nodes for a full-size set) whatever the set's size.
 *
 * Parsing: every byte is read once, through the cursor (core/cursor.h). The
 * JSON scanner is our own rather than jansson's DOM, which needed 5.6 s and
 * 678 MB for an 800 000-entry file on the benchmark VM: it keeps only asn,
 * prefix and maxLength of each "roas" element and checks the grammar of
 * everything it skips (nesting limited to 64 levels).
 * bench/vrp-load.sh measures the whole load (bench/README.md "VRP load").
 */
#include "checks/vrp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/cursor.h"

#define JSON_MAX_DEPTH 64       /* deepest nesting of JSON containers we accept */
#define FIELD_MAX      64       /* longest asn / prefix / maxLength text we keep */
#define NUMBER_TEXT    24       /* the text of a number kept for a message */
#define NO_ENTRY       ((size_t)-1)
#define VRP_READ_CHUNK ((size_t)16 << 20) /* one read(), then the deadline is looked at */
#define JSON_ROA_MIN   39       /* bytes of the shortest ROA: {"asn":0,"prefix":"::/0","maxLength":0} */
#define CSV_ROW_MIN    9        /* bytes of the shortest CSV row: 0,::/0,0, */

/* One VRP in a family's array: the address as two 64-bit halves, so that
 * comparing and taking bits are integer operations. */
struct vrp_entry {
	uint64_t hi, lo;        /* address bits 0..63 and 64..127; IPv4 in the top of `hi` */
	uint32_t asn;
	uint8_t len, max_len;
	uint8_t v6;             /* sorts the IPv4 VRPs first */
};

struct vrp_node {
	uint32_t child[2];      /* by the bit after `len`; 0 = none */
	uint32_t first;         /* VRPs [first, first + count); count 0: a branch node */
	uint32_t count;
	uint8_t len;
};

/* One family's VRPs (a slice of the set's array) and prefix tree. */
struct vrp_tree {
	int family;
	unsigned bits;
	const struct vrp_entry *v;      /* sorted by (prefix, asn, maxLength), no duplicates */
	size_t n;
	struct vrp_node *node;          /* node[0] is the root */
	size_t nodes, node_cap;
};

struct vrp_set {
	struct vrp_entry *v;            /* every VRP: the IPv4 ones, then the IPv6 ones */
	size_t n, cap;
	struct vrp_tree t4, t6;
};

/* ----------------------------------------------------- large arrays ---- */

/*
 * The large arrays (the file, the VRPs, the tree) are mapped directly, with
 * a transparent-huge-page hint: on the 2-core benchmark VM a 4 KiB page fault
 * costs about 10 us, and read() of an 80 MB file into malloc'ed memory took
 * 270 ms, into such a mapping 30-180 ms (as free huge pages allow). Without
 * THP this is a plain anonymous mapping.
 */
static void *big_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	(void)madvise(p, size, MADV_HUGEPAGE);
#endif
	return p;
}

static void big_free(void *p, size_t size)
{
	if (p)
		munmap(p, size);
}

/*
 * Room for `n` VRPs at once: an upper bound from the file size costs only
 * address space (pages are touched as VRPs arrive) and saves the copies of
 * growing the array. On failure the array just grows as needed.
 */
static void entries_reserve(struct vrp_set *set, size_t n)
{
	if (n <= set->cap || n > SIZE_MAX / sizeof(*set->v) / 2)
		return;
	big_free(set->v, set->cap * sizeof(*set->v));
	set->v = big_alloc(n * sizeof(*set->v));
	set->cap = set->v ? n : 0;
}

/* Add a VRP, growing the array by doubling when the reserve was too small. */
static int entries_append(struct vrp_set *set, const struct vrp_entry *e)
{
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 4096;
		struct vrp_entry *v;
		if (cap > SIZE_MAX / sizeof(*v) || !(v = big_alloc(cap * sizeof(*v))))
			return -1;
		if (set->n)
			memcpy(v, set->v, set->n * sizeof(*v));
		big_free(set->v, set->cap * sizeof(*v));
		set->v = v;
		set->cap = cap;
	}
	set->v[set->n++] = *e;
	return 0;
}

/* ------------------------------------------------------ address bits ---- */

static inline unsigned key_bit(uint64_t hi, uint64_t lo, unsigned i)
{
	return (unsigned)(i < 64 ? hi >> (63 - i) : lo >> (127 - i)) & 1u;
}

/* How many leading bits (a_hi, a_lo) and (b_hi, b_lo) share, at most `max`. */
static inline unsigned common_bits(uint64_t a_hi, uint64_t a_lo, uint64_t b_hi, uint64_t b_lo,
                                   unsigned max)
{
	uint64_t x = a_hi ^ b_hi;
	unsigned n;

	if (x)
		n = (unsigned)__builtin_clzll(x);
	else if ((x = a_lo ^ b_lo))
		n = 64 + (unsigned)__builtin_clzll(x);
	else
		n = 128;
	return n < max ? n : max;
}

static uint64_t be64(const uint8_t *b)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

static void put_be64(uint8_t *b, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (uint8_t)v;
}

/* The address of `p` (our struct, not input bytes) as two halves. */
static void prefix_key(const struct prefix *p, uint64_t *hi, uint64_t *lo)
{
	if (p->family == AF_INET) {
		*hi = (uint64_t)p->addr[0] << 56 | (uint64_t)p->addr[1] << 48 |
		      (uint64_t)p->addr[2] << 40 | (uint64_t)p->addr[3] << 32;
		*lo = 0;
	} else {
		*hi = be64(p->addr);
		*lo = be64(p->addr + 8);
	}
}

static void entry_to_vrp(const struct vrp_tree *t, const struct vrp_entry *e, struct vrp *out)
{
	memset(out, 0, sizeof(*out));
	out->asn = e->asn;
	out->max_len = e->max_len;
	out->prefix.family = t->family;
	out->prefix.len = e->len;
	put_be64(out->prefix.addr, e->hi);      /* IPv4: the low half of `hi` is zero */
	if (t->family == AF_INET6)
		put_be64(out->prefix.addr + 8, e->lo);
}

/* ------------------------------------------------------------ parsing ---- */

/*
 * The parser reads each byte once, through the cursor, and holds the one it
 * is looking at in `ch` (one byte of lookahead, as in a classic scanner):
 * a peek costs nothing and no byte is read twice.
 */
struct parser {
	struct cursor all;      /* the whole input, for line numbers */
	struct cursor c;        /* the bytes after `ch` */
	int ch;                 /* the current byte, already taken off `c`; -1 at the end */
	const char *name;
	struct error *err;
	struct vrp_set *set;
	bool json;
	size_t entry;           /* JSON: index in "roas", or NO_ENTRY outside it */
	size_t line;            /* CSV: the line being parsed */
};

/* Move to the next byte. */
static inline void advance(struct parser *p)
{
	uint8_t b;
	p->ch = cursor_get_u8(&p->c, &b) < 0 ? -1 : b;
}

static inline bool is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* Skip JSON white space. */
static void skip_space(struct parser *p)
{
	while (is_space(p->ch))
		advance(p);
}

/* Offset of the current byte in the input. */
static size_t offset(const struct parser *p)
{
	return cursor_len(&p->all) - cursor_len(&p->c) - (p->ch >= 0 ? 1 : 0);
}

/* 1-based line of byte offset `off` (counted only for an error message). */
static size_t line_at(const struct parser *p, size_t off)
{
	struct cursor c = p->all;
	size_t line = 1;
	uint8_t b;

	while (off-- > 0 && cursor_get_u8(&c, &b) == 0)
		line += b == '\n';
	return line;
}

static int fail_at(struct parser *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "name:line: [roas[i]: ]why" for the byte at `off` (JSON) or the current line (CSV). */
static int fail_at(struct parser *p, size_t off, const char *fmt, ...)
{
	char why[200];
	size_t line = p->json ? line_at(p, off) : p->line;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	/* quoted input stays printable ASCII in the message */
	for (size_t i = 0; why[i]; i++)
		if ((unsigned char)why[i] < 0x20 || (unsigned char)why[i] > 0x7e)
			why[i] = '?';
	if (p->json && p->entry != NO_ENTRY)
		return error_set(p->err, "%s:%zu: roas[%zu]: %s", p->name, line, p->entry, why);
	return error_set(p->err, "%s:%zu: %s", p->name, line, why);
}

#define fail(p, ...) fail_at((p), offset(p), __VA_ARGS__)

/* "AS64496", "as64496" or "64496": 0, -1 when malformed, -2 when over 4294967295. */
static int asn_parse(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	size_t digits = 0;

	if ((s[0] == 'A' || s[0] == 'a') && (s[1] == 'S' || s[1] == 's'))
		s += 2;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (++digits > 10)
			v = UINT64_MAX;
		else
			v = v * 10 + (uint64_t)(*s - '0');
	}
	if (digits == 0)
		return -1;
	if (v > UINT32_MAX)
		return -2;
	*out = (uint32_t)v;
	return 0;
}

/*
 * Check one VRP and add it to the set. `prefix_at` and `max_at` are the
 * offsets of the two values (for the line of an error); `max_text` is the
 * maxLength as written.
 */
static int vrp_add(struct parser *p, uint32_t asn, const char *prefix_text, size_t prefix_at,
                   uint64_t max_len, const char *max_text, size_t max_at)
{
	struct vrp_entry e;
	struct prefix pfx;
	unsigned bits;
	const char *why;

	if (prefix_parse(prefix_text, &pfx, &why) < 0)
		return fail_at(p, prefix_at, "prefix \"%s\": %s", prefix_text, why);
	bits = prefix_family_bits(pfx.family);
	if (max_len > bits)
		return fail_at(p, max_at, "maxLength %s is longer than an %s address (%u bits)",
		               max_text, pfx.family == AF_INET ? "IPv4" : "IPv6", bits);
	if (max_len < pfx.len)
		return fail_at(p, max_at, "maxLength %s is shorter than the prefix length of %s",
		               max_text, prefix_text);
	prefix_key(&pfx, &e.hi, &e.lo);
	e.asn = asn;
	e.len = pfx.len;
	e.max_len = (uint8_t)max_len;
	e.v6 = pfx.family == AF_INET6;
	if (entries_append(p->set, &e) < 0)
		return fail_at(p, prefix_at, "out of memory");
	return 0;
}

/* ---------------------------------------------------------------- JSON ---- */

static int hex_digit(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* The escape after a backslash (the current byte), consumed. A \u escape
 * outside printable ASCII becomes '?': no value we keep has one, and a NUL
 * must not cut a field short. */
static int json_escape(struct parser *p)
{
	unsigned v = 0;
	int e = p->ch;

	advance(p);
	switch (e) {
	case '"': case '\\': case '/': return e;
	case 'b': return '\b';
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'u':
		for (int i = 0; i < 4; i++) {
			int h = hex_digit(p->ch);
			if (h < 0)
				return fail(p, "bad \\u escape in a string");
			v = v << 4 | (unsigned)h;
			advance(p);
		}
		return v >= 0x20 && v < 0x7f ? (int)v : '?';
	case -1:
		return fail(p, "unexpected end of file in a string");
	default:
		return fail_at(p, offset(p) - 1, "bad escape \\%c in a string", e);
	}
}

/*
 * The JSON string at the current byte, quotes included. Up to outlen - 1
 * bytes of its value go into `out` (NUL-terminated; NULL to skip the string);
 * *fits (may be NULL) says whether all of it did.
 */
static int json_string(struct parser *p, char *out, size_t outlen, bool *fits)
{
	size_t n = 0;
	bool all = true;

	if (p->ch != '"')
		return fail(p, p->ch < 0 ? "unexpected end of file" : "expected a string");
	advance(p);
	for (;;) {
		int ch = p->ch;
		if (ch == '"') {
			advance(p);
			break;
		}
		if (ch < 0)
			return fail(p, "unexpected end of file in a string");
		if (ch < 0x20)
			return fail(p, "control character 0x%02x in a string", (unsigned)ch);
		advance(p);
		if (ch == '\\' && (ch = json_escape(p)) < 0)
			return -1;
		if (out && n + 1 < outlen)
			out[n++] = (char)ch;
		else
			all = false;
	}
	if (out && outlen)
		out[n] = '\0';
	if (fits)
		*fits = all;
	return 0;
}

struct number {
	uint64_t value;         /* when `integer`; stops growing above UINT32_MAX */
	bool integer;           /* no sign, fraction or exponent */
	char text[NUMBER_TEXT]; /* how it is written (cut short), for messages */
};

/* Append the current byte to the number's text and move on. */
static void number_take(struct parser *p, struct number *num, size_t *n)
{
	if (*n + 1 < sizeof(num->text)) {
		num->text[(*n)++] = (char)p->ch;
		num->text[*n] = '\0';
	}
	advance(p);
}

static bool is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

/* A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int json_number(struct parser *p, struct number *num)
{
	size_t n = 0;

	num->value = 0;
	num->integer = true;
	num->text[0] = '\0';
	if (p->ch == '-') {
		num->integer = false;
		number_take(p, num, &n);
	}
	if (p->ch == '0') {
		number_take(p, num, &n);
	} else if (p->ch >= '1' && p->ch <= '9') {
		while (is_digit(p->ch)) {
			if (num->value <= UINT32_MAX)
				num->value = num->value * 10 + (uint64_t)(p->ch - '0');
			number_take(p, num, &n);
		}
	} else {
		return fail(p, p->ch < 0 ? "unexpected end of file" : "bad number");
	}
	if (p->ch == '.') {
		num->integer = false;
		number_take(p, num, &n);
		if (!is_digit(p->ch))
			return fail(p, "bad number");
		while (is_digit(p->ch))
			number_take(p, num, &n);
	}
	if (p->ch == 'e' || p->ch == 'E') {
		num->integer = false;
		number_take(p, num, &n);
		if (p->ch == '+' || p->ch == '-')
			number_take(p, num, &n);
		if (!is_digit(p->ch))
			return fail(p, "bad number");
		while (is_digit(p->ch))
			number_take(p, num, &n);
	}
	return 0;
}

static int json_literal(struct parser *p, const char *word)
{
	for (const char *w = word; *w; w++) {
		if (p->ch != (unsigned char)*w)
			return fail(p, "bad literal (expected %s)", word);
		advance(p);
	}
	return 0;
}

/* After a member or element: 1 at `closing`, 0 after a ',', -1 otherwise. */
static int json_after_item(struct parser *p, int closing)
{
	int ch;

	skip_space(p);
	ch = p->ch;
	if (ch == closing || ch == ',') {
		advance(p);
		return ch == closing;
	}
	if (ch < 0)
		return fail(p, "unexpected end of file");
	return fail(p, "expected ',' or '%c'", closing);
}

/* The key of an object member and its ':' (white space around both skipped). */
static int json_key(struct parser *p, char *key, size_t keylen)
{
	bool fits;

	skip_space(p);
	if (json_string(p, key, keylen, &fits) < 0)
		return -1;
	if (!fits)
		key[0] = '\0';          /* a long key is none of ours */
	skip_space(p);
	if (p->ch != ':')
		return fail(p, p->ch < 0 ? "unexpected end of file" : "expected ':'");
	advance(p);
	skip_space(p);
	return 0;
}

/* Skip any JSON value, checking its grammar; a container in it is at `depth`. */
static int json_skip(struct parser *p, int depth)
{
	struct number num;
	char key[1];
	int closing, r;

	skip_space(p);
	switch (p->ch) {
	case '"':
		return json_string(p, NULL, 0, NULL);
	case 't':
		return json_literal(p, "true");
	case 'f':
		return json_literal(p, "false");
	case 'n':
		return json_literal(p, "null");
	case '[':
	case '{':
		if (depth > JSON_MAX_DEPTH)
			return fail(p, "JSON nested deeper than %d levels", JSON_MAX_DEPTH);
		closing = p->ch == '[' ? ']' : '}';
		advance(p);
		skip_space(p);
		if (p->ch == closing) {
			advance(p);
			return 0;
		}
		do {
			if (closing == '}' && json_key(p, key, sizeof(key)) < 0)
				return -1;
			if (json_skip(p, depth + 1) < 0)
				return -1;
		} while ((r = json_after_item(p, closing)) == 0);
		return r < 0 ? -1 : 0;
	case -1:
		return fail(p, "unexpected end of file");
	default:
		if (p->ch == '-' || is_digit(p->ch))
			return json_number(p, &num);
		if (p->ch < 0x20 || p->ch > 0x7e)
			return fail(p, "unexpected byte 0x%02x", (unsigned)p->ch);
		return fail(p, "unexpected character '%c'", p->ch);
	}
}

/* The "asn" of a ROA at the current byte: 64496 or "AS64496". */
static int json_asn(struct parser *p, uint32_t *asn)
{
	size_t at = offset(p);
	struct number num;

	if (p->ch == '"') {
		char text[FIELD_MAX];
		bool fits;
		int r;
		if (json_string(p, text, sizeof(text), &fits) < 0)
			return -1;
		r = fits ? asn_parse(text, asn) : -1;
		if (r == -2)
			return fail_at(p, at, "asn \"%s\" is over 4294967295", text);
		if (r < 0)
			return fail_at(p, at, "bad asn \"%.20s\"", text);
		return 0;
	}
	if (p->ch != '-' && !is_digit(p->ch))
		return fail_at(p, at, "asn is neither a number nor a string");
	if (json_number(p, &num) < 0)
		return -1;
	if (!num.integer)
		return fail_at(p, at, "asn %s is not an integer in 0..4294967295", num.text);
	if (num.value > UINT32_MAX)
		return fail_at(p, at, "asn %s is over 4294967295", num.text);
	*asn = (uint32_t)num.value;
	return 0;
}

/* One element of "roas" (a container at `depth`). */
static int json_roa(struct parser *p, int depth)
{
	bool have_asn = false, have_prefix = false, have_max = false, fits;
	char prefix[FIELD_MAX];
	size_t start, prefix_at = 0, max_at = 0;
	struct number max = { 0 };
	uint32_t asn = 0;
	int r = 0;

	skip_space(p);
	start = offset(p);
	if (p->ch != '{')
		return fail(p, p->ch < 0 ? "unexpected end of file" : "expected an object");
	if (depth > JSON_MAX_DEPTH)
		return fail(p, "JSON nested deeper than %d levels", JSON_MAX_DEPTH);
	advance(p);
	skip_space(p);
	if (p->ch == '}')
		advance(p);
	else
		do {
			char key[16];
			size_t at;
			if (json_key(p, key, sizeof(key)) < 0)
				return -1;
			if (p->ch < 0)
				return fail(p, "unexpected end of file");
			at = offset(p);
			if (strcmp(key, "asn") == 0) {
				if (have_asn)
					return fail_at(p, at, "duplicate \"asn\"");
				have_asn = true;
				if (json_asn(p, &asn) < 0)
					return -1;
			} else if (strcmp(key, "prefix") == 0) {
				if (have_prefix)
					return fail_at(p, at, "duplicate \"prefix\"");
				have_prefix = true;
				prefix_at = at;
				if (p->ch != '"')
					return fail_at(p, at, "prefix is not a string");
				if (json_string(p, prefix, sizeof(prefix), &fits) < 0)
					return -1;
				if (!fits)
					return fail_at(p, at, "prefix \"%.20s...\" is too long", prefix);
			} else if (strcmp(key, "maxLength") == 0 || strcmp(key, "max_length") == 0) {
				if (have_max)
					return fail_at(p, at, "duplicate \"maxLength\"");
				have_max = true;
				max_at = at;
				if (p->ch != '-' && !is_digit(p->ch))
					return fail_at(p, at, "maxLength is not a number");
				if (json_number(p, &max) < 0)
					return -1;
				if (!max.integer)
					return fail_at(p, at, "maxLength %s is not a non-negative integer",
					               max.text);
			} else if (json_skip(p, depth + 1) < 0) {
				return -1;
			}
		} while ((r = json_after_item(p, '}')) == 0);
	if (r < 0)
		return -1;
	if (!have_asn)
		return fail_at(p, start, "missing \"asn\"");
	if (!have_prefix)
		return fail_at(p, start, "missing \"prefix\"");
	if (!have_max)
		return fail_at(p, start, "missing \"maxLength\"");
	return vrp_add(p, asn, prefix, prefix_at, max.value, max.text, max_at);
}

/* The value of "roas" (an array at `depth`). */
static int json_roas(struct parser *p, int depth)
{
	if (p->ch != '[')
		return fail(p, "\"roas\" is not an array");
	advance(p);
	skip_space(p);
	if (p->ch == ']') {
		advance(p);
		return 0;
	}
	for (p->entry = 0; json_roa(p, depth + 1) == 0; p->entry++) {
		int r = json_after_item(p, ']');
		if (r != 0) {
			if (r < 0)
				return -1;
			p->entry = NO_ENTRY;
			return 0;
		}
	}
	return -1;
}

static int json_document(struct parser *p)
{
	bool have_roas = false;
	int r = 0;

	p->json = true;
	skip_space(p);
	if (p->ch != '{')
		return fail(p, "expected a JSON object");
	advance(p);
	skip_space(p);
	if (p->ch == '}')
		advance(p);
	else
		do {
			char key[16];
			if (json_key(p, key, sizeof(key)) < 0)
				return -1;
			if (strcmp(key, "roas") == 0) {
				if (have_roas)
					return fail(p, "duplicate \"roas\"");
				have_roas = true;
				if (json_roas(p, 2) < 0)
					return -1;
			} else if (json_skip(p, 2) < 0) {
				return -1;
			}
		} while ((r = json_after_item(p, '}')) == 0);
	if (r < 0)
		return -1;
	skip_space(p);
	if (p->ch >= 0)
		return fail(p, "trailing data after the JSON document");
	if (!have_roas)
		return fail_at(p, 0, "no \"roas\" array (not an rpki-client or Routinator VRP file)");
	return 0;
}

/* ----------------------------------------------------------------- CSV ---- */

/*
 * The next field of the current line into `out` (at most outlen - 1 bytes,
 * blanks around it and a CR before the line end removed), and the byte that
 * ended it consumed. Returns that byte (',' or '\n'; -1 at the end of the
 * input), or -2 after an error.
 */
static int csv_field(struct parser *p, size_t column, char *out, size_t outlen)
{
	size_t n = 0;
	int end;

	while (p->ch == ' ' || p->ch == '\t')
		advance(p);
	while (p->ch >= 0 && p->ch != ',' && p->ch != '\n') {
		if (p->ch < 0x20 && p->ch != '\t' && p->ch != '\r') {
			fail(p, "control character 0x%02x in field %zu", (unsigned)p->ch, column + 1);
			return -2;
		}
		if (n + 1 >= outlen) {
			fail(p, "field %zu is too long", column + 1);
			return -2;
		}
		out[n++] = (char)p->ch;
		advance(p);
	}
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t' || out[n - 1] == '\r'))
		n--;
	out[n] = '\0';
	end = p->ch;
	advance(p);
	return end;
}

/*
 * Read the fields of the current line: the first `keep` into f[] (FIELD_MAX
 * bytes each), the others only counted into *fields. 0, or -1 after an error.
 */
static int csv_line(struct parser *p, char (*f)[FIELD_MAX], size_t keep, size_t *fields)
{
	char skip[FIELD_MAX] = "";  /* the fields after `keep`, not kept */
	size_t n = 0;
	int end;

	do {
		end = csv_field(p, n, n < keep ? f[n] : skip, FIELD_MAX);
		if (end == -2)
			return -1;
		n++;
	} while (end == ',');
	*fields = n;
	return 0;
}

/* Skip blank lines; false at the end of the input. */
static bool csv_next_line(struct parser *p)
{
	for (;;) {
		while (p->ch == ' ' || p->ch == '\t' || p->ch == '\r')
			advance(p);
		if (p->ch != '\n')
			return p->ch >= 0;
		advance(p);
		p->line++;
	}
}

static int csv_document(struct parser *p)
{
	static const char *const header[] = { "ASN", "IP Prefix", "Max Length", "Trust Anchor" };
	char f[4][FIELD_MAX];   /* ASN, IP Prefix, Max Length, Trust Anchor */
	size_t columns = 0, fields;
	bool header_ok;

	p->json = false;
	p->line = 1;
	(void)csv_next_line(p);
	/* the header: at least the four columns both exporters write */
	header_ok = csv_line(p, f, 4, &columns) == 0 && columns >= 4;
	for (size_t i = 0; header_ok && i < 4; i++)
		header_ok = strcasecmp(f[i], header[i]) == 0;
	if (!header_ok)
		return fail(p, "neither a JSON object nor a VRP CSV header "
		            "\"ASN,IP Prefix,Max Length,Trust Anchor[,Expires]\"");
	for (p->line++; csv_next_line(p); p->line++) {
		uint64_t max_len = 0;
		uint32_t asn;
		int r;

		if (csv_line(p, f, 3, &fields) < 0)
			return -1;
		if (fields != columns)
			return fail(p, "%zu fields, the header has %zu", fields, columns);
		if ((r = asn_parse(f[0], &asn)) == -2)
			return fail(p, "ASN \"%s\" is over 4294967295", f[0]);
		if (r < 0)
			return fail(p, "bad ASN \"%s\"", f[0]);
		if (f[2][0] == '\0')
			return fail(p, "empty Max Length");
		for (size_t d = 0; f[2][d]; d++) {
			if (!is_digit(f[2][d]) || d >= 3)
				return fail(p, "bad Max Length \"%s\"", f[2]);
			max_len = max_len * 10 + (uint64_t)(f[2][d] - '0');
		}
		if (vrp_add(p, asn, f[1], 0, max_len, f[2], 0) < 0)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------ sort and prefix tree ---- */

static inline int entry_cmp(const struct vrp_entry *a, const struct vrp_entry *b)
{
	if (a->v6 != b->v6)
		return a->v6 < b->v6 ? -1 : 1;
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	if (a->asn != b->asn)
		return a->asn < b->asn ? -1 : 1;
	return (int)a->max_len - (int)b->max_len;
}

static inline bool same_prefix(const struct vrp_entry *a, const struct vrp_entry *b)
{
	return a->hi == b->hi && a->lo == b->lo && a->len == b->len;
}

/*
 * Merge sort of a[0..n) with `tmp` (n / 2 entries) as scratch. Exporters
 * write their VRPs sorted, and a merge of two runs already in order is one
 * comparison, so such a file sorts in linear time.
 */
static void entries_sort(struct vrp_entry *a, size_t n, struct vrp_entry *tmp)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n <= 16) {
		for (size_t x = 1; x < n; x++) {
			struct vrp_entry e = a[x];
			size_t y = x;
			for (; y > 0 && entry_cmp(&e, &a[y - 1]) < 0; y--)
				a[y] = a[y - 1];
			a[y] = e;
		}
		return;
	}
	entries_sort(a, h, tmp);
	entries_sort(a + h, n - h, tmp);
	if (entry_cmp(&a[h - 1], &a[h]) <= 0)
		return;
	memcpy(tmp, a, h * sizeof(*a));
	while (i < h && j < n)
		a[k++] = entry_cmp(&a[j], &tmp[i]) < 0 ? a[j++] : tmp[i++];
	while (i < h)
		a[k++] = tmp[i++];
}

static uint32_t node_new(struct vrp_tree *t, unsigned len, size_t first, size_t count)
{
	struct vrp_node *n = &t->node[t->nodes];

	n->child[0] = n->child[1] = 0;
	n->len = (uint8_t)len;
	n->first = (uint32_t)first;
	n->count = (uint32_t)count;
	return (uint32_t)t->nodes++;
}

/* Does node `n` cover the prefix of `k`? */
static bool node_covers(const struct vrp_tree *t, const struct vrp_node *n,
                        const struct vrp_entry *k)
{
	const struct vrp_entry *nk = &t->v[n->first];

	return n->len <= k->len &&
	       (n->len == 0 || common_bits(nk->hi, nk->lo, k->hi, k->lo, n->len) == n->len);
}

/*
 * Insert the prefix of the VRPs [first, first + count) (not yet in the tree).
 * path[0..*depth) are the nodes from the root down to the previous insertion;
 * the walk starts at the deepest of them that covers the new prefix, and the
 * path is updated to end at the new node. The prefixes arrive in sorted
 * order, which is the tree's pre-order, so each insertion is a step or two
 * from the last one instead of a walk from the root.
 */
static void tree_insert(struct vrp_tree *t, size_t first, size_t count, uint32_t *path,
                        size_t *depth)
{
	const struct vrp_entry *k = &t->v[first];
	uint32_t idx, m, b;

	while (*depth > 1 && !node_covers(t, &t->node[path[*depth - 1]], k))
		(*depth)--;
	idx = path[*depth - 1];
	for (;;) {
		struct vrp_node *n = &t->node[idx];     /* covers k */
		const struct vrp_entry *ck;
		struct vrp_node *c;
		uint32_t *slot;
		unsigned common;

		if (n->len == k->len) {                 /* a branch node gets VRPs */
			n->first = (uint32_t)first;
			n->count = (uint32_t)count;
			return;
		}
		slot = &n->child[key_bit(k->hi, k->lo, n->len)];
		if (*slot == 0) {
			*slot = node_new(t, k->len, first, count);
			path[(*depth)++] = *slot;
			return;
		}
		c = &t->node[*slot];
		if (node_covers(t, c, k)) {
			idx = *slot;
			path[(*depth)++] = idx;
			continue;
		}
		/* the child parts from the new prefix after `common` bits */
		ck = &t->v[c->first];
		common = common_bits(ck->hi, ck->lo, k->hi, k->lo, c->len < k->len ? c->len : k->len);
		m = node_new(t, k->len, first, count);
		if (common == k->len) {                 /* the new prefix covers the child */
			t->node[m].child[key_bit(ck->hi, ck->lo, k->len)] = *slot;
		} else {                                /* both hang off a new branch node */
			b = node_new(t, common, first, 0);
			t->node[b].child[key_bit(k->hi, k->lo, common)] = m;
			t->node[b].child[key_bit(ck->hi, ck->lo, common)] = *slot;
			path[(*depth)++] = b;
			*slot = b;
			path[(*depth)++] = m;
			return;
		}
		*slot = m;
		path[(*depth)++] = m;
		return;
	}
}

/* Build the prefix tree of the VRPs `v[0..n)` of one family (sorted, no duplicates). */
static int tree_build(struct vrp_tree *t, const struct vrp_entry *v, size_t n)
{
	uint32_t path[129];     /* lengths grow strictly along a path: at most 0..128 */
	size_t depth = 1;

	t->v = v;
	t->n = n;
	/* each prefix adds at most itself and one branch node */
	t->node_cap = 1 + 2 * n;
	if (n > (UINT32_MAX - 1) / 2 || !(t->node = big_alloc(t->node_cap * sizeof(*t->node))))
		return -1;
	t->nodes = 0;
	path[0] = node_new(t, 0, 0, 0);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && same_prefix(&v[i], &v[j]); j++)
			;
		tree_insert(t, i, j - i, path, &depth);
	}
	return 0;
}

/* Sort the parsed VRPs, drop duplicates, build both trees. */
static int set_finish(struct vrp_set *set)
{
	struct vrp_entry *tmp = NULL;
	size_t out = 0, n4;

	if (set->n > 16 && !(tmp = malloc(set->n / 2 * sizeof(*tmp))))
		return -1;
	entries_sort(set->v, set->n, tmp);
	free(tmp);
	for (size_t i = 0; i < set->n; i++)
		if (out == 0 || entry_cmp(&set->v[out - 1], &set->v[i]) != 0)
			set->v[out++] = set->v[i];
	set->n = out;
	for (n4 = 0; n4 < set->n && !set->v[n4].v6; n4++)
		;
	if (tree_build(&set->t4, set->v, n4) < 0 ||
	    tree_build(&set->t6, set->v ? set->v + n4 : NULL, set->n - n4) < 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ the set ---- */

/* Parse the VRPs of a file into a new set, not yet sorted and without trees. */
static struct vrp_set *set_parse(const char *name, const void *data, size_t len,
                                 struct error *err)
{
	struct parser p = { .name = name, .err = err, .entry = NO_ENTRY }, look;
	struct cursor bom;
	uint8_t b[3];

	p.set = calloc(1, sizeof(*p.set));
	if (!p.set) {
		error_set(err, "%s: out of memory", name);
		return NULL;
	}
	p.set->t4.family = AF_INET;
	p.set->t4.bits = 32;
	p.set->t6.family = AF_INET6;
	p.set->t6.bits = 128;
	cursor_init(&p.all, data, len);
	p.c = p.all;
	bom = p.c;
	if (cursor_copy(&bom, b, 3) == 0 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
		p.c = bom;                      /* UTF-8 byte order mark */
	advance(&p);
	/* the format from the first byte that is not white space */
	look = p;
	skip_space(&look);
	if (look.ch < 0) {
		error_set(err, "%s: empty file", name);
		goto fail;
	}
	if (look.ch == '{') {
		entries_reserve(p.set, len / JSON_ROA_MIN + 1);
		if (json_document(&p) < 0)
			goto fail;
	} else {
		entries_reserve(p.set, len / CSV_ROW_MIN + 1);
		if (csv_document(&p) < 0)
			goto fail;
	}
	return p.set;
fail:
	vrp_free(p.set);
	return NULL;
}

/* Sort, dedupe and index a parsed set; NULL (and the set freed) when out of memory. */
static struct vrp_set *set_ready(struct vrp_set *set, const char *name, struct error *err)
{
	if (set && set_finish(set) < 0) {
		error_set(err, "%s: out of memory", name);
		vrp_free(set);
		return NULL;
	}
	return set;
}

struct vrp_set *vrp_load_buffer(const char *name, const void *data, size_t len, struct error *err)
{
	return set_ready(set_parse(name, data, len, err), name, err);
}

struct vrp_set *vrp_load(const char *path, deadline_t deadline, struct error *err)
{
	struct vrp_set *set = NULL;
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0;
	struct stat st;
	/* O_NONBLOCK: a named pipe must not block the open; it is refused below */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		error_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	/* issue 15: /dev/zero grew the buffer to 12.7 GB, a named pipe blocked forever */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		error_set(err, "%s: not a regular file", path);
		goto out;
	}
	if ((uint64_t)st.st_size > VRP_FILE_MAX_BYTES) {
		error_set(err, "%s: larger than %llu bytes", path, (unsigned long long)VRP_FILE_MAX_BYTES);
		goto out;
	}
	/* the known size + 1 to see the end; a file growing past that is refused */
	cap = (size_t)st.st_size + 1;
	buf = big_alloc(cap);
	if (!buf) {
		error_set(err, "%s: out of memory", path);
		goto out;
	}
	for (;;) {
		ssize_t n;
		if (deadline_expired(deadline)) {
			error_set(err, "%s: reading took longer than --timeout", path);
			goto out;
		}
		if (len == cap) {
			error_set(err, "%s: the file grew while it was read", path);
			goto out;
		}
		/* in pieces of at most 16 MiB, so the deadline is looked at in between */
		n = read(fd, buf + len, cap - len < VRP_READ_CHUNK ? cap - len : VRP_READ_CHUNK);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error_set(err, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	/* the text is released before the trees are built: a lower peak */
	set = set_parse(path, buf, len, err);
	big_free(buf, cap);
	buf = NULL;
	set = set_ready(set, path, err);
out:
	big_free(buf, cap);
	close(fd);
	return set;
}

void vrp_free(struct vrp_set *set)
{
	if (!set)
		return;
	big_free(set->v, set->cap * sizeof(*set->v));
	big_free(set->t4.node, set->t4.node_cap * sizeof(*set->t4.node));
	big_free(set->t6.node, set->t6.node_cap * sizeof(*set->t6.node));
	free(set);
}

size_t vrp_count(const struct vrp_set *set)
{
	return set->t4.n + set->t6.n;
}

int vrp_get(const struct vrp_set *set, size_t i, struct vrp *out)
{
	if (i < set->t4.n) {
		entry_to_vrp(&set->t4, &set->t4.v[i], out);
		return 0;
	}
	i -= set->t4.n;
	if (i < set->t6.n) {
		entry_to_vrp(&set->t6, &set->t6.v[i], out);
		return 0;
	}
	return -1;
}

/* -------------------------------------------------------- validation ---- */

static const struct vrp_tree *tree_for(const struct vrp_set *set, int family)
{
	return family == AF_INET ? &set->t4 : family == AF_INET6 ? &set->t6 : NULL;
}

/*
 * The nodes with VRPs covering the `len`-bit prefix of (hi, lo), shortest
 * first, into path[] (room for one per length, 129). Branch nodes are passed
 * without checking their bits: if the route leaves a branch node's key, it
 * leaves every key below it too, and the next node with VRPs is checked.
 */
static size_t tree_path(const struct vrp_tree *t, uint64_t hi, uint64_t lo, unsigned len,
                        uint32_t *path)
{
	size_t k = 0;
	uint32_t idx = 0;

	if (t->nodes == 0)
		return 0;
	for (;;) {
		const struct vrp_node *n = &t->node[idx];
		if (n->len > len)
			break;
		if (n->count) {
			const struct vrp_entry *e = &t->v[n->first];
			if (common_bits(e->hi, e->lo, hi, lo, n->len) < n->len)
				break;
			path[k++] = idx;
		}
		if (n->len == len || (idx = n->child[key_bit(hi, lo, n->len)]) == 0)
			break;
	}
	return k;
}

enum rov_state vrp_validate(const struct vrp_set *set, uint32_t asn, const struct prefix *route,
                            struct vrp_match *out)
{
	enum { MATCHED, UNMATCHED_AS, UNMATCHED_LENGTH };
	const struct vrp_tree *t = tree_for(set, route->family);
	const struct vrp_entry *keep[3][VRP_MATCH_MAX];
	size_t count[3] = { 0, 0, 0 }, path_len, list;
	uint32_t path[129];
	uint64_t hi, lo;
	enum rov_state state;

	if (out)
		memset(out, 0, sizeof(*out));
	if (!t || route->len > t->bits)
		return ROV_NOT_FOUND;
	prefix_key(route, &hi, &lo);
	path_len = tree_path(t, hi, lo, route->len, path);
	for (size_t i = 0; i < path_len; i++) {
		const struct vrp_node *n = &t->node[path[i]];
		for (size_t j = n->first; j < (size_t)n->first + n->count; j++) {
			const struct vrp_entry *e = &t->v[j];
			/* Routinator: the length first, then the origin, per VRP */
			list = route->len > e->max_len ? UNMATCHED_LENGTH
			       : e->asn != asn         ? UNMATCHED_AS
			                               : MATCHED;
			if (count[list] < VRP_MATCH_MAX)
				keep[list][count[list]] = e;
			count[list]++;
		}
	}
	/* valid if anything matched; otherwise "as" wins over "length" */
	if (count[MATCHED]) {
		state = ROV_VALID;
		list = MATCHED;
	} else if (count[UNMATCHED_AS]) {
		state = ROV_INVALID_AS;
		list = UNMATCHED_AS;
	} else if (count[UNMATCHED_LENGTH]) {
		state = ROV_INVALID_LENGTH;
		list = UNMATCHED_LENGTH;
	} else {
		return ROV_NOT_FOUND;
	}
	if (out) {
		out->matched = count[MATCHED];
		out->unmatched_as = count[UNMATCHED_AS];
		out->unmatched_length = count[UNMATCHED_LENGTH];
		out->n = count[list] < VRP_MATCH_MAX ? count[list] : VRP_MATCH_MAX;
		for (size_t i = 0; i < out->n; i++)
			entry_to_vrp(t, keep[list][i], &out->vrps[i]);
	}
	return state;
}

size_t vrp_covered(const struct vrp_set *set, const struct netaddr *addr, struct vrp *first)
{
	const struct vrp_tree *t = tree_for(set, addr->family);
	struct prefix host;
	uint32_t path[129];
	size_t path_len, n = 0;
	uint64_t hi, lo;

	if (!t)
		return 0;
	prefix_from_netaddr(addr, t->bits, &host);
	prefix_key(&host, &hi, &lo);
	path_len = tree_path(t, hi, lo, t->bits, path);
	for (size_t i = 0; i < path_len; i++)
		n += t->node[path[i]].count;
	if (n && first)
		entry_to_vrp(t, &t->v[t->node[path[0]].first], first);
	return n;
}

const char *rov_state_str(enum rov_state state)
{
	switch (state) {
	case ROV_VALID: return "valid";
	case ROV_INVALID_AS: return "invalid (as)";
	case ROV_INVALID_LENGTH: return "invalid (length)";
	default: return "not-found";
	}
}

/*
 * securitytxt.c -- security.txt retrieval and evaluation (spec §3.4.2).
 *
 * The parser follows sectxt 0.9.8 (sectxt/__init__.py, class Parser) step by
 * step. sectxt works on a Python str: the bytes are decoded as UTF-8 (invalid
 * sequences become U+FFFD, as Python's errors="replace" does), split on "\n"
 * only, and each line is rstrip()ed with Python's notion of whitespace. We do
 * the same: the content is decoded once through the cursor into an array of
 * code points, and every later step reads that array by index through cp_at(),
 * which returns -1 past the end, so nothing reads outside it.
 *
 * PGP: sectxt calls PGPy's PGPMessage.from_blob() on the whole text to decide
 * between pgp_data_error / pgp_error / pgp_signature_error. We do not carry
 * PGPy; pgp_check() approximates it (armor grammar of PGPy's regex, base64 and
 * the OpenPGP packet framing). Signatures are never verified (spec §3.4.2).
 */
#include "checks/securitytxt.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"
#include "core/text.h"
#include "net/http.h"

/* ---- result helpers ---- */

static void msg_add(struct sectxt_msg *arr, size_t *n, const char *code, int line, const char *context)
{
	if (*n >= SECTXT_MSGS_MAX)
		return;
	arr[*n].code = code;
	arr[*n].line = line;
	snprintf(arr[*n].context, sizeof(arr[*n].context), "%s", context ? context : "");
	(*n)++;
}

static void add_error(struct sectxt_result *out, const char *code, int line)
{
	msg_add(out->errors, &out->n_errors, code, line, NULL);
}

static void add_recommendation(struct sectxt_result *out, const char *code, int line)
{
	msg_add(out->recommendations, &out->n_recommendations, code, line, NULL);
}

/* ---- decoded text: code points read by index ---- */

struct cptext {
	uint32_t *cp;
	size_t n;
};

/* A span of the decoded text (offsets, never pointers). */
struct span {
	size_t off;
	size_t len;
};

static long cp_at(const struct cptext *t, struct span s, size_t i)
{
	if (i >= s.len || s.off + i >= t->n)
		return -1;
	return (long)t->cp[s.off + i];
}

/* Continuation byte in [lo, hi] next? Consumes it and folds it into *cp. */
static bool utf8_cont(struct cursor *c, uint8_t lo, uint8_t hi, uint32_t *cp)
{
	struct cursor peek = *c;
	uint8_t b;

	if (cursor_get_u8(&peek, &b) < 0 || b < lo || b > hi)
		return false;
	*c = peek;
	*cp = (*cp << 6) | (b & 0x3f);
	return true;
}

/*
 * Decode as Python's bytes.decode("utf-8", errors="replace"): each maximal
 * invalid subpart becomes one U+FFFD (surrogates, overlongs and > U+10FFFF are
 * invalid). *bad is set when anything was replaced. -1 on allocation failure.
 */
static int utf8_decode(struct cursor *c, struct cptext *out, bool *bad)
{
	size_t cap = cursor_len(c) + 1;

	*bad = false;
	out->n = 0;
	out->cp = malloc(cap * sizeof(*out->cp));
	if (!out->cp)
		return -1;
	while (cursor_len(c) > 0) {
		uint8_t b;
		uint32_t cp;
		bool ok = true;

		(void)cursor_get_u8(c, &b);
		if (b < 0x80) {
			cp = b;
		} else if (b >= 0xc2 && b <= 0xdf) {
			cp = b & 0x1f;
			ok = utf8_cont(c, 0x80, 0xbf, &cp);
		} else if (b >= 0xe0 && b <= 0xef) {
			uint8_t lo = b == 0xe0 ? 0xa0 : 0x80, hi = b == 0xed ? 0x9f : 0xbf;
			cp = b & 0x0f;
			ok = utf8_cont(c, lo, hi, &cp) && utf8_cont(c, 0x80, 0xbf, &cp);
		} else if (b >= 0xf0 && b <= 0xf4) {
			uint8_t lo = b == 0xf0 ? 0x90 : 0x80, hi = b == 0xf4 ? 0x8f : 0xbf;
			cp = b & 0x07;
			ok = utf8_cont(c, lo, hi, &cp) && utf8_cont(c, 0x80, 0xbf, &cp)
			     && utf8_cont(c, 0x80, 0xbf, &cp);
		} else {
			ok = false;
		}
		if (!ok) {
			cp = 0xfffd;
			*bad = true;
		}
		out->cp[out->n++] = cp;
	}
	return 0;
}

/* Python's str.isspace() */
static bool py_isspace(long c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0
	       || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029
	       || c == 0x202f || c == 0x205f || c == 0x3000;
}

static struct span span_rstrip(const struct cptext *t, struct span s)
{
	while (s.len > 0 && py_isspace(cp_at(t, s, s.len - 1)))
		s.len--;
	return s;
}

static struct span span_lstrip(const struct cptext *t, struct span s)
{
	while (s.len > 0 && py_isspace(cp_at(t, s, 0))) {
		s.off++;
		s.len--;
	}
	return s;
}

static struct span span_sub(struct span s, size_t from, size_t len)
{
	struct span r = { s.off + from, len };

	if (from > s.len)
		r.len = 0;
	else if (len > s.len - from)
		r.len = s.len - from;
	return r;
}

/* Exact (case-sensitive) equality with an ASCII literal. */
static bool span_eq(const struct cptext *t, struct span s, const char *lit)
{
	size_t n = strlen(lit);

	if (s.len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (cp_at(t, s, i) != (unsigned char)lit[i])
			return false;
	return true;
}

/* Equality with an ASCII literal after ASCII lowercasing (the key is key.lower()). */
static bool span_eq_lower(const struct cptext *t, struct span s, const char *lit)
{
	size_t n = strlen(lit);

	if (s.len != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		long c = cp_at(t, s, i);
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != (unsigned char)lit[i])
			return false;
	}
	return true;
}

static bool span_starts(const struct cptext *t, struct span s, const char *lit)
{
	size_t n = strlen(lit);

	if (s.len < n)
		return false;
	return span_eq(t, span_sub(s, 0, n), lit);
}

static bool span_ends(const struct cptext *t, struct span s, const char *lit)
{
	size_t n = strlen(lit);

	if (s.len < n)
		return false;
	return span_eq(t, span_sub(s, s.len - n, n), lit);
}

/* Index of the first `c` in `s`, or -1. */
static long span_find(const struct cptext *t, struct span s, long c)
{
	for (size_t i = 0; i < s.len; i++)
		if (cp_at(t, s, i) == c)
			return (long)i;
	return -1;
}

/* ---- Expires (sectxt: dateutil.parser.parse, then the ISO 8601 regex) ---- */

static int digits(const struct cptext *t, struct span s, size_t pos, size_t n, long *val)
{
	*val = 0;
	for (size_t i = 0; i < n; i++) {
		long c = cp_at(t, s, pos + i);
		if (c < '0' || c > '9')
			return -1;
		*val = *val * 10 + (c - '0');
	}
	return 0;
}

static bool is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static long month_days(long y, long m)
{
	static const long days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static long long days_from_civil(long y, long m, long d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * Parse an Expires value: 0 with the UTC instant in *secs / *usec when it
 * matches sectxt's iso8601_re
 * (\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[-+]\d{2}:\d{2})$, case-
 * insensitive) and is a real date and time (dateutil rejects month 13, Feb 30,
 * hour 24, second 60 and year 0); -1 otherwise.
 */
static int expires_parse(const struct cptext *t, struct span v, long long *secs, long *usec)
{
	long y, mo, d, h, mi, s, oh = 0, om = 0, sign = 0;
	size_t p = 19;
	long c;

	if (digits(t, v, 0, 4, &y) || cp_at(t, v, 4) != '-' || digits(t, v, 5, 2, &mo)
	    || cp_at(t, v, 7) != '-' || digits(t, v, 8, 2, &d))
		return -1;
	c = cp_at(t, v, 10);
	if (c != 'T' && c != 't' && c != ' ')
		return -1;
	if (digits(t, v, 11, 2, &h) || cp_at(t, v, 13) != ':' || digits(t, v, 14, 2, &mi)
	    || cp_at(t, v, 16) != ':' || digits(t, v, 17, 2, &s))
		return -1;
	*usec = 0;
	if (cp_at(t, v, p) == '.') {
		size_t nd = 0;
		long scale = 100000;
		p++;
		while ((c = cp_at(t, v, p)) >= '0' && c <= '9') {
			if (scale > 0) {
				*usec += (c - '0') * scale;   /* dateutil keeps microseconds */
				scale /= 10;
			}
			p++;
			nd++;
		}
		if (nd == 0)
			return -1;
	}
	c = cp_at(t, v, p);
	if (c == 'Z' || c == 'z') {
		p++;
	} else if (c == '+' || c == '-') {
		sign = c == '+' ? 1 : -1;
		if (digits(t, v, p + 1, 2, &oh) || cp_at(t, v, p + 3) != ':' || digits(t, v, p + 4, 2, &om))
			return -1;
		p += 6;
	} else {
		return -1;
	}
	if (p != v.len)
		return -1;
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) || h > 23 || mi > 59 || s > 59
	    || oh > 23 || om > 59)
		return -1;
	*secs = days_from_civil(y, mo, d) * 86400LL + h * 3600 + mi * 60 + s
	        - sign * (oh * 3600 + om * 60);
	return 0;
}

/* now + relativedelta(years=1): same month and day next year, Feb 29 -> Feb 28. */
static long long one_year_after(time_t now)
{
	struct tm tm;
	long y, d;

	if (!gmtime_r(&now, &tm))
		return (long long)now + 365LL * 86400;
	y = tm.tm_year + 1900 + 1;
	d = tm.tm_mday;
	if (d > month_days(y, tm.tm_mon + 1))
		d = month_days(y, tm.tm_mon + 1);
	return days_from_civil(y, tm.tm_mon + 1, d) * 86400LL + tm.tm_hour * 3600 + tm.tm_min * 60
	       + tm.tm_sec;
}

/* ---- Preferred-Languages: RFC 5646 language tags ---- */

static bool lang_irregular(const struct cptext *t, struct span s)
{
	/* RFC 5646 §2.2.8 grandfathered tags */
	static const char *const irregular[] = {
		"en-gb-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon",
		"i-lux", "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-be-fr",
		"sgn-be-nl", "sgn-ch-de", "art-lojban", "cel-gaulish", "no-bok", "no-nyn",
		"zh-guoyu", "zh-hakka", "zh-min", "zh-min-nan", "zh-xiang",
	};

	for (size_t i = 0; i < sizeof(irregular) / sizeof(irregular[0]); i++)
		if (span_eq_lower(t, s, irregular[i]))
			return true;
	return false;
}

/*
 * Well-formed per RFC 5646 §2.1 (ABNF Language-Tag). langcodes.tag_is_valid
 * also checks the subtags against the IANA registry, which we do not carry:
 * a well-formed tag with an unregistered subtag passes here.
 */
static bool lang_tag_valid(const struct cptext *t, struct span s)
{
	struct span sub[64];
	size_t n = 0, start = 0, i = 0, k;

	if (s.len == 0)
		return false;
	if (lang_irregular(t, s))
		return true;
	for (size_t j = 0; j <= s.len; j++) {
		long c = cp_at(t, s, j);
		if (c == -1 || c == '-') {
			if (j == start || n == 64)
				return false;
			sub[n++] = span_sub(s, start, j - start);
			start = j + 1;
		} else if (!(c < 128 && is_alnum((int)c))) {
			return false;
		}
	}
	for (k = 0; k < n; k++)
		if (sub[k].len > 8)
			return false;
	/* subtag classifiers */
	{
		/* privateuse: "x" 1*("-" 1*8alphanum) */
		long c0 = cp_at(t, sub[0], 0);
		if (sub[0].len == 1 && (c0 == 'x' || c0 == 'X'))
			return n >= 2;
	}
	/* language: 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA */
	for (k = 0; k < sub[0].len; k++)
		if (!is_alpha((int)cp_at(t, sub[0], k)))
			return false;
	if (sub[0].len < 2)
		return false;
	i = 1;
	if (sub[0].len <= 3) {
		/* extlang: up to three 3ALPHA subtags */
		int ext = 0;
		while (i < n && ext < 3 && sub[i].len == 3 && is_alpha((int)cp_at(t, sub[i], 0))
		       && is_alpha((int)cp_at(t, sub[i], 1)) && is_alpha((int)cp_at(t, sub[i], 2))) {
			i++;
			ext++;
		}
	}
	/* script: 4ALPHA */
	if (i < n && sub[i].len == 4) {
		bool alpha = true;
		for (k = 0; k < 4; k++)
			alpha = alpha && is_alpha((int)cp_at(t, sub[i], k));
		if (alpha)
			i++;
	}
	/* region: 2ALPHA / 3DIGIT */
	if (i < n && ((sub[i].len == 2 && is_alpha((int)cp_at(t, sub[i], 0)) && is_alpha((int)cp_at(t, sub[i], 1)))
	              || (sub[i].len == 3 && is_digit((int)cp_at(t, sub[i], 0)) && is_digit((int)cp_at(t, sub[i], 1))
	                  && is_digit((int)cp_at(t, sub[i], 2)))))
		i++;
	/* variant: 5*8alphanum / (DIGIT 3alphanum) */
	while (i < n && (sub[i].len >= 5 || (sub[i].len == 4 && is_digit((int)cp_at(t, sub[i], 0)))))
		i++;
	/* extension: singleton 1*("-" (2*8alphanum)) */
	while (i < n && sub[i].len == 1) {
		long c = cp_at(t, sub[i], 0);
		size_t m = 0;
		if (c == 'x' || c == 'X')
			break;
		i++;
		while (i < n && sub[i].len >= 2) {
			i++;
			m++;
		}
		if (m == 0)
			return false;
	}
	/* privateuse */
	if (i < n) {
		long c = cp_at(t, sub[i], 0);
		if (sub[i].len != 1 || (c != 'x' && c != 'X') || i + 1 >= n)
			return false;
		i = n;
	}
	return i == n;
}

/* ---- PGP (PGPMessage.from_blob on the whole text, approximated) ---- */

enum pgp_verdict { PGP_OK, PGP_DATA_ERROR, PGP_ERROR, PGP_SIGNATURE_ERROR };

static int b64_value(long c)
{
	if (c >= 'A' && c <= 'Z')
		return (int)(c - 'A');
	if (c >= 'a' && c <= 'z')
		return (int)(c - 'a' + 26);
	if (c >= '0' && c <= '9')
		return (int)(c - '0' + 52);
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Line `s` without its trailing "\r" (PGPy's regex accepts \r?\n). */
static struct span strip_cr(const struct cptext *t, struct span s)
{
	if (s.len > 0 && cp_at(t, s, s.len - 1) == '\r')
		s.len--;
	return s;
}

/* "-----BEGIN PGP <magic>-----" with magic [A-Z0-9 ,]+; the magic span in *magic. */
static bool armor_line(const struct cptext *t, struct span line, const char *what, struct span *magic)
{
	size_t pre = 5 + strlen(what);

	if (!span_starts(t, line, "-----") || line.len < pre + 6
	    || !span_eq(t, span_sub(line, 5, strlen(what)), what)
	    || !span_ends(t, line, "-----"))
		return false;
	*magic = span_sub(line, pre, line.len - pre - 5);
	if (magic->len == 0)
		return false;
	for (size_t i = 0; i < magic->len; i++) {
		long c = cp_at(t, *magic, i);
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == ','))
			return false;
	}
	return true;
}

/*
 * Check OpenPGP packet framing (RFC 4880 §4.2) of the decoded armor body:
 * PGPy raises IndexError while reading a truncated (signature) packet.
 */
static enum pgp_verdict pgp_packets(const uint8_t *data, size_t len)
{
	struct cursor c;

	cursor_init(&c, data, len);
	while (cursor_len(&c) > 0) {
		uint8_t tag;
		uint32_t plen = 0;
		struct cursor body;

		(void)cursor_get_u8(&c, &tag);
		if (!(tag & 0x80))
			return PGP_ERROR;
		if (tag & 0x40) {
			uint8_t l1, l2;
			uint32_t l4;
			if (cursor_get_u8(&c, &l1) < 0)
				return PGP_SIGNATURE_ERROR;
			if (l1 < 192) {
				plen = l1;
			} else if (l1 < 224) {
				if (cursor_get_u8(&c, &l2) < 0)
					return PGP_SIGNATURE_ERROR;
				plen = ((uint32_t)(l1 - 192) << 8) + l2 + 192;
			} else if (l1 == 255) {
				if (cursor_get_u32(&c, &l4) < 0)
					return PGP_SIGNATURE_ERROR;
				plen = l4;
			} else {
				return PGP_ERROR;   /* partial lengths: not in a signature */
			}
		} else {
			uint8_t l1;
			uint16_t l2;
			uint32_t l4;
			switch (tag & 0x03) {
			case 0:
				if (cursor_get_u8(&c, &l1) < 0)
					return PGP_SIGNATURE_ERROR;
				plen = l1;
				break;
			case 1:
				if (cursor_get_u16(&c, &l2) < 0)
					return PGP_SIGNATURE_ERROR;
				plen = l2;
				break;
			case 2:
				if (cursor_get_u32(&c, &l4) < 0)
					return PGP_SIGNATURE_ERROR;
				plen = l4;
				break;
			default:
				plen = (uint32_t)cursor_len(&c);
				break;
			}
		}
		if (cursor_get_bytes(&c, &body, plen) < 0)
			return PGP_SIGNATURE_ERROR;
		/* a v4 signature has at least version, type, algorithms and two subpacket lengths */
		if ((((tag & 0x40) ? (tag & 0x3f) : ((tag >> 2) & 0x0f)) == 2) && cursor_len(&body) < 10)
			return PGP_SIGNATURE_ERROR;
	}
	return PGP_OK;
}

static enum pgp_verdict pgp_check(const struct cptext *t)
{
	struct span all = { 0, t->n };
	struct span lines[4096];
	size_t n_lines = 0, start = 0;
	bool ascii = true;

	/* PGPy encodes the str as latin-1 first: UnicodeEncodeError is a ValueError */
	for (size_t i = 0; i < t->n; i++) {
		long c = cp_at(t, all, i);
		if (c > 0xff)
			return PGP_DATA_ERROR;
		if (!((c >= 0x20 && c <= 0x7e) || c == '\r' || c == '\n' || c == '\t'))
			ascii = false;
	}
	/* not ASCII: PGPy parses the raw bytes as binary packets ("-" is no packet tag) */
	if (!ascii)
		return PGP_ERROR;
	for (size_t i = 0; i <= t->n; i++) {
		if (i == t->n || cp_at(t, all, i) == '\n') {
			if (n_lines == sizeof(lines) / sizeof(lines[0]))
				break;
			lines[n_lines].off = start;
			lines[n_lines].len = i - start;
			n_lines++;
			start = i + 1;
		}
	}
	/* PGPy's armor regex, searched: the first BEGIN line that starts a whole block */
	for (size_t b = 0; b < n_lines; b++) {
		struct span magic, endmagic, line = strip_cr(t, lines[b]);
		size_t i = b + 1, body_start, body_end, nb = 0;
		uint8_t *data;
		enum pgp_verdict v;
		uint32_t acc = 0;
		int bits = 0, pad = 0;
		size_t total = 0;

		if (!armor_line(t, line, "BEGIN PGP ", &magic))
			continue;
		if (b + 1 == n_lines && lines[b].len == strip_cr(t, lines[b]).len)
			continue;   /* the header line must end in a newline */
		/* headers: ^.+: .+ lines */
		while (i < n_lines) {
			struct span h = strip_cr(t, lines[i]);
			long colon = -1;
			for (size_t k = 1; k + 2 < h.len + 1 && k < h.len; k++)
				if (cp_at(t, h, k) == ':' && cp_at(t, h, k + 1) == ' ' && k + 2 < h.len) {
					colon = (long)k;
					break;
				}
			if (colon < 0 || i + 1 >= n_lines)
				break;
			i++;
		}
		if (i < n_lines && strip_cr(t, lines[i]).len == 0)
			i++;
		/* body: lines of 1..76 base64 characters and up to two '=' */
		body_start = i;
		while (i + 1 < n_lines) {
			struct span l = strip_cr(t, lines[i]);
			size_t k = 0, eq = 0;
			while (k < l.len && b64_value(cp_at(t, l, k)) >= 0)
				k++;
			if (k == 0 || k > 76)
				break;
			while (k + eq < l.len && cp_at(t, l, k + eq) == '=')
				eq++;
			if (eq > 2 || k + eq != l.len)
				break;
			i++;
		}
		body_end = i;
		if (body_end == body_start)
			continue;
		/* crc line "=XXXX", then "-----END PGP <magic>-----" */
		{
			struct span crc = i < n_lines ? strip_cr(t, lines[i]) : (struct span){ 0, 0 };
			bool crc_ok = crc.len == 5 && cp_at(t, crc, 0) == '=' && i + 1 < n_lines;
			for (size_t k = 1; crc_ok && k < 5; k++)
				crc_ok = b64_value(cp_at(t, crc, k)) >= 0;
			if (!crc_ok)
				continue;
			i++;
			if (!armor_line(t, strip_cr(t, lines[i]), "END PGP ", &endmagic)
			    || endmagic.len != magic.len)
				continue;
			for (size_t k = 0; k < magic.len; k++)
				if (cp_at(t, magic, k) != cp_at(t, endmagic, k))
					crc_ok = false;
			if (!crc_ok)
				continue;
		}
		if (!span_eq(t, magic, "MESSAGE") && !span_eq(t, magic, "SIGNATURE"))
			return PGP_DATA_ERROR;   /* "Expected: MESSAGE" is a ValueError */
		/* base64.b64decode: non-alphabet characters dropped, then padding checked */
		for (size_t l = body_start; l < body_end; l++)
			total += lines[l].len;
		data = malloc(total + 1);
		if (!data)
			return PGP_ERROR;
		for (size_t l = body_start; l < body_end; l++) {
			struct span ls = strip_cr(t, lines[l]);
			for (size_t k = 0; k < ls.len; k++) {
				long c = cp_at(t, ls, k);
				int val = b64_value(c);
				if (c == '=') {
					pad++;
					continue;
				}
				if (val < 0)
					continue;
				if (pad) {
					/* data after padding: binascii stops at the padding */
					continue;
				}
				acc = (acc << 6) | (uint32_t)val;
				bits += 6;
				if (bits >= 8) {
					bits -= 8;
					data[nb++] = (uint8_t)(acc >> bits);
				}
			}
		}
		if ((bits == 2 && pad < 1) || (bits == 4 && pad < 2) || bits == 6) {
			free(data);
			return PGP_ERROR;   /* binascii.Error: Incorrect padding */
		}
		v = pgp_packets(data, nb);
		free(data);
		return v;
	}
	return PGP_DATA_ERROR;   /* "Expected: ASCII-armored PGP data" */
}

/* ---- the line parser (sectxt Parser._parse_line / _parse_field) ---- */

enum line_type { LINE_EMPTY, LINE_COMMENT, LINE_FIELD, LINE_ERROR, LINE_ENVELOPE };

static const char *const uri_fields[] = {
	"acknowledgments", "canonical", "contact", "encryption", "hiring", "policy", "csaf",
};

struct parser {
	const struct cptext *t;
	struct sectxt_result *out;
	const char *final_url;
	time_t now;
	int line_no;
	bool is_signed, reading_sig, finished_sig;
	struct sectxt_msg notes[SECTXT_MSGS_MAX];   /* notifications, appended last */
	size_t n_notes;
	size_t n_expires, n_contact, n_canonical, n_csaf, n_lang;
	bool canonical_match, csaf_bad, contact_mailto, has_encryption;
};

/* urlsplit(value).scheme: leading C0/space dropped, then [A-Za-z][A-Za-z0-9+.-]* ":" */
static void uri_scheme(const struct cptext *t, struct span v, bool *has, bool *is_http)
{
	size_t i = 0, k;
	long c;
	char scheme[8];
	size_t sl = 0;

	*has = *is_http = false;
	while (i < v.len && (c = cp_at(t, v, i)) >= 0 && c <= 0x20)
		i++;
	c = cp_at(t, v, i);
	if (!(c >= 0 && c < 128 && is_alpha((int)c)))
		return;
	for (k = i; k < v.len; k++) {
		c = cp_at(t, v, k);
		if (c == '\t' || c == '\r' || c == '\n')
			continue;   /* urlsplit removes these first */
		if (c == ':')
			break;
		if (!(c >= 0 && c < 128 && (is_alnum((int)c) || c == '+' || c == '-' || c == '.')))
			return;
		if (sl < sizeof(scheme))
			scheme[sl] = (char)lower_ascii((int)c);
		sl++;
	}
	if (k >= v.len)
		return;
	*has = true;
	*is_http = sl == 4 && memcmp(scheme, "http", 4) == 0;
}

static bool span_eq_str(const struct cptext *t, struct span s, const char *str)
{
	/* final_url is ours (UTF-8 from curl): compare byte-wise against ASCII code points */
	size_t n = strlen(str);

	if (s.len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (cp_at(t, s, i) != (unsigned char)str[i])
			return false;
	return true;
}

static void parse_expires(struct parser *ps, struct span v)
{
	long long secs, max;
	long usec;

	if (expires_parse(ps->t, v, &secs, &usec) < 0) {
		add_error(ps->out, "invalid_expiry", ps->line_no);
		return;
	}
	max = one_year_after(ps->now);
	if (secs > max || (secs == max && usec > 0))
		add_recommendation(ps->out, "long_expiry", ps->line_no);
	else if (secs < (long long)ps->now)
		add_error(ps->out, "expired", ps->line_no);
}

static enum line_type parse_field(struct parser *ps, struct span line)
{
	const struct cptext *t = ps->t;
	long colon = span_find(t, line, ':');
	struct span key = span_sub(line, 0, (size_t)colon);
	struct span value = span_sub(line, (size_t)colon + 1, line.len);
	bool known = false;

	if (span_rstrip(t, key).len != key.len) {
		add_error(ps->out, "prec_ws", ps->line_no);
		key = span_rstrip(t, key);
	}
	if (value.len > 0) {
		if (cp_at(t, value, 0) != ' ')
			add_error(ps->out, "no_space", ps->line_no);
		value = span_lstrip(t, value);
	}
	if (ps->is_signed && span_eq_lower(t, key, "hash"))
		return LINE_ENVELOPE;
	if (key.len == 0) {
		add_error(ps->out, "empty_key", ps->line_no);
		return LINE_ERROR;
	}
	if (value.len == 0) {
		add_error(ps->out, "empty_value", ps->line_no);
		return LINE_ERROR;
	}
	for (size_t i = 0; i < sizeof(uri_fields) / sizeof(uri_fields[0]); i++) {
		bool has, is_http;
		if (!span_eq_lower(t, key, uri_fields[i]))
			continue;
		known = true;
		uri_scheme(t, value, &has, &is_http);
		if (!has)
			add_error(ps->out, "no_uri", ps->line_no);
		else if (is_http)
			add_error(ps->out, "no_https", ps->line_no);
	}
	if (span_eq_lower(t, key, "expires")) {
		known = true;
		ps->n_expires++;
		parse_expires(ps, value);
	} else if (span_eq_lower(t, key, "preferred-languages")) {
		size_t start = 0;
		known = true;
		ps->n_lang++;
		/* spec §3.4.2: each comma-separated tag must be RFC 5646 */
		for (size_t i = 0; i <= value.len; i++) {
			long c = cp_at(t, value, i);
			if (c == -1 || c == ',') {
				struct span tag = span_sub(value, start, i - start);
				tag = span_rstrip(t, span_lstrip(t, tag));
				if (!lang_tag_valid(t, tag))
					add_error(ps->out, "invalid_lang", ps->line_no);
				start = i + 1;
			}
		}
	}
	if (!known)
		msg_add(ps->notes, &ps->n_notes, "unknown_field", ps->line_no, NULL);

	if (span_eq_lower(t, key, "contact")) {
		ps->n_contact++;
		if (span_starts(t, value, "mailto:"))
			ps->contact_mailto = true;
	} else if (span_eq_lower(t, key, "canonical")) {
		ps->n_canonical++;
		if (ps->final_url && ps->final_url[0] && span_eq_str(t, value, ps->final_url))
			ps->canonical_match = true;
	} else if (span_eq_lower(t, key, "csaf")) {
		ps->n_csaf++;
		if (!span_ends(t, value, "provider-metadata.json"))
			ps->csaf_bad = true;
	} else if (span_eq_lower(t, key, "encryption")) {
		ps->has_encryption = true;
	}
	return LINE_FIELD;
}

static enum line_type parse_line(struct parser *ps, struct span line)
{
	const struct cptext *t = ps->t;

	line = span_rstrip(t, line);
	if (ps->reading_sig) {
		if (span_eq(t, line, "-----END PGP SIGNATURE-----")) {
			ps->reading_sig = false;
			ps->finished_sig = true;
		}
		return LINE_ENVELOPE;
	}
	if (line.len > 0 && ps->finished_sig) {
		add_error(ps->out, "data_after_sig", ps->line_no);
		return LINE_ERROR;
	}
	/* RFC 4880 §7.1: signed content may be dash-escaped */
	if (ps->is_signed && span_starts(t, line, "- "))
		line = span_sub(line, 2, line.len);
	if (span_eq(t, line, "-----BEGIN PGP SIGNED MESSAGE-----")) {
		if (ps->line_no != 1)
			add_error(ps->out, "signed_format_issue", ps->line_no);
		ps->is_signed = true;
		switch (pgp_check(t)) {
		case PGP_DATA_ERROR:
			add_error(ps->out, "pgp_data_error", ps->line_no);
			break;
		case PGP_ERROR:
			add_error(ps->out, "pgp_error", ps->line_no);
			break;
		case PGP_SIGNATURE_ERROR:
			add_error(ps->out, "pgp_signature_error", ps->line_no);
			break;
		case PGP_OK:
			break;
		}
		return LINE_ENVELOPE;
	}
	if (ps->is_signed && span_eq(t, line, "-----BEGIN PGP SIGNATURE-----")) {
		ps->reading_sig = true;
		return LINE_ENVELOPE;
	}
	if (span_starts(t, line, "#"))
		return LINE_COMMENT;
	if (span_find(t, line, ':') >= 0)
		return parse_field(ps, line);
	if (line.len > 0) {
		add_error(ps->out, "invalid_line", ps->line_no);
		return LINE_ERROR;
	}
	return LINE_EMPTY;
}

void securitytxt_parse(const char *content, size_t len, const char *final_url, time_t now,
                       struct sectxt_result *out)
{
	struct cursor c;
	struct cptext t = { NULL, 0 };
	struct parser *ps;
	struct span all;
	enum line_type last = LINE_EMPTY, prev = LINE_EMPTY;
	size_t start = 0;
	int n_lines = 0;
	bool bad;

	ps = calloc(1, sizeof(*ps));
	if (!ps)
		return;
	cursor_init(&c, content, content ? len : 0);
	/* sectxt _get_str: a leading UTF-8 BOM is removed and reported (line None) */
	if (cursor_len(&c) >= 3) {
		struct cursor peek = c;
		uint8_t bom[3];
		(void)cursor_copy(&peek, bom, 3);
		if (bom[0] == 0xef && bom[1] == 0xbb && bom[2] == 0xbf) {
			c = peek;
			add_error(out, "bom_in_file", 0);
		}
	}
	if (utf8_decode(&c, &t, &bad) < 0)
		goto out;
	if (bad)
		add_error(out, "utf8", 0);

	ps->t = &t;
	ps->out = out;
	ps->final_url = final_url;
	ps->now = now;
	all.off = 0;
	all.len = t.n;
	/* content.split("\n"): n newlines give n + 1 lines */
	for (size_t i = 0; i <= t.n; i++) {
		if (i < t.n && cp_at(&t, all, i) != '\n')
			continue;
		ps->line_no = ++n_lines;
		prev = last;
		last = parse_line(ps, span_sub(all, start, i - start));
		start = i + 1;
	}

	/* validate_contents(): messages without a line, in sectxt's order */
	if (ps->n_expires == 0)
		add_error(out, "no_expire", 0);
	else if (ps->n_expires > 1)
		add_error(out, "multi_expire", 0);
	if (final_url && final_url[0] && ps->n_canonical > 0 && !ps->canonical_match)
		add_error(out, "no_canonical_match", 0);
	if (last != LINE_EMPTY)
		add_error(out, "no_line_separators", n_lines);
	if (ps->is_signed && last == LINE_EMPTY && n_lines >= 2 && prev == LINE_EMPTY)
		add_error(out, "too_many_line_separators", n_lines);
	if (ps->n_csaf > 0) {
		if (ps->csaf_bad)
			add_error(out, "no_csaf_file", 0);
		if (ps->n_csaf > 1)
			add_recommendation(out, "multiple_csaf_fields", 0);
	}
	if (ps->n_contact == 0)
		add_error(out, "no_contact", 0);
	else if (ps->contact_mailto && !ps->has_encryption)
		add_recommendation(out, "no_encryption", 0);
	if (ps->n_lang > 1)
		add_error(out, "multi_lang", 0);
	if (!ps->is_signed)
		add_recommendation(out, "not_signed", 0);
	if (ps->is_signed && ps->n_canonical == 0)
		add_recommendation(out, "no_canonical", 0);
	/* spec §3.4.2: notifications are reported as recommendations */
	for (size_t i = 0; i < ps->n_notes; i++)
		add_recommendation(out, ps->notes[i].code, ps->notes[i].line);
out:
	free(t.cp);
	free(ps);
}

/* ---- retrieval (steps 1-3, 5) ---- */

/*
 * cgi.parse_header as internet.nl uses it: the media type before the first
 * ';' (outside quotes), then name=value parameters; returns the charset
 * parameter (lowercased, quotes removed; the last one wins) in `charset`, or
 * "utf-8" when absent.
 */
static void content_type_parse(const char *ct, char *media, size_t media_len, char *charset,
                               size_t charset_len)
{
	struct text tx = { ct, strlen(ct) };
	size_t pos = 0, part = 0;

	snprintf(charset, charset_len, "utf-8");
	media[0] = '\0';
	while (pos <= tx.len) {
		size_t end = pos, quotes = 0, s, e, eq;
		/* a ';' inside an odd number of (unescaped) quotes does not split */
		while (end < tx.len && (txt_at(&tx, end) != ';' || quotes % 2)) {
			if (txt_at(&tx, end) == '"' && !(end > pos && txt_at(&tx, end - 1) == '\\'))
				quotes++;
			end++;
		}
		s = pos;
		e = end;
		while (s < e && py_isspace(txt_at(&tx, s)))
			s++;
		while (e > s && py_isspace(txt_at(&tx, e - 1)))
			e--;
		if (part == 0) {
			size_t n = e - s < media_len - 1 ? e - s : media_len - 1;
			for (size_t k = 0; k < n; k++)
				media[k] = (char)lower_ascii(txt_at(&tx, s + k));
			media[n] = '\0';
		} else {
			for (eq = s; eq < e && txt_at(&tx, eq) != '='; eq++)
				;
			if (eq < e) {
				size_t ns = s, ne = eq, vs = eq + 1, ve = e;
				while (ne > ns && py_isspace(txt_at(&tx, ne - 1)))
					ne--;
				while (vs < ve && py_isspace(txt_at(&tx, vs)))
					vs++;
				if (ne - ns == 7 && match_ci(&tx, ns, "charset")) {
					size_t n = 0;
					if (ve - vs >= 2 && txt_at(&tx, vs) == '"' && txt_at(&tx, ve - 1) == '"') {
						vs++;
						ve--;
					}
					for (size_t k = vs; k < ve && n + 1 < charset_len; k++)
						charset[n++] = (char)lower_ascii(txt_at(&tx, k));
					charset[n] = '\0';
				}
			}
		}
		part++;
		pos = end + 1;
	}
}

bool securitytxt_check_response(long status, const char *content_type, struct sectxt_result *out)
{
	char media[128], charset[64];

	if (status == 0 || status == 404) {
		msg_add(out->errors, &out->n_errors, "no_security_txt_404", 0, NULL);
		return false;
	}
	if (status != 200) {
		char ctx[32];
		snprintf(ctx, sizeof(ctx), "%ld", status);
		msg_add(out->errors, &out->n_errors, "no_security_txt_other", 0, ctx);
		return false;
	}
	/* spec §3.4.2 step 3: without text/plain the content is likely HTML: not parsed */
	if (!content_type || !content_type[0]) {
		add_error(out, "no_content_type", 0);
		return false;
	}
	content_type_parse(content_type, media, sizeof(media), charset, sizeof(charset));
	if (strcmp(media, "text/plain") != 0) {
		add_error(out, "invalid_media", 0);
		return false;
	}
	if (strcmp(charset, "utf-8") != 0 && strcmp(charset, "csutf8") != 0)
		add_error(out, "invalid_charset", 0);
	return true;
}

/* Host of an absolute URL ("https://host:port/path" -> "host"), lowercased. */
static void url_host(const char *url, char *host, size_t hostlen)
{
	struct text tx = { url, strlen(url) };
	size_t i = 0, n = 0;

	host[0] = '\0';
	while (i < tx.len && txt_at(&tx, i) != ':')
		i++;
	if (!(txt_at(&tx, i) == ':' && txt_at(&tx, i + 1) == '/' && txt_at(&tx, i + 2) == '/'))
		return;
	i += 3;
	/* userinfo */
	for (size_t k = i; k < tx.len && txt_at(&tx, k) != '/' && txt_at(&tx, k) != '?'
	                   && txt_at(&tx, k) != '#'; k++)
		if (txt_at(&tx, k) == '@')
			i = k + 1;
	if (txt_at(&tx, i) == '[') {
		i++;
		while (i < tx.len && txt_at(&tx, i) != ']' && n + 1 < hostlen)
			host[n++] = (char)lower_ascii(txt_at(&tx, i++));
	} else {
		while (i < tx.len && txt_at(&tx, i) != ':' && txt_at(&tx, i) != '/' && txt_at(&tx, i) != '?'
		       && txt_at(&tx, i) != '#' && n + 1 < hostlen)
			host[n++] = (char)lower_ascii(txt_at(&tx, i++));
	}
	host[n] = '\0';
}

static void fetch(const char *name, const struct netaddr *addr, const char *path, deadline_t deadline,
                  struct http_response *resp)
{
	char url[512];
	struct http_request req;

	snprintf(url, sizeof(url), "https://%s%s", name, path);
	memset(&req, 0, sizeof(req));
	req.url = url;
	req.addr = addr;
	req.follow_redirects = true;
	req.max_body = SECTXT_MAX_BYTES;   /* spec §3.4.2 step 2 */
	req.deadline = deadline;
	(void)http_get(&req, resp);
}

void securitytxt_probe(const char *name, const struct netaddr *addr, deadline_t deadline,
                       struct sectxt_result *out)
{
	struct http_response resp;
	struct netaddr pinned = *addr;
	bool legacy = false, parse;

	memset(out, 0, sizeof(*out));
	memset(&resp, 0, sizeof(resp));
	snprintf(out->found_host, sizeof(out->found_host), "%s", name);
	pinned.port = 443;
	fetch(name, &pinned, "/.well-known/security.txt", deadline, &resp);
	if (resp.refused)   /* a redirect to a special-purpose address: named in a warning */
		snprintf(out->refused, sizeof(out->refused), "%s", resp.error);
	/* spec §3.4.2 step 1: a network error ends retrieval (no legacy attempt) */
	if (!resp.ok) {
		(void)securitytxt_check_response(0, NULL, out);
		goto out;
	}
	if (resp.status != 200) {
		http_response_free(&resp);
		fetch(name, &pinned, "/security.txt", deadline, &resp);
		legacy = true;
		if (resp.refused)
			snprintf(out->refused, sizeof(out->refused), "%s", resp.error);
		if (!resp.ok) {
			(void)securitytxt_check_response(0, NULL, out);
			goto out;
		}
	}
	/* step 2: found_host is the final URL's host when redirected */
	if (resp.redirects > 0 && resp.final_url) {
		char host[256];
		url_host(resp.final_url, host, sizeof(host));
		if (host[0])
			snprintf(out->found_host, sizeof(out->found_host), "%s", host);
	}
	parse = securitytxt_check_response(resp.status, http_header_get(&resp, "Content-Type"), out);
	if (resp.status == 200 && legacy)
		add_error(out, "location", 0);
	/* step 5: enabled only with content to evaluate */
	if (parse && resp.body_len > 0) {
		out->found = true;
		securitytxt_parse(resp.body, resp.body_len, resp.final_url, time(NULL), out);
	}
out:
	http_response_free(&resp);
}

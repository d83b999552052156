/*
 * headers.c -- HTTP header rules of spec §3.3.5 (HSTS, HTTPS redirect) and
 * §3.4 (X-Frame-Options, X-Content-Type-Options, Referrer-Policy).
 *
 * Each rule reproduces internet.nl's Python (checks/tasks/http_headers.py and
 * checks/tasks/tls/http.py) on the header value as requests hands it over:
 * str.split(","), str.strip(), str.lower()/upper(), int(), urlparse(). The
 * header bytes are ISO-8859-1 to Python's http.client, so "whitespace" is what
 * str.strip() removes from Latin-1 text (py_space below). Case mapping is ASCII
 * only: no Latin-1 letter maps to an ASCII one under lower()/upper() except
 * 'ß' -> "SS", and no compared keyword contains "SS".
 *
 * Values are scanned by index through core/text.h (txt_at returns -1 past the
 * end), so nothing reads past the terminator (STYLE rule 5).
 */
#include "checks/headers.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* A part [start, end) of a text. */
struct span {
	size_t start, end;
};

/* Python str.isspace() on a Latin-1 decoded byte: \t \n \v \f \r, the C0
 * separators 0x1c-0x1f, space, NEL (0x85) and NBSP (0xa0). */
static bool py_space(int c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0;
}

/* The whitespace int() strips: as str.isspace() but without 0x1c-0x1f
 * (int("\x1c5") raises, "\x1c5".strip() does not keep it). */
static bool py_int_space(int c)
{
	return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 || c == 0xa0;
}

static void text_of(struct text *t, const char *s)
{
	t->s = s;
	t->len = strlen(s);
}

/* str.strip() of the span. */
static struct span span_strip(const struct text *t, struct span sp)
{
	while (sp.start < sp.end && py_space(txt_at(t, sp.start)))
		sp.start++;
	while (sp.end > sp.start && py_space(txt_at(t, sp.end - 1)))
		sp.end--;
	return sp;
}

/* value.split(",")[0].strip() */
static struct span first_element(const struct text *t)
{
	struct span sp = { 0, 0 };

	while (sp.end < t->len && txt_at(t, sp.end) != ',')
		sp.end++;
	return span_strip(t, sp);
}

/* value.split(",")[-1].strip() */
static struct span last_element(const struct text *t)
{
	struct span sp = { t->len, t->len };

	while (sp.start > 0 && txt_at(t, sp.start - 1) != ',')
		sp.start--;
	return span_strip(t, sp);
}

/* The span equals `lit` exactly (case-sensitive). */
static bool span_eq(const struct text *t, struct span sp, const char *lit)
{
	size_t n = strlen(lit);

	if (sp.end - sp.start != n)
		return false;
	for (size_t k = 0; k < n; k++)
		if (txt_at(t, sp.start + k) != (unsigned char)lit[k])
			return false;
	return true;
}

/* The span equals `lit` (lowercase) ASCII case-insensitively. */
static bool span_eq_ci(const struct text *t, struct span sp, const char *lit)
{
	size_t n = strlen(lit);

	return sp.end - sp.start == n && match_ci(t, sp.start, lit);
}

/* First position >= from and < end where the lowercase literal `lit` starts
 * (case-insensitively), or `end` when none fits. */
static size_t find_ci(const struct text *t, size_t from, size_t end, const char *lit)
{
	size_t n = strlen(lit);

	for (size_t i = from; i + n <= end; i++)
		if (match_ci(t, i, lit))
			return i;
	return end;
}

/*
 * Python int(s) for a base-10 string: surrounding whitespace, an optional sign,
 * digits with single '_' separators between them (PEP 515 applies to int() of a
 * str, so int("31_536_000") is 31536000; we accept it to match). Values beyond
 * long long saturate (Python's ints are unbounded; only the comparison with one
 * year matters). Returns 0, or -1 when Python would raise ValueError.
 */
static int py_int(const struct text *t, struct span sp, long long *out)
{
	bool neg = false, digit_seen = false, underscore = false;
	unsigned long long v = 0, limit;
	size_t i;

	while (sp.start < sp.end && py_int_space(txt_at(t, sp.start)))
		sp.start++;
	while (sp.end > sp.start && py_int_space(txt_at(t, sp.end - 1)))
		sp.end--;
	i = sp.start;
	if (i < sp.end && (txt_at(t, i) == '+' || txt_at(t, i) == '-')) {
		neg = txt_at(t, i) == '-';
		i++;
	}
	limit = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
	for (; i < sp.end; i++) {
		int c = txt_at(t, i);

		if (c == '_') {
			if (!digit_seen || underscore)
				return -1;    /* leading or doubled separator */
			underscore = true;
			continue;
		}
		if (!is_digit(c))
			return -1;
		digit_seen = true;
		underscore = false;
		if (v > (limit - (unsigned long long)(c - '0')) / 10)
			v = limit;        /* saturate */
		else
			v = v * 10 + (unsigned long long)(c - '0');
	}
	if (!digit_seen || underscore)
		return -1;                /* empty, sign only, or trailing separator */
	if (neg)
		*out = v > (unsigned long long)LLONG_MAX ? LLONG_MIN : -(long long)v;
	else
		*out = (long long)v;
	return 0;
}

enum hsts_state hsts_evaluate(const char *value, long long *max_age)
{
	struct text t;
	struct span first, num;
	size_t at, semi, again;
	long long v;

	*max_age = -1;
	/* spec §3.3.5: absent (or empty: Python `not value`) → bad */
	if (!value || !value[0])
		return HSTS_BAD;
	text_of(&t, value);
	/* only the first comma-separated element counts (merged repeated headers) */
	first = first_element(&t);
	/* .lower().split("max-age=")[1]: after the first "max-age=", up to the next one */
	at = find_ci(&t, first.start, first.end, "max-age=");
	if (at == first.end)
		return HSTS_BAD;          /* IndexError: no max-age */
	num.start = at + strlen("max-age=");
	again = find_ci(&t, num.start, first.end, "max-age=");
	/* .split(";")[0] */
	semi = num.start;
	while (semi < again && txt_at(&t, semi) != ';')
		semi++;
	num.end = semi;
	if (py_int(&t, num, &v) < 0)
		return HSTS_BAD;          /* ValueError: quotes, junk, empty */
	*max_age = v;
	/* spec §3.3.5 / §8 item 10: shorter than one year (incl. 0 and negatives) → 2 points */
	return v >= HSTS_MIN_MAX_AGE ? HSTS_GOOD : HSTS_SHORT;
}

/*
 * urllib.parse.urlsplit(url).hostname, then `name == hostname`. Python strips
 * leading C0 controls and spaces and removes tab/CR/LF anywhere before parsing;
 * the scheme is the text before the first ':' when it is a letter followed by
 * letters, digits, '+', '-', '.'; the netloc follows "//" up to '/', '?' or '#';
 * the host is after the last '@' and before the first ':'. A bracketed host is an
 * IPv6 literal (or a ValueError) and can never equal a domain name.
 */
bool redirect_target_good(const char *url, const char *name)
{
	struct text t, nt;
	char *clean;
	size_t len, i = 0, k = 0, colon, netloc_start, netloc_end, host_start, host_end;
	bool good = false;

	if (!url || !name || !name[0])
		return false;
	len = strlen(url);
	clean = malloc(len + 1);
	if (!clean)
		return false;
	text_of(&t, url);
	while (i < len && txt_at(&t, i) <= 0x20)
		i++;
	for (; i < len; i++) {
		int c = txt_at(&t, i);

		if (c != '\t' && c != '\r' && c != '\n')
			clean[k++] = (char)c;
	}
	clean[k] = '\0';
	t.s = clean;
	t.len = k;

	/* scheme: must be "https" (case-insensitively, urlsplit lowercases it) */
	colon = 0;
	while (colon < t.len && txt_at(&t, colon) != ':')
		colon++;
	if (colon != strlen("https") || !match_ci(&t, 0, "https"))
		goto out;
	/* netloc: only after "//" */
	netloc_start = colon + 1;
	if (txt_at(&t, netloc_start) != '/' || txt_at(&t, netloc_start + 1) != '/')
		goto out;
	netloc_start += 2;
	netloc_end = netloc_start;
	while (netloc_end < t.len && txt_at(&t, netloc_end) != '/' && txt_at(&t, netloc_end) != '?' &&
	       txt_at(&t, netloc_end) != '#')
		netloc_end++;
	/* hostinfo: after the last '@' */
	host_start = netloc_start;
	for (i = netloc_start; i < netloc_end; i++)
		if (txt_at(&t, i) == '@')
			host_start = i + 1;
	for (i = host_start; i < netloc_end; i++)
		if (txt_at(&t, i) == '[' || txt_at(&t, i) == ']')
			goto out;
	/* spec §3.3.5 step 3: the port may be explicit; the host must equal the name */
	host_end = host_start;
	while (host_end < netloc_end && txt_at(&t, host_end) != ':')
		host_end++;
	text_of(&nt, name);
	if (host_end - host_start != nt.len)
		goto out;
	good = true;
	for (i = 0; i < nt.len; i++)
		if (lower_ascii(txt_at(&t, host_start + i)) != lower_ascii(txt_at(&nt, i)))
			good = false;
out:
	free(clean);
	return good;
}

bool x_frame_options_good(const char *value)
{
	struct text t;
	struct span first;

	if (!value || !value[0])
		return false;
	text_of(&t, value);
	/* spec §3.4: values[0].upper() in ("DENY", "SAMEORIGIN"); ALLOW-FROM is bad */
	first = first_element(&t);
	return span_eq_ci(&t, first, "deny") || span_eq_ci(&t, first, "sameorigin");
}

bool x_content_type_options_good(const char *value)
{
	struct text t;

	if (!value || !value[0])
		return false;
	text_of(&t, value);
	/* spec §3.4: values[0].lower() == "nosniff" */
	return span_eq_ci(&t, first_element(&t), "nosniff");
}

static const char *const referrer_good[] = { "no-referrer", "same-origin" };
static const char *const referrer_recommend[] = { "strict-origin", "strict-origin-when-cross-origin" };
static const char *const referrer_bad[] = {
	"origin", "origin-when-cross-origin", "no-referrer-when-downgrade", "unsafe-url",
};

static const char *span_in(const struct text *t, struct span sp, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (span_eq(t, sp, set[i]))
			return set[i];
	return NULL;
}

static void msgid_set(char *msgid, size_t len, const char *prefix, const char *value)
{
	if (len > 0)
		snprintf(msgid, len, "%s%s", prefix, value);
}

enum referrer_class referrer_policy_evaluate(const char *value, char *msgid, size_t len)
{
	struct text t = { "", 0 };
	struct span last;
	const char *hit;

	msgid_set(msgid, len, "", "");
	if (value)
		text_of(&t, value);
	/* spec §3.4: absent or empty (after strip) → recommendations, msgid no-policy */
	if (!value || span_strip(&t, (struct span){ 0, t.len }).start == t.len) {
		msgid_set(msgid, len, "no-policy", "");
		return REFERRER_RECOMMENDATIONS;
	}
	/* the last comma-separated token is the effective policy (fallback lists) */
	last = last_element(&t);
	if (span_in(&t, last, referrer_good, sizeof(referrer_good) / sizeof(referrer_good[0])))
		return REFERRER_GOOD;
	if (span_in(&t, last, referrer_recommend, sizeof(referrer_recommend) / sizeof(referrer_recommend[0]))) {
		/* §8 item 41: the msgid embeds the whole header value, not the token */
		msgid_set(msgid, len, "recommendation-", value);
		return REFERRER_RECOMMENDATIONS;
	}
	hit = span_in(&t, last, referrer_bad, sizeof(referrer_bad) / sizeof(referrer_bad[0]));
	if (hit)
		msgid_set(msgid, len, "bad-", hit);
	else
		msgid_set(msgid, len, "bad-invalid", "");
	return REFERRER_BAD;
}

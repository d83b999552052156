/*
 * similarity.c -- page distance for the IPv4/IPv6 same-website subtest
 * (spec §3.1 step 3, §8 item 36). See similarity.h.
 *
 * internet.nl parses each body with BeautifulSoup (html.parser), deletes the
 * `nonce` attribute of every <script>/<style> element, extracts every
 * <input name="__VIEWSTATE"> element, re-serialises with prettify("latin-1")
 * and feeds the two byte strings to difflib.SequenceMatcher.quick_ratio().
 * We do not re-serialise: we remove the same things from the raw bytes with a
 * small tag scanner and compare the remaining bytes. This is a documented
 * approximation -- identical pages (up to nonces and view state) still give 0,
 * and large differences stay large; prettify's indentation changes the byte
 * counts slightly, so distances near the threshold can differ by a little.
 *
 * quick_ratio only depends on the two byte histograms, so the normaliser does
 * not build the normalised text: it counts the bytes it would keep.
 * The body bytes are untrusted; they are read through the cursor only
 * (STYLE rule 5).
 */
#include "checks/similarity.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/cursor.h"

struct histogram {
	uint64_t count[256];
	uint64_t total;
};

enum tag_kind { TAG_OTHER, TAG_SCRIPT, TAG_STYLE, TAG_INPUT };

/* The byte at the cursor, or -1 at the end. */
static int peek(const struct cursor *c)
{
	struct cursor t = *c;
	uint8_t ch;
	return cursor_get_u8(&t, &ch) < 0 ? -1 : ch;
}

static int peek_at(const struct cursor *c, size_t off)
{
	struct cursor t = *c;
	uint8_t ch;
	if (cursor_skip(&t, off) < 0 || cursor_get_u8(&t, &ch) < 0)
		return -1;
	return ch;
}

static void advance(struct cursor *c)
{
	(void)cursor_skip(c, 1);
}

static bool is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

static bool is_alpha(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

/* Do the bytes at `c` start with `lit` (ASCII case-insensitively)? */
static bool match_ci(const struct cursor *c, const char *lit)
{
	struct cursor t = *c;
	for (; *lit; lit++) {
		uint8_t ch;
		if (cursor_get_u8(&t, &ch) < 0 || lower(ch) != lower((unsigned char)*lit))
			return false;
	}
	return true;
}

/* Bytes between two positions of one buffer (`to` is `from` advanced). */
static size_t span_len(const struct cursor *from, const struct cursor *to)
{
	return cursor_len(from) - cursor_len(to);
}

static bool span_equal_ci(const struct cursor *from, const struct cursor *to, const char *lit)
{
	return span_len(from, to) == strlen(lit) && match_ci(from, lit);
}

static bool span_equal(const struct cursor *from, const struct cursor *to, const char *lit)
{
	struct cursor t = *from;
	if (span_len(from, to) != strlen(lit))
		return false;
	for (; *lit; lit++) {
		uint8_t ch;
		if (cursor_get_u8(&t, &ch) < 0 || ch != (unsigned char)*lit)
			return false;
	}
	return true;
}

/* Count the bytes from `from` up to `to` (no-op when h is NULL). */
static void count_span(struct histogram *h, const struct cursor *from, const struct cursor *to)
{
	struct cursor t = *from;
	size_t n = span_len(from, to);

	if (!h)
		return;
	h->total += n;
	while (n-- > 0) {
		uint8_t ch;
		(void)cursor_get_u8(&t, &ch);
		h->count[ch]++;
	}
}

static void count_rest(struct histogram *h, struct cursor *c)
{
	struct cursor end = *c;
	(void)cursor_skip(&end, cursor_len(c));
	count_span(h, c, &end);
	*c = end;
}

/*
 * Scan a start tag at `c` ('<' followed by a letter), roughly as Python's
 * html.parser does: name up to space, '/' or '>'; attributes name[=value]
 * with "..", '..' or unquoted values. On success `c` is moved past the '>',
 * the kept bytes are counted into `h` (if non-NULL) -- without the nonce
 * attributes when `strip_nonce` -- and 0 is returned; -1 if the tag never
 * ends (c unchanged).
 */
static int tag_scan(struct cursor *c, struct histogram *h, bool strip_nonce,
                    enum tag_kind *kind, bool *viewstate)
{
	struct cursor t = *c, name;
	int ch;

	*viewstate = false;
	advance(&t);                    /* '<' */
	name = t;
	while ((ch = peek(&t)) >= 0 && !is_space(ch) && ch != '/' && ch != '>')
		advance(&t);
	if (span_equal_ci(&name, &t, "script"))
		*kind = TAG_SCRIPT;
	else if (span_equal_ci(&name, &t, "style"))
		*kind = TAG_STYLE;
	else if (span_equal_ci(&name, &t, "input"))
		*kind = TAG_INPUT;
	else
		*kind = TAG_OTHER;
	if (h) {
		struct cursor head = *c;
		count_span(h, &head, &t);
	}

	for (;;) {
		struct cursor mark = t, an, an_end, vs = t, ve = t;
		bool has_value = false;

		while ((ch = peek(&t)) >= 0 && (is_space(ch) || ch == '/'))
			advance(&t);
		if (ch < 0)
			return -1;
		if (ch == '>') {
			advance(&t);
			count_span(h, &mark, &t);
			*c = t;
			return 0;
		}
		an = t;
		advance(&t);            /* a name has at least one byte (even '=') */
		while ((ch = peek(&t)) >= 0 && !is_space(ch) && ch != '/' && ch != '>' && ch != '=')
			advance(&t);
		an_end = t;

		/* optional: spaces '=' spaces value */
		struct cursor v = t;
		while (is_space(peek(&v)))
			advance(&v);
		if (peek(&v) == '=') {
			int quote;
			advance(&v);
			while (is_space(peek(&v)))
				advance(&v);
			quote = peek(&v);
			if (quote == '"' || quote == '\'') {
				advance(&v);
				vs = v;
				while ((ch = peek(&v)) >= 0 && ch != quote)
					advance(&v);
				if (ch < 0)
					return -1;
				ve = v;
				advance(&v);
			} else {
				vs = v;
				while ((ch = peek(&v)) >= 0 && !is_space(ch) && ch != '>')
					advance(&v);
				ve = v;
			}
			has_value = true;
			t = v;
		}

		if (strip_nonce && span_equal_ci(&an, &an_end, "nonce"))
			;               /* spec §3.1 step 3: nonce deleted, with its leading space */
		else
			count_span(h, &mark, &t);
		if (*kind == TAG_INPUT && has_value && span_equal_ci(&an, &an_end, "name") &&
		    span_equal(&vs, &ve, "__VIEWSTATE"))
			*viewstate = true;
	}
}

/* Is the cursor at the end tag of a raw-text element ("</script", "</style")? */
static bool at_end_tag(const struct cursor *c, enum tag_kind kind)
{
	return match_ci(c, kind == TAG_SCRIPT ? "</script" : "</style");
}

/* Count the bytes of `buf` (cut to SIMILARITY_MAX_BODY) that normalisation keeps. */
static void normalise_count(const char *buf, size_t len, struct histogram *h)
{
	struct cursor c;

	cursor_init(&c, buf, len > SIMILARITY_MAX_BODY ? SIMILARITY_MAX_BODY : len);
	while (cursor_len(&c) > 0) {
		struct cursor text = c;
		int ch, next;

		while ((ch = peek(&c)) >= 0 && ch != '<')
			advance(&c);
		count_span(h, &text, &c);
		if (ch < 0)
			break;
		next = peek_at(&c, 1);

		if (next == '!' && match_ci(&c, "<!--")) {
			/* a comment is kept verbatim; a '<' inside it is no tag */
			struct cursor start = c;
			(void)cursor_skip(&c, 4);
			while (cursor_len(&c) > 0 && !match_ci(&c, "-->"))
				advance(&c);
			(void)cursor_skip(&c, cursor_len(&c) >= 3 ? 3 : cursor_len(&c));
			count_span(h, &start, &c);
			continue;
		}
		if (is_alpha(next)) {
			struct cursor probe = c;
			enum tag_kind kind;
			bool viewstate;

			if (tag_scan(&probe, NULL, false, &kind, &viewstate) < 0) {
				count_rest(h, &c);      /* unterminated tag: text to the end */
				break;
			}
			if (kind == TAG_INPUT && viewstate) {
				c = probe;              /* spec §3.1 step 3: element removed */
				continue;
			}
			(void)tag_scan(&c, h, kind == TAG_SCRIPT || kind == TAG_STYLE, &kind, &viewstate);
			if (kind == TAG_SCRIPT || kind == TAG_STYLE) {
				/* raw text: no tags inside until the end tag */
				struct cursor body = c;
				while (cursor_len(&c) > 0 && !at_end_tag(&c, kind))
					advance(&c);
				count_span(h, &body, &c);
			}
			continue;
		}
		/* a lone '<' (end tag, declaration, text): kept as it is */
		text = c;
		advance(&c);
		count_span(h, &text, &c);
	}
}

double similarity_distance_exact(const char *a, size_t alen, const char *b, size_t blen)
{
	struct histogram ha, hb;
	uint64_t matches = 0, length;
	double ratio;
	volatile double scaled;     /* keep ratio*100 rounded on its own, as Python does */

	memset(&ha, 0, sizeof(ha));
	memset(&hb, 0, sizeof(hb));
	normalise_count(a, alen, &ha);
	normalise_count(b, blen, &hb);
	for (size_t i = 0; i < 256; i++)
		matches += ha.count[i] < hb.count[i] ? ha.count[i] : hb.count[i];
	length = ha.total + hb.total;
	/* difflib._calculate_ratio: 2.0 * matches / length, 1.0 when length is 0 */
	if (length == 0) {
		ratio = 1.0;
	} else {
		volatile double twice = 2.0 * (double)matches;
		ratio = twice / (double)length;
	}
	scaled = ratio * 100.0;
	return 100.0 - scaled;
}

int similarity_distance(const char *a, size_t alen, const char *b, size_t blen)
{
	double d = similarity_distance_exact(a, alen, b, blen);

	/* Python int(): truncation toward zero; d is within 0.0 .. 100.0 */
	return (int)d;
}

/*
 * smtp.c -- the SMTP reply parser (spec §3.10). See smtp.h. Bytes are read
 * only through the cursor (STYLE rule 5), also those of the kept line copy.
 */
#include "tls/smtp.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/cursor.h"

static void smtp_why(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void smtp_why(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (!why || whylen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

/* Take the next line off `cur` and copy its first cap - 1 bytes into `line`, without
 * the LF and one CR kept just before it: 1 = a line, 0 = no LF yet. */
static int line_get(struct cursor *cur, char *line, size_t cap, size_t *linelen)
{
	struct cursor scan = *cur;
	size_t kept = 0;
	uint8_t b;

	while (cursor_get_u8(&scan, &b) == 0) {
		if (b == '\n') {
			if (kept > 0 && line[kept - 1] == '\r')
				kept--;
			line[kept] = '\0';
			*linelen = kept;
			*cur = scan;
			return 1;
		}
		if (kept + 1 < cap)
			line[kept++] = (char)b;
	}
	return 0;
}

/* Parse a reply line "DDD-text" / "DDD text" / "DDD": 0 with the code, whether it is
 * the last line and its text, -1 malformed. */
static int line_parse(struct cursor *line, int *code, bool *last, struct cursor *text)
{
	uint8_t b;

	*code = 0;
	for (int i = 0; i < 3; i++) {
		if (cursor_get_u8(line, &b) < 0 || b < '0' || b > '9')
			return -1;
		*code = *code * 10 + (b - '0');
	}
	if (cursor_get_u8(line, &b) < 0) {
		*last = true;               /* "DDD" alone */
	} else if (b == ' ' || b == '-') {
		*last = b == ' ';
	} else {
		return -1;
	}
	*text = *line;
	return 0;
}

/* The text is the EHLO keyword STARTTLS: leading spaces, any case, trailing spaces and
 * tabs. A NUL byte ends the text (it was a C string before the parser was split out). */
static bool text_is_starttls(struct cursor *t)
{
	static const char kw[] = "STARTTLS";
	uint8_t b = 0;
	bool more;

	while ((more = cursor_get_u8(t, &b) == 0) && b == ' ')
		;
	for (size_t i = 0; i < sizeof kw - 1; i++) {
		if (i > 0)
			more = cursor_get_u8(t, &b) == 0;
		if (!more)
			return false;
		if (b >= 'a' && b <= 'z')
			b = (uint8_t)(b - 'a' + 'A');
		if (b != (uint8_t)kw[i])
			return false;
	}
	while (cursor_get_u8(t, &b) == 0) {
		if (b == '\0')
			return true;
		if (b != ' ' && b != '\t')
			return false;
	}
	return true;
}

int smtp_reply_parse(const uint8_t *buf, size_t len, struct smtp_reply *r, size_t *used,
                     char *why, size_t whylen)
{
	struct cursor cur;
	char line[SMTP_LINE_MAX];
	int first_code = -1;

	memset(r, 0, sizeof *r);
	*used = 0;
	if (why && whylen > 0)
		why[0] = '\0';
	/* only the first SMTP_REPLY_MAX bytes can hold the reply */
	cursor_init(&cur, buf, len < SMTP_REPLY_MAX ? len : SMTP_REPLY_MAX);
	for (;;) {
		struct cursor lc, text;
		size_t linelen;
		int code, got;
		bool last;

		got = line_get(&cur, line, sizeof line, &linelen);
		if (got == 0) {
			if (len < SMTP_REPLY_MAX)
				return 0;
			smtp_why(why, whylen, "reply over %d bytes", SMTP_REPLY_MAX);
			return -1;
		}
		cursor_init(&lc, line, linelen);
		if (line_parse(&lc, &code, &last, &text) < 0) {
			smtp_why(why, whylen, "malformed reply line");
			return -1;
		}
		if (first_code >= 0 && code != first_code) {
			smtp_why(why, whylen, "reply codes differ within one reply");
			return -1;
		}
		first_code = code;
		if (++r->lines > SMTP_LINES_MAX) {
			smtp_why(why, whylen, "reply over %d lines", SMTP_LINES_MAX);
			return -1;
		}
		if (text_is_starttls(&text))
			r->starttls = true;
		if (last) {
			r->code = code;
			*used = (len < SMTP_REPLY_MAX ? len : SMTP_REPLY_MAX) - cursor_len(&cur);
			return 1;
		}
	}
}

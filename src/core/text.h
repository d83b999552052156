/*
 * text.h -- bounded access to a text (a string with its length), for the
 * hand-written grammars (SPF, DMARC, ...). Reading at or past the end yields
 * -1 instead of a byte, so a scanner can look ahead without bounds checks of
 * its own (STYLE rule 5 for text grammars).
 */
#ifndef INETCHECK_CORE_TEXT_H
#define INETCHECK_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct text {
	const char *s;
	size_t len;
};

/* The byte at `i`, or -1 at or past the end. */
static inline int txt_at(const struct text *t, size_t i)
{
	return i < t->len ? (unsigned char)t->s[i] : -1;
}

static inline int lower_ascii(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static inline bool is_digit(int c) { return c >= '0' && c <= '9'; }
static inline bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static inline bool is_alnum(int c) { return is_digit(c) || is_alpha(c); }

/* True if the text at `pos` starts with `lit` (lowercase), ASCII case-insensitively. */
static inline bool match_ci(const struct text *t, size_t pos, const char *lit)
{
	for (size_t k = 0; lit[k]; k++)
		if (lower_ascii(txt_at(t, pos + k)) != lit[k])
			return false;
	return true;
}

#endif

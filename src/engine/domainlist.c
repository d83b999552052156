/* domainlist.c -- see domainlist.h. */
#include "engine/domainlist.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/domain.h"

void domainlist_init(struct domainlist *l, FILE *in, bool mail)
{
	memset(l, 0, sizeof(*l));
	l->in = in;
	l->mail = mail;
}

void domainlist_free(struct domainlist *l)
{
	free(l->seen);
	free(l->buf);
	l->seen = NULL;
	l->buf = NULL;
}

/* FNV-1a, 64 bits; 0 is the empty slot, so it is mapped to 1. */
static uint64_t name_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;
}

static bool seen_insert_at(uint64_t *tab, size_t cap, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);

	while (tab[i] != 0) {
		if (tab[i] == h)
			return false;
		i = (i + 1) & (cap - 1);
	}
	tab[i] = h;
	return true;
}

/* 1 when added, 0 when it was there, -1 out of memory. Two distinct names with
 * the same 64-bit hash would be taken for one (odds about n^2 / 2^65). */
static int seen_add(struct domainlist *l, const char *name)
{
	uint64_t h = name_hash(name);

	if ((l->seen_n + 1) * 2 > l->seen_cap) {
		size_t cap = l->seen_cap ? l->seen_cap * 2 : 1024;
		uint64_t *tab = calloc(cap, sizeof(*tab));
		if (!tab)
			return -1;
		for (size_t i = 0; i < l->seen_cap; i++)
			if (l->seen[i])
				(void)seen_insert_at(tab, cap, l->seen[i]);
		free(l->seen);
		l->seen = tab;
		l->seen_cap = cap;
	}
	if (!seen_insert_at(l->seen, l->seen_cap, h))
		return 0;
	l->seen_n++;
	return 1;
}

/* Skip the rest of an overlong line. */
static void skip_line(FILE *in)
{
	int c;

	while ((c = getc(in)) != EOF && c != '\n')
		;
}

/*
 * One line into l->buf without its end of line: its length, -1 at the end, -2 when
 * it is longer than DOMAINLIST_LINE_MAX (skipped), -3 on a read error. A NUL byte
 * is kept as one, so the caller can refuse it.
 */
static long read_line(struct domainlist *l)
{
	size_t n = 0;
	int c;

	if (!l->buf) {
		l->buf_cap = DOMAINLIST_LINE_MAX + 2;
		l->buf = malloc(l->buf_cap);
		if (!l->buf)
			return -3;
	}
	while ((c = getc(l->in)) != EOF && c != '\n') {
		if (n == DOMAINLIST_LINE_MAX) {
			skip_line(l->in);
			l->line++;
			return -2;
		}
		l->buf[n++] = (char)c;
	}
	if (c == EOF && ferror(l->in))
		return -3;
	if (c == EOF && n == 0)
		return -1;
	l->line++;
	if (n > 0 && l->buf[n - 1] == '\r')
		n--;                   /* CRLF lists */
	l->buf[n] = '\0';
	return (long)n;
}

enum domainlist_entry domainlist_next(struct domainlist *l, char domain[256], char *why,
                                      size_t why_len)
{
	struct error err = {{0}};

	for (;;) {
		long n = read_line(l);
		const char *p;

		if (n == -1)
			return DOMAINLIST_END;
		if (n == -3) {
			snprintf(why, why_len, "read failed: %s", errno ? strerror(errno) : "out of memory");
			return DOMAINLIST_ERROR;
		}
		if (n == -2) {
			l->invalid++;
			snprintf(why, why_len, "line longer than %d characters", DOMAINLIST_LINE_MAX);
			return DOMAINLIST_INVALID;
		}
		if (memchr(l->buf, '\0', (size_t)n)) {
			l->invalid++;
			snprintf(why, why_len, "NUL byte in the line");
			return DOMAINLIST_INVALID;
		}
		for (p = l->buf; isspace((unsigned char)*p); p++)
			;
		if (*p == '\0' || *p == '#') {
			l->blank++;
			continue;
		}
		if (domain_normalise(p, l->mail, domain, 256, &err) < 0) {
			l->invalid++;
			snprintf(why, why_len, "%s", err.msg);
			return DOMAINLIST_INVALID;
		}
		switch (seen_add(l, domain)) {
		case 0:
			l->duplicates++;
			return DOMAINLIST_DUPLICATE;
		case -1:
			snprintf(why, why_len, "out of memory");
			return DOMAINLIST_ERROR;
		default:
			return DOMAINLIST_DOMAIN;
		}
	}
}

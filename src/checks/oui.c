/* oui.c -- the IEEE MA-L register as a sorted array of 24-bit OUIs (see oui.h). */
#include "checks/oui.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct oui_table {
	uint32_t *oui;      /* sorted, distinct */
	size_t n;
};

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Six hex digits at `s` (`len` bytes available) as an OUI; -1 when they are not. */
static long hex6(const char *s, size_t len)
{
	long v = 0;

	if (len < 6)
		return -1;
	for (size_t i = 0; i < 6; i++) {
		int d = hex_digit(s[i]);
		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/* The OUI a line of the register assigns, or -1 for any other line:
 *   text  "0050C2     (base 16)\t\tVendor"   (the "(hex)" twin line is skipped)
 *   CSV   "MA-L,0050C2,Vendor,Address" */
static long line_oui(const char *line, size_t len)
{
	long v;

	if (len >= 12 && memcmp(line, "MA-L,", 5) == 0) {
		v = hex6(line + 5, len - 5);
		return v >= 0 && line[11] == ',' ? v : -1;
	}
	v = hex6(line, len);
	if (v < 0)
		return -1;
	size_t i = 6;
	if (i >= len || (line[i] != ' ' && line[i] != '\t'))
		return -1;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return len - i >= 9 && memcmp(line + i, "(base 16)", 9) == 0 ? v : -1;
}

static int cmp_oui(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

struct oui_table *oui_table_load(const char *path, struct error *err)
{
	struct oui_table *t = NULL;
	FILE *in = NULL;
	char *line = NULL;
	size_t cap = 0, alloc = 0;
	ssize_t len;

	if ((in = fopen(path, "r")) == NULL) {
		int e = errno;
		error_note_errno(e);
		error_set(err, "%s: %s", path, strerror(e));
		goto fail;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		error_set(err, "%s: out of memory", path);
		goto fail;
	}
	while ((len = getline(&line, &cap, in)) >= 0) {
		long v = line_oui(line, (size_t)len);
		if (v < 0)
			continue;
		if (t->n == alloc) {
			size_t grown = alloc ? alloc * 2 : 1024;
			uint32_t *p = realloc(t->oui, grown * sizeof(*p));
			if (p == NULL) {
				error_set(err, "%s: out of memory", path);
				goto fail;
			}
			t->oui = p;
			alloc = grown;
		}
		t->oui[t->n++] = (uint32_t)v;
	}
	if (ferror(in)) {
		error_set(err, "%s: read error", path);
		goto fail;
	}
	if (t->n == 0) {
		error_set(err, "%s: no OUI in it (not the IEEE MA-L register?)", path);
		goto fail;
	}
	/* sorted and distinct: the register lists a few OUIs twice */
	qsort(t->oui, t->n, sizeof(*t->oui), cmp_oui);
	size_t w = 1;
	for (size_t r = 1; r < t->n; r++)
		if (t->oui[r] != t->oui[w - 1])
			t->oui[w++] = t->oui[r];
	t->n = w;
	free(line);
	fclose(in);
	return t;
fail:
	free(line);
	if (in != NULL)
		fclose(in);
	oui_table_free(t);
	return NULL;
}

void oui_table_free(struct oui_table *t)
{
	if (t == NULL)
		return;
	free(t->oui);
	free(t);
}

size_t oui_table_size(const struct oui_table *t)
{
	return t != NULL ? t->n : 0;
}

bool oui_table_has(const struct oui_table *t, uint32_t oui)
{
	size_t lo = 0, hi = t != NULL ? t->n : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->oui[mid] == oui)
			return true;
		if (t->oui[mid] < oui)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

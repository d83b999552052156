/* cursor.c -- see cursor.h. The only place that indexes untrusted byte buffers. */
#include "cursor.h"

#include <stdio.h>
#include <string.h>

void cursor_init(struct cursor *c, const void *data, size_t len)
{
	c->p = data;
	c->len = data ? len : 0;
}

size_t cursor_len(const struct cursor *c) { return c->len; }
const uint8_t *cursor_data(const struct cursor *c) { return c->p; }

int cursor_skip(struct cursor *c, size_t n)
{
	if (c->len < n)
		return -1;
	c->p += n;
	c->len -= n;
	return 0;
}

static int get_uint(struct cursor *c, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	if (c->len < n)
		return -1;
	for (size_t i = 0; i < n; i++)
		v = (v << 8) | c->p[i];
	*out = v;
	return cursor_skip(c, n);
}

int cursor_get_u8(struct cursor *c, uint8_t *out)
{
	uint32_t v;
	if (get_uint(c, 1, &v) < 0)
		return -1;
	*out = (uint8_t)v;
	return 0;
}

int cursor_get_u16(struct cursor *c, uint16_t *out)
{
	uint32_t v;
	if (get_uint(c, 2, &v) < 0)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

int cursor_get_u24(struct cursor *c, uint32_t *out) { return get_uint(c, 3, out); }
int cursor_get_u32(struct cursor *c, uint32_t *out) { return get_uint(c, 4, out); }

int cursor_copy(struct cursor *c, void *out, size_t n)
{
	if (c->len < n)
		return -1;
	if (n)
		memcpy(out, c->p, n);
	return cursor_skip(c, n);
}

int cursor_get_bytes(struct cursor *c, struct cursor *out, size_t n)
{
	if (c->len < n)
		return -1;
	cursor_init(out, c->p, n);
	return cursor_skip(c, n);
}

static int get_prefixed(struct cursor *c, size_t plen, struct cursor *out)
{
	struct cursor save = *c;
	uint32_t n;
	if (get_uint(c, plen, &n) < 0 || cursor_get_bytes(c, out, n) < 0) {
		*c = save;
		return -1;
	}
	return 0;
}

int cursor_get_u8_prefixed(struct cursor *c, struct cursor *out) { return get_prefixed(c, 1, out); }
int cursor_get_u16_prefixed(struct cursor *c, struct cursor *out) { return get_prefixed(c, 2, out); }
int cursor_get_u24_prefixed(struct cursor *c, struct cursor *out) { return get_prefixed(c, 3, out); }

static int plain_char(uint8_t ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '_' || ch == '*';
}

int cursor_get_dname(struct cursor *c, char *out, size_t outlen)
{
	struct cursor save = *c;
	size_t wire = 0, o = 0;
	if (outlen == 0)
		return -1;
	for (;;) {
		struct cursor label;
		if (cursor_get_u8_prefixed(c, &label) < 0 || cursor_len(&label) > 63)
			goto fail;
		wire += 1 + cursor_len(&label);
		if (wire > 255)
			goto fail;
		if (cursor_len(&label) == 0)
			break;
		if (o > 0) {
			if (o + 1 >= outlen)
				goto fail;
			out[o++] = '.';
		}
		while (cursor_len(&label) > 0) {
			uint8_t ch;
			(void)cursor_get_u8(&label, &ch);
			if (plain_char(ch)) {
				if (o + 1 >= outlen)
					goto fail;
				out[o++] = (char)ch;
			} else {
				if (o + 4 >= outlen)
					goto fail;
				snprintf(out + o, 5, "\\%03u", ch);
				o += 4;
			}
		}
	}
	out[o] = '\0';
	return 0;
fail:
	*c = save;
	return -1;
}

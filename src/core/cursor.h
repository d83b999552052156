/*
 * cursor.h -- bounds-checked reading of untrusted bytes (after BoringSSL's CBS).
 *
 * A cursor is a view (pointer + length) into caller-owned bytes. Every getter
 * either consumes the bytes it returns and returns 0, or fails with -1 and leaves
 * the cursor unchanged. No code outside cursor.c does pointer arithmetic on
 * network data (shared/STYLE.md rule 5).
 */
#ifndef INETCHECK_CORE_CURSOR_H
#define INETCHECK_CORE_CURSOR_H

#include <stddef.h>
#include <stdint.h>

struct cursor {
	const uint8_t *p;
	size_t len;
};

void cursor_init(struct cursor *c, const void *data, size_t len);
size_t cursor_len(const struct cursor *c);
const uint8_t *cursor_data(const struct cursor *c);

int cursor_skip(struct cursor *c, size_t n);
int cursor_get_u8(struct cursor *c, uint8_t *out);
int cursor_get_u16(struct cursor *c, uint16_t *out);   /* network byte order */
int cursor_get_u24(struct cursor *c, uint32_t *out);
int cursor_get_u32(struct cursor *c, uint32_t *out);
/* Copy `n` bytes into `out`. */
int cursor_copy(struct cursor *c, void *out, size_t n);
/* Split off the next `n` bytes as a sub-cursor `out`. */
int cursor_get_bytes(struct cursor *c, struct cursor *out, size_t n);
/* Length-prefixed sub-cursors (prefix of 1, 2 or 3 bytes). */
int cursor_get_u8_prefixed(struct cursor *c, struct cursor *out);
int cursor_get_u16_prefixed(struct cursor *c, struct cursor *out);
int cursor_get_u24_prefixed(struct cursor *c, struct cursor *out);

/*
 * Read an uncompressed DNS name in wire format (as found in rdata returned by
 * libunbound) and write it in presentation form without the trailing dot
 * ("" for the root) into `out` (NUL-terminated). Label bytes other than
 * letters, digits, '-', '_' and '*' are written as \DDD. Fails on compression
 * pointers, names over 255 octets, or when `out` is too small.
 */
int cursor_get_dname(struct cursor *c, char *out, size_t outlen);

#endif

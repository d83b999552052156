/* test_cursor.c -- the bounds-checked reader never reads past its end. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/cursor.h"

static void test_integers_big_endian(void **s)
{
	(void)s;
	const uint8_t b[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	struct cursor c;
	uint8_t u8; uint16_t u16; uint32_t u24, u32;
	cursor_init(&c, b, sizeof(b));
	assert_int_equal(cursor_get_u8(&c, &u8), 0);   assert_int_equal(u8, 1);
	assert_int_equal(cursor_get_u16(&c, &u16), 0); assert_int_equal(u16, 0x0203);
	assert_int_equal(cursor_get_u24(&c, &u24), 0); assert_int_equal(u24, 0x040506);
	assert_int_equal(cursor_get_u32(&c, &u32), 0); assert_int_equal(u32, 0x0708090a);
	assert_int_equal(cursor_len(&c), 0);
	assert_int_equal(cursor_get_u8(&c, &u8), -1);
}

static void test_failure_leaves_cursor_unchanged(void **s)
{
	(void)s;
	const uint8_t b[] = {0, 5, 'a', 'b'};     /* claims 5 bytes, has 2 */
	struct cursor c, sub;
	uint32_t u32;
	cursor_init(&c, b, sizeof(b));
	assert_int_equal(cursor_get_u16_prefixed(&c, &sub), -1);
	assert_int_equal(cursor_len(&c), 4);
	assert_int_equal(cursor_get_u32(&c, &u32), 0);
	assert_int_equal(cursor_skip(&c, 1), -1);
}

static void test_prefixed_subcursor(void **s)
{
	(void)s;
	const uint8_t b[] = {2, 'h', 'i', 0, 0, 1, 'x'};
	struct cursor c, sub;
	char out[4] = {0};
	cursor_init(&c, b, sizeof(b));
	assert_int_equal(cursor_get_u8_prefixed(&c, &sub), 0);
	assert_int_equal(cursor_copy(&sub, out, 2), 0);
	assert_string_equal(out, "hi");
	assert_int_equal(cursor_get_u24_prefixed(&c, &sub), 0);
	assert_int_equal(cursor_len(&sub), 1);
	assert_int_equal(cursor_len(&c), 0);
}

static void test_dname_presentation(void **s)
{
	(void)s;
	const uint8_t n[] = {3, 'w', 'w', 'w', 7, 'E', 'x', 'a', 'm', 'p', 'l', 'e', 2, 'n', 'l', 0};
	const uint8_t root[] = {0};
	const uint8_t odd[] = {2, 'a', '.', 0};
	const uint8_t ptr[] = {0xc0, 0x0c};
	const uint8_t trunc[] = {3, 'w', 'w'};
	char out[256];
	struct cursor c;
	cursor_init(&c, n, sizeof(n));
	assert_int_equal(cursor_get_dname(&c, out, sizeof(out)), 0);
	assert_string_equal(out, "www.Example.nl");
	cursor_init(&c, root, sizeof(root));
	assert_int_equal(cursor_get_dname(&c, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	cursor_init(&c, odd, sizeof(odd));
	assert_int_equal(cursor_get_dname(&c, out, sizeof(out)), 0);
	assert_string_equal(out, "a\\046");
	cursor_init(&c, ptr, sizeof(ptr));
	assert_int_equal(cursor_get_dname(&c, out, sizeof(out)), -1);
	assert_int_equal(cursor_len(&c), 2);
	cursor_init(&c, trunc, sizeof(trunc));
	assert_int_equal(cursor_get_dname(&c, out, sizeof(out)), -1);
	cursor_init(&c, n, sizeof(n));
	assert_int_equal(cursor_get_dname(&c, out, 5), -1);   /* output too small */
}

static void test_dname_over_255_octets_rejected(void **s)
{
	(void)s;
	uint8_t b[300];
	size_t o = 0;
	for (int i = 0; i < 4; i++) {   /* 4 x (1 + 63) + 1 = 257 octets */
		b[o++] = 63;
		memset(b + o, 'a', 63);
		o += 63;
	}
	b[o++] = 0;
	char out[512];
	struct cursor c;
	cursor_init(&c, b, o);
	assert_int_equal(cursor_get_dname(&c, out, sizeof(out)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers_big_endian),
		cmocka_unit_test(test_failure_leaves_cursor_unchanged),
		cmocka_unit_test(test_prefixed_subcursor),
		cmocka_unit_test(test_dname_presentation),
		cmocka_unit_test(test_dname_over_255_octets_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

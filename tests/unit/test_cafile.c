/* test_cafile.c -- an unusable --ca-file is refused with the file named (issue 15 item 4). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tls/cafile.h"

#define SYSTEM_BUNDLE "/etc/ssl/certs/ca-certificates.crt"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static void test_unusable_files_are_named(void **s)
{
	(void)s;
	char dir[] = "/tmp/test_cafileXXXXXX", path[64], want[128];
	struct error err = {{0}};

	assert_non_null(mkdtemp(dir));
	assert_int_equal(ca_file_check("/dev/zero", &err), -1);
	assert_string_equal(err.msg, "cannot read CA file /dev/zero: not a regular file");
	assert_int_equal(ca_file_check(dir, &err), -1);
	snprintf(want, sizeof(want), "cannot read CA file %s: not a regular file", dir);
	assert_string_equal(err.msg, want);
	assert_int_equal(ca_file_check("/nonexistent/ca.pem", &err), -1);
	assert_string_equal(err.msg, "cannot read CA file /nonexistent/ca.pem: No such file or directory");

	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(ca_file_check(path, &err), -1);   /* returns, does not block */
	unlink(path);

	snprintf(path, sizeof(path), "%s/garbage.pem", dir);
	snprintf(want, sizeof(want), "CA file %s has no PEM certificate OpenSSL can load", path);
	write_file(path, "this is not a certificate\n");
	assert_int_equal(ca_file_check(path, &err), -1);
	assert_string_equal(err.msg, want);
	write_file(path, "");
	assert_int_equal(ca_file_check(path, &err), -1);
	assert_string_equal(err.msg, want);
	write_file(path, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
	assert_int_equal(ca_file_check(path, &err), -1);
	assert_string_equal(err.msg, want);
	unlink(path);
	rmdir(dir);
}

static void test_system_bundle_is_usable(void **s)
{
	(void)s;
	struct error err = {{0}};

	if (access(SYSTEM_BUNDLE, R_OK) != 0)
		skip();
	assert_int_equal(ca_file_check(SYSTEM_BUNDLE, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unusable_files_are_named),
		cmocka_unit_test(test_system_bundle_is_usable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

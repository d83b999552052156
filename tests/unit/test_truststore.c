/* test_truststore.c -- one trust store per configuration for the process (issue 17
 * item 6), holding exactly what OpenSSL's own X509_STORE_set_default_paths plus
 * X509_STORE_load_file would hold. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "tls/truststore.h"

static char ca_path[64];

/* A self-signed P-256 certificate in a temporary PEM file: a private --ca-file. */
static int setup_ca_file(void **s)
{
	(void)s;
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();
	int fd;
	FILE *f;

	assert_non_null(key);
	assert_non_null(x);
	assert_true(X509_set_version(x, 2));
	assert_true(ASN1_INTEGER_set(X509_get_serialNumber(x), 42));
	assert_true(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	                                       (const unsigned char *)"truststore test CA", -1, -1, 0));
	assert_true(X509_set_subject_name(x, name));
	assert_true(X509_set_issuer_name(x, name));
	assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), 0));
	assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), 86400));
	assert_true(X509_set_pubkey(x, key));
	assert_true(X509_sign(x, key, EVP_sha256()) > 0);
	snprintf(ca_path, sizeof(ca_path), "/tmp/test_truststoreXXXXXX");
	fd = mkstemp(ca_path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	assert_true(PEM_write_X509(f, x));
	assert_int_equal(fclose(f), 0);
	X509_NAME_free(name);
	X509_free(x);
	EVP_PKEY_free(key);
	return 0;
}

static int teardown_ca_file(void **s)
{
	(void)s;
	unlink(ca_path);
	truststore_cleanup();
	return 0;
}

/* The same objects, in the same order, as OpenSSL's own set-up of a fresh store. */
static void assert_like_openssl(const char *ca_file)
{
	X509_STORE *want = X509_STORE_new();
	X509_STORE *got;
	STACK_OF(X509_OBJECT) *w, *g;

	assert_non_null(want);
	X509_STORE_set_default_paths(want);
	if (ca_file != NULL)
		assert_int_equal(X509_STORE_load_file(want, ca_file), 1);
	ERR_clear_error();
	truststore_cleanup();   /* a fresh shared store, before any lookup fills its cache */
	got = truststore_get1(ca_file);
	assert_non_null(got);
	w = X509_STORE_get0_objects(want);
	g = X509_STORE_get0_objects(got);
	assert_int_equal(sk_X509_OBJECT_num(g), sk_X509_OBJECT_num(w));
	for (int i = 0; i < sk_X509_OBJECT_num(w); i++) {
		X509_OBJECT *a = sk_X509_OBJECT_value(w, i), *b = sk_X509_OBJECT_value(g, i);

		assert_int_equal(X509_OBJECT_get_type(a), X509_OBJECT_get_type(b));
		if (X509_OBJECT_get_type(a) == X509_LU_X509)
			assert_int_equal(X509_cmp(X509_OBJECT_get0_X509(a), X509_OBJECT_get0_X509(b)), 0);
		else
			assert_int_equal(X509_CRL_cmp(X509_OBJECT_get0_X509_CRL(a),
			                              X509_OBJECT_get0_X509_CRL(b)), 0);
	}
	X509_STORE_free(got);
	X509_STORE_free(want);
}

static void test_system_bundle_like_openssl(void **s)
{
	(void)s;
	assert_like_openssl(NULL);
}

static void test_ca_file_like_openssl(void **s)
{
	(void)s;
	assert_like_openssl(ca_path);
}

static void test_loaded_once_per_configuration(void **s)
{
	(void)s;
	X509_STORE *a = truststore_get1(NULL), *b = truststore_get1(NULL);
	X509_STORE *c = truststore_get1(ca_path), *d = truststore_get1(ca_path);

	assert_non_null(a);
	assert_non_null(c);
	assert_ptr_equal(a, b);
	assert_ptr_equal(c, d);
	assert_ptr_not_equal(a, c);
	/* the process's reference goes; the callers' stay valid */
	truststore_cleanup();
	assert_non_null(X509_STORE_get0_objects(c));
	X509_STORE_free(a);
	X509_STORE_free(b);
	X509_STORE_free(c);
	X509_STORE_free(d);
	/* and a later call loads again */
	a = truststore_get1(NULL);
	assert_non_null(a);
	X509_STORE_free(a);
}

#define THREADS 4

static void *get_and_look_up(void *arg)
{
	X509_STORE *st = truststore_get1(ca_path);
	X509_STORE_CTX *sc = X509_STORE_CTX_new();
	X509_NAME *name = X509_NAME_new();
	STACK_OF(X509) *found;

	(void)arg;
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	                           (const unsigned char *)"truststore test CA", -1, -1, 0);
	X509_STORE_CTX_init(sc, st, NULL, NULL);
	found = X509_STORE_CTX_get1_certs(sc, name);
	X509_NAME_free(name);
	X509_STORE_CTX_free(sc);
	if (found == NULL || sk_X509_num(found) != 1) {
		X509_STORE_free(st);
		st = NULL;
	}
	sk_X509_pop_free(found, X509_free);
	return st;
}

static void test_threads_share_one_store(void **s)
{
	(void)s;
	pthread_t t[THREADS];
	void *got[THREADS];

	truststore_cleanup();
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, get_and_look_up, NULL), 0);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(t[i], &got[i]), 0);
	for (int i = 0; i < THREADS; i++) {
		assert_non_null(got[i]);
		assert_ptr_equal(got[i], got[0]);
	}
	for (int i = 0; i < THREADS; i++)
		X509_STORE_free(got[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_system_bundle_like_openssl),
		cmocka_unit_test(test_ca_file_like_openssl),
		cmocka_unit_test(test_loaded_once_per_configuration),
		cmocka_unit_test(test_threads_share_one_store),
	};
	return cmocka_run_group_tests(tests, setup_ca_file, teardown_ca_file);
}

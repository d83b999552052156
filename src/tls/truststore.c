/* truststore.c -- see truststore.h. */
#define _GNU_SOURCE      /* secure_getenv, as OpenSSL reads $SSL_CERT_FILE */
#include "tls/truststore.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

/* One entry per trust configuration; a process sees one or two (roots alone for the
 * §3.3.3 trust-root test, roots plus --ca-file for chains), a batch no more. */
#define TRUSTSTORE_MAX 8

struct truststore_entry {
	char *ca_file;         /* owned; NULL: system bundle alone */
	X509_STORE *store;     /* the cache's reference */
};

static pthread_mutex_t truststore_lock = PTHREAD_MUTEX_INITIALIZER;
static struct truststore_entry truststore_cache[TRUSTSTORE_MAX];
static size_t truststore_n;

static bool same_file(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The system bundle file (OpenSSL's default cert file, or $SSL_CERT_FILE as
 * OpenSSL reads it), parsed once: every store gets the same X509 objects. NULL
 * when it cannot be read or parsed, as X509_load_cert_crl_file would add nothing. */
static STACK_OF(X509_INFO) *truststore_bundle;
static bool truststore_bundle_read;

static void truststore_bundle_load(void)
{
	const char *file = secure_getenv(X509_get_default_cert_file_env());
	BIO *in;

	truststore_bundle_read = true;
	in = BIO_new_file(file != NULL ? file : X509_get_default_cert_file(), "r");
	if (in != NULL)
		truststore_bundle = PEM_X509_INFO_read_bio_ex(in, NULL, NULL, "", NULL, NULL);
	BIO_free(in);
	ERR_clear_error();
}

/*
 * What X509_STORE_set_default_paths does (OpenSSL 3.0 x509_d2.c and by_file.c),
 * in the same order, except that the bundle's certificates and CRLs come from the
 * one parse above instead of reading the file again: the file lookup, the
 * bundle's objects as X509_load_cert_crl_file adds them (stopping at the first
 * failure), the hash-directory lookup of the default directory, the store lookup
 * of the default URIs. tests/unit/test_truststore.c checks that the result holds
 * the same objects in the same order as a store set up by OpenSSL itself.
 */
static void truststore_default_paths(X509_STORE *store)
{
	X509_LOOKUP *lookup = X509_STORE_add_lookup(store, X509_LOOKUP_file());

	if (lookup == NULL)
		goto out;
	for (int i = 0; truststore_bundle != NULL && i < sk_X509_INFO_num(truststore_bundle); i++) {
		X509_INFO *info = sk_X509_INFO_value(truststore_bundle, i);

		if (info->x509 != NULL && !X509_STORE_add_cert(store, info->x509))
			break;
		if (info->crl != NULL && !X509_STORE_add_crl(store, info->crl))
			break;
	}
	lookup = X509_STORE_add_lookup(store, X509_LOOKUP_hash_dir());
	if (lookup == NULL)
		goto out;
	X509_LOOKUP_add_dir(lookup, NULL, X509_FILETYPE_DEFAULT);
	lookup = X509_STORE_add_lookup(store, X509_LOOKUP_store());
	if (lookup == NULL)
		goto out;
	X509_LOOKUP_add_store_ex(lookup, NULL, NULL, NULL);
out:
	ERR_clear_error();
}

/* System default paths plus `ca_file`; what does not load is left out. NULL when
 * out of memory. Called under the lock. */
static X509_STORE *truststore_load(const char *ca_file)
{
	X509_STORE *store = X509_STORE_new();

	if (store == NULL)
		return NULL;
	if (!truststore_bundle_read)
		truststore_bundle_load();
	truststore_default_paths(store);   /* no system bundle: --ca-file may still do */
	if (ca_file != NULL && X509_STORE_load_file(store, ca_file) != 1)
		ERR_clear_error();      /* unreadable --ca-file: trust fails with a reason later */
	return store;
}

X509_STORE *truststore_get1(const char *ca_file)
{
	X509_STORE *store = NULL;
	char *key = NULL;

	pthread_mutex_lock(&truststore_lock);
	for (size_t i = 0; i < truststore_n; i++)
		if (same_file(truststore_cache[i].ca_file, ca_file)) {
			store = truststore_cache[i].store;
			if (X509_STORE_up_ref(store) != 1)
				store = NULL;
			goto out;
		}
	/* loaded under the lock: a second thread waits instead of parsing it again */
	store = truststore_load(ca_file);
	if (store == NULL || truststore_n >= TRUSTSTORE_MAX)
		goto out;           /* cache full: an uncached store, this caller's alone */
	if (ca_file != NULL && (key = strdup(ca_file)) == NULL)
		goto out;           /* out of memory: likewise */
	if (X509_STORE_up_ref(store) != 1) {
		free(key);
		goto out;
	}
	truststore_cache[truststore_n].ca_file = key;
	truststore_cache[truststore_n].store = store;
	truststore_n++;
out:
	pthread_mutex_unlock(&truststore_lock);
	return store;
}

void truststore_cleanup(void)
{
	pthread_mutex_lock(&truststore_lock);
	for (size_t i = 0; i < truststore_n; i++) {
		X509_STORE_free(truststore_cache[i].store);
		free(truststore_cache[i].ca_file);
		truststore_cache[i].store = NULL;
		truststore_cache[i].ca_file = NULL;
	}
	truststore_n = 0;
	sk_X509_INFO_pop_free(truststore_bundle, X509_INFO_free);
	truststore_bundle = NULL;
	truststore_bundle_read = false;
	pthread_mutex_unlock(&truststore_lock);
}

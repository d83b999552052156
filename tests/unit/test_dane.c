/*
 * test_dane.c -- DANE record filter and chain validation (spec §3.3.6,
 * checks/dane.h). A throwaway CA and leaf (P-256) are made at run time with
 * OpenSSL, so nothing expires in the tree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "checks/dane.h"

struct pki {
	EVP_PKEY *ca_key, *leaf_key, *other_key;
	X509 *ca, *leaf;
	char *chain_pem;        /* leaf + CA */
	char *leaf_pem;         /* leaf only */
	char ca_file[64];       /* CA as a PEM file (PKIX trust for usages 0/1) */
};

static struct pki pki;

static EVP_PKEY *key_new(void)
{
	return EVP_EC_gen("P-256");
}

static void add_ext(X509 *issuer, X509 *subject, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ext;

	X509V3_set_ctx(&v3, issuer, subject, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	assert_non_null(ext);
	assert_int_equal(X509_add_ext(subject, ext, -1), 1);
	X509_EXTENSION_free(ext);
}

static X509 *cert_new(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key, long serial,
                      bool ca)
{
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();

	assert_non_null(x);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_gmtime_adj(X509_getm_notBefore(x), -86400);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400L * 3650);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, name);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
	X509_NAME_free(name);
	X509_set_pubkey(x, key);
	if (ca) {
		add_ext(issuer ? issuer : x, x, NID_basic_constraints, "critical,CA:TRUE");
		add_ext(issuer ? issuer : x, x, NID_key_usage, "critical,keyCertSign,cRLSign");
		add_ext(issuer ? issuer : x, x, NID_subject_key_identifier, "hash");
	} else {
		add_ext(issuer, x, NID_basic_constraints, "critical,CA:FALSE");
		add_ext(issuer, x, NID_subject_alt_name, "DNS:www.example.test");
		add_ext(issuer, x, NID_authority_key_identifier, "keyid");
	}
	assert_true(X509_sign(x, issuer_key, EVP_sha256()) > 0);
	return x;
}

static char *pem_of(X509 *a, X509 *b)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *p, *out;
	long n;

	PEM_write_bio_X509(bio, a);
	if (b)
		PEM_write_bio_X509(bio, b);
	n = BIO_get_mem_data(bio, &p);
	out = malloc((size_t)n + 1);
	memcpy(out, p, (size_t)n);
	out[n] = '\0';
	BIO_free(bio);
	return out;
}

static int setup(void **state)
{
	FILE *f;
	int fd;

	(void)state;
	pki.ca_key = key_new();
	pki.leaf_key = key_new();
	pki.other_key = key_new();
	pki.ca = cert_new("Test DANE CA", pki.ca_key, NULL, pki.ca_key, 1, true);
	pki.leaf = cert_new("www.example.test", pki.leaf_key, pki.ca, pki.ca_key, 2, false);
	pki.chain_pem = pem_of(pki.leaf, pki.ca);
	pki.leaf_pem = pem_of(pki.leaf, NULL);
	snprintf(pki.ca_file, sizeof(pki.ca_file), "/tmp/test_dane_ca_XXXXXX");
	fd = mkstemp(pki.ca_file);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	PEM_write_X509(f, pki.ca);
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(pki.ca_file);
	free(pki.chain_pem);
	free(pki.leaf_pem);
	X509_free(pki.leaf);
	X509_free(pki.ca);
	EVP_PKEY_free(pki.ca_key);
	EVP_PKEY_free(pki.leaf_key);
	EVP_PKEY_free(pki.other_key);
	return 0;
}

/* DER of the certificate (selector 0) or its SPKI (selector 1). */
static size_t der_of(X509 *x, int selector, uint8_t **der)
{
	int n;

	*der = NULL;
	n = selector == 0 ? i2d_X509(x, der) : i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), der);
	assert_true(n > 0);
	return (size_t)n;
}

/* A TLSA rr for (usage, selector, mtype) of `x`; data malloc'd (dns_rr_free frees it). */
static void tlsa_of(struct dns_rr *rr, uint8_t usage, uint8_t selector, uint8_t mtype, X509 *x)
{
	uint8_t *der;
	size_t n = der_of(x, selector, &der);
	unsigned int dlen = 0;

	memset(rr, 0, sizeof(*rr));
	rr->type = DNS_TYPE_TLSA;
	rr->u.tlsa.usage = usage;
	rr->u.tlsa.selector = selector;
	rr->u.tlsa.mtype = mtype;
	if (mtype == 0) {
		rr->u.tlsa.data = malloc(n);
		memcpy(rr->u.tlsa.data, der, n);
		rr->u.tlsa.len = n;
	} else {
		rr->u.tlsa.data = malloc(64);
		assert_int_equal(EVP_Digest(der, n, rr->u.tlsa.data, &dlen,
		                            mtype == 1 ? EVP_sha256() : EVP_sha512(), NULL), 1);
		rr->u.tlsa.len = dlen;
	}
	OPENSSL_free(der);
}

/* A TLSA rr with arbitrary data. */
static void tlsa_raw(struct dns_rr *rr, uint8_t usage, uint8_t selector, uint8_t mtype, uint8_t fill,
                     size_t len)
{
	memset(rr, 0, sizeof(*rr));
	rr->type = DNS_TYPE_TLSA;
	rr->u.tlsa.usage = usage;
	rr->u.tlsa.selector = selector;
	rr->u.tlsa.mtype = mtype;
	rr->u.tlsa.data = malloc(len ? len : 1);
	memset(rr->u.tlsa.data, fill, len);
	rr->u.tlsa.len = len;
}

static void rrs_free(struct dns_rr *rrs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dns_rr_free(&rrs[i]);
}

/* Filter `rrs` (web), validate `chain` with `ca_file`, return the status. */
static enum dane_status validate(struct dns_rr *rrs, size_t n, const char *chain, const char *ca_file)
{
	struct dane_facts d;
	enum dane_status s;

	memset(&d, 0, sizeof(d));
	dane_records_from_rrs(rrs, n, false, &d);
	assert_true(d.exists);
	dane_validate(&d, chain, ca_file);
	s = d.status;
	dane_facts_free(&d);
	rrs_free(rrs, n);
	return s;
}

/* ---- validation (§3.3.6, ldns-dane -n semantics) ---- */

static void test_dane_ee_spki_sha256_validates(void **state)
{
	struct dns_rr rr[1];

	(void)state;
	tlsa_of(&rr[0], 3, 1, 1, pki.leaf);
	assert_int_equal(validate(rr, 1, pki.chain_pem, NULL), DANE_VALIDATED);
	/* DANE-EE needs no issuer at all */
	tlsa_of(&rr[0], 3, 1, 1, pki.leaf);
	assert_int_equal(validate(rr, 1, pki.leaf_pem, NULL), DANE_VALIDATED);
}

static void test_dane_ee_cert_sha256_validates(void **state)
{
	struct dns_rr rr[1];

	(void)state;
	tlsa_of(&rr[0], 3, 0, 1, pki.leaf);
	assert_int_equal(validate(rr, 1, pki.chain_pem, NULL), DANE_VALIDATED);
}

static void test_dane_ee_spki_sha512_validates(void **state)
{
	struct dns_rr rr[1];

	(void)state;
	tlsa_of(&rr[0], 3, 1, 2, pki.leaf);
	assert_int_equal(validate(rr, 1, pki.chain_pem, NULL), DANE_VALIDATED);
}

static void test_dane_ee_full_cert_validates(void **state)
{
	struct dns_rr rr[1];

	(void)state;
	tlsa_of(&rr[0], 3, 0, 0, pki.leaf);
	assert_int_equal(validate(rr, 1, pki.chain_pem, NULL), DANE_VALIDATED);
}

static void test_dane_wrong_digest_fails(void **state)
{
	struct dns_rr rr[2];

	(void)state;
	tlsa_raw(&rr[0], 3, 1, 1, 0xab, 32);
	assert_int_equal(validate(rr, 1, pki.chain_pem, NULL), DANE_FAILED);
	/* the digest of the CA's key is not the leaf's */
	tlsa_of(&rr[0], 3, 1, 1, pki.ca);
	assert_int_equal(validate(rr, 1, pki.chain_pem, NULL), DANE_FAILED);
	/* one matching record among non-matching ones is enough */
	tlsa_raw(&rr[0], 3, 1, 1, 0xab, 32);
	tlsa_of(&rr[1], 3, 1, 1, pki.leaf);
	assert_int_equal(validate(rr, 2, pki.chain_pem, NULL), DANE_VALIDATED);
}

static void test_dane_unusable_records_fail(void **state)
{
	struct dns_rr rr[3];

	(void)state;
	/* "No usable TLSA records" → failed: unknown usage, selector, mtype, bad length */
	tlsa_raw(&rr[0], 4, 1, 1, 0xab, 32);
	tlsa_raw(&rr[1], 3, 2, 1, 0xab, 32);
	tlsa_raw(&rr[2], 3, 1, 1, 0xab, 20);
	assert_int_equal(validate(rr, 3, pki.chain_pem, NULL), DANE_FAILED);
}

static void test_dane_ta_ca_in_chain_validates(void **state)
{
	struct dns_rr rr[1];

	(void)state;
	tlsa_of(&rr[0], 2, 0, 1, pki.ca);
	assert_int_equal(validate(rr, 1, pki.chain_pem, NULL), DANE_VALIDATED);
	tlsa_of(&rr[0], 2, 1, 1, pki.ca);
	assert_int_equal(validate(rr, 1, pki.chain_pem, NULL), DANE_VALIDATED);
	/* a digest TA record cannot be found when the CA is not served */
	tlsa_of(&rr[0], 2, 0, 1, pki.ca);
	assert_int_equal(validate(rr, 1, pki.leaf_pem, NULL), DANE_FAILED);
	/* a full-certificate TA record supplies the anchor itself (RFC 7671 §5.2.2) */
	tlsa_of(&rr[0], 2, 0, 0, pki.ca);
	assert_int_equal(validate(rr, 1, pki.leaf_pem, NULL), DANE_VALIDATED);
	/* a --ca-file changes nothing for DANE-TA */
	tlsa_of(&rr[0], 2, 0, 1, pki.ca);
	assert_int_equal(validate(rr, 1, pki.chain_pem, pki.ca_file), DANE_VALIDATED);
}

static void test_dane_pkix_ee_needs_trust(void **state)
{
	struct dns_rr rr[1];

	(void)state;
	/* PKIX-EE: the record matches, but the chain must also be PKIX-trusted */
	tlsa_of(&rr[0], 1, 1, 1, pki.leaf);
	assert_int_equal(validate(rr, 1, pki.chain_pem, NULL), DANE_FAILED);
	tlsa_of(&rr[0], 1, 1, 1, pki.leaf);
	assert_int_equal(validate(rr, 1, pki.chain_pem, pki.ca_file), DANE_VALIDATED);
	/* trusted chain but a non-matching PKIX-EE record */
	tlsa_of(&rr[0], 1, 1, 1, pki.ca);
	assert_int_equal(validate(rr, 1, pki.chain_pem, pki.ca_file), DANE_FAILED);
}

static void test_dane_pkix_ta_needs_trust(void **state)
{
	struct dns_rr rr[1];

	(void)state;
	tlsa_of(&rr[0], 0, 0, 1, pki.ca);
	assert_int_equal(validate(rr, 1, pki.chain_pem, NULL), DANE_FAILED);
	tlsa_of(&rr[0], 0, 0, 1, pki.ca);
	assert_int_equal(validate(rr, 1, pki.chain_pem, pki.ca_file), DANE_VALIDATED);
}

static void test_dane_name_not_checked(void **state)
{
	struct dns_rr rr[1];

	(void)state;
	/* the leaf is for www.example.test; no name is ever checked (ldns-dane -n):
	 * DANE-TA and PKIX paths, which would check names in a TLS client, pass */
	tlsa_of(&rr[0], 2, 1, 2, pki.ca);
	assert_int_equal(validate(rr, 1, pki.chain_pem, NULL), DANE_VALIDATED);
	tlsa_of(&rr[0], 1, 0, 2, pki.leaf);
	assert_int_equal(validate(rr, 1, pki.chain_pem, pki.ca_file), DANE_VALIDATED);
}

static void test_dane_bad_or_missing_chain(void **state)
{
	struct dane_facts d;
	struct dns_rr rr[1];

	(void)state;
	memset(&d, 0, sizeof(d));
	tlsa_of(&rr[0], 3, 1, 1, pki.leaf);
	dane_records_from_rrs(rr, 1, false, &d);
	/* no chain obtained: status is left alone */
	dane_validate(&d, NULL, NULL);
	assert_int_equal(d.status, DANE_NONE);
	dane_validate(&d, "", NULL);
	assert_int_equal(d.status, DANE_NONE);
	/* an unreadable chain fails */
	dane_validate(&d, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", NULL);
	assert_int_equal(d.status, DANE_FAILED);
	dane_facts_free(&d);
	rrs_free(rr, 1);

	/* no records: dane_validate is a no-op */
	memset(&d, 0, sizeof(d));
	dane_validate(&d, pki.chain_pem, NULL);
	assert_int_equal(d.status, DANE_NONE);
}

/* ---- the record filter (§3.3.6 "Mail", rollover) ---- */

static void test_records_mail_ignores_pkix_usages(void **state)
{
	struct dns_rr rr[3];
	struct dane_facts d;

	(void)state;
	tlsa_raw(&rr[0], 0, 0, 1, 0x11, 32);
	tlsa_raw(&rr[1], 1, 1, 1, 0x22, 32);
	memset(&d, 0, sizeof(d));
	dane_records_from_rrs(rr, 2, true, &d);
	assert_false(d.exists);
	assert_int_equal(d.n, 0);
	/* web keeps them */
	dane_records_from_rrs(rr, 2, false, &d);
	assert_true(d.exists);
	assert_int_equal(d.n, 2);
	assert_false(d.rollover);
	dane_facts_free(&d);
	/* mail keeps usage 3 next to them */
	tlsa_raw(&rr[2], 3, 1, 1, 0x33, 32);
	memset(&d, 0, sizeof(d));
	dane_records_from_rrs(rr, 3, true, &d);
	assert_true(d.exists);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.records[0].usage, 3);
	dane_facts_free(&d);
	rrs_free(rr, 3);
}

static void test_records_rollover(void **state)
{
	struct dns_rr rr[2];
	struct dane_facts d;

	(void)state;
	memset(&d, 0, sizeof(d));
	/* 3 x x + 3 x x */
	tlsa_raw(&rr[0], 3, 1, 1, 0x11, 32);
	tlsa_raw(&rr[1], 3, 1, 1, 0x22, 32);
	dane_records_from_rrs(rr, 2, true, &d);
	assert_true(d.rollover);
	assert_false(d.has_usage2);
	rrs_free(rr, 2);
	/* 3 x x + 2 x x */
	tlsa_raw(&rr[0], 3, 1, 1, 0x11, 32);
	tlsa_raw(&rr[1], 2, 0, 1, 0x22, 32);
	dane_records_from_rrs(rr, 2, true, &d);
	assert_true(d.rollover);
	assert_true(d.has_usage2);
	rrs_free(rr, 2);
	/* a single 3 x x */
	tlsa_raw(&rr[0], 3, 1, 1, 0x11, 32);
	dane_records_from_rrs(rr, 1, true, &d);
	assert_false(d.rollover);
	assert_false(d.has_usage2);
	rrs_free(rr, 1);
	/* 2 x x + 2 x x: no usage-3 record, no rollover */
	tlsa_raw(&rr[0], 2, 1, 1, 0x11, 32);
	tlsa_raw(&rr[1], 2, 1, 1, 0x22, 32);
	dane_records_from_rrs(rr, 2, true, &d);
	assert_false(d.rollover);
	assert_true(d.has_usage2);
	rrs_free(rr, 2);
	/* 3 x x + 1 x x on the web: PKIX-EE does not count */
	tlsa_raw(&rr[0], 3, 1, 1, 0x11, 32);
	tlsa_raw(&rr[1], 1, 1, 1, 0x22, 32);
	dane_records_from_rrs(rr, 2, false, &d);
	assert_false(d.rollover);
	rrs_free(rr, 2);
	dane_facts_free(&d);
}

static void test_records_text_and_data(void **state)
{
	struct dns_rr rr[3];
	struct dane_facts d;
	uint8_t digest[32];

	(void)state;
	for (size_t i = 0; i < sizeof(digest); i++)
		digest[i] = (uint8_t)i;
	tlsa_raw(&rr[0], 3, 1, 1, 0, 32);
	memcpy(rr[0].u.tlsa.data, digest, sizeof(digest));
	tlsa_of(&rr[1], 3, 0, 0, pki.leaf);       /* full cert: long */
	memset(&rr[2], 0, sizeof(rr[2]));
	rr[2].type = DNS_TYPE_A;                  /* not TLSA: skipped */
	memset(&d, 0, sizeof(d));
	dane_records_from_rrs(rr, 3, false, &d);
	assert_int_equal(d.n, 2);
	/* canonical order (RFC 4034 §6.3): "3 0 0 ..." before "3 1 1 ..." */
	assert_string_equal(d.records[1].text,
	                    "3 1 1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
	assert_int_equal(d.records[1].len, 32);
	assert_memory_equal(d.records[1].data, digest, 32);
	assert_int_equal(d.raw_len[1], 32);
	assert_memory_equal(d.raw[1], digest, 32);
	/* the full certificate: kept in raw only, text cut with "..." */
	assert_int_equal(d.records[0].len, 0);
	assert_int_equal(d.raw_len[0], rr[1].u.tlsa.len);
	assert_memory_equal(d.raw[0], rr[1].u.tlsa.data, rr[1].u.tlsa.len);
	assert_int_equal(strncmp(d.records[0].text, "3 0 0 30", 8), 0);
	assert_int_equal(strlen(d.records[0].text), sizeof(d.records[0].text) - 1);
	assert_string_equal(d.records[0].text + strlen(d.records[0].text) - 3, "...");
	dane_facts_free(&d);
	assert_null(d.raw[0]);
	rrs_free(rr, 2);
}

static void test_records_more_than_max(void **state)
{
	struct dns_rr rr[DANE_RECORDS_MAX + 2];
	struct dane_facts d;

	(void)state;
	for (size_t i = 0; i < DANE_RECORDS_MAX + 2; i++)
		tlsa_raw(&rr[i], i == DANE_RECORDS_MAX + 1 ? 2 : 1, 1, 1, (uint8_t)i, 32);
	memset(&d, 0, sizeof(d));
	dane_records_from_rrs(rr, DANE_RECORDS_MAX + 2, false, &d);
	assert_int_equal(d.n, DANE_RECORDS_MAX);
	/* the record past the limit still counts for has_usage2 */
	assert_true(d.has_usage2);
	dane_facts_free(&d);
	rrs_free(rr, DANE_RECORDS_MAX + 2);
}

static void test_status_names(void **state)
{
	(void)state;
	assert_string_equal(dane_status_name(DANE_NONE), "none");
	assert_string_equal(dane_status_name(DANE_NONE_BOGUS), "none_bogus");
	assert_string_equal(dane_status_name(DANE_VALIDATED), "validated");
	assert_string_equal(dane_status_name(DANE_FAILED), "failed");
}

/* Issue 15 item 8: the resolver may rotate the RRset; the records come out in canonical
 * order (RFC 4034 §6.3) whatever order they arrived in. */
static void test_dane_records_canonical_order(void **state)
{
	struct dns_rr a[4], b[4];
	struct dane_facts da, db;
	static const char *const want[4] = { "2 1 1 0202", "3 0 1 0909", "3 1 1 0101", "3 1 1 010101" };

	(void)state;
	tlsa_raw(&a[0], 3, 1, 1, 0x01, 3);
	tlsa_raw(&a[1], 3, 1, 1, 0x01, 2);
	tlsa_raw(&a[2], 2, 1, 1, 0x02, 2);
	tlsa_raw(&a[3], 3, 0, 1, 0x09, 2);
	tlsa_raw(&b[0], 3, 0, 1, 0x09, 2);
	tlsa_raw(&b[1], 3, 1, 1, 0x01, 2);
	tlsa_raw(&b[2], 3, 1, 1, 0x01, 3);
	tlsa_raw(&b[3], 2, 1, 1, 0x02, 2);
	memset(&da, 0, sizeof(da));
	memset(&db, 0, sizeof(db));
	dane_records_from_rrs(a, 4, true, &da);
	dane_records_from_rrs(b, 4, true, &db);
	assert_int_equal(da.n, 4);
	assert_int_equal(db.n, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(da.records[i].text, want[i]);
		assert_string_equal(db.records[i].text, want[i]);
	}
	dane_facts_free(&da);
	dane_facts_free(&db);
	rrs_free(a, 4);
	rrs_free(b, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dane_ee_spki_sha256_validates),
		cmocka_unit_test(test_dane_records_canonical_order),
		cmocka_unit_test(test_dane_ee_cert_sha256_validates),
		cmocka_unit_test(test_dane_ee_spki_sha512_validates),
		cmocka_unit_test(test_dane_ee_full_cert_validates),
		cmocka_unit_test(test_dane_wrong_digest_fails),
		cmocka_unit_test(test_dane_unusable_records_fail),
		cmocka_unit_test(test_dane_ta_ca_in_chain_validates),
		cmocka_unit_test(test_dane_pkix_ee_needs_trust),
		cmocka_unit_test(test_dane_pkix_ta_needs_trust),
		cmocka_unit_test(test_dane_name_not_checked),
		cmocka_unit_test(test_dane_bad_or_missing_chain),
		cmocka_unit_test(test_records_mail_ignores_pkix_usages),
		cmocka_unit_test(test_records_rollover),
		cmocka_unit_test(test_records_text_and_data),
		cmocka_unit_test(test_records_more_than_max),
		cmocka_unit_test(test_status_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

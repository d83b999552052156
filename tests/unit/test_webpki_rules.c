/*
 * test_webpki_rules.c -- the web-PKI policy of spec §8 item 45, rule by rule, from
 * hand-made facts: a chain leaf <- CA <- root (certpool_facts.h) that verifies, bent
 * one field at a time. The x509-limbo corpus (test_webpki_limbo.c) checks the same
 * code against real certificates.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "checks/webpki.h"
#include "certpool_facts.h"

#define NAME "www.example.nl"

static struct certpool *pool;

static int setup(void **s)
{
	(void)s;
	pool = test_pool_chain(NAME, true);
	return 0;
}

static int teardown(void **s)
{
	(void)s;
	certpool_release(pool);
	free(pool);
	return 0;
}

static enum webpki_error verify_at(const char *name, int64_t now)
{
	struct webpki_result res;
	return webpki_verify(pool, name, now, WEBPKI_MAX_DEPTH_DEFAULT, &res);
}

static enum webpki_error verify(void)
{
	return verify_at(NAME, TEST_NOW);
}

static struct cert_fact *leaf(void) { return &pool->cert[0]; }
static struct cert_fact *ca(void) { return &pool->cert[1]; }
static struct cert_fact *root(void) { return &pool->cert[2]; }

#define EXPECT(e) assert_string_equal(webpki_error_token(verify()), webpki_error_token(e))

static void test_webpki_good_chain_verifies(void **s)
{
	(void)s;
	struct webpki_result res;
	assert_int_equal(webpki_verify(pool, NAME, TEST_NOW, 8, &res), WEBPKI_OK);
	assert_int_equal(res.n_path, 3);
	assert_int_equal(res.path[0], 0);
	assert_int_equal(res.path[2], 2);
	assert_int_equal(res.cert, -1);
}

/* ---- the tested name (build_server_verifier, ee::subject_alternative_name) ---- */

static void test_webpki_hostname_mismatch_fails_chain(void **s)
{
	(void)s;
	assert_int_equal(verify_at("mail.example.nl", TEST_NOW), WEBPKI_HOSTNAME_MISMATCH);
}

static void test_webpki_hostname_case_insensitive(void **s)
{
	(void)s;
	assert_int_equal(verify_at("WWW.Example.NL", TEST_NOW), WEBPKI_OK);
}

static void test_webpki_wildcard_leftmost_label_only(void **s)
{
	(void)s;
	strcpy(leaf()->gnames[0].value, "*.example.nl");
	assert_int_equal(verify_at("www.example.nl", TEST_NOW), WEBPKI_OK);
	assert_int_equal(verify_at("a.www.example.nl", TEST_NOW), WEBPKI_HOSTNAME_MISMATCH);
	assert_int_equal(verify_at("example.nl", TEST_NOW), WEBPKI_HOSTNAME_MISMATCH);
	strcpy(leaf()->gnames[0].value, "w*.example.nl");
	assert_int_equal(verify_at("www.example.nl", TEST_NOW), WEBPKI_HOSTNAME_MISMATCH);
	strcpy(leaf()->gnames[0].value, "*.nl");
	assert_int_equal(verify_at("example.nl", TEST_NOW), WEBPKI_OK);   /* no PSL check */
}

static void test_webpki_ip_subject_matches_ip_san(void **s)
{
	(void)s;
	struct cert_gname *g = &leaf()->gnames[0];
	g->type = CERT_GN_IP;
	g->len = 4;
	memcpy(g->value, "\xc0\x00\x02\x01", 4);
	assert_int_equal(verify_at("192.0.2.1", TEST_NOW), WEBPKI_OK);
	assert_int_equal(verify_at("192.0.2.2", TEST_NOW), WEBPKI_HOSTNAME_MISMATCH);
	assert_int_equal(verify_at(NAME, TEST_NOW), WEBPKI_HOSTNAME_MISMATCH);
}

static void test_webpki_invalid_name_fails(void **s)
{
	(void)s;
	assert_int_equal(verify_at("under_score.example.nl", TEST_NOW), WEBPKI_INVALID_NAME);
	assert_int_equal(verify_at("", TEST_NOW), WEBPKI_INVALID_NAME);
}

static void test_webpki_missing_san_fails_cn_ignored(void **s)
{
	(void)s;
	leaf()->san.present = false;
	leaf()->n_gnames = 0;
	EXPECT(WEBPKI_MISSING_SAN);
}

static void test_webpki_san_critical_only_with_empty_subject(void **s)
{
	(void)s;
	leaf()->san.critical = true;
	EXPECT(WEBPKI_SAN_CRITICALITY);
	leaf()->subject_empty = true;
	EXPECT(WEBPKI_OK);
	leaf()->san.critical = false;
	EXPECT(WEBPKI_SAN_CRITICALITY);
}

/* ---- the leaf's profile (permits_ee) ---- */

static void test_webpki_leaf_eku_client_auth_only_fails(void **s)
{
	(void)s;
	leaf()->eku_server_auth = false;
	EXPECT(WEBPKI_EKU_NOT_SERVER_AUTH);
	leaf()->eku_any = true;   /* anyExtendedKeyUsage is not enough in a leaf */
	EXPECT(WEBPKI_EKU_NOT_SERVER_AUTH);
	leaf()->eku.present = false;   /* no EKU at all: any */
	EXPECT(WEBPKI_OK);
}

static void test_webpki_leaf_eku_critical_fails(void **s)
{
	(void)s;
	leaf()->eku.critical = true;
	EXPECT(WEBPKI_EXTENSION_CRITICALITY);
}

static void test_webpki_leaf_ca_fails(void **s)
{
	(void)s;
	leaf()->bc.present = true;
	EXPECT(WEBPKI_OK);
	leaf()->bc_ca = true;
	EXPECT(WEBPKI_CA_AS_LEAF);
}

static void test_webpki_leaf_key_cert_sign_fails(void **s)
{
	(void)s;
	leaf()->ku.present = true;
	leaf()->ku_key_cert_sign = true;
	EXPECT(WEBPKI_LEAF_KEY_CERT_SIGN);
}

static void test_webpki_leaf_without_aki_fails(void **s)
{
	(void)s;
	leaf()->aki.present = false;
	EXPECT(WEBPKI_MISSING_EXTENSION);
}

static void test_webpki_leaf_name_constraints_prohibited(void **s)
{
	(void)s;
	leaf()->nc.present = true;
	EXPECT(WEBPKI_PROHIBITED_EXTENSION);
}

static void test_webpki_unknown_critical_extension_fails(void **s)
{
	(void)s;
	leaf()->unknown_critical = true;
	EXPECT(WEBPKI_UNKNOWN_CRITICAL_EXTENSION);
}

static void test_webpki_duplicate_extension_fails(void **s)
{
	(void)s;
	ca()->duplicate_ext = true;
	EXPECT(WEBPKI_DUPLICATE_EXTENSION);
}

static void test_webpki_malformed_extension_fails(void **s)
{
	(void)s;
	leaf()->aia.present = true;
	leaf()->aia.malformed = true;
	EXPECT(WEBPKI_MALFORMED);
	/* extensions the policy never reads may be garbage (leaf SKI) */
	leaf()->aia.malformed = false;
	leaf()->ski.present = leaf()->ski.malformed = true;
	EXPECT(WEBPKI_OK);
}

/* ---- basic profile (permits_basic), every certificate ---- */

static void test_webpki_expired_leaf_fails(void **s)
{
	(void)s;
	assert_int_equal(verify_at(NAME, TEST_NOT_AFTER + 1), WEBPKI_EXPIRED);
	assert_int_equal(verify_at(NAME, TEST_NOT_AFTER), WEBPKI_OK);   /* inclusive */
	assert_int_equal(verify_at(NAME, TEST_NOT_BEFORE - 1), WEBPKI_NOT_YET_VALID);
}

static void test_webpki_expired_intermediate_fails(void **s)
{
	(void)s;
	ca()->not_after = TEST_NOW - 1;
	EXPECT(WEBPKI_EXPIRED);
}

static void test_webpki_expired_root_fails(void **s)
{
	(void)s;
	root()->not_after = TEST_NOW - 1;
	EXPECT(WEBPKI_EXPIRED);
}

static void test_webpki_not_v3_fails(void **s)
{
	(void)s;
	ca()->version = 0;
	EXPECT(WEBPKI_NOT_V3);
}

static void test_webpki_serial_rules(void **s)
{
	(void)s;
	leaf()->serial_len = 21;
	EXPECT(WEBPKI_OK);
	leaf()->serial_len = 22;
	EXPECT(WEBPKI_BAD_SERIAL);
	leaf()->serial_len = 1;   /* zero is allowed (roots in the wild) */
	EXPECT(WEBPKI_OK);
	leaf()->serial_negative = true;
	EXPECT(WEBPKI_BAD_SERIAL);
}

static void test_webpki_empty_issuer_fails(void **s)
{
	(void)s;
	leaf()->issuer_empty = true;
	EXPECT(WEBPKI_EMPTY_ISSUER);
}

static void test_webpki_generalized_time_before_2050_fails(void **s)
{
	(void)s;
	ca()->validity_encoding_bad = true;
	EXPECT(WEBPKI_VALIDITY_ENCODING);
}

static void test_webpki_signature_algorithm_mismatch_fails(void **s)
{
	(void)s;
	leaf()->sig_alg_match = false;
	EXPECT(WEBPKI_SIGNATURE_ALGORITHM_MISMATCH);
}

/* ---- issuing (valid_issuer) ---- */

static void test_webpki_sha1_or_sha224_signed_leaf_fails(void **s)
{
	(void)s;
	leaf()->sig_alg_permitted = false;   /* sha1WithRSA, ecdsa-with-SHA224, MD5, ... */
	EXPECT(WEBPKI_FORBIDDEN_SIGNATURE_ALGORITHM);
}

static void test_webpki_root_signature_algorithm_not_policed(void **s)
{
	(void)s;
	root()->sig_alg_permitted = false;   /* a self-signed root's own signature */
	EXPECT(WEBPKI_OK);
}

static void test_webpki_issuer_key_algorithm(void **s)
{
	(void)s;
	ca()->spki = CERT_SPKI_P384;
	EXPECT(WEBPKI_OK);
	ca()->spki = CERT_SPKI_OTHER;   /* P-224, brainpool, Ed25519, DSA */
	EXPECT(WEBPKI_FORBIDDEN_PUBLIC_KEY_ALGORITHM);
}

static void test_webpki_leaf_key_not_policed(void **s)
{
	(void)s;
	leaf()->spki = CERT_SPKI_OTHER;
	leaf()->rsa_modulus_bytes = 0;
	EXPECT(WEBPKI_OK);
	leaf()->spki = CERT_SPKI_RSA;
	leaf()->rsa_modulus_bytes = 129;   /* RSA-1024 leaf: cert_pubkey's business */
	EXPECT(WEBPKI_OK);
}

static void test_webpki_rsa_issuer_below_2048_fails(void **s)
{
	(void)s;
	ca()->rsa_modulus_bytes = 129;   /* RSA-1024 intermediate */
	EXPECT(WEBPKI_RSA_KEY_TOO_SMALL);
	ca()->rsa_modulus_bytes = 256;   /* 2047 bits count as 2048 (octets x 8) */
	EXPECT(WEBPKI_OK);
}

static void test_webpki_bad_signature_fails(void **s)
{
	(void)s;
	pool->signed_by[0] = 0;
	EXPECT(WEBPKI_SIGNATURE_INVALID);
}

static void test_webpki_malformed_issuer_key_fails(void **s)
{
	(void)s;
	ca()->pubkey_ok = false;
	EXPECT(WEBPKI_MALFORMED_PUBLIC_KEY);
}

static void test_webpki_issuer_must_be_ca(void **s)
{
	(void)s;
	ca()->bc_ca = false;
	EXPECT(WEBPKI_NOT_A_CA);
	ca()->bc_ca = true;
	ca()->ku_key_cert_sign = false;
	EXPECT(WEBPKI_NOT_A_CA);
	ca()->ku_key_cert_sign = true;
	ca()->bc.critical = false;
	EXPECT(WEBPKI_EXTENSION_CRITICALITY);
	ca()->bc.present = false;
	EXPECT(WEBPKI_MISSING_EXTENSION);
}

static void test_webpki_ca_without_key_usage_fails(void **s)
{
	(void)s;
	root()->ku.present = false;
	EXPECT(WEBPKI_MISSING_EXTENSION);
}

static void test_webpki_ca_aki_needs_key_identifier(void **s)
{
	(void)s;
	ca()->aki.present = true;
	ca()->aki_has_keyid = true;
	ca()->aki_has_issuer = ca()->aki_has_serial = true;   /* allowed by cryptography 48 */
	EXPECT(WEBPKI_OK);
	ca()->aki_has_keyid = false;
	EXPECT(WEBPKI_BAD_AUTHORITY_KEY_ID);
}

static void test_webpki_ca_eku(void **s)
{
	(void)s;
	ca()->eku.present = true;
	ca()->eku_any = true;
	EXPECT(WEBPKI_OK);
	ca()->eku_any = false;
	EXPECT(WEBPKI_EKU_NOT_SERVER_AUTH);
}

static void test_webpki_path_length(void **s)
{
	(void)s;
	ca()->bc_has_pathlen = true;
	ca()->bc_pathlen = 0;   /* only the leaf below it */
	EXPECT(WEBPKI_OK);
	root()->bc_has_pathlen = true;
	root()->bc_pathlen = 0;   /* one CA below the root: exceeded */
	EXPECT(WEBPKI_PATH_LENGTH);
}

static void test_webpki_no_trust_anchor_untrusted(void **s)
{
	(void)s;
	root()->in_store = false;
	struct webpki_result res;
	assert_int_equal(webpki_verify(pool, NAME, TEST_NOW, 8, &res), WEBPKI_UNTRUSTED);
	assert_int_equal(res.n_path, 0);
}

static void test_webpki_served_root_in_store_verifies(void **s)
{
	(void)s;
	root()->served = true;   /* served and trusted: the same certificate */
	EXPECT(WEBPKI_OK);
}

static void test_webpki_second_candidate_path_verifies(void **s)
{
	(void)s;
	/* a second CA with the same name: the first (expired) fails, the next works */
	pool->cert[3] = pool->cert[1];
	pool->cert[3].gnames = NULL;
	pool->n = 4;
	pool->signed_by[0] |= 1u << 3;
	pool->signed_by[3] = 1u << 2;
	ca()->not_after = TEST_NOW - 1;
	EXPECT(WEBPKI_OK);
	pool->cert[3].not_after = TEST_NOW - 1;
	EXPECT(WEBPKI_EXPIRED);
}

static void test_webpki_max_depth(void **s)
{
	(void)s;
	struct webpki_result res;
	assert_int_equal(webpki_verify(pool, NAME, TEST_NOW, 1, &res), WEBPKI_OK);
	assert_int_equal(webpki_verify(pool, NAME, TEST_NOW, 0, &res), WEBPKI_MAX_DEPTH);
}

static void test_webpki_leaf_in_store_verifies(void **s)
{
	(void)s;
	leaf()->in_store = true;   /* a pinned self-signed leaf in the trust store */
	pool->signed_by[0] = 0;
	EXPECT(WEBPKI_OK);
}

/* ---- name constraints (lib.rs NameChain) ---- */

static struct cert_gname subtree_dns(const char *v)
{
	struct cert_gname g = { .type = CERT_GN_DNS };
	strcpy(g.value, v);
	g.len = (uint8_t)strlen(v);
	return g;
}

static void set_nc(struct cert_fact *c, struct cert_gname *perm, size_t np, struct cert_gname *excl,
                   size_t ne)
{
	c->nc.present = true;
	c->permitted = perm;
	c->n_permitted = np;
	c->excluded = excl;
	c->n_excluded = ne;
}

static void unset_nc(struct cert_fact *c)
{
	c->permitted = c->excluded = NULL;
	c->n_permitted = c->n_excluded = 0;
}

static void test_webpki_name_constraints_permitted(void **s)
{
	(void)s;
	struct cert_gname p[1] = { subtree_dns("example.nl") };
	set_nc(ca(), p, 1, NULL, 0);
	EXPECT(WEBPKI_OK);
	strcpy(p[0].value, "example.com");
	EXPECT(WEBPKI_NAME_CONSTRAINTS);
	strcpy(p[0].value, "ample.nl");   /* label-wise, not a string suffix */
	EXPECT(WEBPKI_NAME_CONSTRAINTS);
	unset_nc(ca());
}

static void test_webpki_name_constraints_excluded(void **s)
{
	(void)s;
	struct cert_gname e[1] = { subtree_dns("www.example.nl") };
	set_nc(root(), NULL, 0, e, 1);
	EXPECT(WEBPKI_NAME_CONSTRAINTS);
	strcpy(e[0].value, "mail.example.nl");
	EXPECT(WEBPKI_OK);
	unset_nc(root());
}

static void test_webpki_name_constraints_wildcard_overlap(void **s)
{
	(void)s;
	/* x509-limbo cve-2025-61727: a wildcard SAN meets any subtree one of its names is in */
	strcpy(leaf()->gnames[0].value, "*.example.nl");
	struct cert_gname e[1] = { subtree_dns("bar.example.nl") };
	set_nc(ca(), NULL, 0, e, 1);
	EXPECT(WEBPKI_NAME_CONSTRAINTS);
	struct cert_gname p[1] = { subtree_dns("foo.example.nl") };
	set_nc(ca(), p, 1, NULL, 0);
	EXPECT(WEBPKI_OK);
	unset_nc(ca());
}

static void test_webpki_name_constraints_other_type_skipped(void **s)
{
	(void)s;
	struct cert_gname p[1] = { { .type = CERT_GN_IP, .len = 8 } };
	set_nc(ca(), p, 1, NULL, 0);
	EXPECT(WEBPKI_OK);   /* no IP SAN: the IP subtree does not apply */
	unset_nc(ca());
}

static void test_webpki_name_constraints_empty_fails(void **s)
{
	(void)s;
	set_nc(ca(), NULL, 0, NULL, 0);
	EXPECT(WEBPKI_NAME_CONSTRAINTS);
}

static void test_webpki_tokens_and_texts(void **s)
{
	(void)s;
	for (int e = 0; e < WEBPKI_ERROR_COUNT; e++) {
		assert_true(strlen(webpki_error_token((enum webpki_error)e)) > 1);
		assert_true(strlen(webpki_error_text((enum webpki_error)e)) > 10);
		assert_string_equal(webpki_token_text(webpki_error_token((enum webpki_error)e)),
		                    webpki_error_text((enum webpki_error)e));
		for (int f = 0; f < e; f++)
			assert_string_not_equal(webpki_error_token((enum webpki_error)e),
			                        webpki_error_token((enum webpki_error)f));
	}
	assert_string_equal(webpki_error_token(WEBPKI_HOSTNAME_MISMATCH), "hostname-mismatch");
	assert_string_equal(webpki_error_token(WEBPKI_RSA_KEY_TOO_SMALL), "rsa-key-too-small");
	assert_string_equal(webpki_error_token(WEBPKI_FORBIDDEN_SIGNATURE_ALGORITHM),
	                    "forbidden-signature-algorithm");
}

static void test_webpki_no_pool(void **s)
{
	(void)s;
	struct webpki_result res;
	assert_int_equal(webpki_verify(NULL, NAME, TEST_NOW, 8, &res), WEBPKI_NO_CERTIFICATE);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_webpki_good_chain_verifies),
		T(test_webpki_hostname_mismatch_fails_chain),
		T(test_webpki_hostname_case_insensitive),
		T(test_webpki_wildcard_leftmost_label_only),
		T(test_webpki_ip_subject_matches_ip_san),
		T(test_webpki_invalid_name_fails),
		T(test_webpki_missing_san_fails_cn_ignored),
		T(test_webpki_san_critical_only_with_empty_subject),
		T(test_webpki_leaf_eku_client_auth_only_fails),
		T(test_webpki_leaf_eku_critical_fails),
		T(test_webpki_leaf_ca_fails),
		T(test_webpki_leaf_key_cert_sign_fails),
		T(test_webpki_leaf_without_aki_fails),
		T(test_webpki_leaf_name_constraints_prohibited),
		T(test_webpki_unknown_critical_extension_fails),
		T(test_webpki_duplicate_extension_fails),
		T(test_webpki_malformed_extension_fails),
		T(test_webpki_expired_leaf_fails),
		T(test_webpki_expired_intermediate_fails),
		T(test_webpki_expired_root_fails),
		T(test_webpki_not_v3_fails),
		T(test_webpki_serial_rules),
		T(test_webpki_empty_issuer_fails),
		T(test_webpki_generalized_time_before_2050_fails),
		T(test_webpki_signature_algorithm_mismatch_fails),
		T(test_webpki_sha1_or_sha224_signed_leaf_fails),
		T(test_webpki_root_signature_algorithm_not_policed),
		T(test_webpki_issuer_key_algorithm),
		T(test_webpki_leaf_key_not_policed),
		T(test_webpki_rsa_issuer_below_2048_fails),
		T(test_webpki_bad_signature_fails),
		T(test_webpki_malformed_issuer_key_fails),
		T(test_webpki_issuer_must_be_ca),
		T(test_webpki_ca_without_key_usage_fails),
		T(test_webpki_ca_aki_needs_key_identifier),
		T(test_webpki_ca_eku),
		T(test_webpki_path_length),
		T(test_webpki_no_trust_anchor_untrusted),
		T(test_webpki_served_root_in_store_verifies),
		T(test_webpki_second_candidate_path_verifies),
		T(test_webpki_max_depth),
		T(test_webpki_leaf_in_store_verifies),
		T(test_webpki_name_constraints_permitted),
		T(test_webpki_name_constraints_excluded),
		T(test_webpki_name_constraints_wildcard_overlap),
		T(test_webpki_name_constraints_other_type_skipped),
		T(test_webpki_name_constraints_empty_fails),
		T(test_webpki_tokens_and_texts),
		T(test_webpki_no_pool),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

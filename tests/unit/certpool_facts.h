/*
 * certpool_facts.h -- hand-made web-PKI facts (tls/certpool.h) for the unit tests:
 * a well-formed CA and leaf that checks/webpki.c accepts, to be bent one field at a
 * time, and the two pools the TLS rule tests need (a trusted chain for a name, a
 * chain with no trusted root). Header-only; needs cmocka.h and stdlib.h first.
 */
#ifndef INETCHECK_TESTS_CERTPOOL_FACTS_H
#define INETCHECK_TESTS_CERTPOOL_FACTS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls/certpool.h"
#include "tls/scan.h"

#define TEST_NOW       INT64_C(1780272000)   /* 2026-06-01 */
#define TEST_NOT_BEFORE INT64_C(1767225600)  /* 2026-01-01 */
#define TEST_NOT_AFTER INT64_C(1830211200)   /* 2027-12-31 */

/* A name's stand-in for the SHA-256 of its DER: the first byte tells them apart. */
static inline void test_name_id(uint8_t id[32], uint8_t which)
{
	memset(id, 0, 32);
	id[0] = which;
}

/* A certificate every rule accepts in its role: subject `self`, issued by `issuer`. */
static inline void test_cert_base(struct cert_fact *c, const char *cn, uint8_t self, uint8_t issuer)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->cn, sizeof(c->cn), "%.*s", (int)sizeof(c->cn) - 1, cn);
	test_name_id(c->subject_id, self);
	test_name_id(c->issuer_id, issuer);
	c->self_issued = self == issuer;
	c->version = 2;
	c->sig_alg_match = c->sig_alg_permitted = true;
	snprintf(c->sig_alg, sizeof(c->sig_alg), "sha256WithRSAEncryption");
	c->spki = CERT_SPKI_RSA;
	c->rsa_modulus_bytes = 257;   /* 2048 bits + sign octet */
	c->pubkey_ok = true;
	c->serial_len = 16;
	c->not_before = TEST_NOT_BEFORE;
	c->not_after = TEST_NOT_AFTER;
}

static inline void test_cert_ca(struct cert_fact *c, const char *cn, uint8_t self, uint8_t issuer)
{
	test_cert_base(c, cn, self, issuer);
	c->bc = (struct cert_ext){ .present = true, .critical = true };
	c->bc_ca = true;
	c->ku = (struct cert_ext){ .present = true, .critical = true };
	c->ku_key_cert_sign = true;
	c->ski.present = true;
}

/* A leaf with one DNS SAN (stored in `san`, owned by the caller). */
static inline void test_cert_leaf(struct cert_fact *c, struct cert_gname *san, const char *name,
                                  uint8_t self, uint8_t issuer)
{
	test_cert_base(c, name, self, issuer);
	c->aki.present = true;
	c->aki_has_keyid = true;
	c->san.present = true;
	memset(san, 0, sizeof(*san));
	san->type = CERT_GN_DNS;
	snprintf(san->value, sizeof(san->value), "%s", name);
	san->len = (uint8_t)strlen(san->value);
	c->gnames = san;
	c->n_gnames = 1;
	c->eku.present = true;
	c->eku_server_auth = true;
	c->served = true;
}

/* leaf (name `san_name`) <- intermediate <- root, each signed by the next, on the
 * heap like the probe's (tls_scan_facts_release frees it); `trusted` false leaves
 * the root out of the store (no trust anchor). */
static inline struct certpool *test_pool_chain(const char *san_name, bool trusted)
{
	struct certpool *p = calloc(1, sizeof(*p));
	struct cert_gname *san = calloc(1, sizeof(*san));

	assert_non_null(p);
	assert_non_null(san);
	p->n = 3;
	test_cert_leaf(&p->cert[0], san, san_name, 1, 2);
	test_cert_ca(&p->cert[1], "Example CA", 2, 3);
	p->cert[1].served = true;
	test_cert_ca(&p->cert[2], "Example Root", 3, 3);
	p->cert[2].in_store = trusted;
	p->signed_by[0] = 1u << 1;
	p->signed_by[1] = 1u << 2;
	p->signed_by[2] = 1u << 2;
	return p;
}

/* Set the trust facts of `cf`: a chain for `san_name`, judged for `peer_name`. */
static inline void test_cert_chain(struct tls_cert_facts *cf, const char *san_name,
                                   const char *peer_name, bool trusted)
{
	if (cf->pool != NULL) {
		certpool_release(cf->pool);
		free(cf->pool);
	}
	cf->pool = test_pool_chain(san_name, trusted);
	snprintf(cf->peer_name, sizeof(cf->peer_name), "%s", peer_name);
	cf->checked_at = TEST_NOW;
}

/* Forget the certificate facts (what a scan that got no certificate leaves). */
static inline void test_cert_clear(struct tls_cert_facts *cf)
{
	if (cf->pool != NULL) {
		certpool_release(cf->pool);
		free(cf->pool);
	}
	memset(cf, 0, sizeof(*cf));
}

#endif

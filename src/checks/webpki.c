/*
 * webpki.c -- spec §8 item 45: the trust verdict of pyca/cryptography's X.509
 * server verifier (sslyze 6), re-implemented over certificate facts. The policy is
 * that of the Rust crate cryptography-x509-verification (`policy/mod.rs`,
 * `policy/extension.rs`, `lib.rs`, `types.rs`); each rule below names what it
 * mirrors. Checked against the C2SP x509-limbo corpus (tests/unit/test_webpki_limbo.c).
 */
#include "checks/webpki.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* lib.rs Budget: the same limits as cryptography (Go and webpki use similar ones). */
#define SIGNATURE_CHECK_LIMIT 128
#define NAME_CONSTRAINT_CHECK_LIMIT (1L << 20)
#define RSA_MIN_BITS 2048   /* CA/B 6.1.5 */

struct subject {
	bool ip;
	uint8_t addr[16];
	size_t addr_len;
	char dns[256];
};

struct budget {
	int signatures;
	long name_checks;
};

/* The SANs of the certificates below (and including) the working certificate, for
 * name constraints (lib.rs NameChain): a linked list up the recursion. */
struct name_chain {
	const struct name_chain *child;
	const struct cert_fact *cert;   /* NULL: a self-issued intermediate (no SANs) */
};

struct verifier {
	const struct certpool *pool;
	const struct subject *subject;
	int64_t now;
	unsigned max_depth;
	struct budget budget;
	struct webpki_result *res;
	int path[CERTPOOL_MAX + 1];
};

/* A failure: which check, and about which certificate (pool index). */
struct failure {
	enum webpki_error error;
	int cert;
	bool fatal;
};

static const struct failure PASS = { WEBPKI_OK, -1, false };

static struct failure fail(enum webpki_error e, int cert)
{
	return (struct failure){ e, cert, e == WEBPKI_BUDGET };
}

/* ---- names (types.rs) ---- */

/* DNSName::new: 1-253 octets, labels of 1-63 [A-Za-z0-9-], no leading/trailing '-'. */
bool webpki_dns_name_valid(const char *s, size_t len)
{
	size_t label = 0;

	if (len == 0 || len > 253)
		return false;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (label == 0 || label > 63 || s[i - label] == '-' || s[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return false;
		label++;
	}
	return true;
}

static bool dns_valid(const char *s)
{
	return webpki_dns_name_valid(s, strlen(s));
}

/* DNSName::parent: what follows the first dot, if that is a valid name. */
static const char *dns_parent(const char *name)
{
	const char *dot = strchr(name, '.');
	return dot != NULL && dns_valid(dot + 1) ? dot + 1 : NULL;
}

/* DNSConstraint::matches: `name` is `constraint` or below it, label-wise. */
static bool dns_constraint_matches(const char *constraint, const char *name)
{
	size_t cl = strlen(constraint), nl = strlen(name);

	if (nl < cl || strcasecmp(name + nl - cl, constraint) != 0)
		return false;
	return nl == cl || name[nl - cl - 1] == '.';
}

/* DNSPattern::matches: exact (case-insensitive), or "*." + the name's parent. */
bool webpki_dns_pattern_matches(const char *pattern, const char *name)
{
	if (strncmp(pattern, "*.", 2) == 0) {
		const char *parent = dns_parent(name);
		return dns_valid(pattern + 2) && parent != NULL && strcasecmp(parent, pattern + 2) == 0;
	}
	return dns_valid(pattern) && strcasecmp(pattern, name) == 0;
}

/* A wildcard SAN meets a DNS subtree when any name it stands for is in the subtree
 * (cryptography 48 reads both permitted and excluded subtrees so: x509-limbo
 * cve-2025-61727 and its nc-permits variant). */
static bool dns_subtree_matches(const char *constraint, const char *san)
{
	if (strncmp(san, "*.", 2) != 0)
		return dns_constraint_matches(constraint, san);
	const char *base = san + 2;
	if (dns_constraint_matches(constraint, base))
		return true;
	/* or the constraint is exactly one label below the wildcard's base */
	const char *parent = dns_parent(constraint);
	return parent != NULL && strcasecmp(parent, base) == 0;
}

static bool dns_pattern_valid(const char *san)
{
	return dns_valid(strncmp(san, "*.", 2) == 0 ? san + 2 : san);
}

/* RFC822Name::new: dot-atom local part (no quoted form) "@" a valid DNS name. */
static bool email_split(const char *s, const char **domain, size_t *local_len)
{
	static const char atext[] = "!#$%&'*+-/=?^_`{|}~";
	const char *at = strchr(s, '@');
	size_t comp = 0;

	if (at == NULL)
		return false;
	for (const char *p = s; p <= at; p++) {
		if (p == at || *p == '.') {
			if (comp == 0)
				return false;
			comp = 0;
			continue;
		}
		unsigned char c = (unsigned char)*p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      strchr(atext, c) != NULL))
			return false;
		comp++;
	}
	*domain = at + 1;
	*local_len = (size_t)(at - s);
	return dns_valid(at + 1);
}

/* RFC822Constraint: ".dom" (any mailbox strictly below dom), a mailbox, or "dom". */
static int email_constraint_matches(const char *c, const char *email)
{
	const char *edom, *cdom;
	size_t elocal, clocal;

	if (!email_split(email, &edom, &elocal))
		return -1;
	if (c[0] == '.') {
		if (!dns_valid(c + 1))
			return -1;
		return strlen(edom) > strlen(c + 1) && dns_constraint_matches(c + 1, edom);
	}
	if (email_split(c, &cdom, &clocal))
		return elocal == clocal && strncmp(c, email, clocal) == 0 && strcasecmp(cdom, edom) == 0;
	if (!dns_valid(c))
		return -1;
	return strcasecmp(c, edom) == 0;
}

/* IPConstraint::from_bytes: address + contiguous mask, 8 or 32 octets. */
static int ip_subtree_matches(const struct cert_gname *c, const struct cert_gname *san)
{
	size_t half = c->len / 2;
	const uint8_t *addr = (const uint8_t *)c->value, *mask = addr + half;
	bool zero_seen = false;

	if (c->len != 8 && c->len != 32)
		return -1;
	for (size_t i = 0; i < half; i++)
		for (int b = 7; b >= 0; b--) {
			bool one = mask[i] >> b & 1;
			if (one && zero_seen)
				return -1;
			zero_seen |= !one;
		}
	if (san->len != 4 && san->len != 16)
		return -1;
	if (san->len != half)
		return 0;   /* other family: applied, no match */
	for (size_t i = 0; i < half; i++)
		if ((((const uint8_t *)san->value)[i] & mask[i]) != (addr[i] & mask[i]))
			return 0;
	return 1;
}

enum nc_status { NC_SKIPPED, NC_MATCH, NC_NO_MATCH, NC_ERROR };

/* lib.rs evaluate_single_constraint. */
static enum nc_status nc_single(const struct cert_gname *c, const struct cert_gname *san,
                                bool permitted)
{
	if (c->type != san->type)
		return NC_SKIPPED;
	switch (c->type) {
	case CERT_GN_DNS:
		if (!dns_pattern_valid(san->value) || !dns_valid(c->value))
			return NC_ERROR;
		return dns_subtree_matches(c->value, san->value) ? NC_MATCH : NC_NO_MATCH;
	case CERT_GN_IP: {
		int m = ip_subtree_matches(c, san);
		return m < 0 ? NC_ERROR : m ? NC_MATCH : NC_NO_MATCH;
	}
	case CERT_GN_EMAIL: {
		int m = email_constraint_matches(c->value, san->value);
		return m < 0 ? NC_ERROR : m ? NC_MATCH : NC_NO_MATCH;
	}
	case CERT_GN_DIRNAME:
		/* not implemented by cryptography: never permitted, never excluded */
		return permitted ? NC_ERROR : NC_NO_MATCH;
	default:
		return NC_ERROR;   /* "unsupported name constraint" */
	}
}

/* lib.rs NameChain::evaluate_constraints: every SAN below must be in a permitted
 * subtree of its type (when there is one) and in no excluded one. */
static struct failure nc_evaluate(struct verifier *v, const struct name_chain *chain,
                                  const struct cert_fact *ca, int ca_index)
{
	for (const struct name_chain *n = chain; n != NULL; n = n->child) {
		if (n->cert == NULL)
			continue;
		for (size_t s = 0; s < n->cert->n_gnames; s++) {
			const struct cert_gname *san = &n->cert->gnames[s];
			bool permit = true;

			for (size_t p = 0; p < ca->n_permitted; p++) {
				if (--v->budget.name_checks < 0)
					return fail(WEBPKI_BUDGET, ca_index);
				enum nc_status st = nc_single(&ca->permitted[p], san, true);
				if (st == NC_ERROR)
					return fail(WEBPKI_NAME_CONSTRAINTS, ca_index);
				if (st != NC_SKIPPED) {
					permit = st == NC_MATCH;
					if (permit)
						break;
				}
			}
			if (!permit)
				return fail(WEBPKI_NAME_CONSTRAINTS, ca_index);
			for (size_t e = 0; e < ca->n_excluded; e++) {
				if (--v->budget.name_checks < 0)
					return fail(WEBPKI_BUDGET, ca_index);
				enum nc_status st = nc_single(&ca->excluded[e], san, false);
				if (st == NC_ERROR || st == NC_MATCH)
					return fail(WEBPKI_NAME_CONSTRAINTS, ca_index);
			}
		}
	}
	return PASS;
}

/* ---- the certificate profile (policy/mod.rs, policy/extension.rs) ---- */

enum presence { MAY, MUST, MUST_NOT };
enum criticality { AGNOSTIC, CRITICAL, NON_CRITICAL };

/* ExtensionValidator::permits; `parsed`: the policy reads the value (a validator),
 * so a value that does not decode fails. */
static enum webpki_error ext_rule(const struct cert_ext *e, enum presence p, enum criticality c,
                                  bool parsed)
{
	if (!e->present)
		return p == MUST ? WEBPKI_MISSING_EXTENSION : WEBPKI_OK;
	if (p == MUST_NOT)
		return WEBPKI_PROHIBITED_EXTENSION;
	if ((c == CRITICAL && !e->critical) || (c == NON_CRITICAL && e->critical))
		return WEBPKI_EXTENSION_CRITICALITY;
	if (parsed && e->malformed)
		return WEBPKI_MALFORMED;
	return WEBPKI_OK;
}

/* Policy::permits_basic (CA/B 7.1.1, RFC 5280 4.1.1.2, 4.1.2.2, 4.1.2.4, 4.1.2.5). */
static enum webpki_error permits_basic(const struct cert_fact *f, int64_t now)
{
	if (f->malformed)
		return WEBPKI_MALFORMED;
	if (f->duplicate_ext)
		return WEBPKI_DUPLICATE_EXTENSION;
	if (f->version != 2)
		return WEBPKI_NOT_V3;
	if (!f->sig_alg_match)
		return WEBPKI_SIGNATURE_ALGORITHM_MISMATCH;
	if (f->serial_len < 1 || f->serial_len > 21 || f->serial_negative)
		return WEBPKI_BAD_SERIAL;
	if (f->issuer_empty)
		return WEBPKI_EMPTY_ISSUER;
	if (f->validity_encoding_bad)
		return WEBPKI_VALIDITY_ENCODING;
	if (now < f->not_before)
		return WEBPKI_NOT_YET_VALID;
	if (now > f->not_after)
		return WEBPKI_EXPIRED;
	return WEBPKI_OK;
}

static bool subject_in_san(const struct cert_fact *f, const struct subject *s)
{
	for (size_t i = 0; i < f->n_gnames; i++) {
		const struct cert_gname *g = &f->gnames[i];
		if (s->ip) {
			if (g->type == CERT_GN_IP && g->len == s->addr_len &&
			    memcmp(g->value, s->addr, s->addr_len) == 0)
				return true;
		} else if (g->type == CERT_GN_DNS && webpki_dns_pattern_matches(g->value, s->dns)) {
			return true;
		}
	}
	return false;
}

/* Policy::permits_ee with the EE extension policy. */
static enum webpki_error permits_ee(const struct cert_fact *f, const struct subject *s,
                                    int64_t now)
{
	enum webpki_error e = permits_basic(f, now);
	if (e != WEBPKI_OK)
		return e;
	if ((e = ext_rule(&f->aia, MAY, NON_CRITICAL, true)) != WEBPKI_OK)
		return e;
	if ((e = ext_rule(&f->aki, MUST, NON_CRITICAL, false)) != WEBPKI_OK)
		return e;
	if ((e = ext_rule(&f->ski, MAY, AGNOSTIC, false)) != WEBPKI_OK)
		return e;
	if ((e = ext_rule(&f->ku, MAY, AGNOSTIC, true)) != WEBPKI_OK)
		return e;
	if (f->ku.present && f->ku_key_cert_sign)
		return WEBPKI_LEAF_KEY_CERT_SIGN;
	if (!f->san.present)
		return WEBPKI_MISSING_SAN;
	/* CA/B 7.1.2.7.12: SAN critical exactly when the subject is empty */
	if (f->subject_empty != f->san.critical)
		return WEBPKI_SAN_CRITICALITY;
	if (f->san.malformed)
		return WEBPKI_MALFORMED;
	if (!subject_in_san(f, s))
		return f->gnames_cut ? WEBPKI_INCOMPLETE : WEBPKI_HOSTNAME_MISMATCH;
	if ((e = ext_rule(&f->bc, MAY, AGNOSTIC, true)) != WEBPKI_OK)
		return e;
	if (f->bc.present && f->bc_ca)
		return WEBPKI_CA_AS_LEAF;
	if ((e = ext_rule(&f->nc, MUST_NOT, AGNOSTIC, false)) != WEBPKI_OK)
		return e;
	if ((e = ext_rule(&f->eku, MAY, NON_CRITICAL, true)) != WEBPKI_OK)
		return e;
	/* CA/B 7.1.2.7.10: serverAuth itself; anyExtendedKeyUsage is not enough */
	if (f->eku.present && !f->eku_server_auth)
		return WEBPKI_EKU_NOT_SERVER_AUTH;
	if (f->unknown_critical)
		return WEBPKI_UNKNOWN_CRITICAL_EXTENSION;
	return WEBPKI_OK;
}

/* Policy::permits_ca with the CA extension policy, at chain-building `depth`. */
static enum webpki_error permits_ca(const struct cert_fact *f, unsigned depth, int64_t now)
{
	enum webpki_error e = permits_basic(f, now);
	if (e != WEBPKI_OK)
		return e;
	/* pathLenConstraint against the number of certificates below, leaf excluded */
	if (f->bc.present && !f->bc.malformed && f->bc_has_pathlen &&
	    (f->bc_pathlen < 0 || (long)depth > f->bc_pathlen))
		return WEBPKI_PATH_LENGTH;
	if ((e = ext_rule(&f->aia, MAY, NON_CRITICAL, true)) != WEBPKI_OK)
		return e;
	if ((e = ext_rule(&f->aki, MAY, NON_CRITICAL, true)) != WEBPKI_OK)
		return e;
	/* CA/B 7.1.2.11.1: keyIdentifier must be there (cryptography 48 no longer refuses
	 * authorityCertIssuer / authorityCertSerialNumber beside it: x509-limbo
	 * webpki::aki::root-with-aki-*) */
	if (f->aki.present && !f->aki_has_keyid)
		return WEBPKI_BAD_AUTHORITY_KEY_ID;
	if ((e = ext_rule(&f->ski, MAY, NON_CRITICAL, false)) != WEBPKI_OK)
		return e;
	if ((e = ext_rule(&f->ku, MUST, AGNOSTIC, true)) != WEBPKI_OK)
		return e;
	if (!f->ku_key_cert_sign)
		return WEBPKI_NOT_A_CA;
	if ((e = ext_rule(&f->san, MAY, AGNOSTIC, false)) != WEBPKI_OK)
		return e;
	if ((e = ext_rule(&f->bc, MUST, CRITICAL, true)) != WEBPKI_OK)
		return e;
	if (!f->bc_ca)
		return WEBPKI_NOT_A_CA;
	if ((e = ext_rule(&f->nc, MAY, AGNOSTIC, true)) != WEBPKI_OK)
		return e;
	if (f->nc.present && f->n_permitted == 0 && f->n_excluded == 0)
		return WEBPKI_NAME_CONSTRAINTS;
	if (f->subtrees_cut)
		return WEBPKI_INCOMPLETE;
	if ((e = ext_rule(&f->eku, MAY, NON_CRITICAL, true)) != WEBPKI_OK)
		return e;
	if (f->eku.present && !f->eku_server_auth && !f->eku_any)
		return WEBPKI_EKU_NOT_SERVER_AUTH;
	if (f->unknown_critical)
		return WEBPKI_UNKNOWN_CRITICAL_EXTENSION;
	return WEBPKI_OK;
}

/* Policy::valid_issuer: `issuer` may sign `child` at `depth`. */
static struct failure valid_issuer(struct verifier *v, int issuer, int child, unsigned depth)
{
	const struct cert_fact *i = &v->pool->cert[issuer], *c = &v->pool->cert[child];
	enum webpki_error e = permits_ca(i, depth, v->now);

	if (e != WEBPKI_OK)
		return fail(e, issuer);
	if (i->spki == CERT_SPKI_OTHER)
		return fail(WEBPKI_FORBIDDEN_PUBLIC_KEY_ALGORITHM, issuer);
	if (!c->sig_alg_permitted)
		return fail(WEBPKI_FORBIDDEN_SIGNATURE_ALGORITHM, child);
	if (i->spki == CERT_SPKI_RSA && i->rsa_modulus_bytes * 8 < RSA_MIN_BITS)
		return fail(WEBPKI_RSA_KEY_TOO_SMALL, issuer);
	if (--v->budget.signatures < 0)
		return fail(WEBPKI_BUDGET, child);
	if (!i->pubkey_ok)
		return fail(WEBPKI_MALFORMED_PUBLIC_KEY, issuer);
	if (!(v->pool->signed_by[child] >> issuer & 1))
		return fail(WEBPKI_SIGNATURE_INVALID, child);
	return PASS;
}

/* lib.rs potential_issuers: trust anchors first, then the served intermediates, each
 * stably ordered by how well the candidate's SKI fits the child's AKI. */
static size_t candidates(const struct certpool *pool, int child, int out[2 * CERTPOOL_MAX])
{
	const struct cert_fact *c = &pool->cert[child];
	bool want = c->aki.present && !c->aki.malformed && c->aki_has_keyid;
	int rank[2 * CERTPOOL_MAX];
	size_t n = 0;

	for (int pass = 0; pass < 2; pass++)
		for (size_t j = 0; j < pool->n; j++) {
			const struct cert_fact *k = &pool->cert[j];
			if (pass == 0 ? !k->in_store : !(k->served && j != 0))
				continue;
			if (memcmp(k->subject_id, c->issuer_id, 32) != 0)
				continue;
			bool have = k->ski.present && !k->ski.malformed;
			int r = 1;
			if (want && have)
				r = c->aki_keyid_len == k->ski_keyid_len &&
				    memcmp(c->aki_keyid, k->ski_keyid, c->aki_keyid_len) == 0 ? 0 : 2;
			out[n] = (int)j;
			rank[n++] = r;
		}
	/* stable insertion sort by rank */
	for (size_t a = 1; a < n; a++)
		for (size_t b = a; b > 0 && rank[b - 1] > rank[b]; b--) {
			int t = rank[b]; rank[b] = rank[b - 1]; rank[b - 1] = t;
			t = out[b]; out[b] = out[b - 1]; out[b - 1] = t;
		}
	return n;
}

/* lib.rs build_chain_inner. */
static struct failure build(struct verifier *v, int working, unsigned depth,
                            const struct name_chain *names)
{
	const struct cert_fact *w = &v->pool->cert[working];
	struct failure last = fail(WEBPKI_UNTRUSTED, working);
	int cand[2 * CERTPOOL_MAX];

	if (w->nc.present && !w->nc.malformed) {
		struct failure f = nc_evaluate(v, names, w, working);
		if (f.error != WEBPKI_OK)
			return f;
	}
	v->path[depth] = working;
	if (w->in_store) {
		v->res->n_path = depth + 1;
		memcpy(v->res->path, v->path, (depth + 1) * sizeof(int));
		return PASS;
	}
	if (depth > v->max_depth || depth >= CERTPOOL_MAX)
		return fail(WEBPKI_MAX_DEPTH, working);

	size_t n = candidates(v->pool, working, cand);
	for (size_t k = 0; k < n; k++) {
		struct failure f = valid_issuer(v, cand[k], working, depth);
		if (f.error == WEBPKI_OK) {
			const struct cert_fact *issuer = &v->pool->cert[cand[k]];
			/* RFC 5280 4.2.1.10: a self-issued intermediate's names are not constrained */
			struct name_chain up = { names, issuer->self_issued ? NULL : issuer };
			f = build(v, cand[k], depth + 1, &up);
			if (f.error == WEBPKI_OK)
				return PASS;
		}
		if (f.fatal)
			return f;
		last = f;
	}
	return last;
}

static bool subject_parse(const char *name, struct subject *s)
{
	memset(s, 0, sizeof(*s));
	if (name == NULL)
		return false;
	if (inet_pton(AF_INET, name, s->addr) == 1) {
		s->ip = true;
		s->addr_len = 4;
		return true;
	}
	if (inet_pton(AF_INET6, name, s->addr) == 1) {
		s->ip = true;
		s->addr_len = 16;
		return true;
	}
	if (strlen(name) >= sizeof(s->dns) || !dns_valid(name))
		return false;
	snprintf(s->dns, sizeof(s->dns), "%s", name);
	return true;
}

enum webpki_error webpki_verify(const struct certpool *pool, const char *name, int64_t now,
                                unsigned max_depth, struct webpki_result *res)
{
	struct subject subject;
	struct verifier v = {
		.pool = pool, .subject = &subject, .now = now, .max_depth = max_depth,
		.budget = { SIGNATURE_CHECK_LIMIT, NAME_CONSTRAINT_CHECK_LIMIT }, .res = res,
	};

	memset(res, 0, sizeof(*res));
	res->cert = -1;
	if (pool == NULL || pool->n == 0)
		return res->error = WEBPKI_NO_CERTIFICATE;
	/* build_server_verifier refuses a name that is no DNS name or IP address */
	if (!subject_parse(name, &subject))
		return res->error = WEBPKI_INVALID_NAME;

	enum webpki_error e = permits_ee(&pool->cert[0], &subject, now);
	if (e != WEBPKI_OK) {
		res->cert = 0;
		return res->error = e;
	}
	struct name_chain leaf = { NULL, &pool->cert[0] };
	struct failure f = build(&v, 0, 0, &leaf);
	/* a pool cut short may have lost the one path that verifies */
	if (f.error == WEBPKI_UNTRUSTED && pool->cut)
		f.error = WEBPKI_INCOMPLETE;
	res->cert = f.error == WEBPKI_OK ? -1 : f.cert;
	if (f.error != WEBPKI_OK)
		res->n_path = 0;
	return res->error = f.error;
}

static const struct {
	const char *token, *text;
} errors[WEBPKI_ERROR_COUNT] = {
	[WEBPKI_OK] = { "ok", "The chain verifies." },
	[WEBPKI_NO_CERTIFICATE] = { "no-certificate", "No certificate was received." },
	[WEBPKI_INVALID_NAME] = { "invalid-name",
		"The tested name is not a valid DNS name, so no certificate can match it." },
	[WEBPKI_HOSTNAME_MISMATCH] = { "hostname-mismatch",
		"None of the certificate's subjectAltName entries matches the tested host name." },
	[WEBPKI_MISSING_SAN] = { "missing-san",
		"The certificate has no subjectAltName extension; a name in the common name alone "
		"does not count." },
	[WEBPKI_SAN_CRITICALITY] = { "san-criticality",
		"The subjectAltName extension must be critical exactly when the subject is empty." },
	[WEBPKI_EKU_NOT_SERVER_AUTH] = { "eku-not-server-auth",
		"The extended key usage does not allow TLS server authentication (serverAuth)." },
	[WEBPKI_CA_AS_LEAF] = { "ca-as-leaf",
		"The server certificate is marked as a CA certificate (basicConstraints cA)." },
	[WEBPKI_LEAF_KEY_CERT_SIGN] = { "leaf-key-cert-sign",
		"The server certificate's key usage allows signing certificates (keyCertSign)." },
	[WEBPKI_EXPIRED] = { "expired", "A certificate in the chain has expired." },
	[WEBPKI_NOT_YET_VALID] = { "not-yet-valid", "A certificate in the chain is not valid yet." },
	[WEBPKI_NOT_V3] = { "not-x509v3", "A certificate in the chain is not an X.509 version 3 "
		"certificate." },
	[WEBPKI_BAD_SERIAL] = { "bad-serial",
		"A certificate's serial number is negative or longer than 20 octets." },
	[WEBPKI_EMPTY_ISSUER] = { "empty-issuer", "A certificate has an empty issuer name." },
	[WEBPKI_VALIDITY_ENCODING] = { "validity-encoding",
		"A certificate encodes a validity date before 2050 as GeneralizedTime." },
	[WEBPKI_SIGNATURE_ALGORITHM_MISMATCH] = { "signature-algorithm-mismatch",
		"A certificate names two different signature algorithms." },
	[WEBPKI_FORBIDDEN_SIGNATURE_ALGORITHM] = { "forbidden-signature-algorithm",
		"A certificate is signed with an algorithm the web PKI does not allow (only RSA "
		"PKCS#1 v1.5 or RSA-PSS and ECDSA, with SHA-256, SHA-384 or SHA-512)." },
	[WEBPKI_FORBIDDEN_PUBLIC_KEY_ALGORITHM] = { "forbidden-public-key-algorithm",
		"An issuing certificate's key is neither RSA nor ECDSA on P-256, P-384 or P-521." },
	[WEBPKI_RSA_KEY_TOO_SMALL] = { "rsa-key-too-small",
		"An issuing certificate's RSA key is shorter than 2048 bits." },
	[WEBPKI_MALFORMED_PUBLIC_KEY] = { "malformed-public-key",
		"An issuing certificate's public key cannot be read." },
	[WEBPKI_SIGNATURE_INVALID] = { "signature-invalid",
		"A certificate's signature does not verify with its issuer's key." },
	[WEBPKI_NOT_A_CA] = { "not-a-ca",
		"An issuing certificate is not a CA certificate (basicConstraints cA and keyUsage "
		"keyCertSign are required)." },
	[WEBPKI_PATH_LENGTH] = { "path-length-exceeded",
		"An issuing certificate's path length constraint is exceeded." },
	[WEBPKI_NAME_CONSTRAINTS] = { "name-constraint-violation",
		"A name in the chain is outside an issuer's name constraints, or the constraints "
		"cannot be evaluated." },
	[WEBPKI_BAD_AUTHORITY_KEY_ID] = { "bad-authority-key-id",
		"A CA certificate's authority key identifier lacks the key identifier." },
	[WEBPKI_MISSING_EXTENSION] = { "missing-extension",
		"A certificate lacks an extension the web PKI requires (authority key identifier "
		"in the server certificate; basic constraints and key usage in a CA)." },
	[WEBPKI_PROHIBITED_EXTENSION] = { "prohibited-extension",
		"The server certificate carries name constraints, which only a CA may have." },
	[WEBPKI_EXTENSION_CRITICALITY] = { "extension-criticality",
		"A certificate marks an extension critical where it must not, or the reverse." },
	[WEBPKI_UNKNOWN_CRITICAL_EXTENSION] = { "unknown-critical-extension",
		"A certificate has a critical extension the verifier does not know." },
	[WEBPKI_DUPLICATE_EXTENSION] = { "duplicate-extension",
		"A certificate has the same extension twice." },
	[WEBPKI_MALFORMED] = { "malformed", "A certificate or one of its extensions cannot be "
		"decoded." },
	[WEBPKI_MAX_DEPTH] = { "chain-too-long",
		"The chain to a trusted root needs more than 8 intermediate certificates." },
	[WEBPKI_BUDGET] = { "too-many-candidates",
		"Building the chain needed more than 128 signature checks." },
	[WEBPKI_UNTRUSTED] = { "untrusted",
		"No chain leads from the server certificate to a trusted root certificate." },
	[WEBPKI_INCOMPLETE] = { "incomplete",
		"The chain was too large to evaluate completely." },
};

const char *webpki_error_token(enum webpki_error e)
{
	return (unsigned)e < WEBPKI_ERROR_COUNT ? errors[e].token : "unknown";
}

const char *webpki_error_text(enum webpki_error e)
{
	return (unsigned)e < WEBPKI_ERROR_COUNT ? errors[e].text : "";
}

const char *webpki_token_text(const char *token)
{
	for (int e = 0; token != NULL && e < WEBPKI_ERROR_COUNT; e++)
		if (strcmp(errors[e].token, token) == 0)
			return errors[e].text;
	return "";
}

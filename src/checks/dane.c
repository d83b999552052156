/*
 * dane.c -- DANE for HTTPS and SMTP (spec §3.3.6, §3.10).
 *
 * Lookup follows internet.nl's checks/tasks/tls.py dane() and resolve_dane():
 * the TLSA query in guaranteed-accurate mode, the extra A query for a bogus
 * NXDOMAIN on the owner name, the mail filter on usages 0/1 and the rollover
 * count. Validation replaces `ldns-dane -n verify` with OpenSSL's own DANE
 * verifier (RFC 6698/7671) run offline on the chain the scanner received: the
 * records are loaded into an SSL object, and X509_verify_cert() on the served
 * chain then succeeds only through a TLSA match (for PKIX-TA/PKIX-EE also
 * through a PKIX chain to the system bundle plus --ca-file). No host name is
 * given to the verifier, so names are never checked (ldns-dane -n).
 */
#include "checks/dane.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "tls/truststore.h"

/* One DANE-enabled SSL_CTX for the process (issue 17 item 6): it only carries the
 * digest table SSL_dane_enable copies; each check's records live on its own SSL.
 * Made on first use under the lock, never configured afterwards, freed by
 * dane_cleanup. */
static pthread_mutex_t dane_ctx_lock = PTHREAD_MUTEX_INITIALIZER;
static SSL_CTX *dane_shared_ctx;

static SSL_CTX *dane_ctx(void)
{
	SSL_CTX *ctx;

	pthread_mutex_lock(&dane_ctx_lock);
	if (dane_shared_ctx == NULL) {
		ctx = SSL_CTX_new(TLS_client_method());
		if (ctx != NULL && SSL_CTX_dane_enable(ctx) <= 0) {
			SSL_CTX_free(ctx);
			ctx = NULL;
		}
		dane_shared_ctx = ctx;
	}
	ctx = dane_shared_ctx;
	pthread_mutex_unlock(&dane_ctx_lock);
	return ctx;
}

void dane_cleanup(void)
{
	pthread_mutex_lock(&dane_ctx_lock);
	SSL_CTX_free(dane_shared_ctx);
	dane_shared_ctx = NULL;
	pthread_mutex_unlock(&dane_ctx_lock);
}

/* "U S M hex" into `out` (lowercase hex as Python's binascii.hexlify); long data
 * (full certificates) is cut and marked with "..." */
static void record_text(char *out, size_t outlen, uint8_t u, uint8_t s, uint8_t m,
                        const uint8_t *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t pos;
	int n;

	n = snprintf(out, outlen, "%u %u %u ", (unsigned)u, (unsigned)s, (unsigned)m);
	if (n < 0 || (size_t)n >= outlen)
		return;
	pos = (size_t)n;
	for (size_t i = 0; i < len; i++) {
		if (pos + 2 >= outlen) {
			/* truncated: end in "..." (there is room: outlen > 3 + prefix) */
			if (outlen >= 4)
				memcpy(out + outlen - 4, "...", 4);
			return;
		}
		out[pos++] = hex[data[i] >> 4];
		out[pos++] = hex[data[i] & 0x0f];
	}
	out[pos] = '\0';
}

/* RFC 4034 §6.3 canonical RR order: RDATA compared as left-justified unsigned octets. */
static int tlsa_canonical_cmp(const void *pa, const void *pb)
{
	const struct dns_rr *a = *(const struct dns_rr *const *)pa, *b = *(const struct dns_rr *const *)pb;
	const uint8_t ha[3] = { a->u.tlsa.usage, a->u.tlsa.selector, a->u.tlsa.mtype };
	const uint8_t hb[3] = { b->u.tlsa.usage, b->u.tlsa.selector, b->u.tlsa.mtype };
	size_t common = a->u.tlsa.len < b->u.tlsa.len ? a->u.tlsa.len : b->u.tlsa.len;
	int c = memcmp(ha, hb, 3);

	if (c == 0 && common)
		c = memcmp(a->u.tlsa.data, b->u.tlsa.data, common);
	if (c == 0)
		c = (a->u.tlsa.len > b->u.tlsa.len) - (a->u.tlsa.len < b->u.tlsa.len);
	return c;
}

void dane_records_from_rrs(const struct dns_rr *rrs, size_t n, bool mail, struct dane_facts *d)
{
	size_t usage2 = 0, usage3 = 0, m = 0;
	const struct dns_rr **sorted = n ? calloc(n, sizeof(*sorted)) : NULL;

	/* `d` is zeroed or filled before: start over without leaking */
	dane_facts_free(d);
	d->n = 0;
	/*
	 * The resolver may rotate an RRset between queries: in canonical order, the
	 * dane_records of the JSON and the 16 kept are the same in every run (issue 15).
	 */
	for (size_t i = 0; sorted && i < n; i++)
		if (rrs[i].type == DNS_TYPE_TLSA)
			sorted[m++] = &rrs[i];
	if (m)
		qsort(sorted, m, sizeof(*sorted), tlsa_canonical_cmp);
	for (size_t i = 0; i < (sorted ? m : n); i++) {
		const struct dns_rr *rr = sorted ? sorted[i] : &rrs[i];   /* out of memory: as received */
		struct dane_record *rec;
		uint8_t u;

		if (rr->type != DNS_TYPE_TLSA)
			continue;
		u = rr->u.tlsa.usage;
		/* spec §3.3.6 "Mail": PKIX-TA/PKIX-EE records are ignored for SMTP */
		if (mail && (u == 0 || u == 1))
			continue;
		/* spec §3.3.6 rollover: counted over all kept records */
		if (u == 2)
			usage2++;
		else if (u == 3)
			usage3++;
		if (d->n >= DANE_RECORDS_MAX)
			continue;     /* more than 16 records: the rest only count for rollover */
		rec = &d->records[d->n];
		memset(rec, 0, sizeof(*rec));
		rec->usage = u;
		rec->selector = rr->u.tlsa.selector;
		rec->mtype = rr->u.tlsa.mtype;
		if (rr->u.tlsa.len <= sizeof(rec->data)) {
			if (rr->u.tlsa.len)
				memcpy(rec->data, rr->u.tlsa.data, rr->u.tlsa.len);
			rec->len = rr->u.tlsa.len;
		}
		record_text(rec->text, sizeof(rec->text), rec->usage, rec->selector, rec->mtype,
		            rr->u.tlsa.data, rr->u.tlsa.len);
		if (rr->u.tlsa.len) {
			d->raw[d->n] = malloc(rr->u.tlsa.len);
			if (d->raw[d->n]) {
				memcpy(d->raw[d->n], rr->u.tlsa.data, rr->u.tlsa.len);
				d->raw_len[d->n] = rr->u.tlsa.len;
			}
		}
		d->n++;
	}
	free(sorted);
	d->exists = d->n > 0;
	d->has_usage2 = usage2 > 0;
	/* "3 x x - 3 x x" or "3 x x - 2 x x" */
	d->rollover = usage3 > 1 || (usage3 > 0 && usage2 > 0);
}

void dane_lookup(struct resolver *res, const char *name, int port, bool mail, deadline_t deadline,
                 struct dane_facts *d)
{
	char owner[300];
	struct dns_answer ans = {0}, a = {0};
	int n;

	memset(d, 0, sizeof(*d));
	d->status = DANE_NONE;
	n = snprintf(owner, sizeof(owner), "_%d._tcp.%s", port, name);
	if (n < 0 || (size_t)n >= sizeof(owner))
		return;
	/* spec §3.3.6: guaranteed-accurate TLSA lookup (§1.4) */
	if (resolver_query_accurate(res, owner, DNS_TYPE_TLSA, deadline, &ans) < 0)
		goto out;     /* timeout / dnserror: none */
	/*
	 * SERVFAIL without CD, records with CD → none_bogus. A bogus NXDOMAIN/NODATA
	 * for the TLSA name is "none": internet.nl's dnspython resolve() raises
	 * NXDOMAIN/NoAnswer for it on the CD retry, which resolve_dane() turns into
	 * "no data, not bogus".
	 */
	if (ans.security == DNSSEC_BOGUS) {
		if (ans.rcode == DNS_RCODE_NOERROR && ans.n > 0)
			d->status = DANE_NONE_BOGUS;
		goto out;
	}
	if (ans.security != DNSSEC_SECURE || ans.rcode != DNS_RCODE_NOERROR || ans.n == 0)
		goto out;     /* no records, or not DNSSEC-secure: none */
	/*
	 * spec §3.3.6: secure records, but a faulty signer may still deny the owner
	 * name: query A for it (with CD, so a bogus NXDOMAIN comes back as such
	 * instead of as SERVFAIL) and treat a bogus NXDOMAIN as none_bogus.
	 */
	if (resolver_query(res, owner, DNS_TYPE_A, RESOLVER_CD, deadline, &a) == 0 &&
	    a.rcode == DNS_RCODE_NXDOMAIN && a.security == DNSSEC_BOGUS) {
		d->status = DANE_NONE_BOGUS;
		goto out;
	}
	dane_records_from_rrs(ans.rr, ans.n, mail, d);
out:
	dns_answer_free(&a);
	dns_answer_free(&ans);
}

/* Parse a PEM chain: leaf first. Returns the leaf (owned) and the rest in
 * `*rest` (owned stack, possibly empty), or NULL when no certificate parses. */
static X509 *chain_parse(const char *pem, STACK_OF(X509) **rest)
{
	BIO *bio;
	X509 *leaf = NULL, *x;

	*rest = NULL;
	bio = BIO_new_mem_buf(pem, -1);
	if (!bio)
		return NULL;
	leaf = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	if (!leaf)
		goto out;
	*rest = sk_X509_new_null();
	if (!*rest) {
		X509_free(leaf);
		leaf = NULL;
		goto out;
	}
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		if (!sk_X509_push(*rest, x)) {
			X509_free(x);
			break;
		}
	}
out:
	ERR_clear_error();    /* the PEM reader ends on "no start line" */
	BIO_free(bio);
	return leaf;
}

/*
 * 1 when the chain validates against at least one usable record, 0 when it does
 * not (or no record is usable: "No usable TLSA records"), -1 on internal error.
 */
static int dane_verify_chain(const struct dane_facts *d, X509 *leaf, STACK_OF(X509) *rest,
                             const char *ca_file)
{
	SSL_CTX *sctx = dane_ctx();
	SSL *ssl = NULL;
	X509_STORE *store = NULL;
	X509_STORE_CTX *vctx = NULL;
	int usable = 0, r = -1;

	if (!sctx)
		goto out;
	ssl = SSL_new(sctx);
	/* the base domain is only an SNI/name-check default, unused: our store context
	 * gets no host, so names are not checked (ldns-dane -n) */
	if (!ssl || SSL_dane_enable(ssl, "dane.invalid") <= 0)
		goto out;
	SSL_dane_set_flags(ssl, DANE_FLAG_NO_DANE_EE_NAMECHECKS);
	for (size_t i = 0; i < d->n; i++) {
		const struct dane_record *rec = &d->records[i];
		int rc = SSL_dane_tlsa_add(ssl, rec->usage, rec->selector, rec->mtype,
		                           d->raw[i], d->raw_len[i]);
		if (rc > 0)
			usable++;
		else if (rc < 0)
			goto out;  /* internal error */
		/* rc == 0: unusable (unknown usage/selector/mtype, wrong digest length) */
	}
	ERR_clear_error();
	if (usable == 0) {
		r = 0;
		goto out;
	}
	/* PKIX-TA/PKIX-EE (usages 0/1) need a PKIX chain: system bundle plus ca_file,
	 * the process's shared store */
	store = truststore_get1(ca_file);
	if (!store)
		goto out;
	vctx = X509_STORE_CTX_new();
	if (!vctx || X509_STORE_CTX_init(vctx, store, leaf, rest) != 1)
		goto out;
	X509_STORE_CTX_set0_dane(vctx, SSL_get0_dane(ssl));
	/* with DANE enabled, success implies a TLSA match (x509_vfy.c dane_verify) */
	r = X509_verify_cert(vctx) == 1 ? 1 : 0;
	if (r == 1 && SSL_get0_dane_tlsa(ssl, NULL, NULL, NULL, NULL, NULL) < 0)
		r = 0;     /* belt and braces: no matched record recorded */
	ERR_clear_error();
out:
	X509_STORE_CTX_free(vctx);
	X509_STORE_free(store);
	SSL_free(ssl);
	return r;
}

void dane_validate(struct dane_facts *d, const char *chain_pem, const char *ca_file)
{
	STACK_OF(X509) *rest = NULL;
	X509 *leaf;
	int r;

	if (!d->exists)
		return;
	/* no chain obtained: internet.nl does not run ldns-dane at all, status stays */
	if (!chain_pem || !chain_pem[0])
		return;
	leaf = chain_parse(chain_pem, &rest);
	if (!leaf) {
		d->status = DANE_FAILED;   /* ldns-dane cannot read the chain: exit 1 */
		return;
	}
	r = dane_verify_chain(d, leaf, rest, ca_file);
	if (r == 1)
		d->status = DANE_VALIDATED;
	else if (r == 0)
		d->status = DANE_FAILED;
	/* r < 0 (out of memory): ldns-dane's "otherwise stays none" */
	X509_free(leaf);
	sk_X509_pop_free(rest, X509_free);
}

void dane_facts_free(struct dane_facts *d)
{
	for (size_t i = 0; i < DANE_RECORDS_MAX; i++) {
		free(d->raw[i]);
		d->raw[i] = NULL;
		d->raw_len[i] = 0;
	}
}

const char *dane_status_name(enum dane_status s)
{
	switch (s) {
	case DANE_NONE:
		return "none";
	case DANE_NONE_BOGUS:
		return "none_bogus";
	case DANE_VALIDATED:
		return "validated";
	case DANE_FAILED:
		return "failed";
	}
	return "none";
}

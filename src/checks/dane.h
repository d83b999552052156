/*
 * dane.h -- DANE for HTTPS (port 443) and SMTP (port 25), spec §3.3.6: the TLSA
 * lookup with its DNSSEC status (guaranteed-accurate mode), the rollover flag,
 * and validation of the served chain against the records with OpenSSL's DANE
 * support (usages 0-3, selectors 0/1, matching types 0/1/2; the name is not
 * checked, as ldns-dane -n). Host-name matching is a separate subtest.
 */
#ifndef INETCHECK_CHECKS_DANE_H
#define INETCHECK_CHECKS_DANE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/deadline.h"
#include "dns/resolver.h"

#define DANE_RECORDS_MAX 16

enum dane_status {
	DANE_NONE = 0,        /* no records, or not DNSSEC-secure */
	DANE_NONE_BOGUS,      /* SERVFAIL-then-CD-success, or a bogus NXDOMAIN for the owner */
	DANE_VALIDATED,       /* a usable record matched the chain */
	DANE_FAILED,          /* secure records, none matched (or none usable) */
};

struct dane_record {
	uint8_t usage, selector, mtype;
	uint8_t data[64];     /* SHA-256/512 digests; full certs/SPKIs (mtype 0) are not kept here */
	size_t len;
	char text[160];       /* presentation form "3 1 1 <hex>" (truncated for long data) */
};

struct dane_facts {
	enum dane_status status;              /* after lookup: NONE / NONE_BOGUS / (secure records
	                                       * present → set by dane_validate) */
	bool exists;                          /* secure, usable records present */
	size_t n;
	struct dane_record records[DANE_RECORDS_MAX];
	uint8_t *raw[DANE_RECORDS_MAX];       /* full record data (owned), for mtype 0 */
	size_t raw_len[DANE_RECORDS_MAX];
	bool rollover;                        /* ≥2 usage-3, or ≥1 usage-3 plus ≥1 usage-2 */
	bool has_usage2;                      /* (mail DANE-TA host-name rule, §3.10) */
};

/* §3.3.6 lookup of _<port>._tcp.<name>. `mail`: records of usage 0/1 are ignored
 * (§3.3.6 "Mail"). Always fills `d`; free with dane_facts_free. */
void dane_lookup(struct resolver *res, const char *name, int port, bool mail, deadline_t deadline,
                 struct dane_facts *d);
/* Pure part of the lookup: keep the TLSA records of `rrs` (mail: drop usages 0/1),
 * fill records/raw/text, n, exists (= n > 0), rollover and has_usage2. */
void dane_records_from_rrs(const struct dns_rr *rrs, size_t n, bool mail, struct dane_facts *d);
/* Validate `chain_pem` (leaf first, as served) against the records: sets status to
 * VALIDATED or FAILED when exists; usages 0/1 also need the chain to verify against
 * the system bundle plus `ca_file` (may be NULL). No-op when !exists. */
void dane_validate(struct dane_facts *d, const char *chain_pem, const char *ca_file);
void dane_facts_free(struct dane_facts *d);
/* Free the SSL_CTX dane_validate shares for the life of the process (made on first
 * use). For the end of main; a later dane_validate makes it again. */
void dane_cleanup(void);

/* "none", "none_bogus", "validated", "failed" (§5.4 dane_status). */
const char *dane_status_name(enum dane_status s);

#endif

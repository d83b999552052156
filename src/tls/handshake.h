/*
 * handshake.h -- complete handshakes with OpenSSL where raw hellos cannot tell
 * (issue 4 part 4): the certificate chain (also under TLS 1.3), trust, host
 * match, OCSP stapling, 0-RTT and client-initiated renegotiation. Each function
 * opens its own connection(s) through conn.h (so the target guard and STARTTLS
 * apply), fills its part of the facts and returns the number of TCP connections
 * it made. They never judge (STYLE rule 6). Thread-safe: any number may run at
 * once on different facts fields; they share the process's trust store
 * (tls/truststore.h) and two client SSL_CTX objects.
 */
#ifndef INETCHECK_TLS_HANDSHAKE_H
#define INETCHECK_TLS_HANDSHAKE_H

#include "tls/scan.h"

/* A connection budget shared with the raw probes (issue 14: every connection takes a
 * slot, whatever opens it): take() before connecting (0, or -1 when the scan's time
 * is up), give() after closing. NULL: no budget. */
struct tls_gate {
	int (*take)(void *ctx);
	void (*give)(void *ctx);
	void *ctx;
	/* told when a connection was cut short by a limit, not by the server's answer
	 * (issue 17): a mail server refused it after its backoff (rate_limited, i.e.
	 * TLS_CONN_RATE_LIMITED) or no budget slot came in time; or NULL */
	void (*cut_short)(void *ctx, bool rate_limited);
};

/* Handshake at the highest version OpenSSL 3 can do (TLS 1.3 .. 1.0, SECLEVEL 0,
 * every cipher), requesting an OCSP staple; fill f->cert (chain facts and PEM, the
 * web-PKI facts of the chain and the trust store plus o->ca_file, host match against
 * o->sni) and, when o->web, f->ocsp (§3.3.4: not_in_cert / ok / good / not_trusted,
 * a staple is verified against the issuer in the served chain). A server that
 * aborts the handshake asking for a staple is asked again without
 * (f->cert.status_request_breaks). Leaves f->cert.obtained false when no handshake
 * completes. */
unsigned tls_handshake_cert(const struct tls_scan_opts *o, const struct tls_gate *g,
                            struct tls_scan_facts *f);

/* §3.3.4 0-RTT (web only): TLS 1.3 handshake, HTTP GET / to get a ticket, then
 * resume sending one byte of early data. Sets f->zero_rtt: BAD if the early data
 * was accepted, GOOD otherwise (also without TLS 1.3). */
unsigned tls_handshake_zero_rtt(const struct tls_scan_opts *o, const struct tls_gate *g,
                                struct tls_scan_facts *f);

/* §3.3.4 client-initiated renegotiation: one TLS <= 1.2 connection (highest such
 * version the server speaks, per f->version), up to 11 renegotiations; sets
 * f->client_reneg to the number that succeeded (0 when the server has only TLS 1.3). */
unsigned tls_handshake_client_reneg(const struct tls_scan_opts *o, const struct tls_gate *g,
                                    struct tls_scan_facts *f);

/* Free the SSL_CTX objects and the BIO_METHOD the handshakes share for the life of
 * the process (made on first use). For the end of main, after every handshake; a
 * later handshake makes them again. */
void tls_handshake_cleanup(void);

#endif

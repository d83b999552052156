/*
 * scanmemo.h -- one STARTTLS scan per mail server per batch (issue 17 item 3):
 * hosted mail serves many domains from one (MX name, address); internet.nl scans it
 * again for every domain (its issue #2031: 214 handshakes where 16 would do). A memo
 * keyed by (MX name, address) lets the first test scan while concurrent tests of the
 * same server wait for it, and later tests take the finished facts. A scan that was
 * cut short (deadline, rate limiting) is not kept: the next test scans again.
 * Thread-safe; NULL memo = no sharing (single tests).
 */
#ifndef INETCHECK_TLS_SCANMEMO_H
#define INETCHECK_TLS_SCANMEMO_H

#include <stddef.h>

#include "tls/scan.h"

struct scan_memo;

/* A memo holding at most `max_entries` finished scans (the least recently used one
 * that no test holds is dropped first, so memory stays flat over long lists). */
struct scan_memo *scan_memo_new(size_t max_entries);
void scan_memo_free(struct scan_memo *m);

/*
 * tls_scan(o, f) through the memo `m` under key (name, o->addr): `f` is filled as
 * tls_scan would fill it; the certificate chain and pool it points to may be shared
 * with other tests, and tls_scan_facts_release(f) handles that. m == NULL: plain
 * tls_scan. A waiting caller gives up at o->deadline (f then says incomplete).
 */
void scan_memo_scan(struct scan_memo *m, const char *name, const struct tls_scan_opts *o,
                    struct tls_scan_facts *f);

struct scan_memo_stats {
	unsigned long long scans;    /* scans run */
	unsigned long long reused;   /* answered from the memo (or after waiting for a scan) */
};
void scan_memo_get_stats(struct scan_memo *m, struct scan_memo_stats *out);

/* Tests: scan with `scan` instead of tls_scan (NULL: tls_scan again). Call before
 * the memo is shared. */
void scan_memo_set_scanner(struct scan_memo *m,
                           int (*scan)(const struct tls_scan_opts *o, struct tls_scan_facts *f));

#endif

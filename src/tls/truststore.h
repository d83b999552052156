/*
 * truststore.h -- one X509_STORE per trust configuration for the whole process
 * (issue 17 item 6): the system bundle (OpenSSL's default paths) alone, or plus one
 * --ca-file. Each is loaded once, on first use, and then shared by every handshake,
 * chain check, OCSP check and DANE check of every thread, instead of parsing the
 * ~140-certificate system bundle again for each (it cost 60% of a web test's CPU).
 *
 * Why tls/ and not lower: the users are tls/handshake.c, checks/dane.c and
 * checks/mtasts_probe.c. net/http.c verifies nothing (CURLOPT_SSL_VERIFYPEER 0,
 * spec §3.3.5, and then it loads no CA bundle: checked with strace and perf) except
 * for a request that brings a store from here (the MTA-STS policy, RFC 8461 §3.3),
 * opaque to net/. core/ stays free of OpenSSL.
 *
 * Thread-safety: the cache is guarded by a mutex; a store is fully loaded before
 * it is published and never configured again. OpenSSL 3 locks an X509_STORE
 * internally for its lookups (and the lazy by-directory cache), so one store may
 * back any number of X509_STORE_CTX and SSL_CTX objects in any number of threads.
 * Nobody may add to or configure a store obtained here.
 */
#ifndef INETCHECK_TLS_TRUSTSTORE_H
#define INETCHECK_TLS_TRUSTSTORE_H

#include <openssl/x509_vfy.h>

/*
 * The shared store of the system default paths plus `ca_file` (NULL: the system
 * bundle alone), as a new reference: release it with X509_STORE_free. What cannot
 * be loaded is left out, as a fresh store would leave it out (no system bundle:
 * only the --ca-file; an unreadable --ca-file: only the system bundle; main checks
 * --ca-file first). NULL only when out of memory.
 */
X509_STORE *truststore_get1(const char *ca_file);

/*
 * Drop the process's references to every cached store and the parsed bundle (a
 * store still held by a caller is freed when that caller releases it); a later
 * truststore_get1 loads again. For the end of main (cli_tls_cleanup), so that
 * LeakSanitizer sees nothing held. A process that never calls it is not leaking
 * either: the cache stays reachable through this module's statics, which LSan
 * does not report.
 */
void truststore_cleanup(void);

#endif

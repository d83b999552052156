/*
 * cafile.h -- is a --ca-file usable? Checked once by main before any test, so that an
 * unusable file is bad input (exit 2) instead of making every certificate "untrusted".
 */
#ifndef INETCHECK_TLS_CAFILE_H
#define INETCHECK_TLS_CAFILE_H

#include "core/error.h"

/* Largest CA file accepted: Debian's whole ca-certificates bundle is about 220 kB. */
#define CA_FILE_MAX_BYTES (16 * 1024 * 1024)

/*
 * 0 when `path` is a regular file of at most CA_FILE_MAX_BYTES from which OpenSSL loads
 * at least one certificate (PEM, as X509_STORE_load_file reads it); -1 with `err`
 * naming the file otherwise (missing, a directory, a device, a pipe, too large, no
 * certificate). Never blocks on a pipe.
 */
int ca_file_check(const char *path, struct error *err);

#endif

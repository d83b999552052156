/*
 * auth.h -- the API users of `inetcheck serve --users FILE` (issue 18, spec §5: HTTP
 * Basic authentication). FILE holds htpasswd lines `user:hash`; hashes are checked
 * with crypt(3) of libxcrypt: yescrypt ($y$), bcrypt ($2b$, $2y$) and SHA-512-crypt
 * ($6$). Weaker or unknown schemes (plain text, MD5 $1$, apr1, DES, SHA-256 $5$) are
 * refused when the file is loaded, so a weak password hash never guards the API.
 *
 * Verifying yescrypt costs milliseconds on purpose; a client sending many requests
 * would pay that each time. Credentials that verified are remembered by a keyed
 * SHA-256 digest of user and password (bounded: AUTH_CACHE_SLOTS entries, the oldest
 * in a slot replaced); a wrong password is never remembered. Thread-safe.
 */
#ifndef INETCHECK_SERVER_AUTH_H
#define INETCHECK_SERVER_AUTH_H

#include "core/error.h"

#define AUTH_CACHE_SLOTS 1024

struct auth;

/* Read the htpasswd file at `path`: blank lines and lines starting with '#' are
 * skipped; a malformed line, a repeated user or a refused scheme is an error naming
 * the line. NULL after `err`. Free with auth_free. */
struct auth *auth_load(const char *path, struct error *err);

/* The user name (the auth's own copy, valid until auth_free) when `password` is the
 * password of `user`, else NULL. An unknown user costs the same hashing as a known
 * one. Safe to call from several threads at once. */
const char *auth_check(struct auth *a, const char *user, const char *password);

/* How many users were loaded. */
int auth_users(const struct auth *a);

void auth_free(struct auth *a);

#endif

/*
 * auth.h -- the batch API's users (issue 18): an htpasswd file of `user:hash` lines,
 * hashes checked with crypt(3) (yescrypt, bcrypt, SHA-512-crypt).
 */
#ifndef INETCHECK_SERVER_AUTH_H
#define INETCHECK_SERVER_AUTH_H

#include "core/error.h"

struct auth;

struct auth *auth_load(const char *path, struct error *err);
/* The user name (the auth's copy) or NULL. Thread-safe. */
const char *auth_check(struct auth *a, const char *user, const char *password);
void auth_free(struct auth *a);

#endif

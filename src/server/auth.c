/* auth.c -- the API users and their password hashes (auth.h; spec §5 HTTP Basic). */
#include "server/auth.h"

#include <crypt.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#define AUTH_USER_MAX 127   /* store.h: request usernames are char[128] */

struct auth_user {
	char *name;
	char *hash;
};

struct auth_slot {
	unsigned char digest[32];
	int user;                /* index into users; -1 = empty */
};

struct auth {
	struct auth_user *users;
	int n;
	unsigned char key[32];   /* keys the cache digests: they mean nothing outside */
	pthread_mutex_t lock;
	struct auth_slot slots[AUTH_CACHE_SLOTS];
};

/* The schemes we accept, by the prefix of the hash (crypt(5)). */
static const char *const accepted[] = { "$y$", "$2b$", "$2y$", "$6$" };

static bool scheme_accepted(const char *hash)
{
	for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++)
		if (!strncmp(hash, accepted[i], strlen(accepted[i])))
			return true;
	return false;
}

/* A name for the refused scheme, for the load error. */
static const char *scheme_name(const char *hash)
{
	if (hash[0] != '$')
		return strlen(hash) == 13 ? "traditional DES crypt" : "plain text or unknown";
	if (!strncmp(hash, "$1$", 3))
		return "MD5-crypt ($1$)";
	if (!strncmp(hash, "$apr1$", 6))
		return "Apache MD5 ($apr1$)";
	if (!strncmp(hash, "$5$", 3))
		return "SHA-256-crypt ($5$)";
	if (!strncmp(hash, "$2a$", 4))
		return "bcrypt $2a$ (use $2b$ or $2y$)";
	return "an unknown scheme";
}

static int parse_line(struct auth *a, char *line, unsigned long lineno, const char *path,
                      struct error *err)
{
	char *colon = strchr(line, ':');
	if (!colon)
		return error_set(err, "%s:%lu: not a `user:hash` line", path, lineno);
	*colon = '\0';
	const char *user = line, *hash = colon + 1;
	size_t ulen = strlen(user);
	if (ulen == 0)
		return error_set(err, "%s:%lu: empty user name", path, lineno);
	if (ulen > AUTH_USER_MAX)
		return error_set(err, "%s:%lu: user name longer than %d bytes", path, lineno,
		                 AUTH_USER_MAX);
	for (const unsigned char *p = (const unsigned char *)user; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return error_set(err, "%s:%lu: control character in the user name", path,
			                 lineno);
	if (!*hash)
		return error_set(err, "%s:%lu: user '%s' has no password hash", path, lineno, user);
	if (strchr(hash, ':') || strchr(hash, ' ') || strchr(hash, '\t'))
		return error_set(err, "%s:%lu: the hash of '%s' is not one crypt(3) string", path,
		                 lineno, user);
	if (!scheme_accepted(hash))
		return error_set(err, "%s:%lu: the hash of '%s' is %s; use yescrypt ($y$), bcrypt "
		                 "($2b$/$2y$) or SHA-512-crypt ($6$), e.g. `mkpasswd -m yescrypt`",
		                 path, lineno, user, scheme_name(hash));
	int ok = crypt_checksalt(hash);
	if (ok != CRYPT_SALT_OK && ok != CRYPT_SALT_METHOD_LEGACY && ok != CRYPT_SALT_TOO_CHEAP)
		return error_set(err, "%s:%lu: the hash of '%s' is malformed", path, lineno, user);
	for (int i = 0; i < a->n; i++)
		if (!strcmp(a->users[i].name, user))
			return error_set(err, "%s:%lu: user '%s' appears twice", path, lineno, user);
	struct auth_user *grown = realloc(a->users, (size_t)(a->n + 1) * sizeof *grown);
	if (!grown)
		return error_set(err, "out of memory");
	a->users = grown;
	a->users[a->n].name = strdup(user);
	a->users[a->n].hash = strdup(hash);
	if (!a->users[a->n].name || !a->users[a->n].hash) {
		free(a->users[a->n].name);
		free(a->users[a->n].hash);
		return error_set(err, "out of memory");
	}
	a->n++;
	return 0;
}

struct auth *auth_load(const char *path, struct error *err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		error_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct auth *a = calloc(1, sizeof *a);
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	ssize_t len;
	if (!a) {
		error_set(err, "out of memory");
		goto fail;
	}
	pthread_mutex_init(&a->lock, NULL);
	for (int i = 0; i < AUTH_CACHE_SLOTS; i++)
		a->slots[i].user = -1;
	if (RAND_bytes(a->key, sizeof a->key) != 1) {
		error_set(err, "no random bytes for the credential cache");
		goto fail;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
		                   line[len - 1] == ' ' || line[len - 1] == '\t'))
			line[--len] = '\0';
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			continue;
		if (parse_line(a, p, lineno, path, err) < 0)
			goto fail;
	}
	if (ferror(f)) {
		error_set(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (a->n == 0) {
		error_set(err, "%s: no users", path);
		goto fail;
	}
	free(line);
	fclose(f);
	return a;
fail:
	free(line);
	fclose(f);
	auth_free(a);
	return NULL;
}

/* The cache key of (user, password): SHA-256 over our random key, the user, a NUL
 * and the password (a NUL cannot be in a user name, so no two pairs collide). */
static bool credential_digest(const struct auth *a, const char *user, const char *password,
                              unsigned char out[32])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int n = 0;
	bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	          EVP_DigestUpdate(ctx, a->key, sizeof a->key) == 1 &&
	          EVP_DigestUpdate(ctx, user, strlen(user) + 1) == 1 &&
	          EVP_DigestUpdate(ctx, password, strlen(password)) == 1 &&
	          EVP_DigestFinal_ex(ctx, out, &n) == 1 && n == 32;
	EVP_MD_CTX_free(ctx);
	return ok;
}

/* crypt(3) of `password` with the setting of `hash`, compared in constant time. */
static bool hash_matches(const char *hash, const char *password)
{
	struct crypt_data *cd = calloc(1, sizeof *cd);   /* ~32 KiB: not on the stack */
	if (!cd)
		return false;
	bool ok = false;
	const char *out = crypt_rn(password, hash, cd, (int)sizeof *cd);
	if (out && out[0] != '*') {
		size_t n = strlen(hash);
		ok = strlen(out) == n && CRYPTO_memcmp(out, hash, n) == 0;
	}
	OPENSSL_cleanse(cd, sizeof *cd);
	free(cd);
	return ok;
}

const char *auth_check(struct auth *a, const char *user, const char *password)
{
	if (!a || !user || !password)
		return NULL;
	int found = -1;
	for (int i = 0; i < a->n; i++)
		if (!strcmp(a->users[i].name, user)) {
			found = i;
			break;
		}
	unsigned char digest[32];
	bool have_digest = credential_digest(a, user, password, digest);
	size_t slot = 0;
	if (have_digest) {
		uint32_t h;
		memcpy(&h, digest, sizeof h);
		slot = h % AUTH_CACHE_SLOTS;
		bool hit = false;
		pthread_mutex_lock(&a->lock);
		if (found >= 0 && a->slots[slot].user == found &&
		    CRYPTO_memcmp(a->slots[slot].digest, digest, sizeof digest) == 0)
			hit = true;
		pthread_mutex_unlock(&a->lock);
		if (hit)
			return a->users[found].name;
	}
	/* an unknown user costs a real verification too (against the first user's hash),
	 * so the time taken does not tell which user names exist */
	bool ok = hash_matches(a->users[found >= 0 ? found : 0].hash, password) && found >= 0;
	if (!ok)
		return NULL;
	if (have_digest) {
		pthread_mutex_lock(&a->lock);
		memcpy(a->slots[slot].digest, digest, sizeof digest);
		a->slots[slot].user = found;
		pthread_mutex_unlock(&a->lock);
	}
	return a->users[found].name;
}

int auth_users(const struct auth *a)
{
	return a ? a->n : 0;
}

void auth_free(struct auth *a)
{
	if (!a)
		return;
	for (int i = 0; i < a->n; i++) {
		free(a->users[i].name);
		OPENSSL_cleanse(a->users[i].hash, strlen(a->users[i].hash));
		free(a->users[i].hash);
	}
	free(a->users);
	OPENSSL_cleanse(a->slots, sizeof a->slots);
	pthread_mutex_destroy(&a->lock);
	free(a);
}

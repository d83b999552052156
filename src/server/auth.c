/* auth.c -- see auth.h. A first version: no cache of verified credentials yet. */
#include "server/auth.h"

#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct auth {
	char **users, **hashes;
	size_t n;
};

struct auth *auth_load(const char *path, struct error *err)
{
	FILE *f = fopen(path, "r");
	struct auth *a;
	char line[1024];

	if (f == NULL) {
		error_set(err, "--users %s: cannot read it", path);
		return NULL;
	}
	a = calloc(1, sizeof(*a));
	a->users = calloc(1024, sizeof(char *));
	a->hashes = calloc(1024, sizeof(char *));
	while (fgets(line, sizeof(line), f) != NULL && a->n < 1024) {
		line[strcspn(line, "\r\n")] = '\0';
		char *colon = strchr(line, ':');
		if (line[0] == '#' || colon == NULL)
			continue;
		*colon = '\0';
		a->users[a->n] = strdup(line);
		a->hashes[a->n] = strdup(colon + 1);
		a->n++;
	}
	fclose(f);
	return a;
}

const char *auth_check(struct auth *a, const char *user, const char *password)
{
	struct crypt_data cd;

	for (size_t i = 0; a != NULL && i < a->n; i++) {
		if (strcmp(a->users[i], user) != 0)
			continue;
		memset(&cd, 0, sizeof(cd));
		const char *h = crypt_r(password, a->hashes[i], &cd);
		if (h != NULL && strcmp(h, a->hashes[i]) == 0)
			return a->users[i];
		return NULL;
	}
	return NULL;
}

void auth_free(struct auth *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->n; i++) {
		free(a->users[i]);
		free(a->hashes[i]);
	}
	free(a->users);
	free(a->hashes);
	free(a);
}

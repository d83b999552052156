/*
 * driver.c -- runs a libFuzzer target without libFuzzer: every file of the seed
 * corpus given on the command line, then a fixed number of deterministic
 * mutations of them and of random inputs. Used by `make check` (under ASan +
 * UBSan) so each parser's fuzz target runs on every CI run; real
 * coverage-guided fuzzing uses clang -fsanitize=fuzzer on the same target
 * (see fuzz/README.md).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 4096

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	/* xorshift64*: deterministic, so a failure reproduces */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static size_t load(const char *path, uint8_t *buf)
{
	FILE *f = fopen(path, "rb");
	size_t n;
	if (!f) {
		perror(path);
		exit(2);
	}
	n = fread(buf, 1, MAX_INPUT, f);
	fclose(f);
	return n;
}

static void run_copy(const uint8_t *data, size_t n)
{
	/* an exact-size heap copy, so ASan sees any read past the end */
	uint8_t *copy = malloc(n ? n : 1);
	if (!copy)
		exit(2);
	memcpy(copy, data, n);
	LLVMFuzzerTestOneInput(copy, n);
	free(copy);
}

int main(int argc, char **argv)
{
	static uint8_t seeds[64][MAX_INPUT];
	size_t seed_len[64], n_seeds = 0;
	long rounds = 20000;
	const char *env = getenv("FUZZ_ROUNDS");
	uint8_t buf[MAX_INPUT];

	if (env)
		rounds = strtol(env, NULL, 10);
	for (int i = 1; i < argc && n_seeds < 64; i++) {
		seed_len[n_seeds] = load(argv[i], seeds[n_seeds]);
		run_copy(seeds[n_seeds], seed_len[n_seeds]);
		n_seeds++;
	}
	for (long r = 0; r < rounds; r++) {
		size_t n;
		if (n_seeds && (r & 1)) {
			/* mutate a seed: flip bytes, truncate, or extend */
			size_t s = rng() % n_seeds;
			n = seed_len[s];
			memcpy(buf, seeds[s], n);
			for (int k = 0, flips = 1 + (int)(rng() % 4); k < flips && n; k++)
				buf[rng() % n] = (uint8_t)rng();
			if (rng() % 4 == 0 && n)
				n = rng() % n;
			else if (rng() % 8 == 0 && n < MAX_INPUT - 16)
				for (int k = 0; k < 16; k++)
					buf[n++] = (uint8_t)rng();
		} else {
			n = rng() % 300;
			for (size_t k = 0; k < n; k++)
				buf[k] = (uint8_t)rng();
		}
		run_copy(buf, n);
	}
	printf("%ld inputs and %zu seeds: no crash\n", rounds, n_seeds);
	return 0;
}

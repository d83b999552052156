/*
 * error.h -- a reason left by a failing function (STYLE rule 3: return -1 or
 * NULL and say why here; never exit() outside main).
 */
#ifndef INETCHECK_CORE_ERROR_H
#define INETCHECK_CORE_ERROR_H

struct error {
	char msg[256];
};

/* printf-style; a NULL `e` is allowed and ignored. Returns -1 for `return error_set(...)`. */
int error_set(struct error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Running out of file descriptors (EMFILE, ENFILE) is an internal failure (STYLE rule 3),
 * never a server's fault, yet it looks like "cannot connect" to a probe. Whoever sees
 * socket() or open() fail calls error_note_errno(errno); the first such errno is kept
 * (other values are ignored) and main makes the test "could not run" (issue 15 item 6).
 * Safe from any thread.
 */
void error_note_errno(int errnum);
/* The first EMFILE/ENFILE noted, or 0. */
int error_descriptors_exhausted(void);

#endif

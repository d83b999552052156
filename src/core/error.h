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

#endif

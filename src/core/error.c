/* error.c -- see error.h. */
#include "error.h"

#include <stdarg.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>

int error_set(struct error *e, const char *fmt, ...)
{
	va_list ap;
	if (!e)
		return -1;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static _Atomic int descriptors_errno;

void error_note_errno(int errnum)
{
	int none = 0;
	if (errnum == EMFILE || errnum == ENFILE)
		atomic_compare_exchange_strong(&descriptors_errno, &none, errnum);
}

int error_descriptors_exhausted(void)
{
	return atomic_load(&descriptors_errno);
}

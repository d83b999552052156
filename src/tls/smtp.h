/*
 * smtp.h -- the SMTP reply parser of the STARTTLS dialogue (spec §3.10).
 *
 * Pure: no sockets, no clock, no allocation. conn.c moves the bytes and calls
 * smtp_reply_parse on everything received since the previous reply; every
 * server byte is read through core/cursor (STYLE rule 5). The parser looks at
 * the reply from its first byte each time (at most SMTP_REPLY_MAX bytes), so
 * feeding it a growing prefix of a stream gives the same answer as feeding the
 * whole stream once it decides.
 */
#ifndef INETCHECK_TLS_SMTP_H
#define INETCHECK_TLS_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A whole (multi-line) reply, line ends included, may take at most this many bytes
 * (RFC 5321 §4.5.3.1.5 lines are at most 512 octets; real EHLO replies are under 1 KiB).
 * A receive buffer of this size is enough: the parser decides once it is full. */
#define SMTP_REPLY_MAX   4096
#define SMTP_LINES_MAX   100    /* lines of one reply */
#define SMTP_LINE_MAX    1024   /* bytes of one line kept for parsing (the rest is ignored) */

/* One SMTP reply as far as STARTTLS needs it. */
struct smtp_reply {
	int code;                 /* the reply's code (the same on every line), 0..999 */
	bool starttls;            /* some line's text is "STARTTLS" (EHLO keyword, §3.10) */
	size_t lines;
};

/*
 * Parse one complete (possibly multi-line) reply at the start of buf[0..len).
 * Lines end in LF or CR LF and read "DDD-text" (more follow), "DDD text" or "DDD"
 * (the last line). Returns
 *   1  complete: `r` filled, *used = bytes of the reply including the final line end;
 *   0  incomplete: more bytes are needed (`r` and *used are not meaningful);
 *  -1  malformed, `why` filled: a line that is not "DDD[ -]...", codes that differ
 *      within one reply, more than SMTP_LINES_MAX lines, or no complete reply within
 *      the first SMTP_REPLY_MAX bytes.
 * A line's text is matched for STARTTLS (any case, leading spaces, trailing blanks)
 * on its first SMTP_LINE_MAX - 1 bytes only, and ends at a NUL byte.
 */
int smtp_reply_parse(const uint8_t *buf, size_t len, struct smtp_reply *r, size_t *used,
                     char *why, size_t whylen);

#endif

/*
 * kvrecord.h -- the grammar shared by the TLS-RPT record (RFC 8460 §3) and the
 * MTA-STS record (RFC 8461 §3.1): a case-sensitive version tag, then fields
 * name=value separated by *WSP ";" *WSP with an optional trailing separator;
 * plus the RFC 5321 "Domain" check both modules need for host names.
 *
 * Pure and allocation free; records are NUL-terminated TXT strings as
 * struct txt_set (spf.h) holds them, read through core/text.h.
 */
#ifndef INETCHECK_CHECKS_KVRECORD_H
#define INETCHECK_CHECKS_KVRECORD_H

#include <stdbool.h>
#include <stddef.h>

/* One field: record[name_off .. name_off+name_len) "=" record[value_off .. +value_len). */
struct kv_field {
	size_t name_off, name_len;
	size_t value_off, value_len;
};

#define KVRECORD_FIELDS_MAX 64

/*
 * Split `record` (length `len`) that starts with `version` (compared case
 * sensitively, e.g. "v=STSv1") into at most KVRECORD_FIELDS_MAX fields.
 * A field runs to the next ';' (WSP before that ';' is the separator's) or
 * to the end (no trailing WSP stripped there: the ABNF has none). Field
 * names must be ext-names (ALPHA/DIGIT then up to 31 of ALPHA/DIGIT/_/-/.);
 * values are not checked here (kvrecord_is_ext_value does the generic
 * check). Returns the number of fields (0 for the bare version), or -1 on a
 * syntax error (wrong version, a field without '=', a bad name, an empty
 * field between separators, too many fields).
 */
int kvrecord_split(const char *record, size_t len, const char *version, struct kv_field *fields);

/* True if record[off..off+len) is a non-empty ext-value: %x21-3A / %x3C / %x3E-7E. */
bool kvrecord_is_ext_value(const char *record, size_t off, size_t len);

/* True if field `f` of `record` is named exactly (case-sensitively) `name`. */
bool kvrecord_name_is(const char *record, const struct kv_field *f, const char *name);

/*
 * True if s[0..len) is an RFC 5321 §4.1.2 Domain: labels Let-dig [Ldh-str]
 * separated by single dots, each at most 63 octets, at most 253 octets in
 * all (RFC 1035 §2.3.4), no trailing dot.
 */
bool kvrecord_is_domain(const char *s, size_t len);

/*
 * True if TXT string `s` is a record of `version` ("v=STSv1", "v=TLSRPTv1"): it starts
 * with it, compared caselessly, followed by ';', WSP or the end (so a record with a
 * misspelt case is found, and judged invalid by kvrecord_split, rather than said to be
 * absent; "v=TLSRPTv10" is no such record).
 */
bool kvrecord_is_version(const char *s, const char *version);

/* Which of `n` TXT strings is the record of `version`: the index of the only one; -1
 * when there is none, -2 when there are several; `*n_found` (may be NULL) how many. */
int kvrecord_select(const char *const *strings, size_t n, const char *version, size_t *n_found);

#endif

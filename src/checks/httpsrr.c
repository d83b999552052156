/*
 * httpsrr.c -- see httpsrr.h. Rules of RFC 9460 over parsed HTTPS records.
 */
#include "checks/httpsrr.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The presentation name of SvcParamKey `key` (RFC 9460 §2.1: "keyNNNNN" when unnamed). */
static void svc_key_name(uint16_t key, char *out, size_t outlen)
{
	static const char *const names[] = {
		"mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint",
	};
	if (key < sizeof(names) / sizeof(names[0]))
		snprintf(out, outlen, "%s", names[key]);
	else
		snprintf(out, outlen, "key%u", (unsigned)key);
}

static bool svcb_has_key(const struct dns_svcb *s, uint16_t key)
{
	for (size_t i = 0; i < s->n_keys; i++)
		if (s->keys[i] == key)
			return true;
	return false;
}

/* The name a ServiceMode record's endpoint is at: §2.5.2 "." means the owner name. */
static const char *svcb_effective_target(const struct dns_svcb *s, const char *owner)
{
	return s->target[0] ? s->target : owner;
}

static const struct httpsrr_addrs *addrs_find(const struct httpsrr_facts *f, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < f->n_addrs; i++)
		if (f->addrs[i].name && strcmp(f->addrs[i].name, name) == 0)
			return &f->addrs[i];
	return NULL;
}

static bool addrs_have(const struct httpsrr_addrs *a, uint16_t type, const void *addr)
{
	for (size_t i = 0; i < a->n; i++) {
		if (a->rr[i].type != type)
			continue;
		if (type == DNS_TYPE_A && memcmp(&a->rr[i].u.a, addr, 4) == 0)
			return true;
		if (type == DNS_TYPE_AAAA && memcmp(&a->rr[i].u.aaaa, addr, 16) == 0)
			return true;
	}
	return false;
}

/*
 * §2.4.3 / §8 / §7.1.1: a ServiceMode record is self-consistent when every key
 * in mandatory is present and no-default-alpn comes with alpn. NULL when it is,
 * else the reason (static or in `buf`).
 */
static const char *svcb_inconsistency(const struct dns_svcb *s, char *buf, size_t buflen)
{
	for (size_t i = 0; i < s->n_mandatory; i++) {
		if (!svcb_has_key(s, s->mandatory[i])) {
			char key[16];
			svc_key_name(s->mandatory[i], key, sizeof(key));
			snprintf(buf, buflen, "mandatory lists %s, which the record lacks", key);
			return buf;
		}
	}
	if (s->no_default_alpn && s->n_alpn == 0)
		return "no-default-alpn without alpn";
	return NULL;
}

/* Append the hint addresses of `s` missing from `a` (as text) to `missing`. */
static size_t hints_missing(const struct dns_svcb *s, const struct httpsrr_addrs *a,
                            json_t *missing)
{
	char text[INET6_ADDRSTRLEN];
	size_t n = 0;

	for (size_t i = 0; i < s->n_ipv4hint; i++) {
		if (addrs_have(a, DNS_TYPE_A, &s->ipv4hint[i]))
			continue;
		inet_ntop(AF_INET, &s->ipv4hint[i], text, sizeof(text));
		json_array_append_new(missing, json_string(text));
		n++;
	}
	for (size_t i = 0; i < s->n_ipv6hint; i++) {
		if (addrs_have(a, DNS_TYPE_AAAA, &s->ipv6hint[i]))
			continue;
		inet_ntop(AF_INET6, &s->ipv6hint[i], text, sizeof(text));
		json_array_append_new(missing, json_string(text));
		n++;
	}
	return n;
}

/* The technical summary of one record (alpn, ech, port, hints, ...). */
static json_t *svcb_summary(const struct dns_svcb *s)
{
	json_t *o = json_object(), *alpn = json_array(), *v4 = json_array(), *v6 = json_array(),
	       *mand = json_array(), *unknown = json_array();
	char text[INET6_ADDRSTRLEN];

	json_object_set_new(o, "priority", json_integer(s->priority));
	json_object_set_new(o, "mode", json_string(s->priority == 0 ? "alias" : "service"));
	json_object_set_new(o, "target", json_string(s->target[0] ? s->target : "."));
	for (size_t i = 0; i < s->n_alpn; i++)
		json_array_append_new(alpn, json_string(s->alpn[i]));
	json_object_set_new(o, "alpn", alpn);
	json_object_set_new(o, "no_default_alpn", json_boolean(s->no_default_alpn));
	json_object_set_new(o, "port", s->has_port ? json_integer(s->port) : json_null());
	json_object_set_new(o, "ech", json_boolean(s->has_ech));
	json_object_set_new(o, "ech_length", json_integer((json_int_t)s->ech_len));
	for (size_t i = 0; i < s->n_ipv4hint; i++) {
		inet_ntop(AF_INET, &s->ipv4hint[i], text, sizeof(text));
		json_array_append_new(v4, json_string(text));
	}
	json_object_set_new(o, "ipv4hint", v4);
	for (size_t i = 0; i < s->n_ipv6hint; i++) {
		inet_ntop(AF_INET6, &s->ipv6hint[i], text, sizeof(text));
		json_array_append_new(v6, json_string(text));
	}
	json_object_set_new(o, "ipv6hint", v6);
	for (size_t i = 0; i < s->n_mandatory; i++) {
		char key[16];
		svc_key_name(s->mandatory[i], key, sizeof(key));
		json_array_append_new(mand, json_string(key));
	}
	json_object_set_new(o, "mandatory", mand);
	for (size_t i = 0; i < s->n_keys; i++)
		if (s->keys[i] > SVC_KEY_IPV6HINT)
			json_array_append_new(unknown, json_integer(s->keys[i]));
	json_object_set_new(o, "unknown_keys", unknown);
	return o;
}

enum status httpsrr_evaluate(const struct httpsrr_facts *f, const char **verdict,
                             json_t **details)
{
	json_t *d = json_object(), *records = json_array(), *mismatch = json_array();
	const char *invalid = NULL;
	char why[160] = "";
	size_t n_alias = 0, n_service = 0, n_mismatch = 0;
	enum status st;

	for (size_t i = 0; i < f->n_https; i++) {
		const struct dns_svcb *s;
		json_t *rec, *notes = json_array();

		if (f->https[i].type != DNS_TYPE_HTTPS && f->https[i].type != DNS_TYPE_SVCB) {
			json_decref(notes);
			continue;
		}
		s = &f->https[i].u.svcb;
		rec = svcb_summary(s);
		if (s->priority == 0) {
			n_alias++;
			/* §2.4.2: recipients MUST ignore the SvcParams of an AliasMode record */
			if (s->n_keys > 0)
				json_array_append_new(notes, json_string("alias-params-ignored"));
			/* §2.4.2: AliasMode TargetName "." = the service is not available */
			if (!s->target[0])
				json_array_append_new(notes, json_string("service-unavailable"));
			json_object_set_new(rec, "hints", json_string("none"));
		} else {
			const struct httpsrr_addrs *a;
			const char *bad;
			char buf[96];

			n_service++;
			bad = svcb_inconsistency(s, buf, sizeof(buf));
			if (bad && !invalid) {
				snprintf(why, sizeof(why), "priority %u: %s", (unsigned)s->priority, bad);
				invalid = why;
			}
			if (bad)
				json_array_append_new(notes, json_string(bad));
			a = addrs_find(f, svcb_effective_target(s, f->name));
			if (s->n_ipv4hint + s->n_ipv6hint == 0) {
				json_object_set_new(rec, "hints", json_string("none"));
			} else if (!a) {
				json_object_set_new(rec, "hints", json_string("not-compared"));
			} else {
				size_t m = hints_missing(s, a, mismatch);
				n_mismatch += m;
				json_object_set_new(rec, "hints", json_string(m ? "mismatch" : "match"));
			}
		}
		json_object_set_new(rec, "notes", notes);
		json_array_append_new(records, rec);
	}
	/* §2.4.2: with an AliasMode record present, ServiceMode records are ignored */
	if (n_alias > 0 && n_service > 0)
		json_object_set_new(d, "mixed_modes", json_true());

	if (f->n_https == 0 && f->n_malformed == 0) {
		st = STATUS_INFO;
		*verdict = "none";
	} else if (f->n_malformed > 0 || invalid) {
		st = STATUS_FAIL;
		*verdict = "invalid";
		if (f->n_malformed > 0)
			snprintf(why, sizeof(why), "%zu record(s) malformed (RFC 9460 §2.2)",
			         f->n_malformed);
	} else if (n_mismatch > 0) {
		st = STATUS_NOTICE;
		*verdict = "hints-mismatch";
		snprintf(why, sizeof(why), "%zu hint address(es) not among the A/AAAA records",
		         n_mismatch);
	} else {
		st = STATUS_SUCCESS;
		*verdict = "good";
	}

	json_object_set_new(d, "name", json_string(f->name ? f->name : ""));
	json_object_set_new(d, "records", records);
	json_object_set_new(d, "malformed", json_integer((json_int_t)f->n_malformed));
	json_object_set_new(d, "hints_mismatch", mismatch);
	json_object_set_new(d, "reason", why[0] ? json_string(why) : json_null());
	if (details)
		*details = d;
	else
		json_decref(d);
	return st;
}

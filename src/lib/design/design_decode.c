/*
 * design_decode.c - the design loader's value decoders (design.c has the
 * flow, docs/design-format.md the format).
 *
 * Each decoder takes one YAML node (design_int.h) for one struct field of
 * the schema (design_schema.c) and writes the typed value at the field's
 * offsets in the C struct being filled, with its span when the field has
 * one: text, name, reference, list of names, boolean, bounded integer,
 * number, ASN, bandwidth, enum, address, prefix, list of prefixes, nested
 * mapping and list of mappings (both back into the walker), and a few
 * special ones (addr:port, route filter, GUID, hostname pattern, WAN ends).
 * The node helpers shared by the loader live here too.
 *
 * Invariants: a decoder writes its field only when the value is valid,
 * else reports it (mri_dreport()) and leaves the field as initialised;
 * strings are copied NUL-terminated into the design's arena, free of
 * control characters; a name's span is stored just before the string
 * (design_resolve.c reads it back); lists are checked against MAX_ITEMS
 * before their array is allocated; every node visit, aliases included,
 * counts against MAX_VISITS.
 *
 * Complexity: O(size of the value) per decoder, O(items) for lists.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "communities.h"
#include "design_load.h"
#include "m365route/endpoints.h"

_Static_assert(sizeof(enum mr_sku) == sizeof(int), "enums are int-sized");
_Static_assert(sizeof(enum mr_path) == sizeof(int), "enums are int-sized");
static void
set_ptr(void *obj, size_t off, const void *p)
{
	memcpy((char *)obj + off, &p, sizeof(p));
}

/*
 * Nodes.
 */

const struct ynode *
mri_design_node(struct loader *L, uint32_t idx)
{
	const struct ynode *x;

	if (idx == YNONE || idx >= L->t.n)
		return NULL;
	x = &L->t.v[idx];
	if (x->kind == Y_ALIAS && x->target < L->t.n)
		x = &L->t.v[x->target];
	if (++L->visits == MAX_VISITS + 1) {
		mri_dreport(&L->r, MR_D_YAML_LIMITS, x->start, x->end,
		            "the design expands (through aliases) to more than "
		            "%u YAML nodes",
		            MAX_VISITS);
		mri_diag_stop(L->r.d);
	}
	return mri_diag_stopped(L->r.d) ? NULL : x;
}

bool
mri_design_is_null(const struct ynode *v)
{
	if (v->kind != Y_SCALAR || v->style != Y_PLAIN)
		return false;
	return v->len == 0 || strcmp(v->text, "~") == 0 ||
	       strcmp(v->text, "null") == 0 || strcmp(v->text, "Null") == 0 ||
	       strcmp(v->text, "NULL") == 0;
}

const char *
mri_design_kind_name(const struct ynode *v)
{
	switch (v->kind) {
	case Y_MAP:
		return "a mapping";
	case Y_SEQ:
		return "a list";
	default:
		break;
	}
	if (v->style != Y_PLAIN)
		return "a string";
	if (mri_design_is_null(v))
		return "nothing";
	return "a scalar";
}

struct mr_span
mri_design_span(const struct loader *L, const struct ynode *v)
{
	struct mr_span s = {L->r.src, v->start, v->end};

	return s;
}

const char *
mri_design_q(char buf[QBUF], const struct ynode *v)
{
	return mri_design_escape(buf, QBUF, v->text, v->len, SHOW);
}

/* The text of the line "line:col" of offset off, for notes. */
void
mri_design_where(struct loader *L, uint32_t off, char *buf, size_t size)
{
	uint32_t line = 0, col = 0;

	if (mr_diags_locate(L->r.d, L->r.src, off, &line, &col) != MR_OK)
		snprintf(buf, size, "offset %u", off);
	else
		snprintf(buf, size, "line %u, column %u", line, col);
}

static char *
copy(struct loader *L, const char *s, size_t n)
{
	char *c = mri_arena_strndup(L->a, s, n);

	if (c == NULL)
		mri_dreport_oom(&L->r);
	return c;
}

/* A scalar is wanted: report the type error otherwise. */
static bool
want_scalar(struct loader *L, const struct field *f, const struct ynode *v,
            const char *what)
{
	if (v->kind == Y_SCALAR)
		return true;
	mri_dreport(&L->r, MR_D_VALUE_TYPE, v->start, v->end,
	            "'%s' must be %s, not %s", f->key, what,
	            mri_design_kind_name(v));
	return false;
}

static bool
want_plain(struct loader *L, const struct field *f, const struct ynode *v,
           const char *what)
{
	char b[QBUF];

	if (!want_scalar(L, f, v, what))
		return false;
	if (v->style == Y_PLAIN)
		return true;
	mri_dreport(&L->r, MR_D_VALUE_TYPE, v->start, v->end,
	            "'%s' must be %s, not a quoted string", f->key, what);
	mri_diag_hint(L->r.d, "write %s without quotes", mri_design_q(b, v));
	return false;
}

/*
 * Scalar checks.
 */

bool
mri_design_name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > MAX_NAME)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

/* Offset of the first control character (C0, DEL, C1) or n. */
static size_t
control_at(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return i;
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return i;
	}
	return n;
}

/* Decimal digits only, up to max; false on anything else. */
static bool
parse_uint(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v;

	if (!mri_dec_u64(s, n, &v) || v > max)
		return false;
	*out = v;
	return true;
}

static bool
looks_integer(const char *s, size_t n)
{
	size_t i = (n > 0 && (s[0] == '-' || s[0] == '+')) ? 1 : 0;

	if (i == n)
		return false;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * Decoders.
 */

static const char *
take_text(struct loader *L, const struct field *f, const struct ynode *v,
          size_t max)
{
	size_t bad;

	if (!want_scalar(L, f, v, "text"))
		return NULL;
	if (v->len == 0 || v->len > max) {
		mri_dreport(&L->r, MR_D_STRING_INVALID, v->start, v->end,
		            "'%s' must be 1 to %zu bytes long, not %u", f->key,
		            max, v->len);
		return NULL;
	}
	bad = control_at(v->text, v->len);
	if (bad < v->len) {
		/* The character's value, then where it starts (1-based byte
		 * offset in the value); a C1 control is two bytes, 0xc2 and
		 * the code point. */
		unsigned char c = (unsigned char)v->text[bad];
		unsigned cp = c == 0xc2 ? (unsigned char)v->text[bad + 1] : c;
		mri_dreport(
		    &L->r, MR_D_STRING_INVALID, v->start, v->end,
		    "'%s' holds control character U+%04X at byte %zu of "
		    "its value",
		    f->key, cp, bad + 1);
		return NULL;
	}
	return copy(L, v->text, v->len);
}

void
mri_dec_text(struct loader *L, const struct field *f, const struct ynode *v,
             void *obj)
{
	const char *s = take_text(L, f, v, MAX_TEXT);

	if (s == NULL)
		return;
	*AT(obj, f->off, const char *) = s;
	if (f->off2 != NOOFF)
		*AT(obj, f->off2, struct mr_span) = mri_design_span(L, v);
}

/* A name; its span is kept just before the string (name_span()). */
static const char *
take_name(struct loader *L, const struct field *f, const struct ynode *v)
{
	char b[QBUF], *p;
	struct mr_span at;

	if (!want_scalar(L, f, v, "a name"))
		return NULL;
	if (!mri_design_name_ok(v->text, v->len)) {
		mri_dreport(&L->r, MR_D_NAME_INVALID, v->start, v->end,
		            "'%s' is not a valid name", mri_design_q(b, v));
		mri_diag_note(L->r.d, "names are 1 to 64 characters of A-Z a-z "
		                      "0-9 . _ - (they end up in router "
		                      "configurations)");
		return NULL;
	}
	at = mri_design_span(L, v);
	p = mri_arena_alloc(L->a, sizeof(at) + v->len + 1);
	if (p == NULL) {
		mri_dreport_oom(&L->r);
		return NULL;
	}
	memcpy(p, &at, sizeof(at));
	memcpy(p + sizeof(at), v->text, v->len);
	p[sizeof(at) + v->len] = '\0';
	return p + sizeof(at);
}

void
mri_dec_name(struct loader *L, const struct field *f, const struct ynode *v,
             void *obj)
{
	const char *s = take_name(L, f, v);

	if (s != NULL)
		*AT(obj, f->off, const char *) = s;
}

/* A DNS label, stored in lowercase: <tenant>.sharepoint.com. */
void
mri_dec_tenant(struct loader *L, const struct field *f, const struct ynode *v,
               void *obj)
{
	char b[QBUF], *s;
	size_t i;
	bool ok;

	if (!want_scalar(L, f, v, "a tenant name"))
		return;
	ok = v->len >= 1 && v->len <= 63 && v->text[0] != '-' &&
	     v->text[v->len - 1] != '-';
	for (i = 0; ok && i < v->len; i++) {
		char c = v->text[i];
		ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		     (c >= '0' && c <= '9') || c == '-';
	}
	if (!ok) {
		mri_dreport(&L->r, MR_D_NAME_INVALID, v->start, v->end,
		            "tenant '%s' is not a DNS label",
		            mri_design_q(b, v));
		mri_diag_note(L->r.d,
		              "the tenant is the first label of "
		              "<tenant>.sharepoint.com: 1 to 63 letters, "
		              "digits and '-'");
		return;
	}
	s = copy(L, v->text, v->len);
	if (s == NULL)
		return;
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
	*AT(obj, f->off, const char *) = s;
}

static void
set_ref(struct loader *L, struct mr_ref *r, const char *name,
        const struct ynode *v)
{
	r->name = name;
	r->idx = MR_NONE;
	r->at = mri_design_span(L, v);
}

void
mri_dec_ref(struct loader *L, const struct field *f, const struct ynode *v,
            void *obj)
{
	const char *s = take_name(L, f, v);

	if (s != NULL)
		set_ref(L, AT(obj, f->off, struct mr_ref), s, v);
}

/* A list whose items are decoded by each(); returns the item count or
 * SIZE_MAX when v is not a list. */
static size_t
want_list(struct loader *L, const struct field *f, const struct ynode *v,
          const char *what)
{
	char b[QBUF];

	if (v->kind == Y_SEQ && v->n > MAX_ITEMS) {
		mri_dreport(&L->r, MR_D_YAML_LIMITS, v->start, v->start + 1,
		            "'%s' has %u items, more than the %u a design may "
		            "hold",
		            f->key, v->n, MAX_ITEMS);
		mri_diag_stop(L->r.d);
		return SIZE_MAX;
	}
	if (v->kind == Y_SEQ)
		return v->n;
	mri_dreport(&L->r, MR_D_VALUE_TYPE, v->start, v->end,
	            "'%s' must be a list of %s, not %s", f->key, what,
	            mri_design_kind_name(v));
	if (v->kind == Y_SCALAR)
		mri_diag_hint(L->r.d, "write [%s]", mri_design_q(b, v));
	return SIZE_MAX;
}

void
mri_dec_refs(struct loader *L, const struct field *f, const struct ynode *v,
             void *obj)
{
	struct mr_ref *arr;
	size_t n = want_list(L, f, v, "names"), k = 0;
	uint32_t c;

	if (n == SIZE_MAX)
		return;
	arr = mri_arena_calloc(L->a, n ? n : 1, sizeof(*arr));
	if (arr == NULL) {
		mri_dreport_oom(&L->r);
		return;
	}
	for (c = v->child; c != YNONE && !mri_diag_stopped(L->r.d);
	     c = L->t.v[c].next) {
		const struct ynode *x = mri_design_node(L, c);
		const char *s;
		if (x == NULL)
			break;
		s = take_name(L, f, x);
		if (s != NULL)
			set_ref(L, &arr[k++], s, x);
	}
	*AT(obj, f->off, size_t) = k;
	set_ptr(obj, f->off2, arr);
}

/* A PAC group's proxy: one name, or a list of names in failover order (the
 * PAC file returns them all, "PROXY a:8080; PROXY b:8080"), into
 * struct mr_pac_group's proxies; the first is kept in its proxy as well. */
void
mri_dec_pac_proxy(struct loader *L, const struct field *f,
                  const struct ynode *v, void *obj)
{
	struct mr_pac_group *pg = obj;

	if (v->kind == Y_SCALAR) {
		struct mr_ref *arr;
		mri_dec_ref(L, f, v, &pg->proxy);
		if (pg->proxy.name == NULL)
			return;
		arr = mri_arena_calloc(L->a, 1, sizeof(*arr));
		if (arr == NULL) {
			mri_dreport_oom(&L->r);
			return;
		}
		arr[0] = pg->proxy;
		pg->n_proxies = 1;
		pg->proxies = arr;
		return;
	}
	if (v->kind != Y_SEQ) {
		mri_dreport(&L->r, MR_D_VALUE_TYPE, v->start, v->end,
		            "'%s' must be a proxy's name or a list of names, "
		            "not %s",
		            f->key, mri_design_kind_name(v));
		return;
	}
	if (v->n == 0) {
		mri_dreport(&L->r, MR_D_VALUE_TYPE, v->start, v->end,
		            "'%s' must name at least one proxy", f->key);
		mri_diag_hint(L->r.d, "write one name, or a list of names in "
		                      "failover order: [proxy-1, proxy-2]");
		return;
	}
	{
		struct field g = *f;
		g.off = offsetof(struct mr_pac_group, n_proxies);
		g.off2 = offsetof(struct mr_pac_group, proxies);
		mri_dec_refs(L, &g, v, obj);
	}
	if (pg->n_proxies > 0)
		pg->proxy = pg->proxies[0];
}

/* true or false (YAML 1.2 core schema); a field with an off2 also marks
 * there that the key was written (a default computed elsewhere yields). */
void
mri_dec_bool(struct loader *L, const struct field *f, const struct ynode *v,
             void *obj)
{
	static const char *const yes[] = {"true", "True", "TRUE"};
	static const char *const no[] = {"false", "False", "FALSE"};
	static const char *const y11[] = {"yes", "Yes", "YES", "on",
	                                  "On",  "ON",  "y",   "Y"};
	static const char *const n11[] = {"no",  "No",  "NO", "off",
	                                  "Off", "OFF", "n",  "N"};
	char b[QBUF];
	size_t i;

	if (!want_scalar(L, f, v, "true or false"))
		return;
	for (i = 0; v->style == Y_PLAIN && i < 3; i++) {
		bool t = strcmp(v->text, yes[i]) == 0;
		if (!t && strcmp(v->text, no[i]) != 0)
			continue;
		*AT(obj, f->off, bool) = t;
		if (f->off2 != NOOFF) /* written: no computed default */
			*AT(obj, f->off2, bool) = true;
		return;
	}
	mri_dreport(&L->r, MR_D_VALUE_TYPE, v->start, v->end,
	            "'%s' must be true or false, not '%s'", f->key,
	            mri_design_q(b, v));
	for (i = 0; i < 8; i++) {
		if (strcmp(v->text, y11[i]) == 0)
			mri_diag_hint(L->r.d, "write true (YAML 1.2 has no "
			                      "yes/no/on/off booleans)");
		else if (strcmp(v->text, n11[i]) == 0)
			mri_diag_hint(L->r.d, "write false (YAML 1.2 has no "
			                      "yes/no/on/off booleans)");
	}
	if (v->style != Y_PLAIN &&
	    (strcmp(v->text, "true") == 0 || strcmp(v->text, "false") == 0))
		mri_diag_hint(L->r.d, "write %s without quotes", v->text);
}

/* An integer in [f->min, f->max]; true and *out on success. */
static bool
take_uint(struct loader *L, const struct field *f, const struct ynode *v,
          uint64_t *out)
{
	char b[QBUF];
	uint64_t x;

	if (!want_plain(L, f, v, "an integer"))
		return false;
	if (!looks_integer(v->text, v->len)) {
		mri_dreport(&L->r, MR_D_NUMBER_INVALID, v->start, v->end,
		            "'%s' must be an integer, not '%s'", f->key,
		            mri_design_q(b, v));
		return false;
	}
	if (v->text[0] == '-' || v->text[0] == '+' ||
	    !parse_uint(v->text, v->len, UINT64_MAX, &x) ||
	    (double)x < f->min || (double)x > f->max) {
		mri_dreport(&L->r, MR_D_NUMBER_INVALID, v->start, v->end,
		            "'%s' is %s, out of range %.0f-%.0f", f->key,
		            mri_design_q(b, v), f->min, f->max);
		return false;
	}
	*out = x;
	return true;
}

void
mri_dec_u32(struct loader *L, const struct field *f, const struct ynode *v,
            void *obj)
{
	uint64_t x;

	if (!take_uint(L, f, v, &x))
		return;
	*AT(obj, f->off, uint32_t) = (uint32_t)x;
	if (f->off2 != NOOFF)
		*AT(obj, f->off2, struct mr_span) = mri_design_span(L, v);
}

void
mri_dec_u16(struct loader *L, const struct field *f, const struct ynode *v,
            void *obj)
{
	uint64_t x;

	if (!take_uint(L, f, v, &x))
		return;
	*AT(obj, f->off, uint16_t) = (uint16_t)x;
	if (f->off2 != NOOFF)
		*AT(obj, f->off2, struct mr_span) = mri_design_span(L, v);
}

void
mri_dec_double(struct loader *L, const struct field *f, const struct ynode *v,
               void *obj)
{
	char b[QBUF], *end;
	double x;

	if (!want_plain(L, f, v, "a number"))
		return;
	errno = 0;
	x = strtod(v->text, &end);
	if (v->len == 0 || end != v->text + v->len || errno != 0 ||
	    !isfinite(x) || strchr(v->text, 'x') || strchr(v->text, 'X') ||
	    strchr(v->text, 'n') || strchr(v->text, 'N') ||
	    strchr(v->text, 'i') || strchr(v->text, 'I')) {
		mri_dreport(&L->r, MR_D_NUMBER_INVALID, v->start, v->end,
		            "'%s' must be a number, not '%s'", f->key,
		            mri_design_q(b, v));
		return;
	}
	if (x < f->min || x > f->max) {
		mri_dreport(&L->r, MR_D_NUMBER_INVALID, v->start, v->end,
		            "'%s' is %s, out of range %g to %g", f->key,
		            mri_design_q(b, v), f->min, f->max);
		return;
	}
	*AT(obj, f->off, double) = x;
}

/* An AS number: a plain integer in 1..4294967295. */
static bool
take_asn(struct loader *L, const struct field *f, const struct ynode *v,
         uint32_t *out)
{
	char b[QBUF];
	uint64_t x;
	const char *dot;

	if (!want_scalar(L, f, v, "an AS number"))
		return false;
	if (v->style == Y_PLAIN &&
	    parse_uint(v->text, v->len, UINT32_MAX, &x) && x >= 1) {
		*out = (uint32_t)x;
		return true;
	}
	mri_dreport(&L->r, MR_D_ASN_INVALID, v->start, v->end,
	            "'%s' is not an AS number (an integer in 1-4294967295)",
	            mri_design_q(b, v));
	if (v->len > 2 && (v->text[0] == 'A' || v->text[0] == 'a') &&
	    (v->text[1] == 'S' || v->text[1] == 's') &&
	    parse_uint(v->text + 2, v->len - 2, UINT32_MAX, &x) && x >= 1)
		mri_diag_hint(L->r.d, "write %llu", (unsigned long long)x);
	else if (v->style != Y_PLAIN &&
	         parse_uint(v->text, v->len, UINT32_MAX, &x) && x >= 1)
		mri_diag_hint(L->r.d, "write %llu without quotes",
		              (unsigned long long)x);
	else if ((dot = memchr(v->text, '.', v->len)) != NULL) {
		uint64_t hi, lo;
		if (parse_uint(v->text, (size_t)(dot - v->text), 65535, &hi) &&
		    parse_uint(dot + 1, v->len - (size_t)(dot - v->text) - 1,
		               65535, &lo))
			mri_diag_hint(L->r.d,
			              "asdot is not accepted: write %llu",
			              (unsigned long long)(hi * 65536 + lo));
	}
	return false;
}

void
mri_dec_asn(struct loader *L, const struct field *f, const struct ynode *v,
            void *obj)
{
	uint32_t x;

	if (!take_asn(L, f, v, &x))
		return;
	*AT(obj, f->off, uint32_t) = x;
	if (f->off2 != NOOFF)
		*AT(obj, f->off2, struct mr_span) = mri_design_span(L, v);
}

/* A list of ASNs: the values and, when spans != NULL, each one's span. */
static size_t
take_asns(struct loader *L, const struct field *f, const struct ynode *v,
          uint32_t **vals, struct mr_span **spans)
{
	size_t n = want_list(L, f, v, "AS numbers"), k = 0;
	uint32_t c;

	*vals = NULL;
	*spans = NULL;
	if (n == SIZE_MAX)
		return 0;
	*vals = mri_arena_calloc(L->a, n ? n : 1, sizeof(**vals));
	*spans = mri_arena_calloc(L->a, n ? n : 1, sizeof(**spans));
	if (*vals == NULL || *spans == NULL) {
		mri_dreport_oom(&L->r);
		return 0;
	}
	for (c = v->child; c != YNONE && !mri_diag_stopped(L->r.d);
	     c = L->t.v[c].next) {
		const struct ynode *x = mri_design_node(L, c);
		if (x == NULL)
			break;
		if (take_asn(L, f, x, &(*vals)[k]))
			(*spans)[k++] = mri_design_span(L, x);
	}
	return k;
}

void
mri_dec_org_asns(struct loader *L, const struct field *f, const struct ynode *v,
                 void *obj)
{
	struct mr_organization *o = obj;
	uint32_t *vals;
	struct mr_span *spans;

	o->n_asns = take_asns(L, f, v, &vals, &spans);
	o->asns = vals;
	o->asn_at = spans;
}

void
mri_dec_prepend(struct loader *L, const struct field *f, const struct ynode *v,
                void *obj)
{
	struct mr_ms_peering *m = obj;
	uint32_t *vals;
	struct mr_span *spans;

	m->n_prepend = take_asns(L, f, v, &vals, &spans);
	m->prepend = vals;
	m->prepend_at = mri_design_span(L, v);
}

/*
 * "50Mbps", "1 Gbps", "2.5Gbps", "500 mbps" or a plain number of Mbps;
 * the result is a whole number of Mbps in 1..MAX_MBPS.
 */
static bool
parse_bandwidth(const char *s, size_t n, bool plain, uint32_t *out)
{
	uint64_t ip = 0, frac = 0, scale = 1, mult;
	size_t i = 0, fd = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9' && i < 10)
		ip = ip * 10 + (uint64_t)(s[i++] - '0');
	if (i == 0)
		return false;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9' && fd < 6) {
			frac = frac * 10 + (uint64_t)(s[i++] - '0');
			scale *= 10;
			fd++;
		}
		if (fd == 0)
			return false;
	}
	while (i < n && s[i] == ' ')
		i++;
	if (i == n) {
		if (!plain || fd != 0) /* a bare number is plain Mbps */
			return false;
		mult = 1;
	} else if (n - i == 4 && strncasecmp(s + i, "mbps", 4) == 0) {
		mult = 1;
	} else if (n - i == 4 && strncasecmp(s + i, "gbps", 4) == 0) {
		mult = 1000;
	} else {
		return false;
	}
	if ((frac * mult) % scale != 0)
		return false;
	ip = ip * mult + frac * mult / scale;
	if (ip < 1 || ip > MAX_MBPS)
		return false;
	*out = (uint32_t)ip;
	return true;
}

void
mri_dec_bw(struct loader *L, const struct field *f, const struct ynode *v,
           void *obj)
{
	char b[QBUF];
	uint32_t mbps;

	if (!want_scalar(L, f, v, "a bandwidth"))
		return;
	if (!parse_bandwidth(v->text, v->len, v->style == Y_PLAIN, &mbps)) {
		mri_dreport(&L->r, MR_D_BANDWIDTH_INVALID, v->start, v->end,
		            "'%s' is not a bandwidth", mri_design_q(b, v));
		mri_diag_note(L->r.d,
		              "write a whole number of Mbps (1000), or "
		              "\"<n> Mbps\" / \"<n> Gbps\" (\"50Mbps\", "
		              "\"1 Gbps\"), at most 1000 Gbps");
		return;
	}
	*AT(obj, f->off, uint32_t) = mbps;
	if (f->off2 != NOOFF)
		*AT(obj, f->off2, struct mr_span) = mri_design_span(L, v);
}

/* The allowed words of an enum, "a, b or c", into buf. */
static const char *
enum_words(const struct enumval *t, char *buf, size_t size)
{
	size_t k = 0, i, n = 0;

	while (t[n].name != NULL)
		n++;
	buf[0] = '\0';
	for (i = 0; i < n && k < size; i++) {
		int w = snprintf(buf + k, size - k, "%s%s",
		                 i == 0 ? "" : (i + 1 == n ? " or " : ", "),
		                 t[i].name);
		if (w < 0)
			break;
		k += (size_t)w;
	}
	return buf;
}

static const struct enumval *
take_enum(struct loader *L, const struct field *f, const struct ynode *v)
{
	const struct enumval *t = f->aux, *best = NULL;
	char b[QBUF], words[512];
	size_t i, bd = 3;

	if (!want_scalar(L, f, v, "a word"))
		return NULL;
	for (i = 0; t[i].name != NULL; i++)
		if (strlen(t[i].name) == v->len &&
		    memcmp(t[i].name, v->text, v->len) == 0)
			return &t[i];
	mri_dreport(&L->r, MR_D_ENUM_INVALID, v->start, v->end,
	            "'%s' must be %s, not '%s'", f->key,
	            enum_words(t, words, sizeof(words)), mri_design_q(b, v));
	for (i = 0; t[i].name != NULL; i++) {
		size_t d = mri_edit_distance(v->text, v->len, t[i].name,
		                             strlen(t[i].name), bd);
		if (d < bd) {
			bd = d;
			best = &t[i];
		}
	}
	if (best != NULL)
		mri_diag_hint(L->r.d, "did you mean '%s'?", best->name);
	return NULL;
}

void
mri_dec_enum(struct loader *L, const struct field *f, const struct ynode *v,
             void *obj)
{
	const struct enumval *e = take_enum(L, f, v);

	if (e == NULL)
		return;
	*AT(obj, f->off, int) = e->value;
	if (f->off2 != NOOFF)
		*AT(obj, f->off2, struct mr_span) = mri_design_span(L, v);
}

void
mri_dec_continent(struct loader *L, const struct field *f,
                  const struct ynode *v, void *obj)
{
	const struct enumval *e = take_enum(L, f, v);

	if (e != NULL)
		*AT(obj, f->off, const char *) = e->name;
}

/* Addresses and prefixes. */

static const char *
family_name(int fam)
{
	return fam == MR_AF_INET ? "IPv4" : "IPv6";
}

/* A prefix "a/len" (host bits cleared with MR0106); fam 0 = any. */
static bool
take_prefix(struct loader *L, const struct field *f, const struct ynode *v,
            int fam, struct mr_dprefix *out)
{
	char b[QBUF], canon[MR_PREFIX_STRLEN];
	struct mr_addr a;
	bool host = false;

	if (!want_scalar(L, f, v, "a prefix"))
		return false;
	if (mr_prefix_parse(&out->p, v->text, v->len, &host) != MR_OK) {
		mri_dreport(&L->r, MR_D_ADDRESS_INVALID, v->start, v->end,
		            "'%s' is not an IPv4 or IPv6 prefix",
		            mri_design_q(b, v));
		if (mr_addr_parse(&a, v->text, v->len) == MR_OK)
			mri_diag_hint(L->r.d,
			              "write %s/%d for a single address",
			              mri_design_q(b, v),
			              a.family == MR_AF_INET ? 32 : 128);
		return false;
	}
	if (fam != 0 && out->p.addr.family != fam) {
		mri_dreport(&L->r, MR_D_ADDRESS_INVALID, v->start, v->end,
		            "'%s' must be an %s prefix, not %s", f->key,
		            family_name(fam), family_name(out->p.addr.family));
		return false;
	}
	out->at = mri_design_span(L, v);
	if (host) {
		mr_prefix_format(&out->p, canon, sizeof(canon));
		if ((mri_dreport(&L->r, MR_D_PREFIX_HOST_BITS, v->start, v->end,
		                 "prefix '%s' has host bits set; using %s",
		                 mri_design_q(b, v), canon) &
		     MRI_DIAG_KEPT))
			mri_diag_hint(L->r.d, "write %s", canon);
	}
	return true;
}

static bool
take_addr(struct loader *L, const struct field *f, const struct ynode *v,
          struct mr_dprefix *out)
{
	char b[QBUF];

	if (!want_scalar(L, f, v, "an address"))
		return false;
	if (mr_addr_parse(&out->p.addr, v->text, v->len) != MR_OK) {
		mri_dreport(&L->r, MR_D_ADDRESS_INVALID, v->start, v->end,
		            "'%s' is not an IPv4 or IPv6 address",
		            mri_design_q(b, v));
		if (memchr(v->text, '/', v->len) != NULL)
			mri_diag_hint(L->r.d,
			              "'%s' takes an address, without "
			              "a prefix length",
			              f->key);
		return false;
	}
	out->p.len = out->p.addr.family == MR_AF_INET ? 32 : 128;
	out->at = mri_design_span(L, v);
	return true;
}

void
mri_dec_prefix(struct loader *L, const struct field *f, const struct ynode *v,
               void *obj)
{
	struct mr_dprefix p;

	memset(&p, 0, sizeof(p));
	if (!take_prefix(L, f, v, (int)(intptr_t)f->aux, &p))
		return;
	*AT(obj, f->off, struct mr_dprefix) = p;
	*AT(obj, f->off2, bool) = true;
}

void
mri_dec_addr(struct loader *L, const struct field *f, const struct ynode *v,
             void *obj)
{
	struct mr_dprefix p;

	memset(&p, 0, sizeof(p));
	if (take_addr(L, f, v, &p))
		*AT(obj, f->off, struct mr_dprefix) = p;
}

/* A list of prefixes (aux NULL) or of addresses (aux non-NULL). */
static struct mr_dprefix *
take_plist(struct loader *L, const struct field *f, const struct ynode *v,
           bool addrs, size_t *np)
{
	struct mr_dprefix *arr;
	size_t n = want_list(L, f, v, addrs ? "addresses" : "prefixes"), k = 0;
	uint32_t c;

	*np = 0;
	if (n == SIZE_MAX)
		return NULL;
	arr = mri_arena_calloc(L->a, n ? n : 1, sizeof(*arr));
	if (arr == NULL) {
		mri_dreport_oom(&L->r);
		return NULL;
	}
	for (c = v->child; c != YNONE && !mri_diag_stopped(L->r.d);
	     c = L->t.v[c].next) {
		const struct ynode *x = mri_design_node(L, c);
		bool ok;
		if (x == NULL)
			break;
		ok = addrs ? take_addr(L, f, x, &arr[k])
		           : take_prefix(L, f, x, 0, &arr[k]);
		if (ok)
			k++;
	}
	*np = k;
	return arr;
}

void
mri_dec_prefixes(struct loader *L, const struct field *f, const struct ynode *v,
                 void *obj)
{
	struct mr_prefix_list *pl = AT(obj, f->off, struct mr_prefix_list);

	pl->v = take_plist(L, f, v, false, &pl->n);
}

void
mri_dec_addrs(struct loader *L, const struct field *f, const struct ynode *v,
              void *obj)
{
	size_t n;
	struct mr_dprefix *arr = take_plist(L, f, v, true, &n);

	*AT(obj, f->off, size_t) = n;
	set_ptr(obj, f->off2, arr);
}

/* "address:port" or "[v6address]:port". */
void
mri_dec_listen(struct loader *L, const struct field *f, const struct ynode *v,
               void *obj)
{
	struct mr_proxy *p = obj;
	const char *s = v->text, *colon, *as;
	char b[QBUF];
	size_t alen;
	uint64_t port;

	if (!want_scalar(L, f, v, "address:port"))
		return;
	if (v->len > 0 && s[0] == '[') {
		const char *rb = memchr(s, ']', v->len);
		if (rb == NULL || rb + 1 >= s + v->len || rb[1] != ':')
			goto bad;
		as = s + 1;
		alen = (size_t)(rb - as);
		colon = rb + 1;
	} else {
		colon = memchr(s, ':', v->len);
		if (colon == NULL ||
		    memchr(colon + 1, ':', v->len - (size_t)(colon - s) - 1)) {
			if (mr_addr_parse(&p->listen.p.addr, s, v->len) ==
			    MR_OK)
				goto noport;
			goto bad;
		}
		as = s;
		alen = (size_t)(colon - s);
	}
	if (mr_addr_parse(&p->listen.p.addr, as, alen) != MR_OK)
		goto bad;
	if (!parse_uint(colon + 1, v->len - (size_t)(colon + 1 - s), 65535,
	                &port) ||
	    port == 0) {
		mri_dreport(&L->r, MR_D_NUMBER_INVALID, v->start, v->end,
		            "the port of '%s' must be an integer in 1-65535",
		            mri_design_q(b, v));
		return;
	}
	p->listen.p.len = p->listen.p.addr.family == MR_AF_INET ? 32 : 128;
	p->listen.at = mri_design_span(L, v);
	p->port = (uint16_t)port;
	return;
noport:
	mri_dreport(&L->r, MR_D_ADDRESS_INVALID, v->start, v->end,
	            "'%s' has no port", mri_design_q(b, v));
	mri_diag_hint(L->r.d, "write %s%s%s:8080",
	              p->listen.p.addr.family == MR_AF_INET6 ? "[" : "",
	              mri_design_q(b, v),
	              p->listen.p.addr.family == MR_AF_INET6 ? "]" : "");
	return;
bad:
	mri_dreport(&L->r, MR_D_ADDRESS_INVALID, v->start, v->end,
	            "'%s' is not address:port", mri_design_q(b, v));
	mri_diag_note(L->r.d, "write 10.1.1.10:8080, or [2001:db8::10]:8080 "
	                      "for IPv6");
}

/* Nested mappings and lists of mappings. */

void
mri_dec_sub(struct loader *L, const struct field *f, const struct ynode *v,
            void *obj)
{
	void *sub = (char *)obj + f->off;

	if (v->kind != Y_MAP) {
		mri_dreport(&L->r, MR_D_VALUE_TYPE, v->start, v->end,
		            "'%s' must be a mapping, not %s", f->key,
		            mri_design_kind_name(v));
		return;
	}
	if (f->off2 != NOOFF)
		*AT(obj, f->off2, bool) = true;
	mri_design_walk(L, f->aux, v, sub);
}

void
mri_dec_list(struct loader *L, const struct field *f, const struct ynode *v,
             void *obj)
{
	const struct list_of *lo = f->aux;
	char *arr;
	size_t n = want_list(L, f, v, "mappings"), k = 0;
	uint32_t c, saved = L->item;

	if (n == SIZE_MAX)
		return;
	arr = mri_arena_calloc(L->a, n ? n : 1, lo->size);
	if (arr == NULL) {
		mri_dreport_oom(&L->r);
		return;
	}
	*AT(obj, lo->n_off, size_t) = n;
	set_ptr(obj, lo->v_off, arr);
	for (c = v->child; c != YNONE && !mri_diag_stopped(L->r.d);
	     c = L->t.v[c].next) {
		const struct ynode *x = mri_design_node(L, c);
		if (x == NULL)
			break;
		L->item = (uint32_t)k;
		if (x->kind != Y_MAP) {
			char b[QBUF];
			mri_dreport(
			    &L->r, MR_D_VALUE_TYPE, x->start, x->end,
			    "each item of '%s' must be a mapping, not %s",
			    f->key, mri_design_kind_name(x));
			if (x->kind == Y_SCALAR && !mri_design_is_null(x))
				mri_diag_hint(L->r.d, "write '- name: %s'",
				              mri_design_q(b, x));
		} else {
			mri_design_walk(L, lo->item, x, arr + k * lo->size);
		}
		k++;
	}
	L->item = saved;
}

/* Special decoders. */

void
mri_dec_between(struct loader *L, const struct field *f, const struct ynode *v,
                void *obj)
{
	struct mr_wan_link *w = obj;
	const struct ynode *x[2];
	const char *s;
	uint32_t c;

	if (v->kind != Y_SEQ || v->n != 2) {
		mri_dreport(
		    &L->r, MR_D_VALUE_TYPE, v->start, v->end,
		    "'between' must be a list of two site names, not %s",
		    v->kind == Y_SEQ ? "a list of another length"
		                     : mri_design_kind_name(v));
		return;
	}
	c = v->child;
	x[0] = mri_design_node(L, c);
	x[1] = x[0] ? mri_design_node(L, L->t.v[c].next) : NULL;
	if (x[1] == NULL)
		return;
	if ((s = take_name(L, f, x[0])) != NULL)
		set_ref(L, &w->a, s, x[0]);
	if ((s = take_name(L, f, x[1])) != NULL)
		set_ref(L, &w->b, s, x[1]);
}

void
mri_dec_route_filter(struct loader *L, const struct field *f,
                     const struct ynode *v, void *obj)
{
	struct mr_ms_peering *m = obj;
	struct mr_community *arr;
	size_t n = want_list(L, f, v, "communities"), k = 0;
	uint32_t c;

	if (n == SIZE_MAX)
		return;
	arr = mri_arena_calloc(L->a, n ? n : 1, sizeof(*arr));
	if (arr == NULL) {
		mri_dreport_oom(&L->r);
		return;
	}
	m->has_route_filter = true;
	m->route_filter_at = mri_design_span(L, v);
	for (c = v->child; c != YNONE && !mri_diag_stopped(L->r.d);
	     c = L->t.v[c].next) {
		const struct ynode *x = mri_design_node(L, c);
		char b[QBUF];
		const char *sug;
		if (x == NULL)
			break;
		if (!want_scalar(L, f, x, "a community"))
			continue;
		if (x->len > 0 && x->len <= 64 &&
		    control_at(x->text, x->len) == x->len &&
		    mri_community_lookup(x->text, x->len, &arr[k].asn,
		                         &arr[k].value) == MR_OK) {
			arr[k].written = copy(L, x->text, x->len);
			arr[k].at = mri_design_span(L, x);
			k++;
			continue;
		}
		mri_dreport(&L->r, MR_D_COMMUNITY_UNKNOWN, x->start, x->end,
		            "'%s' is not a known community name nor ASN:VALUE",
		            mri_design_q(b, x));
		sug = mri_community_suggest(x->text, x->len);
		if (sug != NULL)
			mri_diag_hint(L->r.d, "did you mean '%s'?", sug);
		else
			mri_diag_note(L->r.d,
			              "names: exchange, sharepoint, "
			              "skype, other, ...; or values such "
			              "as 12076:5010");
	}
	m->n_communities = k;
	m->communities = arr;
}

void
mri_dec_service_key(struct loader *L, const struct field *f,
                    const struct ynode *v, void *obj)
{
	struct mr_er_circuit *e = obj;
	char b[QBUF];

	if (!want_scalar(L, f, v, "a GUID"))
		return;
	if (!mri_guid_ok(v->text, v->len)) {
		mri_dreport(&L->r, MR_D_SERVICE_KEY_INVALID, v->start, v->end,
		            "service key '%s' is not a GUID",
		            mri_design_q(b, v));
		mri_diag_note(L->r.d, "a service key looks like "
		                      "8f4b5a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b");
		return;
	}
	e->service_key = copy(L, v->text, v->len);
	e->service_key_at = mri_design_span(L, v);
}

void
mri_dec_host(struct loader *L, const struct field *f, const struct ynode *v,
             void *obj)
{
	struct mr_override *o = obj;
	const char *why;
	char b[QBUF], low[256];
	size_t bad = 0, i;
	bool upper = false;

	if (!want_scalar(L, f, v, "a hostname pattern"))
		return;
	why = mr_pattern_check(v->text, v->len, &bad);
	if (why == NULL) {
		o->host = copy(L, v->text, v->len);
		return;
	}
	if (bad > v->len)
		bad = v->len;
	mri_dreport(&L->r, MR_D_HOST_INVALID, v->start, v->end,
	            "'%s' is not a valid hostname pattern: %s",
	            mri_design_q(b, v), why);
	for (i = 0; i < v->len && i < sizeof(low) - 1; i++) {
		char c = v->text[i];
		upper |= c >= 'A' && c <= 'Z';
		low[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	low[i] = '\0';
	if (upper && mr_pattern_check(low, i, &bad) == NULL)
		mri_diag_hint(L->r.d, "write '%s' (patterns are lowercase)",
		              low);
}

/* Sites: keep track of which computed defaults were overridden. */

static bool *
given(struct loader *L, bool **arr)
{
	if (*arr == NULL && L->dsg->n_sites > 0) {
		*arr = mri_arena_calloc(L->t.a, L->dsg->n_sites, sizeof(bool));
		if (*arr == NULL)
			mri_dreport_oom(&L->r);
	}
	return *arr != NULL && L->item < L->dsg->n_sites ? &(*arr)[L->item]
	                                                 : NULL;
}

void
mri_dec_site_er(struct loader *L, const struct field *f, const struct ynode *v,
                void *obj)
{
	bool *g = given(L, &L->er_given);

	mri_dec_bool(L, f, v, obj);
	if (g != NULL)
		*g = true;
}

void
mri_dec_site_li(struct loader *L, const struct field *f, const struct ynode *v,
                void *obj)
{
	bool *g = given(L, &L->li_given);

	mri_dec_bool(L, f, v, obj);
	if (g != NULL)
		*g = true;
}

/*
 * feed_changes.c - reading a /changes/<instance>/<version> response of the
 * endpoint web service (feed.h: mr_changes_load_buffer()).
 *
 * Spec: Microsoft Learn, "Microsoft 365 IP Address and URL web service",
 * section "Changes web method" (ms.date 2025-01-08): an array of records with id, endpointSetId,
 * disposition (Change, Add, Remove), impact (from 2018112800), version,
 * previous and current (expressRoute, serviceArea, category, required,
 * tcpPorts, udpPorts, notes), add (effectiveDate, ips, urls) and remove
 * (ips, urls). Real data writes expressRoute and required as the strings
 * "true"/"false" (data/endpoints/changes-sample-2020012800.json); both
 * forms are read, the string form with a note (MR0114). The doc's example
 * has changeDescription, which the field list omits: it is kept. Other
 * unknown keys are ignored without a word, as the doc's interface
 * versioning rules ask of clients.
 *
 * Layout: one arena owns the records and every string; jansson's tree and
 * the jspan index are freed before returning. Positions: each record's
 * span, from jspan; findings about a field point at its record.
 * Codes reused from the endpoint loader: MR0101 (not JSON), MR0102 (not an
 * array of change records; an /endpoints feed is recognised), MR0108 (a
 * field of the wrong type or form), MR0109 (id, endpointSetId,
 * disposition or version missing), MR0114 (boolean as string), MR0117
 * (an endpointSetId outside 1..4294967295).
 * Complexity: O(len).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag_int.h"
#include "error.h"
#include "feed_int.h"
#include "jspan.h"
#include "source.h"

#define MAX_TEXT (64u * 1024u * 1024u)

struct mr_changes {
	struct mr_arena *a;
	size_t n;
	struct mr_change *v;
};

struct cl {
	struct mr_diags *d;
	struct mr_arena *a;
	uint32_t src;
	bool oom;
	char who[64];
	struct mr_span at;
};

static void err(struct cl *L, enum mr_dcode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A finding about the record at L->at; the sink applies the caps. */
static void
err(struct cl *L, enum mr_dcode code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mri_diag_vadd(L->d, code, L->at, fmt, ap);
	va_end(ap);
}

static const char *
sdup(struct cl *L, const json_t *v)
{
	char *p = mri_arena_strndup(L->a, json_string_value(v),
	                            json_string_length(v));

	if (p == NULL)
		L->oom = true;
	return p;
}

/* An optional string member: NULL when absent or null. */
static const char *
opt_str(struct cl *L, const json_t *obj, const char *key, const char *where)
{
	const json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		err(L, MR_D_FIELD_TYPE, "%s: \"%s%s\" must be a string", L->who,
		    where, key);
		return NULL;
	}
	return sdup(L, v);
}

static void
opt_bool(struct cl *L, const json_t *obj, const char *key, const char *where,
         bool *has, bool *val)
{
	const json_t *v = json_object_get(obj, key);
	const char *s;

	*has = false;
	if (v == NULL || json_is_null(v))
		return;
	if (json_is_boolean(v)) {
		*has = true;
		*val = json_is_true(v);
		return;
	}
	s = json_string_value(v);
	if (s != NULL && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0 ||
	                  strcmp(s, "True") == 0 || strcmp(s, "False") == 0)) {
		*has = true;
		*val = s[0] == 't' || s[0] == 'T';
		err(L, MR_D_BOOL_AS_STRING,
		    "%s: \"%s%s\" is the string \"%s\", read as %s", L->who,
		    where, key, s, *val ? "true" : "false");
		return;
	}
	err(L, MR_D_FIELD_TYPE,
	    "%s: \"%s%s\" must be a boolean (or \"true\"/\"false\")", L->who,
	    where, key);
}

/* obj's member key when it is an object; NULL when it is absent or null,
 * or (reported) of another type. */
static const json_t *
object_field(struct cl *L, const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_object(v)) {
		err(L, MR_D_FIELD_TYPE, "%s: \"%s\" must be an object", L->who,
		    key);
		return NULL;
	}
	return v;
}

static void
values(struct cl *L, const json_t *obj, const char *key,
       struct mr_change_values *out)
{
	const json_t *v = object_field(L, obj, key);
	char where[32];

	memset(out, 0, sizeof(*out));
	if (v == NULL)
		return;
	snprintf(where, sizeof(where), "%s.", key);
	out->present = true;
	opt_bool(L, v, "expressRoute", where, &out->has_express_route,
	         &out->express_route);
	opt_bool(L, v, "required", where, &out->has_required, &out->required);
	out->service_area = opt_str(L, v, "serviceArea", where);
	out->category = opt_str(L, v, "category", where);
	out->tcp_ports = opt_str(L, v, "tcpPorts", where);
	out->udp_ports = opt_str(L, v, "udpPorts", where);
	out->notes = opt_str(L, v, "notes", where);
}

static const char *const *
strings(struct cl *L, const json_t *obj, const char *key, const char *where,
        size_t *n)
{
	const json_t *v = json_object_get(obj, key);
	const char **out;
	size_t i, k;

	*n = 0;
	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		err(L, MR_D_FIELD_TYPE, "%s: \"%s.%s\" must be an array",
		    L->who, where, key);
		return NULL;
	}
	k = json_array_size(v);
	if ((out = mri_arena_calloc(L->a, k ? k : 1, sizeof(*out))) == NULL) {
		L->oom = true;
		return NULL;
	}
	for (i = 0; i < k; i++) {
		const json_t *e = json_array_get(v, i);
		if (!json_is_string(e)) {
			err(L, MR_D_FIELD_TYPE,
			    "%s: \"%s.%s\" element %zu must be a string",
			    L->who, where, key, i);
			return NULL;
		}
		out[i] = sdup(L, e);
	}
	*n = k;
	return out;
}

static void
items(struct cl *L, const json_t *obj, const char *key,
      struct mr_change_items *out)
{
	const json_t *v = object_field(L, obj, key);

	memset(out, 0, sizeof(*out));
	if (v == NULL)
		return;
	out->present = true;
	out->effective_date = opt_str(L, v, "effectiveDate", "add.");
	out->ips = strings(L, v, "ips", key, &out->n_ips);
	out->urls = strings(L, v, "urls", key, &out->n_urls);
}

static void
record(struct cl *L, struct mr_change *c, const json_t *r, size_t i)
{
	const json_t *v;

	if (!json_is_object(r)) {
		err(L, MR_D_FEED_SHAPE,
		    "element %zu of the /changes response is not an object", i);
		return;
	}
	if (json_object_get(r, "serviceArea") != NULL &&
	    json_object_get(r, "endpointSetId") == NULL) {
		err(L, MR_D_FEED_SHAPE,
		    "this is an /endpoints feed, not a /changes response: "
		    "element %zu is an endpoint set",
		    i);
		mri_diag_stop(L->d);
		return;
	}
	v = json_object_get(r, "id");
	if (json_is_integer(v))
		snprintf(L->who, sizeof(L->who), "change %lld",
		         (long long)json_integer_value(v));
	else
		snprintf(L->who, sizeof(L->who), "change at index %zu", i);
	if (v == NULL)
		err(L, MR_D_FIELD_MISSING, "%s: required key \"id\" is missing",
		    L->who);
	else if (!json_is_integer(v))
		err(L, MR_D_FIELD_TYPE, "%s: \"id\" must be an integer",
		    L->who);
	else
		c->id = json_integer_value(v);
	v = json_object_get(r, "endpointSetId");
	if (v == NULL)
		err(L, MR_D_FIELD_MISSING,
		    "%s: required key \"endpointSetId\" is missing", L->who);
	else if (!json_is_integer(v))
		err(L, MR_D_FIELD_TYPE,
		    "%s: \"endpointSetId\" must be an integer", L->who);
	else if (json_integer_value(v) < 1 ||
	         json_integer_value(v) > (json_int_t)UINT32_MAX)
		err(L, MR_D_SET_ID_INVALID,
		    "%s: \"endpointSetId\" must be an integer from 1 to "
		    "4294967295, not %lld",
		    L->who, (long long)json_integer_value(v));
	else
		c->endpoint_set_id = json_integer_value(v);
	if (json_object_get(r, "disposition") == NULL)
		err(L, MR_D_FIELD_MISSING,
		    "%s: required key \"disposition\" is missing", L->who);
	c->disposition = opt_str(L, r, "disposition", "");
	if (json_object_get(r, "version") == NULL)
		err(L, MR_D_FIELD_MISSING,
		    "%s: required key \"version\" is missing", L->who);
	c->version = opt_str(L, r, "version", "");
	if (c->version != NULL && !mr_feed_version_valid(c->version))
		err(L, MR_D_FIELD_TYPE,
		    "%s: \"version\" must be 10 digits (YYYYMMDDNN)", L->who);
	c->impact = opt_str(L, r, "impact", "");
	c->description = opt_str(L, r, "changeDescription", "");
	values(L, r, "previous", &c->previous);
	values(L, r, "current", &c->current);
	items(L, r, "add", &c->add);
	items(L, r, "remove", &c->remove);
}

/* A load that failed: out of memory, or errors in the text (MR_EPARSE). */
static int
failed(const struct cl *L)
{
	if (L->oom || mri_diag_load_oom(L->d))
		return mri_error_set(MR_ENOMEM, "out of memory");
	return mri_diag_failed(L->d, "'%s': the /changes response",
	                       mr_diags_source_name(L->d, L->src));
}

int
mr_changes_load_buffer(struct mr_changes **out, const char *name,
                       const char *text, size_t len, struct mr_diags *d)
{
	struct mr_changes *c = NULL;
	struct mr_jspan js = {NULL, 0};
	struct mr_arena *a = NULL;
	json_error_t jerr;
	json_t *root;
	struct cl L;
	uint32_t node = MR_JSPAN_NONE;
	size_t i, n;

	if (out != NULL)
		*out = NULL;
	if (out == NULL || d == NULL || (text == NULL && len > 0))
		return mri_error_set(MR_EINVAL, "mr_changes_load_buffer: "
		                                "invalid argument");
	if (len > MAX_TEXT)
		return mri_error_set(MR_EINVAL,
		                     "a /changes response of %zu "
		                     "bytes is too large",
		                     len);
	memset(&L, 0, sizeof(L));
	L.d = d;
	if ((L.src = mr_diags_add_source(d, name ? name : "<changes>",
	                                 text ? text : "", len)) == 0)
		return mri_error_set(MR_ENOMEM, "out of memory");
	L.at.src = L.src;
	L.at.end = (uint32_t)len;
	mri_diag_begin(d, true);
	root = json_loadb(text ? text : "", len,
	                  JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		size_t pos = jerr.position > 0 ? (size_t)jerr.position : 0;
		L.at.start = (uint32_t)(pos > 0 && pos <= len ? pos - 1 : 0);
		L.at.end = L.at.start + (pos > 0 && pos <= len);
		err(&L, MR_D_JSON_SYNTAX, "invalid JSON: %s", jerr.text);
		mri_diags_set_unreadable(d, L.src);
		return failed(&L);
	}
	if (!json_is_array(root)) {
		err(&L, MR_D_FEED_SHAPE,
		    "the /changes response is not an array of change records");
		json_decref(root);
		return failed(&L);
	}
	if (mri_jspan_build(&js, text, len) == MR_OK)
		node = mri_jspan_first(&js, 0);
	n = json_array_size(root);
	if (mri_arena_create(&a) != MR_OK ||
	    (c = mri_arena_alloc(a, sizeof(*c))) == NULL ||
	    (c->v = mri_arena_calloc(a, n ? n : 1, sizeof(*c->v))) == NULL) {
		L.oom = true;
	} else {
		c->a = a;
		c->n = n;
		L.a = a;
		for (i = 0; i < n && !L.oom && !mri_diag_stopped(d); i++) {
			L.at.start = 0;
			L.at.end = (uint32_t)len;
			if (node < js.n) {
				L.at.start = js.v[node].start;
				L.at.end = js.v[node].end;
			}
			c->v[i].at = L.at;
			record(&L, &c->v[i], json_array_get(root, i), i);
			node = mri_jspan_next(&js, 0, node);
		}
	}
	json_decref(root);
	mri_jspan_free(&js);
	if (L.oom || mri_diag_load_oom(d) || mri_diag_load_errors(d) > 0) {
		mri_arena_destroy(a);
		return failed(&L);
	}
	*out = c;
	return MR_OK;
}

static int
load_buffer(void *out, const char *name, const char *text, size_t len,
            struct mr_diags *d)
{
	return mr_changes_load_buffer(out, name, text, len, d);
}

int
mr_changes_load_file(struct mr_changes **out, const char *path,
                     struct mr_diags *d)
{
	static const struct mri_loader l = {"mr_changes_load_file",
	                                    "a /changes response", MAX_TEXT,
	                                    load_buffer};

	if (out != NULL)
		*out = NULL;
	return mri_load_file(out, path, d, &l);
}

void
mr_changes_free(struct mr_changes *c)
{
	if (c != NULL)
		mri_arena_destroy(c->a);
}

size_t
mr_changes_count(const struct mr_changes *c)
{
	return c != NULL ? c->n : 0;
}

const struct mr_change *
mr_changes_get(const struct mr_changes *c, size_t i)
{
	return c != NULL && i < c->n ? &c->v[i] : NULL;
}

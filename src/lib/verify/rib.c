/*
 * rib.c - a router's exported routing table, whatever its format: format
 * detection, gzip, the route and error lists every parser fills.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "buf.h"
#include "error.h"
#include "m365route/common.h"
#include "rib_int.h"

/* Decompressed input above this is refused (a gzip bomb). */
#define RIB_MAX_INFLATED ((size_t)2 << 30)
#define RIB_MAX_FILE     ((size_t)1 << 30)

static struct rib_priv *
priv(struct mr_rib *rib)
{
	return rib->priv;
}

void *
rib_alloc(struct mr_rib *rib, size_t n)
{
	void *p = mri_arena_alloc(priv(rib)->arena, n ? n : 1);
	if (p == NULL)
		priv(rib)->oom = true;
	return p;
}

const char *
rib_strndup(struct mr_rib *rib, const char *s, size_t n)
{
	char *p = mri_arena_strndup(priv(rib)->arena, s, n);
	if (p == NULL) {
		priv(rib)->oom = true;
		return "";
	}
	return p;
}

struct mr_rib_route *
rib_add(struct mr_rib *rib)
{
	struct rib_priv *pv = priv(rib);
	if (rib->n_routes == pv->routes_cap) {
		void *t =
		    mri_vec_grow(rib->routes, &pv->routes_cap,
		                 rib->n_routes + 1, sizeof(*rib->routes), 256);
		if (t == NULL) {
			pv->oom = true;
			return NULL;
		}
		rib->routes = t;
	}
	struct mr_rib_route *r = &rib->routes[rib->n_routes++];
	memset(r, 0, sizeof(*r));
	r->origin = MR_ORIGIN_UNKNOWN;
	r->peer = "";
	return r;
}

void
rib_err(struct mr_rib *rib, size_t offset, size_t line, const char *fmt, ...)
{
	struct rib_priv *pv = priv(rib);
	rib->n_errors_total++;
	if (rib->n_errors >= MR_RIB_MAX_ERRORS)
		return;
	if (rib->n_errors == pv->errors_cap) {
		void *t =
		    mri_vec_grow(rib->errors, &pv->errors_cap,
		                 rib->n_errors + 1, sizeof(*rib->errors), 8);
		if (t == NULL) {
			pv->oom = true;
			return;
		}
		rib->errors = t;
	}
	struct mr_rib_error *e = &rib->errors[rib->n_errors++];
	e->offset = offset;
	e->line = line;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

static const uint8_t *
skip_ws(const uint8_t *p, const uint8_t *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

enum mr_rib_format
mr_rib_detect(const void *data, size_t len)
{
	const uint8_t *p = data, *end = p + len;
	const uint8_t *q = skip_ws(p, end);
	if (q < end && (*q == '{' || *q == '[')) {
		/* GoBGP's keys are prefixes ("13.107.6.152/31"); FRR's never
		 * hold a '/'. */
		const uint8_t *k = skip_ws(q + 1, end);
		if (k < end && *k == '"')
			k++;
		while (k < end && k - q < 64 && *k != '/' && *k != '"')
			k++;
		return k < end && *k == '/' ? MR_RIB_GOBGP_JSON
		                            : MR_RIB_FRR_JSON;
	}
	/* BIRD: "BIRD 2.0.12 ready." or "Table master4:" or a route line. */
	if ((size_t)(end - q) >= 5 &&
	    (memcmp(q, "BIRD ", 5) == 0 || memcmp(q, "Table", 5) == 0))
		return MR_RIB_BIRD;
	/* MRT: a 12-byte header whose type is one we know. */
	if (len >= 12) {
		unsigned type = (unsigned)p[4] << 8 | p[5];
		if (type == 13 || type == 16 || type == 17 || type == 12)
			return MR_RIB_MRT;
	}
	return MR_RIB_AUTO;
}

const char *
mr_rib_format_name(enum mr_rib_format f)
{
	switch (f) {
	case MR_RIB_MRT:
		return "mrt";
	case MR_RIB_FRR_JSON:
		return "frr";
	case MR_RIB_BIRD:
		return "bird";
	case MR_RIB_GOBGP_JSON:
		return "gobgp";
	case MR_RIB_AUTO:
		break;
	}
	return "auto";
}

enum mr_rib_format
mr_rib_format_parse(const char *name)
{
	if (strcasecmp(name, "mrt") == 0)
		return MR_RIB_MRT;
	if (strcasecmp(name, "frr") == 0 || strcasecmp(name, "frr-json") == 0)
		return MR_RIB_FRR_JSON;
	if (strcasecmp(name, "bird") == 0)
		return MR_RIB_BIRD;
	if (strcasecmp(name, "gobgp") == 0)
		return MR_RIB_GOBGP_JSON;
	return MR_RIB_AUTO;
}

/* Inflate gzip (or several concatenated members) into a malloc'd buffer.
 * A corrupt or truncated stream keeps what inflated so far and says so. */
static int
gunzip(struct mr_rib *rib, const uint8_t *in, size_t len, uint8_t **out,
       size_t *outlen)
{
	struct mri_buf b = MRI_BUF_INIT;
	b.max = RIB_MAX_INFLATED;
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 32) != Z_OK)
		return MR_ENOMEM;
	uint8_t chunk[65536];
	size_t pos = 0;
	int rc = Z_OK;
	while (pos < len) {
		size_t n = len - pos > (1u << 30) ? (1u << 30) : len - pos;
		z.next_in = (Bytef *)(uintptr_t)(in + pos);
		z.avail_in = (uInt)n;
		do {
			z.next_out = chunk;
			z.avail_out = sizeof(chunk);
			rc = inflate(&z, Z_NO_FLUSH);
			mri_buf_put(&b, chunk, sizeof(chunk) - z.avail_out);
		} while (rc == Z_OK && z.avail_out == 0 && !b.oom);
		pos += n - z.avail_in;
		if (b.oom || (rc != Z_OK && rc != Z_STREAM_END))
			break;
		if (rc == Z_STREAM_END) {
			if (pos < len && in[pos] == 0x1f)
				inflateReset(&z); /* another member */
			else
				break;
		}
		if (rc == Z_OK && z.avail_in == 0 && pos >= len)
			break;
	}
	size_t at = (size_t)z.total_in;
	inflateEnd(&z);
	if (b.oom && b.n >= RIB_MAX_INFLATED - sizeof(chunk)) {
		rib_err(rib, 0, 0,
		        "gzip: more than %zu bytes inflated; refused",
		        RIB_MAX_INFLATED);
	} else if (b.oom) {
		mri_buf_free(&b);
		return MR_ENOMEM;
	} else if (rc != Z_STREAM_END) {
		rib_err(rib, pos, 0,
		        "gzip: %s at compressed byte %zu; the rest is not read",
		        rc == Z_OK || rc == Z_BUF_ERROR ? "truncated stream"
		                                        : "corrupt stream",
		        at);
	}
	*out = (uint8_t *)b.p;
	*outlen = b.n;
	return MR_OK;
}

int
mr_rib_parse(const void *data, size_t len, enum mr_rib_format fmt,
             struct mr_rib **out)
{
	*out = NULL;
	struct mr_rib *rib = calloc(1, sizeof(*rib));
	struct rib_priv *pv = calloc(1, sizeof(*pv));
	if (rib == NULL || pv == NULL ||
	    mri_arena_create(&pv->arena) != MR_OK) {
		free(rib);
		free(pv);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	rib->priv = pv;
	const uint8_t *p = data;
	uint8_t *inflated = NULL;
	if (len >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
		size_t n = 0;
		int rc = gunzip(rib, p, len, &inflated, &n);
		if (rc != MR_OK) {
			mr_rib_free(rib);
			return mri_error_set(rc, "out of memory");
		}
		rib->gzip = true;
		p = inflated;
		len = n;
	}
	if (fmt == MR_RIB_AUTO)
		fmt = mr_rib_detect(p, len);
	if (fmt == MR_RIB_AUTO) {
		free(inflated);
		mr_rib_free(rib);
		return mri_error_set(MR_EPARSE,
		                     "not a routing table this reads (MRT, FRR "
		                     "or GoBGP JSON, BIRD's show route all)");
	}
	rib->format = fmt;
	switch (fmt) {
	case MR_RIB_MRT:
		rib_parse_mrt(rib, p ? p : (const uint8_t *)"", len);
		break;
	case MR_RIB_FRR_JSON:
		rib->best_known = true;
		rib_parse_frr(rib, p ? (const char *)p : "", len);
		break;
	case MR_RIB_BIRD:
		rib->best_known = true;
		rib_parse_bird(rib, p ? (const char *)p : "", len);
		break;
	case MR_RIB_GOBGP_JSON:
		rib->best_known = true;
		rib_parse_gobgp(rib, p ? (const char *)p : "", len);
		break;
	case MR_RIB_AUTO:
		break;
	}
	free(inflated);
	if (pv->oom) {
		mr_rib_free(rib);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	*out = rib;
	return MR_OK;
}

int
mr_rib_load(const char *path, enum mr_rib_format fmt, struct mr_rib **out)
{
	char *buf = NULL;
	size_t len = 0;
	*out = NULL;
	int rc =
	    mr_read_file(path, RIB_MAX_FILE, "a routing table", &buf, &len);
	if (rc != MR_OK)
		return rc;
	rc = mr_rib_parse(buf, len, fmt, out);
	free(buf);
	return rc;
}

void
mr_rib_free(struct mr_rib *rib)
{
	if (rib == NULL)
		return;
	struct rib_priv *pv = rib->priv;
	if (pv != NULL)
		mri_arena_destroy(pv->arena);
	free(pv);
	free(rib->routes);
	free(rib->errors);
	free(rib);
}

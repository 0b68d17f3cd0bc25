/*
 * rib.c - a router's exported routing table, whatever its format: format
 * detection, gzip, the route and error lists every parser fills, the
 * filter that decides which routes are stored, and the input stream the
 * MRT reader takes its records from (struct rib_in: a memory buffer, or a
 * file read in 1 MiB blocks, inflated as it is read when gzip).
 *
 * Memory of a streamed MRT file: the block buffer (1 MiB, more only for a
 * record larger than that), 256 KiB of compressed input and zlib's
 * window, plus the routes kept. The gzip error of a stream is reported
 * first, as mr_rib_parse() (which inflates before it parses) reports it.
 */
#include <errno.h>
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
#include "source.h"
#include "text.h"

/* Decompressed input above this is refused (a gzip bomb). */
#define RIB_MAX_INFLATED ((size_t)2 << 30)
#define RIB_MAX_FILE     ((size_t)1 << 30)
#define RIB_BLOCK        ((size_t)1 << 20)
#define RIB_ZBLOCK       ((size_t)256 << 10)

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

bool
rib_keep(struct mr_rib *rib, const struct mr_rib_route *r)
{
	const struct mr_rib_filter *f = priv(rib)->filter;
	rib->n_read[r->prefix.addr.family == MR_AF_INET6]++;
	return f == NULL || f->keep == NULL || f->keep(f->ctx, rib, r);
}

struct mr_rib_route *
rib_add_at(struct mr_rib *rib, const struct mr_prefix *pfx, size_t offset)
{
	struct mr_rib_route *r = rib_add(rib);

	if (r != NULL) {
		r->prefix = *pfx;
		r->offset = offset;
	}
	return r;
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

/* An error reported before all others (a stream's gzip error). */
static void
rib_err_first(struct mr_rib *rib, size_t offset, const char *msg)
{
	size_t n = rib->n_errors;
	rib_err(rib, offset, 0, "%s", msg);
	if (rib->n_errors == 0)
		return;
	struct mr_rib_error e = rib->errors[rib->n_errors - 1];
	if (rib->n_errors == n) /* full: the last stored one gives way */
		n--;
	memmove(rib->errors + 1, rib->errors, n * sizeof(*rib->errors));
	rib->errors[0] = e;
}

void
rib_in_mem(struct rib_in *in, const uint8_t *p, size_t len)
{
	memset(in, 0, sizeof(*in));
	in->buf = p;
	in->hi = len;
	in->eof = true;
}

size_t
rib_in_offset(const struct rib_in *in)
{
	return in->off;
}

void
rib_in_skip(struct rib_in *in, size_t n)
{
	in->lo += n;
	in->off += n;
}

/* Set the stream's gzip error (the first one only). */
static void in_zerr(struct rib_in *in, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
in_zerr(struct rib_in *in, size_t off, const char *fmt, ...)
{
	if (in->zerr[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(in->zerr, sizeof(in->zerr), fmt, ap);
	va_end(ap);
	in->zerr_off = off;
}

/* Read compressed bytes when all are used; false at the end. */
static bool
in_zread(struct rib_in *in)
{
	if (in->zlo < in->zn)
		return true;
	in->zlo = 0;
	in->zn = fread(in->zbuf, 1, RIB_ZBLOCK, in->f);
	return in->zn > 0;
}

/* Inflate into mem[hi, cap) until something came out or the end (as
 * mr_rib_parse()'s gunzip: concatenated members; after the last, bytes
 * that do not start another are ignored). */
static void
in_inflate(struct rib_in *in)
{
	z_stream *z = in->z;
	while (!in->eof) {
		if (!in_zread(in)) {
			/* the compressed input ends inside a member */
			in_zerr(in, in->zpos,
			        "gzip: truncated stream at compressed byte "
			        "%zu; the rest is not read",
			        (size_t)z->total_in);
			in->eof = true;
			return;
		}
		size_t room = in->cap - in->hi;
		if (in->inflated + room > RIB_MAX_INFLATED)
			room = RIB_MAX_INFLATED - in->inflated;
		if (room == 0) {
			in_zerr(in, 0,
			        "gzip: more than %zu bytes inflated; refused",
			        RIB_MAX_INFLATED);
			in->eof = true;
			return;
		}
		z->next_in = in->zbuf + in->zlo;
		z->avail_in = (uInt)(in->zn - in->zlo);
		z->next_out = in->mem + in->hi;
		z->avail_out = (uInt)room;
		int rc = inflate(z, Z_NO_FLUSH);
		size_t used = in->zn - in->zlo - z->avail_in;
		size_t made = room - z->avail_out;
		in->zlo += used;
		in->zpos += used;
		in->hi += made;
		in->inflated += made;
		if (rc == Z_STREAM_END) {
			if (in_zread(in) && in->zbuf[in->zlo] == 0x1f)
				inflateReset(z); /* another member */
			else
				in->eof = true;
		} else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			in_zerr(in, in->zpos,
			        "gzip: corrupt stream at compressed byte %zu; "
			        "the rest is not read",
			        (size_t)z->total_in);
			in->eof = true;
		}
		if (made > 0)
			return;
	}
}

size_t
rib_in_peek(struct rib_in *in, size_t n, const uint8_t **p)
{
	while (in->hi - in->lo < n && !in->eof && !in->oom) {
		if (in->hi == in->cap) {
			if (in->lo > 0) {
				memmove(in->mem, in->mem + in->lo,
				        in->hi - in->lo);
				in->hi -= in->lo;
				in->lo = 0;
			} else {
				size_t c = in->cap * 2;
				uint8_t *t = realloc(in->mem, c);
				if (t == NULL) {
					in->oom = true;
					break;
				}
				in->mem = t;
				in->cap = c;
			}
			in->buf = in->mem;
		}
		if (in->gz) {
			in_inflate(in);
		} else {
			size_t got =
			    fread(in->mem + in->hi, 1, in->cap - in->hi, in->f);
			in->hi += got;
			in->eof = got == 0;
		}
	}
	*p = in->buf + in->lo;
	return in->hi - in->lo < n ? in->hi - in->lo : n;
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

static struct mr_rib *
rib_new(const struct mr_rib_filter *filter)
{
	struct mr_rib *rib = calloc(1, sizeof(*rib));
	struct rib_priv *pv = calloc(1, sizeof(*pv));
	if (rib == NULL || pv == NULL ||
	    mri_arena_create(&pv->arena) != MR_OK) {
		free(rib);
		free(pv);
		return NULL;
	}
	rib->priv = pv;
	pv->filter = filter;
	return rib;
}

/* The text parsers store every route: count and filter them after. */
static void
filter_stored(struct mr_rib *rib)
{
	size_t w = 0;
	for (size_t i = 0; i < rib->n_routes; i++)
		if (rib_keep(rib, &rib->routes[i]))
			rib->routes[w++] = rib->routes[i];
	rib->n_routes = w;
}

static int
parse(const void *data, size_t len, enum mr_rib_format fmt,
      const struct mr_rib_filter *filter, struct mr_rib **out)
{
	*out = NULL;
	struct mr_rib *rib = rib_new(filter);
	if (rib == NULL)
		return mri_error_set(MR_ENOMEM, "out of memory");
	struct rib_priv *pv = rib->priv;
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
		filter_stored(rib);
		break;
	case MR_RIB_BIRD:
		rib->best_known = true;
		rib_parse_bird(rib, p ? (const char *)p : "", len);
		filter_stored(rib);
		break;
	case MR_RIB_GOBGP_JSON:
		rib->best_known = true;
		rib_parse_gobgp(rib, p ? (const char *)p : "", len);
		filter_stored(rib);
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
mr_rib_parse(const void *data, size_t len, enum mr_rib_format fmt,
             struct mr_rib **out)
{
	return parse(data, len, fmt, NULL, out);
}

/* The whole file in memory, then parse(); a text input is kept. */
static int
load_whole(const char *path, enum mr_rib_format fmt,
           const struct mr_rib_filter *filter, struct mr_rib **out)
{
	char *buf = NULL;
	size_t len = 0;
	int rc =
	    mr_read_file(path, RIB_MAX_FILE, "a routing table", &buf, &len);
	if (rc != MR_OK)
		return rc;
	rc = parse(buf, len, fmt, filter, out);
	if (rc == MR_OK && !(*out)->gzip && (*out)->format != MR_RIB_MRT) {
		struct rib_priv *pv = (*out)->priv;
		pv->text = buf;
		(*out)->text = buf;
		(*out)->text_len = len;
		return MR_OK;
	}
	free(buf);
	return rc;
}

/* Read an MRT file as a stream; MR_EPARSE (nothing read) when in is not
 * MRT and the format was not given. */
static int
stream(struct mr_rib *rib, struct rib_in *in, enum mr_rib_format fmt)
{
	const uint8_t *p;
	uint8_t *head = in->zbuf;
	size_t got = fread(head, 1, RIB_ZBLOCK, in->f);
	if (got >= 2 && head[0] == 0x1f && head[1] == 0x8b) {
		z_stream *z = calloc(1, sizeof(*z));
		if (z == NULL || inflateInit2(z, 15 + 32) != Z_OK) {
			free(z);
			return MR_ENOMEM;
		}
		in->z = z;
		in->gz = true;
		in->zn = got;
	} else {
		memcpy(in->mem, head, got);
		in->hi = got;
		in->eof = got == 0;
	}
	rib->gzip = in->gz;
	size_t n = rib_in_peek(in, 4096, &p);
	if (fmt == MR_RIB_AUTO && mr_rib_detect(p, n) != MR_RIB_MRT)
		return MR_EPARSE;
	rib->format = MR_RIB_MRT;
	rib_stream_mrt(rib, in);
	if (in->zerr[0])
		rib_err_first(rib, in->zerr_off, in->zerr);
	return in->oom ? MR_ENOMEM : MR_OK;
}

int
mr_rib_load_filtered(const char *path, enum mr_rib_format fmt,
                     const struct mr_rib_filter *filter, struct mr_rib **out)
{
	*out = NULL;
	if (strcmp(path, "-") == 0 || (fmt != MR_RIB_AUTO && fmt != MR_RIB_MRT))
		return load_whole(path, fmt, filter, out);
	FILE *f = NULL;
	int rc = mri_open_read(path, &f);
	if (rc != MR_OK)
		return rc;
	struct mr_rib *rib = rib_new(filter);
	struct rib_in in;
	memset(&in, 0, sizeof(in));
	in.f = f;
	in.cap = RIB_BLOCK;
	in.mem = malloc(in.cap);
	in.zbuf = malloc(RIB_ZBLOCK);
	in.buf = in.mem;
	in.rib = rib;
	if (rib == NULL || in.mem == NULL || in.zbuf == NULL)
		rc = MR_ENOMEM;
	else
		rc = stream(rib, &in, fmt);
	int ioerr = ferror(f) ? (errno != 0 ? errno : EIO) : 0;
	fclose(f);
	if (in.z != NULL)
		inflateEnd(in.z);
	free(in.z);
	free(in.mem);
	free(in.zbuf);
	if (rc == MR_OK && ioerr == 0 && !priv(rib)->oom) {
		*out = rib;
		return MR_OK;
	}
	mr_rib_free(rib);
	if (rc == MR_EPARSE) /* not MRT: what mr_rib_load() does */
		return load_whole(path, fmt, filter, out);
	if (ioerr != 0) {
		char q[256];
		mri_esc_text(q, sizeof(q), path, strlen(path), SIZE_MAX,
		             MRI_ESC_SQ | MRI_ESC_UTF8);
		return mri_error_set(MR_EIO, "cannot read '%s': %s", q,
		                     strerror(ioerr));
	}
	return mri_error_set(MR_ENOMEM, "out of memory");
}

int
mr_rib_load(const char *path, enum mr_rib_format fmt, struct mr_rib **out)
{
	*out = NULL;
	return load_whole(path, fmt, NULL, out);
}

void
mr_rib_free(struct mr_rib *rib)
{
	if (rib == NULL)
		return;
	struct rib_priv *pv = rib->priv;
	if (pv != NULL)
		mri_arena_destroy(pv->arena);
	if (pv != NULL)
		free(pv->text);
	free(pv);
	free(rib->routes);
	free(rib->errors);
	free(rib);
}

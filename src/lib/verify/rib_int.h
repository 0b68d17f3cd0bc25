/*
 * rib_int.h - the verify room's shared parts: the route list under
 * construction and the error list (rib.c), one parser per format
 * (rib_mrt.c, rib_frr.c, rib_bird.c, rib_gobgp.c).
 */
#ifndef MR_RIB_INT_H
#define MR_RIB_INT_H

#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "m365route/rib.h"

struct rib_priv {
	struct mr_arena *arena;
	size_t routes_cap;
	size_t errors_cap;
	bool oom;
	const struct mr_rib_filter *filter; /* NULL: keep every route */
	char *text;                         /* rib->text, owned */
};

/* A byte stream being read (rib.c): a memory buffer, or a file read in
 * large blocks and inflated as it is read when gzip-compressed. The
 * bytes not yet consumed are buf[lo, hi), at input offset off. */
struct rib_in {
	const uint8_t *buf;
	size_t lo, hi, off;
	/* a file (f != NULL); its buffer is mem, cap bytes */
	FILE *f;
	uint8_t *mem;
	size_t cap;
	bool eof;
	bool oom;
	/* gzip: the compressed bytes read (zbuf, zn of them, zlo used) */
	bool gz;
	void *z; /* z_stream */
	uint8_t *zbuf;
	size_t zlo, zn, zpos;
	size_t inflated;
	int zrc;
	struct mr_rib *rib;
	char zerr[160]; /* the gzip error, reported first (as mr_rib_parse) */
	size_t zerr_off;
};

/** A stream over len bytes at p. */
void rib_in_mem(struct rib_in *in, const uint8_t *p, size_t len);

/** Make the next n bytes of in readable at *p; returns how many there
 * are (fewer than n only at the end of the input). *p stays valid until
 * the next rib_in_peek(). */
size_t rib_in_peek(struct rib_in *in, size_t n, const uint8_t **p);
/** Consume n bytes (at most what the last peek returned). */
void rib_in_skip(struct rib_in *in, size_t n);
/** The offset in the (inflated) input of the next byte. */
size_t rib_in_offset(const struct rib_in *in);

/** Whether to store route r: counts it in rib->n_read and asks the
 * filter. */
bool rib_keep(struct mr_rib *rib, const struct mr_rib_route *r);

/** A new zeroed route at the end of rib->routes; NULL when out of memory
 * (then the rib's oom flag is set). */
struct mr_rib_route *rib_add(struct mr_rib *rib);
/** rib_add() with the prefix and the input offset it was read at. */
struct mr_rib_route *rib_add_at(struct mr_rib *rib, const struct mr_prefix *pfx,
                                size_t offset);
/** Record an error at offset (line 0) or at a line. */
void rib_err(struct mr_rib *rib, size_t offset, size_t line, const char *fmt,
             ...) __attribute__((format(printf, 4, 5)));
void *rib_alloc(struct mr_rib *rib, size_t n);
const char *rib_strndup(struct mr_rib *rib, const char *s, size_t n);

/* A JSON text, for the offsets of its object keys (rib_frr.c). */
struct rib_json_text {
	const char *p;
	size_t len;
	size_t at;
};
size_t rib_json_key_offset(struct rib_json_text *t, const char *key);
/* JSON text parsed (jansson, duplicate keys refused), or NULL with the
 * syntax error recorded at its offset and line, "WHAT: ..." (rib_frr.c). */
struct json_t;
struct json_t *rib_json_load(struct mr_rib *rib, const char *p, size_t len,
                             const char *what);

void rib_parse_mrt(struct mr_rib *rib, const uint8_t *p, size_t len);
void rib_stream_mrt(struct mr_rib *rib, struct rib_in *in);
void rib_parse_frr(struct mr_rib *rib, const char *p, size_t len);
void rib_parse_bird(struct mr_rib *rib, const char *p, size_t len);
void rib_parse_gobgp(struct mr_rib *rib, const char *p, size_t len);

#endif

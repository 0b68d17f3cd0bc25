/*
 * rib_int.h - the verify room's shared parts: the route list under
 * construction and the error list (rib.c), one parser per format
 * (rib_mrt.c, rib_frr.c, rib_bird.c, rib_gobgp.c).
 */
#ifndef MR_RIB_INT_H
#define MR_RIB_INT_H

#include "arena.h"
#include "m365route/rib.h"

struct rib_priv {
	struct mr_arena *arena;
	size_t routes_cap;
	size_t errors_cap;
	bool oom;
};

/** A new zeroed route at the end of rib->routes; NULL when out of memory
 * (then the rib's oom flag is set). */
struct mr_rib_route *rib_add(struct mr_rib *rib);
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
void rib_parse_frr(struct mr_rib *rib, const char *p, size_t len);
void rib_parse_bird(struct mr_rib *rib, const char *p, size_t len);
void rib_parse_gobgp(struct mr_rib *rib, const char *p, size_t len);

#endif

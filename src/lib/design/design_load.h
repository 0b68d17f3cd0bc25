/*
 * design_load.h - what the files of the design loader share: the loader's
 * state, the schema's shapes (struct field, struct schema, struct list_of),
 * the node helpers, the value decoders (design_decode.c) the schema tables
 * name, the schema walker (design_schema.c) and reference resolution
 * (design_resolve.c). Private to the design room; the YAML tree itself is
 * in design_int.h.
 */
#ifndef MR_DESIGN_LOAD_H
#define MR_DESIGN_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "design_int.h"
#include "m365route/design.h"

#define MAX_DESIGN MR_DESIGN_MAX /* bytes */
#define MAX_VISITS 1000000u      /* nodes visited, aliases counted */
#define MAX_TEXT   256           /* bytes of free text */
#define MAX_NAME   64
#define MAX_ITEMS  65536u   /* in one list */
#define MAX_MBPS   1000000u /* 1 Tbps */
#define SHOW       48
#define QBUF       (4 * SHOW + 8)
#define NOOFF      ((size_t)-1)
#define F_REQUIRED 1u

struct box {
	struct mr_design d; /* first: mr_design_free() casts back */
	struct mr_arena *a;
};

struct nameent {
	const char *name;
	uint32_t idx;
	uint32_t at; /* offset where it was defined */
	bool er;     /* circuits: an ExpressRoute one */
};

struct names {
	struct nameent *v; /* name NULL: empty slot */
	size_t mask;
};

struct loader {
	struct dreport r;
	struct ytree t;
	struct mr_arena *a; /* the design's */
	struct mr_design *dsg;
	size_t visits;
	uint32_t item;  /* index of the list item being decoded */
	bool *er_given; /* per site: expressroute_routes written */
	bool *li_given; /* per site: local_internet written */
	struct names sites, proxies, circuits, inbound, pacs;
};

struct field;
typedef void (*decode_fn)(struct loader *L, const struct field *f,
                          const struct ynode *v, void *obj);

struct field {
	const char *key;
	decode_fn dec;
	unsigned flags;
	size_t off, off2;
	double min, max;
	const void *aux;
};

struct schema {
	const char *what; /* "a site", for messages */
	const struct field *f;
	size_t n;
	size_t at_off; /* the struct mr_span of the element, or NOOFF */
	void (*init)(void *obj);
	void (*check)(struct loader *L, void *obj, const struct ynode *map);
};

struct list_of {
	const struct schema *item;
	size_t size;         /* of one item */
	size_t n_off, v_off; /* size_t count and pointer in the parent */
};

struct enumval {
	const char *name;
	int value;
};

/* The model is const to its users; the loader fills it in. */
#define MUT(T, p)       ((T *)(uintptr_t)(p))
#define AT(obj, off, T) ((T *)(void *)((char *)(obj) + (off)))

/* Nodes (design_decode.c). */
const struct ynode *mri_design_node(struct loader *L, uint32_t idx);
bool mri_design_is_null(const struct ynode *v);
const char *mri_design_kind_name(const struct ynode *v);
struct mr_span mri_design_span(const struct loader *L, const struct ynode *v);
const char *mri_design_q(char buf[QBUF], const struct ynode *v);
void mri_design_where(struct loader *L, uint32_t off, char *buf, size_t size);

/*
 * Value decoders (design_decode.c), named by the schema tables: each
 * decodes node v for field f into obj, reporting what is wrong.
 */
void mri_dec_text(struct loader *L, const struct field *f,
                  const struct ynode *v, void *obj);
void mri_dec_name(struct loader *L, const struct field *f,
                  const struct ynode *v, void *obj);
void mri_dec_tenant(struct loader *L, const struct field *f,
                    const struct ynode *v, void *obj);
void mri_dec_ref(struct loader *L, const struct field *f, const struct ynode *v,
                 void *obj);
void mri_dec_refs(struct loader *L, const struct field *f,
                  const struct ynode *v, void *obj);
void mri_dec_pac_proxy(struct loader *L, const struct field *f,
                       const struct ynode *v, void *obj);
void mri_dec_bool(struct loader *L, const struct field *f,
                  const struct ynode *v, void *obj);
void mri_dec_u32(struct loader *L, const struct field *f, const struct ynode *v,
                 void *obj);
void mri_dec_u16(struct loader *L, const struct field *f, const struct ynode *v,
                 void *obj);
void mri_dec_double(struct loader *L, const struct field *f,
                    const struct ynode *v, void *obj);
void mri_dec_asn(struct loader *L, const struct field *f, const struct ynode *v,
                 void *obj);
void mri_dec_org_asns(struct loader *L, const struct field *f,
                      const struct ynode *v, void *obj);
void mri_dec_prepend(struct loader *L, const struct field *f,
                     const struct ynode *v, void *obj);
void mri_dec_bw(struct loader *L, const struct field *f, const struct ynode *v,
                void *obj);
void mri_dec_enum(struct loader *L, const struct field *f,
                  const struct ynode *v, void *obj);
void mri_dec_continent(struct loader *L, const struct field *f,
                       const struct ynode *v, void *obj);
void mri_dec_prefix(struct loader *L, const struct field *f,
                    const struct ynode *v, void *obj);
void mri_dec_addr(struct loader *L, const struct field *f,
                  const struct ynode *v, void *obj);
void mri_dec_prefixes(struct loader *L, const struct field *f,
                      const struct ynode *v, void *obj);
void mri_dec_addrs(struct loader *L, const struct field *f,
                   const struct ynode *v, void *obj);
void mri_dec_listen(struct loader *L, const struct field *f,
                    const struct ynode *v, void *obj);
void mri_dec_sub(struct loader *L, const struct field *f, const struct ynode *v,
                 void *obj);
void mri_dec_list(struct loader *L, const struct field *f,
                  const struct ynode *v, void *obj);
void mri_dec_between(struct loader *L, const struct field *f,
                     const struct ynode *v, void *obj);
void mri_dec_route_filter(struct loader *L, const struct field *f,
                          const struct ynode *v, void *obj);
void mri_dec_service_key(struct loader *L, const struct field *f,
                         const struct ynode *v, void *obj);
void mri_dec_host(struct loader *L, const struct field *f,
                  const struct ynode *v, void *obj);
void mri_dec_site_er(struct loader *L, const struct field *f,
                     const struct ynode *v, void *obj);
void mri_dec_site_li(struct loader *L, const struct field *f,
                     const struct ynode *v, void *obj);

/* The schema (design_schema.c): the design's top mapping. */
extern const struct schema mri_design_top_schema;

/* Decode mapping map into obj by schema s (design_schema.c). */
void mri_design_walk(struct loader *L, const struct schema *s,
                     const struct ynode *map, void *obj);

/*
 * After the walk (design_resolve.c): index the names, report duplicates
 * and dangling references, resolve references to indexes (MR_OK, or
 * MR_ENOMEM); then fill in the computed defaults.
 */
int mri_design_link(struct loader *L);
void mri_design_fill_defaults(struct loader *L);

#endif

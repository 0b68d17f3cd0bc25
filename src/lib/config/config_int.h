/*
 * config_int.h - the router representation every emitter reads
 * (docs/config.md): what each router's configuration says, already
 * decided, in format-neutral terms. config.c builds it from the resolved
 * network (struct mr_net) and the design only; an emitter (cfg_frr.c,
 * cfg_nft.c, cfg_bird.c, ...) only spells it, never decides anything.
 *
 * Every element carries the design line it comes from (`line`, 1-based;
 * 0 when unknown) so that each emitted block can name "FILE:LINE". Every
 * string in here has passed mri_cfg_ident_ok() (names) or is a constant
 * of this room, so an emitter may print it as is.
 */
#ifndef MR_CONFIG_INT_H
#define MR_CONFIG_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "m365route/config.h"
#include "m365route/prefix.h"

/* Microsoft's side of every Microsoft peering session. */
#define MRI_CFG_MS_ASN 12076
/* BFD on the ExpressRoute links: Microsoft's MSEEs run 300 ms x 3
 * ("Configure BFD over ExpressRoute"). */
#define MRI_CFG_BFD_MS   300
#define MRI_CFG_BFD_MULT 3
/* The maximum-prefix rule: MRI_CFG_MAXPFX_FACTOR x the catalog's
 * ExpressRoute prefixes of the family the route filter admits, at least
 * MRI_CFG_MAXPFX_MIN; the warning at MRI_CFG_MAXPFX_WARN percent. */
#define MRI_CFG_MAXPFX_FACTOR 2
#define MRI_CFG_MAXPFX_MIN    50
#define MRI_CFG_MAXPFX_WARN   80
/* The longest name a router identifier may have in the output. */
#define MRI_CFG_NAME_MAX 64

enum mri_cfg_kind {
	MRI_CFG_ER = 0,  /* terminates an ExpressRoute circuit's Microsoft
	                    peering: both links */
	MRI_CFG_INET = 1 /* an Internet circuit's edge */
};

/* A prefix with the design line it comes from. */
struct mri_cfg_pfx {
	struct mr_prefix p;
	uint32_t line;
};

/* One link of a circuit (primary or secondary): a VLAN sub-interface of
 * its own port, the /30 (/126) of the link, the customer's address (the
 * first usable) and Microsoft's (the second). */
struct mri_cfg_link {
	const char *role; /* "primary", "secondary" */
	const char *port; /* the physical port: "eth0", "eth1" */
	uint16_t vlan;    /* 802.1Q tag; 0: untagged */
	uint32_t vlan_line;
	bool has4, has6;
	struct mr_prefix net4, net6; /* the /30, the /126 */
	struct mr_addr cust4, ms4, cust6, ms6;
	uint32_t line4, line6;
};

/* A community a route must carry to be imported: 12076:value. */
struct mri_cfg_comm {
	uint16_t asn, value;
	const char *name; /* "exchange", ... (the community table's) */
	uint32_t line;
};

struct mri_cfg_router {
	enum mri_cfg_kind kind;
	const char *name; /* the circuit's name: the router's */
	uint32_t circuit; /* index into the design's er or inet */
	uint32_t line;    /* the circuit's */
	const char *site; /* where it lands */
	uint32_t site_line;
	uint32_t asn; /* the customer's AS on this router */
	uint32_t asn_line;
	uint32_t max_paths; /* MR_NET_MAX_PATHS */

	/* ---- MRI_CFG_ER ---- */
	struct mri_cfg_link link[2]; /* primary, secondary */
	size_t n_links;              /* links with an address */
	bool bfd;
	uint32_t bfd_line;
	/* Microsoft drops the session (more than 200 prefixes of a family
	 * advertised): the model advertises nothing over it. */
	bool session_down;
	/* export: exactly what Microsoft accepts from this circuit */
	size_t n_export;
	struct mri_cfg_pfx *export;
	/* the AS-path prepends towards Microsoft (public ASNs only: Microsoft
	 * strips private ones, so they would change nothing) */
	size_t n_prepend;
	uint32_t *prepend;
	uint32_t prepend_line;
	/* import: only routes carrying one of these */
	size_t n_import;
	struct mri_cfg_comm *import;
	uint32_t import_line;
	uint32_t local_pref;
	uint32_t local_pref_line;
	/* maximum-prefix per family ([0] IPv4, [1] IPv6) and the catalog
	 * counts it is derived from */
	uint32_t max_prefix[2];
	uint32_t catalog_prefixes[2];

	/* ---- source NAT (both kinds) ---- */
	size_t n_nat_src; /* internal sources leaving by this router */
	struct mri_cfg_pfx *nat_src;
	size_t n_pool; /* the circuit's NAT pool */
	struct mri_cfg_pfx *pool;

	/* ---- MRI_CFG_INET ---- */
	size_t n_adv; /* advertised to the Internet */
	struct mri_cfg_pfx *adv;
	/* never to the Internet: everything advertised over, and every NAT
	 * pool of, any ExpressRoute circuit of the design */
	size_t n_deny;
	struct mri_cfg_pfx *deny;
};

struct mr_config {
	const struct mr_net *net;
	const char *source; /* the design's file name, checked */
	size_t n;
	struct mri_cfg_router *r;
	struct mr_arena *a; /* every array above */
};

/* An emitter: router r of c into out. MR_OK; MR_EINVAL (message set)
 * when the format cannot express something r uses; MR_ENOMEM. */
typedef int (*mri_cfg_emit_fn)(const struct mr_config *c,
                               const struct mri_cfg_router *r,
                               struct mri_buf *out);

struct mri_cfg_format {
	const char *name;     /* --format */
	const char *ext;      /* file name suffix */
	mri_cfg_emit_fn emit; /* NULL: not written yet */
};

extern const struct mri_cfg_format mri_cfg_formats[];
extern const size_t mri_cfg_n_formats;

/* The emitters (one file each). */
int mri_cfg_emit_frr(const struct mr_config *c, const struct mri_cfg_router *r,
                     struct mri_buf *out);
int mri_cfg_emit_nft(const struct mr_config *c, const struct mri_cfg_router *r,
                     struct mri_buf *out);
int mri_cfg_emit_bird(const struct mr_config *c, const struct mri_cfg_router *r,
                      struct mri_buf *out);
int mri_cfg_emit_iosxe(const struct mr_config *c,
                       const struct mri_cfg_router *r, struct mri_buf *out);
int mri_cfg_emit_junos(const struct mr_config *c,
                       const struct mri_cfg_router *r, struct mri_buf *out);

/* cfg_text.c, shared by the bird, ios-xe and junos emitters: one comment
 * line "<open>FILE:LINE: text<close>" naming the design line a block
 * comes from (open holds the indent and the comment marker); the last
 * address of p; whether v[0..n) holds a prefix of family fam. */
void mri_cfg_note(struct mri_buf *o, const struct mr_config *c, uint32_t line,
                  const char *open, const char *close, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
struct mr_addr mri_cfg_last(const struct mr_prefix *p);
/* The first lines of every generated file, as comments between open and
 * close: "m365route config: router R, WHAT, DIALECT", "Generated from
 * DESIGN; ...", then tail (a line of the dialect's own; NULL: none), then
 * the design line the router comes from. */
void mri_cfg_banner(struct mri_buf *o, const struct mr_config *c,
                    const struct mri_cfg_router *r, const char *what,
                    const char *open, const char *close, const char *dialect,
                    const char *tail);
/* The address families of an ExpressRoute router's links (fam[0] IPv4,
 * fam[1] IPv6); an error naming format when it has no link addresses. */
int mri_cfg_er_families(const struct mri_cfg_router *r, const char *format,
                        bool fam[2]);
bool mri_cfg_has_fam(const struct mri_cfg_pfx *v, size_t n, uint8_t fam);
/* The representation's port "ethN" spelled vendor + N (dflt when port is
 * not of that form): "GigabitEthernet0/0/" + N, "ge-0/0/" + N. */
void mri_cfg_port(const char *port, unsigned dflt, const char *vendor,
                  char *buf, size_t n);

/* Whether s may reach configuration: 1 to MRI_CFG_NAME_MAX characters of
 * A-Z a-z 0-9 . _ - (the design loader's name rule, checked again here). */
bool mri_cfg_ident_ok(const char *s);

/* The special-purpose prefixes (bogons) every import denies: count and
 * entry i (the table of erfacts.c). */
size_t mri_cfg_bogon_count(void);
const char *mri_cfg_bogon_at(size_t i, struct mr_prefix *out);

/* Helpers of the emitters: a prefix / an address as text (buffers of
 * MR_PREFIX_STRLEN / MR_ADDR_STRLEN). */
const char *mri_cfg_pfx(const struct mr_prefix *p, char *buf);
const char *mri_cfg_addr(const struct mr_addr *a, char *buf);

#endif

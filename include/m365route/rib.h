/*
 * m365route/rib.h - routing tables as routers export them (issue #15):
 * MRT dumps (RFC 6396: TABLE_DUMP_V2 RIB snapshots, BGP4MP and BGP4MP_ET
 * update streams), FRR's JSON (`show bgp ipv4|ipv6 unicast json`,
 * `... neighbors X received-routes|advertised-routes json`), BIRD 2's
 * `show route all` text and GoBGP's JSON (`gobgp global rib -j`,
 * `gobgp neighbor X adj-in|adj-out -j`); any of them plain or
 * gzip-compressed.
 *
 * Every format becomes one list of routes. A bad record, attribute or
 * line is reported as an error (byte offset, or line for text) and
 * skipped; the rest is still read.
 */
#ifndef M365ROUTE_RIB_H
#define M365ROUTE_RIB_H

#include "common.h"
#include "prefix.h"

enum mr_rib_format {
	MR_RIB_AUTO = 0, /* detect from the content */
	MR_RIB_MRT,
	MR_RIB_FRR_JSON,
	MR_RIB_BIRD,
	MR_RIB_GOBGP_JSON /* gobgp global rib -j, neighbor X adj-in -j */
};

enum mr_rib_origin {
	MR_ORIGIN_IGP = 0,
	MR_ORIGIN_EGP = 1,
	MR_ORIGIN_INCOMPLETE = 2,
	MR_ORIGIN_UNKNOWN = 255
};

/** One path to a prefix. Arrays point into the rib; they live as long. */
struct mr_rib_route {
	struct mr_prefix prefix;
	struct mr_addr next_hop; /* family 0: none given */
	const uint32_t *as_path; /* AS_SEQUENCE and AS_SET members in order */
	size_t as_path_len;
	const uint32_t *communities; /* RFC 1997: (asn << 16) | value */
	size_t n_communities;
	uint32_t local_pref;
	bool has_local_pref;
	bool best;        /* the router's best path (rib->best_known) */
	bool withdrawn;   /* an MRT update's withdrawal of prefix */
	uint8_t origin;   /* enum mr_rib_origin */
	size_t offset;    /* where it is in the (inflated) input: the MRT
	                     record, the BIRD route line, the FRR prefix key */
	const char *peer; /* neighbor address, or BIRD's protocol; "": the
	                     router's own route, or not said */
};

/** Where an input went wrong: a byte offset (binary and JSON input) or a
 * line (text; then offset is the line's start). */
struct mr_rib_error {
	size_t offset;
	size_t line; /* 1-based; 0 when the format has no lines */
	char msg[160];
};

struct mr_rib {
	enum mr_rib_format format;
	bool gzip;       /* the input was gzip-compressed */
	bool best_known; /* the format says which path is best (not MRT) */
	/* what the router advertises to a peer (FRR's advertised-routes;
	 * set by the caller for other formats), not what it holds */
	bool advertised;
	/* an MRT update stream (BGP4MP): the updates as received, before the
	 * import policy, in order (a later withdrawal undoes an earlier
	 * announcement) */
	bool updates;
	struct mr_rib_route *routes;
	size_t n_routes;
	/* routes read, stored or not (a filter, mr_rib_load_filtered()):
	 * [0] IPv4, [1] IPv6; without a filter n_read[0] + n_read[1] is
	 * n_routes */
	size_t n_read[2];
	/* the input, when mr_rib_load() or mr_rib_load_filtered() read a
	 * text format not gzip-compressed (what findings can point into);
	 * freed with the rib. NULL otherwise. */
	const char *text;
	size_t text_len;
	struct mr_rib_error *errors; /* the first MR_RIB_MAX_ERRORS */
	size_t n_errors;             /* stored */
	size_t n_errors_total;       /* all, stored or not */
	void *priv;
};

#define MR_RIB_MAX_ERRORS 100

/** The format of data (after gzip), or MR_RIB_AUTO when unknown. */
MR_API enum mr_rib_format mr_rib_detect(const void *data, size_t len);
MR_API const char *mr_rib_format_name(enum mr_rib_format f);
/** "mrt", "frr" (or "frr-json"), "bird", "gobgp"; MR_RIB_AUTO when none. */
MR_API enum mr_rib_format mr_rib_format_parse(const char *name);

/**
 * Read data in format fmt (MR_RIB_AUTO: detect; gzip is always
 * recognised). Errors in the input do not fail the call: they are in
 * (*out)->errors. Returns MR_OK; MR_EPARSE when the format cannot be
 * told (then *out is NULL); MR_ENOMEM.
 */
MR_API int mr_rib_parse(const void *data, size_t len, enum mr_rib_format fmt,
                        struct mr_rib **out);
/** mr_rib_parse() of a file ("-": standard input); MR_EIO when it cannot
 * be read. */
MR_API int mr_rib_load(const char *path, enum mr_rib_format fmt,
                       struct mr_rib **out);

/** Which routes a reader stores. keep() sees each route as it is read
 * (its arrays and peer live only during the call; rib: the table so far)
 * and says whether to store it; a route not kept is only counted
 * (rib->n_read). */
struct mr_rib_filter {
	bool (*keep)(void *ctx, const struct mr_rib *rib,
	             const struct mr_rib_route *route);
	void *ctx;
};

/**
 * mr_rib_load() storing only the routes filter keeps (NULL: all). An MRT
 * file (plain or gzip) is read as a stream, one record at a time, so
 * memory is bounded by the largest record and the routes kept, not by
 * the table, and no file size limit applies (gzip: at most 2 GiB
 * inflated, as mr_rib_parse()). Other formats, and standard input ("-"),
 * are read whole as mr_rib_load() does (rib->text holds a text input that
 * was not gzip-compressed). The routes kept, the errors and their
 * offsets are those mr_rib_load() gives, in the same order.
 */
MR_API int mr_rib_load_filtered(const char *path, enum mr_rib_format fmt,
                                const struct mr_rib_filter *filter,
                                struct mr_rib **out);
MR_API void mr_rib_free(struct mr_rib *rib);

#endif

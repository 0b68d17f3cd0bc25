/*
 * m365route/usage.h - usage sampling: Microsoft 365 traffic measured from
 * proxy logs (logscan.h), classified by the matcher (match.h), attributed
 * to a design's sites by client subnet, summed per service area and route,
 * per time bucket, and turned into peak / 95th-percentile rates and
 * recommended ExpressRoute circuit sizes.
 *
 * The seed: "Sampling existing usage is the only reliable method for
 * determining this in your organization." Circuit tiers and headroom:
 * Microsoft Learn, "ExpressRoute FAQ" and "Network planning with
 * ExpressRoute for Office 365".
 *
 * Every figure is an integer sum, so results do not depend on the number of
 * threads nor on the order in which inputs or partials are merged (the one
 * order that shows is the first malformed lines: in input order). Sums
 * saturate at UINT64_MAX rather than wrap (mr_usage_summary().saturated);
 * lines beyond logscan.h's plausibility bounds are malformed.
 */
#ifndef M365ROUTE_USAGE_H
#define M365ROUTE_USAGE_H

#include "common.h"
#include "design.h"
#include "logscan.h"
#include "match.h"
#include "resolve.h"

/** Route classes of a request. */
enum mr_usage_class {
	MR_UC_EXPRESSROUTE = 0, /* Microsoft 365, ExpressRoute-eligible */
	MR_UC_INTERNET = 1,     /* Microsoft 365, Internet only */
	MR_UC_OTHER = 2,        /* not Microsoft 365 */
	MR_UC__COUNT
};

/* Service-area columns: enum mr_service_area, then these two. */
#define MR_USAGE_SA_OTHER (MR_SA__COUNT)     /* another area ("MEM") */
#define MR_USAGE_SA_NONE  (MR_SA__COUNT + 1) /* not Microsoft 365 */
#define MR_USAGE_SA_COUNT (MR_SA__COUNT + 2)

struct mr_usage_progress {
	uint64_t bytes_in;   /* bytes read from inputs (compressed) */
	uint64_t bytes_data; /* log bytes (decompressed) */
	uint64_t lines;
	const char *input; /* the input being read */
};

struct mr_usage_opts {
	unsigned version;
	enum mr_log_format format; /* MR_LOG_AUTO: per input; mixed refused */
	uint32_t bucket_s;         /* bucket width, seconds (default 300) */
	unsigned threads;          /* parsing threads; 0 = one */
	size_t max_bad;            /* malformed lines kept (default 10) */
	/* called from the calling thread about every 4 MiB of log */
	void (*progress)(void *arg, const struct mr_usage_progress *p);
	void *progress_arg;
};

#define MR_USAGE_OPTS_VERSION 1
#define MR_USAGE_OPTS_INIT                                                     \
	{                                                                      \
		MR_USAGE_OPTS_VERSION, MR_LOG_AUTO, 300, 1, 10, NULL, NULL     \
	}

struct mr_usage;

/**
 * A new, empty accumulator. m (required) and net (optional: the resolved
 * network of a design, for sites by subnet and the circuits that carry
 * their traffic) must outlive it. Returns MR_OK, MR_ENOMEM or MR_EINVAL.
 */
MR_API int mr_usage_new(struct mr_usage **out, const struct mr_matcher *m,
                        const struct mr_net *net,
                        const struct mr_usage_opts *o);
MR_API void mr_usage_free(struct mr_usage *u);

/**
 * Scan one log file ("-" = standard input), plain or gzip (detected from
 * its magic bytes; concatenated members are read). Malformed lines are
 * counted and kept (mr_usage_bad()), never fatal; a truncated or corrupt
 * gzip stream keeps what was read and is recorded (mr_usage_input()), as
 * are bytes after the last gzip member that are not gzip (counted in
 * trailing, not read: plain text appended to a compressed file).
 * Returns MR_OK, MR_EIO (unreadable; message in mr_error_last()),
 * MR_EINVAL (its format differs from an earlier input's and opts.format
 * is MR_LOG_AUTO), MR_ENOMEM.
 */
MR_API int mr_usage_scan_file(struct mr_usage *u, const char *path);

/** Same for a buffer in memory (which may be gzip). */
MR_API int mr_usage_scan_buffer(struct mr_usage *u, const char *name,
                                const void *data, size_t len);

/**
 * The format of a file from its first bytes (decompressing gzip), for
 * refusing mixed inputs before any is read. MR_LOG_AUTO when unknown.
 * Returns MR_OK or MR_EIO.
 */
MR_API int mr_usage_detect_file(enum mr_log_format *out, const char *path);

/* ---- results ---- */

struct mr_usage_cell {
	uint64_t bytes;
	uint64_t requests;
};

struct mr_usage_summary {
	uint64_t lines;        /* lines read, directives and blanks included */
	uint64_t requests;     /* parsed requests */
	uint64_t bad;          /* malformed lines */
	uint64_t bytes;        /* bytes of the parsed requests */
	uint64_t log_bytes;    /* decompressed log bytes */
	int64_t t_min_ms;      /* earliest request (0 if none) */
	int64_t t_max_ms;      /* latest */
	uint64_t out_of_order; /* requests older than the one before */
	uint32_t bucket_s;
	size_t n_inputs;
	uint32_t host_sample_shift; /* > 0: top hosts keep 1/2^shift */
	/* a sum reached UINT64_MAX and stopped there (it never wraps): the
	 * figures at UINT64_MAX are lower bounds */
	bool saturated;
};

MR_API void mr_usage_summary(const struct mr_usage *u,
                             struct mr_usage_summary *out);

/** Sites: the design's, in order, then "(unattributed)" (clients in no
 * site's subnets). Without a design, one: "(all)". */
MR_API size_t mr_usage_site_count(const struct mr_usage *u);
MR_API const char *mr_usage_site_name(const struct mr_usage *u, size_t site);

/** Totals of site, service-area column sa and class cls. */
MR_API struct mr_usage_cell mr_usage_total(const struct mr_usage *u,
                                           size_t site, unsigned sa,
                                           enum mr_usage_class cls);

/** Service-area column names: "Exchange", ..., "Other", "-". */
MR_API const char *mr_usage_sa_name(unsigned sa);
MR_API const char *mr_usage_class_name(enum mr_usage_class c);

struct mr_usage_input {
	const char *name;
	enum mr_log_format format;
	bool gzip;
	bool truncated;     /* gzip stream ended early or was corrupt */
	const char *why;    /* what was wrong, static; NULL if nothing */
	uint64_t bytes_in;  /* bytes read from it */
	uint64_t log_bytes; /* decompressed bytes */
	uint64_t lines;
	uint64_t trailing; /* bytes after the end of the gzip data: not
	                      gzip, so not read (why says so) */
};
MR_API size_t mr_usage_input_count(const struct mr_usage *u);
MR_API const struct mr_usage_input *mr_usage_input(const struct mr_usage *u,
                                                   size_t i);

struct mr_usage_bad {
	const char *input;
	uint64_t line; /* 1-based */
	const char *why;
	const char *text; /* the line, at most 200 bytes, as read */
};
/** The first malformed lines, in input order (at most opts.max_bad). */
MR_API size_t mr_usage_bad_count(const struct mr_usage *u);
MR_API const struct mr_usage_bad *mr_usage_bad(const struct mr_usage *u,
                                               size_t i);

/** Rates in Mbps over the buckets from the first to the last (empty ones
 * count as 0): of one class, of Microsoft 365 (ER + Internet), of all. */
struct mr_usage_rate {
	double peak, p95, mean;
	int64_t peak_at_ms; /* start of the peak bucket */
};
enum mr_usage_metric {
	MR_UM_EXPRESSROUTE = 0,
	MR_UM_INTERNET = 1,
	MR_UM_OTHER = 2,
	MR_UM_M365 = 3,
	MR_UM_ALL = 4,
	/* ExpressRoute-eligible, per service area (Exchange..Common) */
	MR_UM_ER_SA = 5,
	MR_UM__COUNT = MR_UM_ER_SA + MR_SA__COUNT
};
/** Rates of one metric at a site (SIZE_MAX = every site together).
 * Returns MR_OK or MR_ENOMEM. */
MR_API int mr_usage_rate(const struct mr_usage *u, size_t site,
                         enum mr_usage_metric mt, struct mr_usage_rate *out);

/** Buckets with traffic, ascending: start time and bytes per metric. */
struct mr_usage_point {
	int64_t t_ms;
	uint64_t bytes[MR_UM__COUNT];
};
/** The series of one site (SIZE_MAX = all), malloc'd into *out (free()).
 * Returns MR_OK or MR_ENOMEM. */
MR_API int mr_usage_series(const struct mr_usage *u, size_t site,
                           struct mr_usage_point **out, size_t *n);

struct mr_usage_host {
	const char *host;
	enum mr_usage_class cls;
	unsigned sa;
	enum mr_category category; /* when Microsoft 365 */
	uint64_t bytes, requests;
};
/** The top hosts by bytes (ties by name), at most cap. */
MR_API size_t mr_usage_top_hosts(const struct mr_usage *u,
                                 struct mr_usage_host *out, size_t cap);

/* ---- circuit sizing ---- */

/** The provider circuit tiers, Mbps: 50 .. 10000. */
MR_API size_t mr_usage_tier_count(void);
MR_API uint32_t mr_usage_tier(size_t i);
/**
 * The smallest tier that carries mbps with at least 20% headroom (load at
 * most 80% of the tier); 0 when none does (above 8000 Mbps).
 */
MR_API uint32_t mr_usage_recommend(double mbps);

struct mr_usage_circuit {
	const char *name;   /* the design's circuit, or the site (would-be) */
	size_t site;        /* the landing site, or the would-be's site */
	bool would_be;      /* no circuit in the design: one per site */
	double peak, p95;   /* Mbps of ExpressRoute-eligible traffic carried */
	double n1_peak;     /* with its partner down (0 if it has none) */
	uint32_t bandwidth; /* the design's, 0 for a would-be circuit */
	uint32_t recommended; /* tier for peak (n1_peak when larger) */
};
/**
 * Circuits that would carry the measured ExpressRoute-eligible traffic:
 * the design's ExpressRoute circuits, each site's traffic on the circuit
 * the resolved network routes it over (mr_net_carriers_new(): the
 * circuits simulate routes it over, a backhauling site's included; a site
 * whose service areas leave by different circuits is split by service
 * area, evenly, and a multipath set shares its part evenly), or
 * one would-be circuit per site with eligible traffic that no circuit
 * carries. N-1: the circuit's load with the worst single other ExpressRoute
 * circuit failed, traffic rerouted as the model routes it. malloc'd into
 * *out (free()). MR_OK or MR_ENOMEM.
 */
MR_API int mr_usage_circuits(const struct mr_usage *u,
                             struct mr_usage_circuit **out, size_t *n);

/* ---- partial results ---- */

/**
 * Serialise everything measured (a text format, docs/usage.md) into a
 * malloc'd buffer. Returns MR_OK or MR_ENOMEM.
 */
MR_API int mr_usage_partial_write(const struct mr_usage *u, char **out,
                                  size_t *len);
/** The largest partial file the CLI reads (usage --merge), in bytes. */
#define MR_USAGE_PARTIAL_MAX (1024u * 1024u * 1024u)

/**
 * Add a partial to u. Its bucket width and sites must equal u's. text may
 * also hold several partials, concatenated or with their lines in any
 * order (sorted, as a MapReduce reducer receives them: docs/usage.md):
 * then each must be complete and all of them are added. Returns
 * MR_OK, MR_EPARSE (not a partial, or damaged; mr_error_last()), MR_EINVAL
 * (different buckets or sites) or MR_ENOMEM.
 */
MR_API int mr_usage_partial_read(struct mr_usage *u, const char *name,
                                 const char *text, size_t len);

/* ---- demand ---- */

/**
 * The design's YAML text (text, text_len: the text u's design was loaded
 * from; name as in its diagnostics) with its top-level block-style
 * "demand:" section removed and the measured demand appended: for every
 * site with traffic, the peak ExpressRoute-eligible Mbps per service area,
 * rounded up to 0.1 (docs/usage.md, --update-demand). Any number of
 * sites. The result is loaded again first and refused unless its demand
 * reads back as measured. On MR_OK, *out is malloc'd and NUL-terminated
 * (free()), *len its length without the NUL. Returns MR_OK, MR_EINVAL (u
 * has no design; or the result does not load again or its demand does
 * not read back, e.g. an old demand: in flow style: mr_error_last() says
 * which) or MR_ENOMEM; on failure *out is NULL.
 */
MR_API int mr_usage_demand_yaml(char **out, size_t *len,
                                const struct mr_usage *u, const char *name,
                                const char *text, size_t text_len);

#endif

/*
 * m365route/feed.h - keeping the endpoint catalog current from Microsoft's
 * web service (https://endpoints.office.com: /version, /endpoints/<instance>,
 * /changes/<instance>/<version>; "Microsoft 365 IP Address and URL web
 * service", ms.date 2025-01-08), safely, and saying what a new catalog means
 * for routing.
 *
 * The data directory (the caller chooses it; the library never reads the
 * environment) holds:
 *
 *   DIR/client-request-id              one v4 GUID and a newline, created
 *                                      once and sent with every request
 *   DIR/<instance>/state               what is installed (see below)
 *   DIR/<instance>/endpoints-<V>.json  the /endpoints body of version V,
 *                                      byte for byte, validated
 *   DIR/<instance>/lock                an fcntl lock held during a change
 *
 * <instance> is worldwide, china, usgovdod or usgovgcchigh. The state file
 * is the single commit point: text lines "key value" (version, previous,
 * held, updated, sha256). It is replaced by rename(2), so a reader sees the
 * old or the new installation, never a mix; catalog files are written to a
 * temporary name, fsync'd and renamed before the state names them. At most
 * two catalogs are kept: the current one and the one it replaced.
 *
 * Operational failures (network, HTTP, files) return MR_EIO, MR_EINVAL,
 * MR_ENOMEM with a message in mr_error_last(); findings about a downloaded
 * body go to the caller's struct mr_diags like any loaded feed.
 */
#ifndef M365ROUTE_FEED_H
#define M365ROUTE_FEED_H

#include "common.h"
#include "diag.h"
#include "endpoints.h"
#include "match.h"

#define MR_FEED_DEFAULT_URL "https://endpoints.office.com"
#define MR_FEED_VERSION_LEN 10 /* YYYYMMDDNN */
#define MR_GUID_LEN         36 /* xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx */

/* ---- small pieces, public for tests and tools ---- */

/**
 * Whether s is a web-service version: exactly 10 ASCII digits. Versions
 * compare as strings (strcmp), as Microsoft's sample clients do.
 */
MR_API bool mr_feed_version_valid(const char *s);

/**
 * The canonical instance name ("Worldwide", "China", "USGovDoD",
 * "USGovGCCHigh") for name matched case-insensitively, or NULL.
 */
MR_API const char *mr_feed_instance_name(const char *name);

/**
 * Parse a /version response for instance: one record
 * {"instance":"Worldwide","latest":"2025110100"} or an array of them (the
 * record of instance is used). out receives the 10 digits and a NUL.
 * MR_EPARSE with a message in mr_error_last() when the body is not JSON,
 * holds no record for the instance, or "latest" is not 10 digits.
 */
MR_API int mr_feed_parse_version(char out[MR_FEED_VERSION_LEN + 1],
                                 const char *instance, const char *body,
                                 size_t len);

/** A new random (version 4, RFC 9562) GUID, lowercase. MR_EIO if the
 * system has no randomness to give. */
MR_API int mr_guid_new(char out[MR_GUID_LEN + 1]);
/** Whether s is a GUID in the 8-4-4-4-12 hex form. */
MR_API bool mr_guid_valid(const char *s);

/**
 * The installation's ClientRequestId: read from DIR/client-request-id, or
 * created (mr_guid_new()) and stored there when the file does not exist.
 * Two processes racing get the same GUID (the file is created with link(2),
 * which does not replace). MR_EIO if the file is unreadable, invalid or
 * cannot be written.
 */
MR_API int mr_feed_client_id(char out[MR_GUID_LEN + 1], const char *data_dir);

/* ---- the store ---- */

/** What DIR/<instance>/state says. Empty strings for absent values. */
struct mr_feed_state {
	char instance[16];                      /* canonical name */
	char version[MR_FEED_VERSION_LEN + 1];  /* current */
	char previous[MR_FEED_VERSION_LEN + 1]; /* kept for rollback */
	char held[MR_FEED_VERSION_LEN + 1];     /* rolled back from */
	char updated[32];                       /* UTC, ISO 8601 */
	char sha256[MR_DIGEST_LEN + 1];         /* of the current file */
	char path[4096];                        /* the current file */
	char previous_path[4096];               /* "" without previous */
};

/**
 * Read the state of instance in data_dir. MR_ENOTFOUND when nothing is
 * stored (no directory, no state), MR_EIO when the state is unreadable or
 * names a file that is missing, MR_EINVAL for an unknown instance.
 */
MR_API int mr_feed_state_read(struct mr_feed_state *out, const char *data_dir,
                              const char *instance);

/**
 * The path of the stored catalog to use for instance (the current one),
 * written to buf (size n); version (may be NULL) gets its version. Returns
 * MR_OK, MR_ENOTFOUND when no catalog is stored (use the embedded one), or
 * MR_EIO / MR_EINVAL as mr_feed_state_read(). Reads only the state file
 * and checks that the catalog file exists; the caller loads it with
 * mr_catalog_load_file().
 */
MR_API int mr_feed_stored_path(char *buf, size_t n,
                               char version[MR_FEED_VERSION_LEN + 1],
                               const char *data_dir, const char *instance);

/* ---- which catalog a verb runs on ---- */

struct mr_catalog_choice {
	const char *file;     /* a catalog file: this one, nothing else */
	const char *instance; /* NULL: "worldwide" */
	const char *data_dir; /* the store, resolved by the caller; NULL:
	                         none (use the embedded snapshot) */
	bool embedded;        /* the embedded snapshot, whatever is stored */
};

enum mr_catalog_from {
	MR_CATALOG_FROM_NONE = 0, /* none chosen: the store is unreadable */
	MR_CATALOG_FROM_FILE,
	MR_CATALOG_FROM_STORED,
	MR_CATALOG_FROM_EMBEDDED
};

struct mr_catalog_used {
	enum mr_catalog_from source;
	const char *instance; /* canonical name (static), NULL if unknown */
	char path[4096];      /* STORED: the file loaded */
	char version[MR_FEED_VERSION_LEN + 1]; /* STORED: its version */
};

/**
 * Open the catalog a verb runs on: c->file when given (with neither an
 * instance nor embedded: MR_EINVAL); else, unless c->embedded, the
 * instance's current catalog stored in c->data_dir
 * (mr_feed_stored_path()); else, when nothing is stored, the embedded
 * snapshot of the instance. *used says which was chosen, also when its
 * load failed. Findings of the load go to d. Returns MR_OK and *out
 * (mr_catalog_free()), or: MR_EIO with used->source
 * MR_CATALOG_FROM_NONE when the store's state cannot be read (never a
 * silent fallback: mr_error_last() says why); else what
 * mr_catalog_load_file() or mr_catalog_load_embedded() returned (MR_EPARSE:
 * the feed was rejected, errors in d). On failure *out is NULL.
 */
MR_API int mr_catalog_open(struct mr_catalog **out,
                           struct mr_catalog_used *used,
                           const struct mr_catalog_choice *c,
                           struct mr_diags *d);

/* ---- update and rollback ---- */

/** Progress messages (retries, what was fetched). May be NULL. */
typedef void (*mr_feed_log_fn)(void *ctx, const char *msg);

struct mr_feed_opts {
	const char *data_dir;    /* required */
	const char *instance;    /* NULL = "Worldwide" */
	const char *base_url;    /* NULL = MR_FEED_DEFAULT_URL; plain http only
	                         to 127.0.0.1, ::1 or localhost */
	bool force;              /* install despite the safety rules and even
	                         when the version did not change */
	long connect_timeout_ms; /* per attempt */
	long timeout_ms;         /* per attempt, whole transfer */
	unsigned retries;        /* extra attempts after 429 / 5xx / network */
	unsigned backoff_ms;     /* first wait after a 5xx; doubles */
	unsigned max_wait_s;     /* longest Retry-After honoured */
	mr_feed_log_fn log;
	void *log_ctx;
};

#define MR_FEED_OPTS_INIT                                                      \
	{                                                                      \
		NULL, NULL, NULL, false, 10000, 60000, 3, 1000, 120, NULL,     \
		    NULL                                                       \
	}

enum mr_feed_outcome {
	MR_FEED_UPDATED = 0,    /* a new catalog was installed */
	MR_FEED_UP_TO_DATE = 1, /* /version is the installed version */
	MR_FEED_REFUSED = 2,    /* safety rules: nothing changed */
	MR_FEED_HELD = 3,       /* the service's version was rolled back */
	MR_FEED_OLDER = 4,      /* the service reports an older version */
	MR_FEED_ROLLED_BACK = 5 /* mr_feed_rollback() */
};

/*
 * Safety rules a candidate catalog breaks (bits of .refused). URL patterns
 * and prefixes are counted distinct: one listed in several sets counts
 * once.
 */
#define MR_FEED_SHRINKS      1u  /* lost more than 25% of the endpoint sets */
#define MR_FEED_LOSES_ER     2u  /* had ExpressRoute sets and has none */
#define MR_FEED_FEWER_URLS   4u  /* lost more than 25% of its URL patterns */
#define MR_FEED_FEWER_IPS    8u  /* lost more than 25% of its prefixes */
#define MR_FEED_FEWER_ER_IPS 16u /* ... of its ExpressRoute sets' prefixes */

struct mr_feed_result {
	enum mr_feed_outcome outcome;
	char latest[MR_FEED_VERSION_LEN + 1];   /* from /version */
	char version[MR_FEED_VERSION_LEN + 1];  /* installed now */
	char previous[MR_FEED_VERSION_LEN + 1]; /* installed before */
	char client_id[MR_GUID_LEN + 1];
	unsigned refused;       /* MR_FEED_SHRINKS | MR_FEED_LOSES_ER | ... */
	bool baseline_embedded; /* compared with the embedded snapshot */
	size_t sets_before, sets_after;
	size_t er_before, er_after;         /* sets with expressRoute true */
	size_t urls_before, urls_after;     /* distinct URL patterns */
	size_t ips_before, ips_after;       /* distinct prefixes */
	size_t er_ips_before, er_ips_after; /* ... of ExpressRoute sets */
	char path[4096]; /* the installed (or current) file */
	char previous_path[4096];
	unsigned requests; /* HTTP requests made, retries included */
};

/**
 * Check candidate against baseline: MR_FEED_SHRINKS when it has fewer than
 * 75% of baseline's endpoint sets, MR_FEED_LOSES_ER when baseline has at
 * least one ExpressRoute set and candidate none, MR_FEED_FEWER_URLS,
 * MR_FEED_FEWER_IPS and MR_FEED_FEWER_ER_IPS when it has fewer than 75% of
 * baseline's distinct URL patterns, prefixes, or prefixes of ExpressRoute
 * sets. 0 when all hold. Should memory run out while counting, the three
 * count bits are returned: a catalog that was not checked is refused.
 */
MR_API unsigned mr_feed_check_safety(const struct mr_catalog *baseline,
                                     const struct mr_catalog *candidate);

/**
 * Update instance in o->data_dir: GET /version/<Instance>; when its latest
 * differs from (is newer than) the installed version, GET
 * /endpoints/<Instance>, validate the body completely (findings in d, as
 * for mr_catalog_load_buffer()), check it against the installed catalog
 * (the embedded snapshot when none is installed) with
 * mr_feed_check_safety(), and install it. Every request carries
 * ClientRequestId and the User-Agent m365route/<version>; TLS peers are
 * verified; 429 and 5xx answers are retried o->retries times, after
 * Retry-After (up to o->max_wait_s) or an exponential back-off.
 *
 * Returns MR_OK with out->outcome (UPDATED, UP_TO_DATE, REFUSED, HELD,
 * OLDER), MR_EPARSE when the /endpoints body failed validation (findings in
 * d), MR_EIO for network, HTTP and file errors and for a /version answer
 * that is not JSON or has no 10-digit "latest", MR_EINVAL for bad options.
 * Whenever the outcome is not UPDATED, nothing installed was changed.
 */
MR_API int mr_feed_update(struct mr_feed_result *out,
                          const struct mr_feed_opts *o, struct mr_diags *d);

/**
 * Go back to the previous catalog: it is validated first, then the state
 * is switched (current and previous swap) and the version rolled back from
 * is "held": mr_feed_update() will not install it again unless forced.
 * MR_ENOTFOUND when there is no previous catalog; MR_EPARSE if it no longer
 * validates (findings in d).
 */
MR_API int mr_feed_rollback(struct mr_feed_result *out,
                            const struct mr_feed_opts *o, struct mr_diags *d);

/* ---- /changes ---- */

/** Fields of a change record's "previous" / "current" objects. */
struct mr_change_values {
	bool present;
	bool has_express_route, express_route;
	bool has_required, required;
	const char *service_area; /* NULL when absent */
	const char *category;
	const char *tcp_ports;
	const char *udp_ports;
	const char *notes;
};

struct mr_change_items {
	bool present;
	const char *effective_date; /* "YYYYMMDD" (add only), or NULL */
	size_t n_ips;
	const char *const *ips;
	size_t n_urls;
	const char *const *urls;
};

struct mr_change {
	int64_t id;
	int64_t endpoint_set_id;
	const char *disposition; /* "Change", "Add", "Remove" */
	const char *impact;      /* NULL before 2018112800 */
	const char *version;     /* 10 digits */
	const char *description; /* changeDescription, or NULL */
	struct mr_change_values previous, current;
	struct mr_change_items add, remove;
	struct mr_span at;
};

struct mr_changes;

/**
 * Load a /changes/<instance>/<version> response: an array (possibly empty)
 * of change records. Booleans written as "true"/"false" are accepted (a
 * note); unknown keys are ignored (the service adds fields over time).
 * MR_OK, MR_EPARSE (findings in d), MR_ENOMEM, MR_EINVAL.
 */
MR_API int mr_changes_load_buffer(struct mr_changes **out, const char *name,
                                  const char *text, size_t len,
                                  struct mr_diags *d);
/** The same from a file; path "-" is standard input ("<stdin>" in
 * diagnostics). MR_EIO when it cannot be read. */
MR_API int mr_changes_load_file(struct mr_changes **out, const char *path,
                                struct mr_diags *d);
MR_API void mr_changes_free(struct mr_changes *c);
MR_API size_t mr_changes_count(const struct mr_changes *c);
MR_API const struct mr_change *mr_changes_get(const struct mr_changes *c,
                                              size_t i);

/* ---- what a new catalog means ---- */

/* Fields that differ in a changed set (bits of mr_diff_set.fields). */
#define MR_DIFF_AREA     0x001u
#define MR_DIFF_DISPLAY  0x002u
#define MR_DIFF_CATEGORY 0x004u
#define MR_DIFF_ER       0x008u
#define MR_DIFF_REQUIRED 0x010u
#define MR_DIFF_NOTES    0x020u
#define MR_DIFF_TCP      0x040u /* as sets of ranges: order is ignored */
#define MR_DIFF_UDP      0x080u
#define MR_DIFF_URLS     0x100u
#define MR_DIFF_IPS      0x200u

struct mr_diff_set {
	int64_t id;
	const struct mr_endpoint_set *old; /* NULL when added */
	const struct mr_endpoint_set *new; /* NULL when removed */
	unsigned fields;                   /* MR_DIFF_*, for changed sets */
	size_t urls_added, urls_removed, ips_added, ips_removed;
};

/*
 * A host pattern or prefix whose route differs: each distinct pattern and
 * prefix of either catalog is routed by both matchers (a pattern is
 * decided as if it were a host name, '*' standing for itself; a prefix by
 * the most specific prefix containing it whole). from or to is
 * MR_ROUTE_UNKNOWN when that catalog does not route it at all.
 */
struct mr_diff_route {
	const char *text;
	bool is_prefix;
	enum mr_route from, to;
	/* from or to is MR_ROUTE_UNKNOWN, but that catalog routes part of
	 * it: a narrower pattern or a longer prefix lies inside it */
	bool partly;
};

/* An entry of the seed's exception tables that appeared or went away. */
struct mr_diff_exception {
	bool er_table; /* the ExpressRoute-wildcard table, else Internet */
	bool added;
	const char *wildcard;
	const char *sub;
};

struct mr_catalog_diff {
	size_t n_added, n_removed, n_changed;
	const struct mr_diff_set *added;   /* ascending id */
	const struct mr_diff_set *removed; /* ascending id */
	const struct mr_diff_set *changed; /* ascending id */
	size_t n_routes; /* moved, appeared and disappeared, sorted by text */
	const struct mr_diff_route *routes;
	size_t n_moved, n_appeared, n_disappeared;
	size_t n_exceptions;
	const struct mr_diff_exception *exceptions;
	char old_digest[MR_DIGEST_LEN + 1];
	char new_digest[MR_DIGEST_LEN + 1];
	bool artefacts_stale; /* the digests differ */
	struct mr_catalog_diff_priv *priv;
};

/**
 * Compare two catalogs through their matchers (each built with
 * mr_matcher_build(); mr_exceptions_compute() is called on both). The
 * result holds pointers into both catalogs and matchers: free it first.
 * Returns MR_OK or MR_ENOMEM.
 */
MR_API int mr_catalog_diff(struct mr_catalog_diff **out,
                           struct mr_matcher *old_m, struct mr_matcher *new_m);
MR_API void mr_catalog_diff_free(struct mr_catalog_diff *diff);

/**
 * Read the catalog digest a plan directory recorded: the first line of
 * DIR/summary.txt that starts with "catalog-digest:" followed by blanks
 * and 64 hex digits. MR_ENOTFOUND when the file has no such line (a plan
 * written before digests existed), MR_EIO when it is unreadable.
 */
MR_API int mr_feed_plan_digest(char out[MR_DIGEST_LEN + 1],
                               const char *plan_dir);

#endif

/*
 * usage_int.h - internals of usage sampling, shared by usage.c (the
 * accumulator and results), usage_scan.c (reading, gzip, threads) and
 * usage_partial.c (partial results as text).
 */
#ifndef MR_USAGE_INT_H
#define MR_USAGE_INT_H

#include <pthread.h>

#include "arena.h"
#include "m365route/usage.h"

/* Stored per (bucket, site): ER, Internet, other, then ER per area. */
#define NV (3 + MR_SA__COUNT)

#define CHUNK        mr_usage_chunk /* log bytes per chunk */
#define HOST_CAP     (1u << 15)     /* distinct hosts kept per table */
#define SERIES_FLUSH 4096           /* a worker's series entries before flush */
#define BAD_TEXT     200

/*
 * Every sum of the accumulator, of merged accumulators and of partials
 * goes through this: it stops at UINT64_MAX instead of wrapping (a figure
 * at UINT64_MAX is a lower bound; mr_usage_summary() says so). Lines
 * within logscan.h's bounds need 2^24 requests of 1 TiB to get there.
 */
static inline void
mri_sat_add(uint64_t *sum, uint64_t v)
{
	if (__builtin_add_overflow(*sum, v, sum))
		*sum = UINT64_MAX;
}

/*
 * (bucket, site, ov) -> NV byte counts; open addressing. ov: 0, or 1 +
 * the design's override that decides the hosts counted there (their
 * ExpressRoute bytes go where the override sends them; mr_usage_circuits()).
 */
struct sent {
	int64_t bucket;
	uint32_t site;
	uint32_t ov;
	uint32_t used;
	uint64_t v[NV];
};
struct series {
	struct sent *t;
	size_t n, cap;     /* cap: a power of two */
	struct sent *memo; /* the entry series_get() returned last, or NULL */
};

/* A host and what the matcher decided for it. */
struct hent {
	uint64_t hash;
	uint64_t bytes, reqs;
	uint32_t name; /* offset into the table's pool */
	uint32_t ov;   /* 1 + the override deciding it (ER hosts); 0: none */
	uint16_t len;
	uint8_t cls, sa, cat, used;
};
/*
 * Hosts kept: those whose hash has its top `shift` bits zero. When more
 * than HOST_CAP are kept, shift grows by one and the table is filtered.
 * The hosts kept at the end are then those of the final shift, whatever
 * the order of insertion or merging, and their counts are exact.
 */
struct hosttab {
	struct hent *t;
	size_t n, cap;
	char *pool;
	size_t pool_len, pool_cap;
	unsigned shift;
};

/*
 * The host -> decision cache in front of the host tables, for the SIMD
 * scanners (logscan_int.h): keyed by the host as logged (no lowercasing,
 * no hash of the canonical name), it holds the matcher's decision and the
 * bytes and requests seen since the host went in (write-back: added to the
 * host's table entry when the slot is reused and by mri_usage_fc_flush(),
 * before anything reads the tables). Two-way: FC_SIZE / 2 sets of two
 * entries of two cache lines; a miss evicts the entry with fewer requests
 * since it went in, so hot hosts stay. Every decision is the one the scalar path computes for
 * the same host; sums are the same because saturating sums do not depend
 * on their order, and a host the tables drop (sampling) is dropped with
 * its counts either way.
 */
#define FC_SIZE 4096
#define FC_NAME 100
struct fcent {
	uint64_t key;   /* fast hash of the name as logged; 0: empty */
	uint64_t bytes; /* not yet in the host table */
	uint32_t reqs;  /* not yet in the host table */
	uint32_t ov;
	uint8_t len, cls, sa, cat;
	char name[FC_NAME];
};
/* A malformed line: (input, chunk, line in chunk) orders them. */
struct badrec {
	uint32_t input;
	uint64_t seq;  /* chunk number within its input */
	uint64_t line; /* in the chunk (0-based), then absolute (1-based) */
	const char *why;
	char text[BAD_TEXT + 1];
};

/* Everything a worker adds up; merged into the mr_usage at the end. */
struct acc {
	struct mr_usage_cell *tot; /* [site][sa][cls] */
	struct series ser;
	struct hosttab host[2]; /* Microsoft 365, other */
	/* classification of hosts the tables do not keep */
	struct dmc {
		uint64_t hash;
		uint32_t ov;
		uint8_t len, cls, sa, cat;
		char name[56];
	} * dm;
	struct ccache {
		uint32_t len, site;
		char s[48];
	} * cc;
	struct fcent *fc; /* NULL: the scalar path */
	uint64_t requests, bytes;
	int64_t t_min, t_max;
	bool any;
};

struct mr_usage {
	const struct mr_matcher *m;
	const struct mr_net *net;    /* NULL without a design */
	const struct mr_design *dsg; /* net's */
	struct mr_usage_opts o;
	size_t n_sites; /* including "(unattributed)" / "(all)" */
	struct mr_arena *ar;
	/* results */
	struct acc a;
	uint64_t lines, bad, log_bytes, out_of_order;
	struct mr_usage_input *in;
	size_t n_in, cap_in;
	struct mr_usage_bad *badv; /* the first o.max_bad, in order */
	size_t n_bad;
	enum mr_log_format fmt_seen;
	pthread_mutex_t mu; /* guards a.ser during a threaded scan */
};

struct mri_scanops;

/* Test knobs (usage_scan.c): the chunk size (default 1 MiB; tests use a
 * few bytes to exercise the carry-over), and an offset no read of a
 * memory input crosses (0: none), to split inputs (compressed or not)
 * between two reads at any byte. */
extern size_t mr_usage_chunk;
extern size_t mr_usage_first_read;

/* usage.c */
int mri_usage_acc_init(struct acc *a, size_t n_sites);
void mri_usage_acc_free(struct acc *a);
/* Parse one chunk of whole lines into a. Returns lines read; malformed
 * lines go to *bad (up to max, in order), their count to *nbad. */
struct chunk_res {
	uint64_t lines, nbad, ooo;
	int64_t first_t, last_t; /* INT64_MIN if no request */
	struct badrec *bad;      /* caller's array of max entries */
	size_t n_bad, max;
};
/* ops: the SIMD scanner (p[len .. len + MRI_SCAN_PAD) readable), or NULL
 * for the scalar one. */
void mri_usage_parse_chunk(struct mr_usage *u, struct acc *a,
                           const struct mri_scanops *ops,
                           enum mr_log_format fmt, struct mr_w3c_layout *lay,
                           bool *have_lay, const char *p, size_t len,
                           struct chunk_res *r);
int mri_usage_acc_merge(struct mr_usage *u, struct acc *a);
void mri_usage_fc_flush(struct acc *a);
int mri_usage_series_add(struct series *s, int64_t b, uint32_t site,
                         uint32_t ov, const uint64_t *v);
int mri_usage_host_add(struct hosttab *h, const struct hent *e,
                       const char *name);
void mri_usage_hosts_reshift(struct hosttab *h, unsigned shift);
void mri_usage_add_bad(struct mr_usage *u, const char *input, uint64_t line,
                       const char *why, const char *text);
struct mr_usage_input *mri_usage_add_input(struct mr_usage *u,
                                           const char *name);
uint64_t mri_usage_host_hash(const char *s, size_t n);
int64_t mri_usage_bucket_of(const struct mr_usage *u, int64_t t_ms);

#endif

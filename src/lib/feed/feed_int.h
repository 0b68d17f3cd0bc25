/*
 * feed_int.h - what the feed modules share: SHA-256 (util/sha256.h), the
 * HTTP client (feed_http.c) and the data directory (feed_store.c).
 */
#ifndef MR_FEED_INT_H
#define MR_FEED_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "m365route/feed.h"
#include "sha256.h"

/* ---- feed_http.c: GET with retries ---- */

/** A response body: malloc'd, NUL-terminated, at most MR_FEED_MAX_BODY. */
struct mr_body {
	char *p;
	size_t n, cap;
};

#define MR_FEED_MAX_BODY (64u * 1024u * 1024u)

/**
 * GET url into body (replaced). Retries 429, 5xx and transient network
 * failures as o says; *requests counts attempts. Returns MR_OK for a 200,
 * else MR_EIO (or MR_ENOMEM) with a message naming what to show.
 */
int mri_feed_get(struct mr_body *body, const struct mr_feed_opts *o,
                 const char *url, const char *what, unsigned *requests);
void mri_body_free(struct mr_body *b);

/*
 * The longest wait a Retry-After value can ask for: 2^31 s, the value
 * RFC 9111 section 1.2.2 tells a recipient to use for delta-seconds larger
 * than it can represent. Always more than any wait honoured.
 */
#define MR_FEED_RETRY_AFTER_MAX 2147483648LL

/**
 * The seconds a Retry-After value v asks to wait at time now (RFC 9110
 * section 10.2.3: delay-seconds, or an HTTP-date, which libcurl's
 * curl_getdate() reads). Optional white space around v is ignored. Returns
 * -1 for NULL, empty or unreadable text; 0 for "0" or a date not in the
 * future; else the delay, MR_FEED_RETRY_AFTER_MAX for any delay that long
 * or longer (also one of more digits than any integer type holds).
 */
int64_t mri_feed_retry_after(const char *v, time_t now);

/** Log through o->log, formatted. */
void mri_feed_log(const struct mr_feed_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- feed_store.c ---- */

/** The lowercase directory name of a canonical instance name. */
const char *mri_feed_instance_dir(const char *canonical);

/**
 * Write data to path atomically: a temporary file beside it (mode 0644),
 * fsync, rename, fsync of the directory. MR_OK or MR_EIO (message set).
 */
int mri_feed_write_atomic(const char *path, const void *data, size_t len);

/** Write the state of an instance (st->instance names it). */
int mri_feed_state_write(const char *data_dir, const struct mr_feed_state *st);

/** mkdir -p of dir (mode 0755). MR_OK or MR_EIO. */
int mri_feed_mkdirs(const char *dir);

/**
 * Take the instance's lock (DIR/<instance>/lock, fcntl, not waiting).
 * Returns the descriptor (close it to unlock) or a negative MR_E* code.
 */
int mri_feed_lock(const char *inst_dir);

/** Prove that dir is writable by creating and removing a file in it. */
int mri_feed_probe_writable(const char *dir);

/** Remove endpoints-*.json files of inst_dir other than keep1/keep2. */
void mri_feed_prune(const char *inst_dir, const char *keep1, const char *keep2);

/** Read a whole regular file (at most max bytes). MR_OK, MR_EIO, ENOMEM. */
int mri_feed_read_file(struct mr_body *out, const char *path, size_t max);

#endif

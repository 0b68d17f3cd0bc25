/*
 * m365route/common.h - status codes, visibility and version shared by every
 * public header of libm365route.
 *
 * Two channels, never mixed: operational failures are returned as negative
 * MR_E* codes with a message in mr_error_last(); findings about the caller's
 * input are struct mr_diag records (see diag.h).
 */
#ifndef M365ROUTE_COMMON_H
#define M365ROUTE_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define MR_API __attribute__((visibility("default")))
#else
#define MR_API
#endif

#define MR_VERSION_STRING "0.1.0"

/** Return codes of every library call that can fail. */
enum mr_status {
	MR_OK = 0,
	MR_ENOMEM = -1,   /* allocation failed */
	MR_EIO = -2,      /* a file could not be opened or read */
	MR_EINVAL = -3,   /* an argument is not valid */
	MR_EPARSE = -4,   /* the input had error-level findings */
	MR_ENOTFOUND = -5 /* a named thing does not exist */
};

/**
 * The message of the last failure in this thread, or "" if none. The string
 * stays valid until the next failing call in the same thread.
 */
MR_API const char *mr_error_last(void);

/** The library's version, e.g. "0.1.0". */
MR_API const char *mr_version(void);

/**
 * The length (2 to 4) of the well-formed UTF-8 sequence that starts s[0..n),
 * n >= 1, or 0 when it is not one (overlong forms, surrogates and code
 * points above U+10FFFF are not). ASCII bytes are not sequences: 0.
 */
MR_API size_t mr_utf8_len(const unsigned char *s, size_t n);

/**
 * SHA-256 (FIPS 180-4) of data[0..len) as 64 lowercase hex digits and a
 * NUL: the digest a report gives of the design it was made from.
 */
MR_API void mr_sha256_hex(char out[65], const void *data, size_t len);

/**
 * Read path ("-" = standard input) whole into a malloc'd, NUL-terminated
 * buffer (*len without the NUL; free() it). Refuses a directory, and
 * anything over max bytes before reading it all; what names the kind of
 * input in messages ("an endpoint feed"). Returns MR_OK, MR_EIO or
 * MR_ENOMEM with a message in mr_error_last() (the path escaped); *buf is
 * NULL on failure. The one whole-file reader of the library and the CLI.
 */
MR_API int mr_read_file(const char *path, size_t max, const char *what,
                        char **buf, size_t *len);

#endif

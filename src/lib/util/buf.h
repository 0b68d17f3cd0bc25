/*
 * buf.h - one growable byte buffer for every room that builds text (PAC
 * files, usage partials, ...): NUL-terminated, doubling, sticky out-of-
 * memory flag so a writer checks once at the end (buf.c); and the growth
 * rule of every array (mri_vec_grow()).
 */
#ifndef MR_BUF_H
#define MR_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct mri_buf {
	char *p;    /* NUL-terminated once anything was written; else NULL */
	size_t n;   /* bytes written, the NUL not counted */
	size_t cap; /* bytes allocated */
	size_t max; /* 0: no limit; else a write past max bytes fails */
	bool oom;   /* a write failed: allocation, overflow or max; sticky */
};

#define MRI_BUF_INIT                                                           \
	{                                                                      \
		NULL, 0, 0, 0, false                                           \
	}

/** Append n bytes of s. Nothing happens once oom is set. */
void mri_buf_put(struct mri_buf *b, const void *s, size_t n);
void mri_buf_puts(struct mri_buf *b, const char *s);
void mri_buf_putc(struct mri_buf *b, char c);
/** Append printf-formatted text, whatever its length. */
void mri_buf_printf(struct mri_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/** Free the bytes and reset to empty. */
void mri_buf_free(struct mri_buf *b);

/**
 * The one growth rule of the library's arrays: make the array p of *cap
 * elements of elem bytes hold at least need, doubling from first (or from
 * *cap). Returns the array, moved or not, with *cap updated; NULL when out
 * of memory or when the size would overflow, and then p is still valid and
 * *cap unchanged. Typical use, before appending v[n]:
 *	if (n == cap && (t = mri_vec_grow(v, &cap, n + 1, sizeof(*v), 16)) == NULL)
 *		return MR_ENOMEM;
 */
void *mri_vec_grow(void *p, size_t *cap, size_t need, size_t elem,
                   size_t first);

#endif

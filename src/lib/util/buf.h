/*
 * buf.h - one growable byte buffer for every room that builds text (PAC
 * files, usage partials, ...): NUL-terminated, doubling, sticky out-of-
 * memory flag so a writer checks once at the end (buf.c).
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

#endif

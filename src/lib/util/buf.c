/*
 * buf.c - the growable byte buffer (buf.h).
 *
 * Invariants: p == NULL or p[n] == '\0' with n < cap; oom, once set, stays
 * set and no later write changes p or n. Growth doubles from 4 KiB, with
 * every size computed under __builtin_*_overflow (curl's dynbuf is the
 * model: a checked size, an optional maximum). Appending is amortised
 * O(1) per byte.
 */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
grow(struct mri_buf *b, size_t n)
{
	size_t need, cap;
	char *np;

	if (__builtin_add_overflow(b->n, n, &need) ||
	    __builtin_add_overflow(need, 1, &need) ||
	    (b->max != 0 && need - 1 > b->max)) {
		b->oom = true;
		return false;
	}
	if (need <= b->cap)
		return true;
	cap = b->cap ? b->cap : 4096;
	while (cap < need) {
		if (__builtin_mul_overflow(cap, 2, &cap)) {
			b->oom = true;
			return false;
		}
	}
	if ((np = realloc(b->p, cap)) == NULL) {
		b->oom = true;
		return false;
	}
	b->p = np;
	b->cap = cap;
	return true;
}

void
mri_buf_put(struct mri_buf *b, const void *s, size_t n)
{
	if (b->oom || !grow(b, n))
		return;
	if (n > 0)
		memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void
mri_buf_puts(struct mri_buf *b, const char *s)
{
	mri_buf_put(b, s, strlen(s));
}

void
mri_buf_putc(struct mri_buf *b, char c)
{
	mri_buf_put(b, &c, 1);
}

void
mri_buf_printf(struct mri_buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if ((size_t)n < sizeof(tmp)) {
		mri_buf_put(b, tmp, (size_t)n);
		return;
	}
	/* Longer than the stack buffer: format straight into the buffer. */
	if (!grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

void
mri_buf_free(struct mri_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
	b->oom = false;
}

void *
mri_vec_grow(void *p, size_t *cap, size_t need, size_t elem, size_t first)
{
	size_t c = *cap ? *cap : (first ? first : 1), bytes;
	void *np;

	if (need <= *cap)
		return p;
	while (c < need)
		if (__builtin_mul_overflow(c, 2, &c))
			return NULL;
	if (__builtin_mul_overflow(c, elem, &bytes) ||
	    (np = realloc(p, bytes)) == NULL)
		return NULL;
	*cap = c;
	return np;
}

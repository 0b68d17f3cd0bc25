/*
 * text.h - small text helpers every layer shares (text.c).
 */
#ifndef MR_TEXT_H
#define MR_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Levenshtein distance between a[0..na) and b[0..nb), ASCII
 * case-insensitive, or any value >= cap once it is known to reach cap
 * (strings longer than 64 bytes are "far").
 */
size_t mri_edit_distance(const char *a, size_t na, const char *b, size_t nb,
                         size_t cap);

/**
 * s[0..n) is a GUID in the 8-4-4-4-12 hexadecimal form, either case: the
 * one check behind mr_guid_valid() and the design's tenant ids.
 */
bool mri_guid_ok(const char *s, size_t n);

/**
 * The unsigned decimal s[0..n) (digits only: no sign, no space, n >= 1)
 * into *out; false when it is not one or exceeds 2^64-1. Inline: the log
 * scanner's hot path reads every status and byte count with it.
 */
static inline bool
mri_dec_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 20)
		return false;
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned)(unsigned char)s[i] - '0';
		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* mri_esc_text() flags. */
enum {
	MRI_ESC_DQ = 1,  /* '"' and '\\' as \" and \\ (inside "...") */
	MRI_ESC_SQ = 2,  /* '\'' and '\\' as \x27 and \x5c (inside '...') */
	MRI_ESC_UTF8 = 4 /* bytes from 0x80 kept as they are */
};

/**
 * s[0..n) as a message shows it, into buf (NUL-terminated, returned):
 * control characters, DEL and (without MRI_ESC_UTF8) every byte from 0x80
 * as \xHH, quotes as flags say; at most show input bytes and what fits,
 * "..." when cut. The one escaper of the library's text-for-terminal.
 */
const char *mri_esc_text(char *buf, size_t size, const char *s, size_t n,
                         size_t show, unsigned flags);

#endif

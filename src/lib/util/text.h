/*
 * text.h - small text helpers every layer shares (text.c).
 */
#ifndef MR_TEXT_H
#define MR_TEXT_H

#include <stddef.h>

/**
 * Levenshtein distance between a[0..na) and b[0..nb), ASCII
 * case-insensitive, or any value >= cap once it is known to reach cap
 * (strings longer than 64 bytes are "far").
 */
size_t mri_edit_distance(const char *a, size_t na, const char *b, size_t nb,
                         size_t cap);

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

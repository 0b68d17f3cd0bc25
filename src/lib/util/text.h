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

#endif

/*
 * arena.h - chunked bump allocator, one per loaded document (BIRD's linpool).
 * Nothing allocated from an arena is freed on its own; mri_arena_destroy()
 * frees everything. With MR_ARENA_DEBUG every allocation is its own malloc
 * so ASan and valgrind see overflows.
 */
#ifndef MR_ARENA_H
#define MR_ARENA_H

#include <stddef.h>

struct mr_arena;

int mri_arena_create(struct mr_arena **out);
void mri_arena_destroy(struct mr_arena *a);
/** size bytes, zeroed, aligned to 16; NULL on overflow or OOM. */
void *mri_arena_alloc(struct mr_arena *a, size_t size);
/** n * size bytes, zeroed; NULL on overflow or OOM. */
void *mri_arena_calloc(struct mr_arena *a, size_t n, size_t size);
/** A NUL-terminated copy of s[0..n). */
char *mri_arena_strndup(struct mr_arena *a, const char *s, size_t n);
/** Bytes handed out so far (for reports and tests). */
size_t mri_arena_used(const struct mr_arena *a);

#endif

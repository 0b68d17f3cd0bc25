/*
 * arena.c - chunked bump allocator.
 *
 * Layout: a singly linked list of chunks, newest first; each chunk is a
 * header followed by its payload. Allocations are rounded up to 16 bytes and
 * taken from the newest chunk; a request larger than a quarter of the chunk
 * size gets a chunk of its own. Chunk sizes double up to 1 MiB.
 * Invariant: chunk->used <= chunk->size. All memory is zeroed (calloc).
 * Complexity: O(1) per allocation, O(chunks) to destroy.
 */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN      16u
#define FIRST_SIZE (16u * 1024u)
#define MAX_SIZE   (1024u * 1024u)

struct chunk {
	struct chunk *next;
	size_t size;
	size_t used;
	_Alignas(16) unsigned char data[];
};

struct mr_arena {
	struct chunk *head;
	size_t next_size;
	size_t total;
};

int
mri_arena_create(struct mr_arena **out)
{
	struct mr_arena *a = calloc(1, sizeof(*a));

	*out = a;
	if (a == NULL)
		return -1;
	a->next_size = FIRST_SIZE;
	return 0;
}

void
mri_arena_destroy(struct mr_arena *a)
{
	struct chunk *c, *n;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = n) {
		n = c->next;
		free(c);
	}
	free(a);
}

static struct chunk *
chunk_new(size_t size)
{
	struct chunk *c;

	if (size > SIZE_MAX - sizeof(*c))
		return NULL;
	c = calloc(1, sizeof(*c) + size);
	if (c == NULL)
		return NULL;
	c->size = size;
	return c;
}

void *
mri_arena_alloc(struct mr_arena *a, size_t size)
{
	struct chunk *c;
	size_t need;

	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - ALIGN)
		return NULL;
	need = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	a->total += need;
#ifdef MR_ARENA_DEBUG
	c = chunk_new(size);
	if (c == NULL)
		return NULL;
	c->used = size;
	c->next = a->head;
	a->head = c;
	return c->data;
#else
	c = a->head;
	if (c != NULL && c->size - c->used >= need) {
		void *p = c->data + c->used;
		c->used += need;
		return p;
	}
	if (need > a->next_size / 4) {
		/* Big: a chunk of its own, kept behind the current one. */
		c = chunk_new(need);
		if (c == NULL)
			return NULL;
		c->used = need;
		if (a->head != NULL) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			a->head = c;
		}
		return c->data;
	}
	c = chunk_new(a->next_size);
	if (c == NULL)
		return NULL;
	if (a->next_size < MAX_SIZE)
		a->next_size *= 2;
	c->next = a->head;
	a->head = c;
	c->used = need;
	return c->data;
#endif
}

void *
mri_arena_calloc(struct mr_arena *a, size_t n, size_t size)
{
	size_t total;

	if (__builtin_mul_overflow(n, size, &total))
		return NULL;
	return mri_arena_alloc(a, total);
}

char *
mri_arena_strndup(struct mr_arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		return NULL;
	p = mri_arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

size_t
mri_arena_used(const struct mr_arena *a)
{
	return a->total;
}

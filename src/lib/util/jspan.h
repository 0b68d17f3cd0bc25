/*
 * jspan.h - byte positions for the values of a JSON text that a real parser
 * (jansson) has already accepted. jansson keeps no per-node positions; this
 * index supplies them so that diagnostics can point at the exact value.
 *
 * The index is an array of nodes in document pre-order. Node 0 is the root.
 * The children of node n are n + 1 (if n + 1 < nodes[n].next), then
 * nodes[c].next for each child c while that stays below nodes[n].next.
 * Object members are the member values; their keys are recorded in .key.
 */
#ifndef MR_JSPAN_H
#define MR_JSPAN_H

#include <stddef.h>
#include <stdint.h>

#define MR_JSPAN_NONE UINT32_MAX

/* Containers may nest this deep (jansson stops at 2048). */
#define MR_JSPAN_MAX_DEPTH 4096

struct mr_jspan_node {
	uint32_t start; /* offset of the value's first byte */
	uint32_t end;   /* offset one past its last byte */
	uint32_t key;   /* offset of the member's key ('"'), else NONE */
	uint32_t next;  /* index of the first node after this subtree */
};

struct mr_jspan {
	struct mr_jspan_node *v; /* malloc'd; mri_jspan_free() */
	uint32_t n;
};

/**
 * Index text[0..len). Returns MR_OK, MR_ENOMEM, or MR_EINVAL when the text
 * is not JSON as expected (that should not happen after jansson accepted
 * it; callers then go on without positions). On failure out is empty.
 * Iterative: no recursion whatever the nesting.
 */
int mri_jspan_build(struct mr_jspan *out, const char *text, size_t len);
/** Free the index (out of mri_jspan_build); an empty index is fine. */
void mri_jspan_free(struct mr_jspan *j);

/*
 * Navigation. Every function accepts MR_JSPAN_NONE or an out-of-range node
 * and then returns MR_JSPAN_NONE (or 0 for a count), so a caller can chain
 * them and fall back to an enclosing position when something is missing.
 */
/** The first child of node, or NONE for a scalar or an empty container. */
uint32_t mri_jspan_first(const struct mr_jspan *j, uint32_t node);
/** The sibling after child (a child of parent), or NONE. */
uint32_t mri_jspan_next(const struct mr_jspan *j, uint32_t parent,
                        uint32_t child);
/** The k-th child (0-based) of node, or NONE. O(k). */
uint32_t mri_jspan_child(const struct mr_jspan *j, uint32_t node, size_t k);
/** The number of children of node. O(children). */
size_t mri_jspan_count(const struct mr_jspan *j, uint32_t node);

#endif

/*
 * design_int.h - the design loader's private parts: the YAML node tree
 * built from libfyaml's events (design_yaml.c) and walked by the schema
 * (design.c).
 */
#ifndef MR_DESIGN_INT_H
#define MR_DESIGN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag_int.h"
#include "text.h"

#define YNONE UINT32_MAX

enum ykind { Y_SCALAR = 0, Y_SEQ, Y_MAP, Y_ALIAS };
enum ystyle { Y_PLAIN = 0, Y_QUOTED, Y_BLOCK, Y_FLOW, Y_BLOCKC };

/*
 * One node. Children are a singly linked list (child .. last, by next); a
 * mapping's children alternate key, value. Scalars keep their content
 * (quotes and escapes resolved) NUL-terminated in the tree's arena.
 */
struct ynode {
	uint8_t kind;        /* enum ykind */
	uint8_t style;       /* enum ystyle */
	bool open;           /* a collection not yet closed (while building) */
	uint32_t start, end; /* bytes of the node in the text */
	const char *text;    /* scalar content */
	uint32_t len;
	uint32_t child, last, next;
	uint32_t n;      /* children (a mapping: 2 per pair) */
	uint32_t target; /* alias: the anchored node */
};

struct ytree {
	struct ynode *v;
	size_t n, cap;
	uint32_t root; /* YNONE: empty stream or empty document */
	struct mr_arena *a;
};

/* What both halves of the loader share: the place findings go. */
struct dreport {
	struct mr_diags *d;
	uint32_t src;
	const char *text;
	size_t len;
	bool oom; /* the sink or the loader ran out of memory */
};

#define MR_DESIGN_MAX_DEPTH 64
#define MR_DESIGN_MAX_NODES (1u << 20)

/**
 * Report a finding at bytes [start, end) of the design (clamped to the
 * text) through the sink, which applies the caps and says when the load
 * is stopped (mri_diag_stopped()). Returns MRI_DIAG_* bits. The codes of a
 * text that is no YAML document (syntax, unsupported, limits, encoding)
 * mark the source unreadable.
 */
int mri_dreport(struct dreport *r, enum mr_dcode code, uint32_t start,
                uint32_t end, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/** The loader ran out of memory: note it and stop the load. */
void mri_dreport_oom(struct dreport *r);

/**
 * Parse text (already registered as source r->src) into t. Syntax errors,
 * unsupported features and limits are reported to r. Returns MR_OK (check
 * mri_diag_load_errors()), or MR_ENOMEM.
 */
int mri_ytree_build(struct ytree *t, struct dreport *r);
void mri_ytree_free(struct ytree *t);

/** Whether s[0..n) is a design name: [A-Za-z0-9._-], 1..64 bytes (what
 * the loader accepts for every name; generators check it again before
 * writing one into a configuration). */
bool mri_design_name_ok(const char *s, size_t n);

/**
 * Escape s[0..n) for a message: at most show bytes, control and non-ASCII
 * bytes, '\'' and '\\' as \xNN, then "..." if cut. Returns buf.
 */
static inline const char *
mri_design_escape(char *buf, size_t size, const char *s, size_t n, size_t show)
{
	return mri_esc_text(buf, size, s, n, show, MRI_ESC_SQ);
}

#endif

/*
 * m365route/diag.h - diagnostics: findings about the caller's input.
 *
 * A struct mr_diags collects records and owns the sources they point into
 * (registered by name and text; the text is copied). Positions are byte
 * spans; line and column (1-based, column in bytes) are computed on demand
 * from the source's line map. The library never prints: rendering is the
 * caller's job (the CLI renders GNU style with an excerpt and a caret).
 *
 * Order: records are kept in the order they were reported, so a loader's
 * findings follow its walk of the input; mr_lint() sorts its own findings
 * by position before it returns (see mr_diags_sort()). A caller that wants
 * every record in position order calls mr_diags_sort().
 *
 * Caps: each load (mr_catalog_load_*, mr_design_load_*, mr_changes_load_*)
 * keeps at most max_errors error records and max_others warnings and notes
 * (mr_diags_set_limits(); 50 and 200 by default). The error that reaches
 * the cap carries the note "too many errors: stopped after N" (unless the
 * loader gives that error a note of its own, which takes its place), and
 * the load stops there: later findings of that load are dropped. mr_lint()
 * is not capped.
 */
#ifndef M365ROUTE_DIAG_H
#define M365ROUTE_DIAG_H

#include "common.h"

enum mr_severity { MR_SEV_NOTE = 0, MR_SEV_WARNING = 1, MR_SEV_ERROR = 2 };

/** A byte range [start, end) in source src; src 0 means "no source". */
struct mr_span {
	uint32_t src;
	uint32_t start;
	uint32_t end;
};

struct mr_diag {
	enum mr_severity sev;
	const char *code; /* "MR0104" */
	const char *slug; /* "pattern-invalid", for -W<slug> */
	struct mr_span at;
	const char *msg;  /* one line, no trailing period */
	const char *note; /* may be NULL */
	const char *hint; /* may be NULL */
};

struct mr_diags;

/** Create an empty collection. Returns MR_OK or MR_ENOMEM. */
MR_API int mr_diags_new(struct mr_diags **out);
/** Free the collection, its records and its sources. NULL is fine. */
MR_API void mr_diags_free(struct mr_diags *d);

MR_API size_t mr_diags_count(const struct mr_diags *d);
/** The i-th record; valid until mr_diags_free(). */
MR_API const struct mr_diag *mr_diags_get(const struct mr_diags *d, size_t i);
/** How many records have severity MR_SEV_ERROR. */
MR_API size_t mr_diags_errors(const struct mr_diags *d);

/**
 * Set the caps of the loads that report into d from now on: at most
 * max_errors errors and max_others warnings and notes per load; 0 means
 * no cap. Returns MR_OK, or MR_EINVAL for a NULL collection.
 */
MR_API int mr_diags_set_limits(struct mr_diags *d, size_t max_errors,
                               size_t max_others);
/**
 * Sort the records by source, then start offset, then code (in the order
 * of the code tables: loaders' codes, then lint rules), then the order
 * they were reported in. Stable; idempotent. Indexes from mr_diags_get()
 * taken before refer to other records afterwards.
 */
MR_API void mr_diags_sort(struct mr_diags *d);
/**
 * The first source (its id, >= 1) that could not be read as a document at
 * all: not text in its encoding, not well-formed (YAML or JSON syntax), a
 * construct the format does not use, or over a size or nesting limit. Such
 * a load fails with MR_EPARSE like one whose document is read but wrong;
 * this tells the two apart. 0 when every source was readable.
 */
MR_API uint32_t mr_diags_unreadable(const struct mr_diags *d);
/**
 * True when a record, note or hint could not be stored for lack of memory:
 * the collection is incomplete.
 */
MR_API bool mr_diags_oom(const struct mr_diags *d);

/**
 * Register a source (a file's name and its text, copied) and return its id
 * (>= 1), or 0 on allocation failure.
 */
MR_API uint32_t mr_diags_add_source(struct mr_diags *d, const char *name,
                                    const char *text, size_t len);
/** The name of source src, or NULL for 0 or an unknown id. */
MR_API const char *mr_diags_source_name(const struct mr_diags *d, uint32_t src);
/**
 * Line and column (1-based; the column counts bytes) of byte offset off in
 * source src. Returns MR_OK, or MR_EINVAL for an unknown source.
 */
MR_API int mr_diags_locate(const struct mr_diags *d, uint32_t src, uint32_t off,
                           uint32_t *line, uint32_t *col);
/**
 * The text of line `line` (1-based) of source src, without its line end.
 * Returns MR_OK or MR_EINVAL.
 */
MR_API int mr_diags_line_text(const struct mr_diags *d, uint32_t src,
                              uint32_t line, const char **ptr, size_t *len);

/** Number of known diagnostic codes, and the i-th one's code and slug. */
MR_API size_t mr_diag_code_count(void);
MR_API const char *mr_diag_code_name(size_t i);
MR_API const char *mr_diag_code_slug(size_t i);
MR_API const char *mr_diag_code_summary(size_t i);
MR_API enum mr_severity mr_diag_code_severity(size_t i);
/** For lint rules: why the rule exists, and the document it comes from
 * (NULL for the loaders' codes). */
MR_API const char *mr_diag_code_rationale(size_t i);
MR_API const char *mr_diag_code_source(size_t i);
/** The index of a code ("MR-SYM-1", any case) or slug; SIZE_MAX if none. */
MR_API size_t mr_diag_code_find(const char *code_or_slug);

#endif

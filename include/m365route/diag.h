/*
 * m365route/diag.h - diagnostics: findings about the caller's input.
 *
 * A struct mr_diags collects records and owns the sources they point into
 * (registered by name and text; the text is copied). Positions are byte
 * spans; line and column (1-based, column in bytes) are computed on demand
 * from the source's line map. The library never prints: rendering is the
 * caller's job (the CLI renders GNU style with an excerpt and a caret).
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

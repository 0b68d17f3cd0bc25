/*
 * diag_int.h - how library modules record diagnostics.
 */
#ifndef MR_DIAG_INT_H
#define MR_DIAG_INT_H

#include "m365route/diag.h"

/*
 * One enum over both tables: the loaders' codes (diag_codes.def, MR_D_*)
 * and the lint rules (rules.def, MR_R_*), which add a rationale and a
 * source.
 */
enum mr_dcode {
#define MR_DIAG(sym, code, sev, slug, summary) MR_D_##sym,
#include "diag_codes.def"
#undef MR_DIAG
#define MR_RULE(sym, code, sev, slug, summary, rationale, source) MR_R_##sym,
#include "rules.def"
#undef MR_RULE
	MR_D__COUNT
};

/**
 * Append a record (message formatted like printf). Returns 0, or -1 when
 * memory ran out (the record is then dropped, and the collection remembers
 * that it is incomplete).
 */
int mri_diag_add(struct mr_diags *d, enum mr_dcode code, struct mr_span at,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/** Attach a note / a hint to the last record added. */
int mri_diag_note(struct mr_diags *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int mri_diag_hint(struct mr_diags *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

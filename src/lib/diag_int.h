/*
 * diag_int.h - how library modules record diagnostics.
 */
#ifndef MR_DIAG_INT_H
#define MR_DIAG_INT_H

#include "m365route/diag.h"

enum mr_dcode {
#define MR_DIAG(sym, code, sev, slug, summary) MR_D_##sym,
#include "diag_codes.def"
#undef MR_DIAG
	MR_D__COUNT
};

/**
 * Append a record (message formatted like printf). Returns 0, or -1 when
 * memory ran out (the record is then dropped, and the collection remembers
 * that it is incomplete).
 */
int mr_diag_add(struct mr_diags *d, enum mr_dcode code, struct mr_span at,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/** Attach a note / a hint to the last record added. */
int mr_diag_note(struct mr_diags *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int mr_diag_hint(struct mr_diags *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

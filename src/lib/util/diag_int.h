/*
 * diag_int.h - how library modules record diagnostics.
 */
#ifndef MR_DIAG_INT_H
#define MR_DIAG_INT_H

#include <stdarg.h>
#include <stdbool.h>

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

/*
 * Reporting. Every room reports through mri_diag_add(). A load
 * (mr_catalog_load_*, mr_design_load_*, mr_changes_load_*, mr_lint) opens
 * with mri_diag_begin(), which resets the per-load counters: a capped load
 * keeps at most the collection's max_errors errors and max_others warnings
 * and notes (mr_diags_set_limits()). The error that reaches the cap gets
 * the note "too many errors: stopped after N" (a note the reporter then
 * attaches to it replaces that one) and stops the load; once a
 * load is stopped (the cap, mri_diag_stop(), or out of memory) it keeps no
 * more warnings or notes either. The loaders' loops ask mri_diag_stopped().
 */

/** Bits of mri_diag_add()'s result. */
#define MRI_DIAG_KEPT 1 /* the record was stored */
#define MRI_DIAG_STOP 2 /* the load is stopped: give up when convenient */
#define MRI_DIAG_OOM  4 /* memory ran out (the record was dropped) */

/** Start a load: reset the per-load counters; capped or not. */
void mri_diag_begin(struct mr_diags *d, bool capped);
/**
 * Report a finding (message formatted like printf) unless a cap drops it.
 * Returns MRI_DIAG_* bits. A dropped record takes the notes and hints
 * attached to it with it.
 */
int mri_diag_add(struct mr_diags *d, enum mr_dcode code, struct mr_span at,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int mri_diag_vadd(struct mr_diags *d, enum mr_dcode code, struct mr_span at,
                  const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
/**
 * Attach a note / a hint to the last record reported; a second one is
 * joined to the first with "; ". Nothing when that record was dropped.
 * Returns 0, or -1 when there is no record or memory ran out.
 */
int mri_diag_note(struct mr_diags *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int mri_diag_hint(struct mr_diags *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/** Stop the current load (a limit was hit): later warnings are dropped. */
void mri_diag_stop(struct mr_diags *d);
/** Is the current load stopped? */
bool mri_diag_stopped(const struct mr_diags *d);
/** Errors kept by the current load; did it run out of memory? */
size_t mri_diag_load_errors(const struct mr_diags *d);
bool mri_diag_load_oom(const struct mr_diags *d);
/**
 * Set mr_error_last() for a load that failed on its findings:
 * "<subject> has N error(s); the first: <message> [<code>]", the subject
 * formatted like printf. Returns MR_EPARSE.
 */
int mri_diag_failed(const struct mr_diags *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/** Mark source src as unreadable (see mr_diags_unreadable()). */
void mri_diags_set_unreadable(struct mr_diags *d, uint32_t src);
/** Sort records [first, count) as mr_diags_sort() does. */
void mri_diags_sort_from(struct mr_diags *d, size_t first);
/** Drop the records from index n on (a failed pass takes its own back). */
void mri_diags_truncate(struct mr_diags *d, size_t n);

#endif

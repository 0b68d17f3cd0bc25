/*
 * pacaudit_int.h - internals of pac_audit.c shared with its unit test and
 * fuzz target: the ES5 scanner.
 */
#ifndef MR_PAC_AUDIT_INT_H
#define MR_PAC_AUDIT_INT_H

#include <stddef.h>
#include <stdint.h>

/** A construct newer than ES5 found by mri_pac_es5_scan(). */
struct mr_es5_issue {
	uint32_t off;     /* byte offset of the construct */
	uint32_t line;    /* 1-based */
	uint32_t col;     /* 1-based, in bytes */
	const char *what; /* static text: "'let' declaration" */
};

/**
 * Scan JavaScript text for syntax and library calls newer than ES5: let,
 * const, class, arrow functions, template literals, spread/rest, '**',
 * '?.', '??', import/export, async functions, and calls of ES2015+ methods
 * (.endsWith(), .includes(), ...). Strings, comments and regular
 * expression literals are skipped (a '/' starts a regular expression where
 * an expression may start, as the ES5 grammar says). A lexical scan, not a
 * parse: it never fails, it may miss constructs it does not know, and it
 * runs in linear time. Stores at most cap issues; returns how many were
 * found.
 */
size_t mri_pac_es5_scan(const char *s, size_t len, struct mr_es5_issue *out,
                        size_t cap);

#endif

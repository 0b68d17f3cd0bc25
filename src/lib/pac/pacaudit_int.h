/*
 * pacaudit_int.h - internals of the pac audit shared by its three files
 * (pacaudit.c the audit, pacaudit_engine.c the Duktape sandbox,
 * pacaudit_scan.c the ES5 scanner), its unit test and its fuzz target.
 */
#ifndef MR_PAC_AUDIT_INT_H
#define MR_PAC_AUDIT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "m365route/prefix.h"

/* ---- the ES5 scanner (pacaudit_scan.c) ---------------------------------- */

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

/* ---- the sandbox (pacaudit_engine.c) ------------------------------------ */

/** One name of the DNS table dnsResolve() and friends answer from. */
struct mri_pac_dns {
	const char *name;          /* a glob for the lower-case name */
	char addr[MR_ADDR_STRLEN]; /* canonical text form */
};

/** What a sandbox is made with; every field is required. */
struct mri_pac_engine_opts {
	size_t mem_limit;   /* bytes the heap may hold */
	uint32_t wall_ms;   /* wall-clock cap of one load or call */
	double now_ms;      /* "now" of the date helpers, ms since the epoch */
	int32_t tz_minutes; /* their local time, minutes east of UTC */
	const char *my_ip;  /* myIpAddress(), canonical text form */
	const struct mri_pac_dns *dns; /* first match wins; borrowed, must
	                                  outlive the sandbox */
	size_t n_dns;
	/* Asked for a name no table entry matches (NULL: it does not
	 * resolve): writes the address's canonical text into addr (n bytes)
	 * and returns 0, or returns -1. verify --client gives the system
	 * resolver here. */
	int (*resolve)(void *ctx, const char *name, char *addr, size_t n);
	void *resolve_ctx;
};

/** An error thrown in the sandbox. */
struct mri_pac_error {
	char msg[512]; /* one line: control characters made spaces */
	uint32_t line; /* in the PAC file; 0 when it is not known */
	int compiled;  /* load only: the file compiled, then threw */
	int timed_out; /* the execution budget ran out */
	int oom;       /* the memory cap was reached */
};

/** What one call of FindProxyForURL() gave. */
enum mri_pac_call_result {
	MRI_PAC_STRING,     /* a string: s, len */
	MRI_PAC_NOT_STRING, /* another value: desc ("undefined", ...) */
	MRI_PAC_THREW       /* an error: err */
};

struct mri_pac_call {
	const char *s; /* valid until the next call or the sandbox's end */
	size_t len;
	char desc[64];
	struct mri_pac_error err;
};

struct mri_pac_engine;

/**
 * A new sandbox: a Duktape heap with the PAC helpers set up and no PAC
 * file yet. MR_ENOMEM (with mr_error_last()) when it cannot be made.
 */
int mri_pac_engine_new(struct mri_pac_engine **out,
                       const struct mri_pac_engine_opts *o);
void mri_pac_engine_free(struct mri_pac_engine *e);

/**
 * Compile and run the PAC file's top level within budget (in units of
 * 262144 bytecode instructions). 0 on success; -1 with *err filled when it
 * does not compile (err->compiled 0, err->line from the SyntaxError) or
 * throws. name is kept (borrowed) to tell the file's errors from others.
 */
int mri_pac_engine_load(struct mri_pac_engine *e, const char *name,
                        const char *js, size_t len, uint32_t budget,
                        struct mri_pac_error *err);

/** "FindProxyForURL", else "FindProxyForURLEx", else NULL. */
const char *mri_pac_engine_entry(struct mri_pac_engine *e);

/** Call fn(url, host) within budget; *out per the result. */
enum mri_pac_call_result mri_pac_engine_call(struct mri_pac_engine *e,
                                             const char *fn, const char *url,
                                             const char *host, uint32_t budget,
                                             struct mri_pac_call *out);

#endif

/*
 * pac_str.h - the PAC return-string grammar of pac_str.c, shared by the
 * generator's option checks (strict) and the audit (lenient), and seen by
 * the unit tests.
 */
#ifndef MR_PAC_STR_H
#define MR_PAC_STR_H

#include <stddef.h>

/** Which reading of the grammar (pac_str.c): what we write, or what
 * browsers accept and so what we audit. */
enum mri_pac_strictness {
	MRI_PAC_STRICT, /* mr_pac_return_check(): --direct, --proxy */
	MRI_PAC_LENIENT /* mr_pac_audit_check_return(): a PAC's results */
};

/** The first entry of a return string, as mri_pac_return_parse() read it. */
struct mri_pac_entry {
	const char *keyword; /* canonical: "DIRECT", "PROXY", ... */
	size_t arg, arg_end; /* host[:port] is s[arg..arg_end); empty for
	                          DIRECT */
};

/**
 * Parse a PAC return string. Returns NULL when it is valid in the given
 * mode, else a static reason (its wording depends on the mode) with *bad
 * (not NULL) the offset of the offending byte. When valid and first is
 * not NULL, *first describes the first entry. O(len), no allocation.
 */
const char *mri_pac_return_parse(const char *s, size_t len,
                                 enum mri_pac_strictness mode, size_t *bad,
                                 struct mri_pac_entry *first);

#endif

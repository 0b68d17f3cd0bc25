/*
 * pattern.c - validation of hostname patterns as the endpoint feed carries
 * them (urls[] of /endpoints/<instance>).
 *
 * Accepted: lowercase letters, digits, '-', '.', '*'; labels of 1..63
 * characters ('*' counting as one); 253 characters at most; no empty label;
 * a label without '*' neither starts nor ends with '-'; at least one label
 * without '*' (so "*" or "*.*" never become catch-alls). Nothing else can
 * reach a PAC file or router configuration: quotes, backslashes, spaces,
 * '<', uppercase, '?' and non-ASCII are all rejected here.
 * Complexity: one pass, O(len).
 */
#include "m365route/endpoints.h"

const char *
mr_pattern_check(const char *s, size_t len, size_t *bad)
{
	size_t i, start = 0;
	int literal_labels = 0, star_in_label = 0;

	*bad = 0;
	if (len == 0)
		return "empty pattern";
	if (len > 253) {
		*bad = 253;
		return "longer than 253 characters";
	}
	for (i = 0; i <= len; i++) {
		char c = i < len ? s[i] : '.';

		if (c == '.') {
			size_t n = i - start;
			if (n == 0) {
				*bad = i < len ? i : len - 1;
				return "empty label";
			}
			if (n > 63) {
				*bad = start + 63;
				return "label longer than 63 characters";
			}
			if (!star_in_label) {
				literal_labels++;
				if (s[start] == '-') {
					*bad = start;
					return "label starts with '-'";
				}
				if (s[i - 1] == '-') {
					*bad = i - 1;
					return "label ends with '-'";
				}
			}
			start = i + 1;
			star_in_label = 0;
			continue;
		}
		if (c == '*') {
			star_in_label = 1;
			continue;
		}
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-')
			continue;
		*bad = i;
		if (c >= 'A' && c <= 'Z')
			return "uppercase letter (patterns must be lowercase)";
		if (c == '?')
			return "'?' is not allowed (only '*' wildcards)";
		return "character not allowed in a hostname pattern";
	}
	if (literal_labels == 0) {
		*bad = 0;
		return "no label without a wildcard";
	}
	return NULL;
}

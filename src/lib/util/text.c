/*
 * text.c - small text helpers every layer shares: the edit distance behind
 * every "did you mean" (design keys and names, community names), and the
 * escaper of text a message shows (mri_esc_text()), the GUID check.
 * mr_utf8_len() is the one UTF-8 validator the library and the CLI share
 * (JSON and terminal escaping).
 * Complexity: O(na * nb) with one row of at most 65 entries, and an early
 * exit once the distance is known to reach cap.
 */
#include "text.h"

#include <string.h>

#include "m365route/common.h"

size_t
mri_edit_distance(const char *a, size_t na, const char *b, size_t nb,
                  size_t cap)
{
	size_t row[65], i, j;

	if (na > 64 || nb > 64)
		return cap;
	if ((na > nb ? na - nb : nb - na) >= cap)
		return cap;
	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		size_t diag = row[0], best;
		char ca = a[i - 1];
		if (ca >= 'A' && ca <= 'Z')
			ca = (char)(ca - 'A' + 'a');
		row[0] = i;
		best = row[0];
		for (j = 1; j <= nb; j++) {
			char cb = b[j - 1];
			size_t up = row[j], v;
			if (cb >= 'A' && cb <= 'Z')
				cb = (char)(cb - 'A' + 'a');
			v = diag + (ca != cb);
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			diag = up;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best >= cap)
			return cap;
	}
	return row[nb];
}

size_t
mr_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0; /* overlong */
	else if (s[0] == 0xed)
		hi = 0x9f; /* surrogates */
	else if (s[0] == 0xf0)
		lo = 0x90; /* overlong */
	else if (s[0] == 0xf4)
		hi = 0x8f; /* above U+10FFFF */
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

const char *
mri_esc_text(char *buf, size_t size, const char *s, size_t n, size_t show,
             unsigned flags)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, k = 0;

	if (size == 0)
		return buf;
	for (i = 0; i < n && i < show && k + 8 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((flags & MRI_ESC_DQ) && (c == '"' || c == '\\')) {
			buf[k++] = '\\';
			buf[k++] = (char)c;
		} else if (c < 0x20 || c == 0x7f ||
		           (c >= 0x80 && !(flags & MRI_ESC_UTF8)) ||
		           ((flags & MRI_ESC_SQ) && (c == '\'' || c == '\\'))) {
			buf[k++] = '\\';
			buf[k++] = 'x';
			buf[k++] = hex[c >> 4];
			buf[k++] = hex[c & 15];
		} else {
			buf[k++] = (char)c;
		}
	}
	if (i < n && k + 4 <= size) {
		memcpy(buf + k, "...", 3);
		k += 3;
	}
	buf[k] = '\0';
	return buf;
}

bool
mri_guid_ok(const char *s, size_t n)
{
	size_t i;

	if (n != 36)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return false;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		             (c >= 'A' && c <= 'F'))) {
			return false;
		}
	}
	return true;
}

#!/usr/bin/env bash
# cmake/peering.cmake checks data/peering-locations.csv before it writes the
# C table: the real file passes and gives 105 rows; each kind of bad row
# fails the build with FILE:LINE: error: on stderr and no output file.
set -u
. "$(dirname "$0")/lib.sh"
root=$2
gen=$root/cmake/peering.cmake
mr_tmpdir
pass=0 fail=0
hdr='# a comment; [with] "any" characters
name,metro,lat,lon,geo_region,region_source'

bad() { # name stderr_regex -- csv text
	local name=$1 re=$2
	printf '%s\n%s\n' "$hdr" "$4" >"$tmp/$name.csv"
	rm -f "$tmp/out.c"
	cmake -DCSV="$tmp/$name.csv" -DOUT="$tmp/out.c" -P "$gen" \
		>/dev/null 2>"$tmp/err"
	local rc=$?
	if [ "$rc" = 0 ] || [ -e "$tmp/out.c" ] ||
		! grep -Eq "^$tmp/$name.csv:$re" "$tmp/err"; then
		echo "FAIL $name: rc=$rc"
		head -5 "$tmp/err"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}

if cmake -DCSV="$root/data/peering-locations.csv" -DOUT="$tmp/ok.c" \
	-P "$gen" 2>"$tmp/err" &&
	[ "$(grep -c '^	{"' "$tmp/ok.c")" = 105 ] &&
	grep -q '^const size_t mri_peering_count = 105;$' "$tmp/ok.c"; then
	pass=$((pass + 1))
else
	echo "FAIL real table"
	head -5 "$tmp/err"
	fail=$((fail + 1))
fi

row='Berlin,Berlin,52.52,13.40,Europe,S14b'
bad columns '4: error: 5 fields' -- "$row
Dublin,Dublin,53.35,-6.26,Europe"
bad empty '3: error: metro .* is empty' -- "Bonn,,50.73,7.10,Europe,S14b"
bad padded '3: error: name .* spaces' -- " Bonn,Bonn,50.73,7.10,Europe,S14b"
bad lat-text '3: error: lat .N/A. is not a decimal' -- "Bonn,Bonn,N/A,7.10,Europe,S14b"
bad lat-range '3: error: lat 90.01 is outside' -- "Bonn,Bonn,90.01,7.10,Europe,S14b"
bad lon-range '3: error: lon -181 is outside' -- "Bonn,Bonn,50.73,-181,Europe,S14b"
bad source '3: error: region_source' -- "Bonn,Bonn,50.73,7.10,Europe,S15"
bad duplicate '4: error: .berlin. repeats line 3' -- "$row
berlin,Berlin,52.52,13.40,Europe,S14b"
bad order '5: error: .Amsterdam. is out of order' -- "$row

Amsterdam,Amsterdam,52.37,4.90,Europe,S14b"
bad quote '3: error: character' -- 'Bonn",Bonn,50.73,7.10,Europe,S14b'
bad no-rows '[0-9]+: error: no locations' -- ""
# A file that starts with a row, not with the header.
printf '%s\n' "$row" >"$tmp/header.csv"
cmake -DCSV="$tmp/header.csv" -DOUT="$tmp/out.c" -P "$gen" 2>"$tmp/err" >/dev/null
grep -q "header.csv:1: error: expected the header" "$tmp/err" &&
	pass=$((pass + 1)) || { echo "FAIL header-first"; fail=$((fail + 1)); }

mr_finish

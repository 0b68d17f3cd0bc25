#!/usr/bin/env bash
# plan -o DIR and pac -o FILE never lose a file (issue "Nothing lost"):
#  - plan -o replaces only a directory an earlier plan wrote (its manifest),
#    never a user's directory, a symbolic link or a regular file;
#  - at every instant DIR is the old plan or the new one: killed at each
#    rename, unlink and rmdir in turn (strace's syscall fault injection) and
#    at random moments (kill -9), DIR is always one whole plan;
#  - leftovers of killed runs (DIR.tmp.*, DIR.old.*, FILE.tmp.*) are removed
#    by the next run on the same output, and only those;
#  - pac -o onto a symbolic link writes through it, keeping the link.
# Every loop is bounded in count; everything lives in one temp directory.
set -u
. "$(dirname "$0")/lib.sh"
cli=$1
src=$2
. "$src/tests/scripts/need.sh"
mr_need strace "kills plan -o at every rename, unlink and rmdir"
cd "$(mktemp -d)" || exit 2
work=$PWD
trap 'rm -rf "$work"' EXIT
export M365ROUTE_DATA_DIR= SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() {
	echo "FAIL: $*"
	fail=$((fail + 1))
}
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then ok; else bad "$what"; fi
}

# A directory is one whole plan: a manifest that lists exactly the files
# there (plan's routers/ holds one level more), each one a regular file,
# no directory but those, and a summary naming one of the designs.
whole_plan() {
	local d=$1 f n=0
	[ -d "$d" ] && [ ! -L "$d" ] && [ -f "$d/.m365route-plan" ] || return 1
	[ "$(head -1 "$d/.m365route-plan")" = "m365route plan manifest 1" ] || return 1
	while IFS= read -r f; do
		[ -f "$d/$f" ] && [ ! -L "$d/$f" ] || return 1
		n=$((n + 1))
	done < <(tail -n +2 "$d/.m365route-plan")
	[ "$(find "$d" -mindepth 1 ! -type d ! -name .m365route-plan | wc -l)" -eq "$n" ] || return 1
	[ -z "$(find "$d" -mindepth 1 -type d ! -path "$d/routers")" ] || return 1
	grep -Eq '^design: +.*(trey-research|humongous-insurance)(\.yaml)?$' "$d/summary.txt" || return 1
	grep -q '^verdict:' "$d/summary.txt"
}
no_leftovers() { # no_leftovers PREFIX
	[ -z "$(find . -maxdepth 2 -name "$(basename "$1").tmp.*" -o -maxdepth 2 -name "$(basename "$1").old.*")" ]
}

# ---- 1. The data-loss case of the issue, exactly ----
mkdir -p wpad/sub real
echo important >wpad/proxy.pac
echo keep >wpad/sub/x
echo precious >real/data.txt
ln -s real link
"$cli" plan -o wpad >out 2>err
check "plan -o onto a user's directory exits 2" [ $? -eq 2 ]
check "it says why" grep -q "is not a plan m365route wrote" err
check "wpad/proxy.pac untouched" [ "$(cat wpad/proxy.pac)" = important ]
check "wpad/sub/x untouched" [ "$(cat wpad/sub/x)" = keep ]
check "nothing moved aside" [ -z "$(ls -d wpad.* 2>/dev/null)" ]
check "nothing on stdout" [ ! -s out ]
for target in link link/ link//; do
	"$cli" plan -o "$target" >out 2>err
	check "plan -o $target (a symlink) exits 2" [ $? -eq 2 ]
	check "plan -o $target says it is a link" grep -q "symbolic link" err
done
check "real/data.txt (the link's target) untouched" [ "$(cat real/data.txt)" = precious ]
check "link still a link" [ -L link ]
echo mine >afile
"$cli" plan -o afile >out 2>err
check "plan -o onto a regular file exits 2" [ $? -eq 2 ]
check "the file untouched" [ "$(cat afile)" = mine ]
check "the file not moved aside" [ -z "$(ls -d afile.* 2>/dev/null)" ]
for d in . .. / ""; do
	"$cli" plan -o "$d" >out 2>err
	check "plan -o '$d' exits 2" [ $? -eq 2 ]
done

# ---- 2. What it does replace ----
"$cli" plan -o P >out 2>err
check "plan -o P (new) exits 0" [ $? -eq 0 ]
check "P is a whole plan" whole_plan P
mkdir empty
"$cli" plan -o empty >out 2>err
check "an empty directory is replaced" [ $? -eq 0 ]
check "... by a whole plan" whole_plan empty
"$cli" plan --example humongous-insurance -o P >out 2>err
check "replacing a plan exits 0" [ $? -eq 0 ]
check "P is the new plan" grep -q 'humongous-insurance' P/summary.txt
check "no leftovers after a clean replace" no_leftovers P
check "nothing said about leftovers" [ ! -s err ]
echo notes >P/notes.txt
cp -r P P.before
"$cli" plan -o P >out 2>err
check "a plan with a user's file in it is refused" [ $? -eq 2 ]
check "... naming the file" grep -q "notes.txt" err
check "... and left exactly as it was" diff -r P P.before
rm -r P/notes.txt P.before
mkdir P/sub
"$cli" plan -o P >out 2>err
check "a plan with a directory in it is refused" [ $? -eq 2 ]
rmdir P/sub
# A manifest that lists a link to a user's file: refused, target untouched.
mv P/findings.txt P/findings.txt.real
ln -s ../real/data.txt P/findings.txt
"$cli" plan -o P >out 2>err
check "a listed file that is a link is refused" [ $? -eq 2 ]
check "... its target untouched" [ "$(cat real/data.txt)" = precious ]
rm P/findings.txt
mv P/findings.txt.real P/findings.txt
# A plan of m365route 0.1, before manifests: known by its summary.txt,
# whose files: line names every file; anything more is refused.
# (0.1 wrote no routers/: its summary's files: line does not name it.)
cp -r P L
rm -r L/.m365route-plan L/routers
sed -i 's| routers/$||' L/summary.txt
"$cli" plan -o L >out 2>err
check "a plan from before manifests is replaced" [ $? -eq 0 ]
check "... by a whole plan" whole_plan L
rm L/.m365route-plan
echo mine >L/mine.txt
"$cli" plan -o L >out 2>err
check "... but not with a file of yours in it" [ $? -eq 2 ]
check "... which is kept" [ "$(cat L/mine.txt)" = mine ]
rm -r L
# A hostile manifest naming a path outside: refused.
cp -r P Q
printf 'm365route plan manifest 1\n../real/data.txt\n' >Q/.m365route-plan
"$cli" plan -o Q >out 2>err
check "a manifest naming ../x is refused" [ $? -eq 2 ]
check "... and real/data.txt untouched" [ "$(cat real/data.txt)" = precious ]
rm -r Q

# ---- 3. Leftovers of killed runs, ours only ----
mkdir P.tmp.abc123 P.old.XYZ789 P.tmp.user01 P.tmp.toolong1
printf 'm365route plan manifest 1\nsummary.txt\npac-x.pac\n' >P.tmp.abc123/.m365route-plan
echo half >P.tmp.abc123/summary.txt
echo half >P.tmp.abc123/pac-x.pac.tmp.Qw12Er
echo user >P.tmp.user01/keep.txt
"$cli" plan -o P >out 2>err
check "plan with leftovers exits 0" [ $? -eq 0 ]
check "our half-built plan removed" [ ! -e P.tmp.abc123 ]
check "our empty leftover removed" [ ! -e P.old.XYZ789 ]
check "... and said so" grep -q "removed 'P.tmp.abc123', left by an earlier run" err
check "a leftover holding a user's file kept" [ "$(cat P.tmp.user01/keep.txt)" = user ]
check "... with a warning" grep -q "left 'P.tmp.user01'" err
check "a name not of our pattern untouched" [ -d P.tmp.toolong1 ]
rm -r P.tmp.user01 P.tmp.toolong1
# Killed between creating the manifest and writing its first line.
mkdir P.tmp.Empty1
: >P.tmp.Empty1/.m365route-plan
"$cli" plan -o P >out 2>err
check "a leftover with an empty manifest is removed" [ ! -e P.tmp.Empty1 ]
echo half >out.pac.tmp.a1B2c3
echo user >out.pac.tmp.notours
"$cli" pac -o out.pac >out 2>err
check "pac -o with a leftover exits 0" [ $? -eq 0 ]
check "pac's leftover removed" [ ! -e out.pac.tmp.a1B2c3 ]
check "... and said so" grep -q "removed 'out.pac.tmp.a1B2c3'" err
check "a file not of our pattern kept" [ -f out.pac.tmp.notours ]
rm out.pac.tmp.notours

# ---- 4. pac -o onto a symlink writes through it ----
"$cli" pac -o ref-er.pac 2>/dev/null
"$cli" pac --type 2 -o ref-t2.pac 2>/dev/null
cp ref-er.pac proxy.pac
ln -s proxy.pac wpad.dat
"$cli" pac --type 2 -o wpad.dat >out 2>err
check "pac -o onto a link exits 0" [ $? -eq 0 ]
check "the link is kept" [ -L wpad.dat ]
check "its target holds the new file" cmp -s proxy.pac ref-t2.pac
ln -s nowhere.pac dangling.pac
"$cli" pac -o dangling.pac >out 2>err
check "pac -o onto a dangling link exits 2" [ $? -eq 2 ]
check "... and creates nothing" [ ! -e nowhere.pac ]

# ---- 5. Killed at every rename, unlink and rmdir of plan -o ----
{
	rm -rf P
	"$cli" plan -o P >/dev/null 2>&1
	kills=0
	for sc in rename renameat renameat2 unlink unlinkat rmdir; do
		for n in $(seq 1 40); do
			{ strace -qq -f -o /dev/null -e trace="$sc" \
			    -e inject="$sc":signal=SIGKILL:when="$n" \
			    "$cli" plan --example humongous-insurance -o P \
			    >/dev/null 2>&1; } 2>/dev/null
			rc=$?
			if ! whole_plan P; then
				bad "P not a whole plan after a kill at $sc #$n"
				ls -la P* >&2
				break
			fi
			ok
			# A run that was not killed ends the loop: no more calls.
			[ $rc -eq 137 ] || break
			kills=$((kills + 1))
			# Flip back to the other design half the time.
			[ $((n % 2)) -eq 0 ] && "$cli" plan -o P >/dev/null 2>&1
		done
	done
	echo "killed plan -o at $kills file-system calls"
	check "the kills reached the swap" [ "$kills" -ge 10 ]
	"$cli" plan -o P >/dev/null 2>err
	check "a clean run after the kills exits 0" [ $? -eq 0 ]
	check "... and leaves no leftovers" no_leftovers P
	check "... a whole plan" whole_plan P
}

# ---- 6. Random kill -9, bounded: 20 each for plan -o and pac -o ----
for i in $(seq 1 20); do
	"$cli" plan --example humongous-insurance -o P >/dev/null 2>&1 &
	pid=$!
	sleep "0.$(printf '%03d' $((RANDOM % 400)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	check "P whole after random kill $i" whole_plan P
	"$cli" plan -o P >/dev/null 2>&1 &
	pid=$!
	sleep "0.$(printf '%03d' $((RANDOM % 400)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	check "P whole after random kill $i'" whole_plan P
done
"$cli" plan -o P >/dev/null 2>"$work/last.err"
check "no plan leftovers after the random kills" no_leftovers P
no_leftovers P || { cat "$work/last.err"; ls -la P.* 2>/dev/null; }
cp ref-er.pac X.pac
for i in $(seq 1 20); do
	if [ $((i % 2)) -eq 0 ]; then t=er; else t=2; fi
	"$cli" pac --type "$t" -o X.pac >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$(printf '%02d' $((RANDOM % 60)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if cmp -s X.pac ref-er.pac || cmp -s X.pac ref-t2.pac; then
		ok
	else
		bad "X.pac neither the old nor the new file after kill $i"
	fi
done
"$cli" pac -o X.pac >/dev/null 2>&1
check "pac -o leaves no leftovers after the kills" [ -z "$(ls X.pac.tmp.* 2>/dev/null)" ]
check "X.pac whole" cmp -s X.pac ref-er.pac

mr_finish

# Sourced by the config syntax tests (test-config-frr.sh, -bird.sh,
# -nft.sh; ctest label `syntax`): every design the suite knows -- the
# examples compiled into m365route and every design of the check,
# simulate, plan and config goldens (config/ipv6-peering.yaml: an IPv6
# Microsoft peering, prefix, pool and source) -- through `m365route config --format FMT -o
# DIR`, one directory per design under $tmp/gen.
#
# config must agree with check on the same design: a design check passes
# (exit 0) yields configuration (exit 0); one with errors (check exit 1)
# is refused (exit 1, the diagnostics and "no configuration generated" on
# stderr, no directory written); one that cannot be read (check exit 2)
# is exit 2 with nothing written. A design the format cannot express
# (config says which, exit 2, nothing written) is counted apart; the two
# examples must yield files in every format. Any other outcome fails.
#
# Needs lib.sh's mr_start and mr_tmpdir first; sets designs, refused,
# unread, inexpressible and the pass/fail counts.

# cfg_generate FORMAT
cfg_generate() {
	local fmt=$1 d name want got
	designs=0
	refused=0
	unread=0
	inexpressible=0
	mkdir -p "$tmp/gen" || exit 2
	for d in example:trey-research example:humongous-insurance \
		"$root"/tests/golden/check/*.yaml \
		"$root"/tests/golden/simulate/*.yaml \
		"$root"/tests/golden/plan/*.yaml \
		"$root"/tests/golden/config/*.yaml; do
		local args=()
		case $d in
		example:*)
			name=${d#example:}
			args=(--example "$name")
			;;
		*)
			name=$(basename "$(dirname "$d")")-$(basename "$d" .yaml)
			args=("$d")
			;;
		esac
		designs=$((designs + 1))
		"$cli" check "${args[@]}" >/dev/null 2>&1
		want=$?
		"$cli" config "${args[@]}" --format "$fmt" -o "$tmp/gen/$name" \
			>"$tmp/gen/$name.log" 2>&1
		got=$?
		# A format that cannot express something the design uses
		# says which and writes nothing (exit 2): counted apart.
		if [ "$want" = 0 ] && [ "$got" = 2 ] &&
			grep -q "^m365route: error: $fmt cannot express .*; nothing written$" \
				"$tmp/gen/$name.log"; then
			inexpressible=$((inexpressible + 1))
			if [ -e "$tmp/gen/$name" ]; then
				echo "FAIL $name: $fmt inexpressible but $name/ written"
				fail=$((fail + 1))
			fi
			continue
		elif [ "$want" != "$got" ]; then
			echo "FAIL $name: check exits $want, config $got"
			sed -n 1,5p "$tmp/gen/$name.log"
			fail=$((fail + 1))
			continue
		fi
		case $got in
		0) ;;
		1)
			refused=$((refused + 1))
			if ! grep -q 'no configuration generated' \
				"$tmp/gen/$name.log" ||
				! grep -q ': error: ' "$tmp/gen/$name.log"; then
				echo "FAIL $name: refused without its diagnostics"
				fail=$((fail + 1))
			fi
			;;
		*) unread=$((unread + 1)) ;;
		esac
		if [ "$got" != 0 ] && [ -e "$tmp/gen/$name" ]; then
			echo "FAIL $name: config exited $got but wrote $name/"
			fail=$((fail + 1))
		fi
	done
}

# cfg_check EXT DESC CMD...: run CMD FILE on every generated *.EXT file;
# one pass or fail each. Sets files. Fails when fewer than min_files
# (default 100) were checked: the loop would have proved nothing.
cfg_check() {
	local ext=$1 desc=$2 f
	shift 2
	files=0
	for f in "$tmp"/gen/*/*."$ext"; do
		[ -e "$f" ] || continue
		files=$((files + 1))
		if "$@" "$f" >"$tmp/check.log" 2>&1; then
			pass=$((pass + 1))
		else
			echo "FAIL $desc rejects ${f#"$tmp"/gen/}:"
			sed -n 1,8p "$tmp/check.log"
			fail=$((fail + 1))
		fi
	done
	echo "$desc accepted $pass of $files files from $designs designs" \
		"($refused refused for errors, $unread unreadable," \
		"$inexpressible not expressible in this format)"
	if [ "$files" -lt "${min_files:-100}" ]; then
		echo "FAIL only $files .$ext files generated"
		fail=$((fail + 1))
	fi
	for name in trey-research humongous-insurance; do
		if ! ls "$tmp/gen/$name/"*."$ext" >/dev/null 2>&1; then
			echo "FAIL example $name yielded no .$ext file"
			fail=$((fail + 1))
		fi
	done
}

# cfg_reject DESC SRC FROM TO CMD...: plant a fault in SRC (sed 's|FROM|TO|'),
# and CMD must reject it (the check can fail).
cfg_reject() {
	local desc=$1 src=$2 from=$3 to=$4
	shift 4
	if [ ! -f "$src" ]; then
		echo "FAIL no $src to corrupt"
		fail=$((fail + 1))
		return
	fi
	sed -e "s|$from|$to|" "$src" >"$tmp/bad.conf"
	if cmp -s "$src" "$tmp/bad.conf"; then
		echo "FAIL the fault '$desc' was not planted"
		fail=$((fail + 1))
	elif "$@" "$tmp/bad.conf" >/dev/null 2>&1; then
		echo "FAIL a file with $desc was accepted"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}

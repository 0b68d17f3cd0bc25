#!/usr/bin/env bash
# The bash completion that 'make install' installs (m365route --completion
# bash, generated from the option tables) completes verbs, sub-commands,
# options and option values in a real bash.
set -u
. "$(dirname "$0")/lib.sh"
cli=$1
pass=0 fail=0
script=$("$cli" --completion bash) || {
	echo "FAIL m365route --completion bash"
	exit 1
}
eval "$script"
complete_words() { # words... (the last one is being completed)
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_m365route
	printf '%s\n' "${COMPREPLY[@]}"
}
expect() { # name want words...
	local name=$1 want=$2 got
	shift 2
	got=$(complete_words "$@" | tr '\n' ' ')
	if [ "$got" = "$want " ]; then
		pass=$((pass + 1))
	else
		echo "FAIL $name: want '$want', got '$got'"
		fail=$((fail + 1))
	fi
}
expect "verb" classify m365route cla
expect "option" --type m365route pac --ty
expect "pac --design" --design m365route pac --des
expect "sub-command" audit m365route pac au
expect "sub-command option" --resolve m365route pac audit --res
expect "value" "expressroute" m365route pac --type ex
expect "format values" "text tsv" m365route classify -f t
expect "endpoints sub-command" "diff" m365route endpoints di
expect "endpoints diff option" "--plan" m365route endpoints diff --pl
if "$cli" --completion zsh | grep -q '^#compdef m365route'; then
	pass=$((pass + 1))
else
	echo "FAIL zsh completion"
	fail=$((fail + 1))
fi
if command -v zsh >/dev/null; then
	if "$cli" --completion zsh | zsh -n; then pass=$((pass + 1)); else
		echo "FAIL zsh -n"
		fail=$((fail + 1))
	fi
fi
mr_finish

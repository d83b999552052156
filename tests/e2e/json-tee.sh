#!/bin/bash
# json-tee.sh -- stands in for the inetcheck binary in the e2e cases (lib.sh: IC_BIN), so
# that every JSON document a case makes inetcheck write is checked against the published
# schema, docs/inetcheck.schema.json, at the end of run.sh (json-check.py).
#
# Runs $E2E_IC_REAL with the same arguments. When they ask for JSON on standard output
# (web|mail|tls|status|diff with --json or --format json; batch without --out), a copy of what
# the run wrote there goes to $E2E_JSON_DIR/ID.out; batch's --out and --summary files are
# noted by name (read when the check runs: --state runs append to them). ID.meta names the
# case ($E2E_CASE), the command and its exit status. Anything else, and standard output
# that is neither a regular file nor a pipe (a terminal, /dev/full, closed), is a plain
# exec: the same process, nothing copied.
real=${E2E_IC_REAL:?}
dir=${E2E_JSON_DIR:-}
if [ -z "$dir" ] || [ ! -d "$dir" ]; then exec "$real" "$@"; fi

stdout_json=0 files=() prev=
case ${1:-} in
web|mail|tls|status|diff)
	# the last of --json and --format FORMAT counts (--format sarif after --json: SARIF)
	for a in "$@"; do
		case $a in
		--json|--format=json) stdout_json=1 ;;
		--format=*) stdout_json=0 ;;
		esac
		if [ "$prev" = --format ]; then
			if [ "$a" = json ]; then stdout_json=1; else stdout_json=0; fi
		fi
		prev=$a
	done ;;
batch)
	stdout_json=1
	for a in "$@"; do
		p=
		case $prev in --out) p=lines:$a ;; --summary) p=doc:$a ;; esac
		case $a in --out=*) p=lines:${a#--out=} ;; --summary=*) p=doc:${a#--summary=} ;; esac
		if [ -n "$p" ]; then
			[ "${p%%:*}" = lines ] && stdout_json=0
			f=${p#*:}
			[[ $f = /* ]] || f=$PWD/$f
			files+=("${p%%:*}:$f")
		fi
		prev=$a
	done ;;
esac
[ $stdout_json = 1 ] || [ ${#files[@]} -gt 0 ] || exec "$real" "$@"

id=${EPOCHREALTIME/./}-$$
cmd="inetcheck $*"
cmd=${cmd//$'\n'/ }
[ -n "${E2E_DIR:-}" ] && cmd=${cmd//"$E2E_DIR"/DIR}
meta() {  # meta SUFFIX KIND [key=value...]
	local suffix=$1 kind=$2; shift 2
	printf '%s\n' "case=${E2E_CASE:-?}" "kind=$kind" "$@" "cmd=$cmd" > "$dir/$id$suffix.meta"
}
n=0
for f in "${files[@]}"; do
	n=$((n + 1))
	meta "-f$n" "${f%%:*}" "path=${f#*:}"
done
[ $stdout_json = 1 ] || exec "$real" "$@"

kind=doc
[ "$1" = batch ] && kind=lines
if [ -f "/proc/$$/fd/1" ]; then
	# a regular file (a case's `> FILE`): the binary writes to it directly, as without
	# the wrapper; what it added is copied afterwards
	off=$(stat -Lc %s "/proc/$$/fd/1" 2>/dev/null) || off=0
	"$real" "$@" <&0 &
	pid=$!
	trap 'kill -TERM $pid 2>/dev/null' TERM
	trap 'kill -INT $pid 2>/dev/null' INT
	trap 'kill -HUP $pid 2>/dev/null' HUP
	while :; do
		wait "$pid"
		rc=$?
		[ $rc -gt 128 ] && kill -0 "$pid" 2>/dev/null && continue
		break
	done
	tail -c "+$((off + 1))" "/proc/$$/fd/1" > "$dir/$id.out" 2>/dev/null
elif [ -p "/proc/$$/fd/1" ]; then
	"$real" "$@" | tee "$dir/$id.out"
	rc=${PIPESTATUS[0]}
else
	exec "$real" "$@"
fi
meta "" "$kind" "rc=$rc"
exit "$rc"

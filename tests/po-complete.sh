#!/bin/sh
# po-complete.sh SRCDIR -- every text for people has a Dutch translation (issue 16):
# each message the sources mark (po/POTFILES, keywords N_ and _) is in po/nl.po and
# translated there, and nl.po has no fuzzy or untranslated entry.
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
# shellcheck disable=SC2046
xgettext --keyword=N_ --keyword=_ --from-code=UTF-8 -o "$tmp/inetcheck.pot" \
	$(grep -v '^#' po/POTFILES)
fail=0
if ! msgcmp po/nl.po "$tmp/inetcheck.pot" >"$tmp/cmp" 2>&1; then
	sed 's/^/# /' "$tmp/cmp" | head -40
	echo "po/nl.po: messages of the sources without a Dutch translation"
	fail=1
fi
stats=$(msgfmt --check --statistics -o /dev/null po/nl.po 2>&1)
echo "# nl.po: $stats"
case "$stats" in
*fuzzy* | *untranslated*) echo "po/nl.po: fuzzy or untranslated entries"; fail=1 ;;
esac
if [ "$fail" = 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit "$fail"

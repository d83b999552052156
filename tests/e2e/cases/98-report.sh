# shellcheck shell=bash
# 98-report -- the report people read (issue 16): sentences, technical details and
# explanations in text, Markdown and HTML, English and Dutch, and hostile strings from
# servers shown as text. Every web and mail run of this e2e pass also wrote its text and
# HTML report (lib.sh `ic`: --text, --html), so all of them are checked here; the scenarios
# below are run in case this file runs alone.
CHECK="/usr/bin/python3 $HERE/report-check.py"

for z in perfect https-tls10 xss; do ic web "$z.example"; done
for z in perfect mail-cbc xss no-mx; do ic mail "$z.example"; done

# ---- every text report: per subtest a status, a sentence and the test explanation ----
n=0; problems=""
for t in "$E2E_WORK"/cache/*.txt; do
	[ -s "$t" ] || continue
	[ "$(cat "${t%.txt}.rc")" -le 1 ] || continue
	n=$((n + 1))
	subs=$(grep -cE '^  (Passed|Failed|Warning|Info|Error|Not tested) +[^ ]' "$t")
	expl=$(grep -c '^ *Test explanation:$' "$t")
	if [ "$subs" -lt 7 ] || [ "$subs" != "$expl" ] || ! grep -q '^Score [0-9]*%$' "$t"; then
		problems="$problems $(basename "$t" .txt)($subs/$expl)"
	fi
	# whatever failed says what was found and how to fix it
	if grep -qE '^  Failed ' "$t" && ! grep -q '^ *How to fix:$' "$t"; then
		problems="$problems $(basename "$t" .txt)(no fix)"
	fi
done
_check "text reports of every web and mail run ($n): a sentence and an explanation per subtest" \
	"" "${problems# }"

# ---- every HTML report: valid HTML5, no executable markup ----
mapfile -t htmls < <(find "$E2E_WORK/cache" -name '*.html' -size +0)
_check "HTML reports of every web and mail run (${#htmls[@]}): valid HTML5, no executable markup" \
	"ok: ${#htmls[@]} files" "$($CHECK parse "${htmls[@]}" 2>&1 | head -c 600)"

# ---- every table has its header: each subtest's rows fit its columns (issue 16) ----
tables=$($CHECK tables "${htmls[@]}" 2>&1 | head -c 600)
case $tables in
"ok: "*" tables in ${#htmls[@]} files") _pass "HTML reports (${#htmls[@]}): every technical-details table has its header" ;;
*) _fail "HTML reports (${#htmls[@]}): every technical-details table has its header" "$tables" ;;
esac

# ---- the text report of a failing web test: sentences, a details table, the fix ----
expect_exit 0 icfix web https-tls10.example --allow-private --no-color
expect_stdout '^https-tls10\.example  Website test$'
expect_stdout '^Secure connection \(HTTPS\)  Failed  71% \(100/140 points\)$'
expect_stdout '^  Failed     TLS version$'
expect_stdout 'supports? .*TLS'
expect_stdout '^ +Technical details:$'
expect_stdout '^ +How to fix:$'
expect_stdout '^ +nginx:$'
expect_stdout '^ +ssl_protocols TLSv1\.2 TLSv1\.3;$'
# --brief is the one-line-per-subtest form
expect_exit 0 icfix web https-tls10.example --allow-private --brief
expect_stdout '^  failed +TLS version +bad$'

# ---- colour: only on a terminal, never with --no-color or NO_COLOR ----
tty_run() { script -qec "$(printf '%q ' "$@")" /dev/null > "$LAST_OUT" 2>&1; }
tty_run ip netns exec "$E2E_NETNS" "$IC_BIN" web perfect.example --allow-private \
	"${IC_FIXTURE_ARGS[@]}" --ca-file "$E2E_DIR/pki/ca.crt" "${IC_RPKI_ARGS[@]}"
if grep -q $'\033\[' "$LAST_OUT"; then _pass "text report: colour on a terminal"
else _fail "text report: colour on a terminal" "no escape codes"; fi
tty_run ip netns exec "$E2E_NETNS" "$IC_BIN" web perfect.example --allow-private --no-color \
	"${IC_FIXTURE_ARGS[@]}" --ca-file "$E2E_DIR/pki/ca.crt" "${IC_RPKI_ARGS[@]}"
if grep -q $'\033\[' "$LAST_OUT"; then _fail "--no-color on a terminal" "escape codes"
else _pass "--no-color on a terminal"; fi
tty_run env NO_COLOR=1 ip netns exec "$E2E_NETNS" "$IC_BIN" web perfect.example --allow-private \
	"${IC_FIXTURE_ARGS[@]}" --ca-file "$E2E_DIR/pki/ca.crt" "${IC_RPKI_ARGS[@]}"
if grep -q $'\033\[' "$LAST_OUT"; then _fail "NO_COLOR on a terminal" "escape codes"
else _pass "NO_COLOR on a terminal"; fi

# ---- Dutch: the whole report ----
expect_exit 0 icfix mail mail-cbc.example --allow-private --lang nl
expect_stdout '^mail-cbc\.example  Mailtest$'
expect_stdout '^  Niet geslaagd +'
expect_stdout '^ +Uitleg van de test:$'
expect_stdout '^ +Zo lost u het op:$'
for en in 'Test explanation' 'How to fix' 'Technical details' 'Passed' 'Failed' 'Website test' \
	'Mail test' 'Your mail server' 'not scored'; do
	if grep -q "$en" "$LAST_OUT"; then _fail "--lang nl: no English '$en'" "found"
	else _pass "--lang nl: no English '$en'"; fi
done
LANG=nl_NL.UTF-8 expect_exit 0 icfix web perfect.example --allow-private
expect_stdout '^perfect\.example  Websitetest$'
expect_exit 2 icfix web perfect.example --allow-private --lang fr
expect_exit 2 icfix web perfect.example --allow-private --format pdf

# ---- Markdown ----
expect_exit 0 icfix web https-tls10.example --allow-private --format markdown
expect_stdout '^# https-tls10\.example — Website test$'
expect_stdout '^## Secure connection \(HTTPS\) — Failed, 71% \(100/140 points\)$'
expect_stdout '^```nginx$'
expect_stdout '^\| Category \| Result \| Score \|$'

# ---- hostile strings (xss.example: headers and TXT records with markup) ----
for t in web mail; do
	expect_exit 0 icfix "$t" xss.example --allow-private --format html
	cp "$LAST_OUT" "$E2E_WORK/xss-$t.html"
	_check "$t xss.example: the HTML has no executable markup" "ok: 1 files" \
		"$($CHECK parse "$E2E_WORK/xss-$t.html" 2>&1 | head -c 400)"
	_check "$t xss.example: headless Chromium runs no injected script" "ok" \
		"$(ip netns exec "$E2E_NETNS" $CHECK browser "$E2E_WORK/xss-$t.html" "$E2E_WORK/xss-$t.png" 2>&1 | tail -1)"
	expect_exit 0 icfix "$t" xss.example --allow-private --format markdown
	if grep -qE '<(script|img|/td)' "$LAST_OUT"; then _fail "$t xss.example: Markdown escapes markup" "raw tag"
	else _pass "$t xss.example: Markdown escapes markup"; fi
done
# the hostile values do reach the report, as text
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$E2E_WORK/xss-web.html" &&
	_pass "web xss.example: the header value is shown, escaped" ||
	_fail "web xss.example: the header value is shown, escaped" "not found"
grep -q '&lt;/td&gt;&lt;img src=x onerror=alert(1)&gt;' "$E2E_WORK/xss-mail.html" &&
	_pass "mail xss.example: the TXT record is shown, escaped" ||
	_fail "mail xss.example: the TXT record is shown, escaped" "not found"

# ---- the perfect and a failing scenario render in headless Chromium ----
for run in "web perfect" "web https-tls10" "mail perfect" "mail mail-cbc"; do
	set -- $run
	expect_exit 0 icfix "$1" "$2.example" --allow-private --format html
	cp "$LAST_OUT" "$E2E_WORK/$1-$2.html"
	_check "$1 $2.example: HTML renders in headless Chromium (screenshot not empty, folded subtests open in print)" "ok" \
		"$(ip netns exec "$E2E_NETNS" $CHECK browser "$E2E_WORK/$1-$2.html" "$E2E_WORK/$1-$2.png" 2>&1 | tail -1)"
done

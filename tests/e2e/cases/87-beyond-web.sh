# shellcheck shell=bash
# 87-beyond-web -- the web test's "Beyond internet.nl" category (issue 22 item 5): HTTPS
# records (RFC 9460) of the tested name, informational and outside the score.
#
# The httpsrr-* scenarios are caa-good.example plus one HTTPS record each (and, for the
# alias, a name svc with the site's addresses): internet.nl's results and score must be
# exactly caa-good's, and web_beyond_https_rr appears only under .beyond.

# internet.nl's part of a report: the score, every category and every subtest
inetnl_view() {
	jq -c '[.scoring.percentage, (.scoring.categories | map_values(.percentage)),
		(.results.categories | map_values(.status)),
		(.results.tests | map_values("\(.status)/\(.verdict)"))]' "$1"
}

ic web caa-good.example
base=$IC_JSON
# caa-good has no HTTPS record: info/none, shown but not scored
expect_json '.beyond.tests.web_beyond_https_rr | "\(.status)/\(.verdict)"' "info/none"
expect_json '.beyond.categories.web_beyond.status' info
expect_json '.results.tests.web_beyond_https_rr' null

# beyond_case DOMAIN STATUS VERDICT -- the subtest and its category under .beyond, nothing
# of it under .results, and internet.nl's results as caa-good's
beyond_case() {
	ic web "$1"
	expect_json '.beyond.tests.web_beyond_https_rr | "\(.status)/\(.verdict)"' "$2/$3"
	expect_json '.beyond.categories.web_beyond.status' "$2"
	expect_json '.results.tests.web_beyond_https_rr' null
	expect_json '.results.categories.web_beyond' null
	_check "$1: the internet.nl score equals caa-good's" "$(jq .scoring.percentage "$base")" \
		"$(jq .scoring.percentage "$IC_JSON")"
	_check "$1: internet.nl's results equal caa-good's" "$(inetnl_view "$base")" \
		"$(inetnl_view "$IC_JSON")"
}

# HTTPS 1 . alpn=h2,h3 with the site's own addresses as hints
beyond_case httpsrr-good.example passed good
expect_json '.technical.domain.https_rr.records[0] | [.mode, .target, (.alpn | join(",")), .hints] | join(" ")' \
	"service . h2,h3 match"
expect_json '.technical.domain.https_rr.records[0] | .ipv4hint + .ipv6hint | join(" ")' \
	"127.0.10.1 fd00:80::1"
# the text report shows the table of the category beyond internet.nl
txt=${IC_JSON%.json}.txt
for want in "Beyond internet.nl" "HTTPS records (RFC 9460)" "h2, h3" "match: 127.0.10.1, fd00:80::1"; do
	_check "$IC_DESC: the text report shows '$want'" yes \
		"$(grep -qF -- "$want" "$txt" && echo yes || echo no)"
done

# hints 192.0.2.1 and 2001:db8::1, which are not the A/AAAA (RFC 9460 §7.3)
beyond_case httpsrr-mismatch.example warning hints-mismatch
expect_json '.technical.domain.https_rr.hints_mismatch | join(" ")' "192.0.2.1 2001:db8::1"
expect_json '.technical.domain.https_rr.records[0].hints' mismatch

# HTTPS 0 svc: AliasMode, no hints to compare
beyond_case httpsrr-alias.example passed good
expect_json '.technical.domain.https_rr.records[0] | [.mode, .target, .hints] | join(" ")' \
	"alias svc.httpsrr-alias.example none"

# shellcheck shell=bash
# 89-beyond-mtasts -- issue 22 item 1: mail_beyond_mta_sts (RFC 8461) on the mtasts-*
# scenarios (tests/fixture/README.md "Beyond internet.nl", MTA-STS table). The policy is
# fetched from mta-sts.<zone> on the variant web server with a verified certificate; the
# MX certificates come from the STARTTLS scan. Informational: the internet.nl part of
# each scenario stays its reference's (mail-dane-single, or cert-wrongname for the
# scenario whose MX is mail.cert-wrongname.example).

ic mail mail-dane-single.example
ref_std=$IC_JSON
ic mail cert-wrongname.example
ref_wrongname=$IC_JSON
# same_as REF -- the internet.nl part of the current JSON equals REF's
same_as() {
	_check "$IC_DESC: the internet.nl score is the reference's" "$(jq .scoring.percentage "$1")" \
		"$(jq .scoring.percentage "$IC_JSON")"
	_check "$IC_DESC: every internet.nl subtest as the reference's" "[]" \
		"$(jq -c -n --slurpfile a "$1" --slurpfile b "$IC_JSON" \
			'[$a[0].results.tests | to_entries[] | select(. != {key, value: $b[0].results.tests[.key]}) | .key]')"
}
# mtasts ZONE STATUS VERDICT [POLICY_FETCH] -- one scenario: verdict, fetch outcome, score
mtasts() {
	ic mail "$1.example"
	expect_json '.beyond.tests.mail_beyond_mta_sts | [.status, .verdict] | join(" ")' "$2 $3"
	[ -z "${4:-}" ] || expect_json '.technical.domain.mta_sts.policy_fetch' "$4"
	same_as "$ref_std"
}
D=.technical.domain.mta_sts

# no record (the reference itself): information
IC_JSON=$ref_std
expect_json '.beyond.tests.mail_beyond_mta_sts | [.status, .verdict] | join(" ")' "info absent"
expect_json "$D.record_status" absent
expect_json "$D.policy_fetch" null

# enforce, the MX covered, its certificate valid: good, with the details of the fetch
mtasts mtasts-good passed good good
expect_json "$D.mode" enforce
expect_json "$D.max_age" 604800
expect_json "$D.mx_patterns | join(\",\")" mail.mtasts-good.example
expect_json "$D.mx_not_covered | length" 0
expect_json "$D.mx_cert_invalid | length" 0
expect_json "$D.http_status" 200
expect_json "$D.url" https://mta-sts.mtasts-good.example/.well-known/mta-sts.txt
expect_json "$D.address" 127.0.41.1
expect_json "$D.content_type | test(\"^text/plain\")" true
expect_json "$D.id" 20261205T010000
# the category is its worst subtest: TLS-RPT is absent here (info)
expect_json '.beyond.categories.mail_beyond.status' info
# a wildcard pattern covers exactly one more label
mtasts mtasts-wildcard passed good good
expect_json "$D.mx_patterns | join(\",\")" '*.mtasts-wildcard.example'

# the modes: testing is reported, none switches MTA-STS off
mtasts mtasts-testing warning mode-testing good
mtasts mtasts-none info mode-none good

# the MX is not in the policy (enforce): senders would refuse it
mtasts mtasts-uncovered failed mx-not-covered good
expect_json "$D.mx_not_covered | join(\",\")" mail.mtasts-uncovered.example

# a policy senders cannot use: each fetch rule of RFC 8461 section 3.3
mtasts mtasts-ctype failed policy-unavailable content-type
expect_json "$D.content_type | test(\"^text/html\")" true
mtasts mtasts-expired failed policy-unavailable cert-invalid
expect_json "$D.error | test(\"expired\")" true
mtasts mtasts-redirect failed policy-unavailable redirect
expect_json "$D.http_status" 301
mtasts mtasts-404 failed policy-unavailable no-policy
expect_json "$D.http_status" 404
mtasts mtasts-nohost failed policy-unavailable no-host
mtasts mtasts-syntax failed policy-invalid syntax
expect_json "$D.policy_reason" bad-mode
expect_json "$D.policy_line" 2
# the record decides first: without a valid id nothing is fetched
mtasts mtasts-badrecord failed record-invalid
expect_json "$D.record_status" no-id
expect_json "$D.policy_fetch" null

# the MX is covered, but its STARTTLS certificate is for another name (judged from the
# scan mail_starttls made, as cert_trust judges it)
ic mail mtasts-mxcert.example
expect_json '.beyond.tests.mail_beyond_mta_sts | [.status, .verdict] | join(" ")' "failed mx-cert-invalid"
expect_json "$D.mx_cert_invalid | map(.mx + \" \" + .error) | join(\",\")" \
	"mail.cert-wrongname.example hostname-mismatch"
expect_json '.results.tests.mail_starttls_cert_trust.status' \
	"$(jq -r .results.tests.mail_starttls_cert_trust.status "$ref_wrongname")"
same_as "$ref_wrongname"

# --resolve is a connection: the policy host follows it (here to the standard web site,
# which has no policy: 404), the record is still the published one
ic mail mtasts-good.example --resolve "mta-sts.mtasts-good.example=127.0.10.1"
expect_json "$D.policy_fetch" no-policy
expect_json "$D.address" 127.0.10.1

# without --ca-file the fixture's CA is not trusted: the certificate is refused, as a
# sender with the public trust store would refuse it
expect_exit 0 icraw mail mtasts-good.example --allow-private --json "${IC_FIXTURE_ARGS[@]}"
IC_JSON=$E2E_WORK/mtasts-no-ca.json
cp "$LAST_OUT" "$IC_JSON"
expect_json "$D.policy_fetch" cert-invalid
expect_json "$D.error | test(\"certificate\")" true

# the report people read: the section and the table, in Dutch too
expect_exit 0 icfix mail mtasts-good.example --allow-private
expect_stdout 'mail\.mtasts-good\.example +covered, certificate valid'
expect_stdout '^ +mta-sts\.mtasts-good\.example +fetched'
expect_exit 0 icfix mail mtasts-uncovered.example --allow-private
expect_stdout 'MTA-STS'
expect_stdout 'mail\.mtasts-uncovered\.example +not covered'
expect_exit 0 icfix mail mtasts-uncovered.example --allow-private --lang nl
expect_stdout 'niet gedekt'

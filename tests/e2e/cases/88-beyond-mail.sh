# shellcheck shell=bash
# 88-beyond-mail -- issue 22: the mail tests beyond internet.nl (TLS-RPT, DKIM keys by
# selector, the RFC 7208 lookup count) on beyond-mail.example and beyond-mail-bad.example
# (tests/fixture/README.md "Beyond internet.nl"). They are informational: the internet.nl
# score and every internet.nl subtest stay those of mail-dane-single.example, whatever they say.

ic mail mail-dane-single.example
ref=$IC_JSON
# same_as_reference -- the internet.nl part of the current JSON equals mail-dane-single's
same_as_reference() {
	_check "$IC_DESC: the internet.nl score is mail-dane-single's" "$(jq .scoring.percentage "$ref")" \
		"$(jq .scoring.percentage "$IC_JSON")"
	_check "$IC_DESC: every internet.nl subtest as mail-dane-single's" "[]" \
		"$(jq -c -n --slurpfile a "$ref" --slurpfile b "$IC_JSON" \
			'[$a[0].results.tests | to_entries[] | select(. != {key, value: $b[0].results.tests[.key]}) | .key]')"
}
beyond() {  # beyond SUBTEST STATUS VERDICT
	expect_json ".beyond.tests.$1 | [.status, .verdict] | join(\" \")" "$2 $3"
}

# TLS-RPT valid, no selector given: the DKIM keys are not judged (internet.nl's behaviour)
ic mail beyond-mail.example
same_as_reference
beyond mail_beyond_tls_rpt passed good
expect_json '.technical.domain.tls_rpt.rua | join(",")' \
	"mailto:tlsrpt@beyond-mail.example,https://reports.beyond-mail.example/tlsrpt"
beyond mail_beyond_dkim_keys not_tested no-selector
beyond mail_beyond_spf_lookups passed good
# the category is its worst subtest: MTA-STS is absent here (info)
expect_json '.beyond.categories.mail_beyond.status' info
beyond mail_beyond_mta_sts info absent
expect_json '.results.tests.mail_beyond_tls_rpt' null

# one selector at a time: RSA-512, 1024, 2048 (two strings), Ed25519, revoked, broken
for s in "s512 failed insufficient" "s1024 warning phase-out" "s2048 passed good" \
         "sed passed good" "srevoked info revoked" "sbroken failed invalid" "nosuch info none"; do
	# shellcheck disable=SC2086  # three words: selector, status, verdict
	set -- $s
	ic mail beyond-mail.example --dkim-selector "$1"
	beyond mail_beyond_dkim_keys "$2" "$3"
	same_as_reference
done
ic mail beyond-mail.example --dkim-selector s2048
expect_json '.technical.domain.dkim_keys.selectors[0] | [.key_type, .bits] | join(" ")' "rsa 2048"
# several: the worst one counts, each is in the details
ic mail beyond-mail.example --dkim-selector s2048 --dkim-selector s1024 --dkim-selector sed
beyond mail_beyond_dkim_keys warning phase-out
expect_json '.technical.domain.dkim_keys.selectors | length' 3
expect_json '.beyond.categories.mail_beyond.status' warning
same_as_reference

# TLS-RPT with an ftp: rua: invalid, and the category fails; the score does not move
ic mail beyond-mail-bad.example
beyond mail_beyond_tls_rpt failed invalid
expect_json '.beyond.categories.mail_beyond.status' failed
same_as_reference
# no record at all (mail-dane-single itself): absent is information, not a failure
IC_JSON=$ref
beyond mail_beyond_tls_rpt info absent

# the report people read has the section, in Dutch too
expect_exit 0 icfix mail beyond-mail.example --allow-private --dkim-selector s1024
expect_stdout 'Beyond internet.nl'
expect_stdout 's1024 +rsa +1024 +phase.out'
expect_exit 0 icfix mail beyond-mail.example --allow-private --lang nl
expect_stdout 'Buiten internet.nl'
# bad selectors are bad input
expect_exit 2 icfix mail beyond-mail.example --dkim-selector 'a..b'
expect_stderr 'wants a selector'
expect_exit 2 icfix web beyond-mail.example --dkim-selector s1024
expect_stderr 'is for mail'

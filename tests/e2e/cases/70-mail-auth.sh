# shellcheck shell=bash
# shellcheck disable=SC2016  # jq expressions
# 70-mail-auth -- spec §3.9 (mail_auth: DMARC, DKIM, SPF; max 50, 40 for non-sending
# domains), §5.3 (custom mail_non_sending_domain), §5.4 (technical domain.dkim/dmarc/spf) and
# §8 items 31-35. Scenarios: tests/fixture/scenarios/auth-*.zone (+ reports-ok.zone).
# Points (§3.9): dmarc 10/0; dmarc_policy valid 10, invalid_p_sp 2, syntax 0, external 10,
# none 0; dkim 10/0; spf 10/0; spf_policy valid 10, syntax 0, invalid_all 2, max lookups 2,
# include/redirect 2 (DNS error on the target or bad all in it) or 0 (no SPF / syntax error
# in the target), none 0. Percentage = int(100.0 / max * points) (§4.1).

# auth_tests DMARC DMARC_POLICY DKIM SPF SPF_POLICY -- each "status/verdict"
auth_tests() {
	local n v
	for n in dmarc_exist dmarc_policy dkim_exist spf_exist spf_policy; do
		v=$1; shift
		expect_test "mail_auth_$n" "${v%%/*}" "${v#*/}"
	done
}
# auth_score POINTS MAX PERCENT
auth_score() {
	expect_json '.scoring.categories.mail_auth | "\(.points)/\(.max_points)"' "$1/$2"
	expect_percent mail_auth "$3"
}
# auth_policy dmarc|spf VALUE -- technical .domain.<x>.policy_status, "(absent)" if no key
auth_policy() {
	expect_json ".technical.domain.$1 | if has(\"policy_status\") then .policy_status else \"(absent)\" end" "$2"
}
non_sending() { expect_json '.results.custom.mail_non_sending_domain' "$1"; }

G=passed/good
NT=not_tested/not-tested

# ---------------------------------------------------------------- DMARC

ic mail auth-no-dmarc.example
# §3.9 DMARC: none at the domain nor at its org domain (itself) → failed/bad; policy not_tested (0)
auth_tests failed/bad "$NT" "$G" "$G" "$G"
# 0 + 0 + 10 + 10 + 10
auth_score 30 50 60
# §5.4: policy_status only when a record exists
auth_policy dmarc '(absent)'
auth_policy spf valid
# §3.9: no record at the domain → the org-domain lookup is flagged org_domain (here the
# domain is its own org domain)
expect_json '.technical.domain.dmarc.record_org_domain' auth-no-dmarc.example
non_sending false
expect_scoring_formula

ic mail auth-dmarc-two.example
# §3.9 DMARC: more than one v=DMARC1 record → fail, stop (no policy test)
auth_tests failed/bad "$NT" "$G" "$G" "$G"
auth_score 30 50 60
# §3.9 table: "tech shows records if several"
expect_json '.technical.domain.dmarc.records | length' 2
# §5.4: no (single) record → no policy_status
auth_policy dmarc '(absent)'
# §3.9: "more than one → fail, stop": no org-domain fallback
expect_json '.technical.domain.dmarc.record_org_domain' null
non_sending false

ic mail auth-dmarc-none.example
# §3.9: p=none → invalid_p_sp → failed/policy, 2 points
auth_tests "$G" failed/policy "$G" "$G" "$G"
auth_score 42 50 84
auth_policy dmarc invalid_p_sp
expect_json '.technical.domain.dmarc.records | length' 1
expect_json '.technical.domain.dmarc.record_org_domain' null

ic mail auth-dmarc-testing.example
# §3.9/§8.33: t=y downgrades quarantine → invalid_p_sp (2)
auth_tests "$G" failed/policy "$G" "$G" "$G"
auth_score 42 50 84
auth_policy dmarc invalid_p_sp

ic mail auth-dmarc-t-reject.example
# §3.9: reject + t=y stays valid
auth_tests "$G" "$G" "$G" "$G" "$G"
auth_score 50 50 100
auth_policy dmarc valid

ic mail auth-dmarc-p-late.example
# §3.9/§8.32: p= must be the first tag after v=DMARC1; → syntax error → failed/bad, 0
# (the record itself is found: dmarc_exist passed)
auth_tests "$G" failed/bad "$G" "$G" "$G"
auth_score 40 50 80
auth_policy dmarc invalid_syntax

ic mail auth-dmarc-unknown-tag.example
# §3.9/§8.32: unknown tag foo= → syntax error (0)
auth_tests "$G" failed/bad "$G" "$G" "$G"
auth_score 40 50 80
auth_policy dmarc invalid_syntax

ic mail auth-dmarc-lowercase.example
# §8.32: "v=dmarc1" is selected case-insensitively (one record → exists good) but the value
# DMARC1 is case-sensitive in the grammar → syntax error (0)
auth_tests "$G" failed/bad "$G" "$G" "$G"
auth_score 40 50 80
auth_policy dmarc invalid_syntax

# --- organisational-domain fallback (PSL default rule "*": org domain of sub.auth-org.example
# is auth-org.example; `psl --print-reg-domain` agrees)
ic mail auth-org.example
# the record "v=DMARC1; p=none; sp=reject;" found at the domain itself: p is used → invalid_p_sp
auth_tests "$G" failed/policy "$G" "$G" "$G"
auth_score 42 50 84
auth_policy dmarc invalid_p_sp
expect_json '.technical.domain.dmarc.record_org_domain' null

ic mail sub.auth-org.example
# §3.9/§8.33: _dmarc.sub NXDOMAIN → org-domain record; sp=reject is the effective policy → valid
auth_tests "$G" "$G" "$G" "$G" "$G"
auth_score 50 50 100
auth_policy dmarc valid
# §5.4: record_org_domain = the org domain where the record was found
expect_json '.technical.domain.dmarc.record_org_domain' auth-org.example
expect_json '.technical.domain.dmarc.records[0]' 'v=DMARC1; p=none; sp=reject;'
non_sending false

ic mail sub2.auth-org.example
# §8.33: _dmarc.sub2 exists but has no v=DMARC1 TXT → fallback as well → sp=reject → valid
auth_tests "$G" "$G" "$G" "$G" "$G"
auth_score 50 50 100
auth_policy dmarc valid
expect_json '.technical.domain.dmarc.record_org_domain' auth-org.example

ic mail sub.auth-org-nosp.example
# §3.9: org-domain record without sp= → p=reject is the effective policy → valid
auth_tests "$G" "$G" "$G" "$G" "$G"
auth_score 50 50 100
auth_policy dmarc valid
expect_json '.technical.domain.dmarc.record_org_domain' auth-org-nosp.example

ic mail auth-org-spnone.example
# "p=reject; sp=none;" at the domain itself: p=reject counts, sp is ignored → valid
auth_tests "$G" "$G" "$G" "$G" "$G"
auth_score 50 50 100
auth_policy dmarc valid

ic mail sub.auth-org-spnone.example
# §3.9: for an org-domain record sp= wins: sp=none → invalid_p_sp (2)
auth_tests "$G" failed/policy "$G" "$G" "$G"
auth_score 42 50 84
auth_policy dmarc invalid_p_sp
expect_json '.technical.domain.dmarc.record_org_domain' auth-org-spnone.example

# --- external report destinations (rua=mailto:r@reports-ok.example)
ic mail auth-ext-ok.example
# §3.9: reports-ok.example publishes auth-ext-ok.example._report._dmarc "v=DMARC1;" → authorised
auth_tests "$G" "$G" "$G" "$G" "$G"
auth_score 50 50 100
auth_policy dmarc valid

ic mail auth-ext-bad.example
# §3.9: no authorisation record → invalid_external → warning/external, points stay 10
auth_tests "$G" warning/external "$G" "$G" "$G"
auth_score 50 50 100
auth_policy dmarc invalid_external

ic mail auth-ext-nosemi.example
# §3.9/§8.32: the authorisation record "v=DMARC1" (no ';') does not parse → not authorised
auth_tests "$G" warning/external "$G" "$G" "$G"
auth_score 50 50 100
auth_policy dmarc invalid_external

# ---------------------------------------------------------------- SPF

ic mail auth-spf-fail.example
# "v=spf1 mx -all"
auth_tests "$G" "$G" "$G" "$G" "$G"
auth_score 50 50 100
auth_policy spf valid
expect_json '.technical.domain.spf.records[0]' 'v=spf1 mx -all'
expect_json '.technical.domain.spf.discovered_records_bad | length' 0

ic mail auth-spf-softfail.example
# §3.9: ~all is fine
auth_tests "$G" "$G" "$G" "$G" "$G"
auth_score 50 50 100
auth_policy spf valid

ic mail auth-spf-pass-all.example
# §3.9: +all → invalid_all → failed/all, 2 points
auth_tests "$G" "$G" "$G" "$G" failed/all
auth_score 42 50 84
auth_policy spf invalid_all
expect_json '[.technical.domain.spf.discovered_records_bad[][1]] | index("v=spf1 mx +all") != null' true

ic mail auth-spf-neutral.example
# §3.9/§8.34: ?all at the top level → invalid_all (2)
auth_tests "$G" "$G" "$G" "$G" failed/all
auth_score 42 50 84
auth_policy spf invalid_all

ic mail auth-spf-incl-neutral.example
# §3.9/§8.34: ?all inside an include is fine
auth_tests "$G" "$G" "$G" "$G" "$G"
auth_score 50 50 100
auth_policy spf valid

ic mail auth-spf-incl-pass-all.example
# §3.9: the included record has +all (bad all) → invalid_include → failed/include, 2 points
auth_tests "$G" "$G" "$G" "$G" failed/include
auth_score 42 50 84
auth_policy spf invalid_include
# §3.9: every failing (domain, record) pair is collected, including the included one
expect_json '[.technical.domain.spf.discovered_records_bad[][1]] | index("v=spf1 ip4:127.0.25.1 +all") != null' true

ic mail auth-spf-no-all.example
# §3.9/§8.34: neither all nor redirect= in a top-level record → invalid_all (2)
auth_tests "$G" "$G" "$G" "$G" failed/all
auth_score 42 50 84
auth_policy spf invalid_all

ic mail auth-spf-lookups.example
# §3.9: budget 10; top include:l1 → 9; l1 (mx, 3×mx:, include:l2) → 4; l2 (the same) → -1;
# entering l3 with -1 < 0 → max_dns_lookups → failed/max-lookups, 2 points
auth_tests "$G" "$G" "$G" "$G" failed/max-lookups
auth_score 42 50 84
auth_policy spf max_dns_lookups
# issue 22 item 4: the tree says where the 11 lookups come from (1 here, l1 5 + l2 5 below)
expect_json '.technical.domain.spf.rfc_dns_lookups' 11
expect_json '.technical.domain.spf.rfc_tree | [.lookups, .total] | join(" ")' "1 11"
expect_json '.technical.domain.spf.rfc_tree.children[0] | [.via, .lookups, .total] | join(" ")' \
	"include:l1.auth-spf-lookups.example 5 10"
expect_json '.technical.domain.spf.rfc_tree.children[0].children[0].children[0] | [.domain, .total] | join(" ")' \
	"l3.auth-spf-lookups.example 0"
expect_json '.technical.domain.spf.rfc_void_lookups' 0
# ... and the informational test beyond internet.nl fails, outside the score (auth_score above)
expect_json '.beyond.tests.mail_beyond_spf_lookups | [.status, .verdict] | join(" ")' "failed too-many-lookups"
expect_json '.beyond.categories.mail_beyond.status' failed
expect_json '.results.tests.mail_beyond_spf_lookups' null
expect_json '.results.categories.mail_beyond' null

ic mail auth-spf-lookups10.example
# control: 1 + 5 + 4 = 10 lookups; l3 is entered with budget 0 (not < 0) → valid
auth_tests "$G" "$G" "$G" "$G" "$G"
auth_score 50 50 100
auth_policy spf valid
expect_json '.technical.domain.spf.rfc_dns_lookups' 10
expect_json '.beyond.tests.mail_beyond_spf_lookups | [.status, .verdict] | join(" ")' "passed good"

ic mail auth-spf-incl-nospf.example
# §3.9: include target exists (it has a TXT) but no SPF record → invalid_include, 0 points
auth_tests "$G" "$G" "$G" "$G" failed/include
auth_score 40 50 80
auth_policy spf invalid_include

ic mail auth-spf-incl-nx.example
# §3.9: include target lookup is NXDOMAIN (a DNS error) → invalid_include, 2 points
auth_tests "$G" "$G" "$G" "$G" failed/include
auth_score 42 50 84
auth_policy spf invalid_include
# the NXDOMAIN include is a void lookup (RFC 7208 §4.6.4), shown in the tree
expect_json '.technical.domain.spf.rfc_void_lookups' 1
expect_json '.technical.domain.spf.rfc_tree.children[0].error' nxdomain
expect_json '.beyond.tests.mail_beyond_spf_lookups.verdict' good   # one void lookup is allowed

ic mail auth-spf-redir-bad.example
# §3.9: redirect target has a syntax error (unknown mechanism foo) → invalid_redirect, 0 points
auth_tests "$G" "$G" "$G" "$G" failed/redirect
auth_score 40 50 80
auth_policy spf invalid_redirect
expect_json '[.technical.domain.spf.discovered_records_bad[][1]] | index("v=spf1 ip4:127.0.25.1 foo -all") != null' true

ic mail auth-spf-redir-ok.example
# §3.9: no all but a redirect= to a good record → valid
auth_tests "$G" "$G" "$G" "$G" "$G"
auth_score 50 50 100
auth_policy spf valid

ic mail auth-spf-macro.example
# §3.9: macros are allowed in domain-specs ("exists:%{i}._spf.%{d}"); exists counts 1 lookup
auth_tests "$G" "$G" "$G" "$G" "$G"
auth_score 50 50 100
auth_policy spf valid

ic mail auth-spf-long.example
# §1.4: the three character-strings of one TXT record are concatenated without separator
# (466 bytes), giving one valid SPF record
auth_tests "$G" "$G" "$G" "$G" "$G"
auth_score 50 50 100
auth_policy spf valid
expect_json '.technical.domain.spf.records[0]' 'v=spf1 mx ip4:192.0.2.1 ip4:192.0.2.2 ip4:192.0.2.3 ip4:192.0.2.4 ip4:192.0.2.5 ip4:192.0.2.6 ip4:192.0.2.7 ip4:192.0.2.8 ip4:192.0.2.9 ip4:192.0.2.10 ip4:192.0.2.11 ip4:192.0.2.12 ip4:192.0.2.13 ip4:192.0.2.14 ip4:192.0.2.15 ip4:192.0.2.16 ip4:192.0.2.17 ip4:192.0.2.18 ip4:192.0.2.19 ip4:192.0.2.20 ip6:2001:db8::1 ip6:2001:db8::2 ip6:2001:db8::3 ip6:2001:db8::4 ip6:2001:db8::5 ip6:2001:db8::6 ip6:2001:db8::7 ip6:2001:db8::8 ip6:2001:db8::9 ip6:2001:db8::10 -all'

# ---------------------------------------------------------------- DKIM

ic mail auth-dkim-ent.example
# §3.9/§8.31: only sel._domainkey exists → _domainkey is an empty non-terminal (NODATA) → available
auth_tests "$G" "$G" "$G" "$G" "$G"
auth_score 50 50 100
expect_json '.technical.domain.dkim.discovered' true
non_sending false

ic mail auth-dkim-none.example
# §3.9/§8.31: no _domainkey names → NXDOMAIN → failed/bad; SPF "mx -all" is not the
# non-sending pattern, so DKIM stays scored
auth_tests "$G" "$G" failed/bad "$G" "$G"
auth_score 40 50 80
expect_json '.technical.domain.dkim.discovered' false
non_sending false

ic mail auth-dkim-wild.example
# §3.9: *._domainkey makes _domainkey an empty non-terminal → NODATA → available
auth_tests "$G" "$G" "$G" "$G" "$G"
auth_score 50 50 100
expect_json '.technical.domain.dkim.discovered' true

# ---------------------------------------------------------------- non-sending domains

ic mail auth-nonsending.example
# §3.9 non-sending rule: no DKIM + "v=DMARC1; p=reject;" + "v=spf1 -all" → DKIM
# not_tested/no-email, removed from scoring: max 40, 40/40
auth_tests "$G" "$G" not_tested/no-email "$G" "$G"
auth_score 40 40 100
expect_max_points mail_auth 40
auth_policy dmarc valid
auth_policy spf valid
expect_json '.technical.domain.dkim.discovered' false
# §5.3: the same condition is the custom result
non_sending true
expect_scoring_formula

ic mail auth-nonsending-quar.example
# §3.9: p=quarantine does not match ^v=DMARC1;\ *p=reject;? → not non-sending → DKIM failed (0)
auth_tests "$G" "$G" failed/bad "$G" "$G"
auth_score 40 50 80
non_sending false

# ---------------------------------------------------------------- older scenarios

ic mail nullmx.example
# MX 0 ., "v=spf1 -all", no DMARC, no DKIM: not non-sending (needs a valid DMARC) → 0+0+0+10+10
auth_tests failed/bad "$NT" failed/bad "$G" "$G"
auth_score 20 50 40
auth_policy spf valid
non_sending false

ic mail nullmx-noaddr.example
# the same records apart from the A record → 20/50
auth_tests failed/bad "$NT" failed/bad "$G" "$G"
auth_score 20 50 40
non_sending false

ic mail nullmx-other.example
# no SPF, no DMARC, no DKIM → everything 0; both policy subtests not_tested
auth_tests failed/bad "$NT" failed/bad failed/bad "$NT"
auth_score 0 50 0
auth_policy spf '(absent)'
auth_policy dmarc '(absent)'
non_sending false

ic mail mx-localhost.example
# nothing but "MX 10 localhost." → 0/50
auth_tests failed/bad "$NT" failed/bad failed/bad "$NT"
auth_score 0 50 0

ic mail mx-eleven.example
# 11 MX, no SPF, no DMARC, no DKIM → 0/50 (mail_auth does not depend on MX)
auth_tests failed/bad "$NT" failed/bad failed/bad "$NT"
auth_score 0 50 0

ic mail secure.example
# SPF "ip4:… ip6:… -all" (valid), no DMARC, no DKIM → 0+0+0+10+10
auth_tests failed/bad "$NT" failed/bad "$G" "$G"
auth_score 20 50 40
non_sending false

# shellcheck shell=bash
# The brief text report (--brief) carries the same statuses, verdicts and percentages as
# --json (issue 2: "in text and --json"), plus the details and a fix line for what fails.
# The full report (the default) is 98-report.sh.

# one-ns6: ns_address failed/other; NS points 5 -> IPv6 17/22 = 77 (§3.1)
expect_exit 0 icfix web one-ns6.example --allow-private --brief
expect_stdout '^IPv6 +failed +77%  \(17/22 points\)'
expect_stdout '^  failed +IPv6 addresses for name servers +other$'
# the details are a table row: name server, IPv6 (None), IPv4
expect_stdout '^ +ns2\.one-ns6\.example  None  [0-9.]+'
expect_stdout 'fix: Only one name server has IPv6'
expect_stdout '^DNSSEC +passed +100%  \(10/10 points\)'
# standard site (the §6.2 reference configuration), trusted through --ca-file: 150/150
expect_stdout '^HTTPS +passed +100%  \(150/150 points\)'
# §4.2: int((77 + 100 + 100 + 100) / 4) = 94; security options are not counted
expect_stdout '^RPKI +passed +100%  \(30/30 points\)'
expect_stdout '^one-ns6\.example  web test  score 94%$'

# insecure: 2/10 = 20 % (§3.2), dnssec_valid not tested
expect_exit 0 icfix web insecure.example --allow-private --brief
expect_stdout '^DNSSEC +failed +20%  \(2/10 points\)'
expect_stdout '^  not_tested +DNSSEC validity +not-tested$'

# bogus: unbound's reason is shown under the failing subtest
expect_exit 0 icfix web bogus-sig.example --allow-private --brief
expect_stdout '^  failed +DNSSEC validity +bad$'
expect_stdout '^ +bogus-sig\.example  bogus  .*signature expired'

# mail: MX in an unsigned zone -> 20 % (§3.8), the MX named in the details
expect_exit 0 icfix mail mx-unsigned.example --allow-private --brief
expect_stdout '^DNSSEC +failed +20%  \(2/10 points\)'
# [mail server, signed with DNSSEC]
expect_stdout '^ +mail\.insecure\.example  no$'

# Null MX with other MX: forced warning (§3.6); no colour codes when not on a tty
expect_exit 0 icfix mail nullmx-other.example --allow-private --brief
expect_stdout '^  warning +IPv6 addresses for mail servers +null-mx-with-other-mx$'
if grep -q $'\033' "$LAST_OUT"; then _fail "no ANSI colour when stdout is not a tty" "escape codes"
else _pass "no ANSI colour when stdout is not a tty"; fi

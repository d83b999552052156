#!/bin/sh
# install-deps.sh LIST... -- install the Debian packages named in the LIST files
# (one per line, '#' comments) that are not installed yet. Daemons installed here
# must not start on the host: a policy-rc.d that denies starts is put in place
# if none exists.
set -eu
want=$(cat "$@" | sed 's/#.*//' | tr -s ' \t' '\n' | grep -v '^$' | sort -u)
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && { echo "packages: all installed"; exit 0; }
echo "packages: installing$missing"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
	$SUDO chmod 755 /usr/sbin/policy-rc.d
fi
export DEBIAN_FRONTEND=noninteractive
# postfix asks its mail configuration type on install: preseed "no configuration"
case " $missing " in *" postfix "*)
	printf '%s\n' "postfix postfix/main_mailer_type select No configuration" \
		"postfix postfix/mailname string localhost" | $SUDO debconf-set-selections ;;
esac
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $missing >/dev/null
echo "packages: done"

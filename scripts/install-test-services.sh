#!/usr/bin/env bash
# Installs what the test suite's real servers and PDF checks need on Debian (bookworm), as root.
#
# Idempotent and non-interactive (CI): installs only what is missing, runs `apt-get update` only
# then, and never leaves Debian's own Dovecot running on port 143 -- the tests start their own
# instances on free loopback ports (tests/services/).
set -euo pipefail

# faketime: libfaketime moves one process's clock (tests/test_assent_run_command.py: a reminder
# that goes out once `assent run` believes the due date has passed).
# chromium + chromium-driver: the real-browser test of the client page (tests/test_web_browser_signing.py).
PACKAGES=(dovecot-imapd poppler-utils libharfbuzz-subset0 fonts-dejavu-core faketime chromium chromium-driver)
POSTGRES_PACKAGE=postgresql
POSTGRES_TOOLS=(initdb pg_ctl psql)
APT_LOCK_WAIT=600  # seconds to wait for another apt/dpkg run to finish

fail() {
    echo "install-test-services: $*" >&2
    exit 1
}

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# Where a PostgreSQL tool is: PATH first, then Debian's versioned dir (tests/services looks too).
postgres_tool() {
    command -v "$1" 2>/dev/null && return 0
    local found
    found=$(ls -1d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1) || true
    [[ -n "$found" ]] && echo "$found"
}

[[ $(id -u) -eq 0 ]] || fail "run as root (apt-get and the test Dovecot need it)"
command -v apt-get >/dev/null || fail "apt-get not found: this script supports Debian only"

missing=()
for package in "${PACKAGES[@]}"; do
    if installed "$package"; then
        echo "$package: present"
    else
        missing+=("$package")
    fi
done
for tool in "${POSTGRES_TOOLS[@]}"; do
    if ! postgres_tool "$tool" >/dev/null; then
        missing+=("$POSTGRES_PACKAGE")
        break
    fi
done

if ((${#missing[@]})); then
    export DEBIAN_FRONTEND=noninteractive
    # Keep package scripts from starting system daemons (Dovecot on 143, a Postgres cluster).
    policy=/usr/sbin/policy-rc.d
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        trap 'rm -f "$policy"' EXIT
    fi
    apt_get=(apt-get -o "DPkg::Lock::Timeout=$APT_LOCK_WAIT" -y -q)
    log=$(mktemp)
    if ! { "${apt_get[@]}" update && "${apt_get[@]}" install --no-install-recommends \
        "${missing[@]}"; } </dev/null >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        fail "apt-get could not install ${missing[*]} (output above; full log in $log)"
    fi
    rm -f "$log"
    for package in "${missing[@]}"; do
        installed "$package" || fail "$package is still not installed after apt-get install"
        echo "$package: installed"
    done
fi

for tool in "${POSTGRES_TOOLS[@]}"; do
    where=$(postgres_tool "$tool") || fail "$tool not found even after installing $POSTGRES_PACKAGE"
    if command -v "$tool" >/dev/null; then
        echo "$tool: present ($where)"
    else
        echo "$tool: present ($where; not on PATH -- the tests find it there," \
            "or add $(dirname "$where") to PATH)"
    fi
done

# If Debian's Dovecot is running anyway (installed before this script), stop and disable it.
# Only the system instance is touched: its pid file is under /run/dovecot, ours are in /tmp.
system_pid=/run/dovecot/master.pid
if [[ -s $system_pid ]] && kill -0 "$(cat "$system_pid")" 2>/dev/null; then
    doveadm stop 2>/dev/null || kill "$(cat "$system_pid")"
    echo "system dovecot: stopped"
fi
if [[ -d /run/systemd/system ]]; then
    systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true
elif command -v update-rc.d >/dev/null && [[ -e /etc/init.d/dovecot ]]; then
    update-rc.d dovecot disable >/dev/null 2>&1 || true
fi

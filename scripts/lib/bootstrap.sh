# shellcheck shell=bash
# Shared set-up for scripts/test and scripts/demo. Sourced, not run.
# Idempotent: every step checks what is already there and skips it.
#
# Environment (all optional):
#   ODOO_SRC        an Odoo 18.0 source tree            (default /opt/odoo-18.0)
#   URSSAF_AI_HOME  where the venv, logs and data live  (default ~/.local/share/l10n_fr_urssaf_avance_immediate)
#   PGHOST PGPORT   PostgreSQL server                   (default 127.0.0.1 5432)
#   ODOO_DB_USER    the PostgreSQL role Odoo uses       (default odoo)
#   URSSAF_AI_CHECKOUT_KEY  a name for this checkout, for several checkouts tested at once on one
#                   machine: its own addons link folder and test database (default: none)

set -euo pipefail

MODULE=l10n_fr_urssaf_avance_immediate
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo-18.0}"
URSSAF_AI_HOME="${URSSAF_AI_HOME:-$HOME/.local/share/$MODULE}"
VENV="$URSSAF_AI_HOME/venv"
PY="$VENV/bin/python"
export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"
ODOO_DB_USER="${ODOO_DB_USER:-odoo}"
export PGOPTIONS="-c client_min_messages=warning"
ADDONS_LINK_DIR="$URSSAF_AI_HOME/addons${URSSAF_AI_CHECKOUT_KEY:+-$URSSAF_AI_CHECKOUT_KEY}"
DATA_DIR="$URSSAF_AI_HOME/data"
LOG_DIR="$URSSAF_AI_HOME/log"
mkdir -p "$URSSAF_AI_HOME" "$ADDONS_LINK_DIR" "$DATA_DIR" "$LOG_DIR"

say() { printf '==> %s\n' "$*" >&2; }

# pip, without this machine's notes on missing local mirrors and on the OCA wheels' pin of 'odoo'.
pip_install() {
    "$PY" -m pip install -q "$@" 2> >(grep -v -E "is ignored: it is neither|requires odoo==|dependency resolver does not|dependency conflicts" >&2)
}

# --- Odoo tree ---------------------------------------------------------------------------------
ODOO_HOME_TREE="$URSSAF_AI_HOME/odoo-18.0"
ODOO_GIT_URL="${ODOO_GIT_URL:-https://github.com/odoo/odoo}"
ODOO_NIGHTLY_URL="${ODOO_NIGHTLY_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}"

# odoo_tree_why DIR: prints nothing when DIR is an Odoo 18.0 source tree, else why not.
odoo_tree_why() {
    if [ ! -d "$1" ]; then
        echo "no such folder"
    elif [ ! -f "$1/odoo/release.py" ]; then
        echo "not an Odoo source tree: no odoo/release.py"
    elif ! grep -qE "^version_info = \(18, 0," "$1/odoo/release.py"; then
        echo "not Odoo 18.0"
    elif [ ! -f "$1/odoo-bin" ] && [ ! -f "$1/setup/odoo" ]; then
        echo "no odoo-bin nor setup/odoo"
    fi
}

# Sets ODOO_FOUND=1 and ODOO_SRC to an Odoo 18.0 tree: $ODOO_SRC, else the project's home folder,
# else (with --fetch) one fetched into the home folder. Else ODOO_FOUND=0 and ODOO_MISSING_WHY.
find_odoo() {
    ODOO_FOUND=0
    ODOO_MISSING_WHY=""
    local why_src why_home
    why_src="$(odoo_tree_why "$ODOO_SRC")"
    if [ -n "$why_src" ]; then
        why_home="$(odoo_tree_why "$ODOO_HOME_TREE")"
        if [ -z "$why_home" ]; then
            ODOO_SRC="$ODOO_HOME_TREE"
        elif [ "${1:-}" = --fetch ] && fetch_odoo "$ODOO_HOME_TREE"; then
            ODOO_SRC="$ODOO_HOME_TREE"
        else
            ODOO_MISSING_WHY="no Odoo 18.0 tree at ODOO_SRC=$ODOO_SRC ($why_src) nor at $ODOO_HOME_TREE ($why_home)${ODOO_FETCH_WHY:+; $ODOO_FETCH_WHY}"
            return 0
        fi
    fi
    ODOO_FOUND=1
    # Nightly sdist layout: every addon under odoo/addons; git layout: also addons/.
    ODOO_ADDONS_PATH="$ODOO_SRC/odoo/addons"
    [ -d "$ODOO_SRC/addons" ] && ODOO_ADDONS_PATH="$ODOO_SRC/addons,$ODOO_ADDONS_PATH"
    ODOO_BIN="$ODOO_SRC/odoo-bin"
    [ -f "$ODOO_BIN" ] || ODOO_BIN="$ODOO_SRC/setup/odoo"
    # Odoo names a module after its folder: present the checkout under the module's name.
    ln -sfn "$REPO_DIR" "$ADDONS_LINK_DIR/$MODULE"
    ADDONS_PATH="$ADDONS_LINK_DIR,$ODOO_ADDONS_PATH"
}

# fetch_odoo DEST: Odoo 18.0 Community into DEST, from a shallow clone of the official 18.0
# branch, else the official nightly source archive. Never hangs: each way is first probed with
# short time-outs, a transfer that stalls is abandoned, and a half-done download is removed (also
# on Ctrl-C). Sets ODOO_FETCH_WHY when it fails. URSSAF_AI_NO_FETCH=1 turns it off.
fetch_odoo() {
    local dest="$1" partial="$1.partial" tried=() rc=1
    ODOO_FETCH_WHY=""
    if [ "${URSSAF_AI_NO_FETCH:-0}" = 1 ]; then
        ODOO_FETCH_WHY="fetching Odoo is turned off (URSSAF_AI_NO_FETCH=1)"
        return 1
    fi
    mkdir -p "$(dirname "$dest")"
    # one fetch at a time per home folder; a partial download left by a killed run is removed
    exec {lock_fd}>"$dest.lock"
    command -v flock >/dev/null 2>&1 && flock "$lock_fd"
    if [ -z "$(odoo_tree_why "$dest")" ]; then # fetched meanwhile by another run
        exec {lock_fd}>&-
        return 0
    fi
    rm -rf "$partial"
    # shellcheck disable=SC2064
    trap "rm -rf '$partial'; trap - INT TERM; kill -INT \$\$" INT
    # shellcheck disable=SC2064
    trap "rm -rf '$partial'; exit 143" TERM
    if command -v git >/dev/null 2>&1; then
        tried+=("git clone of $ODOO_GIT_URL (18.0)")
        if GIT_TERMINAL_PROMPT=0 timeout --foreground 30 git ls-remote --heads "$ODOO_GIT_URL" 18.0 >/dev/null 2>&1; then
            say "fetching Odoo 18.0 Community: shallow clone of $ODOO_GIT_URL, branch 18.0, into $dest (several hundred MB, once)"
            GIT_TERMINAL_PROMPT=0 timeout --foreground "${URSSAF_AI_FETCH_TIMEOUT:-3600}" \
                git -c http.lowSpeedLimit=1000 -c http.lowSpeedTime=60 clone --progress \
                --depth 1 --single-branch --branch 18.0 "$ODOO_GIT_URL" "$partial" &&
                rm -rf "$partial/.git" && rc=0
            [ "$rc" = 0 ] || tried[-1]+=": the clone failed or stalled"
        else
            tried[-1]+=": unreachable"
        fi
    fi
    if [ "$rc" != 0 ] && command -v curl >/dev/null 2>&1; then
        rm -rf "$partial"
        tried+=("nightly archive $ODOO_NIGHTLY_URL")
        if curl -fsS -r 0-0 -o /dev/null --connect-timeout 15 --max-time 30 "$ODOO_NIGHTLY_URL" >/dev/null 2>&1; then
            say "fetching Odoo 18.0 Community: nightly source archive $ODOO_NIGHTLY_URL into $dest (a few hundred MB, once)"
            mkdir -p "$partial" &&
                curl -fL --connect-timeout 15 --speed-limit 1000 --speed-time 60 \
                    --max-time "${URSSAF_AI_FETCH_TIMEOUT:-3600}" --progress-bar \
                    -o "$partial/odoo.tar.gz" "$ODOO_NIGHTLY_URL" &&
                say "unpacking the archive" &&
                tar -xzf "$partial/odoo.tar.gz" -C "$partial" --strip-components=1 &&
                rm -f "$partial/odoo.tar.gz" && rc=0
            [ "$rc" = 0 ] || tried[-1]+=": the download failed or stalled"
        else
            tried[-1]+=": unreachable"
        fi
    fi
    if [ "$rc" = 0 ] && [ -n "$(odoo_tree_why "$partial")" ]; then
        tried+=("the download is not an Odoo 18.0 tree ($(odoo_tree_why "$partial"))")
        rc=1
    fi
    if [ "$rc" = 0 ]; then
        rm -rf "$dest" && mv "$partial" "$dest" && say "Odoo 18.0 is in $dest"
    else
        rm -rf "$partial"
        if [ "${#tried[@]}" = 0 ]; then
            ODOO_FETCH_WHY="could not fetch it: neither git nor curl is installed"
        else
            ODOO_FETCH_WHY="could not fetch it (no network?): $(IFS=';'; echo "${tried[*]}" | sed 's/;/; /g')"
        fi
    fi
    trap - INT TERM
    exec {lock_fd}>&-
    [ "$rc" = 0 ]
}

# --- Python virtual environment ---------------------------------------------------------------
find_python() {
    for candidate in python3.11 python3.12 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] < (3, 13))'; then
            command -v "$candidate"
            return 0
        fi
    done
    echo "no Python 3.10-3.12 found" >&2
    return 1
}

# Installs Debian packages when this runs as root on a system with apt-get (quietly); fails
# otherwise, for the caller to say what is missing.
apt_install() { # package...
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "$@" >/dev/null
}

# The Debian packages that building Odoo's requirements needs (psycopg2 and python-ldap come as
# sources): installed when missing and root; otherwise named in the error. Without the LDAP/SASL
# headers only python-ldap (module auth_ldap) is left out, with a warning.
ensure_build_packages() {
    local needed=() optional=() ldap_pkg=libldap2-dev
    command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || needed+=(gcc)
    if ! "$PY" -c 'import os, sysconfig, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
        needed+=("$("$PY" -c 'import sys; print("python%d.%d-dev" % sys.version_info[:2])')")
    fi
    command -v pg_config >/dev/null 2>&1 || [ -f /usr/include/postgresql/libpq-fe.h ] || needed+=(libpq-dev)
    # Debian 13 and Ubuntu 24.04 name it libldap-dev (libldap2-dev stays as a transitional name)
    command -v apt-cache >/dev/null 2>&1 && apt-cache show libldap-dev >/dev/null 2>&1 && ldap_pkg=libldap-dev
    [ -f /usr/include/ldap.h ] || optional+=("$ldap_pkg")
    [ -f /usr/include/sasl/sasl.h ] || optional+=(libsasl2-dev)
    [ "${#needed[@]}" = 0 ] && [ "${#optional[@]}" = 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing the build packages Odoo's requirements need: ${needed[*]} ${optional[*]}"
        apt_install "${needed[@]}" "${optional[@]}" && return 0
        echo "apt-get could not install: ${needed[*]} ${optional[*]}" >&2
    fi
    if [ "${#needed[@]}" -gt 0 ]; then
        echo "Building Odoo's Python requirements needs these packages, missing here: ${needed[*]}" \
            "(Debian/Ubuntu: sudo apt-get install ${needed[*]} ${optional[*]}; or run this command as root)." >&2
        return 1
    fi
    echo "warning: ${optional[*]} missing: python-ldap (module auth_ldap only) is left out" >&2
}

# Installs what the stamp says is missing. $1 = "with-odoo" to add Odoo's requirements.
ensure_venv() {
    local want_odoo="${1:-}"
    if [ ! -x "$PY" ]; then
        say "creating the virtual environment $VENV"
        "$(find_python)" -m venv "$VENV"
        pip_install --upgrade pip
    fi
    local stamp_src="$REPO_DIR/requirements.txt $REPO_DIR/requirements-dev.txt $REPO_DIR/scripts/lib/oca-addons.txt"
    local stamp_file="$VENV/.stamp-base"
    local stamp
    # shellcheck disable=SC2086
    stamp="$(cat $stamp_src | sha256sum | cut -c1-16)"
    if [ "$(cat "$stamp_file" 2>/dev/null)" != "$stamp" ]; then
        say "installing the addon's and the test tools' Python packages"
        pip_install -r "$REPO_DIR/requirements.txt" -r "$REPO_DIR/requirements-dev.txt"
        # OCA addons from PyPI pin the 'odoo' distribution: install them without it.
        pip_install --no-deps -r "$REPO_DIR/scripts/lib/oca-addons.txt"
        echo "$stamp" >"$stamp_file"
    fi
    if [ "$want_odoo" = "with-odoo" ] && [ "${ODOO_FOUND:-0}" = 1 ]; then
        local odoo_stamp_file="$VENV/.stamp-odoo"
        local odoo_stamp
        odoo_stamp="$( (cat "$ODOO_SRC/requirements.txt"; echo "$ODOO_SRC") | sha256sum | cut -c1-16)"
        if [ "$(cat "$odoo_stamp_file" 2>/dev/null)" != "$odoo_stamp" ]; then
            say "installing Odoo's Python requirements (a few minutes the first time)"
            local constraints="$URSSAF_AI_HOME/pip-constraints.txt"
            # cbor2 5.4.2's sdist imports pkg_resources, which setuptools 81 dropped.
            echo "setuptools<81" >"$constraints"
            ensure_build_packages || return 1
            # python-ldap (auth_ldap only) builds against the LDAP and SASL headers: without them,
            # leave it out (ensure_build_packages said so).
            if [ -f /usr/include/ldap.h ] && [ -f /usr/include/sasl/sasl.h ]; then
                cp "$ODOO_SRC/requirements.txt" "$URSSAF_AI_HOME/odoo-requirements.txt"
            else
                grep -v -i '^python-ldap' "$ODOO_SRC/requirements.txt" >"$URSSAF_AI_HOME/odoo-requirements.txt"
            fi
            PIP_CONSTRAINT="$constraints" PIP_BUILD_CONSTRAINT="$constraints" \
                pip_install -r "$URSSAF_AI_HOME/odoo-requirements.txt" || {
                echo "installing Odoo's Python requirements failed (see above)" >&2
                return 1
            }
            # Odoo pins requests 2.31 and friends: re-assert the addon's own needs on top.
            pip_install -r "$REPO_DIR/requirements.txt"
            echo "$odoo_stamp" >"$odoo_stamp_file"
        fi
        # `import odoo` from the venv (pytest-odoo needs it).
        local site
        site="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
        echo "$ODOO_SRC" >"$site/odoo-src.pth"
    fi
}

# --- the browser of the tours --------------------------------------------------------------------
# Odoo's browser tests (tours, e.g. the client's portal form) drive a headless Chrome or Chromium.
# Installed from Debian's packages when missing and root; otherwise those tests are skipped by
# Odoo and counted as skipped, never as passed.
ensure_browser() {
    local candidate
    for candidate in google-chrome chromium chromium-browser google-chrome-stable; do
        command -v "$candidate" >/dev/null 2>&1 && return 0
    done
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing Chromium for the browser tests (Debian's package chromium)"
        apt_install chromium fonts-liberation && return 0
    fi
    echo "warning: no Chrome or Chromium here: the browser tests (tours) are skipped" \
        "(Debian/Ubuntu: apt-get install chromium)" >&2
    return 0
}

# --- PostgreSQL -----------------------------------------------------------------------------------
pg_is_local() { case "$PGHOST" in 127.0.0.1 | localhost | ::1 | /*) return 0 ;; esac; return 1; }

# psql as PostgreSQL's superuser. As root on this machine: the 'postgres' system user through
# local peer authentication on the Unix socket (stock Debian's only way in; runuser, else su: a
# container may lack sudo). Else sudo -n when it works. Else the role PG_ADMIN_USER (default
# postgres) on $PGHOST, by trust or with a password from PGPASSWORD / ~/.pgpass.
pg_admin() {
    local args=(-X -q -v ON_ERROR_STOP=1 -p "$PGPORT" -d postgres "$@")
    local socket_env=(env -u PGHOST)
    case "$PGHOST" in /*) socket_env=(env "PGHOST=$PGHOST") ;; esac
    if [ -z "${PG_ADMIN_VIA:-}" ]; then
        PG_ADMIN_VIA=tcp
        if pg_is_local && id -u postgres >/dev/null 2>&1; then
            if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1; then
                PG_ADMIN_VIA=runuser
            elif [ "$(id -u)" = 0 ] && command -v su >/dev/null 2>&1; then
                PG_ADMIN_VIA=su
            elif command -v sudo >/dev/null 2>&1 && sudo -n -u postgres true 2>/dev/null; then
                PG_ADMIN_VIA=sudo
            fi
        fi
    fi
    case "$PG_ADMIN_VIA" in
    runuser) (cd / && runuser -u postgres -- "${socket_env[@]}" psql "${args[@]}") ;;
    su) (cd / && su -s /bin/sh postgres -- -c 'exec "$@"' sh "${socket_env[@]}" psql "${args[@]}") ;;
    sudo) (cd / && sudo -n -u postgres "${socket_env[@]}" psql "${args[@]}") ;;
    *) psql -h "$PGHOST" -U "${PG_ADMIN_USER:-postgres}" "${args[@]}" ;;
    esac
}

ensure_postgres() {
    if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
        if ! command -v pg_ctlcluster >/dev/null 2>&1; then
            if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
                say "installing PostgreSQL from Debian's packages"
                apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
            else
                echo "PostgreSQL is not installed: install it (Debian: apt-get install postgresql)" >&2
                return 1
            fi
        fi
        say "starting PostgreSQL"
        local version
        version="$(ls /etc/postgresql | sort -V | tail -n 1)"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
        for _ in $(seq 1 30); do
            pg_isready -q -h "$PGHOST" -p "$PGPORT" && break
            sleep 1
        done
    fi
    pg_isready -q -h "$PGHOST" -p "$PGPORT" || {
        echo "PostgreSQL does not answer on $PGHOST:$PGPORT" >&2
        return 1
    }
    # Odoo refuses the 'postgres' role: use a dedicated one allowed to create databases, which
    # logs in with a password on $PGHOST (stock Debian asks for one on 127.0.0.1).
    if odoo_role_works; then
        return 0
    fi
    if pg_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname='$ODOO_DB_USER'" 2>/dev/null | grep -q 1; then
        echo "The PostgreSQL role $ODOO_DB_USER exists but cannot log in on $PGHOST:$PGPORT with" \
            "the password '$ODOO_DB_USER' and the right to create databases; set ODOO_DB_USER to another name." >&2
        return 1
    fi
    say "creating the PostgreSQL role $ODOO_DB_USER"
    if ! pg_admin -c "CREATE ROLE \"$ODOO_DB_USER\" LOGIN CREATEDB PASSWORD '$ODOO_DB_USER'" ||
        ! odoo_role_works; then
        echo "Could not create the PostgreSQL role $ODOO_DB_USER on $PGHOST:$PGPORT. Run as root" \
            "(the scripts then use the postgres system user), or create it yourself:" \
            "sudo -u postgres psql -c \"CREATE ROLE $ODOO_DB_USER LOGIN CREATEDB PASSWORD '$ODOO_DB_USER'\"" >&2
        return 1
    fi
}

odoo_role_works() {
    PGPASSWORD="$ODOO_DB_USER" psql -X -U "$ODOO_DB_USER" -d postgres -tAc \
        "SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolcreatedb OR rolsuper)" 2>/dev/null | grep -q 1
}

db_exists() { PGPASSWORD="$ODOO_DB_USER" psql -X -U "$ODOO_DB_USER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1; }
db_drop() {
    PGPASSWORD="$ODOO_DB_USER" psql -X -q -U "$ODOO_DB_USER" -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
    rm -rf "$DATA_DIR/filestore/$1"
}
db_clone() { # template -> new (database and filestore)
    db_drop "$2"
    PGPASSWORD="$ODOO_DB_USER" psql -X -q -U "$ODOO_DB_USER" -d postgres -c "CREATE DATABASE \"$2\" TEMPLATE \"$1\"" >/dev/null
    if [ -d "$DATA_DIR/filestore/$1" ]; then
        mkdir -p "$DATA_DIR/filestore"
        cp -a "$DATA_DIR/filestore/$1" "$DATA_DIR/filestore/$2"
    fi
}

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# odoo-bin's command line with the project's settings: [server|shell] then extra arguments, in
# ODOO_ARGV (to start it in the background with its own process id: "${ODOO_ARGV[@]}" &).
odoo_argv() {
    local command=()
    case "${1:-}" in server | shell) command=("$1") && shift ;; esac
    ODOO_ARGV=("$PY" "$ODOO_BIN" "${command[@]}" --addons-path="$ADDONS_PATH" --data-dir="$DATA_DIR"
        --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$ODOO_DB_USER" --db_password="$ODOO_DB_USER"
        "$@")
}

# Runs odoo-bin with the project's settings: [server|shell] then extra arguments.
odoo_run() {
    odoo_argv "$@"
    "${ODOO_ARGV[@]}"
}

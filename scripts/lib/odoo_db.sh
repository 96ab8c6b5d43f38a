# shellcheck shell=bash
# Template database with the addon's dependencies installed, rebuilt when they change.
# Sourced after bootstrap.sh; needs find_odoo, ensure_venv with-odoo and ensure_postgres done.

addon_depends() {
    "$PY" -c 'import ast,sys; print(",".join(ast.literal_eval(open(sys.argv[1]).read())["depends"]))' \
        "$REPO_DIR/__manifest__.py"
}

ensure_template_db() {
    local depends key
    depends="$(addon_depends)"
    key="$( (echo "$depends"; echo "$ODOO_SRC"; cat "$REPO_DIR/scripts/lib/oca-addons.txt" \
        "$VENV/.stamp-odoo") | sha256sum | cut -c1-10)"
    TEMPLATE_DB="${MODULE}_tmpl_${key}"
    if db_exists "$TEMPLATE_DB"; then
        return 0
    fi
    say "building the template database $TEMPLATE_DB ($depends): about 2 minutes, once"
    # Drop templates of earlier dependency sets, but keep the two newest: several checkouts (other
    # branches) may share this server and still use theirs.
    for old in $(PGPASSWORD="$ODOO_DB_USER" psql -X -U "$ODOO_DB_USER" -d postgres -tAc \
        "SELECT datname FROM pg_database WHERE datname LIKE '${MODULE}\_tmpl\_%'
           AND datname NOT LIKE '%\_building' ORDER BY oid DESC OFFSET 2"); do
        db_drop "$old"
    done
    local tmp="${TEMPLATE_DB}_building"
    db_drop "$tmp"
    rm -f "$LOG_DIR/template.log"
    if ! odoo_run -d "$tmp" -i "$depends" --without-demo=all --stop-after-init \
        --http-port="$(free_port)" --http-interface=127.0.0.1 --log-level=warn \
        --logfile="$LOG_DIR/template.log"; then
        echo "building the template failed: see $LOG_DIR/template.log" >&2
        tail -n 30 "$LOG_DIR/template.log" >&2
        return 1
    fi
    db_clone "$tmp" "$TEMPLATE_DB" && db_drop "$tmp"
}

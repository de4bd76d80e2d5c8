#!/bin/sh
# One-shot, run by the temporal-schema service (temporalio/admin-tools image) before the Temporal
# server starts: creates the `temporal` and `temporal_visibility` databases on PostgreSQL if missing,
# then brings both schemas to the versions shipped in this admin-tools image. The same steps as
# Temporal's own compose setup (samples-server compose/scripts/setup-postgres.sh).
#
# Safe to run at every start and after an upgrade: `create` ignores an existing database,
# `setup-schema -v 0.0` leaves a newer schema version alone, `update-schema` applies only the
# versions not yet applied. Upgrade the admin-tools image together with the server image.
#
# Environment: POSTGRES_SEEDS (host), DB_PORT (default 5432), POSTGRES_USER, SQL_PASSWORD (read by
# temporal-sql-tool itself); TEMPORAL_SCHEMA_DIR only outside the image.
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS (the PostgreSQL host) must be set}"
: "${POSTGRES_USER:?POSTGRES_USER must be set}"
: "${SQL_PASSWORD:?SQL_PASSWORD (the password of POSTGRES_USER) must be set}"
PORT="${DB_PORT:-5432}"
# Where the admin-tools image keeps the schema files.
SCHEMA_DIR="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema}/postgresql/v12"

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -u "$POSTGRES_USER" -p "$PORT" "$@"
}

# setup <database> <versioned schema folder>
setup() {
  echo "Temporal schema: database $1"
  sql_tool --db "$1" create
  sql_tool --db "$1" setup-schema -v 0.0
  sql_tool --db "$1" update-schema -d "$2"
}

setup temporal "$SCHEMA_DIR/temporal/versioned"
setup temporal_visibility "$SCHEMA_DIR/visibility/versioned"
echo "Temporal schema: up to date"

#!/usr/bin/env bash
# Mounted by docker-compose.yml into the postgres image's /docker-entrypoint-initdb.d. The image runs
# it once, on the first start with an empty data volume, as POSTGRES_USER over the Unix socket.
#
# It creates the application's own login role and database: fulian-flow connects as `fulian`, which
# owns `fulian_flow` and nothing else. (Temporal's databases, `temporal` and `temporal_visibility`,
# are created by the temporal-schema service with temporal-sql-tool.)
#
# Changing FULIAN_DB_PASSWORD later does not reach an existing volume: run
#   docker compose exec postgresql psql -U temporal -d postgres -c "ALTER ROLE fulian PASSWORD '…'"
set -e

if [ -z "${FULIAN_DB_PASSWORD:-}" ]; then
  echo "init-fulian-flow.sh: FULIAN_DB_PASSWORD is not set" >&2
  false
fi

# psql variables (:"name", :'value') quote the identifier and the password; they are expanded in
# the script read from standard input.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  --set=app_role=fulian --set=app_db=fulian_flow --set=app_password="$FULIAN_DB_PASSWORD" <<'EOSQL'
CREATE ROLE :"app_role" LOGIN PASSWORD :'app_password';
CREATE DATABASE :"app_db" OWNER :"app_role";
REVOKE ALL ON DATABASE :"app_db" FROM PUBLIC;
EOSQL

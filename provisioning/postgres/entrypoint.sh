#!/bin/sh
# The first start makes the cluster (user postgres, trusted on loopback only) and POSTGRES_DB;
# every start then runs the server in the foreground, its log on stderr.
set -eu
bin=/usr/lib/postgresql/15/bin
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  "$bin/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=reject --encoding=UTF8 >/dev/null
  printf 'local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n' >"$PGDATA/pg_hba.conf"
  echo "CREATE DATABASE \"$POSTGRES_DB\"" | "$bin/postgres" --single -D "$PGDATA" postgres >/dev/null
fi
exec "$bin/postgres" -D "$PGDATA" -c listen_addresses="$POSTGRES_LISTEN" -p "$POSTGRES_PORT" -c unix_socket_directories=/var/run/postgresql

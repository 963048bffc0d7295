#!/usr/bin/env bash
# A PostgreSQL server of your own for trying a team workspace on one machine: a cluster in a
# folder (default ~/.local/share/Verso/team-server; as root /var/lib/postgresql/...),
# listening only on a Unix socket in that folder, with a database "verso". Run it again to start the cluster after a reboot.
# Prints the URL to give Verso:  verso --db "$(./scripts/team-server.sh)"
# Needs Debian's postgresql package (apt install postgresql). Only local connections, no
# password (trust on the socket, whose folder only its owner may enter); not for a network.
set -euo pipefail
if [ "$(id -u)" -eq 0 ]; then  # the cluster runs as the postgres user, who cannot enter /root
    DIR=${1:-/var/lib/postgresql/verso-team-server}
else
    DIR=${1:-${XDG_DATA_HOME:-$HOME/.local/share}/Verso/team-server}
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$BIN" ]; then
    echo "team-server: PostgreSQL is not installed (apt install postgresql)." >&2
    exit 1
fi
as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi
mkdir -p "$DIR"
chmod 700 "$DIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR"; fi
if [ ! -f "$DIR/data/PG_VERSION" ]; then
    "${as_owner[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 >"$DIR/initdb.log"
fi
if ! "${as_owner[@]}" "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    "${as_owner[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
        -o "-k $DIR -c listen_addresses=''" start >/dev/null
fi
if ! "${as_owner[@]}" "$BIN/psql" -h "$DIR" -U postgres -Atqc \
    "SELECT 1 FROM pg_database WHERE datname = 'verso'" postgres | grep -q 1; then
    "${as_owner[@]}" "$BIN/createdb" -h "$DIR" -U postgres verso
fi
echo "postgresql+psycopg://postgres@/verso?host=$DIR"

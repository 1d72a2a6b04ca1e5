#!/bin/sh
# Binds Erlang's distribution to the AMQP address too, when one is set (e.g. 127.0.0.1 with host
# networking), so that no port of this broker listens anywhere else.
set -eu
case "${RABBITMQ_NODE_IP_ADDRESS:-}" in
  *.*.*.*)
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="${RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS:-} -kernel inet_dist_use_interface {$(echo "$RABBITMQ_NODE_IP_ADDRESS" | tr . ,)}"
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS
    export ERL_EPMD_ADDRESS="${ERL_EPMD_ADDRESS:-$RABBITMQ_NODE_IP_ADDRESS}"
    ;;
esac
# Not Debian's /usr/sbin wrapper, which sends the log to files under /var/log/rabbitmq: the
# container's log is the broker's log.
exec /usr/lib/rabbitmq/bin/rabbitmq-server "$@"

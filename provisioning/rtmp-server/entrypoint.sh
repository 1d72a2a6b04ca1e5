#!/bin/sh
# Renders the RTMP server's configuration from RTMP_LISTEN and RTMP_RECORD, then runs nginx in the
# foreground as one process (its log, with every connect and publish, goes to the container's log).
set -eu
RUN_DIR=/var/lib/rtmp-server
RECORDINGS=$RUN_DIR/recordings
case "$RTMP_RECORD" in
  off) record='record off;' ;;
  all) record="record all; record_path $RECORDINGS; record_unique on; record_suffix .flv;" ;;
  *) echo "rtmp-server: RTMP_RECORD must be off or all, not '$RTMP_RECORD'" >&2; exit 2 ;;
esac
sed -e "s|@RUN_DIR@|$RUN_DIR|g" -e "s|@ERROR_LOG@|/dev/stderr|g" -e "s|@RTMP_LISTEN@|$RTMP_LISTEN|g" \
    -e "s|@RTMP_MODULE@|/usr/lib/nginx/modules/ngx_rtmp_module.so|g" -e "s|@OUT_RECORD@|$record|g" \
    /etc/rtmp-server/nginx-rtmp.conf.template >"$RUN_DIR/nginx.conf"
exec nginx -e /dev/stderr -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf"

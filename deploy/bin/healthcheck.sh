#!/usr/bin/env bash
# Health checks for the compose stack that need neither curl, wget nor ps in the image: bash, awk, /proc.
#   healthcheck.sh http HOST PORT PATH [TEXT]  GET PATH answers 200 (and its response contains TEXT)
#   healthcheck.sh connected HOST:PORT[,...]   this container holds an established TCP connection to
#                                              the first address's port (a service's Kafka consumer)
#   healthcheck.sh fresh FILE SECONDS          FILE was modified within the last SECONDS
set -uo pipefail

http() {
  local host=$1 port=$2 path=$3 expect=${4:-} response
  exec 3<>"/dev/tcp/$host/$port" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$host" >&3
  response=$(timeout 5 cat <&3) || return 1
  [[ ${response%%$'\r'*} == "HTTP/1."[01]" 200"* ]] || return 1
  [[ -z $expect || $response == *"$expect"* ]]
}

connected() {
  local first=${1%%,*} hex
  hex=$(printf ':%04X' "${first##*:}")
  # /proc/net/tcp: sl local_address rem_address st ...; state 01 is ESTABLISHED.
  awk -v port="$hex" '$3 ~ port"$" && $4 == "01" { found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6
}

fresh() {
  local file=$1 seconds=$2
  [[ -f $file ]] && (( $(date +%s) - $(stat -c %Y "$file") < seconds ))
}

case "${1:-}" in
  http) shift; http "$@" ;;
  connected) shift; connected "$@" ;;
  fresh) shift; fresh "$@" ;;
  *) echo "usage: healthcheck.sh http HOST PORT PATH [TEXT] | connected HOST:PORT | fresh FILE SECONDS" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Overlay benchmark (a command, not a test): node + two tap-clients in network namespaces,
# then iperf3 TCP both ways, UDP at a high offered rate, ping RTT cold (the first 50 pings, 3 s after
# the clients joined) and warm (after the TCP runs), CPU-seconds per GB, and, in the same run, the
# warm RTT of a direct one-hop OpenVPN TAP tunnel (static key) between two namespaces for reference,
# and the two-node path: client A on node 1 → peer link → node 2 → client C (TCP both ways, RTT, CPU-s/GB).
#
#   [ns node: vswitch :4789] 198.18.1.1/30 --veth-- 198.18.1.2 [ns a: tap-client → atn0 10.250.0.11/24]
#   [ns node]                198.18.2.1/30 --veth-- 198.18.2.2 [ns b: tap-client → atn0 10.250.0.12/24]
#   [ns node]                198.18.5.1/30 --veth-- 198.18.5.2 [ns n2: vswitch --join (tok nodes add)]
#   [ns n2]                  198.18.6.1/30 --veth-- 198.18.6.2 [ns c: tap-client → atn0 10.250.0.13/24]
#   [ns ova: openvpn tap0 10.251.0.1] 198.18.9.1/30 --veth-- 198.18.9.2 [ns ovb: openvpn tap0 10.251.0.2]
#
# Usage: sudo bench/overlay-bench.sh [--seconds N] [--java-home DIR] [--no-openvpn] [--no-two-node]
# Needs root, iperf3, ping, ip (openvpn for the reference: installed with apt-get when missing, or
# skipped). Results: stdout table + one dated line in bench/out/results.txt. See docs/benchmark.md.
set -euo pipefail

SECONDS_PER_RUN=10
OPENVPN=1
TWO_NODE=1
while (( $# )); do
  case "$1" in
    --no-openvpn) OPENVPN=0; shift ;;
    --no-two-node) TWO_NODE=0; shift ;;
    --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
    --java-home) export JAVA_HOME="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "overlay-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$SECONDS_PER_RUN" =~ ^[0-9]+$ ]] || { echo "overlay-bench: --seconds needs a number" >&2; exit 2; }

REPO="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
[[ "$(id -u)" == 0 ]] || { echo "overlay-bench: needs root (ip netns, veth, TAP)" >&2; exit 1; }
for t in ip iperf3 ping; do
  command -v "$t" >/dev/null || { echo "overlay-bench: '$t' missing (apt-get install -y iproute2 iperf3 iputils-ping)" >&2; exit 1; }
done
for m in vswitch tap-client tok; do
  [[ -f "$REPO/$m/target/atenet-$m-0.1.0-SNAPSHOT.jar" ]] || { echo "atenet is not built yet: run ./run-node or mvn -DskipTests install" >&2; exit 1; }
done

P="atnb-$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')-"   # unique prefix of everything we create
NS_NODE="${P}node"; NS_A="${P}a"; NS_B="${P}b"; NS_OVA="${P}ova"; NS_OVB="${P}ovb"; NS_N2="${P}n2"; NS_C="${P}c"
WORK="$(mktemp -d /tmp/atenet-bench.XXXXXX)"
PIDS=()

cleanup() {
  set +e
  for ns in "$NS_A" "$NS_B" "$NS_C" "$NS_N2" "$NS_NODE" "$NS_OVA" "$NS_OVB"; do
    if ip netns list | grep -qw "$ns"; then
      pids="$(ip netns pids "$ns")"; [[ -n "$pids" ]] && kill $pids 2>/dev/null
    fi
  done
  sleep 1
  for ns in "$NS_A" "$NS_B" "$NS_C" "$NS_N2" "$NS_NODE" "$NS_OVA" "$NS_OVB"; do
    if ip netns list | grep -qw "$ns"; then
      pids="$(ip netns pids "$ns")"; [[ -n "$pids" ]] && kill -9 $pids 2>/dev/null
      ip netns del "$ns"
    fi
  done
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  if [[ -n "${KEEP_LOGS:-}" ]]; then echo "logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

in_ns() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }

# wait_for FILE REGEX SECONDS PID: until a line of FILE matches, or the process died / time ran out.
wait_for() {
  local file="$1" re="$2" t="$3" pid="$4" i
  for ((i = 0; i < t * 10; i++)); do
    grep -qE "$re" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { echo "overlay-bench: process exited before printing /$re/:" >&2; cat "$file" >&2; exit 1; }
    sleep 0.1
  done
  echo "overlay-bench: no /$re/ within ${t}s:" >&2; cat "$file" >&2; exit 1
}

# --- namespaces --------------------------------------------------------------------------------
for ns in "$NS_NODE" "$NS_A" "$NS_B"; do ip netns add "$ns"; in_ns "$ns" ip link set lo up; done
in_ns "$NS_NODE" sysctl -q -w net.ipv4.ip_forward=0
i=1
for ns in "$NS_A" "$NS_B"; do
  ip link add "${P}t${i}n" type veth peer name "${P}t${i}c"
  ip link set "${P}t${i}n" netns "$NS_NODE"; ip link set "${P}t${i}c" netns "$ns"
  in_ns "$NS_NODE" ip link set "${P}t${i}n" name "to-$i"; in_ns "$ns" ip link set "${P}t${i}c" name up0
  in_ns "$NS_NODE" ip addr add "198.18.$i.1/30" dev "to-$i"; in_ns "$NS_NODE" ip link set "to-$i" up
  in_ns "$ns" ip addr add "198.18.$i.2/30" dev up0; in_ns "$ns" ip link set up0 up
  i=$((i + 1))
done

# node 1 <-> node 2 and node 2 <-> client C (the two-node path)
veth() { # NS_A IF_A CIDR_A NS_B IF_B CIDR_B
  local t="${P}$((RANDOM % 1000))"
  ip link add "${t}a" type veth peer name "${t}b"
  ip link set "${t}a" netns "$1"; ip link set "${t}b" netns "$4"
  in_ns "$1" ip link set "${t}a" name "$2"; in_ns "$4" ip link set "${t}b" name "$5"
  in_ns "$1" ip addr add "$3" dev "$2"; in_ns "$1" ip link set "$2" up
  in_ns "$4" ip addr add "$6" dev "$5"; in_ns "$4" ip link set "$5" up
}
if (( TWO_NODE )); then
  for ns in "$NS_N2" "$NS_C"; do ip netns add "$ns"; in_ns "$ns" ip link set lo up; done
  in_ns "$NS_N2" sysctl -q -w net.ipv4.ip_forward=0
  veth "$NS_NODE" to-n2 198.18.5.1/30 "$NS_N2" up0 198.18.5.2/30
  veth "$NS_N2" to-c 198.18.6.1/30 "$NS_C" up0 198.18.6.2/30
fi

# --- node and clients ----------------------------------------------------------------------------
DATA="$WORK/data"
NODE_ARGS=(--admin 127.0.0.1:4790)
if (( TWO_NODE )); then    # node 2 joins over node 1's admin API and Raft port on their link
  mkdir -p "$DATA"; ( umask 077; head -c 24 /dev/urandom | base64 >"$DATA/admin.token" )
  NODE_ARGS=(--admin 198.18.5.1:4790 --admin-token-file "$DATA/admin.token" --raft-listen 198.18.5.1:4791 --advertise 198.18.5.1:4789)
fi
ip netns exec "$NS_NODE" "$REPO/bin/vswitch" --data "$DATA" --listen 0.0.0.0:4789 "${NODE_ARGS[@]}" >"$WORK/node.log" 2>&1 &
NODE_PID=$!; PIDS+=("$NODE_PID")
wait_for "$WORK/node.log" 'vswitch: listening on udp' 60 "$NODE_PID"
TOKEN_A_FILE="$DATA/first-token.txt"
[[ -s "$TOKEN_A_FILE" ]] || { echo "overlay-bench: no first token in $TOKEN_A_FILE" >&2; cat "$WORK/node.log" >&2; exit 1; }
TOKEN_B_FILE="$WORK/b.token"
( umask 077; in_ns "$NS_NODE" "$REPO/bin/tok" --data "$DATA" keys issue --network default --label bench-b >"$TOKEN_B_FILE" 2>/dev/null )
[[ -s "$TOKEN_B_FILE" ]] || { echo "overlay-bench: tok keys issue gave no token" >&2; exit 1; }

start_client() { # NS TOKEN_FILE IP SERVER LOG
  ip netns exec "$1" "$REPO/bin/tap-client" --token-file "$2" --dev atn0 --address "$3/24" --server "$4:4789" >"$5" 2>&1 &
  echo "$!"   # (runs in $(...): the netns cleanup, not PIDS, stops it)
}
A_PID="$(start_client "$NS_A" "$TOKEN_A_FILE" 10.250.0.11 198.18.1.1 "$WORK/a.log")"
B_PID="$(start_client "$NS_B" "$TOKEN_B_FILE" 10.250.0.12 198.18.2.1 "$WORK/b.log")"
wait_for "$WORK/a.log" 'joined network' 60 "$A_PID"
wait_for "$WORK/b.log" 'joined network' 60 "$B_PID"
for ns in "$NS_A" "$NS_B"; do in_ns "$ns" sysctl -q -w net.ipv6.conf.atn0.disable_ipv6=1 || true; done
rtt() { awk -F'[ /]' '/^rtt|^round-trip/ { print $7 "/" $8 "/" $9 }'; }
# Cold: the first 50 pings, 3 s after both clients joined (no traffic before them but the handshakes).
sleep 3
COLD="$(in_ns "$NS_A" ping -c 50 -i 0.02 -W 2 -q 10.250.0.12 | rtt)"
[[ -n "$COLD" ]] || { echo "overlay-bench: A cannot ping B through the overlay" >&2; exit 1; }

in_ns "$NS_B" iperf3 -s >"$WORK/iperf3-server.log" 2>&1 &
PIDS+=("$!"); sleep 1

# --- measurements ---------------------------------------------------------------------------------
TICKS="$(getconf CLK_TCK)"
cpu_ticks() { sed -E 's/^.*\) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }   # utime+stime
rx_bytes() { in_ns "$1" cat /sys/class/net/atn0/statistics/rx_bytes; }
mbits() { awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") v = $(i-1) } END { print v + 0 }'; }

c0_node=$(cpu_ticks "$NODE_PID"); c0_a=$(cpu_ticks "$A_PID"); c0_b=$(cpu_ticks "$B_PID")
r0=$(( $(rx_bytes "$NS_A") + $(rx_bytes "$NS_B") ))
TCP_AB="$(in_ns "$NS_A" iperf3 -c 10.250.0.12 -t "$SECONDS_PER_RUN" -P 1 -f m | tee "$WORK/tcp-ab.txt" | mbits)"
TCP_BA="$(in_ns "$NS_A" iperf3 -c 10.250.0.12 -t "$SECONDS_PER_RUN" -P 1 -f m -R | tee "$WORK/tcp-ba.txt" | mbits)"
r1=$(( $(rx_bytes "$NS_A") + $(rx_bytes "$NS_B") ))
c1_node=$(cpu_ticks "$NODE_PID"); c1_a=$(cpu_ticks "$A_PID"); c1_b=$(cpu_ticks "$B_PID")

in_ns "$NS_A" iperf3 -c 10.250.0.12 -u -b 2G -l 1300 -t "$SECONDS_PER_RUN" -f m >"$WORK/udp.txt" || true
UDP_MBITS="$(mbits <"$WORK/udp.txt")"
UDP_LOSS="$(grep receiver "$WORK/udp.txt" | grep -oE '\([0-9.e+-]+%\)' | tr -d '()%' | tail -1 || true)"
UDP_LOSS="${UDP_LOSS:-?}"
RTT="$(in_ns "$NS_A" ping -c 50 -i 0.02 -q 10.250.0.12 | rtt)"

# --- two nodes: A (node 1) -> peer link -> node 2 -> C ------------------------------------------------
TCP_AC="skipped"; TCP_CA="skipped"; RTT_AC="skipped"; CPU2_N1="-"; CPU2_N2="-"; CPU2_A="-"; CPU2_C="-"
if (( TWO_NODE )); then
  JOIN="$(in_ns "$NS_NODE" "$REPO/bin/tok" --data "$DATA" nodes add --name bench-n2 2>"$WORK/join.err")" || { cat "$WORK/join.err" >&2; exit 1; }
  DATA2="$WORK/data2"; mkdir -p "$DATA2"; ( umask 077; head -c 24 /dev/urandom | base64 >"$DATA2/admin.token" )
  ip netns exec "$NS_N2" "$REPO/bin/vswitch" --data "$DATA2" --join "$JOIN" --listen 0.0.0.0:4789 --advertise 198.18.5.2:4789 \
    --admin 198.18.5.2:4790 --admin-token-file "$DATA2/admin.token" --raft-listen 198.18.5.2:4791 >"$WORK/node2.log" 2>&1 &
  N2_PID=$!; PIDS+=("$N2_PID"); disown "$N2_PID" 2>/dev/null || true   # no job-control message when cleanup kills it
  wait_for "$WORK/node2.log" 'vswitch: listening on udp' 90 "$N2_PID"
  TOKEN_C_FILE="$WORK/c.token"
  ( umask 077; in_ns "$NS_NODE" "$REPO/bin/tok" --data "$DATA" keys issue --network default --label bench-c >"$TOKEN_C_FILE" 2>/dev/null )
  C_PID="$(start_client "$NS_C" "$TOKEN_C_FILE" 10.250.0.13 198.18.6.1 "$WORK/c.log")"
  wait_for "$WORK/c.log" 'joined network' 60 "$C_PID"
  in_ns "$NS_C" sysctl -q -w net.ipv6.conf.atn0.disable_ipv6=1 || true
  for i in $(seq 1 100); do in_ns "$NS_A" ping -c 1 -W 1 -q 10.250.0.13 >/dev/null 2>&1 && break; sleep 0.2; done
  in_ns "$NS_C" iperf3 -s >"$WORK/iperf3-server-c.log" 2>&1 &
  PIDS+=("$!"); sleep 1
  in_ns "$NS_A" ping -c 200 -i 0.01 -q 10.250.0.13 >/dev/null 2>&1 || true
  d0_n1=$(cpu_ticks "$NODE_PID"); d0_n2=$(cpu_ticks "$N2_PID"); d0_a=$(cpu_ticks "$A_PID"); d0_c=$(cpu_ticks "$C_PID")
  s0=$(( $(rx_bytes "$NS_A") + $(rx_bytes "$NS_C") ))
  TCP_AC="$(in_ns "$NS_A" iperf3 -c 10.250.0.13 -t "$SECONDS_PER_RUN" -P 1 -f m | tee "$WORK/tcp-ac.txt" | mbits)"
  TCP_CA="$(in_ns "$NS_A" iperf3 -c 10.250.0.13 -t "$SECONDS_PER_RUN" -P 1 -f m -R | tee "$WORK/tcp-ca.txt" | mbits)"
  s1=$(( $(rx_bytes "$NS_A") + $(rx_bytes "$NS_C") ))
  d1_n1=$(cpu_ticks "$NODE_PID"); d1_n2=$(cpu_ticks "$N2_PID"); d1_a=$(cpu_ticks "$A_PID"); d1_c=$(cpu_ticks "$C_PID")
  RTT_AC="$(in_ns "$NS_A" ping -c 50 -i 0.02 -q 10.250.0.13 | rtt)"
  GB2=$(awk -v b=$((s1 - s0)) 'BEGIN { printf "%.3f", b / 1e9 }')
  per_gb2() { awk -v d="$1" -v t="$(getconf CLK_TCK)" -v gb="$GB2" 'BEGIN { if (gb > 0) printf "%.2f", d / t / gb; else print "n/a" }'; }
  CPU2_N1=$(per_gb2 $((d1_n1 - d0_n1))); CPU2_N2=$(per_gb2 $((d1_n2 - d0_n2)))
  CPU2_A=$(per_gb2 $((d1_a - d0_a))); CPU2_C=$(per_gb2 $((d1_c - d0_c)))
fi

# --- reference: one OpenVPN TAP hop (static key, AES-256-GCM is not available in static-key mode: AES-256-CBC) ---
OVPN_RTT="skipped"
if (( OPENVPN )); then
  if ! command -v openvpn >/dev/null && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q openvpn >/dev/null 2>&1 || true
  fi
  if command -v openvpn >/dev/null; then
    for ns in "$NS_OVA" "$NS_OVB"; do ip netns add "$ns"; in_ns "$ns" ip link set lo up; done
    ip link add "${P}ova" type veth peer name "${P}ovb"
    ip link set "${P}ova" netns "$NS_OVA"; ip link set "${P}ovb" netns "$NS_OVB"
    in_ns "$NS_OVA" ip addr add 198.18.9.1/30 dev "${P}ova"; in_ns "$NS_OVA" ip link set "${P}ova" up
    in_ns "$NS_OVB" ip addr add 198.18.9.2/30 dev "${P}ovb"; in_ns "$NS_OVB" ip link set "${P}ovb" up
    openvpn --genkey secret "$WORK/ovpn.key" >/dev/null 2>&1 || openvpn --genkey --secret "$WORK/ovpn.key" >/dev/null 2>&1
    ovpn() { # NS LOCAL REMOTE TAPIP
      in_ns "$1" openvpn --dev tap0 --dev-type tap --secret "$WORK/ovpn.key" --cipher AES-256-CBC --local "$2" \
        --remote "$3" --port 1194 --ifconfig "$4" 255.255.255.0 --auth SHA256 --verb 1 \
        >"$WORK/ovpn-$1.log" 2>&1 &
    }
    ovpn "$NS_OVA" 198.18.9.1 198.18.9.2 10.251.0.1
    ovpn "$NS_OVB" 198.18.9.2 198.18.9.1 10.251.0.2
    for i in $(seq 1 50); do in_ns "$NS_OVA" ping -c 1 -W 1 -q 10.251.0.2 >/dev/null 2>&1 && break; sleep 0.2; done
    in_ns "$NS_OVA" ping -c 200 -i 0.01 -q 10.251.0.2 >/dev/null 2>&1 || true   # warm it like the overlay
    OVPN_RTT="$(in_ns "$NS_OVA" ping -c 50 -i 0.02 -q 10.251.0.2 2>/dev/null | rtt || true)"
    OVPN_RTT="${OVPN_RTT:-failed (see KEEP_LOGS=1)}"
  fi
fi

GB=$(awk -v b=$((r1 - r0)) 'BEGIN { printf "%.3f", b / 1e9 }')
per_gb() { awk -v d="$1" -v t="$TICKS" -v gb="$GB" 'BEGIN { if (gb > 0) printf "%.2f", d / t / gb; else print "n/a" }'; }
CPU_NODE=$(per_gb $((c1_node - c0_node))); CPU_A=$(per_gb $((c1_a - c0_a))); CPU_B=$(per_gb $((c1_b - c0_b)))

JAVA_VER="$( ( [[ -n "${JAVA_HOME:-}" ]] && "$JAVA_HOME/bin/java" -version || java -version ) 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
printf '\natenet overlay benchmark  (%s s per run, java %s, %s CPUs, %s)\n' "$SECONDS_PER_RUN" "$JAVA_VER" "$(nproc)" "$(uname -r)"
printf '  %-28s %12s\n' "TCP A->B (Mbit/s)" "$TCP_AB" "TCP B->A (Mbit/s)" "$TCP_BA" \
  "UDP A->B 2G offered (Mbit/s)" "$UDP_MBITS" "UDP loss (%)" "$UDP_LOSS" \
  "ping RTT cold min/avg/max (ms)" "$COLD" "ping RTT warm min/avg/max (ms)" "$RTT" "OpenVPN 1 hop warm (ms)" "$OVPN_RTT" \
  "GB moved in TCP runs" "$GB" "CPU-s/GB node" "$CPU_NODE" "CPU-s/GB client A" "$CPU_A" "CPU-s/GB client B" "$CPU_B"
if (( TWO_NODE )); then
  pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }'; }
  printf '  two nodes: A (node 1) -> node 2 -> C
'
  printf '  %-28s %12s
' "TCP A->C (Mbit/s)" "$TCP_AC ($(pct "$TCP_AC" "$TCP_AB") of one node)" \
    "TCP C->A (Mbit/s)" "$TCP_CA ($(pct "$TCP_CA" "$TCP_BA") of one node)" "ping RTT warm A->C (ms)" "$RTT_AC" \
    "CPU-s/GB node 1, node 2" "$CPU2_N1, $CPU2_N2" "CPU-s/GB client A, C" "$CPU2_A, $CPU2_C"
fi

mkdir -p "$REPO/bench/out"
printf '%s tcp_ab=%s tcp_ba=%s udp=%s udp_loss=%s rtt_cold=%s rtt=%s ovpn_rtt=%s cpu_s_per_gb node=%s a=%s b=%s two_node tcp_ac=%s tcp_ca=%s rtt_ac=%s cpu_s_per_gb n1=%s n2=%s seconds=%s java=%s cpus=%s commit=%s\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$TCP_AB" "$TCP_BA" "$UDP_MBITS" "$UDP_LOSS" "$COLD" "$RTT" "${OVPN_RTT// /_}" "$CPU_NODE" "$CPU_A" "$CPU_B" \
  "$TCP_AC" "$TCP_CA" "$RTT_AC" "$CPU2_N1" "$CPU2_N2" \
  "$SECONDS_PER_RUN" "$JAVA_VER" "$(nproc)" "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo none)" >>"$REPO/bench/out/results.txt"
echo "  (appended to bench/out/results.txt)"

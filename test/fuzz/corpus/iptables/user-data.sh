#!/bin/bash
set -euo pipefail
yum install -y iptables-services
cat > /etc/sysctl.d/90-nat.conf <<'SYSCTL'
net.ipv4.ip_forward = 1
net.ipv4.conf.eth0.send_redirects = 0
SYSCTL
sysctl --system
iptables -F FORWARD
iptables -P FORWARD DROP
iptables -A FORWARD -i eth0 -o eth0 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A FORWARD -s 10.0.1.0/24 -p tcp --dport 443 -j ACCEPT
iptables -I FORWARD 1 -p icmp -j ACCEPT
iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE
iptables -t nat -A PREROUTING -p tcp --dport 2222 -j DNAT --to-destination 10.0.1.10:22
iptables-restore <<'EOF2'
*mangle
:PREROUTING ACCEPT [0:0]
-A PREROUTING -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
COMMIT
EOF2
ip route add 10.1.0.0/16 via 10.0.0.1 dev eth0
ip route replace default via 10.0.0.1 dev eth0 metric 100
service iptables save

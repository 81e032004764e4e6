sudo sysctl -w net.ipv4.ip_forward=1 | sudo tee -a /etc/sysctl.conf
sudo sysctl -w net.ipv4.conf.eth0.send_redirects=0 | sudo tee -a /etc/sysctl.conf
sudo /sbin/iptables -t nat -A POSTROUTING -o eth0 -s 10.0.0.0/16 -j MASQUERADE

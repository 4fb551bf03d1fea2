/** vRouter gateway port: ARP/ICMP for the gateway, routing between networks, NAT egress. Not built yet: see docs/decisions.md. */
package atenet.vrouter;

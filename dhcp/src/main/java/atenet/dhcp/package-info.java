/** DHCP server port (built-in "ethereal" port). Not built yet: see docs/decisions.md. */
package atenet.dhcp;

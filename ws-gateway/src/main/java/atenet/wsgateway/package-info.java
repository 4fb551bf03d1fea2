/** WebSocket (wss) gateway turning browser sessions into switch ports. Not built yet: see docs/decisions.md. */
package atenet.wsgateway;

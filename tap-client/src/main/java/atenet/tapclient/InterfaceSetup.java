package atenet.tapclient;

/** Configures the TAP interface in the kernel (the real one runs {@code ip}; tests record the calls). */
public interface InterfaceSetup {
    /** MAC, MTU, IPv4 address, up. @throws IllegalStateException with a message for the user */
    void configure(String dev, String mac, int mtu, String cidr);

    void setMtu(String dev, int mtu);
}

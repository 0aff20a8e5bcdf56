/// Which transport a connection arrived on, as `server/info` reports it.
public enum ServerTransport: String, Sendable, Codable, CaseIterable {
    /// A single peer on the process's stdin and stdout (an editor, or a tool embedding us).
    case stdio
    /// One of many peers on a Unix-domain socket (scripts, dashboards).
    case socket
}

/// How messages are delimited on a connection.
public enum JSONRPCFraming: Sendable, Hashable, CustomStringConvertible {
    /// Decide from the peer's first non-blank byte: `{` or `[` → `.newline`, `C`/`c` → `.lsp`;
    /// anything else → `.newline`, so the peer gets a -32700 reply rather than silence.
    case auto
    /// LSP base protocol: `Content-Length: N\r\n\r\n` then N bytes.
    case lsp
    /// One JSON message per line (`\n` or `\r\n`), blank lines ignored.
    case newline

    /// The name used in logs and on the command line.
    public var description: String {
        switch self {
        case .auto: "auto"
        case .lsp: "lsp"
        case .newline: "newline"
        }
    }
}

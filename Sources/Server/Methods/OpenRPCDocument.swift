import JSONRPC

/// The contract in `protocol/openrpc.json`, as the binary carries it.
enum OpenRPCDocument {
    /// The embedded text, byte for byte the file's.
    static var text: String { EmbeddedProtocol.documents["openrpc.json"] ?? "{}" }

    private static let parsed: Result<JSONValue, JSONParseError> = Result { () throws(JSONParseError) in
        try JSONValue(parsing: text, maxDepth: 512)
    }

    /// The document as a value (parsed once).
    static func value() throws -> JSONValue {
        do {
            return try parsed.get()
        } catch {
            throw JSONRPCError.internalError("the embedded openrpc.json does not parse: \(error)")
        }
    }
}

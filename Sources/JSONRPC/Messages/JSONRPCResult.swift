/// A request's result as a handler returns it: a value, possibly with its JSON text encoded in advance.
///
/// A result that never changes while the server runs (`server/info`, `rpc.discover`) is encoded
/// once and its bytes are copied into every reply, instead of walking the value for each request.
public struct JSONRPCResult: Sendable {
    /// The result.
    public let value: JSONValue
    /// `value` as compact JSON, when it was encoded in advance.
    let encoded: [UInt8]?

    /// A result to be encoded when its reply is written.
    public init(_ value: JSONValue) {
        self.value = value
        self.encoded = nil
    }

    /// A result encoded now, for replies that repeat it.
    public static func preEncoded(_ value: JSONValue) -> JSONRPCResult {
        var bytes: [UInt8] = []
        value.append(to: &bytes)
        return JSONRPCResult(value: value, encoded: bytes)
    }

    private init(value: JSONValue, encoded: [UInt8]?) {
        self.value = value
        self.encoded = encoded
    }
}

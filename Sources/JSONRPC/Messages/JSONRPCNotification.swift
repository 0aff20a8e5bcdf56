/// A message without an id: it is handled but never answered.
public struct JSONRPCNotification: Sendable, Hashable {
    /// The method name, e.g. `textDocument/didChange`.
    public var method: String
    /// The parameters: an object, an array, or absent.
    public var params: JSONValue?

    /// Creates a notification.
    public init(method: String, params: JSONValue? = nil) {
        self.method = method
        self.params = params
    }
}

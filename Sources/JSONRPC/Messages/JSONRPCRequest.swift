/// A call that expects exactly one response with the same id.
public struct JSONRPCRequest: Sendable, Hashable {
    /// The id the response will echo.
    public var id: RequestID
    /// The method name, e.g. `workflow/start`.
    public var method: String
    /// The parameters: an object, an array, or absent.
    public var params: JSONValue?

    /// Creates a request.
    public init(id: RequestID, method: String, params: JSONValue? = nil) {
        self.id = id
        self.method = method
        self.params = params
    }
}

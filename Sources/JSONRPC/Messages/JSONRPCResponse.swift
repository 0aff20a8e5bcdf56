/// The answer to one request: a result or an error, carrying the request's id.
public struct JSONRPCResponse: Sendable, Hashable {
    /// The id of the request this answers (`null` when the request's id could not be read).
    public var id: RequestID
    /// The outcome.
    public var outcome: Result<JSONValue, JSONRPCError>

    /// Creates a response.
    public init(id: RequestID, outcome: Result<JSONValue, JSONRPCError>) {
        self.id = id
        self.outcome = outcome
    }

    /// Creates a success response.
    public init(id: RequestID, result: JSONValue) {
        self.init(id: id, outcome: .success(result))
    }

    /// Creates an error response.
    public init(id: RequestID, error: JSONRPCError) {
        self.init(id: id, outcome: .failure(error))
    }

    /// The error, if this is an error response.
    public var error: JSONRPCError? {
        if case .failure(let error) = self.outcome { return error }
        return nil
    }

    /// The result, if this is a success response.
    public var result: JSONValue? {
        if case .success(let result) = self.outcome { return result }
        return nil
    }
}

/// The answer to one request: a result or an error, carrying the request's id.
public struct JSONRPCResponse: Sendable, Hashable {
    /// Equal when id and outcome are: how a result was encoded does not matter.
    public static func == (lhs: JSONRPCResponse, rhs: JSONRPCResponse) -> Bool {
        lhs.id == rhs.id && lhs.outcome == rhs.outcome
    }

    /// Hashes id and outcome.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.id)
        hasher.combine(self.outcome)
    }

    /// The id of the request this answers (`null` when the request's id could not be read).
    public var id: RequestID
    /// The outcome.
    public var outcome: Result<JSONValue, JSONRPCError> {
        didSet { self.encodedResult = nil }
    }
    /// The result's JSON text when it was encoded in advance (see ``JSONRPCResult``).
    private(set) var encodedResult: [UInt8]?

    /// Creates a response.
    public init(id: RequestID, outcome: Result<JSONValue, JSONRPCError>) {
        self.id = id
        self.outcome = outcome
    }

    /// Creates a success response.
    public init(id: RequestID, result: JSONValue) {
        self.init(id: id, outcome: .success(result))
    }

    /// Creates a success response from a handler's result, keeping its encoding if it has one.
    public init(id: RequestID, result: JSONRPCResult) {
        self.init(id: id, outcome: .success(result.value))
        self.encodedResult = result.encoded
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

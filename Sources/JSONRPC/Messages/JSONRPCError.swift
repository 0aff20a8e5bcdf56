/// A JSON-RPC error object: sent as a response's `error`, and thrown by handlers to produce one.
public struct JSONRPCError: Error, Sendable, Hashable {
    /// The error code (see ``JSONRPCError/Code``).
    public var code: Int
    /// A short description for humans.
    public var message: String
    /// Optional structured detail.
    public var data: JSONValue?

    /// Creates an error with any code.
    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }
}

extension JSONRPCError {
    /// The codes JSON-RPC 2.0 and LSP define, and the range left for the application.
    ///
    /// Server-defined codes live in `serverDefined` (-32099...-32000) but must avoid the two codes
    /// LSP took from that range (`unknownErrorCode` -32001, `serverNotInitialized` -32002) and
    /// LSP's reserved -32899...-32800. An application declares its own codes as constants in its
    /// own module (e.g. `static let workflowNotFound = -32010`) and checks them with
    /// ``JSONRPCError/Code/isAvailableForServer(_:)`` in a test.
    public enum Code {
        /// Invalid JSON was received.
        public static let parseError = -32700
        /// The JSON is not a valid request object.
        public static let invalidRequest = -32600
        /// The method does not exist or is not available.
        public static let methodNotFound = -32601
        /// Invalid method parameters.
        public static let invalidParams = -32602
        /// Internal JSON-RPC error.
        public static let internalError = -32603
        /// LSP: a request arrived before `initialize`.
        public static let serverNotInitialized = -32002
        /// LSP: an error with no better code.
        public static let unknownErrorCode = -32001
        /// LSP: the request was cancelled (`$/cancelRequest`, or the server shutting down).
        public static let requestCancelled = -32800
        /// LSP: the document changed under the request.
        public static let contentModified = -32801
        /// The range JSON-RPC leaves to the server.
        public static let serverDefined: ClosedRange<Int> = -32099 ... -32000
        /// The range LSP reserves for itself.
        public static let lspReserved: ClosedRange<Int> = -32899 ... -32800

        /// Whether an application may use `code` for its own errors without clashing with LSP.
        public static func isAvailableForServer(_ code: Int) -> Bool {
            serverDefined.contains(code) && code != unknownErrorCode && code != serverNotInitialized
        }
    }

    /// -32700: the bytes are not JSON.
    public static func parseError(_ detail: String? = nil) -> JSONRPCError {
        JSONRPCError(code: Code.parseError, message: detail.map { "Parse error: \($0)" } ?? "Parse error")
    }

    /// -32600: the JSON is not a valid request (or breaks a limit).
    public static func invalidRequest(_ detail: String? = nil) -> JSONRPCError {
        JSONRPCError(code: Code.invalidRequest, message: detail.map { "Invalid request: \($0)" } ?? "Invalid request")
    }

    /// -32601: no handler for `method`.
    public static func methodNotFound(_ method: String) -> JSONRPCError {
        JSONRPCError(code: Code.methodNotFound, message: "Method not found: \(method)")
    }

    /// -32602: the params do not fit the method.
    public static func invalidParams(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: Code.invalidParams, message: "Invalid params: \(detail)")
    }

    /// -32603: the server failed while handling the request.
    public static func internalError(_ detail: String? = nil) -> JSONRPCError {
        JSONRPCError(code: Code.internalError, message: detail.map { "Internal error: \($0)" } ?? "Internal error")
    }

    /// -32800: the request was cancelled before it produced a result.
    public static func requestCancelled() -> JSONRPCError {
        JSONRPCError(code: Code.requestCancelled, message: "Request cancelled")
    }

    /// -32002: an LSP request arrived before `initialize`.
    public static func serverNotInitialized() -> JSONRPCError {
        JSONRPCError(code: Code.serverNotInitialized, message: "Server not initialized")
    }

    /// -32801: the document changed while the request was computed.
    public static func contentModified() -> JSONRPCError {
        JSONRPCError(code: Code.contentModified, message: "Content modified")
    }

    /// The error object in its JSON form.
    public var jsonValue: JSONValue {
        var members: [String: JSONValue] = ["code": .integer(Int64(self.code)), "message": .string(self.message)]
        if let data = self.data { members["data"] = data }
        return .object(members)
    }

    /// Reads an error object; `nil` unless it has an integer `code` and a string `message`.
    public init?(_ value: JSONValue) {
        guard let code = value["code"]?.integerValue, let codeInt = Int(exactly: code),
            let message = value["message"]?.stringValue
        else { return nil }
        self.init(code: codeInt, message: message, data: value["data"])
    }
}

extension JSONRPCError: CustomStringConvertible {
    /// The code and message, as shown in logs.
    public var description: String { "JSON-RPC error \(self.code): \(self.message)" }
}

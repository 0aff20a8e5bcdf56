import NIOCore

/// What one element of an incoming frame turned out to be.
public enum JSONRPCIncoming: Sendable, Hashable {
    /// A valid request.
    case request(JSONRPCRequest)
    /// A valid notification.
    case notification(JSONRPCNotification)
    /// A valid response to a request this side sent.
    case response(JSONRPCResponse)
    /// Not a valid message: answer with this error and id (`null` if no id could be read).
    case invalid(JSONRPCError, id: RequestID)
    /// A broken response: never answered (answering a response could make two peers loop), only logged.
    case malformedResponse(String)
}

/// How one frame (a line, or an LSP body) decoded.
public enum JSONRPCDecodedFrame: Sendable, Hashable {
    /// One message; an `.invalid` here is answered with a single error object.
    case single(JSONRPCIncoming)
    /// A non-empty batch; its replies go back as one array (or not at all if none are due).
    case batch([JSONRPCIncoming])
}

/// Turns the raw bytes of one frame into messages with exact JSON-RPC 2.0 semantics.
///
/// Invalid JSON → one -32700 (id null); an empty batch → one -32600 (id null, not an array);
/// `[1]` → a batch holding one -32600; a member-less `id` makes a notification, `"id": null`
/// a request. Nesting is measured by a byte scan before parsing, and batch length is checked
/// before any element is looked at; both limits answer with -32600 and id null.
public struct JSONRPCMessageDecoder: Sendable {
    /// The limits applied (depth and batch length are used here).
    public var limits: JSONRPCLimits

    /// Creates a decoder.
    public init(limits: JSONRPCLimits = JSONRPCLimits()) {
        self.limits = limits
    }

    /// Decodes one frame.
    public func decode(_ frame: ByteBuffer) -> JSONRPCDecodedFrame {
        if case .tooDeep(let limit) = JSONDepthScanner.scan(frame, maxDepth: self.limits.maxDepth) {
            return .single(.invalid(.invalidRequest("JSON nested deeper than \(limit) levels"), id: .null))
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: frame, maxDepth: self.limits.maxDepth)
        } catch {
            return .single(.invalid(.parseError(error.description), id: .null))
        }
        let decoded = self.decode(value)
        return decoded.needsVerbatimIDs ? decoded.withVerbatimIDs(from: frame) : decoded
    }

    /// Classifies an already parsed frame.
    public func decode(_ value: JSONValue) -> JSONRPCDecodedFrame {
        guard case .array(let elements) = value else { return .single(Self.classify(value)) }
        if elements.isEmpty {
            return .single(.invalid(.invalidRequest("empty batch"), id: .null))
        }
        if elements.count > self.limits.maxBatchLength {
            let detail = "batch of \(elements.count) messages exceeds the limit of \(self.limits.maxBatchLength)"
            return .single(.invalid(.invalidRequest(detail), id: .null))
        }
        return .batch(elements.map(Self.classify))
    }

    /// Classifies one JSON value as a message.
    static func classify(_ value: JSONValue) -> JSONRPCIncoming {
        guard case .object(let members) = value else {
            return .invalid(.invalidRequest("a message must be a JSON object"), id: .null)
        }
        var id = RequestID.null
        if let rawID = members["id"] {
            guard let validID = RequestID(rawID) else {
                return .invalid(.invalidRequest("\"id\" must be a string, a number or null"), id: .null)
            }
            // An integer beyond Int64 was read as a Double and could not be echoed unchanged: say so
            // rather than answer to an id the client never sent.
            if case .double(let number) = validID.value, number.rounded() == number, abs(number) >= 0x1p63 {
                return .invalid(
                    .invalidRequest("\"id\" is an integer beyond 64 bits; send it as a string"), id: .null)
            }
            id = validID
        }
        guard members["jsonrpc"] == .string("2.0") else {
            return .invalid(.invalidRequest("\"jsonrpc\" must be \"2.0\""), id: id)
        }
        if let method = members["method"] {
            guard case .string(let name) = method else {
                return .invalid(.invalidRequest("\"method\" must be a string"), id: id)
            }
            var params = members["params"]
            switch params {
            case nil, .object?, .array?: break
            // Not allowed by JSON-RPC 2.0, but LSP clients send `exit` and `shutdown` with
            // `"params": null`; refusing them would leave an editor's server running forever.
            case .null?: params = nil
            default: return .invalid(.invalidRequest("\"params\" must be an object or an array"), id: id)
            }
            if members["id"] == nil {
                return .notification(JSONRPCNotification(method: name, params: params))
            }
            return .request(JSONRPCRequest(id: id, method: name, params: params))
        }
        if members["result"] != nil || members["error"] != nil {
            return Self.classifyResponse(members, id: id)
        }
        return .invalid(.invalidRequest("missing \"method\""), id: id)
    }

    private static func classifyResponse(_ members: [String: JSONValue], id: RequestID) -> JSONRPCIncoming {
        guard members["id"] != nil else { return .malformedResponse("response without \"id\"") }
        switch (members["result"], members["error"]) {
        case (let result?, nil):
            return .response(JSONRPCResponse(id: id, result: result))
        case (nil, let errorValue?):
            guard let error = JSONRPCError(errorValue) else {
                return .malformedResponse("response \(id): \"error\" needs an integer code and a string message")
            }
            return .response(JSONRPCResponse(id: id, error: error))
        default:
            return .malformedResponse("response \(id) has both \"result\" and \"error\"")
        }
    }
}

import NIOCore

/// Any one JSON-RPC 2.0 message.
public enum JSONRPCMessage: Sendable, Hashable {
    /// A call expecting a response.
    case request(JSONRPCRequest)
    /// A call expecting no response.
    case notification(JSONRPCNotification)
    /// An answer to a request.
    case response(JSONRPCResponse)
}

extension JSONRPCMessage {
    /// Appends the message as one line of compact JSON, members in the conventional order
    /// (`jsonrpc`, `id`, `method`, `params` / `result` / `error`) so logs read naturally.
    public func write(to buffer: inout ByteBuffer) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        self.append(to: &bytes)
        buffer.writeBytes(bytes)
    }

    /// Appends the message's compact JSON to `bytes`; see ``write(to:)``.
    public func append(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: #"{"jsonrpc":"2.0""#.utf8)
        switch self {
        case .request(let request):
            bytes.append(contentsOf: #","id":"#.utf8)
            request.id.append(to: &bytes)
            Self.appendCall(method: request.method, params: request.params, to: &bytes)
        case .notification(let notification):
            Self.appendCall(method: notification.method, params: notification.params, to: &bytes)
        case .response(let response):
            bytes.append(contentsOf: #","id":"#.utf8)
            response.id.append(to: &bytes)
            switch response.outcome {
            case .success(let result):
                bytes.append(contentsOf: #","result":"#.utf8)
                if let encoded = response.encodedResult {
                    bytes.append(contentsOf: encoded)
                } else {
                    result.append(to: &bytes)
                }
            case .failure(let error):
                bytes.append(contentsOf: #","error":"#.utf8)
                error.jsonValue.append(to: &bytes)
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// The message as compact JSON bytes.
    public func jsonBuffer() -> ByteBuffer {
        var buffer = ByteBuffer()
        self.write(to: &buffer)
        return buffer
    }

    /// Several messages as one JSON array: the reply to a batch.
    public static func batchBuffer(_ messages: [JSONRPCMessage]) -> ByteBuffer {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (offset, message) in messages.enumerated() {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            message.append(to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return ByteBuffer(bytes: bytes)
    }

    private static func appendCall(method: String, params: JSONValue?, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: #","method":"#.utf8)
        JSONValue.appendString(method, to: &bytes)
        if let params {
            bytes.append(contentsOf: #","params":"#.utf8)
            params.append(to: &bytes)
        }
    }
}

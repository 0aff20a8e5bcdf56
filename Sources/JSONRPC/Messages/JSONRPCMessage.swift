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
        buffer.writeStaticString(#"{"jsonrpc":"2.0""#)
        switch self {
        case .request(let request):
            buffer.writeStaticString(#","id":"#)
            request.id.jsonValue.write(to: &buffer)
            Self.writeCall(method: request.method, params: request.params, to: &buffer)
        case .notification(let notification):
            Self.writeCall(method: notification.method, params: notification.params, to: &buffer)
        case .response(let response):
            buffer.writeStaticString(#","id":"#)
            response.id.jsonValue.write(to: &buffer)
            switch response.outcome {
            case .success(let result):
                buffer.writeStaticString(#","result":"#)
                result.write(to: &buffer)
            case .failure(let error):
                buffer.writeStaticString(#","error":"#)
                error.jsonValue.write(to: &buffer)
            }
        }
        buffer.writeInteger(UInt8(ascii: "}"))
    }

    /// The message as compact JSON bytes.
    public func jsonBuffer() -> ByteBuffer {
        var buffer = ByteBuffer()
        self.write(to: &buffer)
        return buffer
    }

    /// Several messages as one JSON array: the reply to a batch.
    public static func batchBuffer(_ messages: [JSONRPCMessage]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(ascii: "["))
        for (offset, message) in messages.enumerated() {
            if offset > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            message.write(to: &buffer)
        }
        buffer.writeInteger(UInt8(ascii: "]"))
        return buffer
    }

    private static func writeCall(method: String, params: JSONValue?, to buffer: inout ByteBuffer) {
        buffer.writeStaticString(#","method":"#)
        JSONValue.writeString(method, to: &buffer)
        if let params {
            buffer.writeStaticString(#","params":"#)
            params.write(to: &buffer)
        }
    }
}

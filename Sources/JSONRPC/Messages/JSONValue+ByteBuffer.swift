import NIOCore

// The JSON module knows nothing of NIO; these adapters read and write its values in NIO's buffers.

extension JSONValue {
    /// Parses one JSON document straight from a buffer's readable bytes, nested at most `maxDepth` deep.
    public init(parsing buffer: ByteBuffer, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        let result = buffer.withUnsafeReadableBytes { bytes in
            Result { () throws(JSONParseError) in try JSONValue(parsing: bytes, maxDepth: maxDepth) }
        }
        self = try result.get()
    }

    /// Appends compact JSON text to `buffer` (see ``JSONValue/append(to:)``).
    public func write(to buffer: inout ByteBuffer) {
        // Text is built in a plain byte array and handed over in one copy: appending to an array
        // costs a fraction of a ByteBuffer write per token (no capacity and uniqueness checks on a
        // shared storage), and a reply is serialized once per request.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        self.append(to: &bytes)
        buffer.writeBytes(bytes)
    }

    /// The value as compact JSON bytes.
    public func jsonBuffer() -> ByteBuffer {
        var buffer = ByteBuffer()
        self.write(to: &buffer)
        return buffer
    }
}

extension JSONDepthScanner {
    /// Scans a buffer's readable bytes for nesting deeper than `maxDepth`.
    public static func scan(_ buffer: ByteBuffer, maxDepth: Int) -> Outcome {
        buffer.withUnsafeReadableBytes { self.scan($0, maxDepth: maxDepth) }
    }
}

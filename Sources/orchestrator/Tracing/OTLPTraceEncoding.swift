import Tracing

/// Encodes finished spans as an OTLP `ExportTraceServiceRequest` in protobuf's wire format
/// (opentelemetry-proto, `collector/trace/v1` and `trace/v1`): the few messages and fields a span needs, written
/// directly. Field numbers are the proto files'.
enum OTLPTraceEncoding {
    static func request(_ spans: [OTLPSpan.Finished], resource: [(String, SpanAttribute)], scope: String) -> [UInt8] {
        var scopeSpans = ProtobufWriter()
        var instrumentationScope = ProtobufWriter()
        instrumentationScope.string(1, scope)
        scopeSpans.message(1, instrumentationScope)
        for span in spans { scopeSpans.message(2, encode(span)) }
        var resourceMessage = ProtobufWriter()
        for (key, value) in resource { resourceMessage.message(1, keyValue(key, value)) }
        var resourceSpans = ProtobufWriter()
        resourceSpans.message(1, resourceMessage)
        resourceSpans.message(2, scopeSpans)
        var request = ProtobufWriter()
        request.message(1, resourceSpans)
        return request.bytes
    }

    static func encode(_ span: OTLPSpan.Finished) -> ProtobufWriter {
        var message = ProtobufWriter()
        message.bytes(1, span.identity.traceID)
        message.bytes(2, span.identity.spanID)
        if let state = span.identity.traceState, !state.isEmpty { message.string(3, state) }
        if let parent = span.parentSpanID { message.bytes(4, parent) }
        message.string(5, span.name)
        message.varint(6, UInt64(kind(span.kind)))
        message.fixed64(7, span.start)
        message.fixed64(8, span.end)
        span.attributes.forEach { key, value in message.message(9, keyValue(key, value)) }
        for event in span.events {
            var encoded = ProtobufWriter()
            encoded.fixed64(1, event.nanosecondsSinceEpoch)
            encoded.string(2, event.name)
            event.attributes.forEach { key, value in encoded.message(3, keyValue(key, value)) }
            message.message(11, encoded)
        }
        for link in span.links {
            var encoded = ProtobufWriter()
            encoded.bytes(1, link.identity.traceID)
            encoded.bytes(2, link.identity.spanID)
            if let state = link.identity.traceState, !state.isEmpty { encoded.string(3, state) }
            link.attributes.forEach { key, value in encoded.message(4, keyValue(key, value)) }
            message.message(13, encoded)
        }
        if let status = span.status {
            var encoded = ProtobufWriter()
            if let text = status.message { encoded.string(2, text) }
            encoded.varint(3, status.code == .ok ? 1 : 2)
            message.message(15, encoded)
        }
        return message
    }

    /// `Span.SpanKind`: 1 internal, 2 server, 3 client, 4 producer, 5 consumer.
    static func kind(_ kind: SpanKind) -> Int {
        switch kind {
        case .server: 2
        case .client: 3
        case .producer: 4
        case .consumer: 5
        default: 1
        }
    }

    static func keyValue(_ key: String, _ value: SpanAttribute) -> ProtobufWriter {
        var pair = ProtobufWriter()
        pair.string(1, key)
        pair.message(2, anyValue(value))
        return pair
    }

    /// `AnyValue`: 1 string, 2 bool, 3 int, 4 double, 5 array.
    static func anyValue(_ value: SpanAttribute) -> ProtobufWriter {
        var encoded = ProtobufWriter()
        func array(_ items: [ProtobufWriter]) {
            var values = ProtobufWriter()
            for item in items { values.message(1, item) }
            encoded.message(5, values)
        }
        switch value {
        case .string(let text): encoded.string(1, text)
        case .bool(let flag): encoded.varint(2, flag ? 1 : 0)
        case .int32(let number): encoded.varint(3, UInt64(bitPattern: Int64(number)))
        case .int64(let number): encoded.varint(3, UInt64(bitPattern: number))
        case .double(let number): encoded.fixed64(4, number.bitPattern)
        case .stringArray(let items): array(items.map { anyValue(.string($0)) })
        case .int64Array(let items): array(items.map { anyValue(.int64($0)) })
        case .int32Array(let items): array(items.map { anyValue(.int32($0)) })
        case .doubleArray(let items): array(items.map { anyValue(.double($0)) })
        case .boolArray(let items): array(items.map { anyValue(.bool($0)) })
        case .stringConvertible(let item): encoded.string(1, item.description)
        case .stringConvertibleArray(let items): array(items.map { anyValue(.string($0.description)) })
        default: encoded.string(1, "\(value)")
        }
        return encoded
    }
}

/// Protobuf's wire format for the field types a span uses: varints, 64-bit fixed, and length-delimited bytes.
struct ProtobufWriter: Sendable {
    private(set) var bytes: [UInt8] = []

    mutating func varint(_ field: Int, _ value: UInt64) {
        tag(field, wireType: 0)
        rawVarint(value)
    }

    mutating func fixed64(_ field: Int, _ value: UInt64) {
        tag(field, wireType: 1)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        tag(field, wireType: 2)
        rawVarint(UInt64(value.count))
        bytes += value
    }

    mutating func string(_ field: Int, _ value: String) {
        bytes(field, Array(value.utf8))
    }

    mutating func message(_ field: Int, _ value: ProtobufWriter) {
        bytes(field, value.bytes)
    }

    private mutating func tag(_ field: Int, wireType: UInt64) {
        rawVarint(UInt64(field) << 3 | wireType)
    }

    private mutating func rawVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}

import NIOCore

/// Finds the text of a message's `"id"` member in a frame, so an id is echoed exactly as it was sent.
///
/// Runs only for the rare ids whose value may not write back as they were spelled (see
/// ``RequestID``); the frame has already parsed, so the scan can trust its structure.
enum RequestIDText {
    /// The raw text of the last top-level `"id"` member of the message at `element` of a batch (nil:
    /// the frame is one message).
    static func find(in bytes: UnsafeRawBufferPointer, element: Int?) -> String? {
        var index = 0
        skipBlanks(bytes, &index)
        if let element {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
            index += 1
            for _ in 0..<element {
                skipBlanks(bytes, &index)
                skipValue(bytes, &index)
                skipBlanks(bytes, &index)
                guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return nil }
                index += 1
            }
            skipBlanks(bytes, &index)
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var found: String?
        while index < bytes.count {
            skipBlanks(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return found }
            let keyStart = index
            skipValue(bytes, &index)
            let isID = bytes[keyStart..<index].elementsEqual(#""id""#.utf8)
            skipBlanks(bytes, &index)
            index += 1  // the colon
            skipBlanks(bytes, &index)
            let valueStart = index
            skipValue(bytes, &index)
            if isID { found = String(decoding: bytes[valueStart..<index], as: UTF8.self) }
            skipBlanks(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return found }
            index += 1
        }
        return found
    }

    private static func skipBlanks(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    /// Moves past one value: a string (escapes honoured), a nested array or object, or a literal.
    private static func skipValue(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) {
        var depth = 0
        var inString = false
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { return }
                if depth < 0 {
                    index -= 1
                    return
                }
            case UInt8(ascii: ","), 0x20, 0x09, 0x0A, 0x0D:
                if depth == 0 {
                    index -= 1
                    return
                }
            default: break
            }
        }
    }
}

extension JSONRPCDecodedFrame {
    /// Whether some message's id may not write back as it was spelled.
    var needsVerbatimIDs: Bool {
        switch self {
        case .single(let incoming): incoming.idMayDifferFromItsText
        case .batch(let elements): elements.contains(where: \.idMayDifferFromItsText)
        }
    }

    /// The frame with such ids carrying their text from `frame`.
    func withVerbatimIDs(from frame: ByteBuffer) -> JSONRPCDecodedFrame {
        frame.withUnsafeReadableBytes { bytes in
            switch self {
            case .single(let incoming):
                return .single(incoming.withVerbatimID(RequestIDText.find(in: bytes, element: nil)))
            case .batch(let elements):
                return .batch(
                    elements.enumerated().map { offset, incoming in
                        incoming.idMayDifferFromItsText
                            ? incoming.withVerbatimID(RequestIDText.find(in: bytes, element: offset)) : incoming
                    })
            }
        }
    }
}

extension JSONRPCIncoming {
    fileprivate var idMayDifferFromItsText: Bool {
        switch self {
        case .request(let request): request.id.mayDifferFromItsText
        case .invalid(_, let id): id.mayDifferFromItsText
        case .notification, .response, .malformedResponse: false
        }
    }

    fileprivate func withVerbatimID(_ text: String?) -> JSONRPCIncoming {
        guard let text else { return self }
        switch self {
        case .request(var request):
            guard text != request.id.description else { return self }
            request.id = RequestID(request.id.value, verbatim: text)
            return .request(request)
        case .invalid(let error, let id):
            guard text != id.description, id != .null || text == "null" else { return self }
            return .invalid(error, id: RequestID(id.value, verbatim: text))
        case .notification, .response, .malformedResponse:
            return self
        }
    }
}

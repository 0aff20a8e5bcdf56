/// One dispatched server-sent event: its `event:` name (`message` when none was given) and its joined `data:` lines.
struct ServerSentEvent: Sendable, Hashable {
    var name: String
    var data: String
}

/// Turns a `text/event-stream` body into events, fed bytes as they arrive, split anywhere.
///
/// Follows the WHATWG event-stream rules: lines end in CR LF, LF or CR; `:` starts a comment; `data:` lines
/// join with LF; a blank line dispatches; an event without data is dropped; `id` and `retry` are ignored
/// (nothing here reconnects). Bytes are kept until their line is complete, so a UTF-8 character or a JSON
/// string split across chunks is decoded whole.
struct ServerSentEventParser {
    private var pending: [UInt8] = []
    /// How far `pending` was already searched for a line end, so each byte is scanned once.
    private var scanned = 0
    /// A chunk ended in CR: an LF opening the next chunk belongs to the same line end.
    private var skipLeadingLF = false
    private var atStreamStart = true
    private var eventName = ""
    private var dataLines: [String] = []
    private var hasData = false

    /// The events completed by `bytes`, in order.
    mutating func feed(_ bytes: some Collection<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        var input = bytes[...]
        if skipLeadingLF, let first = input.first {
            skipLeadingLF = false
            if first == Self.lf { input = input.dropFirst() }
        }
        pending.append(contentsOf: input)
        if atStreamStart {
            guard pending.count >= 3 || !Self.bom.starts(with: pending) else { return events }
            if pending.starts(with: Self.bom) { pending.removeFirst(3) }
            atStreamStart = false
        }

        var lineStart = 0
        var index = scanned
        while index < pending.count {
            let byte = pending[index]
            guard byte == Self.lf || byte == Self.cr else {
                index += 1
                continue
            }
            if let event = processLine(pending[lineStart..<index]) { events.append(event) }
            if byte == Self.cr {
                if index + 1 < pending.count {
                    if pending[index + 1] == Self.lf { index += 1 }
                } else {
                    skipLeadingLF = true
                }
            }
            index += 1
            lineStart = index
        }
        pending.removeFirst(lineStart)
        scanned = pending.count
        return events
    }

    private mutating func processLine(_ line: ArraySlice<UInt8>) -> ServerSentEvent? {
        guard !line.isEmpty else { return dispatch() }
        if line.first == Self.colon { return nil }

        let field: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: Self.colon) {
            field = line[..<colon]
            value = line[line.index(after: colon)...]
            if value.first == Self.space { value = value.dropFirst() }
        } else {
            field = line
            value = []
        }

        switch String(decoding: field, as: UTF8.self) {
        case "event":
            eventName = String(decoding: value, as: UTF8.self)
        case "data":
            dataLines.append(String(decoding: value, as: UTF8.self))
            hasData = true
        default:
            break
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            eventName = ""
            dataLines = []
            hasData = false
        }
        guard hasData else { return nil }
        return ServerSentEvent(name: eventName.isEmpty ? "message" : eventName, data: dataLines.joined(separator: "\n"))
    }

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
    private static let colon = UInt8(ascii: ":")
    private static let space = UInt8(ascii: " ")
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
}

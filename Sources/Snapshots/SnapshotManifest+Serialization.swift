/// The canonical text form of a manifest, the bytes whose hash names it in the store.
///
/// ```
/// snapshot-manifest 1
/// created-at 1764625000123456789
/// file 0644 <64 hex> 1234 1764624000000000000 docs/read me.md
/// symlink 0777 <64 hex> 9 1764624000000000000 out
/// ```
/// Paths are the rest of the line, with `\` written `\\` and a newline written `\n`.
extension SnapshotManifest {
    static let header = Array("snapshot-manifest 1".utf8)
    static let createdAtKey = Array("created-at ".utf8)

    /// The canonical text: a version header, the creation time, then one line per entry in path order.
    public func serialized() -> [UInt8] {
        canonicalText().bytes
    }

    /// The canonical text with its line offsets: kept, or spliced from the previous manifest's text when this one
    /// was made from known changes, or written entry by entry.
    func canonicalText() -> ManifestText {
        if let text, text.entryStarts.count == entries.count { return text }
        var bytes: [UInt8] = []
        var starts: [Int] = []
        starts.reserveCapacity(entries.count)
        if let derivation, derivation.origins.count == entries.count {
            bytes.reserveCapacity(derivation.base.bytes.count + 4096)
            appendHeader(to: &bytes)
            var index = 0
            while index < entries.count {
                let origin = Int(derivation.origins[index])
                guard origin >= 0 else {
                    starts.append(bytes.count)
                    Self.appendLine(entries[index], to: &bytes)
                    index += 1
                    continue
                }
                // A run of lines repeated in order is one copy.
                var end = index + 1
                while end < entries.count && Int(derivation.origins[end]) == origin + (end - index) { end += 1 }
                let shift = bytes.count - derivation.base.entryStarts[origin]
                for old in origin..<(origin + end - index) { starts.append(derivation.base.entryStarts[old] + shift) }
                bytes += derivation.base.lines(origin..<(origin + end - index))
                index = end
            }
            return ManifestText(bytes: bytes, entryStarts: starts)
        }
        let sorted = entries.indices.dropFirst().allSatisfy {
            ManifestPath.precedes(entries[$0 - 1].path, entries[$0].path)
        }
        let ordered = sorted ? entries : entries.sorted { ManifestPath.precedes($0.path, $1.path) }
        bytes.reserveCapacity(40 + ordered.count * 128)
        appendHeader(to: &bytes)
        for entry in ordered {
            starts.append(bytes.count)
            Self.appendLine(entry, to: &bytes)
        }
        return ManifestText(bytes: bytes, entryStarts: starts)
    }

    private func appendHeader(to bytes: inout [UInt8]) {
        bytes += Self.header
        bytes.append(0x0A)
        bytes += Self.createdAtKey
        bytes += Array(String(createdAt).utf8)
        bytes.append(0x0A)
    }

    private static func appendLine(_ entry: ManifestEntry, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: entry.kind == .file ? "file ".utf8 : "symlink ".utf8)
        for shift in [9, 6, 3, 0] {
            bytes.append(UInt8(ascii: "0") + UInt8((entry.mode >> UInt32(shift)) & 7))
        }
        bytes.append(0x20)
        entry.hash.appendHex(to: &bytes)
        bytes.append(0x20)
        Self.appendDecimal(entry.size, to: &bytes)
        bytes.append(0x20)
        if entry.modificationTime < 0 { bytes.append(UInt8(ascii: "-")) }
        Self.appendDecimal(entry.modificationTime.magnitude, to: &bytes)
        bytes.append(0x20)
        let path = entry.path.utf8
        if path.contains(where: { $0 == 0x0A || $0 == 0x5C }) {
            for byte in path {
                switch byte {
                case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
                case 0x5C: bytes += [0x5C, 0x5C]
                default: bytes.append(byte)
                }
            }
        } else {
            // Most paths need no escape: copied whole rather than a byte at a time.
            bytes.append(contentsOf: path)
        }
        bytes.append(0x0A)
    }

    private static func appendDecimal(_ value: UInt64, to bytes: inout [UInt8]) {
        // Digits into a fixed buffer from the end, then one append: no reversal of the array's tail.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var rest = value
            var index = 24
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[index...]))
        }
    }

    /// Parses the canonical text; `.corrupt` names the bad line, `.unsafePath` a path that would leave the workspace.
    public init(parsing bytes: [UInt8]) throws(SnapshotError) {
        // Parsing runs over a raw buffer: slices of it, unlike ArraySlices, cost no reference counting.
        let outcome: Result<(SnapshotManifest, [Int]), SnapshotError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = ManifestParser(bytes: buffer)
            return Result { () throws(SnapshotError) in try parser.parse() }
        }
        let (manifest, entryStarts) = try outcome.get()
        self = manifest
        // The text read is the canonical text (its hash named it): kept, not copied, for the next one to splice.
        text = ManifestText(bytes: bytes, entryStarts: entryStarts)
    }
}

/// Reads the canonical manifest text line by line, rejecting anything not exactly in that form.
private struct ManifestParser {
    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var line = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The manifest and the offset of each entry's line.
    mutating func parse() throws(SnapshotError) -> (SnapshotManifest, [Int]) {
        guard let first = nextLine(), bytes[first].elementsEqual(SnapshotManifest.header) else {
            throw corrupt("not a snapshot manifest (expected 'snapshot-manifest 1')")
        }
        guard let second = nextLine(), bytes[second].starts(with: SnapshotManifest.createdAtKey),
            let createdAt = Int64(text(bytes[second].dropFirst(SnapshotManifest.createdAtKey.count)))
        else { throw corrupt("expected 'created-at <nanoseconds>'") }
        var entries: [ManifestEntry] = []
        entries.reserveCapacity(bytes.count / 120)
        var starts: [Int] = []
        starts.reserveCapacity(bytes.count / 120)
        while let range = nextLine() {
            starts.append(range.lowerBound)
            entries.append(try entry(bytes[range]))
        }
        try ManifestPath.validate(entries, lineOffset: 3)
        return (SnapshotManifest(sortedEntries: entries, createdAt: createdAt), starts)
    }

    /// The next line without its newline; a final line without one means the text was cut short.
    mutating func nextLine() -> Range<Int>? {
        guard position < bytes.count else { return nil }
        line += 1
        let start = position
        guard let end = bytes[start...].firstIndex(of: 0x0A) else {
            position = bytes.count
            return start..<start  // An unterminated line: reported by the caller as a bad line.
        }
        position = end + 1
        return start..<end
    }

    func corrupt(_ message: String) -> SnapshotError {
        SnapshotError(.corrupt, "line \(max(line, 1)): \(message)")
    }

    func text(_ slice: Bytes) -> String {
        String(decoding: slice, as: UTF8.self)
    }

    func entry(_ line: Bytes) throws(SnapshotError) -> ManifestEntry {
        var rest = line
        // Fields are split by hand: this runs 10,000 times per manifest load, on every snapshot.
        func field() -> Bytes? {
            guard let space = rest.firstIndex(of: 0x20) else { return nil }
            defer { rest = rest[(space + 1)...] }
            return rest[..<space]
        }
        guard let kindField = field(), let modeField = field(), let hashField = field(), let sizeField = field(),
            let timeField = field()
        else { throw corrupt("expected 'kind mode hash size mtime path'") }
        let kind: ManifestEntry.Kind
        switch kindField.elementsEqual("file".utf8) ? 1 : kindField.elementsEqual("symlink".utf8) ? 2 : 0 {
        case 1: kind = .file
        case 2: kind = .symlink
        default: throw corrupt("unknown kind '\(text(kindField))'")
        }
        guard modeField.count == 4, let mode = Self.number(modeField, radix: 8), mode <= 0o7777 else {
            throw corrupt("bad mode '\(text(modeField))'")
        }
        guard let hash = ObjectHash(hexBytes: UnsafeBufferPointer(rebasing: hashField)) else {
            throw corrupt("bad hash '\(text(hashField))'")
        }
        guard let size = Self.number(sizeField, radix: 10) else { throw corrupt("bad size '\(text(sizeField))'") }
        let negative = timeField.first == UInt8(ascii: "-")
        guard let magnitude = Self.number(negative ? timeField.dropFirst() : timeField, radix: 10),
            magnitude <= UInt64(Int64.max)
        else { throw corrupt("bad modification time '\(text(timeField))'") }
        let time = negative ? -Int64(magnitude) : Int64(magnitude)
        // Unsafe paths are reported by `ManifestPath.validate`, which checks the whole list once.
        let path = try unescape(rest)
        return ManifestEntry(
            path: path, kind: kind, hash: hash, mode: UInt32(mode), size: size, modificationTime: time)
    }

    /// An unsigned number of 1 to 20 digits, nil on anything else or on overflow.
    static func number(_ digits: Bytes, radix: UInt64) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            let digit = UInt64(byte &- UInt8(ascii: "0"))
            guard digit < radix else { return nil }
            let (scaled, overflow) = value.multipliedReportingOverflow(by: radix)
            let (sum, carry) = scaled.addingReportingOverflow(digit)
            if overflow || carry { return nil }
            value = sum
        }
        return value
    }

    func unescape(_ field: Bytes) throws(SnapshotError) -> String {
        if !field.contains(0x5C) {
            guard let path = String(validating: UnsafeBufferPointer(rebasing: field), as: UTF8.self) else {
                throw corrupt("path is not valid UTF-8")
            }
            return path
        }
        var raw: [UInt8] = []
        raw.reserveCapacity(field.count)
        var escaped = false
        for byte in field {
            if escaped {
                switch byte {
                case UInt8(ascii: "n"): raw.append(0x0A)
                case 0x5C: raw.append(0x5C)
                default: throw corrupt("unknown escape '\\\(String(UnicodeScalar(byte)))' in path")
                }
                escaped = false
            } else if byte == 0x5C {
                escaped = true
            } else {
                raw.append(byte)
            }
        }
        if escaped { throw corrupt("path ends with a lone '\\'") }
        guard let path = String(validating: raw, as: UTF8.self) else { throw corrupt("path is not valid UTF-8") }
        return path
    }
}

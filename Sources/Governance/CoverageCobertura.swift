#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CoverageReport {
    /// Reads Cobertura XML with a small tag scanner (no XML library, no DTD processing).
    ///
    /// When the report lists `<line number=… hits=…>` elements inside `<class filename=…>`,
    /// the percentage is counted from them (a line listed twice, as under `<methods>`, counts
    /// once). Otherwise it is the root `<coverage line-rate=…>` times 100.
    static func parseCobertura(_ text: String) throws(CoverageError) -> CoverageReport {
        var scanner = CoverageXMLScanner(bytes: Array(text.utf8))
        var rootRate: Decimal?
        var sawRoot = false
        var order: [String] = []
        var lines: [String: [Int: Bool]] = [:]
        var currentClass: String?
        while let tag = try scanner.nextTag() {
            if !sawRoot {
                guard !tag.isClosing, tag.name == "coverage" else {
                    throw CoverageError(
                        code: .malformedXML, line: tag.line,
                        message: "expected the root element <coverage>, found <\(tag.name)>")
                }
                sawRoot = true
                if let rate = tag.attributes["line-rate"] {
                    guard let value = Decimal(string: rate), value >= 0, value <= 1 else {
                        throw CoverageError(
                            code: .invalidNumber, line: tag.line,
                            message: "expected line-rate between 0 and 1, found '\(rate.prefix(40))'")
                    }
                    rootRate = value
                }
                continue
            }
            switch (tag.name, tag.isClosing) {
            case ("class", false):
                guard let filename = tag.attributes["filename"], !filename.isEmpty else {
                    throw CoverageError(
                        code: .malformedXML, line: tag.line, message: "<class> has no filename attribute")
                }
                if lines[filename] == nil {
                    order.append(filename)
                    lines[filename] = [:]
                }
                currentClass = tag.isSelfClosing ? nil : filename
            case ("class", true):
                currentClass = nil
            case ("line", false):
                guard let file = currentClass else {
                    throw CoverageError(code: .malformedXML, line: tag.line, message: "<line> outside a <class>")
                }
                guard let numberText = tag.attributes["number"], let number = Int(numberText),
                    let hitsText = tag.attributes["hits"], let hit = isHit(Substring(hitsText))
                else {
                    throw CoverageError(
                        code: .invalidNumber, line: tag.line,
                        message: "<line> needs integer 'number' and 'hits' attributes")
                }
                lines[file, default: [:]][number] = (lines[file]?[number] ?? false) || hit
            default:
                continue
            }
        }
        guard sawRoot else {
            throw CoverageError(
                code: .malformedXML, line: max(scanner.line, 1), message: "no <coverage> root element")
        }
        let files = order.map { path in
            let hits = lines[path] ?? [:]
            return File(path: path, linesFound: hits.count, linesHit: hits.values.filter { $0 }.count)
        }
        let found = files.reduce(0) { $0 + $1.linesFound }
        let hit = files.reduce(0) { $0 + $1.linesHit }
        if let counted = percent(hit: hit, found: found) {
            return CoverageReport(percent: counted, files: files)
        }
        guard let rootRate else {
            throw CoverageError(
                code: .noData, line: max(scanner.line, 1),
                message: "the Cobertura report has no <line> elements and no line-rate")
        }
        return CoverageReport(percent: rootRate * 100, files: files)
    }
}

/// A minimal forward scanner over XML tags, tracking the one-based line for errors.
struct CoverageXMLScanner {
    /// A start, end or empty-element tag.
    struct Tag {
        var name: String
        var attributes: [String: String]
        var isClosing: Bool
        var isSelfClosing: Bool
        var line: Int
    }

    let bytes: [UInt8]
    var index = 0
    /// One-based line of `index`.
    var line = 1

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next tag, skipping text, comments, processing instructions and declarations.
    mutating func nextTag() throws(CoverageError) -> Tag? {
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                advance()
                continue
            }
            let startLine = line
            if hasPrefix("<!--") {
                try skip(past: "-->", what: "comment", from: startLine)
            } else if hasPrefix("<?") {
                try skip(past: "?>", what: "processing instruction", from: startLine)
            } else if hasPrefix("<![CDATA[") {
                try skip(past: "]]>", what: "CDATA section", from: startLine)
            } else if hasPrefix("<!") {
                try skip(past: ">", what: "declaration", from: startLine)
            } else {
                return try tag(from: startLine)
            }
        }
        return nil
    }

    private mutating func tag(from startLine: Int) throws(CoverageError) -> Tag {
        advance()
        let isClosing = peek == UInt8(ascii: "/")
        if isClosing { advance() }
        let name = readName()
        guard !name.isEmpty else {
            throw CoverageError(code: .malformedXML, line: startLine, message: "a '<' that starts no tag")
        }
        var attributes: [String: String] = [:]
        while true {
            skipSpace()
            guard let byte = peek else {
                throw CoverageError(code: .malformedXML, line: startLine, message: "<\(name)> is never closed with '>'")
            }
            if byte == UInt8(ascii: ">") {
                advance()
                return Tag(
                    name: name, attributes: attributes, isClosing: isClosing, isSelfClosing: false, line: startLine)
            }
            if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") {
                advance()
                advance()
                return Tag(
                    name: name, attributes: attributes, isClosing: isClosing, isSelfClosing: true, line: startLine)
            }
            let attributeLine = line
            let key = readName()
            skipSpace()
            guard !key.isEmpty, peek == UInt8(ascii: "=") else {
                throw CoverageError(
                    code: .malformedXML, line: attributeLine, message: "expected name=\"value\" in <\(name)>")
            }
            advance()
            skipSpace()
            guard let quote = peek, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw CoverageError(
                    code: .malformedXML, line: attributeLine,
                    message: "the value of '\(key)' in <\(name)> is not quoted")
            }
            advance()
            let valueStart = index
            while let byte = peek, byte != quote { advance() }
            guard peek != nil else {
                throw CoverageError(
                    code: .malformedXML, line: attributeLine,
                    message: "the value of '\(key)' in <\(name)> is never closed")
            }
            attributes[key] = Self.decodeEntities(String(decoding: bytes[valueStart..<index], as: UTF8.self))
            advance()
        }
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") { line += 1 }
        index += 1
    }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { advance() }
    }

    private mutating func readName() -> String {
        let start = index
        while let byte = peek,
            byte != 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D,
            byte != UInt8(ascii: ">"), byte != UInt8(ascii: "/"), byte != UInt8(ascii: "=")
        {
            advance()
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private func hasPrefix(_ prefix: String) -> Bool {
        let utf8 = Array(prefix.utf8)
        return index + utf8.count <= bytes.count && Array(bytes[index..<(index + utf8.count)]) == utf8
    }

    private mutating func skip(past terminator: String, what: String, from startLine: Int) throws(CoverageError) {
        while index < bytes.count {
            if hasPrefix(terminator) {
                for _ in 0..<terminator.utf8.count { advance() }
                return
            }
            advance()
        }
        throw CoverageError(code: .malformedXML, line: startLine, message: "the \(what) is never closed")
    }

    private static func decodeEntities(_ value: String) -> String {
        guard value.contains("&") else { return value }
        return value.replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&quot;", with: "\"")
            .replacing("&apos;", with: "'").replacing("&amp;", with: "&")
    }
}

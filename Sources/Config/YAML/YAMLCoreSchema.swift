/// Resolution of plain scalars to types under the YAML 1.2 core schema (what ruamel.yaml and
/// check-jsonschema use), so `version: 1.0` is a number and `enabled: yes` a string.
public enum YAMLCoreSchema {
    /// The type a plain (unquoted) scalar with this text has.
    public static func resolve(plain text: String) -> YAMLScalar.Resolved {
        // Every special word is at most five bytes; longer text (most of it) skips the comparisons.
        if text.utf8.count <= 5 {
            switch text {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE", "false", "False", "FALSE": return .bool
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
                return .float
            default: break
            }
        }
        // A number starts with a digit, a sign or a point; checking that first spares reading words.
        guard let first = text.utf8.first, isDigit(first) || "+-.".utf8.contains(first) else { return .string }
        let resolved = text.utf8.withContiguousStorageIfAvailable(numberType(of:))
        return resolved ?? Array(text.utf8).withUnsafeBufferPointer(numberType(of:))
    }

    /// `.int`, `.float` or `.string` for text that is not one of the special words.
    private static func numberType(of bytes: UnsafeBufferPointer<UInt8>) -> YAMLScalar.Resolved {
        if isInteger(bytes) { return .int }
        if isFloat(bytes) { return .float }
        return .string
    }

    /// The resolution an explicit core-schema tag asks for, or nil for other tags.
    static func resolve(tag: String) -> YAMLScalar.Resolved? {
        switch tag {
        case "tag:yaml.org,2002:str": .string
        case "tag:yaml.org,2002:int": .int
        case "tag:yaml.org,2002:float": .float
        case "tag:yaml.org,2002:bool": .bool
        case "tag:yaml.org,2002:null": .null
        default: nil
        }
    }

    static func intValue(_ text: String) -> Int? {
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
        return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    static func floatValue(_ text: String) -> Double? {
        switch text.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default: return Double(text)
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            if bytes[1] == UInt8(ascii: "x") {
                return bytes.dropFirst(2).allSatisfy { isDigit($0) || (0x61...0x66).contains($0 | 0x20) }
            }
            if bytes[1] == UInt8(ascii: "o") {
                return bytes.dropFirst(2).allSatisfy { (0x30...0x37).contains($0) }
            }
        }
        var digits = bytes[...]
        if digits.first == UInt8(ascii: "-") || digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy(isDigit)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    private static func isFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        var mantissaDigits = 0
        while index < count, isDigit(bytes[index]) {
            index += 1
            mantissaDigits += 1
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, isDigit(bytes[index]) {
                index += 1
                mantissaDigits += 1
            }
        }
        guard mantissaDigits > 0 else { return false }
        if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
            var exponentDigits = 0
            while index < count, isDigit(bytes[index]) {
                index += 1
                exponentDigits += 1
            }
            guard exponentDigits > 0 else { return false }
        }
        return index == count
    }
}

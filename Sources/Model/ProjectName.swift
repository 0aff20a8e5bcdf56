/// Identifiers derived from a project's name, shared by every part that names files after it.
public enum ProjectName {
    /// Lowercase ASCII letters and digits, runs of anything else as one `separator`, trimmed; "project" if empty.
    public static func identifier(_ name: String, separator: Character = "_") -> String {
        var result = ""
        var pendingSeparator = false
        for scalar in name.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingSeparator && !result.isEmpty { result.append(separator) }
                result.append(Character(scalar).lowercased())
                pendingSeparator = false
            } else {
                pendingSeparator = true
            }
        }
        guard let first = result.first else { return "project" }
        return first.isNumber ? "p\(separator)" + result : result
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines.
    public var trimmedWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}

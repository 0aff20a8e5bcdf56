/// A semantic version (semver.org 2.0.0): `MAJOR.MINOR.PATCH`, an optional `-prerelease` and `+build`.
///
/// Equality and order follow semver precedence: build metadata is ignored, so `1.0.0+a == 1.0.0+b`,
/// and a prerelease sorts before its release (`2.0.0-beta.1 < 2.0.0`).
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    /// Dot-separated prerelease identifiers (`beta`, `1`); empty for a release.
    public var prerelease: [String]
    /// Build metadata, ignored by comparisons.
    public var build: String?

    public init(major: Int, minor: Int, patch: Int, prerelease: [String] = [], build: String? = nil) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    /// Parses `1.2.3`, `1.2.3-rc.1`, `1.2.3+build.5`; `nil` for anything else (`1.2`, `01.2.3`, `v1.2.3`).
    public init?(_ text: String) {
        var rest = Substring(text)
        var build: String?
        if let plus = rest.firstIndex(of: "+") {
            let metadata = rest[rest.index(after: plus)...]
            guard Self.validIdentifiers(metadata, numeric: false) else { return nil }
            build = String(metadata)
            rest = rest[..<plus]
        }
        var prerelease: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            let identifiers = rest[rest.index(after: dash)...]
            guard Self.validIdentifiers(identifiers, numeric: true) else { return nil }
            prerelease = identifiers.split(separator: ".").map(String.init)
            rest = rest[..<dash]
        }
        let numbers = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3 else { return nil }
        var parsed: [Int] = []
        for number in numbers {
            guard let value = Self.numericIdentifier(number) else { return nil }
            parsed.append(value)
        }
        self.init(major: parsed[0], minor: parsed[1], patch: parsed[2], prerelease: prerelease, build: build)
    }

    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
        if let build { text += "+" + build }
        return text
    }

    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch, lhs.prerelease) == (rhs.major, rhs.minor, rhs.patch, rhs.prerelease)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        switch (lhs.prerelease.isEmpty, rhs.prerelease.isEmpty) {
        case (true, true), (true, false): return false
        case (false, true): return true
        case (false, false): break
        }
        for (left, right) in zip(lhs.prerelease, rhs.prerelease) where left != right {
            switch (Int(left), Int(right)) {
            case (let l?, let r?): return l < r
            // Numeric identifiers have lower precedence than alphanumeric ones.
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return left < right
            }
        }
        return lhs.prerelease.count < rhs.prerelease.count
    }

    /// A decimal number without a leading zero (`0` itself is fine).
    private static func numericIdentifier(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else { return nil }
        guard text == "0" || text.first != "0" else { return nil }
        return Int(text)
    }

    /// Non-empty dot-separated identifiers of `[0-9A-Za-z-]`; with `numeric`, all-digit ones may not lead with 0.
    private static func validIdentifiers(_ text: Substring, numeric: Bool) -> Bool {
        let identifiers = text.split(separator: ".", omittingEmptySubsequences: false)
        return identifiers.allSatisfy { identifier in
            guard !identifier.isEmpty,
                identifier.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
            else { return false }
            guard numeric, identifier.allSatisfy(\.isNumber) else { return true }
            return identifier == "0" || identifier.first != "0"
        }
    }
}

/// Why a typed value could not be decoded from JSON, as a client should read it: where (a JSON
/// Pointer) and what, in JSON's words.
public struct JSONDecodingFailure: Sendable, Hashable, CustomStringConvertible {
    /// The JSON Pointer (RFC 6901) of the offending member: `""` for the value itself, `/a/0/b` inside it.
    public let pointer: String
    /// What is wrong there: `must be an integer, found "three"`, `is missing`, or a decoder's own words.
    public let reason: String
    /// Whether ``reason`` completes a sentence about the member ("… must be …") or follows a colon.
    private let isPredicate: Bool

    /// Reads a decoding error; errors of other kinds are described as they describe themselves.
    public init(_ error: any Error) {
        guard let error = error as? DecodingError else {
            self.init(pointer: "", reason: String(describing: error), isPredicate: false)
            return
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(pointer: Self.pointer(context.codingPath + [key]), reason: "is missing", isPredicate: true)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            self.init(pointer: Self.pointer(context.codingPath), reason: context.debugDescription, isPredicate: true)
        case .dataCorrupted(let context):
            self.init(pointer: Self.pointer(context.codingPath), reason: context.debugDescription, isPredicate: false)
        @unknown default:
            self.init(pointer: "", reason: String(describing: error), isPredicate: false)
        }
    }

    private init(pointer: String, reason: String, isPredicate: Bool) {
        self.pointer = pointer
        self.reason = reason
        self.isPredicate = isPredicate
    }

    /// One sentence naming the member, the whole value called `root`: `params must be an object, found
    /// an array`, `member "/position/line" must be an integer, found "three"`, `member "/uri" is missing`.
    public func sentence(root: String) -> String {
        let subject = self.pointer.isEmpty ? root : "member \"\(self.pointer)\""
        return self.isPredicate ? "\(subject) \(self.reason)" : "\(subject): \(self.reason)"
    }

    /// The sentence about a value called `value`.
    public var description: String { self.sentence(root: "value") }

    /// The JSON Pointer of a coding path: array positions as numbers, `~` and `/` in names escaped.
    public static func pointer(_ codingPath: [any CodingKey]) -> String {
        var pointer = ""
        for key in codingPath {
            pointer += "/"
            if let index = key.intValue, key.stringValue == String(index) || key.stringValue.hasPrefix("Index ") {
                pointer += String(index)
            } else {
                for character in key.stringValue {
                    switch character {
                    case "~": pointer += "~0"
                    case "/": pointer += "~1"
                    default: pointer.append(character)
                    }
                }
            }
        }
        return pointer
    }
}

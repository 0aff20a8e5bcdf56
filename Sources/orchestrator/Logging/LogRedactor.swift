import Synchronization

/// Takes secrets out of log text: the values of secret-looking environment variables wherever they appear, the
/// credentials of `Authorization` / `x-api-key` headers, and every value under a secret-looking metadata key.
///
/// Logs travel further than the process (files, collectors, tickets), so a key must not reach them even when a
/// message quotes a request or an environment verbatim.
struct LogRedactor: Sendable {
    static let mask = "[REDACTED]"

    /// Values shorter than this are not hunted in text: `1` or `true` would blank half a line.
    static let shortestSecret = 8

    /// The literal secrets, found the first time a line is redacted rather than when the redactor is made: most
    /// commands write no log line, and scanning the environment at start-up cost every one of them 1.5 million
    /// instructions of the 18 million `--version` took (callgrind).
    private let found: SecretsOnce

    /// The literal secrets to remove, longest first (so a secret containing another is removed whole).
    var secrets: [String] { found.value }

    /// A redactor of the secrets in `environment`, read when the first line is redacted.
    init(environment: @escaping @Sendable () -> [String: String]) {
        self.found = SecretsOnce {
            let values = environment().compactMap { name, value in
                Self.isSecretName(name) && value.utf8.count >= Self.shortestSecret ? value : nil
            }
            return Set(values).sorted { $0.utf8.count > $1.utf8.count }
        }
    }

    init(environment: [String: String]) {
        self.init { environment }
    }

    /// Whether a variable or metadata key names a secret: `ANTHROPIC_API_KEY`, `GITHUB_TOKEN`, `authorization`,
    /// `x-api-key`, `db_password`… A count of tokens (`input_tokens`) is not one.
    static func isSecretName(_ name: String) -> Bool {
        let lower = name.lowercased().replacing("-", with: "_")
        if lower == "authorization" || lower == "proxy_authorization" || lower == "cookie" { return true }
        if lower.hasSuffix("_tokens") || lower == "tokens" { return false }
        let words = lower.split(separator: "_")
        let secretWords: Set<Substring> = ["key", "apikey", "token", "secret", "password", "passwd", "credentials"]
        return words.contains { secretWords.contains($0) }
    }

    /// The text with every known secret and header credential replaced by ``mask``.
    func redact(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacing(secret, with: Self.mask)
        }
        return Self.redactHeaders(text)
    }

    /// `Authorization: Bearer abc`, `authorization: Basic abc`, `x-api-key: abc`, `"api_key": "abc"` (any case): the
    /// value goes, the header's name (and a scheme word) stays so a reader knows one was sent.
    static func redactHeaders(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var changed = false
        while index < bytes.count {
            guard let valueStart = headerValueStart(in: bytes, at: index) else {
                output.append(bytes[index])
                index += 1
                continue
            }
            output += bytes[index..<valueStart]
            let valueEnd = bytes[valueStart...].firstIndex { stopBytes.contains($0) } ?? bytes.count
            let value = bytes[valueStart..<valueEnd]
            let scheme = value.prefix { $0 != UInt8(ascii: " ") }
            let schemeName = String(decoding: scheme, as: UTF8.self).lowercased()
            if ["bearer", "basic", "token"].contains(schemeName), value.count > scheme.count + 1 {
                output += scheme + [UInt8(ascii: " ")]
            }
            output += Array(mask.utf8)
            index = valueEnd
            changed = true
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    private static let headerNames = ["authorization", "x-api-key", "api-key", "api_key"].map { Array($0.utf8) }
    private static let stopBytes: Set<UInt8> = [
        UInt8(ascii: "\n"), UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "}"),
    ]

    /// Where a credential's value begins when a header name (`name:` or `name=`, quotes and spaces allowed around
    /// the separator) starts at `index`.
    private static func headerValueStart(in bytes: [UInt8], at index: Int) -> Int? {
        for name in headerNames where matchesIgnoringCase(name, in: bytes, at: index) {
            var cursor = index + name.count
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\"") {
                cursor += 1
            }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") || bytes[cursor] == UInt8(ascii: "=") else {
                continue
            }
            cursor += 1
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\"") {
                cursor += 1
            }
            return cursor
        }
        return nil
    }

    private static func matchesIgnoringCase(_ name: [UInt8], in bytes: [UInt8], at index: Int) -> Bool {
        guard index + name.count <= bytes.count else { return false }
        for offset in 0..<name.count {
            var byte = bytes[index + offset]
            if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte += 32 }
            if byte != name[offset] { return false }
        }
        return true
    }
}

/// The secrets a ``LogRedactor`` hunts, computed once on first use by whichever thread logs first.
private final class SecretsOnce: Sendable {
    private let secrets = Mutex<[String]?>(nil)
    private let find: @Sendable () -> [String]

    init(_ find: @escaping @Sendable () -> [String]) {
        self.find = find
    }

    var value: [String] {
        secrets.withLock { found in
            if let found { return found }
            let computed = find()
            found = computed
            return computed
        }
    }
}

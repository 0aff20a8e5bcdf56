import StorePort

/// A PostgreSQL connection URL (`postgres://user:password@host:port/database?options`), and the same URL without
/// its password: what messages, logs and ``PostgresWorkflowStore/location`` show.
public struct PostgresURL: Sendable, Hashable {
    /// The URL as given, password included: handed to libpq only, never shown.
    let text: String
    /// The URL without its password, for messages.
    public let redacted: String

    /// Whether `text` names a PostgreSQL server (the `postgres://` or `postgresql://` scheme libpq reads).
    public static func isPostgres(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Checks the scheme; libpq checks the rest when it connects (and its messages never repeat a password).
    public init(_ text: String) throws(StoreError) {
        let redacted = Self.redact(text)
        guard Self.isPostgres(text) else {
            throw StoreError(
                .cannotOpen, path: redacted, "not a PostgreSQL URL: expected postgres://user@host:port/database")
        }
        self.text = text
        self.redacted = redacted
    }

    /// `text` without the password of its user information (`user:secret@` → `user@`) or of a `password=` option.
    public static func redact(_ text: String) -> String {
        var result = text
        if let schemeEnd = result.firstIndex(of: ":"), result[schemeEnd...].hasPrefix("://") {
            let authorityStart = result.index(schemeEnd, offsetBy: 3)
            let authorityEnd =
                result[authorityStart...].firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? result.endIndex
            // The last `@` ends the user information: a password may hold an unescaped `@` of its own.
            if let at = result[authorityStart..<authorityEnd].lastIndex(of: "@"),
                let colon = result[authorityStart..<at].firstIndex(of: ":")
            {
                result.removeSubrange(colon..<at)
            }
        }
        guard let query = result.firstIndex(of: "?") else { return result }
        let options = result[result.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false)
        let kept = options.filter { !$0.lowercased().hasPrefix("password=") }
        return String(result[...query]) + kept.joined(separator: "&")
    }
}

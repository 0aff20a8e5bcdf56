import Model

/// Where Redis listens, from `ORCHESTRATOR_REDIS_URL`: `redis://[user[:password]@]host[:port][/db]` or
/// `unix:///path/to/redis.sock[?db=N]`.
public struct RedisURL: Sendable, Hashable, CustomStringConvertible {
    /// How to reach the server.
    public enum Address: Sendable, Hashable {
        case tcp(host: String, port: Int32)
        case unix(path: String)
    }

    public var address: Address
    public var user: String?
    public var password: String?
    public var database: Int

    /// A URL this does not read: what was given and what was expected.
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        public var text: String
        public var reason: String
        public var description: String {
            "ORCHESTRATOR_REDIS_URL \"\(RedisURL.withoutPassword(text))\": \(reason) "
                + "(expected redis://[user[:password]@]host[:port][/db] or unix:///path/to/redis.sock)"
        }
    }

    /// The URL without its password, for messages and logs.
    public var description: String {
        switch address {
        case .tcp(let host, let port):
            let credentials = user.map { "\($0)@" } ?? (password != nil ? "…@" : "")
            return "redis://\(credentials)\(host):\(port)/\(database)"
        case .unix(let path): return "unix://\(path)" + (database != 0 ? "?db=\(database)" : "")
        }
    }

    public init(parsing text: String) throws(Invalid) {
        let text = text.trimmedWhitespace
        if text.hasPrefix("unix://") {
            var rest = String(text.dropFirst("unix://".count))
            var database = 0
            if let query = rest.firstIndex(of: "?") {
                let parameter = rest[rest.index(after: query)...]
                guard parameter.hasPrefix("db="), let number = Int(parameter.dropFirst(3)), number >= 0 else {
                    throw Invalid(text: text, reason: "the only parameter read is db=N")
                }
                database = number
                rest = String(rest[..<query])
            }
            guard rest.hasPrefix("/") else { throw Invalid(text: text, reason: "a socket path must be absolute") }
            self.init(address: .unix(path: PercentDecoding.decoded(rest)), user: nil, password: nil, database: database)
            return
        }
        guard text.hasPrefix("redis://") else { throw Invalid(text: text, reason: "unknown scheme") }
        var rest = Substring(text.dropFirst("redis://".count))
        var user: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = credentials[..<colon].isEmpty ? nil : PercentDecoding.decoded(credentials[..<colon])
                password = PercentDecoding.decoded(credentials[credentials.index(after: colon)...])
            } else if !credentials.isEmpty {
                user = PercentDecoding.decoded(credentials)
            }
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...]
            if !path.isEmpty {
                guard let number = Int(path), number >= 0 else {
                    throw Invalid(text: text, reason: "the path must be a database number")
                }
                database = number
            }
            rest = rest[..<slash]
        }
        var host = String(rest)
        var port: Int32 = 6379
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let number = Int32(rest[rest.index(after: colon)...]), (1...65535).contains(number) else {
                throw Invalid(text: text, reason: "the port must be a number from 1 to 65535")
            }
            port = number
            host = String(rest[..<colon])
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw Invalid(text: text, reason: "no host") }
        self.init(address: .tcp(host: host, port: port), user: user, password: password, database: database)
    }

    public init(address: Address, user: String? = nil, password: String? = nil, database: Int = 0) {
        self.address = address
        self.user = user
        self.password = password
        self.database = database
    }

    /// `text` with the password of a `redis://user:password@` URL hidden.
    static func withoutPassword(_ text: String) -> String {
        guard text.hasPrefix("redis://"), let at = text.lastIndex(of: "@") else { return text }
        let credentials = text[text.index(text.startIndex, offsetBy: 8)..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return "redis://" + credentials[..<colon] + ":…" + text[at...]
    }
}

import CHiredis
import Synchronization

/// A Redis reply, as RESP2 gives it.
public enum RedisReply: Sendable, Hashable {
    case string([UInt8])
    case status(String)
    case integer(Int64)
    case array([RedisReply])
    case null
    case error(String)
}

/// Why a Redis command got no reply: the library, the connection or the server.
public struct RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// One connection to Redis through hiredis, shared by every thread of the process (commands are serialised).
///
/// Commands block their caller up to the timeout: shared-tier calls are a few per model call or document, each a
/// round trip on a local network, and a short timeout bounds what a stalled server costs before the caller falls
/// back to its own machine's cache and limits. A failed connection is dropped and made again at the next command.
public final class RedisConnection: Sendable {
    public let url: RedisURL
    private let timeoutMilliseconds: Int
    private let context = Mutex<ContextPointer?>(nil)

    /// hiredis's context, owned by the mutex above: only ever used while it is held.
    private struct ContextPointer: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<redisContext>
    }

    public init(url: RedisURL, timeout: Duration = .milliseconds(500)) {
        self.url = url
        let parts = timeout.components
        self.timeoutMilliseconds = max(1, Int(parts.seconds) * 1000 + Int(parts.attoseconds / 1_000_000_000_000_000))
    }

    deinit {
        context.withLock { held in
            if let held { ochiredis_free(held.pointer) }
        }
    }

    /// Sends one command (`["SET", key, value]`) and returns the server's reply; an `.error` reply is returned, not
    /// thrown. Throws when the library is missing or the connection fails.
    public func command(_ arguments: [[UInt8]]) throws(RedisError) -> RedisReply {
        let outcome = context.withLock { (held: inout ContextPointer?) -> Result<RedisReply, RedisError> in
            let connected: ContextPointer
            if let held {
                connected = held
            } else {
                do throws(RedisError) {
                    connected = try connect()
                } catch {
                    return .failure(error)
                }
            }
            held = connected
            guard let reply = Self.send(arguments, on: connected.pointer) else {
                let reason = ochiredis_error(connected.pointer).map { String(cString: $0) } ?? "no reply"
                ochiredis_free(connected.pointer)
                held = nil
                return .failure(RedisError(message: "Redis at \(url): \(reason)"))
            }
            return .success(reply)
        }
        return try outcome.get()
    }

    /// `command` with text arguments.
    public func command(_ arguments: String...) throws(RedisError) -> RedisReply {
        try command(arguments.map { Array($0.utf8) })
    }

    private func connect() throws(RedisError) -> ContextPointer {
        if let missing = ochiredis_load_error() {
            throw RedisError(message: "Redis at \(url): libhiredis could not be loaded (\(String(cString: missing)))")
        }
        let made: UnsafeMutablePointer<redisContext>? =
            switch url.address {
            case .tcp(let host, let port): ochiredis_connect_tcp(host, port, timeoutMilliseconds)
            case .unix(let path): ochiredis_connect_unix(path, timeoutMilliseconds)
            }
        guard let made else { throw RedisError(message: "Redis at \(url): out of memory") }
        if let failure = ochiredis_error(made) {
            let reason = String(cString: failure)
            ochiredis_free(made)
            throw RedisError(message: "Redis at \(url): \(reason)")
        }
        _ = ochiredis_set_timeout(made, timeoutMilliseconds)
        let opened = ContextPointer(pointer: made)
        do throws(RedisError) {
            if let password = url.password {
                let login = [Array("AUTH".utf8)] + (url.user.map { [Array($0.utf8)] } ?? []) + [Array(password.utf8)]
                try expectOK(Self.send(login, on: made), doing: "AUTH")
            }
            if url.database != 0 {
                try expectOK(
                    Self.send([Array("SELECT".utf8), Array(String(url.database).utf8)], on: made), doing: "SELECT")
            }
        } catch {
            ochiredis_free(made)
            throw error
        }
        return opened
    }

    private func expectOK(_ reply: RedisReply?, doing step: String) throws(RedisError) {
        switch reply {
        case .status: return
        case .error(let message): throw RedisError(message: "Redis at \(url): \(step) refused: \(message)")
        default: throw RedisError(message: "Redis at \(url): \(step) got no answer")
        }
    }

    private static func send(_ arguments: [[UInt8]], on context: UnsafeMutablePointer<redisContext>) -> RedisReply? {
        let copies = arguments.map { bytes -> UnsafeMutablePointer<CChar> in
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
            bytes.withUnsafeBufferPointer { source in
                source.withMemoryRebound(to: CChar.self) { characters in
                    if let base = characters.baseAddress { copy.initialize(from: base, count: bytes.count) }
                }
            }
            return copy
        }
        defer { copies.forEach { $0.deallocate() } }
        var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
        var lengths = arguments.map { $0.count }
        guard let reply = ochiredis_command(context, Int32(arguments.count), &pointers, &lengths) else { return nil }
        defer { ochiredis_free_reply(reply) }
        return decode(reply)
    }

    private static func decode(_ reply: UnsafeMutablePointer<redisReply>) -> RedisReply {
        let value = reply.pointee
        func bytes() -> [UInt8] {
            guard let text = value.str else { return [] }
            return Array(UnsafeRawBufferPointer(start: text, count: Int(value.len)))
        }
        switch value.type {
        case REDIS_REPLY_STRING: return .string(bytes())
        case REDIS_REPLY_STATUS: return .status(String(decoding: bytes(), as: UTF8.self))
        case REDIS_REPLY_ERROR: return .error(String(decoding: bytes(), as: UTF8.self))
        case REDIS_REPLY_INTEGER: return .integer(value.integer)
        case REDIS_REPLY_ARRAY:
            return .array((0..<Int(value.elements)).map { decode(ochiredis_element(reply, $0)) })
        default: return .null
        }
    }
}

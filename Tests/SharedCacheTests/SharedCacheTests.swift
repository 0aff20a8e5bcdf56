import Foundation
import Logging
import Providers
import TestSupport
import Testing
import Tokens

@testable import SharedCache

@Suite("Redis URLs")
struct RedisURLTests {
    @Test("redis:// and unix:// URLs are read; the password never shows")
    func parsing() throws {
        let full = try RedisURL(parsing: "redis://worker:s3cret%21@cache.internal:6380/2")
        #expect(full.address == .tcp(host: "cache.internal", port: 6380))
        #expect(full.user == "worker" && full.password == "s3cret!" && full.database == 2)
        #expect(!full.description.contains("s3cret"))
        let plain = try RedisURL(parsing: " redis://127.0.0.1 ")
        #expect(plain.address == .tcp(host: "127.0.0.1", port: 6379) && plain.database == 0 && plain.password == nil)
        #expect(try RedisURL(parsing: "redis://:pw@[::1]:7000").address == .tcp(host: "::1", port: 7000))
        let socket = try RedisURL(parsing: "unix:///run/redis/redis.sock?db=3")
        #expect(socket.address == .unix(path: "/run/redis/redis.sock") && socket.database == 3)
    }

    @Test(
        "a URL it cannot read says what was expected, without the password",
        arguments: ["http://host", "redis://", "redis://h:99999", "redis://h/x", "unix://relative", "unix:///s?x=1"])
    func invalid(_ text: String) {
        #expect(throws: RedisURL.Invalid.self) { try RedisURL(parsing: text) }
        do {
            _ = try RedisURL(parsing: "redis://u:hunter2@h:0")
            Issue.record("port 0 was accepted")
        } catch {
            #expect(error.description.contains("expected redis://"))
            #expect(!error.description.contains("hunter2"))
        }
    }
}

@Suite("The shared tier against a real redis-server", .enabled(if: RedisServerFixture.available), .serialized)
struct SharedCacheTests {
    @Test("commands round-trip over TCP with AUTH and over the socket, bytes as given")
    func roundTrip() async throws {
        let server = try await RedisServerFixture.start(password: "p4ss-word")
        defer { server.stop() }
        let tcp = RedisConnection(url: server.tcpURL)
        let value: [UInt8] = [0, 1, 2, 255, 10, 13]
        #expect(try tcp.command([Array("SET".utf8), Array("k".utf8), value]) == .status("OK"))
        let socket = RedisConnection(url: server.socketURL)
        #expect(try socket.command("GET", "k") == .string(value))
        #expect(try socket.command("GET", "absent") == .null)
        #expect(try socket.command("INCRBY", "n", "41") == .integer(41))
        if case .error = try socket.command("NOSUCHCOMMAND") {} else { Issue.record("an error reply was expected") }
        let wrong = RedisConnection(url: RedisURL(address: .tcp(host: "127.0.0.1", port: server.port), password: "no"))
        #expect(throws: RedisError.self) { try wrong.command("PING") }
    }

    @Test("a summary outlined on one machine is read by another, which keeps it locally too")
    func summariesShared() async throws {
        let server = try await RedisServerFixture.start()
        defer { server.stop() }
        let log = CapturedLog()
        let machineA = try TemporaryFolder(prefix: "machine-a")
        let machineB = try TemporaryFolder(prefix: "machine-b")
        defer {
            machineA.remove()
            machineB.remove()
        }
        let tierA = RedisTier(connection: RedisConnection(url: server.tcpURL), logger: log.logger)
        let tierB = RedisTier(connection: RedisConnection(url: server.socketURL), logger: log.logger)
        let document = ContextDocument(path: "docs/guide.md", text: "# Guide\n\nSome text about invoices.\n")
        let summarizer = DocumentSummarizer()

        let cacheA = SummaryCache(directory: machineA.path, shared: RedisSummaryStore(tier: tierA))
        let made = try await cacheA.summary(of: document, key: "abc123", using: summarizer)
        #expect(await cacheA.stats == SummaryCacheStats(hits: 0, misses: 1))

        let cacheB = SummaryCache(directory: machineB.path, shared: RedisSummaryStore(tier: tierB))
        let read = try await cacheB.summary(of: document, key: "abc123", using: summarizer)
        #expect(read == made)
        #expect(await cacheB.stats == SummaryCacheStats(hits: 1, misses: 0))
        #expect(FileManager.default.fileExists(atPath: machineB.path + "/abc123.json"))
        // A shared entry made for another cap is not taken: it is outlined again and replaced.
        let smaller = DocumentSummarizer(maxTokens: summarizer.maxTokens / 2)
        let cacheC = SummaryCache(directory: machineB.path + "/c", shared: RedisSummaryStore(tier: tierB))
        _ = try await cacheC.summary(of: document, key: "abc123", using: smaller)
        #expect(await cacheC.stats == SummaryCacheStats(hits: 0, misses: 1))
        #expect(log.lines.withLock { $0.isEmpty })
    }

    @Test("with Redis away, caches and limits are this machine's own, and that is said once")
    func redisAway() async throws {
        let log = CapturedLog()
        let folder = try TemporaryFolder(prefix: "away")
        defer { folder.remove() }
        let absent = RedisURL(address: .unix(path: folder.path + "/nobody-listens.sock"))
        let tier = RedisTier(connection: RedisConnection(url: absent), retryInterval: .zero, logger: log.logger)
        let cache = SummaryCache(directory: folder.path + "/cache", shared: RedisSummaryStore(tier: tier))
        for index in 0..<3 {
            let document = ContextDocument(path: "n\(index).md", text: "# Note \(index)\n")
            _ = try await cache.summary(of: document, key: "k\(index)", using: DocumentSummarizer())
        }
        #expect(await cache.stats == SummaryCacheStats(hits: 0, misses: 3))
        let gate = RedisRateLimitGate(tier: tier, local: LocalRateLimitGate())
        await gate.pause(key: "quota", for: .seconds(30))
        #expect(await gate.remainingPause(key: "quota").map { $0 > .seconds(25) } == true)
        #expect(tier.isDown)
        let warnings = log.lines.withLock { lines in lines.filter { $0.0 == .warning }.map(\.1) }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("this machine's own") == true)
        #expect(warnings.first?.contains("nobody-listens.sock") == true)
    }

    @Test("a server that goes away mid-run is said once, and used again when it is back")
    func redisComesBack() async throws {
        let log = CapturedLog()
        let first = try await RedisServerFixture.start()
        let tier = RedisTier(connection: RedisConnection(url: first.tcpURL), retryInterval: .zero, logger: log.logger)
        #expect(tier.run("SET", "k", "v") == .status("OK"))
        first.stop()
        #expect(tier.run("GET", "k") == nil)
        #expect(tier.run("GET", "k") == nil)
        #expect(tier.isDown)
        let second = try await RedisServerFixture.start(port: first.port)
        defer { second.stop() }
        #expect(tier.run("GET", "k") == .null)
        #expect(!tier.isDown)
        let said = log.lines.withLock { lines in lines.map { "\($0.0): \($0.1)" } }
        #expect(said.count == 2)
        #expect(said.first?.hasPrefix("warning") == true)
        #expect(said.last?.contains("answers again") == true)
    }

    @Test("a refused command is no answer to the caller, and said once")
    func refusalSaidOnce() async throws {
        let server = try await RedisServerFixture.start()
        defer { server.stop() }
        let log = CapturedLog()
        let tier = RedisTier(connection: RedisConnection(url: server.tcpURL), logger: log.logger)
        #expect(tier.run("NOSUCHCOMMAND") == nil)
        #expect(tier.run("NOSUCHCOMMAND") == nil)
        #expect(!tier.isDown)
        let said = log.lines.withLock { $0.map(\.1) }
        #expect(said.count == 1)
        #expect(said.first?.contains("refused NOSUCHCOMMAND") == true)
    }

    @Test("a pause one worker records holds another's calls on the key; the key is stored only as a digest")
    func pausesShared() async throws {
        let server = try await RedisServerFixture.start()
        defer { server.stop() }
        let log = CapturedLog()
        let workerA = RedisRateLimitGate(
            tier: RedisTier(connection: RedisConnection(url: server.tcpURL), logger: log.logger),
            local: LocalRateLimitGate())
        let workerB = RedisRateLimitGate(
            tier: RedisTier(connection: RedisConnection(url: server.tcpURL), logger: log.logger),
            local: LocalRateLimitGate())
        let quota = "https://api.anthropic.com\u{0}sk-ant-api03-very-secret"
        #expect(await workerB.remainingPause(key: quota) == nil)
        await workerA.pause(key: quota, for: .seconds(30))
        let held = try #require(await workerB.remainingPause(key: quota))
        #expect(held > .seconds(25) && held <= .seconds(30))
        // A shorter pause from another worker does not cut the longer one short.
        await workerB.pause(key: quota, for: .seconds(1))
        let still = try #require(await workerA.remainingPause(key: quota))
        #expect(still > .seconds(25))
        #expect(await workerB.remainingPause(key: "https://api.anthropic.com\u{0}other-key") == nil)
        let keys = try RedisConnection(url: server.socketURL).command("KEYS", "*")
        guard case .array(let names) = keys else { throw FixtureError(message: "KEYS answered \(keys)") }
        #expect(names.count == 1)
        for case .string(let name) in names {
            let text = String(decoding: name, as: UTF8.self)
            #expect(text.hasPrefix("orchestrator:pause:") && !text.contains("secret"))
        }
    }

    @Test("the variable names the tier; unset or blank means none; a bad URL is refused")
    func setup() async throws {
        let log = CapturedLog()
        #expect(try SharedTierSetup.tier(url: nil, logger: log.logger) == nil)
        #expect(try SharedTierSetup.tier(url: "  ", logger: log.logger) == nil)
        #expect(throws: RedisURL.Invalid.self) { try SharedTierSetup.tier(url: "memcached://x", logger: log.logger) }
        let server = try await RedisServerFixture.start()
        defer { server.stop() }
        let tier = try #require(try SharedTierSetup.tier(url: "unix://\(server.socketPath)", logger: log.logger))
        #expect(tier.run("PING") == .status("PONG"))
    }
}

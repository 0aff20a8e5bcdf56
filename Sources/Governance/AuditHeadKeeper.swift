import Crypto
import Glibc
import JSON

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Keeps the user's audit signing key and the signed heads of their workflows' audit chains, outside every
/// workspace, so that a chain cut short, emptied or rebuilt inside a workspace no longer matches what was signed.
///
/// The key is an Ed25519 private key in `<keyDirectory>/audit-signing.key`, created on first use (0600, in a 0700
/// folder). Each workflow's newest signed head is one JSON file,
/// `<headDirectory>/<workspace name>-<16 hex of the SHA-256 of its path>/<workflow>.json`.
public struct AuditHeadKeeper: Sendable {
    /// The folder of the signing key.
    public let keyDirectory: String
    /// The folder of the signed heads.
    public let headDirectory: String

    /// A keeper over explicit folders (tests use their own; processes use ``forUser(environment:)``).
    public init(keyDirectory: String, headDirectory: String) {
        self.keyDirectory = keyDirectory
        self.headDirectory = headDirectory
    }

    /// The user's folders: the key in `$XDG_CONFIG_HOME/orchestrator` (`~/.config/orchestrator`), the heads in
    /// `$XDG_STATE_HOME/orchestrator/audit-heads` (`~/.local/state/orchestrator/audit-heads`); nil without a home.
    public static func forUser(environment: [String: String]) -> AuditHeadKeeper? {
        let home = environment["HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        let config =
            environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home.map { $0 + "/.config" }
        let state =
            environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home.map { $0 + "/.local/state" }
        guard let config, let state else { return nil }
        return AuditHeadKeeper(
            keyDirectory: config + "/orchestrator", headDirectory: state + "/orchestrator/audit-heads")
    }

    /// The signing key's file.
    public var keyFile: String { keyDirectory + "/audit-signing.key" }

    /// The user's signing key, created on first use.
    public func signingKey() throws(AuditHeadError) -> Curve25519.Signing.PrivateKey {
        if let key = try existingKey() { return key }
        try Self.makeDirectories(keyDirectory, mode: 0o700)
        let key = Curve25519.Signing.PrivateKey()
        let text = Array("ed25519-private-key \(Hex.encode(key.rawRepresentation))\n".utf8)
        // Written whole under a temporary name, then linked into place: two processes creating the key at once end
        // up with one key, the first linked, and the other reads it.
        let temporary = keyFile + ".new-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        try Self.write(text, to: temporary, mode: 0o600)
        defer { unlink(temporary) }
        if link(temporary, keyFile) != 0 && errno != EEXIST {
            throw AuditHeadError(path: keyFile, "cannot create the audit signing key: \(Self.reason())")
        }
        guard let stored = try existingKey() else {
            throw AuditHeadError(path: keyFile, "the audit signing key vanished after it was created")
        }
        return stored
    }

    /// The user's public key, when the signing key exists (reading never creates one).
    public func publicKey() throws(AuditHeadError) -> Curve25519.Signing.PublicKey? {
        try existingKey()?.publicKey
    }

    /// Whether a kept head was signed with the user's key; nil when the user has no key here to tell.
    public func isSignedByUser(_ head: SignedAuditHead) throws(AuditHeadError) -> Bool? {
        try publicKey().map { head.isSigned(by: $0) }
    }

    /// Signs a chain's head with the user's key and keeps it, unless a head with a higher sequence is kept already.
    @discardableResult
    public func sign(
        workspace: String, workflow: String, sequence: Int64, hash: String, at time: Int64
    ) throws(AuditHeadError) -> SignedAuditHead {
        let key = try signingKey()
        let head: SignedAuditHead
        do {
            head = try SignedAuditHead(
                workspace: workspace, workflow: workflow, sequence: sequence, hash: hash, signedAt: time, key: key)
        } catch {
            throw AuditHeadError(path: keyFile, "cannot sign the audit head: \(error)")
        }
        if let kept = try? signedHead(workspace: workspace, workflow: workflow),
            kept.sequence > sequence, kept.isSigned(by: key.publicKey)
        {
            return kept
        }
        let file = headFile(workspace: workspace, workflow: workflow)
        let folder = String(file[..<(file.lastIndex(of: "/") ?? file.endIndex)])
        try Self.makeDirectories(folder, mode: 0o700)
        let bytes: [UInt8]
        do {
            bytes = Array(try JSONValue(encoding: head).jsonString().utf8) + [UInt8(ascii: "\n")]
        } catch {
            throw AuditHeadError(path: file, "cannot encode the signed head: \(error)")
        }
        let temporary = file + ".new-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        try Self.write(bytes, to: temporary, mode: 0o600)
        guard rename(temporary, file) == 0 else {
            let failure = AuditHeadError(path: file, "cannot keep the signed head: \(Self.reason())")
            unlink(temporary)
            throw failure
        }
        return head
    }

    /// Sets aside the head kept for `workflow` of `workspace`, when a workflow of that id is created there anew (the
    /// workspace was removed and made again, or its store replaced): the new chain is verified from its own start.
    /// The old head stays beside it, as `<workflow>.json.set-aside-<milliseconds>`; its path, nil when none was kept.
    @discardableResult
    public func setAside(workspace: String, workflow: String, at time: Int64) -> String? {
        let file = headFile(workspace: workspace, workflow: workflow)
        guard access(file, F_OK) == 0 else { return nil }
        let aside = file + ".set-aside-\(time)"
        return rename(file, aside) == 0 ? aside : nil
    }

    /// The signed head kept for a workflow of a workspace, if any.
    public func signedHead(workspace: String, workflow: String) throws(AuditHeadError) -> SignedAuditHead? {
        let file = headFile(workspace: workspace, workflow: workflow)
        guard let bytes = try Self.read(file, limit: 64 << 10) else { return nil }
        do {
            return try JSONValue(parsing: String(decoding: bytes, as: UTF8.self)).decode(SignedAuditHead.self)
        } catch {
            throw AuditHeadError(path: file, "the signed head is not readable: \(error)")
        }
    }

    /// Where a workflow's signed head is kept: keyed by the workspace's path (its name first, for people) and the
    /// workflow.
    public func headFile(workspace: String, workflow: String) -> String {
        let name = workspace.split(separator: "/").last.map(String.init) ?? "root"
        let digest = Hex.encode(SHA256.hash(data: Array(workspace.utf8))).prefix(16)
        return "\(headDirectory)/\(Self.safe(name))-\(digest)/\(Self.safe(workflow)).json"
    }

    private func existingKey() throws(AuditHeadError) -> Curve25519.Signing.PrivateKey? {
        guard let bytes = try Self.read(keyFile, limit: 4096) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard text.count == 2, text[0] == "ed25519-private-key", let raw = Hex.decode(String(text[1])),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else {
            throw AuditHeadError(path: keyFile, "not an orchestrator audit signing key")
        }
        return key
    }

    private static func safe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
    }

    private static func reason() -> String { String(cString: strerror(errno)) }

    private static func makeDirectories(_ path: String, mode: mode_t) throws(AuditHeadError) {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, mode) == 0 {
                // The mode exactly, whatever the process's umask is at this moment (a server sets it around bind).
                _ = chmod(current, mode)
            } else if errno != EEXIST {
                throw AuditHeadError(path: current, "cannot create the folder: \(reason())")
            }
        }
    }

    private static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(AuditHeadError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw AuditHeadError(path: path, "cannot write: \(reason())") }
        defer { close(descriptor) }
        guard fchmod(descriptor, mode) == 0 else { throw AuditHeadError(path: path, "cannot write: \(reason())") }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(descriptor, base + offset, raw.count - offset)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw AuditHeadError(path: path, "cannot write: \(reason())") }
            offset += count
        }
        guard fsync(descriptor) == 0 else { throw AuditHeadError(path: path, "cannot write: \(reason())") }
    }

    /// A small file's bytes; nil when it does not exist.
    private static func read(_ path: String, limit: Int) throws(AuditHeadError) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw AuditHeadError(path: path, "cannot read: \(reason())")
        }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: limit + 1)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.read(descriptor, base + filled, raw.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw AuditHeadError(path: path, "cannot read: \(reason())") }
            if count == 0 { break }
            filled += count
        }
        guard filled <= limit else { throw AuditHeadError(path: path, "larger than \(limit) bytes") }
        return Array(bytes[..<filled])
    }
}

/// Why an audit head could not be signed, kept or read.
public struct AuditHeadError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    /// An error about a file of the keeper.
    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

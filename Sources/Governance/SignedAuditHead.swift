import Crypto

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The head of a workflow's audit chain (its newest entry's sequence and hash), signed with the user's Ed25519 key
/// and kept outside the workspace: what `governance audit --verify` checks a chain against.
///
/// The signature covers ``message``: a version line, the workspace, the workflow, the sequence, the hash and the time
/// of signing, one per line.
public struct SignedAuditHead: Sendable, Hashable, Codable {
    /// The format of the signed message.
    public static let version = "orchestrator-audit-head/1"

    public var workspace: String
    public var workflow: String
    public var sequence: Int64
    public var hash: String
    /// When it was signed (milliseconds since the epoch).
    public var signedAt: Int64
    /// The signer's public key (32 bytes, lowercase hex): which key to check it with is the verifier's own choice.
    public var publicKey: String
    /// The Ed25519 signature of ``message`` (64 bytes, lowercase hex).
    public var signature: String

    /// The bytes that are signed.
    public var message: [UInt8] {
        Array(
            [Self.version, workspace, workflow, String(sequence), hash, String(signedAt)].joined(separator: "\n")
                .utf8)
    }

    /// Signs a head.
    public init(
        workspace: String, workflow: String, sequence: Int64, hash: String, signedAt: Int64,
        key: Curve25519.Signing.PrivateKey
    ) throws {
        self.workspace = workspace
        self.workflow = workflow
        self.sequence = sequence
        self.hash = hash
        self.signedAt = signedAt
        self.publicKey = Hex.encode(key.publicKey.rawRepresentation)
        self.signature = ""
        self.signature = Hex.encode(try key.signature(for: message))
    }

    /// Whether the signature is valid for this content under `key`.
    public func isSigned(by key: Curve25519.Signing.PublicKey) -> Bool {
        guard let signature = Hex.decode(signature) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// Lowercase hex, both ways.
enum Hex {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

import JSON
import Model

/// Token counts estimated from text, for a provider that calls no model: about four UTF-8 bytes a token.
enum OfflineTokenEstimate {
    static let bytesPerToken = 4

    static func tokens(of text: String) -> Int { (text.utf8.count + bytesPerToken - 1) / bytesPerToken }

    /// Everything the request would send: system prompt, messages and tool definitions.
    static func tokens(in request: ModelRequest) -> Int {
        var total = request.system.reduce(0) { $0 + tokens(of: $1.text) }
        for message in request.messages { total += message.promptTexts.reduce(0) { $0 + tokens(of: $1) } }
        for tool in request.tools {
            total += tokens(of: tool.name) + tokens(of: tool.description) + tokens(of: tool.inputSchema.jsonString())
        }
        return total
    }

    static func tokens(in content: [ContentBlock]) -> Int {
        ModelMessage(role: .assistant, content: content).promptTexts.reduce(0) { $0 + tokens(of: $1) }
    }

    /// 64-bit FNV-1a of the text, as 16 hex digits: stable across runs and machines, unlike `hashValue`.
    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

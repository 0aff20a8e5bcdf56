import JSON

/// One block of a message's content, as the Messages API names them.
public enum ContentBlock: Sendable, Hashable {
    case text(String)
    /// The model asks for a tool to run; `input` is the parsed JSON object.
    case toolUse(id: String, name: String, input: JSONValue)
    /// What a tool returned, sent back to the model in a user message.
    case toolResult(toolUseID: String, content: String, isError: Bool)
}

/// One message of a conversation with a model.
public struct ModelMessage: Sendable, Hashable {
    /// Who wrote the message.
    public enum Role: String, Sendable, Hashable {
        case user, assistant
    }

    public var role: Role
    public var content: [ContentBlock]

    public init(role: Role, content: [ContentBlock]) {
        self.role = role
        self.content = content
    }

    /// The texts the message sends to the model (a tool call's name and its input, a tool result's content), for
    /// estimating how many tokens it costs.
    public var promptTexts: [String] {
        content.flatMap { block in
            switch block {
            case .text(let text): [text]
            case .toolUse(_, let name, let input): [name, input.jsonString()]
            case .toolResult(_, let content, _): [content]
            }
        }
    }

    /// A user message holding one text block.
    public static func user(_ text: String) -> ModelMessage { ModelMessage(role: .user, content: [.text(text)]) }
}

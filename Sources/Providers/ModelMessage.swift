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

    /// A user message holding one text block.
    public static func user(_ text: String) -> ModelMessage { ModelMessage(role: .user, content: [.text(text)]) }
}

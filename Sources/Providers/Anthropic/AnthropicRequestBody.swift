import JSON

/// The JSON bodies of `POST /v1/messages` and `POST /v1/messages/count_tokens` for a `ModelRequest`.
enum AnthropicRequestBody {
    /// The API refuses a request with more cache breakpoints than this.
    static let maxCacheBreakpoints = 4

    /// The streamed Messages request.
    static func messages(_ request: ModelRequest, defaultModel: String) -> JSONValue {
        var body = common(request, defaultModel: defaultModel)
        body["max_tokens"] = .integer(Int64(request.maxTokens))
        body["stream"] = true
        return .object(body)
    }

    /// The token-counting request: the same prompt, without the generation settings the endpoint refuses.
    static func countTokens(_ request: ModelRequest, defaultModel: String) -> JSONValue {
        .object(common(request, defaultModel: defaultModel))
    }

    private static func common(_ request: ModelRequest, defaultModel: String) -> [String: JSONValue] {
        var body: [String: JSONValue] = [
            "model": .string(request.model ?? defaultModel),
            "messages": .array(request.messages.map(message)),
        ]
        let system = systemBlocks(request.system)
        if !system.isEmpty { body["system"] = .array(system) }
        if !request.tools.isEmpty { body["tools"] = .array(request.tools.map(tool)) }
        return body
    }

    /// Empty sections are dropped because the API rejects empty text blocks. When more sections are
    /// cacheable than the API allows breakpoints, the last ones win: a later breakpoint's prefix contains
    /// the earlier ones', so it caches more.
    static func systemBlocks(_ sections: [SystemSection]) -> [JSONValue] {
        let sections = sections.filter { !$0.text.isEmpty }
        let cacheable = sections.indices.filter { sections[$0].cacheable }
        let breakpoints = Set(cacheable.suffix(maxCacheBreakpoints))
        return sections.indices.map { index in
            var block: [String: JSONValue] = ["type": "text", "text": .string(sections[index].text)]
            if breakpoints.contains(index) { block["cache_control"] = ["type": "ephemeral"] }
            return .object(block)
        }
    }

    static func message(_ message: ModelMessage) -> JSONValue {
        let blocks = message.content.compactMap(contentBlock)
        return ["role": .string(message.role.rawValue), "content": .array(blocks)]
    }

    private static func contentBlock(_ block: ContentBlock) -> JSONValue? {
        switch block {
        case .text(let text):
            // The API rejects empty text blocks; an empty one carries nothing anyway.
            return text.isEmpty ? nil : ["type": "text", "text": .string(text)]
        case .toolUse(let id, let name, let input):
            return ["type": "tool_use", "id": .string(id), "name": .string(name), "input": input]
        case .toolResult(let toolUseID, let content, let isError):
            var result: [String: JSONValue] = [
                "type": "tool_result", "tool_use_id": .string(toolUseID), "content": .string(content),
            ]
            if isError { result["is_error"] = true }
            return .object(result)
        }
    }

    private static func tool(_ tool: ToolDefinition) -> JSONValue {
        ["name": .string(tool.name), "description": .string(tool.description), "input_schema": tool.inputSchema]
    }
}

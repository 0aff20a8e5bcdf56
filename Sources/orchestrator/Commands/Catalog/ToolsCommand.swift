import ArgumentParser
import Engine

/// `orchestrator tools`: the tools agents may call, their actions and safety rules.
struct ToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools", abstract: "List and show the tools agents may call.",
        subcommands: [ToolsList.self, ToolsShow.self])
}

/// `orchestrator tools list`.
struct ToolsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List every tool.")

    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let report = ToolCatalogReport.builtin()
        if options.json { return try JSONOutput.print(report) }
        var table = Table(header: ["ID", "ACTIONS", "DESCRIPTION"])
        for tool in report.tools {
            table.rows.append([tool.id, tool.actions.map(\.name).joined(separator: ","), tool.description])
        }
        print(table.render(), terminator: "")
    }
}

/// `orchestrator tools show ID`.
struct ToolsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a tool: its actions, their parameters, timeouts and safety rules.")

    @Argument(help: "The tool id.") var id: String
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let tool = try await engineCall { () async throws(EngineError) in
            try ToolCatalogReport.tool(id: id)
        }
        if options.json { return try JSONOutput.print(tool) }
        var text = "\(tool.id): \(tool.description)\n"
        for rule in tool.safety { text += "  safety: \(rule)\n" }
        for action in tool.actions {
            text += "\n  \(action.name) (\(action.function), timeout \(Int(action.timeoutSeconds)) s)\n"
            text += "    \(action.description)\n"
            let required = Set(action.parameters["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            for (name, schema) in (action.parameters["properties"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key })
            {
                let type = schema["type"]?.stringValue ?? "any"
                let note = schema["description"]?.stringValue.map { " — \($0)" } ?? ""
                text += "    \(name): \(type)\(required.contains(name) ? " (required)" : "")\(note)\n"
            }
        }
        print(text, terminator: "")
    }
}

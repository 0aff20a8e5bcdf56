import Engine
import JSONRPC

/// Params of the catalog methods: which workspace's agents and skills (the server's own when absent).
struct CatalogParams: Decodable, Sendable {
    var workspace: String?
}

/// `skills/match` params.
struct SkillMatchParams: Decodable, Sendable {
    /// The task text to match triggers against.
    var text: String
    var workspace: String?
}

/// `skills/match` result.
struct SkillMatchResult: Encodable, Sendable {
    var matches: [SkillCatalogReport.Match]
}

/// `agents/list`: every agent of a workspace, after its overrides.
enum AgentsListMethod: JSONRPCMethod {
    typealias Params = CatalogParams
    typealias Result = AgentCatalogReport
    static let name = "agents/list"
}

/// `tools/list`: every tool agents may call, with its actions' JSON Schemas.
enum ToolsListMethod: JSONRPCMethod {
    typealias Params = CatalogParams
    typealias Result = ToolCatalogReport
    static let name = "tools/list"
}

/// `skills/list`: every skill of a workspace (built in and `skills/*.yaml`).
enum SkillsListMethod: JSONRPCMethod {
    typealias Params = CatalogParams
    typealias Result = SkillCatalogReport
    static let name = "skills/list"
}

/// `skills/match`: the skills whose triggers match a text, best first.
enum SkillsMatchMethod: JSONRPCMethod {
    typealias Params = SkillMatchParams
    typealias Result = SkillMatchResult
    static let name = "skills/match"
}

extension OrchestratorServer {
    /// Registers the read-only catalogs; the CLI's `agents`, `tools` and `skills` commands print the same values.
    func registerCatalogMethods(on router: inout JSONRPCRouter) {
        let registry = self.engines
        router.register(AgentsListMethod.self) { params, _ in
            let root = await registry.resolve(params.workspace)
            return try await offLoop { AgentCatalogReport.load(workspace: root) }
        }
        router.register(ToolsListMethod.self) { _, _ in ToolCatalogReport.builtin() }
        router.register(SkillsListMethod.self) { params, _ in
            let root = await registry.resolve(params.workspace)
            return try await offLoop { SkillCatalogReport.load(workspace: root) }
        }
        router.register(SkillsMatchMethod.self) { params, _ in
            let root = await registry.resolve(params.workspace)
            return try await offLoop {
                SkillMatchResult(matches: SkillCatalogReport.match(params.text, workspace: root))
            }
        }
    }
}

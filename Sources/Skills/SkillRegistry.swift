import Config

/// The skills agents may use: the built-in ones and the workspace's `skills/*.yaml`.
public struct SkillRegistry: Sendable {
    public init() {}
}

/// The ids of the skills the tool ships, offered by completion in `skills:` lists.
///
/// A static list until the skills registry exists; then completion should ask the registry
/// (which also knows the workspace's own skills) and this list goes away.
public enum BuiltinSkillIDs {
    /// Every built-in skill id, in the order the design lists them.
    public static let all: [String] = [
        "requirements_analysis",
        "system_design",
        "data_pipeline",
        "code_generation",
        "test_writing",
        "code_review",
        "documentation",
        "time_series_forecasting",
        "dashboard_design",
        "security_review",
    ]
}

/// The ids of the skills the tool ships, offered by completion in `skills:` lists.
///
/// Config sits below the skills registry, so it keeps the ids as a list; a test in SkillsTests keeps
/// the list equal to the registry's built-in skills.
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
        "react",
        "css",
        "fastapi",
        "database",
    ]
}

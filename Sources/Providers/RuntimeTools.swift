import JSON
import Model

/// The tools the agent runtime itself carries out (not the tool registry's): delegating to a subagent, a
/// reviewer's verdict, an agent's answers to review findings, and marking a skill step done.
///
/// Their names have no `__`, so they never collide with the registry's `<tool>__<action>` functions.
public enum RuntimeTools {
    public static let delegate = "delegate"
    public static let submitReview = "submit_review"
    public static let answerFindings = "answer_findings"
    public static let completeStep = "complete_step"

    /// Whether a function name is one of these.
    public static func isRuntimeTool(_ name: String) -> Bool {
        [delegate, submitReview, answerFindings, completeStep].contains(name)
    }

    /// `delegate`: hands a task to one of `subagents`; the input names the subagent, the task, and optionally the
    /// files to write. Several calls in one turn run concurrently.
    public static func delegateDefinition(subagents: [SubagentDefinition]) -> ToolDefinition {
        let list = subagents.map { "- \($0.id)" + ($0.description.map { ": \($0)" } ?? "") }.joined(separator: "\n")
        return ToolDefinition(
            name: delegate,
            description: "Hand a task to one of your subagents. It works in its own context with its own prompt, "
                + "skills and tools, and its hand-off summary and the paths it changed come back as this call's "
                + "result. Several delegate calls in one turn run at the same time. Your subagents:\n" + list,
            inputSchema: [
                "type": "object",
                "properties": [
                    "subagent": ["type": "string", "enum": .array(subagents.map { .string($0.id) })],
                    "task": ["type": "string", "description": "What the subagent is to do, in its own words."],
                    "paths": [
                        "type": "array", "items": ["type": "string"],
                        "description": "Files it is to write, relative to the working directory.",
                    ],
                ],
                "required": ["subagent", "task"],
            ])
    }

    /// `submit_review`: a reviewer's verdict with numbered findings tied to files and lines.
    public static let submitReviewDefinition = ToolDefinition(
        name: submitReview,
        description: "Give your verdict on this review round: approve, or request_changes with findings, each tied "
            + "to a file and a line (counted from 1) when it is about one. Call it once, at the end.",
        inputSchema: [
            "type": "object",
            "properties": [
                "verdict": ["type": "string", "enum": ["approve", "request_changes"]],
                "summary": ["type": "string"],
                "findings": [
                    "type": "array",
                    "items": [
                        "type": "object",
                        "properties": [
                            "file": ["type": "string"],
                            "line": ["type": "integer", "minimum": 1],
                            "severity": ["type": "string", "enum": ["blocker", "major", "minor", "nit"]],
                            "message": ["type": "string"],
                        ],
                        "required": ["message"],
                    ],
                ],
            ],
            "required": ["verdict"],
        ])

    /// `answer_findings`: an agent's answer to each review finding it was given: fixed, or dismissed with a reason.
    public static let answerFindingsDefinition = ToolDefinition(
        name: answerFindings,
        description: "Answer the review findings you were given, each by its number: `fixed` (say what you "
            + "changed) or `dismissed` (say why it does not apply). Fix files first, then answer.",
        inputSchema: [
            "type": "object",
            "properties": [
                "answers": [
                    "type": "array",
                    "items": [
                        "type": "object",
                        "properties": [
                            "finding": ["type": "integer", "minimum": 1],
                            "action": ["type": "string", "enum": ["fixed", "dismissed"]],
                            "reason": ["type": "string"],
                        ],
                        "required": ["finding", "action", "reason"],
                    ],
                ]
            ],
            "required": ["answers"],
        ])

    /// `complete_step`: says a plan step is done; its checks run before the agent moves on.
    public static func completeStepDefinition(steps: [String]) -> ToolDefinition {
        ToolDefinition(
            name: completeStep,
            description: "Say that a step of your plan is done. Its checks run now; a failure comes back as this "
                + "call's result, to fix before moving on.",
            inputSchema: [
                "type": "object",
                "properties": ["step": ["type": "string", "enum": .array(steps.map { .string($0) })]],
                "required": ["step"],
            ])
    }
}

import Model

/// A skill step's checks: each is a command or a validator, exactly one; a validator reads `files`.
enum SkillRules {
    static func check(_ root: YAMLNode) -> [Diagnostic] {
        guard let steps = root["skill"]?["methodology"]?.items else { return [] }
        var diagnostics: [Diagnostic] = []
        for check in steps.compactMap({ $0["checks"]?.items }).flatMap({ $0 }) {
            let command = check.entry("command")
            let validator = check.entry("validator")
            let id = check["id"]?.string ?? "check"
            switch (command, validator) {
            case (nil, nil):
                diagnostics.append(
                    Diagnostic(
                        range: check["id"]?.range ?? check.range, code: DiagnosticCode.invalidStepCheck,
                        message: "check '\(id)' runs nothing: give it a `command` or a `validator`"))
            case (let command?, let validator?):
                diagnostics.append(
                    Diagnostic(
                        range: validator.key.range, code: DiagnosticCode.invalidStepCheck,
                        message: "check '\(id)' has both a `command` and a `validator`; give it one",
                        related: [.init(range: command.key.range, message: "the command is here")]))
            case (nil, let validator?) where check.entry("files") == nil:
                diagnostics.append(
                    Diagnostic(
                        range: validator.key.range, code: DiagnosticCode.invalidStepCheck,
                        message: "check '\(id)': a validator reads the files its `files` globs match; give `files`"))
            default:
                break
            }
        }
        return diagnostics
    }
}

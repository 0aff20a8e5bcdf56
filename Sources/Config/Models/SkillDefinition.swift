import Model

/// A skill: a versioned methodology that applies to a task when one of its triggers matches.
public struct SkillDefinition: Sendable, Hashable, Codable {
    /// One step of a skill's methodology: what it reads, what it writes, and what must hold before moving on.
    public struct Step: Sendable, Hashable, Codable {
        public var step: String
        public var description: String?
        /// Globs of the files the step reads.
        public var inputs: [String]?
        /// Globs of the files the step writes; a tool call writing one is recorded as serving the step.
        public var outputs: [String]?
        /// What must hold before the agent moves past the step.
        public var checks: [StepCheck]?

        public init(
            step: String, description: String? = nil, inputs: [String]? = nil, outputs: [String]? = nil,
            checks: [StepCheck]? = nil
        ) {
            self.step = step
            self.description = description
            self.inputs = inputs
            self.outputs = outputs
            self.checks = checks
        }
    }

    public var id: String
    /// Semantic version (MAJOR.MINOR.PATCH).
    public var version: String
    public var name: String?
    public var description: String?
    /// Words or phrases matched case-insensitively against task text.
    public var triggers: [String]
    public var methodology: [Step]
    public var tools: [String]?
    public var phases: [Phase]?

    /// The document shape: the definition under a top-level `skill` key.
    public struct Document: Sendable, Hashable, Codable {
        public var skill: SkillDefinition
    }
}

/// One check of a skill step: a command from the policy's allow-list, or a built-in validator, as gates have.
public struct StepCheck: Sendable, Hashable, Codable {
    public var id: String
    public var description: String?
    /// argv, run without a shell in the agent's directory; its program must be one of the policy's allowed commands.
    public var command: [String]?
    public var timeoutSeconds: Int?
    public var validator: GateConfig.Validator?
    public var files: [String]?
    public var pattern: String?
    public var lines: Int?
    public var sections: [String]?
    public var terms: [String: String]?

    enum CodingKeys: String, CodingKey {
        case id, description, command, validator, files, pattern, lines, sections, terms
        case timeoutSeconds = "timeout_seconds"
    }

    public init(
        id: String, description: String? = nil, command: [String]? = nil, timeoutSeconds: Int? = nil,
        validator: GateConfig.Validator? = nil, files: [String]? = nil, pattern: String? = nil, lines: Int? = nil,
        sections: [String]? = nil, terms: [String: String]? = nil
    ) {
        self.id = id
        self.description = description
        self.command = command
        self.timeoutSeconds = timeoutSeconds
        self.validator = validator
        self.files = files
        self.pattern = pattern
        self.lines = lines
        self.sections = sections
        self.terms = terms
    }

    /// The check as the gate it runs like: a tool gate for a command, a validator gate otherwise.
    public var gate: GateConfig {
        GateConfig(
            id: id, description: description, type: command != nil ? .tool : .validator, phases: Phase.allCases,
            severity: .blocking, command: command, timeoutSeconds: timeoutSeconds ?? 60, output: GateConfig.Output.none,
            validator: validator, files: files, pattern: pattern, lines: lines, sections: sections, terms: terms)
    }
}

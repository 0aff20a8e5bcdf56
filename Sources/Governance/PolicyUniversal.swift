import Config

/// The built-in universal policy: the baseline every workflow gets, below organization and client policies.
public enum PolicyUniversal {
    /// The name provenance and diagnostics use for the built-in policy's "file".
    public static let file = "<builtin:universal.policy.yaml>"

    /// The policy text; a test checks it against the policy schema.
    public static let yaml = """
        policy:
          id: universal
          level: universal
          description: >-
            Baseline rules for every workflow: each phase leaves artifacts behind, no
            private key is ever committed to the workspace, and suppression comments are reported.
          gates:
            - id: artifacts.present
              description: Every phase produces at least one artifact.
              type: metric
              phases: [planning, architecture, data, development, qa, documentation]
              severity: blocking
              locked: true
              metric: artifact_count
              operator: ">="
              threshold: 1
            - id: secrets.private-key
              description: No file contains a PEM private key block. Remove the key and rotate it.
              type: validator
              phases: [development, qa, documentation]
              severity: blocking
              locked: true
              validator: forbidden_pattern
              files: ["**/*"]
              pattern: '-----BEGIN ([A-Z]+ )?PRIVATE KEY-----'
              new_code_only: true
            - id: suppressions.reported
              description: >-
                Suppression comments written into the workspace are reported, so a silenced check is
                visible; a client policy may make this blocking.
              type: validator
              phases: [development, qa]
              severity: warning
              validator: forbidden_pattern
              files: ["**/*.py", "**/*.swift", "**/*.js", "**/*.ts", "**/*.tsx"]
              pattern: '#\\s*(noqa|pragma:\\s*no\\s+cover|type:\\s*ignore)|nosemgrep|swiftlint:disable|checkov:skip|eslint-disable'
              new_code_only: true

        """

    /// The parsed built-in policy; it only fails if `yaml` is broken, which the tests rule out.
    public static func load(validator: ConfigValidator = ConfigValidator()) throws(ConfigLoadError) -> PolicySource {
        try PolicySource.parse(yaml, file: file, validator: validator)
    }
}

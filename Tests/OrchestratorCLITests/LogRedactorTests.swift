import Synchronization
import Testing

@testable import orchestrator

@Suite("Log redaction")
struct LogRedactorTests {
    let redactor = LogRedactor(environment: [
        "ANTHROPIC_API_KEY": "sk-ant-api03-secret-value", "GITHUB_TOKEN": "ghp_abcdefgh12345",
        "DB_PASSWORD": "hunter2hunter2", "PATH": "/usr/local/bin:/usr/bin", "SHORT_TOKEN": "abc",
        "INPUT_TOKENS": "123456789",
    ])

    @Test("the values of secret-looking variables are taken out wherever they appear; others stay")
    func environmentValues() {
        #expect(
            redactor.redact("calling with sk-ant-api03-secret-value and ghp_abcdefgh12345 from /usr/local/bin:/usr/bin")
                == "calling with [REDACTED] and [REDACTED] from /usr/local/bin:/usr/bin")
        #expect(redactor.redact("dsn=postgres://u:hunter2hunter2@db") == "dsn=postgres://u:[REDACTED]@db")
        // Too short to hunt, and a count of tokens is not a secret.
        #expect(redactor.redact("abc 123456789") == "abc 123456789")
    }

    @Test("the environment is read when the first line is redacted, once, not when the redactor is made")
    func environmentReadLazily() {
        let reads = Mutex(0)
        let redactor = LogRedactor {
            reads.withLock { $0 += 1 }
            return ["ANTHROPIC_API_KEY": "sk-ant-api03-secret-value"]
        }
        #expect(reads.withLock { $0 } == 0)
        #expect(redactor.redact("key sk-ant-api03-secret-value") == "key [REDACTED]")
        #expect(redactor.redact("again sk-ant-api03-secret-value") == "again [REDACTED]")
        #expect(reads.withLock { $0 } == 1)
    }

    @Test(
        "header credentials go, their names and schemes stay",
        arguments: [
            ("Authorization: Bearer abc.def", "Authorization: Bearer [REDACTED]"),
            ("authorization: Basic dXNlcjpwYXNz\nnext line", "authorization: Basic [REDACTED]\nnext line"),
            ("x-api-key: some-key", "x-api-key: [REDACTED]"),
            (#"{"api_key": "k-1", "model": "m"}"#, #"{"api_key": "[REDACTED]", "model": "m"}"#),
            ("ANTHROPIC_API_KEY=unknown-value", "ANTHROPIC_API_KEY=[REDACTED]"),
            ("authorization failed for the user", "authorization failed for the user"),
        ])
    func headers(input: String, expected: String) {
        #expect(LogRedactor.redactHeaders(input) == expected)
    }

    @Test(
        "secret names are recognised by their words",
        arguments: [
            ("ANTHROPIC_API_KEY", true), ("authorization", true), ("x-api-key", true), ("GITHUB_TOKEN", true),
            ("db_password", true), ("client_secret", true), ("input_tokens", false), ("tokens", false),
            ("workflow_id", false), ("keyboard", false), ("monkey", false),
        ])
    func secretNames(name: String, secret: Bool) {
        #expect(LogRedactor.isSecretName(name) == secret)
    }
}

import Testing

@testable import orchestrator

@Suite("Database setting")
struct DatabaseSettingTests {
    @Test("--database is read before or after the subcommand, in both spellings, and taken out of the arguments")
    func flagAnywhere() throws {
        let url = "postgres://alice:secret@db:5432/state"
        let before = try DatabaseSetting.extract(from: ["--database", url, "run", "status"], environment: [:])
        #expect(before.setting.url == url && before.arguments == ["run", "status"])
        let after = try DatabaseSetting.extract(from: ["run", "list", "--database=\(url)", "--json"], environment: [:])
        #expect(after.setting.url == url && after.arguments == ["run", "list", "--json"])
    }

    @Test("the environment sets it, the flag wins, and without either the embedded store is used")
    func environmentThenFlag() throws {
        let environment = ["ORCHESTRATOR_DATABASE_URL": "postgresql://db/from-environment"]
        #expect(
            try DatabaseSetting.extract(from: ["run"], environment: environment).setting.url == environment.values.first
        )
        let flagged = try DatabaseSetting.extract(from: ["--database", "postgres://db/flag"], environment: environment)
        #expect(flagged.setting.url == "postgres://db/flag")
        #expect(try DatabaseSetting.extract(from: ["run"], environment: [:]).setting.url == nil)
        #expect(
            try DatabaseSetting.extract(from: ["run"], environment: ["ORCHESTRATOR_DATABASE_URL": ""]).setting.url
                == nil)
    }

    @Test("nothing after -- is read as the flag")
    func doubleDash() throws {
        let extracted = try DatabaseSetting.extract(from: ["rpc", "call", "--", "--database", "x"], environment: [:])
        #expect(extracted.setting.url == nil && extracted.arguments == ["rpc", "call", "--", "--database", "x"])
    }

    @Test("a value that is not a PostgreSQL URL, or none, is an error that never shows a password")
    func invalid() {
        #expect(
            throws: DatabaseSetting.Invalid(
                message: "--database: expected a PostgreSQL URL (postgres://user@host:port/database), got "
                    + "'mysql://alice@db/state'")
        ) {
            try DatabaseSetting.extract(from: ["--database", "mysql://alice:secret@db/state"], environment: [:])
        }
        #expect(throws: DatabaseSetting.Invalid(message: "--database needs a value")) {
            try DatabaseSetting.extract(from: ["run", "--database"], environment: [:])
        }
    }
}

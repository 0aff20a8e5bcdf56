import Config
import Foundation
import Testing

@testable import Skills

@Suite("Skill matching")
struct SkillMatchingTests {
    static func skill(_ id: String, _ triggers: [String]) -> SkillDefinition {
        let yaml = """
            skill:
              id: \(id)
              version: "1.0.0"
              triggers: [\(triggers.map { "\"\($0)\"" }.joined(separator: ", "))]
              methodology:
                - step: work
            """
        // A fixture that fails to decode is a bug in the test itself.
        return try! ConfigLoader().load(SkillDefinition.Document.self, kind: .skill, bytes: Array(yaml.utf8)).skill
    }

    static let registry = SkillRegistry([
        skill("forecasting", ["forecast", "time series"]),
        skill("reporting", ["report", "dashboard"]),
        skill("pipelines", ["pipeline", "data pipeline", "data-pipeline"]),
    ])

    @Test(
        "triggers match whole words and phrases, and their simple inflections, ignoring case and punctuation",
        arguments: [
            ("FORECAST next quarter", ["forecasting"]),
            ("Build a forecasting model", ["forecasting"]),
            ("two forecasts, one forecasted", ["forecasting"]),
            ("Time-series of sales", ["forecasting"]),
            ("time, series", ["forecasting"]),
            ("a series of times", []),
            ("reports and reporting", ["reporting"]),
            ("weekly report.", ["reporting"]),
            ("forecaster", []),
            ("reportedly", []),
            ("", []),
        ])
    func wholeWords(text: String, ids: [String]) {
        #expect(Self.registry.match(text).map(\.skill.id) == ids)
    }

    @Test("a match says why: each trigger with the words it matched, marked when by inflection")
    func reasons() throws {
        let match = try #require(Self.registry.match("Build demand forecasting model").first)
        #expect(match.skill.id == "forecasting")
        #expect(match.reasons == ["'forecast' matched 'forecasting' (inflection)"])
        let series = try #require(Self.registry.match("time series").first)
        #expect(series.reasons == ["'time series' matched 'time series'"])
    }

    @Test(
        "inflections reduce to one stem; other words do not",
        arguments: [
            ("forecasting", "forecast"), ("forecasts", "forecast"), ("forecasted", "forecast"),
            ("planning", "plan"), ("planned", "plan"), ("studies", "study"), ("boxes", "box"),
            ("saving", "sav"), ("save", "sav"), ("process", "process"), ("analysis", "analysis"),
            ("css", "css"), ("prediction", "prediction"),
        ])
    func stems(word: String, stem: String) {
        #expect(TriggerWords.stem(word) == stem)
    }

    @Test("the seed's requirement matches a skill whose only trigger is \"forecast\"")
    func seedRequirement() {
        let registry = SkillRegistry([Self.skill("time_series_forecasting", ["forecast"])])
        #expect(registry.match("Build demand forecasting model").map(\.skill.id) == ["time_series_forecasting"])
    }

    @Test("a phrase scores its word count, each distinct trigger once; ranking is by score, then id")
    func scoringAndRanking() {
        let matches = Self.registry.match("Data pipeline feeding a dashboard and a forecast, pipeline pipeline")
        #expect(matches.map(\.skill.id) == ["pipelines", "forecasting", "reporting"])
        // "pipeline" (1) + "data pipeline" (2); "data-pipeline" reads the same as "data pipeline" and adds nothing.
        #expect(matches.first?.score == 3)
        #expect(matches.first?.matchedTriggers == ["pipeline", "data pipeline", "data-pipeline"])
        #expect(matches.dropFirst().map(\.score) == [1, 1])
    }

    @Test("among restricts matching to the ids given")
    func amongFilter() {
        let text = "forecast the report"
        #expect(Self.registry.match(text).map(\.skill.id) == ["forecasting", "reporting"])
        #expect(Self.registry.match(text, among: ["reporting", "unknown"]).map(\.skill.id) == ["reporting"])
        #expect(Self.registry.match(text, among: []).isEmpty)
    }

    @Test(
        "built-in skills match the task texts they are for",
        arguments: [
            ("Build demand forecasting model", "time_series_forecasting"),
            ("Write the threat model and review authentication", "security_review"),
            ("Ingest the CSV files and check data quality", "data_pipeline"),
            ("Design the KPI dashboard for the sales team", "dashboard_design"),
            ("Write user stories with acceptance criteria", "requirements_analysis"),
            ("Write the README and the user guide", "documentation"),
        ])
    func builtinMatches(text: String, best: String) {
        let (registry, _) = SkillRegistry.load(workspace: nil)
        #expect(registry.match(text).first?.skill.id == best, "\(registry.match(text).map { ($0.skill.id, $0.score) })")
    }
}

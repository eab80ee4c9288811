import Foundation
import Testing

@testable import LeadsCore

/// Golden files for every format. Re-record with `LEADS_RECORD_GOLDEN=1 swift test --filter ReporterTests`:
/// a recording run fails on purpose, so that a recording is never mistaken for a passing check.
struct ReporterTests {
  static let report = LintReport(
    diagnostics: [
      Diagnostic(
        rule: .unknownKey, severity: .error, message: "unknown key 'laed'; did you mean 'lead'?",
        path: "registry/équipe/café.md", position: SourcePosition(line: 3, column: 1), entry: "café"),
      Diagnostic(
        rule: .invalidOwner, severity: .warning,
        message: "100% odd: owner, with a colon\nand a second line",
        path: "registry/a,b:c.md", position: SourcePosition(line: 12, column: 7), entry: nil),
      Diagnostic(
        rule: .unmatchedPattern, severity: .note, message: "pattern '/x/' matches no tracked file",
        path: "registry/x.md", position: SourcePosition(line: 5, column: 5), entry: "x"),
    ],
    filesChecked: 4,
    rules: [UnknownKeyRule.description, InvalidOwnerRule.description, UnmatchedPatternRule.description]
  )

  static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden")

  func assertGolden(_ actual: String, _ name: String) throws {
    let url = ReporterTests.goldenFolder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["LEADS_RECORD_GOLDEN"] != nil {
      try FileManager.default.createDirectory(
        at: ReporterTests.goldenFolder, withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: url)
      Issue.record("recorded \(name); check the change, then run again without LEADS_RECORD_GOLDEN")
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(
      actual == expected, "\(name) differs from its golden file; re-record only if the change is intended")
  }

  @Test func text() throws {
    try assertGolden(TextReporter(color: false).render(ReporterTests.report), "report.txt")
  }

  @Test func coloredText() throws {
    try assertGolden(TextReporter(color: true).render(ReporterTests.report), "report-color.txt")
  }

  @Test func json() throws {
    try assertGolden(JSONReporter().render(ReporterTests.report), "report.json")
  }

  @Test func sarif() throws {
    try assertGolden(SARIFReporter().render(ReporterTests.report), "report.sarif")
  }

  @Test func github() throws {
    try assertGolden(GitHubReporter().render(ReporterTests.report), "report.github")
  }

  @Test func jsonParsesAndCarriesTheContractKeys() throws {
    let data = Data(JSONReporter().render(ReporterTests.report).utf8)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(object["version"] as? Int == 1)
    let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
    #expect(diagnostics.count == 3)
    for key in ["rule", "severity", "message", "path", "line", "column", "entry"] {
      #expect(diagnostics.allSatisfy { $0.keys.contains(key) }, "missing \(key)")
    }
    #expect(diagnostics[1]["message"] as? String == "100% odd: owner, with a colon\nand a second line")
    #expect(diagnostics[1]["entry"] is NSNull)
  }

  @Test func sarifResultsPointAtRulesAndRegions() throws {
    let data = Data(SARIFReporter().render(ReporterTests.report).utf8)
    let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(log["version"] as? String == "2.1.0")
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let results = try #require(run["results"] as? [[String: Any]])
    let rules = try #require(
      ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
    for result in results {
      let index = try #require(result["ruleIndex"] as? Int)
      #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
    }
    let location = try #require(
      (results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
    #expect(
      (location["artifactLocation"] as? [String: Any])?["uri"] as? String
        == "registry/%C3%A9quipe/caf%C3%A9.md")
    #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 3)
  }

  @Test func githubEscapesLikeTheActionsToolkit() {
    #expect(GitHubReporter.escapeData("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e")
    #expect(GitHubReporter.escapeProperty("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce")
  }

  @Test func summaryCountsBySeverity() {
    #expect(TextReporter.summary(ReporterTests.report) == "1 error, 1 warning, 1 note in 4 registry files")
  }

  /// A small registry with an owned and an unowned folder, a nested service and a file outside every pattern.
  static let registry: Registry = {
    let files = [
      RegistryFile(
        path: "registry/checkout.md",
        content: .bytes(
          Array(
            "---\nkind: service\nlead: anna@example.com\nbackup: ['@andy']\npaths: [/services/]\n---\n".utf8))
      ),
      RegistryFile(
        path: "registry/search.md",
        content: .bytes(
          Array("---\nkind: service\nlead: andy@example.com\npaths: [/services/search/]\n---\n".utf8))),
    ]
    let tracked = [
      "services/a.swift", "services/search/b.swift", "docs/guide.md", "docs/café.md", "README.md",
    ]
    return Linter.lint(LintInput(files: files, trackedFiles: PathTable(tracked + files.map(\.path)))).registry
  }()

  @Test func coverageText() throws {
    try assertGolden(CoverageReporter().text(Coverage(ReporterTests.registry)), "coverage.txt")
  }

  @Test func coverageJSON() throws {
    try assertGolden(CoverageReporter().json(Coverage(ReporterTests.registry)), "coverage.json")
  }

  static let answers: [WhoReporter.Answer] = {
    let registry = ReporterTests.registry
    let generated = CodeownersGenerator.routing(
      CodeownersGenerator.rules(for: registry), flavor: registry.config.codeownersFlavor)
    let handWritten = CodeownersRouting(CodeownersParser.parse("* @org/all\n/docs/ @org/docs\n"))
    return WhoReporter.answers(for: ["services/search/b.swift", "docs/guide.md"], routing: generated)
      + WhoReporter.answers(for: ["docs/café.md"], routing: handWritten)
      + WhoReporter.answers(
        for: ["services", ""], routing: generated, folders: ["services", ""],
        trackedFiles: registry.files.paths)
  }()

  @Test func whoText() throws {
    try assertGolden(WhoReporter().text(ReporterTests.answers), "who.txt")
  }

  /// Lines that share owners and rules share how they are written, and a change of either is written anew:
  /// many answers at once read as each answer alone.
  @Test func whoTextOfManyPathsIsEachPathsLine() {
    let registry = ReporterTests.registry
    let generated = CodeownersGenerator.routing(
      CodeownersGenerator.rules(for: registry), flavor: registry.config.codeownersFlavor)
    let handWritten = CodeownersRouting(
      CodeownersParser.parse("* @org/all\n/docs/ @org/docs\n/docs/x/ @org/docs\n"))
    let answers =
      WhoReporter.answers(
        for: [
          "services/search/a.swift", "services/search/b.swift", "docs/guide.md", "services/search/c.swift",
        ],
        routing: generated)
      + WhoReporter.answers(
        for: ["docs/a.md", "docs/x/b.md", "docs/c.md", "README.md"], routing: handWritten)
      + WhoReporter.answers(
        for: ["services"], routing: generated, folders: ["services"], trackedFiles: registry.files.paths)
      + WhoReporter.answers(for: ["services/search/d.swift"], routing: generated)
    let alone = answers.map { WhoReporter().text([$0]) }
    #expect(WhoReporter().text(answers) == alone.joined())
    // The rules differ where the owners do not: docs/x/b.md is decided by its own line.
    #expect(alone[5] != alone[4].replacingOccurrences(of: "docs/a.md", with: "docs/x/b.md"))
  }

  @Test func whoJSON() throws {
    try assertGolden(WhoReporter().json(ReporterTests.answers), "who.json")
  }
}

import Testing

@testable import LeadsCore

/// Runs every rule's documented examples: passing ones must not trigger the rule, failing ones must trigger it
/// exactly at the `↓` markers.
struct RuleExampleTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let rule: RuleDescription
    let example: RuleExample
    let shouldTrigger: Bool
    let number: Int

    var testDescription: String { "\(rule.id) \(shouldTrigger ? "failing" : "passing") #\(number)" }
  }

  static let cases: [Case] = RuleCatalog.all.flatMap { rule in
    rule.passing.enumerated().map { Case(rule: rule, example: $1, shouldTrigger: false, number: $0 + 1) }
      + rule.failing.enumerated().map { Case(rule: rule, example: $1, shouldTrigger: true, number: $0 + 1) }
  }

  @Test func everyRuleHasPassingAndFailingExamples() {
    for rule in RuleCatalog.all {
      #expect(!rule.passing.isEmpty, "\(rule.id) has no passing example")
      #expect(!rule.failing.isEmpty, "\(rule.id) has no failing example")
      #expect(!rule.summary.isEmpty && !rule.rationale.isEmpty, "\(rule.id) is undocumented")
    }
  }

  @Test func ruleIDsAreUniqueAndMatchTheContract() {
    let ids = RuleCatalog.all.map(\.id)
    #expect(Set(ids).count == ids.count)
    #expect(Set(ids) == Set(RuleID.allCases))
  }

  @Test(arguments: cases)
  func example(_ testCase: Case) {
    let (input, expected) = RuleExampleTests.input(from: testCase.example)
    let history =
      RuleCatalog.isHistoryRule(testCase.rule.id) ? HistoryScript.facts(testCase.example.history) : nil
    let result = Linter.lint(input, history: history)
    let found = result.diagnostics.filter { $0.rule == testCase.rule.id }
    let foundPlaces = Set(found.map { Place(path: $0.path, position: $0.position) })
    if testCase.shouldTrigger {
      #expect(!expected.isEmpty, "a failing example needs at least one ↓ marker")
      #expect(foundPlaces == expected, "\(found.map { "\($0.path):\($0.position): \($0.message)" })")
      #expect(found.allSatisfy { $0.severity == testCase.rule.defaultSeverity })
    } else {
      #expect(found.isEmpty, "\(found.map { "\($0.path):\($0.position): \($0.message)" })")
    }
  }

  /// The snippet `leads rules ID` prints to turn a rule off does turn it off on the rule's failing examples.
  @Test(arguments: RuleCatalog.all.map(\.id))
  func turnItOffSnippetTurnsItOff(_ id: RuleID) throws {
    let rule = try #require(RuleCatalog.all.first { $0.id == id })
    let explained = RuleDocumentation.explain(rule)
    let snippet = try #require(
      explained.components(separatedBy: "(or set its severity: error, warning or note):\n").last)
    let config = snippet.split(separator: "\n").map { $0.dropFirst(2) }.joined(separator: "\n") + "\n"
    #expect(config == "rules:\n  \(id): off\n", "\(config)")
    for example in rule.failing {
      var (input, _) = RuleExampleTests.input(from: example)
      // A rule about the config itself keeps its own settings, with the rule turned off added.
      if let existing = input.files.firstIndex(where: { $0.path == input.configPath }),
        case .bytes(let bytes) = input.files[existing].content
      {
        input.files[existing] = RegistryFile(
          path: input.configPath,
          content: .bytes(bytes + Array(config.utf8)))
      } else {
        input.files.append(RegistryFile(path: input.configPath, content: .bytes(Array(config.utf8))))
      }
      let history = RuleCatalog.isHistoryRule(id) ? HistoryScript.facts(example.history) : nil
      let found = Linter.lint(input, history: history).diagnostics.filter { $0.rule == id }
      #expect(found.isEmpty, "\(id): \(found.map { $0.message })")
    }
  }

  /// History examples show the history that makes them differ, as a dated timeline.
  @Test func historyRulesShowTheirHistory() {
    for rule in RuleCatalog.all where RuleCatalog.isHistoryRule(rule.id) {
      let explained = RuleDocumentation.explain(rule)
      let examples = rule.passing + rule.failing
      let timelines = explained.components(separatedBy: "  history (today is ").count - 1
      #expect(timelines == examples.filter { !$0.history.isEmpty }.count, "\(rule.id)")
    }
    let forgotten = RuleDocumentation.explain(ForgottenLeadRule.description)
    #expect(forgotten.contains("2026-05-02  commit by anna@example.com: registry/checkout.md"))
    #expect(forgotten.contains("2026-05-21  commit by andy@example.com: services/checkout/main.swift"))
  }

  /// What every failing example says, in one golden file: a message that changes is a reviewed change.
  @Test func failingExamplesSayWhatTheGoldenFileSays() throws {
    var lines: [String] = []
    for rule in RuleCatalog.all {
      for (number, example) in rule.failing.enumerated() {
        let (input, _) = RuleExampleTests.input(from: example)
        let history = RuleCatalog.isHistoryRule(rule.id) ? HistoryScript.facts(example.history) : nil
        for found in Linter.lint(input, history: history).diagnostics where found.rule == rule.id {
          lines.append("\(rule.id) #\(number + 1) \(found.path):\(found.position): \(found.message)")
        }
      }
    }
    try ReporterTests().assertGolden(lines.joined(separator: "\n") + "\n", "rule-messages.txt")
  }

  struct Place: Hashable {
    let path: String
    let position: SourcePosition
  }

  /// Strips `↓` markers, recording the line and column each marks.
  static func input(from example: RuleExample) -> (LintInput, Set<Place>) {
    var places = Set<Place>()
    var files: [RegistryFile] = []
    for file in example.files {
      var clean = ""
      var line = 1
      var column = 1
      for scalar in file.content.unicodeScalars {
        if Character(scalar) == RuleExample.marker {
          places.insert(Place(path: file.path, position: SourcePosition(line: line, column: column)))
          continue
        }
        clean.unicodeScalars.append(scalar)
        if scalar == "\n" {
          line += 1
          column = 1
        } else {
          column += 1
        }
      }
      files.append(RegistryFile(path: file.path, content: .bytes(Array(clean.utf8))))
    }
    let tracked = example.tracked + example.files.map(\.path)
    // A CODEOWNERS file in an example is the repository's CODEOWNERS, not a registry file.
    let codeowners = files.first { $0.path.hasSuffix("CODEOWNERS") }.map { file -> CodeownersInput in
      guard case .bytes(let bytes) = file.content else {
        return CodeownersInput(path: file.path, content: nil)
      }
      return CodeownersInput(path: file.path, content: bytes)
    }
    // Any other file that is neither Markdown nor the config is the coverage baseline.
    let isRegistry = { (path: String) in path.hasSuffix(".md") || path.hasSuffix("leads.yml") }
    let baseline = example.files.first { !isRegistry($0.path) && !$0.path.hasSuffix("CODEOWNERS") }.map {
      $0.content.split(separator: "\n").map(String.init)
    }
    var input = LintInput(
      files: files.filter { isRegistry($0.path) }, trackedFiles: PathTable(tracked), codeowners: codeowners)
    input.coverageBaseline = baseline
    return (input, places)
  }
}

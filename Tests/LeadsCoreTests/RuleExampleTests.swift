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
    #expect(Set(ids) == Set(RuleID.allCases.map(\.rawValue)))
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
      files: files.filter { isRegistry($0.path) }, trackedFiles: tracked, codeowners: codeowners)
    input.coverageBaseline = baseline
    return (input, places)
  }
}

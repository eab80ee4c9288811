import Foundation

/// What every reporter renders: the findings of one lint run.
public struct LintReport: Sendable {
  public var diagnostics: [Diagnostic]
  public var filesChecked: Int
  /// The rules that ran, for formats that describe them (SARIF).
  public var rules: [RuleDescription]

  public init(diagnostics: [Diagnostic], filesChecked: Int, rules: [RuleDescription] = RuleCatalog.all) {
    self.diagnostics = diagnostics
    self.filesChecked = filesChecked
    self.rules = rules
  }

  public func count(_ severity: Severity) -> Int { diagnostics.filter { $0.severity == severity }.count }
}

/// The output formats of `leads lint`.
public enum ReportFormat: String, CaseIterable, Sendable {
  case text, json, sarif, github

  /// Renders `report`; `color` applies to text only.
  public func render(_ report: LintReport, color: Bool = false) -> String {
    switch self {
    case .text: return TextReporter(color: color).render(report)
    case .json: return JSONReporter().render(report)
    case .sarif: return SARIFReporter().render(report)
    case .github: return GitHubReporter().render(report)
    }
  }
}

/// The version of `leads`, reported by `--version` and in SARIF.
public let leadsVersion = "0.1.0"

/// JSON with sorted keys, no escaped slashes, and a trailing newline.
func encodeJSON<T: Encodable>(_ value: T) -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
  return String(decoding: data, as: UTF8.self) + "\n"
}

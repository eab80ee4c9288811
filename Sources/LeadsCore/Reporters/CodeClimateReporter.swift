/// A GitLab Code Quality report: a JSON array of Code Climate issues, which GitLab shows in merge requests
/// and compares between branches by fingerprint.
public struct CodeClimateReporter: Sendable {
  struct Issue: Encodable {
    let type = "issue"
    let description: String
    let checkName: String
    let fingerprint: String
    let severity: String
    let categories = ["Style"]
    let location: Location

    enum CodingKeys: String, CodingKey {
      case type, description, fingerprint, severity, categories, location
      case checkName = "check_name"
    }
  }

  struct Location: Encodable {
    let path: String
    let lines: Lines
  }

  struct Lines: Encodable {
    let begin: Int
  }

  public init() {}

  public func render(_ report: LintReport) -> String {
    let fingerprints = report.fingerprints
    return encodeJSON(
      report.diagnostics.enumerated().map { index, diagnostic in
        Issue(
          description: diagnostic.message, checkName: diagnostic.rule.rawValue,
          fingerprint: fingerprints[index], severity: CodeClimateReporter.severity(diagnostic.severity),
          location: Location(path: diagnostic.path, lines: Lines(begin: diagnostic.line)))
      })
  }

  /// Code Climate's scale is info, minor, major, critical, blocker; an error stops a merge, so it is critical.
  static func severity(_ severity: Severity) -> String {
    switch severity {
    case .error: return "critical"
    case .warning: return "minor"
    case .note: return "info"
    }
  }
}

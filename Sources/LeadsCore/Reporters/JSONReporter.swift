/// The versioned JSON report: `{"version": 1, "diagnostics": [...], "summary": {...}}`.
public struct JSONReporter: Sendable {
  /// Bumped only when a key changes meaning or disappears; new keys do not bump it.
  public static let version = 1

  struct Document: Encodable {
    let version: Int
    let diagnostics: [Item]
    let summary: Summary
    let history: History?
  }

  struct History: Encodable {
    let now: String
    let windowStart: String
    @ExplicitNull var truncatedAt: String?
    let commitsRead: Int

    enum CodingKeys: String, CodingKey {
      case now
      case windowStart = "window_start"
      case truncatedAt = "truncated_at"
      case commitsRead = "commits_read"
    }

  }

  struct Item: Encodable {
    let rule: String
    let severity: String
    let message: String
    let path: String
    let line: Int
    let column: Int
    @ExplicitNull var entry: String?
    let data: FindingData

    enum CodingKeys: String, CodingKey {
      case rule, severity, message, path, line, column, entry, data
    }
  }

  struct Summary: Encodable {
    let errors: Int
    let warnings: Int
    let notes: Int
    let files: Int
  }

  public init() {}

  public func render(_ report: LintReport) -> String {
    encodeJSON(
      Document(
        version: JSONReporter.version,
        diagnostics: report.diagnostics.map {
          Item(
            rule: $0.rule.rawValue, severity: $0.severity.rawValue, message: $0.message, path: $0.path,
            line: $0.line,
            column: $0.column, entry: $0.entry, data: $0.data)
        },
        summary: Summary(
          errors: report.count(.error), warnings: report.count(.warning), notes: report.count(.note),
          files: report.filesChecked),
        history: report.history.map {
          History(
            now: $0.now.description, windowStart: $0.windowStart.description,
            truncatedAt: $0.truncatedAt?.description, commitsRead: $0.commitsRead)
        }))
  }
}

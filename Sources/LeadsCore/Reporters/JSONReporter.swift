/// The versioned JSON report: `{"version": 1, "diagnostics": [...], "summary": {...}}`.
public struct JSONReporter: Sendable {
  /// Bumped only when a key changes meaning or disappears; new keys do not bump it.
  public static let version = 1

  struct Document: Encodable {
    let version: Int
    let diagnostics: [Item]
    let summary: Summary
    let history: History?
    @ExplicitNull var newSince: NewSince?

    enum CodingKeys: String, CodingKey {
      case version, diagnostics, summary, history
      case newSince = "new_since"
    }
  }

  struct NewSince: Encodable {
    let revision: String
    @ExplicitNull var mergeBase: String?
    let new: Int

    enum CodingKeys: String, CodingKey {
      case revision, new
      case mergeBase = "merge_base"
    }
  }

  struct History: Encodable {
    let now: String
    let windowStart: String
    @ExplicitNull var truncatedAt: String?
    let commitsRead: Int
    /// True when the history read stopped before the activity window or the registry's start (a shallow or
    /// treeless clone): history checks were then partly skipped.
    let cut: Bool
    /// Sentences about what the history read could not see.
    let notes: [String]

    init(_ summary: HistorySummary) {
      now = summary.now.description
      windowStart = summary.windowStart.description
      truncatedAt = summary.truncatedAt?.description
      commitsRead = summary.commitsRead
      cut = summary.truncatedAt != nil
      notes = summary.notes
    }

    enum CodingKeys: String, CodingKey {
      case now, cut, notes
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
    let fingerprint: String
    /// Whether `--new-since`'s merge base has it too; null without `--new-since`.
    @ExplicitNull var existing: Bool?

    enum CodingKeys: String, CodingKey {
      case rule, severity, message, path, line, column, entry, data, fingerprint, existing
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
        diagnostics: zip(report.diagnostics.indices, report.fingerprints).map { index, fingerprint in
          let item = report.diagnostics[index]
          return Item(
            rule: item.rule.rawValue, severity: item.severity.rawValue, message: item.message,
            path: item.path,
            line: item.line, column: item.column, entry: item.entry, data: item.data,
            fingerprint: fingerprint,
            existing: report.baseline.map { $0.existing[index] })
        },
        summary: Summary(
          errors: report.count(.error), warnings: report.count(.warning), notes: report.count(.note),
          files: report.filesChecked),
        history: report.history.map(History.init),
        newSince: report.baseline.map {
          NewSince(revision: $0.revision, mergeBase: $0.mergeBase, new: $0.newCount)
        }))
  }
}

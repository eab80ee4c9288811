/// Compiler-style lines: `path:line:column: severity: message [rule]`.
public struct TextReporter: Sendable {
  public var color: Bool

  public init(color: Bool) {
    self.color = color
  }

  public func render(_ report: LintReport) -> String {
    var output = ""
    for (index, diagnostic) in report.diagnostics.enumerated() {
      let location = "\(diagnostic.path):\(diagnostic.line):\(diagnostic.column):"
      let severity = diagnostic.severity.rawValue + ":"
      let message = diagnostic.message.replacingOccurrences(of: "\n", with: "\\n")
      // A finding the baseline already has is printed, marked, and does not count toward the exit status.
      let existing = report.isExisting(index) ? " (existing)" : ""
      if color {
        output +=
          "\(paint(location, "1")) \(paint(severity, code(for: diagnostic.severity))) \(paint(message, "1")) \(paint("[\(diagnostic.rule)]\(existing)", "2"))\n"
      } else {
        output += "\(location) \(severity) \(message) [\(diagnostic.rule)]\(existing)\n"
      }
    }
    return output
  }

  /// One line for stderr: "2 errors, 1 warning in 14 files".
  public static func summary(_ report: LintReport) -> String {
    func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
    let counts = [
      plural(report.count(.error), "error"), plural(report.count(.warning), "warning"),
    ]
    let notes = report.count(.note)
    return (counts + (notes > 0 ? [plural(notes, "note")] : [])).joined(separator: ", ")
      + " in \(plural(report.filesChecked, "registry file"))"
      + (report.baseline.map { baseline in
        "; \(baseline.newCount) new since \(baseline.revision)"
          + (baseline.mergeBase.map { " (merge base \($0.prefix(12)))" } ?? " (no common history: all new)")
      } ?? "")
  }

  private func code(for severity: Severity) -> String {
    switch severity {
    case .error: return "1;31"
    case .warning: return "1;33"
    case .note: return "1;36"
    }
  }

  private func paint(_ text: String, _ code: String) -> String {
    "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
public struct GitHubReporter: Sendable {
  public init() {}

  public func render(_ report: LintReport) -> String {
    // What the history read could not see comes first, as a warning of its own (no file).
    let notes = report.notes.map { note in
      "::warning title=\(GitHubReporter.escapeProperty("leads history"))::\(GitHubReporter.escapeData(note))\n"
    }.joined()
    return notes
      + report.diagnostics.enumerated().map { index, diagnostic in
        let command: String
        switch diagnostic.severity {
        case .error: command = "error"
        case .warning: command = "warning"
        case .note: command = "notice"
        }
        let properties = [
          "file=" + GitHubReporter.escapeProperty(diagnostic.path),
          "line=\(diagnostic.line)",
          "col=\(diagnostic.column)",
          "title="
            + GitHubReporter.escapeProperty(
              "leads " + diagnostic.rule.rawValue + (report.isExisting(index) ? " (existing)" : "")),
        ]
        return
          "::\(command) \(properties.joined(separator: ","))::\(GitHubReporter.escapeData(diagnostic.message))\n"
      }.joined()
  }

  /// Escapes a message the way the Actions toolkit does (`%`, CR, LF).
  public static func escapeData(_ text: String) -> String {
    text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
      .replacingOccurrences(of: "\n", with: "%0A")
  }

  /// Escapes a property value: as data, plus `:` and `,`.
  public static func escapeProperty(_ text: String) -> String {
    escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
  }
}

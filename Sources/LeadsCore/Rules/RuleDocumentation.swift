/// Text for `leads rules`.
public enum RuleDocumentation {
  /// One line per rule: id, default severity, summary.
  public static func list(_ rules: [RuleDescription]) -> String {
    let width = rules.map(\.id.count).max() ?? 0
    return rules.map { rule in
      rule.id + String(repeating: " ", count: width - rule.id.count + 2)
        + rule.defaultSeverity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + rule.summary
        + "\n"
    }.joined()
  }

  /// A rule's summary, rationale and examples, with `↓` showing where findings are reported.
  public static func explain(_ rule: RuleDescription) -> String {
    var text =
      "\(rule.id) (default severity: \(rule.defaultSeverity.rawValue))\n\n\(rule.summary)\n\n\(rule.rationale)\n"
    func render(_ examples: [RuleExample], _ heading: String) {
      for example in examples {
        text += "\n\(heading):\n"
        for file in example.files {
          text += "  \(file.path)\n"
          for line in file.content.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            text += "    " + OwnerReference.visible(String(line)) + "\n"
          }
        }
      }
    }
    render(rule.passing, "Accepted")
    render(rule.failing, "Reported (↓ marks the position)")
    text += "\nTurn it off or change its severity in registry/leads.yml:\n  rules:\n    \(rule.id): warning\n"
    return text
  }
}

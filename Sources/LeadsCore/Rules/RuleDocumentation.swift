/// Text for `leads rules`.
public enum RuleDocumentation {
  /// One line per rule: id, default severity, summary.
  public static func list(_ rules: [RuleDescription]) -> String {
    let width = rules.map(\.id.rawValue.count).max() ?? 0
    return rules.map { rule in
      rule.id.rawValue + String(repeating: " ", count: width - rule.id.rawValue.count + 2)
        + rule.defaultSeverity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + rule.summary
        + "\n"
    }.joined()
  }

  /// A rule's summary, rationale and examples, with `↓` showing where findings are reported.
  public static func explain(_ rule: RuleDescription) -> String {
    let reads: String
    switch rule.needs {
    case .registry: reads = "the registry's files: it runs everywhere, the pre-commit hook included"
    case .today:
      reads = "the registry and today's date: it runs everywhere, the pre-commit hook included (as of --now)"
    case .history:
      reads = "the repository's history: it runs in `leads lint`, not in --staged, --no-history or the hook"
    }
    var text =
      "\(rule.id) (default severity: \(rule.defaultSeverity.rawValue))\n\n\(rule.summary)\n\n\(rule.rationale)\n\nReads \(reads).\n"
    func render(_ examples: [RuleExample], _ heading: String) {
      for example in examples {
        text += "\n\(heading):\n"
        for file in example.files {
          text += "  \(file.path)\n"
          for line in file.content.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            text += "    " + OwnerReference.visible(String(line)) + "\n"
          }
        }
        text += timeline(example.history)
      }
    }
    render(rule.passing, "Accepted")
    render(rule.failing, "Reported (↓ marks the position)")
    text +=
      "\nTurn it off in registry/leads.yml (or set its severity: error, warning or note):\n  rules:\n    \(rule.id): off\n"
    return text
  }

  /// The history an example runs against, as a dated timeline, oldest first: what makes a history rule
  /// fire or stay silent when the files are the same.
  static func timeline(_ script: [String]) -> String {
    guard !script.isEmpty else { return "" }
    var now = "2026-06-01"
    var events: [(date: String, order: Int, text: String)] = []
    for (order, line) in script.enumerated() {
      let words = line.split(separator: " ").map(String.init)
      switch words.first {
      case "now": now = words[1]
      case "truncated":
        events.append((words[1], order, "history starts here (a shallow clone): older commits are unknown"))
      case "commit":
        let rest = words.dropFirst(3)
        let paths = rest.filter { !$0.hasPrefix("initiative=") }
        let trailers = rest.filter { $0.hasPrefix("initiative=") }.map {
          "Initiative: " + $0.dropFirst("initiative=".count)
        }
        let authors = words[2].split(separator: ",").joined(separator: " with ")
        let what = (paths + trailers).joined(separator: ", ")
        events.append((words[1], order, "commit by \(authors)" + (what.isEmpty ? "" : ": \(what)")))
      case "lead":
        var text = "the current lead of \(words[1]) took the post"
        if let from = words.firstIndex(of: "from") { text += ", handed over by \(words[from + 1])" }
        if let by = words.firstIndex(of: "by") { text += " in a commit by \(words[by + 1])" }
        if words.contains("truncated") { text += " (or earlier: history is truncated)" }
        events.append((words[3], order, text))
      default: continue
      }
    }
    var text = "  history (today is \(now)):\n"
    for event in events.sorted(by: { ($0.date, $0.order) < ($1.date, $1.order) }) {
      text += "    \(event.date)  \(event.text)\n"
    }
    return text
  }
}

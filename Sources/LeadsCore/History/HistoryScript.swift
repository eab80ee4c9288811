/// A few lines that stand for a repository's history in rule examples and unit tests:
///
///     now 2026-06-01
///     commit 2026-05-20 anna@example.com services/checkout/a.swift registry/checkout.md
///     commit 2026-05-21 andy@example.com,anna@example.com initiative=v2
///     lead checkout since 2025-01-10
///     lead search since 2024-03-01 truncated
///     lead billing since 2026-05-01 from andy by mallory@example.com
///     lead ledger since 2026-05-01 from andy by anna@example.com reviewed-by andy@example.com
///     lead search since 2025-06-01 created          (the run starts where the entry was created)
///     truncated 2024-03-01
public enum HistoryScript {
  public static func facts(_ lines: [String], config: RegistryConfig = RegistryConfig()) -> HistoryFacts {
    var now = CalendarDate("2026-06-01")!
    var commits: [ActivityCommit] = []
    var tenures: [String: Tenure] = [:]
    var truncatedAt: CalendarDate?
    for line in lines {
      let words = line.split(separator: " ").map(String.init)
      guard let verb = words.first else { continue }
      switch verb {
      case "now": now = CalendarDate(words[1])!
      case "truncated": truncatedAt = CalendarDate(words[1])!
      case "commit":
        let rest = words.dropFirst(3)
        commits.append(
          ActivityCommit(
            authors: words[2].split(separator: ",").map(String.init), date: CalendarDate(words[1])!,
            paths: rest.filter { !$0.hasPrefix("initiative=") },
            initiatives: rest.filter { $0.hasPrefix("initiative=") }.map {
              String($0.dropFirst("initiative=".count))
            }))
      case "lead":
        var tenure = Tenure(since: CalendarDate(words[3])!, isExact: !words.contains("truncated"))
        if let from = words.firstIndex(of: "from") { tenure.previousLead = words[from + 1] }
        if let by = words.firstIndex(of: "by") {
          tenure.changeAuthors = words[by + 1].split(separator: ",").map(String.init)
        }
        if let reviewed = words.firstIndex(of: "reviewed-by") {
          tenure.changeReviewers = words[reviewed + 1].split(separator: ",").map(String.init)
        }
        if words.contains("created") { tenure.entryCreated = tenure.since }
        tenures[words[1]] = tenure
      default: preconditionFailure("unknown history script line: \(line)")
      }
    }
    return HistoryFacts(
      now: now, windowStart: HistoryFacts.windowStart(now: now, config: config), truncatedAt: truncatedAt,
      commits: commits, tenures: tenures)
  }
}

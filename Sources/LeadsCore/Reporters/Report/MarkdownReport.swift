import Foundation

/// `leads report --format markdown`: the report's facts as GitHub-flavoured Markdown tables and lists, for a
/// wiki page or a pull-request comment. Repository text is escaped so that it reads as written and cannot
/// open a link, an image or markup.
public enum MarkdownReport {
  /// The most a report may be: GitHub refuses comments over 65,536 characters; this leaves room for a
  /// heading or a link around it.
  public static let commentLimit = 60_000

  /// The report: the actions in full, then everything else when it fits `limit` characters, else a summary
  /// per team that says where the full report is.
  public static func render(_ report: LeadershipReport, limit: Int = commentLimit) -> String {
    var text = "# Leadership report: \(escape(report.repository))\n\n"
    text += "As of \(report.now) · \(HTMLReport.summary(report))\n\n"
    if let cut = report.truncatedAt {
      text += "> History is cut at \(cut) (a shallow clone): earlier starts read “≤”.\n\n"
    }
    // With `--since`, the report is what changed: the comment a weekly job posts.
    if let changes = report.changes { return text + self.changes(changes, limit: limit - text.count) }
    text += actions(report)
    let full = details(report)
    if text.count + full.count <= limit { return text + full }
    return text + summary(report)
  }

  /// Handoffs, posts added and removed, findings that appeared and were resolved; lists that would pass
  /// `limit` are cut, saying how many were left out.
  static func changes(_ changes: ReportChanges, limit: Int) -> String {
    var text = "## Since \(changes.since)\n\n"
    text +=
      changes.counts + "\n\n"
    text += "### Handoffs\n\n"
    text += table(
      header: ["Day", "Post", "From", "To", "Handoff"],
      rows: changes.handoffs.map { handoff in
        [
          handoff.day.description, escape(handoff.post), escape(handoff.from), escape(handoff.to),
          handoff.confirmed.map { $0 ? "confirmed" : "**not confirmed**" } ?? "—",
        ]
      })
    for (title, ids) in [("Posts added", changes.added), ("Posts removed", changes.removed)]
    where !ids.isEmpty {
      text += "### \(title)\n\n" + ids.map(escape).joined(separator: ", ") + "\n\n"
    }
    for (title, findings) in [
      ("Findings that appeared", changes.appeared), ("Findings resolved", changes.resolved),
    ]
    where !findings.isEmpty {
      text += "### \(title) (\(findings.count))\n\n"
      for (index, finding) in findings.enumerated() {
        let line = "- **\(finding.severity.rawValue)** `\(finding.rule.rawValue)` \(prose(finding.message))\n"
        if text.count + line.count > limit - 200 {
          text +=
            "- … and \(findings.count - index) more: `leads report --since \(changes.since)` in HTML lists them all\n"
          break
        }
        text += line
      }
      text += "\n"
    }
    return text
  }

  /// What needs doing, most urgent first, in full.
  static func actions(_ report: LeadershipReport) -> String {
    var text = "## Actions\n\n"
    guard !report.actions.isEmpty else { return text + "Nothing needs doing in the next 90 days.\n\n" }
    for urgency in ReportAction.Urgency.allCases {
      let items = report.actions.filter { $0.urgency == urgency }
      guard !items.isEmpty else { continue }
      text += "### \(urgency.heading) (\(items.count))\n\n"
      text += table(
        header: ["Team", "Who", "Post", "What", "To do"],
        rows: items.map { item in
          [
            escape(item.team ?? "—"), escape(item.person ?? "—"), escape(item.post ?? "—"), prose(item.what),
            prose(item.todo),
          ]
        })
    }
    return text
  }

  /// A finding's or an action's sentence: escaped, with its backquoted commands kept as code.
  static func prose(_ text: String) -> String {
    let parts = text.split(separator: "`", omittingEmptySubsequences: false)
    guard parts.count >= 3, parts.count % 2 == 1 else { return escape(text) }
    return parts.enumerated().map { index, part in
      index % 2 == 1 ? "`" + part.replacingOccurrences(of: "|", with: "\\|") + "`" : escape(String(part))
    }.joined()
  }

  /// Instead of the full report: posts, open posts, due rotations and findings per team, the busiest people
  /// and the findings per check.
  static func summary(_ report: LeadershipReport) -> String {
    var text = "## Summary\n\n"
    text += "The full report is longer than a pull-request comment allows; "
    text += "`leads report --format html -o report.html` writes all of it (every post, run and finding).\n\n"
    let byTeam = Dictionary(grouping: report.posts) { $0.team ?? "" }
    let teams = byTeam.keys.sorted { $0.isEmpty != $1.isEmpty ? !$0.isEmpty : NaturalOrder.less($0, $1) }
    let findings = Dictionary(grouping: report.checks.flatMap(\.findings)) { $0.entry ?? "" }
    text += table(
      header: ["Team", "Posts", "Open", "Rotation overdue", "Findings"],
      rows: teams.map { team in
        let posts = byTeam[team] ?? []
        let overdue = posts.count { $0.rotationDue.map { $0 <= report.now } ?? false }
        let found = posts.reduce(0) { $0 + (findings[$1.id]?.count ?? 0) }
        let open = posts.count { $0.lead == nil }
        return [
          escape(team.isEmpty ? "no team" : team), "\(posts.count)", "\(open)", "\(overdue)", "\(found)",
        ]
      })
    text += "### Busiest\n\n"
    text += table(
      header: ["Person", "Leads", "Backs up"],
      rows: report.load.prefix(15).map { [escape($0.person), "\($0.leads.count)", "\($0.backs.count)"] })
    text += "### Findings per check\n\n"
    text += table(
      header: ["Check", "Severity", "Findings"],
      rows: report.checks.map { [escape($0.rule), $0.severity.rawValue, "\($0.findings.count)"] })
    return text
  }

  /// Everything after the actions, in full.
  static func details(_ report: LeadershipReport) -> String {
    var text = "## Posts\n\n"
    text += table(
      header: ["Team", "Post", "Kind", "Lead", "Since", "Rotation due", "Backups"],
      rows: report.posts.map { post in
        let due = post.rotationDue.map { $0 <= report.now ? "**\($0) (due)**" : $0.description } ?? "—"
        return [
          escape(post.team ?? "—"), "**\(escape(post.id))**" + (post.title.map { " " + escape($0) } ?? ""),
          escape(post.kind), escape(post.lead ?? "—"), escape(post.since ?? "—"), due,
          escape(post.backups.joined(separator: ", ")).nonEmpty ?? "—",
        ]
      })
    text +=
      "## Lead history\n\nEvery run of a lead, oldest first; ⚠ marks a handoff neither lead confirmed.\n\n"
    if report.posts.isEmpty { text += "(none)\n" }
    for post in report.posts {
      let runs = post.runs.map { run in
        let since = run.sinceText
        let mark = run.reviewed == false ? " ⚠" : ""
        return
          "\(escape(run.lead)) (\(since) – \(run.until?.description ?? "now"), \(counted(run.days, "day")))\(mark)"
      }
      text += "- **\(escape(post.id))**: \(runs.isEmpty ? "no history" : runs.joined(separator: " → "))\n"
    }
    text += "\n## Load\n\n"
    text += table(
      header: ["Person", "Leads", "Backs up"],
      rows: report.load.map { person in
        [
          escape(person.person) + (person.name.map { " (\(escape($0)))" } ?? ""),
          "\(person.leads.count)"
            + (person.leads.isEmpty ? "" : ": " + escape(person.leads.joined(separator: ", "))),
          "\(person.backs.count)"
            + (person.backs.isEmpty ? "" : ": " + escape(person.backs.joined(separator: ", "))),
        ]
      })
    text += "### Posts led over time\n\n"
    text += table(
      header: ["Person"] + report.loadOverTime.days.map(\.description),
      rows: report.loadOverTime.rows.map { [escape($0.person)] + $0.counts.map(String.init) })
    if !report.trends.isEmpty {
      text += "### Over the last year\n\n"
      text += table(
        header: ["Day", "Posts", "With a backup", "Past rotation", "Open", "Median tenure"],
        rows: report.trends.map { point in
          [
            point.day.description, "\(point.posts)", "\(point.withBackup) (\(point.backupShare)%)",
            "\(point.pastRotation)", "\(point.open)", point.medianTenure.map { counted($0, "day") } ?? "—",
          ]
        })
    }
    text += findings(report)
    if !report.teams.isEmpty { text += teams(report) }
    return text
  }

  static func findings(_ report: LeadershipReport) -> String {
    var text = "## Findings\n\n"
    if report.checks.isEmpty { return text + "No findings: `leads lint` is clean.\n\n" }
    for check in report.checks {
      text += "### \(escape(check.rule)) (\(check.findings.count))\n\n"
      for finding in check.findings {
        let place = "\(escape(finding.path)):\(finding.position.line):\(finding.position.column)"
        text += "- **\(finding.severity.rawValue)** \(place) \(escape(finding.message))\n"
      }
      text += "\n"
    }
    return text
  }

  static func teams(_ report: LeadershipReport) -> String {
    let list = { (names: [String]) in escape(names.joined(separator: ", ")).nonEmpty ?? "—" }
    return "## Teams\n\n"
      + table(
        header: ["Team", "Members", "Tech leads"] + LeadershipCategory.allCases.map(\.rawValue.capitalized)
          + ["Spread"],
        rows: report.teams.map { team in
          ["**\(escape(team.id))**", list(team.members), list(team.techLeads)]
            + LeadershipCategory.allCases.map { list(team.leadership[$0.rawValue] ?? []) }
            + [
              "\(team.spread.leadingNow) of \(team.spread.members) lead now; \(team.spread.ledInTwoYears) in two years"
            ]
        })
  }

  static func table(header: [String], rows: [[String]]) -> String {
    guard !rows.isEmpty else { return "(none)\n\n" }
    var text = "| " + header.joined(separator: " | ") + " |\n"
    text += "|" + header.map { _ in " --- |" }.joined() + "\n"
    for row in rows { text += "| " + row.joined(separator: " | ") + " |\n" }
    return text + "\n"
  }

  /// Repository text as literal Markdown: punctuation that could start markup is backslash-escaped, angle
  /// brackets and ampersands become entities, line breaks become spaces (a table row is one line), and
  /// invisible or bidirectional characters are spelled `\u{...}`.
  /// Repository text made inert: Markdown punctuation escaped, and (the report is meant to be posted as a
  /// comment) nothing a forge turns into a notification or a link: an HTML comment after every `@` keeps
  /// `@handle`, `@org/team` and e-mail addresses plain text, and one inside `://` and `www.` keeps bare URLs
  /// from becoming links. Readers see the text unchanged.
  static func escape(_ text: String) -> String {
    var escaped = ""
    for character in Diagnostic.shown(text).unicodeScalars {
      switch character {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "@": escaped += "@" + inert
      case "\n", "\r": escaped += " "
      case "\\", "`", "*", "_", "[", "]", "|", "~":
        escaped += "\\" + String(character)
      default: escaped.unicodeScalars.append(character)
      }
    }
    return escaped.replacingOccurrences(of: "://", with: ":" + inert + "//")
      .replacingOccurrences(of: "www.", with: "www" + inert + ".", options: .caseInsensitive)
  }

  /// Splits a text node where a forge would otherwise see a mention or a link.
  static let inert = "<!-- -->"
}

/// `leads report --format html`: one self-contained page (inline CSS and SVG, no scripts, no external
/// assets or requests) that prints, follows the reader's dark mode, and gives every chart a table beside it.
/// Everything the repository wrote is escaped: a report of a pull request cannot inject markup.
public enum HTMLReport {
  public static func render(_ report: LeadershipReport) -> String {
    let title = "Leadership report: \(report.repository)"
    var html = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="color-scheme" content="light dark">
      <title>\(escape(title))</title>
      <style>\(style)</style>
      </head>
      <body>
      <header><h1>\(escape(title))</h1>
      <p class="meta">As of \(report.now) · \(summary(report))</p></header>
      <nav><a href="#actions">Actions</a>\(report.changes == nil ? "" : " · <a href=\"#changes\">Since</a>") · \
      <a href="#load">Load</a>\(report.trends.isEmpty ? "" : " · <a href=\"#trends\">Trends</a>") · \
      <a href="#timeline">Timeline</a> · \
      <a href="#posts">Posts</a> · <a href="#findings">Findings</a>\
      \(report.teams.isEmpty ? "" : " · <a href=\"#teams\">Teams</a>")</nav>

      """
    if let cut = report.truncatedAt {
      html += "<p class=\"note\">History is cut at \(cut) (a shallow clone): earlier starts read “≤”.</p>\n"
    }
    html += actionsSection(report)
    if let changes = report.changes { html += changesSection(changes) }
    html += loadSection(report)
    if !report.trends.isEmpty { html += trendsSection(report.trends) }
    html += timelineSection(report)
    html += postsSection(report)
    html += findingsSection(report)
    if !report.teams.isEmpty { html += teamsSection(report) }
    html += "<footer>Made by <code>leads report</code>.</footer>\n</body>\n</html>\n"
    return html
  }

  static func summary(_ report: LeadershipReport) -> String {
    let findings = report.checks.reduce(0) { $0 + $1.findings.count }
    let overdue = report.posts.count { $0.rotationDue.map { $0 <= report.now } ?? false }
    let leading = report.load.count { !$0.leads.isEmpty }
    return "\(counted(report.posts.count, "post")) · \(counted(leading, "lead")) · "
      + "\(overdue) due for rotation · \(counted(findings, "finding"))"
  }

  // MARK: - Actions

  /// What needs doing, most urgent first; in each group by team, then person. Counts per person and per team
  /// come first, so that each reader finds their own share.
  static func actionsSection(_ report: LeadershipReport) -> String {
    var html = "<section id=\"actions\"><h2>Actions</h2>\n"
    let actions = report.actions
    guard !actions.isEmpty else {
      return html + "<p>Nothing needs doing in the next 90 days.</p></section>\n"
    }
    let groups = ReportAction.Urgency.allCases.map { urgency in
      (urgency, actions.filter { $0.urgency == urgency })
    }
    html += "<p class=\"meta\">\(counted(actions.count, "action")): "
    html += groups.filter { !$0.1.isEmpty }.map { "\($0.1.count) \($0.0.heading.lowercased())" }
      .joined(separator: " · ")
    html +=
      "</p>\n<p class=\"meta\">By person: " + tally(actions.map { $0.person ?? "nobody named" }) + "</p>\n"
    if actions.contains(where: { $0.team != nil }) {
      html += "<p class=\"meta\">By team: " + tally(actions.map { $0.team ?? "no team" }) + "</p>\n"
    }
    for (urgency, items) in groups where !items.isEmpty {
      html += "<h3>\(urgency.heading) <span class=\"muted\">(\(items.count))</span></h3>\n"
      html += "<table class=\"actions\"><thead><tr><th>Team</th><th>Who</th><th>Post</th><th>What</th>"
      html += "<th>To do</th></tr></thead><tbody>\n"
      for item in items {
        let post = item.post.map { "<a href=\"#\(anchor($0))\">\(escape($0))</a>" } ?? "—"
        html +=
          "<tr><td>\(escape(item.team ?? "—"))</td><td>\(escape(item.person ?? "—"))</td><td>\(post)</td>"
        html += "<td>\(prose(item.what))</td><td>\(prose(item.todo))</td></tr>\n"
      }
      html += "</tbody></table>\n"
    }
    return html + "</section>\n"
  }

  /// "anna 3, ben 2": how often each name occurs, most first, then in natural order.
  static func tally(_ names: [String]) -> String {
    let counts = Dictionary(names.map { ($0, 1) }, uniquingKeysWith: +)
    return counts.sorted { $0.value != $1.value ? $0.value > $1.value : NaturalOrder.less($0.key, $1.key) }
      .map { "\(escape($0.key)) \($0.value)" }.joined(separator: ", ")
  }

  /// A table that can run long, folded behind its summary when it has more than `open` rows.
  static func folded(_ table: String, rows: Int, open: Int = 20, summary: String) -> String {
    rows <= open ? table : "<details><summary>\(summary)</summary>\n\(table)</details>\n"
  }

  // MARK: - Changes and trends

  /// Handoffs, posts added and removed, and findings that appeared and were resolved since a day.
  static func changesSection(_ changes: ReportChanges) -> String {
    var html = "<section id=\"changes\"><h2>Since \(changes.since)</h2>\n<p class=\"meta\">"
    html +=
      changes.counts + "</p>\n"
    if !changes.handoffs.isEmpty {
      var table = "<table class=\"runs\"><thead><tr><th>Day</th><th>Post</th><th>From</th><th>To</th>"
      table += "<th>Handoff</th></tr></thead><tbody>\n"
      for handoff in changes.handoffs {
        let confirmed =
          handoff.confirmed.map { $0 ? "confirmed" : "<strong class=\"overdue\">not confirmed</strong>" }
          ?? "—"
        table +=
          "<tr><td>\(handoff.day)</td><td><a href=\"#\(anchor(handoff.post))\">\(escape(handoff.post))</a>"
        table +=
          "</td><td>\(escape(handoff.from))</td><td>\(escape(handoff.to))</td><td>\(confirmed)</td></tr>\n"
      }
      html += "<h3>Handoffs</h3>\n"
      html += folded(
        table + "</tbody></table>\n", rows: changes.handoffs.count,
        summary: "All \(counted(changes.handoffs.count, "handoff"))")
    }
    for (title, ids) in [("Posts added", changes.added), ("Posts removed", changes.removed)]
    where !ids.isEmpty {
      html += "<h3>\(title)</h3>\n<p>\(ids.map(escape).joined(separator: ", "))</p>\n"
    }
    for (title, findings) in [
      ("Findings that appeared", changes.appeared), ("Findings resolved", changes.resolved),
    ]
    where !findings.isEmpty {
      var list = "<ul class=\"findings\">\n"
      for finding in findings {
        list +=
          "<li><span class=\"severity \(finding.severity.rawValue)\">\(finding.severity.rawValue)</span> "
        list += "<code>\(escape(finding.rule.rawValue))</code> \(prose(finding.message))</li>\n"
      }
      html += "<h3>\(title) <span class=\"muted\">(\(findings.count))</span></h3>\n"
      html += folded(
        list + "</ul>\n", rows: findings.count, open: 10, summary: counted(findings.count, "finding"))
    }
    return html + "</section>\n"
  }

  /// Four small charts of the last year — share of posts with a backup, posts past rotation, open posts, median
  /// tenure — and the table they are drawn from.
  static func trendsSection(_ trends: [TrendPoint]) -> String {
    let series: [(title: String, unit: String, values: [Int?])] = [
      ("Posts with a backup", "%", trends.map { $0.backupShare }),
      ("Posts past rotation", "", trends.map { $0.pastRotation }),
      ("Open posts", "", trends.map { $0.open }),
      ("Median tenure", " days", trends.map(\.medianTenure)),
    ]
    var html = "<section id=\"trends\"><h2>Trends over the last year</h2>\n<div class=\"trends\">"
    for chart in series {
      html += sparkline(title: chart.title, unit: chart.unit, values: chart.values, days: trends.map(\.day))
    }
    html += "</div>\n"
    var table = "<table class=\"runs\"><thead><tr><th>Day</th><th>Posts</th><th>With a backup</th>"
    table += "<th>Past rotation</th><th>Open</th><th>Median tenure</th></tr></thead><tbody>\n"
    for point in trends {
      table += "<tr><td>\(point.day)</td><td class=\"number\">\(point.posts)</td>"
      table += "<td class=\"number\">\(point.withBackup) (\(point.backupShare)%)</td>"
      table += "<td class=\"number\">\(point.pastRotation)</td><td class=\"number\">\(point.open)</td>"
      table += "<td class=\"number\">\(point.medianTenure.map { counted($0, "day") } ?? "—")</td></tr>\n"
    }
    html += folded(table + "</tbody></table>\n", rows: trends.count, open: 0, summary: "The same as a table")
    return html + "</section>\n"
  }

  /// A small line chart with its first and last values; a missing value breaks the line.
  static func sparkline(title: String, unit: String, values: [Int?], days: [CalendarDate]) -> String {
    let width = 240
    let height = 56
    let known = values.compactMap { $0 }
    let top = max(1, known.max() ?? 1)
    let step = values.count > 1 ? Double(width - 8) / Double(values.count - 1) : 0
    var points: [String] = []
    for (index, value) in values.enumerated() {
      guard let value else { continue }
      let x = 4 + Double(index) * step
      let y = Double(height - 6) - Double(value) * Double(height - 14) / Double(top)
      points.append("\(Int(x)),\(Int(y))")
    }
    let last = values.last.flatMap { $0 }.map { "\($0)\(unit)" } ?? "—"
    let first = values.first.flatMap { $0 }.map { "\($0)\(unit)" } ?? "—"
    var html = "<figure class=\"trend\"><figcaption>\(escape(title)): <strong>\(last)</strong> "
    html += "<span class=\"muted\">(\(first) on \(days.first.map(\.description) ?? ""))</span></figcaption>"
    html +=
      "<svg viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(title)) from \(first) to \(last)\" "
    html +=
      "xmlns=\"http://www.w3.org/2000/svg\"><line class=\"tick\" x1=\"0\" x2=\"\(width)\" y1=\"\(height - 6)\" "
    html +=
      "y2=\"\(height - 6)\"/><polyline class=\"trendline\" points=\"\(points.joined(separator: " "))\"/>"
    return html + "</svg></figure>\n"
  }

  // MARK: - Timeline

  /// One row per post, a bar per lead run; today, rotation due dates and unconfirmed handoffs marked.
  static func timelineSection(_ report: LeadershipReport) -> String {
    let chart = TimelineChart(report: report)
    var section = "<section id=\"timeline\"><h2>Tenure timeline</h2>\n"
    section +=
      "<p class=\"legend\">Bars: each lead’s run on a post. <span class=\"key today\">│</span> today · "
    section += "<span class=\"key due\">◆</span> rotation due · <span class=\"key unconfirmed\">▲</span> "
    section +=
      "handoff not confirmed by either lead. Posts by team; the table after the chart lists the same "
    section += "runs.</p>\n"
    section += chart.svg()
    var table = "<table class=\"runs\"><caption>Every run of a lead, oldest first</caption>\n"
    table += "<thead><tr><th>Post</th><th>Lead</th><th>Since</th><th>Until</th><th>Days</th>"
    table += "<th>Handoff</th></tr></thead><tbody>\n"
    var html = ""
    for post in report.posts {
      for run in post.runs {
        let since = run.sinceText
        let handoff = run.reviewed.map { $0 ? "confirmed" : "<strong>not confirmed</strong>" } ?? "—"
        html +=
          "<tr><td><a href=\"#\(anchor(post.id))\">\(escape(post.id))</a></td><td>\(escape(run.lead))</td>"
        html +=
          "<td>\(since)</td><td>\(run.until?.description ?? "now")</td><td class=\"number\">\(run.days)</td>"
        html += "<td>\(handoff)</td></tr>\n"
      }
    }
    let runs = report.posts.reduce(0) { $0 + $1.runs.count }
    return section
      + folded(
        table + html + "</tbody></table>\n", rows: runs, open: 0,
        summary: "The same runs as a table (\(counted(runs, "run")))") + "</section>\n"
  }

  // MARK: - Posts

  /// One line per post, by team; the lead file is the post's tooltip.
  static func postsSection(_ report: LeadershipReport) -> String {
    var table = "<table class=\"posts\"><thead><tr><th>Team</th><th>Post</th><th>Kind</th><th>Lead</th>"
    table += "<th>Since</th><th>Rotation due</th><th>Backups</th></tr></thead><tbody>\n"
    for post in report.posts {
      let due = post.rotationDue.map { due in
        due <= report.now ? "<strong class=\"overdue\">\(due) (due)</strong>" : due.description
      }
      let title = post.title.map { " <span class=\"muted\">\(escape($0))</span>" } ?? ""
      table += "<tr id=\"\(anchor(post.id))\"><td>\(escape(post.team ?? "—"))</td>"
      table += "<td title=\"\(escape(post.file))\"><strong>\(escape(post.id))</strong>\(title)</td>"
      table += "<td>\(escape(post.kind))</td><td>\(escape(post.lead ?? "—"))</td>"
      table += "<td>\(escape(post.since ?? "—"))</td><td>\(due ?? "—")</td>"
      table += "<td>\(escape(post.backups.joined(separator: ", ")).nonEmpty ?? "—")</td></tr>\n"
    }
    table += "</tbody></table>\n"
    return "<section id=\"posts\"><h2>Posts</h2>\n"
      + folded(
        table, rows: report.posts.count, summary: "All \(counted(report.posts.count, "post")), by team")
      + "</section>\n"
  }

  // MARK: - Load

  /// Who holds how much now (the busiest open, the rest folded), then posts led over time.
  static func loadSection(_ report: LeadershipReport) -> String {
    var html = "<section id=\"load\"><h2>Load</h2>\n"
    let header =
      "<table class=\"load\"><thead><tr><th>Person</th><th>Leads</th><th>Backs up</th>"
      + "<th>Posts</th></tr></thead><tbody>\n"
    func row(_ person: LeadershipReport.Load) -> String {
      let name = person.name.map { " <span class=\"muted\">\(escape($0))</span>" } ?? ""
      var html = "<tr><td>\(escape(person.person))\(name)</td>"
      html += "<td class=\"number\">\(person.leads.count)</td><td class=\"number\">\(person.backs.count)</td>"
      html += "<td><span class=\"bar lead\" style=\"width:\(min(person.leads.count, 12))em\"></span>"
      html += "<span class=\"bar backup\" style=\"width:\(min(person.backs.count, 12))em\"></span> "
      html += escape(person.leads.joined(separator: ", "))
      if !person.backs.isEmpty {
        html += " <span class=\"muted\">(backs up \(escape(person.backs.joined(separator: ", "))))</span>"
      }
      return html + "</td></tr>\n"
    }
    let shown = 15
    html += "<h3>Now</h3>\n" + header + report.load.prefix(shown).map(row).joined() + "</tbody></table>\n"
    if report.load.count > shown {
      html += folded(
        header + report.load.dropFirst(shown).map(row).joined() + "</tbody></table>\n",
        rows: report.load.count,
        open: 0, summary: "\(counted(report.load.count - shown, "more person", "more people"))")
    }
    let overTime = report.loadOverTime
    var table = "<table class=\"heat\"><thead><tr><th>Person</th>"
    table += overTime.days.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>\n"
    let peak = max(1, overTime.rows.flatMap(\.counts).max() ?? 1)
    for row in overTime.rows {
      table += "<tr><td>\(escape(row.person))</td>"
      table += row.counts.map { count in
        "<td class=\"number level\((count * 4 + peak - 1) / peak)\">\(count)</td>"
      }.joined()
      table += "</tr>\n"
    }
    html += "<h3>Posts led over time</h3>\n"
    html += folded(
      table + "</tbody></table>\n", rows: overTime.rows.count,
      summary: counted(overTime.rows.count, "person", "people"))
    return html + "</section>\n"
  }

  // MARK: - Findings

  static func findingsSection(_ report: LeadershipReport) -> String {
    var html = "<section id=\"findings\"><h2>Findings</h2>\n"
    if report.checks.isEmpty {
      return html + "<p>No findings: <code>leads lint</code> is clean.</p></section>\n"
    }
    let posts = Set(report.posts.map(\.id))
    let teams = Set(report.teams.map(\.id))
    let total = report.checks.reduce(0) { $0 + $1.findings.count }
    html +=
      "<p class=\"meta\">"
      + report.checks.map { "\(escape($0.rule)) \($0.findings.count)" }
      .joined(separator: " · ") + "</p>\n"
    var list = ""
    for check in report.checks {
      list += "<h3 id=\"check-\(escape(check.rule))\">\(escape(check.rule)) <span class=\"muted\">"
      list += "(\(check.findings.count))</span></h3>\n<ul class=\"findings\">\n"
      for finding in check.findings {
        let link = finding.entry.flatMap { entry -> String? in
          let target =
            posts.contains(entry) ? anchor(entry) : teams.contains(entry) ? anchor(entry, "team") : nil
          return target.map { " <a href=\"#\($0)\">→ \(escape(entry))</a>" }
        }
        list +=
          "<li><span class=\"severity \(finding.severity.rawValue)\">\(finding.severity.rawValue)</span> "
        list += "<code>\(escape(finding.path)):\(finding.position.line):\(finding.position.column)</code> "
        list += "\(prose(finding.message))\(link ?? "")</li>\n"
      }
      list += "</ul>\n"
    }
    return html + folded(list, rows: total, summary: "All \(counted(total, "finding")), by check")
      + "</section>\n"
  }

  // MARK: - Teams

  static func teamsSection(_ report: LeadershipReport) -> String {
    var html = "<section id=\"teams\"><h2>Teams</h2>\n<table><thead><tr><th>Team</th><th>Members</th>"
    html += "<th>Tech leads</th>"
    html += LeadershipCategory.allCases.map { "<th>\($0.rawValue.capitalized)</th>" }.joined()
    html += "<th>Spread</th></tr></thead><tbody>\n"
    for team in report.teams {
      let list = { (names: [String]) in escape(names.joined(separator: ", ")).nonEmpty ?? "—" }
      html += "<tr id=\"\(anchor(team.id, "team"))\"><td><strong>\(escape(team.id))</strong>"
      html += team.title.map { "<br><span class=\"muted\">\(escape($0))</span>" } ?? ""
      html += "</td><td>\(list(team.members))</td><td>\(list(team.techLeads))</td>"
      html += LeadershipCategory.allCases.map { "<td>\(list(team.leadership[$0.rawValue] ?? []))</td>" }
        .joined()
      html += "<td>\(team.spread.leadingNow) of \(team.spread.members) lead a post now; "
      html += "\(team.spread.ledInTwoYears) led one in two years</td></tr>\n"
    }
    return html + "</tbody></table></section>\n"
  }

  // MARK: - Text

  /// A finding's sentence as HTML: escaped, with each `quoted` command or key set as code (the backquotes
  /// are Markdown's; a stray one is kept as it is).
  static func prose(_ text: String) -> String {
    let parts = text.split(separator: "`", omittingEmptySubsequences: false)
    guard parts.count >= 3, parts.count % 2 == 1 else { return escape(text) }
    return parts.enumerated().map { index, part in
      index % 2 == 1 ? "<code>\(escape(String(part)))</code>" : escape(String(part))
    }.joined()
  }

  /// Text as HTML character data or a quoted attribute value; invisible, bidirectional and control
  /// characters are spelled `\u{...}` (as in findings), so that nothing can hide or reorder what the page says.
  static func escape(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for character in Diagnostic.shown(text).unicodeScalars {
      switch character {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&#39;"
      default: escaped.unicodeScalars.append(character)
      }
    }
    return escaped
  }

  /// An entry's element id: `post-` (or `team-`) and its id, with anything outside ASCII letters, digits and
  /// `-` spelled as `_xx`.
  static func anchor(_ id: String, _ kind: String = "post") -> String {
    kind + "-"
      + id.utf8.map { byte in
        let character = Character(Unicode.Scalar(byte))
        return character.isASCII && (character.isLetter || character.isNumber || byte == 0x2D)
          ? String(character) : "_" + String(byte, radix: 16)
      }.joined()
  }

  static let style = """
    :root{--fg:#1b1f24;--muted:#59636e;--bg:#fff;--line:#d1d9e0;--panel:#f6f8fa;--accent:#0969da;\
    --due:#bc4c00;--bad:#cf222e;--heat0:#fff;--heat1:#dafbe1;--heat2:#aceebb;--heat3:#6fdd8b;--heat4:#2da44e}
    @media (prefers-color-scheme: dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--line:#3d444d;\
    --panel:#151b23;--accent:#4493f8;--due:#f0883e;--bad:#f85149;--heat0:#0d1117;--heat1:#033a16;\
    --heat2:#196c2e;--heat3:#2ea043;--heat4:#56d364}}
    body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);\
    margin:0 auto;max-width:1200px;padding:1.5rem}
    h1{font-size:1.6rem;margin:0}h2{border-bottom:1px solid var(--line);padding-bottom:.3rem;margin-top:2rem}
    a{color:var(--accent)}.meta,.muted,.legend,footer{color:var(--muted)}code{font-size:.9em}
    table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}caption{text-align:left;color:var(--muted)}
    th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
    th{background:var(--panel)}.number{text-align:right;font-variant-numeric:tabular-nums}
    .overdue,.unconfirmed,.severity.error{color:var(--bad)}.due,.severity.warning{color:var(--due)}
    .today{color:var(--fg)}.severity{font-weight:600}.note{border-left:4px solid var(--due);padding-left:.5rem}
    .bar{display:inline-block;height:.7em;margin-right:2px;vertical-align:middle}
    .bar.lead{background:var(--accent)}.bar.backup{background:var(--line)}
    .level0{background:var(--heat0)}.level1{background:var(--heat1)}.level2{background:var(--heat2)}
    .level3{background:var(--heat3)}.level4{background:var(--heat4);color:#fff}
    svg.timeline{width:100%;height:auto;display:block;color:var(--fg)}
    svg .label{fill:currentColor;font-size:12px}svg .tick{stroke:var(--line)}svg .year{fill:var(--muted);font-size:11px}
    svg .run text{fill:#fff;font-size:11px}svg .now{stroke:currentColor;stroke-dasharray:4 3}
    svg .due{fill:var(--due)}svg .due.past{fill:var(--bad)}svg .unconfirmed{fill:var(--bad)}
    ul.findings{padding-left:1.2rem}ul.findings li{margin:.2rem 0}
    table.posts td,table.actions td,table.runs td{padding:.1rem .4rem}details{margin:.5rem 0}
    summary{cursor:pointer;color:var(--accent)}svg.compact .label{font-size:9px}
    .trends{display:flex;flex-wrap:wrap;gap:1rem}figure.trend{margin:0;width:260px}
    figure.trend svg{width:100%;height:auto;display:block}figcaption{font-size:.9em}
    svg .trendline{fill:none;stroke:var(--accent);stroke-width:2}
    @media print{body{max-width:none;padding:0;font-size:11px}nav{display:none}section{break-inside:auto}\
    tr,li,svg{break-inside:avoid}a{color:inherit}}
    """
}

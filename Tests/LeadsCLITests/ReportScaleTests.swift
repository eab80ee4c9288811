import Foundation
import Testing

/// The report at the size of a 200-engineer company: 150 posts in six teams, two years of handoffs.
struct ReportScaleTests {
  static let teams = ["platform", "payments", "search", "growth", "data", "infra"]
  static let now = "2026-12-01"
  /// Posts nobody leads yet.
  static let open: Set<Int> = [7, 70, 140]

  /// Eight people per team (`p1`…`p48`); `area1`…`area150` spread over the teams in turn; `p5` has left and
  /// `p9` is away this month; then a handoff every week for two years, each by the new lead.
  static func repository() throws -> (Fixture, handoffs: [(day: String, area: Int, from: Int, to: Int)]) {
    let fixture = try Fixture()
    for person in 1...48 {
      var text = "---\nkind: person\nname: Person \(person)\nemails: [p\(person)@example.com]\n"
      if person == 5 { text += "left: 2026-11-01\n" }
      if person == 9 { text += "away: {from: 2026-12-03, until: 2026-12-20}\n" }
      try fixture.write("registry/people/p\(person).md", text + "---\n")
    }
    for (index, team) in teams.enumerated() {
      let members = (1...8).map { "p\(index * 8 + $0)" }
      try fixture.write(
        "registry/teams/\(team).md",
        "---\nkind: team\nmembers: [\(members.joined(separator: ", "))]\ntech_leads: [\(members[2])]\n"
          + "leadership: {direction: \(members[0]), people: \(members[0]), project: \(members[1]), "
          + "technical: \(members[2])}\n---\n")
    }
    var leadOf: [Int: Int] = [:]
    var handoffs: [(day: String, area: Int, from: Int, to: Int)] = []
    func post(_ area: Int, lead: Int?) -> String {
      let team = (area - 1) % 6
      let backup = team * 8 + 1 + (area + 3) % 8
      let head = "---\nkind: service\nteam: \(teams[team])\n"
      let who = lead.map {
        "lead: p\($0)\nbackup: [p\(backup == $0 ? team * 8 + 1 + (area + 4) % 8 : backup)]\n"
      }
      return head + (who ?? "status: seeking-lead\n") + "paths: [/areas/area\(area)/]\n---\n"
    }
    for area in 1...150 {
      try fixture.write("areas/area\(area)/main.swift", "print(\(area))\n")
      let lead = open.contains(area) ? nil : (area - 1) % 6 * 8 + 1 + area % 8
      leadOf[area] = lead
      try fixture.write("registry/services/area\(area).md", post(area, lead: lead))
    }
    try fixture.commit("registry", by: "Person 1 <p1@example.com>", on: "2024-12-02")
    let start = try #require(CalendarDay("2025-01-06"))
    for week in 0..<96 {
      var area = week * 37 % 150 + 1
      while open.contains(area) { area = area % 150 + 1 }
      let team = (area - 1) % 6
      let next = team * 8 + 1 + (leadOf[area]! - team * 8) % 8
      handoffs.append((start.adding(week * 7), area, leadOf[area]!, next))
      leadOf[area] = next
      try fixture.write("registry/services/area\(area).md", post(area, lead: next))
      try fixture.commit(
        "area\(area): p\(next) leads", by: "Person \(next) <p\(next)@example.com>", on: start.adding(week * 7)
      )
    }
    return (fixture, handoffs)
  }

  @Test(
    .enabled(if: reportBrowser != nil && oraclePython != nil, "scripts/test installs Chromium and Playwright")
  )
  func opensOnTheActionsFitsTheHeightAndSortsNaturally() throws {
    let (fixture, _) = try ReportScaleTests.repository()
    let made = try fixture.leads(["report", "-o", "report.html", "--now", ReportScaleTests.now])
    #expect(made.status == 0, "\(made.stderr)")
    let html = String(decoding: try #require(try fixture.read("report.html")), as: UTF8.self)
    let screenshot = fixture.root.appendingPathComponent("report.png").path
    let rendered = try run(
      oraclePython!,
      [
        fixtures.appendingPathComponent("render_report.py").path,
        fixture.root.appendingPathComponent("report.html").path, screenshot, reportBrowser!, "1400",
      ], in: fixture.root, timeout: 180)
    #expect(rendered.status == 0, "\(rendered.stderr)")
    let page = try #require(
      try JSONSerialization.jsonObject(with: Data(rendered.stdout.utf8)) as? [String: Any])
    #expect((page["requests"] as? [String])?.isEmpty == true, "\(page["requests"] ?? "")")
    #expect(page["scripts"] as? Int == 0)
    // The action list opens the page, within the first screen, before the timeline.
    let actionsTop = try #require(page["actions_top"] as? Double)
    #expect(actionsTop < 900, "the actions start at \(actionsTop) px")
    let actionsAt = try #require(html.range(of: "id=\"actions\""))
    let timelineAt = try #require(html.range(of: "id=\"timeline\""))
    #expect(actionsAt.lowerBound < timelineAt.lowerBound)
    let height = try #require(page["page_height"] as? Int)
    #expect(height < 12_000, "the page is \(height) px tall")
    let timeline = try #require(page["timeline_box"] as? [String: Any])
    #expect((timeline["height"] as? Double ?? .infinity) < 2_300, "\(timeline)")
    // Natural order within a team: area7 before area13, area97 before area103.
    let labels = try #require(page["timeline_labels"] as? [String])
    #expect(labels.count == 150)
    for (first, second) in [("area7", "area13"), ("area97", "area103"), ("area1", "area145")] {
      let a = try #require(labels.firstIndex(of: first))
      let b = try #require(labels.firstIndex(of: second))
      #expect(a < b, "\(first) comes before \(second)")
    }
    #expect(Array(labels.prefix(3)) == ["area5", "area11", "area17"], "teams in order too: data first")
    // What needs doing is there, with who and how.
    let text = try #require(page["text"] as? String)
    #expect(text.contains("open post: nobody leads it"))
    #expect(text.contains("lead p5 left on 2026-11-01"), "p5 has left and still leads")
    #expect(text.contains("rotation overdue since"))
    #expect(text.contains("leads rotate area"))
    #expect(text.contains("By person:") && text.contains("By team:"))
    // The members of a team never share a colour in the timeline.
    let rects = try NSRegularExpression(pattern: "fill=\"(#[0-9a-f]{6})\"><title>area([0-9]+): p([0-9]+),")
    var colours: [Int: [Int: String]] = [:]
    for match in rects.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
      let field = { (index: Int) in String(html[Range(match.range(at: index), in: html)!]) }
      let team = (Int(field(2))! - 1) % 6
      colours[team, default: [:]][Int(field(3))!] = field(1)
    }
    #expect(colours.count == 6)
    for (team, people) in colours {
      #expect(Set(people.values).count == people.count, "team \(team): \(people)")
    }
  }

  @Test func sinceListsEveryHandoffAfterTheDayAndTheTrendCoversAYear() throws {
    let (fixture, handoffs) = try ReportScaleTests.repository()
    let since = "2026-06-01"
    let after = handoffs.filter { $0.day > since }
    #expect(after.count > 10)
    let markdown = try fixture.leads([
      "report", "--format", "markdown", "--since", since, "--now", ReportScaleTests.now,
    ])
    #expect(markdown.status == 0, "\(markdown.stderr)")
    let text = markdown.stdout
    #expect(
      text.contains("## Since \(since)\n\n\(after.count) handoffs · 0 posts added · 0 removed"),
      "\(text.prefix(400))")
    for handoff in after {
      #expect(
        text.contains(
          "| \(handoff.day) | area\(handoff.area) | p\(handoff.from) | p\(handoff.to) | confirmed |"),
        "area\(handoff.area) on \(handoff.day)")
    }
    #expect(!text.contains("| \(handoffs[0].day) |"), "nothing before the day")
    #expect(text.count < 60_000)
    // The same in HTML, beside everything else, with the trend of the last year.
    let made = try fixture.leads(["report", "--since", since, "--now", ReportScaleTests.now, "-o", "r.html"])
    #expect(made.status == 0, "\(made.stderr)")
    let html = String(decoding: try #require(try fixture.read("r.html")), as: UTF8.self)
    #expect(html.contains("<section id=\"changes\"><h2>Since \(since)</h2>"))
    let trends = try #require(html.range(of: "<section id=\"trends\">"))
    let section = html[trends.upperBound...].prefix(20_000)
    let samples = section.components(separatedBy: "</td><td class=\"number\">150</td>").count - 1
    #expect(samples == 13, "13 samples of 150 posts")
    #expect(html.contains("Open posts: <strong>3</strong>"))
    let bad = try fixture.leads(["report", "--since", "2027-01-01", "--now", ReportScaleTests.now])
    #expect(bad.status == 2 && bad.stderr.contains("is not before the report's day"), "\(bad.stderr)")
  }

  @Test func theActionListNamesAbsencesDeparturesAndDueInitiatives() throws {
    let fixture = try Fixture()
    let people = [
      ("ann", "away: {from: 2026-12-10, until: 2026-12-24}\n"),
      ("ben", "away: {from: 2026-12-08, until: 2026-12-31}\n"),
      ("cat", "left: 2026-12-20\n"), ("dan", ""),
    ]
    for (id, extra) in people {
      try fixture.write(
        "registry/people/\(id).md", "---\nkind: person\nemails: [\(id)@example.com]\n\(extra)---\n")
    }
    try fixture.write("a/main.swift", "print(1)\n")
    try fixture.write(
      "registry/services/alpha.md", "---\nkind: service\nlead: ann\nbackup: [ben]\npaths: [/a/]\n---\n")
    try fixture.write(
      "registry/services/beta.md",
      "---\nkind: service\nlead: cat\nbackup: [dan]\npaths: [/a/main.swift]\n---\n")
    try fixture.write(
      "registry/initiatives/gamma.md",
      "---\nkind: initiative\nlead: dan\nbackup: [ann]\nstatus: active\nstarted: 2026-11-01\ndue: 2026-12-15\n---\n"
    )
    try fixture.commit("registry", by: "Dan <dan@example.com>", on: "2026-11-20")
    let report = try fixture.leads(["report", "--format", "markdown", "--now", "2026-12-01"])
    #expect(report.status == 0, "\(report.stderr)")
    let rows = report.stdout.split(separator: "\n")
    let within = try #require(rows.firstIndex { $0.hasPrefix("### Within 30 days") }, "\(report.stdout)")
    let soon = rows[within...].prefix { !$0.hasPrefix("## ") || $0.hasPrefix("### ") }.joined(separator: "\n")
    #expect(
      soon.contains("| — | ann | alpha | ann is away 2026-12-10 to 2026-12-24, and so is every backup |"),
      "\(soon)")
    #expect(
      soon.contains(
        "| — | dan | beta | lead cat leaves on 2026-12-20 | hand it off: `leads rotate beta --to dan` |"),
      "\(soon)")
    #expect(soon.contains("| — | dan | gamma | initiative due 2026-12-15 |"), "\(soon)")
  }

  @Test func theMarkdownFitsAPullRequestComment() throws {
    let (fixture, _) = try ReportScaleTests.repository()
    let markdown = try fixture.leads(["report", "--format", "markdown", "--now", ReportScaleTests.now])
    #expect(markdown.status == 0, "\(markdown.stderr)")
    #expect(markdown.stdout.count < 60_000, "\(markdown.stdout.count) characters")
    #expect(markdown.stdout.contains("## Actions"))
    let actions = try #require(markdown.stdout.range(of: "## Actions"))
    let summary = try #require(markdown.stdout.range(of: "## Summary"), "150 posts do not fit: a summary")
    #expect(actions.lowerBound < summary.lowerBound)
    #expect(markdown.stdout.contains("`leads report --format html -o report.html`"))
    // Every action is there in full, and every team is counted.
    #expect(markdown.stdout.contains("open post: nobody leads it"))
    for team in ReportScaleTests.teams { #expect(markdown.stdout.contains("| \(team) |")) }
  }
}

/// A day, for building dated histories.
struct CalendarDay {
  let date: Date
  init?(_ text: String) {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    guard let date = formatter.date(from: text) else { return nil }
    self.date = date
  }

  /// `YYYY-MM-DD`, `days` later.
  func adding(_ days: Int) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    return formatter.string(from: date.addingTimeInterval(TimeInterval(days * 86_400)))
  }
}

import Foundation
import Testing

/// The Chromium that `scripts/test` installs, and the Python with Playwright that drives it.
let reportBrowser = ProcessInfo.processInfo.environment["LEADS_TEST_CHROMIUM"]

/// `leads report`: the HTML and Markdown pages, what they show, what they escape, and the page as Chromium
/// renders it.
struct ReportTests {
  static let anna = "Anna <anna@example.com>"
  static let ben = "Ben <ben@example.com>"
  static let carol = "Carol <carol@example.com>"
  static let hostile =
    "<script>alert(1)</script> & \"x\" <img src=https://example.com/x.png> | [y](https://e.com)"

  static func pay(_ lead: String) -> String {
    "---\nkind: service\nteam: core\nlead: \(lead)\nbackup: [carol]\npaths: [/services/pay/]\n---\n"
  }

  /// Pay: Anna from January 2025; Ben takes it in February (his own commit); Carol hands it back to Anna
  /// through a merged branch in March (confirmed by neither); the file moves in April. Search: Ben since
  /// 2025, with a title that tries to inject markup. Core: a team of the three.
  static func repository() throws -> Fixture {
    let fixture = try Fixture()
    try fixture.write("services/pay/main.swift", "1\n")
    try fixture.write("services/search/main.swift", "1\n")
    for person in ["anna", "ben", "carol"] {
      try fixture.write(
        "registry/people/\(person).md",
        "---\nkind: person\nname: \(person.capitalized)\nemails: [\(person)@example.com]\n---\n")
    }
    try fixture.write(
      "registry/teams/core.md",
      "---\nkind: team\ntitle: Core\nmembers: [anna, ben, carol]\ntech_leads: [ben]\n"
        + "leadership: {direction: anna, people: carol, project: ben, technical: ben}\n---\n")
    try fixture.write("registry/services/pay.md", pay("anna"))
    try fixture.write(
      "registry/services/search.md",
      "---\nkind: service\ntitle: '\(hostile.replacingOccurrences(of: "'", with: "''"))\u{202E}gpj.exe'\nteam: core\n"
        + "lead: ben\nbackup: [anna]\npaths: [/services/search/]\n---\n")
    try fixture.commit("start", by: anna, on: "2025-01-01")
    try fixture.write("registry/services/pay.md", pay("ben"))
    try fixture.commit("Ben takes pay", by: ben, on: "2025-02-01")
    try fixture.git(["checkout", "-q", "-b", "handback"])
    try fixture.write("registry/services/pay.md", pay("anna"))
    try fixture.commit("pay back to Anna", by: carol, on: "2025-02-20")
    try fixture.git(["checkout", "-q", "-"])
    try fixture.merge("handback", by: carol, on: "2025-03-01")
    try fixture.git(["mv", "registry/services/pay.md", "registry/pay.md"])
    try fixture.commit("move pay", by: anna, on: "2025-04-01")
    return fixture
  }

  @Test func htmlShowsEveryPostRunFindingAndTeamAndEscapesRepositoryText() throws {
    let fixture = try ReportTests.repository()
    try FileManager.default.createDirectory(
      at: fixture.root.appendingPathComponent("out"), withIntermediateDirectories: true)
    let written = try fixture.leads(["report", "-o", "out/report.html", "--now", "2026-06-01"])
    #expect(written.status == 0, "\(written.stderr)")
    #expect(written.stdout.isEmpty && written.stderr.contains("wrote out/report.html"))
    let html = try String(contentsOf: fixture.root.appendingPathComponent("out/report.html"), encoding: .utf8)
    // Self-contained: no scripts, no external assets; the hostile title appears only escaped.
    #expect(!html.contains("<script") && !html.contains("<img") && !html.contains(" src=\""))
    #expect(!html.contains("<link") && !html.contains("@import") && !html.contains("url("))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"))
    // A right-to-left override cannot reorder what the page says: it is spelled out.
    #expect(html.contains("\\u{202e}gpj.exe") && !html.contains("\u{202E}"))
    // The timeline: pay's three runs through the merge and the move, one marked unconfirmed; search's one.
    #expect(html.components(separatedBy: "<g class=\"run\">").count - 1 == 4)
    #expect(html.contains("pay: handoff to anna on 2025-03-01 not confirmed by either lead"))
    #expect(html.contains("pay: anna, 2025-01-01 – 2025-02-01 (31 days)"))
    #expect(html.contains("pay: ben, 2025-02-01 – 2025-03-01 (28 days)"))
    #expect(html.contains("pay: anna, 2025-03-01 – now (457 days)"))
    #expect(html.contains("pay: rotation due 2026-03-01</title>") && html.contains("class=\"due past\""))
    // Findings grouped by check, each linking to its post; the team with its four categories and spread.
    #expect(html.contains("<h3 id=\"check-unrotated-post\">unrotated-post"))
    // Markdown's backquotes in a finding are set as code, not printed.
    #expect(html.contains("(<code>backup</code> is a good start)"), "\(html)")
    #expect(!html.contains("`backup`"))
    #expect(html.contains("<a href=\"#post-pay\">→ pay</a>") && html.contains("<tr id=\"post-pay\">"))
    #expect(html.contains("<tr id=\"team-core\">"))
    #expect(html.contains("<td>anna</td><td>carol</td><td>ben</td><td>ben</td>"))
    #expect(html.contains("2 of 3 lead a post now; 2 led one in two years"))
    // Print and dark mode are styled; every chart has its table.
    #expect(html.contains("@media print") && html.contains("prefers-color-scheme: dark"))
    #expect(html.contains("<caption>Every run of a lead, oldest first</caption>"))

    // The same report to a device is written in place (never replaced), and to standard output with `-`.
    #expect(try fixture.leads(["report", "-o", "/dev/null", "--now", "2026-06-01"]).status == 0)
    var info = stat()
    #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
    let piped = try fixture.leads(["report", "-o", "-", "--now", "2026-06-01"])
    #expect(piped.stdout == html)
  }

  @Test func markdownCarriesTheSameFactsEscaped() throws {
    let fixture = try ReportTests.repository()
    let page = try fixture.leads(["report", "--format", "markdown", "--now", "2026-06-01"])
    #expect(page.status == 0, "\(page.stderr)")
    let text = page.stdout
    #expect(text.contains("| core | **pay** | service | anna | 2025-03-01 | **2026-03-01 (due)** | carol |"))
    #expect(
      text.contains(
        "- **pay**: anna (2025-01-01 – 2025-02-01, 31 days) → ben (2025-02-01 – 2025-03-01, 28 days) → anna (2025-03-01 – now, 457 days) ⚠"
      ))
    #expect(text.contains("### unrotated-post (2)"))
    #expect(text.contains("| **core** | anna, ben, carol | ben | anna | carol | ben | ben |"))
    // Nothing the repository wrote becomes markup: no tag, no link, no broken table row.
    #expect(!text.contains("<script") && !text.contains("<img") && !text.contains("[y](https"))
    #expect(
      text.contains(
        "| core | **search** &lt;script&gt;alert(1)&lt;/script&gt; &amp; \"x\" &lt;img src=https:<!-- -->//example.com/x.png&gt; \\| \\[y\\](https:<!-- -->//e.com)\\\\u{202e}gpj.exe | service | ben |"
      ), "\(text)")
    // Meant to be posted as a comment: no mention notifies anyone and no bare URL becomes a link.
    let titled = try fixture.leads([
      "report", "--format", "markdown", "--now", "2026-06-01", "--title",
      "@acme/owners @anna mail anna@example.com https://evil.example www.evil.example",
    ])
    #expect(
      titled.stdout.hasPrefix(
        "# Leadership report: @<!-- -->acme/owners @<!-- -->anna mail anna@<!-- -->example.com https:<!-- -->//evil.example www<!-- -->.evil.example\n"
      ), "\(titled.stdout.prefix(300))")
    #expect(titled.stdout.range(of: "@[A-Za-z0-9]", options: .regularExpression) == nil)
    #expect(!titled.stdout.contains("://") && !titled.stdout.contains("www."))
  }

  @Test func runsFollowARenamedFileAndASquashedHandoff() throws {
    let fixture = try ReportTests.repository()
    let log = try fixture.leads(["log", "pay", "--format", "json", "--now", "2026-06-01"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [String: Any])
    let posts = try #require(object["posts"] as? [[String: Any]])
    #expect(posts.count == 1 && posts.first?["path"] as? String == "registry/pay.md")
    let runs = try #require(posts.first?["runs"] as? [[String: Any]])
    #expect(runs.map { $0["lead"] as? String } == ["anna", "ben", "anna"])
    #expect(runs.map { $0["since"] as? String } == ["2025-01-01", "2025-02-01", "2025-03-01"])
    #expect(runs.map { $0["reviewed"] as? Bool } == [nil, true, false])

    // A squash-merged handoff by a third person, authored on the 1st and landed on the 3rd: the run starts
    // when it landed, unconfirmed; show --at agrees with the log on either side of it.
    try fixture.write("registry/pay.md", ReportTests.pay("carol"))
    try fixture.commit(
      "Hand pay to Carol (#7)", by: ReportTests.ben, on: "2025-05-01", committed: "2025-05-03")
    let squashed = try #require(
      try JSONSerialization.jsonObject(
        with: Data(try fixture.leads(["log", "pay", "--format", "json", "--now", "2026-06-01"]).stdout.utf8))
        as? [String: Any])
    let after = try #require((squashed["posts"] as? [[String: Any]])?.first?["runs"] as? [[String: Any]])
    #expect(after.map { $0["since"] as? String } == ["2025-01-01", "2025-02-01", "2025-03-01", "2025-05-03"])
    #expect(
      after.last?["reviewed"] as? Bool == false && after.last?["author"] as? String == "ben@example.com")
    for (day, lead, since) in [("2025-05-02", "anna", "2025-03-01"), ("2025-05-03", "carol", "2025-05-03")] {
      let entries = try EdgeCaseTests.showEntries(
        try fixture.leads(["show", "--at", day, "--format", "json"]))
      #expect(entries["pay"]?["lead"] as? String == lead && entries["pay"]?["lead_since"] as? String == since)
    }
  }

  @Test(
    .enabled(if: reportBrowser != nil && oraclePython != nil, "scripts/test installs Chromium and Playwright")
  )
  func rendersInHeadlessChromium() throws {
    let fixture = try ReportTests.repository()
    #expect(try fixture.leads(["report", "-o", "report.html", "--now", "2026-06-01"]).status == 0)
    let screenshot = fixture.root.appendingPathComponent("report.png").path
    let rendered = try run(
      oraclePython!,
      [
        fixtures.appendingPathComponent("render_report.py").path,
        fixture.root.appendingPathComponent("report.html").path, screenshot, reportBrowser!,
      ], in: fixture.root, timeout: 120)
    #expect(rendered.status == 0, "\(rendered.stderr)")
    let page = try #require(
      try JSONSerialization.jsonObject(with: Data(rendered.stdout.utf8)) as? [String: Any])
    #expect((page["console_errors"] as? [String])?.isEmpty == true, "\(page["console_errors"] ?? "")")
    #expect((page["page_errors"] as? [String])?.isEmpty == true)
    #expect((page["requests"] as? [String])?.isEmpty == true, "network requests: \(page["requests"] ?? "")")
    #expect(FileManager.default.fileExists(atPath: screenshot))
    // The timeline is drawn: four bars with a width, and a good part of its area inked in several colours.
    #expect(page["bars"] as? Int == 4 && page["bars_visible"] as? Int == 4)
    #expect((page["timeline_ink"] as? Double ?? 0) > 0.05, "\(page["timeline_ink"] ?? "")")
    #expect((page["timeline_colours"] as? Int ?? 0) > 5)
    // Every post and lead of the fixture is in the rendered text; the hostile title is text, not markup.
    let text = try #require(page["text"] as? String)
    for name in ["pay", "search", "anna", "ben", "carol", "core", "unrotated-post", ReportTests.hostile] {
      #expect(text.contains(name), "\(name) is not on the rendered page")
    }
    // Dark mode is dark with light text; print hides the navigation.
    #expect((page["dark_background"] as? Double ?? 1) < 0.2 && (page["dark_text"] as? Double ?? 0) > 0.7)
    #expect(page["print_nav_visible"] as? Bool == false)
  }
}

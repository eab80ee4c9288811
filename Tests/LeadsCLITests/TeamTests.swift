import Foundation
import Testing

/// Teams end to end: the seeds' example of a tech lead who holds most posts, people who opted out or left.
struct TeamTests {
  static let anna = "Anna <anna@example.com>"

  /// Widget: Ari is the tech lead and leads three of four posts; Anna takes no posts until September; Dana,
  /// who set direction, has left; nobody manages projects. Gadget: a small team with one post.
  static func repository() throws -> Fixture {
    let fixture = try Fixture()
    for service in ["a", "b", "c", "d", "e", "f"] {
      try fixture.write("services/\(service)/main.swift", "1\n")
    }
    for person in ["ari", "andy", "bea", "cleo"] {
      try fixture.write(
        "registry/people/\(person).md", "---\nkind: person\nemails: [\(person)@example.com]\n---\n")
    }
    try fixture.write(
      "registry/people/anna.md",
      "---\nkind: person\nemails: [anna@example.com]\nnot_leading: {reason: parental leave, until: 2026-09-01}\n---\n"
    )
    try fixture.write(
      "registry/people/dana.md", "---\nkind: person\nemails: [dana@example.com]\nleft: 2026-03-31\n---\n")
    try fixture.write(
      "registry/teams/widget.md",
      "---\nkind: team\nhandle: '@acme/widget'\nmembers: [ari, anna, andy]\ntech_leads: [ari]\nleadership: {direction: dana, people: ari, technical: ari}\n---\n# Widget Team\n"
    )
    try fixture.write(
      "registry/teams/gadget.md",
      "---\nkind: team\nhandle: '@acme/gadget'\nmembers: [cleo]\ntech_leads: [cleo]\nleadership: {direction: cleo, people: cleo, project: cleo, technical: cleo}\n---\n"
    )
    for (id, lead, team) in [
      ("a", "ari", "widget"), ("b", "ari", "widget"), ("c", "ari", "widget"), ("d", "anna", "widget"),
      ("e", "cleo", "gadget"),
    ] {
      try fixture.write(
        "registry/services/\(id).md",
        "---\nkind: service\nlead: \(lead)\nbackup: [bea]\npaths: [/services/\(id)/]\nteam: \(team)\n---\n")
    }
    try fixture.write(
      "registry/services/f.md", "---\nkind: service\nlead: bea\nbackup: [andy]\npaths: [/services/f/]\n---\n")
    try fixture.commit("teams", by: anna, on: "2026-05-01")
    return fixture
  }

  @Test func theChecksFindWhatTheSeedsWarnAbout() throws {
    let fixture = try TeamTests.repository()
    // Andy has committed nothing: stale-owner would report him, so he is not suggested to take a post.
    let quiet = try fixture.leads(["lint", "--format", "json", "--now", "2026-06-01", "--no-cache"])
    #expect(quiet.stdout.contains("grow the team's bench of leads"), "\(quiet.stdout)")
    try fixture.write("services/f/notes.md", "andy was here\n")
    try fixture.commit("notes", by: andy, on: "2026-05-20")
    let lint = try fixture.leads(["lint", "--format", "json", "--now", "2026-06-01", "--no-cache"])
    let findings = try Finding.parse(json: lint.stdout)
    func at(_ rule: String) -> [String] {
      findings.filter { $0.rule == rule }.map { "\($0.path):\($0.line):\($0.column)" }
    }
    #expect(at("centralized-leadership") == ["registry/teams/widget.md:5:14"], "\(lint.stdout)")
    #expect(at("tech-lead-manager") == ["registry/teams/gadget.md:6:1"])
    #expect(at("unheld-category") == ["registry/teams/widget.md:6:1"])
    #expect(at("forced-lead") == ["registry/services/d.md:3:7"])
    #expect(at("departed-lead") == ["registry/teams/widget.md:6:25"])
    #expect(at("unteamed-post") == ["registry/services/f.md:1:1"])
    #expect(lint.status == 1)
    // Andy is the member who leads nothing and can take a post; Anna opted out, so she is not suggested.
    #expect(lint.stdout.contains("hand some to andy, who leads none"), "\(lint.stdout)")
    // After September, Anna leads again without a finding.
    let later = try fixture.leads(["lint", "--format", "json", "--now", "2026-09-02", "--no-cache"])
    #expect(!(try Finding.parse(json: later.stdout)).contains { $0.rule == "forced-lead" })
  }

  @Test func codeownersRoutesToLeadBackupsThenTheTeam() throws {
    let fixture = try TeamTests.repository()
    let github = try fixture.leads(["codeowners"])
    #expect(
      github.stdout.contains("/services/a/ ari@example.com bea@example.com @acme/widget\n"),
      "\(github.stdout)")
    #expect(github.stdout.contains("/services/f/ bea@example.com andy@example.com\n"))
    let who = try fixture.leads(["who", "services/e/main.swift"])
    #expect(who.stdout.contains("cleo@example.com bea@example.com @acme/gadget"), "\(who.stdout)")
    try fixture.write("registry/leads.yml", "codeowners:\n  flavor: gitlab\n")
    let gitlab = try fixture.leads(["codeowners"])
    #expect(gitlab.stdout.contains("[Services]\n"), "\(gitlab.stdout)")
    #expect(gitlab.stdout.contains("/services/a/ ari@example.com bea@example.com @acme/widget\n"))
    try fixture.write("registry/leads.yml", "codeowners:\n  team_handles: false\n")
    let off = try fixture.leads(["codeowners"])
    #expect(off.stdout.contains("/services/a/ ari@example.com bea@example.com\n"), "\(off.stdout)")
  }

  @Test func showHasATeamColumnAndTheTeamsAndPeopleAsData() throws {
    let fixture = try TeamTests.repository()
    let text = try fixture.leads(["show", "--now", "2026-06-01", "--no-cache"])
    #expect(text.stdout.contains("TEAM"), "\(text.stdout)")
    #expect(text.stdout.contains("widget  @acme/widget  ari, anna, andy  ari"), "\(text.stdout)")
    #expect(text.stdout.contains("(nobody)"))
    #expect(text.stdout.contains("not leading until 2026-09-01") && text.stdout.contains("left 2026-03-31"))
    let entries = try show(fixture, now: "2026-06-01", ["--no-cache"])
    #expect(entries["a"]?["team"] as? String == "widget")
    let widget = try #require(entries["widget"])
    #expect(widget["members"] as? [String] == ["ari", "anna", "andy"])
    #expect((widget["leadership"] as? [String: [String]])?["project"] == [])
    #expect(entries["dana"]?["left"] as? String == "2026-03-31")
    #expect((entries["anna"]?["not_leading"] as? [String: Any])?["until"] as? String == "2026-09-01")
  }

  @Test func newTeamWritesAFileThatLintsAndBadKeysAreReported() throws {
    let fixture = try TeamTests.repository()
    let new = try fixture.leads([
      "new", "team", "sprocket", "--member", "andy", "--member", "bea", "--tech-lead", "andy", "--handle",
      "@acme/sprocket", "--direction", "bea", "--people", "bea", "--project", "andy", "--technical", "andy",
    ])
    #expect(new.status == 0, "\(new.stderr)")
    let text = try String(
      contentsOf: fixture.root.appendingPathComponent("registry/teams/sprocket.md"), encoding: .utf8)
    #expect(
      text.contains("leadership: {direction: [bea], people: [bea], project: [andy], technical: [andy]}"),
      "\(text)")
    try fixture.write(
      "registry/teams/bad.md",
      "---\nkind: team\nhandle: acme\nmembers: [ari, zed]\ntech_leads: [andy]\nleadership: {direction: ari, budget: ari}\n---\n"
    )
    try fixture.write(
      "registry/services/g.md",
      "---\nkind: service\nlead: ari\nbackup: [bea]\npaths: [/services/a/]\nteam: widgit\n---\n")
    let lint = try fixture.leads(["lint", "--no-history", "--format", "json"])
    let findings = try Finding.parse(json: lint.stdout)
    #expect(
      findings.contains(Finding(rule: "invalid-owner", path: "registry/teams/bad.md", line: 3, column: 9)))
    #expect(
      findings.contains(Finding(rule: "unknown-person", path: "registry/teams/bad.md", line: 4, column: 16)))
    #expect(findings.contains(Finding(rule: "schema", path: "registry/teams/bad.md", line: 5, column: 14)))
    #expect(
      findings.contains(Finding(rule: "unknown-key", path: "registry/teams/bad.md", line: 6, column: 30)))
    #expect(
      findings.contains(Finding(rule: "unknown-person", path: "registry/services/g.md", line: 6, column: 7)))
    #expect(
      lint.stdout.contains("no team 'widgit' in the registry; did you mean 'widget'?"), "\(lint.stdout)")
  }

  /// Ari hands post c to Andy in July, and Andy hands it on to Bea two weeks later: the team's spread counts
  /// Andy as a member who led in the last two years, and each person's view shows the runs.
  @Test func teamAndPersonViewsShowSpreadAndPastPosts() throws {
    let fixture = try TeamTests.repository()
    for (lead, date) in [("andy", "2026-07-01"), ("bea", "2026-07-15")] {
      try fixture.write(
        "registry/services/c.md",
        "---\nkind: service\nlead: \(lead)\nbackup: [cleo]\npaths: [/services/c/]\nteam: widget\n---\n")
      try fixture.commit("c to \(lead)", by: TeamTests.anna, on: date)
    }
    func json(_ arguments: [String]) throws -> [String: Any] {
      let run = try fixture.leads(
        ["show"] + arguments + ["--format", "json", "--now", "2026-08-01", "--no-cache"])
      #expect(run.status == 0, "\(run.stderr)")
      return try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }
    let teams = try #require(try json(["team", "widget"])["teams"] as? [[String: Any]])
    #expect(teams.map { $0["id"] as? String } == ["widget"])
    let spread = try #require(teams.first?["spread"] as? [String: Int])
    #expect(spread == ["members": 3, "leading_now": 2, "led_in_two_years": 3], "\(teams)")
    let posts = try #require(teams.first?["posts"] as? [[String: Any]])
    #expect(posts.map { $0["id"] as? String } == ["a", "b", "c", "d"])
    #expect(posts[2]["lead"] as? String == "bea" && posts[2]["lead_since"] as? String == "2026-07-15")

    let andy = try #require(try json(["person", "andy"])["person"] as? [String: Any])
    #expect((andy["leads"] as? [Any])?.isEmpty == true && andy["load"] as? Int == 0)
    #expect(andy["backs"] as? [String] == ["f"] && andy["teams"] as? [String] == ["widget"])
    let past = try #require(andy["past"] as? [[String: String]])
    #expect(past == [["post": "c", "since": "2026-07-01", "until": "2026-07-15"]], "\(andy)")
    let ari = try #require(try json(["person", "ari"])["person"] as? [String: Any])
    #expect((ari["leads"] as? [[String: Any]])?.map { $0["id"] as? String } == ["a", "b"])
    #expect(ari["categories"] as? [String] == ["people of widget", "technical of widget"])
    #expect(
      ari["past"] as? [[String: String]] == [["post": "c", "since": "2026-05-01", "until": "2026-07-01"]])

    let text = try fixture.leads(["show", "team", "widget", "--now", "2026-08-01", "--no-cache"])
    #expect(
      text.stdout.contains("(@acme/widget)") && text.stdout.contains("project: (nobody)"), "\(text.stdout)")
    #expect(text.stdout.contains("spread: 2 of 3 members lead a post now; 3 led one in the last two years"))
    let person = try fixture.leads(["show", "person", "andy", "--now", "2026-08-01", "--no-cache"])
    #expect(person.stdout.contains("c from 2026-07-01 to 2026-07-15"), "\(person.stdout)")
    let typo = try fixture.leads(["show", "person", "andi"])
    #expect(
      typo.status == 2 && typo.stderr.contains("no person 'andi'; did you mean 'andy'?"), "\(typo.stderr)")
    let noTeam = try fixture.leads(["show", "team", "widgit"])
    #expect(noTeam.status == 2 && noTeam.stderr.contains("did you mean 'widget'?"), "\(noTeam.stderr)")
  }

  @Test func initWritesTeamFilesThatNameEveryKey() throws {
    let fixture = try Fixture()
    try fixture.write("README.md", "x\n")
    try fixture.commit("start", by: TeamTests.anna, on: "2026-05-01")
    let twice = try fixture.leads(["init", "--team", "platform", "--team", "Platform"])
    #expect(twice.status == 2 && twice.stderr.contains("given twice"), "\(twice.stderr)")
    let bad = try fixture.leads(["init", "--team", "../x"])
    #expect(bad.status == 2 && bad.stderr.contains("the id '../x'"), "\(bad.stderr)")
    #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("registry").path))
    let made = try fixture.leads(["init", "--team", "platform"])
    #expect(made.status == 0, "\(made.stderr)")
    let text = try String(
      contentsOf: fixture.root.appendingPathComponent("registry/teams/platform.md"), encoding: .utf8)
    #expect(text.contains("leadership: {direction: [], people: [], project: [], technical: []}"))
    try fixture.commit("registry", by: TeamTests.anna, on: "2026-05-02")
    // An empty team is valid; each kind of leadership nobody holds yet is a finding to act on.
    let lint = try fixture.leads(["lint", "--format", "json", "--now", "2026-05-03", "--no-cache"])
    let findings = try Finding.parse(json: lint.stdout)
    #expect(findings.map(\.rule) == Array(repeating: "unheld-category", count: 4), "\(lint.stdout)")
  }

  /// A small team's tech lead manager says why, until when: the finding is silent until then, and says the
  /// waiver expired after.
  @Test func aTeamWaivesACheckUntilADate() throws {
    let fixture = try TeamTests.repository()
    try fixture.write(
      "registry/teams/gadget.md",
      "---\nkind: team\nhandle: '@acme/gadget'\nmembers: [cleo]\ntech_leads: [cleo]\nleadership: {direction: cleo, people: cleo, project: cleo, technical: cleo}\nwaivers:\n  - {rule: tech-lead-manager, reason: a team of one until we hire, until: 2026-12-31}\n---\n"
    )
    func managers(_ now: String) throws -> [String] {
      let lint = try fixture.leads(["lint", "--now", now, "--no-cache"])
      return lint.stdout.split(separator: "\n").map(String.init).filter {
        $0.hasSuffix("[tech-lead-manager]")
      }
    }
    #expect(try managers("2026-06-01") == [])
    let expired = try managers("2027-01-02")
    #expect(expired.count == 1 && expired[0].contains("waiver expired on 2026-12-31"), "\(expired)")
  }
}

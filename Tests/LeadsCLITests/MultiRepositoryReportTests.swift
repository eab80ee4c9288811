import Foundation
import Testing

/// `leads export` in three repositories, then one `leads report --from …` over them, outside any repository.
struct MultiRepositoryReportTests {
  /// Ada is `ada` in the first repository, `ada-l` (same email) in the second and `lovelace` (same handle) in
  /// the third; she leads two posts in each, never more than three anywhere, so no repository alone finds her
  /// overloaded. Bob, who left, still backs up a post in the third, and says so only in the first.
  static func repository(_ index: Int) throws -> Fixture {
    let fixture = try Fixture()
    let person: String
    switch index {
    case 0:
      person = "---\nkind: person\nid: ada\nemails: [ada@example.com]\nhandle: '@ada'\n---\n"
      try fixture.write(
        "registry/people/bob.md", "---\nkind: person\nemails: [bob@example.com]\nleft: 2026-10-01\n---\n")
    case 1: person = "---\nkind: person\nid: ada-l\nemails: [ADA@example.com]\n---\n"
    default:
      person = "---\nkind: person\nid: lovelace\nhandle: '@Ada'\n---\n"
      try fixture.write("registry/people/bob.md", "---\nkind: person\nemails: [bob@example.com]\n---\n")
    }
    let id = ["ada", "ada-l", "lovelace"][index]
    try fixture.write("registry/people/\(id).md", person)
    try fixture.write("registry/people/cy.md", "---\nkind: person\nemails: [cy@example.com]\n---\n")
    for post in 1...2 {
      let backup = index == 2 && post == 1 ? "bob" : "cy"
      try fixture.write("svc\(post)/main.swift", "print(\(post))\n")
      try fixture.write(
        "registry/services/svc\(post).md",
        "---\nkind: service\nlead: \(id)\nbackup: [\(backup)]\npaths: [/svc\(post)/]\n---\n")
    }
    try fixture.commit("registry", by: "Ada <ada@example.com>", on: "2026-06-01")
    return fixture
  }

  @Test func threeRepositoriesMakeOneReportWithOneLoadPerPerson() throws {
    let names = ["api", "web", "data"]
    let fixtures = try (0..<3).map(MultiRepositoryReportTests.repository)
    let outside = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-org-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: outside) }
    var snapshots: [String] = []
    for (index, fixture) in fixtures.enumerated() {
      let alone = try fixture.leads(["lint", "--now", "2026-12-01"])
      #expect(!alone.stdout.contains("[overloaded-lead]"), "no repository alone: \(alone.stdout)")
      let path = outside.appendingPathComponent("\(names[index]).json").path
      let export = try fixture.leads(["export", "--name", names[index], "-o", path, "--now", "2026-12-01"])
      #expect(export.status == 0, "\(export.stderr)")
      snapshots.append(path)
    }
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: snapshots[0])))
        as? [String: Any])
    #expect(object["kind"] as? String == "leads-snapshot" && object["version"] as? Int == 1)
    #expect(object["repository"] as? String == "api" && object["now"] as? String == "2026-12-01")
    #expect((object["entries"] as? [[String: Any]])?.contains { $0["id"] as? String == "svc1" } == true)
    #expect((object["runs"] as? [String: Any])?["svc1"] != nil)

    let report = try run(
      leadsExecutable, ["report", "--format", "markdown"] + snapshots.flatMap { ["--from", $0] }, in: outside)
    #expect(report.status == 0, "\(report.stderr)")
    let text = report.stdout
    #expect(text.hasPrefix("# Leadership report: api, web, data\n"), "\(text.prefix(200))")
    // One person, six posts, every repository named.
    #expect(
      text.contains("| ada (Ada) | 6: api/svc1, api/svc2, data/svc1, data/svc2, web/svc1, web/svc2 |")
        || text.contains("| ada | 6: api/svc1, api/svc2, data/svc1, data/svc2, web/svc1, web/svc2 |"),
      "\(text)")
    #expect(!text.contains("| ada-l") && !text.contains("| lovelace"), "one row for Ada: \(text)")
    let overloaded = text.split(separator: "\n").filter { $0.contains("'ada' leads 6 posts") }
    #expect(overloaded.count == 1, "\(text)")
    // Bob left according to api; data's post still has him as a backup: found across repositories.
    #expect(text.contains("data/registry/services/svc1.md"), "\(text)")
    #expect(text.contains("bob"), "\(text)")
    let departed = text.split(separator: "\n").filter {
      $0.contains("departed-lead") || $0.contains("left on")
    }
    #expect(!departed.isEmpty, "\(text)")
    // The HTML page too, and an unreadable snapshot is a clear error.
    let html = try run(
      leadsExecutable, ["report", "-o", "org.html"] + snapshots.flatMap { ["--from", $0] }, in: outside)
    #expect(html.status == 0, "\(html.stderr)")
    let page = try String(contentsOf: outside.appendingPathComponent("org.html"), encoding: .utf8)
    #expect(page.contains("<section id=\"actions\">") && page.contains("api/svc1"))
    try Data("{}".utf8).write(to: outside.appendingPathComponent("bad.json"))
    let bad = try run(leadsExecutable, ["report", "--from", "bad.json"], in: outside)
    #expect(bad.status == 2 && bad.stderr.contains("bad.json is not a leads snapshot"), "\(bad.stderr)")
    let missing = try run(leadsExecutable, ["report", "--from", "nowhere.json"], in: outside)
    #expect(missing.status == 2 && missing.stderr.contains("cannot read the snapshot nowhere.json"))
  }
}

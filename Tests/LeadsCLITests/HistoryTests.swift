import Foundation
import Testing

let anna = "Anna <anna@example.com>"
let andy = "Andy <andy@example.com>"
let mallory = "Mallory <mallory@example.com>"

/// A team repository: Anna leads checkout (Andy backs her up), Andy leads search.
func teamRepository() throws -> Fixture {
  let fixture = try Fixture()
  try fixture.write("services/checkout/main.swift", "1\n")
  try fixture.write("services/search/index.swift", "1\n")
  try fixture.write("registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\n---\n")
  try fixture.write("registry/people/andy.md", "---\nkind: person\nemails: [andy@example.com]\n---\n")
  try fixture.write(
    "registry/checkout.md", service(lead: "anna", backup: "andy", path: "/services/checkout/"))
  try fixture.write("registry/search.md", service(lead: "andy", backup: "anna", path: "/services/search/"))
  try fixture.commit("registry", by: anna, on: "2025-01-10")
  return fixture
}

func service(lead: String, backup: String, path: String, extra: String = "") -> String {
  "---\nkind: service\nlead: \(lead)\nbackup: [\(backup)]\npaths: [\(path)]\n\(extra)---\n"
}

/// `leads show --format json`, as entries by id.
func show(_ fixture: Fixture, now: String, _ extra: [String] = []) throws -> [String: [String: Any]] {
  let result = try fixture.leads(["show", "--format", "json", "--now", now] + extra)
  #expect(result.status == 0, "\(result.stderr)")
  let object = try #require(
    try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
  let entries = try #require(object["entries"] as? [[String: Any]])
  return Dictionary(uniqueKeysWithValues: entries.map { ($0["id"] as! String, $0) })
}

/// History findings of `leads lint --format json`, as "rule entry" strings.
func historyFindings(_ fixture: Fixture, now: String, in folder: String? = nil, _ extra: [String] = []) throws
  -> Set<String>
{
  let result = try fixture.leads(["lint", "--format", "json", "--now", now] + extra, in: folder)
  #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
  let object = try #require(
    try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
  let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
  let history = [
    "stale-owner", "forgotten-lead", "unrotated-post", "silo", "overloaded-lead", "no-backup",
    "overdue-initiative", "unreviewed-handoff", "unseen-person",
  ]
  return Set(
    diagnostics.filter { history.contains($0["rule"] as! String) }.map {
      "\($0["rule"]!) \($0["entry"] as? String ?? "-")"
    })
}

struct TenureTests {
  @Test func leadChangeThroughAMergeIsDatedByTheMerge() throws {
    let fixture = try teamRepository()
    try fixture.git(["checkout", "-q", "-b", "handoff"])
    try fixture.write(
      "registry/checkout.md", service(lead: "andy", backup: "anna", path: "/services/checkout/"))
    try fixture.commit("hand checkout to Andy", by: andy, on: "2025-03-01")
    try fixture.git(["checkout", "-q", "main"])
    try fixture.write("docs/x.md", "x\n")
    try fixture.commit("docs", by: anna, on: "2025-03-05")
    try fixture.merge("handoff", on: "2025-04-02")
    let entries = try show(fixture, now: "2025-05-01")
    #expect(entries["checkout"]?["lead_since"] as? String == "2025-04-02")
    #expect(entries["checkout"]?["lead_since_exact"] as? Bool == true)
    #expect(entries["search"]?["lead_since"] as? String == "2025-01-10")
    // Andy wrote his own handoff: reviewed.
    #expect(!(try historyFindings(fixture, now: "2025-05-01")).contains("unreviewed-handoff checkout"))
  }

  @Test func squashedHandoffByAThirdPersonIsUnreviewed() throws {
    let fixture = try teamRepository()
    try fixture.write(
      "registry/checkout.md", service(lead: "andy", backup: "anna", path: "/services/checkout/"))
    try fixture.commit("Hand checkout to Andy (#12)", by: mallory, on: "2025-02-01", committed: "2025-02-03")
    let entries = try show(fixture, now: "2025-03-01")
    #expect(entries["checkout"]?["lead_since"] as? String == "2025-02-03")
    #expect(try historyFindings(fixture, now: "2025-03-01").contains("unreviewed-handoff checkout"))
  }

  @Test func renamedLeadFileKeepsItsTenure() throws {
    let fixture = try teamRepository()
    try fixture.git(["mv", "registry/checkout.md", "registry/checkout-service.md"])
    try fixture.write(
      "registry/checkout-service.md",
      service(lead: "anna", backup: "andy", path: "/services/checkout/", extra: "id: checkout\n"))
    try fixture.commit("move", by: anna, on: "2025-06-01")
    try FileManager.default.createDirectory(
      at: fixture.root.appendingPathComponent("registry/teams"), withIntermediateDirectories: true)
    try fixture.git(["mv", "registry/checkout-service.md", "registry/teams/checkout-service.md"])
    try fixture.commit("move again", by: anna, on: "2025-07-01")
    let entries = try show(fixture, now: "2026-02-01")
    #expect(entries["checkout"]?["lead_since"] as? String == "2025-01-10")
    #expect(entries["checkout"]?["path"] as? String == "registry/teams/checkout-service.md")
    #expect(try historyFindings(fixture, now: "2026-02-01").contains("unrotated-post checkout"))
    #expect(!(try historyFindings(fixture, now: "2026-01-09")).contains("unrotated-post checkout"))
  }

  @Test func commitDatesOutOfOrderAlongTheBranch() throws {
    let fixture = try teamRepository()
    // A commit whose date is older than its parent's, then a newer one.
    try fixture.write("services/checkout/main.swift", "2\n")
    try fixture.commit("rebased", by: anna, on: "2024-12-01", committed: "2024-12-01")
    try fixture.write("services/checkout/main.swift", "3\n")
    try fixture.commit("later", by: andy, on: "2025-02-10")
    let entries = try show(fixture, now: "2025-03-01")
    #expect(entries["checkout"]?["lead_since"] as? String == "2025-01-10")
    // The window walk does not stop at the old-dated commit: Andy's newer work behind it is still seen.
    #expect(entries["search"]?["last_activity"] is NSNull)
    #expect(entries["checkout"]?["last_activity"] as? String == "2025-01-10")
    let findings = try historyFindings(fixture, now: "2025-03-01")
    #expect(!findings.contains("stale-owner checkout"))
  }
}

/// `lint` states the exact date `show` does, however far back the run goes, whether the first-parent history
/// is walked by the helper process, in one process, or read from the cache.
struct OneAnswerTests {
  /// A cold read can leave the older part of the window to a helper process: the same findings, merges,
  /// reviews and activity as reading every commit in one process.
  @Test func theWindowsOlderPartReadInAHelperChangesNothing() throws {
    let fixture = try teamRepository()
    for day in 1...9 {
      try fixture.git(["checkout", "-q", "-b", "topic\(day)"])
      try fixture.write("services/\(day % 2 == 0 ? "checkout" : "search")/f\(day).swift", "\(day)\n")
      try fixture.commit(
        "topic \(day)\n\nReviewed-by: Andy <andy@example.com>", by: anna, on: "2025-05-0\(day)")
      try fixture.git(["checkout", "-q", "main"])
      try fixture.write("docs/d\(day).md", "\(day)\n")
      try fixture.commit("main \(day)", by: andy, on: "2025-05-0\(day)")
      try fixture.merge("topic\(day)", by: andy, on: "2025-05-0\(day)")
    }
    let arguments = ["lint", "--no-cache", "--now", "2025-06-01", "--format", "json"]
    let single = try fixture.leads(arguments, environment: ["LEADS_WINDOW_HELPER": "0", "LEADS_TRACE": "1"])
    #expect(!single.stderr.contains("window walk (helper process)"), "\(single.stderr)")
    // The window runs from 2025-03-03 to the last commit (2025-05-09): these shares split the nine days.
    for share in ["0.9", "0.97"] {
      let split = try fixture.leads(
        arguments,
        environment: ["LEADS_WINDOW_HELPER": "1", "LEADS_WINDOW_SHARE": share, "LEADS_TRACE": "1"])
      let line = split.stderr.split(separator: "\n").first { $0.contains("window walk (helper process)") }
      #expect(line?.contains(" 0 of ") == false, "\(split.stderr)")
      #expect(split.stdout == single.stdout)
    }
    #expect(single.stdout.contains("\"diagnostics\""), "\(single.stdout)")
  }

  @Test func lintStatesTheExactDateShowDoes() throws {
    let fixture = try teamRepository()
    for month in 2...9 {
      try fixture.write("docs/m\(month).md", "\(month)\n")
      try fixture.commit("m\(month)", by: anna, on: "2025-0\(month)-01")
    }
    // A history this small is walked in one process unless the helper is asked for.
    let cold = try fixture.leads(
      ["lint", "--no-cache", "--now", "2026-06-01"],
      environment: ["LEADS_TRACE": "1", "LEADS_CHAIN_HELPER": "1"])
    #expect(cold.stderr.contains("first-parent registry walk (helper process)"), "\(cold.stderr)")
    let unasked = try fixture.leads(
      ["lint", "--no-cache", "--now", "2026-06-01"], environment: ["LEADS_TRACE": "1"])
    #expect(!unasked.stderr.contains("helper process"), "\(unasked.stderr)")
    #expect(unasked.stdout == cold.stdout)
    let finding = "'anna' has led 'checkout' since 2025-01-10 (507 days), longer than 365 days"
    #expect(cold.stdout.contains(finding), "\(cold.stdout)")
    #expect(!cold.stdout.contains("or earlier"))
    #expect(try show(fixture, now: "2026-06-01")["checkout"]?["lead_since"] as? String == "2025-01-10")
    let single = try fixture.leads(
      ["lint", "--no-cache", "--now", "2026-06-01"],
      environment: ["LEADS_CHAIN_HELPER": "0", "LEADS_TRACE": "1"])
    #expect(!single.stderr.contains("helper"), "\(single.stderr)")
    #expect(single.stdout == cold.stdout)
    _ = try fixture.leads(["lint", "--now", "2026-06-01"])
    let warm = try fixture.leads(["lint", "--now", "2026-06-01"], environment: ["LEADS_TRACE": "1"])
    #expect(warm.stderr.contains("cache: reused"), "\(warm.stderr)")
    #expect(warm.stdout == cold.stdout)
  }

  /// Far enough ahead that every post is due for rotation, `lint` states each post's start, and it is the
  /// `lead_since` of `show`: through handoffs, merges, renames, deletions, re-creations, CODEOWNERS before the
  /// registry, and a declared date.
  @Test func lintAndShowGiveTheSameDateForEveryFixturePost() throws {
    let fixtures = [
      try teamRepository(), try LogTests.repository(), try ReportTests.repository(),
      try TenureBeforeTheRegistryTests.repository(infraLeadSince: "2023-01-01"),
    ]
    var total = 0
    for fixture in fixtures {
      let entries = try show(fixture, now: "2030-01-01")
      let lint = try fixture.leads(["lint", "--format", "json", "--no-cache", "--now", "2030-01-01"])
      let document = try #require(
        try JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [String: Any])
      let findings = try #require(document["diagnostics"] as? [[String: Any]])
      var stated: [String: String] = [:]
      for finding in findings where finding["rule"] as? String == "unrotated-post" {
        stated[finding["entry"] as! String] = (finding["data"] as? [String: Any])?["since"] as? String
      }
      var compared = 0
      for (id, entry) in entries where entry["lead_since"] is String {
        let date = entry["lead_since"] as! String
        let text =
          (entry["lead_since_exact"] as? Bool == false ? "≤ " : "") + date
          + (entry["lead_since_declared"] as? Bool == true ? " (declared)" : "")
          + (entry["lead_since_source"] as? String == "codeowners" ? " (CODEOWNERS)" : "")
        #expect(
          stated[id] == text,
          "\(id) in \(fixture.root.lastPathComponent): lint \(stated[id] ?? "-"), show \(text)")
        compared += 1
      }
      #expect(compared >= 1 && compared == stated.count)
      total += compared
    }
    #expect(total >= 6)
  }
}

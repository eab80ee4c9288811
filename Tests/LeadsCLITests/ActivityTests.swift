import Foundation
import Testing

struct ActivityTests {
  @Test func mailmapAliasIsThePersonsOnlyRecentIdentity() throws {
    let fixture = try teamRepository()
    try fixture.write("services/search/index.swift", "2\n")
    try fixture.commit("search work", by: "Andy <andy.old@laptop.local>", on: "2025-05-20")
    try fixture.write("services/checkout/main.swift", "2\n")
    try fixture.commit("checkout work", by: anna, on: "2025-05-21")
    let stale = try historyFindings(fixture, now: "2025-06-01")
    #expect(stale.contains("stale-owner checkout"), "without the mailmap Andy's alias is a stranger")
    try fixture.write(".mailmap", "Andy <andy@example.com> <andy.old@laptop.local>\n")
    try fixture.commit("mailmap", by: anna, on: "2025-05-22")
    let findings = try historyFindings(fixture, now: "2025-06-01", ["--no-cache"])
    #expect(!findings.contains("stale-owner checkout"))
    #expect(!findings.contains("forgotten-lead search"))
    #expect(try show(fixture, now: "2025-06-01")["search"]?["last_activity"] as? String == "2025-05-20")
  }

  @Test func coAuthorTrailerIsTheOnlyActivity() throws {
    let fixture = try teamRepository()
    try fixture.write("services/search/index.swift", "2\n")
    try fixture.commit("pairing\n\nCo-authored-by: Andy <andy@example.com>", by: anna, on: "2025-05-20")
    let entries = try show(fixture, now: "2025-06-01")
    #expect(entries["search"]?["last_activity"] as? String == "2025-05-20")
    #expect(entries["checkout"]?["last_activity"] is NSNull, "Anna's commit did not touch checkout")
    let findings = try historyFindings(fixture, now: "2025-06-01")
    #expect(!findings.contains("forgotten-lead search"))
    #expect(findings.contains("forgotten-lead checkout"))
  }

  @Test func initiativeTrailerCountsAsActivityOnTheInitiative() throws {
    let fixture = try teamRepository()
    try fixture.write(
      "registry/v2.md",
      "---\nkind: initiative\nlead: andy\nbackup: [anna]\nstatus: active\ndue: 2026-01-01\n---\n")
    try fixture.commit("start v2", by: anna, on: "2025-01-15")
    try fixture.write("docs/plan.md", "plan\n")
    try fixture.commit("plan\n\nInitiative: v2", by: andy, on: "2025-05-25")
    #expect(try show(fixture, now: "2025-06-01")["v2"]?["last_activity"] as? String == "2025-05-25")
    #expect(!(try historyFindings(fixture, now: "2025-06-01")).contains("forgotten-lead v2"))
    #expect(try historyFindings(fixture, now: "2025-07-30").contains("forgotten-lead v2"))
  }

  @Test func siloFiresWhenTheLeadDoesNearlyAllTheWork() throws {
    let fixture = try teamRepository()
    for day in 10...19 {
      try fixture.write("services/checkout/main.swift", "\(day)\n")
      try fixture.commit("work \(day)", by: day == 19 ? andy : anna, on: "2025-05-\(day)")
    }
    #expect(try historyFindings(fixture, now: "2025-06-01").contains("silo checkout"))
    try fixture.write("services/checkout/main.swift", "20\n")
    try fixture.commit("work", by: andy, on: "2025-05-20")
    try fixture.write("services/checkout/main.swift", "21\n")
    try fixture.commit("work", by: andy, on: "2025-05-21")
    #expect(!(try historyFindings(fixture, now: "2025-06-01")).contains("silo checkout"))
  }

  @Test func activityIsDatedByTheAuthorDate() throws {
    let fixture = try teamRepository()
    try fixture.write("services/checkout/main.swift", "2\n")
    try fixture.commit("rebased much later", by: anna, on: "2025-05-01", committed: "2025-05-20")
    #expect(try show(fixture, now: "2025-06-01")["checkout"]?["last_activity"] as? String == "2025-05-01")
  }

  @Test func aMoveTouchesBothSidesAndARemovalCounts() throws {
    let fixture = try teamRepository()
    try fixture.git(["mv", "services/search/index.swift", "services/checkout/index.swift"])
    try fixture.commit("move search's index into checkout", by: andy, on: "2025-05-10")
    let moved = try show(fixture, now: "2025-06-01")
    #expect(moved["search"]?["last_activity"] as? String == "2025-05-10", "the source side is touched")
    try fixture.write(
      "registry/checkout.md", service(lead: "andy", backup: "anna", path: "/services/checkout/"))
    try fixture.commit("hand over", by: andy, on: "2025-05-11")
    try fixture.git(["rm", "-q", "services/checkout/main.swift"])
    try fixture.commit("remove", by: andy, on: "2025-05-12")
    #expect(try show(fixture, now: "2025-06-01")["checkout"]?["last_activity"] as? String == "2025-05-12")
  }

  @Test func mergeCommitsAreNotActivity() throws {
    let fixture = try teamRepository()
    try fixture.git(["checkout", "-q", "-b", "topic"])
    try fixture.write("services/checkout/main.swift", "2\n")
    try fixture.commit("topic", by: andy, on: "2025-01-20")
    try fixture.git(["checkout", "-q", "main"])
    try fixture.write("docs/a.md", "a\n")
    try fixture.commit("docs", by: andy, on: "2025-05-01")
    try fixture.merge("topic", by: anna, on: "2025-05-25")
    // Anna's only recent commit is the merge; it does not make her active.
    #expect(try historyFindings(fixture, now: "2025-06-01").contains("stale-owner checkout"))
  }
}

struct RepositoryShapeTests {
  @Test func shallowCloneNeverRaisesAFalseAlarm() throws {
    let fixture = try teamRepository()
    for month in 2...9 {
      try fixture.write("docs/m\(month).md", "\(month)\n")
      try fixture.commit("m\(month)", by: month % 2 == 0 ? anna : andy, on: "2025-0\(month)-01")
    }
    let clone = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-shallow-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: clone) }
    try fixture.git(["clone", "-q", "--depth", "3", "file://\(fixture.root.path)", clone.path])
    let full = try historyFindings(fixture, now: "2025-10-01")
    #expect(full.contains("unrotated-post checkout") == false)
    let result = try run(leadsExecutable, ["lint", "--format", "json", "--now", "2026-03-01"], in: clone)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let history = try #require(object["history"] as? [String: Any])
    #expect(history["truncated_at"] as? String == "2025-07-01")
    let text = try run(leadsExecutable, ["show", "--now", "2026-03-01"], in: clone)
    #expect(text.stderr.contains("history is truncated at 2025-07-01"))
    #expect(text.stdout.contains("≤ 2025-07-01"))
    #expect(text.stdout.contains("≥ 8 months"), "a truncated tenure is a lower bound: \(text.stdout)")
    // Known in full history: both leads were active in 2025-08/09 and have held their posts since 2025-01-10.
    let truncatedFindings = try run(
      leadsExecutable, ["lint", "--format", "json", "--now", "2025-10-01"], in: clone)
    #expect(!truncatedFindings.stdout.contains("\"stale-owner\""))
    #expect(!truncatedFindings.stdout.contains("\"unrotated-post\""))
    // Tenure of at least 2025-07-01 is already longer than a year on 2026-07-02: that can be said.
    let longAfter = try run(leadsExecutable, ["lint", "--format", "json", "--now", "2026-07-02"], in: clone)
    #expect(longAfter.stdout.contains("at least 366 days"))
  }

  @Test func emptyRepositoryAndUnbornBranch() throws {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    let empty = try fixture.leads(["lint", "--now", "2026-06-01"])
    #expect(empty.status == 0)
    #expect(empty.stderr.contains("no commits yet"))
    try fixture.commit()
    try fixture.git(["checkout", "-q", "--orphan", "fresh"])
    let unborn = try fixture.leads(["show", "--format", "json", "--now", "2026-06-01"])
    #expect(unborn.status == 0)
    #expect(unborn.stdout.contains("\"lead_since\" : null"))
  }

  @Test func detachedHeadReadsTheHistoryItPointsAt() throws {
    let fixture = try teamRepository()
    try fixture.write(
      "registry/checkout.md", service(lead: "andy", backup: "anna", path: "/services/checkout/"))
    try fixture.commit("hand over", by: andy, on: "2025-03-01")
    try fixture.git(["checkout", "-q", "--detach", "HEAD~1"])
    let entries = try show(fixture, now: "2025-04-01")
    #expect(entries["checkout"]?["lead"] as? String == "anna")
    #expect(entries["checkout"]?["lead_since"] as? String == "2025-01-10")
  }

  @Test func bareRepositoryIsReadFromHead() throws {
    let fixture = try teamRepository()
    let bare = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-bare-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: bare) }
    try fixture.git(["clone", "-q", "--bare", fixture.root.path, bare.path])
    let result = try run(leadsExecutable, ["show", "--format", "json", "--now", "2025-02-01"], in: bare)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\"lead_since\" : \"2025-01-10\""))
    let empty = try Fixture(bare: true)
    let emptyRun = try empty.leads(["lint"])
    #expect(emptyRun.status == 2)
    #expect(emptyRun.stderr.contains("no registry/ folder in HEAD (there is no commit yet)"))
  }

  @Test func worktreeReadsTheSameHistory() throws {
    let fixture = try teamRepository()
    try fixture.write("services/checkout/main.swift", "2\n")
    try fixture.commit("work", by: anna, on: "2025-05-01")
    let worktree = fixture.root.appendingPathComponent("wt")
    try fixture.git(["worktree", "add", "-q", worktree.path])
    let fromWorktree = try run(
      leadsExecutable, ["show", "--format", "json", "--now", "2025-06-01"], in: worktree)
    #expect(fromWorktree.status == 0, "\(fromWorktree.stderr)")
    let fromMain = try fixture.leads(["show", "--format", "json", "--now", "2025-06-01"])
    #expect(fromWorktree.stdout == fromMain.stdout)
    #expect(fromMain.stdout.contains("\"last_activity\" : \"2025-05-01\""))
  }

  @Test func subfolderGivesTheSameAnswers() throws {
    let fixture = try teamRepository()
    let fromRoot = try historyFindings(fixture, now: "2025-09-01")
    #expect(try historyFindings(fixture, now: "2025-09-01", in: "services/checkout") == fromRoot)
    #expect(fromRoot.contains("stale-owner checkout"))
  }
}

/// The rules that read posts more than commits, each firing on a fixture and silent on its counterpart.
struct PostRuleFixtureTests {
  @Test func overloadedNoBackupAndOverdueFireAndStaySilent() throws {
    let fixture = try teamRepository()
    try fixture.write("services/extra/a.swift", "x\n")
    try fixture.write(
      "registry/v2.md",
      "---\nkind: initiative\nlead: anna\nbackup: [andy]\nstatus: active\ndue: 2025-06-30\n---\n")
    try fixture.commit("v2", by: anna, on: "2025-02-01")
    let quiet = try historyFindings(fixture, now: "2025-06-01")
    #expect(
      !quiet.contains {
        $0.hasPrefix("overloaded-lead") || $0.hasPrefix("no-backup") || $0.hasPrefix("overdue")
      })

    try fixture.write("registry/extra.md", service(lead: "anna", backup: "andy", path: "/services/extra/"))
    try fixture.write(
      "registry/docs.md", "---\nkind: service\nlead: anna\nbackup: []\npaths: [/registry/]\n---\n")
    try fixture.commit("anna takes two more posts", by: anna, on: "2025-03-01")
    let loud = try historyFindings(fixture, now: "2025-07-01")
    #expect(loud.contains("overloaded-lead docs") || loud.contains("overloaded-lead extra"))
    #expect(
      loud.filter { $0.hasPrefix("overloaded-lead") }.count == 1, "reported once, on the post taken last")
    #expect(loud.contains("no-backup docs"))
    #expect(!loud.contains("no-backup checkout"))
    #expect(loud.contains("overdue-initiative v2"))
  }
}

import Foundation
import Testing

/// Who is who: people known only by a forge handle are recognised by what history links to the handle, and
/// nobody is told they authored nothing when leads cannot see their commits.
struct IdentityTests {
  static let anna = "Anna <anna@example.com>"

  /// Checkout: Anna leads, Ari (a person file with a handle only) backs up; search: led by '@bo', who has no
  /// person file at all.
  static func repository() throws -> Fixture {
    let fixture = try Fixture()
    try fixture.write("services/checkout/main.swift", "1\n")
    try fixture.write("services/search/main.swift", "1\n")
    try fixture.write(
      "registry/checkout.md",
      "---\nkind: service\nlead: anna\nbackup: [ari]\npaths: [/services/checkout/]\n---\n")
    try fixture.write(
      "registry/search.md",
      "---\nkind: service\nlead: '@bo'\nbackup: [anna]\npaths: [/services/search/]\n---\n")
    try fixture.write("registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\n---\n")
    try fixture.write("registry/people/ari.md", "---\nkind: person\nname: Ari\nhandle: '@ari'\n---\n")
    try fixture.commit("registry", by: anna, on: "2025-01-10")
    return fixture
  }

  @Test func handlesAreLinkedByNoReplyAddressesAndUnseenPeopleAreNotAccused() throws {
    let fixture = try IdentityTests.repository()
    try fixture.write("services/checkout/main.swift", "2\n")
    try fixture.commit("work", by: IdentityTests.anna, on: "2025-05-20")
    // Nobody can see Ari or Bo yet: no stale-owner, no forgotten-lead, one finding each saying what to add.
    let unseen = try historyFindings(fixture, now: "2025-06-01")
    #expect(
      !unseen.contains("stale-owner checkout") && !unseen.contains("forgotten-lead search"), "\(unseen)")
    #expect(unseen.contains("unseen-person ari") && unseen.contains("unseen-person search"), "\(unseen)")
    let text = try fixture.leads(["lint", "--now", "2025-06-01"])
    #expect(
      text.stdout.contains(
        "registry/people/ari.md:4:1: warning: leads cannot see the commits of 'ari': no address in registry/people/ari.md and none linked to @ari by the commits since 2025-03-03"
      ), "\(text.stdout)")
    #expect(!text.stdout.contains("no commit in this repository"), "\(text.stdout)")
    let shown = try fixture.leads(["show", "--now", "2025-06-01"])
    #expect(shown.stdout.contains("unknown (no address)"), "\(shown.stdout)")
    #expect(try show(fixture, now: "2025-06-01")["search"]?["lead_seen"] as? Bool == false)

    // A commit from each one's GitHub no-reply address (both spellings) links them: both are active.
    try fixture.write("services/search/main.swift", "2\n")
    try fixture.commit("search work", by: "Bo <4711+Bo@users.noreply.github.com>", on: "2025-05-25")
    try fixture.write("docs/ari.md", "ari\n")
    try fixture.commit("docs", by: "Ari <ari@users.noreply.github.com>", on: "2025-04-01")
    let linked = try historyFindings(fixture, now: "2025-06-01")
    #expect(!linked.contains { $0.hasPrefix("unseen-person") }, "\(linked)")
    #expect(!linked.contains("forgotten-lead search"), "\(linked)")
    #expect(!linked.contains("stale-owner search") && !linked.contains("stale-owner checkout"), "\(linked)")
    // Seen through her no-reply address, and silent for 90 days: now she is stale like anyone leads can see.
    let later = try historyFindings(fixture, now: "2025-07-15")
    #expect(later.contains("unseen-person ari"), "her only linked commit left the window: \(later)")
    #expect(!later.contains("stale-owner checkout"))
    let entries = try show(fixture, now: "2025-06-01")
    #expect(entries["search"]?["last_activity"] as? String == "2025-05-25")
    #expect(entries["search"]?["lead_seen"] as? Bool == true)
  }

  /// A branch off main with one commit per author (on the given days) touching `path`.
  static func branch(
    _ fixture: Fixture, _ name: String, _ commits: [(author: String, day: String)], path: String
  )
    throws
  {
    try fixture.git(["checkout", "-q", "-b", name, "main"])
    for (number, commit) in commits.enumerated() {
      try fixture.write(path, "\(name) \(number)\n")
      try fixture.commit("\(name) \(number)", by: commit.author, on: commit.day)
    }
    try fixture.git(["checkout", "-q", "main"])
  }

  @Test func reviewsAndMergesCountAsActivityAndBotsDoNot() throws {
    let fixture = try IdentityTests.repository()
    // Anna reviews a change to checkout (a trailer), and merges a branch that changed search.
    try fixture.write("services/checkout/main.swift", "reviewed\n")
    try fixture.commit(
      "fix\n\nReviewed-by: Anna <anna@example.com>", by: "Cy <cy@example.com>", on: "2025-05-10")
    try IdentityTests.branch(
      fixture, "search-fix", [("Cy <cy@example.com>", "2025-05-12")], path: "services/search/a.swift")
    try fixture.merge("search-fix", message: "Merge search-fix", by: IdentityTests.anna, on: "2025-05-20")
    let entries = try show(fixture, now: "2025-06-01")
    #expect(entries["checkout"]?["last_activity"] as? String == "2025-05-10", "a review is activity")
    let findings = try historyFindings(fixture, now: "2025-06-01")
    #expect(
      !findings.contains("forgotten-lead checkout") && !findings.contains("stale-owner search"), "\(findings)"
    )
    // Anna merged search's change: activity of hers on search (she backs it up); silo counts only writing.
    let person = try fixture.leads(["show", "person", "anna", "--now", "2025-06-01"])
    #expect(person.stdout.contains("last activity: 2025-05-20"), "\(person.stdout)")
    // A bot that merges or reviews is nobody.
    try IdentityTests.branch(
      fixture, "deps", [("Cy <cy@example.com>", "2025-05-25")], path: "services/checkout/deps.txt")
    try fixture.merge(
      "deps", message: "Merge pull request #3 from cy/deps", by: "dependabot[bot] <bot@example.com>",
      on: "2025-05-26")
    let after = try show(fixture, now: "2025-06-01")
    #expect(after["checkout"]?["last_activity"] as? String == "2025-05-10")
  }

  @Test func aPullRequestMergedFromAForkLinksItsOneAuthorToTheHandle() throws {
    let fixture = try IdentityTests.repository()
    try fixture.write(
      "registry/teams/widget.md",
      "---\nkind: team\nhandle: '@acme/widget'\nmembers: [anna, ari, '@bo']\nleadership: {direction: anna, people: anna, project: ari, technical: anna}\n---\n"
    )
    try fixture.commit("team", by: IdentityTests.anna, on: "2025-03-10")
    // Bo's fork branch, one author: ties bo@home.example to @bo.
    try IdentityTests.branch(
      fixture, "bo-search", [("Bo <bo@home.example>", "2025-05-01"), ("Bo <bo@home.example>", "2025-05-02")],
      path: "services/search/b.swift")
    try fixture.merge(
      "bo-search", message: "Merge pull request #12 from bo/search-speedup", by: IdentityTests.anna,
      on: "2025-05-03")
    // An organisation's branch, and a fork branch with two authors: they tie nobody.
    try IdentityTests.branch(
      fixture, "acme-x", [("Acme Dev <dev@acme.example>", "2025-05-04")], path: "services/checkout/x.swift")
    try fixture.merge(
      "acme-x", message: "Merge pull request #13 from acme/x", by: IdentityTests.anna,
      on: "2025-05-05")
    try IdentityTests.branch(
      fixture, "ari-y",
      [("Ari <ari@home.example>", "2025-05-06"), ("Someone <some@one.example>", "2025-05-07")],
      path: "services/checkout/y.swift")
    try fixture.merge(
      "ari-y", message: "Merge pull request #14 from ari/y", by: IdentityTests.anna, on: "2025-05-08"
    )

    let findings = try historyFindings(fixture, now: "2025-06-01")
    #expect(!findings.contains("unseen-person search"), "@bo is linked: \(findings)")
    #expect(!findings.contains("forgotten-lead search"), "Bo's commits are activity on search: \(findings)")
    #expect(findings.contains("unseen-person ari"), "two authors tie nobody: \(findings)")
    let entries = try show(fixture, now: "2025-06-01")
    #expect(entries["search"]?["last_activity"] as? String == "2025-05-02")
    // Bo has no person file, so `show person` cannot be asked; Ari's shows no link.
    let ari = try fixture.leads(["show", "person", "ari", "--now", "2025-06-01", "--format", "json"])
    #expect(
      ari.stdout.contains("\"linked\" : [\n\n    ]") || ari.stdout.contains("\"linked\" : []"),
      "\(ari.stdout)")

    // With a person file holding only the handle, `show person` lists the link and its evidence; an explicit
    // `emails:` entry then replaces what the merge said.
    try fixture.write("registry/people/bo.md", "---\nkind: person\nname: Bo\nhandle: '@bo'\n---\n")
    let bo = try fixture.leads(["show", "person", "bo", "--now", "2025-06-01"])
    #expect(bo.stdout.contains("bo@home.example (the pull request merged by "), "\(bo.stdout)")
    #expect(bo.stdout.contains("from their fork)"))
    try fixture.write(
      "registry/people/bo.md", "---\nkind: person\nname: Bo\nhandle: '@bo'\nemails: [bo@work.example]\n---\n")
    let explicit = try show(fixture, now: "2025-06-01")
    #expect(explicit["search"]?["last_activity"] is NSNull, "the written address wins over the merge's")
  }

  /// Authors the config lists under `bots` are nobody: a fork branch with Bo's commits and a listed bot's is
  /// still Bo's alone.
  @Test func listedBotsAreNobody() throws {
    let fixture = try IdentityTests.repository()
    try IdentityTests.branch(
      fixture, "bo-x",
      [("Bo <bo@home.example>", "2025-05-01"), ("Formatter <fmt@ci.example>", "2025-05-02")],
      path: "services/search/x.swift")
    try fixture.merge(
      "bo-x", message: "Merge pull request #7 from bo/x", by: IdentityTests.anna, on: "2025-05-03")
    #expect(try historyFindings(fixture, now: "2025-06-01").contains("unseen-person search"), "two authors")
    try fixture.write("registry/leads.yml", "bots: [FMT@ci.example]\n")
    let findings = try historyFindings(fixture, now: "2025-06-01")
    #expect(!findings.contains("unseen-person search"), "\(findings)")
    #expect(try show(fixture, now: "2025-06-01")["search"]?["last_activity"] as? String == "2025-05-01")
  }
}

/// A lead file moved and given a new id in one commit is the same post: its tenure and runs go on.
struct RenamedPostTests {
  static let anna = "Anna <anna@example.com>"
  static let andy = "Andy <andy@example.com>"

  @Test func aPostMovedWithANewIdKeepsItsHistory() throws {
    let fixture = try Fixture()
    try fixture.write("services/checkout/main.swift", "1\n")
    try fixture.write("registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\n---\n")
    try fixture.write("registry/people/andy.md", "---\nkind: person\nemails: [andy@example.com]\n---\n")
    let body = "# Checkout\n\nThe cart, the payment page and the receipts.\nRuns on the shared cluster.\n"
    try fixture.write(
      "registry/checkout.md",
      "---\nkind: service\nlead: andy\nbackup: [anna]\npaths: [/services/checkout/]\n---\n" + body)
    try fixture.commit("checkout", by: RenamedPostTests.andy, on: "2024-09-01")
    try fixture.write(
      "registry/checkout.md",
      "---\nkind: service\nlead: anna\nbackup: [andy]\npaths: [/services/checkout/]\n---\n" + body)
    try fixture.commit("hand checkout to Anna", by: RenamedPostTests.anna, on: "2025-01-10")
    // One commit moves the file and gives the post a new id.
    try fixture.git(["mv", "registry/checkout.md", "registry/user-checkout.md"])
    try fixture.write(
      "registry/user-checkout.md",
      "---\nkind: service\nid: user-checkout\nlead: anna\nbackup: [andy]\npaths: [/services/checkout/]\n---\n"
        + body)
    try fixture.commit("rename checkout to user-checkout", by: RenamedPostTests.andy, on: "2025-04-01")
    let entries = try show(fixture, now: "2025-06-01")
    #expect(
      entries["user-checkout"]?["lead_since"] as? String == "2025-01-10", "\(entries["user-checkout"] ?? [:])"
    )
    let log = try fixture.leads(["log", "user-checkout", "--now", "2025-06-01"])
    #expect(log.stdout.contains("2024-09-01 – 2025-01-10  andy"), "\(log.stdout)")
    #expect(log.stdout.contains("2025-01-10 – now  anna"), "\(log.stdout)")
    let findings = try historyFindings(fixture, now: "2025-06-01")
    #expect(!findings.contains("unreviewed-handoff user-checkout"), "\(findings)")
    // The cache gives the same answer as a cold read.
    let cold = try fixture.leads(["show", "--format", "json", "--no-cache", "--now", "2025-06-01"])
    let warm = try fixture.leads(["show", "--format", "json", "--now", "2025-06-01"])
    #expect(cold.stdout == warm.stdout)
  }
}

import Foundation
import Testing

/// A post nobody leads yet is open (`status: seeking-lead`): it routes to its team and backups, is reported
/// once, is listed first, and `rotate` fills it. A lead is always a person.
struct OpenPostTests {
  static func repository() throws -> Fixture {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.write("services/billing/main.swift", "1\n")
    try fixture.write(
      "registry/teams/money.md",
      "---\nkind: team\nhandle: '@acme/money'\nmembers: [anna, andy]\nleadership: {direction: anna, people: anna, project: andy, technical: andy}\n---\n"
    )
    try fixture.write(
      "registry/services/billing.md",
      "---\nkind: service\nstatus: seeking-lead\nteam: money\nbackup: [andy]\npaths: [/services/billing/]\n---\n"
    )
    try fixture.commit("registry")
    return fixture
  }

  @Test func anOpenPostRoutesToItsTeamAndBackupsAndRotateFillsIt() throws {
    let fixture = try OpenPostTests.repository()
    let lint = try fixture.leads(["lint", "--no-history", "--now", "2026-06-01", "--format", "json"])
    #expect(lint.status == 0, "\(lint.stdout)")
    let findings = try Finding.parse(json: lint.stdout)
    #expect(findings.filter { $0.rule == "open-post" }.map(\.path) == ["registry/services/billing.md"])
    #expect(!findings.contains { $0.rule == "schema" }, "\(findings)")
    let codeowners = try fixture.leads(["codeowners"])
    #expect(
      codeowners.stdout.contains("/services/billing/ andy@example.com @acme/money\n"), "\(codeowners.stdout)")
    let show = try fixture.leads(["show", "--wide", "--now", "2026-06-01"])
    let rows = show.stdout.split(separator: "\n")
    #expect(rows.count > 1 && rows[1].hasPrefix("billing ") && rows[1].contains("(open)"), "\(show.stdout)")
    let rotate = try fixture.leads(["rotate", "billing", "--to", "anna", "--now", "2026-06-01"])
    #expect(rotate.status == 0, "\(rotate.stderr)")
    #expect(rotate.stdout.hasPrefix("anna takes the open post billing"))
    let text = try #require(try fixture.read("registry/services/billing.md"))
    #expect(!String(decoding: text, as: UTF8.self).contains("seeking-lead"))
    let after = try fixture.leads(["lint", "--no-history", "--now", "2026-06-01", "--format", "json"])
    #expect(!(try Finding.parse(json: after.stdout)).contains { $0.rule == "open-post" })
  }

  @Test func aLeadIsAPersonAndAnOpenPostHasNone() throws {
    let fixture = try OpenPostTests.repository()
    for (text, message) in [
      (
        "---\nkind: service\nlead: '@acme/money'\npaths: [/services/billing/]\n---\n",
        "registry/services/billing.md:3:7: error: 'lead' names a person, and '@acme/money' is a team"
      ),
      (
        "---\nkind: service\npaths: [/services/billing/]\n---\n",
        "missing 'lead': every service names the person who leads it (a post nobody leads yet says 'status: seeking-lead')"
      ),
      (
        "---\nkind: service\nlead: anna\nstatus: seeking-lead\npaths: [/services/billing/]\n---\n",
        "registry/services/billing.md:4:9: error: 'status: seeking-lead' is for a post nobody leads"
      ),
    ] {
      try fixture.write("registry/services/billing.md", text)
      let lint = try fixture.leads(["lint", "--no-history", "--now", "2026-06-01"])
      #expect(lint.status == 1)
      #expect(lint.stdout.contains(message), "\(lint.stdout)")
    }
  }
}

/// Lines people wrote in CODEOWNERS get the checks generated lines get, in lint and in the hook.
struct HandWrittenCodeownersTests {
  @Test func invalidAndDeadHandWrittenLinesAreReported() throws {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.commit("registry")
    #expect(try fixture.leads(["codeowners", "--write"]).status == 0)
    let generated = String(decoding: try #require(try fixture.read(".github/CODEOWNERS")), as: UTF8.self)
    try fixture.write(
      ".github/CODEOWNERS",
      "# kept by hand\n/services/gone/ @octo/old\n/docs/ zed@example.com\n/docs/ @octo/docs\n\n" + generated)
    try fixture.write("docs/guide.md", "guide\n")
    try fixture.commit("hand-written lines")
    let lint = try fixture.leads(["lint", "--no-history", "--now", "2026-06-01"])
    #expect(lint.status == 0, "warnings only: \(lint.stdout)")
    for expected in [
      ".github/CODEOWNERS:2:1: warning: pattern '/services/gone/' matches no tracked file",
      ".github/CODEOWNERS:3:1: warning: line 4 has the same pattern '/docs/'",
      ".github/CODEOWNERS:3:8: warning: 'zed@example.com' is not in the registry",
    ] {
      #expect(lint.stdout.contains(expected), "\(expected)\n\(lint.stdout)")
    }
    #expect(try fixture.leads(["hook", "install"]).status == 0)
    try fixture.write(
      ".github/CODEOWNERS",
      "/docs/ octo-docs\n\n" + generated)
    try fixture.git(["add", "-A"])
    let stopped = try fixture.commitThroughHooks("a broken owner")
    #expect(stopped.status != 0)
    #expect(
      stopped.stderr.contains(".github/CODEOWNERS:1:8: error: 'octo-docs' is not a CODEOWNERS owner"),
      "\(stopped.stderr)")
    // The generated block is still written and checked whatever the hand-written lines say.
    #expect(try fixture.leads(["codeowners", "--check"]).status == 0)
  }
}

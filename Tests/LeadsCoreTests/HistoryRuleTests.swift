import Testing

@testable import LeadsCore

/// History rules over scripted history: waivers, thresholds at their edges, and what truncated history must not say.
struct HistoryRuleTests {
  static let team = [
    (
      "registry/checkout.md",
      "---\nkind: service\nlead: anna\nbackup: [andy]\npaths: [/services/checkout/]\nWAIVERS---\n"
    ),
    ("registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\nhandle: '@anna-l'\n---\n"),
    ("registry/people/andy.md", "---\nkind: person\nemails: [andy@example.com]\n---\n"),
  ]

  func lint(_ history: [String], waivers: String = "", files: [(String, String)] = team) -> [Diagnostic] {
    let input = LintInput(
      files: files.map {
        RegistryFile(
          path: $0.0, content: .bytes(Array($0.1.replacingOccurrences(of: "WAIVERS", with: waivers).utf8)))
      },
      trackedFiles: PathTable(RuleExample.defaultTree))
    return Linter.lint(input, history: HistoryScript.facts(history)).diagnostics
  }

  @Test func overloadedLeadNamesAFewPostsAndCountsTheRest() {
    let posts = (1...2_000).map {
      ("registry/s\($0).md", "---\nkind: service\nlead: anna\nbackup: [andy]\npaths: [/docs/]\n---\n")
    }
    let found = lint(["now 2026-06-01"], files: HistoryRuleTests.team + posts).filter {
      $0.rule == .overloadedLead
    }
    #expect(found.count == 1)
    let message = found.first?.message ?? ""
    #expect(
      message.contains("leads 2001 posts (checkout, s1, s10, s100, s1000 and 1996 more), more than 3"),
      "\(message)")
    #expect(message.count < 300)
  }

  @Test func waiverSilencesUntilItsDateThenSaysItExpired() {
    let waiver =
      "waivers:\n  - rule: unrotated-post\n    reason: through the migration\n    until: 2026-06-01\n"
    let before = lint(["now 2026-06-01", "lead checkout since 2024-01-01"], waivers: waiver)
    #expect(!before.contains { $0.rule == .unrotatedPost })
    let after = lint(["now 2026-06-02", "lead checkout since 2024-01-01"], waivers: waiver)
    let finding = after.first { $0.rule == .unrotatedPost }
    #expect(finding?.message.hasSuffix("(waiver expired on 2026-06-01: through the migration)") == true)
  }

  @Test func waiversNeedAHistoryRuleAReasonAndADate() {
    let waiver = "waivers:\n  - rule: unknown-key\n    reason: ''\n    until: 2026-02-30\n"
    let found = lint(["now 2026-06-01"], waivers: waiver).filter { $0.path == "registry/checkout.md" }
    #expect(
      found.contains { $0.rule == .schema && $0.message.hasPrefix("waivers silence history rules only") })
    #expect(found.contains { $0.rule == .schema && $0.message == "a waiver's reason must say why" })
    #expect(found.contains { $0.rule == .invalidDate && $0.line == 9 })
  }

  @Test func thresholdsAreMeasuredInDaysFromNow() {
    // stale_after is 90 days: a commit on 2026-03-03 is exactly 90 days before 2026-06-01 and still counts.
    let onTheEdge = lint([
      "now 2026-06-01", "commit 2026-03-03 andy@example.com docs/guide.md",
      "commit 2026-05-30 anna@example.com x",
    ])
    #expect(!onTheEdge.contains { $0.rule == .staleOwner })
    let pastIt = lint([
      "now 2026-06-01", "commit 2026-03-02 andy@example.com docs/guide.md",
      "commit 2026-05-30 anna@example.com x",
    ])
    #expect(
      pastIt.filter { $0.rule == .staleOwner }.map(\.message) == [
        "backup 'andy' has written, reviewed or merged no commit in this repository since 2026-03-02; hand the post to someone active, or mark them away"
      ])
  }

  @Test func truncatedHistoryRaisesNoActivityAlarm() {
    let found = lint(["now 2026-06-01", "truncated 2026-05-01", "lead checkout since 2026-05-01 truncated"])
    #expect(
      !found.contains { [.staleOwner, .forgottenLead, .silo, .unrotatedPost].contains($0.rule) })
  }

  @Test func noReplyAddressOfTheHandleCountsAsThePerson() {
    let found = lint([
      "now 2026-06-01", "commit 2026-05-30 12345+anna-l@users.noreply.github.com docs/guide.md",
      "commit 2026-05-30 andy@example.com docs/guide.md",
    ])
    #expect(!found.contains { $0.rule == .staleOwner })
  }

  @Test func coAuthorsAndInitiativeTrailersAreActivity() {
    let initiative = (
      "registry/v2.md", "---\nkind: initiative\nlead: anna\nbackup: [andy]\nstatus: active\n---\n"
    )
    let files = HistoryRuleTests.team + [initiative]
    let history = [
      "now 2026-06-01", "lead checkout since 2026-01-01", "lead v2 since 2026-01-01",
      "commit 2026-05-20 andy@example.com,anna@example.com services/checkout/main.swift",
      "commit 2026-05-21 andy@example.com,anna@example.com docs/guide.md initiative=v2",
    ]
    #expect(!lint(history, files: files).contains { $0.rule == .forgottenLead })
    let withoutAnna = history.map { $0.replacingOccurrences(of: ",anna@example.com", with: "") }
    #expect(
      Set(lint(withoutAnna, files: files).filter { $0.rule == .forgottenLead }.map(\.entry)) == [
        "checkout", "v2",
      ])
  }

  @Test func tenureFollowsTheUnbrokenRunOfTheCurrentLead() {
    let people = PersonDirectory([])
    var post = Entry(file: "registry/a.md", kind: .service, id: Located("a", at: .start))
    post.lead = Located("anna@example.com", at: .start)
    func snapshot(_ date: String, _ lead: String?) -> RegistrySnapshot {
      RegistrySnapshot(
        commit: date, date: CalendarDate(date)!,
        entries: lead.map { ["a": ($0, "registry/a.md")] } ?? [:])
    }
    let handedOver = [
      snapshot("2026-05-01", "anna@example.com"), snapshot("2026-03-01", "ANNA@example.com"),
      snapshot("2026-01-01", "andy@example.com"), snapshot("2025-01-01", "anna@example.com"),
    ]
    let tenure = TenureAnalysis.tenures(of: [post], snapshots: handedOver, truncated: false, people: people)[
      "a"]
    #expect(tenure?.since == CalendarDate("2026-03-01"))
    #expect(tenure?.previousLead == "andy@example.com")
    #expect(tenure?.isExact == true)
    let sinceTheStart = [
      snapshot("2026-05-01", "anna@example.com"), snapshot("2026-03-01", "anna@example.com"),
    ]
    let truncated = TenureAnalysis.tenures(
      of: [post], snapshots: sinceTheStart, truncated: true, people: people)["a"]
    #expect(truncated?.since == CalendarDate("2026-03-01"))
    #expect(truncated?.isExact == false)
    #expect(truncated?.previousLead == nil)
    let notCommitted = TenureAnalysis.tenures(
      of: [post], snapshots: [snapshot("2026-05-01", "bob@example.com")], truncated: false, people: people)
    #expect(notCommitted["a"] == nil)
    #expect(TenureAnalysis.truncation(window: nil, firstParent: nil) == nil)
    #expect(
      TenureAnalysis.truncation(window: CalendarDate("2026-01-01"), firstParent: CalendarDate("2026-02-01"))
        == CalendarDate("2026-02-01"))
    #expect(
      TenureAnalysis.truncation(window: CalendarDate("2026-01-01"), firstParent: nil)
        == CalendarDate("2026-01-01"))
  }
}

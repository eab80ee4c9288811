import Foundation
import Testing

/// `leads log`: every run of a lead, with the commit that began it, through handoffs, a merge, a deletion and a
/// re-creation.
struct LogTests {
  static let anna = "Anna <anna@example.com>"
  static let ben = "Ben <ben@example.com>"
  static let carol = "Carol <carol@example.com>"

  static func pay(_ lead: String) -> String {
    "---\nkind: service\nlead: \(lead)\nbackup: [carol]\npaths: [/services/pay/]\n---\n"
  }

  /// Pay: Anna from January; Ben takes it in February (his own commit, confirmed); Carol hands it back to Anna
  /// in March through a merged branch (confirmed by neither); it is deleted in April and created again in May
  /// with Ben. Old: a post that existed until April.
  static func repository() throws -> Fixture {
    let fixture = try Fixture()
    try fixture.write("services/pay/main.swift", "1\n")
    for person in ["anna", "ben", "carol"] {
      try fixture.write(
        "registry/people/\(person).md", "---\nkind: person\nemails: [\(person)@example.com]\n---\n")
    }
    try fixture.write("registry/services/pay.md", pay("anna"))
    try fixture.write(
      "registry/services/old.md",
      "---\nkind: service\nlead: carol\nbackup: [anna]\npaths: [/services/]\n---\n")
    try fixture.commit("start", by: anna, on: "2026-01-01")
    try fixture.write("registry/services/pay.md", pay("ben"))
    try fixture.commit("Ben takes pay", by: ben, on: "2026-02-01")
    try fixture.git(["checkout", "-q", "-b", "handback"])
    try fixture.write("registry/services/pay.md", pay("anna"))
    try fixture.commit("pay back to Anna", by: carol, on: "2026-02-20")
    try fixture.git(["checkout", "-q", "-"])
    try fixture.merge("handback", by: carol, on: "2026-03-01")
    try fixture.git(["rm", "-q", "registry/services/pay.md", "registry/services/old.md"])
    try fixture.commit("retire pay and old", by: anna, on: "2026-04-01")
    try fixture.write("registry/services/pay.md", pay("ben"))
    try fixture.commit("pay again", by: ben, on: "2026-05-01")
    return fixture
  }

  static func posts(_ run: Run) throws -> [[String: Any]] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(object["version"] as? Int == 1)
    return try #require(object["posts"] as? [[String: Any]])
  }

  @Test func everyRunWithItsCommitAuthorAndReview() throws {
    let fixture = try LogTests.repository()
    let head = try fixture.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    let merge = try fixture.git(["rev-parse", "HEAD~2"]).trimmingCharacters(in: .whitespacesAndNewlines)
    let all = try LogTests.posts(
      try fixture.leads(["log", "--all", "--format", "json", "--now", "2026-06-01"]))
    #expect(all.map { $0["id"] as? String } == ["old", "pay"])
    let old = all[0]
    #expect(old["removed"] as? String == "2026-04-01" && old["kind"] is NSNull)
    #expect((old["runs"] as? [[String: Any]])?.map { $0["lead"] as? String } == ["carol"])
    // The re-created pay starts over in May: the life before its deletion is not part of its log.
    let pay = try #require(all[1]["runs"] as? [[String: Any]])
    #expect(pay.count == 1, "\(pay)")
    #expect(pay.first?["since"] as? String == "2026-05-01" && pay.first?["until"] is NSNull)
    #expect(pay.first?["commit"] as? String == head && pay.first?["author"] as? String == "ben@example.com")
    #expect(pay.first?["days"] as? Int == 31 && pay.first?["reviewed"] is NSNull)
    // Without --all, only posts that exist; and the current run agrees with show's lead_since.
    let live = try LogTests.posts(try fixture.leads(["log", "--format", "json", "--now", "2026-06-01"]))
    #expect(live.map { $0["id"] as? String } == ["pay"])
    let entries = try show(fixture, now: "2026-06-01")
    #expect(entries["pay"]?["lead_since"] as? String == "2026-05-01")
    // People who led once and lead nothing now: an alumnus backs nothing either; a backup formerly led.
    let table = try fixture.leads(["show", "--wide", "--now", "2026-06-01"]).stdout
    #expect(table.contains("alumnus: led pay until 2026-04-01"), "Anna backs nothing now: \(table)")
    #expect(table.contains("formerly led old until 2026-04-01"), "Carol backs up pay")
    #expect(table.components(separatedBy: " led ").count == 3, "Ben leads pay: not a former lead")

    // Before the deletion: the three runs, the merge dated and authored as it landed, confirmed by neither.
    try fixture.git(["checkout", "-q", merge])
    let before = try LogTests.posts(
      try fixture.leads(["log", "pay", "--format", "json", "--now", "2026-03-15"]))
    let runs = try #require(before.first?["runs"] as? [[String: Any]])
    #expect(runs.map { $0["lead"] as? String } == ["anna", "ben", "anna"], "\(runs)")
    #expect(runs.map { $0["since"] as? String } == ["2026-01-01", "2026-02-01", "2026-03-01"])
    #expect(runs.map { $0["until"] as? String } == ["2026-02-01", "2026-03-01", nil])
    #expect(runs.map { $0["days"] as? Int } == [31, 28, 14])
    #expect(runs[1]["reviewed"] as? Bool == true && runs[1]["author"] as? String == "ben@example.com")
    #expect(runs[2]["reviewed"] as? Bool == false && runs[2]["author"] as? String == "carol@example.com")
    #expect(runs[2]["commit"] as? String == merge)
    let text = try fixture.leads(["log", "pay", "--now", "2026-03-15"])
    #expect(text.stdout.contains("2026-03-01 – now  anna  14 days"), "\(text.stdout)")
    #expect(text.stdout.contains("(handoff not confirmed by either lead)"))
    // A person's id gives the posts they led; an unknown id is an error with a suggestion.
    let ben = try LogTests.posts(
      try fixture.leads(["log", "ben", "--format", "json", "--now", "2026-03-15"]))
    #expect(ben.map { $0["id"] as? String } == ["pay"])
    let typo = try fixture.leads(["log", "pya"])
    #expect(typo.status == 2 && typo.stderr.contains("did you mean 'pay'?"), "\(typo.stderr)")
  }

  /// Two files naming one id: the first in tree order names the lead, in every state of history (each state
  /// is read against the one after it, so a change to either file must not lose or swap the entry).
  @Test func anIdTwoFilesNameFollowsTheFirstInTreeOrder() throws {
    let fixture = try Fixture()
    try fixture.write("services/pay/main.swift", "1\n")
    for person in ["anna", "ben", "carol"] {
      try fixture.write(
        "registry/people/\(person).md", "---\nkind: person\nemails: [\(person)@example.com]\n---\n")
    }
    try fixture.write("registry/services/pay.md", LogTests.pay("anna"))
    try fixture.commit("start", by: LogTests.anna, on: "2026-01-01")
    try fixture.write("registry/zz/pay.md", LogTests.pay("ben"))
    try fixture.commit("a second pay, after the first in tree order", by: LogTests.ben, on: "2026-02-01")
    try fixture.git(["rm", "-q", "registry/services/pay.md"])
    try fixture.commit("the first pay goes", by: LogTests.ben, on: "2026-03-01")
    try fixture.write("registry/services/pay.md", LogTests.pay("carol"))
    try fixture.commit("the first pay again", by: LogTests.carol, on: "2026-04-01")
    try fixture.write("registry/zz/pay.md", LogTests.pay("anna"))
    try fixture.commit("the second changes", by: LogTests.anna, on: "2026-05-01")
    let log = try LogTests.posts(
      try fixture.leads(["log", "pay", "--format", "json", "--now", "2026-06-01", "--no-cache"]))
    let runs = try #require(log.first?["runs"] as? [[String: Any]])
    #expect(runs.map { $0["lead"] as? String } == ["anna", "ben", "carol"], "\(runs)")
    #expect(runs.map { $0["since"] as? String } == ["2026-01-01", "2026-03-01", "2026-04-01"])
  }

  /// `show --at DATE` reads the registry as the last first-parent commit by then had it, and agrees with the
  /// log's run covering that day.
  @Test func showAtADateAgreesWithTheLog() throws {
    let fixture = try LogTests.repository()
    let log = try LogTests.posts(
      try fixture.leads(["log", "pay", "--at", "2026-03-31", "--format", "json", "--no-cache"]))
    let runs = try #require(log.first?["runs"] as? [[String: Any]])
    #expect(runs.count == 3, "\(runs)")
    for day in ["2026-01-15", "2026-02-01", "2026-02-10", "2026-02-28", "2026-03-10", "2026-03-31"] {
      let run = try #require(
        runs.last { ($0["since"] as? String ?? "") <= day }, "no run covers \(day)")
      let at = try fixture.leads(["show", "--at", day, "--format", "json"])
      #expect(at.stderr.contains("leads: as of \(day): commit"), "\(at.stderr)")
      let entries = try EdgeCaseTests.showEntries(at)
      #expect(entries["pay"]?["lead"] as? String == run["lead"] as? String, "\(day)")
      #expect(entries["pay"]?["lead_since"] as? String == run["since"] as? String, "\(day)")
    }
    // Between the deletion and the re-creation there is no pay; after it, Ben again from May.
    #expect(
      try EdgeCaseTests.showEntries(try fixture.leads(["show", "--at", "2026-04-15", "--format", "json"]))[
        "pay"] == nil)
    let may = try EdgeCaseTests.showEntries(
      try fixture.leads(["show", "--at", "2026-05-15", "--format", "json"]))
    #expect(may["pay"]?["lead"] as? String == "ben" && may["pay"]?["lead_since"] as? String == "2026-05-01")
    #expect(may["pay"]?["tenure_days"] as? Int == 14)
    let early = try fixture.leads(["show", "--at", "2025-12-31"])
    #expect(
      early.status == 2
        && early.stderr.contains("no commit on the first-parent line had landed by 2025-12-31"))
  }
}

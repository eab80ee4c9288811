import Foundation
import Testing

/// `leads suggest`: each ranking rule decides between two people who differ in that rule alone, the one it
/// ranks lower being first in name order, so that the test fails when the rule is removed.
struct SuccessionTests {
  static let now = "2026-12-01"
  static let everyone = [
    "lena", "pat", "kim", "zak", "ali", "ben", "zoe", "tom", "wyn", "abe", "amy", "yan", "zia", "aya", "cal",
    "dee", "eve", "deploy-bot",
  ]

  /// `pay` (team core) was Pat's, then Lena's since 2024-06-01: its rotation is overdue. Kim and Zak led
  /// posts that Lena took over; Ali leads one post, Ben three (max_posts). In the window Zoe (on the team)
  /// and Wyn made commits to `pay`, Ben many. Cal left, Dee leaves this month, Eve takes no posts, the
  /// deploy bot is a bot, Aya is away.
  static func repository() throws -> Fixture {
    let fixture = try Fixture()
    for person in everyone {
      var extra = ""
      switch person {
      case "cal": extra = "left: 2026-01-01\n"
      case "dee": extra = "left: 2026-12-20\n"
      case "eve": extra = "not_leading: {reason: parental leave}\n"
      case "aya": extra = "away: {from: 2026-11-25, until: 2026-12-12}\n"
      default: break
      }
      try fixture.write(
        "registry/people/\(person).md", "---\nkind: person\nemails: [\(person)@example.com]\n\(extra)---\n")
    }
    try fixture.write("registry/leads.yml", "bots: [deploy-bot@example.com]\n")
    try fixture.write(
      "registry/teams/core.md",
      "---\nkind: team\nmembers: [lena, tom, zoe]\nleadership: {direction: lena, people: lena, project: lena, technical: lena}\n---\n"
    )
    func service(_ id: String, lead: String, backup: String = "[lena]", team: String = "core") throws {
      try fixture.write("\(id)/main.swift", "print(0)\n")
      try fixture.write(
        "registry/services/\(id).md",
        "---\nkind: service\nlead: \(lead)\nbackup: \(backup)\nteam: \(team)\npaths: [/\(id)/]\n---\n")
    }
    try service("pay", lead: "pat")
    try service("old1", lead: "kim")
    try service("old2", lead: "zak")
    try service("old3", lead: "ali")
    for post in ["b1", "b2", "b3"] { try service(post, lead: "ben") }
    try fixture.write(
      "registry/services/ledger.md",
      "---\nkind: service\nstatus: seeking-lead\nteam: core\npaths: [/pay/]\n---\n")
    try fixture.commit("registry", by: "Lena <lena@example.com>", on: "2024-01-01")
    try service("pay", lead: "lena", backup: "[pat]")
    try service("old1", lead: "lena", backup: "[tom]")
    try service("old2", lead: "lena", backup: "[tom]")
    try fixture.commit("Lena takes over", by: "Lena <lena@example.com>", on: "2024-06-01")
    // Everyone who could be suggested works in the repository (elsewhere than `pay`).
    for person in everyone where !["cal", "dee", "eve", "deploy-bot"].contains(person) {
      try fixture.write("docs/\(person).md", "\(person)\n")
      try fixture.commit("notes", by: "\(person) <\(person)@example.com>", on: "2026-11-01")
    }
    var day = 10
    for (author, count) in [("zoe", 2), ("wyn", 1), ("ben", 6)] {
      for index in 0..<count {
        try fixture.write("pay/\(author)\(index).swift", "print(\(index))\n")
        try fixture.commit("pay work", by: "\(author) <\(author)@example.com>", on: "2026-11-\(day)")
        day += 1
      }
    }
    return fixture
  }

  static func suggestions(_ fixture: Fixture, _ arguments: [String] = []) throws -> [[String: Any]] {
    let run = try fixture.leads(["suggest", "--format", "json", "--now", now] + arguments)
    #expect(run.status == 0, "\(run.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(object["version"] as? Int == 1)
    return try #require(object["posts"] as? [[String: Any]])
  }

  @Test func theActivePersonWhoLeadsNothingComesFirstAndNobodyWhoCannotTakeItIsSuggested() throws {
    let fixture = try SuccessionTests.repository()
    let posts = try SuccessionTests.suggestions(fixture)
    let pay = try #require(posts.first { $0["id"] as? String == "pay" && $0["role"] as? String == "lead" })
    #expect((pay["why"] as? [String])?.contains { $0.hasPrefix("rotation overdue since") } == true, "\(pay)")
    let candidates = try #require(pay["candidates"] as? [[String: Any]])
    let order = candidates.compactMap { $0["person"] as? String }
    #expect(order.first == "zoe", "\(order)")
    #expect(order.last == "ben", "at max_posts, last: \(order)")
    let last = try #require(candidates.last?["reasons"] as? [String])
    #expect(last.contains { $0.contains("at max_posts (3): ranked last") }, "\(last)")
    for never in ["lena", "cal", "dee", "eve", "deploy-bot"] {
      #expect(!order.contains(never), "\(never) is never suggested: \(order)")
    }
    let first = try #require(candidates.first?["reasons"] as? [String])
    #expect(first.contains { $0.hasPrefix("active in 2 commits to the post") }, "\(first)")
    #expect(first.contains { $0.hasPrefix("has never led a post") })
    #expect(first.contains { $0.hasPrefix("on the team core") })
    #expect(candidates.first?["score"] as? Int == 6 + 15 + 20)
    // An open post is asked for too, and a post without a backup gets backup candidates.
    #expect(
      posts.contains {
        $0["id"] as? String == "ledger" && ($0["why"] as? [String]) == ["open: nobody leads it"]
      })
  }

  @Test func eachRankingRuleDecidesBetweenTwoPeopleWhoDifferOnlyInIt() throws {
    let fixture = try SuccessionTests.repository()
    let posts = try SuccessionTests.suggestions(fixture, ["pay"])
    #expect(posts.count == 1, "one post asked for, and it has a backup")
    let order = try #require(posts.first?["candidates"] as? [[String: Any]]).compactMap {
      $0["person"] as? String
    }
    func before(_ winner: String, _ loser: String, _ rule: String) {
      let a = order.firstIndex(of: winner) ?? .max
      let b = order.firstIndex(of: loser) ?? .max
      #expect(a < b, "\(rule): \(winner) before \(loser) in \(order)")
    }
    before("wyn", "abe", "activity on the post")
    before("tom", "amy", "team membership")
    before("yan", "kim", "never having led a post")
    before("pat", "kim", "having led this post before")
    before("zak", "ali", "posts led now")
    before("zia", "aya", "away this month")
  }

  @Test func rotateWithoutANewLeadPrintsTheCandidatesAndChangesNothing() throws {
    let fixture = try SuccessionTests.repository()
    let before = try fixture.read("registry/services/pay.md")
    let rotate = try fixture.leads(["rotate", "pay", "--now", SuccessionTests.now])
    #expect(rotate.status == 0, "\(rotate.stderr)")
    #expect(
      rotate.stdout.hasPrefix("pay: a lead — rotation overdue since 2025-06-01\n  1. zoe (41): "),
      "\(rotate.stdout)")
    #expect(rotate.stderr.contains("nothing changed; hand it over with `leads rotate pay --to zoe`"))
    #expect(try fixture.read("registry/services/pay.md") == before)
    let unknown = try fixture.leads(["suggest", "pya", "--now", SuccessionTests.now])
    #expect(unknown.status == 2 && unknown.stderr.contains("did you mean 'pay'?"), "\(unknown.stderr)")
  }

  @Test func aHandoffTheNewLeadMadeAloneIsSelfAppointedUnlessTheOldLeadReviewedIt() throws {
    let fixture = try SuccessionTests.repository()
    func findings() throws -> [[String: Any]] {
      let lint = try fixture.leads(["lint", "--format", "json", "--now", SuccessionTests.now])
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [String: Any])
      return try #require(object["diagnostics"] as? [[String: Any]]).filter {
        $0["rule"] as? String == "self-appointed-handoff"
      }
    }
    // Lena took pay, old1 and old2 in a commit only she made.
    let before = try findings()
    #expect(Set(before.compactMap { $0["entry"] as? String }) == ["pay", "old1", "old2"], "\(before)")
    let pay = try #require(before.first { $0["entry"] as? String == "pay" })
    #expect((pay["data"] as? [String: Any])?["other"] as? String == "pat")
    #expect((pay["message"] as? String)?.contains("`Reviewed-by: pat <pat@example.com>`") == true, "\(pay)")
    // Tom takes old1 with Lena's review (the trailer `rotate` prints): confirmed.
    let rotate = try fixture.leads(["rotate", "old1", "--to", "tom", "--now", SuccessionTests.now])
    #expect(rotate.status == 0, "\(rotate.stderr)")
    #expect(rotate.stderr.contains("\nReviewed-by: lena <lena@example.com>\n"), "\(rotate.stderr)")
    try fixture.git(["add", "-A"])
    try fixture.git(
      ["commit", "-q", "-m", "Hand old1 to tom", "-m", "Reviewed-by: lena <lena@example.com>"],
      environment: [
        "GIT_AUTHOR_NAME": "tom", "GIT_AUTHOR_EMAIL": "tom@example.com",
        "GIT_AUTHOR_DATE": "2026-11-28T12:00:00Z", "GIT_COMMITTER_DATE": "2026-11-28T12:00:00Z",
      ])
    let after = try findings()
    #expect(!after.contains { $0["entry"] as? String == "old1" }, "\(after)")
    #expect(after.contains { $0["entry"] as? String == "pay" })
  }

  @Test func registryReviewRoutesEachLeadFileToItsLeadAndBackups() throws {
    let fixture = try SuccessionTests.repository()
    try fixture.write(
      "registry/leads.yml", "bots: [deploy-bot@example.com]\ncodeowners: {registry_review: true}\n")
    let write = try fixture.leads(["codeowners", "--write"])
    #expect(write.status == 0, "\(write.stderr)")
    let text = String(decoding: try #require(try fixture.read(".github/CODEOWNERS")), as: UTF8.self)
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.contains("/registry/services/pay.md lena@example.com pat@example.com"), "\(text)")
    #expect(lines.contains("/registry/teams/core.md lena@example.com"), "\(text)")
    let review = try #require(
      lines.firstIndex(of: "/registry/services/pay.md lena@example.com pat@example.com"))
    let service = try #require(lines.firstIndex { $0.hasPrefix("/pay/ ") })
    #expect(service < review, "the lead file's line comes after every path line, so it wins")
    let who = try fixture.leads(["who", "registry/services/pay.md"])
    #expect(who.stdout.contains("lena@example.com pat@example.com"), "\(who.stdout)")
    // Off by default: a registry that does not ask gets no such line.
    try fixture.write("registry/leads.yml", "bots: [deploy-bot@example.com]\n")
    #expect(!(try fixture.leads(["codeowners"]).stdout.contains("/registry/services/pay.md")))
    // GitLab: the lines go in a section of their own.
    try fixture.write("registry/leads.yml", "codeowners: {registry_review: true, flavor: gitlab}\n")
    let gitlab = try fixture.leads(["codeowners"]).stdout
    #expect(
      gitlab.contains("[Registry]\n/registry/services/b1.md ben@example.com lena@example.com"), "\(gitlab)")
  }

  @Test func someoneInactiveEverywhereRanksBelowAnActivePeer() throws {
    let fixture = try SuccessionTests.repository()
    // Aaron never committed anything; Abe (same otherwise) works in the repository.
    try fixture.write("registry/people/aaron.md", "---\nkind: person\nemails: [aaron@example.com]\n---\n")
    try fixture.commit("aaron", by: "lena <lena@example.com>", on: "2026-11-20")
    let posts = try SuccessionTests.suggestions(fixture, ["pay"])
    let candidates = try #require(posts.first?["candidates"] as? [[String: Any]])
    let order = candidates.compactMap { $0["person"] as? String }
    #expect((order.firstIndex(of: "abe") ?? .max) < (order.firstIndex(of: "aaron") ?? .max), "\(order)")
    let inactive = try #require(
      candidates.first { $0["person"] as? String == "aaron" }?["reasons"] as? [String])
    #expect(inactive.contains { $0.hasPrefix("no activity anywhere in the repository") }, "\(inactive)")
  }

  @Test func aLeadLeavingOrAwayLongNeedsASuccessor() throws {
    let fixture = try SuccessionTests.repository()
    try fixture.write("ops/main.swift", "print(0)\n")
    try fixture.write(
      "registry/services/ops.md",
      "---\nkind: service\nlead: dee\nbackup: [zoe]\nteam: core\npaths: [/ops/]\n---\n")
    try fixture.write(
      "registry/services/web.md",
      "---\nkind: service\nlead: aya\nbackup: [zoe]\nteam: core\npaths: [/ops/]\n---\n")
    try fixture.commit("ops", by: "lena <lena@example.com>", on: "2026-11-20")
    let posts = try SuccessionTests.suggestions(fixture)
    let ops = try #require(posts.first { $0["id"] as? String == "ops" })
    #expect(ops["why"] as? [String] == ["the lead leaves on 2026-12-20"], "\(ops)")
    // Aya is away for less than a month: her post needs nobody; a month or more, it does.
    #expect(!posts.contains { $0["id"] as? String == "web" && $0["role"] as? String == "lead" })
    try fixture.write(
      "registry/people/aya.md",
      "---\nkind: person\nemails: [aya@example.com]\naway: {from: 2026-11-25, until: 2027-01-31}\n---\n")
    let longer = try SuccessionTests.suggestions(fixture)
    let web = try #require(longer.first { $0["id"] as? String == "web" && $0["role"] as? String == "lead" })
    #expect(web["why"] as? [String] == ["the lead is away 2026-11-25 to 2027-01-31"], "\(web)")
  }

  @Test func drillNamesEverythingADepartureBreaks() throws {
    let fixture = try SuccessionTests.repository()
    func drill(_ person: String) throws -> [String: Any] {
      let run = try fixture.leads([
        "drill", "--leave", person, "--format", "json", "--now", SuccessionTests.now,
      ])
      #expect(run.status == 0, "\(run.stderr)")
      return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }
    func ids(_ list: Any?) -> [String] { (list as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
    let lena = try drill("lena")
    #expect(lena["version"] as? Int == 1 && lena["person"] as? String == "lena")
    #expect(lena["leaves"] as? String == SuccessionTests.now)
    #expect(ids(lena["posts_without_lead"]) == ["old1", "old2", "pay"], "\(lena)")
    let successors = (lena["posts_without_lead"] as? [[String: Any]] ?? []).compactMap {
      $0["successor"] as? String
    }
    #expect(successors.count == 3 && !successors.contains("lena"), "\(successors)")
    #expect(ids(lena["posts_without_backup"]) == ["b1", "b2", "b3", "old3"], "\(lena)")
    let categories = try #require(lena["unheld_categories"] as? [[String: Any]])
    #expect(
      categories.compactMap { $0["category"] as? String } == ["direction", "people", "project", "technical"])
    #expect(categories.allSatisfy { $0["team"] as? String == "core" && $0["successor"] as? String == "tom" })
    // Ben made the latest commits to pay: it is on his list, with the day.
    let ben = try drill("ben@example.com")
    #expect(ids(ben["posts_without_lead"]) == ["b1", "b2", "b3"])
    let recent = try #require(
      (ben["recent_activity"] as? [[String: Any]])?.first { $0["id"] as? String == "pay" })
    #expect(recent["last_activity"] as? String == "2026-11-18", "\(recent)")
    let text = try fixture.leads(["drill", "--leave", "lena", "--now", SuccessionTests.now])
    #expect(
      text.stdout.hasPrefix(
        "If lena leaves on 2026-12-01:\n\nPosts that lose their lead: 3\n  old1 (suggested: "))
    let unknown = try fixture.leads(["drill", "--leave", "lenna"])
    #expect(unknown.status == 2 && unknown.stderr.contains("did you mean 'lena'?"), "\(unknown.stderr)")
  }

  @Test func aBackupOnPaperIsReported() throws {
    let fixture = try SuccessionTests.repository()
    let lint = try fixture.leads(["lint", "--format", "json", "--now", SuccessionTests.now])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [String: Any])
    let paper = try #require(object["diagnostics"] as? [[String: Any]]).filter {
      $0["rule"] as? String == "paper-backup"
    }
    let pay = try #require(paper.first { $0["entry"] as? String == "pay" }, "\(paper)")
    #expect((pay["data"] as? [String: Any])?["person"] as? String == "pat")
    #expect((pay["data"] as? [String: Any])?["threshold"] as? Int == 60)
    #expect(pay["line"] as? Int == 4, "at the backup: \(pay)")
  }
}

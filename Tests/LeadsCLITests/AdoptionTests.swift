import Foundation
import Testing

/// Adopting leads in a repository that already has a hand-written CODEOWNERS.
struct AdoptionTests {
  /// A 30-line hand-written file: a `*` fallback, team owners, a cross-cutting `*.md`, handles and emails, a
  /// line with no owners, a pattern the registry refuses, and lines a later one overrides.
  static let handWritten = """
    # Hand-written CODEOWNERS for the shop
    * @acme/everyone

    # Services
    /services/checkout/ @anna-l andy@example.com
    /services/checkout/api/ andy@example.com
    /services/search/ andy@example.com @anna-l
    /services/search/ranking.swift @acme/ranking
    /services/billing/ @acme/payments
    /services/billing/legacy/ bea@example.com @acme/payments
    /services/notify/ @dora
    /services/notify/templates/ @dora @acme/writers

    # Infrastructure
    /infra/ @acme/sre
    /infra/terraform/ carl@example.com @acme/sre
    Makefile @acme/sre
    /.github/ @acme/sre

    # Docs and web
    *.md @acme/writers
    /docs/ bea@example.com
    /docs/internal/ @acme/writers bea@example.com
    /web/ anna@example.com
    *.js @acme/frontend anna@example.com
    /web/vendor/
    /web/lib/[ab]*.js @acme/frontend

    # Data
    /data/ carl@example.com
    /data/schemas/*.json carl@example.com @acme/data

    """

  static let files = [
    "services/checkout/main.swift", "services/checkout/README.md", "services/checkout/api/handler.swift",
    "services/search/index.swift", "services/search/ranking.swift", "services/billing/pay.swift",
    "services/billing/legacy/old.swift", "services/notify/send.swift", "services/notify/templates/welcome.md",
    "infra/main.tf", "infra/terraform/vpc.tf", "Makefile", ".github/workflows/ci.yml", "docs/guide.md",
    "docs/internal/runbook.md", "docs/api.md", "web/app.js", "web/lib/a1.js", "web/lib/c1.js",
    "web/vendor/jquery.js", "web/index.html", "data/users.csv", "data/schemas/user.json", "README.md",
    "LICENSE",
  ]

  /// The repository: the files and the hand-written CODEOWNERS, with two years of history in which the
  /// owners changed, and recent work on the paths that only teams own.
  static func repository() throws -> Fixture {
    let fixture = try Fixture()
    for file in files { try fixture.write(file, "\(file)\n") }
    try fixture.write(".github/CODEOWNERS", handWritten.replacingOccurrences(of: "@anna-l", with: "@zoe"))
    try fixture.commit("The shop", by: "Zoe <zoe@example.com>", on: "2024-06-01")
    try fixture.write(".github/CODEOWNERS", handWritten)
    try fixture.commit("Anna takes checkout and search", by: "Anna <anna@example.com>", on: "2025-02-01")
    for (day, author, file) in [
      ("2026-04-02", "Carl <carl@example.com>", "services/billing/pay.swift"),
      ("2026-04-03", "Carl <carl@example.com>", "services/billing/pay.swift"),
      ("2026-04-04", "Dora <dora@example.com>", "services/billing/pay.swift"),
      ("2026-04-05", "Carl <carl@example.com>", "infra/main.tf"),
      ("2026-04-06", "Eve <eve@example.com>", "services/search/ranking.swift"),
    ] {
      try fixture.write(file, "\(file) \(day)\n")
      try fixture.commit("work", by: author, on: day)
    }
    return fixture
  }

  static func oracle(_ codeowners: String, _ files: [String]) throws -> [String: Set<String>] {
    try oracleOwners(codeowners: codeowners, paths: files).mapValues { Set($0.map { $0.lowercased() }) }
  }

  @Test(.enabled(if: oraclePython != nil, "scripts/test installs the independent parser"))
  func importKeepsEveryReviewerAndAddsOnlyWhatItSays() throws {
    let fixture = try AdoptionTests.repository()
    let codeownersFile = fixture.root.appendingPathComponent(".github/CODEOWNERS")
    let before = try AdoptionTests.oracle(AdoptionTests.handWritten, AdoptionTests.files)
    let dryRun = try fixture.leads(["import", "codeowners", "--dry-run", "--now", "2026-05-01"])
    #expect(dryRun.status == 0, "\(dryRun.stderr)")
    #expect(try fixture.git(["status", "--porcelain"]).isEmpty, "--dry-run wrote something")
    let imported = try fixture.leads(["import", "codeowners", "--now", "2026-05-01"])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout == dryRun.stdout.components(separatedBy: "\n--- ").first)
    let afterText = try String(contentsOf: codeownersFile, encoding: .utf8)
    let after = try AdoptionTests.oracle(afterText, AdoptionTests.files)
    // Owners the summary says were added: leads and backups proposed for lines that named only teams.
    let summary = imported.stdout
    #expect(
      summary.contains(
        "services-billing: /services/billing/ — lead carl@example.com, backups dora@example.com"))
    for file in AdoptionTests.files {
      let lost = before[file, default: []].subtracting(after[file, default: []])
      #expect(lost.isEmpty, "\(file) lost \(lost)")
      for added in after[file, default: []].subtracting(before[file, default: []]) {
        #expect(
          summary.contains("lead \(added)") || summary.contains("runner-up \(added)"),
          "\(file) gained \(added)")
      }
    }
    // The lines the registry cannot express stay, with their reasons.
    #expect(summary.contains("line 2: * @acme/everyone — a catch-all fallback"))
    #expect(summary.contains("line 26: /web/vendor/ — it names no owners"))
    #expect(
      summary.contains("line 27: /web/lib/[ab]*.js @acme/frontend — pattern '/web/lib/[ab]*.js' uses '[ ]'"))
    #expect(afterText.contains("/web/vendor/\n") && afterText.contains("# BEGIN leads"))
    // What was written lints without errors and needs no rewrite.
    let check = try fixture.leads(["codeowners", "--check"])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    let lint = try fixture.leads(["lint", "--no-history", "--format", "json"])
    #expect(lint.status == 0, "\(lint.stdout)")
    // who and coverage answer from the whole file, as the independent parser does.
    let who = try fixture.leads(["who", "--format", "json"] + AdoptionTests.files)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(who.stdout.utf8)) as? [String: Any])
    for answer in try #require(object["paths"] as? [[String: Any]]) {
      let path = try #require(answer["path"] as? String)
      let owners = Set((answer["owners"] as? [String] ?? []).map { $0.lowercased() })
      #expect(owners == after[path, default: []], "\(path)")
    }
    let coverage = try fixture.leads(["coverage", "--format", "json"])
    let covered = try #require(
      try JSONSerialization.jsonObject(with: Data(coverage.stdout.utf8)) as? [String: Any])
    let tracked = try fixture.git(["ls-files"]).split(separator: "\n").map(String.init)
    let owned = try AdoptionTests.oracle(afterText, tracked).values.filter { !$0.isEmpty }.count
    #expect(covered["owned"] as? Int == owned)
  }

  @Test func aShadowedHandWrittenLineIsReported() throws {
    let fixture = try AdoptionTests.repository()
    #expect(try fixture.leads(["import", "codeowners", "--now", "2026-05-01"]).status == 0)
    let lint = try fixture.leads(["lint", "--no-history"])
    #expect(lint.stdout.contains("[codeowners-shadowed]"), "\(lint.stdout)")
    #expect(lint.stdout.contains("is overridden by"), "\(lint.stdout)")
  }

  @Test func importRefusesToOverwriteEntriesAndNamesAMissingFile() throws {
    let fixture = try AdoptionTests.repository()
    let missing = try fixture.leads(["import", "codeowners", "nothing-here"])
    #expect(
      missing.status == 2 && missing.stderr.contains("nothing-here does not exist"), "\(missing.stderr)")
    #expect(try fixture.leads(["import", "codeowners", "--now", "2026-05-01"]).status == 0)
    try fixture.git(["checkout", "--", ".github/CODEOWNERS"])
    let again = try fixture.leads(["import", "codeowners", "--now", "2026-05-01"])
    #expect(again.status == 2, "\(again.stderr)")
    #expect(again.stderr.contains("registry/ already has"), "\(again.stderr)")
  }
}

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
      ("2026-04-07", "Dora <12345+dora@users.noreply.github.com>", "services/notify/send.swift"),
      ("2026-04-08", "Eve <eve@example.com>", "README.md"),
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
    // A line that named only teams is an open post of its team: nobody guessed as lead.
    let summary = imported.stdout
    #expect(
      summary.contains("billing: /services/billing/ — open (seeking a lead), team payments"),
      "\(summary)")
    #expect(summary.contains("Open posts (4)"))
    // Ids and titles come from the pattern's last folder; comments above a line are kept in the body.
    let checkout = String(
      decoding: try #require(try fixture.read("registry/services/checkout.md")), as: UTF8.self)
    #expect(checkout.contains("title: Checkout\n") && checkout.contains("> Services\n"), "\(checkout)")
    // Every file keeps exactly the owners it had: none lost, none gained.
    for file in AdoptionTests.files {
      #expect(
        before[file, default: []] == after[file, default: []],
        "\(file): \(before[file] ?? []) → \(after[file] ?? [])")
    }
    // Team owners become team entries that the posts name; CODEOWNERS lists them after lead and backups.
    #expect(
      summary.contains(
        "legacy: /services/billing/legacy/ — lead bea@example.com, team payments"))
    #expect(summary.contains("  sre: @acme/sre, members carl"), "\(summary)")
    let team = try String(
      contentsOf: fixture.root.appendingPathComponent("registry/teams/payments.md"), encoding: .utf8)
    #expect(team.contains("handle: '@acme/payments'"), "\(team)")
    // Commit history joins the handle to the no-reply address its owner commits with.
    #expect(summary.contains("@dora 12345+dora@users.noreply.github.com"), "\(summary)")
    // The lines the registry cannot express stay, with their reasons.
    #expect(summary.contains("line 2: * @acme/everyone — a catch-all fallback"))
    #expect(summary.contains("line 26: /web/vendor/ — it names no owners"))
    #expect(
      summary.contains("line 27: /web/lib/[ab]*.js @acme/frontend — pattern '/web/lib/[ab]*.js' uses '[ ]'"))
    #expect(afterText.contains("/web/vendor/\n") && afterText.contains("# BEGIN leads"))
    // What was written lints without errors and needs no rewrite.
    let check = try fixture.leads(["codeowners", "--check"])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    // The only error is the hand-written line GitHub cannot read, which the import kept as it was.
    let lint = try fixture.leads(["lint", "--no-history", "--format", "json"])
    let errors = try JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [String: Any]
    let found = ((errors?["diagnostics"] as? [[String: Any]]) ?? []).filter {
      $0["severity"] as? String == "error"
    }
    #expect(found.map { $0["rule"] as? String } == ["codeowners-invalid"], "\(lint.stdout)")
    #expect(!lint.stdout.contains("overloaded-lead") && !lint.stdout.contains("stale-owner"))
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

  /// With team handles off in the config, CODEOWNERS would not list a post's team, so team owners stay backups.
  @Test func teamOwnersStayBackupsWhenTheConfigTurnsTeamHandlesOff() throws {
    let fixture = try AdoptionTests.repository()
    try fixture.write("registry/leads.yml", "codeowners:\n  team_handles: false\n")
    let imported = try fixture.leads(["import", "codeowners", "--now", "2026-05-01"])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(
      imported.stdout.contains(
        "billing: /services/billing/ — open (seeking a lead), backups @acme/payments\n"
      ),
      "\(imported.stdout)")
    #expect(!imported.stdout.contains("Teams ("))
    #expect(
      !FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("registry/teams").path))
    let check = try fixture.leads(["codeowners", "--check"])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
  }

  /// History's suggestion for an open post goes to the summary, never into a file; an import with nothing to
  /// write says why in its first line.
  @Test func proposalsStayInTheSummaryAndAQuietImportSaysWhy() throws {
    let fixture = try AdoptionTests.repository()
    let proposed = try fixture.leads(["import", "codeowners", "--propose-leads", "--now", "2026-05-01"])
    #expect(proposed.status == 0, "\(proposed.stderr)")
    #expect(
      proposed.stdout.contains(
        "  billing: history suggests carl@example.com (2 commits to its paths in the activity window), then dora@example.com; not written"
      ), "\(proposed.stdout)")
    let billing = String(
      decoding: try #require(try fixture.read("registry/services/billing.md")), as: UTF8.self)
    #expect(
      billing.contains("status: seeking-lead") && !billing.contains("carl") && !billing.contains("dora"),
      "\(billing)")

    let quiet = try Fixture()
    try quiet.write("README.md", "x\n")
    try quiet.write(".github/CODEOWNERS", "* @acme/everyone\n/vendor/\n")
    try quiet.commit("quiet")
    let nothing = try quiet.leads(["import", "codeowners", "--now", "2026-05-01"])
    #expect(
      nothing.stdout.hasPrefix(
        "Nothing to import: every line of .github/CODEOWNERS stays hand-written (see below); write lead files by hand"
      ), "\(nothing.stdout)")
    #expect(nothing.stderr.contains("nothing to import; nothing was written"))
  }

  @Test func aShadowedHandWrittenLineIsReported() throws {
    let fixture = try AdoptionTests.repository()
    #expect(try fixture.leads(["import", "codeowners", "--now", "2026-05-01"]).status == 0)
    let clean = try fixture.leads(["lint", "--no-history"])
    #expect(!clean.stdout.contains("[codeowners-shadowed]"), "\(clean.stdout)")
    // Someone adds a review requirement above the generated block: the block silently overrides it.
    let path = fixture.root.appendingPathComponent(".github/CODEOWNERS")
    let text = try String(contentsOf: path, encoding: .utf8)
    try Data(("/services/billing/ @acme/risk\n" + text).utf8).write(to: path)
    let lint = try fixture.leads(["lint", "--no-history"])
    #expect(
      lint.stdout.contains(
        ".github/CODEOWNERS:1:1: warning: hand-written line 1 '/services/billing/ @acme/risk' is overridden by generated line"
      ), "\(lint.stdout)")
    #expect(lint.stdout.contains("[codeowners-shadowed]"), "\(lint.stdout)")
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

  /// Import writes every file or none: a failure half-way leaves no entry behind and CODEOWNERS as it was,
  /// and the same command works once the cause is gone.
  @Test func importIsAllOrNothing() throws {
    let fixture = try AdoptionTests.repository()
    let codeowners = try fixture.read(".github/CODEOWNERS")
    let plan = try fixture.leads(["import", "codeowners", "--dry-run", "--now", "2026-05-01"])
    #expect(plan.stdout.contains("--- registry/people/"), "people are planned: \(plan.stdout.prefix(500))")
    // A file where the people folder should be: the services (written first) can be, the people cannot.
    try fixture.write("registry/people", "not a folder\n")
    let failed = try fixture.leads(["import", "codeowners", "--now", "2026-05-01"])
    #expect(failed.status == 2, "\(failed.stderr)")
    #expect(
      failed.stderr.contains("nothing was written") || failed.stderr.contains("not a folder"),
      "\(failed.stderr)")
    let left = try FileManager.default.subpathsOfDirectory(
      atPath: fixture.root.appendingPathComponent("registry").path)
    #expect(left == ["people"], "\(left)")
    #expect(try fixture.read(".github/CODEOWNERS") == codeowners)
    try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("registry/people"))
    let retried = try fixture.leads(["import", "codeowners", "--now", "2026-05-01"])
    #expect(retried.status == 0, "\(retried.stderr)")
    #expect(try fixture.read(".github/CODEOWNERS") != codeowners)
  }
}

/// Tenure from before the registry existed: CODEOWNERS' own history, then a declared `lead_since`.
struct TenureBeforeTheRegistryTests {
  static let anna = "Anna <anna@example.com>"

  /// Zoe owned checkout, then Anna from 2024-06-01 (the file changed again later, still naming her); infra
  /// was only ever a team's. The registry arrives on 2025-03-01.
  static func repository(infraLeadSince: String) throws -> Fixture {
    let fixture = try Fixture()
    try fixture.write("services/checkout/main.swift", "1\n")
    try fixture.write("infra/main.tf", "1\n")
    try fixture.write(".github/CODEOWNERS", "/services/checkout/ @zoe\n/infra/ @acme/sre\n")
    try fixture.commit("start", by: anna, on: "2024-01-10")
    try fixture.write(
      ".github/CODEOWNERS", "/services/checkout/ @anna-l andy@example.com\n/infra/ @acme/sre\n")
    try fixture.commit("Anna takes checkout", by: anna, on: "2024-06-01")
    try fixture.write(
      ".github/CODEOWNERS",
      "/services/checkout/ @anna-l andy@example.com\n/infra/ @acme/sre\n*.md @acme/writers\n")
    try fixture.commit("writers", by: anna, on: "2025-01-05")
    try fixture.write(
      "registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\nhandle: '@anna-l'\n---\n")
    try fixture.write("registry/people/carl.md", "---\nkind: person\nemails: [carl@example.com]\n---\n")
    try fixture.write(
      "registry/services/checkout.md",
      "---\nkind: service\nlead: anna\nbackup: [andy@example.com]\npaths: [/services/checkout/]\n---\n")
    try fixture.write(
      "registry/services/infra.md",
      "---\nkind: service\nlead: carl\nbackup: ['@acme/sre']\npaths: [/infra/]\nlead_since: \(infraLeadSince)\n---\n"
    )
    try fixture.commit("registry", by: anna, on: "2025-03-01")
    return fixture
  }

  @Test func tenureReachesBackThroughCodeownersThenTheDeclaredDate() throws {
    let fixture = try TenureBeforeTheRegistryTests.repository(infraLeadSince: "2023-09-01")
    let entries = try show(fixture, now: "2026-03-01", ["--no-cache"])
    // Anna's run continues through the CODEOWNERS states that named her (as @anna-l), back to 2024-06-01.
    #expect(entries["checkout"]?["lead_since"] as? String == "2024-06-01", "\(entries["checkout"] ?? [:])")
    #expect(entries["checkout"]?["lead_since_exact"] as? Bool == true)
    #expect(entries["checkout"]?["lead_since_declared"] as? Bool == false)
    // Only a team owned infra: history cannot tell, and the declared date speaks for before the entry.
    #expect(entries["infra"]?["lead_since"] as? String == "2023-09-01")
    #expect(entries["infra"]?["lead_since_declared"] as? Bool == true)
    let text = try fixture.leads(["show", "--now", "2026-03-01", "--no-cache"])
    #expect(text.stdout.contains("2023-09-01 (declared)"), "\(text.stdout)")
    // The log's current runs start where show says, the declared one marked as such.
    let log = try fixture.leads(["log", "checkout", "infra", "--format", "json", "--now", "2026-03-01"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [String: Any])
    let posts = try #require(object["posts"] as? [[String: Any]])
    let current = posts.map { ($0["runs"] as? [[String: Any]])?.last ?? [:] }
    #expect(current.map { $0["since"] as? String } == ["2024-06-01", "2023-09-01"], "\(log.stdout)")
    #expect(current.map { $0["since_declared"] as? Bool } == [false, true])
    // A year after the registry arrived, Anna's tenure is already past a year: unrotated-post sees it.
    let lint = try fixture.leads(["lint", "--now", "2026-03-01", "--no-cache"])
    #expect(lint.stdout.contains("'anna' has led 'checkout'"), "\(lint.stdout)")
    #expect(!lint.stdout.contains("[lead-since]"), "\(lint.stdout)")
    // The same with the history cache warm.
    _ = try fixture.leads(["show", "--now", "2026-03-01"])
    let warm = try show(fixture, now: "2026-03-01")
    #expect(warm["checkout"]?["lead_since"] as? String == "2024-06-01")
  }

  /// A second owner is a backup, never a lead; and leads' own generated block is not hand-written history.
  @Test func onlyAFirstOwnerOfAHandWrittenLineWasLead() throws {
    let anna = TenureBeforeTheRegistryTests.anna
    let fixture = try Fixture()
    try fixture.write("services/checkout/main.swift", "1\n")
    try fixture.write("services/search/main.swift", "1\n")
    try fixture.write(".github/CODEOWNERS", "/services/checkout/ @zoe @anna-l\n")
    try fixture.commit("Zoe owns checkout, Anna backs up", by: anna, on: "2024-01-10")
    try fixture.write(
      ".github/CODEOWNERS",
      "/services/checkout/ @anna-l @zoe\n# BEGIN leads: generated\n/services/search/ @anna-l\n# END leads\n")
    try fixture.commit(
      "Anna takes checkout; a generated block names her for search", by: anna, on: "2024-06-01")
    try fixture.write(
      "registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\nhandle: '@anna-l'\n---\n")
    for (id, path) in [("checkout", "/services/checkout/"), ("search", "/services/search/")] {
      try fixture.write(
        "registry/services/\(id).md",
        "---\nkind: service\nlead: anna\nbackup: ['@zoe']\npaths: [\(path)]\n---\n")
    }
    try fixture.commit("registry", by: anna, on: "2025-03-01")
    let entries = try show(fixture, now: "2025-06-01")
    #expect(
      entries["checkout"]?["lead_since"] as? String == "2024-06-01", "not 2024-01-10, when she was second")
    #expect(entries["checkout"]?["lead_since_source"] as? String == "codeowners")
    #expect(entries["search"]?["lead_since"] as? String == "2025-03-01", "the generated block is not history")
    #expect(entries["search"]?["lead_since_source"] as? String == "registry")
    let text = try fixture.leads(["show", "--now", "2025-06-01"])
    #expect(text.stdout.contains("2024-06-01 (CODEOWNERS)"), "\(text.stdout)")
    let log = try fixture.leads(["log", "checkout", "--format", "json", "--now", "2025-06-01"])
    #expect(log.stdout.contains("\"since_source\" : \"codeowners\""), "\(log.stdout)")
  }

  /// A CODEOWNERS line whose pattern changed in the commit that moved its folder is the same line; a pattern
  /// changed without a move is not.
  @Test func aLineFollowsItsFolderAcrossAMove() throws {
    let anna = TenureBeforeTheRegistryTests.anna
    func repository(moving: Bool) throws -> Fixture {
      let fixture = try Fixture()
      try fixture.write("src/checkout/main.swift", "1\n")
      try fixture.write("src/checkout/cart.swift", "1\n")
      try fixture.write(".github/CODEOWNERS", "/src/checkout/ @anna-l @zoe\n")
      try fixture.commit("Anna owns checkout", by: anna, on: "2024-01-10")
      if moving {
        try fixture.git(["mv", "src/checkout", "services"])
      } else {
        try fixture.write("services/main.swift", "1\n")
      }
      try fixture.write(".github/CODEOWNERS", "/services/ @anna-l @zoe\n")
      try fixture.commit(moving ? "move checkout" : "new folder", by: anna, on: "2024-06-01")
      try fixture.write(
        "registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\nhandle: '@anna-l'\n---\n")
      try fixture.write(
        "registry/services/checkout.md",
        "---\nkind: service\nlead: anna\nbackup: ['@zoe']\npaths: [/services/]\n---\n")
      try fixture.commit("registry", by: anna, on: "2025-03-01")
      return fixture
    }
    let moved = try show(try repository(moving: true), now: "2025-06-01")["checkout"]
    #expect(moved?["lead_since"] as? String == "2024-01-10", "\(moved ?? [:])")
    #expect(moved?["lead_since_source"] as? String == "codeowners")
    let renamed = try show(try repository(moving: false), now: "2025-06-01")["checkout"]
    #expect(renamed?["lead_since"] as? String == "2024-06-01", "no move, no continuation: \(renamed ?? [:])")
  }

  @Test func aDeclaredDateAfterTheEntryExistedIsAnError() throws {
    let fixture = try TenureBeforeTheRegistryTests.repository(infraLeadSince: "2025-06-01")
    let lint = try fixture.leads(["lint", "--now", "2026-03-01", "--no-cache"])
    #expect(lint.status == 1)
    #expect(
      lint.stdout.contains(
        "registry/services/infra.md:6:13: error: lead_since 2025-06-01 is after 'infra' was created on 2025-03-01"
      ),
      "\(lint.stdout)")
    let entries = try show(fixture, now: "2026-03-01", ["--no-cache"])
    #expect(entries["infra"]?["lead_since"] as? String == "2025-03-01")
    #expect(entries["infra"]?["lead_since_declared"] as? Bool == false)
  }
}

/// A cross-cutting post that declares which posts it overrides.
struct OverridesTests {
  @Test func aDocsServiceOverridesTheFolderServicesItCrosses() throws {
    let fixture = try Fixture()
    try fixture.write("services/checkout/main.swift", "1\n")
    try fixture.write("services/checkout/README.md", "1\n")
    try fixture.write("services/search/README.md", "1\n")
    try fixture.write(
      "registry/checkout.md",
      "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n")
    try fixture.write(
      "registry/search.md", "---\nkind: service\nlead: andy@example.com\npaths: [/services/search/]\n---\n")
    try fixture.commit("registry")
    // Without overrides, `leads new` refuses the overlap lint would report, even where it lands on checkout.md.
    let refused = try fixture.leads(["new", "service", "docs", "--lead", "bea@example.com", "--path", "*.md"])
    #expect(refused.status == 1, "\(refused.stderr)")
    #expect(refused.stderr.contains("[overlapping-services]"), "\(refused.stderr)")
    #expect(
      !FileManager.default.fileExists(
        atPath: fixture.root.appendingPathComponent("registry/services/docs.md").path))
    try fixture.write(
      "registry/docs.md",
      "---\nkind: service\nlead: bea@example.com\npaths: ['*.md']\noverrides: [checkout]\n---\n")
    let lint = try fixture.leads(["lint", "--no-history"])
    // checkout is decided; search is not, and stays an error.
    #expect(lint.status == 1)
    #expect(!lint.stdout.contains("'*.md' of 'docs' and '/services/checkout/'"), "\(lint.stdout)")
    #expect(lint.stdout.contains("search"), "\(lint.stdout)")
    try fixture.write(
      "registry/docs.md",
      "---\nkind: service\nlead: bea@example.com\npaths: ['*.md']\noverrides: [checkout, search]\n---\n")
    let clean = try fixture.leads(["lint", "--no-history"])
    #expect(clean.status == 0, "\(clean.stdout)")
    let who = try fixture.leads(["who", "services/checkout/README.md", "services/checkout/main.swift"])
    #expect(who.stdout.contains("services/checkout/README.md  bea@example.com"), "\(who.stdout)")
    #expect(who.stdout.contains("services/checkout/main.swift  anna@example.com"), "\(who.stdout)")
    let text = try fixture.leads(["codeowners"])
    let docs = try #require(text.stdout.range(of: "*.md bea"))
    let checkout = try #require(text.stdout.range(of: "/services/checkout/ anna"))
    #expect(checkout.lowerBound < docs.lowerBound, "the overriding post's lines come after\n\(text.stdout)")
  }
}

/// Adopting leads from Kubernetes-style OWNERS files.
struct OwnersImportTests {
  @Test func ownersFoldersBecomeServicesAndEmeritusApproversAlumni() throws {
    let fixture = try Fixture()
    for file in [
      "pkg/api/types.go", "pkg/scheduler/sched.go", "pkg/scheduler/framework/plugin.go", "main.go",
    ] {
      try fixture.write(file, "x\n")
    }
    try fixture.write(
      "OWNERS", "approvers:\n  - root-approvers\nreviewers:\n  - rev1\nemeritus_approvers:\n  - oldtimer\n")
    try fixture.write(
      "OWNERS_ALIASES",
      "aliases:\n  root-approvers:\n    - alice\n    - bob\n  sched-team:\n    - carol\n    - dave\n")
    try fixture.write("pkg/api/OWNERS", "approvers:\n  - erin\n  - alice\n")
    try fixture.write("pkg/scheduler/OWNERS", "approvers:\n  - sched-team\nemeritus_approvers:\n  - frank\n")
    try fixture.write("pkg/scheduler/framework/OWNERS", "reviewers:\n  - gina\n")
    try fixture.commit("owners")
    let dryRun = try fixture.leads(["import", "owners", "--dry-run"])
    #expect(dryRun.status == 0, "\(dryRun.stderr)")
    #expect(try fixture.git(["status", "--porcelain"]).isEmpty)
    // Two approvers and nobody named as lead: open posts, never the first of a list.
    #expect(
      dryRun.stdout.contains("repository: * — open (seeking a lead), backups @alice @bob"), "\(dryRun.stdout)"
    )
    #expect(
      dryRun.stdout.contains(
        "scheduler: /pkg/scheduler/ — open (seeking a lead), backups @carol @dave @alice @bob"),
      "approvers are inherited: \(dryRun.stdout)")
    #expect(dryRun.stdout.contains("Alumni (2): @oldtimer @frank"))
    #expect(try fixture.leads(["import", "owners"]).status == 0)
    #expect(try fixture.leads(["codeowners", "--write"]).status == 0)
    let lint = try fixture.leads(["lint", "--no-history", "--format", "json"])
    #expect(lint.status == 0, "\(lint.stdout)")
    #expect(!lint.stdout.contains("overloaded-lead"))
    let who = try fixture.leads(["who", "pkg/scheduler/framework/plugin.go", "main.go", "pkg/api/types.go"])
    #expect(
      who.stdout.contains("pkg/scheduler/framework/plugin.go  @carol @dave @alice @bob"), "\(who.stdout)")
    #expect(who.stdout.contains("main.go  @alice @bob"))
    #expect(who.stdout.contains("pkg/api/types.go  @erin @alice @bob"))
    let framework = try String(
      contentsOf: fixture.root.appendingPathComponent("registry/services/framework.md"), encoding: .utf8)
    #expect(
      framework.contains("Reviewers in OWNERS (they review, they cannot approve): @rev1 @gina")
        || framework.contains("@gina"), "\(framework)")
    let alumnus = try String(
      contentsOf: fixture.root.appendingPathComponent("registry/people/frank.md"), encoding: .utf8)
    #expect(alumnus.contains("not_leading: {reason: emeritus approver}"), "\(alumnus)")
    // Making an emeritus approver lead a post is a forced lead.
    let scheduler = fixture.root.appendingPathComponent("registry/services/scheduler.md")
    let text = try String(contentsOf: scheduler, encoding: .utf8)
    #expect(text.contains("status: seeking-lead"), "\(text)")
    try Data(text.replacingOccurrences(of: "status: seeking-lead", with: "lead: frank").utf8).write(
      to: scheduler)
    try fixture.commit("frank leads the scheduler")
    let forced = try fixture.leads(["lint", "--no-cache"])
    #expect(forced.stdout.contains("[forced-lead]"), "\(forced.stdout)")
  }

  /// Prow's semantics file by file: filters (`.*` and a regular expression, searched in the path relative to
  /// the OWNERS folder), `no_parent_owners`, a `-leads` alias naming the lead, and an undefined alias.
  @Test func ownersRoutingIsReproducedFileByFile() throws {
    let fixture = try Fixture()
    let files = [
      "main.go", "docs/guide.md", "docs/api/ref.md", "docs/api/gen.yaml", "cmd/tool/main.go",
      "cmd/tool/main_test.go", "vendor/lib/x.go",
    ]
    for file in files { try fixture.write(file, "x\n") }
    try fixture.write("OWNERS", "approvers:\n  - alice\n  - bob\n")
    try fixture.write(
      "OWNERS_ALIASES", "aliases:\n  docs-leads:\n    - carol\n  docs-approvers:\n    - carol\n    - dave\n")
    try fixture.write(
      "docs/OWNERS", "approvers:\n  - docs-leads\n  - docs-approvers\n  - sig-docs-reviewers\n")
    try fixture.write(
      "cmd/tool/OWNERS",
      "filters:\n  \".*\":\n    approvers:\n      - erin\n  \"_test\\\\.go$\":\n    approvers:\n      - tess\n"
    )
    try fixture.write("vendor/OWNERS", "options:\n  no_parent_owners: true\napprovers:\n  - vince\n")
    try fixture.commit("owners")
    let imported = try fixture.leads(["import", "owners"])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.contains("'sig-docs-reviewers' looks like an alias"), "\(imported.stdout)")
    #expect(
      !FileManager.default.fileExists(
        atPath: fixture.root.appendingPathComponent("registry/people/sig-docs-reviewers.md").path))
    #expect(
      imported.stdout.contains("docs: /docs/ — lead @carol, backups @dave @alice @bob"), "\(imported.stdout)")
    #expect(try fixture.leads(["codeowners", "--write"]).status == 0)
    // What prow asks for each file, worked out by hand from the OWNERS above.
    let prow: [String: Set<String>] = [
      "main.go": ["@alice", "@bob"],
      "docs/guide.md": ["@carol", "@dave", "@alice", "@bob"],
      "docs/api/ref.md": ["@carol", "@dave", "@alice", "@bob"],
      "docs/api/gen.yaml": ["@carol", "@dave", "@alice", "@bob"],
      "cmd/tool/main.go": ["@erin", "@alice", "@bob"],
      "cmd/tool/main_test.go": ["@erin", "@tess", "@alice", "@bob"],
      "vendor/lib/x.go": ["@vince"],
    ]
    let who = try fixture.leads(["who", "--format", "json"] + files)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(who.stdout.utf8)) as? [String: Any])
    for answer in try #require(object["paths"] as? [[String: Any]]) {
      let path = try #require(answer["path"] as? String)
      #expect(Set(answer["owners"] as? [String] ?? []) == prow[path], "\(path): \(answer["owners"] ?? [])")
    }
    let lint = try fixture.leads(["lint", "--no-history", "--format", "json"])
    #expect(lint.status == 0, "\(lint.stdout)")
    // Written into the registry by hand, the undefined alias is reported by lint as what it is.
    let docs = fixture.root.appendingPathComponent("registry/services/docs.md")
    let text = try String(contentsOf: docs, encoding: .utf8)
    try Data(text.replacingOccurrences(of: "backup: [", with: "backup: [sig-docs-reviewers, ").utf8).write(
      to: docs)
    let undefined = try fixture.leads(["lint", "--no-history"])
    #expect(
      undefined.stdout.contains("'sig-docs-reviewers' looks like an OWNERS alias, and nothing defines it"),
      "\(undefined.stdout)")
  }
}

/// A GitLab file: sections route independently (each file gets the last match of every section), so lines
/// inside sections stay hand-written, and the rest is imported only where routing stays the same.
struct GitLabImportTests {
  @Test func gitlabSectionsKeepTheirRouting() throws {
    let fixture = try Fixture()
    let files = ["services/checkout/main.swift", "services/search/index.swift", "docs/guide.md", "README.md"]
    for file in files { try fixture.write(file, "x\n") }
    let text = """
      /services/checkout/ anna@example.com
      /services/search/ andy@example.com

      [Docs]
      *.md @acme/writers

      """
    try fixture.write("CODEOWNERS", text)
    try fixture.write("registry/leads.yml", "codeowners:\n  flavor: gitlab\n")
    try fixture.commit("gitlab")
    let before = try fixture.leads(["who", "--codeowners", "CODEOWNERS", "--flavor", "gitlab"] + files)
    let imported = try fixture.leads(["import", "codeowners", "--flavor", "gitlab", "--now", "2026-05-01"])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.contains("*.md @acme/writers — it is in a GitLab section"), "\(imported.stdout)")
    let after = try fixture.leads(["who", "--codeowners", "CODEOWNERS", "--flavor", "gitlab"] + files)
    func owners(_ run: Run) -> [String] {
      run.stdout.split(separator: "\n").map { line in String(line.split(separator: "[")[0]) }
    }
    #expect(owners(after) == owners(before), "\(before.stdout)\n---\n\(after.stdout)")
    #expect(try fixture.leads(["codeowners", "--check"]).status == 0)
  }
}

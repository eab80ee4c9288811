import Foundation
import Testing

/// What someone new to leads meets in their first hour: every mistake gets the next command to type.
struct FirstHourTests {
  @Test func aMistypedCommandGetsTheCommandItWasMeantToBe() throws {
    let fixture = try Fixture()
    let mistyped = try fixture.leads(["lnit"])
    #expect(mistyped.status == 2)
    #expect(mistyped.stderr.contains("no command 'lnit'; did you mean 'leads init'?"))
    let nested = try fixture.leads(["new", "servce", "checkout"])
    #expect(nested.status == 2)
    #expect(
      nested.stderr.contains("no command 'servce'; did you mean 'leads new service'?"), "\(nested.stderr)")
    #expect(nested.stderr.contains("`leads new --help` lists them"))
    let id = try fixture.leads(["show", "platform"])
    #expect(id.status == 2)
    #expect(
      id.stderr.contains("did you mean 'leads show team platform' or 'leads show person platform'?"),
      "\(id.stderr)")
    let rule = try fixture.leads(["rules", "stale-ownr"])
    #expect(rule.stderr.contains("no rule 'stale-ownr'; did you mean 'stale-owner'?\n"), "\(rule.stderr)")
    // A word nothing is close to still gets the parser's own usage error, not a guess.
    let unknown = try fixture.leads(["zzzzzzzz"])
    #expect(unknown.status == 2)
    #expect(!unknown.stderr.contains("did you mean"))
  }

  @Test func aRepositoryWithoutARegistryIsToldHowToStartOne() throws {
    let fixture = try Fixture()
    try fixture.write("README.md", "# Project\n")
    try fixture.commit("start")
    let lint = try fixture.leads(["lint"])
    #expect(lint.status == 2)
    #expect(lint.stderr.contains("`leads init`"), "\(lint.stderr)")
    #expect(lint.stderr.contains("`leads import codeowners`"))
    #expect(lint.stderr.contains("`leads import owners`"))
  }

  @Test func oneRuleIsOneRuleAndAnUnknownPostEndsWithAHint() throws {
    let fixture = try Fixture()
    try fixture.write("services/checkout/main.swift", "print(1)\n")
    try fixture.write(
      "registry/checkout.md",
      "---\nkind: service\nlead: '@anna'\nbackup: ['@andy']\npaths: [/services/checkout/]\n---\n")
    try fixture.commit("registry")
    let written = try fixture.leads(["codeowners", "--write"])
    #expect(written.stdout.contains("(1 rule)") || written.stderr.contains("(1 rule)"), "\(written)")
    let far = try fixture.leads(["rotate", "zzzzzzzz", "--to", "@andy"])
    #expect(far.status != 0)
    #expect(
      far.stderr.contains("no service or initiative 'zzzzzzzz'; `leads show` lists them"), "\(far.stderr)")
    let near = try fixture.leads(["rotate", "chekout", "--to", "@andy"])
    #expect(near.stderr.contains("no service or initiative 'chekout'; did you mean 'checkout'?"))
    #expect(!near.stderr.contains("lists them"))
  }

  @Test func whoAnswersEveryPathItCanAndReadsCodeownersFromACommit() throws {
    let fixture = try Fixture()
    try fixture.write("src/app.go", "package app\n")
    try fixture.write(".github/CODEOWNERS", "* @old-team\n/src/ @go-team\n")
    try fixture.commit("routing by hand")
    try fixture.write(".github/CODEOWNERS", "* @new-team\n")
    try fixture.commit("routing replaced")
    let mixed = try fixture.leads([
      "who", "--codeowners", ".github/CODEOWNERS", "src/app.go", "../outside", "README",
    ])
    #expect(mixed.status == 2)
    #expect(mixed.stdout.contains("src/app.go  @new-team"), "\(mixed.stdout)")
    #expect(mixed.stdout.contains("README  @new-team"))
    #expect(mixed.stderr.contains("'../outside' is outside the repository"), "\(mixed.stderr)")
    let before = try fixture.leads(["who", "--rev", "HEAD~1", "src/app.go"])
    #expect(before.status == 0, "\(before.stderr)")
    #expect(before.stdout.contains("src/app.go  @go-team  [/src/ on line 2]"), "\(before.stdout)")
    let named = try fixture.leads(["who", "--rev", "HEAD~1", "--codeowners", ".github/CODEOWNERS", "README"])
    #expect(named.stdout.contains("README  @old-team"), "\(named.stdout)")
    let unknown = try fixture.leads(["who", "--rev", "no-such-branch", "src/app.go"])
    #expect(unknown.status != 0)
    #expect(unknown.stderr.contains("no commit 'no-such-branch'"))
    let missing = try fixture.leads(["who", "--rev", "HEAD~1", "--codeowners", "CODEOWNERS", "README"])
    #expect(missing.stderr.contains("CODEOWNERS does not exist at 'HEAD~1'"), "\(missing.stderr)")
  }

  @Test func whoReadsAPullRequestsFilesFromStandardInput() throws {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.write("services/checkout/deep/er/file.swift", "x\n")
    try fixture.commit("registry", by: "Anna <anna@example.com>", on: "2026-01-10")
    let files = try fixture.git(["ls-files"]).split(separator: "\n").map(String.init)
    let direct = try fixture.leads(["who"] + files)
    #expect(direct.status == 0, "\(direct.stderr)")
    let piped = try run(
      "/bin/sh", ["-c", "git ls-files | \"$LEADS\" who --stdin services/"], in: fixture.root,
      environment: ["LEADS": leadsExecutable])
    #expect(piped.status == 0, "\(piped.stderr)")
    #expect(piped.stdout.hasPrefix("services/  "), "arguments first, then standard input: \(piped.stdout)")
    #expect(piped.stdout.hasSuffix(direct.stdout), "\(piped.stdout)")
    #expect(
      direct.stdout.contains("services/checkout/deep/er/file.swift  @anna andy@example.com"),
      "\(direct.stdout)")
    let outside = try run(
      "/bin/sh", ["-c", "printf 'README\\n../../etc/passwd\\n' | \"$LEADS\" who --stdin"], in: fixture.root,
      environment: ["LEADS": leadsExecutable])
    #expect(outside.status == 2 && outside.stderr.contains("is outside the repository"), "\(outside.stderr)")
    let none = try fixture.leads(["who"])
    #expect(none.status == 2 && none.stderr.contains("--stdin"), "\(none.stderr)")
  }

  /// A tracked path written plainly is answered by a lookup; every other spelling of it (`./`, `a/../`, `//`,
  /// a line ending in CR, from a subfolder) gets the same answer, and `.git` or `..` past the root is refused.
  @Test func whoAnswersEverySpellingOfAPathAlike() throws {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.commit("registry", by: "Anna <anna@example.com>", on: "2026-01-10")
    let plain = try fixture.leads(["who", "services/checkout/main.swift"])
    #expect(plain.status == 0 && plain.stdout.contains("@anna"), "\(plain.stderr)")
    let answer = plain.stdout.drop { $0 != " " }
    let spellings = [
      "./services/checkout/main.swift", "services/../services/checkout/main.swift",
      "services//checkout/main.swift", "services/checkout/./main.swift",
    ]
    let piped = try run(
      "/bin/sh", ["-c", "printf '\(spellings.joined(separator: "\\n"))\\r\\n' | \"$LEADS\" who --stdin"],
      in: fixture.root, environment: ["LEADS": leadsExecutable])
    #expect(piped.status == 0, "\(piped.stderr)")
    let lines = piped.stdout.split(separator: "\n")
    #expect(lines.count == spellings.count, "\(piped.stdout)")
    for line in lines {
      #expect(line.hasPrefix("services/checkout/main.swift  "), "\(line)")
      #expect(line.drop { $0 != " " } + "\n" == answer, "\(line)")
    }
    let fromSubfolder = try fixture.leads(
      ["who", "main.swift", "../checkout/main.swift"], in: "services/checkout")
    #expect(fromSubfolder.status == 0, "\(fromSubfolder.stderr)")
    #expect(
      fromSubfolder.stdout.split(separator: "\n").allSatisfy {
        $0.hasPrefix("services/checkout/main.swift  ")
      },
      "\(fromSubfolder.stdout)")
    for refused in [".git/config", "services/.git/x", "services/../../x", "/.GIT/config"] {
      let result = try fixture.leads(["who", refused])
      #expect(result.status == 2, "\(refused): \(result.stdout)")
    }
  }

  @Test func showFitsTheWidthAndAFinishedInitiativeHasNoRotationDate() throws {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    let many = (1...30).map { "/services/checkout/module-\($0)/" }
    for path in many { try fixture.write(String(path.dropFirst()) + "main.swift", "print(0)\n") }
    try fixture.write(
      "registry/services/checkout.md",
      "---\nkind: service\nlead: anna\nbackup: [andy]\npaths: [\(many.joined(separator: ", "))]\n---\n")
    try fixture.write(
      "registry/initiatives/v2.md",
      "---\nkind: initiative\nlead: anna\nbackup: [andy]\nstatus: done\nstarted: 2026-01-05\n---\n")
    try fixture.commit("registry", by: "Anna <anna@example.com>", on: "2026-01-10")
    // With room, the paths column is cut to fit and says how many paths it left out.
    let roomy = try fixture.leads(["show", "--now", "2026-02-01"], environment: ["COLUMNS": "160"])
    #expect(roomy.status == 0, "\(roomy.stderr)")
    #expect((roomy.stdout.split(separator: "\n").map(\.count).max() ?? 0) <= 160, "\(roomy.stdout)")
    #expect(roomy.stdout.contains("/services/checkout/module-1/"))
    #expect(!roomy.stdout.contains("/services/checkout/module-30/"))
    #expect(roomy.stdout.contains(" … (+"), "the paths left out are counted: \(roomy.stdout)")
    // Without room for it, the paths go on indented lines under each post, wrapped to the width.
    let narrow = try fixture.leads(["show", "--now", "2026-02-01"], environment: ["COLUMNS": "100"])
    let indented = narrow.stdout.split(separator: "\n").filter { $0.hasPrefix("    ") }
    #expect(indented.count > 3, "\(narrow.stdout)")
    #expect(indented.allSatisfy { $0.count <= 100 }, "\(narrow.stdout)")
    #expect(indented.contains { $0.contains("/services/checkout/module-30/") })
    let wide = try fixture.leads(["show", "--wide", "--now", "2026-02-01"], environment: ["COLUMNS": "100"])
    #expect(wide.stdout.contains(many.joined(separator: " ")))
    let rows = wide.stdout.split(separator: "\n").map {
      $0.split(separator: " ", omittingEmptySubsequences: true)
    }
    let v2 = try #require(rows.first { $0.first == "v2" })
    let checkout = try #require(rows.first { $0.first == "checkout" })
    #expect(checkout.contains("2027-01-10"), "a live post rotates a year on: \(checkout)")
    #expect(!v2.contains { $0.hasPrefix("2027-") }, "a done initiative has no rotation date: \(v2)")
    let json = try fixture.leads(["show", "--format", "json", "--now", "2026-02-01"])
    #expect(json.stdout.contains(many.last!), "json keeps every path")
  }

  @Test func showTooNarrowForTheTableGivesEachPostACard() throws {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    let id = "pkg-cluster-internal-providers-podman-rootless-networking"
    try fixture.write(
      "registry/services/\(id).md",
      "---\nkind: service\nlead: anna\nbackup: [andy]\npaths: [/services/checkout/podman/]\n---\n")
    try fixture.commit("registry", by: "Anna <anna@example.com>", on: "2026-01-10")
    let narrow = try fixture.leads(["show", "--now", "2026-02-01"], environment: ["COLUMNS": "80"])
    #expect(narrow.status == 0, "\(narrow.stderr)")
    let lines = narrow.stdout.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 80 }, "\(narrow.stdout)")
    let card = try #require(lines.firstIndex { $0 == "\(id) (service)" }, "\(narrow.stdout)")
    let details = lines[(card + 1)...].prefix { $0.hasPrefix("    ") }.joined(separator: "\n")
    #expect(details.contains("lead anna; since 2026-01-10"), "\(details)")
    #expect(details.contains("backup andy"), "a label stays with its value: \(details)")
    #expect(details.contains("rotation due 2027-01-10"), "\(details)")
    #expect(details.hasSuffix("    /services/checkout/podman/"), "\(details)")
    let wide = try fixture.leads(["show", "--wide", "--now", "2026-02-01"], environment: ["COLUMNS": "80"])
    #expect(wide.stdout.hasPrefix("POST "), "--wide keeps the table: \(wide.stdout)")
  }

  @Test func someoneWhoLeftIsNotCalledAnAlumnusAndQuietMeansSinceADate() throws {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.write(
      "registry/people/ola.md",
      "---\nkind: person\nname: Ola\nemails: [ola@example.com]\nleft: 2026-01-15\n---\n")
    try fixture.commit("registry", by: "Anna <anna@example.com>", on: "2026-01-10")
    let gone = try fixture.leads(["show", "person", "ola", "--now", "2026-02-01"])
    #expect(gone.status == 0, "\(gone.stderr)")
    #expect(gone.stdout.hasPrefix("ola — Ola (left 2026-01-15)\n"), "\(gone.stdout)")
    #expect(!gone.stdout.contains("alumnus"))
    #expect(gone.stdout.contains("last activity: none since 2025-"), "\(gone.stdout)")
    let leaving = try fixture.leads(["show", "person", "ola", "--now", "2026-01-01"])
    #expect(leaving.stdout.hasPrefix("ola — Ola (leaving 2026-01-15)\n"), "\(leaving.stdout)")
    let anna = try fixture.leads(["show", "person", "anna", "--now", "2026-02-01"])
    #expect(anna.stdout.contains("last activity: 2026-01-10"), "\(anna.stdout)")
  }

  @Test func oneDayIsOneDay() throws {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.commit("registry", by: "Anna <anna@example.com>", on: "2026-01-10")
    let log = try fixture.leads(["log", "checkout", "--now", "2026-01-11"])
    #expect(log.stdout.contains("  anna  1 day  "), "\(log.stdout)")
    let report = try fixture.leads(["report", "--format", "markdown", "--now", "2026-01-11"])
    #expect(report.stdout.contains("1 day)"), "\(report.stdout)")
    #expect(!report.stdout.contains("1 days"))
  }
}

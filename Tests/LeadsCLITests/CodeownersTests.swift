import Foundation
import Testing

/// The Python with the PyPI `codeowners` package that `scripts/test` installs; the cross-checks need it.
let oraclePython = ProcessInfo.processInfo.environment["LEADS_TEST_PYTHON"]
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Fixtures")

/// Owners per path according to the independent implementation.
func oracleOwners(codeowners: String, paths: [String]) throws -> [String: [String]] {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: oraclePython!)
  process.arguments = [fixtures.appendingPathComponent("codeowners_oracle.py").path]
  let input = Pipe()
  let output = Pipe()
  process.standardInput = input
  process.standardOutput = output
  try process.run()
  let request = try JSONSerialization.data(withJSONObject: ["codeowners": codeowners, "paths": paths])
  input.fileHandleForWriting.write(request)
  try input.fileHandleForWriting.close()
  let data = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  #expect(process.terminationStatus == 0)
  return try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String]])
}

/// A repository with nested and overlapping services, people with and without handles, odd path names.
func codeownersRepository() throws -> Fixture {
  let fixture = try Fixture()
  for path in [
    "services/checkout/main.swift", "services/checkout/api/handler.swift",
    "services/checkout/api/v2/new.swift",
    "services/search/index.swift", "services/search/ranking/score.swift", "docs/guide.md",
    "docs/my guide/a.md",
    "ünïcode/日本.md", "web/app.js", "web/lib/util.js", "README.md", "Makefile",
  ] {
    try fixture.write(path, "x\n")
  }
  try fixture.write(
    "registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\nhandle: '@anna-l'\n---\n")
  try fixture.write("registry/people/andy.md", "---\nkind: person\nemails: [andy@example.com]\n---\n")
  try fixture.write(
    "registry/checkout.md", service(lead: "anna", backup: "andy", path: "/services/checkout/"))
  try fixture.write(
    "registry/checkout-api.md", service(lead: "andy", backup: "anna", path: "/services/checkout/api/"))
  try fixture.write(
    "registry/search.md",
    "---\nkind: service\nstatus: seeking-lead\nbackup: ['@octo/search', anna]\npaths: [/services/search/]\n---\n"
  )
  try fixture.write(
    "registry/docs.md",
    service(lead: "andy", backup: "'@octo/docs'", path: "'/docs/my\\ guide/', '/ünïcode/'"))
  try fixture.write("registry/web.md", service(lead: "anna", backup: "andy", path: "'*.js'"))
  try fixture.write(
    "registry/migration.md",
    "---\nkind: initiative\nlead: andy\nbackup: [anna]\nstatus: active\npaths: [/services/checkout/api/v2/]\n---\n"
  )
  try fixture.commit("registry", by: anna, on: "2026-01-05")
  return fixture
}

struct CodeownersCommandTests {
  @Test func generatedFileRoutesNestedAndCrossCuttingServices() throws {
    let fixture = try codeownersRepository()
    let write = try fixture.leads(["codeowners", "--write"])
    #expect(write.status == 0, "\(write.stderr)")
    let text = try String(
      contentsOf: fixture.root.appendingPathComponent(".github/CODEOWNERS"), encoding: .utf8)
    #expect(text.contains("/services/checkout/ @anna-l andy@example.com\n"))
    #expect(text.contains("/docs/my\\ guide/ andy@example.com @octo/docs\n"))
    let checkout = try #require(text.range(of: "/services/checkout/ "))
    let api = try #require(text.range(of: "/services/checkout/api/ "))
    #expect(checkout.lowerBound < api.lowerBound, "the nested service must come after the broader one")

    let tracked = try fixture.git(["-c", "core.quotePath=false", "ls-files"]).split(separator: "\n").map(
      String.init)
    let who = try fixture.leads(["who", "--format", "json"] + tracked)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(who.stdout.utf8)) as? [String: Any])
    let answers = try #require(object["paths"] as? [[String: Any]])
    let ours = Dictionary(
      uniqueKeysWithValues: answers.map { ($0["path"] as! String, $0["owners"] as! [String]) })
    #expect(ours["services/checkout/api/handler.swift"] == ["andy@example.com", "@anna-l"])
    #expect(ours["services/checkout/api/v2/new.swift"] == ["andy@example.com", "@anna-l"])
    #expect(ours["web/lib/util.js"] == ["@anna-l", "andy@example.com"])
    #expect(ours["Makefile"] == [])
    #expect(ours["ünïcode/日本.md"] == ["andy@example.com", "@octo/docs"])
  }

  /// The same repository, every tracked file routed by leads and by the independent parser from PyPI.
  @Test(.enabled(if: oraclePython != nil, "scripts/test installs the independent parser"))
  func everyTrackedFileIsRoutedAsTheIndependentParserDoes() throws {
    let fixture = try codeownersRepository()
    #expect(try fixture.leads(["codeowners", "--write"]).status == 0)
    let text = try String(
      contentsOf: fixture.root.appendingPathComponent(".github/CODEOWNERS"), encoding: .utf8)
    let tracked = try fixture.git(["-c", "core.quotePath=false", "ls-files"]).split(separator: "\n").map(
      String.init)
    let who = try fixture.leads(["who", "--format", "json"] + tracked)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(who.stdout.utf8)) as? [String: Any])
    let answers = try #require(object["paths"] as? [[String: Any]])
    let ours = Dictionary(
      uniqueKeysWithValues: answers.map { ($0["path"] as! String, $0["owners"] as! [String]) })
    let theirs = try oracleOwners(codeowners: text, paths: tracked)
    #expect(tracked.count > 10)
    for path in tracked {
      #expect(
        ours[path] == theirs[path],
        "\(path): leads says \(ours[path] ?? []), the parser says \(theirs[path] ?? [])")
    }
  }

  @Test(.enabled(if: oraclePython != nil, "scripts/test installs the independent parser"))
  func documentedPatternTableAgreesWithTheIndependentParser() throws {
    struct Case: Decodable {
      let pattern: String
      let path: String
      let matches: Bool
    }
    struct Table: Decodable { let cases: [Case] }
    let table = try JSONDecoder().decode(
      Table.self, from: Data(contentsOf: fixtures.appendingPathComponent("codeowners-patterns.json")))
    for entry in table.cases {
      let answer = try oracleOwners(codeowners: "\(entry.pattern) @owner\n", paths: [entry.path])
      #expect((answer[entry.path] == ["@owner"]) == entry.matches, "\(entry.pattern) vs \(entry.path)")
    }
  }

  @Test func writeKeepsEveryLineOutsideTheBlockAcrossRepeatedWrites() throws {
    for newline in ["\n", "\r\n"] {
      let fixture = try codeownersRepository()
      let before = ["# Written by people: keep me", "*       @octo/everyone", "", "  # indented comment"]
      let after = ["", "/Makefile @octo/build   # trailing", "no-newline-at-end"]
      let original = (before + ["# BEGIN leads: old", "/old/ @someone", "# END leads"] + after).joined(
        separator: newline)
      try fixture.write("CODEOWNERS", original)
      for _ in 1...3 {
        let write = try fixture.leads(["codeowners", "--write"])
        #expect(write.status == 0, "\(write.stderr)")
      }
      let bytes = try Data(contentsOf: fixture.root.appendingPathComponent("CODEOWNERS"))
      let text = String(decoding: bytes, as: UTF8.self)
      #expect(text.hasPrefix(before.joined(separator: newline) + newline + "# BEGIN leads: generated"))
      let ending = NSRegularExpression.escapedPattern(for: newline + after.joined(separator: newline))
      #expect(
        text.range(of: "# END leads \\(checksum: [0-9a-f]{16}\\)" + ending + "$", options: .regularExpression)
          != nil)
      #expect(!text.contains("/old/"))
      if newline == "\r\n" {
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line keeps CRLF")
      }
      #expect(
        !FileManager.default.fileExists(
          atPath: fixture.root.appendingPathComponent(".github/CODEOWNERS").path))
      let again = try fixture.leads(["codeowners", "--write"])
      #expect(again.stderr.contains("already up to date"))
    }
  }

  @Test func checkCatchesEveryKindOfDrift() throws {
    let fixture = try codeownersRepository()
    #expect(try fixture.leads(["codeowners", "--write"]).status == 0)
    try fixture.commit("codeowners", by: anna, on: "2026-01-06")
    #expect(try fixture.leads(["codeowners", "--check"]).status == 0)
    #expect(try fixture.leads(["lint", "--no-history"]).status == 0)
    let file = fixture.root.appendingPathComponent(".github/CODEOWNERS")
    let good = try Data(contentsOf: file)
    let changes: [(String, () throws -> Void, String)] = [
      (
        "a lead",
        {
          try fixture.write(
            "registry/checkout.md", service(lead: "andy", backup: "anna", path: "/services/checkout/"))
        }, "+/services/checkout/ andy@example.com @anna-l"
      ),
      (
        "a backup",
        {
          try fixture.write(
            "registry/checkout.md", service(lead: "anna", backup: "'@octo/pay'", path: "/services/checkout/"))
        }, "+/services/checkout/ @anna-l @octo/pay"
      ),
      (
        "a path",
        {
          try fixture.write(
            "registry/checkout.md",
            service(lead: "anna", backup: "andy", path: "/services/checkout/main.swift"))
        }, "+/services/checkout/main.swift @anna-l andy@example.com"
      ),
      (
        "a new service",
        { try fixture.write("registry/make.md", service(lead: "andy", backup: "anna", path: "/Makefile")) },
        "+/Makefile andy@example.com @anna-l"
      ),
      (
        "a hand edit inside the block",
        {
          try Data(
            String(decoding: good, as: UTF8.self).replacingOccurrences(
              of: "@octo/search", with: "@octo/other"
            ).utf8
          ).write(to: file)
        }, "-/services/search/ @octo/other"
      ),
    ]
    for (what, change, expected) in changes {
      try change()
      let check = try fixture.leads(["codeowners", "--check"])
      #expect(check.status == 1, "--check missed \(what)")
      #expect(
        check.stdout.contains("--- a/.github/CODEOWNERS\n+++ b/.github/CODEOWNERS\n@@"), "\(check.stdout)")
      #expect(check.stdout.contains(expected), "\(what): \(check.stdout)")
      let lint = try fixture.leads(["lint", "--no-history", "--format", "json"])
      #expect(lint.status == 1)
      #expect(
        try Finding.parse(json: lint.stdout).contains {
          $0.rule == "codeowners-drift" && $0.path == ".github/CODEOWNERS"
        }, "lint missed \(what)")
      try fixture.git(["checkout", "-q", "--", "."])
      try fixture.git(["clean", "-q", "-f", "registry"])
      #expect(try fixture.leads(["codeowners", "--check"]).status == 0)
    }
  }

  @Test func newFilesNeverReorderTheGeneratedFile() throws {
    let fixture = try codeownersRepository()
    #expect(try fixture.leads(["codeowners", "--write"]).status == 0)
    for index in 0..<30 {
      try fixture.write("services/checkout/api/extra\(index).swift", "x\n")
      try fixture.write("web/more/extra\(index).js", "x\n")
    }
    try fixture.git(["add", "-A"])
    let check = try fixture.leads(["codeowners", "--check"])
    #expect(check.status == 0, "\(check.stdout)")
  }

  @Test func anOwnerInjectionNeverReachesTheFile() throws {
    let fixture = try codeownersRepository()
    try fixture.write(
      "registry/evil.md",
      "---\nkind: service\nlead: \"anna\\n* @mallory\"\nbackup: ['@ok', \"x #y\"]\npaths: [/web/]\n---\n")
    let write = try fixture.leads(["codeowners", "--write"])
    #expect(write.status == 1)
    #expect(
      write.stderr.contains("registry/evil.md:3:7: error: owner 'anna\\n* @mallory' contains a line break"))
    #expect(
      !FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent(".github/CODEOWNERS").path))
    let printed = try fixture.leads(["codeowners"])
    #expect(!printed.stdout.contains("mallory"))
    #expect(!printed.stdout.contains("#y"))
    #expect(printed.stdout.contains("/web/ @ok\n"))
  }

  @Test func gitlabSectionsAndAnswersFromAnExistingFile() throws {
    let fixture = try codeownersRepository()
    try fixture.write("registry/leads.yml", "codeowners:\n  flavor: gitlab\n  file: docs/CODEOWNERS\n")
    let missing = try fixture.leads(["lint", "--no-history", "--format", "json"])
    #expect(
      try Finding.parse(json: missing.stdout).contains {
        $0.rule == "codeowners-drift" && $0.path == "docs/CODEOWNERS"
      })
    #expect(try fixture.leads(["codeowners", "--write"]).status == 0)
    let text = try String(contentsOf: fixture.root.appendingPathComponent("docs/CODEOWNERS"), encoding: .utf8)
    #expect(text.contains("[Services]\n"))
    #expect(text.contains("[Initiatives]\n/services/checkout/api/v2/ andy@example.com @anna-l\n"))
    // In GitLab every section that matches adds its owners.
    let who = try fixture.leads(["who", "services/checkout/api/v2/new.swift"])
    #expect(who.stdout.hasPrefix("services/checkout/api/v2/new.swift  andy@example.com @anna-l  ["))
    try fixture.write("OLD_CODEOWNERS", "* @octo/everyone\n/services/ @octo/backend\n")
    let old = try fixture.leads([
      "who", "--codeowners", "OLD_CODEOWNERS", "services/search/index.swift", "README.md",
    ])
    #expect(
      old.stdout
        == "services/search/index.swift  @octo/backend  [/services/ on line 2]\nREADME.md  @octo/everyone  [* on line 1]\n"
    )
  }
}

struct CoverageTests {
  @Test func coverageMinimumAndBaselineRatchet() throws {
    let fixture = try codeownersRepository()
    let json = try fixture.leads(["coverage", "--format", "json"])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let unowned = try #require(object["unowned"] as? [String])
    #expect(unowned.contains("Makefile"))
    #expect(unowned.contains("docs/guide.md"))
    #expect(!unowned.contains("web/lib/util.js"))
    let folders = try #require(object["folders"] as? [[String: Any]])
    let services = try #require(folders.first { $0["name"] as? String == "services" })
    #expect(services["percent"] as? Int == 100)

    try fixture.write("registry/leads.yml", "coverage:\n  minimum: 95\n")
    let below = try fixture.leads(["lint", "--no-history", "--format", "json"])
    #expect(below.status == 1)
    #expect(
      try Finding.parse(json: below.stdout).contains(
        Finding(rule: "coverage", path: "registry/leads.yml", line: 2, column: 12)))

    try fixture.write("registry/leads.yml", "coverage:\n  baseline: registry/baseline.txt\n")
    try fixture.git(["add", "-A"])
    #expect(
      try fixture.leads(["lint", "--no-history"]).status == 1, "no baseline yet: every unowned file is new")
    let update = try fixture.leads(["coverage", "--update-baseline"])
    #expect(update.status == 0, "\(update.stderr)")
    try fixture.git(["add", "-A"])
    #expect(try fixture.leads(["lint", "--no-history"]).status == 0, "today's unowned files are tolerated")
    try fixture.write("tools/new.sh", "echo\n")
    try fixture.git(["add", "-A"])
    let fresh = try fixture.leads(["lint", "--no-history"])
    #expect(fresh.status == 1)
    #expect(fresh.stdout.contains("1 file has no owners and is not in registry/baseline.txt: tools/new.sh"))
    // Owning a baselined file lets the baseline shrink.
    try fixture.write("registry/make.md", service(lead: "andy", backup: "anna", path: "/Makefile"))
    try fixture.git(["add", "-A"])
    #expect(try fixture.leads(["coverage", "--update-baseline"]).status == 0)
    let baseline = try String(
      contentsOf: fixture.root.appendingPathComponent("registry/baseline.txt"), encoding: .utf8)
    #expect(!baseline.contains("Makefile\n"))
    #expect(baseline.contains("tools/new.sh\n"))
  }
}

/// Patterns read from an existing CODEOWNERS file: character classes as gitignore has them (checked against
/// `git check-ignore`, an independent implementation), and lone brackets as literal characters.
struct ReadingPatternTests {
  static let classes: [(pattern: String, path: String)] = [
    ("/docs/[ab]*.md", "docs/a1.md"), ("/docs/[ab]*.md", "docs/c1.md"), ("/src/[!t]est/", "src/best/f"),
    ("/src/[!t]est/", "src/test/f"), ("/x/[a-c]/", "x/b/f"), ("/x/[a-c]/", "x/d/f"), ("[]a]", "]"),
    ("[]a]", "b"), ("*.[ch]", "lib/m.c"), ("*.[ch]", "lib/m.o"),
  ]

  @Test(arguments: classes.indices)
  func characterClassesMatchAsGitDoes(_ index: Int) throws {
    let (pattern, path) = ReadingPatternTests.classes[index]
    let fixture = try Fixture()
    try fixture.write(".gitignore", pattern + "\n")
    let git = try run("/usr/bin/git", ["check-ignore", "-q", "--no-index", path], in: fixture.root)
    #expect(git.status == 0 || git.status == 1, "\(git.stderr)")
    let probe: Bool? = try CodeownersPatternProbe.matches(pattern: pattern, path: path, in: fixture)
    guard let compiled = probe else {
      Issue.record("leads could not answer for \(pattern) and \(path)")
      return
    }
    #expect(compiled == (git.status == 0), "\(pattern) vs \(path)")
  }

  @Test func loneBracketsAreLiteralAndGitHubHasNoSections() throws {
    let fixture = try Fixture()
    try fixture.write("owners.txt", "* @all\n/lib/y].c @close\n/lib/x[.c @open\n[Section] @sec\n")
    let who = try fixture.leads(["who", "--codeowners", "owners.txt", "lib/y].c", "lib/x[.c", "S", "lib/z.c"])
    #expect(who.status == 0, "\(who.stderr)")
    #expect(who.stdout.contains("lib/y].c  @close"), "\(who.stdout)")
    #expect(who.stdout.contains("lib/x[.c  @open"), "\(who.stdout)")
    // GitHub reads `[Section]` as a pattern (a class of letters), not as a GitLab section header.
    #expect(who.stdout.contains("S  @sec"), "\(who.stdout)")
    #expect(who.stdout.contains("lib/z.c  @all"), "\(who.stdout)")
  }
}

/// Asks `leads who --codeowners` whether one pattern owns one path.
enum CodeownersPatternProbe {
  static func matches(pattern: String, path: String, in fixture: Fixture) throws -> Bool? {
    try fixture.write("probe-codeowners", "\(pattern) @probe\n")
    let who = try fixture.leads(["who", "--codeowners", "probe-codeowners", path])
    guard who.status == 0 else { return nil }
    return who.stdout.contains("@probe")
  }
}

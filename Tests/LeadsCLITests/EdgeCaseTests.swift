import Foundation
import Testing

/// Smaller cases the hostile-repository work found: each once wrong, each with its repository built by git.
struct EdgeCaseTests {
  static let anna = "Anna <anna@example.com>"
  static let andy = "Andy <andy@example.com>"

  /// A registry committed by Anna on 2026-03-01, and Andy's work on checkout after it.
  static func repository() throws -> Fixture {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.commit("registry", by: anna, on: "2026-03-01")
    try fixture.write("services/checkout/main.swift", "print(20)\n")
    try fixture.commit("checkout", by: andy, on: "2026-04-01")
    try fixture.write("services/checkout/main.swift", "print(21)\n")
    try fixture.commit("checkout", by: anna, on: "2026-05-01")
    return fixture
  }

  static func showEntries(_ run: Run) throws -> [String: [String: Any]] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let entries = try #require(object["entries"] as? [[String: Any]])
    return Dictionary(uniqueKeysWithValues: entries.map { ($0["id"] as! String, $0) })
  }

  @Test func nowBeforeHistoryHasNoLeadYetAndLaterCommitsAreNotActivity() throws {
    let fixture = try EdgeCaseTests.repository()
    let show = try fixture.leads(["show", "--format", "json", "--now", "2026-04-15", "--no-cache"])
    #expect(show.status == 0, "\(show.stderr)")
    let checkout = try #require(try EdgeCaseTests.showEntries(show)["checkout"])
    // Anna's commit of 2026-05-01 has not happened on 2026-04-15: her last activity is the registry's.
    #expect(checkout["last_activity"] as? String == "2026-03-01", "\(checkout)")
    #expect(
      show.stderr.contains("1 commit is dated after 2026-04-15 and not counted as activity"), "\(show.stderr)"
    )
    let before = try fixture.leads(["show", "--now", "2026-02-01", "--no-cache"])
    #expect(before.status == 0)
    #expect(before.stdout.contains("no lead yet") && !before.stdout.contains("-2"), "\(before.stdout)")
    let json = try fixture.leads(["show", "--format", "json", "--now", "2026-02-01", "--no-cache"])
    #expect(try #require(try EdgeCaseTests.showEntries(json)["checkout"])["tenure_days"] is NSNull)
  }

  @Test func mailmapEmailsMatchIgnoringCase() throws {
    let fixture = try EdgeCaseTests.repository()
    try fixture.write(".mailmap", "Anna <anna@example.com> <ANNA@Old.Example.COM>\n")
    try fixture.commit("mailmap", by: EdgeCaseTests.andy, on: "2026-05-02")
    try fixture.write("services/search/index.swift", "print(22)\n")
    try fixture.commit("search", by: "Whoever <anna@old.example.com>", on: "2026-07-20")
    // Anna's own last commit is of 2026-05-01, more than 90 days before; the mapped one of 2026-07-20 is not.
    let lint = try fixture.leads(["lint", "--now", "2026-09-15", "--no-cache"])
    #expect(!lint.stdout.contains("lead 'anna' has written, reviewed or merged no commit"), "\(lint.stdout)")
    try fixture.write(".mailmap", "")
    let unmapped = try fixture.leads(["lint", "--now", "2026-09-15", "--no-cache"])
    #expect(
      unmapped.stdout.contains("lead 'anna' has written, reviewed or merged no commit"), "\(unmapped.stdout)")
  }

  @Test func unbornBranchDoesNotReportStaleOwners() throws {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    let lint = try fixture.leads(["lint", "--format", "json"])
    #expect(lint.stderr.contains("no commits yet"), "\(lint.stderr)")
    #expect(!lint.stdout.contains("stale-owner") && !lint.stdout.contains("forgotten-lead"), "\(lint.stdout)")
  }

  @Test func markersMatchOnlyWholeLines() throws {
    let fixture = try EdgeCaseTests.repository()
    let handWritten = "# BEGIN leadership notes: keep\n* @org/all\n# END leads are reviewed weekly\n"
    try fixture.write("CODEOWNERS", handWritten)
    let written = try fixture.leads(["codeowners", "--write"])
    #expect(written.status == 0, "\(written.stderr)")
    let text = try String(contentsOf: fixture.root.appendingPathComponent("CODEOWNERS"), encoding: .utf8)
    #expect(text.hasPrefix(handWritten), "\(text)")
    #expect(text.contains("# BEGIN leads: generated"), "\(text)")
    #expect(
      text.range(of: "\n# END leads \\(checksum: [0-9a-f]{16}\\)\n$", options: .regularExpression) != nil,
      "\(text)")
  }

  @Test func checkPrintsADiffThatGitApplies() throws {
    let fixture = try EdgeCaseTests.repository()
    for existing in ["# hand-written\n* @org/all\n", "# no newline at the end", nil] {
      let path = fixture.root.appendingPathComponent("CODEOWNERS")
      try? FileManager.default.removeItem(at: path)
      try? FileManager.default.removeItem(at: fixture.root.appendingPathComponent(".github"))
      if let existing { try fixture.write("CODEOWNERS", existing) }
      let check = try fixture.leads(["codeowners", "--check"])
      #expect(check.status == 1, "\(check.stderr)")
      try fixture.write("leads.patch", check.stdout)
      let applied = try run("/usr/bin/git", ["apply", "leads.patch"], in: fixture.root)
      #expect(applied.status == 0, "\(existing ?? "no file"): \(applied.stderr)\n\(check.stdout)")
      try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("leads.patch"))
      let after = try fixture.leads(["codeowners", "--check"])
      #expect(after.status == 0, "\(existing ?? "no file"): \(after.stdout)")
    }
  }

  @Test func rotateKeepsCommentsOnTheLinesItEdits() throws {
    let fixture = try EdgeCaseTests.repository()
    try fixture.write(
      "registry/services/checkout.md",
      "---\nkind: service\ntitle: Checkout\nlead: anna  # since the 2025 re-org\nbackup:  # who covers\n  # reviewed each quarter\n  - andy\npaths: [/services/checkout/]\n---\n# Checkout\n"
    )
    let rotated = try fixture.leads(["rotate", "checkout", "--to", "andy"])
    #expect(rotated.status == 0, "\(rotated.stderr)")
    let text = try String(
      contentsOf: fixture.root.appendingPathComponent("registry/services/checkout.md"), encoding: .utf8)
    #expect(text.contains("lead: andy # since the 2025 re-org\n"), "\(text)")
    #expect(text.contains("backup: [anna] # who covers\n  # reviewed each quarter\n"), "\(text)")
  }

  @Test func invisibleCharactersAreEscapedInFindingsAndRefusedInPatterns() throws {
    let fixture = try EdgeCaseTests.repository()
    try fixture.write(
      "registry/services/bidi.md",
      "---\nkind: service\nlead: \"anna\u{202E}@example.com\"\npaths: [\"/services/\u{200B}x/\"]\n---\n")
    let lint = try fixture.leads(["lint", "--no-history"])
    #expect(lint.status == 1)
    #expect(!lint.stdout.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x200B })
    #expect(lint.stdout.contains("anna\\u{202e}@example.com"), "\(lint.stdout)")
    #expect(lint.stdout.contains("/services/\\u{200b}x/") && lint.stdout.contains("[invalid-pattern]"))
  }

  @Test func idsThatDifferOnlyByCaseAreReported() throws {
    let fixture = try EdgeCaseTests.repository()
    try fixture.write(
      "registry/services/Checkout-2.md",
      "---\nkind: service\nid: Checkout\nlead: andy@example.com\npaths: [/services/checkout/x/]\n---\n")
    let lint = try fixture.leads(["lint", "--no-history"])
    #expect(lint.status == 1)
    #expect(lint.stdout.contains("id 'checkout' differs only by case from 'Checkout'"), "\(lint.stdout)")
    let new = try fixture.leads([
      "new", "service", "SEARCH", "--lead", "anna", "--path", "/services/search/x/",
    ])
    #expect(new.status == 2 && new.stderr.contains("is taken by"), "\(new.stderr)")
  }

  @Test func fileNameThatIsNotUTF8IsNamedReadably() throws {
    let fixture = try EdgeCaseTests.repository()
    var bytes = Array((fixture.root.path + "/registry/caf").utf8)
    bytes += [0xE9] + Array(".md".utf8) + [0]
    let descriptor = bytes.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
    }
    #expect(descriptor >= 0)
    close(descriptor)
    let lint = try fixture.leads(["lint", "--no-history"])
    #expect(lint.status == 1)
    #expect(lint.stdout.contains("registry/caf\\xE9.md:1:1: error:"), "\(lint.stdout)")
    #expect(lint.stdout.contains("not valid UTF-8"))
  }

  @Test func failuresAreOneSentenceNeverARawError() throws {
    let fixture = try EdgeCaseTests.repository()
    // A hooks folder that is a file: installing cannot work, and says so in one sentence.
    try fixture.write("hooks-file", "not a folder\n")
    try fixture.git(["config", "core.hooksPath", "hooks-file"])
    let install = try fixture.leads(["hook", "install"])
    #expect(install.status == 2, "\(install.stderr)")
    #expect(install.stderr.hasPrefix("leads: "), "\(install.stderr)")
    #expect(!install.stderr.contains("Error Domain") && !install.stderr.contains("NSCocoaErrorDomain"))
    #expect(install.stderr.split(separator: "\n").count == 1, "\(install.stderr)")
  }

  @Test func findingsCarryTheirNumbersAsData() throws {
    let fixture = try EdgeCaseTests.repository()
    // A short stale period inside a longer activity window: Anna's last commit (2026-05-01) is known.
    try fixture.write("registry/leads.yml", "stale_after: 30 days\nforgotten_after: 120 days\n")
    let lint = try fixture.leads(["lint", "--format", "json", "--now", "2027-03-15", "--no-cache"])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [String: Any])
    let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
    func data(_ rule: String, _ entry: String) -> [String: Any]? {
      diagnostics.first { $0["rule"] as? String == rule && $0["entry"] as? String == entry }?["data"]
        as? [String: Any]
    }
    let unrotated = try #require(data("unrotated-post", "checkout"), "\(lint.stdout)")
    #expect(unrotated["threshold"] as? Int == 365 && unrotated["person"] as? String == "anna", "\(unrotated)")
    #expect((unrotated["days"] as? Int ?? 0) > 365, "\(unrotated)")
    let soon = try fixture.leads(["lint", "--format", "json", "--now", "2026-07-01", "--no-cache"])
    let soonObject = try #require(
      try JSONSerialization.jsonObject(with: Data(soon.stdout.utf8)) as? [String: Any])
    let stale = try #require(
      (soonObject["diagnostics"] as? [[String: Any]])?.first {
        $0["rule"] as? String == "stale-owner" && ($0["message"] as? String)?.contains("'anna'") == true
      }?["data"] as? [String: Any], "\(soon.stdout)")
    #expect(stale["threshold"] as? Int == 30 && stale["days"] as? Int == 61, "\(stale)")
    #expect(stale["since"] as? String == "2026-05-01" && stale["person"] as? String == "anna")
    // Every diagnostic has a data object, empty when the message has no numbers.
    #expect(diagnostics.allSatisfy { $0["data"] is [String: Any] })
  }
}

import Foundation
import Testing

struct AuthoringTests {
  @Test func authoredFilesLintCleanAndRoundTripThroughShow() throws {
    let fixture = try Fixture()
    try fixture.write("services/checkout/main.swift", "x\n")
    try fixture.commit()
    #expect(try fixture.leads(["init"]).status == 0)
    let again = try fixture.leads(["init"])
    #expect(again.status == 2)
    #expect(again.stderr.contains("registry/leads.yml already exists; it is left as it is"))
    for arguments in [
      [
        "new", "person", "anna", "--name", "Anna Lindqvist", "--email", "anna@example.com", "--handle",
        "@anna-l",
      ],
      ["new", "person", "andy", "--email", "andy@example.com", "--email", "andy@old.example.com"],
      [
        "new", "service", "checkout", "--lead", "anna", "--backup", "andy", "--path", "/services/checkout/",
        "--title", "User Checkout: v2",
      ],
      [
        "new", "initiative", "widget-api", "--lead", "andy", "--backup", "@octo/widgets", "--started",
        "2026-01-05", "--due", "2026-09-30",
      ],
    ] {
      let result = try fixture.leads(arguments)
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
    }
    try fixture.git(["add", "-A"])
    let lint = try fixture.leads(["lint", "--no-history", "--now", "2026-02-01"])
    #expect(lint.status == 0)
    #expect(lint.stdout.isEmpty, "\(lint.stdout)")
    // The checks that need only the date run without history too.
    let late = try fixture.leads(["lint", "--no-history", "--now", "2026-10-01"])
    #expect(late.stdout.contains("'widget-api' was due on 2026-09-30 (1 day ago)"), "\(late.stdout)")
    let entries = try show(fixture, now: "2026-02-01")
    #expect(entries["checkout"]?["title"] as? String == "User Checkout: v2")
    #expect(entries["checkout"]?["backup"] as? [String] == ["andy"])
    #expect(entries["widget-api"]?["due"] as? String == "2026-09-30")
    #expect(entries["widget-api"]?["backup"] as? [String] == ["@octo/widgets"])
    #expect(entries["anna"]?["handle"] as? String == "@anna-l")
    #expect(entries["andy"]?["emails"] as? [String] == ["andy@example.com", "andy@old.example.com"])

    let taken = try fixture.leads(["new", "service", "checkout", "--lead", "andy", "--path", "/x/"])
    #expect(taken.status == 2)
    #expect(taken.stderr.contains("the id 'checkout' is taken by registry/services/checkout.md"))
    let invalid = try fixture.leads(["new", "service", "bad", "--lead", "ann", "--path", "/services/"])
    #expect(invalid.status == 1)
    #expect(
      invalid.stderr.contains(
        "registry/services/bad.md:3:7: error: no person 'ann' in the registry; did you mean 'anna'?"))
    #expect(
      !FileManager.default.fileExists(
        atPath: fixture.root.appendingPathComponent("registry/services/bad.md").path))
  }

  @Test func rotateHandsOverAndCheckinRecordsAVisit() throws {
    let fixture = try teamRepository()
    let path = fixture.root.appendingPathComponent("registry/checkout.md")
    try Data(
      "---\r\nkind: service\r\nlead: anna\r\nbackup:\r\n  - andy\r\npaths: [/services/checkout/]\r\n---\r\n# Checkout\r\nNotes.\r\n"
        .utf8
    ).write(to: path)
    let rotate = try fixture.leads(["rotate", "checkout", "--to", "andy"])
    #expect(rotate.status == 0, "\(rotate.stderr)")
    #expect(rotate.stdout.hasPrefix("Hand checkout from anna to andy\n"))
    // No trailer: the suggested message must not confirm the handoff on the new lead's behalf.
    #expect(!rotate.stdout.contains("Co-authored-by"), "\(rotate.stdout)")
    #expect(rotate.stderr.contains("as anna, or as andy with anna's review"), "\(rotate.stderr)")
    #expect(rotate.stderr.contains("\nReviewed-by: anna <anna@example.com>\n"), "\(rotate.stderr)")
    let rotated = try String(contentsOf: path, encoding: .utf8)
    #expect(
      rotated
        == "---\r\nkind: service\r\nlead: andy\r\nbackup: [anna]\r\npaths: [/services/checkout/]\r\n---\r\n# Checkout\r\nNotes.\r\n"
    )
    let checkin = try fixture.leads(["checkin", "checkout", "--now", "2026-03-01"])
    #expect(checkin.status == 0)
    #expect(
      try String(contentsOf: path, encoding: .utf8).hasSuffix(
        "Notes.\r\nLast check-in: 2026-03-01 by andy\r\n"))
    _ = try fixture.leads(["checkin", "checkout", "--now", "2026-04-01"])
    let twice = try String(contentsOf: path, encoding: .utf8)
    #expect(
      twice.components(separatedBy: "Last check-in:").count == 2, "a second check-in replaces the first")
    try fixture.commit("hand over", by: andy, on: "2026-04-01")
    let entries = try show(fixture, now: "2026-04-02")
    #expect(entries["checkout"]?["lead"] as? String == "andy")
    #expect(entries["checkout"]?["lead_since"] as? String == "2026-04-01")
    #expect(entries["checkout"]?["last_activity"] as? String == "2026-04-01")
    #expect(try fixture.leads(["lint", "--no-history"]).status == 0)
    let missing = try fixture.leads(["rotate", "chekout", "--to", "andy"])
    #expect(missing.stderr.contains("no service or initiative 'chekout'; did you mean 'checkout'?"))
  }

  @Test func authoringKeepsTheGeneratedCodeownersBlockCurrent() throws {
    let fixture = try teamRepository()
    try fixture.write("registry/leads.yml", "coverage:\n  minimum: 99\n")
    let written = try fixture.leads(["codeowners", "--write"])
    // A coverage shortfall does not change the generated lines, so it does not stop writing them.
    #expect(written.status == 0, "\(written.stderr)")
    try fixture.write("registry/leads.yml", "")
    try fixture.write("services/billing/index.swift", "print(1)\n")
    try fixture.commit("codeowners", by: anna, on: "2026-02-01")
    let new = try fixture.leads([
      "new", "service", "billing", "--lead", "andy", "--backup", "anna", "--path", "/services/billing/",
    ])
    #expect(new.status == 0, "\(new.stderr)")
    #expect(new.stderr.contains("updated the generated block of .github/CODEOWNERS"), "\(new.stderr)")
    let afterNew = try fixture.leads(["lint", "--no-history"])
    #expect(!afterNew.stdout.contains("codeowners-drift"), "\(afterNew.stdout)")
    let rotate = try fixture.leads(["rotate", "billing", "--to", "anna"])
    #expect(rotate.status == 0, "\(rotate.stderr)")
    #expect(!(try fixture.leads(["lint", "--no-history"])).stdout.contains("codeowners-drift"))
    let codeowners = try String(
      contentsOf: fixture.root.appendingPathComponent(".github/CODEOWNERS"), encoding: .utf8)
    #expect(codeowners.contains("/services/billing/ anna@example.com andy@example.com"), "\(codeowners)")
    // --no-codeowners leaves the block alone, and lint then reports the drift.
    let skipped = try fixture.leads(["rotate", "billing", "--to", "andy", "--no-codeowners"])
    #expect(skipped.status == 0 && !skipped.stderr.contains("updated the generated block"))
    #expect(try fixture.leads(["lint", "--no-history"]).stdout.contains("codeowners-drift"))
  }
}

/// `scripts/install` lays out the binary, the completions and (unless told not to) the man page, and the
/// hook installed from that binary runs it by its absolute path.
struct InstallScriptTests {
  static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("scripts/install").path

  @Test func installsTheBinaryCompletionsAndAHookThatFindsIt() throws {
    let prefix = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-prefix-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: prefix) }
    let installed = try run(
      "/bin/bash", [InstallScriptTests.script, prefix.path], in: prefix.deletingLastPathComponent(),
      environment: ["LEADS_BINARY": leadsExecutable, "LEADS_NO_MANUAL": "1"], timeout: 120)
    #expect(installed.status == 0, "\(installed.stderr)")
    for file in [
      "bin/leads", "share/bash-completion/completions/leads", "share/zsh/site-functions/_leads",
      "share/fish/vendor_completions.d/leads.fish",
    ] {
      let path = prefix.appendingPathComponent(file).path
      #expect(FileManager.default.fileExists(atPath: path), "\(file)")
    }
    let bash = try String(
      contentsOf: prefix.appendingPathComponent("share/bash-completion/completions/leads"), encoding: .utf8)
    #expect(bash.contains("codeowners") && bash.contains("rotate"))
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.commit("registry")
    let hook = try run(
      "/usr/bin/env", ["leads", "hook", "install"], in: fixture.root,
      environment: ["PATH": prefix.appendingPathComponent("bin").path + ":/usr/bin:/bin"])
    #expect(hook.status == 0, "\(hook.stderr)")
    let text = try String(
      contentsOf: fixture.root.appendingPathComponent(".git/hooks/pre-commit"), encoding: .utf8)
    #expect(
      text.contains("'\(prefix.appendingPathComponent("bin/leads").resolvingSymlinksInPath().path)'"),
      "\(text)")
  }
}

import Foundation
import Testing

/// Every example `--help` shows runs as written: each command's Examples block, in order, in a repository of
/// the kind it speaks of, exits 0 (or 1, where findings or a stale file are what it reports) with no usage
/// error and no unknown name.
struct HelpExampleTests {
  /// The examples of one help text: continuation lines joined, comments removed.
  static func examples(in help: String) -> [String] {
    guard let start = help.range(of: "Example") else { return [] }
    let block = help[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
      .dropFirst().prefix { !$0.isEmpty }
    var commands: [String] = []
    var pending = ""
    for line in block {
      var text = line.trimmingCharacters(in: .whitespaces)
      if let comment = text.range(of: "  #") ?? text.range(of: " # ") {
        text = String(text[..<comment.lowerBound])
      }
      text = text.trimmingCharacters(in: .whitespaces)
      if text.hasSuffix("\\") {
        pending += text.dropLast() + " "
        continue
      }
      commands.append(pending + text)
      pending = ""
    }
    return commands.filter { $0.hasPrefix("leads ") }
  }

  /// A team's repository as the examples speak of it: people anna, andy, ari, bea and dana; the widget team;
  /// checkout (Anna, backed by Andy) and billing (Ari); a coverage baseline file named; a generated
  /// CODEOWNERS; two commits in 2026.
  static func teamRepository() throws -> Fixture {
    let fixture = try Fixture()
    try fixture.write("services/checkout/main.swift", "print(1)\n")
    try fixture.write("services/billing/main.swift", "print(2)\n")
    try fixture.write("src/app.swift", "print(3)\n")
    try fixture.write("docs/guide.md", "# Guide\n")
    for person in ["anna", "andy", "ari", "bea", "dana"] {
      try fixture.write(
        "registry/people/\(person).md",
        "---\nkind: person\nname: \(person.capitalized)\nemails: [\(person)@example.com]\nhandle: '@\(person)'\n---\n"
      )
    }
    try fixture.write(
      "registry/teams/widget.md",
      "---\nkind: team\nhandle: '@acme/widget'\nmembers: [ari, anna, andy]\ntech_leads: [ari]\n"
        + "leadership: {direction: dana, people: dana, project: bea, technical: ari}\n---\n")
    try fixture.write(
      "registry/services/checkout.md",
      "---\nkind: service\nteam: widget\nlead: anna\nbackup: [andy]\npaths: [/services/checkout/]\n---\n")
    try fixture.write(
      "registry/services/billing.md",
      "---\nkind: service\nteam: widget\nlead: ari\nbackup: [bea]\npaths: [/services/billing/]\n---\n")
    try fixture.write(".github/CODEOWNERS", "* @acme/widget\n")
    try fixture.write("registry/leads.yml", "coverage:\n  baseline: registry/coverage-baseline.txt\n")
    try fixture.commit("The registry", by: "Anna <anna@example.com>", on: "2026-01-05")
    let generated = try fixture.leads(["codeowners", "--write"])
    guard generated.status == 0 else { throw FixtureError("codeowners --write: \(generated.stderr)") }
    try fixture.commit("Generated CODEOWNERS", by: "Ari <ari@example.com>", on: "2026-02-01")
    // As in a clone CI makes: the default branch as the remote has it.
    try fixture.git(["update-ref", "refs/remotes/origin/main", "HEAD"])
    return fixture
  }

  /// A repository before leads: a hand-written CODEOWNERS and Kubernetes-style OWNERS files.
  static func repositoryBeforeLeads() throws -> Fixture {
    let fixture = try Fixture()
    try fixture.write("services/checkout/main.swift", "print(1)\n")
    try fixture.write("services/checkout/OWNERS", "approvers:\n- anna\nreviewers:\n- andy\n")
    try fixture.write("OWNERS", "approvers:\n- ari\n- bea\n")
    try fixture.write(".github/CODEOWNERS", "* @ari @bea\n/services/checkout/ @anna\n")
    try fixture.commit("The code", by: "Anna <anna@example.com>", on: "2026-01-05")
    return fixture
  }

  /// Runs `written` as a shell command line in a repository of the kind it speaks of, with `leads` on PATH,
  /// and records an issue when it fails with a usage error or an unknown name.
  static func expectRuns(_ written: String, from source: String, scratch: URL) throws {
    let bin = scratch.appendingPathComponent("bin")
    let config = scratch.appendingPathComponent("gitconfig")
    if !FileManager.default.fileExists(atPath: bin.path) {
      try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
      try FileManager.default.createSymbolicLink(
        atPath: bin.appendingPathComponent("leads").path, withDestinationPath: leadsExecutable)
      try Data("[user]\n\tname = Anna\n\temail = anna@example.com\n[commit]\n\tgpgsign = false\n".utf8)
        .write(to: config)
    }
    let words = written.split(separator: " ")
    let adopting = words.count > 1 && (words[1] == "import" || words[1] == "init")
    // Each example on its own repository: a block lists alternatives (`init`, `init --team ...`), not steps.
    let fixture = adopting ? try repositoryBeforeLeads() : try teamRepository()
    // Without jq on this machine, the example's leads half runs.
    let hasJQ = FileManager.default.isExecutableFile(atPath: "/usr/bin/jq")
    let command = hasJQ ? written : String(written.prefix { $0 != "|" }).trimmingCharacters(in: .whitespaces)
    let result = try run(
      "/bin/sh", ["-c", command], in: fixture.root, environment: [:],
      clean: [
        "PATH": bin.path + ":/usr/bin:/bin", "HOME": scratch.path, "GIT_CONFIG_GLOBAL": config.path,
        "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1",
      ])
    let name = "\(source) example `\(written)`"
    #expect(result.status == 0 || result.status == 1, "\(name) exited \(result.status): \(result.stderr)")
    // No usage error and no unknown command, post, team, person or rule.
    let unknownName = [
      "Error:", "leads: no command", "no service or initiative", "no team '", "no person '",
      "no post or person", "no rule '", "did you mean",
    ].filter { result.stderr.contains($0) }
    #expect(unknownName.isEmpty, "\(name): \(result.stderr)")
    if command.contains("--format json") && !written.contains(">") && !written.contains("|") {
      #expect(
        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil, "\(name) printed no JSON")
    }
  }

  @Test func everyHelpExampleRuns() throws {
    let top = try Fixture().leads(["--help"]).stdout
    var paths: [[String]] = [[]]
    for command in DocumentationTests().subcommands(in: top) where command != "help" {
      paths.append([command])
      let help = try Fixture().leads([command, "--help"]).stdout
      for sub in DocumentationTests().subcommands(in: help) where sub != "help" {
        paths.append([command, sub])
      }
    }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-examples-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    var ran = 0
    for path in paths {
      let help = try Fixture().leads(path + ["--help"]).stdout
      // `demo` makes a repository of its own in a temporary folder; DemoTests runs it.
      guard path.first != "demo" else { continue }
      for written in HelpExampleTests.examples(in: help) {
        try HelpExampleTests.expectRuns(
          written, from: "`leads \(path.joined(separator: " ")) --help`", scratch: scratch)
        ran += 1
      }
    }
    #expect(ran >= 45, "only \(ran) examples ran")
  }

  /// The README's command lines in code blocks (outside the walkthrough, which WalkthroughTests runs) that
  /// name no placeholder (`PATH`, `DATE`) and write nowhere outside the repository.
  @Test func everyConcreteReadmeExampleRuns() throws {
    let text = try String(contentsOf: DocumentationTests.readme, encoding: .utf8)
    var inBlock = false
    var commands: [String] = []
    // A command continued with `\` is joined to its next lines.
    var lines: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if let last = lines.last, last.hasSuffix("\\"), !line.hasPrefix("```") {
        lines[lines.count - 1] = String(last.dropLast()) + line.trimmingCharacters(in: .whitespaces)
      } else {
        lines.append(line)
      }
    }
    for line in lines {
      if line.hasPrefix("```") {
        inBlock.toggle()
        continue
      }
      guard inBlock, line.hasPrefix("leads ") else { continue }
      var command = String(line)
      if let comment = command.range(of: "  #") { command = String(command[..<comment.lowerBound]) }
      command = command.trimmingCharacters(in: .whitespaces)
      let placeholder = command.range(of: "[A-Z]{2,}", options: .regularExpression) != nil
      let outside = command.contains("> /")
      if !placeholder && !outside && !command.contains("...") && !command.contains("|") {
        commands.append(command)
      }
    }
    #expect(commands.count >= 4, "\(commands)")
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-readme-examples-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    for command in commands {
      try HelpExampleTests.expectRuns(command, from: "the README's", scratch: scratch)
    }
  }
}

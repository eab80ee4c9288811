import Foundation
import Testing

/// The README and `--help` describe the tool that exists.
struct DocumentationTests {
  static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("README.md")

  func help(_ path: [String]) throws -> String {
    let fixture = try Fixture()
    let result = try fixture.leads(path + ["--help"])
    #expect(result.status == 0, "leads \(path.joined(separator: " ")) --help failed")
    return result.stdout
  }

  /// Subcommand names listed in a help text.
  func subcommands(in help: String) -> [String] {
    guard let range = help.range(of: "SUBCOMMANDS:") else { return [] }
    // The list runs from the heading to the first blank line.
    let list = help[range.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
      .prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    return list.compactMap { line in
      let words = line.split(separator: " ")
      // Names sit two spaces in; wrapped descriptions are indented further.
      guard line.hasPrefix("  "), !line.hasPrefix("   "), let first = words.first,
        first.first?.isLetter == true
      else { return nil }
      return String(first)
    }
  }

  @Test func everyCommandAndFlagInTheReadmeExists() throws {
    let text = try String(contentsOf: DocumentationTests.readme, encoding: .utf8)
    let topLevel = Set(subcommands(in: try help([])))
    #expect(
      topLevel.isSuperset(of: [
        "lint", "show", "who", "codeowners", "coverage", "hook", "init", "new", "rotate", "checkin", "rules",
        "demo",
      ]))
    var helpTexts: [[String]: String] = [:]
    var checked = 0
    // Every place the README runs leads: in fenced blocks and in `code`, up to the end of the line or span.
    let pattern = try NSRegularExpression(pattern: "leads((?: +[a-z][a-z-]*)+)([^`\\n]*)")
    for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
      let words = text[Range(match.range(at: 1), in: text)!].split(separator: " ").map(String.init)
      guard let first = words.first, topLevel.contains(first) else { continue }
      var path = [first]
      if helpTexts[path] == nil { helpTexts[path] = try help(path) }
      if words.count > 1, subcommands(in: helpTexts[path]!).contains(words[1]) {
        path.append(words[1])
      } else if let name = subcommands(in: helpTexts[path]!).first(where: {
        helpTexts[path]!.contains("\n  \($0) (default) ")
      }) {
        // A group that runs its default subcommand when given none takes that subcommand's flags.
        path.append(name)
      }
      if helpTexts[path] == nil { helpTexts[path] = try help(path) }
      let rest = String(text[Range(match.range(at: 0), in: text)!])
      let tokens = rest.split(separator: " ").map {
        $0.trimmingCharacters(in: CharacterSet(charactersIn: "[]()|,"))
      }
      for flag in tokens.filter({ $0.hasPrefix("--") || $0 == "-C" }) {
        let name = String(flag.prefix { $0 != "=" })
        #expect(
          helpTexts[path]!.contains(name),
          "the README shows `leads \(path.joined(separator: " ")) \(name)`, which does not exist")
        checked += 1
      }
    }
    #expect(checked > 30, "only \(checked) flags were found in the README")
  }

  @Test func everyCommandsHelpShowsAnExample() throws {
    var paths: [[String]] = []
    for command in subcommands(in: try help([])) where command != "help" {
      paths.append([command])
      for sub in subcommands(in: try help([command])) where sub != "help" { paths.append([command, sub]) }
    }
    #expect(paths.count >= 17)
    for path in paths {
      let text = try help(path)
      let name = "`leads \(path.joined(separator: " ")) --help`"
      guard let start = text.range(of: "Example") else {
        Issue.record("\(name) shows no example")
        continue
      }
      // Help is laid out for 80 columns here (no terminal): an example the parser had to wrap would read as
      // two commands, so each fits on its line, two spaces in, with nothing unindented before the blank line.
      let block = text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
        .dropFirst().prefix { !$0.isEmpty }
      #expect(!block.isEmpty, "\(name) has an empty Examples block")
      for line in block {
        #expect(line.hasPrefix("  ") && line.count <= 80, "\(name) wraps an example: '\(line)'")
      }
    }
  }

  @Test func everyRuleIsInTheReadmesTable() throws {
    let text = try String(contentsOf: DocumentationTests.readme, encoding: .utf8)
    // The rules table's rows: `| `id` | error |` or `| `id` | warning |`.
    let documented = Set(
      text.split(separator: "\n").compactMap { line -> String? in
        let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        guard line.hasPrefix("| `"), cells.count >= 3, ["error", "warning"].contains(cells[1]) else {
          return nil
        }
        return cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
      })
    let listed = try Fixture().leads(["rules"]).stdout.split(separator: "\n").compactMap {
      $0.split(separator: " ").first.map(String.init)
    }
    #expect(listed.count >= 40, "\(listed)")
    for rule in listed {
      #expect(documented.contains(rule), "`leads rules` lists \(rule); the README's table does not")
    }
    for rule in documented.subtracting(listed) {
      Issue.record("the README's table has \(rule); `leads rules` does not")
    }
  }

  @Test func completionScriptsAreGenerated() throws {
    let fixture = try Fixture()
    for shell in ["bash", "zsh", "fish"] {
      let script = try fixture.leads(["--generate-completion-script", shell])
      #expect(script.status == 0)
      #expect(
        script.stdout.contains("codeowners") && script.stdout.contains("checkin"),
        "\(shell) completion lacks commands")
    }
  }
}

/// The README's "first ten minutes" walkthrough, run as written on a scratch repository: each command must
/// succeed and print the lines shown under it.
struct WalkthroughTests {
  struct Step {
    let command: String
    var expected: [String] = []
  }

  static func steps() throws -> [Step] {
    let text = try String(contentsOf: DocumentationTests.readme, encoding: .utf8)
    let start = try #require(text.range(of: "<!-- walkthrough -->"))
    let end = try #require(text.range(of: "<!-- end walkthrough -->"))
    var steps: [Step] = []
    for line in text[start.upperBound..<end.lowerBound].split(separator: "\n") where !line.hasPrefix("```") {
      if line.hasPrefix("$ ") {
        steps.append(Step(command: String(line.dropFirst(2))))
      } else if !steps.isEmpty {
        steps[steps.count - 1].expected.append(String(line))
      }
    }
    return steps
  }

  @Test func theReadmeWalkthroughRunsAsShown() throws {
    let steps = try WalkthroughTests.steps()
    #expect(steps.count >= 12)
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-walk-\(UUID().uuidString)")
    let repository = scratch.appendingPathComponent("repo")
    let bin = scratch.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    try FileManager.default.createSymbolicLink(
      atPath: bin.appendingPathComponent("leads").path, withDestinationPath: leadsExecutable)
    // The reader's own git identity, someone the walkthrough's registry does not name: the commits it makes
    // as Anna and Andy say so, and no warning may come from whose machine it runs on.
    let config = scratch.appendingPathComponent("gitconfig")
    try Data(
      "[user]\n\tname = You\n\temail = reader@example.com\n[commit]\n\tgpgsign = false\n[init]\n\tdefaultBranch = main\n"
        .utf8
    )
    .write(to: config)
    let environment = [
      "PATH": bin.path + ":/usr/bin:/bin", "HOME": scratch.path, "GIT_CONFIG_GLOBAL": config.path,
      "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1",
    ]
    for step in steps {
      let result = try run(
        "/bin/sh", ["-c", step.command], in: repository, environment: [:], clean: environment)
      #expect(result.status == 0, "$ \(step.command)\n\(result.stdout)\(result.stderr)")
      let output = result.stdout + result.stderr
      for line in step.expected {
        #expect(output.contains(line), "$ \(step.command): expected '\(line)' in:\n\(output)")
      }
    }
  }
}

import Foundation
import Testing

/// One registry holding one instance of every bad input PRODUCT.md lists, next to valid files with CRLF line
/// endings and a byte-order mark: every bad file is reported at its exact position, in every format.
struct BadInputTests {
  static let expected: Set<Finding> = [
    Finding(rule: "front-matter", path: "registry/bad/unclosed.md", line: 1, column: 1),
    Finding(rule: "yaml-syntax", path: "registry/bad/tabs.md", line: 5, column: 1),
    Finding(rule: "unreadable-file", path: "registry/bad/latin1.md", line: 3, column: 10),
    Finding(rule: "unreadable-file", path: "registry/bad/binary.md", line: 3, column: 1),
    Finding(rule: "unreadable-file", path: "registry/bad/huge.md", line: 1, column: 1),
    Finding(rule: "yaml-syntax", path: "registry/bad/bomb.md", line: 4, column: 9),
    Finding(rule: "yaml-syntax", path: "registry/bad/duplicate.md", line: 6, column: 1),
    Finding(rule: "invalid-date", path: "registry/bad/date.md", line: 6, column: 6),
    Finding(rule: "pattern-escapes-repo", path: "registry/bad/escape.md", line: 4, column: 9),
    Finding(rule: "unreadable-file", path: "registry/bad/link.md", line: 1, column: 1),
    Finding(rule: "invalid-owner", path: "registry/bad/injection.md", line: 3, column: 7),
    Finding(rule: "front-matter", path: "registry/bad/notes.md", line: 1, column: 1),
    // Checks that need no history run without it too: entries that parse are checked as posts.
    Finding(rule: "no-backup", path: "registry/bad/date.md", line: 3, column: 7),
    Finding(rule: "no-backup", path: "registry/bad/escape.md", line: 3, column: 7),
    Finding(rule: "no-backup", path: "registry/bad/injection.md", line: 3, column: 7),
  ]

  static func makeRegistry() throws -> Fixture {
    let fixture = try Fixture()
    try fixture.writeValidRegistry()
    try fixture.commit("valid registry")
    try fixture.write(
      "registry/good/crlf.md",
      "---\r\nkind: person\r\nname: Carl\r\nemails: [carl@example.com]\r\n---\r\nBody\r\n")
    try fixture.write(
      "registry/good/bom.md",
      bytes: [0xEF, 0xBB, 0xBF] + Array("---\nkind: person\nemails: [bo@example.com]\n---\n".utf8))
    try fixture.write("registry/bad/unclosed.md", "---\nkind: service\nlead: anna\n")
    try fixture.write(
      "registry/bad/tabs.md", "---\nkind: service\nlead: anna\npaths:\n\t- /services/checkout/\n---\n")
    try fixture.write(
      "registry/bad/latin1.md",
      bytes: Array("---\nkind: person\nname: Ren".utf8) + [0xE9] + Array("e\n---\n".utf8))
    try fixture.write(
      "registry/bad/binary.md",
      bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])
    try fixture.write("registry/bad/huge.md", bytes: Array(repeating: 0x61, count: 50 * 1024 * 1024))
    var bomb =
      "---\nkind: service\nlead: anna\nbackup: &a [x, x, x, x, x, x, x, x, x]\npaths: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    for level in 0..<20 { bomb += "l\(level): &l\(level) [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" }
    try fixture.write("registry/bad/bomb.md", bomb + "---\n")
    try fixture.write(
      "registry/bad/duplicate.md",
      "---\nkind: service\nlead: anna\npaths: [/services/checkout/]\nbackup: []\nlead: andy\n---\n")
    try fixture.write(
      "registry/bad/date.md",
      "---\nkind: initiative\nlead: anna\nstatus: active\nstarted: 2026-01-01\ndue: 2026-02-30\n---\n")
    try fixture.write("registry/bad/escape.md", "---\nkind: service\nlead: anna\npaths: [../outside/]\n---\n")
    try fixture.write(
      "registry/bad/injection.md", "---\nkind: initiative\nlead: \"anna\\n* @mallory\"\nstatus: active\n---\n"
    )
    try fixture.write("registry/bad/notes.md", "Just some notes.\n")
    try FileManager.default.createSymbolicLink(
      atPath: fixture.root.appendingPathComponent("registry/bad/link.md").path,
      withDestinationPath: "/etc/passwd")
    return fixture
  }

  @Test func everyBadInputIsReportedAtItsPosition() throws {
    let fixture = try BadInputTests.makeRegistry()
    let started = Date()
    let json = try fixture.leads(["lint", "--no-history", "--format", "json"])
    let elapsed = Date().timeIntervalSince(started)
    #expect(json.status == 1)
    let findings = try Finding.parse(json: json.stdout)
    #expect(Set(findings) == BadInputTests.expected, "\(json.stdout)")
    #expect(findings.count == BadInputTests.expected.count)
    print("bad-input registry linted in \(Int(elapsed * 1000)) ms")
  }

  @Test func theIndexGivesTheSameFindings() throws {
    let fixture = try BadInputTests.makeRegistry()
    try fixture.git(["add", "-A"])
    let staged = try fixture.leads(["lint", "--no-history", "--staged", "--format", "json"])
    #expect(staged.status == 1)
    #expect(Set(try Finding.parse(json: staged.stdout)) == BadInputTests.expected, "\(staged.stdout)")
  }

  @Test func everyFormatCarriesTheSameFindings() throws {
    let fixture = try BadInputTests.makeRegistry()
    let text = try fixture.leads(["lint", "--no-history", "--format", "text"])
    #expect(text.status == 1)
    let textFindings = Set(
      text.stdout.split(separator: "\n").map { line -> Finding in
        let parts = line.split(separator: ":", maxSplits: 3)
        let rule = line[line.range(of: "[", options: .backwards)!.upperBound...].dropLast()
        return Finding(
          rule: String(rule), path: String(parts[0]), line: Int(parts[1])!, column: Int(parts[2])!)
      })
    #expect(textFindings == BadInputTests.expected)

    let github = try fixture.leads(["lint", "--no-history", "--format", "github"])
    #expect(github.status == 1)
    let githubFindings = Set(
      try github.stdout.split(separator: "\n").map { line -> Finding in
        let properties = line.split(separator: " ", maxSplits: 1)[1].components(separatedBy: "::")[0]
        var values: [String: String] = [:]
        for pair in properties.split(separator: ",") {
          let keyValue = pair.split(separator: "=", maxSplits: 1)
          values[String(keyValue[0])] = String(keyValue[1])
        }
        return Finding(
          rule: String(try #require(values["title"]).dropFirst("leads ".count)),
          path: try #require(values["file"]),
          line: Int(try #require(values["line"]))!, column: Int(try #require(values["col"]))!)
      })
    #expect(githubFindings == BadInputTests.expected)

    let sarif = try fixture.leads(["lint", "--no-history", "--format", "sarif"])
    #expect(sarif.status == 1)
    let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
    let results = try #require((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
    let sarifFindings = Set(
      try results.map { result -> Finding in
        let location = try #require(
          (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let region = try #require(location["region"] as? [String: Any])
        return Finding(
          rule: try #require(result["ruleId"] as? String),
          path: try #require((location["artifactLocation"] as? [String: Any])?["uri"] as? String),
          line: try #require(region["startLine"] as? Int), column: try #require(region["startColumn"] as? Int)
        )
      })
    #expect(sarifFindings == BadInputTests.expected)
  }
}

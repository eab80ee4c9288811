import Foundation
import Testing

/// CI on a pull request fails on what the change introduced, never on the calendar; every format says when
/// history was cut; findings keep their identity from day to day.
struct PullRequestGateTests {
  static let anna = "Anna <anna@example.com>"
  static let bob = "Bob <bob@example.com>"

  /// `main` holds a registry full of date-driven warnings (a post held since 2024, no backup, a quiet lead).
  static func repository() throws -> Fixture {
    let fixture = try Fixture()
    try fixture.write("services/pay/main.swift", "print(1)\n")
    try fixture.write("registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\n---\n")
    try fixture.write(
      "registry/services/pay.md", "---\nkind: service\nlead: anna\npaths: [/services/pay/]\n---\n")
    try fixture.commit("registry", by: anna, on: "2024-01-01")
    let generated = try fixture.leads(["codeowners", "--write"])
    #expect(generated.status == 0, "\(generated.stderr)")
    try fixture.commit("CODEOWNERS", by: anna, on: "2024-01-02")
    return fixture
  }

  static func json(_ run: Run) throws -> [String: Any] {
    try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
  }

  @Test func newSinceFailsOnlyOnWhatTheBranchAdds() throws {
    let fixture = try PullRequestGateTests.repository()
    let everything = try fixture.leads(["lint", "--strict", "--now", "2026-12-01"])
    #expect(everything.status == 1, "main itself is full of warnings: \(everything.stdout)")
    try fixture.git(["checkout", "-q", "-b", "clean"])
    try fixture.write("services/pay/more.swift", "print(2)\n")
    try fixture.commit("more pay", by: PullRequestGateTests.bob, on: "2026-11-30")
    for now in ["2026-12-01", "2027-03-01"] {
      let clean = try fixture.leads(["lint", "--strict", "--new-since", "main", "--now", now])
      #expect(clean.status == 0, "a branch that adds nothing wrong passes on \(now): \(clean.stdout)")
      let lines = clean.stdout.split(separator: "\n")
      #expect(lines.count >= 2 && lines.allSatisfy { $0.hasSuffix("(existing)") }, "\(clean.stdout)")
      #expect(clean.stderr.contains("0 new since main (merge base "), "\(clean.stderr)")
    }
    try fixture.git(["checkout", "-q", "-b", "broken"])
    try fixture.write(
      "registry/services/ledger.md",
      "---\nkind: service\nlead: zed\nbackup: [anna]\npaths: [/services/pay/]\n---\n")
    try fixture.commit("ledger", by: PullRequestGateTests.bob, on: "2026-11-30")
    let broken = try fixture.leads(["lint", "--strict", "--new-since", "main", "--now", "2026-12-01"])
    #expect(broken.status == 1, "\(broken.stdout)")
    let added = broken.stdout.split(separator: "\n").filter { !$0.hasSuffix("(existing)") }
    #expect(added.contains { $0.contains("registry/services/ledger.md") && $0.contains("[unknown-person]") })
    #expect(
      added.allSatisfy {
        $0.contains("registry/services/ledger.md") || $0.contains("[overlapping-services]")
      },
      "only what the branch added, and not the CODEOWNERS drift it causes while it is broken: \(added)")
    let object = try PullRequestGateTests.json(
      try fixture.leads(["lint", "--format", "json", "--new-since", "main", "--now", "2026-12-01"]))
    let newSince = try #require(object["new_since"] as? [String: Any])
    #expect(newSince["revision"] as? String == "main")
    #expect((newSince["merge_base"] as? String)?.count == 40)
    let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
    let newRules = diagnostics.filter { $0["existing"] as? Bool == false }.map { $0["rule"] as? String }
    #expect(newRules.contains("unknown-person"), "\(diagnostics)")
    let oldRules = diagnostics.filter { $0["existing"] as? Bool == true }.map { $0["rule"] as? String }
    #expect(oldRules.contains("unrotated-post") && oldRules.contains("no-backup"), "\(diagnostics)")
    #expect(newSince["new"] as? Int == newRules.count)
  }

  /// The merge base's tracked files come from the index and the paths the branch changed (a fresh checkout's
  /// index says which tree it holds): the same findings as listing the base's whole tree, so a branch that
  /// empties a service's folder is told its pattern now matches nothing.
  @Test func theMergeBaseTracksWhatItsTreeHolds() throws {
    let fixture = try PullRequestGateTests.repository()
    try fixture.write("services/keep/a.swift", "1\n")
    try fixture.write("docs/guide.md", "1\n")
    try fixture.commit("more", by: PullRequestGateTests.anna, on: "2024-01-03")
    try fixture.git(["checkout", "-q", "-b", "emptied"])
    try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("services/pay"))
    try fixture.write("services/ledger/b.swift", "2\n")
    try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("docs"))
    try fixture.write("docs", "a file where the folder was\n")
    try fixture.commit("pay moves out", by: PullRequestGateTests.bob, on: "2026-11-30")
    let arguments = ["lint", "--format", "json", "--new-since", "main", "--now", "2026-12-01"]
    let derived = try fixture.leads(arguments)
    let listed = try fixture.leads(arguments, environment: ["LEADS_DERIVE_PAST_TREES": "0"])
    #expect(derived.stdout == listed.stdout)
    let diagnostics = try #require(try PullRequestGateTests.json(derived)["diagnostics"] as? [[String: Any]])
    let new = diagnostics.filter { $0["existing"] as? Bool == false }
    #expect(
      new.contains { ($0["message"] as? String)?.contains("/services/pay/") == true }, "\(diagnostics)")
  }

  @Test func theMergeBaseIsReadFromTheCacheOfHEADWithoutChangingIt() throws {
    let fixture = try PullRequestGateTests.repository()
    try fixture.git(["checkout", "-q", "-b", "branch"])
    for (index, day) in ["2026-11-20", "2026-11-25"].enumerated() {
      try fixture.write("services/pay/more\(index).swift", "print(\(index))\n")
      try fixture.commit("more", by: PullRequestGateTests.bob, on: day)
    }
    // A registry change on the branch: the base's registry states are the cached ones less the branch's.
    try fixture.write(
      "registry/services/pay.md",
      "---\nkind: service\nlead: anna\nbackup: [zed]\npaths: [/services/pay/]\n---\n")
    try fixture.commit("zed backs up pay", by: PullRequestGateTests.bob, on: "2026-11-28")
    let arguments = ["lint", "--format", "json", "--new-since", "main", "--now", "2026-12-01"]
    #expect(try fixture.leads(["lint", "--now", "2026-12-01"]).status == 1)  // the cache now holds HEAD
    let cache = fixture.root.appendingPathComponent(".git/leads/history-cache")
    let before = try Data(contentsOf: cache)
    let cached = try fixture.leads(arguments, environment: ["LEADS_TRACE": "1"])
    #expect(
      cached.stderr.contains("cache: reused for an older commit, less 3 later commits"), "\(cached.stderr)")
    #expect(try Data(contentsOf: cache) == before, "the merge base never replaces the cache of HEAD")
    let cold = try fixture.leads(arguments + ["--no-cache"])
    #expect(cached.stdout == cold.stdout, "the same findings, the same existing ones")
    #expect(cached.stdout.contains("\"existing\" : true") && cached.stdout.contains("\"existing\" : false"))
  }

  @Test func theHookNamesTheBrokenEntryNotTheDriftItCauses() throws {
    let fixture = try PullRequestGateTests.repository()
    let install = try fixture.leads(["hook", "install"])
    #expect(install.status == 0, "\(install.stderr)")
    // A new lead nobody has a person file for: the generated CODEOWNERS no longer matches either.
    try fixture.write(
      "registry/services/pay.md", "---\nkind: service\nlead: zed\npaths: [/services/pay/]\n---\n")
    try fixture.git(["add", "-A"])
    let stopped = try fixture.commitThroughHooks("zed leads pay", environment: ["LEADS": leadsExecutable])
    #expect(stopped.status != 0)
    #expect(
      stopped.stderr.contains("registry/services/pay.md:3:7: error: no person 'zed'"), "\(stopped.stderr)")
    #expect(!stopped.stderr.contains("[codeowners-drift]"), "\(stopped.stderr)")
    // Once the entry is right, the drift is what is left, and it is said.
    try fixture.write("registry/people/zed.md", "---\nkind: person\nemails: [zed@example.com]\n---\n")
    try fixture.git(["add", "-A"])
    let drifted = try fixture.commitThroughHooks("zed leads pay", environment: ["LEADS": leadsExecutable])
    #expect(drifted.status != 0)
    #expect(drifted.stderr.contains("[codeowners-drift]"), "\(drifted.stderr)")
  }

  @Test func aHandEditInsideTheGeneratedBlockIsNamedAndNotOverwritten() throws {
    let fixture = try PullRequestGateTests.repository()
    let path = ".github/CODEOWNERS"
    let generated = String(decoding: try #require(try fixture.read(path)), as: UTF8.self)
    #expect(
      generated.range(of: "# END leads \\(checksum: [0-9a-f]{16}\\)\n", options: .regularExpression) != nil)
    let edited = generated.replacingOccurrences(of: "/services/pay/ ", with: "/services/pay/ @octo/payments ")
    #expect(edited != generated)
    try fixture.write(path, edited)
    let lint = try fixture.leads(["lint", "--no-history"])
    #expect(lint.status == 1)
    let line = try #require(lint.stdout.split(separator: "\n").first { $0.contains("[codeowners-drift]") })
    #expect(line.contains("was edited by hand"), "\(line)")
    #expect(line.hasPrefix("\(path):2:1:"), "at the edited line: \(line)")
    let write = try fixture.leads(["codeowners", "--write"])
    #expect(write.status == 1)
    #expect(write.stderr.contains("edited by hand") && write.stderr.contains("--force"), "\(write.stderr)")
    #expect(
      String(decoding: try #require(try fixture.read(path)), as: UTF8.self) == edited, "nothing written")
    let check = try fixture.leads(["codeowners", "--check"])
    #expect(check.status == 1 && check.stdout.contains("-/services/pay/ @octo/payments"), "\(check.stdout)")
    #expect(check.stderr.contains("edited by hand"), "\(check.stderr)")
    // The authoring commands do not write over it either.
    let checkin = try fixture.leads(["checkin", "pay"])
    #expect(checkin.status != 0 && checkin.stderr.contains("edited by hand"), "\(checkin.stderr)")
    let forced = try fixture.leads(["codeowners", "--write", "--force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(String(decoding: try #require(try fixture.read(path)), as: UTF8.self) == generated)
    #expect(try fixture.leads(["codeowners", "--force"]).status == 2, "--force goes with --write")
  }

  /// A block an older leads wrote (its END line without the checksum) routes as the registry says: nothing
  /// reports it, commits go through, and `--write` adds the checksum; once its lines differ, it has drifted.
  @Test func aBlockWrittenBeforeTheChecksumIsNotDrift() throws {
    let fixture = try PullRequestGateTests.repository()
    let path = ".github/CODEOWNERS"
    let generated = String(decoding: try #require(try fixture.read(path)), as: UTF8.self)
    let older = generated.replacingOccurrences(
      of: "# END leads \\(checksum: [0-9a-f]{16}\\)", with: "# END leads", options: .regularExpression)
    #expect(older != generated && older.hasSuffix("# END leads\n"))
    try fixture.write(path, older)
    try fixture.commit("as an older leads left it", by: PullRequestGateTests.anna, on: "2024-01-03")
    let lint = try fixture.leads(["lint", "--no-history"])
    #expect(!lint.stdout.contains("[codeowners-drift]"), "\(lint.stdout)")
    let check = try fixture.leads(["codeowners", "--check"])
    #expect(check.status == 0 && check.stderr.contains("adds its END line's checksum"), "\(check.stderr)")
    #expect(try fixture.leads(["hook", "install"]).status == 0)
    try fixture.write("services/pay/more.swift", "print(2)\n")
    try fixture.git(["add", "-A"])
    let committed = try fixture.commitThroughHooks("more pay", environment: ["LEADS": leadsExecutable])
    #expect(committed.status == 0, "\(committed.stderr)")
    let write = try fixture.leads(["codeowners", "--write"])
    #expect(write.status == 0 && write.stderr.contains("wrote"), "\(write.stderr)")
    #expect(String(decoding: try #require(try fixture.read(path)), as: UTF8.self) == generated)
    // An older block whose lines no longer match the registry is drift, as before.
    try fixture.write(
      path, older.replacingOccurrences(of: "/services/pay/ ", with: "/services/pay/ @octo/payments "))
    let drifted = try fixture.leads(["lint", "--no-history"])
    #expect(drifted.stdout.contains("[codeowners-drift]"), "\(drifted.stdout)")
  }

  @Test func theMergeBaseIsLintedWithTheBranchsConfig() throws {
    let fixture = try PullRequestGateTests.repository()
    try fixture.git(["checkout", "-q", "-b", "stricter"])
    // The branch turns an old warning into an error: the finding is the same one, so it is not new.
    try fixture.write("registry/leads.yml", "rules:\n  no-backup: error\n")
    try fixture.commit("stricter", by: PullRequestGateTests.bob, on: "2026-11-30")
    let stricter = try fixture.leads(["lint", "--new-since", "main", "--now", "2026-12-01"])
    #expect(stricter.status == 0, "\(stricter.stdout)")
    #expect(stricter.stdout.contains("error: 'pay' has no backup"), "\(stricter.stdout)")
    #expect(stricter.stdout.contains("[no-backup] (existing)"), "\(stricter.stdout)")
    let plain = try fixture.leads(["lint", "--now", "2026-12-01"])
    #expect(plain.status == 1, "without --new-since the error counts: \(plain.stdout)")
  }

  @Test func aRegistryNewOnTheBranchIsAllNewAndAnUnknownRevisionIsAUsageError() throws {
    let fixture = try Fixture()
    try fixture.write("README.md", "hello\n")
    try fixture.commit("start", by: PullRequestGateTests.anna, on: "2026-01-01")
    try fixture.git(["checkout", "-q", "-b", "adopt"])
    try fixture.write("registry/services/pay.md", "---\nkind: service\nlead: zed\npaths: [/README.md]\n---\n")
    try fixture.commit("registry", by: PullRequestGateTests.anna, on: "2026-01-02")
    let adopted = try fixture.leads(["lint", "--new-since", "main", "--now", "2026-01-03"])
    #expect(adopted.status == 1, "\(adopted.stdout)")
    #expect(!adopted.stdout.contains("(existing)"), "\(adopted.stdout)")
    let unknown = try fixture.leads(["lint", "--new-since", "origin/main"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("no revision named 'origin/main'"), "\(unknown.stderr)")
    #expect(unknown.stderr.contains("git fetch"), "\(unknown.stderr)")
    let staged = try fixture.leads(["lint", "--staged", "--new-since", "main"])
    #expect(staged.status == 2, "\(staged.stderr)")
  }

  @Test func fingerprintsStayTheSameFromDayToDayAndCodeClimateCarriesThem() throws {
    let fixture = try PullRequestGateTests.repository()
    func sarif(_ now: String) throws -> [[String: Any]] {
      let run = try fixture.leads(["lint", "--format", "sarif", "--now", now])
      let runs = try #require(try PullRequestGateTests.json(run)["runs"] as? [[String: Any]])
      return try #require(runs.first?["results"] as? [[String: Any]])
    }
    func prints(_ results: [[String: Any]]) -> [String] {
      results.map { ($0["partialFingerprints"] as? [String: String])?["leadsFinding/v1"] ?? "none" }
    }
    func messages(_ results: [[String: Any]]) -> [String] {
      results.map { ($0["message"] as? [String: Any])?["text"] as? String ?? "" }
    }
    let monday = try sarif("2026-12-01")
    let later = try sarif("2026-12-09")
    #expect(monday.count >= 3)
    #expect(messages(monday) != messages(later), "the day counts moved on")
    #expect(prints(monday) == prints(later), "and the findings kept their fingerprints")
    #expect(Set(prints(monday)).count == monday.count, "no two findings share one")
    #expect(prints(monday).allSatisfy { $0.count == 16 && $0.allSatisfy(\.isHexDigit) })

    let quality = try fixture.leads(["lint", "--format", "codeclimate", "--now", "2026-12-01"])
    let issues = try #require(
      try JSONSerialization.jsonObject(with: Data(quality.stdout.utf8)) as? [[String: Any]],
      "\(quality.stdout)")
    #expect(issues.count == monday.count)
    for issue in issues {
      #expect(issue["type"] as? String == "issue")
      #expect((issue["description"] as? String)?.isEmpty == false)
      #expect(issue["check_name"] is String)
      #expect(["info", "minor", "major", "critical", "blocker"].contains(issue["severity"] as? String ?? ""))
      let location = try #require(issue["location"] as? [String: Any])
      #expect(location["path"] as? String == "registry/services/pay.md")
      #expect(((location["lines"] as? [String: Any])?["begin"] as? Int ?? 0) >= 1)
    }
    #expect(issues.map { $0["fingerprint"] as? String ?? "" } == prints(monday))
  }

  @Test func oneRunWritesEveryFormat() throws {
    let fixture = try PullRequestGateTests.repository()
    let run = try fixture.leads([
      "lint", "--format", "github", "--output", "sarif=out/leads.sarif", "--output", "json=leads.json",
      "--now", "2026-12-01",
    ])
    #expect(run.status == 2, "a folder that does not exist is refused: \(run.stderr)")
    try FileManager.default.createDirectory(
      at: fixture.root.appendingPathComponent("out"), withIntermediateDirectories: true)
    let written = try fixture.leads([
      "lint", "--format", "github", "--output", "sarif=out/leads.sarif", "--output", "json=leads.json",
      "--now", "2026-12-01",
    ])
    #expect(written.status == 0, "\(written.stderr)")
    #expect(written.stdout.hasPrefix("::warning file=registry/services/pay.md"), "\(written.stdout)")
    let sarif = String(decoding: try #require(try fixture.read("out/leads.sarif")), as: UTF8.self)
    #expect(sarif.contains("\"version\" : \"2.1.0\""))
    let json = String(decoding: try #require(try fixture.read("leads.json")), as: UTF8.self)
    #expect(json.contains("\"unrotated-post\""))
    let wrong = try fixture.leads(["lint", "--output", "xml=leads.xml"])
    #expect(wrong.status == 2)
    #expect(
      wrong.stderr.contains("no format 'xml'") && wrong.stderr.contains("codeclimate"), "\(wrong.stderr)")
  }

  @Test func aShallowCloneSaysSoInEveryFormat() throws {
    let source = try PullRequestGateTests.repository()
    try source.write("services/pay/more.swift", "print(2)\n")
    try source.commit("more", by: PullRequestGateTests.anna, on: "2026-11-01")
    let target = source.root.appendingPathComponent("shallow")
    try source.git(["clone", "-q", "--depth", "1", "file://" + source.root.path, target.path])
    func lint(_ format: String) throws -> Run {
      try run(leadsExecutable, ["lint", "--format", format, "--now", "2026-12-01"], in: target)
    }
    let sarif = try PullRequestGateTests.json(try lint("sarif"))
    let runs = try #require(sarif["runs"] as? [[String: Any]])
    let invocation = try #require((runs.first?["invocations"] as? [[String: Any]])?.first)
    let notifications = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
    let texts = notifications.compactMap { ($0["message"] as? [String: Any])?["text"] as? String }
    #expect(texts.contains { $0.contains("history is truncated at 2026-11-01") }, "\(notifications)")
    let github = try lint("github")
    #expect(github.stdout.hasPrefix("::warning title=leads history::history is truncated at 2026-11-01"))
    let json = try PullRequestGateTests.json(try lint("json"))
    let history = try #require(json["history"] as? [String: Any])
    #expect(history["cut"] as? Bool == true)
    #expect((history["notes"] as? [String])?.first?.contains("truncated") == true)
    // A full clone's history is whole: no notification, and `cut` is false.
    let whole = try PullRequestGateTests.json(
      try source.leads(["lint", "--format", "json", "--now", "2026-12-01"]))
    #expect((whole["history"] as? [String: Any])?["cut"] as? Bool == false)
  }
}

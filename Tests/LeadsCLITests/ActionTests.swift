import Foundation
import Testing

/// The composite action's shell steps, run as a GitHub runner would run them (the YAML read by PyYAML, each
/// step's `run` under bash with the step's environment).
struct ActionTests {
  static let manifest = PreCommitFrameworkTests.projectRoot.appendingPathComponent("action.yml")

  /// Every step as name, script and environment (with `${{ … }}` expressions left to the caller).
  static func steps() throws -> [(name: String, run: String, env: [String: String])] {
    let python = try #require(oraclePython, "scripts/test installs PyYAML with pre-commit")
    let dump = try run(
      python,
      [
        "-c",
        "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))['runs']['steps']))",
        manifest.path,
      ], in: PreCommitFrameworkTests.projectRoot)
    #expect(dump.status == 0, "\(dump.stderr)")
    let steps = try #require(
      try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [[String: Any]])
    return steps.compactMap { step in
      guard let script = step["run"] as? String else { return nil }
      return (step["name"] as? String ?? "", script, step["env"] as? [String: String] ?? [:])
    }
  }

  static func step(_ name: String) throws -> (run: String, env: [String: String]) {
    let found = try #require(try steps().first { $0.name == name }, "no step '\(name)' in action.yml")
    return (found.run, found.env)
  }

  @Test(.enabled(if: oraclePython != nil))
  func everyStepIsValidBash() throws {
    let steps = try ActionTests.steps()
    #expect(steps.count >= 5)
    for step in steps {
      let checked = try run("/bin/bash", ["-n", "-c", step.run], in: PreCommitFrameworkTests.projectRoot)
      #expect(checked.status == 0, "\(step.name): \(checked.stderr)")
    }
  }

  @Test(.enabled(if: oraclePython != nil))
  func aShallowPullRequestCheckoutIsDeepenedAndLintedOnceAgainstItsBase() throws {
    let source = try PullRequestGateTests.repository()
    try source.git(["config", "uploadpack.allowAnySHA1InWant", "true"])
    try source.git(["checkout", "-q", "-b", "feature"])
    try source.write(
      "registry/services/ledger.md", "---\nkind: service\nlead: zed\npaths: [/services/pay/main.swift]\n---\n"
    )
    try source.commit("ledger", by: PullRequestGateTests.bob, on: "2026-11-30")
    let head = try source.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    // actions/checkout's default: one commit.
    let checkout = source.root.appendingPathComponent("checkout")
    try source.git([
      "clone", "-q", "--depth", "1", "--branch", "feature", "file://" + source.root.path, checkout.path,
    ])
    // The action's folder, with a leads installed where the release step puts it.
    let action = source.root.appendingPathComponent("action")
    let bin = action.appendingPathComponent(".leads-release/bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: bin.appendingPathComponent("leads").path, withDestinationPath: leadsExecutable)
    let runner = [
      "GITHUB_ACTION_PATH": action.path, "GITHUB_SHA": head, "RUNNER_TEMP": source.root.path,
      "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
    ]

    let deepen = try ActionTests.step("Deepen the checkout")
    let deepened = try run(
      "/bin/bash", ["-e", "-c", deepen.run], in: checkout,
      environment: runner.merging(["DAYS": "4000", "BASE_REF": "main"]) { _, new in new })
    #expect(deepened.status == 0, "\(deepened.stderr)")
    let count = try source.git(["rev-list", "--count", "HEAD"], in: checkout)
    #expect(count.trimmingCharacters(in: .whitespacesAndNewlines) == "3", "the whole history is there again")
    #expect(try source.git(["rev-parse", "--verify", "origin/main"], in: checkout).count == 41)

    let lint = try ActionTests.step("Lint the registry")
    let linted = try run(
      "/bin/bash", ["-e", "-c", lint.run], in: checkout,
      environment: runner.merging([
        "LEADS_ARGS": "--strict --now 2026-12-01", "LEADS_SARIF": "leads.sarif", "LEADS_JSON": "leads.json",
        "NEW_SINCE": "auto", "BASE_REF": "main",
      ]) { _, new in new })
    #expect(linted.status == 1, "the branch adds an unknown lead: \(linted.stdout)\(linted.stderr)")
    #expect(linted.stdout.contains("::error file=registry/services/ledger.md"), "\(linted.stdout)")
    #expect(linted.stdout.contains("title=leads unrotated-post (existing)"), "\(linted.stdout)")
    let json = try #require(
      FileManager.default.contents(atPath: checkout.appendingPathComponent("leads.json").path))
    let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    #expect((object["new_since"] as? [String: Any])?["revision"] as? String == "origin/main")
    #expect(FileManager.default.fileExists(atPath: checkout.appendingPathComponent("leads.sarif").path))
  }
}

import Foundation
import Testing

/// The result of running a command.
struct Run {
  let status: Int32
  let stdout: String
  let stderr: String
}

/// Runs an executable with a watchdog: a run that outlasts `timeout` is killed and reported as a hang.
/// `clean` replaces the inherited environment. `leads` itself runs with a home folder of its own and no
/// global or system git configuration, unless the test sets them: nothing of the machine's leaks into a test.
func run(
  _ executable: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:],
  clean: [String: String]? = nil, timeout: TimeInterval = 60
) throws -> Run {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  process.currentDirectoryURL = directory
  var env = clean ?? ProcessInfo.processInfo.environment
  env.merge(environment) { _, new in new }
  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
    "leads-run-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: scratch) }
  if executable == leadsExecutable {
    let isolated = [
      "HOME": scratch.path, "XDG_CONFIG_HOME": scratch.path, "GIT_CONFIG_GLOBAL": "/dev/null",
      "GIT_CONFIG_NOSYSTEM": "1",
    ]
    for (key, value) in isolated where environment[key] == nil && clean?[key] == nil { env[key] = value }
  }
  process.environment = env
  let out = scratch.appendingPathComponent("out")
  let err = scratch.appendingPathComponent("err")
  _ = FileManager.default.createFile(atPath: out.path, contents: nil)
  _ = FileManager.default.createFile(atPath: err.path, contents: nil)
  process.standardOutput = try FileHandle(forWritingTo: out)
  process.standardError = try FileHandle(forWritingTo: err)
  process.standardInput = FileHandle.nullDevice
  try process.run()
  let deadline = Date().addingTimeInterval(timeout)
  while process.isRunning && Date() < deadline { usleep(10_000) }
  if process.isRunning {
    process.terminate()
    Issue.record("\(executable) \(arguments) did not finish within \(Int(timeout)) seconds")
  }
  process.waitUntilExit()
  return Run(
    status: process.terminationStatus,
    stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
    stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
}

/// The `leads` executable built next to this test bundle.
let leadsExecutable: String = {
  let candidates = [
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
    Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
  ]
  for folder in candidates {
    let path = folder.appendingPathComponent("leads").path
    if FileManager.default.isExecutableFile(atPath: path) { return path }
  }
  return candidates[0].appendingPathComponent("leads").path
}()

/// A repository in a fresh temporary folder, built with the git CLI under an isolated configuration.
final class Fixture {
  let root: URL
  private(set) var clock = 1_767_225_600  // 2026-01-01T00:00:00Z

  init(bare: Bool = false) throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("leads-fixture-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    try git(bare ? ["init", "-q", "--bare", "-b", "main"] : ["init", "-q", "-b", "main"])
  }

  deinit {
    try? FileManager.default.removeItem(at: root)
  }

  static let gitEnvironment = [
    "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Fixture",
    "GIT_AUTHOR_EMAIL": "fixture@example.com", "GIT_COMMITTER_NAME": "Fixture",
    "GIT_COMMITTER_EMAIL": "fixture@example.com",
  ]

  @discardableResult
  func git(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) throws -> String
  {
    let date = "\(clock) +0000"
    let env = Fixture.gitEnvironment.merging(["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date]) {
      _, new in new
    }
    .merging(environment) { _, new in new }
    let result = try run(
      "/usr/bin/git", ["-c", "commit.gpgsign=false"] + arguments, in: folder ?? root, environment: env)
    guard result.status == 0 else {
      throw FixtureError("git \(arguments.joined(separator: " ")) failed: \(result.stderr)")
    }
    return result.stdout
  }

  func write(_ path: String, _ text: String) throws {
    try write(path, bytes: Array(text.utf8))
  }

  func write(_ path: String, bytes: [UInt8]) throws {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url)
  }

  /// The bytes of a file of the working tree, or nil when there is none.
  func read(_ path: String) throws -> Data? {
    FileManager.default.contents(atPath: root.appendingPathComponent(path).path)
  }

  /// Stages everything and commits, one day after the previous commit.
  func commit(_ message: String = "change") throws {
    try git(["add", "-A"])
    try git(["commit", "-q", "--allow-empty", "-m", message])
    clock += 86_400
  }

  /// Commits everything as `author` ("Name <email>") on `date` (YYYY-MM-DD, noon UTC), landing on `committed`
  /// (default: the same day).
  func commit(_ message: String, by author: String, on date: String, committed: String? = nil) throws {
    try git(["add", "-A"])
    let name = String(author[..<author.firstIndex(of: "<")!]).trimmingCharacters(in: .whitespaces)
    let email = String(author[author.index(after: author.firstIndex(of: "<")!)..<author.firstIndex(of: ">")!])
    try git(
      ["commit", "-q", "--allow-empty", "-m", message],
      environment: [
        "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": "\(date)T12:00:00Z",
        "GIT_COMMITTER_DATE": "\(committed ?? date)T12:00:00Z",
      ])
  }

  /// Merges `branch` into the current branch with a merge commit by `author` on `date` (noon UTC), with
  /// `message` (default: `Merge BRANCH`).
  func merge(
    _ branch: String, message: String? = nil, by author: String = "Fixture <fixture@example.com>",
    on date: String
  ) throws {
    let name = String(author[..<author.firstIndex(of: "<")!]).trimmingCharacters(in: .whitespaces)
    let email = String(author[author.index(after: author.firstIndex(of: "<")!)..<author.firstIndex(of: ">")!])
    try git(
      ["merge", "-q", "--no-ff", "-m", message ?? "Merge \(branch)", branch],
      environment: [
        "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": "\(date)T12:00:00Z",
        "GIT_COMMITTER_DATE": "\(date)T12:00:00Z",
      ])
  }

  /// `git commit` of what is staged, running the repository's hooks; `environment` adds to the fixture's.
  func commitThroughHooks(_ message: String, environment: [String: String] = [:]) throws -> Run {
    try run(
      "/usr/bin/git", ["-c", "commit.gpgsign=false", "commit", "-q", "-m", message], in: root,
      environment: Fixture.gitEnvironment.merging(environment) { _, new in new })
  }

  func leads(_ arguments: [String], in subfolder: String? = nil, environment: [String: String] = [:]) throws
    -> Run
  {
    let folder = subfolder.map { root.appendingPathComponent($0) } ?? root
    return try run(leadsExecutable, arguments, in: folder, environment: environment)
  }

  /// A small valid registry: two services, an initiative and two people, with the files they own.
  func writeValidRegistry() throws {
    try write("services/checkout/main.swift", "print(1)\n")
    try write("services/search/index.swift", "print(2)\n")
    try write("registry/README.md", "# Registry\n")
    try write(
      "registry/services/checkout.md",
      "---\nkind: service\ntitle: Checkout\nlead: anna\nbackup: [andy]\npaths: [/services/checkout/]\n---\n# Checkout\n"
    )
    try write(
      "registry/services/search.md",
      "---\nkind: service\nlead: andy@example.com\nbackup: ['@anna']\npaths:\n  - /services/search/\n---\n")
    try write(
      "registry/initiatives/v2.md",
      "---\nkind: initiative\nlead: anna\nbackup: [andy]\nstatus: active\nstarted: 2026-01-05\ndue: 2099-06-30\n---\n"
    )
    try write(
      "registry/people/anna.md",
      "---\nkind: person\nname: Anna\nemails: [anna@example.com]\nhandle: '@anna'\n---\n")
    try write("registry/people/andy.md", "---\nkind: person\nname: Andy\nemails: [andy@example.com]\n---\n")
  }
}

struct FixtureError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// Decodes `leads lint --format json` into comparable findings.
struct Finding: Hashable, CustomStringConvertible {
  let rule: String
  let path: String
  let line: Int
  let column: Int

  var description: String { "\(path):\(line):\(column) [\(rule)]" }

  static func parse(json: String) throws -> [Finding] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
    return try diagnostics.map { item in
      Finding(
        rule: try #require(item["rule"] as? String), path: try #require(item["path"] as? String),
        line: try #require(item["line"] as? Int), column: try #require(item["column"] as? Int))
    }
  }
}

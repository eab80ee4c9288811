import Foundation
import Testing

/// The first-parent helper of a cold read, on a history long enough (60,000 commits, written with
/// `git fast-import`) that it is still walking when the test acts: it runs the image that started it even
/// when the executable's file is replaced, and it dies with the process that started it.
struct HelperProcessTests {
  /// A repository whose registry is one file, followed by 60,000 small commits.
  static func longHistory() throws -> Fixture {
    let fixture = try Fixture()
    let lead = "---\nkind: service\nlead: a@example.com\nbackup: [b@example.com]\npaths: [/src/]\n---\n"
    var stream = "blob\nmark :1\ndata \(lead.utf8.count)\n\(lead)\n"
    for number in 1...60_000 {
      let content = "\(number)\n"
      stream += "commit refs/heads/main\nmark :\(number + 1)\n"
      stream += "committer A <a@example.com> \(1_500_000_000 + number * 60) +0000\ndata 2\nc\n"
      stream += number == 1 ? "M 100644 :1 registry/s.md\n" : "from :\(number)\n"
      stream += "M 100644 inline src/f\(number % 50).txt\ndata \(content.utf8.count)\n\(content)\n"
    }
    let file = fixture.root.appendingPathComponent(".git/leads-test-stream")
    try Data(stream.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let imported = try run(
      "/bin/sh", ["-c", "git fast-import --quiet < '\(file.path)' && git checkout -q main"], in: fixture.root,
      environment: Fixture.gitEnvironment, timeout: 300)
    #expect(imported.status == 0, "\(imported.stderr)")
    return fixture
  }

  /// The pids of processes whose parent is `parent` and whose command line contains `text`.
  static func children(of parent: Int32, running text: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
      guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = status.lastIndex(of: ")"),
        let ppid = status[status.index(after: close)...].split(separator: " ").dropFirst().first.flatMap({
          Int32($0)
        }),
        ppid == parent,
        let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
      else { return false }
      return String(decoding: command, as: UTF8.self).contains(text)
    }
  }

  static func isAlive(_ pid: Int32) -> Bool {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = status.lastIndex(of: ")")
    else { return false }
    // A zombie (state Z) has ended; it only waits to be reaped.
    return status[status.index(after: close)...].split(separator: " ").first != "Z"
  }

  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/stat"), "reads /proc"))
  func theHelperRunsTheStartingImageAndDiesWithItsParent() throws {
    let fixture = try HelperProcessTests.longHistory()
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-helper-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let copy = scratch.appendingPathComponent("leads")
    let marker = scratch.appendingPathComponent("replacement-ran")
    let replacement = scratch.appendingPathComponent("replacement")
    try Data("#!/bin/sh\ntouch '\(marker.path)'\nexit 1\n".utf8).write(to: replacement)
    #expect(chmod(replacement.path, 0o755) == 0)
    let expected = try fixture.leads(
      ["lint", "--no-cache", "--now", "2023-12-01"], environment: ["LEADS_CHAIN_HELPER": "0"])

    // The file is replaced right after the run starts: the helper still runs the image that started.
    try FileManager.default.copyItem(atPath: leadsExecutable, toPath: copy.path)
    let process = Process()
    process.executableURL = copy
    process.arguments = ["lint", "--no-cache", "--now", "2023-12-01"]
    process.currentDirectoryURL = fixture.root
    process.environment = ProcessInfo.processInfo.environment.merging(
      [
        "LEADS_CHAIN_HELPER": "1", "LEADS_TRACE": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
      ]
    ) { _, new in new }
    let output = scratch.appendingPathComponent("out")
    let errors = scratch.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: output)
    process.standardError = try FileHandle(forWritingTo: errors)
    try process.run()
    #expect(rename(replacement.path, copy.path) == 0)
    process.waitUntilExit()
    let trace = try String(contentsOf: errors, encoding: .utf8)
    #expect(trace.contains("first-parent registry walk (helper process)"), "\(trace)")
    #expect(!FileManager.default.fileExists(atPath: marker.path), "the replaced file ran as the helper")
    #expect(try String(contentsOf: output, encoding: .utf8) == expected.stdout)

    // Killed while its helper walks: the helper goes with it.
    try FileManager.default.removeItem(at: copy)
    try FileManager.default.copyItem(atPath: leadsExecutable, toPath: copy.path)
    let killed = Process()
    killed.executableURL = copy
    killed.arguments = ["lint", "--no-cache", "--now", "2023-12-01"]
    killed.currentDirectoryURL = fixture.root
    killed.environment = process.environment
    killed.standardOutput = FileHandle.nullDevice
    killed.standardError = FileHandle.nullDevice
    try killed.run()
    var helpers: [Int32] = []
    let deadline = Date().addingTimeInterval(20)
    while helpers.isEmpty && killed.isRunning && Date() < deadline {
      helpers = HelperProcessTests.children(of: killed.processIdentifier, running: "registry-chain")
      if helpers.isEmpty { usleep(1_000) }
    }
    try #require(!helpers.isEmpty, "the helper was not seen running")
    kill(killed.processIdentifier, SIGKILL)
    // The helper has most of its walk ahead of it (more than half a second): it must end within a tenth.
    let killedAt = Date()
    while helpers.contains(where: HelperProcessTests.isAlive) && Date().timeIntervalSince(killedAt) < 0.1 {
      usleep(2_000)
    }
    #expect(helpers.allSatisfy { !HelperProcessTests.isAlive($0) }, "the helper outlived its parent")
    killed.waitUntilExit()
  }

  /// With no process to spare (`RLIMIT_NPROC`, as an unprivileged user: root is exempt), the helper cannot
  /// start and the walk runs in the one process, with the same answer, at once.
  @Test(
    .enabled(
      if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit"),
      "needs root, setpriv and prlimit to run leads as another user with a process limit"))
  func withNoProcessToSpareTheWalkRunsInOneProcess() throws {
    let fixture = try HostileRepositoryTests.repository()
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-nobody-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    try Data("[safe]\n\tdirectory = *\n".utf8).write(to: home.appendingPathComponent(".gitconfig"))
    _ = chmod(home.path, 0o755)
    let expected = try fixture.leads(["lint", "--no-cache", "--now", "2026-06-01"])
    let limited = try run(
      "/usr/bin/prlimit",
      [
        "--nproc=1:1", "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
        leadsExecutable,
        "lint", "--no-cache", "--now", "2026-06-01",
      ], in: fixture.root,
      environment: [
        "HOME": home.path, "XDG_CONFIG_HOME": home.path,
        "GIT_CONFIG_GLOBAL": home.appendingPathComponent(".gitconfig").path,
        "GIT_CONFIG_NOSYSTEM": "1", "LEADS_CHAIN_HELPER": "1", "LEADS_TRACE": "1",
      ], timeout: 60)
    #expect(limited.status == expected.status, "\(limited.stderr)")
    #expect(limited.stdout == expected.stdout)
    #expect(limited.stderr.contains("leads: trace: first-parent registry walk: "), "\(limited.stderr)")
    #expect(!limited.stderr.contains("helper process"))
  }
}

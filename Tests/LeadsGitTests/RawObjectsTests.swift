import Foundation
import Testing

@testable import LeadsGit

/// The first-parent walk reads commits and trees as raw bytes: what it parses must be what git says.
struct RawObjectsTests {
  static func git(
    _ arguments: [String], in folder: String, date: String = "2026-01-01T12:00:00Z", input: Data? = nil
  ) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    process.arguments = ["-c", "commit.gpgsign=false"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    var environment = ProcessInfo.processInfo.environment
    for (key, value) in [
      "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Fixture",
      "GIT_AUTHOR_EMAIL": "fixture@example.com", "GIT_COMMITTER_NAME": "C",
      "GIT_COMMITTER_EMAIL": "c@example.com",
      "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
    ] {
      environment[key] = value
    }
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    if let input {
      let pipe = Pipe()
      process.standardInput = pipe
      try process.run()
      pipe.fileHandleForWriting.write(input)
      try pipe.fileHandleForWriting.close()
    } else {
      try process.run()
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "git \(arguments)")
    return String(decoding: data, as: UTF8.self)
  }

  @Test func commitHeadersAndTreeEntriesMatchGit() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-raw-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try RawObjectsTests.git(["init", "-q", "-b", "main"], in: folder)
    let write = { (path: String, text: String) in try writeFile(folder, path, text) }
    try write("registry/a.md", "1\n")
    try write("registry-notes/x", "1\n")
    try write("src/registry", "a file named like the folder\n")
    _ = try RawObjectsTests.git(["add", "-A"], in: folder)
    _ = try RawObjectsTests.git(["commit", "-q", "-m", "one\n\ncommitter in the message 99"], in: folder)
    _ = try RawObjectsTests.git(["checkout", "-q", "-b", "side"], in: folder)
    try write("registry/b.md", "2\n")
    _ = try RawObjectsTests.git(["add", "-A"], in: folder, date: "2026-02-01T00:00:00+0200")
    _ = try RawObjectsTests.git(["commit", "-q", "-m", "two"], in: folder, date: "2026-02-01T00:00:00+0200")
    _ = try RawObjectsTests.git(["checkout", "-q", "main"], in: folder)
    try write("src/c", "3\n")
    _ = try RawObjectsTests.git(["add", "-A"], in: folder)
    _ = try RawObjectsTests.git(["commit", "-q", "-m", "three"], in: folder, date: "2026-03-01T00:00:00Z")
    _ = try RawObjectsTests.git(
      ["merge", "-q", "--no-ff", "-m", "merge", "side"], in: folder, date: "2026-04-01T00:00:00Z")
    let repository = try GitRepository.discover(from: folder)
    let objects = try RawObjects(repository.handle)
    let log = try RawObjectsTests.git(["log", "--all", "--format=%H %T %ct %P"], in: folder)
    var checked = 0
    for line in log.split(separator: "\n") {
      let words = line.split(separator: " ")
      let header = try objects.commit(try #require(ObjectID(hex: words[0])))
      #expect(header.tree.description == words[1])
      #expect(header.committerTime == Int64(words[2]))
      #expect(header.parentCount == words.count - 3)
      #expect(header.firstParent?.description == words.dropFirst(3).first.map(String.init))
      let registry = try RawObjectsTests.git(["rev-parse", "\(words[0]):registry"], in: folder)
      let entry = try #require(try objects.entry("registry", inTree: header.tree))
      #expect(entry.isTree && entry.id.description + "\n" == registry)
      let file = try #require(try objects.entry("src", inTree: header.tree))
      #expect(file.isTree)
      #expect(try objects.entry("registr", inTree: header.tree) == nil)
      #expect(try objects.entry("registry", inTree: file.id)?.isTree == false)
      checked += 1
    }
    #expect(checked == 4)
  }

  /// Committer times as git's `parse_commit_date` reads them: digits saturate where they overflow, anything
  /// else (a minus sign) is no time at all.
  @Test func committerTimesSaturateAndNegativeOnesAreNotRead() throws {
    func time(_ text: String, header: String? = nil) -> Int64? {
      let bytes = Array((header ?? "author A <a@x> 1 +0000\ncommitter C <c@x> \(text) +0000\n\nm\n").utf8)
      return bytes.withUnsafeBytes { RawObjects.committerTime($0, from: 0) }
    }
    // Only the line right after the author line is the committer, as git reads it.
    #expect(time("", header: "author A <a@x> 1 +0000\nencoding x\ncommitter C <c@x> 7 +0000\n\nm\n") == nil)
    #expect(time("", header: "author A <a@x> 1 +0000\n\nmessage\ncommitter C <c@x> 7 +0000\n") == nil)
    #expect(time("", header: "author A <a@x> 1 +0000") == nil)
    var generator = SeededGenerator(seed: 11)
    for _ in 0..<5_000 {
      let length = Int.random(in: 0..<80, using: &generator)
      var bytes = Array("author A <a@x> 1 +0000\ncommitter C <c@x> 99 +0000\n".utf8)
      bytes =
        Array(bytes.prefix(length))
        + (0..<Int.random(in: 0..<20, using: &generator)).map { _ in
          UInt8.random(in: 0...255, using: &generator)
        }
      _ = bytes.withUnsafeBytes { RawObjects.committerTime($0, from: 0) }
    }
    #expect(time("1767225600") == 1_767_225_600)
    #expect(time("9223372036854775807") == .max)
    #expect(time("9223372036854775808") == .max)
    #expect(time("99999999999999999999999999999999") == .max)
    #expect(time("-5") == nil)
    #expect(time("") == nil)
  }

  /// Trees git refuses are errors naming the tree; a zero-padded mode is read as the number it is.
  @Test func damagedTreesAreErrorsAndModesAreNumbers() throws {
    let id = Array(repeating: UInt8(0xAB), count: 20)
    func entries(_ bytes: [UInt8]) throws -> [(UInt32, String)] {
      try bytes.withUnsafeBytes { raw in
        var found: [(UInt32, String)] = []
        var position = 0
        while let (entry, next) = try RawTree.entry(in: raw, at: position, tree: nil) {
          found.append((entry.mode, entry.nameText))
          position = next
        }
        return found
      }
    }
    let padded = try entries(Array("040000 lib".utf8) + [0] + id + Array("100644 z".utf8) + [0] + id)
    #expect(padded.map(\.0) == [0o40000, 0o100644])
    for damaged in [
      Array("10064x a".utf8) + [0] + id, Array(" a".utf8) + [0] + id, Array("100644 ".utf8) + [0] + id,
      Array("100644 a".utf8) + [0] + id.prefix(10), Array("100644 a".utf8), Array("100644".utf8),
    ] {
      #expect(throws: GitError.self, "\(damaged)") { _ = try entries(damaged) }
    }
    var generator = SeededGenerator(seed: 7)
    let good = Array("100644 a".utf8) + [0] + id + Array("40000 b".utf8) + [0] + id
    for _ in 0..<5_000 {
      var bytes = good
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(
          in: 0...255, using: &generator)
      }
      bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
      _ = try? entries(bytes)
    }
  }
}

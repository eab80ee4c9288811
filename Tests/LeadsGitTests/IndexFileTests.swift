import Foundation
import Testing

@testable import LeadsGit

/// The index is read from its bytes: every form git writes must give exactly what libgit2 reads, and a
/// damaged file an error, never a crash.
struct IndexFileTests {
  static func repository() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-index-\(UUID().uuidString)"
    )
    .path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    _ = try RawObjectsTests.git(["init", "-q", "-b", "main"], in: folder)
    let write = { (path: String, text: String) in try writeFile(folder, path, text) }
    for path in [
      "a.txt", "registry/a.md", "registry/b.md", "src/ünïcode/日本.md", "src/x y/z.txt", "src/lib/one.swift",
      "src/lib/two.swift", "conflict.txt",
    ] {
      try write(path, "\(path)\n")
    }
    try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: "a.txt")
    _ = try RawObjectsTests.git(["add", "-A"], in: folder)
    _ = try RawObjectsTests.git(["commit", "-q", "-m", "one"], in: folder)
    // A conflict (stages 1-3 of one path), an intent-to-add file (extended flags), a skip-worktree file.
    _ = try RawObjectsTests.git(["checkout", "-q", "-b", "side"], in: folder)
    try write("conflict.txt", "side\n")
    _ = try RawObjectsTests.git(["commit", "-q", "-am", "side"], in: folder)
    _ = try RawObjectsTests.git(["checkout", "-q", "main"], in: folder)
    try write("conflict.txt", "main\n")
    _ = try RawObjectsTests.git(["commit", "-q", "-am", "main"], in: folder)
    let merge = Process()
    merge.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    merge.arguments = ["-c", "user.name=F", "-c", "user.email=f@example.com", "merge", "-q", "side"]
    merge.currentDirectoryURL = URL(fileURLWithPath: folder)
    merge.standardOutput = FileHandle.nullDevice
    merge.standardError = FileHandle.nullDevice
    try merge.run()
    merge.waitUntilExit()
    #expect(merge.terminationStatus == 1, "the merge conflicts")
    try write("new.txt", "new\n")
    _ = try RawObjectsTests.git(["add", "-N", "new.txt"], in: folder)
    _ = try RawObjectsTests.git(["update-index", "--skip-worktree", "src/lib/one.swift"], in: folder)
    // A path longer than the entry's 12-bit length field (and than the file system allows): index only.
    let blob = try RawObjectsTests.git(["hash-object", "-w", "a.txt"], in: folder)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let long = String(repeating: "deep/", count: 900) + "file.txt"
    _ = try RawObjectsTests.git(
      ["update-index", "--add", "--cacheinfo", "100644,\(blob),\(long)"], in: folder)
    return folder
  }

  /// What git itself lists: each path once (its first stage), conflicted when staged at 1-3, skip-worktree
  /// when `ls-files -t` tags it `S`.
  static func gitEntries(_ folder: String) throws -> [IndexEntry] {
    let tags = try RawObjectsTests.git(["ls-files", "-t", "-z"], in: folder).split(separator: "\0")
    let skipped = Set(tags.filter { $0.hasPrefix("S ") }.map { String($0.dropFirst(2)) })
    var entries: [IndexEntry] = []
    for line in try RawObjectsTests.git(["ls-files", "-s", "-z"], in: folder).split(separator: "\0") {
      let (fields, path) = (
        line.split(separator: "\t", maxSplits: 1)[0].split(separator: " "),
        String(line.split(separator: "\t", maxSplits: 1)[1])
      )
      if entries.last?.path == path { continue }
      entries.append(
        IndexEntry(
          path: path, mode: UInt32(fields[0], radix: 8)!, blob: ObjectID(hex: fields[1])!,
          isConflicted: fields[2] != "0", isSkipWorktree: skipped.contains(path)))
    }
    return entries
  }

  @Test func everyVersionReadsAsGitReadsIt() throws {
    let folder = try IndexFileTests.repository()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for version in ["3", "4", "2"] {
      if version == "2" {  // version 2 cannot hold the extended flags: drop them first
        _ = try RawObjectsTests.git(["update-index", "--no-skip-worktree", "src/lib/one.swift"], in: folder)
        _ = try RawObjectsTests.git(["rm", "-q", "--cached", "new.txt"], in: folder)
      }
      _ = try RawObjectsTests.git(["update-index", "--index-version", version], in: folder)
      let bytes = try #require(FileManager.default.contents(atPath: folder + "/.git/index"))
      #expect(bytes[7] == UInt8(version)!)
      let read = try IndexFile.entries(Array(bytes))
      let expected = try IndexFileTests.gitEntries(folder)
      #expect(read == expected, "version \(version): \(Set(read).symmetricDifference(expected))")
      #expect(read == Array(try GitRepository.discover(from: folder).indexEntries()))
      // The compact table answers lookups as the list does.
      let table = try IndexFile.table(Array(bytes))
      for entry in expected { #expect(table.entry(named: entry.path) == entry) }
      #expect(table.entry(named: "conflict") == nil && table.entry(named: "zzz") == nil)
      #expect(read.count == 11 - (version == "2" ? 1 : 0))
      #expect(read.first { $0.path == "conflict.txt" }?.isConflicted == true)
      #expect(read.first { $0.path == "link" }?.isSymbolicLink == true)
      #expect(read.contains { $0.path.hasSuffix("/file.txt") && $0.path.utf8.count > 4_096 })
      #expect(read.contains { $0.path == "src/ünïcode/日本.md" })
      if version != "2" {
        #expect(read.first { $0.path == "src/lib/one.swift" }?.isSkipWorktree == true)
      }
    }
  }

  /// The cache-tree extension says which tree the index makes, from a commit or checkout until `git add`
  /// changes it; in every index version.
  @Test func theIndexSaysWhichTreeItMakesUntilItChanges() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-tree-\(UUID().uuidString)"
    )
    .path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let git = { (arguments: [String]) in try RawObjectsTests.git(arguments, in: folder) }
    _ = try git(["init", "-q", "-b", "main"])
    for path in ["a.txt", "src/b.txt", "src/deep/c.txt"] { try writeFile(folder, path, "\(path)\n") }
    _ = try git(["add", "-A"])
    _ = try git(["commit", "-q", "-m", "one"])
    let tree = try git(["rev-parse", "HEAD^{tree}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    let repository = try GitRepository.discover(from: folder)
    for version in ["2", "3", "4"] {
      _ = try git(["update-index", "--index-version", version])
      #expect(try repository.indexEntries().rootTree?.description == tree, "version \(version)")
    }
    try writeFile(folder, "src/b.txt", "changed\n")
    _ = try git(["add", "src/b.txt"])
    #expect(try repository.indexEntries().rootTree == nil, "git add invalidates it")
    #expect(IndexFile.rootTree(UnsafeBufferPointer(start: nil, count: 0)) == nil)
    for damaged in ["\0-1 2\n", "\01 x\n", "\05 1\nshort", "x\05 1\n"] {
      #expect(Array(damaged.utf8).withUnsafeBufferPointer { IndexFile.rootTree($0) } == nil, "\(damaged)")
    }
  }

  @Test func aDamagedIndexIsAnError() throws {
    let folder = try IndexFileTests.repository()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let bytes = Array(try #require(FileManager.default.contents(atPath: folder + "/.git/index")))
    for cut in [0, 11, 40, 100, bytes.count / 2, bytes.count - 21] {
      #expect(throws: IndexFile.Refusal.self, "cut at \(cut)") {
        _ = try IndexFile.entries(Array(bytes[0..<cut]))
      }
    }
    // A FIFO where the index should be is refused at once, never waited on.
    let fifo = folder + "/fifo-index"
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(throws: IndexFile.Refusal.self) { _ = try IndexFile.table(atPath: fifo) }
    #expect(try IndexFile.table(atPath: folder + "/no-such-index") == nil)
    // Read from the file itself (mapped): empty or cut short on disk, refused the same way.
    for (name, content) in [("empty-index", [UInt8]()), ("cut-index", Array(bytes[0..<(bytes.count / 2)]))] {
      #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(content)))
      #expect(throws: IndexFile.Refusal.self, "\(name)") {
        _ = try IndexFile.table(atPath: folder + "/" + name)
      }
    }
    #expect(
      try IndexFile.table(atPath: folder + "/.git/index").map(Array.init) == (try IndexFile.entries(bytes)))
    var wrongSignature = bytes
    wrongSignature[0] = 0x58
    #expect(throws: IndexFile.Refusal.self) { _ = try IndexFile.entries(wrongSignature) }
    var wrongVersion = bytes
    wrongVersion[7] = 5
    IndexFileTests.expectDamaged(wrongVersion, saying: "version 5")
  }

  static func expectDamaged(
    _ bytes: [UInt8], saying text: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    do {
      _ = try IndexFile.entries(bytes)
      Issue.record("read without an error", sourceLocation: sourceLocation)
    } catch .damaged(let reason) {
      #expect(reason.contains(text), "\(reason)", sourceLocation: sourceLocation)
    } catch {
      Issue.record("\(error)", sourceLocation: sourceLocation)
    }
  }

  /// A header, then `entries`, then a checksum-sized tail: the checksum itself is not verified (git verifies
  /// it; leads reads the index on every commit and trusts the file git wrote).
  static func index(version: UInt8 = 2, count: UInt32, _ entries: [UInt8] = []) -> [UInt8] {
    Array("DIRC".utf8) + [0, 0, 0, version]
      + [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
      + entries + [UInt8](repeating: 0, count: 20)
  }

  @Test func countsAndLengthsAreCheckedBeforeAnythingIsAllocated() throws {
    // 32 bytes that claim four billion entries: refused before an array of that size is made.
    IndexFileTests.expectDamaged(IndexFileTests.index(count: 0xFFFF_FFFF), saying: "4294967295 entries")
    let folder = try IndexFileTests.repository()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    _ = try RawObjectsTests.git(["update-index", "--index-version", "2"], in: folder)
    _ = try RawObjectsTests.git(["update-index", "--no-skip-worktree", "src/lib/one.swift"], in: folder)
    _ = try RawObjectsTests.git(["rm", "-q", "--cached", "new.txt"], in: folder)
    let bytes = Array(try #require(FileManager.default.contents(atPath: folder + "/.git/index")))
    // The first entry's path ("a.txt") is 5 bytes; its flags say 4, then 200.
    var shorter = bytes
    shorter[12 + 61] = (shorter[12 + 61] & 0xF0) | 4
    IndexFileTests.expectDamaged(shorter, saying: "entry 1 says its path is 4 bytes long, but it is 5")
    var longer = bytes
    longer[12 + 60] = (longer[12 + 60] & 0xF0)
    longer[12 + 61] = 200
    IndexFileTests.expectDamaged(longer, saying: "entry 1 says its path is 200 bytes long")
    // The same through GIT_INDEX_FILE, relative to the top of the working tree.
    try Data(IndexFileTests.index(count: 0xFFFF_FFFF)).write(to: URL(fileURLWithPath: folder + "/huge-index"))
    let repository = try GitRepository.discover(
      from: folder + "/src", environment: ["GIT_INDEX_FILE": "huge-index"])
    #expect(repository.indexFile == folder + "/huge-index")
    #expect(throws: GitError.self) { _ = try repository.indexEntries() }
  }

  @Test func anUnknownRequiredExtensionIsRefusedAndOptionalOnesAreSkipped() throws {
    let folder = try IndexFileTests.repository()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let bytes = Array(try #require(FileManager.default.contents(atPath: folder + "/.git/index")))
    let body = Array(bytes.dropLast(20))
    let entries = try IndexFile.entries(bytes)
    func withExtension(_ signature: String, _ payload: [UInt8]) -> [UInt8] {
      let size = UInt32(payload.count)
      return body + Array(signature.utf8)
        + [UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)] + payload
        + [UInt8](repeating: 0, count: 20)
    }
    #expect(try IndexFile.entries(withExtension("ZZZZ", [1, 2, 3])) == entries)
    IndexFileTests.expectDamaged(withExtension("zork", [1, 2, 3]), saying: "the extension 'zork'")
    IndexFileTests.expectDamaged(withExtension("ZZZZ", []).dropLast(22) + [0, 0], saying: "cut short")
  }

  @Test func sparseAndSplitIndexesReadAsGitReadsThem() throws {
    let folder = try IndexFileTests.repository()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // Resolve the conflict and drop the index-only entries, which a sparse checkout refuses to work with.
    _ = try RawObjectsTests.git(["add", "conflict.txt"], in: folder)
    _ = try RawObjectsTests.git(["rm", "-q", "--cached", "new.txt"], in: folder)
    _ = try RawObjectsTests.git(
      ["rm", "-q", "--cached", String(repeating: "deep/", count: 900) + "file.txt"], in: folder)
    _ = try RawObjectsTests.git(["update-index", "--no-skip-worktree", "src/lib/one.swift"], in: folder)
    _ = try RawObjectsTests.git(["commit", "-q", "-m", "merged"], in: folder)
    _ = try RawObjectsTests.git(
      ["sparse-checkout", "set", "--cone", "--sparse-index", "registry"], in: folder)
    let sparse = Array(try #require(FileManager.default.contents(atPath: folder + "/.git/index")))
    #expect(try IndexFile.entries(sparse).contains { $0.mode == 0o040000 }, "git wrote folder entries")
    let repository = try GitRepository.discover(from: folder)
    let expected = try IndexFileTests.gitEntries(folder)
    #expect(Array(try repository.indexEntries()) == expected)
    #expect(expected.contains { $0.path == "src/lib/one.swift" && $0.isSkipWorktree })
    #expect(expected.contains { $0.path == "registry/a.md" && !$0.isSkipWorktree })
    // A split index keeps entries in another file: read through git, with the same answer.
    _ = try RawObjectsTests.git(["sparse-checkout", "disable"], in: folder)
    _ = try RawObjectsTests.git(["update-index", "--split-index"], in: folder)
    try Data("changed\n".utf8).write(to: URL(fileURLWithPath: folder + "/a.txt"))
    _ = try RawObjectsTests.git(["add", "a.txt"], in: folder)
    let split = Array(try #require(FileManager.default.contents(atPath: folder + "/.git/index")))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder + "/.git").contains {
        $0.hasPrefix("sharedindex.")
      })
    #expect {
      _ = try IndexFile.entries(split)
    } throws: { error in
      if case IndexFile.Refusal.split = error { return true }
      return false
    }
    let throughGit = try GitRepository.discover(from: folder).indexEntries()
    #expect(Array(throughGit) == (try IndexFileTests.gitEntries(folder)))
    #expect(throughGit.contains { $0.path == "a.txt" })
  }

  /// Random damage to real indexes, with a fixed seed: every result is an entry list or a refusal, never a
  /// crash or an allocation the bytes do not justify.
  @Test func fuzzedIndexesAreReadOrRefused() throws {
    let folder = try IndexFileTests.repository()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var generator = SeededGenerator(seed: 19)
    for version in ["3", "4"] {
      _ = try RawObjectsTests.git(["update-index", "--index-version", version], in: folder)
      let bytes = Array(try #require(FileManager.default.contents(atPath: folder + "/.git/index")))
      for _ in 0..<2_000 {
        var damaged = bytes
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
          let position = Int.random(in: 0..<damaged.count, using: &generator)
          damaged[position] = UInt8.random(in: 0...255, using: &generator)
        }
        if Bool.random(using: &generator) {
          damaged = Array(damaged.prefix(Int.random(in: 0...damaged.count, using: &generator)))
        }
        if let read = try? IndexFile.entries(damaged) {
          #expect(read.count <= damaged.count / IndexFile.smallestEntry)
        }
      }
    }
  }
}

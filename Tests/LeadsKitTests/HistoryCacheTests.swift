import Foundation
import Testing

@testable import LeadsGit
@testable import LeadsKit

/// The history cache file format: what is written is read back exactly, a write that reuses the bytes of
/// the file it read means the same as a full one, and no damage makes the reader crash or accept it.
struct HistoryCacheTests {
  /// A deterministic generator, so that a failure names a case that can be run again.
  struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state ^ (state >> 31)
    }
  }

  static func id(_ seed: UInt64) -> ObjectID {
    ObjectID(words: (seed &* 0x9E37_79B9_7F4A_7C15, ~seed, UInt32(truncatingIfNeeded: seed >> 7)))
  }

  static func record(_ number: UInt64) -> CommitRecord {
    let author = number % 3
    return CommitRecord(
      id: id(number), authorName: "Dev \(author)", authorEmail: "dev\(author)@example.com",
      authorTime: 1_700_000_000 + Int64(number) * 60, committerTime: 1_700_000_000 + Int64(number) * 61,
      isMerge: number % 7 == 0, coAuthors: number % 5 == 0 ? ["Ana <ana@example.com>"] : [],
      initiatives: number % 4 == 0 ? ["widget-api"] : [],
      changedPaths: number % 7 == 0 ? [] : ["src/a\(number % 4)/file.txt", "docs/%,\t\n é.md"],
      parents: number % 7 == 0 ? [id(number &+ 100), id(number &+ 200)] : [id(number &+ 100)],
      reviewers: number % 3 == 0 ? ["Rita <rita@example.com>"] : [],
      mergedFrom: number % 7 == 0 ? "octo-cat" : nil)
  }

  static func stored(commits: ClosedRange<UInt64>, since: Int64 = 1_690_000_000) -> HistoryCache.CachedHistory
  {
    HistoryCache.CachedHistory(
      key: HistoryCache.Key(since: since, filter: "src/\ndocs/", folder: "registry"),
      head: id(commits.upperBound),
      contents: HistoryCache.RawHistory(
        walk: WindowWalk(records: commits.reversed().map(record), truncatedAt: -5),
        chain: (
          [
            RegistryChange(commit: id(90), committerTime: 1_700_000_900, tree: id(91), isMerge: true),
            RegistryChange(commit: id(80), committerTime: -1, tree: nil, isMerge: false),
          ],
          .known(id(70))
        ),
        registryFiles: [
          RegistryFileKey(path: "registry/a.md", blob: id(1)): FileLead?.some(
            FileLead(id: "a", lead: "anna")),
          RegistryFileKey(path: "registry/b.md", blob: id(2)): FileLead?.none,
        ]))
  }

  static func expectSame(_ read: HistoryCache.CachedHistory?, _ written: HistoryCache.CachedHistory) {
    guard let read else {
      Issue.record("the file was not read back")
      return
    }
    #expect(read.key == written.key)
    #expect(read.head == written.head)
    #expect(read.contents.walk.records == written.contents.walk.records)
    #expect(read.contents.walk.truncatedAt == written.contents.walk.truncatedAt)
    #expect(read.contents.chain.changes == written.contents.chain.changes)
    #expect(read.contents.chain.end == written.contents.chain.end)
    #expect(read.contents.registryFiles == written.contents.registryFiles)
  }

  @Test func whatIsWrittenIsReadBack() {
    let stored = Self.stored(commits: 1...40)
    Self.expectSame(HistoryCache.decode(HistoryCache.encode(stored)), stored)
    for end in [ChainEnd.complete, .truncated, .known(Self.id(3))] {
      var other = stored
      other.contents.chain.end = end
      other.contents.walk.truncatedAt = nil
      Self.expectSame(HistoryCache.decode(HistoryCache.encode(other)), other)
    }
  }

  @Test func aWriteThatReusesTheFileItReadMeansTheSame() throws {
    let before = try #require(HistoryCache.decode(HistoryCache.encode(Self.stored(commits: 1...40))))
    let after = Self.stored(commits: 1...43)
    let reused = HistoryCache.encode(after, reusing: before)
    #expect(reused != HistoryCache.encode(after), "the write did not take the reusing path")
    Self.expectSame(HistoryCache.decode(reused), after)
    // And again on top of that file, as a run after the next commit would.
    let next = Self.stored(commits: 1...44)
    Self.expectSame(
      HistoryCache.decode(HistoryCache.encode(next, reusing: HistoryCache.decode(reused))), next)
    // A window that moved drops old commits: nothing may be reused then.
    let moved = Self.stored(commits: 10...44, since: 1_700_000_500)
    Self.expectSame(HistoryCache.decode(HistoryCache.encode(moved, reusing: before)), moved)
  }

  @Test func damageIsNeverAcceptedAndNeverCrashes() {
    let good = HistoryCache.encode(Self.stored(commits: 1...40))
    for length in stride(from: 0, to: good.count, by: 7) {
      #expect(HistoryCache.decode(Array(good.prefix(length))) == nil, "cut at \(length) bytes")
    }
    var generator = Generator(state: 2026)
    for round in 0..<300 {
      var bytes = good
      let offset = Int.random(in: HistoryCache.magic.count..<(good.count - 8), using: &generator)
      bytes[offset] ^= UInt8.random(in: 1...255, using: &generator)
      #expect(HistoryCache.decode(bytes) == nil, "round \(round): a changed byte at \(offset) was accepted")
      // With the checksum made to match, the reader must still stop cleanly on whatever it finds.
      let sum = HistoryCache.checksum(bytes[..<(bytes.count - 8)])
      withUnsafeBytes(of: sum.littleEndian) { bytes.replaceSubrange((bytes.count - 8)..., with: $0) }
      _ = HistoryCache.decode(bytes)
    }
  }

  /// A cache whose checksum matches but whose registry states lie (edited and signed again, as a poisoned CI
  /// cache would be) is checked against the commits it names and set aside.
  @Test func aResignedCacheThatLiesIsSetAside() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "leads-cache-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func git(_ arguments: [String]) throws {
      _ = try ChildProcess.run(
        .git, ["-C", folder.path, "-c", "user.name=A", "-c", "user.email=a@example.com"] + arguments,
        environment: ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"], what: "git")
    }
    try git(["init", "-q", "-b", "main"])
    for (index, lead) in ["anna", "andy"].enumerated() {
      try FileManager.default.createDirectory(
        at: folder.appendingPathComponent("registry"), withIntermediateDirectories: true)
      try Data("---\nkind: service\nlead: \(lead)\npaths: [/src/]\n---\n".utf8).write(
        to: folder.appendingPathComponent("registry/s.md"))
      try git(["add", "-A"])
      try git(["commit", "-q", "-m", "lead \(index)"])
    }
    let repository = try GitRepository.discover(from: folder.path)
    let head = try #require(try repository.headCommit())
    let file = folder.appendingPathComponent(".git/leads/history-cache")
    let cache = HistoryCache(file: file)
    let filter = PathFilter(everything: false, prefixes: ["src/"])
    let first = try cache.load(
      repository: repository, head: head, since: 0, filter: filter, registryFolder: "registry")
    #expect(first.discarded == nil)
    cache.save(first, registryFiles: [:])
    var stored = try #require(HistoryCache.read(file))
    #expect(HistoryCache.problem(with: stored, in: repository, folder: "registry") == nil)
    #expect(stored.contents.chain.changes.count == 2)
    let older = stored.contents.chain.changes[1]
    stored.contents.chain.changes[1] = RegistryChange(
      commit: older.commit, committerTime: older.committerTime, tree: stored.contents.chain.changes[0].tree,
      isMerge: older.isMerge)
    HistoryCache.write(stored, to: file)
    let lying = try #require(HistoryCache.read(file), "the edited cache is signed and reads back")
    #expect(
      HistoryCache.problem(with: lying, in: repository, folder: "registry")?.contains("\(older.commit)")
        == true)
    let second = try cache.load(
      repository: repository, head: head, since: 0, filter: filter, registryFolder: "registry")
    #expect(second.discarded != nil)
    #expect(second.contents.chain.changes == first.contents.chain.changes)
  }
}

import Foundation
import Testing

@testable import LeadsGit

/// What the git layer does with repositories that are damaged or unusual: every failure is a `GitError` with
/// libgit2's message and what was being read, never a shorter answer.
struct DamagedRepositoryTests {
  /// A repository built with the git CLI: three commits on main, each touching `src/`.
  final class Repository {
    let folder: String

    init() throws {
      folder =
        FileManager.default.temporaryDirectory.appendingPathComponent("leads-git-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      _ = try git(["init", "-q", "-b", "main"])
      for day in 1...3 {
        try write("src/file\(day).txt", "\(day)\n")
        _ = try git(["add", "-A"])
        _ = try git(["commit", "-q", "-m", "change \(day)"], date: "2026-01-0\(day)T12:00:00Z")
      }
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func write(_ path: String, _ text: String) throws {
      let url = URL(fileURLWithPath: folder).appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }

    func git(_ arguments: [String], input: Data? = nil, date: String = "2026-01-01T12:00:00Z") throws
      -> String
    {
      try RawObjectsTests.git(arguments, in: folder, date: date, input: input)
    }

    /// The loose object file of an id (the fixture never packs).
    func objectFile(_ id: String) -> String {
      folder + "/.git/objects/" + id.prefix(2) + "/" + id.dropFirst(2)
    }

    func id(_ revision: String) throws -> String {
      try git(["rev-parse", revision]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func walk() throws -> WindowWalk {
      let repository = try GitRepository.discover(from: folder)
      return try repository.walkWindow(
        from: try #require(try repository.headCommit()), since: 0, filter: .all)
    }
  }

  @Test func aMissingObjectIsAnErrorNotTheEndOfHistory() throws {
    let repository = try Repository()
    // The oldest commit's tree is gone: the walk meets it half-way and must fail, naming what it read.
    let tree = try repository.id("HEAD~2^{tree}")
    try FileManager.default.removeItem(atPath: repository.objectFile(tree))
    #expect(throws: GitError.self) { try repository.walk() }
    do {
      _ = try repository.walk()
    } catch let error as GitError {
      #expect(error.isNotFound)
      #expect(
        error.message.contains(tree.prefix(7)) || error.message.contains("object not found"), "\(error)")
    }
  }

  @Test func aMissingCommitHalfWayFailsTheWalk() throws {
    let repository = try Repository()
    try FileManager.default.removeItem(atPath: repository.objectFile(try repository.id("HEAD~1")))
    let error = try #require(throws: GitError.self) { try repository.walk() }
    #expect(!error.message.isEmpty)
    // The first-parent walk fails the same way.
    let git = try GitRepository.discover(from: repository.folder)
    #expect(throws: GitError.self) {
      try git.registryChanges(from: try #require(try git.headCommit()), folder: "src")
    }
  }

  @Test func aCorruptLooseObjectIsAnError() throws {
    let repository = try Repository()
    let path = repository.objectFile(try repository.id("HEAD~1"))
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    try Data("not zlib at all".utf8).write(to: URL(fileURLWithPath: path))
    let error = try #require(throws: GitError.self) { try repository.walk() }
    #expect(!error.isNotFound, "\(error)")
  }

  @Test func aNonUTF8AuthorIsReadWithReplacementCharacters() throws {
    let repository = try Repository()
    let tree = try repository.id("HEAD^{tree}")
    let parent = try repository.id("HEAD")
    var commit = Data("tree \(tree)\nparent \(parent)\nauthor Ren".utf8)
    commit.append(contentsOf: [0xE9])  // Latin-1 é
    commit.append(
      Data(
        " <rene@example.com> 1767614400 +0000\ncommitter C <c@example.com> 1767614400 +0000\n\nlatin-1\n".utf8
      ))
    let id = try repository.git(["hash-object", "-t", "commit", "-w", "--stdin"], input: commit)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    _ = try repository.git(["update-ref", "refs/heads/main", id])
    let walk = try repository.walk()
    let record = try #require(walk.records.first { $0.id.description == id })
    #expect(record.authorName == "Ren\u{FFFD}")
    #expect(record.authorEmail == "rene@example.com")
  }

  @Test func aCommitWithoutAnAuthorDateIsReadOrRefusedClearly() throws {
    let repository = try Repository()
    let tree = try repository.id("HEAD^{tree}")
    let parent = try repository.id("HEAD")
    let commit = Data(
      "tree \(tree)\nparent \(parent)\nauthor Nodate <nodate@example.com>\ncommitter C <c@example.com> 1767614400 +0000\n\nno date\n"
        .utf8)
    let id = try repository.git(
      ["hash-object", "-t", "commit", "-w", "--literally", "--stdin"], input: commit
    )
    .trimmingCharacters(in: .whitespacesAndNewlines)
    _ = try repository.git(["update-ref", "refs/heads/main", id])
    // libgit2 either reads the signature with time 0, or refuses the commit: never a crash, never silence.
    do {
      let walk = try repository.walk()
      let record = try #require(walk.records.first { $0.id.description == id })
      #expect(record.authorTime == 0 && record.authorEmail == "nodate@example.com")
    } catch let error as GitError {
      #expect(!error.message.isEmpty)
    }
  }

  @Test func aMergeWhoseSideCannotBeWalkedIsAnError() throws {
    let repository = try Repository()
    _ = try repository.git(["checkout", "-q", "-b", "side", "HEAD~1"])
    try repository.write("src/side.txt", "side\n")
    _ = try repository.git(["add", "-A"])
    _ = try repository.git(["commit", "-q", "-m", "side"], date: "2026-01-04T12:00:00Z")
    let side = try repository.id("HEAD")
    _ = try repository.git(["checkout", "-q", "main"])
    _ = try repository.git(["merge", "-q", "--no-ff", "-m", "merge", "side"], date: "2026-01-05T12:00:00Z")
    let git = try GitRepository.discover(from: repository.folder)
    let merge = try #require(try git.headCommit())
    let mailmap = try Mailmap(text: "")
    #expect(
      try git.authorsOfChange(at: merge, path: "src/side.txt", mailmap: mailmap) == ["fixture@example.com"])
    try FileManager.default.removeItem(atPath: repository.objectFile(side))
    #expect(throws: GitError.self) {
      try git.authorsOfChange(at: merge, path: "src/side.txt", mailmap: mailmap)
    }
  }
}

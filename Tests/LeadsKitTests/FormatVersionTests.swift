import Foundation
import Testing

@testable import LeadsGit
@testable import LeadsKit

/// The two formats leads writes for itself — the history cache and the helper's registry chain — carry a
/// version. A golden copy is kept per version: changing what is written without a new version fails here
/// (an old cache or an older helper would be misread), and a new version needs its golden recorded
/// (`LEADS_RECORD_GOLDEN=1`).
struct FormatVersionTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Golden")

  static func expectGolden(
    _ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation
  )
    throws
  {
    let url = folder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["LEADS_RECORD_GOLDEN"] != nil {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: url)
      Issue.record(
        "recorded \(name); check it, then run again without LEADS_RECORD_GOLDEN",
        sourceLocation: sourceLocation)
      return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
      Issue.record(
        "no golden \(name) for this format version: a new version needs one (LEADS_RECORD_GOLDEN=1)",
        sourceLocation: sourceLocation)
      return
    }
    #expect(
      actual == expected,
      "what \(name) describes changed without a new format version: bump the version, then record its golden",
      sourceLocation: sourceLocation)
  }

  @Test func theHistoryCacheFormatChangesOnlyWithItsVersion() throws {
    let magic = String(decoding: HistoryCache.magic, as: UTF8.self)
    let version = try #require(
      magic.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines))
    let bytes = HistoryCache.encode(HistoryCacheTests.stored(commits: 1...12))
    // Hex, 32 bytes a line: a change shows where it is.
    let hex = stride(from: 0, to: bytes.count, by: 32).map { start in
      bytes[start..<min(start + 32, bytes.count)].map { String(format: "%02x", $0) }.joined()
    }.joined(separator: "\n")
    try FormatVersionTests.expectGolden(hex + "\n", named: "history-cache-\(version).hex")
  }

  @Test func theRegistryChainTextChangesOnlyWithItsVersion() throws {
    let version = try #require(RegistryChainText.header.split(separator: " ").last)
    let chain = HistoryCacheTests.stored(commits: 1...3).contents.chain
    let text = RegistryChainText.encode(chain)
    try FormatVersionTests.expectGolden(text, named: "registry-chain-\(version).txt")
    for end in [ChainEnd.complete, .truncated] {
      let other = RegistryChainText.encode((chain.changes, end))
      #expect(RegistryChainText.decode(other)?.end == end)
    }
    #expect(RegistryChainText.decode(text)?.changes == chain.changes)
  }
}

/// The texts leads reads back from other processes — the helper's chain and `git cat-file --batch` — with
/// random damage and a fixed seed: each is read whole or refused, never a crash.
struct ProcessOutputFuzzTests {
  @Test func damagedChainsAndBatchesAreReadOrRefused() {
    var generator = HistoryCacheTests.Generator(state: 19)
    let chain = Array(RegistryChainText.encode(HistoryCacheTests.stored(commits: 1...3).contents.chain).utf8)
    let batch = Array("\(HistoryCacheTests.id(1)) blob 5\nhello\n\(HistoryCacheTests.id(2)) missing\n".utf8)
    for round in 0..<3_000 {
      for source in [chain, batch] {
        var bytes = source
        for _ in 0..<Int.random(in: 1...6, using: &generator) {
          bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(
            in: 0...255, using: &generator)
        }
        bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
        if source == chain {
          if let read = RegistryChainText.decode(String(decoding: bytes, as: UTF8.self)) {
            #expect(read.changes.count <= 2, "round \(round)")
          }
        } else if let read = try? PromisedObjects.parse(bytes) {
          #expect(read.values.allSatisfy { $0.count <= bytes.count }, "round \(round)")
        }
      }
    }
  }
}

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

import Foundation
import Testing

@testable import LeadsCore

/// Cases written from GitHub's CODEOWNERS documentation and the gitignore rules it builds on.
struct PatternTests {
  struct Case: Decodable, Sendable {
    let pattern: String
    let path: String
    let matches: Bool
  }

  /// The shared table (also cross-checked against an independent implementation by the CLI tests).
  static let table: [Case] = {
    struct File: Decodable { let cases: [Case] }
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/codeowners-patterns.json")
    return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
  }()

  @Test(arguments: table.indices)
  func documentedCase(_ index: Int) throws {
    let entry = PatternTests.table[index]
    let (text, path, expected) = (entry.pattern, entry.path, entry.matches)
    let pattern = try #require(CodeownersPattern(text))
    #expect(pattern.matches(path) == expected, "\(text) vs \(path)")
  }

  @Test(arguments: [
    ("!/a/", "negation"), ("/a/[bc]/", "ranges"), ("#x", "comment"), ("a b", "space"), ("a\nb", "line break"),
    ("/", "names no path"), ("a//b", "empty path segment"), ("\\#a", "\\#"),
  ])
  func unsupportedSyntaxIsExplained(_ text: String, _ words: String) throws {
    let problem = try #require(CodeownersPattern.problem(with: text))
    #expect(
      problem.contains(words)
        || problem.contains(words.replacingOccurrences(of: "ranges", with: "character ranges")))
    #expect(CodeownersPattern(text) == nil)
  }

  @Test func escapingTheRepositoryIsDetected() {
    #expect(CodeownersPattern.escapesRepository("../x/"))
    #expect(CodeownersPattern.escapesRepository("/a/../../b"))
    #expect(!CodeownersPattern.escapesRepository("/a/..b/"))
  }

  @Test func literalPrefixNarrowsWithoutChangingAnswers() throws {
    let files = TrackedFiles([
      "services/a/x", "services/ab/y", "services/a", "services/b/a/z", "docs/services/a/q", "zz",
      "services/a.md", "services/a-b/c", "services", "services.md", "services-x/y",
    ])
    for text in [
      "/services/a/", "/services/a", "services/a", "a", "/services/*/a/", "**/a", "/services/a*",
      "/services/a/x",
      "/services", "/services/", "/services/a/x/", "/zz", "/services/b/a/z",
    ] {
      let pattern = try #require(CodeownersPattern(text))
      let slow = files.paths.indices.filter { pattern.matches(files.paths[$0]) }
      #expect(files.matching(pattern) == slow, "\(text)")
    }
  }

  /// The index files patterns by first folder; asking it must give what asking every pattern gives.
  @Test func patternIndexAgreesWithTryingEveryPattern() throws {
    let texts = [
      "/services/a/", "/services/a", "services/a", "a", "/services/*/a/", "**/a", "/services/a*", "*.md",
      "/docs/", "docs/**/q", "/zz", "/services/", "services/b/*",
    ]
    let patterns = try texts.map { try #require(CodeownersPattern($0)) }
    let index = PatternIndex(patterns)
    let paths = [
      "services/a/x", "services/ab/y", "services/a", "services/b/a/z", "docs/services/a/q", "zz", "README.md",
      "services/b/c.md", "a", "x/a/y", "docs", "docsx/q", "services",
    ]
    for path in paths {
      let expected = patterns.indices.filter { patterns[$0].matches(path) }
      #expect(index.matching(path) == expected, "\(path)")
      var visited: [Int] = []
      index.forEachMatch(path) { visited.append($0) }
      #expect(visited.sorted() == expected, "\(path), visited one by one")
    }
  }

  /// The ASCII fast path of the character classes must agree with Unicode's properties.
  @Test func characterClassesAgreeWithUnicode() {
    let values = Array(UInt32(0)...0x2FF) + Array(UInt32(0x1680)...0x206F) + [0x3000, 0xFEFF, 0x1_F600]
    let disagreements = values.compactMap(Unicode.Scalar.init).filter { scalar in
      ScalarClass.isControl(scalar) != (scalar.properties.generalCategory == .control)
        || ScalarClass.isWhitespace(scalar) != scalar.properties.isWhitespace
    }
    #expect(disagreements.isEmpty, "\(disagreements.map(\.value))")
  }
}

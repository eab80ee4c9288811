import Testing

@testable import LeadsCore

/// Cases written from GitHub's CODEOWNERS documentation and the gitignore rules it builds on.
struct PatternTests {
  static let table: [(pattern: String, path: String, matches: Bool)] = [
    ("*", "README.md", true),
    ("*", "src/deep/file.c", true),
    ("*.js", "app.js", true),
    ("*.js", "src/web/app.js", true),
    ("*.js", "app.jsx", false),
    ("*.md", "docs/README.md", true),
    ("/build/logs/", "build/logs/today.log", true),
    ("/build/logs/", "build/logs/deep/today.log", true),
    ("/build/logs/", "src/build/logs/today.log", false),
    ("/build/logs/", "build/logs", false),
    ("docs/*", "docs/getting-started.md", true),
    ("docs/*", "docs/build-app/troubleshooting.md", false),
    ("docs/*", "src/docs/getting-started.md", false),
    ("apps/", "apps/web/index.js", true),
    ("apps/", "src/apps/web/index.js", true),
    ("apps/", "apps", false),
    ("/docs/", "docs/a.md", true),
    ("/docs/", "src/docs/a.md", false),
    ("docs", "docs", true),
    ("docs", "src/docs/a.md", true),
    ("docs", "documents/a.md", false),
    ("**/logs", "build/logs/a.log", true),
    ("**/logs", "logs/a.log", true),
    ("**/logs", "deeply/nested/logs/x/y.log", true),
    ("**/logs", "catalogs/a.log", false),
    ("/apps/github", "apps/github", true),
    ("/apps/github", "apps/github/x.rb", true),
    ("/apps/github", "apps/githubx/x.rb", false),
    ("file?.txt", "file1.txt", true),
    ("file?.txt", "file10.txt", false),
    ("file?.txt", "dir/file/.txt", false),
    ("a/**/b", "a/b", true),
    ("a/**/b", "a/x/b", true),
    ("a/**/b", "a/x/y/b/c.txt", true),
    ("a/**/b", "a/x/c", false),
    ("a/**", "a/x", true),
    ("a/**", "a/x/y", true),
    ("a/**", "a", false),
    ("/**", "anything/at/all", true),
    ("docs/my\\ guide.md", "docs/my guide.md", true),
    ("docs/my\\ guide.md", "docs/my", false),
    ("/services/check*/", "services/checkout/main.swift", true),
    ("/services/check*/", "services/check/main.swift", true),
    ("/services/check*/", "services/search/main.swift", false),
    ("*/README.md", "docs/README.md", true),
    ("*/README.md", "README.md", false),
    ("/ünïcode/", "ünïcode/日本.md", true),
  ]

  @Test(arguments: table.indices)
  func documentedCase(_ index: Int) throws {
    let (text, path, expected) = PatternTests.table[index]
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
    ])
    for text in ["/services/a/", "/services/a", "services/a", "a", "/services/*/a/", "**/a", "/services/a*"] {
      let pattern = try #require(CodeownersPattern(text))
      let slow = files.paths.indices.filter { pattern.matches(files.paths[$0]) }
      #expect(files.matching(pattern) == slow, "\(text)")
    }
  }
}

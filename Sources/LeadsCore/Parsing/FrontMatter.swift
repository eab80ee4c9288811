/// The YAML block between the `---` lines at the top of a Markdown file.
public struct FrontMatter: Equatable, Sendable {
  /// The YAML text, lines joined with LF.
  public var yaml: String
  /// The file line number of the first YAML line (the line after the opening `---`).
  public var firstLine: Int

  /// What the top of a Markdown file holds.
  public enum Split: Equatable, Sendable {
    case frontMatter(FrontMatter)
    /// The file does not start with `---`.
    case none
    /// The opening `---` has no closing line.
    case unclosed
  }

  /// Splits front matter from normalised text (LF line endings, no byte-order mark).
  public static func split(_ text: String) -> Split {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard let first = lines.first, isDelimiter(first, closing: false) else { return .none }
    lines.removeFirst()
    guard let end = lines.firstIndex(where: { isDelimiter($0, closing: true) }) else { return .unclosed }
    let yaml = lines[..<end].joined(separator: "\n")
    return .frontMatter(FrontMatter(yaml: yaml, firstLine: 2))
  }

  private static func isDelimiter(_ line: Substring, closing: Bool) -> Bool {
    var trimmed = line
    while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
    return trimmed == "---" || (closing && trimmed == "...")
  }
}

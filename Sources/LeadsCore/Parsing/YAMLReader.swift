import Yams

/// A YAML value with the position it was written at (in the file, not in the YAML block).
public indirect enum YAMLNode: Sendable {
  case scalar(String, isPlain: Bool, SourcePosition)
  case mapping([(key: YAMLNode, value: YAMLNode)], SourcePosition)
  case sequence([YAMLNode], SourcePosition)

  public var position: SourcePosition {
    switch self {
    case .scalar(_, _, let position), .mapping(_, let position), .sequence(_, let position):
      return position
    }
  }

  /// Whether this is YAML's null: an empty or `~`/`null` plain scalar.
  public var isNull: Bool {
    if case .scalar(let text, true, _) = self { return ["", "~", "null", "Null", "NULL"].contains(text) }
    return false
  }

  /// The text of a scalar, or nil.
  public var scalarText: String? {
    if case .scalar(let text, _, _) = self { return text }
    return nil
  }

  /// A word for the kind of value, for messages like "expected a list, found a mapping".
  public var typeName: String {
    switch self {
    case .scalar: return isNull ? "nothing" : "a single value"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    }
  }
}

/// Reads a YAML block with Yams, refusing what a registry never needs (anchors, aliases, tabs for indentation)
/// and turning every parser error into a message with a file position.
public enum YAMLReader {
  /// A YAML problem at a position in the file.
  public struct Problem: Error, Equatable, Sendable {
    public var message: String
    public var position: SourcePosition
  }

  /// Parses `yaml`, whose first line is line `firstLine` of the file. Returns nil for an empty document.
  public static func parse(_ yaml: String, firstLine: Int) -> Result<YAMLNode?, Problem> {
    let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
    func filePosition(line: Int, column: Int) -> SourcePosition {
      SourcePosition(line: max(1, line) + firstLine - 1, column: max(1, column))
    }
    if let tab = firstIndentationTab(lines) {
      return .failure(
        Problem(
          message: "tab character in indentation; YAML indents with spaces only",
          position: filePosition(line: tab.line, column: tab.column)))
    }
    if let found = firstAnchorOrAlias(lines) {
      let what = found.isAlias ? "an alias ('*')" : "an anchor ('&')"
      return .failure(
        Problem(
          message: "\(what) is not allowed in lead files; write the value out, or quote it if it is text",
          position: filePosition(line: found.line, column: found.column)))
    }
    let root: Node?
    do {
      // Scalars are read as text (the registry's own parser gives them meaning), so no implicit tags are
      // resolved: Yams would otherwise run its regular expressions on every key for the duplicate check.
      // The encoding is explicit because the default one reads the whole process environment on every call.
      root = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
    } catch let error as YamlError {
      return .failure(problem(from: error, lines: lines, position: filePosition))
    } catch {
      return .failure(
        Problem(message: "YAML could not be read: \(error)", position: filePosition(line: 1, column: 1)))
    }
    guard let root else { return .success(nil) }
    if let anchored = firstAnchoredNode(root) {
      return .failure(
        Problem(
          message: "anchors and aliases are not allowed in lead files; write the value out",
          position: filePosition(line: anchored.line, column: anchored.column)))
    }
    return .success(convert(root, position: filePosition))
  }

  private static func convert(_ node: Node, position: (Int, Int) -> SourcePosition) -> YAMLNode {
    let mark = node.mark.map { position($0.line, $0.column) } ?? position(1, 1)
    switch node {
    case .scalar(let scalar):
      return .scalar(scalar.string, isPlain: scalar.style == .plain, mark)
    case .mapping(let mapping):
      return .mapping(
        mapping.map { (convert($0.key, position: position), convert($0.value, position: position)) }, mark)
    case .sequence(let sequence):
      return .sequence(sequence.map { convert($0, position: position) }, mark)
    case .alias:
      return .scalar("", isPlain: true, mark)
    }
  }

  private static func firstAnchoredNode(_ node: Node) -> (line: Int, column: Int)? {
    if node.anchor != nil { return (node.mark?.line ?? 1, node.mark?.column ?? 1) }
    switch node {
    case .mapping(let mapping):
      for (key, value) in mapping {
        if let found = firstAnchoredNode(key) ?? firstAnchoredNode(value) { return found }
      }
    case .sequence(let sequence):
      for item in sequence {
        if let found = firstAnchoredNode(item) { return found }
      }
    case .scalar, .alias: break
    }
    return nil
  }

  private static func problem(
    from error: YamlError, lines: [Substring], position: (Int, Int) -> SourcePosition
  ) -> Problem {
    switch error {
    case .scanner(let context, let libyamlMessage, let mark, _),
      .parser(let context, let libyamlMessage, let mark, _),
      .composer(let context, let libyamlMessage, let mark, _):
      let message = YAMLAdvice.readable(libyamlMessage)
      var text = "invalid YAML: \(message)"
      if let context {
        text += " (\(context.text) at line \(position(context.mark.line, context.mark.column).line))"
      }
      let line = mark.line >= 1 && mark.line <= lines.count ? lines[mark.line - 1] : ""
      if let advice = YAMLAdvice.advice(for: line, message: message) {
        text = "\(advice) (YAML: \(message))"
      }
      return Problem(message: text, position: position(mark.line, mark.column))
    case .reader(let message, let offset, _, _):
      var line = 1
      var column = 1
      if let offset {
        var seen = 0
        for (index, text) in lines.enumerated() {
          let length = text.utf8.count + 1
          if seen + length > offset {
            line = index + 1
            column =
              String(decoding: Array(text.utf8.prefix(offset - seen)), as: UTF8.self).unicodeScalars.count + 1
            break
          }
          seen += length
        }
      }
      return Problem(message: "invalid YAML: \(message)", position: position(line, column))
    case .duplicatedKeysInMapping(let duplicates, let context):
      let key = duplicates.first ?? "?"
      let first = context.mark
      if let second = secondOccurrence(ofKey: key, after: first, lines: lines) {
        return Problem(
          message:
            "duplicate key '\(key)'; it is already set on line \(position(first.line, first.column).line)",
          position: position(second.line, second.column))
      }
      return Problem(
        message: "duplicate key '\(key)'; each key may appear once",
        position: position(first.line, first.column))
    default:
      return Problem(message: "invalid YAML: \(error)", position: position(1, 1))
    }
  }

  /// Finds the repeated key Yams reports only by its first occurrence: the next line with the same key at the same column.
  private static func secondOccurrence(ofKey key: String, after first: Mark, lines: [Substring]) -> (
    line: Int, column: Int
  )? {
    guard first.line >= 1, first.line <= lines.count else { return nil }
    for index in first.line..<lines.count {
      let scalars = Array(lines[index].unicodeScalars)
      let start = first.column - 1
      guard start < scalars.count, scalars[..<start].allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
      var rest = String(String.UnicodeScalarView(scalars[start...]))
      for quote in ["\"", "'"] where rest.hasPrefix(quote + key + quote) {
        rest = key + rest.dropFirst(key.count + 2)
      }
      guard rest.hasPrefix(key) else { continue }
      let after = rest.dropFirst(key.count).drop(while: { $0 == " " })
      if after.hasPrefix(":") { return (index + 1, first.column) }
    }
    return nil
  }

  /// The first tab inside the leading whitespace of a line.
  static func firstIndentationTab(_ lines: [Substring]) -> (line: Int, column: Int)? {
    for (index, line) in lines.enumerated() {
      for (offset, scalar) in line.unicodeScalars.enumerated() {
        if scalar == "\t" { return (index + 1, offset + 1) }
        if scalar != " " { break }
      }
    }
    return nil
  }

  /// Finds an anchor (`&name`) or alias (`*name`) where YAML would start a value, without building the
  /// document: an alias bomb is refused before any expansion could happen.
  static func firstAnchorOrAlias(_ lines: [Substring]) -> (line: Int, column: Int, isAlias: Bool)? {
    var scanner = AnchorScanner()
    for (index, line) in lines.enumerated() {
      if let column = scanner.scan(Array(line.unicodeScalars)) {
        return (index + 1, column.offset + 1, column.isAlias)
      }
    }
    return nil
  }
}

/// Reads YAML lines just far enough to know where values start, carrying across lines what a value can
/// span: an open quote, flow brackets, a block scalar's body.
struct AnchorScanner {
  private var blockScalarIndent: Int?
  private var quote: Unicode.Scalar?
  private var flowDepth = 0

  /// The offset of the first anchor or alias that starts a value on this line, if any.
  mutating func scan(_ scalars: [Unicode.Scalar]) -> (offset: Int, isAlias: Bool)? {
    let indent = scalars.prefix(while: { $0 == " " }).count
    if let parent = blockScalarIndent {
      if indent == scalars.count || indent > parent { return nil }
      blockScalarIndent = nil
    }
    var cursor = quote == nil ? indent : 0
    var atValueStart = quote == nil
    while cursor < scalars.count {
      if quote != nil {
        skipQuoted(scalars, &cursor)
        continue
      }
      let character = scalars[cursor]
      if character == " " {
        cursor += 1
        continue
      }
      let next: Unicode.Scalar? = cursor + 1 < scalars.count ? scalars[cursor + 1] : nil
      if character == "#", cursor == 0 || scalars[cursor - 1] == " " { return nil }
      if atValueStart {
        switch startOfValue(scalars, indent: indent, &cursor) {
        case .anchor(let isAlias): return (cursor, isAlias)
        case .consumed: continue
        case .plain: atValueStart = false
        }
      }
      atValueStart = punctuation(character, next: next)
      cursor += 1
    }
    return nil
  }

  private enum ValueStart {
    case anchor(isAlias: Bool)
    /// The cursor moved past an indicator; the value has not started yet (or is a quoted or block scalar).
    case consumed
    /// A plain value starts here.
    case plain
  }

  /// What the character at the cursor means where a value may start.
  private mutating func startOfValue(_ scalars: [Unicode.Scalar], indent: Int, _ cursor: inout Int)
    -> ValueStart
  {
    let character = scalars[cursor]
    let next: Unicode.Scalar? = cursor + 1 < scalars.count ? scalars[cursor + 1] : nil
    let nextIsBlank = next == nil || next == " "
    switch character {
    case "&", "*":
      return nextIsBlank ? .plain : .anchor(isAlias: character == "*")
    case "\"", "'":
      quote = character
      cursor += 1
      return .consumed
    case "|", ">":
      blockScalarIndent = indent
      cursor = scalars.count
      return .consumed
    case "-", "?":
      guard nextIsBlank else { return .plain }
      cursor += 1
      return .consumed
    case "[", "{":
      flowDepth += 1
      cursor += 1
      return .consumed
    case "!":
      // A tag: the value follows it.
      while cursor < scalars.count, scalars[cursor] != " " { cursor += 1 }
      return .consumed
    default:
      return .plain
    }
  }

  /// Moves past one character of a quoted scalar, closing the quote where it ends.
  private mutating func skipQuoted(_ scalars: [Unicode.Scalar], _ cursor: inout Int) {
    let character = scalars[cursor]
    if character == quote {
      if quote == "'", cursor + 1 < scalars.count, scalars[cursor + 1] == "'" {
        cursor += 2
        return
      }
      quote = nil
    } else if quote == "\"", character == "\\" {
      cursor += 1
    }
    cursor += 1
  }

  /// Tracks flow brackets; true when the character makes the next one a value's start.
  private mutating func punctuation(_ character: Unicode.Scalar, next: Unicode.Scalar?) -> Bool {
    let nextIsBlank = next == nil || next == " "
    switch character {
    case ":" where nextIsBlank || (flowDepth > 0 && next == ","):
      return true
    case "," where flowDepth > 0:
      return true
    case "[" where flowDepth > 0, "{" where flowDepth > 0:
      flowDepth += 1
      return true
    case "]" where flowDepth > 0, "}" where flowDepth > 0:
      flowDepth -= 1
      return false
    default:
      return false
    }
  }
}

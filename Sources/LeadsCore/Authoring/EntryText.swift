/// Writes and edits lead files as text, changing only the lines an edit needs.
public enum EntryText {
  /// A YAML scalar that parses back to exactly `value`: plain only when it is plainly a string (letters,
  /// digits and `_ . / - @ +`, starting with a letter or `/`, and not a YAML word like `yes` or `null`);
  /// otherwise single-quoted, which keeps every character but the quote itself (doubled).
  public static func scalar(_ value: String) -> String {
    guard needsQuotes(value) else { return value }
    return "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
  }

  static func needsQuotes(_ value: String) -> Bool {
    guard let first = value.unicodeScalars.first, first.isASCII,
      first.properties.isAlphabetic || first == "/"
    else { return true }
    let plain = value.unicodeScalars.allSatisfy { scalar in
      scalar.isASCII
        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
          || "_./-@+".unicodeScalars.contains(scalar))
    }
    let words = ["true", "false", "yes", "no", "y", "n", "on", "off", "null"]
    return !plain || words.contains(value.lowercased())
  }

  public static func list(_ values: [String]) -> String {
    "[" + values.map(scalar).joined(separator: ", ") + "]"
  }

  /// A new service, initiative or person file.
  public static func newEntry(
    kind: EntryKind, title: String?, fields: [(key: String, value: String)], body: String
  ) -> String {
    var lines = ["---", "kind: \(kind.rawValue)"]
    if let title { lines.append("title: \(scalar(title))") }
    lines += fields.map { "\($0.key): \($0.value)" }
    lines += ["---", body]
    return lines.joined(separator: "\n") + "\n"
  }

  /// Sets top-level keys of a file's front matter: each key's line (and the lines of a block value under it) is
  /// replaced in place, or added before the closing `---`. Everything else, line endings and a byte-order mark
  /// included, is kept.
  public static func setting(_ values: [(key: String, value: String?)], in text: String) -> String? {
    let bom = text.hasPrefix("\u{FEFF}") ? "\u{FEFF}" : ""
    let newline = text.contains("\r\n") ? "\r\n" : "\n"
    var lines = String(text.dropFirst(bom.count)).replacingOccurrences(of: "\r\n", with: "\n")
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
      var closing = lines.indices.dropFirst().first(where: {
        lines[$0].trimmingCharacters(in: .whitespaces) == "---"
      })
    else { return nil }
    for (key, value) in values {
      let start = (1..<closing).first { lines[$0].hasPrefix(key + ":") }
      if let start {
        var end = start + 1
        var comments: [String] = []
        while end < closing, let first = lines[end].first, first == " " || first == "-" || first == "\t" {
          // Comment lines inside the old value stay, below the new one; so do comments at the end of a block
          // list's items, each on its own line naming the item it was written on.
          let trimmed = lines[end].trimmingCharacters(in: .whitespaces)
          if trimmed.hasPrefix("#") {
            comments.append(lines[end])
          } else if trimmed.hasPrefix("-"), let comment = inlineComment(of: lines[end]) {
            let item = trimmed.dropFirst().dropLast(comment.count).trimmingCharacters(in: .whitespaces)
            let indent = String(lines[end].prefix { $0 == " " || $0 == "\t" })
            comments.append(
              "\(indent.isEmpty ? "  " : indent)# \(item): \(comment.dropFirst().trimmingCharacters(in: .whitespaces))"
            )
          }
          end += 1
        }
        // A comment at the end of the key's line stays at the end of it.
        let comment = inlineComment(of: lines[start]).map { " " + $0 } ?? ""
        let replacement = value.map { ["\(key): \($0)\(comment)"] + comments } ?? []
        lines.replaceSubrange(start..<end, with: replacement)
        closing += replacement.count - (end - start)
      } else if let value {
        lines.insert("\(key): \(value)", at: closing)
        closing += 1
      }
    }
    return bom + lines.joined(separator: newline)
  }

  /// The `# comment` at the end of a YAML line (outside quotes), if any.
  static func inlineComment(of line: String) -> String? {
    var quote: Character?
    var previous: Character = " "
    for index in line.indices {
      let character = line[index]
      if let open = quote {
        if character == open { quote = nil }
      } else if character == "'" || character == "\"" {
        quote = character
      } else if character == "#", previous == " " || previous == "\t" {
        return String(line[index...])
      }
      previous = character
    }
    return nil
  }

  /// The file with a line in its body starting with `prefix` replaced by `line`, or `line` appended.
  public static func settingBodyLine(prefix: String, to line: String, in text: String) -> String {
    let newline = text.contains("\r\n") ? "\r\n" : "\n"
    var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(
      separator: "\n", omittingEmptySubsequences: false
    )
    .map(String.init)
    let closing =
      lines.indices.dropFirst().first { lines[$0].trimmingCharacters(in: .whitespaces) == "---" } ?? 0
    if let existing = lines.indices.first(where: { $0 > closing && lines[$0].hasPrefix(prefix) }) {
      lines[existing] = line
    } else {
      if lines.last == "" { lines.removeLast() }
      lines.append(line)
      lines.append("")
    }
    return lines.joined(separator: newline)
  }
}

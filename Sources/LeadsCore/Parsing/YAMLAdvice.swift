import Foundation

/// What to type instead, for the YAML mistakes people coming from CODEOWNERS and plain text make: the
/// parser's own words ("found character that cannot start any token") name no fix.
enum YAMLAdvice {
  /// Advice for a syntax error on `line` (the source line the parser stopped on), or nil when none applies.
  static func advice(for line: Substring, message: String) -> String? {
    if line.first == "\t" || line.drop(while: { $0 == " " }).first == "\t" {
      return "YAML is indented with spaces, never tabs: replace the tabs at the start of the line with spaces"
    }
    guard let (key, value) = keyAndValue(line) else { return nil }
    let quoted = "\(shown(key)): '\(shown(value).replacingOccurrences(of: "'", with: "''"))'"
    switch value.first {
    case "@", "`", "%", "|", ">", "!", "&", "*":
      return "a value starting with '\(value.first!)' must be quoted: \(quoted)"
    case "[":
      return
        "a value starting with '[' is read as a YAML list: for text, quote it (\(quoted)); a list is written [a, b]"
    case "{":
      return
        "a value starting with '{' is read as a YAML mapping: for text, quote it (\(quoted)); a list is written [a, b]"
    default: break
    }
    if value.contains(": ") || value.hasSuffix(":") {
      return "a value containing ': ' must be quoted: \(quoted)"
    }
    if value.contains(" #") {
      return "' #' starts a comment in YAML: quote the value to keep it: \(quoted)"
    }
    _ = message
    return nil
  }

  /// The parser's message in the user's terms where it names the parser's own API instead.
  static func readable(_ message: String) -> String {
    if message.hasPrefix("Maximum nesting level reached") {
      return "values nested too deeply (a lead file's values are one or two levels deep)"
    }
    return message
  }

  /// How much of a key or value the advice repeats: a line of thousands of characters (a value nested
  /// two thousand deep, say) is shown by its start and an ellipsis, so that the message stays one line a
  /// person reads.
  static let shownCharacters = 60

  static func shown(_ text: String) -> String {
    text.count > shownCharacters ? String(text.prefix(shownCharacters)) + "…" : text
  }

  /// `key` and `value` of a `key: value` line (a list item's `- ` and indentation skipped).
  static func keyAndValue(_ line: Substring) -> (key: String, value: String)? {
    var text = line.drop { $0 == " " }
    if text.hasPrefix("- ") { text = text.dropFirst(2).drop { $0 == " " } }
    guard let colon = text.range(of: ": ") else { return nil }
    let key = text[..<colon.lowerBound].trimmingCharacters(in: .whitespaces)
    let value = text[colon.upperBound...].trimmingCharacters(in: .whitespaces)
    guard !key.isEmpty, !value.isEmpty, !key.contains(" ") else { return nil }
    return (key, value)
  }
}

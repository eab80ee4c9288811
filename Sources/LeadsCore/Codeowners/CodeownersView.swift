/// The CODEOWNERS file as the forge will read it once `leads codeowners --write` has run: the hand-written
/// lines and the generated block together, in file order. `who`, `coverage` and `codeowners-shadowed` answer
/// from it, because the forge routes reviews by the whole file, not by the registry's lines alone.
public struct CodeownersView: Sendable {
  /// Every rule of the file, in order, with its line; generated rules carry the entry they come from.
  public let rules: [CodeownersRule]
  public let routing: CodeownersRouting
  /// Whether the file has lines a person wrote (outside the generated block).
  public var hasHandWrittenRules: Bool { rules.contains { $0.entry == nil } }

  /// The file the registry and its CODEOWNERS make. A file whose block cannot be replaced is read as the
  /// generated lines alone (lint reports why it cannot be updated).
  public init(registry: Registry, flavor: CodeownersFlavor? = nil) {
    let flavor = flavor ?? registry.config.codeownersFlavor
    let generated = CodeownersGenerator.rules(for: registry)
    guard let existing = registry.codeowners?.content,
      case .success(let bytes) = CodeownersFile.updated(existing, rules: generated, flavor: flavor)
    else {
      self.init(rules: CodeownersView.numbered(generated, flavor: flavor))
      return
    }
    let text = String(decoding: bytes, as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let begin = lines.firstIndex { CodeownersFile.isBeginMarker($0.utf8) }.map { $0 + 1 } ?? 0
    let end = lines.firstIndex { CodeownersFile.isEndMarker($0.utf8) }.map { $0 + 1 } ?? 0
    var next = generated.makeIterator()
    let rules = CodeownersParser.parse(text, flavor: flavor).map { rule -> CodeownersRule in
      guard rule.line > begin, rule.line < end, let source = next.next() else { return rule }
      var generatedRule = rule
      generatedRule.entry = source.entry
      return generatedRule
    }
    self.init(rules: rules)
  }

  /// A view of exactly these rules (a file read as it is, with nothing generated).
  public init(rules: [CodeownersRule]) {
    self.rules = rules
    routing = CodeownersRouting(rules)
  }

  /// The generated rules with the lines they get in a file that holds only the block.
  static func numbered(_ rules: [CodeownersRule], flavor: CodeownersFlavor) -> [CodeownersRule] {
    var line = 1  // the begin marker
    var section: String?
    return rules.map { rule in
      var numbered = rule
      if flavor == .gitlab, rule.section != section {
        section = rule.section
        line += 1  // the section header
      } else if flavor == .github {
        numbered.section = nil
      }
      line += 1
      numbered.line = line
      return numbered
    }
  }
}

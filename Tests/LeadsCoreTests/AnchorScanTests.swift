import Testing
import Yams

@testable import LeadsCore

/// The pre-scan that refuses anchors and aliases before Yams builds anything must see exactly what Yams sees:
/// missing one lets an alias bomb through, and a false alarm refuses a valid file.
struct AnchorScanTests {
  /// Every front matter the rule examples hold, and texts written to sit on the scanner's edges.
  static let documents: [String] = {
    var documents: [String] = []
    for rule in RuleCatalog.all {
      for example in rule.passing + rule.failing {
        for file in example.files where file.path.hasSuffix(".md") {
          let clean = file.content.replacingOccurrences(of: String(RuleExample.marker), with: "")
          if case .frontMatter(let frontMatter) = FrontMatter.split(clean) {
            documents.append(frontMatter.yaml)
          }
        }
      }
    }
    return documents + [
      "a: &anchor 1\nb: *anchor\n", "a: 'x & y'\nb: \"*not an alias\"\n", "a: |\n  &literal\n  *text\nb: 1\n",
      "list: [&one 1, *one]\n", "map: {a: &x 1, b: *x}\n", "a: x&y\nb: x*y\n", "# &comment\na: 1\n",
      "a: >\n  folded *text\n", "- &item a\n- *item\n", "a:\n  - b: &deep {c: 1}\n  - *deep\n",
      "url: http://example.com/#&x\n", "key &: value\n", "a: 1 # *comment\n", "? &k complex\n: value\n",
      "a: !!str &tagged value\n", "a: \"multi\n  line &x\"\n", "a: 'it''s &x'\n",
    ]
  }()

  /// Whether Yams finds an anchor or an alias: a node carrying an anchor, or an alias it cannot resolve.
  static func yamsSeesAnchor(_ yaml: String) -> Bool? {
    do {
      // Nodes hold their anchors weakly; the parser owns them, so it must outlive the look.
      let parser = try Parser(yaml: yaml)
      return try withExtendedLifetime(parser) {
        guard let node = try parser.singleRoot() else { return false }
        return hasAnchor(node)
      }
    } catch {
      let text = "\(error)"
      return text.contains("alias") || text.contains("anchor") ? true : nil
    }
  }

  static func hasAnchor(_ node: Node) -> Bool {
    if node.anchor != nil { return true }
    switch node {
    case .mapping(let mapping): return mapping.contains { hasAnchor($0.key) || hasAnchor($0.value) }
    case .sequence(let sequence): return sequence.contains(where: hasAnchor)
    default: return false
    }
  }

  @Test(arguments: documents.indices)
  func preScanAgreesWithYams(_ index: Int) {
    let yaml = AnchorScanTests.documents[index]
    // A text that is not YAML at all has nothing to agree on.
    guard let yams = AnchorScanTests.yamsSeesAnchor(yaml) else { return }
    let scan = YAMLReader.firstAnchorOrAlias(yaml.split(separator: "\n", omittingEmptySubsequences: false))
    #expect((scan != nil) == yams, "\(yaml)")
  }

  @Test func theFixturesIncludeBothAnswers() {
    let answers = AnchorScanTests.documents.compactMap(AnchorScanTests.yamsSeesAnchor)
    #expect(answers.contains(true) && answers.contains(false))
  }
}

/// SARIF 2.1.0, as read by GitHub code scanning and other static-analysis viewers.
public struct SARIFReporter: Sendable {
  struct Log: Encodable {
    let schema = "https://json.schemastore.org/sarif-2.1.0.json"
    let version = "2.1.0"
    let runs: [Run]

    enum CodingKeys: String, CodingKey {
      case schema = "$schema"
      case version, runs
    }
  }

  struct Run: Encodable {
    let tool: Tool
    let invocations: [Invocation]
    let columnKind = "unicodeCodePoints"
    let results: [Result]
  }

  /// The run itself: what it could not see goes into its notifications, which viewers show with the results.
  struct Invocation: Encodable {
    let executionSuccessful = true
    let toolExecutionNotifications: [Notification]
  }

  struct Notification: Encodable {
    let level: String
    let message: Text
    let descriptor: Descriptor
  }

  struct Descriptor: Encodable {
    let id: String
  }

  struct Tool: Encodable {
    let driver: Driver
  }

  struct Driver: Encodable {
    let name = "leads"
    let semanticVersion = leadsVersion
    let rules: [Rule]
  }

  struct Rule: Encodable {
    let id: String
    let name: String
    let shortDescription: Text
    let fullDescription: Text
    let help: Text
    let defaultConfiguration: Configuration
  }

  struct Configuration: Encodable {
    let level: String
  }

  struct Text: Encodable {
    let text: String
  }

  struct Result: Encodable {
    let ruleId: String
    let ruleIndex: Int?
    let level: String
    let message: Text
    let locations: [Location]
    /// Stays the same while the finding does (see `FindingIdentity`), so that code scanning tracks it.
    let partialFingerprints: [String: String]
    /// `new` or `unchanged` against `--new-since`'s merge base; absent without one.
    let baselineState: String?
  }

  struct Location: Encodable {
    let physicalLocation: PhysicalLocation
  }

  struct PhysicalLocation: Encodable {
    let artifactLocation: ArtifactLocation
    let region: Region
  }

  struct ArtifactLocation: Encodable {
    let uri: String
    let uriBaseId: String?
  }

  struct Region: Encodable {
    let startLine: Int
    let startColumn: Int
  }

  public init() {}

  public func render(_ report: LintReport) -> String {
    let rules = report.rules.map { rule in
      Rule(
        id: rule.id.rawValue, name: SARIFReporter.pascalCase(rule.id.rawValue),
        shortDescription: Text(text: rule.summary),
        fullDescription: Text(text: rule.rationale),
        help: Text(text: "\(rule.summary) Run `leads rules \(rule.id)` for examples."),
        defaultConfiguration: Configuration(level: SARIFReporter.level(rule.defaultSeverity)))
    }
    let fingerprints = report.fingerprints
    let results = report.diagnostics.enumerated().map { index, diagnostic in
      Result(
        ruleId: diagnostic.rule.rawValue, ruleIndex: report.rules.firstIndex { $0.id == diagnostic.rule },
        level: SARIFReporter.level(diagnostic.severity), message: Text(text: diagnostic.message),
        locations: [
          Location(
            physicalLocation: PhysicalLocation(
              artifactLocation: ArtifactLocation(
                uri: SARIFReporter.uri(diagnostic.path), uriBaseId: "SRCROOT"),
              region: Region(startLine: diagnostic.line, startColumn: diagnostic.column)))
        ],
        partialFingerprints: [SARIFReporter.fingerprintKey: fingerprints[index]],
        baselineState: report.baseline.map { $0.existing[index] ? "unchanged" : "new" })
    }
    let notifications = report.notes.map { note in
      Notification(level: "warning", message: Text(text: note), descriptor: Descriptor(id: "history"))
    }
    return encodeJSON(
      Log(runs: [
        Run(
          tool: Tool(driver: Driver(rules: rules)),
          invocations: [Invocation(toolExecutionNotifications: notifications)], results: results)
      ]))
  }

  /// The `partialFingerprints` key leads's fingerprints go under; the version changes if their recipe does.
  public static let fingerprintKey = "leadsFinding/v1"

  static func level(_ severity: Severity) -> String {
    severity.rawValue
  }

  /// A relative URI reference: every byte outside RFC 3986's unreserved set and `/` is percent-encoded.
  static func uri(_ path: String) -> String {
    var result = ""
    for byte in path.utf8 {
      let scalar = Unicode.Scalar(byte)
      if Identifier.isAlphanumeric(scalar) || "-._~/".unicodeScalars.contains(scalar) {
        result.unicodeScalars.append(scalar)
      } else {
        result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
      }
    }
    return result
  }

  static func pascalCase(_ id: String) -> String {
    id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }
}

/// Reads `registry/leads.yml`, the registry-wide settings.
public enum ConfigParser {
  /// Parses the decoded config text; unknown keys and bad values become findings and keep their defaults.
  public static func parse(text: String, path: String) -> (config: RegistryConfig, findings: [Finding]) {
    var config = RegistryConfig()
    config.path = path
    let root: YAMLNode
    switch YAMLReader.parse(text, firstLine: 1) {
    case .failure(let problem):
      return (
        config,
        [Finding(rule: .yamlSyntax, message: problem.message, path: path, position: problem.position)]
      )
    case .success(nil):
      return (config, [])
    case .success(let node?):
      root = node
    }
    guard case .mapping(let mapping, _) = root else {
      return (
        config,
        [
          Finding(
            rule: .schema, message: "the config must be a mapping of keys, found \(root.typeName)",
            path: path,
            position: root.position)
        ]
      )
    }
    var reader = MappingReader(path: path)
    reader.load(mapping)
    reader.reportUnknownKeys(allowed: ConfigSchema.keys.map(\.key), describe: { _ in nil })
    if let version = reader.string("version"), version.value != "1" {
      reader.report(.schema, "'version' must be 1, found '\(version.value)'", at: version.position)
    }
    readThresholds(&reader, into: &config)
    readCodeowners(&reader, into: &config)
    readCoverage(&reader, into: &config)
    readSeverities(&reader, into: &config)
    return (config, reader.findings)
  }

  private static func readThresholds(_ reader: inout MappingReader, into config: inout RegistryConfig) {
    config.staleAfter = reader.period("stale_after")?.value ?? config.staleAfter
    config.forgottenAfter = reader.period("forgotten_after")?.value ?? config.forgottenAfter
    config.rotateAfter = reader.period("rotate_after")?.value ?? config.rotateAfter
    config.rotationNotice = reader.period("rotation_notice")?.value ?? config.rotationNotice
    config.maxPosts = reader.integer("max_posts", in: 1...1000) ?? config.maxPosts
    config.bots = reader.list("bots").map { $0.value.lowercased() }
    if var silo = nested(&reader, "silo", keys: ["window", "share", "min_commits"]) {
      config.siloWindow = silo.period("window")?.value ?? config.siloWindow
      config.siloShare = silo.integer("share", in: 1...100) ?? config.siloShare
      config.siloMinCommits = silo.integer("min_commits", in: 1...1_000_000) ?? config.siloMinCommits
      reader.findings += silo.findings
    }
  }

  private static func readCodeowners(_ reader: inout MappingReader, into config: inout RegistryConfig) {
    guard
      var codeowners = nested(
        &reader, "codeowners", keys: ["file", "flavor", "team_handles", "registry_review"])
    else {
      return
    }
    config.codeownersFile = codeowners.string("file")?.value
    if let position = codeowners.value("file")?.position { config.positions["codeowners.file"] = position }
    config.codeownersFlavor =
      codeowners.choice("flavor", of: CodeownersFlavor.self)?.value ?? config.codeownersFlavor
    for (key, setting) in [
      ("team_handles", \RegistryConfig.codeownersTeamHandles),
      ("registry_review", \RegistryConfig.codeownersRegistryReview),
    ] {
      guard let written = codeowners.string(key) else { continue }
      switch written.value {
      case "true", "yes": config[keyPath: setting] = true
      case "false", "no": config[keyPath: setting] = false
      default:
        codeowners.report(
          .schema, "'\(key)' must be true or false, found '\(written.value)'", at: written.position)
      }
    }
    reader.findings += codeowners.findings
  }

  private static func readCoverage(_ reader: inout MappingReader, into config: inout RegistryConfig) {
    guard var coverage = nested(&reader, "coverage", keys: ["minimum", "baseline"]) else { return }
    config.coverageMinimum = coverage.integer("minimum", in: 0...100)
    config.coverageBaseline = coverage.string("baseline")?.value
    for key in ["minimum", "baseline"] {
      if let position = coverage.value(key)?.position { config.positions["coverage." + key] = position }
    }
    reader.findings += coverage.findings
  }

  private static func readSeverities(_ reader: inout MappingReader, into config: inout RegistryConfig) {
    if case .mapping(let pairs, _)? = reader.value("rules") {
      let ids = RuleCatalog.all.map(\.id.rawValue)
      for (key, value) in pairs {
        guard let id = key.scalarText.flatMap(RuleID.init(rawValue:)) else {
          reader.report(
            .unknownKey,
            "unknown rule '\(key.scalarText ?? "?")'\(Suggestions.hint(for: key.scalarText ?? "", in: ids))",
            at: key.position)
          continue
        }
        let levels = Severity.allCases.map(\.rawValue) + ["off"]
        guard let level = value.scalarText, levels.contains(level) else {
          reader.report(
            .schema,
            "severity of '\(id)' must be one of \(levels.joined(separator: ", ")), found '\(value.scalarText ?? value.typeName)'",
            at: value.position)
          continue
        }
        config.severities[id] = .some(Severity(rawValue: level))
      }
    } else if let rules = reader.value("rules"), !rules.isNull {
      reader.report(
        .schema, "'rules' must be a mapping of rule id to severity, found \(rules.typeName)",
        at: rules.position)
    }
  }

  private static func nested(_ reader: inout MappingReader, _ key: String, keys: [String]) -> MappingReader? {
    guard let node = reader.value(key), !node.isNull else { return nil }
    guard case .mapping(let pairs, _) = node else {
      reader.report(
        .schema, "'\(key)' must be a mapping with \(keys.joined(separator: ", ")), found \(node.typeName)",
        at: node.position)
      return nil
    }
    var inner = MappingReader(path: reader.path)
    inner.load(pairs)
    inner.reportUnknownKeys(allowed: keys, describe: { _ in nil })
    return inner
  }
}

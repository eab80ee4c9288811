/// One file found under the registry folder, as the shell read it.
public struct RegistryFile: Sendable {
  /// What could be read.
  public enum Content: Sendable {
    case bytes([UInt8])
    /// Larger than `SourceText.maximumByteCount`; not read.
    case tooLarge(byteCount: Int)
    /// A symbolic link whose target lies outside the repository; not followed.
    case symlinkOutside(target: String)
    /// The shell could not read it, with the reason.
    case unreadable(String)
  }

  /// Path relative to the repository root.
  public var path: String
  public var content: Content

  public init(path: String, content: Content) {
    self.path = path
    self.content = content
  }
}

/// The CODEOWNERS file the registry generates, as it is now.
public struct CodeownersInput: Sendable {
  /// Path relative to the repository root.
  public var path: String
  /// Its bytes, or nil when it does not exist.
  public var content: [UInt8]?

  public init(path: String, content: [UInt8]?) {
    self.path = path
    self.content = content
  }
}

/// What the linter reads: the registry's files, the repository's tracked files, and CODEOWNERS.
public struct LintInput: Sendable {
  public var files: [RegistryFile]
  public var trackedFiles: PathTable
  /// The registry folder, relative to the repository root.
  public var registryFolder: String
  /// The CODEOWNERS file where the config says or where GitHub looks first; nil when none exists.
  public var codeowners: CodeownersInput?
  /// The lines of the coverage baseline file the config names, when it exists.
  public var coverageBaseline: [String]?
  /// The config file as already parsed by whoever built the input (to find CODEOWNERS and the baseline), so
  /// that it is parsed once.
  public var parsedConfig: (config: RegistryConfig, findings: [Finding])?

  public init(
    files: [RegistryFile], trackedFiles: PathTable, registryFolder: String = "registry",
    codeowners: CodeownersInput? = nil
  ) {
    self.files = files
    self.trackedFiles = trackedFiles
    self.registryFolder = registryFolder
    self.codeowners = codeowners
  }

  /// The path of the config file.
  public var configPath: String { registryFolder + "/" + RegistryConfig.fileName }
}

/// The outcome of a lint run.
public struct LintResult: Sendable {
  public var registry: Registry
  /// What history said, when it was read.
  public var history: HistoryFacts?
  /// Findings, in report order, at their configured severities.
  public var diagnostics: [Diagnostic]
  /// How many registry files were read (entries, documentation and config).
  public var filesChecked: Int

  /// The highest severity found, if any.
  public var worstSeverity: Severity? { diagnostics.map(\.severity).max() }
}

/// Reads every registry file and runs every static rule. Pure: the shell hands it bytes and file lists.
public enum Linter {
  /// Adds the history rules' findings (after waivers) to a static result.
  public static func addingHistory(_ history: HistoryFacts, to result: LintResult) -> LintResult {
    var result = result
    result.diagnostics += diagnostics(
      historyFindings(HistoryContext(registry: result.registry, history: history)),
      config: result.registry.config)
    result.diagnostics.sort(by: Diagnostic.reportOrder)
    result.history = history
    return result
  }

  /// The registry as its files say, with what reading them found (file rules only: no registry-wide rule
  /// runs). What `who`, `coverage`, `codeowners`, import, authoring and the report start from.
  public struct Reading: Sendable {
    public var registry: Registry
    /// Findings of the file rules, before severities.
    var findings: [Finding]
    /// How many registry files were read.
    public var filesChecked: Int

    /// Registry files that yielded no entry because of an error (they are left out of every view).
    public var filesLeftOut: [String] {
      let entries = Set(registry.entries.map(\.file))
      let config = registry.config.path
      var seen = Set<String>()
      return findings.filter { finding in
        finding.path != config && !entries.contains(finding.path)
          && (RuleCatalog.description(of: finding.rule)?.defaultSeverity == .error)
      }.map(\.path).filter { seen.insert($0).inserted }.sorted()
    }
  }

  /// What reading one registry file gave.
  private enum FileOutcome: Sendable {
    case unreadable(Finding)
    case config(String)
    case entry(EntryParser.Outcome)
  }

  /// Reads every registry file once: entries, the config, and the file rules' findings.
  public static func read(_ input: LintInput) -> Reading {
    var findings: [Finding] = []
    var entries: [Entry] = []
    var config = RegistryConfig()
    config.path = input.configPath
    let files = input.files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    // Each entry file parsed on its own (side by side); the config is read after, in this thread.
    let configPath = input.configPath
    let outcomes = Concurrently.map(files.count) { index -> FileOutcome in
      switch read(files[index]) {
      case .failure(let problem):
        return .unreadable(
          Finding(
            rule: .unreadableFile, message: problem.message, path: files[index].path,
            position: problem.position))
      case .success(let text):
        guard files[index].path != configPath else { return .config(text) }
        return .entry(EntryParser.parse(text: text, path: files[index].path))
      }
    }
    for (file, outcome) in zip(files, outcomes) {
      switch outcome {
      case .unreadable(let finding):
        findings.append(finding)
      case .config(let text):
        let result = input.parsedConfig ?? ConfigParser.parse(text: text, path: file.path)
        config = result.config
        findings += result.findings
      case .entry(let parsed):
        if let entry = parsed.entry { entries.append(entry) }
        findings += parsed.findings
      }
    }
    var registry = Registry(entries: entries, config: config, files: TrackedFiles(input.trackedFiles))
    registry.codeowners = input.codeowners
    registry.coverageBaseline = input.coverageBaseline
    return Reading(registry: registry, findings: findings, filesChecked: files.count)
  }

  /// The registry rules' verdict on a reading: what `lint(_:)` gives without history or date.
  public static func checked(_ reading: Reading) -> LintResult {
    result(of: reading, findings: reading.findings + registryFindings(reading.registry), history: nil)
  }

  /// Reads and checks the registry. With `history`, also runs every rule that reads history or the date, as of
  /// `history.now`; with `today` alone, the rules that need only the registry and the date (`departed-lead`,
  /// `forced-lead`, the team rules), as the pre-commit hook does. Waivers apply to both.
  public static func lint(_ input: LintInput, today: CalendarDate? = nil, history: HistoryFacts? = nil)
    -> LintResult
  {
    let reading = read(input)
    let registry = reading.registry
    var findings = reading.findings
    findings += registryFindings(registry)
    if let history {
      findings += historyFindings(HistoryContext(registry: registry, history: history))
    } else if let today {
      let undated = HistoryFacts(now: today, windowStart: today, hasCommits: false)
      findings += historyFindings(HistoryContext(registry: registry, history: undated), needing: .today)
    }
    return result(of: reading, findings: findings, history: history)
  }

  /// The result of linting `reading` with these findings: severities and waivers applied, the real problem
  /// first.
  private static func result(of reading: Reading, findings: [Finding], history: HistoryFacts?) -> LintResult {
    LintResult(
      registry: reading.registry, history: history,
      diagnostics: realProblemFirst(
        diagnostics(findings, config: reading.registry.config), registry: reading.registry),
      filesChecked: reading.filesChecked)
  }

  /// The registry rules' findings, in the catalog's order (the rules run side by side).
  static func registryFindings(_ registry: Registry) -> [Finding] {
    let rules = RuleCatalog.registryRules
    return Concurrently.map(rules.count) { index in
      rules[index].init().check(registry).map { Finding($0, of: rules[index].description.id) }
    }.flatMap { $0 }
  }

  /// CODEOWNERS is generated from the registry, so while a registry file has an error the drift it causes
  /// is a consequence, not the problem: it is left out until the registry is fixed, and the error in the
  /// registry is what the author reads.
  static func realProblemFirst(_ diagnostics: [Diagnostic], registry: Registry) -> [Diagnostic] {
    let folder = registry.config.path.split(separator: "/").dropLast().joined(separator: "/") + "/"
    let broken = diagnostics.contains { $0.severity == .error && $0.path.hasPrefix(folder) }
    guard broken else { return diagnostics }
    return diagnostics.filter {
      !($0.rule == .codeownersDrift && $0.message.contains(CodeownersDriftRule.outOfDate))
    }
  }

  /// Findings at their configured severities (a rule turned off drops out), in report order.
  static func diagnostics(_ findings: [Finding], config: RegistryConfig) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for finding in findings {
      guard let description = RuleCatalog.description(of: finding.rule),
        let severity = config.severity(for: description)
      else { continue }
      diagnostics.append(
        Diagnostic(
          rule: finding.rule, severity: severity, message: finding.message, path: finding.path,
          position: finding.position, entry: finding.entry, data: finding.data))
    }
    return diagnostics.sorted(by: Diagnostic.reportOrder)
  }

  /// Runs the history rules; a waiver silences its rule on its post or team until its date, then the finding says it expired.
  static func historyFindings(_ context: HistoryContext, needing needs: RuleNeeds = .history)
    -> [Finding]
  {
    // Posts and teams carry waivers; a finding names the entry it belongs to.
    let waivable = Dictionary(
      context.registry.entries.filter { $0.isPost || $0.kind == .team }.map { ($0.id.value, $0) },
      uniquingKeysWith: { first, _ in first })
    var findings: [Finding] = []
    let rules = RuleCatalog.historyRules.filter { $0.description.needs <= needs }
    let found = Concurrently.map(rules.count) { rules[$0].init().check(context) }
    for (rule, ruleFindings) in zip(rules, found) {
      let id = rule.description.id
      for finding in ruleFindings {
        var found = Finding(finding, of: id)
        if let waiver = finding.entry.flatMap({ waivable[$0] })?.waivers.first(where: { $0.rule.value == id }
        ) {
          if context.now <= waiver.until.value { continue }
          found.message += " (waiver expired on \(waiver.until.value): \(waiver.reason))"
        }
        findings.append(found)
      }
    }
    return findings
  }

  private static func read(_ file: RegistryFile) -> Result<String, SourceText.Problem> {
    switch file.content {
    case .bytes(let bytes):
      return SourceText.decode(bytes)
    case .tooLarge(let count):
      return .failure(
        SourceText.Problem(message: SourceText.tooLargeMessage(byteCount: count), position: .start))
    case .symlinkOutside(let target):
      return .failure(
        SourceText.Problem(
          message:
            "symbolic link to '\(OwnerReference.visible(target))', outside the repository or into .git/; it is not followed. Commit the file itself",
          position: .start))
    case .unreadable(let reason):
      return .failure(SourceText.Problem(message: "cannot read the file: \(reason)", position: .start))
    }
  }
}

/// What the registry means for the repository's CODEOWNERS: the file as it should be, or why it cannot be
/// written now. Shared by `leads codeowners` and the authoring commands that keep the file current.
public enum CodeownersUpdate: Sendable {
  /// The registry has errors that would change the generated lines (an entry that could not be read loses
  /// its lines): nothing should be written until they are fixed.
  case blocked(errors: [Diagnostic])
  /// The file's generated block cannot be found or replaced safely.
  case unusable(path: String, problem: CodeownersFile.Problem)
  /// The file as it should be.
  case ready(Plan)

  public struct Plan: Sendable {
    public let path: String
    /// The file now, nil when it does not exist.
    public let current: [UInt8]?
    public let expected: [UInt8]
    public let ruleCount: Int

    /// The file routes as the registry says: exactly the expected bytes, or them as an older leads wrote
    /// them (an END line without its checksum), which `--write` brings up to date but nothing reports.
    public var isUpToDate: Bool {
      guard let current else { return false }
      return current == expected || current == CodeownersFile.withoutChecksum(expected)
    }

    /// The file is byte for byte what `--write` would write.
    public var isCurrent: Bool { current == expected }

    /// A unified diff from the file now to the file as it should be, which `git apply` takes.
    public var diff: String {
      UnifiedDiff.render(
        old: String(decoding: current ?? [], as: UTF8.self), new: String(decoding: expected, as: UTF8.self),
        oldName: current == nil ? "/dev/null" : "a/\(path)", newName: "b/\(path)")
    }
  }

  /// The update a lint result implies for `codeowners` (the file the config names or GitHub reads). With
  /// `despiteErrors`, errors do not block it (to show what would be written). A block edited by hand is
  /// unusable, so that nothing writes over the edit, unless `overwritingHandEdits`.
  public init(
    _ result: LintResult, codeowners: CodeownersInput, flavor: CodeownersFlavor? = nil,
    despiteErrors: Bool = false, overwritingHandEdits: Bool = false
  ) {
    let errors = CodeownersGenerator.errorsChangingLines(result.diagnostics)
    guard errors.isEmpty || despiteErrors else {
      self = .blocked(errors: errors)
      return
    }
    let rules = CodeownersGenerator.rules(for: result.registry)
    switch CodeownersFile.updated(
      codeowners.content, rules: rules, flavor: flavor ?? result.registry.config.codeownersFlavor)
    {
    case .success(let bytes):
      if !overwritingHandEdits, let current = codeowners.content, current != bytes,
        let edited = CodeownersFile.handEdit(current)
      {
        self = .unusable(
          path: codeowners.path,
          problem: CodeownersFile.Problem(
            message: CodeownersDriftRule.handEditMessage(codeowners.path, edited), line: edited.lowerBound))
        return
      }
      self = .ready(
        Plan(path: codeowners.path, current: codeowners.content, expected: bytes, ruleCount: rules.count))
    case .failure(let problem):
      self = .unusable(path: codeowners.path, problem: problem)
    }
  }
}
